"""The header of one table: its figure columns, the unit it states, the price level of each
column, and whether its figures are amounts at all (not per inhabitant, percentages, an index)."""

from __future__ import annotations

from jobbook.ingest.lexicon import HeaderReader, Slot, join_wrapped, read_header_cell
from jobbook.ingest.lines import Line, is_letters_row, unit_or_price_line
from jobbook.ingest.model import (
    UNSUPPORTED,
    Problem,
    TableRefused,
    Unit,
    find_price_levels,
    find_table_class,
    parse_unit,
    quote,
)


def _trim(cells: list[str]) -> list[str]:
    cells = list(cells)
    while cells and not cells[-1]:
        cells.pop()
    return cells


def read_header(block: list[Line]) -> tuple[list[Slot], tuple[int, list[int]] | None, list[Problem]]:
    """The figure slots of a header block; for a cell-separated header also the cell positions."""
    set_aside = [line for line in block if (line.cells is None and unit_or_price_line(line.text))
                 or is_letters_row(line)]
    block = [line for line in block if line not in set_aside] or block
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
                problems.append(Problem(block[0].no, f"the header cell '{quote(text)}' names {len(found)} columns"))
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


def choose_unit(statements: list[tuple[int, str, str]], given: str | None, header_line: int) -> Unit:
    """The table's unit from its statements (line, code, printed), nearest first, and ``--unit``;
    refused when they disagree, when none is stated and none given, or when it is not supported."""
    problems: list[Problem] = []
    if given is not None:
        try:
            given_unit = parse_unit(given)
        except ValueError as error:
            raise TableRefused([Problem(None, f"--unit: {error}")]) from None
        if given_unit is None:
            raise TableRefused([Problem(None, f"--unit '{quote(given)}' is not a unit; expected one of 'kr.', "
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


def price_levels(lines: list[Line], columns: int) -> tuple[list[str | None], list[Problem]]:
    """The price level of each of ``columns`` year columns: from the first line that prints price
    levels, one for all ("2009-priser") or one per column ("2008-priser 2009-priser 2010-priser")."""
    for line in lines:
        found = find_price_levels(line.text)
        if not found:
            continue
        if len(found) == 1:
            return [found[0]] * columns, []
        if len(found) == columns:
            return list(found), []
        return [None] * columns, [Problem(line.no, f"the line prints {len(found)} price levels "
                                                   f"({', '.join(found)}) for {columns} figure column(s)")]
    return [None] * columns, []


def class_problem(heading: list[Line], block: list[Line], unit_lines: list[Line]) -> Problem | None:
    """Why a table's figures are not amounts or counts of persons (per inhabitant or recipient,
    percentages, an index), from its heading, header and unit lines; None when they are."""
    for line in [*heading, *unit_lines]:
        found = find_table_class(line.text)
        if found:
            return _class_refusal(line, found)
    for line in block:  # a header's "%" or "Indeks" column is an extra column, dropped
        found = find_table_class(line.text, ("per_inhabitant", "per_recipient"))
        if found:
            return _class_refusal(line, found)
    return None


def _class_refusal(line: Line, found: tuple[str, str, str]) -> Problem:
    _, what, printed = found
    return Problem(line.no, f"the table gives {what} ('{quote(printed)}'), not amounts in kroner or counts of "
                            "persons; this reader imports neither (copy the table of amounts or persons)")
