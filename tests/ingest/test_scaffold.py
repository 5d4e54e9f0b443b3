"""`jobbook new-year`: the rows of a new year, and validate's list of what is still missing."""

from __future__ import annotations

import csv

from conftest import SETTINGS_FILE
from jobbook.cli import main
from jobbook.data.dataset import validate_data_dir


def cli(*args: str) -> int:
    return main(["--settings", str(SETTINGS_FILE), *args])


def count_year(path, year: int, column: str = "budget_year") -> int:
    with path.open(encoding="utf-8") as handle:
        return sum(1 for row in csv.DictReader(handle) if row[column] == str(year))


def test_new_year_adds_rows_modelled_on_the_latest_year(data_copy, capsys):
    assert cli("new-year", "2027", "--data", str(data_copy)) == 0
    out = capsys.readouterr().out
    assert "budget_by_account.csv: lines 38-55 (modelled on 2021)" in out
    assert "recipients.csv: lines 41-53 (modelled on 2022)" in out
    assert count_year(data_copy / "budget_by_account.csv", 2027) == 18
    assert count_year(data_copy / "budget_totals_stated.csv", 2027) == 1
    assert count_year(data_copy / "recipients.csv", 2027) == 13
    assert count_year(data_copy / "recipient_subtotals_stated.csv", 2027) == 2
    assert count_year(data_copy / "net_budgets.csv", 2027) == 1
    assert count_year(data_copy / "sources.csv", 2027) == 1


def test_validate_then_lists_exactly_the_cells_to_fill(data_copy, settings):
    assert cli("new-year", "2027", "--data", str(data_copy)) == 0
    errors = validate_data_dir(data_copy, settings).errors
    assert errors and all(e.expected == "a value; this column is required" for e in errors)
    missing = {(e.file.split("/")[-1], e.column) for e in errors}
    assert missing == {
        ("sources.csv", "title"), ("sources.csv", "description_da"),
        ("budget_by_account.csv", "amount_dkk_1000"), ("budget_by_account.csv", "source_location"),
        ("budget_totals_stated.csv", "amount_dkk_1000"), ("budget_totals_stated.csv", "source_location"),
        ("recipients.csv", "persons"), ("recipients.csv", "source_location"),
        ("recipient_subtotals_stated.csv", "persons"), ("recipient_subtotals_stated.csv", "source_location"),
        ("net_budgets.csv", "amount_dkk"), ("net_budgets.csv", "scope_da"), ("net_budgets.csv", "source_location"),
    }
    assert len(errors) == 2 + 18 * 2 + 2 + 13 * 2 + 2 * 2 + 3


def test_an_existing_year_is_not_scaffolded_again(data_copy, capsys):
    before = {p.name: p.read_bytes() for p in data_copy.glob("*.csv")}
    assert cli("new-year", "2021", "--data", str(data_copy)) == 2
    assert "already has rows for 2021; nothing was added" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in data_copy.glob("*.csv")} == before


def test_a_year_outside_the_settings_is_refused(data_copy, capsys):
    assert cli("new-year", "2099", "--data", str(data_copy)) == 2
    assert "outside the years the settings allow" in capsys.readouterr().err
