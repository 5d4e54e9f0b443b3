"""What the budget-table reader returns, and the units, price bases and konto codes it reads.

Nothing here knows the layout of a table (see jobbook.ingest.lexicon, rows and reader).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jobbook.data.konto import normalise_konto_code

# --- konto codes -------------------------------------------------------------------------------

def normalise_function_code(raw: str) -> str:
    """The canonical form ``5.57.71`` of a funktion printed on a row (``05.57.71``, ``055771``, ...)."""
    return normalise_konto_code(raw, funktion_only=True)


# --- units ---------------------------------------------------------------------------------------

UNIT_CODES = ("dkk", "dkk_1000", "dkk_mio", "persons")
_FACTOR = {"dkk": 1.0, "dkk_1000": 1_000.0, "dkk_mio": 1_000_000.0}


@dataclass(frozen=True)
class Unit:
    code: str  # "dkk" | "dkk_1000" | "dkk_mio" | "persons"
    printed: str  # as found: "Hele kroner", "1.000 kr.", "mio. kr.", "helårspersoner", ...
    line: int | None  # where it was stated (None when given by the caller)

    def __post_init__(self) -> None:
        if self.code not in UNIT_CODES:
            raise ValueError(f"unknown unit code {self.code!r}; expected one of {', '.join(UNIT_CODES)}")

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


def find_unit_statements(text: str) -> list[tuple[str, str]]:
    """Every unit stated in ``text``: (code, printed) in order; amounts such as "2,5 mio. kr." are skipped."""
    found: list[tuple[int, str, str]] = []
    taken: list[tuple[int, int]] = []
    for code, pattern in _UNIT_PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            states_number = code == "dkk_1000" and match.group(0).lstrip().startswith("1")
            if not states_number and _AMOUNT_BEFORE.search(text[:start]):
                continue
            found.append((start, code, " ".join(match.group(0).split())))
    return [(code, printed) for _, code, printed in sorted(found)]


_ANTAL = re.compile(r"^(?:faktisk\s+)?antal$", re.I)


def strip_unit_phrases(text: str) -> str:
    """``text`` without its unit phrases, except "(Faktisk) antal", which is also a column word."""
    for _, pattern in _UNIT_PATTERNS:
        text = pattern.sub(lambda m: m.group(0) if _ANTAL.match(m.group(0)) else " ", text)
    return text


def parse_unit(text: str) -> Unit | None:
    """The unit stated in ``text`` ("kr.", "1.000 kr.", "mio. kr.", "personer", "helårspersoner", ...).

    Case-insensitive. Also accepts the codes themselves ("dkk_1000"). None when ``text`` states
    no unit; a ValueError when it states two different ones.
    """
    stripped = " ".join(str(text).split())
    if stripped.casefold() in UNIT_CODES:
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


def strip_price_basis(text: str) -> str:
    return _PRICE_BASIS.sub(" ", text)


# --- results -----------------------------------------------------------------------------------

BASIS_CODES = ("actual", "budget", "corrected_budget", "forecast")


@dataclass(frozen=True)
class Column:
    basis_code: str  # "actual" | "budget" | "corrected_budget" | "forecast"
    year: int
    label: str  # the header as printed, whitespace normalised, e.g. "Faktisk antal 2020"


@dataclass(frozen=True)
class TableRow:
    line: int  # 1-based line number in the input where the row starts
    konto_codes: tuple[str, ...]  # canonical codes ("5.57.71"), empty when the row has none
    name_printed: str  # the name as printed, wrapped lines joined, codes removed
    values: tuple[float | None, ...]  # one per Column, in the table's unit; None only for an empty cell
    is_total: bool  # "I alt", "Indtægter i alt", "Total", ... (from the printed label only)
    section: str | None = None  # the section heading printed above the row, if any


@dataclass
class ReadTable:
    unit: Unit
    kind: str  # "account" | "recipients": from the unit, never from how codes are written
    columns: list[Column]
    rows: list[TableRow]  # data rows and total rows in document order (totals flagged)
    price_basis: str | None  # e.g. "2009-priser" when printed
    heading: str | None = None  # the line printed above the header, if any
    header_line: int | None = None  # where the column header starts


@dataclass(frozen=True)
class Problem:
    line: int | None
    message: str  # English: what was found and what was expected

    def format(self) -> str:
        return f"line {self.line}: {self.message}" if self.line is not None else self.message


class TableRefused(Exception):
    """The table cannot be read without guessing; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(p.format() for p in self.problems))


@dataclass
class Collected:
    """Statements of unit and price basis found around a table, with their lines."""

    units: list[tuple[int | None, str, str]] = field(default_factory=list)  # (line, code, printed)
    prices: list[tuple[int, str]] = field(default_factory=list)
