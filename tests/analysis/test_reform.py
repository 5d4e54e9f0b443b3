"""Unit tests: the reform's shares, sensitivity and break-even."""

import pandas as pd
import pytest

from conftest import DATA_DIR, chapter, with_table
from jobbook.analysis import reform
from jobbook.data.dataset import load_dataset
from jobbook.data.findings import DataError


@pytest.fixture(scope="module")
def inputs(settings):
    return reform.inputs_from_sources(load_dataset(DATA_DIR, settings), settings.geography_code)


def test_inputs_come_from_the_sources(inputs):
    assert (inputs.reduction_national_mio, inputs.reduction_municipal_mio) == (2730, 2470)
    assert inputs.reduction_gross_mio == pytest.approx(inputs.reduction_specified_mio
                                                       + inputs.reduction_unspecified_mio)
    assert (inputs.structural_rise_pct_point, inputs.structural_cost_national_mio) == (0.5, 6000)


def test_implied_share_of_the_municipal_reduction(inputs):
    assert reform.municipal_share_pct(inputs) == pytest.approx(23.1 / 2470 * 100)


def test_local_cost_of_higher_structural_unemployment(inputs):
    share = 23.1 / 2470
    assert reform.local_cost_of_rise_mio(inputs) == pytest.approx(6000 * share)
    assert reform.local_cost_of_rise_mio(inputs, 0.25) == pytest.approx(3000 * share)


def test_break_even_rise_cancels_the_savings_exactly(inputs):
    rise = reform.break_even_rise_pct_point(inputs)
    assert reform.local_cost_of_rise_mio(inputs, rise) == pytest.approx(inputs.reduction_gross_mio)
    assert rise == pytest.approx(0.5 * 2470 / 6000)


def test_scale_of_benefits(inputs):
    assert reform.benefit_budget_mio(inputs) == pytest.approx(900)
    assert reform.cost_of_volume_change_mio(inputs, 1.0) == pytest.approx(9.0)
    assert reform.volume_change_cancelling_reduction_pct(inputs) == pytest.approx(23.1 / 900 * 100)


def test_sensitivity_table_runs_over_the_slider_s_range(inputs):
    table = reform.sensitivity(inputs, reform.table_rises(inputs))
    assert list(table["rise_pct_point"]) == [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]
    assert table["net_mio"].iloc[0] == pytest.approx(inputs.reduction_gross_mio)
    assert table["net_mio"].is_monotonic_decreasing


def test_overrides_replace_source_values(settings):
    ds = load_dataset(DATA_DIR, settings)
    custom = reform.inputs_from_sources(ds, settings.geography_code, local_share_pct=2.0,
                                        scenario_rise_pct_point=None)
    assert reform.local_share_pct(custom) == 2.0
    assert custom.scenario_rise == 0.5
    assert reform.local_cost_of_rise_mio(custom) == pytest.approx(120)


def test_a_scenario_rise_scales_the_cost_at_the_sources_price_per_point(settings):
    ds = load_dataset(DATA_DIR, settings)
    source = reform.inputs_from_sources(ds, settings.geography_code)
    doubled = reform.inputs_from_sources(ds, settings.geography_code, scenario_rise_pct_point=1.0)
    # 0.5 points cost 6 bn. nationally, so 1.0 point costs twice as much; the calibration is untouched.
    assert doubled.structural_rise_pct_point == 0.5
    assert reform.local_cost_of_rise_mio(doubled) == pytest.approx(2 * reform.local_cost_of_rise_mio(source))
    assert reform.break_even_rise_pct_point(doubled) == pytest.approx(reform.break_even_rise_pct_point(source))
    assert reform.table_rises(reform.inputs_from_sources(ds, settings.geography_code,
                                                          scenario_rise_pct_point=1.5))[-1] == 1.5


def test_the_chapter_names_the_assumptions_an_analyst_changed(settings):
    ds = load_dataset(DATA_DIR, settings)
    source = reform.inputs_from_sources(ds, settings.geography_code)
    assert reform.assumptions_text(ds, settings.geography_code, source).startswith("Regnestykket bruger kildernes")
    custom = reform.inputs_from_sources(ds, settings.geography_code, scenario_rise_pct_point=1.0,
                                        structural_cost_national_mio=5000)
    text = reform.assumptions_text(ds, settings.geography_code, custom)
    assert "landsudgiften ved den stigning er sat til 5,0\u00a0mia.\u00a0kr." in text
    assert "scenariets stigning er sat til 1,00\u00a0procentpoint" in text
    figures = reform.key_figures(chapter(ds, 2026, scenario_rise_pct_point=1.0, structural_cost_national_mio=5000))
    assert figures["assumptions"] == text
    assert figures["source_national_cost"] == "ca. 6,0\u00a0mia.\u00a0kr."  # the source's statement stays


def test_national_figures_are_read_for_the_country_only(settings):
    ds = load_dataset(DATA_DIR, settings)
    frame = ds["reform_figures"]
    local_copy = frame[frame["figure_code"] == "reduktion_i_alt"].assign(geography_code=settings.geography_code,
                                                                         value=1.0)
    mixed = with_table(ds, "reform_figures", pd.concat([frame, local_copy]))
    assert reform.reform_values(mixed, settings.geography_code)["reduktion_i_alt"] == 2730


def test_a_missing_reform_figure_is_a_data_error(settings):
    ds = load_dataset(DATA_DIR, settings)
    frame = ds["reform_figures"]
    short = with_table(ds, "reform_figures", frame[frame["figure_code"] != "reduktion_brutto"])
    with pytest.raises(DataError, match="reduktion_brutto"):
        reform.inputs_from_sources(short, settings.geography_code)


def test_the_source_s_wording_and_the_book_s_reading_are_both_given(settings):
    ds = load_dataset(DATA_DIR, settings)
    figures = reform.key_figures(chapter(ds, 2026))
    assert figures["source_rise_printed"] == "0,5 pct."  # as printed; "procentpoint" is the book's reading
    assert figures["break_even"] == "0,21\u00a0procentpoint"
    # the break-even depends only on national figures: half the share doubles it
    assert figures["break_even_half_share"] == "0,41\u00a0procentpoint"


def test_the_source_s_statement_is_read_from_the_data_as_printed(settings):
    ds = load_dataset(DATA_DIR, settings)
    assert reform.source_statement(chapter(ds, 2026)) == {"rise": "0,5 pct.", "cost": "ca. 6,0\u00a0mia.\u00a0kr."}
    # an analyst's other national cost changes the calculation, never what the source is quoted for
    other = chapter(ds, 2026, structural_cost_national_mio=5000)
    assert reform.source_statement(other)["cost"] == "ca. 6,0\u00a0mia.\u00a0kr."
    assert reform.figure_whatif(other).per_point_mio == pytest.approx(10000)


def test_the_front_page_keeps_the_book_s_break_even_out_of_its_key_figures():
    front = (DATA_DIR.parent / "book" / "index.md").read_text(encoding="utf-8")
    sections = {part.split("\n", 1)[0]: part for part in front.split("\n## ")[1:]}
    assert "break_even" not in sections["Nøgletal"]
    example = next(text for heading, text in sections.items() if "break_even" in text)
    assert "regneeksempel" in example.lower() and "ikke et tal fra kilderne" in example
    assert "source_national_cost" in example and "Økonomiaftale" in example and "Budgetgaranti" in example


def test_the_budget_guarantee_s_source_is_named_from_the_sources_table(settings):
    ds = load_dataset(DATA_DIR, settings)
    assert reform.guarantee_source_name(ds) == "budgetbemærkningerne til 2022"
    assert reform.key_figures(chapter(ds, 2026))["guarantee_source"] == "budgetbemærkningerne til 2022"
    sources = ds["sources"]
    without = with_table(ds, "sources", sources[sources["source_id"] != reform.GUARANTEE_SOURCE_ID])
    assert reform.guarantee_source_name(without) == "kommunens budgetbemærkninger"
