"""Reading one CSV file of the data directory into typed columns, with exact locations.

The data files follow one convention (see ``data/README.md``): UTF-8 without a byte-order
mark, comma-separated, ``.`` as decimal point and no thousands separator. Files saved from
a Danish spreadsheet often break it, so each kind of breakage gets its own message naming
the line, the column and what to write instead.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from jobbook.data.fields import Bound, Field
from jobbook.data.findings import Finding
from jobbook.data.konto import KontoCodeError, normalise_konto_code
from jobbook.data.tables import TableSpec
from jobbook.files import FileProblem, read_input

_INT = re.compile(r"^[+-]?\d+$")
_FLOAT = re.compile(r"^[+-]?(\d+(\.\d+)?|\.\d+)$")
_DANISH_GROUPED = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")
_DANISH_DECIMAL = re.compile(r"^[+-]?\d+,\d+$")
_PERIOD = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_MAX_ENCODING_FINDINGS = 10


class CellError(ValueError):
    """A cell that cannot be read as its column's kind; the message says what was expected."""


@dataclass
class ParsedTable:
    """A CSV file read into typed columns, before the schema checks."""

    spec: TableSpec
    display_path: str
    frame: pd.DataFrame | None = None  # typed values; None when the file could not be read
    raw: pd.DataFrame | None = None  # the cells as written, for messages
    lines: list[int] = field(default_factory=list)  # line number of each row of ``frame``
    column_numbers: dict[str, int] = field(default_factory=dict)  # 1-based position in the file
    findings: list[Finding] = field(default_factory=list)
    reported_cells: set[tuple[int, str]] = field(default_factory=set)  # (row, column) with a finding
    missing_columns: set[str] = field(default_factory=set)

    def cell_finding(self, row: int, column: str, expected: str, severity: str = "error",
                     check_code: str | None = None, kind: str = "values not allowed") -> Finding:
        """A finding about one cell, located by line and column of the file."""
        value = None if self.raw is None else quoted(self.raw.at[row, column])
        return Finding(file=self.display_path, line=self.lines[row], column=column,
                       column_number=self.column_numbers.get(column), value=value,
                       expected=expected, severity=severity, check_code=check_code, kind=kind)

    def row_finding(self, row: int, expected: str, severity: str = "error",
                    check_code: str | None = None, details: dict | None = None, kind: str = "problems") -> Finding:
        """A finding about one row as a whole."""
        return Finding(file=self.display_path, line=self.lines[row], expected=expected,
                       severity=severity, check_code=check_code, details=details or {}, kind=kind)


#: More digits than any bounded number has (int64 holds 19): refused before Python converts them,
#: which for thousands of digits is slow, and beyond 4,300 digits an error of its own.
_MAX_DIGITS = 40
#: A value quoted in a finding: at most this many characters (a cell can hold megabytes).
MAX_QUOTED_CHARS = 200


def quoted(text: str | None) -> str | None:
    """A cell's text as a finding quotes it: cut after MAX_QUOTED_CHARS, saying how long it was."""
    if text is None or len(text) <= MAX_QUOTED_CHARS:
        return text
    return f"{text[:MAX_QUOTED_CHARS]}… ({len(text):,} characters)"


def parse_number(text: str, whole: bool, bound: Bound | None = None) -> int | float:
    """Read a number written with ``.`` as decimal point; explain Danish formats when seen.

    With ``bound``, a number outside it (too large for int64 or float among them) is a CellError
    stating the range.
    """
    if (whole and _INT.match(text)) or (not whole and _FLOAT.match(text)):
        digits = len(text.lstrip("+-0").split(".")[0])
        value = int(text) if whole and digits <= _MAX_DIGITS else float(text) if digits <= _MAX_DIGITS else None
        if value is None:  # (a float of that many digits could be infinity: never read as one)
            expected = bound.describe(whole) if bound is not None else f"a number of at most {_MAX_DIGITS} digits"
            raise CellError(f"{expected}; this number has {digits:,} digits")
        if bound is not None and not bound.holds(value):
            raise CellError(bound.describe(whole))
        return value
    if _DANISH_GROUPED.match(text):
        plain = text.replace(".", "").replace(",", ".")
        raise CellError(f"Danish number format with '.' as thousands separator; write {plain}")
    if _DANISH_DECIMAL.match(text):
        plain = text.replace(",", ".")
        if whole:
            raise CellError(f"a whole number; {text!r} has a decimal comma")
        raise CellError(f"Danish decimal comma; write {plain} ('.' as decimal point)")
    if whole and _FLOAT.match(text):
        raise CellError("a whole number (no decimals)")
    kind = "a whole number" if whole else "a number with '.' as decimal point"
    raise CellError(f"{kind}, without thousands separators or units")


def parse_period(text: str) -> str:
    """Check a period written as YYYY, YYYY-MM or YYYY-MM-DD (a real calendar date)."""
    if not _PERIOD.match(text):
        raise CellError("a period written YYYY, YYYY-MM or YYYY-MM-DD")
    parts = [int(p) for p in text.split("-")] + [1, 1]
    try:
        dt.date(parts[0], parts[1], parts[2])
    except ValueError:
        raise CellError("a real calendar month or date") from None
    return text


def parse_bool(text: str) -> bool:
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    raise CellError("true or false")


#: Characters no cell may hold: C0 and C1 controls and DEL (line breaks and tabs among them), and the
#: Unicode line and paragraph separators. A text value is shown as one line of text in the book.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def check_no_control_characters(text: str) -> None:
    match = _CONTROL.search(text)
    if match:
        raise CellError(f"text without control characters or line breaks; found U+{ord(match.group()):04X} "
                        f"at character {match.start() + 1}")


def parse_cell(text: str, f: Field):
    """The typed value of one cell (None for an empty cell), or CellError."""
    check_no_control_characters(text)
    text = text.strip()
    if text == "":
        return None
    if f.kind == "int":
        return parse_number(text, whole=True, bound=f.bound)
    if f.kind == "float":
        return parse_number(text, whole=False, bound=f.bound)
    if f.kind == "bool":
        return parse_bool(text)
    if f.kind == "period":
        return parse_period(text)
    if f.kind == "konto":
        try:
            return normalise_konto_code(text)
        except KontoCodeError as exc:
            raise CellError(str(exc).split("; ", 1)[1]) from None
    return text


def _decode(data: bytes, table: ParsedTable) -> str:
    """Text of the file; reports a BOM and bytes that are not UTF-8 (and reads on as Latin-1)."""
    if data.startswith(codecs.BOM_UTF8):
        table.findings.append(Finding(
            file=table.display_path, line=1,
            expected="the file starts with a UTF-8 byte-order mark (BOM); save it as UTF-8 without BOM"))
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    bad_lines = []
    for number, raw_line in enumerate(data.split(b"\n"), start=1):
        try:
            raw_line.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad_lines.append((number, raw_line, exc))
    for number, raw_line, exc in bad_lines[:_MAX_ENCODING_FINDINGS]:
        prefix = raw_line[: exc.start].decode("utf-8", errors="replace")
        column_number = len(next(csv.reader([prefix]), [""])) or 1
        byte = raw_line[exc.start]
        table.findings.append(Finding(
            file=table.display_path, line=number, column_number=column_number,
            value=raw_line[max(0, exc.start - 10): exc.start + 10].decode("latin-1"),
            expected=(f"UTF-8 text; byte 0x{byte:02X} at character {len(prefix) + 1} is not UTF-8 "
                      "(the file looks Latin-1/Windows-1252 encoded): save it as UTF-8")))
    if len(bad_lines) > _MAX_ENCODING_FINDINGS:
        table.findings.append(Finding(
            file=table.display_path,
            expected=f"UTF-8 text; {len(bad_lines) - _MAX_ENCODING_FINDINGS} more lines are not UTF-8"))
    return data.decode("latin-1")


def _check_header(header: list[str], table: ParsedTable) -> bool:
    """Report delimiter and column-name problems; False when the rows cannot be read."""
    spec, path = table.spec, table.display_path
    expected_list = ", ".join(spec.column_names)
    if len(header) == 1 and any(sep in header[0] for sep in (";", "\t", "|")):
        sep = next(s for s in (";", "\t", "|") if s in header[0])
        shown = {"\t": "a tab"}.get(sep, repr(sep))
        table.findings.append(Finding(
            file=path, line=1, value=header[0][:60],
            expected=f"comma-separated columns; the header is separated by {shown}"))
        return False
    seen: set[str] = set()
    for position, name in enumerate(header, start=1):
        if name in seen:
            table.findings.append(Finding(file=path, line=1, column=name, column_number=position,
                                          expected="each column name once; this one is repeated"))
        elif name not in spec.column_names:
            table.findings.append(Finding(file=path, line=1, column=name, column_number=position,
                                          expected=f"no such column here; expected columns: {expected_list}"))
        seen.add(name)
        table.column_numbers.setdefault(name, position)
    for name in spec.column_names:
        if name not in seen:
            table.missing_columns.add(name)
            table.findings.append(Finding(
                file=path, line=1, column=name,
                expected=f"a column named '{name}' (missing); expected columns: {expected_list}"))
    return True


def read_table(path: Path, spec: TableSpec, display_path: str) -> ParsedTable:
    """Read ``path`` as the table ``spec``; problems go to ``ParsedTable.findings``."""
    table = ParsedTable(spec=spec, display_path=display_path)
    try:
        data = read_input(path, inside=path.parent)
    except FileNotFoundError:
        table.findings.append(Finding(
            file=display_path, kind="missing file",
            expected=f"the file is missing; expected a CSV file with columns {', '.join(spec.column_names)}"))
        return table
    except FileProblem as exc:
        table.findings.append(Finding(file=display_path, expected=str(exc), kind="unreadable file"))
        return table
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        table.findings.append(Finding(
            file=display_path, line=1,
            expected=f"the file is empty; expected a header line with columns {', '.join(spec.column_names)}"))
        return table
    text = _decode(data, table)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip() for name in next(reader)]
    except csv.Error as exc:
        table.findings.append(Finding(file=display_path, line=1, expected=f"a readable CSV header ({exc})"))
        return table
    if not _check_header(header, table):
        return table

    fields = [f for f in spec.fields if f.name not in table.missing_columns]
    raw_rows: list[dict[str, str]] = []
    typed_rows: list[dict[str, object]] = []
    previous_line = reader.line_num
    try:
        for row in reader:
            line = previous_line + 1
            previous_line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue  # a blank line
            if len(row) != len(header):
                hint = " (a value containing a comma must be in double quotes)" if len(row) > len(header) else ""
                table.findings.append(Finding(
                    file=display_path, line=line, kind="malformed rows",
                    expected=f"{len(header)} values as in the header, found {len(row)}{hint}"))
                continue
            cells = dict(zip(header, row, strict=True))
            index = len(raw_rows)
            table.lines.append(line)
            raw_rows.append({f.name: cells[f.name] for f in fields})
            typed: dict[str, object] = {}
            for f in fields:
                try:
                    typed[f.name] = parse_cell(cells[f.name], f)
                except CellError as exc:
                    typed[f.name] = None
                    table.reported_cells.add((index, f.name))
                    table.findings.append(Finding(
                        file=display_path, line=line, column=f.name,
                        column_number=table.column_numbers[f.name], value=quoted(cells[f.name]),
                        expected=str(exc), kind="unreadable values"))
            typed_rows.append(typed)
    except csv.Error as exc:
        table.findings.append(Finding(file=display_path, line=reader.line_num,
                                      expected=f"well-formed CSV ({exc})"))

    columns = {}
    for f in spec.fields:
        values = [row.get(f.name) for row in typed_rows]
        columns[f.name] = pd.array(values, dtype=f.dtype)
    table.frame = pd.DataFrame(columns, index=pd.RangeIndex(len(typed_rows)))
    table.raw = pd.DataFrame({name: [row.get(name) for row in raw_rows] for name in spec.column_names},
                             index=pd.RangeIndex(len(raw_rows)), dtype=object)
    return table
