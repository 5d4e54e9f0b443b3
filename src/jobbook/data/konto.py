"""Konto codes of the Danish municipal chart of accounts.

The same function is written in several ways: the budget documents print ``055771`` or
``05.57.71``, the Ministry writes ``5.57.71`` and Statistics Denmark ``55771``. The book
stores one canonical form, ``hovedkonto.hovedfunktion.funktion`` without a leading zero
(``5.57.71``), and normalises every other spelling on input.
"""

from __future__ import annotations

import re

_DOTTED = re.compile(r"^0?(\d)(?:\.(\d{2}))?(?:\.(\d{2}))?$")
_UNDOTTED = re.compile(r"^0?(\d)(\d{2})(\d{2})$")

#: Human-readable description of what :func:`normalise_konto_code` accepts.
KONTO_CODE_FORMATS = "5.57.71 (also accepted: 05.57.71, 055771, 55771; 5.57 and 5 for higher levels)"


class KontoCodeError(ValueError):
    """Raised for a string that is not a konto code in any accepted spelling."""


def normalise_konto_code(raw: str, funktion_only: bool = False) -> str:
    """Return the canonical form of a konto code (``5.57.71``, ``5.57`` or ``5``).

    ``funktion_only``: accept only a funktion (three levels), as the rows of a printed budget
    table carry them; there a lone ``5`` is a number, not a hovedkonto.

    >>> normalise_konto_code("055771")
    '5.57.71'
    """
    text = str(raw).strip()
    match = _DOTTED.match(text) or _UNDOTTED.match(text)
    if match is None or (funktion_only and None in match.groups()):
        expected = "a funktion such as 5.57.71 (also 05.57.71, 055771, 55771)" if funktion_only else KONTO_CODE_FORMATS
        raise KontoCodeError(f"{raw!r} is not a konto code; expected {expected}")
    return ".".join(part for part in match.groups() if part is not None)


def konto_level(code: str) -> str:
    """The level of a canonical konto code: hovedkonto, hovedfunktion or funktion."""
    return ("hovedkonto", "hovedfunktion", "funktion")[code.count(".")]


def konto_parent(code: str) -> str | None:
    """The canonical code one level up, or None for a hovedkonto."""
    return code.rsplit(".", 1)[0] if "." in code else None
