"""Socio-economic indicators (unemployment, fleksjob, long-term unemployment, jobs, absence): the rows
of one indicator with readable periods and places, changes between two times, forecasts and outcomes."""

from __future__ import annotations

import pandas as pd

from jobbook.data.dataset import Dataset
from jobbook.present import fmt
from jobbook.present.labels import MISSING_DA, MONTHS_DA

COUNTRY = "DK"  # the geography code of the whole country in geographies.csv


def period_label(start: str, end: str) -> str:
    """``december 2021``, ``2022``, ``8. marts 2020–18. oktober 2020`` or ``2022–2024``."""
    def one(text: str) -> str:
        parts = text.split("-")
        if len(parts) == 1:
            return parts[0]
        month = MONTHS_DA[int(parts[1]) - 1]
        return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])}. {month} {parts[0]}"
    return one(start) if start == end else f"{one(start)}–{one(end)}"


def _printed_or_label(row: pd.Series) -> str:
    """The period in the source's words where it is vaguer than a month ("primo 2023"), else the
    stored months and years: those are then only the book's approximation, kept for sorting."""
    printed = row.get("period_printed")
    return printed if isinstance(printed, str) and printed else period_label(row["period_start"], row["period_end"])


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
    rows["period_label"] = [_printed_or_label(row) for _, row in rows.iterrows()]
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
                    "period": _printed_or_label(row),
                    "forecast": row["printed_text"], "forecast_value": row["value"],
                    "outcome_value": float("nan") if fmt.is_missing(outcome) else float(outcome),
                    "source": row["underlying_source_da"]})
    return pd.DataFrame(out, columns=["indicator", "geography", "period", "forecast", "forecast_value",
                                      "outcome_value", "source"])


def sickness_absence_figures(ds: Dataset) -> dict[str, str]:
    """Staff sickness absence in the jobcenter and in the whole municipality as a workplace, first and
    last year (``6,8 % i 2022``), and the jobcenter's change as a verb; used by more than one chapter."""
    rows = indicator_rows(ds, "sygefravaer_pct")

    def at(kind: str, position: int) -> str:
        sub = rows[rows["geography_type_code"] == kind].sort_values("period_start")
        if sub.empty:
            return MISSING_DA
        row = sub.iloc[position]
        return f"{fmt.pct(row['value'])} i {row['period_label']}"

    jobcenter = rows[rows["geography_type_code"] == "organisation"].sort_values("period_start")["value"]
    jobcenter_change = jobcenter.iloc[-1] - jobcenter.iloc[0] if len(jobcenter) > 1 else float("nan")
    return {
        "absence_jobcenter_verb": fmt.change_word(jobcenter_change, up="steg", down="faldt", same="var uændret"),
        "absence_jobcenter_first": at("organisation", 0), "absence_jobcenter_last": at("organisation", -1),
        "absence_municipality_first": at("municipality", 0), "absence_municipality_last": at("municipality", -1),
    }
