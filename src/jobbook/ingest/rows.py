"""The rows of one table: lines as the reader sees them, names, wrapped names, section headings,
totals and amounts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jobbook.ingest.lexicon import (
    Slot,
    amount_value,
    continues_on_next_line,
    is_cell_amount,
    is_header_line,
    is_total_label,
    join_wrapped,
    names_year,
    split_codes,
    split_trailing_amounts,
    starts_lower,
    starts_with_code,
)
from jobbook.ingest.model import (
    Problem,
    TableRow,
    find_price_basis,
    find_unit_statements,
    strip_price_basis,
    strip_unit_phrases,
)

END_OF_TABLE = re.compile(r"^\s*(?:(?:kilde|noter?|anmærkning(?:er)?)\b|anm\.)", re.I)
_SEPARATOR_CELL = re.compile(r"^:?-{2,}:?$")
_WORD_HYPHEN_END = re.compile(r"[^\W\d_]-$")
_UNIT_LINE_FILLER = {"beløb", "i", "alle", "er", "tal", "angivet", "anført", "opgjort", "tallene", "beløbene",
                     "og", "(", ")", ":", "-", "antal", "faktisk"}


@dataclass
class Line:
    no: int  # 1-based number of the (first) input line
    text: str  # whitespace-normalised text; a hyphen-wrapped continuation is joined on
    cells: list[str] | None  # the cells of a tab- or pipe-separated line


_EMPHASIS = re.compile(r"^(\*\*|__|\*|_)(.+)\1$")


def _cell(text: str) -> str:
    text = text.strip()
    return _EMPHASIS.sub(r"\2", text).strip()


def split_cells(raw: str) -> list[str] | None:
    if "\t" in raw:
        return [_cell(c) for c in raw.strip(" \r\n").split("\t")]
    if "|" in raw:
        body = raw.strip()
        if body.startswith("|"):
            body = body[1:]
        if body.endswith("|"):
            body = body[:-1]
        return [_cell(c) for c in body.split("|")]
    return None


def logical_lines(text: str) -> list[Line]:
    """Non-empty lines; a word hyphenated at a line end ("udlæn-" / "dinge ...") is joined."""
    out: list[Line] = []
    for number, raw in enumerate(text.replace("\u00a0", " ").splitlines(), start=1):
        if not raw.strip():
            continue
        cells = split_cells(raw)
        if cells is not None and cells and all(_SEPARATOR_CELL.match(c) for c in cells if c):
            continue  # markdown separator row
        shown = " ".join(" ".join(cells).split()) if cells is not None else " ".join(raw.split())
        if cells is None and out and out[-1].cells is None and _WORD_HYPHEN_END.search(out[-1].text) \
                and starts_lower(shown):
            out[-1].text = join_wrapped(out[-1].text, shown)  # "Faktisk an-" / "tal 2020"
            continue
        out.append(Line(number, shown, cells))
    return out


def looks_like_row(line: Line) -> bool:
    if line.cells is not None:
        return any(is_cell_amount(c) for c in line.cells[1:] if c)
    _, amounts = split_trailing_amounts(line.text)
    return bool(amounts) or starts_with_code(line.text)


def is_table_header(line: Line) -> bool:
    return is_header_line(line.text) and names_year(line.text)


def is_prose(text: str) -> bool:
    """A sentence of running text rather than a heading or a row name."""
    words = text.split()
    if len(words) >= 12:
        return True
    last = words[-1] if words else ""
    return len(words) >= 6 and last.endswith(".") and len(last) > 4 and "." not in last[:-1]


def unit_or_price_line(text: str) -> bool:
    """A line that only states a unit and/or a price basis ("Beløb i 1.000 kr.", "2009-priser")."""
    if not find_unit_statements(text) and not find_price_basis(text):
        return False
    rest = strip_unit_phrases(strip_price_basis(text)).replace("(", " ").replace(")", " ")
    return all(w.casefold().strip(".,:") in _UNIT_LINE_FILLER or not w.strip(".,:") for w in rest.split())


@dataclass
class Split:
    name: str
    tokens: list[str | None]  # amount tokens in printed order; None for an empty cell
    problem: str | None = None


def split_line(line: Line, n: int, cell_map: tuple[int, list[int]] | None) -> Split:
    """A line's name and its amounts (all amount tokens on the line, for the caller to count).

    ``cell_map`` is (cells in the header, indices of the figure cells) for a cell-separated header.
    """
    if line.cells is None:
        name, amounts = split_trailing_amounts(line.text)
        if len(amounts) > n:  # numbers ending a name ("over 55") stay in the name
            name = " ".join([name, *amounts[:-n]]).strip()
            amounts = amounts[-n:]
        return Split(name, list(amounts))
    cells = list(line.cells)
    if cell_map is not None:
        width, value_at = cell_map
        while len(cells) > width and not cells[-1]:
            cells.pop()
        if len(cells) != width:
            if not any(is_cell_amount(c) for c in cells if c):
                return Split(" ".join(c for c in cells if c), [])
            return Split("", [], f"the row has {len(cells)} cells but the header has {width}; "
                                 "cells are never shifted between columns")
        names = [c for i, c in enumerate(cells) if i not in value_at and c]
        values = [cells[i] for i in value_at]
    else:
        if len(cells) <= n:
            if not any(is_cell_amount(c) for c in cells[1:] if c):
                return Split(" ".join(c for c in cells if c), [])
            return Split("", [], f"the row has {len(cells)} cells; expected a name and {n} figure cells")
        names = [c for c in cells[:-n] if c]
        values = cells[-n:]
    bad = [v for v in values if v and not is_cell_amount(v)]
    if bad:
        if all(not is_cell_amount(v) for v in values if v) and not any(is_cell_amount(c) for c in names):
            return Split(" ".join(c for c in cells if c), [])  # a text line (heading) in cells
        return Split("", [], f"the cell '{bad[0]}' stands where an amount is expected")
    if not any(values):
        return Split(" ".join(names), [])
    return Split(" ".join(names), [v if v else None for v in values])


def values_of(tokens: list[str | None]) -> list[tuple[float | None, bool]]:
    out: list[tuple[float | None, bool]] = []
    for token in tokens:
        if token is None:
            out.append((None, False))
        else:
            amount = amount_value(token)
            out.append((amount.value, amount.percent))
    return out


# --- reading the rows of one table -----------------------------------------------------------

MAX_PENDING = 5  # this many text lines in a row without amounts: the table has ended


@dataclass
class _Row:
    line: int
    name: str
    values: list[tuple[float | None, bool]]
    section: str | None


@dataclass
class _Stack:
    """Amounts printed on lines of their own under a name."""

    chain: list[Line]
    tokens: list[str | None] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)


def _joins(previous: str, following: str) -> bool:
    """Whether a text line without amounts wraps onto the following line (else it is a heading)."""
    if starts_with_code(following):
        return False  # a konto code always starts a new row
    if starts_with_code(previous) or is_total_label(previous):
        return True  # a coded row or a total must get its amounts
    return continues_on_next_line(previous) or starts_lower(following)


def _ends_in_prose(line: Line) -> bool:
    if line.cells is not None or starts_with_code(line.text):
        return False
    _, amounts = split_trailing_amounts(line.text)
    return not amounts and is_prose(line.text)


def _is_unfinished_row(text: str) -> bool:
    return starts_with_code(text) or is_total_label(text)


class BodyReader:
    """Reads rows until an end marker ("Kilde:", "Note", "Anm."), the next table or prose.

    Rules: a row's amounts are on the last line of its name, or on lines of their own right after
    it. Text lines without amounts before a row are a wrapped name when the earlier line ends in a
    hyphen, comma, slash, '&' or connective word, or the later line starts in lower case; otherwise
    the earlier line is a section heading. A line starting with a konto code always starts a row.
    A lower-case line without amounts right after a row continues that row's name.
    """

    def __init__(self, slots: list[Slot], cell_map: tuple[int, list[int]] | None):
        self.slots = slots
        self.n = len(slots)
        self.cell_map = cell_map
        self.rows: list[_Row] = []
        self.problems: list[Problem] = []
        self.unit_lines: list[Line] = []
        self.end_index: int | None = None
        self._pending: list[Line] = []
        self._stack: _Stack | None = None
        self._section: str | None = None
        self._tail_ok = False

    def read(self, lines: list[Line], start: int) -> None:
        for index in range(start, len(lines)):
            line = lines[index]
            if END_OF_TABLE.match(line.text) or is_table_header(line) or _ends_in_prose(line):
                self.end_index = index
                break
            if len(self._pending) >= MAX_PENDING:
                self.end_index = index
                break
            if unit_or_price_line(line.text):
                self.unit_lines.append(line)
                continue
            following = lines[index + 1] if index + 1 < len(lines) else None
            self._line(line, following)
        self._finish()

    def _line(self, line: Line, following: Line | None) -> None:
        split = split_line(line, self.n, self.cell_map)
        if split.problem:
            self._close_stack()
            self.problems.append(Problem(line.no, split.problem))
            return
        amounts = list(split.tokens)
        if not split.name and amounts:
            self._amounts_only(line, amounts)
            return
        self._close_stack()
        tail_ok, self._tail_ok = self._tail_ok, False
        if not amounts:
            if tail_ok and not self._pending and starts_lower(split.name):
                self.rows[-1].name = join_wrapped(self.rows[-1].name, split.name)
                self._tail_ok = True
            elif split.name:
                self._pending.append(Line(line.no, split.name, None))
            return
        if len(amounts) < self.n:
            if following is not None and following.cells is None and starts_lower(following.text):
                self._pending.append(Line(line.no, line.text, None))  # a number inside a wrapped name
                return
            self.problems.append(Problem(line.no, f"the row '{split.name}' has {len(amounts)} amount(s) but "
                                                  f"the table has {self.n} figure column(s) ({self._labels()}); "
                                                  "amounts are never shifted between columns"))
            self._pending = []
            return
        if not self._pending and starts_lower(split.name):
            self.problems.append(Problem(line.no, f"the row name '{split.name}' starts in lower case and no "
                                                  "name is pending above it; cannot tell which row it belongs to"))
            return
        chain = self._take_chain(Line(line.no, split.name, None))
        self._add_row(chain, amounts, line.no)

    def _amounts_only(self, line: Line, amounts: list[str | None]) -> None:
        if self._stack is None:
            if not self._pending:
                self.problems.append(Problem(line.no, f"amounts {' '.join(a or '' for a in amounts)} stand on a "
                                                      "line of their own with no row name above them"))
                self._tail_ok = False
                return
            self._stack = _Stack(self._take_chain(None))
        self._stack.tokens.extend(amounts)
        self._stack.lines.append(line.no)
        if len(self._stack.tokens) == self.n:
            stack, self._stack = self._stack, None
            self._add_row(stack.chain, stack.tokens, line.no)
        elif len(self._stack.tokens) > self.n:
            stack, self._stack = self._stack, None
            self.problems.append(Problem(stack.chain[0].no, f"the row '{stack.chain[0].text}' is followed by "
                                                            f"{len(stack.tokens)} amounts on lines "
                                                            f"{stack.lines[0]}-{stack.lines[-1]}, but the table "
                                                            f"has {self.n} figure column(s)"))

    def _close_stack(self) -> None:
        if self._stack is not None:
            stack, self._stack = self._stack, None
            self.problems.append(Problem(stack.chain[0].no, f"the row '{stack.chain[0].text}' has "
                                                            f"{len(stack.tokens)} amount(s) but the table has "
                                                            f"{self.n} figure column(s) ({self._labels()})"))

    def _take_chain(self, last: Line | None) -> list[Line]:
        """The name lines of the row that ``last`` ends (None: the last pending line ends it)."""
        pending, self._pending = self._pending, []
        chain = [last] if last is not None else [pending.pop()]
        while pending and _joins(pending[-1].text, chain[0].text):
            chain.insert(0, pending.pop())
        for heading in pending:
            if _is_unfinished_row(heading.text):
                self.problems.append(Problem(heading.no, f"the row '{heading.text}' has no amounts; expected "
                                                         f"{self.n} ({self._labels()})"))
        if pending:
            self._section = pending[-1].text
        return chain

    def _add_row(self, chain: list[Line], tokens: list[str | None], last_line: int) -> None:
        text = chain[0].text
        for more in chain[1:]:
            text = join_wrapped(text, more.text)
        values = values_of(tokens)
        for slot, (_, percent) in zip(self.slots, values, strict=True):
            if percent and slot.kind == "year":
                self.problems.append(Problem(last_line, f"a percentage stands in the column '{slot.label}'"))
        self.rows.append(_Row(chain[0].no, text, values, self._section))
        self._tail_ok = True

    def _finish(self) -> None:
        self._close_stack()
        for line in self._pending:
            if _is_unfinished_row(line.text):
                self.problems.append(Problem(line.no, f"the row '{line.text}' has no amounts; expected "
                                                      f"{self.n} ({self._labels()})"))
        self._pending = []

    def _labels(self) -> str:
        return ", ".join(s.label for s in self.slots)

    def table_rows(self) -> list[TableRow]:
        out = []
        for row in self.rows:
            codes, name = split_codes(row.name)
            values = tuple(v for slot, (v, _) in zip(self.slots, row.values, strict=True) if slot.kind == "year")
            out.append(TableRow(row.line, codes, name, values, is_total_label(name), row.section))
        return out
