"""Writing rows into the CSV files of the data directory (for the scaffold and the importers).

Rows are appended in the file's own column order; existing rows and their order are never
touched, so a file's history stays readable in version control.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from jobbook.data.tables import TableSpec
from jobbook.files import write_atomically


def read_rows(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header and rows of a CSV file as text, each row with the line it starts on (missing cells are "")."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, restval="")
        rows = []
        start = 2
        for row in reader:
            rows.append((start, {k: (v if v is not None else "") for k, v in row.items() if k is not None}))
            start = reader.line_num + 1
        return list(reader.fieldnames or []), rows


def format_cell(value) -> str:
    """A value as the data files write it: empty for a missing value (None, NaN, pandas' NA)."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def append_rows(path: Path, spec: TableSpec, rows: Sequence[Mapping[str, object]]) -> list[int]:
    """Append rows (missing columns empty) and return the line numbers they got."""
    header = read_rows(path)[0] if path.is_file() and path.stat().st_size else spec.column_names
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    if not text:
        text = ",".join(header) + "\n"
    elif not text.endswith("\n"):
        text += "\n"
    first_line = text.count("\n") + 1
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow([format_cell(row.get(column)) for column in header])
    write_atomically(path, text + buffer.getvalue())
    return list(range(first_line, first_line + len(rows)))


def replace_cells(path: Path, updates: Mapping[int, Mapping[str, object]]) -> None:
    """Set cells of existing rows, addressed by their position among the rows (0 = the first)."""
    header, numbered = read_rows(path)
    rows = [row for _, row in numbered]
    for position, values in updates.items():
        for column, value in values.items():
            rows[position][column] = format_cell(value)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    write_atomically(path, buffer.getvalue())
