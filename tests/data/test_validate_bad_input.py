"""Data tests: each kind of bad input gives a precise message and exit code 1, never a traceback."""

from __future__ import annotations

import csv
import dataclasses
import io
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import SETTINGS_FILE
from jobbook.cli import main
from shipped_cells import cell, finding, header, row_of, set_cell


def edit_line(path: Path, line: int, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` on one line (1-based) of a file; the text must be there."""
    lines = path.read_text(encoding="utf-8").split("\n")
    assert old in lines[line - 1], f"{old!r} not on line {line} of {path.name}: {lines[line - 1]!r}"
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")


def append_line(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text + "\n")


def rewrite_csv(path: Path, delimiter: str = ",", drop: str | None = None, add: str | None = None) -> None:
    rows = list(csv.reader(path.open(encoding="utf-8")))
    if drop:
        position = rows[0].index(drop)
        rows = [row[:position] + row[position + 1:] for row in rows]
    if add:
        rows = [rows[0] + [add]] + [row + ["x"] for row in rows[1:]]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


CASES: list[tuple[str, Callable[[Path], None], list[str]]] = [
    ("missing_file", lambda d: (d / "recipients.csv").unlink(),
     ["recipients.csv: error: the file is missing", "group_code, budget_year"]),
    ("empty_file", lambda d: (d / "statements.csv").write_text(""),
     ["statements.csv:1: error: the file is empty", "statement_code"]),
    ("wrong_delimiter", lambda d: rewrite_csv(d / "laws.csv", delimiter=";"),
     ["laws.csv:1: error:", "separated by ';'"]),
    ("latin1_file", lambda d: (d / "geographies.csv").write_bytes(
        (d / "geographies.csv").read_text(encoding="utf-8").encode("latin-1")),
     [f"{cell('geographies.csv', 4, 'geography_name')}: error:", "0xE6", "not UTF-8", "Latin-1"]),
    ("bom_file", lambda d: (d / "sources.csv").write_bytes(b"\xef\xbb\xbf" + (d / "sources.csv").read_bytes()),
     ["sources.csv:1: error:", "byte-order mark (BOM)"]),
    ("danish_thousands", lambda d: edit_line(d / "net_budgets.csv", 28, ",1084640200,", ",1.084.640.200,"),
     [finding("net_budgets.csv", 28, "amount_dkk") + " value '1.084.640.200'", "write 1084640200"]),
    ("danish_decimal", lambda d: edit_line(d / "indicators.csv", 2, ",17.7,", ',"17,7",'),
     [finding("indicators.csv", 2, "value") + " value '17,7'", "write 17.7"]),
    ("missing_column", lambda d: rewrite_csv(d / "recipients.csv", drop="source_location"),
     ["recipients.csv:1: error: column 'source_location'", "(missing)"]),
    ("unexpected_column", lambda d: rewrite_csv(d / "laws.csv", add="comment"),
     [f"laws.csv:1:{len(header('laws.csv')) + 1}: error: column 'comment'", "no such column here"]),
    ("duplicate_key", lambda d: append_line(
        d / "recipients.csv", (d / "recipients.csv").read_text(encoding="utf-8").split("\n")[1]),
     ["recipients.csv:41: error: a unique key (group_code, budget_year, basis_code, source_id)", "already on line 2"]),
    ("duplicate_key_other_spelling", lambda d: edit_line(d / "budget_by_account.csv", 3, ",5.46.61,", ",05.46.60,"),
     ["budget_by_account.csv:3: error: a unique key",
      "konto_code=5.46.60, source_id=beskaeftigelsesplan-2021 is already on line 2"]),
    ("unknown_konto", lambda d: edit_line(d / "budget_by_account.csv", 2, ",5.46.60,", ",5.99.99,"),
     [finding("budget_by_account.csv", 2, "konto_code") + " value '5.99.99'", "listed in chart_of_accounts.csv"]),
    ("malformed_konto", lambda d: edit_line(d / "budget_by_account.csv", 2, ",5.46.60,", ",5-46-60,"),
     [finding("budget_by_account.csv", 2, "konto_code") + " value '5-46-60'", "5.57.71"]),
    ("unknown_source_id", lambda d: set_cell(d / "recipients.csv", 2, "source_id", "ukendt-kilde"),
     [finding("recipients.csv", 2, "source_id") + " value 'ukendt-kilde'", "listed in sources.csv"]),
    ("non_numeric", lambda d: set_cell(d / "recipients.csv", 2, "persons", "mange"),
     [finding("recipients.csv", 2, "persons") + " value 'mange'", "a whole number"]),
    ("negative_persons", lambda d: set_cell(d / "recipients.csv", 2, "persons", "-140"),
     [finding("recipients.csv", 2, "persons") + " value '-140'", "a whole number from 0 to 10,000,000"]),
    ("year_out_of_range", lambda d: edit_line(d / "budget_by_account.csv", 2, "2020,budget", "1999,budget"),
     [finding("budget_by_account.csv", 2, "budget_year") + " value '1999'", "a year from 2007 to 2040"]),
    ("row_with_extra_value", lambda d: edit_line(d / "laws.csv", 2, "Forvaltningsloven,", "Forvaltnings,loven,"),
     ["laws.csv:2: error: 5 values as in the header, found 6", "double quotes"]),
    ("unknown_code_value", lambda d: set_cell(d / "recipients.csv", 2, "basis_code", "faktisk"),
     [finding("recipients.csv", 2, "basis_code") + " value 'faktisk'", "one of: budget, actual"]),
    ("required_cell_empty", lambda d: edit_line(d / "laws.csv", 2, "Forvaltningsloven,", ","),
     [finding("laws.csv", 2, "law_name_da") + " value ''", "required"]),
    ("subtotal_stored_as_data", lambda d: append_line(
        d / "recipients.csv", row_of(d / "recipients.csv", group_code="kontant_og_uddannelseshjaelp",
                                     budget_year="2023", basis_code="budget", persons="1",
                                     source_id="bemaerkninger-2022")),
     [finding("recipients.csv", 41, "group_code") + " value 'kontant_og_uddannelseshjaelp'",
      "store the parts only"]),
    ("subtotal_differs", lambda d: edit_line(d / "recipient_subtotals_stated.csv", 2, ",1017,", ",1018,"),
     ["recipient_subtotals_stated.csv:2: error: the stated total 1018 differs from the sum of its 2 parts (1017)"]),
    ("total_beyond_rounding", lambda d: edit_line(d / "budget_totals_stated.csv", 2, ",492697,", ",492600,"),
     ["budget_totals_stated.csv:2: error:", "by +99", "more than the rounding tolerance of 9.5"]),
    ("acknowledged_difference_changed", lambda d: edit_line(d / "net_budgets.csv", 18, ",42339000,", ",42338000,"),
     ["net_budgets.csv:18: error:", "acknowledges 151000, not this difference"]),
    ("benchmark_position_contradicts_index", lambda d: edit_line(d / "bdo_benchmark.csv", 2, ",below,", ",above,"),
     [finding("bdo_benchmark.csv", 2, "position_code") + " value 'above'", "below, as the index 96"]),
    ("indicator_period_backwards", lambda d: edit_line(d / "indicators.csv", 2, "2020-03-08,2020-10-18",
                                                       "2020-03-08,2019-10-18"),
     [finding("indicators.csv", 2, "period_end") + " value '2019-10-18'", "ending at or after 2020-03-08"]),
    ("impossible_date", lambda d: edit_line(d / "indicators.csv", 2, "2020-03-08", "2020-02-30"),
     [finding("indicators.csv", 2, "period_start") + " value '2020-02-30'", "a real calendar"]),
    ("acknowledged_difference_not_a_number", lambda d: edit_line(d / "known_discrepancies.csv", 2, ",151000,",
                                                                  ",mange,"),
     [finding("known_discrepancies.csv", 2, "difference") + " value 'mange'", "a number with '.' as decimal point"]),
    ("unknown_file", lambda d: (d / "recipient.csv").write_text("a,b\n"),
     ["recipient.csv: error: a table of the book"]),
]


@pytest.mark.parametrize(("mutate", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_reported_precisely(data_copy, capsys, mutate, expected):
    mutate(data_copy)
    code = main(["--settings", str(SETTINGS_FILE), "validate", "--data", str(data_copy)])
    err = capsys.readouterr().err
    assert code == 1, err
    for text in expected:
        assert text in err, f"{text!r} not in:\n{err}"
    assert "Traceback" not in err


def test_every_problem_of_a_file_is_reported_at_once(data_copy, capsys):
    set_cell(data_copy / "recipients.csv", 2, "persons", "-1")
    set_cell(data_copy / "recipients.csv", 3, "persons", "x")
    set_cell(data_copy / "recipients.csv", 4, "source_id", "ukendt")
    assert main(["--settings", str(SETTINGS_FILE), "validate", "--data", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert f"{cell('recipients.csv', 2, 'persons')}:" in err
    assert f"{cell('recipients.csv', 3, 'persons')}:" in err
    assert f"{cell('recipients.csv', 4, 'source_id')}:" in err
    assert "3 error(s)" in err


def test_changed_source_document_is_detected(data_copy, settings, sources_dir, tmp_path):
    from jobbook.data.dataset import validate_data_dir

    sources = tmp_path / "sources"
    shutil.copytree(sources_dir, sources)
    with (sources / "003_0863a4d303067c74.txt").open("a", encoding="utf-8") as handle:
        handle.write("ændret\n")
    report = validate_data_dir(data_copy, dataclasses.replace(settings, sources_dir=sources))
    [error] = report.errors
    assert (error.file.endswith("sources.csv"), error.line, error.column) == (True, 2, "sha256")
    assert "has changed" in error.expected


def test_command_line_exits_1_without_traceback(data_copy):
    set_cell(data_copy / "recipients.csv", 2, "persons", "1.140")
    result = subprocess.run([sys.executable, "-m", "jobbook.cli", "--settings", str(SETTINGS_FILE),
                             "validate", "--data", str(data_copy)], capture_output=True, text=True)
    assert result.returncode == 1
    assert finding("recipients.csv", 2, "persons") + " value '1.140'" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_data_directory_is_an_error(tmp_path, capsys):
    assert main(["--settings", str(SETTINGS_FILE), "validate", "--data", str(tmp_path / "nowhere")]) == 1
    assert "a data directory; it does not exist" in capsys.readouterr().err
