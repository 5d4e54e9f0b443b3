"""Cells of the shipped CSV files named by their column, never by their position.

A message names a cell as ``file:line:column``, the column counted from 1 in the file's header. Tests
that expect such a message, or edit a cell, find the column by its name here, so a column added to a
table (``jobbook.data.tables``) breaks none of them.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from conftest import DATA_DIR


def header(file: str) -> list[str]:
    """The columns of a shipped table, in the order of its file."""
    with (DATA_DIR / file).open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


def cell(file: str, line: int, column: str) -> str:
    """``file:line:column`` as messages name a cell, the column counted from the shipped file's header:
    tests name columns, never count them, so a column added to a table breaks none of them."""
    return f"{file}:{line}:{header(file).index(column) + 1}"


def finding(file: str, line: int, column: str) -> str:
    """The start of a finding about one cell: ``recipients.csv:2:4: error: column 'persons'``."""
    return f"{cell(file, line, column)}: error: column '{column}'"


def set_cell(path: Path, line: int, column: str, value: str) -> None:
    """Put ``value`` in ``column`` of one line (1-based; a row on one line) of a CSV file, found by name."""
    lines = path.read_text(encoding="utf-8").split("\n")
    names = next(csv.reader([lines[0]]))
    row = next(csv.reader([lines[line - 1]]))
    row[names.index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(row)
    lines[line - 1] = buffer.getvalue()
    path.write_text("\n".join(lines), encoding="utf-8")


def row_of(path: Path, **values: str) -> str:
    """A CSV line for ``path`` with ``values`` by column name and ``x`` in every other column."""
    names = next(csv.reader([path.read_text(encoding="utf-8").split("\n")[0]]))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow([values.get(name, "x") for name in names])
    return buffer.getvalue()
