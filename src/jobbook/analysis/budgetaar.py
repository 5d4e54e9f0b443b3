"""The budget-year chapter: net budget, budget by account, recipients and what changed.

What the sources hold for the year, where else its documents are used, what they say and the
caveats that apply are in jobbook.analysis.year_overview, which the chapter's template also uses.
"""

from __future__ import annotations

import pandas as pd

from jobbook.analysis.accounts import (
    REVISED_TABLES,
    change_pct,
    hovedkonto_of,
    largest_account_changes,
    largest_changes,
    net_budgets_for_year,
    removed_accounts,
    revisions_for_year,
    sources_of,
    total_comparisons,
    totals_by_expense_type,
    year_rows,
)
from jobbook.analysis.context import ChapterContext
from jobbook.analysis.recipients import (
    group_text_columns,
    leaf_total,
    mixed_basis_years,
    recipients_for_year,
    series_roles,
    unit_cost_figure,
    unit_cost_prose,
    unit_costs,
)
from jobbook.analysis.year_overview import abbreviations_explained, glossary_link
from jobbook.present import fmt
from jobbook.present.charts import chart_hbar, color_by
from jobbook.present.citations import source_citation
from jobbook.present.colours import EXPENSE_TYPE_ROLES
from jobbook.present.columns import field_column, number_column, text_column
from jobbook.present.figures import Figure, describe_extremes
from jobbook.present.labels import BASIS_ADVERB_DA, BASIS_DA, EXPENSE_TYPE_DA
from jobbook.present.prose import Bullets, Paragraph, Prose, Strong

TOP_CHANGES = 5  # changes shown in each list of what changed


def key_figures(ctx: ChapterContext) -> dict[str, str]:
    return {"year": str(ctx.year), "municipality": ctx.settings.municipality_name,
            "admin_hovedkonto": hovedkonto_of(ctx.ds, "administration")}


# --- net budget ----------------------------------------------------------------------------------

def text_net_budget(ctx: ChapterContext) -> Prose | None:
    """What the documents give as the area's net budget in the year, with the scope named."""
    areas = net_budgets_for_year(ctx.ds, ctx.year)
    if areas.empty:
        return None
    # What each area covers is said here, once; the table below holds the amounts (a long text column
    # would make it a tall strip on a phone).
    return Prose(*[Paragraph("Nettobudgettet for ", Strong(area["area_name_printed"]),
                             f" var {fmt.dkk(area['amount_dkk'])} i {ctx.year}. Området dækker: {area['scope_da']}")
                   for _, area in areas.iterrows()],
                 abbreviations_explained(ctx, " ".join(areas["scope_da"].astype(str))))


def figure_net_budgets(ctx: ChapterContext) -> Figure | None:
    areas = net_budgets_for_year(ctx.ds, ctx.year)
    if areas.empty:
        return None
    columns = [field_column("area_name_printed"), field_column("committee_name"), field_column("amount_dkk")]
    return Figure(title=f"Nettobudget for beskæftigelsesområdet {ctx.year}", table=areas, columns=columns,
                  sources=ctx.ds["sources"], source_ids=list(areas["source_id"].unique()), description="")


# --- budget by account -----------------------------------------------------------------------------

def text_accounts(ctx: ChapterContext) -> Prose | None:
    """The account budget in a few sentences: total, change from the whole year before, largest changes."""
    ds, year = ctx.ds, ctx.year
    accounts = ctx.accounts
    if accounts.empty:
        return None
    total = accounts["amount_dkk_1000"].sum()
    text = (f"Budgettet for de {len(accounts)} konti i indsats- og ydelsesbudgettet var i alt "
            f"{fmt.mio(total / 1000)} i {year}.")
    previous_rows = year_rows(ds, year - 1)
    if previous_rows.empty:
        return Prose(text)  # without the year before there is no change to give
    previous = previous_rows["amount"].sum()
    change = total - previous
    word = "mere" if change >= 0 else "mindre"
    text += (f" Det er {fmt.mio(abs(change) / 1000)} {word} end året før "
             f"({fmt.signed_pct(change_pct(total, previous))}).")
    items = [f"{row['konto_name']} ({fmt.signed(row['change_dkk_1000'] / 1000, 1)} mio. kr.)"
             for _, row in largest_account_changes(accounts, 3).iterrows()]
    if items:
        text += f" De største ændringer var {fmt.join_da(items)}."
    return Prose(text)


def figure_accounts(ctx: ChapterContext) -> Figure | None:
    """Bars of the budget per account, coloured by expense type, with the table of changes."""
    year = ctx.year
    accounts = ctx.accounts
    if accounts.empty:
        return None
    shown = accounts.assign(type_da=accounts["expense_type_code"].map(EXPENSE_TYPE_DA),
                            change_pct=accounts["change_pct"].round(1))
    columns = [field_column("konto_code"), field_column("konto_name"), text_column("type_da", "Type"),
               field_column("amount_dkk_1000", f"Budget {year}")]
    if accounts["previous_dkk_1000"].notna().any():
        columns += [field_column("amount_dkk_1000", f"Budget {year - 1}", source="previous_dkk_1000"),
                    field_column("amount_dkk_1000", "Ændring", source="change_dkk_1000", signed=True),
                    number_column("change_pct", "Ændring", "pct", signed=True)]
    plot = pd.DataFrame({"Konto": accounts["konto_code"] + " " + accounts["konto_name"],
                         "Type": accounts["expense_type_code"].map(EXPENSE_TYPE_DA),
                         "Mio. kr.": accounts["amount_dkk_1000"] / 1000})
    # Each expense type has a colour of its own role, the same on every year's page.
    types = [code for code in EXPENSE_TYPE_DA if code in set(accounts["expense_type_code"])]
    chart = chart_hbar(plot, category="Konto", value="Mio. kr.", value_title="Mio. kr.", decimals=0,
                       colors=color_by(plot, "Type", title="Type", domain=[EXPENSE_TYPE_DA[t] for t in types],
                                       roles=[EXPENSE_TYPE_ROLES[t] for t in types]))
    return Figure(
        title=f"Budget {year} pr. konto",
        table=shown, sources=ctx.ds["sources"], source_ids=sources_of(ctx.ds, "budget_by_account", [year]),
        description=(f"Vandrette søjler med budgettet for hver af de {len(accounts)} konti i {year}, farvet efter "
                     "forsørgelse eller drift. " + describe_extremes(plot, "Konto", "Mio. kr.", fmt.mio)),
        chart=chart, columns=columns,
        # The source does not say whether the state's refusion is deducted (the unit costs say so too),
        # so the note does not call the amounts net.
        note="Beløbene er i løbende priser, som kilden trykker dem; kilden oplyser ikke, om statens refusion er "
             "trukket fra. Et negativt beløb læser bogen som en indtægt.",
    )


def text_price_quantity(ctx: ChapterContext) -> Prose | None:
    """The accounts the year's budget puts together as KL's estimate of recipients times a price."""
    rows = ctx.rows_of_year("price_quantity_accounts")
    if rows.empty:
        return None
    names = ctx.ds["chart_of_accounts"].set_index("konto_code")["konto_name"]
    # One item per function, also where two share a name, so the list has as many items as the count.
    return Prose(Paragraph(f"{len(rows)} funktioner er i {ctx.year} budgetteret efter ", glossary_link(ctx, "KL", "KL"),
                           "'s skøn som et antal modtagere gange en forventet gennemsnitspris:"),
                 Bullets(*[f"{code} {names.get(code, '')}".strip() for code in rows["konto_code"]]))


def text_expense_types(ctx: ChapterContext) -> Prose | None:
    types = totals_by_expense_type(ctx.ds, ctx.year)
    if types.empty:
        return None
    parts = [f"{EXPENSE_TYPE_DA[row['expense_type_code']].lower()} {fmt.mio(row['amount_dkk_1000'] / 1000)} "
             f"({fmt.pct(row['share_pct'])})" for _, row in types.iterrows()]
    return Prose(f"Fordelt på type gik {fmt.join_da(parts)}.")


def text_share_difference(ctx: ChapterContext) -> Prose | None:
    """Why the administration's "ca. 90 %" (the reform material) is not this year's forsørgelse share,
    so that no reader takes the two for a trend."""
    types = totals_by_expense_type(ctx.ds, ctx.year).set_index("expense_type_code")
    figures = ctx.ds["reform_figures"]
    stated = figures[(figures["figure_code"] == "forsoergelse_andel_af_beskaeftigelse")
                     & (figures["geography_code"] == ctx.home)]
    if "forsorgelse" not in types.index or stated.empty:
        return None
    accounts = ctx.accounts
    types_shown = set(accounts["expense_type_code"])
    left_out = [name for name, absent in (
        ("førtidspension", not accounts["konto_code"].str.startswith("5.48").any()),
        ("jobcentrets administration", "administration" not in types_shown)) if absent]
    without = f", uden {' og uden '.join(left_out)}" if left_out else ""
    title = ctx.ds["sources"].set_index("source_id").loc[stated["source_id"].iloc[0], "title"]
    return Prose(
        f"»{title}« nævner, at {stated['printed_text'].iloc[0]} af "
        "beskæftigelsesområdets økonomi går til borgernes forsørgelse. Det er ikke samme tal som andelen her "
        f"({fmt.pct(types.loc['forsorgelse', 'share_pct'])}), og forskellen er ikke en udvikling: administrationens "
        "tal gælder hele beskæftigelsesområdet og er et rundt tal uden oplyst år eller konti; andelen her gælder "
        f"kun de {len(accounts)} konti i indsats- og ydelsesbudgettet{without}, og opdelingen er bogens egen.")


def figure_expense_types(ctx: ChapterContext) -> Figure | None:
    """Forsørgelse against drift: the sums, shares and changes as a table."""
    year = ctx.year
    types = totals_by_expense_type(ctx.ds, year)
    if types.empty:
        return None
    shown = types.assign(type_da=types["expense_type_code"].map(EXPENSE_TYPE_DA), share_pct=types["share_pct"].round(1),
                         change_pct=types["change_pct"].round(1))
    columns = [text_column("type_da", "Type"), field_column("amount_dkk_1000", f"Budget {year}"),
               number_column("share_pct", "Andel", "pct"),
               field_column("amount_dkk_1000", "Ændring", source="change_dkk_1000", signed=True),
               number_column("change_pct", "Ændring", "pct", signed=True)]
    return Figure(
        title=f"Forsørgelse og drift i budget {year}",
        table=shown, sources=ctx.ds["sources"], source_ids=sources_of(ctx.ds, "budget_by_account", [year]),
        description="", columns=columns,
        note="Opdelingen er bogens egen ud fra kontoplanen: ydelser til borgerne er forsørgelse; "
             "hovedfunktion 5.68 (arbejdsmarkedsforanstaltninger) og integrationsprogrammet er drift og indsats.",
    )


def text_total_comparisons(ctx: ChapterContext) -> Prose | None:
    """Each document's printed total against the sum of its own accounts (the document named where
    several print a total for the year)."""
    # Only the budget's totals: the section stands under the budget by account (a year whose documents
    # print only its outcome has no such section, and its totals are checked by validate alone).
    comparisons = [c for c in total_comparisons(ctx.ds, ctx.year) if c.basis_code == "budget"]
    if not comparisons:
        return None
    sentences = []
    sources = ctx.ds["sources"]
    for c in comparisons:
        # Two documents may each print a total for the year: each is compared with its own accounts.
        document = (Strong(source_citation(sources, c.source_id)), ": ") if len(comparisons) > 1 else ()
        if c.difference_dkk_1000 == 0:
            sentences.append(Paragraph(*document, f"Den oplyste total på {fmt.dkk_1000(c.stated_dkk_1000)} er lig "
                                                  f"summen af de {c.rows} konti."))
            continue
        kind = ("Forskellen kan skyldes afrunding: hver konto er trykt i hele 1.000 kr., og med "
                f"{c.rows} konti kan summen af afrundede tal afvige op til {fmt.dkk_1000(c.tolerance_dkk_1000)} "
                "fra den afrundede total." if c.is_rounding else
                "Forskellen er større, end afrunding kan forklare; den er registreret som en kendt uoverensstemmelse.")
        sentences.append(Paragraph(*document, f"Kilden oplyser en total på {fmt.dkk_1000(c.stated_dkk_1000)}, mens "
                                   f"summen af de {c.rows} konti er {fmt.dkk_1000(c.computed_dkk_1000)}, altså "
                                   f"{fmt.dkk_1000(abs(c.difference_dkk_1000))} "
                                   f"{'mere' if c.difference_dkk_1000 > 0 else 'mindre'}. {kind} "
                                   "Bogen regner med kontoerne og viser totalen, som den er trykt."))
    return Prose(*sentences)


def text_revisions(ctx: ChapterContext) -> Prose | None:
    """The year's figures a later document printed differently: the figure shown, its document, and the
    earlier figure with its document (None when no figure of the year was revised)."""
    sources = ctx.ds["sources"]
    sentences = []
    for table, (_, show_value) in REVISED_TABLES.items():
        for _, row in revisions_for_year(ctx.ds, table, ctx.year).iterrows():
            what = (f" ({row['code']})" if table == "budget_by_account" else " (antal modtagere)")
            sentences.append(Paragraph(
                f"{fmt.first_upper(BASIS_DA[row['basis_code']])} {ctx.year} for ", Strong(row["name"]),
                f"{what} er revideret: {_documents(sources, row['source_ids'])} angiver "
                f"{show_value(row['value'])}, mens {_documents(sources, row['earlier_source_ids'])} angav "
                + fmt.end_sentence(show_value(row["earlier_value"]))
                + " Bogen viser tallet fra det senest udgivne dokument."))
    return Prose(*sentences) if sentences else None


def _documents(sources: pd.DataFrame, source_ids) -> str:
    return fmt.join_da([source_citation(sources, s) for s in source_ids])


# --- recipients ----------------------------------------------------------------------------------

def text_recipients(ctx: ChapterContext) -> Prose | None:
    year = ctx.year
    frame = recipients_for_year(ctx.ds, year)
    if frame.empty:
        return None
    total = leaf_total(frame)
    text = (f"I {year} var der {BASIS_ADVERB_DA[frame['basis_code'].iloc[0]]} {fmt.persons(total)} "
            "i de grupper, kilden opgør.")
    compared = frame[~frame["is_subtotal"]].dropna(subset=["compare_persons"])
    if not compared.empty:
        labels = sorted(set(compared["compare_label"]))
        previous = float(compared["compare_persons"].sum())
        if len(compared) == len(frame[~frame["is_subtotal"]]):
            change = total - previous
            text += (f" Sammenlignet med {fmt.join_da(labels)} er det {fmt.persons(abs(change))} "
                     f"{'flere' if change >= 0 else 'færre'} ({fmt.signed_pct(change_pct(total, previous))}).")
        big = largest_changes(compared, "change_persons", 3)
        items = [f"{fmt.in_sentence(row['short_name_da'])} ({fmt.signed(row['change_persons'])})"
                 for _, row in big.iterrows()]
        if items:  # groups whose count did not change are no "largest change"
            text += f" De største ændringer er {fmt.join_da(items)}."
        basis = frame["basis_code"].iloc[0]
        if any(not str(label).startswith(BASIS_DA[basis]) for label in labels):
            # The unit costs refuse to mix a budget and a regnskab; where the comparison does, it says so.
            text += (" Et budget og et regnskab er ikke samme slags tal, så forskellen er ikke kun en udvikling: "
                     "budgettet er et skøn lagt før året.")
    return Prose(text)


def figure_recipients(ctx: ChapterContext) -> Figure | None:
    """Bars per group for the year and the figure it is compared with, and the table of changes."""
    year = ctx.year
    frame = recipients_for_year(ctx.ds, year)
    if frame.empty:
        return None
    basis = frame["basis_code"].iloc[0]
    label = f"{fmt.first_upper(BASIS_DA[basis])} {year}"
    leaves = frame[~frame["is_subtotal"]]
    compared_with = sorted(set(leaves["compare_label"]) - {""})
    plot = pd.concat([
        pd.DataFrame({"Gruppe": leaves["short_name_da"], "Serie": label, "Personer": leaves["persons"]}),
        pd.DataFrame({"Gruppe": leaves["short_name_da"], "Serie": leaves["compare_label"].map(fmt.first_upper),
                      "Personer": leaves["compare_persons"]}).dropna(subset=["Personer"]),
    ], ignore_index=True)
    shown = frame.assign(subtotal_da=frame["is_subtotal"].map({True: "ja", False: ""}),
                         change_pct=frame["change_pct"].round(1))
    # The groups' and the counts' text columns that have a header for readers (the field table's
    # header_da) are shown after the group's name: a new one needs no edit here.
    columns = [field_column("short_name_da"), *[field_column(c) for c in group_text_columns(with_header=True)
                                                 if c != "short_name_da"],
               text_column("subtotal_da", "Subtotal"), field_column("persons", label),
               text_column("compare_label", "Sammenlignet med"),
               field_column("persons", "Sammenligningstal", source="compare_persons"),
               field_column("persons", "Ændring", source="change_persons", signed=True),
               number_column("change_pct", "Ændring", "pct", signed=True)]
    return Figure(
        title=f"Ydelsesmodtagere {year} pr. gruppe, antal",
        table=shown, sources=ctx.ds["sources"], source_ids=sources_of(ctx.ds, "recipients", [year, year - 1]),
        description=(f"Vandrette søjler med antal modtagere i {len(leaves)} grupper i {year}"
                     + (f", sammenholdt med {fmt.join_da(compared_with)}" if compared_with else "") + ". "
                     + describe_extremes(leaves.assign(n=leaves["persons"]), "short_name_da", "n", fmt.persons)),
        chart=chart_hbar(plot, category="Gruppe", value="Personer", value_title="Antal modtagere", color="Serie",
                         height_per_bar=14, color_roles=series_roles(basis, list(dict.fromkeys(plot["Serie"])))),
        columns=columns,
        note="Subtotaler (markeret) er summen af grupperne under dem og indgår ikke i figuren.",
    )


def text_unit_costs(ctx: ChapterContext) -> Prose | None:
    """The cost per recipient, or why it cannot be computed where both halves exist; None where one is missing."""
    if ctx.accounts.empty or recipients_for_year(ctx.ds, ctx.year).empty:
        return None
    return unit_cost_prose(unit_costs(ctx.ds, ctx.year), ctx.year, mixed_basis_years(ctx.ds, ctx.year))


def figure_unit_costs(ctx: ChapterContext) -> Figure | None:
    return unit_cost_figure(ctx.ds, ctx.year)


# --- what changed ----------------------------------------------------------------------------------

def text_what_changed(ctx: ChapterContext) -> Prose | None:
    """Which accounts came and went since the year before (None without both years' accounts)."""
    ds, year = ctx.ds, ctx.year
    accounts = ctx.accounts
    if accounts.empty or not accounts["previous_dkk_1000"].notna().any():
        return None
    new, gone = accounts[accounts["is_new"]], removed_accounts(ds, year)
    if new.empty and gone.empty:
        return Prose(f"Budgettet for {year} har de samme konti som året før.")
    return Prose(f"Nye konti: {_konti(new, 'konto_name')}." if not new.empty else None,
                 f"Konti, der ikke længere er med: {_konti(gone, 'konto_name_printed')}." if not gone.empty else None)


def _konti(frame: pd.DataFrame, name_column: str) -> str:
    return fmt.join_da([f"{code} {name}" for code, name in zip(frame["konto_code"], frame[name_column], strict=True)])


def figure_account_changes(ctx: ChapterContext) -> Figure | None:
    year = ctx.year
    changes = largest_account_changes(ctx.accounts, TOP_CHANGES)
    if changes.empty:
        return None
    columns = [field_column("konto_code"), field_column("konto_name"),
               field_column("amount_dkk_1000", "Året før", source="previous_dkk_1000"),
               field_column("amount_dkk_1000", str(year)),
               field_column("amount_dkk_1000", "Ændring", source="change_dkk_1000", signed=True),
               number_column("change_pct", "Ændring", "pct", signed=True)]
    return Figure(title=f"De største ændringer i budgettet pr. konto fra {year - 1} til {year}",
                  table=changes.assign(change_pct=changes["change_pct"].round(1)), columns=columns,
                  sources=ctx.ds["sources"], source_ids=sources_of(ctx.ds, "budget_by_account", [year - 1, year]),
                  description="")


def figure_group_changes(ctx: ChapterContext) -> Figure | None:
    year = ctx.year
    groups = recipients_for_year(ctx.ds, year)
    if groups.empty:
        return None
    changes = largest_changes(groups[~groups["is_subtotal"]], "change_persons", TOP_CHANGES)
    if changes.empty:
        return None
    columns = [field_column("short_name_da"), text_column("compare_label", "Sammenlignet med"),
               field_column("persons", "Sammenligningstal", source="compare_persons"),
               field_column("persons", str(year)),
               field_column("persons", "Ændring", source="change_persons", signed=True),
               number_column("change_pct", "Ændring", "pct", signed=True)]
    # A budget held against a regnskab is no development (the unit costs refuse to mix the two): said
    # by the table wherever a row does it.
    mixed = any(not str(label).startswith(BASIS_DA[basis])
                for label, basis in zip(changes["compare_label"], changes["basis_code"], strict=True))
    return Figure(title=f"De største ændringer i antal modtagere i {year}",
                  table=changes.assign(change_pct=changes["change_pct"].round(1)), columns=columns,
                  sources=ctx.ds["sources"], source_ids=sources_of(ctx.ds, "recipients", [year - 1, year]),
                  description="",
                  note=("Hvor et budget står over for et regnskab, er forskellen ikke en udvikling: et budget er et "
                        "skøn lagt før året, et regnskab viser, hvordan året gik." if mixed else ""))
