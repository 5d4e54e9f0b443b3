"""The CSV files of a figure: its table as two files, one for programs and one for Danish Excel.

The two files:

- ``<slug>.csv``: UTF-8 without byte-order mark, comma-separated, decimal point; for programs.
- ``<slug>-excel.csv``: for Excel with Danish settings: UTF-8 *with* byte-order mark (without
  it Excel reads the file as Windows-1252 and "Forsørgelse" turns into "ForsÃ¸rgelse"),
  semicolons (the list separator of Danish Windows, which Excel uses for a .csv opened by
  double-click; no ``sep=;`` line, because with one Excel ignores the byte-order mark),
  decimal comma and CRLF line ends, as Excel writes them itself.

Both begin with the same block of six lines and one empty line, so the table's header is
always line 8 (``pandas.read_csv(f, skiprows=7)``; or ``comment="#"``, as every line of the
block starts with ``#``)::

    # Titel:,<title>
    # Enhed:,<the unit of each number column>
    # Kilde:,<source>; <source>
    # Note:,<the figure's note, or empty>
    # Licens:,<the licence and its address, from [publication] in the settings, or empty>
    # Citér som:,<the figure's suggested citation>

Each line is two cells, a fixed label and the value, so a title with a comma or semicolon is
quoted as one cell and Excel shows the label in column A and the value in column B.
"""

from __future__ import annotations

import csv
import io
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from jobbook.present import fmt
from jobbook.present.safe import csv_cell


@dataclass(frozen=True)
class CsvDialect:
    delimiter: str
    decimal: str
    lineterminator: str
    bom: bool


PLAIN = CsvDialect(delimiter=",", decimal=".", lineterminator="\n", bom=False)
EXCEL_DA = CsvDialect(delimiter=";", decimal=",", lineterminator="\r\n", bom=True)
BOM = "\ufeff"
#: The labels of the block of lines before the table, always these six and in this order.
METADATA_LABELS = ("# Titel:", "# Enhed:", "# Kilde:", "# Note:", "# Licens:", "# Citér som:")
#: The lines before the table's header: the block and one empty line (``pandas.read_csv(skiprows=...)``).
HEADER_SKIP_LINES = len(METADATA_LABELS) + 1


def is_number_column(series: pd.Series) -> bool:
    return series.dtype.kind in "fiu"


def _number_text(value: object, whole: bool, decimal: str) -> str:
    """A number as a spreadsheet reads it: no thousands separator, no exponent, at most 15
    significant digits (what a spreadsheet keeps; so no ``0.30000000000000004``)."""
    if fmt.is_missing(value):
        return ""
    number = float(value)
    if whole:
        return str(int(number))
    number = float(f"{number:.15g}") or 0.0  # and no "-0"
    return np.format_float_positional(number, trim="-").replace(".", decimal)


def csv_text(table: pd.DataFrame, dialect: CsvDialect = PLAIN, metadata: Sequence[tuple[str, str]] = ()) -> str:
    """The table as CSV in ``dialect`` (by default: comma, '.' decimals), after the lines of
    ``metadata`` (label, value) and one empty line if there are any. Whole-number columns have no
    decimals, and no cell runs as a formula in a spreadsheet (see jobbook.present.safe.csv_cell)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=dialect.delimiter, lineterminator=dialect.lineterminator)
    for label, value in metadata:
        writer.writerow([label, csv_cell(value)])
    if metadata:
        buffer.write(dialect.lineterminator)
    columns = list(table.columns)
    numbers = {}
    for column in columns:
        if is_number_column(table[column]):
            values = pd.to_numeric(table[column], errors="coerce")
            numbers[column] = bool(values.dropna().apply(lambda v: float(v).is_integer()).all())
    writer.writerow([csv_cell(str(c)) for c in columns])
    for row in table.itertuples(index=False, name=None):
        cells = []
        for column, value in zip(columns, row, strict=True):
            if column in numbers:
                cells.append(_number_text(value, numbers[column], dialect.decimal))
            else:
                cells.append("" if fmt.is_missing(value) else csv_cell(str(value)))
        writer.writerow(cells)
    return (BOM if dialect.bom else "") + buffer.getvalue()


def csv_data_url(content: str) -> str:
    """A ``data:`` URL holding ``content`` as UTF-8 (a byte-order mark in it stays)."""
    return "data:text/csv;charset=utf-8," + urllib.parse.quote(content)
