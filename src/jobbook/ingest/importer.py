"""``jobbook import-budget FILE``: a budget document's table merged into data/, or refused.

The document's rows (:mod:`jobbook.ingest.document`) are matched to the book's accounts (by
konto code, or by name where the table prints none) or recipient groups (by name), converted
into the unit of the table they go into, and merged row by row: a new row is added, a row the
new-year scaffold left empty is filled, a row with the same figure is left alone (so importing
twice changes nothing), and a row with another figure is a conflict. The import refuses, and
writes nothing, when a row matches nothing, when there is a conflict, or when the data would
have an error they did not have before (a total that no longer adds up, a figure twenty times
the year before's, more persons than inhabitants). Otherwise every file is written together.
"""

from __future__ import annotations

import math
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from jobbook.data.dataset import Dataset, display_path, validate_data_dir
from jobbook.data.fields import FIELDS, Bound
from jobbook.data.national import STAR_SOURCE, chart_rows, national_function
from jobbook.data.tables import (
    BUDGET_BY_ACCOUNT,
    BUDGET_TOTALS_STATED,
    CHART_OF_ACCOUNTS,
    RECIPIENT_SUBTOTALS_STATED,
    RECIPIENTS,
    SOURCES,
    TableSpec,
)
from jobbook.data.write import DataChanges
from jobbook.ingest.document import Document, ImportedRow, ImportRefused
from jobbook.settings import Settings

ACTIONS = ("add", "fill", "same", "conflict")


@dataclass
class Change:
    """What the import does with one row of the data."""

    action: str  # one of ACTIONS
    spec: TableSpec
    row: dict  # the row as the import gives it
    origin: str  # where in the input the figure stands
    line: int | None = None  # the existing row's line in the data file
    existing: str = ""  # the existing figure, for a conflict


@dataclass
class ImportPlan:
    document: Document
    source_id: str
    source_action: str = "same"  # add, update or same
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    data: DataChanges | None = None

    def count(self, action: str) -> int:
        return sum(1 for c in self.changes if c.action == action)


def normal(name: str) -> str:
    """A name as it is matched: case, spacing and hyphens at line breaks do not matter."""
    return " ".join(name.replace("- ", "").replace("-", " ").casefold().split())


# --- matching rows to the book's accounts and groups ------------------------------------------------

def account_of(row: ImportedRow, ds: Dataset, national: dict[str, int] | None = None) -> str:
    """The konto code of an account row: printed on it, or found by its name.

    A printed code that the data's chart of accounts lacks but the national chart of accounts knows
    (:mod:`jobbook.data.national`) is accepted and put in ``national`` (code -> the latest year a row
    prints it), so that the import adds the function to chart_of_accounts.csv with the reference as source.
    """
    chart = ds["chart_of_accounts"]
    known = set(chart["konto_code"].dropna())
    if len(row.konto_codes) > 1:
        raise LookupError(f"one konto code per row; this row prints {', '.join(row.konto_codes)}")
    if row.konto_codes:
        code = row.konto_codes[0]
        if code in known:
            return code
        if national is not None and national_function(code, row.year) is not None:
            national[code] = max(national.get(code, row.year), row.year)
            return code
        raise LookupError(f"a konto in chart_of_accounts.csv or in the national chart of accounts the package ships; "
                          f"{code} is in neither: add it to chart_of_accounts.csv first")
    printed = ds["budget_by_account"]
    names: dict[str, set[str]] = {}
    for code, name in [*zip(chart["konto_code"], chart["konto_name"], strict=True),
                       *zip(printed["konto_code"], printed["konto_name_printed"], strict=True)]:
        if isinstance(name, str) and code in known:
            names.setdefault(normal(name), set()).add(code)
    found = names.get(normal(row.name_printed), set())
    if len(found) != 1:
        what = "several accounts" if found else "no account"
        raise LookupError(f"an account named like this in chart_of_accounts.csv (or a konto code on the row); "
                          f"{what} found")
    return found.pop()


def add_national_accounts(plan: ImportPlan, ds: Dataset, national: dict[str, int]) -> None:
    """Functions the document prints that only the national chart of accounts knows: added to
    chart_of_accounts.csv (with the levels above them where missing), citing STAR's guidance in sources.csv."""
    rows = chart_rows(national, set(ds["chart_of_accounts"]["konto_code"].dropna()))
    if not rows:
        return
    plan.data.append(CHART_OF_ACCOUNTS, rows)
    if STAR_SOURCE["source_id"] not in set(ds["sources"]["source_id"]):
        plan.data.append(SOURCES, [STAR_SOURCE])
    for row in rows:
        name = f" {row['konto_name']}" if row["konto_name"] else ""
        plan.notes.append(f"{CHART_OF_ACCOUNTS.file_name}: note: {row['konto_code']}{name} is taken from the national "
                          "chart of accounts (source star-konteringsvejledning)")


def group_of(row: ImportedRow, ds: Dataset) -> str:
    """The recipient group a row names (its codes are functions, not groups, so only the name counts)."""
    groups = ds["recipient_groups"]
    names: dict[str, set[str]] = {}
    for code, printed, short in zip(groups["group_code"], groups["group_name_printed"], groups["short_name_da"],
                                    strict=True):
        for name in (printed, short):
            if isinstance(name, str):
                names.setdefault(normal(name), set()).add(code)
    found = names.get(normal(row.name_printed), set())
    if len(found) != 1:
        raise LookupError("the name of a group in recipient_groups.csv (group_name_printed or short_name_da); "
                          f"{'several' if found else 'none'} found: add the group there first")
    return found.pop()


# --- planning ----------------------------------------------------------------------------------------

def default_source_id(document: Document) -> str:
    return f"budget-{max(document.years)}"


def plan_import(document: Document, ds: Dataset, settings: Settings, source_id: str | None = None,
                title: str | None = None, location: str | None = None) -> ImportPlan:
    """What importing ``document`` into the data directory of ``ds`` means; refuses with ImportRefused."""
    plan = ImportPlan(document, source_id or default_source_id(document), notes=list(document.notes))
    problems: list[str] = []
    outside = [y for y in document.years if not settings.min_year <= y <= settings.max_year]
    if outside:
        problems.append(f"{document.file}: error: years from {settings.min_year} to {settings.max_year} "
                        f"(jobbook.toml); the table has {', '.join(map(str, outside))}")
    place = location or (f"Tabellen «{document.table.heading}»" if document.table.heading else "Tabellen i dokumentet")
    rows: dict[str, list[tuple[dict, str]]] = {}
    parents = set(ds["recipient_groups"]["parent_group_code"].dropna())
    national: dict[str, int] = {}  # functions only the national chart of accounts knows
    # A recipient table's subtotal lines are its parent groups' stated counts (recipient_subtotals_stated).
    stated = document.subtotals if document.kind == "recipients" else []
    for item in [*document.rows, *stated]:
        origin = document.where(item.line)
        try:
            if item.kind == "account":
                spec, row = BUDGET_BY_ACCOUNT, {"konto_code": account_of(item, ds, national),
                                                "konto_name_printed": item.name_printed,
                                                "amount_dkk_1000": thousands(item, document, plan.notes)}
            else:
                group = group_of(item, ds)
                spec = RECIPIENT_SUBTOTALS_STATED if group in parents else RECIPIENTS
                row = {"group_code": group, "persons": whole_persons(item)}
        except (LookupError, ValueError) as exc:
            problems.append(f"{origin}: error: value {item.name_printed!r} — {exc}")
            continue
        row.update({"budget_year": item.year, "basis_code": item.basis_code, "source_id": plan.source_id,
                    "source_location": f"{place}, kolonnen {item.column_label}"})
        rows.setdefault(spec.name, []).append((row, origin))
    if document.kind == "account" and document.totals:
        grand = max(t.line for t in document.totals)  # the last total line is the table's own total
        for item in (t for t in document.totals if t.line == grand):
            try:
                amount_dkk_1000 = thousands(item, document, plan.notes)
            except ValueError as exc:
                problems.append(f"{document.where(item.line)}: error: value {item.name_printed!r} — {exc}")
                continue
            rows.setdefault(BUDGET_TOTALS_STATED.name, []).append((
                {"budget_year": item.year, "basis_code": item.basis_code, "total_name_printed": item.name_printed,
                 "amount_dkk_1000": amount_dkk_1000, "source_id": plan.source_id,
                 "source_location": f"{place}, linjen {item.name_printed}, kolonnen {item.column_label}"},
                document.where(item.line)))
    if problems:
        raise ImportRefused(problems)
    plan.data = DataChanges(Path(ds.data_dir))
    plan_source(plan, ds, settings, title)
    add_national_accounts(plan, ds, national)
    for spec in (BUDGET_BY_ACCOUNT, BUDGET_TOTALS_STATED, RECIPIENTS, RECIPIENT_SUBTOTALS_STATED):
        if spec.name in rows:
            merge(plan, spec, rows[spec.name])
    conflicts = [f"{display_path(Path(ds.data_dir) / c.spec.file_name)}:{c.line}: error: column "
                 f"'{c.spec.figure_column}' value {c.existing!r} — {c.row[c.spec.figure_column]} as {c.origin} gives; "
                 "the row is not changed (correct one of them, or delete the row to import it)"
                 for c in plan.changes if c.action == "conflict"]
    if conflicts:
        raise ImportRefused(conflicts)
    check_no_new_errors(plan, ds, settings)
    return plan


def _within(value: float, bound: Bound, unit: str) -> None:
    """ValueError naming the range when ``value`` is outside ``bound`` (or not a finite number)."""
    if not bound.holds(value):
        printed = f"it comes to {value:.3g} {unit}" if math.isfinite(value) else "it is too large to store"
        raise ValueError(f"{bound.describe()} {unit}; {printed}")


def thousands(item: ImportedRow, document: Document, notes: list[str]) -> int:
    """Kroner as whole 1,000 kr. (the unit of the account tables); a note when that rounds.

    ValueError when the amount lies outside what the data may hold (AMOUNT_DKK_MAX, or overflows).
    """
    _within(item.value, FIELDS["amount_dkk"].bound, "kr.")
    value = item.value / 1000
    rounded = round(value)
    if abs(value - rounded) > 1e-6:
        notes.append(f"{document.where(item.line)}: note: {item.name_printed} {item.year}: {item.value:,.0f} kr. "
                     f"is stored as {rounded} (1,000 kr.)")
    return int(rounded)


def whole_persons(item: ImportedRow) -> int:
    """A count of persons as stored: whole and within the persons column's bound (else ValueError)."""
    _within(item.value, FIELDS["persons"].bound, "persons")
    if abs(item.value - round(item.value)) > 1e-9:
        raise ValueError(f"a whole number of persons; the table prints {item.value:g} (the book stores whole "
                         "full-year persons: round it in the copied table, as the document's own total does)")
    return int(round(item.value))


def plan_source(plan: ImportPlan, ds: Dataset, settings: Settings, title: str | None) -> None:
    """The document's row in sources.csv: added, its title updated, or left as it is."""
    header, existing = plan.data.rows(SOURCES)
    for position, (_, row) in enumerate(existing):
        if row.get("source_id") == plan.source_id:
            if title and row.get("title") != title:
                plan.data.replace_cells(SOURCES, {position: {"title": title}})
                plan.source_action = "update"
            return
    document = plan.document
    plan.data.append(SOURCES, [{
        "source_id": plan.source_id, "title": title or f"Budget {max(document.years)}",
        "publisher": settings.municipality_name, "budget_year": max(document.years),
        "description_da": f"Budgetdokument med tabellen «{document.table.heading or Path(document.file).name}», "
                          "indlæst med jobbook import-budget.",
    }])
    plan.source_action = "add"


def _key(spec: TableSpec, row: dict) -> tuple[str, ...]:
    return tuple(str(row.get(k, "")).strip() for k in spec.key)


def merge(plan: ImportPlan, spec: TableSpec, new_rows: list[tuple[dict, str]]) -> None:
    """Add, fill, leave or flag each new row against the file's rows (matched on the table's key)."""
    figure = spec.figure_column
    _, existing = plan.data.rows(spec)
    index = {_key(spec, row): (position, line, row) for position, (line, row) in enumerate(existing)}
    fills: dict[int, dict] = {}
    appends = []
    matched = set()
    for row, origin in new_rows:
        key = _key(spec, row)
        matched.add(key)
        found = index.get(key)
        if found is None:
            appends.append(row)
            plan.changes.append(Change("add", spec, row, origin))
            continue
        position, line, current = found
        if not current.get(figure, "").strip():
            fills[position] = {c: v for c, v in row.items() if not str(current.get(c, "")).strip()}
            plan.changes.append(Change("fill", spec, row, origin, line))
        elif float(current[figure]) == float(row[figure]):
            plan.changes.append(Change("same", spec, row, origin, line))
        else:
            plan.changes.append(Change("conflict", spec, row, origin, line, current[figure]))
    years = {str(row["budget_year"]) for row, _ in new_rows}
    for key, (_, line, current) in index.items():
        if current.get("budget_year") in years and not current.get(figure, "").strip() and key not in matched:
            plan.notes.append(f"{spec.file_name}:{line}: note: still empty: the imported table has no figure for "
                              "this row; fill it in or delete the row")
    if fills:
        plan.data.replace_cells(spec, fills)
    if appends:
        plan.data.append(spec, appends)


def check_no_new_errors(plan: ImportPlan, ds: Dataset, settings: Settings) -> None:
    """Validate the data as the import would leave them (in a copy): an error they did not have before
    (a total that no longer adds up, an implausible jump, too many persons) refuses the import."""
    data_dir = Path(ds.data_dir)
    before = {(Path(f.file).name, f.line, f.column, f.expected) for f in validate_data_dir(data_dir, settings).errors}
    with tempfile.TemporaryDirectory(prefix="jobbook-import-") as folder:
        copy = Path(folder) / data_dir.name
        shutil.copytree(data_dir, copy, ignore=shutil.ignore_patterns(".*"))
        for name, text in plan.data.texts.items():
            (copy / name).write_text(text, encoding="utf-8")
        after = validate_data_dir(copy, settings).errors
    new = [f for f in after if (Path(f.file).name, f.line, f.column, f.expected) not in before]
    if new:
        raise ImportRefused([f.format().replace(str(copy), display_path(data_dir)) for f in new])


def apply_import(plan: ImportPlan) -> None:
    """Write every file the plan changes, all together."""
    plan.data.commit()
