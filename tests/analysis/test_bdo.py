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
