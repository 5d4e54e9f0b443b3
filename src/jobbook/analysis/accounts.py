"""Budgets by account, stated totals and net budgets per area: computations several chapters share."""

from __future__ import annotations

import pandas as pd

from jobbook.data.dataset import Dataset
from jobbook.data.totals import TotalComparison
from jobbook.data.vintages import CONFIRMED_BY, document_order
from jobbook.present import fmt
from jobbook.present.labels import EXPENSE_TYPE_DA, MISSING_DA


def change_pct(current: float, previous: float) -> float:
    """Change from ``previous`` to ``current`` in per cent; NaN without a base to compare with."""
    if fmt.is_missing(current) or fmt.is_missing(previous) or float(previous) == 0:
        return float("nan")
    return (float(current) - float(previous)) / abs(float(previous)) * 100


def change_pct_series(current: pd.Series, previous: pd.Series) -> pd.Series:
    """:func:`change_pct` row by row."""
    return pd.Series([change_pct(c, p) for c, p in zip(current, previous, strict=True)], index=current.index,
                     dtype=float)


def hovedkonto_of(ds: Dataset, expense_type_code: str) -> str:
    """The hovedkonto the functions of an expense type are booked on (``6`` for administration)."""
    chart = ds["chart_of_accounts"]
    codes = chart[chart["expense_type_code"] == expense_type_code]["konto_code"]
    heads = sorted({code.split(".")[0] for code in codes})
    return fmt.join_da(heads) if heads else MISSING_DA


def accounts_for_year(ds: Dataset, year: int, basis: str = "budget") -> pd.DataFrame:
    """The account rows of a year with names, expense type and the change from the year before.

    Columns: konto_code, konto_name, expense_type_code, amount_dkk_1000, previous_dkk_1000,
    change_dkk_1000, change_pct, is_new (no row the year before, while that year has rows).
    """
    rows = ds["budget_by_account"]
    chart = ds["chart_of_accounts"].set_index("konto_code")
    current = rows[(rows["budget_year"] == year) & (rows["basis_code"] == basis)].sort_values("konto_code")
    previous = rows[(rows["budget_year"] == year - 1) & (rows["basis_code"] == basis)]
    previous_amounts = previous.set_index("konto_code")["amount_dkk_1000"].astype(float)
    codes = list(current["konto_code"])
    names = [chart.loc[k, "konto_name"] for k in codes]
    frame = pd.DataFrame({
        "konto_code": codes,
        "konto_name": [printed if fmt.is_missing(name) else name  # the chart may leave a name empty
                       for name, printed in zip(names, current["konto_name_printed"], strict=True)],
        "expense_type_code": [chart.loc[k, "expense_type_code"] for k in codes],
        "amount_dkk_1000": current["amount_dkk_1000"].astype(float).to_numpy(),
        "previous_dkk_1000": [previous_amounts.get(k, float("nan")) for k in codes],
    })
    frame["change_dkk_1000"] = frame["amount_dkk_1000"] - frame["previous_dkk_1000"]
    frame["change_pct"] = change_pct_series(frame["amount_dkk_1000"], frame["previous_dkk_1000"])
    frame["is_new"] = frame["previous_dkk_1000"].isna() & (not previous.empty)
    return frame


def removed_accounts(ds: Dataset, year: int, basis: str = "budget") -> pd.DataFrame:
    """Accounts with a row the year before but none this year (empty when this year has no rows)."""
    rows = ds["budget_by_account"]
    this_year = set(rows[(rows["budget_year"] == year) & (rows["basis_code"] == basis)]["konto_code"])
    before = rows[(rows["budget_year"] == year - 1) & (rows["basis_code"] == basis)]
    if not this_year:
        return before.iloc[0:0].reset_index(drop=True)
    return before[~before["konto_code"].isin(this_year)].reset_index(drop=True)


def year_rows(ds: Dataset, year: int, basis: str = "budget") -> pd.DataFrame:
    """All account rows of a year and basis, with their expense type."""
    rows = ds["budget_by_account"]
    rows = rows[(rows["budget_year"] == year) & (rows["basis_code"] == basis)]
    types = ds["chart_of_accounts"].set_index("konto_code")["expense_type_code"]
    return rows.assign(expense_type_code=rows["konto_code"].map(types),
                       amount=rows["amount_dkk_1000"].astype(float))


def totals_by_expense_type(ds: Dataset, year: int, basis: str = "budget") -> pd.DataFrame:
    """Sum and share per expense type, with the change from the whole of the year before
    (accounts that are gone count as a fall, new accounts as a rise)."""
    current = year_rows(ds, year, basis).groupby("expense_type_code")["amount"].sum()
    previous_rows = year_rows(ds, year - 1, basis)
    previous = previous_rows.groupby("expense_type_code")["amount"].sum()
    codes = [c for c in EXPENSE_TYPE_DA if c in current.index]
    frame = pd.DataFrame({"expense_type_code": codes, "amount_dkk_1000": [float(current[c]) for c in codes]})
    frame["previous_dkk_1000"] = [float(previous.get(c, 0.0)) if not previous_rows.empty else float("nan")
                                  for c in codes]
    total = frame["amount_dkk_1000"].sum()
    frame["share_pct"] = frame["amount_dkk_1000"] / total * 100 if total else float("nan")
    frame["change_dkk_1000"] = frame["amount_dkk_1000"] - frame["previous_dkk_1000"]
    frame["change_pct"] = change_pct_series(frame["amount_dkk_1000"], frame["previous_dkk_1000"])
    return frame


def largest_changes(frame: pd.DataFrame, change: str, top: int) -> pd.DataFrame:
    """The ``top`` rows whose ``change`` column is largest either way, largest first (rows without a
    change, or with none, left out): the accounts' and the recipient groups' "largest changes"."""
    changed = frame.dropna(subset=[change])
    changed = changed[changed[change] != 0]
    return changed.reindex(changed[change].abs().sort_values(ascending=False, kind="stable").index).head(top)


def largest_account_changes(accounts: pd.DataFrame, top: int) -> pd.DataFrame:
    """The accounts whose budget changed most from the year before (in kroner, either way)."""
    return largest_changes(accounts, "change_dkk_1000", top)


def total_comparisons(ds: Dataset, year: int) -> list[TotalComparison]:
    """Each stated total of the year against the sum of the account rows of its own document (as the
    validation compared them; a document's total covers its own figures, revised or not)."""
    return ds.budget_totals_of(year)


def net_budgets_for_year(ds: Dataset, year: int) -> pd.DataFrame:
    """Top-level net budgets of the employment area in a year, largest first."""
    frame = ds["net_budgets"]
    frame = frame[(frame["budget_year"] == year) & frame["parent_area_code"].isna() & frame["is_employment_area"]]
    return frame.sort_values("amount_dkk", ascending=False).reset_index(drop=True)


def employment_net_budgets(ds: Dataset) -> pd.DataFrame:
    """Every top-level net budget of the employment area, by year: a series only with a caveat."""
    frame = ds["net_budgets"]
    frame = frame[frame["parent_area_code"].isna() & frame["is_employment_area"]]
    return frame.sort_values(["budget_year", "amount_dkk"], ascending=[True, False]).reset_index(drop=True)


def sources_of(ds: Dataset, table: str, years: list[int] | None = None) -> list[str]:
    """The source ids a table's rows cite (only those of ``years``, when given): in order of appearance,
    or for a table several documents print figures of, every document that prints a figure shown,
    the oldest first."""
    rows = ds[table]
    if years is not None:
        rows = rows[rows["budget_year"].isin(years)]
    if CONFIRMED_BY not in rows:
        return list(dict.fromkeys(rows["source_id"]))
    return document_order(ds["sources"], [s for ids in rows[CONFIRMED_BY] for s in ids])


#: What a revised figure is and how it is written, per table the book shows revisions of.
REVISED_TABLES = {"budget_by_account": ("konto_code", fmt.dkk_1000), "recipients": ("group_code", fmt.persons)}


def revisions_for_year(ds: Dataset, table: str, year: int) -> pd.DataFrame:
    """The figures of ``year`` in ``table`` (budget_by_account or recipients) that documents print
    differently, with the figure the book shows (the most recent document's) and the earlier ones.

    Columns: code, name, basis_code, value, source_ids (the documents printing the value shown,
    oldest first), earlier_value, earlier_source_ids; one row per earlier value, latest first.
    """
    identity, _ = REVISED_TABLES[table]
    if table == "budget_by_account":
        names = ds["chart_of_accounts"].set_index("konto_code")["konto_name"]
    else:
        names = ds["recipient_groups"].set_index("group_code")["short_name_da"]
    rows = []
    for item in ds.revisions(table):
        if int(item.get("budget_year")) != year:
            continue
        code = item.get(identity)
        name = names.get(code)
        for earlier in item.earlier:
            rows.append({"code": code, "name": code if fmt.is_missing(name) else name,
                         "basis_code": item.get("basis_code"), "value": item.current.value,
                         "source_ids": item.current.source_ids, "earlier_value": earlier.value,
                         "earlier_source_ids": earlier.source_ids})
    return pd.DataFrame(rows, columns=["code", "name", "basis_code", "value", "source_ids", "earlier_value",
                                       "earlier_source_ids"])
