"""`jobbook init DIR`: another municipality's book starts from a settings file and a data folder that validate."""

from __future__ import annotations

import csv
import tomllib
from pathlib import Path

import pytest

from jobbook.cli import main
from jobbook.data.tables import TABLES
from jobbook.settings import load_settings

ACCOUNTS = """Budget 2027 for beskæftigelsesområdet

DRIFT PÅ BESKÆFTIGELSESOMRÅDET (1.000 kr.)
Funktion                                              Budget 2026   Budget 2027
05.57.71 Sygedagpenge                                     112.400       118.950
05.57.73 Kontant- og uddannelses-
hjælp                                                     154.310       149.020
05.58.82 Ressourceforløb og jobafklaringsforløb            61.775        63.100
05.68.90 Driftsudgifter til den kommunale
beskæftigelsesindsats                                      70.500        69.880
06.45.53 Administration vedrørende jobcentre               48.215        49.640
I alt                                                     447.200       450.590
"""


def rows_of(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def init(folder: Path, *args: str) -> int:
    return main(["init", str(folder), *args])


def test_init_makes_settings_and_data_that_validate(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no jobbook.toml here or above: init needs none
    book = tmp_path / "slagelse"
    assert init(book, "--municipality", "Slagelse Kommune", "--geography-code", "330", "--population", "79000") == 0
    assert "Made the book of Slagelse Kommune (code 330, Region Sjælland)" in capsys.readouterr().out
    settings = load_settings(book / "jobbook.toml")
    assert (settings.municipality_name, settings.municipality_short_name) == ("Slagelse Kommune", "Slagelse")
    assert (settings.geography_code, settings.region_geography_code, settings.population) == ("330", "1085", 79000)
    assert settings.data_dir == book / "data" and settings.root == book  # the book's output goes to book/_build
    assert sorted(p.name for p in (book / "data").iterdir()) == sorted(spec.file_name for spec in TABLES)
    assert (book / "sources").is_dir() and (book / ".gitignore").read_text() == "_build/\n"
    geo = {r["geography_code"]: r for r in rows_of(book / "data" / "geographies.csv")}
    assert len(geo) == 104 and geo["330"]["geography_name"] == "Slagelse Kommune"
    assert geo["330"]["parent_geography_code"] == "1085" and geo["1085"]["geography_name"] == "Region Sjælland"
    chart = {r["konto_code"]: r for r in rows_of(book / "data" / "chart_of_accounts.csv")}
    assert chart["5.57.71"]["konto_name"] == "Sygedagpenge" and chart["5.57"]["konto_level_code"] == "hovedfunktion"
    assert [r["source_id"] for r in rows_of(book / "data" / "sources.csv")] == ["star-konteringsvejledning"]
    for spec in TABLES:
        if spec.name not in ("sources", "chart_of_accounts", "geographies"):
            assert (book / "data" / spec.file_name).read_text(encoding="utf-8") == ",".join(spec.columns) + "\n"
    assert main(["--settings", str(book / "jobbook.toml"), "validate"]) == 0
    assert "20 tables valid, 0 note(s)" in capsys.readouterr().out
    # no word of Kalundborg in what init wrote, except Statistics Denmark's list of municipalities
    for path in book.rglob("*"):
        if path.is_file() and path.name != "geographies.csv":
            assert "Kalundborg" not in path.read_text(encoding="utf-8"), path


def test_the_init_folder_takes_an_account_table_with_functions_from_the_national_chart(tmp_path, capsys):
    book = tmp_path / "bog"
    assert init(book, "--municipality", "Holbæk Kommune", "--geography-code", "316") == 0
    table = tmp_path / "drift.txt"
    table.write_text(ACCOUNTS, encoding="utf-8")
    settings = ["--settings", str(book / "jobbook.toml")]
    assert main([*settings, "import-budget", str(table), "--source", "budget-2027", "--title", "Budget 2027"]) == 0
    assert "12 row(s) were added" in capsys.readouterr().out
    rows = {(r["budget_year"], r["konto_code"]): r for r in rows_of(book / "data" / "budget_by_account.csv")}
    assert rows[("2027", "6.45.53")]["amount_dkk_1000"] == "49640"
    assert rows[("2026", "5.57.73")]["konto_name_printed"] == "Kontant- og uddannelseshjælp"
    [source] = [r for r in rows_of(book / "data" / "sources.csv") if r["source_id"] == "budget-2027"]
    assert source["publisher"] == "Holbæk Kommune"
    assert main([*settings, "validate"]) == 0


def test_init_into_the_current_folder_when_it_is_empty(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert init(Path("."), "--municipality", "Læsø Kommune", "--geography-code", "825") == 0
    assert tomllib.loads((tmp_path / "jobbook.toml").read_text())["municipality"]["region_geography_code"] == "1081"


@pytest.mark.parametrize(("code", "expected"), [
    ("999", "'999' is not one of them"),
    ("1085", "'1085' is the code of Region Sjælland, a region"),
    ("DK", "'DK' is the code of Hele landet, a country"),
])
def test_a_code_that_is_no_municipalitys_is_refused(tmp_path, capsys, code, expected):
    assert init(tmp_path / "bog", "--municipality", "Ny Kommune", "--geography-code", code) == 2
    err = capsys.readouterr().err
    assert "jobbook init: --geography-code: a municipality's code from Statistics Denmark" in err
    assert expected in err and "nothing was written" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_a_folder_with_files_is_refused_and_left_as_it_was(tmp_path, capsys):
    book = tmp_path / "bog"
    book.mkdir()
    (book / "noter.txt").write_text("mine noter", encoding="utf-8")
    assert init(book, "--municipality", "Sorø Kommune", "--geography-code", "340") == 2
    assert "it holds files already" in capsys.readouterr().err
    assert [p.name for p in book.iterdir()] == ["noter.txt"] and len(list(tmp_path.iterdir())) == 1
    (tmp_path / "fil").write_text("x", encoding="utf-8")
    assert init(tmp_path / "fil", "--municipality", "Sorø Kommune", "--geography-code", "340") == 2
    assert "this is a file" in capsys.readouterr().err


def test_a_name_with_control_characters_or_a_population_below_one_is_refused(tmp_path, capsys):
    assert init(tmp_path / "a", "--municipality", "Sorø\x07Kommune", "--geography-code", "340") == 2
    assert "--municipality: the municipality's name" in capsys.readouterr().err
    assert init(tmp_path / "b", "--municipality", "Sorø Kommune", "--geography-code", "340", "--population", "0") == 2
    assert "--population: the number of inhabitants" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


VINTAGES = Path(__file__).parent / "fixtures" / "vintages"


@pytest.mark.parametrize("order", [("2010", "2011"), ("2011", "2010")])
def test_a_new_book_takes_two_years_documents_in_either_order(tmp_path, capsys, monkeypatch, order):
    """The analyst's cycle in a book that `init` started: two budget documents, each repeating the
    other's year, import without a hand edit (5.58.81 comes from the national chart of accounts) and
    the revised figure is a note; the current figures do not depend on the order."""
    monkeypatch.chdir(tmp_path)
    book = tmp_path / "odder"
    assert init(book, "--municipality", "Odder Kommune", "--geography-code", "727") == 0
    settings = ["--settings", str(book / "jobbook.toml")]
    published = {"2010": "2009-10", "2011": "2010-10"}
    for year in order:
        assert main([*settings, "import-budget", str(VINTAGES / f"budget_{year}.txt"), "--source",
                     f"budget-{year}", "--published", published[year]]) == 0, capsys.readouterr().err
    capsys.readouterr()
    assert main([*settings, "validate"]) == 0
    out = capsys.readouterr()
    assert "revised: 2010/budget/5.57.71 is 61250 in budget-2011" in out.err
    from jobbook.data.dataset import load_dataset

    accounts = load_dataset(book / "data", load_settings(book / "jobbook.toml"))["budget_by_account"]
    sick_2010 = accounts[(accounts["konto_code"] == "5.57.71") & (accounts["budget_year"] == 2010)
                         & (accounts["basis_code"] == "budget")]
    assert sick_2010["amount_dkk_1000"].tolist() == [61250]
    chart = {r["konto_code"] for r in rows_of(book / "data" / "chart_of_accounts.csv")}
    assert "5.58.81" in chart
