"""Budgets by account, stated totals and net budgets per area."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from jobbook import fmt
from jobbook.charts import chart_hbar
from jobbook.crosschecks import BUDGET_TABLE_ROUNDING_DKK_1000, rounding_tolerance
from jobbook.dataset import Dataset
from jobbook.figures import Figure, describe_extremes

EXPENSE_TYPE_LABELS_DA = {"forsorgelse": "Forsørgelse (ydelser)", "drift": "Drift og indsats",
                          "administration": "Administration"}
BASIS_LABELS_DA = {"budget": "budget", "actual": "regnskab"}


def change_pct(current: float, previous: float) -> float:
    """Change from ``previous`` to ``current`` in per cent; NaN when there is no base to compare with."""
    if fmt.is_missing(current) or fmt.is_missing(previous) or previous == 0:
        return float("nan")
    return (float(current) - float(previous)) / abs(float(previous)) * 100


def accounts_for_year(ds: Dataset, year: int, basis: str = "budget") -> pd.DataFrame:
    """The account rows of a year with names, expense type and the change from the year before.

    Columns: konto_code, konto_name, expense_type_code, amount_dkk_1000, previous_dkk_1000,
    change_dkk_1000, change_pct, is_new. Accounts of the previous year that are gone are not
    rows here; see :func:`removed_accounts`.
    """
    rows = ds["budget_by_account"]
    chart = ds["chart_of_accounts"].set_index("konto_code")
    current = rows[(rows["budget_year"] == year) & (rows["basis_code"] == basis)]
    previous = rows[(rows["budget_year"] == year - 1) & (rows["basis_code"] == basis)]
    previous_amounts = previous.set_index("konto_code")["amount_dkk_1000"]
    frame = pd.DataFrame({
        "konto_code": current["konto_code"].to_numpy(),
        "konto_name": [chart.loc[k, "konto_name"] for k in current["konto_code"]],
        "expense_type_code": [chart.loc[k, "expense_type_code"] for k in current["konto_code"]],
        "amount_dkk_1000": current["amount_dkk_1000"].astype(float).to_numpy(),
    })
    frame["previous_dkk_1000"] = [float(previous_amounts[k]) if k in previous_amounts.index else float("nan")
                                  for k in frame["konto_code"]]
    frame["change_dkk_1000"] = frame["amount_dkk_1000"] - frame["previous_dkk_1000"]
    frame["change_pct"] = [change_pct(c, p) for c, p in zip(frame["amount_dkk_1000"], frame["previous_dkk_1000"])]
    frame["is_new"] = frame["previous_dkk_1000"].isna() & (len(previous) > 0)
    return frame.sort_values("konto_code").reset_index(drop=True)


def removed_accounts(ds: Dataset, year: int, basis: str = "budget") -> pd.DataFrame:
    """Accounts with a row the year before but none this year."""
    rows = ds["budget_by_account"]
    this_year = set(rows[(rows["budget_year"] == year) & (rows["basis_code"] == basis)]["konto_code"])
    before = rows[(rows["budget_year"] == year - 1) & (rows["basis_code"] == basis)]
    if not this_year:
        return before.iloc[0:0]
    return before[~before["konto_code"].isin(this_year)].reset_index(drop=True)


def totals_by_expense_type(accounts: pd.DataFrame) -> pd.DataFrame:
    """Sum and share per expense type (forsørgelse, drift), with the change from the year before."""
    grouped = accounts.groupby("expense_type_code", sort=False)[["amount_dkk_1000", "previous_dkk_1000"]].sum(
        min_count=1)
    grouped = grouped.reindex([c for c in EXPENSE_TYPE_LABELS_DA if c in grouped.index])
    total = grouped["amount_dkk_1000"].sum()
    grouped["share_pct"] = grouped["amount_dkk_1000"] / total * 100 if total else float("nan")
    grouped["change_dkk_1000"] = grouped["amount_dkk_1000"] - grouped["previous_dkk_1000"]
    grouped["change_pct"] = [change_pct(c, p) for c, p in zip(grouped["amount_dkk_1000"],
                                                             grouped["previous_dkk_1000"])]
    return grouped.reset_index()


@dataclass(frozen=True)
class TotalComparison:
    """A stated total against the sum of its rows."""

    budget_year: int
    basis_code: str
    source_id: str
    stated_dkk_1000: float
    computed_dkk_1000: float
    rows: int

    @property
    def difference_dkk_1000(self) -> float:
        return self.computed_dkk_1000 - self.stated_dkk_1000

    @property
    def tolerance_dkk_1000(self) -> float:
        return rounding_tolerance(self.rows, BUDGET_TABLE_ROUNDING_DKK_1000)

    @property
    def is_rounding(self) -> bool:
        return 0 < abs(self.difference_dkk_1000) <= self.tolerance_dkk_1000


def total_comparisons(ds: Dataset, year: int) -> list[TotalComparison]:
    """Each stated total of the year against the sum of the account rows it covers."""
    totals = ds["budget_totals_stated"]
    rows = ds["budget_by_account"]
    result = []
    for _, total in totals[totals["budget_year"] == year].iterrows():
        mask = ((rows["budget_year"] == year) & (rows["basis_code"] == total["basis_code"])
                & (rows["source_id"] == total["source_id"]))
        result.append(TotalComparison(year, total["basis_code"], total["source_id"],
                                      float(total["amount_dkk_1000"]), float(rows.loc[mask, "amount_dkk_1000"].sum()),
                                      int(mask.sum())))
    return result


def net_budgets_for_year(ds: Dataset, year: int, employment_only: bool = True) -> pd.DataFrame:
    """Top-level net budgets of a year (employment areas first), with scope and source."""
    frame = ds["net_budgets"]
    frame = frame[(frame["budget_year"] == year) & frame["parent_area_code"].isna()]
    if employment_only:
        frame = frame[frame["is_employment_area"]]
    return frame.sort_values(["is_employment_area", "amount_dkk"], ascending=[False, False]).reset_index(drop=True)


# --- figures ---------------------------------------------------------------------------------

def figure_accounts(ds: Dataset, year: int, accounts: pd.DataFrame) -> Figure:
    """Bars of the budget per account, coloured by expense type, with the table of changes."""
    shown = pd.DataFrame({
        "Konto": accounts["konto_code"],
        "Navn": accounts["konto_name"],
        "Type": accounts["expense_type_code"].map(EXPENSE_TYPE_LABELS_DA),
        f"Budget {year} (1.000 kr.)": accounts["amount_dkk_1000"],
        f"Budget {year - 1} (1.000 kr.)": accounts["previous_dkk_1000"],
        "Ændring (1.000 kr.)": accounts["change_dkk_1000"],
        "Ændring (%)": accounts["change_pct"].round(1),
    })
    if accounts["previous_dkk_1000"].isna().all():
        shown = shown.drop(columns=[f"Budget {year - 1} (1.000 kr.)", "Ændring (1.000 kr.)", "Ændring (%)"])
    plot = pd.DataFrame({"konto": accounts["konto_code"] + " " + accounts["konto_name"],
                         "type": accounts["expense_type_code"].map(EXPENSE_TYPE_LABELS_DA),
                         "mio_kr": accounts["amount_dkk_1000"] / 1000})
    chart = chart_hbar(plot, category="konto", value="mio_kr", value_title="Mio. kr.", color=None, decimals=1)
    chart = chart.encode(color=chart_color_type())
    amount = f"Budget {year} (1.000 kr.)"
    return Figure(
        title=f"Budget {year} pr. konto (mio. kr.)",
        table=shown, sources=ds["sources"],
        source_ids=list(ds["budget_by_account"].query("budget_year == @year")["source_id"].unique()),
        description=(f"Vandrette søjler med budgettet for {len(accounts)} konti i {year}. "
                     + describe_extremes(plot, "konto", "mio_kr", lambda v: fmt.mio(v))),
        chart=chart,
        formats={amount: fmt.number, f"Budget {year - 1} (1.000 kr.)": fmt.number,
                 "Ændring (1.000 kr.)": fmt.signed, "Ændring (%)": lambda v: fmt.signed_pct(v)},
    )


def chart_color_type():
    import altair as alt

    return alt.Color("type:N", title="Type", sort=list(EXPENSE_TYPE_LABELS_DA.values()))
