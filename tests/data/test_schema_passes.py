"""A table that passed its schema is not checked again until something the check depends on changes."""

from __future__ import annotations

import dataclasses
import shutil

import pytest

import jobbook.data.dataset as dataset
from conftest import SETTINGS_FILE, replace_once


@pytest.fixture
def checked(settings, data_copy, tmp_path, monkeypatch):
    """validate(): validates the data copy with its own cache folder; returns the report and the
    tables pandera checked this time."""
    settings_file = tmp_path / "jobbook.toml"
    shutil.copyfile(SETTINGS_FILE, settings_file)
    own = dataclasses.replace(settings, settings_file=settings_file, data_dir=data_copy)
    calls: list[str] = []
    real = dataset.schema_findings

    def counting(table, ctx):
        calls.append(table.spec.name)
        return real(table, ctx)

    monkeypatch.setattr(dataset, "schema_findings", counting)

    def validate():
        calls.clear()
        return dataset.validate_data_dir(data_copy, own), sorted(calls)

    return validate


def test_unchanged_tables_are_not_checked_again(checked):
    first, tables = checked()
    assert first.ok and len(tables) == len(dataset.TABLES)
    second, tables = checked()
    assert second.ok and tables == []


def test_a_changed_table_is_checked_again_and_its_errors_reported(checked, data_copy):
    checked()
    budget = data_copy / "budget_by_account.csv"
    replace_once(budget, "2020,budget,5.46.60,", "2020,budgt,5.46.60,")
    report, tables = checked()
    assert tables == ["budget_by_account"]
    assert [(f.file.endswith("budget_by_account.csv"), f.line, f.column) for f in report.errors] == [
        (True, 2, "basis_code")]


def test_a_table_is_checked_again_when_the_values_it_refers_to_change(checked, data_copy):
    checked()
    replace_once(data_copy / "chart_of_accounts.csv", "\n5.46.60,funktion,", "\n5.46.69,funktion,")
    report, tables = checked()
    assert "budget_by_account" in tables
    assert any(f.file.endswith("budget_by_account.csv") and f.column == "konto_code" and f.value == "5.46.60"
               for f in report.errors)


@pytest.mark.parametrize("stored", ["not json", '{"a": 1}', "[[1], 2, null]"])
def test_a_damaged_record_only_means_every_table_is_checked(checked, tmp_path, stored):
    record = tmp_path / "_build" / ".cache" / "schema-passes.json"
    record.parent.mkdir(parents=True)
    record.write_text(stored, encoding="utf-8")
    report, tables = checked()
    assert report.ok and len(tables) == len(dataset.TABLES)
    assert checked()[1] == []
