"""Data and regression tests: the shipped data validates and holds the published figures."""

from __future__ import annotations

import pytest

from conftest import DATA_DIR, SETTINGS_FILE
from jobbook.cli import main
from jobbook.data.dataset import load_dataset, validate_data_dir
from jobbook.data.tables import TABLES
from jobbook.data.vintages import VINTAGED


@pytest.fixture(scope="module")
def dataset(settings):
    return load_dataset(DATA_DIR, settings)


def test_shipped_data_validates(capsys):
    assert main(["--settings", str(SETTINGS_FILE), "validate"]) == 0
    assert "20 tables valid" in capsys.readouterr().out


def test_shipped_data_notes_are_the_known_rounding_and_dut_differences(settings, sources_dir):
    notes = validate_data_dir(DATA_DIR, settings).notes
    summary = sorted((n.check_code, n.details["kind"], n.details["difference"]) for n in notes)
    assert summary == [
        ("budget_total", "rounding", 1.0),
        ("budget_total", "rounding", 2.0),
        ("net_budget_parts", "acknowledged", 151000.0),
        ("net_budget_parts", "rounding", 1000.0),
    ]


def test_every_table_is_loaded_with_its_dtypes(dataset):
    for spec in TABLES:
        frame = dataset.every_document(spec.name)
        assert list(frame.columns) == spec.column_names
        assert len(frame) > 0, spec.name
        # a table several documents may print a figure of gives one row per figure, naming its documents
        current = dataset[spec.name]
        assert list(current.columns) == spec.column_names + (["source_ids"] if spec.name in VINTAGED else [])
        for f in spec.fields:
            assert str(frame[f.name].dtype) == f.dtype, (spec.name, f.name)


def test_every_data_row_names_a_known_source_and_location(dataset):
    known = set(dataset["sources"]["source_id"])
    for spec in TABLES:
        if "source_id" not in spec.column_names or spec.name == "sources":
            continue
        frame = dataset[spec.name]
        assert set(frame["source_id"]) <= known, spec.name
        assert frame["source_location"].notna().all(), spec.name


def test_published_budget_totals(dataset):
    totals = dataset["budget_totals_stated"].set_index("budget_year")["amount_dkk_1000"]
    assert totals[2020] == 492_697
    assert totals[2021] == 540_225
    rows = dataset["budget_by_account"].groupby("budget_year")["amount_dkk_1000"].sum()
    assert rows[2020] == 492_699
    assert rows[2021] == 540_226
    assert len(dataset["budget_by_account"]) == 36


def test_published_recipient_figures(dataset):
    recipients = dataset["recipients"].set_index(["group_code", "budget_year"])["persons"]
    assert recipients[("foertidspension", 2022)] == 2_848
    assert recipients[("sygedagpenge", 2020)] == 806
    assert recipients[("kontanthjaelp", 2021)] + recipients[("uddannelseshjaelp", 2021)] == 1_080
    assert recipients[("ledighedsydelse", 2022)] + recipients[("fleksjob", 2022)] == 1_098


def test_published_net_budgets(dataset):
    budgets = dataset["net_budgets"].set_index(["area_code", "budget_year"])["amount_dkk"]
    assert budgets[("jobcenter-og-borgerservice", 2024)] == 1_084_640_200
    assert budgets[("arbejdsmarked-og-borgerservice", 2022)] == 989_049_000
    assert budgets[("jobcenter-administration", 2022)] == 46_847_000


def test_published_reform_and_benchmark_figures(dataset):
    reform = dataset["reform_figures"].set_index("figure_code")["value"]
    assert reform["reduktion_brutto"] == pytest.approx(reform["reduktion_specificeret"]
                                                       + reform["reduktion_uspecificeret"])
    assert (reform["reduktion_brutto"], reform["reduktion_specificeret"]) == (23.1, 17.1)
    assert (reform["reduktion_i_alt"], reform["reduktion_kommuner"]) == (2730, 2470)
    bench = dataset["bdo_benchmark"].set_index("target_group_code")
    assert bench.loc["i_alt", "index_value"] == 96
    assert bench.loc["dagpenge", "position_code"] == "above"


def test_fleksjob_unemployment_changes_match_the_stated_ones(dataset):
    ind = dataset["indicators"]
    flex = ind[ind["indicator_code"] == "fleksjob_ledighed_pct"].set_index(["geography_code", "period_start"])["value"]
    assert flex[("326", "2021-12")] - flex[("326", "2024-12")] == pytest.approx(4.7)
    assert flex[("DK", "2021-12")] - flex[("DK", "2024-12")] == pytest.approx(0.3)


def test_konto_codes_are_stored_canonically():
    for path in DATA_DIR.glob("*.csv"):
        text = path.read_text(encoding="utf-8")
        assert ",055" not in text and ",05." not in text, path.name
