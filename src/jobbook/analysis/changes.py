"""What changed in a budget year against the year before: the largest changes by account and by
recipient group, and accounts that are new or gone."""

from __future__ import annotations

import pandas as pd

from jobbook.analysis.accounts import accounts_for_year, largest_account_changes, removed_accounts
from jobbook.analysis.recipients import recipients_for_year
from jobbook.data.dataset import Dataset
from jobbook.present import fmt
from jobbook.present.figures import Figure

TOP = 5  # changes shown in each list


def largest_group_changes(ds: Dataset, year: int, top: int = TOP) -> pd.DataFrame:
    groups = recipients_for_year(ds, year)
    if groups.empty:
        return groups
    groups = groups[~groups["is_subtotal"]].dropna(subset=["change_persons"])
    groups = groups[groups["change_persons"] != 0]
    return groups.reindex(groups["change_persons"].abs().sort_values(ascending=False).index).head(top)


def new_accounts(ds: Dataset, year: int) -> pd.DataFrame:
    accounts = accounts_for_year(ds, year)
    return accounts[accounts["is_new"]]


def _accounts(frame: pd.DataFrame, name_column: str) -> str:
    return fmt.join_da([f"{code} {name}" for code, name in zip(frame["konto_code"], frame[name_column], strict=True)])


def text_what_changed(ds: Dataset, year: int) -> str:
    """A short account of the year's changes; says plainly when there is nothing to compare."""
    accounts = accounts_for_year(ds, year)
    recipients = recipients_for_year(ds, year)
    has_accounts = not accounts.empty and accounts["previous_dkk_1000"].notna().any()
    has_groups = not recipients.empty and recipients["compare_persons"].notna().any()
    if not has_accounts and not has_groups:
        return (f"Kilderne har ikke tal for både {year} og året før, så der er ingen ændringer at vise "
                "for konti eller ydelsesgrupper.")
    parts = []
    if has_accounts:
        new, gone = new_accounts(ds, year), removed_accounts(ds, year)
        if new.empty and gone.empty:
            parts.append(f"Budgettet for {year} har de samme konti som året før.")
        else:
            if not new.empty:
                parts.append(f"Nye konti: {_accounts(new, 'konto_name')}.")
            if not gone.empty:
                parts.append(f"Konti, der ikke længere er med: {_accounts(gone, 'konto_name_printed')}.")
    else:
        parts.append(f"Kilderne har ikke budget pr. konto for både {year} og året før.")
    if not has_groups:
        parts.append(f"Kilderne har ikke antal modtagere for både {year} og året før.")
    return " ".join(parts)


def _sources_of(ds: Dataset, table: str, year: int) -> list[str]:
    rows = ds[table]
    return list(rows[rows["budget_year"].isin([year - 1, year])]["source_id"].unique())


def figure_account_changes(ds: Dataset, year: int) -> Figure | None:
    changes = largest_account_changes(accounts_for_year(ds, year), TOP)
    if changes.empty:
        return None
    shown = pd.DataFrame({"Konto": changes["konto_code"], "Navn": changes["konto_name"],
                          "Året før (1.000 kr.)": changes["previous_dkk_1000"],
                          f"{year} (1.000 kr.)": changes["amount_dkk_1000"],
                          "Ændring (1.000 kr.)": changes["change_dkk_1000"],
                          "Ændring (%)": changes["change_pct"].round(1)})
    return Figure(title=f"De største ændringer i budgettet pr. konto fra {year - 1} til {year}", table=shown,
                  sources=ds["sources"], source_ids=_sources_of(ds, "budget_by_account", year), description="",
                  formats={"Året før (1.000 kr.)": fmt.number, f"{year} (1.000 kr.)": fmt.number,
                           "Ændring (1.000 kr.)": fmt.signed, "Ændring (%)": fmt.signed_pct})


def figure_group_changes(ds: Dataset, year: int) -> Figure | None:
    changes = largest_group_changes(ds, year)
    if changes.empty:
        return None
    shown = pd.DataFrame({"Gruppe": changes["short_name_da"], "Sammenlignet med": changes["compare_label"],
                          "Dengang": changes["compare_persons"], str(year): changes["persons"],
                          "Ændring (personer)": changes["change_persons"],
                          "Ændring (%)": changes["change_pct"].round(1)})
    return Figure(title=f"De største ændringer i antal modtagere i {year}", table=shown, sources=ds["sources"],
                  source_ids=_sources_of(ds, "recipients", year), description="",
                  formats={"Dengang": fmt.number, str(year): fmt.number, "Ændring (personer)": fmt.signed,
                           "Ændring (%)": fmt.signed_pct})
