"""The socio-economic trend chapter: recipients over time, unemployment, fleksjob, long-term
unemployment, jobs, young people on uddannelseshjælp, staff sickness absence, forecasts against
outcomes. The net budgets over time, and why they are not one series, are in
jobbook.analysis.net_budgets, which the chapter's template also uses."""

from __future__ import annotations

import pandas as pd

from jobbook.analysis.accounts import change_pct, employment_net_budgets, sources_of
from jobbook.analysis.context import ChapterContext
from jobbook.analysis.indicators import (
    COUNTRY,
    changes_between,
    forecasts_with_outcomes,
    home_first,
    indicator_rows,
    period_label,
    sickness_absence_figures,
)
from jobbook.analysis.recipients import counts_with_subtotals, groups, leaf_total, recipients_for_year
from jobbook.analysis.unemployment import figure_unemployment_2020 as figure_unemployment_2020
from jobbook.analysis.unemployment import text_unemployment_2020 as text_unemployment_2020
from jobbook.present import fmt
from jobbook.present.charts import chart_hbar, largest_and_rest
from jobbook.present.columns import number_column, text_column
from jobbook.present.figures import Figure, describe_extremes
from jobbook.present.labels import BASIS_ADVERB_DA, BASIS_DA, INDICATOR_BASIS_DA, MISSING_DA
from jobbook.present.line_charts import chart_line
from jobbook.present.prose import Paragraph, Prose

#: The indicators given as single figures, shown together in one table.
SINGLE_FIGURE_INDICATORS = ("langtidsledige_fald_personer", "langtidsledige_fald_rang", "forsoergede_aendring_personer",
                            "forsoergede_fald_andel_unge_langtidsledige_pct", "jobvaekst_fuldtidsjob_pr_aar",
                            "sygefravaer_rang", "sygefravaer_stigning_vs_landet")


def _rows_at(ctx: ChapterContext, code: str, geography: str) -> pd.DataFrame:
    rows = indicator_rows(ctx.ds, code)
    return rows[rows["geography_code"] == geography]


def _value(ctx: ChapterContext, code: str, geography: str, formatter, period_start: str | None = None) -> str:
    rows = _rows_at(ctx, code, geography)
    if period_start is not None:
        rows = rows[rows["period_start"] == period_start]
    if rows.empty or fmt.is_missing(rows["value"].iloc[-1]):
        return MISSING_DA
    return formatter(float(rows["value"].iloc[-1]))


def _period(ctx: ChapterContext, code: str, geography: str) -> str:
    rows = _rows_at(ctx, code, geography)
    return MISSING_DA if rows.empty else rows["period_label"].iloc[-1]


def _approx(ctx: ChapterContext, code: str, geography: str) -> str:
    rows = _rows_at(ctx, code, geography)
    return "ca. " if not rows.empty and rows["qualifier_code"].iloc[-1] == "approx" else ""


def _fleksjob_figures(ctx: ChapterContext) -> dict[str, str]:
    rows = indicator_rows(ctx.ds, "fleksjob_ledighed_pct")
    periods = sorted(set(rows["period_start"]))
    if len(periods) < 2:
        return dict.fromkeys(("fleks_first_period", "fleks_last_period", "fleks_home_last", "fleks_country_last",
                              "fleks_home_change", "fleks_country_change"), MISSING_DA)
    first, last = periods[0], periods[-1]
    changes = changes_between(ctx.ds, "fleksjob_ledighed_pct", first, last).set_index("geography_code")

    def change(geo: str) -> str:
        value = changes["change_pct_point"].get(geo)
        if value is None or fmt.is_missing(value):
            return MISSING_DA
        if round(float(value), 1) == 0:
            return "uændret"
        return f"{fmt.change_word(value)} {fmt.pct_point(abs(float(value)))}"

    return {
        "fleks_first_period": period_label(first, first), "fleks_last_period": period_label(last, last),
        "fleks_home_last": _value(ctx, "fleksjob_ledighed_pct", ctx.home, fmt.pct, last),
        "fleks_country_last": _value(ctx, "fleksjob_ledighed_pct", COUNTRY, fmt.pct, last),
        "fleks_home_change": change(ctx.home), "fleks_country_change": change(COUNTRY),
    }


def _absence_figures(ctx: ChapterContext) -> dict[str, str]:
    rank = _rows_at(ctx, "sygefravaer_rang", ctx.home)
    return {
        **sickness_absence_figures(ctx.ds),
        "absence_rank_text": MISSING_DA if rank.empty else fmt.ordinal_superlative(rank["value"].iloc[0]) + "højeste",
        "absence_rank_period": MISSING_DA if rank.empty else rank["period_label"].iloc[0],
    }


def key_figures(ctx: ChapterContext) -> dict[str, str]:
    """Every number the trend chapter's prose uses (and the front page pastes), formatted in Danish."""
    home = ctx.home
    supported = _rows_at(ctx, "forsoergede_aendring_personer", home)
    change = float("nan") if supported.empty else supported["value"].iloc[-1]
    net = employment_net_budgets(ctx.ds)
    years = ctx.ds["recipients"]["budget_year"]
    latest_year = int(years.max()) if not years.empty else None
    # One basis per year (the outcome when the sources have it), so budget and actual are never added.
    latest = recipients_for_year(ctx.ds, latest_year) if latest_year else pd.DataFrame()
    return {
        "municipality": ctx.settings.municipality_name,
        "edition_year": str(ctx.year),
        "unemp_home": _value(ctx, "ledighed_aendring_pct", home, fmt.pct),
        "unemp_country": _value(ctx, "ledighed_aendring_pct", COUNTRY, fmt.pct),
        "unemp_region": _value(ctx, "ledighed_aendring_pct", ctx.settings.region_geography_code, fmt.pct),
        **_fleksjob_figures(ctx),
        "longterm_period": _period(ctx, "langtidsledige_fald_personer", home),
        "longterm_persons": _value(ctx, "langtidsledige_fald_personer", home, fmt.persons),
        "longterm_rank": _value(ctx, "langtidsledige_fald_rang", home, lambda v: f"{int(v)}."),
        "supported_verb": fmt.change_word(change, up="steg", down="faldt", same="var uændret"),
        "supported_amount": fmt.persons(abs(change)) if not fmt.is_missing(change) else MISSING_DA,
        "supported_period": _period(ctx, "forsoergede_aendring_personer", home),
        "supported_share": _approx(ctx, "forsoergede_fald_andel_unge_langtidsledige_pct", home)
        + _value(ctx, "forsoergede_fald_andel_unge_langtidsledige_pct", home, lambda v: fmt.pct(v, 0)),
        "job_growth": _approx(ctx, "jobvaekst_fuldtidsjob_pr_aar", home)
        + _value(ctx, "jobvaekst_fuldtidsjob_pr_aar", home, fmt.number),
        "job_growth_period": _period(ctx, "jobvaekst_fuldtidsjob_pr_aar", home),
        **_absence_figures(ctx),
        "latest_net_budget": MISSING_DA if net.empty else fmt.dkk(net.iloc[-1]["amount_dkk"]),
        "latest_net_budget_year": MISSING_DA if net.empty else str(int(net.iloc[-1]["budget_year"])),
        "latest_net_budget_area": MISSING_DA if net.empty else net.iloc[-1]["area_name_printed"],
        "latest_recipients": MISSING_DA if latest.empty else fmt.persons(leaf_total(latest)),
        "latest_recipients_year": str(latest_year) if latest_year else MISSING_DA,
        "latest_recipients_basis": MISSING_DA if latest.empty else BASIS_ADVERB_DA[latest["basis_code"].iloc[0]],
        **_edition_coverage(ctx),
    }


def _edition_coverage(ctx: ChapterContext) -> dict[str, str]:
    """What each part of the edition reaches to (the front page says it, rather than one edition year
    that only the reform material reaches): the newest year with accounts, recipients, net budget."""
    def newest(table: str) -> str:
        years = ctx.ds[table]["budget_year"].dropna()
        return str(int(years.max())) if not years.empty else MISSING_DA
    documents = ctx.ds["sources"]["budget_year"].dropna()
    return {"newest_accounts_year": newest("budget_by_account"), "newest_recipients_year": newest("recipients"),
            "newest_net_budget_year": newest("net_budgets"),
            "newest_document_year": str(int(documents.max())) if not documents.empty else MISSING_DA}


# --- recipients and net budgets over time ------------------------------------------------------------

def text_recipients_over_time(ctx: ChapterContext) -> Prose:
    counts = counts_with_subtotals(ctx.ds)
    leaves = counts[~counts["is_subtotal"]]
    if leaves.empty:
        return Prose("Kilderne har ikke tal for antallet af ydelsesmodtagere.")
    totals = leaves.groupby(["budget_year", "basis_code"])["persons"].sum().sort_index()
    (first_year, first_basis), first = totals.index[0], totals.iloc[0]
    (last_year, last_basis), last = totals.index[-1], totals.iloc[-1]
    said = (f"I alt var der {BASIS_ADVERB_DA[first_basis]} {fmt.persons(first)} i {first_year} og "
            f"{BASIS_ADVERB_DA[last_basis]} {fmt.persons(last)} i {last_year}")
    if first_basis == last_basis:
        return Prose(f"{said}, en ændring på {fmt.signed(last - first)} "
                     f"({fmt.signed_pct(change_pct(last, first))}).")
    # A regnskab and a budget are not one series (the unit costs refuse to mix them too): the change is
    # counted only between years on the last year's basis, and the reader is told why.
    same = totals[[b == last_basis for _, b in totals.index]]
    said += (f". Det første tal er {BASIS_DA[first_basis]}, det sidste {BASIS_DA[last_basis]}, så forskellen "
             "mellem dem er ikke en udvikling, og bogen regner den ikke ud.")
    if len(same) > 1 and same.index[0][0] != last_year:
        base_year, base = same.index[0][0], same.iloc[0]
        said += (f" Fra {BASIS_DA[last_basis]} {base_year} til {BASIS_DA[last_basis]} {last_year} er ændringen "
                 f"{fmt.signed(last - base)} ({fmt.signed_pct(change_pct(last, base))}).")
    return Prose(said)


def figure_recipients_over_time(ctx: ChapterContext) -> Figure | None:
    """Lines per group over the years, faktisk and budget marked in the x labels (None without counts)."""
    counts = counts_with_subtotals(ctx.ds)
    if counts.empty:
        return None
    info = groups(ctx.ds).set_index("group_code")
    leaves = counts[~counts["is_subtotal"]].copy()
    leaves["Gruppe"] = leaves["group_code"].map(info["short_name_da"])
    leaves["Periode"] = leaves["basis_code"].map(BASIS_DA).map(fmt.first_upper) + " " + \
        leaves["budget_year"].astype(str)
    leaves = leaves.sort_values(["budget_year", "basis_code"])
    order = list(dict.fromkeys(leaves["Periode"]))
    # Pivoted by code, not by name: two groups may carry the same short name.
    wide = leaves.pivot_table(index="group_code", columns="Periode", values="persons", aggfunc="sum")
    wide = wide.reindex(columns=order).reindex([g for g in info.index if g in wide.index])
    wide.index = wide.index.map(info["short_name_da"]).rename("Gruppe")
    first, last = order[0], order[-1]
    # The extremes are counted between periods of one basis (a regnskab against a budget is no change).
    last_basis = leaves.loc[leaves["Periode"] == last, "basis_code"].iloc[0]
    same_basis = [p for p in order if (leaves.loc[leaves["Periode"] == p, "basis_code"] == last_basis).all()]
    # The six largest groups and the rest summed: more lines than that cannot be told apart by colour.
    # The table under the chart keeps every group.
    lines = largest_and_rest(leaves.rename(columns={"persons": "Personer"}), series="Gruppe", value="Personer",
                             by=["Periode"], rest_label="Øvrige ({n} grupper)")
    # What kind of figure each point is: a line joins only figures of one kind (a regnskab and a budget
    # are not one series), as the sources print them in separate columns.
    kinds = leaves.drop_duplicates("Periode").set_index("Periode")["basis_code"].map(BASIS_DA)
    lines = lines.assign(Grundlag=lines["Periode"].map(kinds))
    n_lines, n_groups = lines["Gruppe"].nunique(), len(wide)
    drawn = (f"Linjer med antal modtagere pr. gruppe fra {first.lower()} til {last.lower()}." if n_lines == n_groups
             else f"Linjer med antal modtagere fra {first.lower()} til {last.lower()} for de {n_lines - 1} største "
                  f"grupper og de øvrige {n_groups - n_lines + 1} samlet; tabellen har alle grupper.")
    base = same_basis[0]
    changes = (wide[last] - wide[base]).dropna() if base != last else pd.Series(dtype=float)
    extremes = ("" if changes.empty else
                f" Fra {base.lower()} til {last.lower()} er den største stigning blandt alle grupper: "
                f"{changes.idxmax()} ({fmt.signed(changes.max())}). "
                f"Største fald: {changes.idxmin()} ({fmt.signed(changes.min())}).")
    return Figure(
        title="Ydelsesmodtagere over tid, antal",
        table=wide.reset_index(), sources=ctx.ds["sources"], source_ids=sources_of(ctx.ds, "recipients"),
        # One column per period, in the title's unit (antal).
        columns=[text_column("Gruppe", "Gruppe"), *[number_column(period, period, None) for period in order]],
        description=drawn + extremes,
        chart=chart_line(lines, x="Periode", value="Personer", series="Gruppe", value_title="Antal modtagere",
                         basis="Grundlag"),
        note="Regnskabstal og budgettal er ikke det samme: et budget er et skøn lavet året før, et regnskab "
             "viser, hvordan året gik. Derfor forbinder en linje kun tal af samme slags"
             + (f", og {fmt.join_da([p.lower() for p in order if p not in same_basis])} er vist som åbne punkter "
                "for sig." if len(same_basis) < len(order) else "."),
    )


# --- unemployment ------------------------------------------------------------------------------------

def figure_fleksjob(ctx: ChapterContext) -> Figure | None:
    rows = indicator_rows(ctx.ds, "fleksjob_ledighed_pct")
    if rows.empty:
        return None
    rows = home_first(rows, ctx.home).sort_values(["period_start"], kind="stable")
    plot = pd.DataFrame({"Område": rows["geography_name"], "Tidspunkt": rows["period_label"].map(fmt.first_upper),
                         "Ledighed (%)": rows["value"]})
    periods = fmt.join_da(list(dict.fromkeys(rows["period_label"])))
    return Figure(
        title="Ledighed blandt borgere visiteret til fleksjob, %",
        table=plot, columns=[text_column("Område", "Område"), text_column("Tidspunkt", "Tidspunkt"),
                             number_column("Ledighed (%)", "Ledighed blandt fleksjobvisiterede", "pct")],
        sources=ctx.ds["sources"], source_ids=list(rows["source_id"].unique()),
        description=f"Grupperede søjler med ledighedsprocenten for fleksjobvisiterede i {periods}. "
                    + describe_extremes(plot.assign(Navn=plot["Område"] + ", " + rows["period_label"].to_numpy()),
                                        "Navn", "Ledighed (%)", fmt.pct),
        chart=chart_hbar(plot, category="Tidspunkt", value="Ledighed (%)", value_title="Ledighed, %",
                         color="Område", decimals=0, height_per_bar=22),
    )


def figure_other_indicators(ctx: ChapterContext) -> Figure | None:
    """The single-figure indicators (long-term unemployment, fewer on benefits, job growth, ...)."""
    definitions = ctx.ds["indicator_definitions"].set_index("indicator_code")
    frames = [f for f in (indicator_rows(ctx.ds, c, basis=None) for c in SINGLE_FIGURE_INDICATORS) if not f.empty]
    if not frames:
        return None
    rows = pd.concat(frames, ignore_index=True)
    shown = pd.DataFrame({"Indikator": rows["indicator_code"].map(definitions["indicator_name_da"]),
                          "Periode": rows["period_label"], "Tallet": rows["printed_text"]})
    # Whether a figure is measured or a forecast is said only where the table holds both kinds.
    if rows["basis_code"].nunique() > 1:
        shown["Målt eller skønnet"] = rows["basis_code"].map(INDICATOR_BASIS_DA)
    notes = rows["note_da"].fillna("")
    shown["Bemærkning"] = notes.where(notes != "", None)  # missing: "–" in the table, left out of a phone's card
    return Figure(title="Andre nøgletal om udviklingen", table=shown, sources=ctx.ds["sources"],
                  source_ids=list(rows["source_id"].unique()), description="")


# --- young people on uddannelseshjælp ----------------------------------------------------------------

EDUCATION_BENEFIT_GROUP = "uddannelseshjaelp"


def text_education_benefit_counts(ctx: ChapterContext) -> Prose:
    """Where the book's own counts of uddannelseshjælp end: the reform material's fall has no figures
    in the sources (its chart is not in the text), so the reader is told how far the book's go."""
    counts = ctx.ds["recipients"]
    counts = counts[counts["group_code"] == EDUCATION_BENEFIT_GROUP]
    if counts.empty:
        return Prose("Bogen har heller ingen egne tal for, hvor mange der får uddannelseshjælp.")
    # The latest year, and within it the outcome before the budget.
    last = counts.assign(_actual=counts["basis_code"] == "actual").sort_values(["budget_year", "_actual"]).iloc[-1]
    until = {"budget": "budgettet for", "actual": "regnskabet for", "forecast": "prognosen for",
             "corrected_budget": "det korrigerede budget for"}[last["basis_code"]]
    return Prose(f"Bogens egne tal for modtagere af uddannelseshjælp, i figuren øverst på siden, går kun frem til "
                 f"{until} {int(last['budget_year'])}.")


def figure_sickness_absence(ctx: ChapterContext) -> Figure | None:
    rows = indicator_rows(ctx.ds, "sygefravaer_pct").sort_values(["geography_code", "period_start"])
    if rows.empty:
        return None
    names = {"organisation": "jobcentrets medarbejdere", "municipality": "kommunens gennemsnit"}
    plot = pd.DataFrame({
        "Enhed": [fmt.first_upper(names.get(t, n)) for t, n in zip(rows["geography_type_code"],
                                                                    rows["geography_name"], strict=True)],
        "År": rows["period_label"], "Sygefravær (%)": rows["value"]})
    roles = {unit: "home" if kind == "organisation" else "comparison"
             for unit, kind in zip(plot["Enhed"], rows["geography_type_code"], strict=True)}
    return Figure(
        title="Sygefravær blandt medarbejdere, %",
        table=plot, sources=ctx.ds["sources"], source_ids=list(rows["source_id"].unique()),
        columns=[text_column("Enhed", "Enhed"), text_column("År", "År"),
                 number_column("Sygefravær (%)", "Sygefravær", "pct")],
        description="Grupperede søjler med sygefraværet i jobcentret og i hele kommunen som arbejdsplads. "
                    + describe_extremes(plot.assign(Navn=plot["Enhed"] + " " + plot["År"]), "Navn",
                                        "Sygefravær (%)", fmt.pct),
        # The jobcentre's staff is the subject (home), the municipality's average what it is compared with.
        chart=chart_hbar(plot, category="År", value="Sygefravær (%)", value_title="Sygefravær, %",
                         color="Enhed", decimals=0, height_per_bar=22,
                         color_roles=[roles[unit] for unit in dict.fromkeys(plot["Enhed"])]),
        # How the book reads the source where its wording is open (the rows' notes, each said once).
        note=" ".join(dict.fromkeys(n for n in rows["note_da"] if not fmt.is_missing(n))),
    )


# --- forecasts ---------------------------------------------------------------------------------------

def text_forecasts(ctx: ChapterContext) -> Prose | None:
    """How many forecasts (by who made them) and figures there are, whether any can be checked against a
    figure, and what a later document says in words about how it went."""
    frame = forecasts_with_outcomes(ctx.ds)
    if frame.empty:
        return None
    makers = sorted(set(frame["source"].dropna()))
    with_outcome = int(frame["outcome_value"].notna().sum())
    who = (f"{'én prognose' if len(makers) == 1 else f'{len(makers)} prognoser'} ({fmt.join_da(makers)})"
           if makers else "prognoser")
    text = f"Kilderne gengiver {who} med {len(frame)} tal."
    if with_outcome == 0:
        text += (" Ingen af kilderne har et tal for udfaldet af de samme mål og perioder, så prognosen kan ikke "
                 "holdes op mod et tal.")
    else:
        text += f" {with_outcome} af tallene kan holdes op mod et tal for udfaldet."
    return Prose(Paragraph(text), *later_words(ctx))


def later_words(ctx: ChapterContext) -> list[Paragraph]:
    """What the documents of the years after the forecasts say in words about unemployment (the
    statements on the development that name it), each with its document."""
    rows = ctx.ds["indicators"]
    forecasts = rows[rows["basis_code"] == "forecast"]
    if forecasts.empty:
        return []
    first_after = int(str(forecasts["period_end"].max())[:4]) + 1
    said = ctx.ds["statements"]
    said = said[(said["topic_code"] == "udvikling") & said["budget_year"].between(first_after - 1, first_after)
                & said["statement_da"].str.contains("ledighed", case=False)]
    titles = ctx.ds["sources"].set_index("source_id")["title"]
    return [Paragraph(f"I ord skriver »{titles[row['source_id']]}« (budget {int(row['budget_year'])}): "
                      f"{row['statement_da']}") for _, row in said.iterrows()]


def figure_forecasts(ctx: ChapterContext) -> Figure | None:
    frame = forecasts_with_outcomes(ctx.ds)
    if frame.empty:
        return None
    shown = frame.fillna({"source": ""})
    has_outcome = bool(frame["outcome_value"].notna().any())
    # The outcome is in the indicator's own unit, which differs from row to row (the text as printed says
    # it). Without a single outcome figure an outcome column would be empty: the table is the forecasts
    # alone, and its title says so.
    columns = [text_column("indicator", "Indikator"), text_column("geography", "Område"),
               text_column("period", "Periode"), text_column("forecast", "Prognosen"),
               *([number_column("outcome_value", "Udfald", None, decimals=1)] if has_outcome else []),
               text_column("source", "Prognosens kilde")]
    rows = ctx.ds["indicators"]
    return Figure(title="Prognoser og udfald" if has_outcome else "Prognoserne",
                  table=shown, sources=ctx.ds["sources"],
                  source_ids=list(rows[rows["basis_code"] == "forecast"]["source_id"].unique()),
                  description="", columns=columns,
                  note=("Et tomt udfald: kilderne har ikke tallet." if has_outcome else
                        "Kilderne har ikke tal for udfaldet af de samme mål og perioder; teksten over tabellen "
                        "gengiver, hvad de siger i ord."))
