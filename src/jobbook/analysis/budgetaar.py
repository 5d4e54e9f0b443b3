"""The budget-year chapter: net budget, budget by account, recipients, what changed, what the documents say."""

from __future__ import annotations

import pandas as pd

from jobbook.analysis.accounts import (
    accounts_for_year,
    change_pct,
    hovedkonto_of,
    largest_account_changes,
    net_budgets_for_year,
    removed_accounts,
    sources_of,
    total_comparisons,
    totals_by_expense_type,
    year_rows,
)
from jobbook.analysis.context import ChapterContext
from jobbook.analysis.recipients import (
    leaf_total,
    mixed_basis_years,
    recipients_for_year,
    unit_cost_figure,
    unit_cost_prose,
    unit_costs,
)
from jobbook.present import fmt
from jobbook.present.charts import chart_hbar, color_by
from jobbook.present.figures import Figure, describe_extremes
from jobbook.present.labels import BASIS_ADVERB_DA, BASIS_DA, EXPENSE_TYPE_DA
from jobbook.present.prose import Bullets, Paragraph, Prose, Strong

TOP_CHANGES = 5  # changes shown in each list of what changed


def key_figures(ctx: ChapterContext) -> dict[str, str]:
    return {"year": str(ctx.year), "municipality": ctx.settings.municipality_name,
            "admin_hovedkonto": hovedkonto_of(ctx.ds, "administration")}


# --- net budget ----------------------------------------------------------------------------------

def text_net_budget(ctx: ChapterContext) -> Prose:
    """What the documents give as the area's net budget in the year, with the scope named."""
    areas = net_budgets_for_year(ctx.ds, ctx.year)
    if areas.empty:
        return Prose(f"Kilderne oplyser ikke et samlet nettobudget for beskæftigelsesområdet i {ctx.year}. "
                     "Se kapitlet om udviklingen for de år, hvor et nettobudget findes.")
    return Prose(*[Paragraph("Nettobudgettet for ", Strong(area["area_name_printed"]),
                             f" var {fmt.dkk(area['amount_dkk'])} i {ctx.year}. Området dækker: {area['scope_da']}")
                   for _, area in areas.iterrows()])


def figure_net_budgets(ctx: ChapterContext) -> Figure | None:
    areas = net_budgets_for_year(ctx.ds, ctx.year)
    if areas.empty:
        return None
    shown = pd.DataFrame({"Område": areas["area_name_printed"], "Udvalg": areas["committee_name"],
                          "Nettobudget (kr.)": areas["amount_dkk"], "Dækker": areas["scope_da"]})
    return Figure(title=f"Nettobudget for beskæftigelsesområdet {ctx.year}", table=shown, sources=ctx.ds["sources"],
                  source_ids=list(areas["source_id"].unique()), description="",
                  formats={"Nettobudget (kr.)": fmt.number})


# --- budget by account -----------------------------------------------------------------------------

def text_accounts(ctx: ChapterContext) -> Prose:
    """The account budget in a few sentences: total, change from the whole year before, largest changes."""
    ds, year = ctx.ds, ctx.year
    accounts = accounts_for_year(ds, year)
    if accounts.empty:
        return Prose(f"Kilderne har ikke et budget pr. konto for {year}.")
    total = accounts["amount_dkk_1000"].sum()
    text = (f"Budgettet for de {len(accounts)} konti i indsats- og ydelsesbudgettet var i alt "
            f"{fmt.mio(total / 1000)} i {year}.")
    previous_rows = year_rows(ds, year - 1)
    if previous_rows.empty:
        return Prose(text + f" Kilderne har ikke budgettet for {year - 1} pr. konto, så ændringen kan ikke beregnes.")
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
    accounts = accounts_for_year(ctx.ds, year)
    if accounts.empty:
        return None
    shown = pd.DataFrame({
        "Konto": accounts["konto_code"],
        "Navn": accounts["konto_name"],
        "Type": accounts["expense_type_code"].map(EXPENSE_TYPE_DA),
        f"Budget {year} (1.000 kr.)": accounts["amount_dkk_1000"],
    })
    formats = {f"Budget {year} (1.000 kr.)": fmt.number}
    if accounts["previous_dkk_1000"].notna().any():
        shown[f"Budget {year - 1} (1.000 kr.)"] = accounts["previous_dkk_1000"]
        shown["Ændring (1.000 kr.)"] = accounts["change_dkk_1000"]
        shown["Ændring (%)"] = accounts["change_pct"].round(1)
        formats.update({f"Budget {year - 1} (1.000 kr.)": fmt.number, "Ændring (1.000 kr.)": fmt.signed,
                        "Ændring (%)": fmt.signed_pct})
    plot = pd.DataFrame({"Konto": accounts["konto_code"] + " " + accounts["konto_name"],
                         "Type": accounts["expense_type_code"].map(EXPENSE_TYPE_DA),
                         "Mio. kr.": accounts["amount_dkk_1000"] / 1000})
    chart = chart_hbar(plot, category="Konto", value="Mio. kr.", value_title="Mio. kr.", decimals=0,
                       colors=color_by(plot, "Type", title="Type", domain=[t for t in EXPENSE_TYPE_DA.values()
                                                                           if t in set(plot["Type"])]))
    return Figure(
        title=f"Budget {year} pr. konto, mio. kr.",
        table=shown, sources=ctx.ds["sources"], source_ids=sources_of(ctx.ds, "budget_by_account", [year]),
        description=(f"Vandrette søjler med budgettet for hver af de {len(accounts)} konti i {year}, farvet efter "
                     "forsørgelse eller drift. " + describe_extremes(plot, "Konto", "Mio. kr.", fmt.mio)),
        chart=chart, formats=formats,
        note="Nettobeløb i løbende priser; negative beløb er indtægter.",
    )


def text_expense_types(ctx: ChapterContext) -> Prose:
    types = totals_by_expense_type(ctx.ds, ctx.year)
    if types.empty:
        return Prose("Uden et budget pr. konto kan fordelingen på forsørgelse og drift ikke vises for året.")
    parts = [f"{EXPENSE_TYPE_DA[row['expense_type_code']].lower()} {fmt.mio(row['amount_dkk_1000'] / 1000)} "
             f"({fmt.pct(row['share_pct'])})" for _, row in types.iterrows()]
    return Prose(f"Fordelt på type gik {fmt.join_da(parts)}.")


def figure_expense_types(ctx: ChapterContext) -> Figure | None:
    """Forsørgelse against drift: the sums, shares and changes as a table."""
    year = ctx.year
    types = totals_by_expense_type(ctx.ds, year)
    if types.empty:
        return None
    shown = pd.DataFrame({
        "Type": types["expense_type_code"].map(EXPENSE_TYPE_DA),
        f"Budget {year} (1.000 kr.)": types["amount_dkk_1000"],
        "Andel (%)": types["share_pct"].round(1),
        "Ændring (1.000 kr.)": types["change_dkk_1000"],
        "Ændring (%)": types["change_pct"].round(1),
    })
    return Figure(
        title=f"Forsørgelse og drift i budget {year}",
        table=shown, sources=ctx.ds["sources"], source_ids=sources_of(ctx.ds, "budget_by_account", [year]),
        description="", formats={f"Budget {year} (1.000 kr.)": fmt.number, "Andel (%)": fmt.pct,
                                 "Ændring (1.000 kr.)": fmt.signed, "Ændring (%)": fmt.signed_pct},
        note="Opdelingen er bogens egen ud fra kontoplanen: ydelser til borgerne er forsørgelse; "
             "hovedfunktion 5.68 (arbejdsmarkedsforanstaltninger) og integrationsprogrammet er drift og indsats.",
    )


def text_total_comparisons(ctx: ChapterContext) -> Prose:
    comparisons = total_comparisons(ctx.ds, ctx.year)
    if not comparisons:
        return Prose("Kilderne oplyser ingen total for kontoerne dette år, så der er intet at afstemme.")
    sentences = []
    for c in comparisons:
        if c.difference_dkk_1000 == 0:
            sentences.append(f"Den oplyste total på {fmt.dkk_1000(c.stated_dkk_1000)} er lig summen af de "
                             f"{c.rows} konti.")
            continue
        kind = ("Forskellen skyldes afrunding: hver konto er trykt i hele 1.000 kr., og med "
                f"{c.rows} konti kan summen af afrundede tal afvige op til {fmt.dkk_1000(c.tolerance_dkk_1000)} "
                "fra den afrundede total." if c.is_rounding else
                "Forskellen er større, end afrunding kan forklare; den er registreret som en kendt uoverensstemmelse.")
        sentences.append(f"Kilden oplyser en total på {fmt.dkk_1000(c.stated_dkk_1000)}, mens summen af de "
                         f"{c.rows} konti er {fmt.dkk_1000(c.computed_dkk_1000)}, altså "
                         f"{fmt.dkk_1000(abs(c.difference_dkk_1000))} "
                         f"{'mere' if c.difference_dkk_1000 > 0 else 'mindre'}. {kind} "
                         "Bogen regner med kontoerne og viser totalen, som den er trykt.")
    return Prose(*sentences)


# --- recipients ----------------------------------------------------------------------------------

def text_recipients(ctx: ChapterContext) -> Prose:
    year = ctx.year
    frame = recipients_for_year(ctx.ds, year)
    if frame.empty:
        return Prose(f"Kilderne har ikke tal for antallet af ydelsesmodtagere i {year}.")
    total = leaf_total(frame)
    text = (f"I {year} var der {BASIS_ADVERB_DA[frame['basis_code'].iloc[0]]} {fmt.persons(total)} (helårspersoner) "
            "i de grupper, kilden opgør. Subtotaler er regnet som summen af deres undergrupper og er ikke talt med "
            "to gange.")
    compared = frame[~frame["is_subtotal"]].dropna(subset=["compare_persons"])
    if not compared.empty:
        labels = sorted(set(compared["compare_label"]))
        previous = float(compared["compare_persons"].sum())
        if len(compared) == len(frame[~frame["is_subtotal"]]):
            text += (f" Sammenlignet med {fmt.join_da(labels)} er det {fmt.signed(total - previous)} personer "
                     f"({fmt.signed_pct(change_pct(total, previous))}).")
        big = compared.reindex(compared["change_persons"].abs().sort_values(ascending=False).index).head(3)
        items = [f"{fmt.in_sentence(row['short_name_da'])} ({fmt.signed(row['change_persons'])})"
                 for _, row in big.iterrows()]
        text += f" De største ændringer er {fmt.join_da(items)}."
    return Prose(text)


def figure_recipients(ctx: ChapterContext) -> Figure | None:
    """Bars per group for the year and the figure it is compared with, and the table of changes."""
    year = ctx.year
    frame = recipients_for_year(ctx.ds, year)
    if frame.empty:
        return None
    label = f"{fmt.first_upper(BASIS_DA[frame['basis_code'].iloc[0]])} {year}"
    leaves = frame[~frame["is_subtotal"]]
    compared_with = sorted(set(leaves["compare_label"]) - {""})
    plot = pd.concat([
        pd.DataFrame({"Gruppe": leaves["short_name_da"], "Serie": label, "Personer": leaves["persons"]}),
        pd.DataFrame({"Gruppe": leaves["short_name_da"], "Serie": leaves["compare_label"].map(fmt.first_upper),
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
    return Figure(
        title=f"Ydelsesmodtagere {year} pr. gruppe, helårspersoner",
        table=shown, sources=ctx.ds["sources"], source_ids=sources_of(ctx.ds, "recipients", [year, year - 1]),
        description=(f"Vandrette søjler med antal helårspersoner i {len(leaves)} grupper i {year}"
                     + (f", sammenholdt med {fmt.join_da(compared_with)}" if compared_with else "") + ". "
                     + describe_extremes(leaves.assign(n=leaves["persons"]), "short_name_da", "n", fmt.persons)),
        chart=chart_hbar(plot, category="Gruppe", value="Personer", value_title="Helårspersoner", color="Serie",
                         height_per_bar=14),
        formats={label: fmt.number, "Antal dengang": fmt.number, "Ændring (personer)": fmt.signed,
                 "Ændring (%)": fmt.signed_pct},
        note="Subtotaler (markeret) er summen af grupperne under dem og indgår ikke i figuren.",
    )


def text_unit_costs(ctx: ChapterContext) -> Prose:
    return unit_cost_prose(unit_costs(ctx.ds, ctx.year), ctx.year, mixed_basis_years(ctx.ds, ctx.year))


def figure_unit_costs(ctx: ChapterContext) -> Figure | None:
    return unit_cost_figure(ctx.ds, ctx.year)


# --- what changed ----------------------------------------------------------------------------------

def text_what_changed(ctx: ChapterContext) -> Prose:
    """A short account of the year's changes; says plainly when there is nothing to compare."""
    ds, year = ctx.ds, ctx.year
    accounts = accounts_for_year(ds, year)
    recipients = recipients_for_year(ds, year)
    has_accounts = not accounts.empty and accounts["previous_dkk_1000"].notna().any()
    has_groups = not recipients.empty and recipients["compare_persons"].notna().any()
    if not has_accounts and not has_groups:
        return Prose(f"Kilderne har ikke tal for både {year} og året før, så der er ingen ændringer at vise "
                     "for konti eller ydelsesgrupper.")
    parts = []
    if has_accounts:
        new, gone = accounts[accounts["is_new"]], removed_accounts(ds, year)
        if new.empty and gone.empty:
            parts.append(f"Budgettet for {year} har de samme konti som året før.")
        if not new.empty:
            parts.append(f"Nye konti: {_konti(new, 'konto_name')}.")
        if not gone.empty:
            parts.append(f"Konti, der ikke længere er med: {_konti(gone, 'konto_name_printed')}.")
    else:
        parts.append(f"Kilderne har ikke budget pr. konto for både {year} og året før.")
    if not has_groups:
        parts.append(f"Kilderne har ikke antal modtagere for både {year} og året før.")
    return Prose(" ".join(parts))


def _konti(frame: pd.DataFrame, name_column: str) -> str:
    return fmt.join_da([f"{code} {name}" for code, name in zip(frame["konto_code"], frame[name_column], strict=True)])


def figure_account_changes(ctx: ChapterContext) -> Figure | None:
    year = ctx.year
    changes = largest_account_changes(accounts_for_year(ctx.ds, year), TOP_CHANGES)
    if changes.empty:
        return None
    shown = pd.DataFrame({"Konto": changes["konto_code"], "Navn": changes["konto_name"],
                          "Året før (1.000 kr.)": changes["previous_dkk_1000"],
                          f"{year} (1.000 kr.)": changes["amount_dkk_1000"],
                          "Ændring (1.000 kr.)": changes["change_dkk_1000"],
                          "Ændring (%)": changes["change_pct"].round(1)})
    return Figure(title=f"De største ændringer i budgettet pr. konto fra {year - 1} til {year}", table=shown,
                  sources=ctx.ds["sources"], source_ids=sources_of(ctx.ds, "budget_by_account", [year - 1, year]),
                  description="", formats={"Året før (1.000 kr.)": fmt.number, f"{year} (1.000 kr.)": fmt.number,
                                           "Ændring (1.000 kr.)": fmt.signed, "Ændring (%)": fmt.signed_pct})


def figure_group_changes(ctx: ChapterContext) -> Figure | None:
    year = ctx.year
    groups = recipients_for_year(ctx.ds, year)
    if groups.empty:
        return None
    groups = groups[~groups["is_subtotal"]].dropna(subset=["change_persons"])
    changes = groups[groups["change_persons"] != 0]
    changes = changes.reindex(changes["change_persons"].abs().sort_values(ascending=False).index).head(TOP_CHANGES)
    if changes.empty:
        return None
    shown = pd.DataFrame({"Gruppe": changes["short_name_da"], "Sammenlignet med": changes["compare_label"],
                          "Dengang": changes["compare_persons"], str(year): changes["persons"],
                          "Ændring (personer)": changes["change_persons"],
                          "Ændring (%)": changes["change_pct"].round(1)})
    return Figure(title=f"De største ændringer i antal modtagere i {year}", table=shown, sources=ctx.ds["sources"],
                  source_ids=sources_of(ctx.ds, "recipients", [year - 1, year]), description="",
                  formats={"Dengang": fmt.number, str(year): fmt.number, "Ændring (personer)": fmt.signed,
                           "Ændring (%)": fmt.signed_pct})


# --- what the documents say --------------------------------------------------------------------------

def text_statements(ctx: ChapterContext) -> Prose:
    """The year's statements as a list, each with its source and place."""
    frame = ctx.ds["statements"]
    frame = frame[frame["budget_year"] == ctx.year]
    if frame.empty:
        return Prose(f"Kilderne indeholder ingen beskrivelser af {ctx.year}.")
    titles = ctx.ds["sources"].set_index("source_id")["title"]
    return Prose(Bullets(*[f"{row['statement_da']} (Kilde: {titles[row['source_id']]}, {row['source_location']}.)"
                           for _, row in frame.iterrows()]))
