"""Find a budget table in text copied out of a document, or in a PDF, and read it; or refuse
with the lines named.

In a PDF (pdfplumber, page by page) a table drawn with ruling lines is taken cell by cell and
handed to the text reader as tab-separated lines, so wrapped cell text stays in its cell; the
text around it, and tables without ruling lines, are taken as pdfplumber's text lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

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


# --- PDF ---------------------------------------------------------------------------------------

def _cell_text(cell: str | None) -> str:
    text = ""
    for part in (cell or "").splitlines():
        if part.strip():
            text = join_wrapped(text, part.strip()) if text else part.strip()
    return text.replace("\t", " ")


_PAGE_NUMBER = re.compile(r"^\s*(?:(?:side|s\.|page)\s*)?\d{1,4}(?:\s*(?:af|/|of)\s*\d{1,4})?\s*$", re.I)


def _without_page_numbers(text: str) -> str:
    """A page's text without a page number alone on its first or last line."""
    lines = text.split("\n")
    while lines and _PAGE_NUMBER.match(lines[-1]):
        lines.pop()
    while lines and _PAGE_NUMBER.match(lines[0]):
        lines.pop(0)
    return "\n".join(lines)


def page_text(page) -> str:
    """The text of one pdfplumber page, ruled tables as tab-separated lines, top to bottom."""
    return _without_page_numbers(_page_text(page))


def _page_text(page) -> str:
    tables = page.find_tables()
    if not tables:
        return page.extract_text() or ""
    outside = page
    for table in tables:
        outside = outside.outside_bbox(table.bbox)
    items: list[tuple[float, int, str]] = [(line["top"], 0, line["text"]) for line in outside.extract_text_lines()]
    for table in tables:
        for order, (row, cells) in enumerate(zip(table.rows, table.extract(), strict=True)):
            items.append((row.bbox[1], order + 1, "\t".join(_cell_text(c) for c in cells)))
    items.sort(key=lambda item: (round(item[0], 1), item[1]))
    return "\n".join(text for _, _, text in items)


def pdf_pages_text(path: Path) -> list[str]:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return [page_text(page) for page in pdf.pages]


def _continues_on(text: str) -> bool:
    """The top of a page holds rows of figures without a header: a table continued from before."""
    lines = logical_lines(text)[:8]
    return any(_strong_row(a) and _strong_row(b) for a, b in pairwise(lines))


def _on_page(number: int, refused: TableRefused) -> TableRefused:
    return TableRefused([Problem(p.line, f"page {number}: {p.message}") for p in refused.problems])


def read_table_pdf(path: Path, page: int | None = None, unit: str | None = None,
                   heading: str | None = None) -> ReadTable:
    """Read the budget table in a PDF; ``page`` (1-based) restricts to one page.

    Without ``page`` the page holding a table (a column header followed by rows) is found; when
    several pages hold one, the reader refuses and lists them. Problem lines are lines of the
    page's extracted text; messages start with the page number.
    """
    pages = pdf_pages_text(Path(path))
    if page is not None:
        if not 1 <= page <= len(pages):
            raise TableRefused([Problem(None, f"page {page} does not exist; the PDF has {len(pages)} page(s)")])
        chosen = page
    else:
        found = {n: describe_candidates(text) for n, text in enumerate(pages, start=1)}
        if heading is not None:
            wanted = " ".join(heading.casefold().split())
            found = {n: c for n, c in found.items() if c and wanted in " ".join(pages[n - 1].casefold().split())}
        holding = [n for n, c in found.items() if c]
        if not holding:
            raise TableRefused([Problem(None, f"no page of {Path(path).name} holds a table: expected a header "
                                              "naming columns (such as 'Budget 2025') followed by rows")])
        if len(holding) > 1:
            listed = "; ".join(f"page {n} ('{found[n][0][1]}')" for n in holding)
            raise TableRefused([Problem(None, f"tables were found on {len(holding)} pages: {listed}; "
                                              "pass --page to pick one")])
        chosen = holding[0]
        if chosen < len(pages) and not describe_candidates(pages[chosen]) and _continues_on(pages[chosen]):
            raise TableRefused([Problem(None, f"the table on page {chosen} seems to continue on page {chosen + 1} "
                                              "(rows without a header at its top); tables over several pages "
                                              "are not joined: pass --page to read one page")])
    try:
        return read_table_text(pages[chosen - 1], unit=unit, heading=heading)
    except TableRefused as refused:
        raise _on_page(chosen, refused) from None
