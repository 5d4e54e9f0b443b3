"""``jobbook new-year YEAR``: the rows of a new budget year, ready to be filled in.

Every per-year table gets rows for the new year modelled on the latest year that has rows
in it: the same accounts, recipient groups and areas, with the figures and the place in the
document left empty. A source entry to fill in is added. ``jobbook validate`` then lists
exactly the cells that are still empty; ``jobbook import-budget`` can fill them from the
text of the budget document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from jobbook.data.dataset import Dataset, display_path
from jobbook.data.tables import NET_BUDGETS, SOURCES, TABLES_BY_NAME, TableSpec
from jobbook.data.write import DataChanges
from jobbook.settings import Settings

#: The per-year tables a new year gets rows in, each modelled on the latest year before it.
SCAFFOLDED = ("budget_by_account", "budget_totals_stated", "recipients", "recipient_subtotals_stated",
              "net_budgets")
#: The basis of every scaffolded row: a new budget document gives budgets.
NEW_YEAR_BASIS = "budget"


class ScaffoldError(ValueError):
    """The year cannot be scaffolded (it exists already, or a name is taken)."""


@dataclass
class ScaffoldResult:
    year: int
    source_id: str
    added: dict[str, list[int]] = field(default_factory=dict)  # file -> line numbers of new rows
    modelled_on: dict[str, int] = field(default_factory=dict)  # table -> the year copied


def model_rows(ds: Dataset, spec: TableSpec, year: int):
    """The rows a new year's rows are copied from: the latest year before ``year`` that has rows
    (only the employment area's own net budgets; for a table with a basis, one row per key)."""
    frame = ds[spec.name]
    if spec is NET_BUDGETS:
        frame = frame[frame["is_employment_area"] & frame["parent_area_code"].isna()]
    earlier = frame[frame["budget_year"] < year]
    if earlier.empty:
        return None, earlier
    model = int(earlier["budget_year"].max())
    rows = earlier[earlier["budget_year"] == model]
    if "basis_code" in spec.columns:
        budget_rows = rows[rows["basis_code"] == NEW_YEAR_BASIS]
        rows = budget_rows if not budget_rows.empty else rows
        rows = rows.drop_duplicates([k for k in spec.key if k not in ("basis_code", "budget_year")])
    return model, rows


def new_year_row(spec: TableSpec, model, year: int, source_id: str) -> dict:
    """A row for the new year: the model row's naming columns, the figures and places left empty."""
    row = {}
    for f in spec.fields:
        if f.name == "budget_year":
            row[f.name] = year
        elif f.name == "source_id":
            row[f.name] = source_id
        elif f.name == "basis_code":
            row[f.name] = NEW_YEAR_BASIS
        elif not f.renewed_each_year:
            row[f.name] = model[f.name]
    return row


def scaffold_year(ds: Dataset, year: int, settings: Settings, source_id: str | None = None) -> ScaffoldResult:
    """Append the new year's rows to the data directory of ``ds`` (all files together, or none)."""
    data_dir = Path(ds.data_dir)
    for name in SCAFFOLDED:
        spec = TABLES_BY_NAME[name]
        if (ds[name]["budget_year"] == year).any():
            raise ScaffoldError(f"{spec.file_name} already has rows for {year}; nothing was added")
    source_id = source_id or f"budget-{year}"
    # The rule the schema checks every source_id against (and so refuses an import's --source by):
    # the field's own pattern and words, so new-year writes no id that validate or an import refuses.
    rule = SOURCES.field("source_id")
    if not re.fullmatch(rule.pattern, source_id):
        raise ScaffoldError(f"--source-id {source_id!r}: {rule.pattern_help}; nothing was added")
    result = ScaffoldResult(year, source_id)
    changes = DataChanges(data_dir)
    if source_id not in set(ds["sources"]["source_id"]):  # a source an import added is used as it is
        result.added[SOURCES.file_name] = changes.append(SOURCES, [
            {"source_id": source_id, "budget_year": year, "publisher": settings.municipality_name}])
        result.modelled_on[SOURCES.file_name] = year
    for name in SCAFFOLDED:
        spec = TABLES_BY_NAME[name]
        model, rows = model_rows(ds, spec, year)
        if model is None:
            continue
        result.added[spec.file_name] = changes.append(spec, [new_year_row(spec, r, year, source_id)
                                                             for _, r in rows.iterrows()])
        result.modelled_on[spec.file_name] = model
    changes.commit()  # every file or none
    return result


def describe(result: ScaffoldResult, data_dir: Path) -> str:
    """What to fill in, and where, for the analyst."""
    lines = [f"Added rows for {result.year} with source id '{result.source_id}':"]
    for file_name, numbers in result.added.items():
        where = display_path(data_dir / file_name)
        span = f"line {numbers[0]}" if len(numbers) == 1 else f"lines {numbers[0]}-{numbers[-1]}"
        model = result.modelled_on.get(file_name)
        copied = f" (modelled on {model})" if model and model != result.year else ""
        lines.append(f"  {where}: {span}{copied}")
    figures = ", ".join(dict.fromkeys(TABLES_BY_NAME[name].figure_column for name in SCAFFOLDED))
    lines += [
        "Fill in:",
        "  - sources.csv: title, published, file_name, sha256 and description_da of the new document;",
        f"  - every new row: the figure ({figures}) and source_location;",
        "  - delete rows the document does not have, and add rows it has that last year did not.",
        "Then run `jobbook validate`: it lists every cell that is still empty. "
        "`jobbook import-budget FILE` fills accounts or recipients from the document (its text or the PDF).",
    ]
    return "\n".join(lines)
