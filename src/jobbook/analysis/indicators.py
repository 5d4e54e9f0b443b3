"""Socio-economic indicators: unemployment, fleksjob, long-term unemployment, jobs, absence."""

from __future__ import annotations

import pandas as pd

from jobbook.data.dataset import Dataset
from jobbook.present import fmt
from jobbook.present.charts import COLOR_COMPARISON, COLOR_HOME, chart_hbar, color_by
from jobbook.present.figures import Figure, describe_extremes

COUNTRY = "DK"  # the geography code of the whole country in geographies.csv
PERIOD_MONTHS_DA = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
                    "oktober", "november", "december"]


def period_label(start: str, end: str) -> str:
    """``december 2021``, ``2022``, ``8. marts 2020–18. oktober 2020`` or ``2022–2024``."""
    def one(text: str) -> str:
        parts = text.split("-")
        if len(parts) == 1:
            return parts[0]
        month = PERIOD_MONTHS_DA[int(parts[1]) - 1]
        return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])}. {month} {parts[0]}"
    return one(start) if start == end else f"{one(start)}–{one(end)}"


def indicator_rows(ds: Dataset, code: str, basis: str | None = "actual") -> pd.DataFrame:
    """One indicator's values (outcomes by default, not forecasts), in period order, with geography
    names, unit and a readable period."""
    rows = ds["indicators"]
    rows = rows[rows["indicator_code"] == code]
    if basis is not None:
        rows = rows[rows["basis_code"] == basis]
    rows = rows.sort_values(["period_start", "period_end", "geography_code"]).copy()
    names = ds["geographies"].set_index("geography_code")
    definitions = ds["indicator_definitions"].set_index("indicator_code")
    rows["geography_name"] = rows["geography_code"].map(names["geography_name"])
    rows["geography_type_code"] = rows["geography_code"].map(names["geography_type_code"])
    rows["unit_code"] = definitions.loc[code, "unit_code"] if code in definitions.index else None
    rows["period_label"] = [period_label(s, e) for s, e in zip(rows["period_start"], rows["period_end"], strict=True)]
    return rows.reset_index(drop=True)


def home_first(rows: pd.DataFrame, home: str) -> pd.DataFrame:
    """The municipality first, then by geography type (country, region, municipalities)."""
    order = {"municipality": 2, "region": 1, "country": 0, "organisation": 3}
    return rows.assign(_home=rows["geography_code"] != home,
                       _type=rows["geography_type_code"].map(order)).sort_values(
        ["_home", "_type", "value"], ascending=[True, True, False]).drop(columns=["_home", "_type"])


def changes_between(ds: Dataset, code: str, first: str, last: str) -> pd.DataFrame:
    """Per geography: the value at two points in time and the change in percentage points."""
    rows = indicator_rows(ds, code)
    wide = rows.pivot(index=["geography_code", "geography_name"], columns="period_start", values="value")
    if first not in wide.columns or last not in wide.columns:
        return pd.DataFrame(columns=["geography_code", "geography_name", "first", "last", "change_pct_point"])
    frame = wide[[first, last]].rename(columns={first: "first", last: "last"}).reset_index()
    frame["change_pct_point"] = frame["last"] - frame["first"]
    return frame


def forecasts_with_outcomes(ds: Dataset) -> pd.DataFrame:
    """Every forecast, with the outcome for the same indicator, place and period when one exists."""
    rows = ds["indicators"]
    forecasts = rows[rows["basis_code"] == "forecast"]
    actual = rows[rows["basis_code"] == "actual"].set_index(["indicator_code", "geography_code", "period_start",
                                                            "period_end"])["value"]
    names = ds["indicator_definitions"].set_index("indicator_code")["indicator_name_da"]
    places = ds["geographies"].set_index("geography_code")["geography_name"]
    out = []
    for _, row in forecasts.iterrows():
        key = (row["indicator_code"], row["geography_code"], row["period_start"], row["period_end"])
        outcome = actual.get(key, float("nan"))
        out.append({"indicator": names[row["indicator_code"]], "geography": places[row["geography_code"]],
                    "period": period_label(row["period_start"], row["period_end"]),
                    "forecast": row["printed_text"], "forecast_value": row["value"],
                    "outcome_value": float("nan") if fmt.is_missing(outcome) else float(outcome),
                    "source": row["underlying_source_da"]})
    return pd.DataFrame(out, columns=["indicator", "geography", "period", "forecast", "forecast_value",
                                      "outcome_value", "source"])


def _compared_with(others: pd.DataFrame) -> str:
    """``landet, regionerne og nabokommunerne``, naming only what the comparison holds."""
    kinds = set(others["geography_type_code"])
    regions = (others["geography_type_code"] == "region").sum()
    parts = (["landet"] if "country" in kinds else []) + \
            (["regionerne" if regions > 1 else "regionen"] if regions else []) + \
            (["nabokommunerne"] if "municipality" in kinds else [])
    return fmt.join_da(parts)


def text_unemployment_2020(ds: Dataset, home: str, region: str) -> str:
    """The covid-19 rise in unemployment: the municipality against the country, region and neighbours."""
    rows = indicator_rows(ds, "ledighed_aendring_pct").dropna(subset=["value"])
    if rows.empty or home not in set(rows["geography_code"]):
        return "Kilderne har ikke tal for, hvordan ledigheden udviklede sig i kommunen under covid-19."
    values = rows.set_index("geography_code")["value"].astype(float)
    period = rows["period_label"].iloc[0]
    text = f"Fra {period} steg ledigheden med {fmt.pct(values[home])} i kommunen"
    if COUNTRY in values.index:
        text += f" mod {fmt.pct(values[COUNTRY])} på landsplan"
    if region in values.index:
        text += f" og {fmt.pct(values[region])} i regionen"
    text += "."
    others = rows[rows["geography_code"] != home]
    if not others.empty:
        if bool((others["value"] > values[home]).all()):
            text += f" Kommunen blev dermed ramt mindre end {_compared_with(others)} i kildens sammenligning."
        elif bool((others["value"] < values[home]).all()):
            text += f" Kommunen blev dermed ramt hårdere end {_compared_with(others)} i kildens sammenligning."
    return text


# --- figures --------------------------------------------------------------------------------

def figure_unemployment_2020(ds: Dataset, home: str) -> Figure | None:
    """The rise in unemployment during the first covid-19 months: the municipality and its neighbours."""
    rows = home_first(indicator_rows(ds, "ledighed_aendring_pct"), home)
    if rows.empty:
        return None
    plot = pd.DataFrame({"Område": rows["geography_name"], "Stigning (%)": rows["value"],
                         "Kommunen": ["Kommunen selv" if c == home else "Sammenligning"
                                      for c in rows["geography_code"]]})
    chart = chart_hbar(plot, category="Område", value="Stigning (%)", value_title="Stigning i ledigheden, %",
                       decimals=0).encode(color=color_by(plot, "Kommunen", domain=["Kommunen selv", "Sammenligning"],
                                                         colors=[COLOR_HOME, COLOR_COMPARISON]))
    shown = pd.DataFrame({"Område": rows["geography_name"], "Stigning i ledigheden (%)": rows["value"],
                          "Periode": rows["period_label"], "Bemærkning": rows["note_da"].fillna(""),
                          "Bagvedliggende kilde": rows["underlying_source_da"].fillna("")})
    periods = fmt.join_da(list(dict.fromkeys(rows["period_label"])))
    return Figure(
        title=f"Ændring i ledigheden {periods}, %",
        table=shown, sources=ds["sources"], source_ids=list(rows["source_id"].unique()),
        description="Vandrette søjler med den procentvise ændring i ledigheden. "
                    + describe_extremes(plot, "Område", "Stigning (%)", lambda v: fmt.pct(v)),
        chart=chart, formats={"Stigning i ledigheden (%)": fmt.pct},
        note="Kilden bruger ikke helt samme mål for alle områder; se bemærkningerne i tabellen.",
    )


def figure_fleksjob(ds: Dataset, home: str) -> Figure | None:
    rows = indicator_rows(ds, "fleksjob_ledighed_pct")
    if rows.empty:
        return None
    rows = home_first(rows, home).sort_values(["period_start"], kind="stable")
    plot = pd.DataFrame({"Område": rows["geography_name"], "Tidspunkt": rows["period_label"].map(fmt.first_upper),
                         "Ledighed (%)": rows["value"]})
    shown = plot.rename(columns={"Ledighed (%)": "Ledighed blandt fleksjobvisiterede (%)"})
    periods = fmt.join_da(list(dict.fromkeys(rows["period_label"])))
    return Figure(
        title="Ledighed blandt borgere visiteret til fleksjob, %",
        table=shown, sources=ds["sources"], source_ids=list(rows["source_id"].unique()),
        description=f"Grupperede søjler med ledighedsprocenten for fleksjobvisiterede i {periods}. "
                    + describe_extremes(plot.assign(Navn=plot["Område"] + ", " + rows["period_label"].to_numpy()),
                                        "Navn", "Ledighed (%)", fmt.pct),
        chart=chart_hbar(plot, category="Tidspunkt", value="Ledighed (%)", value_title="Ledighed, %",
                         color="Område", decimals=0, height_per_bar=22),
        formats={"Ledighed blandt fleksjobvisiterede (%)": fmt.pct},
    )


def figure_sickness_absence(ds: Dataset) -> Figure | None:
    rows = indicator_rows(ds, "sygefravaer_pct").sort_values(["geography_code", "period_start"])
    if rows.empty:
        return None
    names = {"organisation": "jobcentrets medarbejdere", "municipality": "kommunens gennemsnit"}
    plot = pd.DataFrame({
        "Enhed": [fmt.first_upper(names.get(t, n)) for t, n in zip(rows["geography_type_code"],
                                                                    rows["geography_name"], strict=True)],
        "År": rows["period_label"], "Sygefravær (%)": rows["value"]})
    return Figure(
        title="Sygefravær blandt medarbejdere, %",
        table=plot, sources=ds["sources"], source_ids=list(rows["source_id"].unique()),
        description="Grupperede søjler med sygefraværet i jobcentret og i hele kommunen som arbejdsplads. "
                    + describe_extremes(plot.assign(Navn=plot["Enhed"] + " " + plot["År"]), "Navn",
                                        "Sygefravær (%)", fmt.pct),
        chart=chart_hbar(plot, category="År", value="Sygefravær (%)", value_title="Sygefravær, %",
                         color="Enhed", decimals=0, height_per_bar=22),
        formats={"Sygefravær (%)": fmt.pct},
    )


def figure_forecasts(ds: Dataset) -> Figure | None:
    frame = forecasts_with_outcomes(ds)
    if frame.empty:
        return None
    shown = pd.DataFrame({"Indikator": frame["indicator"], "Område": frame["geography"],
                          "Periode": frame["period"], "Prognose (som trykt)": frame["forecast"],
                          "Faktisk udfald": frame["outcome_value"], "Prognosens kilde": frame["source"].fillna("")})
    rows = ds["indicators"]
    return Figure(title="Prognoser og udfald", table=shown, sources=ds["sources"],
                  source_ids=list(rows[rows["basis_code"] == "forecast"]["source_id"].unique()),
                  description="", formats={"Faktisk udfald": lambda v: fmt.number(v, 1)},
                  note="Et tomt udfald betyder, at ingen af kilderne oplyser, hvordan det faktisk gik.")


def figure_other_indicators(ds: Dataset) -> Figure | None:
    """The single-figure indicators (long-term unemployment, fewer on benefits, job growth, ...)."""
    codes = ["langtidsledige_fald_personer", "langtidsledige_fald_rang", "forsoergede_aendring_personer",
             "forsoergede_fald_andel_unge_langtidsledige_pct", "jobvaekst_fuldtidsjob_pr_aar",
             "sygefravaer_rang", "sygefravaer_stigning_vs_landet", "nye_arbejdspladser"]
    definitions = ds["indicator_definitions"].set_index("indicator_code")
    frames = [frame for frame in (indicator_rows(ds, c, basis=None) for c in codes) if not frame.empty]
    if not frames:
        return None
    rows = pd.concat(frames, ignore_index=True)
    shown = pd.DataFrame({"Indikator": rows["indicator_code"].map(definitions["indicator_name_da"]),
                          "Periode": rows["period_label"], "Som trykt i kilden": rows["printed_text"],
                          "Grundlag": rows["basis_code"].map({"actual": "faktisk", "forecast": "prognose"}),
                          "Bemærkning": rows["note_da"].fillna("")})
    return Figure(title="Andre nøgletal om udviklingen", table=shown, sources=ds["sources"],
                  source_ids=list(rows["source_id"].unique()), description="")
