"""Changing the CSV files of the data directory (for ``jobbook new-year`` and ``jobbook import-budget``).

Changes are collected in a :class:`DataChanges` and written all together or not at all
(:class:`jobbook.files.StagedWrite`): a command that fails half-way, even one that is killed,
leaves every file as it was. Rows are appended in the file's own column order; existing rows
and their order are never touched, so a file's history stays readable in version control.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from jobbook.data.tables import TableSpec
from jobbook.files import StagedWrite, read_input


def parse_rows(text: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header and rows of CSV text, each row with the line it starts on (missing cells are "")."""
    reader = csv.DictReader(io.StringIO(text, newline=""), restval="")
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


class DataChanges:
    """New rows and changed cells for the files of one data directory, written by :meth:`commit`."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.texts: dict[str, str] = {}  # file name -> its text with the changes
        self.originals: dict[str, str] = {}  # file name -> its text on disk

    def current(self, spec: TableSpec) -> str:
        """The file's text with the changes so far (its text on disk, before any)."""
        if spec.file_name not in self.texts:
            path = self.data_dir / spec.file_name
            text = read_input(path, inside=self.data_dir).decode("utf-8") if path.exists() else ""
            self.texts[spec.file_name] = self.originals[spec.file_name] = text
        return self.texts[spec.file_name]

    def rows(self, spec: TableSpec) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
        return parse_rows(self.current(spec))

    def append(self, spec: TableSpec, rows: Sequence[Mapping[str, object]]) -> list[int]:
        """Append rows (missing columns empty); returns the line numbers they will have."""
        text = self.current(spec)
        header = parse_rows(text)[0] if text.strip() else spec.column_names
        if not text.strip():
            text = ",".join(header) + "\n"
        elif not text.endswith("\n"):
            text += "\n"
        first_line = text.count("\n") + 1
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        for row in rows:
            writer.writerow([format_cell(row.get(column)) for column in header])
        self.texts[spec.file_name] = text + buffer.getvalue()
        return list(range(first_line, first_line + len(rows)))

    def replace_cells(self, spec: TableSpec, updates: Mapping[int, Mapping[str, object]]) -> None:
        """Set cells of existing rows, addressed by their position among the rows (0 = the first)."""
        header, numbered = self.rows(spec)
        rows = [row for _, row in numbered]
        for position, values in updates.items():
            for column, value in values.items():
                rows[position][column] = format_cell(value)
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        self.texts[spec.file_name] = buffer.getvalue()

    def commit(self) -> None:
        """Write every changed file, all together or none."""
        StagedWrite(self.data_dir).commit({name: text for name, text in self.texts.items()
                                           if text != self.originals.get(name)})
