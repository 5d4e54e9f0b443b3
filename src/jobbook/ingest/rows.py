"""The rows of one table: names, wrapped names, section headings, totals and amounts, read line by
line as the table's :class:`~jobbook.ingest.layout.Layout` says."""

from __future__ import annotations

from dataclasses import dataclass, field

from jobbook.ingest.layout import Layout
from jobbook.ingest.lexicon import (
    continues_on_next_line,
    is_total_label,
    join_wrapped,
    split_codes,
    starts_lower,
    starts_with_code,
)
from jobbook.ingest.lines import (
    END_OF_TABLE,
    Line,
    announces_columns,
    is_letters_row,
    is_prose,
    is_table_header,
    is_unit_line,
    trailing_amounts,
)
from jobbook.ingest.model import INHABITANTS, Problem, TableRow, find_table_class, quote
from jobbook.ingest.numbers import AmbiguousFigures, FigureError, amount_value, foreign_digit, is_cell_amount
from jobbook.ingest.sums import decide_by_total


@dataclass
class Split:
    name: str
    tokens: list[str | None]  # amount tokens in printed order; None for an empty cell
    problem: str | None = None
    readings: list[list[str]] | None = None  # the cuts of an ambiguous line, for the printed total to decide


def split_line(line: Line, layout: Layout) -> Split:
    """A line's name and its amounts (the figures the layout finds on it, for the caller to count)."""
    n, cell_map = layout.n, layout.cell_map
    if line.cells is None:
        try:
            name, amounts = layout.split_text(line.text, line.spaced)
        except AmbiguousFigures as error:
            problem = f"the row '{quote(line.text)}': {error}"
            return Split(error.name, list(error.readings[0]), problem, error.readings) if error.readings \
                else Split("", [], problem)
        except FigureError as error:
            return Split("", [], f"the row '{quote(line.text)}': {error}")
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
        return Split("", [], f"the cell '{quote(bad[0])}' stands where an amount is expected")
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
    readings: list[list[tuple[float | None, bool]]] | None = None  # undecided cuts (values of each)
    problem: Problem | None = None  # why the row is refused if the printed total does not decide


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
    _, amounts = trailing_amounts(line)
    return not amounts and is_prose(line.text)


def ends_table(line: Line) -> bool:
    """An end marker ("Kilde:", "Note"), the next table's header, prose or an over-long line."""
    return line.answer("ends table", _ends_table)


def _ends_table(line: Line) -> bool:
    return (line.overlong or END_OF_TABLE.match(line.text) is not None or is_table_header(line)
            or _ends_in_prose(line) or announces_columns(line))


def _is_unfinished_row(text: str) -> bool:
    return starts_with_code(text) or is_total_label(text)


class BodyReader:
    """Reads rows until an end marker ("Kilde:", "Note", "Anm."), the next table or prose.

    Rules: a row's amounts are on the last line of its name, or on lines of their own right after
    it. Text lines without amounts before a row are a wrapped name when the earlier line ends in a
    hyphen, comma, slash, '&' or connective word, or the later line starts in lower case; otherwise
    the earlier line is a section heading. A line starting with a konto code always starts a row.
    A lower-case line without amounts right after a row continues that row's name. In a table
    with the amounts first, the name follows its amounts and wraps onto the lines after them.
    Lines that only state a unit or price level, and rows of column letters, are set aside.
    """

    def __init__(self, layout: Layout):
        self.layout = layout
        self.slots = layout.slots
        self.n = layout.n
        self.cell_map = layout.cell_map
        self.rows: list[_Row] = []
        self.problems: list[Problem] = []
        self.unit_lines: list[Line] = []
        self.end_index: int | None = None
        self._pending: list[Line] = []
        self._stack: _Stack | None = None
        self._section: str | None = None
        self._tail_ok = False
        self._undecided: tuple[list[list[str]], str] | None = None

    def read(self, lines: list[Line], start: int) -> None:
        for index in range(start, len(lines)):
            line = lines[index]
            if ends_table(line) or len(self._pending) >= MAX_PENDING:
                self.end_index = index
                break
            if is_unit_line(line) or is_letters_row(line):
                self.unit_lines.append(line)
                continue
            digit = foreign_digit(line.text)
            if digit:
                self.problems.append(Problem(line.no, f"the line '{quote(line.text)}' prints digits of another "
                                                      f"script ({digit}); only 0-9 are read"))
                continue
            following = lines[index + 1] if index + 1 < len(lines) else None
            self._line(line, following)
        self._finish()

    def _line(self, line: Line, following: Line | None) -> None:
        split = split_line(line, self.layout)
        self._undecided = (split.readings, split.problem) if split.readings and split.problem else None
        if split.problem and not self._undecided:
            self._close_stack()
            self.problems.append(Problem(line.no, split.problem))
            return
        amounts = list(split.tokens)
        if not split.name and amounts:
            self._amounts_only(line, amounts)
            return
        self._close_stack()
        tail_ok, self._tail_ok = self._tail_ok, False
        if self.layout.order == "amounts-first":
            self._amounts_first(line, split.name, amounts, tail_ok)
            return
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
            self.problems.append(Problem(line.no, f"the row '{quote(split.name)}' has {len(amounts)} amount(s) but "
                                                  f"the table has {self.n} figure column(s) ({self._labels()}); "
                                                  "amounts are never shifted between columns"))
            self._pending = []
            return
        if not self._pending and starts_lower(split.name):
            self.problems.append(Problem(line.no, f"the row name '{quote(split.name)}' starts in lower case and no "
                                                  "name is pending above it; cannot tell which row it belongs to"))
            return
        chain = self._take_chain(Line(line.no, split.name, None))
        self._add_row(chain, amounts, line.no)

    def _amounts_first(self, line: Line, name: str, amounts: list[str | None], tail_ok: bool) -> None:
        """A line of a table that prints the amounts before the name."""
        if not amounts:
            if tail_ok and not self._pending and not starts_with_code(name) and (
                    starts_lower(name) or continues_on_next_line(self.rows[-1].name)):
                self.rows[-1].name = join_wrapped(self.rows[-1].name, name)
                self._tail_ok = True
            elif name:
                self._pending.append(Line(line.no, name, None))
            return
        if len(amounts) != self.n:
            self.problems.append(Problem(line.no, f"the row '{quote(name)}' has {len(amounts)} amount(s) before "
                                                  f"its name but the table has {self.n} figure column(s) "
                                                  f"({self._labels()})"))
            return
        if self._pending:
            self._section = self._pending[-1].text
            self._pending = []
        self._add_row([Line(line.no, name, None)], amounts, line.no)

    def _amounts_only(self, line: Line, amounts: list[str | None]) -> None:
        if self._stack is None:
            if not self._pending:
                self.problems.append(Problem(line.no, f"amounts {quote(' '.join(a or '' for a in amounts))} stand on a "
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
            self.problems.append(Problem(stack.chain[0].no, f"the row '{quote(stack.chain[0].text)}' is followed by "
                                                            f"{len(stack.tokens)} amounts on lines "
                                                            f"{stack.lines[0]}-{stack.lines[-1]}, but the table "
                                                            f"has {self.n} figure column(s)"))

    def _close_stack(self) -> None:
        if self._stack is not None:
            stack, self._stack = self._stack, None
            self.problems.append(Problem(stack.chain[0].no, f"the row '{quote(stack.chain[0].text)}' has "
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
                self.problems.append(Problem(heading.no, f"the row '{quote(heading.text)}' has no amounts; expected "
                                                         f"{self.n} ({self._labels()})"))
        if pending:
            self._section = pending[-1].text
        return chain

    def _add_row(self, chain: list[Line], tokens: list[str | None], last_line: int) -> None:
        text = chain[0].text
        for more in chain[1:]:
            text = join_wrapped(text, more.text)
        try:
            values = values_of(tokens)
        except FigureError as error:
            self.problems.append(Problem(last_line, str(error)))
            return
        _, bare = split_codes(text)
        kind = find_table_class(bare, ("per_inhabitant", "per_recipient"))
        if INHABITANTS.match(bare) or kind:
            what = kind[1] if kind else "a count of inhabitants"
            self.problems.append(Problem(chain[0].no, f"the row '{quote(text)}' gives {what}, not an amount or a "
                                                      "count of recipients; copy the table without it"))
            return
        for slot, (_, percent) in zip(self.slots, values, strict=True):
            if percent and slot.kind == "year":
                self.problems.append(Problem(last_line, f"a percentage stands in the column '{slot.label}'"))
        row = _Row(chain[0].no, text, values, self._section)
        if self._undecided is not None:
            readings, row.problem = self._undecided[0], Problem(last_line, self._undecided[1])
            try:
                row.readings = [values_of(list(reading)) for reading in readings]
            except FigureError:
                row.readings = None
        self._undecided = None
        self.rows.append(row)
        self._tail_ok = True

    def _finish(self) -> None:
        self._close_stack()
        self._decide_by_total()
        for line in self._pending:
            if _is_unfinished_row(line.text):
                self.problems.append(Problem(line.no, f"the row '{quote(line.text)}' has no amounts; expected "
                                                      f"{self.n} ({self._labels()})"))
        self._pending = []

    def _decide_by_total(self) -> None:
        """Evidence 3 for space-grouped figures the line alone does not decide: the one cut of every
        undecided row for which each column of the rows above the table's last total line sums to
        that total (see :func:`jobbook.ingest.sums.decide_by_total`); otherwise each is refused."""
        if not any(row.readings or row.problem for row in self.rows):
            return
        options = [[[v for v, _ in reading] for reading in row.readings] if row.readings
                   else [[v for v, _ in row.values]] for row in self.rows]
        chosen = decide_by_total(options, [is_total_label(split_codes(row.name)[1]) for row in self.rows]) \
            if all(row.readings or not row.problem for row in self.rows) else None
        kept = []
        for i, row in enumerate(self.rows):
            if row.problem is None:
                kept.append(row)
            elif chosen is not None and row.readings:
                row.values, row.readings, row.problem = row.readings[chosen[i]], None, None
                kept.append(row)
            else:
                self.problems.append(row.problem)
        self.rows = kept

    def _labels(self) -> str:
        return ", ".join(s.label for s in self.slots)

    def table_rows(self) -> list[TableRow]:
        out = []
        for row in self.rows:
            codes, name = split_codes(row.name)
            values = tuple(v for slot, (v, _) in zip(self.slots, row.values, strict=True) if slot.kind == "year")
            out.append(TableRow(row.line, codes, name, values, is_total_label(name), row.section))
        return out
