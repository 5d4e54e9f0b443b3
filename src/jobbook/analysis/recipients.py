"""Benefit recipients by group, their subtotals, and the cost per recipient."""

from __future__ import annotations

import pandas as pd

from jobbook.analysis.accounts import change_pct
from jobbook.data.dataset import Dataset
from jobbook.present import fmt
from jobbook.present.charts import chart_hbar, chart_line
from jobbook.present.figures import Figure, describe_extremes

BASIS_LABELS_DA = {"budget": "budget", "actual": "faktisk"}


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


def recipients_for_year(ds: Dataset, year: int) -> pd.DataFrame:
    """Each group in a year with the figure it is compared with.

    A year's count is compared with the same year's other basis when the sources give both
    (actual against budget); otherwise with the year before (same basis preferred).
    Columns: group_code, short_name_da, is_subtotal, basis_code, persons, compare_label,
    compare_persons, change_persons, change_pct.
    """
    counts = counts_with_subtotals(ds)
    info = groups(ds).set_index("group_code")
    this_year = counts[counts["budget_year"] == year]
    if this_year.empty:
        return pd.DataFrame(columns=["group_code", "short_name_da", "is_subtotal", "basis_code", "persons",
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
        candidates = [((code, year, other), f"{BASIS_LABELS_DA[other]} {year}"),
                      ((code, year - 1, basis), f"{BASIS_LABELS_DA[basis]} {year - 1}"),
                      ((code, year - 1, other), f"{BASIS_LABELS_DA[other]} {year - 1}")]
        compare_label, compare = "", float("nan")
        for key, label in candidates:
            if key in lookup.index:
                compare_label, compare = label, float(lookup[key])
                break
        rows.append({"group_code": code, "short_name_da": info.loc[code, "short_name_da"],
                     "is_subtotal": bool(info.loc[code, "is_subtotal"]), "basis_code": basis, "persons": persons,
                     "compare_label": compare_label, "compare_persons": compare,
                     "change_persons": persons - compare, "change_pct": change_pct(persons, compare)})
    return pd.DataFrame(rows)


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


# --- text -----------------------------------------------------------------------------------

def text_recipients(frame: pd.DataFrame, year: int) -> str:
    if frame.empty:
        return f"Kilderne har ikke tal for antallet af ydelsesmodtagere i {year}."
    basis = frame["basis_code"].iloc[0]
    total = leaf_total(frame)
    kind = "faktisk" if basis == "actual" else "budgetteret"
    text = (f"I {year} var der {kind} {fmt.persons(total)} (helårspersoner) i de grupper, kilden opgør. "
            "Subtotaler er regnet som summen af deres undergrupper og er ikke talt med to gange.")
    compared = frame[~frame["is_subtotal"]].dropna(subset=["compare_persons"])
    if not compared.empty:
        labels = sorted(set(compared["compare_label"]))
        previous = float(compared["compare_persons"].sum())
        same = frame[~frame["is_subtotal"]]
        if len(compared) == len(same):
            text += (f" Sammenlignet med {fmt.join_da(labels)} er det {fmt.signed(total - previous)} personer "
                     f"({fmt.signed_pct(change_pct(total, previous))}).")
        big = compared.reindex(compared["change_persons"].abs().sort_values(ascending=False).index).head(3)
        items = [f"{fmt.in_sentence(row['short_name_da'])} ({fmt.signed(row['change_persons'])})"
                 for _, row in big.iterrows()]
        text += f" De største ændringer er {fmt.join_da(items)}."
    return text


def text_unit_costs(costs: pd.DataFrame, year: int, mixed: bool) -> str:
    if costs.empty:
        if mixed:
            return (f"For {year} findes både budget pr. konto og antal modtagere, men det ene er budget og det "
                    "andet faktiske tal. Bogen deler ikke de to med hinanden, fordi det ville blande budget og "
                    "regnskab.")
        return (f"Udgiften pr. modtager kræver både budget pr. konto og antal modtagere for samme år og grundlag; "
                f"kilderne har ikke begge dele for {year}.")
    costs = costs.dropna(subset=["dkk_per_person"])
    if costs.empty:
        return f"Ingen af ydelserne havde modtagere i {year}, så der er ingen udgift pr. modtager at vise."
    top = costs.loc[costs["dkk_per_person"].idxmax()]
    low = costs.loc[costs["dkk_per_person"].idxmin()]
    return (f"Nettobudgettet pr. helårsperson var højest for {fmt.in_sentence(top['groups'])} "
            f"({fmt.dkk(round(top['dkk_per_person'], -2))}) og lavest for {fmt.in_sentence(low['groups'])} "
            f"({fmt.dkk(round(low['dkk_per_person'], -2))}). Tallene er kommunens nettoudgift efter statens "
            "refusion og dækker ydelsen, ikke jobcentrets sagsbehandling.")


# --- figures --------------------------------------------------------------------------------

def figure_recipients(ds: Dataset, year: int, frame: pd.DataFrame) -> Figure:
    """Bars per group for the year and the figure it is compared with, and the table of changes."""
    basis = frame["basis_code"].iloc[0]
    label = f"{BASIS_LABELS_DA[basis].capitalize()} {year}"
    leaves = frame[~frame["is_subtotal"]]
    compared_with = sorted(set(leaves["compare_label"]) - {""})
    plot = pd.concat([
        pd.DataFrame({"Gruppe": leaves["short_name_da"], "Serie": label, "Personer": leaves["persons"]}),
        pd.DataFrame({"Gruppe": leaves["short_name_da"], "Serie": leaves["compare_label"].str.capitalize(),
                      "Personer": leaves["compare_persons"]}).dropna(subset=["Personer"]),
    ], ignore_index=True)
    shown = pd.DataFrame({
        "Gruppe": frame["short_name_da"],
        "Subtotal": frame["is_subtotal"].map({True: "ja", False: ""}),
        label: frame["persons"],
        "Sammenlignet med": frame["compare_label"],
        "Antal dengang": frame["compare_persons"],
        "Ændring (personer)": frame["change_persons"],
        "Ændring (%)": frame["change_pct"].round(1),
    })
    chart = chart_hbar(plot, category="Gruppe", value="Personer", value_title="Helårspersoner", color="Serie",
                       height_per_bar=14)
    rows = ds["recipients"]
    return Figure(
        title=f"Ydelsesmodtagere {year} pr. gruppe, helårspersoner",
        table=shown, sources=ds["sources"],
        source_ids=list(rows[rows["budget_year"].isin([year, year - 1])]["source_id"].unique()),
        description=(f"Vandrette søjler med antal helårspersoner i {len(leaves)} grupper i {year}"
                     + (f", sammenholdt med {fmt.join_da(compared_with)}" if compared_with else "") + ". "
                     + describe_extremes(leaves.assign(n=leaves["persons"]), "short_name_da", "n", fmt.persons)),
        chart=chart,
        formats={label: fmt.number, "Antal dengang": fmt.number, "Ændring (personer)": fmt.signed,
                 "Ændring (%)": fmt.signed_pct},
        note="Subtotaler (markeret) er summen af grupperne under dem og indgår ikke i figuren.",
    )


def figure_unit_costs(ds: Dataset, year: int, costs: pd.DataFrame) -> Figure:
    plot = pd.DataFrame({"Gruppe": costs["groups"], "Kr. pr. person": costs["dkk_per_person"].round(-2)})
    shown = pd.DataFrame({
        "Konto": costs["konto_codes"], "Kontonavn": costs["konto_names"], "Modtagere": costs["groups"],
        "Grundlag": costs["basis_code"].map(BASIS_LABELS_DA),
        "Nettobudget (kr.)": costs["amount_dkk"], "Helårspersoner": costs["persons"],
        "Kr. pr. person": costs["dkk_per_person"].round(-2),
    })
    ids = list(ds["budget_by_account"].query("budget_year == @year")["source_id"].unique()) + \
        list(ds["recipients"].query("budget_year == @year")["source_id"].unique())
    return Figure(
        title=f"Nettobudget pr. helårsperson {year}, kr.",
        table=shown, sources=ds["sources"], source_ids=ids,
        description=("Vandrette søjler med budgettet pr. modtager for hver ydelse. "
                     + describe_extremes(plot, "Gruppe", "Kr. pr. person", fmt.dkk)),
        chart=chart_hbar(plot, category="Gruppe", value="Kr. pr. person", value_title="Kr. pr. helårsperson"),
        formats={"Nettobudget (kr.)": fmt.number, "Helårspersoner": fmt.number, "Kr. pr. person": fmt.number},
        note="Bogens egen beregning: kontoens nettobudget delt med antal helårspersoner i de grupper, der "
             "hører til kontoen. Afrundet til nærmeste 100 kr.",
    )


def figure_recipients_over_time(ds: Dataset) -> Figure | None:
    """Lines per group over the years, faktisk and budget marked in the x labels (None without counts)."""
    counts = counts_with_subtotals(ds)
    if counts.empty:
        return None
    info = groups(ds).set_index("group_code")
    leaves = counts[~counts["is_subtotal"]].copy()
    leaves["Gruppe"] = leaves["group_code"].map(info["short_name_da"])
    leaves["Periode"] = leaves["basis_code"].map(BASIS_LABELS_DA).str.capitalize() + " " + \
        leaves["budget_year"].astype(str)
    leaves = leaves.sort_values(["budget_year", "basis_code"])
    order = list(dict.fromkeys(leaves["Periode"]))
    wide = leaves.pivot_table(index="Gruppe", columns="Periode", values="persons", aggfunc="sum")
    wide = wide.reindex(columns=order).reindex([g for g in info["short_name_da"] if g in wide.index])
    shown = wide.reset_index()
    chart = chart_line(leaves.rename(columns={"persons": "Personer"}), x="Periode", value="Personer",
                       series="Gruppe", value_title="Helårspersoner")
    first, last = order[0], order[-1]
    changes = (wide[last] - wide[first]).dropna()
    extremes = ("" if changes.empty else
                f" Største stigning: {changes.idxmax()} ({fmt.signed(changes.max())}). "
                f"Største fald: {changes.idxmin()} ({fmt.signed(changes.min())}).")
    return Figure(
        title="Ydelsesmodtagere over tid, helårspersoner",
        table=shown, sources=ds["sources"], source_ids=list(ds["recipients"]["source_id"].unique()),
        description=f"Linjer med antal helårspersoner pr. gruppe fra {first.lower()} til {last.lower()}." + extremes,
        chart=chart, formats={c: fmt.number for c in order},
        note="Faktiske tal og budgettal er ikke det samme: et budget er et skøn lavet året før.",
    )
