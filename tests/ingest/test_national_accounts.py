"""The national chart of accounts the package ships: a sourced reference, and what an import takes from it."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from conftest import REPO_ROOT, SETTINGS_FILE
from jobbook.cli import main
from jobbook.data.national import (
    REFERENCE_TABLES,
    chart_rows,
    national_chart,
    national_function,
    national_geographies,
    read_reference,
)

FUNCTIONS = REPO_ROOT / "tests" / "ingest" / "fixtures" / "funktioner_fra_kontoplanen_2027.txt"


def cli(*args: str) -> int:
    return main(["--settings", str(SETTINGS_FILE), *args])


def rows_of(data_dir: Path, file: str, **where) -> list[dict]:
    with (data_dir / file).open(encoding="utf-8") as handle:
        return [r for r in csv.DictReader(handle) if all(r[k] == str(v) for k, v in where.items())]


@pytest.mark.parametrize("name", sorted(REFERENCE_TABLES))
def test_the_reference_tables_validate(name):
    table, findings = read_reference(REFERENCE_TABLES[name])
    assert findings == [] and len(table.frame) > 0


def test_every_function_names_the_published_page_that_states_its_name():
    chart = national_chart()
    assert chart["source_url"].str.match(r"^https?://(www\.)?star\.dk/").all()
    assert chart["source_location"].str.len().min() > 20
    # the location quotes the heading, list entry or sentence where the page names the function
    for row in chart.itertuples():
        assert row.konto_code in row.source_location, row
    named = chart[chart["source_location"].str.contains("«Konteringsregler for ", regex=False)]
    assert len(named) >= 10 and all(r.konto_name in r.source_location for r in named.itertuples())
    assert chart["konto_code"].str.match(r"^\d\.\d{2}\.\d{2}$").all()


def test_a_renamed_function_has_the_name_of_the_budget_year():
    assert national_function("5.68.94", 2019)["konto_name"] == "Pilotjobcentre"
    assert national_function("5.68.94", 2020)["konto_name"] == "Løntilskud og indtil 2012 pilotjobcentre"
    assert national_function("5.68.94")["konto_name"] == "Løntilskud og indtil 2012 pilotjobcentre"
    assert national_function("5.48.65", 2020)["valid_from_year"] == 2020
    assert national_function("5.68.93", 2008)["valid_to_year"] == 2010
    assert national_function("5.57.76") is None  # not confirmed on a published page: not in the reference


def test_chart_rows_add_the_levels_above_a_function_only_where_missing():
    rows = chart_rows({"3.30.44": 2027, "5.57.79": 2027}, known={"5", "5.57"})
    assert [r["konto_code"] for r in rows] == ["3", "3.30", "3.30.44", "5.57.79"]
    assert rows[0]["konto_name"] is None and rows[2]["konto_name"] == "Produktionsskoler"
    assert rows[3]["parent_konto_code"] == "5.57" and rows[3]["expense_type_code"] == "forsorgelse"
    assert all(r["source_id"] == "star-konteringsvejledning" for r in rows)


def test_the_geographies_are_the_country_five_regions_and_98_municipalities():
    geo = national_geographies()
    counts = geo["geography_type_code"].value_counts().to_dict()
    assert counts == {"country": 1, "region": 5, "municipality": 98}
    municipalities = geo[geo["geography_type_code"] == "municipality"].set_index("geography_code")
    assert municipalities["parent_geography_code"].value_counts().to_dict() == {
        "1084": 29, "1083": 22, "1082": 19, "1085": 17, "1081": 11}
    assert municipalities.loc["326", "parent_geography_code"] == "1085"  # Kalundborg, Region Sjælland
    assert municipalities.loc["101", "geography_name"] == "København"


def test_an_account_table_with_functions_only_the_national_chart_knows_imports_without_hand_edits(data_copy, capsys):
    chart_before = (data_copy / "chart_of_accounts.csv").read_text(encoding="utf-8")
    assert "5.57.79" not in chart_before and "3.30.44" not in chart_before
    assert cli("import-budget", str(FUNCTIONS), "--data", str(data_copy)) == 0
    captured = capsys.readouterr()
    assert "3 row(s) were added" not in captured.out and "4 row(s) were added" in captured.out
    assert "chart_of_accounts.csv: note: 5.57.79 Midlertidig arbejdsmarkedsydelsesordning og kontantydelsesordning " \
           "is taken from the national chart of accounts (source star-konteringsvejledning)" in captured.err
    assert "chart_of_accounts.csv: note: 3.30 is taken from" in captured.err
    [added] = rows_of(data_copy, "chart_of_accounts.csv", konto_code="5.57.79")
    assert (added["konto_name"], added["parent_konto_code"], added["source_id"]) == (
        "Midlertidig arbejdsmarkedsydelsesordning og kontantydelsesordning", "5.57", "star-konteringsvejledning")
    assert "star.dk" in added["source_location"]
    assert [r["konto_code"] for r in rows_of(data_copy, "chart_of_accounts.csv", source_id="star-konteringsvejledning")
            ] == ["3", "3.30", "3.30.44", "5.57.79"]
    assert len(rows_of(data_copy, "sources.csv", source_id="star-konteringsvejledning")) == 1
    rows = {r["konto_code"]: r for r in rows_of(data_copy, "budget_by_account.csv", budget_year=2027)}
    assert rows["3.30.44"]["amount_dkk_1000"] == "6215"
    assert rows["3.30.44"]["konto_name_printed"] == "Produktionsskoler, kommunalt bidrag"  # as printed
    assert cli("validate", "--data", str(data_copy)) == 0
    # a second import finds the functions in the chart and adds nothing
    assert cli("import-budget", str(FUNCTIONS), "--data", str(data_copy)) == 0
    assert "taken from the national chart" not in capsys.readouterr().err


def test_a_function_in_neither_chart_is_refused_naming_both(data_copy, tmp_path, capsys):
    table = tmp_path / "tabel.txt"
    table.write_text("ANDRE YDELSER (1.000 kr.)\nFunktion Budget 2027\n05.57.76 Boligydelse til pensionister 1.200\n",
                     encoding="utf-8")
    before = (data_copy / "chart_of_accounts.csv").read_bytes()
    assert cli("import-budget", str(table), "--data", str(data_copy)) == 1
    err = capsys.readouterr().err
    assert "a konto in chart_of_accounts.csv or in the national chart of accounts the package ships; 5.57.76 is in " \
           "neither: add it to chart_of_accounts.csv first" in err
    assert (data_copy / "chart_of_accounts.csv").read_bytes() == before


def test_a_dry_run_names_the_functions_it_would_take_and_writes_nothing(data_copy, capsys):
    before = {p.name: p.read_bytes() for p in data_copy.iterdir()}
    assert cli("import-budget", str(FUNCTIONS), "--dry-run", "--data", str(data_copy)) == 0
    err = capsys.readouterr().err
    assert "5.57.79 Midlertidig arbejdsmarkedsydelsesordning og kontantydelsesordning is taken from" in err
    assert {p.name: p.read_bytes() for p in data_copy.iterdir()} == before
