"""`jobbook import-budget`: tables in the layouts documents print, merged into data/ or refused."""

from __future__ import annotations

import csv
import dataclasses
import json
from pathlib import Path

import pytest

from conftest import LAYOUTS, REPO_ROOT, SETTINGS_FILE
from jobbook.cli import main

FIXTURES = REPO_ROOT / "tests" / "ingest" / "fixtures"
ACCOUNTS = FIXTURES / "indsats_og_ydelsesbudget_2027.txt"
RECIPIENTS = FIXTURES / "ydelsesmodtagere_2027.txt"


def cli(*args: str) -> int:
    return main(["--settings", str(SETTINGS_FILE), *args])


def snapshot(data_dir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(data_dir.iterdir())}


def rows_of(data_dir: Path, file: str, **where) -> list[dict]:
    with (data_dir / file).open(encoding="utf-8") as handle:
        return [r for r in csv.DictReader(handle) if all(r[k] == str(v) for k, v in where.items())]


def write(tmp_path: Path, text: str, name: str = "tabel.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_an_account_table_is_merged_as_tidy_rows_with_its_source(data_copy, capsys):
    assert cli("import-budget", str(ACCOUNTS), "--year", "2027", "--data", str(data_copy)) == 0
    out = capsys.readouterr().out
    assert "10 row(s) were added, 0 filled in, 0 already held the same figure; source budget-2027 was added" in out
    rows = {r["konto_code"]: r for r in rows_of(data_copy, "budget_by_account.csv", budget_year=2027)}
    assert len(rows) == 9
    assert rows["5.57.71"]["amount_dkk_1000"] == "71430" and rows["5.46.65"]["amount_dkk_1000"] == "-88"
    assert rows["5.68.90"]["konto_name_printed"] == "Driftsudgifter til den kommunale beskæftigelsesindsats"
    assert rows["5.57.71"]["source_location"] == ("Tabellen «INDSATS OG YDELSESBUDGET (i hele tusinde kroner)», "
                                                  "kolonnen Budget 2027")
    [total] = rows_of(data_copy, "budget_totals_stated.csv", budget_year=2027)
    assert (total["amount_dkk_1000"], total["total_name_printed"]) == ("416582", "I alt")
    [source] = rows_of(data_copy, "sources.csv", source_id="budget-2027")
    assert (source["publisher"], source["budget_year"]) == ("Kalundborg Kommune", "2027")  # publisher: the settings'
    assert cli("validate", "--data", str(data_copy)) == 0


def test_every_year_column_by_default_and_importing_twice_changes_nothing(data_copy, capsys):
    assert cli("import-budget", str(ACCOUNTS), "--data", str(data_copy)) == 0
    assert "20 row(s) were added" in capsys.readouterr().out  # 2026 and 2027, with their totals
    assert len(rows_of(data_copy, "budget_by_account.csv", budget_year=2026)) == 9
    before = snapshot(data_copy)
    assert cli("import-budget", str(ACCOUNTS), "--data", str(data_copy)) == 0
    assert "0 row(s) were added, 0 filled in, 20 already held the same figure" in capsys.readouterr().out
    assert snapshot(data_copy) == before


def test_a_conflict_is_reported_with_both_places_and_nothing_is_written(data_copy, capsys):
    assert cli("import-budget", str(ACCOUNTS), "--year", "2027", "--data", str(data_copy)) == 0
    path = data_copy / "budget_by_account.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",71430,", ",71431,"), encoding="utf-8")
    before = snapshot(data_copy)
    capsys.readouterr()
    assert cli("import-budget", str(ACCOUNTS), "--year", "2027", "--title", "Ny titel", "--data", str(data_copy)) == 1
    err = capsys.readouterr().err
    assert "budget_by_account.csv:41: error: column 'amount_dkk_1000' value '71431'" in err
    assert "71430 as tests/ingest/fixtures/indsats_og_ydelsesbudget_2027.txt:18 gives" in err
    assert "nothing was written" in err and "Traceback" not in err
    assert snapshot(data_copy) == before  # not even the new title


def test_a_recipient_table_with_subtotals_and_wrapped_names(data_copy):
    assert cli("import-budget", str(RECIPIENTS), "--year", "2027", "--data", str(data_copy)) == 0
    leaves = {r["group_code"]: r["persons"] for r in rows_of(data_copy, "recipients.csv", budget_year=2027)}
    assert leaves["integrationsydelse"] == "104"  # "udlæn-/dinge" wrapped over two lines
    assert leaves["foertidspension"] == "2812"
    assert "kontant_og_uddannelseshjaelp" not in leaves  # a subtotal is never stored as a group's count
    subtotals = {r["group_code"]: r["persons"] for r in rows_of(data_copy, "recipient_subtotals_stated.csv",
                                                                 budget_year=2027)}
    assert subtotals == {"kontant_og_uddannelseshjaelp": "925", "ledighedsydelse_og_fleksjob": "1151"}
    assert cli("validate", "--data", str(data_copy)) == 0


@pytest.mark.parametrize(("document", "source", "figures"), [
    ("003_0863a4d303067c74.txt", "beskaeftigelsesplan-2021", 38),
    ("004_bdf646710c52dacc.txt", "bemaerkninger-2022", 45),
])
def test_the_book_s_own_source_tables_give_exactly_the_rows_in_data(data_copy, sources_dir, capsys, document,
                                                                    source, figures):
    assert cli("import-budget", str(sources_dir / document), "--source", source, "--data", str(data_copy)) == 0
    assert f"0 row(s) were added, 0 filled in, {figures} already held the same figure" in capsys.readouterr().out


def test_the_account_table_read_into_empty_years_gives_the_shipped_rows(data_copy, sources_dir):
    """With 2020 and 2021 taken out of the data, the import puts back the same figures."""
    shipped = [(r["budget_year"], r["basis_code"], r["konto_code"], r["konto_name_printed"], r["amount_dkk_1000"])
               for r in rows_of(data_copy, "budget_by_account.csv")]
    for name in ("budget_by_account.csv", "budget_totals_stated.csv"):
        lines = (data_copy / name).read_text(encoding="utf-8").splitlines()
        (data_copy / name).write_text(lines[0] + "\n", encoding="utf-8")
    assert cli("import-budget", str(sources_dir / "003_0863a4d303067c74.txt"), "--source",
               "beskaeftigelsesplan-2021", "--data", str(data_copy)) == 0
    imported = [(r["budget_year"], r["basis_code"], r["konto_code"], r["konto_name_printed"], r["amount_dkk_1000"])
                for r in rows_of(data_copy, "budget_by_account.csv")]
    assert sorted(imported) == sorted(shipped)


KRONER = """Tabel 3. Budget pr. konto
Hele kroner
Konto      Regnskab 2022    Budget 2023
5.57.71 Sygedagpenge      62.300.400    64.100.600
5.58.80 Revalidering      5.120.000     4.950.000
I alt      67.420.400    69.050.600
"""


def test_a_table_in_whole_kroner_is_stored_in_thousands(data_copy, tmp_path, capsys):
    assert cli("import-budget", str(write(tmp_path, KRONER)), "--data", str(data_copy)) == 0
    captured = capsys.readouterr()
    rows = {(r["budget_year"], r["konto_code"]): r["amount_dkk_1000"] for r in
            rows_of(data_copy, "budget_by_account.csv") if r["source_id"] == "budget-2023"}
    assert rows == {("2022", "5.57.71"): "62300", ("2023", "5.57.71"): "64101", ("2022", "5.58.80"): "5120",
                    ("2023", "5.58.80"): "4950"}
    assert "Sygedagpenge 2022: 62,300,400 kr. is stored as 62300 (1,000 kr.)" in captured.err


def test_the_wrong_unit_given_by_hand_is_caught_by_the_neighbour_year(data_copy, tmp_path, capsys):
    """The same kroner table, its unit stated as 1.000 kr.: every figure 1,000 times too large."""
    path = write(tmp_path, KRONER.replace("Hele kroner\n", ""))
    before = snapshot(data_copy)
    budget_2022 = ("Tabel\n1.000 kr.\nKonto Budget 2022\n5.57.71 Sygedagpenge 63.000\n"
                   "5.58.80 Revalidering 5.000\n")
    assert cli("import-budget", str(write(tmp_path, budget_2022, "b.txt")), "--data", str(data_copy)) == 0
    capsys.readouterr()
    before = snapshot(data_copy)
    assert cli("import-budget", str(path), "--unit", "1.000 kr.", "--year", "2023", "--data", str(data_copy)) == 1
    err = capsys.readouterr().err
    assert "64100600 here is 1017 times the size of 63000 for 5.57.71 (budget) in 2022" in err
    assert "the unit may be wrong" in err
    assert snapshot(data_copy) == before


def test_a_table_without_a_unit_is_refused_unless_given(data_copy, tmp_path, capsys):
    path = write(tmp_path, KRONER.replace("Hele kroner\n", ""))
    before = snapshot(data_copy)
    assert cli("import-budget", str(path), "--data", str(data_copy)) == 1
    err = capsys.readouterr().err
    assert "states no unit" in err and "--unit" in err and "nothing was written" in err
    assert snapshot(data_copy) == before
    assert cli("import-budget", str(path), "--unit", "kr.", "--data", str(data_copy)) == 0


def test_millions_with_a_decimal_comma_and_rows_named_only(data_copy, tmp_path):
    table = ("Budget for beskæftigelse (mio. kr.)\nOmråde  Budget 2027\nSygedagpenge 71,4\n"
             "Kontant- og uddannelseshjælp 99,9\nI alt 171,3\n")
    assert cli("import-budget", str(write(tmp_path, table)), "--data", str(data_copy)) == 0
    rows = {r["konto_code"]: r["amount_dkk_1000"] for r in rows_of(data_copy, "budget_by_account.csv",
                                                                      budget_year=2027)}
    assert rows == {"5.57.71": "71400", "5.57.73": "99900"}  # matched to the chart of accounts by name


def test_a_row_that_matches_nothing_is_named(data_copy, tmp_path, capsys):
    table = "Tabel 2 (1.000 kr.)\nKonto Budget 2027\n055771 Sygedagpenge 71.430\nHelt ny ordning 12\n"
    assert cli("import-budget", str(write(tmp_path, table)), "--data", str(data_copy)) == 1
    err = capsys.readouterr().err
    assert "tabel.txt:4: error: value 'Helt ny ordning' — an account named like this" in err


def test_an_unknown_konto_and_persons_with_decimals_are_refused(data_copy, tmp_path, capsys):
    table = "Tabel 2 (1.000 kr.)\nKonto Budget 2027\n059999 Ukendt konto 100\n"
    assert cli("import-budget", str(write(tmp_path, table)), "--data", str(data_copy)) == 1
    assert "5.99.99 is in neither: add it to chart_of_accounts.csv first" in capsys.readouterr().err
    people = "Helårspersoner\nFunktion/kategori Budget 2027\nSygedagpenge 684,5\n"
    assert cli("import-budget", str(write(tmp_path, people, "p.txt")), "--data", str(data_copy)) == 1
    assert "a whole number of persons; the table prints 684.5" in capsys.readouterr().err


def test_a_year_outside_the_settings_is_refused(data_copy, capsys):
    assert cli("import-budget", str(LAYOUTS / "acc_hele_kroner_2004.txt"), "--data", str(data_copy)) == 1
    assert "years from 2007 to 2040 (jobbook.toml); the table has 2004, 2005" in capsys.readouterr().err


def test_the_title_of_an_existing_source_is_updated(data_copy, capsys):
    assert cli("import-budget", str(ACCOUNTS), "--title", "Budget 2027, bemærkninger", "--data", str(data_copy)) == 0
    assert "source budget-2027 was added" in capsys.readouterr().out
    assert cli("import-budget", str(ACCOUNTS), "--title", "Budget 2027 (vedtaget)", "--data", str(data_copy)) == 0
    assert "source budget-2027 was updated" in capsys.readouterr().out
    [source] = rows_of(data_copy, "sources.csv", source_id="budget-2027")
    assert source["title"] == "Budget 2027 (vedtaget)"


JSON_KEYS = {"kind", "konto_code", "name_printed", "year", "basis_code"}


def test_the_json_preview_follows_the_contract(data_copy, capsys):
    before = snapshot(data_copy)
    assert cli("import-budget", str(ACCOUNTS), "--dry-run", "--json", "--data", str(data_copy)) == 0
    preview = json.loads(capsys.readouterr().out)
    assert set(preview) == {"unit", "rows", "problems"} and preview["unit"] == "dkk_1000" and preview["problems"] == []
    assert len(preview["rows"]) == 18  # 9 accounts in 2 years; the totals are not rows
    first = preview["rows"][0]
    assert first == {"kind": "account", "konto_code": "5.46.60", "name_printed": "Selvforsørgelses- og "
                     "hjemrejseprogram eller introduktionsprogram", "year": 2026, "basis_code": "budget",
                     "amount_dkk": 7100000.0}
    assert cli("import-budget", str(RECIPIENTS), "--dry-run", "--json") == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert all(set(r) == JSON_KEYS | {"persons"} and r["kind"] == "recipients" for r in rows)
    assert {r["basis_code"] for r in rows} == {"actual", "budget"}
    assert snapshot(data_copy) == before


def test_a_refused_table_gives_json_with_its_problems_and_exit_1(tmp_path, capsys):
    assert cli("import-budget", str(write(tmp_path, KRONER.replace("Hele kroner\n", ""))), "--dry-run", "--json") == 1
    preview = json.loads(capsys.readouterr().out)
    assert preview["rows"] == [] and len(preview["problems"]) == 1 and "no unit" in preview["problems"][0]


@pytest.mark.parametrize("fixture", sorted(p.name for p in LAYOUTS.iterdir()))
def test_every_layout_fixture_previews_without_writing(data_copy, capsys, fixture):
    before = snapshot(data_copy)
    code = cli("import-budget", str(LAYOUTS / fixture), "--dry-run", "--json", "--data", str(data_copy))
    preview = json.loads(capsys.readouterr().out)
    assert code == (1 if fixture.startswith(("bad_", "two_")) else 0), preview
    assert bool(preview["rows"]) != bool(preview["problems"])
    code = cli("import-budget", str(LAYOUTS / fixture), "--dry-run", "--data", str(data_copy))
    assert code in (0, 1)
    assert "Traceback" not in capsys.readouterr().err
    assert snapshot(data_copy) == before


def test_new_year_then_import_fills_the_scaffold(data_copy, capsys):
    assert cli("new-year", "2027", "--data", str(data_copy)) == 0
    assert cli("import-budget", str(ACCOUNTS), "--year", "2027", "--data", str(data_copy)) == 0
    out = capsys.readouterr()
    assert "0 row(s) were added, 10 filled in" in out.out and "source budget-2027 was kept as it is" in out.out
    assert "budget_by_account.csv:" in out.err and "still empty" in out.err  # accounts the 2027 table lacks


def test_new_year_is_refused_only_for_years_it_would_double(data_copy, capsys, settings):
    assert cli("new-year", "2021", "--data", str(data_copy)) == 2
    assert "already has rows for 2021" in capsys.readouterr().err
    with (data_copy / "statements.csv").open("a", encoding="utf-8") as handle:  # other rows of 2027 exist
        handle.write("test-2027,2027,udvikling,Et udsagn.,beskaeftigelsesplan-2021,Afsnit 1\n")
    assert cli("new-year", "2027", "--data", str(data_copy)) == 0


@pytest.mark.slow
@pytest.mark.browser
def test_a_pdf_is_read_and_imported(data_copy, tmp_path, capsys):
    from jobbook.outputs.browser import launch_chromium

    html = ("<h2>Indsats og ydelsesbudget</h2><p>Beløb i 1.000 kr.</p><table><tr><th>Konto</th><th>Budget 2027</th>"
            "</tr><tr><td>05.57.71 Sygedagpenge</td><td>71.430</td></tr><tr><td>05.58.80 Revalidering</td>"
            "<td>4.400</td></tr><tr><td>I alt</td><td>75.830</td></tr></table>")
    path = tmp_path / "budget-2027.pdf"
    with launch_chromium() as browser:
        page = browser.new_page()
        page.set_content(f"<html><head><meta charset='utf-8'></head><body>{html}</body></html>")
        page.pdf(path=str(path), format="A4")
    assert cli("import-budget", str(path), "--data", str(data_copy)) == 0
    assert "3 row(s) were added" in capsys.readouterr().out
    rows = {r["konto_code"]: r["amount_dkk_1000"] for r in rows_of(data_copy, "budget_by_account.csv",
                                                                      budget_year=2027)}
    assert rows == {"5.57.71": "71430", "5.58.80": "4400"}


def test_settings_for_other_years_can_admit_old_tables(data_copy, tmp_path, capsys, settings):
    """The year range is the settings', not the importer's."""
    from jobbook.data.dataset import read_dataset_unchecked
    from jobbook.ingest.document import read_document
    from jobbook.ingest.importer import plan_import

    wider = dataclasses.replace(settings, min_year=2000)
    document = read_document(LAYOUTS / "acc_hele_kroner_2004.txt")
    plan = plan_import(document, read_dataset_unchecked(data_copy, wider), wider)
    assert plan.count("add") == 8 + 2 and plan.source_id == "budget-2005"
