"""A budget document's table as rows of the book's data, before anything in data/ is looked at.

:func:`read_document` reads the table (text copied out of a document with
:mod:`jobbook.ingest.reader`, a PDF with :mod:`jobbook.ingest.pdf`) and turns it into
:class:`ImportedRow` objects: one per row and year column, amounts converted to kroner, counts in
persons. This is what ``jobbook import-budget --dry-run --json`` prints. Totals and subtotals are
kept apart; they are not rows. Rows of an account table that share a konto code are summed when
their names show they are parts of one account (with a note), and refused otherwise (see
:mod:`jobbook.ingest.sums`).
"""

from __future__ import annotations

import codecs
import math
from dataclasses import dataclass, field
from pathlib import Path

from jobbook.files import FileProblem, read_input
from jobbook.ingest.model import ReadTable, TableRefused, TableRow, quote
from jobbook.ingest.sums import are_parts


class ImportRefused(Exception):
    """The table cannot be imported; ``problems`` says where and why, each as one line."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class ImportedRow:
    """One figure of the table: a row's value in one year column."""

    kind: str  # "account" | "recipients"
    konto_codes: tuple[str, ...]
    name_printed: str
    year: int
    basis_code: str
    value: float  # kroner for an account row, persons for a recipient row
    line: int  # where the row stands in the input (in a PDF: on its page)
    column_label: str  # the year column's header as printed
    price_level: str | None = None  # the column's price level where printed ("2009-priser"); not in the JSON

    @property
    def konto_code(self) -> str | None:
        return self.konto_codes[0] if len(self.konto_codes) == 1 else None

    def as_json(self) -> dict:
        row = {"kind": self.kind, "konto_code": self.konto_code, "name_printed": self.name_printed,
               "year": self.year, "basis_code": self.basis_code}
        row["amount_dkk" if self.kind == "account" else "persons"] = self.value
        return row


@dataclass
class Document:
    """What the document's table gives: its unit, its rows and its totals, by year column."""

    file: str  # the file as messages name it
    table: ReadTable
    rows: list[ImportedRow]
    totals: list[ImportedRow]  # "I alt" and other total lines (not rows of the data)
    page: int | None = None
    years: list[int] = field(default_factory=list)  # every year the table has a column for
    subtotals: list[ImportedRow] = field(default_factory=list)  # lines equal to the sum of the rows under them
    notes: list[str] = field(default_factory=list)  # what the reading decided that a reader should know

    @property
    def kind(self) -> str:
        return self.table.kind

    def where(self, line: int) -> str:
        """A place in the input, as messages and source_location name it."""
        return f"{self.file}:{line}" if self.page is None else f"{self.file}, page {self.page}:{line}"

    def as_json(self) -> dict:
        """The rows as ``--dry-run --json`` prints them; ImportRefused naming each figure outside the
        range the data may hold (a value that overflowed to infinity among them: JSON has no Infinity)."""
        from jobbook.data.fields import FIELDS

        bound = FIELDS["amount_dkk" if self.kind == "account" else "persons"].bound
        unit = "kr." if self.kind == "account" else "persons"
        problems = [f"{self.where(row.line)}: error: value {row.name_printed!r} — {bound.describe()} {unit}; "
                    + (f"it comes to {row.value:.3g} {unit}" if math.isfinite(row.value)
                       else "it is too large to store")
                    for row in [*self.rows, *self.totals] if not bound.holds(row.value)]
        if problems:
            raise ImportRefused(problems)
        return {"unit": self.table.unit.code, "rows": [row.as_json() for row in self.rows], "problems": []}


def _figures(table: ReadTable, row: TableRow, wanted: list[int]) -> list[ImportedRow]:
    kind = table.kind
    result = []
    for i in wanted:
        value = row.values[i]
        if value is None:  # an empty cell of a tab or pipe table: no figure, not zero
            continue
        column = table.columns[i]
        figure = table.unit.to_dkk(value) if kind == "account" else value
        result.append(ImportedRow(kind, row.konto_codes, row.name_printed, column.year, column.basis_code,
                                  float(figure), row.line, column.label, column.price_level))
    return result


def decode_text(data: bytes, file: str) -> str:
    """A text file's characters: UTF-8 (a byte-order mark dropped) or UTF-16 with its byte-order mark;
    anything else is refused naming the encoding expected (never guessed: a wrong guess changes names)."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ImportRefused([f"{file}: error: text in UTF-16 as its byte-order mark says; byte {exc.start} "
                                 "is not (save the file as UTF-8)"]) from None
    if b"\x00" in data[:4096]:  # no text file holds NUL bytes; UTF-16 without its mark does
        raise ImportRefused([f"{file}: error: text in UTF-8 (or UTF-16 with a byte-order mark); it looks like "
                             "UTF-16 without a byte-order mark: save the file as UTF-8"])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        what = f"byte {exc.start} (0x{data[exc.start]:02x}) is not UTF-8"
        raise ImportRefused([f"{file}: error: text in UTF-8 (or UTF-16 with a byte-order mark); {what}: save the "
                             "file as UTF-8"]) from None


def merge_shared_codes(rows: list[ImportedRow], file: str, where) -> tuple[list[ImportedRow], list[str]]:
    """Account figures with one konto code per year column: parts of one account summed (with a note),
    any other rows sharing a code refused. Recipient rows are groups, named by their names: left as they are."""
    by_key: dict[tuple, list[ImportedRow]] = {}
    for row in rows:
        if row.kind == "account" and row.konto_codes:
            by_key.setdefault((row.konto_codes, row.year, row.basis_code, row.column_label), []).append(row)
    notes, problems, merged = [], [], {}
    told: set[tuple[str, ...]] = set()
    for key, group in by_key.items():
        if len(group) < 2:
            continue
        names = [r.name_printed for r in group]
        codes = ", ".join(key[0])
        lines = ", ".join(str(r.line) for r in group)
        if not are_parts(names):
            if key[0] not in told:
                told.add(key[0])
                shown = ", ".join(f"'{quote(n, 60)}'" for n in names)
                problems.append(f"{where(group[0].line)}: error: one row per konto code; {codes} stands on lines "
                                f"{lines} ({shown}), and the names do not show they are parts of one account (such "
                                "as 'Sygedagpenge' and 'Sygedagpenge, refusion', which are summed)")
            continue
        first = group[0]
        total = sum(r.value for r in group)
        merged[key] = ImportedRow(first.kind, first.konto_codes, min(names, key=len), first.year, first.basis_code,
                                  total, first.line, first.column_label, first.price_level)
        if key[0] not in told:
            told.add(key[0])
            notes.append(f"{where(first.line)}: note: {codes} stands on lines {lines} "
                         f"({', '.join(repr(quote(n, 60)) for n in names)}): parts of one account, summed per column")
    if problems:
        raise ImportRefused(problems)
    out, done = [], set()
    for row in rows:
        key = (row.konto_codes, row.year, row.basis_code, row.column_label)
        if key in merged:
            if key not in done:
                done.add(key)
                out.append(merged[key])
            continue
        out.append(row)
    return out, notes


def _read_pdf(path: Path, page: int | None, unit: str | None, heading: str | None) -> ReadTable:
    from jobbook.ingest.pdf import read_table_pdf, unreadable

    try:
        return read_table_pdf(path, page=page, unit=unit, heading=heading)
    except (TableRefused, ValueError):  # the reader's own refusals, and --unit that is not a unit
        raise
    except Exception as exc:  # an error of pdfplumber or pdfminer the reader did not name: still one line
        raise unreadable(exc) from None


def read_document(path: Path, unit: str | None = None, year: int | None = None, page: int | None = None,
                  heading: str | None = None, display: str | None = None) -> Document:
    """Read the table in ``path`` (a PDF by its suffix, otherwise text) and take its figures for
    ``year`` (every year column when None). Raises ImportRefused with the lines named."""
    from jobbook.ingest.reader import read_table_text

    file = display or str(path)
    try:
        if path.suffix.lower() == ".pdf":
            read_input(path)  # a regular file of a bounded size, before pdfplumber opens it
            table = _read_pdf(path, page, unit, heading)
        else:
            text = decode_text(read_input(path), file)
            table = read_table_text(text, unit=unit, heading=heading)
    except FileNotFoundError:
        raise ImportRefused([f"{file}: error: a text or PDF file with the table; it does not exist"]) from None
    except FileProblem as exc:
        raise ImportRefused([f"{file}: error: {exc}"]) from None
    except TableRefused as exc:
        raise ImportRefused([f"{file}:{p.line}: error: {p.message}" if p.line is not None else f"{file}: error: "
                             f"{p.message}" for p in exc.problems]) from None
    except ValueError as exc:  # --unit that is not a unit
        raise ImportRefused([f"--unit: error: {exc}"]) from None
    years = sorted({c.year for c in table.columns})
    wanted = [i for i, c in enumerate(table.columns) if year is None or c.year == year]
    if not wanted:
        labels = ", ".join(c.label for c in table.columns)
        raise ImportRefused([f"{file}: error: a column for {year}; the table has: {labels}"])
    rows, totals, subtotals = [], [], []
    for row in table.rows:
        (totals if row.is_total else subtotals if row.is_subtotal else rows).extend(_figures(table, row, wanted))
    document = Document(file, table, rows, totals, page, years, subtotals)
    document.rows, document.notes = merge_shared_codes(rows, file, document.where)
    return document
