"""``jobbook import-budget FILE``: a budget document's table merged into data/, or refused.

The document's rows (:mod:`jobbook.ingest.document`) are matched to the book's accounts (by
konto code, or by name where the table prints none) or recipient groups (by name), converted
into the unit of the table they go into, and merged row by row. Every figure keeps the document
that printed it (:mod:`jobbook.data.vintages`): a figure another document already prints is added
as this document's row, confirming it (the same figure) or revising it (another figure; the book
shows the most recent document's). The document's own row is filled where the new-year scaffold
left it empty, left alone when it holds the same figure (so importing twice changes nothing), and
a conflict when it holds another. The import refuses, and writes nothing, when a row matches
nothing, when there is a conflict, or when the data would have an error they did not have before
(a total that no longer adds up, a figure twenty times the year before's or another document's,
more persons than inhabitants). Otherwise every file is written together.

New rows are appended and existing rows never move (a file's history stays readable), so the same
documents imported in another order give the same rows, possibly in another order in the files;
nothing the book shows depends on that order (the current figure and the order of documents
follow from sources.csv, see :func:`jobbook.data.vintages.document_order`).
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
from jobbook.data.vintages import VINTAGED, figure_key
from jobbook.data.write import DataChanges
from jobbook.ingest.document import Document, ImportedRow, ImportRefused
from jobbook.settings import Settings

#: add: a figure no document printed; confirm / revise: another document prints the same / another figure
#: (the row is added as this document's); fill: a row left empty; same: this document's row, unchanged.
ACTIONS = ("add", "confirm", "revise", "fill", "same", "conflict")


@dataclass
class Change:
    """What the import does with one row of the data."""

    action: str  # one of ACTIONS
    spec: TableSpec
    row: dict  # the row as the import gives it
    origin: str  # where in the input the figure stands
    line: int | None = None  # the existing row's line in the data file
    existing: str = ""  # the existing figure, for a conflict or a revision
    others: tuple[str, ...] = ()  # for a confirmation or revision: the documents that print the figure already


@dataclass
class ImportPlan:
    document: Document
    source_id: str
    source_action: str = "same"  # add, update or same
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    data: DataChanges | None = None

    def count(self, *actions: str) -> int:
        return sum(1 for c in self.changes if c.action in actions)


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
                title: str | None = None, location: str | None = None, published: str | None = None) -> ImportPlan:
    """What importing ``document`` into the data directory of ``ds`` means; refuses with ImportRefused.

    ``published`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) is recorded in the document's row of
    sources.csv: it decides whose figure is current where documents differ."""
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
    if problems:  # a row refused for its name or code is refused in every year column: say it once
        raise ImportRefused(list(dict.fromkeys(problems)))
    plan.data = DataChanges(Path(ds.data_dir))
    plan_source(plan, ds, settings, title, published)
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


def plan_source(plan: ImportPlan, ds: Dataset, settings: Settings, title: str | None,
                published: str | None = None) -> None:
    """The document's row in sources.csv: added, its title or publication date updated, or left as it is."""
    header, existing = plan.data.rows(SOURCES)
    for position, (_, row) in enumerate(existing):
        if row.get("source_id") == plan.source_id:
            updates = {column: value for column, value in (("title", title), ("published", published))
                       if value and row.get(column) != value}
            if updates:
                plan.data.replace_cells(SOURCES, {position: updates})
                plan.source_action = "update"
            return
    document = plan.document
    plan.data.append(SOURCES, [{
        "source_id": plan.source_id, "title": title or f"Budget {max(document.years)}",
        "publisher": settings.municipality_name, "published": published, "budget_year": max(document.years),
        "description_da": f"Budgetdokument med tabellen «{document.table.heading or Path(document.file).name}», "
                          "indlæst med jobbook import-budget.",
    }])
    plan.source_action = "add"


def _key(columns: list[str], row: dict) -> tuple[str, ...]:
    return tuple(str(row.get(k, "")).strip() for k in columns)


def merge(plan: ImportPlan, spec: TableSpec, new_rows: list[tuple[dict, str]]) -> None:
    """Add, confirm, revise, fill, leave or flag each new row against the file's rows.

    Rows are matched on the figure they give (the table's key without the document): this
    document's own row of the figure is filled, left or a conflict; a row another document
    prints stays as it is, and this document's row is added beside it.
    """
    figure = spec.figure_column
    # A vintaged table's figure is matched across documents; a stated total belongs to its document alone.
    columns = figure_key(spec) if spec.name in VINTAGED else list(spec.key)
    _, existing = plan.data.rows(spec)
    index: dict[tuple[str, ...], list[tuple[int, int, dict]]] = {}
    for position, (line, row) in enumerate(existing):
        index.setdefault(_key(columns, row), []).append((position, line, row))
    fills: dict[int, dict] = {}
    appends = []
    matched = set()
    for row, origin in new_rows:
        key = _key(columns, row)
        matched.add(key)
        found = [item for item in index.get(key, []) if item[0] not in fills]
        own = [item for item in found if item[2].get("source_id", "").strip() == plan.source_id]
        empty = [item for item in found if not item[2].get(figure, "").strip()]
        printed = [item for item in found if item[2].get(figure, "").strip() and item not in own]
        if own or (empty and not printed):
            # A row left empty (by the scaffold, under whichever source) becomes this document's row, whole:
            # the result does not depend on which document was imported first.
            position, line, current = (own or empty)[0]
            if not current.get(figure, "").strip():
                fills[position] = row
                plan.changes.append(Change("fill", spec, row, origin, line))
            elif float(current[figure]) == float(row[figure]):
                plan.changes.append(Change("same", spec, row, origin, line))
            else:
                plan.changes.append(Change("conflict", spec, row, origin, line, current[figure]))
            continue
        appends.append(row)
        if not printed:
            plan.changes.append(Change("add", spec, row, origin))
            continue
        same = [item for item in printed if float(item[2][figure]) == float(row[figure])]
        if same:
            plan.changes.append(Change("confirm", spec, row, origin, same[0][1],
                                       others=tuple(item[2]["source_id"] for item in same)))
        else:
            first = printed[0]
            plan.changes.append(Change("revise", spec, row, origin, first[1], first[2][figure],
                                       others=tuple(item[2]["source_id"] for item in printed)))
            plan.notes.append(f"{origin}: note: {' '.join(key)}: {row[figure]} here, "
                              + "; ".join(f"{item[2][figure]} in {item[2]['source_id']} ({spec.file_name}:{item[1]})"
                                          for item in printed)
                              + ": both are kept, and the book shows the figure of the most recent document "
                                "(sources.csv: published, else budget_year) and says it was revised")
    years = {str(row["budget_year"]) for row, _ in new_rows}
    for key, items in index.items():
        for _, line, current in items:
            if current.get("budget_year") in years and not current.get(figure, "").strip() and key not in matched:
                plan.notes.append(f"{spec.file_name}:{line}: note: still empty: the imported table has no figure "
                                  "for this row; fill it in or delete the row")
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
