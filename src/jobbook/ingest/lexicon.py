"""The words of a budget table: konto codes, names and their wraps, total labels and column headers.

Figures (amounts and how they are printed) are in :mod:`jobbook.ingest.numbers`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from jobbook.data.konto import KontoCodeError
from jobbook.ingest.model import Column, Problem, normalise_function_code, strip_price_basis, strip_unit_phrases

# --- konto codes and names ---------------------------------------------------------------------

_CODE = r"(?<![\d.])(?:0?\d\.\d{2}\.\d{2}|0?\d{5})(?![\d]|\.\d)"
LEADING_CODES = re.compile(rf"^\s*({_CODE}(?:\s*(?:&|,|/|\bog\b)\s*{_CODE})*)(?=\s|$|[,:;])[\s,:;]*(.*)$")
_ONE_CODE = re.compile(_CODE)
_BULLET = re.compile(r"^\s*[•·▪*]\s+")


def split_codes(name: str) -> tuple[tuple[str, ...], str]:
    """Konto codes printed at the start of a row name, canonical, and the rest of the name."""
    name = _BULLET.sub("", name)
    match = LEADING_CODES.match(name)
    if match is None:
        return (), name.strip()
    codes = []
    for raw in _ONE_CODE.findall(match.group(1)):
        try:
            codes.append(normalise_function_code(raw))
        except KontoCodeError:
            return (), name.strip()
    return tuple(codes), match.group(2).strip()


def starts_with_code(text: str) -> bool:
    return LEADING_CODES.match(_BULLET.sub("", text)) is not None


_TOTAL = re.compile(r"^(?:i\s*alt\b|total[t]?\b|subtotal\b|hovedtotal\b|sum\b)|\bi\s*alt[.:]?$", re.I)


def is_total_label(name: str) -> bool:
    return bool(_TOTAL.search(name.strip()))


_CONNECTIVES = {"og", "eller", "samt", "til", "for", "af", "i", "med", "på", "ved", "fra", "under", "over",
                "inkl.", "ekskl.", "mod", "om", "uden", "efter"}


def continues_on_next_line(text: str) -> bool:
    """A name line that cannot end there: a hyphen, comma, slash, ampersand, connective or open bracket."""
    stripped = text.rstrip()
    if not stripped:
        return False
    last = stripped.split()[-1].casefold()
    return (stripped[-1] in "-,/&(" or last in _CONNECTIVES or stripped.count("(") > stripped.count(")"))


def starts_lower(text: str) -> bool:
    first = text.lstrip()[:1]
    return first.isalpha() and first.islower()


_CONJUNCTIONS = ("og ", "eller ", "samt ", "og/")


def join_wrapped(first: str, second: str) -> str:
    """Join a name wrapped onto the next line; a hyphen before a lower-case word joins the word."""
    first, second = first.rstrip(), second.strip()
    if (first.endswith("-") and len(first) > 1 and first[-2].isalpha() and starts_lower(second)
            and not second.casefold().startswith(_CONJUNCTIONS)):
        return first[:-1] + second
    return f"{first} {second}".strip()


# --- column headers ----------------------------------------------------------------------------

_BASIS = {"regnskab": "actual", "faktisk": "actual", "budget": "budget", "budgetforslag": "budget",
          "prognose": "forecast", "overslag": "forecast", "budgetoverslag": "forecast",
          "overslagsår": "forecast", "budgetoverslagsår": "forecast"}
_MODIFIERS = {"korrigeret": "corrected_budget", "forventet": "forecast", "oprindeligt": "budget",
              "oprindelig": "budget", "vedtaget": "budget", "vedtagne": "budget"}
# (modifier, basis word) -> basis; "Faktisk antal" keeps "actual"
_COMBINED = {("korrigeret", "budget"): "corrected_budget", ("forventet", "regnskab"): "forecast",
             ("oprindeligt", "budget"): "budget", ("oprindelig", "budget"): "budget",
             ("vedtaget", "budget"): "budget", ("vedtagne", "budget"): "budget",
             ("faktisk", "regnskab"): "actual", ("faktisk", "antal"): "actual"}
_ABBREVIATIONS = {"r": "actual", "b": "budget", "kb": "corrected_budget", "bo": "forecast"}
_ABBREVIATION = re.compile(r"^(?:R|B|KB|BO\d?)$", re.I)
_FUSED = re.compile(r"^(R|B|KB|BO\d?)[ -]?((?:19|20)\d\d)$", re.I)
_YEAR = re.compile(r"^((?:19|20)\d\d)$")
EXTRA_WORDS = {"afvigelse", "afv.", "difference", "diff.", "forskel", "ændring", "ændr.", "%", "pct.", "pct",
               "procent", "indeks", "index"}
SPLIT_WORDS = {"udgifter", "indtægter", "udgift", "indtægt", "netto"}
NAME_WORDS = {"konto", "kontonr.", "kontonr", "kontonummer", "funktion", "funktion/kategori", "kategori", "tekst",
              "område", "bevilling", "bevillingsområde", "art", "navn", "ydelse", "ydelser", "målgruppe",
              "hovedkonto", "hovedfunktion", "politikområde", "aktivitet", "nr.", "nr", "beskrivelse",
              "funktion/område", "område/funktion", "gruppe", "ydelsesgruppe", "modtagergruppe", "dranst"}
FILLER = {"i", "og", "-", "\u2013", "|", ":", "beløb", "antal", "kr.", "kr", "beløb:", "*"}
# How a column is computed from the lettered columns ("C-B", "D=C/B"): header words, never a column of its own
_LETTER_FORMULA = re.compile(r"^(?:[A-Z]=)?[A-Z](?:[-+/*\u2212\u2013][A-Z])+$")


@lru_cache(maxsize=4096)
def header_tokens(text: str) -> tuple[str, ...]:
    """The words of a header line, without unit and price-basis phrases, brackets and footnote marks."""
    text = strip_unit_phrases(strip_price_basis(text)).replace("|", " ").replace("\t", " ")
    tokens = []
    for raw in text.split():
        token = raw.strip("()[]*¹²³,;")
        if token:
            tokens.append(token)
    return tuple(tokens)


def _is_header_word(tokens: list[str], i: int) -> bool:
    low = tokens[i].casefold()
    if _LETTER_FORMULA.match(tokens[i]):
        return True
    if low in _BASIS or low in _MODIFIERS or low in EXTRA_WORDS or low in SPLIT_WORDS:
        return True
    if low in NAME_WORDS or low in FILLER or _YEAR.match(low) or _FUSED.match(tokens[i]):
        return True
    return bool(_ABBREVIATION.match(low)) and i + 1 < len(tokens) and bool(_YEAR.match(tokens[i + 1]))


def is_header_line(text: str) -> bool:
    """Every word is header vocabulary (bases, years, name-column words, unit phrases) and there is one."""
    tokens = header_tokens(text)
    if not tokens:
        return any(ch.isalnum() for ch in text)
    return all(_is_header_word(tokens, i) for i in range(len(tokens)))


def names_year(text: str) -> bool:
    return any(_YEAR.match(t) or _FUSED.match(t) for t in header_tokens(text))


@dataclass
class Slot:
    """One figure column of a header: a year column (basis and year) or an extra column (dropped)."""

    kind: str  # "year" | "extra"
    line: int
    words: list[str] = field(default_factory=list)
    basis: str | None = None
    year: int | None = None

    @property
    def label(self) -> str:
        return " ".join(self.words)

    def column(self) -> Column:
        return Column(self.basis or "", self.year or 0, self.label)


class HeaderReader:
    """Reads column slots from header words, line by line, in printed order.

    Basis words open a column; years fill the open columns in order (so "Regnskab Budget" over
    "2023 2024" pairs like "Regnskab 2023 Budget 2024"); several years right after one basis on
    the same line ("Overslag 2026 2027") each make a column of that basis.
    """

    def __init__(self) -> None:
        self.slots: list[Slot] = []
        self.problems: list[Problem] = []
        self._open: list[Slot] = []
        self._prev: tuple[str, Slot | None, int] | None = None  # (kind of token, its slot, line)

    def feed(self, line: int, text: str, cells: list[str] | None = None) -> None:
        """One header line; words in different cells of a separated line never join into one label."""
        for part in cells if cells is not None else [text]:
            tokens = header_tokens(part)
            i = 0
            while i < len(tokens):
                i = self._token(line, tokens, i)
            if cells is not None:
                self._prev = ("cell", None, line)

    def _token(self, line: int, tokens: list[str], i: int) -> int:
        token, low = tokens[i], tokens[i].casefold()
        prev_kind, prev_slot, prev_line = self._prev or (None, None, None)
        fused = _FUSED.match(token)
        if fused or (_ABBREVIATION.match(low) and i + 1 < len(tokens) and _YEAR.match(tokens[i + 1])):
            abbreviation = (fused.group(1) if fused else token).casefold()
            year = int(fused.group(2) if fused else tokens[i + 1])
            words = [token] if fused else [token, tokens[i + 1]]
            basis = _ABBREVIATIONS.get(abbreviation, "forecast" if abbreviation.startswith("bo") else None)
            slot = Slot("year", line, words, basis, year)
            self.slots.append(slot)
            self._prev = ("year", slot, line)
            return i + (1 if fused else 2)
        if low in _BASIS or low in _MODIFIERS:
            combined = None
            if (prev_kind == "modifier" and prev_slot is not None and prev_slot.year is None
                    and (prev_line == line or token[:1].islower())):
                combined = _COMBINED.get((prev_slot.words[-1].casefold(), low))
            if combined:
                prev_slot.words.append(token)
                prev_slot.basis = combined
                self._prev = ("basis", prev_slot, line)
            else:
                kind = "modifier" if low in _MODIFIERS or low == "faktisk" else "basis"
                slot = Slot("year", line, [token], _MODIFIERS.get(low) or _BASIS[low])
                self.slots.append(slot)
                self._open.append(slot)
                self._prev = (kind, slot, line)
            return i + 1
        if low == "antal" and prev_kind == "modifier" and prev_slot is not None and prev_slot.year is None:
            prev_slot.words.append(token)
            self._prev = ("basis", prev_slot, line)
            return i + 1
        year = _YEAR.match(token)
        if year:
            self._year(line, token, int(year.group(1)))
            return i + 1
        if low in SPLIT_WORDS:
            self.problems.append(Problem(line, f"the header splits figures into '{token}' columns; this reader "
                                               "takes one figure per basis and year (copy the net columns)"))
            self._prev = ("other", None, line)
            return i + 1
        if low in EXTRA_WORDS:
            if low in ("%", "pct.", "pct", "procent") and prev_kind == "extra" and prev_line == line \
                    and i > 0 and tokens[i - 1].casefold() == "i":
                prev_slot.words.extend(["i", token])
            else:
                slot = Slot("extra", line, [token])
                self.slots.append(slot)
                self._prev = ("extra", slot, line)
            return i + 1
        if low not in FILLER:
            self._prev = ("other", None, line)
        return i + 1

    def _year(self, line: int, token: str, year: int) -> None:
        prev_kind, prev_slot, prev_line = self._prev or (None, None, None)
        if self._open:
            slot = self._open.pop(0)
            slot.words.append(token)
            slot.year = year
            self._prev = ("year", slot, line)
        elif prev_kind == "year" and prev_line == line and prev_slot is not None and prev_slot.line == line:
            basis_words = [w for w in prev_slot.words if not _YEAR.match(w)]
            slot = Slot("year", line, [*basis_words, token], prev_slot.basis, year)
            self.slots.append(slot)
            self._prev = ("year", slot, line)
        else:
            self.problems.append(Problem(line, f"the header names the year {year} without a basis such as "
                                               "'Regnskab', 'Budget' or 'Overslag' before it"))
            self._prev = ("other", None, line)

    def finish(self, line: int) -> list[Slot]:
        for slot in self._open:
            self.problems.append(Problem(slot.line, f"the column '{slot.label}' in the header has no year"))
        if not any(s.kind == "year" for s in self.slots) and not self.problems:
            self.problems.append(Problem(line, "the header does not name its columns: expected a basis and a "
                                               "year for each figure column, such as 'Budget 2025' or 'Regnskab 2023'"))
        return self.slots


def read_header_cell(line: int, text: str) -> tuple[list[Slot], list[Problem]]:
    reader = HeaderReader()
    reader.feed(line, text)
    for slot in reader._open:
        reader.problems.append(Problem(line, f"the column '{slot.label}' in the header has no year"))
    return reader.slots, reader.problems
