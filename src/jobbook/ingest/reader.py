"""Find a budget table in text copied out of a document, and read it; or refuse with the lines
named. A PDF's pages become such text in :mod:`jobbook.ingest.pdf`.
"""

from __future__ import annotations

from dataclasses import dataclass

from jobbook.ingest.lexicon import (
    HeaderReader,
    Slot,
    is_header_line,
    join_wrapped,
    read_header_cell,
    split_trailing_amounts,
    starts_with_code,
)
from jobbook.ingest.model import (
    UNSUPPORTED,
    Problem,
    ReadTable,
    TableRefused,
    Unit,
    find_price_basis,
    find_unit_statements,
    parse_unit,
)
from jobbook.ingest.rows import (
    END_OF_TABLE,
    BodyReader,
    Line,
    is_table_header,
    logical_lines,
    looks_like_row,
    unit_or_price_line,
)

HEADING_LINES = 2  # lines above the header read for the table's heading, unit and price basis
ROWS_WITHIN = 4  # a header must be followed by a row within this many lines


@dataclass
class Candidate:
    start: int  # index of the header's first line in the logical lines
    end: int  # index after the header's last line
    heading: list[Line]  # the lines just above the header, nearest last

    def title(self) -> str:
        return self.heading[-1].text if self.heading else ""


def _rows_follow(lines: list[Line], index: int) -> bool:
    for line in lines[index:index + ROWS_WITHIN]:
        if END_OF_TABLE.match(line.text):
            return False
        if looks_like_row(line):
            return True
    return False


def _heading_above(lines: list[Line], start: int) -> list[Line]:
    heading: list[Line] = []
    for line in reversed(lines[max(0, start - HEADING_LINES):start]):
        if len(line.text.split()) >= 12 or looks_like_row(line):
            break
        heading.insert(0, line)
    return heading


def find_tables(lines: list[Line]) -> tuple[list[Candidate], list[Problem]]:
    """Header blocks followed by rows; and, when there are none, why nothing could be read."""
    candidates: list[Candidate] = []
    nameless: list[Problem] = []
    index = 0
    while index < len(lines):
        if not is_header_line(lines[index].text):
            index += 1
            continue
        end = index
        while end < len(lines) and is_header_line(lines[end].text):
            end += 1
        block = lines[index:end]
        if any(is_table_header(line) for line in block) and _rows_follow(lines, end):
            candidates.append(Candidate(index, end, _heading_above(lines, index)))
        elif end < len(lines) and looks_like_row(lines[end]):
            nameless.append(Problem(block[0].no, f"the header '{' '.join(x.text for x in block)}' does not name "
                                                 "its columns: expected a basis and a year for each figure "
                                                 "column, such as 'Budget 2025' or 'Regnskab 2023'"))
        index = end
    if candidates:
        return candidates, []
    if nameless:
        return [], nameless
    for index in range(len(lines) - 1):
        if _strong_row(lines[index]) and _strong_row(lines[index + 1]):
            return [], [Problem(lines[index].no, "rows of figures start here, but no header above them names "
                                                 "their columns (such as 'Budget 2025' or 'Regnskab 2023')")]
    return [], [Problem(None, "no table found: expected a header naming columns (such as 'Budget 2025') "
                              "followed by rows of figures")]


def _strong_row(line: Line) -> bool:
    if line.cells is not None:
        return looks_like_row(line)
    _, amounts = split_trailing_amounts(line.text)
    return len(amounts) >= 2 or (bool(amounts) and starts_with_code(line.text))


def _trim(cells: list[str]) -> list[str]:
    cells = list(cells)
    while cells and not cells[-1]:
        cells.pop()
    return cells


def read_header(block: list[Line]) -> tuple[list[Slot], tuple[int, list[int]] | None, list[Problem]]:
    """The figure slots of a header block; for a cell-separated header also the cell positions."""
    statements_only = [line for line in block if line.cells is None and unit_or_price_line(line.text)]
    block = [line for line in block if line not in statements_only] or block
    trimmed = [_trim(line.cells) for line in block if line.cells is not None]
    widths = {len(cells) for cells in trimmed}
    if len(trimmed) == len(block) and len(widths) == 1 and widths != {1}:
        width = widths.pop()
        slots: list[Slot] = []
        value_at: list[int] = []
        problems: list[Problem] = []
        for position in range(width):
            text = ""
            for cells in trimmed:
                text = join_wrapped(text, cells[position]) if cells[position] else text
            found, issues = read_header_cell(block[0].no, text)
            problems.extend(issues)
            if len(found) > 1:
                problems.append(Problem(block[0].no, f"the header cell '{text}' names {len(found)} columns"))
            elif found:
                slots.append(found[0])
                value_at.append(position)
        if not any(s.kind == "year" for s in slots) and not problems:
            problems.append(Problem(block[0].no, "the header does not name its columns: expected a basis and a year "
                                                 "for each figure column, such as 'Budget 2025'"))
        return slots, (width, value_at), problems
    reader = HeaderReader()
    for line in block:
        reader.feed(line.no, line.text, line.cells)
    slots = reader.finish(block[0].no)
    return slots, None, reader.problems


def _choose_unit(statements: list[tuple[int, str, str]], given: str | None, header_line: int) -> Unit:
    problems: list[Problem] = []
    if given is not None:
        try:
            given_unit = parse_unit(given)
        except ValueError as error:
            raise TableRefused([Problem(None, f"--unit: {error}")]) from None
        if given_unit is None:
            raise TableRefused([Problem(None, f"--unit '{given}' is not a unit; expected one of 'kr.', "
                                              "'1.000 kr.', 'mio. kr.', 'personer', 'helårspersoner'")])
    else:
        given_unit = None
    for line, code, printed in statements:
        if code == UNSUPPORTED:
            raise TableRefused([Problem(line, f"the table states the unit '{printed}', which this reader does not "
                                              "support (kr., 1.000 kr., mio. kr. or persons)")])
    first = statements[0] if statements else None
    for line, code, printed in statements[1:]:
        if code != first[1]:
            problems.append(Problem(line, f"the table states the unit '{printed}' ({code}) here but "
                                          f"'{first[2]}' ({first[1]}) on line {first[0]}"))
            break
    if first is not None and given_unit is not None and given_unit.code != first[1]:
        problems.append(Problem(first[0], f"the table states the unit '{first[2]}' ({first[1]}) but --unit "
                                          f"gives '{given_unit.printed}' ({given_unit.code})"))
    if first is None and given_unit is None:
        problems.append(Problem(header_line, "the table states no unit (no 'kr.', '1.000 kr.', 'mio. kr.', "
                                             "'personer' or 'antal' in its heading, header or own lines); "
                                             "pass --unit"))
    if problems:
        raise TableRefused(problems)
    if first is None:
        return given_unit
    return Unit(first[1], first[2], first[0])


def read_candidate(lines: list[Line], candidate: Candidate, unit: str | None) -> ReadTable:
    block = lines[candidate.start:candidate.end]
    slots, cell_map, problems = read_header(block)
    if problems:
        raise TableRefused(problems)
    body = BodyReader(slots, cell_map)
    body.read(lines, candidate.end)
    rows = body.table_rows()
    if not rows and not body.problems:
        body.problems.append(Problem(block[-1].no, "the header is followed by no rows"))
    if body.problems:
        raise TableRefused(body.problems)
    # Unit and price basis: the header first, then the heading nearest first, then lines of their own.
    sources = [*block, *reversed(candidate.heading), *body.unit_lines]
    statements = [(line.no, code, printed) for line in sources for code, printed in find_unit_statements(line.text)]
    chosen = _choose_unit(statements, unit, block[0].no)
    price = next((p for line in sources if (p := find_price_basis(line.text))), None)
    columns = [s.column() for s in slots if s.kind == "year"]
    kind = "account" if chosen.kind == "amount" else "recipients"
    return ReadTable(chosen, kind, columns, rows, price, candidate.title() or None, block[0].no)


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())


def read_table_text(text: str, unit: str | None = None, heading: str | None = None) -> ReadTable:
    """Read the one budget table in ``text`` (a whole document may be given; prose is skipped).

    ``unit`` is the unit when the table does not state it ("1.000 kr.", "personer", ...); if both
    state one they must agree. ``heading`` picks the table that follows the first line containing
    it, when the text holds several tables. Raises TableRefused with the lines named.
    """
    lines = logical_lines(text)
    candidates, problems = find_tables(lines)
    if problems:
        raise TableRefused(problems)
    if heading is not None:
        wanted = _normal(heading)
        at = next((i for i, line in enumerate(lines) if wanted in _normal(line.text)), None)
        if at is None:
            raise TableRefused([Problem(None, f"the heading '{heading}' is not in the text")])
        candidates = [c for c in candidates if c.end > at][:1]
        if not candidates:
            raise TableRefused([Problem(lines[at].no, f"no table follows the heading '{heading}'")])
    if len(candidates) > 1:
        listed = "; ".join(f"line {lines[c.start].no} '{c.title()}'" for c in candidates)
        raise TableRefused([Problem(None, f"the text holds {len(candidates)} tables ({listed}); "
                                          "pass heading= (or --heading) to pick one")])
    return read_candidate(lines, candidates[0], unit)


def describe_candidates(text: str) -> list[tuple[int, str]]:
    """(header line, heading) of every table found in ``text``; used by the PDF reader."""
    lines = logical_lines(text)
    candidates, _ = find_tables(lines)
    return [(lines[c.start].no, c.title()) for c in candidates]
