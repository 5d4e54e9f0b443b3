"""Text from the data reaches the page as text: the one function every HTML path uses.

The book's data are edited by hand and filled by imports, so a value may hold anything: markup,
a script, a MyST directive, a spreadsheet formula. Nothing of it may run or be interpreted:

- every value the code puts into a page goes through :func:`text` (escaped HTML), and data
  never goes into Markdown or MyST: chapters and the sources page show it as HTML, and glued
  values are pasted as plain text;
- a chart's spec goes into its ``<script>`` through :func:`script_json`;
- every cell of a CSV download goes through :func:`csv_cell`.
"""

from __future__ import annotations

import html
import json
import re

#: Characters a spreadsheet reads as the start of a formula (OWASP: CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d+)*|[.,]\d+)([eE][+-]?\d+)?$")


def text(value: object) -> str:
    """``value`` as HTML text: shown exactly as written, never run or interpreted.

    Line breaks become character references too, so a value can never end an HTML block that
    a Markdown page holds (a blank line would hand the rest back to the Markdown parser).
    """
    return html.escape(str(value), quote=True).replace("\r", "&#13;").replace("\n", "&#10;")


def script_json(data: object) -> str:
    """``data`` as JSON that is safe inside a ``<script>`` element: no ``<`` at all (so no
    ``</script>`` or ``<!--`` can end or change the element), keys sorted for stable pages."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def csv_cell(value: object) -> object:
    """A cell for a CSV download that no spreadsheet runs as a formula: text starting with
    ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'``; numbers stay."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.match(value.strip()):
        return "'" + value
    return value
