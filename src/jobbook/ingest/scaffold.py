"""``jobbook new-year YEAR``: the rows of a new budget year, ready to be filled in.

Every per-year table gets rows for the new year modelled on the latest year that has rows
in it: the same accounts, recipient groups and areas, with the figures and the place in the
document left empty. A source entry to fill in is added. ``jobbook validate`` then lists
exactly the cells that are still empty; ``jobbook import-budget`` can fill them from the
text of the budget document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jobbook.data.dataset import Dataset, display_path
from jobbook.data.tables import (
    BUDGET_BY_ACCOUNT,
    BUDGET_TOTALS_STATED,
    NET_BUDGETS,
    RECIPIENT_SUBTOTALS_STATED,
    RECIPIENTS,
    SOURCES,
    TABLES,
)
from jobbook.data.write import append_rows


class ScaffoldError(ValueError):
    """The year cannot be scaffolded (it exists already, or a name is taken)."""


@dataclass
class ScaffoldResult:
    year: int
    source_id: str
    added: dict[str, list[int]] = field(default_factory=dict)  # file -> line numbers of new rows
    modelled_on: dict[str, int] = field(default_factory=dict)  # table -> the year copied


def latest_year(frame, year: int) -> int | None:
    years = [int(y) for y in frame["budget_year"] if int(y) < year]
    return max(years) if years else None


def scaffold_year(ds: Dataset, year: int, source_id: str | None = None) -> ScaffoldResult:
    """Append the new year's rows to the data directory of ``ds``."""
    data_dir = Path(ds.data_dir)
    for spec in TABLES:
        if spec.per_year and (ds[spec.name]["budget_year"] == year).any():
            raise ScaffoldError(f"{spec.file_name} already has rows for {year}; nothing was added")
    source_id = source_id or f"budget-{year}"
    if source_id in set(ds["sources"]["source_id"]):
        raise ScaffoldError(f"sources.csv already has a source '{source_id}'; choose another --source-id")
    result = ScaffoldResult(year, source_id)
    common = {"budget_year": year, "source_id": source_id, "source_location": ""}

    def add(spec, rows, model_year):
        if rows:
            result.added[spec.file_name] = append_rows(data_dir / spec.file_name, spec, rows)
            result.modelled_on[spec.file_name] = model_year

    publisher = ds["sources"].dropna(subset=["budget_year"]).sort_values("budget_year")["publisher"]
    add(SOURCES, [{"source_id": source_id, "budget_year": year,
                   "publisher": publisher.iloc[-1] if len(publisher) else ""}], year)

    accounts = ds["budget_by_account"]
    model = latest_year(accounts[accounts["basis_code"] == "budget"], year)
    if model is not None:
        rows = accounts[(accounts["budget_year"] == model) & (accounts["basis_code"] == "budget")]
        add(BUDGET_BY_ACCOUNT, [{**common, "basis_code": "budget", "konto_code": r["konto_code"],
                                 "konto_name_printed": r["konto_name_printed"]} for _, r in rows.iterrows()], model)
        totals = ds["budget_totals_stated"]
        if ((totals["budget_year"] == model) & (totals["basis_code"] == "budget")).any():
            add(BUDGET_TOTALS_STATED, [{**common, "basis_code": "budget", "total_name_printed": "I alt"}], model)

    recipients = ds["recipients"]
    model = latest_year(recipients, year)
    if model is not None:
        groups = list(dict.fromkeys(recipients[recipients["budget_year"] == model]["group_code"]))
        add(RECIPIENTS, [{**common, "group_code": g, "basis_code": "budget"} for g in groups], model)
        subtotals = ds["recipient_subtotals_stated"]
        parents = list(dict.fromkeys(subtotals[subtotals["budget_year"] == model]["group_code"]))
        add(RECIPIENT_SUBTOTALS_STATED, [{**common, "group_code": g, "basis_code": "budget"} for g in parents], model)

    areas = ds["net_budgets"]
    employment = areas[areas["is_employment_area"] & areas["parent_area_code"].isna()]
    model = latest_year(employment, year)
    if model is not None:
        rows = employment[employment["budget_year"] == model]
        add(NET_BUDGETS, [{**common, "area_code": r["area_code"], "area_name_printed": r["area_name_printed"],
                           "committee_name": r["committee_name"], "is_employment_area": True}
                          for _, r in rows.iterrows()], model)  # the scope is left empty: it changes between years
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
    lines += [
        "Fill in:",
        "  - sources.csv: title, published, file_name, sha256 and description_da of the new document;",
        "  - every new row: the figure (amount_dkk_1000, persons, amount_dkk) and source_location;",
        "  - delete rows the document does not have, and add rows it has that last year did not.",
        "Then run `jobbook validate`: it lists every cell that is still empty. "
        "`jobbook import-budget FILE --year YEAR` fills accounts or recipients from the document's text.",
    ]
    return "\n".join(lines)
