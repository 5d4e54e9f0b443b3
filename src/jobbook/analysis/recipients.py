"""Benefit recipients by group, their subtotals, and the cost per recipient: shared computations."""

from __future__ import annotations

import pandas as pd

from jobbook.analysis.accounts import change_pct, sources_of
from jobbook.data.dataset import Dataset
from jobbook.data.fields import FIELDS
from jobbook.data.tables import PROVENANCE, RECIPIENT_GROUPS, RECIPIENTS
from jobbook.present import fmt
from jobbook.present.charts import chart_hbar
from jobbook.present.columns import field_column, number_column, text_column
from jobbook.present.figures import Figure, describe_extremes
from jobbook.present.labels import BASIS_DA
from jobbook.present.prose import Prose


def groups(ds: Dataset) -> pd.DataFrame:
    """The recipient groups in the source's order, with ``is_subtotal`` for groups with parts."""
    frame = ds["recipient_groups"].sort_values("sort_order").reset_index(drop=True)
    parents = set(frame["parent_group_code"].dropna())
    frame["is_subtotal"] = frame["group_code"].isin(parents)
    return frame


def counts_with_subtotals(ds: Dataset) -> pd.DataFrame:
    """All counts: the stored leaf groups plus subtotals derived as the sum of their parts.

    Columns: group_code, budget_year, basis_code, persons, is_subtotal.
    """
    leaves = ds["recipients"][["group_code", "budget_year", "basis_code", "persons"]].copy()
    leaves["is_subtotal"] = False
    parents = ds["recipient_groups"].dropna(subset=["parent_group_code"])[["group_code", "parent_group_code"]]
    derived = (leaves.merge(parents, on="group_code")
               .groupby(["parent_group_code", "budget_year", "basis_code"], as_index=False)["persons"].sum()
               .rename(columns={"parent_group_code": "group_code"}))
    derived["is_subtotal"] = True
    return pd.concat([leaves, derived], ignore_index=True)


#: The columns that place a row (its key, its parent, its order, its document) rather than describe it.
_STRUCTURAL = {*RECIPIENTS.key, *RECIPIENT_GROUPS.key, *PROVENANCE, "parent_group_code", "sort_order"}


def group_text_columns(with_header: bool = False) -> list[str]:
    """The text columns describing a group or its count (``short_name_da``, ``group_name_printed``, and any
    added to the tables' specs), read from the specs; ``with_header``: only those with a header for
    readers (``header_da`` in the field table)."""
    names = [c for spec in (RECIPIENT_GROUPS, RECIPIENTS) for c in spec.columns
             if c not in _STRUCTURAL and FIELDS[c].kind == "text"]
    return [c for c in dict.fromkeys(names) if not with_header or FIELDS[c].header_da]


def _count_text(ds: Dataset) -> pd.DataFrame:
    """The text columns of the counts themselves (recipients.csv), by group, year and basis."""
    own = [c for c in group_text_columns() if c in RECIPIENTS.columns]
    keys = ["group_code", "budget_year", "basis_code"]
    return ds["recipients"][keys + own].drop_duplicates(subset=keys)


def recipients_for_year(ds: Dataset, year: int) -> pd.DataFrame:
    """Each group in a year with the figure it is compared with.

    A year's count is compared with the same year's other basis when the sources give both
    (actual against budget); otherwise with the year before (same basis preferred).
    Columns: group_code, the text columns of :func:`group_text_columns` (short_name_da, ...),
    is_subtotal, basis_code, persons, compare_label, compare_persons, change_persons, change_pct.
    """
    counts = counts_with_subtotals(ds)
    info = groups(ds).set_index("group_code")
    texts = group_text_columns()
    this_year = counts[counts["budget_year"] == year]
    if this_year.empty:
        return pd.DataFrame(columns=["group_code", *texts, "is_subtotal", "basis_code", "persons",
                                     "compare_label", "compare_persons", "change_persons", "change_pct"])
    # The headline basis of the year: the outcome if the sources have it, else the budget.
    basis = "actual" if (this_year["basis_code"] == "actual").any() else "budget"
    other = "budget" if basis == "actual" else "actual"
    lookup = counts.set_index(["group_code", "budget_year", "basis_code"])["persons"]
    rows = []
    for code in info.index:
        if (code, year, basis) not in lookup.index:
            continue
        persons = float(lookup[(code, year, basis)])
        candidates = [((code, year, other), f"{BASIS_DA[other]} {year}"),
                      ((code, year - 1, basis), f"{BASIS_DA[basis]} {year - 1}"),
                      ((code, year - 1, other), f"{BASIS_DA[other]} {year - 1}")]
        compare_label, compare = "", float("nan")
        for key, label in candidates:
            if key in lookup.index:
                compare_label, compare = label, float(lookup[key])
                break
        rows.append({"group_code": code, "is_subtotal": bool(info.loc[code, "is_subtotal"]), "basis_code": basis,
                     "persons": persons, "compare_label": compare_label, "compare_persons": compare,
                     "change_persons": persons - compare, "change_pct": change_pct(persons, compare)})
    # Every describing column of the specs, by name: a new text column arrives without an edit here.
    frame = pd.DataFrame(rows).assign(budget_year=year)
    frame = frame.merge(info[[c for c in texts if c in info.columns]], left_on="group_code", right_index=True,
                        how="left")
    frame = frame.merge(_count_text(ds), on=["group_code", "budget_year", "basis_code"], how="left")
    first = ["group_code", *texts, "is_subtotal", "basis_code", "persons"]
    return frame[first + [c for c in frame.columns if c not in first and c != "budget_year"]]


def leaf_total(frame: pd.DataFrame, column: str = "persons") -> float:
    """Sum over leaf groups only: subtotals are never added to their parts."""
    return float(frame.loc[~frame["is_subtotal"], column].sum())


def account_components(ds: Dataset) -> list[tuple[list[str], list[str]]]:
    """Groups and accounts that belong together: (konto codes, leaf group codes) per component.

    Two groups can share an account (kontant- and uddannelseshjælp both on 5.57.73) and one
    group can span two accounts (førtidspension on 5.48.66 and 5.48.68). A cost per
    recipient is only meaningful over such a connected set.
    """
    links = ds["recipient_group_accounts"]
    parent = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for _, row in links.iterrows():
        parent[find("g:" + row["group_code"])] = find("k:" + row["konto_code"])
    components: dict[str, tuple[list[str], list[str]]] = {}
    for node in sorted(parent):
        konti, group_codes = components.setdefault(find(node), ([], []))
        (konti if node.startswith("k:") else group_codes).append(node[2:])
    return sorted(components.values())


def unit_costs(ds: Dataset, year: int) -> pd.DataFrame:
    """Net budget per recipient where the same year and basis has both the accounts and the counts.

    Columns: konto_codes, konto_names, groups, basis_code, amount_dkk, persons, dkk_per_person.
    """
    amounts = ds["budget_by_account"]
    amounts = amounts[amounts["budget_year"] == year].set_index(["konto_code", "basis_code"])["amount_dkk_1000"]
    counts = ds["recipients"]
    counts = counts[counts["budget_year"] == year].set_index(["group_code", "basis_code"])["persons"]
    names = ds["chart_of_accounts"].set_index("konto_code")["konto_name"]
    short = ds["recipient_groups"].set_index("group_code")["short_name_da"]
    rows = []
    for konti, group_codes in account_components(ds):
        for basis in ("budget", "actual"):
            if not all((k, basis) in amounts.index for k in konti):
                continue
            if not all((g, basis) in counts.index for g in group_codes):
                continue
            amount = sum(float(amounts[(k, basis)]) for k in konti) * 1000
            persons = sum(float(counts[(g, basis)]) for g in group_codes)
            rows.append({"konto_codes": ", ".join(konti), "konto_names": fmt.join_labels([names[k] for k in konti]),
                         "groups": fmt.join_labels([short[g] for g in group_codes]), "basis_code": basis,
                         "amount_dkk": amount, "persons": persons,
                         "dkk_per_person": amount / persons if persons else float("nan")})
    return pd.DataFrame(rows, columns=["konto_codes", "konto_names", "groups", "basis_code", "amount_dkk",
                                       "persons", "dkk_per_person"])


def mixed_basis_years(ds: Dataset, year: int) -> bool:
    """True when a year has accounts and counts, but only on different bases (budget vs actual)."""
    a = set(ds["budget_by_account"].query("budget_year == @year")["basis_code"])
    c = set(ds["recipients"].query("budget_year == @year")["basis_code"])
    return bool(a) and bool(c) and not (a & c)


def unit_cost_prose(costs: pd.DataFrame, year: int, mixed: bool) -> Prose:
    """The cost per recipient in words: highest and lowest, or why there is none."""
    if costs.empty:
        if mixed:
            return Prose(f"For {year} findes både budget pr. konto og antal modtagere, men det ene er budget og "
                         "det andet regnskab. Bogen deler ikke de to med hinanden, fordi det ville blande budget "
                         "og regnskab.")
        return Prose("Udgiften pr. modtager kræver både budget pr. konto og antal modtagere for samme år og "
                     f"grundlag; kilderne har ikke begge dele for {year}.")
    costs = costs.dropna(subset=["dkk_per_person"])
    if costs.empty:
        return Prose(f"Ingen af ydelserne havde modtagere i {year}, så der er ingen udgift pr. modtager at vise.")
    top = costs.loc[costs["dkk_per_person"].idxmax()]
    low = costs.loc[costs["dkk_per_person"].idxmin()]
    # The source does not say whether the state's refusion is deducted: the text says so, and calls
    # the amounts the account's budget, not a net cost.
    return Prose(f"Budgettet pr. modtager var højest for {fmt.in_sentence(top['groups'])} "
                 f"({fmt.dkk(round(top['dkk_per_person'], -2))}) og lavest for {fmt.in_sentence(low['groups'])} "
                 f"({fmt.dkk(round(low['dkk_per_person'], -2))}). Tallene er kontoens budget delt med antallet af "
                 "modtagere og dækker ikke jobcentrets sagsbehandling. Kilden oplyser ikke, om statens refusion er "
                 "trukket fra; negative beløb i budgettet tyder på, at indtægter er modregnet.")


def unit_cost_figure(ds: Dataset, year: int) -> Figure | None:
    """Net budget per recipient by benefit in ``year`` (None when the year has no such pairs)."""
    costs = unit_costs(ds, year)
    if costs.empty:
        return None
    plot = pd.DataFrame({"Gruppe": costs["groups"], "Kr. pr. modtager": costs["dkk_per_person"].round(-2)})
    shown = costs.assign(basis_da=costs["basis_code"].map(BASIS_DA), dkk_per_person=costs["dkk_per_person"].round(-2))
    columns = [text_column("konto_codes", "Konto"), text_column("konto_names", "Kontonavn"),
               text_column("groups", "Modtagere"), text_column("basis_da", "Grundlag"),
               number_column("amount_dkk", "Budget", "dkk"), field_column("persons", "Antal modtagere"),
               number_column("dkk_per_person", "Budget pr. modtager", "dkk")]
    ids = [*sources_of(ds, "budget_by_account", [year]), *sources_of(ds, "recipients", [year])]
    return Figure(
        title=f"Budget pr. modtager {year}, kr.",
        table=shown, sources=ds["sources"], source_ids=ids,
        description=("Vandrette søjler med budgettet pr. modtager for hver ydelse. "
                     + describe_extremes(plot, "Gruppe", "Kr. pr. modtager", fmt.dkk)),
        chart=chart_hbar(plot, category="Gruppe", value="Kr. pr. modtager", value_title="Kr. pr. modtager"),
        columns=columns,
        note="Bogens egen beregning: kontoens budget delt med antallet af modtagere i de grupper, der hører til "
             "kontoen. Afrundet til nærmeste 100 kr. Kilden oplyser ikke, om refusionen er trukket fra.",
    )


def latest_unit_cost_year(ds: Dataset) -> int | None:
    """The latest year with both an account budget and recipient counts on the same basis."""
    years = sorted(set(ds["budget_by_account"]["budget_year"]) & set(ds["recipients"]["budget_year"]), reverse=True)
    return next((int(y) for y in years if not unit_costs(ds, int(y)).empty), None)


def series_roles(basis: str, labels: list[str]) -> list[str]:
    """The colour role of each series of the recipients' bars: the year's own figure (the first label) and
    what it is compared with take the role of their basis, a regnskab ``actual`` and a budget ``budget``,
    so "Regnskab 2020" is the same colour on every page; an earlier figure of the same basis as the
    year's (last year's budget beside this year's) is the ``comparison``."""
    by_label = {fmt.first_upper(name): code for code, name in BASIS_DA.items()}
    roles = []
    for i, label in enumerate(labels):
        kind = next((code for name, code in by_label.items() if label.startswith(name + " ")), basis)
        role = "actual" if kind == "actual" else "budget"
        roles.append("comparison" if i and kind == basis else role)
    return roles
