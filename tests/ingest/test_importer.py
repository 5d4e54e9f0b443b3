"""The importer of account and recipient tables copied out of budget documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO_ROOT, SETTINGS_FILE
from jobbook.cli import main
from jobbook.data.dataset import read_dataset_unchecked
from jobbook.ingest.importer import ImportError_, import_budget_text, join_wrapped, parse_amount, split_amounts

FIXTURES = REPO_ROOT / "tests" / "ingest" / "fixtures"
ACCOUNTS = FIXTURES / "indsats_og_ydelsesbudget_2027.txt"
RECIPIENTS = FIXTURES / "ydelsesmodtagere_2027.txt"


def cli(*args: str) -> int:
    return main(["--settings", str(SETTINGS_FILE), *args])


def snapshot(data_dir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(data_dir.glob("*.csv"))}


def rows_for(data_dir: Path, file: str, year: int) -> list[list[str]]:
    import csv

    with (data_dir / file).open(encoding="utf-8") as handle:
        header, *rows = list(csv.reader(handle))
    column = header.index("budget_year")
    return [row for row in rows if row[column] == str(year)]


@pytest.fixture
def with_source(data_copy):
    """The data with a source entry for 2027 (as a user would add, or `new-year` would scaffold)."""
    with (data_copy / "sources.csv").open("a", encoding="utf-8") as handle:
        handle.write("budget-2027,Budget 2027,Kalundborg Kommune,2026,2027,,,Eksempel til test.\n")
    return data_copy


@pytest.mark.parametrize(("token", "value"), [("7.332", 7332), ("-95", -95), ("\u221296", -96), ("0", 0),
                                              ("1.084.640", 1084640), ("-", 0)])
def test_parse_amount(token, value):
    assert parse_amount(token) == value


def test_split_amounts_takes_exactly_the_trailing_amounts():
    assert split_amounts("054665 Repatriering -95 -96", 2) == ("054665 Repatriering", ["-95", "-96"])
    assert split_amounts("Seniorjob til personer over 55 år 2.813 2.048", 2) == (
        "Seniorjob til personer over 55 år", ["2.813", "2.048"])
    assert split_amounts("056890 Driftsudgifter til den kommunale", 2) is None


def test_wrapped_names_are_joined():
    assert join_wrapped("Kontanthjælp til udlæn-", "dinge omfattet") == "Kontanthjælp til udlændinge omfattet"
    assert join_wrapped("Selvforsørgelses-", "Og hjemrejse") == "Selvforsørgelses- Og hjemrejse"
    assert join_wrapped("Driftsudgifter til den kommunale", "beskæftigelsesindsats") == (
        "Driftsudgifter til den kommunale beskæftigelsesindsats")


def test_account_table_is_merged_as_tidy_rows(with_source, settings, capsys):
    assert cli("import-budget", str(ACCOUNTS), "--year", "2027", "--data", str(with_source)) == 0
    assert "10 row(s) were added, 0 filled in" in capsys.readouterr().out
    rows = {r[2]: r for r in rows_for(with_source, "budget_by_account.csv", 2027)}
    assert len(rows) == 9  # only the 2027 column is imported
    assert rows["5.57.71"][4] == "71430"
    assert rows["5.46.65"][4] == "-88"
    assert rows["5.68.90"][3] == "Driftsudgifter til den kommunale beskæftigelsesindsats"
    assert rows["5.57.71"][5:] == ["budget-2027", "Tabellen over budget pr. konto, kolonnen Budget 2027"]
    [total] = rows_for(with_source, "budget_totals_stated.csv", 2027)
    assert total[3] == "416582"
    assert cli("validate", "--data", str(with_source)) == 0  # the stated total equals the rows' sum


def test_importing_twice_changes_nothing(with_source, capsys):
    assert cli("import-budget", str(ACCOUNTS), "--year", "2027", "--data", str(with_source)) == 0
    before = snapshot(with_source)
    assert cli("import-budget", str(ACCOUNTS), "--year", "2027", "--data", str(with_source)) == 0
    assert "0 row(s) were added, 0 filled in, 10 already held the same figure" in capsys.readouterr().out
    assert snapshot(with_source) == before


def test_a_conflict_is_reported_and_nothing_is_written(with_source, capsys):
    assert cli("import-budget", str(ACCOUNTS), "--year", "2027", "--data", str(with_source)) == 0
    path = with_source / "budget_by_account.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",71430,", ",71431,"), encoding="utf-8")
    (with_source / "recipients.csv").write_text(
        (with_source / "recipients.csv").read_text(encoding="utf-8"), encoding="utf-8")
    before = snapshot(with_source)
    capsys.readouterr()
    assert cli("import-budget", str(ACCOUNTS), "--year", "2027", "--data", str(with_source)) == 1
    err = capsys.readouterr().err
    assert "budget_by_account.csv:41: error: column 'amount_dkk_1000' value '71431'" in err
    assert "71430 as tests/ingest/fixtures/indsats_og_ydelsesbudget_2027.txt:18 gives" in err
    assert "nothing was written" in err
    assert snapshot(with_source) == before


def test_recipient_table_with_subtotals_and_wrapped_names(with_source, capsys):
    assert cli("import-budget", str(RECIPIENTS), "--year", "2027", "--data", str(with_source)) == 0
    leaves = {r[0]: r for r in rows_for(with_source, "recipients.csv", 2027)}
    assert leaves["integrationsydelse"][3] == "104"  # "udlæn-/dinge" wrapped over two lines
    assert leaves["foertidspension"][3] == "2812"
    assert "kontant_og_uddannelseshjaelp" not in leaves  # a subtotal is never stored as a group's count
    subtotals = {r[0]: r[3] for r in rows_for(with_source, "recipient_subtotals_stated.csv", 2027)}
    assert subtotals == {"kontant_og_uddannelseshjaelp": "925", "ledighedsydelse_og_fleksjob": "1151"}
    assert cli("validate", "--data", str(with_source)) == 0  # subtotals equal their parts


MALFORMED = [
    ("missing_amount", "054660 Program 7.100\n", "x.txt:8: error: value '054660 Program 7.100' — 2 amount(s)"),
    ("danish_decimal_amount", "055771 Sygedagpenge 70,5 71,4\n", "— 2 amount(s) at the end of the row"),
    ("not_a_konto", "Diverse poster 100 200\n", "— a konto code (such as 055771 or 05.57.71) at the start"),
    ("unknown_konto", "059999 Ukendt konto 100 200\n", "value '059999' — a konto in chart_of_accounts.csv"),
]


@pytest.mark.parametrize(("row", "expected"), [m[1:] for m in MALFORMED], ids=[m[0] for m in MALFORMED])
def test_malformed_account_tables_give_clear_errors(with_source, tmp_path, capsys, monkeypatch, row, expected):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.txt").write_text("INDSATS OG YDELSESBUDGET\nKonto\nBudget\n2026\nBudget\n2027\n\n"
                                    + row + "055778 Dagpenge til forsikrede ledige 98.300 95.120\n", encoding="utf-8")
    before = snapshot(with_source)
    assert cli("import-budget", "x.txt", "--year", "2027", "--data", str(with_source)) == 1
    err = capsys.readouterr().err
    assert expected in err, err
    assert "Traceback" not in err
    assert snapshot(with_source) == before


def test_table_without_the_year_asked_for(with_source, capsys):
    assert cli("import-budget", str(ACCOUNTS), "--year", "2030", "--source", "budget-2027",
               "--data", str(with_source)) == 1
    assert "a column for 2030; the table has: Budget 2026, Budget 2027" in capsys.readouterr().err


def test_table_without_a_header(with_source, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.txt").write_text("055771 Sygedagpenge 70.010 71.430\n", encoding="utf-8")
    assert cli("import-budget", "x.txt", "--year", "2027", "--data", str(with_source)) == 1
    assert "a header naming the columns" in capsys.readouterr().err


def test_unknown_recipient_group(with_source, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.txt").write_text("Funktion/kategori\nBudget\n2027\n05.57.71 Sygedagpenge 684\n"
                                    "05.99.99 Helt ny ordning 12\nKilde: test\n", encoding="utf-8")
    assert cli("import-budget", "x.txt", "--year", "2027", "--data", str(with_source)) == 1
    assert "x.txt:5: error: value 'Helt ny ordning' — the name of a group in recipient_groups.csv" in (
        capsys.readouterr().err)


def test_unknown_source_and_missing_file(with_source, data_copy, capsys):
    assert cli("import-budget", str(ACCOUNTS), "--year", "2027", "--source", "nope", "--data", str(data_copy)) == 1
    assert "value 'nope' — a source_id listed in sources.csv" in capsys.readouterr().err
    assert cli("import-budget", "no-such-file.txt", "--year", "2027", "--data", str(data_copy)) == 1
    assert "no-such-file.txt: error: a text file with the table" in capsys.readouterr().err


def test_dry_run_writes_nothing(with_source, capsys, settings):
    before = snapshot(with_source)
    plan = import_budget_text(ACCOUNTS, read_dataset_unchecked(with_source, settings), 2027, "budget-2027", None,
                              dry_run=True)
    assert (plan.added, plan.filled) == (10, 0)
    assert snapshot(with_source) == before
    with pytest.raises(ImportError_):
        import_budget_text(ACCOUNTS, read_dataset_unchecked(with_source, settings), 2031, "budget-2027", None)


def test_a_short_row_elsewhere_in_the_file_is_kept_as_it_is(with_source, capsys):
    """Import merges around a damaged row (validation reports it); it neither crashes nor repairs it."""
    path = with_source / "budget_by_account.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[5] = ",".join(lines[5].split(",")[:4])
    path.write_text("\n".join(lines), encoding="utf-8")
    assert cli("import-budget", str(ACCOUNTS), "--year", "2027", "--data", str(with_source)) == 0
    assert "10 row(s) were added" in capsys.readouterr().out
    assert path.read_text(encoding="utf-8").split("\n")[5] == lines[5]
    assert cli("validate", "--data", str(with_source)) == 1
    assert "budget_by_account.csv:6: error: 7 values as in the header, found 4" in capsys.readouterr().err
