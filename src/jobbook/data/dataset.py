"""Validating the data directory and loading it as one checked :class:`Dataset`.

Every table is read by :mod:`jobbook.data.read`, checked through its pandera schema (types,
required cells, codes, ranges, references, unique key) and then by the cross-checks. Only a
directory without errors becomes a Dataset; notebooks never see unchecked data.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from jobbook.data.checks import run_crosschecks
from jobbook.data.findings import DataError, Finding
from jobbook.data.read import ParsedTable, read_table
from jobbook.data.schema import SchemaContext, build_schema
from jobbook.data.tables import TABLES, TABLES_BY_NAME
from jobbook.data.totals import TotalComparison, budget_total_comparisons
from jobbook.data.vintages import VINTAGED, FigureVintages, current_figures, figure_vintages
from jobbook.files import StagedWrite, whole_tables
from jobbook.settings import Settings, load_settings

_UNIQUENESS_CHECKS = {"multiple_fields_uniqueness", "field_uniqueness"}
#: When set to a file path, every table a Dataset hands out is named in that file (the test that
#: checks each template's declared inputs uses it).
TRACE_ENV = "JOBBOOK_TRACE_TABLES"


def display_path(path: Path) -> str:
    """A path as short as it can be for messages: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def reference_values(tables: Mapping[str, ParsedTable]) -> dict[str, frozenset[str]]:
    """For every ``table.column`` some column refers to: the values that table holds."""
    values = {}
    for spec in TABLES:
        for f in spec.fields:
            if not f.references:
                continue
            table_name, column = f.references.split(".")
            frame = tables[table_name].frame
            if frame is not None and column in frame:
                values[f.references] = frozenset(frame[column].dropna().astype(str))
    return values


def _key_text(table: ParsedTable, row: int) -> str:
    """The key of a row as read (after normalisation, so 055771 and 5.57.71 are one key)."""
    return ", ".join(f"{c}={table.frame.at[row, c]}" for c in table.spec.key)


def schema_findings(table: ParsedTable, ctx: SchemaContext) -> list[Finding]:
    """Validate a parsed table through its pandera schema; every failure becomes a located finding."""
    import pandera.pandas as pa

    if table.frame is None:
        return []
    try:
        build_schema(table.spec, ctx).validate(table.frame, lazy=True)
        return []
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    findings: list[Finding] = []
    duplicate_rows: set[int] = set()
    for case in cases.itertuples(index=False):
        column, check, index = case.column, str(case.check), case.index
        if column in table.missing_columns:
            continue
        if index is None or pd.isna(index):
            findings.append(Finding(file=table.display_path, column=column,
                                    expected=f"{check} (failed for the whole column: {case.failure_case})"))
            continue
        row = int(index)
        if check in _UNIQUENESS_CHECKS:
            duplicate_rows.add(row)
            continue
        if (row, column) in table.reported_cells:
            continue
        table.reported_cells.add((row, column))
        if check == "not_nullable":
            findings.append(table.cell_finding(row, column, "a value; this column is required",
                                               kind="empty required cells"))
        else:
            findings.append(table.cell_finding(row, column, check))
    if duplicate_rows:
        first_line = {}
        for row in range(len(table.lines)):
            first_line.setdefault(_key_text(table, row), table.lines[row])
        for row in sorted(duplicate_rows):
            key = _key_text(table, row)
            if table.lines[row] == first_line[key]:
                continue  # the first occurrence is where the key belongs
            findings.append(table.row_finding(
                row, f"a unique key ({', '.join(table.spec.key)}); {key} is already on line {first_line[key]}",
                kind="duplicate keys"))
    return findings


@dataclass
class ValidationReport:
    """Everything found in a data directory; ``tables`` holds what could be read, ``budget_totals``
    each printed budget total against its document's accounts (empty while either table has errors)."""

    data_dir: Path
    tables: dict[str, ParsedTable]
    findings: list[Finding]
    budget_totals: tuple[TotalComparison, ...] = ()

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def notes(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "note"]

    @property
    def ok(self) -> bool:
        return not self.errors


def validate_data_dir(data_dir: Path | None = None, settings: Settings | None = None) -> ValidationReport:
    """Read and check every table of ``data_dir``; never raises for a data problem."""
    settings = settings or load_settings()
    data_dir = Path(data_dir or settings.data_dir)
    findings: list[Finding] = []
    if not data_dir.is_dir():
        findings.append(Finding(file=display_path(data_dir), expected="a data directory; it does not exist"))
        return ValidationReport(data_dir, {}, findings)
    with contextlib.ExitStack() as reading:
        try:  # a write of several files that was interrupted: finished or dropped; one in progress waits
            reading.enter_context(whole_tables(data_dir))
        except OSError as exc:
            findings.append(Finding(file=display_path(data_dir / StagedWrite.STAGING),
                                    expected=f"no unfinished write; an interrupted command left one that cannot be "
                                             f"finished ({exc.strerror}): run it again where the folder is writable"))
            return ValidationReport(data_dir, {}, findings)
        tables = {spec.name: read_table(data_dir / spec.file_name, spec, display_path(data_dir / spec.file_name))
                  for spec in TABLES}
    for table in tables.values():
        findings.extend(table.findings)
    known = {spec.file_name for spec in TABLES}
    for path in sorted(data_dir.glob("*.csv")):
        if path.name not in known:
            findings.append(Finding(file=display_path(path),
                                    expected="a table of the book; this file name is not one "
                                             "(see the data dictionary for the table names)"))
    ctx = SchemaContext(settings.min_year, settings.max_year, reference_values(tables))
    for table in tables.values():
        findings.extend(schema_findings(table, ctx))
    broken = {name for name, table in tables.items()
              if any(f.severity == "error" and f.file == table.display_path for f in findings)}
    totals, accounts = tables["budget_totals_stated"].frame, tables["budget_by_account"].frame
    budget_totals = (() if broken & {"budget_totals_stated", "budget_by_account"} or totals is None or accounts is None
                     else tuple(budget_total_comparisons(totals, accounts)))
    findings.extend(run_crosschecks(tables, settings.sources_dir, settings.population, broken,
                                    budget_totals=budget_totals))
    return ValidationReport(data_dir, tables, findings, budget_totals)


@dataclass(frozen=True)
class Dataset:
    """The validated tables of one data directory, with the notes the checks produced and the printed
    budget totals compared with their accounts (made once, by the validation)."""

    data_dir: Path
    settings: Settings
    frames: Mapping[str, pd.DataFrame]  # every row of every file (for a vintaged table: each document's)
    notes: tuple[Finding, ...]
    budget_totals: tuple[TotalComparison, ...] = ()
    _current: dict = field(default_factory=dict, init=False, repr=False, compare=False)  # current views, by name

    def _trace(self, name: str) -> None:
        if name not in TABLES_BY_NAME:
            raise KeyError(f"no table named {name!r}; tables: {', '.join(TABLES_BY_NAME)}")
        trace = os.environ.get(TRACE_ENV)
        if trace:
            with open(trace, "a", encoding="utf-8") as handle:
                handle.write(name + "\n")

    def __getitem__(self, name: str) -> pd.DataFrame:
        """A copy of the table ``name`` (callers may change it freely).

        For a table several documents may print a figure of (:data:`VINTAGED`), one row per
        figure: the current one (:func:`jobbook.data.vintages.current_figures`), with
        ``source_ids`` naming every document that prints it. Sums over these rows count each
        figure once; :meth:`every_document` gives each document's rows.
        """
        self._trace(name)
        if name not in VINTAGED:
            return self.frames[name].copy()
        self._trace("sources")  # which figure is current follows from the documents' dates
        if name not in self._current:
            self._current[name] = current_figures(self.frames[name], TABLES_BY_NAME[name], self.frames["sources"])
        return self._current[name].copy()

    def every_document(self, name: str) -> pd.DataFrame:
        """Every row of the table as the files hold it: for a vintaged table, each document's row of a figure."""
        self._trace(name)
        return self.frames[name].copy()

    def revisions(self, name: str) -> list[FigureVintages]:
        """The figures of a vintaged table that a later document printed differently, in key order."""
        self._trace(name)
        return [item for item in figure_vintages(self.frames[name], TABLES_BY_NAME[name], self.frames["sources"])
                if item.is_revised]

    def budget_totals_of(self, year: int) -> list[TotalComparison]:
        """The printed budget totals of ``year``, each against its own document's accounts, as the
        validation compared them (each document's rows: a total covers its own figures, revised or not)."""
        self._trace("budget_totals_stated")
        self._trace("budget_by_account")
        return [c for c in self.budget_totals if c.budget_year == year]

    def budget_years(self) -> list[int]:
        """Every budget year that has rows in a per-year table, ascending: the years the book has a page for."""
        years: set[int] = set()
        for spec in TABLES:
            if spec.per_year:
                years.update(int(y) for y in self.frames[spec.name]["budget_year"].dropna())
        return sorted(years)


def _fingerprint(data_dir: Path) -> tuple:
    return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(data_dir.glob("*.csv")))


@lru_cache(maxsize=8)
def _load(data_dir: Path, settings: Settings, fingerprint: tuple) -> Dataset:
    """The dataset of ``data_dir`` as its files are now (``fingerprint``: their names, times and sizes);
    a process that loads the same files twice, such as a kernel running several chapters, checks them once."""
    report = validate_data_dir(data_dir, settings)
    if not report.ok:
        raise DataError(report.findings)
    frames = {name: table.frame for name, table in report.tables.items()}
    return Dataset(data_dir, settings, frames, tuple(report.notes), report.budget_totals)


def load_dataset(data_dir: str | os.PathLike | None = None, settings: Settings | None = None) -> Dataset:
    """The validated dataset of ``data_dir`` (default: the settings' data directory).

    Raises :class:`DataError` listing every error when the directory does not validate.
    """
    settings = settings or load_settings()
    path = Path(data_dir).resolve() if data_dir else settings.data_dir
    if not path.is_dir():
        raise DataError([Finding(file=display_path(path), expected="a data directory; it does not exist")])
    return _load(path, settings, _fingerprint(path))


def read_dataset_unchecked(data_dir: Path, settings: Settings) -> Dataset:
    """The tables as far as they can be read, errors or not (for tools that fill in missing cells).

    Never use this to compute figures: only :func:`load_dataset` returns checked data.
    """
    report = validate_data_dir(Path(data_dir), settings)
    unreadable = [f for f in report.errors if f.line is None or f.line == 1]
    if unreadable or any(t.frame is None for t in report.tables.values()):
        raise DataError(unreadable or report.errors)
    frames = {name: table.frame for name, table in report.tables.items()}
    return Dataset(Path(data_dir), settings, frames, tuple(report.notes), report.budget_totals)
