"""Find a budget table in text copied out of a document, and read it; or refuse with the lines
named. A PDF's pages become such text in :mod:`jobbook.ingest.pdf`.

A text with several tables is refused with the tables listed (line, heading, unit; at most
LISTED_TABLES) unless ``heading`` picks one; a header with figures under it that no row reaches
is listed as a table that cannot be read, never skipped. Each table's layout is chosen once
(:mod:`jobbook.ingest.layout`) and named in its refusals.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from jobbook.ingest.header import choose_unit, class_problem, price_levels, read_header
from jobbook.ingest.layout import choose_layout, label_edges
from jobbook.ingest.lexicon import starts_with_code
from jobbook.ingest.lines import (
    END_OF_TABLE,
    MAX_LINE_CHARS,
    Line,
    announces_columns,
    is_header_part,
    is_letters_row,
    is_table_header,
    is_unit_line,
    logical_lines,
    looks_like_row,
    trailing_amounts,
)
from jobbook.ingest.model import (
    UNSUPPORTED,
    Problem,
    ReadTable,
    TableRefused,
    find_table_class,
    find_unit_statements,
    quote,
)
from jobbook.ingest.numbers import foreign_digit
from jobbook.ingest.rows import BodyReader, ends_table
from jobbook.ingest.sums import mark_subtotals

HEADING_LINES = 2  # lines above the header read for the table's heading, unit and price basis
ROWS_WITHIN = 4  # a header must be followed by a row within this many lines
FIGURES_WITHIN = 12  # a header with figures this close under it, but no row, is a table that cannot be read
LISTED_TABLES = 20  # a refusal lists at most this many tables


@dataclass
class Candidate:
    start: int  # index of the header's first line in the logical lines
    end: int  # index after the header's last line
    heading: list[Line]  # the lines just above the header, nearest last
    problem: str | None = None  # why the table cannot be read, when that is known before reading it

    def title(self) -> str:
        return self.heading[-1].text if self.heading else ""


def _rows_follow(lines: list[Line], index: int) -> bool:
    for line in lines[index:index + ROWS_WITHIN]:
        if END_OF_TABLE.match(line.text):
            return False
        if looks_like_row(line) or foreign_digit(line.text):  # digits of another script: refused when read
            return True
    return False


def _figures_follow(lines: list[Line], index: int) -> bool:
    for line in lines[index:index + FIGURES_WITHIN]:
        if END_OF_TABLE.match(line.text) or is_table_header(line):
            return False
        if _strong_row(line):
            return True
    return False


def _heading_above(lines: list[Line], start: int) -> list[Line]:
    heading: list[Line] = []
    for line in reversed(lines[max(0, start - HEADING_LINES):start]):
        if line.overlong or len(line.text.split()) >= 12 or looks_like_row(line):
            break
        heading.insert(0, line)
    return heading


def find_tables(lines: list[Line]) -> tuple[list[Candidate], list[Problem]]:
    """Header blocks followed by rows (and those with figures under them that no row reaches, as
    tables that cannot be read); and, when there are none, why nothing could be read."""
    candidates: list[Candidate] = []
    nameless: list[Problem] = []
    index = 0
    while index < len(lines):
        if not is_header_part(lines[index]):
            following = lines[index + 1] if index + 1 < len(lines) else None
            if following is not None and announces_columns(lines[index]) and looks_like_row(following):
                # a header with other words in it, rows right under it: a table, never one to skip
                candidates.append(Candidate(index, index + 1, _heading_above(lines, index)))
            index += 1
            continue
        end = index
        while end < len(lines) and is_header_part(lines[end]):
            end += 1
        block = lines[index:end]
        if any(is_table_header(line) for line in block):
            if _rows_follow(lines, end):
                candidates.append(Candidate(index, end, _heading_above(lines, index)))
            elif _figures_follow(lines, end):
                candidates.append(Candidate(index, end, _heading_above(lines, index),
                                            f"no row within {ROWS_WITHIN} lines of its header"))
        elif end < len(lines) and looks_like_row(lines[end]):
            nameless.append(Problem(block[0].no, f"the header '{quote(' '.join(x.text for x in block))}' does not "
                                                 "name its columns: expected a basis and a year for each figure "
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
    long = next((line for line in lines if line.overlong), None)
    why = (f"; line {long.no} has {long.length:,} characters, more than a table's line ({MAX_LINE_CHARS:,}), "
           "and was not read" if long else "")
    return [], [Problem(None, "no table found: expected a header naming columns (such as 'Budget 2025') "
                              f"followed by rows of figures{why}")]


def _strong_row(line: Line) -> bool:
    if line.overlong:
        return False
    if line.cells is not None:
        return looks_like_row(line)
    _, amounts = trailing_amounts(line)
    return len(amounts) >= 2 or (bool(amounts) and starts_with_code(line.text))


def _body_region(lines: list[Line], start: int) -> list[Line]:
    """The lines under a header up to where its table must end (for choosing the layout)."""
    region = []
    for line in lines[start:]:
        if ends_table(line):
            break
        if not is_unit_line(line) and not is_letters_row(line):
            region.append(line)
    return region


def _unit_place(block: list[Line], heading: list[Line], own: list[Line], given: str | None) -> str:
    for place, group in (("unit in header", block), ("unit in heading", heading), ("unit on a line of its own", own)):
        if any(find_unit_statements(line.text) for line in group):
            return place
    return "unit from --unit" if given else "no unit stated"


def read_candidate(lines: list[Line], candidate: Candidate, unit: str | None) -> ReadTable:
    """Read one table: its header, its layout (chosen once), its rows, unit, price levels and subtotals."""
    block = lines[candidate.start:candidate.end]
    for line in block:
        digit = foreign_digit(line.text)
        if digit:
            raise TableRefused([Problem(line.no, f"the header prints digits of another script ({digit}); "
                                                 "only 0-9 are read")])
    slots, cell_map, problems = read_header(block)
    if problems:
        raise TableRefused(problems)
    if candidate.problem:
        raise TableRefused([Problem(block[0].no, f"the table under this header cannot be read: {candidate.problem}")])
    region = _body_region(lines, candidate.end)
    own = [line for line in lines[candidate.end:candidate.end + len(region) + 8]
           if is_unit_line(line) or is_letters_row(line)]
    letters = next((line.no for line in [*block, *own] if is_letters_row(line)), None)
    layout = choose_layout(slots, cell_map, region, _unit_place(block, candidate.heading, own, unit), letters)
    layout.label_edges = label_edges(block, layout.n) if cell_map is None else None
    stated = [(line.no, code, printed) for line in [*block, *reversed(candidate.heading)]
              for code, printed in find_unit_statements(line.text)]
    if any(code == UNSUPPORTED for _, code, _ in stated):
        choose_unit(stated, unit, block[0].no)  # refuses, naming the unit ("kr. pr. helårsperson")
    not_amounts = class_problem(candidate.heading, block, [])
    if not_amounts:
        raise TableRefused([not_amounts.with_layout(layout.describe())])
    body = BodyReader(layout)
    body.read(lines, candidate.end)
    rows = body.table_rows()
    if not rows and not body.problems:
        body.problems.append(Problem(block[-1].no, "the header is followed by no rows"))
    if body.problems:
        raise TableRefused([body.problems[0].with_layout(layout.describe()), *body.problems[1:]])
    # Unit and price basis: the header first, then the heading nearest first, then lines of their own.
    sources = [*block, *reversed(candidate.heading), *body.unit_lines]
    statements = [(line.no, code, printed) for line in sources for code, printed in find_unit_statements(line.text)]
    if any(code == UNSUPPORTED for _, code, _ in statements):
        choose_unit(statements, unit, block[0].no)  # refuses, naming the unit ("kr. pr. helårsperson")
    not_amounts = class_problem([], [], body.unit_lines)
    if not_amounts:
        raise TableRefused([not_amounts.with_layout(layout.describe())])
    chosen = choose_unit(statements, unit, block[0].no)
    year_slots = [s for s in slots if s.kind == "year"]
    levels, problems = price_levels(sources, len(year_slots))
    if problems:
        raise TableRefused(problems)
    columns = [dataclasses.replace(s.column(), price_level=level) for s, level in zip(year_slots, levels, strict=True)]
    price = levels[0] if levels and len(set(levels)) == 1 else None
    kind = "account" if chosen.kind == "amount" else "recipients"
    return ReadTable(chosen, kind, columns, mark_subtotals(rows), price, candidate.title() or None, block[0].no,
                     layout.describe())


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())


def _unit_of(lines: list[Line], candidate: Candidate) -> str:
    """The unit a table states near its header, as printed, for a list of tables."""
    block = lines[candidate.start:candidate.end]
    near = [*block, *reversed(candidate.heading), *lines[candidate.end:candidate.end + 3]]
    for line in near:
        found = find_unit_statements(line.text)
        if found:
            return found[0][1]
    return "no unit stated"


def list_tables(lines: list[Line], candidates: list[Candidate]) -> str:
    """At most LISTED_TABLES tables as a refusal lists them: line, heading and unit (or why it cannot be read)."""
    shown = []
    for c in candidates[:LISTED_TABLES]:
        what = f"cannot be read: {c.problem}" if c.problem else _unit_of(lines, c)
        found = next((f for line in [*c.heading, *lines[c.start:c.end]] if (f := find_table_class(line.text))), None)
        if found and not c.problem:
            what += f", {found[1]}"
        title = c.title() or lines[c.start].text  # no heading above: the header says what the table is
        shown.append(f"line {lines[c.start].no} '{quote(title, 80)}' ({quote(what, 80)})")
    more = len(candidates) - LISTED_TABLES
    return "; ".join(shown) + (f"; … and {more:,} more" if more > 0 else "")


def read_table_text(text: str, unit: str | None = None, heading: str | None = None) -> ReadTable:
    """Read the one budget table in ``text`` (a whole document may be given; prose is skipped).

    ``unit`` is the unit when the table does not state it ("1.000 kr.", "personer", ...); if both
    state one they must agree. ``heading`` picks the table that follows the first line containing
    it, when the text holds several tables; without it, a text with several tables (or a table
    that cannot be read next to one that can) is refused with the tables listed. Raises
    TableRefused with the lines named.
    """
    lines = logical_lines(text)
    candidates, problems = find_tables(lines)
    if problems:
        raise TableRefused(problems)
    if heading is not None:
        wanted = _normal(heading)
        at = next((i for i, line in enumerate(lines) if wanted in _normal(line.text)), None)
        if at is None:
            raise TableRefused([Problem(None, f"the heading '{quote(heading)}' is not in the text")])
        candidates = [c for c in candidates if c.end > at][:1]
        if not candidates:
            raise TableRefused([Problem(lines[at].no, f"no table follows the heading '{quote(heading)}'")])
    if len(candidates) > 1:
        listed = list_tables(lines, candidates)
        raise TableRefused([Problem(None, f"the text holds {len(candidates):,} tables ({listed}); "
                                          "pass heading= (or --heading) to pick one")])
    return read_candidate(lines, candidates[0], unit)


def describe_candidates(text: str) -> list[tuple[int, str]]:
    """(header line, heading) of every table found in ``text``; used by the PDF reader."""
    lines = logical_lines(text)
    candidates, _ = find_tables(lines)
    return [(lines[c.start].no, c.title()) for c in candidates]
