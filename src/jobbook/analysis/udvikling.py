"""The socio-economic trend chapter: key figures, net budgets across years and forecasts."""

from __future__ import annotations

import pandas as pd

from jobbook.analysis.accounts import change_pct, employment_net_budgets
from jobbook.analysis.indicators import COUNTRY, changes_between, forecasts_with_outcomes, indicator_rows, period_label
from jobbook.analysis.recipients import counts_with_subtotals, leaf_total, recipients_for_year
from jobbook.data.dataset import Dataset
from jobbook.present import fmt
from jobbook.present.figures import Figure
from jobbook.settings import Settings

MISSING = "ikke oplyst"


def _value(ds: Dataset, code: str, geography: str, formatter, period_start: str | None = None) -> str:
    rows = indicator_rows(ds, code)
    rows = rows[rows["geography_code"] == geography]
    if period_start is not None:
        rows = rows[rows["period_start"] == period_start]
    if rows.empty or fmt.is_missing(rows["value"].iloc[-1]):
        return MISSING
    return formatter(float(rows["value"].iloc[-1]))


def _period(ds: Dataset, code: str, geography: str) -> str:
    rows = indicator_rows(ds, code)
    rows = rows[rows["geography_code"] == geography]
    return MISSING if rows.empty else rows["period_label"].iloc[-1]


def _approx(ds: Dataset, code: str, geography: str) -> str:
    rows = indicator_rows(ds, code)
    rows = rows[rows["geography_code"] == geography]
    return "ca. " if not rows.empty and rows["qualifier_code"].iloc[-1] == "approx" else ""


def fleksjob_figures(ds: Dataset, home: str) -> dict[str, str]:
    rows = indicator_rows(ds, "fleksjob_ledighed_pct")
    periods = sorted(set(rows["period_start"]))
    if len(periods) < 2:
        return {k: MISSING for k in ("fleks_first_period", "fleks_last_period", "fleks_home_last",
                                     "fleks_country_last", "fleks_home_change", "fleks_country_change")}
    first, last = periods[0], periods[-1]
    changes = changes_between(ds, "fleksjob_ledighed_pct", first, last).set_index("geography_code")

    def change(geo: str) -> str:
        if geo not in changes.index:
            return MISSING
        value = changes.loc[geo, "change_pct_point"]
        if fmt.is_missing(value):
            return MISSING
        if round(float(value), 1) == 0:
            return "uændret"
        return f"{fmt.change_word(value)} {fmt.pct_point(abs(float(value)))}"

    return {
        "fleks_first_period": period_label(first, first), "fleks_last_period": period_label(last, last),
        "fleks_home_last": _value(ds, "fleksjob_ledighed_pct", home, fmt.pct, last),
        "fleks_country_last": _value(ds, "fleksjob_ledighed_pct", COUNTRY, fmt.pct, last),
        "fleks_home_change": change(home), "fleks_country_change": change(COUNTRY),
    }


def absence_figures(ds: Dataset, home: str) -> dict[str, str]:
    rows = indicator_rows(ds, "sygefravaer_pct")

    def at(kind: str, position: int) -> str:
        sub = rows[rows["geography_type_code"] == kind].sort_values("period_start")
        if sub.empty:
            return MISSING
        row = sub.iloc[position]
        return f"{fmt.pct(row['value'])} i {row['period_label']}"

    jobcenter = rows[rows["geography_type_code"] == "organisation"].sort_values("period_start")["value"]
    jobcenter_change = jobcenter.iloc[-1] - jobcenter.iloc[0] if len(jobcenter) > 1 else float("nan")
    rank = indicator_rows(ds, "sygefravaer_rang")
    rank = rank[rank["geography_code"] == home]
    return {
        "absence_jobcenter_verb": fmt.change_word(jobcenter_change, up="steg", down="faldt", same="var uændret"),
        "absence_jobcenter_first": at("organisation", 0), "absence_jobcenter_last": at("organisation", -1),
        "absence_municipality_first": at("municipality", 0), "absence_municipality_last": at("municipality", -1),
        "absence_rank_text": MISSING if rank.empty else fmt.ordinal_superlative(rank["value"].iloc[0]) + "højeste",
        "absence_rank_period": MISSING if rank.empty else rank["period_label"].iloc[0],
    }


def key_figures(ds: Dataset, settings: Settings, edition_year: int) -> dict[str, str]:
    """Every number the trend chapter's prose uses, formatted in Danish."""
    home, region = settings.geography_code, settings.region_geography_code
    supported = indicator_rows(ds, "forsoergede_aendring_personer")
    supported = supported[supported["geography_code"] == home]
    change = float("nan") if supported.empty else supported["value"].iloc[-1]
    net = employment_net_budgets(ds)
    years = ds["recipients"]["budget_year"]
    latest_year = int(years.max()) if not years.empty else None
    # One basis per year (the outcome when the sources have it), so budget and actual are never added.
    latest = recipients_for_year(ds, latest_year) if latest_year else pd.DataFrame()
    latest_basis = "" if latest.empty else ("faktisk" if latest["basis_code"].iloc[0] == "actual" else "budgetteret")
    return {
        "municipality": settings.municipality_name,
        "edition_year": str(edition_year),
        "unemp_home": _value(ds, "ledighed_aendring_pct", home, fmt.pct),
        "unemp_country": _value(ds, "ledighed_aendring_pct", COUNTRY, fmt.pct),
        "unemp_region": _value(ds, "ledighed_aendring_pct", region, fmt.pct),
        **fleksjob_figures(ds, home),
        "longterm_period": _period(ds, "langtidsledige_fald_personer", home),
        "longterm_persons": _value(ds, "langtidsledige_fald_personer", home, fmt.persons),
        "longterm_rank": _value(ds, "langtidsledige_fald_rang", home, lambda v: f"{int(v)}."),
        "supported_verb": fmt.change_word(change, up="steg", down="faldt", same="var uændret"),
        "supported_amount": fmt.persons(abs(change)) if not fmt.is_missing(change) else MISSING,
        "supported_period": _period(ds, "forsoergede_aendring_personer", home),
        "supported_share": _approx(ds, "forsoergede_fald_andel_unge_langtidsledige_pct", home)
        + _value(ds, "forsoergede_fald_andel_unge_langtidsledige_pct", home, lambda v: fmt.pct(v, 0)),
        "job_growth": _approx(ds, "jobvaekst_fuldtidsjob_pr_aar", home)
        + _value(ds, "jobvaekst_fuldtidsjob_pr_aar", home, fmt.number),
        "job_growth_period": _period(ds, "jobvaekst_fuldtidsjob_pr_aar", home),
        **absence_figures(ds, home),
        "latest_net_budget": MISSING if net.empty else fmt.dkk(net.iloc[-1]["amount_dkk"]),
        "latest_net_budget_year": MISSING if net.empty else str(int(net.iloc[-1]["budget_year"])),
        "latest_net_budget_area": MISSING if net.empty else net.iloc[-1]["area_name_printed"],
        "latest_recipients": MISSING if latest.empty else fmt.persons(leaf_total(latest)),
        "latest_recipients_year": str(latest_year) if latest_year else MISSING,
        "latest_recipients_basis": latest_basis or MISSING,
    }


def text_recipients_over_time(ds: Dataset) -> str:
    counts = counts_with_subtotals(ds)
    leaves = counts[~counts["is_subtotal"]]
    if leaves.empty:
        return "Kilderne har ikke tal for antallet af ydelsesmodtagere."
    totals = leaves.groupby(["budget_year", "basis_code"])["persons"].sum().sort_index()
    (first_year, first_basis), first = totals.index[0], totals.iloc[0]
    (last_year, last_basis), last = totals.index[-1], totals.iloc[-1]
    label = {"actual": "faktisk", "budget": "budgetteret"}
    return (f"I alt var der {label[first_basis]} {fmt.persons(first)} i {first_year} og "
            f"{label[last_basis]} {fmt.persons(last)} i {last_year}, en ændring på {fmt.signed(last - first)} "
            f"({fmt.signed_pct(change_pct(last, first))}).")


def text_net_budgets(ds: Dataset) -> str:
    net = employment_net_budgets(ds)
    if net.empty:
        return "Kilderne oplyser ikke et samlet nettobudget for området."
    items = [f"{fmt.dkk(row['amount_dkk'])} i {int(row['budget_year'])} for *{row['area_name_printed']}*"
             for _, row in net.iterrows()]
    return f"Kilderne oplyser {fmt.join_da(items)}."


def figure_net_budgets(ds: Dataset) -> Figure | None:
    net = employment_net_budgets(ds)
    if net.empty:
        return None
    shown = pd.DataFrame({"År": net["budget_year"].astype(str), "Område": net["area_name_printed"],
                          "Udvalg": net["committee_name"].fillna(""), "Nettobudget (kr.)": net["amount_dkk"],
                          "Dækker": net["scope_da"]})
    return Figure(title="Nettobudgetter for beskæftigelsesområdet med deres afgrænsning", table=shown,
                  sources=ds["sources"], source_ids=list(net["source_id"].unique()), description="",
                  formats={"Nettobudget (kr.)": fmt.number},
                  note="Områderne er afgrænset forskelligt; læs beskrivelsen før du sammenligner beløbene.")


def text_forecasts(ds: Dataset) -> str:
    frame = forecasts_with_outcomes(ds)
    if frame.empty:
        return "Kilderne indeholder ingen prognoser."
    with_outcome = frame["outcome_value"].notna().sum()
    if with_outcome == 0:
        return (f"Kilderne har {len(frame)} prognoser, men ingen af dem oplyser, hvordan det faktisk gik. "
                "Prognoserne kan derfor ikke holdes op mod et udfald endnu; når et senere dokument med de "
                "faktiske tal føjes til bogens data, vises de her.")
    return f"{with_outcome} af {len(frame)} prognoser kan holdes op mod et faktisk udfald."
