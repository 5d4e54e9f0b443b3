"""What the budget-table reader returns, and the units, price bases and konto codes it reads.

Nothing here knows the layout of a table. The reader's modules by role: ``lines`` (a text's lines),
``numbers`` (figures as printed), ``lexicon`` (codes, names, header words), ``header`` (a table's
columns, unit, price levels and class), ``layout`` (where things sit, chosen once per table),
``rows`` (the rows), ``sums`` (subtotals and rows sharing a code), ``reader`` (finding the tables).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from jobbook.data.konto import normalise_konto_code

# --- konto codes -------------------------------------------------------------------------------

def normalise_function_code(raw: str) -> str:
    """The canonical form ``5.57.71`` of a funktion printed on a row (``05.57.71``, ``055771``, ...)."""
    return normalise_konto_code(raw, funktion_only=True)


# --- units ---------------------------------------------------------------------------------------

_FACTOR = {"dkk": 1.0, "dkk_1000": 1_000.0, "dkk_mio": 1_000_000.0}
#: The units a printed table is read in: the kroner units (stored in 1,000 kr.) and persons; the codes
#: are the data's (jobbook.data.fields.UNIT_CODES), of which a table of figures uses these.
READ_UNIT_CODES = (*_FACTOR, "persons")


@dataclass(frozen=True)
class Unit:
    code: str  # "dkk" | "dkk_1000" | "dkk_mio" | "persons"
    printed: str  # as found: "Hele kroner", "1.000 kr.", "mio. kr.", "helårspersoner", ...
    line: int | None  # where it was stated (None when given by the caller)

    def __post_init__(self) -> None:
        if self.code not in READ_UNIT_CODES:
            raise ValueError(f"unknown unit code {self.code!r}; expected one of {', '.join(READ_UNIT_CODES)}")

    @property
    def kind(self) -> str:
        """"amount" for the kroner units, "persons" for counts of persons."""
        return "persons" if self.code == "persons" else "amount"

    def to_dkk(self, value: float) -> float:
        """An amount in this unit as whole kroner; a ValueError for a count of persons."""
        if self.kind != "amount":
            raise ValueError(f"a count of persons ({self.printed!r}) has no value in kroner")
        return value * _FACTOR[self.code]


# Most specific first: "mio. kr." and "1.000 kr." must win over a bare "kr.".
_NUMBER_BEFORE = r"(?<![\d.,])"
UNSUPPORTED = "unsupported"
_UNIT_PATTERNS: tuple[tuple[str, re.Pattern], ...] = (
    # billions, and amounts per person or per case: stated, recognised, and refused
    (UNSUPPORTED, re.compile(r"\b(?:mia|mil?liard(?:er)?)\.?\s*(?:kr\b\.?|kroner\b)"
                             r"|\b(?:kr\b\.?|kroner\b)\s*(?:pr\.|per\b)\s*\w+", re.I)),
    ("dkk_mio", re.compile(r"\b(?:mio|mill?)\.?\s*(?:kr\b\.?|kroner\b)|\bmillioner\s+kroner\b", re.I)),
    ("dkk_1000", re.compile(
        r"(?:\bi\s+)?(?:\bhele\s+)?\btusinde?\s+(?:kroner\b|kr\b\.?)"
        rf"|{_NUMBER_BEFORE}1[.]?000\s*(?:kroner\b|kr\b\.?)|\bt\.\s?kr\b\.?|\btkr\b\.?", re.I)),
    ("dkk", re.compile(r"\bhele\s+kroner\b|\bkroner\b|\bkr\b\.?|\bDKK\b", re.I)),
    ("persons", re.compile(r"\bhelårspersoner\b|\bfuldtidspersoner\b|\bhelårsmodtagere\b|\bpersoner\b"
                           r"|(?:\bfaktisk\s+)?\bantal\b", re.I)),
)
# A unit word right after a number is an amount mentioned in prose ("989.049.000 kr."), not a unit.
_AMOUNT_BEFORE = re.compile(r"(?<![\d.,])(?!(?:19|20)\d\d\s*$)\d(?:[\d.,]*\d)?\s*$")


# Every unit pattern holds one of these words: a line without them states no unit (a quick test
# that keeps long lines cheap; the reader asks about the same line several times, hence the cache).
_UNIT_HINT = re.compile(r"kr|kron|dkk|person|modtager|antal", re.I)


@lru_cache(maxsize=4096)
def find_unit_statements(text: str) -> list[tuple[str, str]]:
    """Every unit stated in ``text``: (code, printed) in order; amounts such as "2,5 mio. kr." are skipped."""
    if not _UNIT_HINT.search(text):
        return []
    found: list[tuple[int, str, str]] = []
    taken: list[tuple[int, int]] = []
    for code, pattern in _UNIT_PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            states_number = code == "dkk_1000" and match.group(0).lstrip().startswith("1")
            # only the few characters before the unit can hold its number: a bounded look-back
            if not states_number and _AMOUNT_BEFORE.search(text[max(0, start - 40):start]):
                continue
            found.append((start, code, " ".join(match.group(0).split())))
    return [(code, printed) for _, code, printed in sorted(found)]


_ANTAL = re.compile(r"^(?:faktisk\s+)?antal$", re.I)


@lru_cache(maxsize=4096)
def strip_unit_phrases(text: str) -> str:
    """``text`` without its unit phrases, except "(Faktisk) antal", which is also a column word."""
    if not _UNIT_HINT.search(text):
        return text
    for _, pattern in _UNIT_PATTERNS:
        text = pattern.sub(lambda m: m.group(0) if _ANTAL.match(m.group(0)) else " ", text)
    return text


def parse_unit(text: str) -> Unit | None:
    """The unit stated in ``text`` ("kr.", "1.000 kr.", "mio. kr.", "personer", "helårspersoner", ...).

    Case-insensitive. Also accepts the codes themselves ("dkk_1000"). None when ``text`` states
    no unit; a ValueError when it states two different ones.
    """
    stripped = " ".join(str(text).split())
    if stripped.casefold() in READ_UNIT_CODES:
        return Unit(stripped.casefold(), stripped, None)
    statements = find_unit_statements(stripped)
    codes = {code for code, _ in statements}
    if not codes:
        return None
    if UNSUPPORTED in codes:
        printed = next(p for c, p in statements if c == UNSUPPORTED)
        raise ValueError(f"the unit {printed!r} is not supported; expected kr., 1.000 kr., mio. kr. or persons")
    if len(codes) > 1:
        raise ValueError(f"{text!r} states more than one unit: {', '.join(p for _, p in statements)}")
    return Unit(statements[0][0], statements[0][1], None)


# --- price basis -------------------------------------------------------------------------------

_PRICE_BASIS = re.compile(
    r"\b(?:19|20)\d\d-pris-?\s+og\s+lønniveau\b|\b(?:19|20)\d\d-(?:priser|prisniveau|pl|p/l)\b"
    r"|\b(?:19|20)\d\d\s+(?:priser|prisniveau)\b|\bløbende\s+priser\b|\bPL\s*(?:19|20)\d\d\b", re.I)


def find_price_basis(text: str) -> str | None:
    """A price basis printed in ``text`` ("2009-priser", "2024-pris- og lønniveau"), as printed."""
    match = _PRICE_BASIS.search(text)
    return " ".join(match.group(0).split()) if match else None


def find_price_levels(text: str) -> list[str]:
    """Every price basis printed in ``text``, in order ("2008-priser 2009-priser" gives two)."""
    return [" ".join(m.group(0).split()) for m in _PRICE_BASIS.finditer(text)]


def strip_price_basis(text: str) -> str:
    return _PRICE_BASIS.sub(" ", text)


# --- table classes: figures that are never amounts ------------------------------------------------

# A table (or a row) of kroner per inhabitant or per recipient, of percentages or of an index gives
# no amounts, whatever the order of the words ("Drift i alt pr. indbygger, hele kroner").
_PER = r"\b(?:pr\.?|per)\s*"
TABLE_CLASSES: tuple[tuple[str, str, re.Pattern], ...] = (
    ("per_inhabitant", "figures per inhabitant",
     re.compile(_PER + r"(?:[0-9.]*\s*indbyggere?|borgere?|indb\.)(?!\w)", re.I)),
    ("per_recipient", "figures per recipient",
     re.compile(_PER + r"(?:modtagere?|helårsperson(?:er)?|helårsmodtagere?|fuldtidsperson(?:er)?|person(?:er)?"
                r"|sag(?:er)?|bruger(?:e)?|deltager(?:e)?|forløb|ledige?|plads(?:er)?)(?!\w)", re.I)),
    ("percentage", "percentages",
     re.compile(r"\(\s*(?:%|pct\.?|procent)\s*\)|\bi\s+(?:%|pct\.?|procent)(?!\w)|^\s*(?:%|pct\.?|procent)\s*$"
                r"|\bandel(?:en|e)?\b|\bprocent(?:del|andel)\w*", re.I)),
    ("index", "an index", re.compile(r"\bindeks\w*|\bindex\b|=\s*100\b", re.I)),
)
# A line counting the inhabitants (the divisor of a per-inhabitant table) is never an account.
INHABITANTS = re.compile(r"^(?:antal\s+)?(?:indbyggere|indbyggertal|befolkning(?:stal)?|folketal)\b", re.I)


_CLASS_HINT = re.compile(r"pr|per|%|pct|procent|andel|indeks|index|=", re.I)  # in every class pattern


def find_table_class(text: str, classes: tuple[str, ...] | None = None) -> tuple[str, str, str] | None:
    """(code, what its figures are, the words as printed) when ``text`` says its figures are not amounts."""
    if not _CLASS_HINT.search(text):
        return None
    for code, what, pattern in TABLE_CLASSES:
        if classes is not None and code not in classes:
            continue
        match = pattern.search(text)
        if match:
            return code, what, " ".join(match.group(0).split())
    return None


# --- quoting input in messages ---------------------------------------------------------------------

QUOTE_CHARS = 200  # a message quotes at most this many characters of the input


def escape_controls(text: str) -> str:
    """``text`` with control and format characters written as escapes (``\\x1b``), safe for a terminal."""
    if text.isprintable():
        return text
    return "".join(ch.encode("unicode_escape").decode("ascii") if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")
                   else ch for ch in text)


def quote(text: str, limit: int = QUOTE_CHARS) -> str:
    """Input text as a message shows it: control characters escaped, at most ``limit`` characters (then …)."""
    shown = escape_controls(text[:limit + 1])
    return shown if len(shown) <= limit and len(text) <= limit else shown[:limit] + "…"


# --- results -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    basis_code: str  # "actual" | "budget" | "corrected_budget" | "forecast"
    year: int
    label: str  # the header as printed, whitespace normalised, e.g. "Faktisk antal 2020"
    price_level: str | None = None  # "2009-priser" when the table prints the column's price level


@dataclass(frozen=True)
class TableRow:
    line: int  # 1-based line number in the input where the row starts
    konto_codes: tuple[str, ...]  # canonical codes ("5.57.71"), empty when the row has none
    name_printed: str  # the name as printed, wrapped lines joined, codes removed
    values: tuple[float | None, ...]  # one per Column, in the table's unit; None only for an empty cell
    is_total: bool  # "I alt", "Indtægter i alt", "Total", ... (from the printed label only)
    section: str | None = None  # the section heading printed above the row, if any
    is_subtotal: bool = False  # a line without a code that equals the sum of the rows under it (checked)


@dataclass
class ReadTable:
    unit: Unit
    kind: str  # "account" | "recipients": from the unit, never from how codes are written
    columns: list[Column]
    rows: list[TableRow]  # data rows and total rows in document order (totals flagged)
    price_basis: str | None  # e.g. "2009-priser" when printed
    heading: str | None = None  # the line printed above the header, if any
    header_line: int | None = None  # where the column header starts
    layout: str = ""  # how the table was read ("read as: code, name, 2 amount columns (...), unit in heading")


@dataclass(frozen=True)
class Problem:
    line: int | None
    message: str  # English: what was found and what was expected

    def format(self) -> str:
        return f"line {self.line}: {self.message}" if self.line is not None else self.message

    def with_layout(self, layout: str) -> Problem:
        return Problem(self.line, f"{self.message} [{layout}]") if layout else self


class TableRefused(Exception):
    """The table cannot be read without guessing; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(p.format() for p in self.problems))
