"""Unit tests: indicator periods, changes and the comparison texts."""

import pandas as pd
import pytest

from conftest import DATA_DIR, chapter, with_table
from jobbook.analysis import indicators
from jobbook.analysis import udvikling as trend
from jobbook.data.dataset import load_dataset
from jobbook.present import fmt


@pytest.fixture(scope="module")
def ds(settings):
    return load_dataset(DATA_DIR, settings)


@pytest.mark.parametrize(("start", "end", "label"), [
    ("2021-12", "2021-12", "december 2021"), ("2022", "2022", "2022"), ("2022", "2024", "2022–2024"),
    ("2020-03-08", "2020-10-18", "8. marts 2020–18. oktober 2020"),
])
def test_period_label(start, end, label):
    assert indicators.period_label(start, end) == label


def test_fleksjob_changes_in_percentage_points(ds):
    changes = indicators.changes_between(ds, "fleksjob_ledighed_pct", "2021-12", "2024-12").set_index(
        "geography_code")
    assert changes.loc["326", "change_pct_point"] == pytest.approx(-4.7)
    assert changes.loc["DK", "change_pct_point"] == pytest.approx(-0.3)


def test_covid_text_compares_with_country_region_and_neighbours(ds, settings):
    text = str(trend.text_unemployment_2020(chapter(ds, 2026)))
    assert "5,8\u00a0%" in text and "17,7\u00a0%" in text and "12,4\u00a0%" in text
    assert "Tallene for kommunen er dermed lavere end" in text
    # The figures are from different statistics, and the page says so at the comparison.
    assert "Sammenligningen er ikke ét mål" in text
    assert "STAR for Region Hovedstaden, Region Sjælland og hele landet; Jobindsats.dk for Kalundborg Kommune" in text
    assert ("for Odsherred Kommune, Holbæk Kommune og Slagelse Kommune oplyser kilden ikke, hvor tallet kommer fra"
            in text)
    assert text.endswith("For Odsherred Kommune er tallet målt som stigning i antal tilmeldte ledige.")


def test_forecasts_without_outcomes_are_said_to_be_unchecked(ds):
    frame = indicators.forecasts_with_outcomes(ds)
    assert len(frame) == 4  # the qualitative forecast on employment included
    assert frame["outcome_value"].isna().all()
    said = str(trend.text_forecasts(chapter(ds, 2026)))
    # one forecaster with four figures (a company's announced jobs are not a forecast)
    assert said.startswith("Kilderne gengiver én prognose (Finansministeriets kommunefremskrivning, september 2020) "
                           "med 4 tal.")
    assert "Ingen af kilderne har et tal for udfaldet af de samme mål og perioder" in said
    # ... but a later document says in words how it went, and the page says what it says.
    assert ("allerede medio 2021 begyndte ledighedsniveauet i Kalundborg at nærme sig niveauet før covid-19"
            in said)
    figure = trend.figure_forecasts(chapter(ds, 2026))
    assert figure.title == "Prognoserne" and "Udfald" not in figure.table.columns


def test_trend_key_figures_are_formatted_text(ds, settings):
    figures = trend.key_figures(chapter(ds, 2026))
    assert all(isinstance(v, str) for v in figures.values())
    assert figures["fleks_home_change"] == "faldet 4,7\u00a0procentpoint"
    assert figures["absence_rank_text"] == "næsthøjeste"
    assert figures["longterm_persons"] == "46\u00a0personer"
    assert figures["latest_net_budget"] == "1.084.640.200\u00a0kr."


def test_latest_recipients_use_one_basis_when_a_year_has_both(ds, settings):
    counts = ds["recipients"]
    outcome = counts[counts["budget_year"] == 2022].assign(basis_code="actual", persons=lambda f: f["persons"] + 1)
    both = with_table(ds, "recipients", pd.concat([counts, outcome]))
    figures = trend.key_figures(chapter(both, 2026))
    # 2022's budget is 7.066 persons; the outcome (one more per group) is shown, never the two added.
    assert figures["latest_recipients"] == fmt.persons(7066 + len(outcome))
    assert figures["latest_recipients_basis"] == "ifølge regnskabet"


def test_a_period_is_shown_in_the_source_s_words_where_the_source_is_vague(ds):
    """"primo 2023" stays "primo 2023": the stored months are only the book's approximation."""
    rows = indicators.indicator_rows(ds, "langtidsledige_fald_personer")
    assert list(rows["period_label"]) == ["fra primo 2023 til primo 2025"]
    exact = indicators.indicator_rows(ds, "fleksjob_ledighed_pct")
    assert set(exact["period_label"]) == {"december 2021", "december 2024"}  # exact where the source is


def test_forecast_periods_are_shown_in_the_source_s_words(ds):
    """The forecast table says "fra ultimo 2020 til udgangen af 2021", not the stored months."""
    periods = list(indicators.forecasts_with_outcomes(ds)["period"])
    assert "fra ultimo 2020 til udgangen af 2021" in periods and "hen over 2021" in periods
    assert not any("december" in p for p in periods)
