"""Unit tests: the BDO benchmark's comparison in words, and gaps in the benchmark data."""

import pytest

from conftest import DATA_DIR, chapter, with_table
from jobbook.analysis import bdo as benchmark
from jobbook.data.dataset import load_dataset


@pytest.fixture(scope="module")
def ds(settings):
    return load_dataset(DATA_DIR, settings)


@pytest.mark.parametrize(("index", "average", "text"), [
    (96, 100, "4\u00a0% billigere i drift end"),
    (110, 100, "10\u00a0% dyrere i drift end"),
    (100.2, 100, "lige så dyrt i drift som"),
    (float("nan"), 100, "ikke oplyst"),
])
def test_comparison_with_the_average_in_words(index, average, text):
    assert benchmark.comparison_text(index, average) == text


def test_key_figures_from_the_shipped_benchmark(ds, settings):
    figures = benchmark.key_figures(chapter(ds, 2026))
    assert (figures["bdo_index"], figures["bdo_average"]) == ("96", "100")
    assert figures["bdo_comparison"] == "4\u00a0% billigere i drift end"


def test_a_benchmark_without_overall_row_is_reported_as_missing(ds, settings):
    table = ds["bdo_benchmark"]
    groups_only = with_table(ds, "bdo_benchmark", table[table["target_group_code"] != "i_alt"])
    assert benchmark.overall(groups_only) is None
    assert benchmark.key_figures(chapter(groups_only, 2026))["bdo_comparison"] == "ikke oplyst"


def test_group_text_when_no_group_is_above_the_average(ds):
    table = ds["bdo_benchmark"]
    table.loc[table["position_code"] == "above", "position_code"] = "below"
    none_above = with_table(ds, "bdo_benchmark", table)
    assert "ingen målgruppe over gennemsnittet" in str(benchmark.text_groups(chapter(none_above, 2026)))


def test_group_text_names_the_group_above_once_and_leaves_the_annex_to_the_caveats(ds):
    said = str(benchmark.text_groups(chapter(ds, 2026)))
    assert said == ("Kilderne giver ingen indeks pr. målgruppe. De siger kun, hvilke målgrupper der ligger over og "
                    "under gennemsnittet: A-dagpengemodtagere ligger over, resten under.")
    assert "bilag" not in said


def test_the_table_explains_the_group_above_without_saying_again_that_it_is_above(ds):
    table = benchmark.benchmark_table(ds).set_index("target_group_code")
    assert "gennemsnittet" not in table.loc["dagpenge", "statement_da"]
    assert table.loc["dagpenge", "statement_da"].startswith("Placeringen skyldes")


def test_group_text_with_indices_speaks_of_the_sources_not_of_data_entry(ds):
    table = ds["bdo_benchmark"].copy()
    table.loc[table["target_group_code"] == "dagpenge", "index_value"] = 104.0
    with_index = with_table(ds, "bdo_benchmark", table)
    assert str(benchmark.text_groups(chapter(with_index, 2026))) == (
        "Kilderne giver indeks for én målgruppe. Figuren viser indekset sammen med kildens beskrivelse.")


def test_key_figures_glue_the_jobcenter_s_sickness_absence(ds):
    figures = benchmark.key_figures(chapter(ds, 2026))
    assert (figures["absence_jobcenter_verb"], figures["absence_jobcenter_first"],
            figures["absence_jobcenter_last"]) == ("faldt", "6,8\u00a0% i 2022", "3,3\u00a0% i 2024")
    assert (figures["absence_municipality_first"], figures["absence_municipality_last"]) == (
        "6,7\u00a0% i 2022", "5,9\u00a0% i 2024")
