"""Text from the data reaches the page as text: the one function every HTML path uses.

The book's data are edited by hand and filled by imports, so a value may hold anything: markup,
a script, a MyST directive. Nothing of it may run or be interpreted. Every value the code puts
into a page goes through :func:`text` (escaped HTML: ``<``, ``>``, ``&`` and quotes become
entities), and data never goes into Markdown or MyST: chapters show it as HTML outputs, and
glued values are pasted as plain text.
"""

from __future__ import annotations

import html


def text(value: object) -> str:
    """``value`` as HTML text: shown exactly as written, never run or interpreted."""
    return html.escape(str(value), quote=True)
