"""Numbers beyond what a column may hold: a finding naming file, line, column and the range, in every
command that reads the data or imports a table, never a traceback or a run out of memory later."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO_ROOT, SETTINGS_FILE, copy_project, run_jobbook
from jobbook.analysis.reform import SOURCE_FIGURES, ReformInputs, inputs_from_sources, table_rises
from jobbook.cli import main
from jobbook.data.fields import FIELDS, FIGURE_BOUNDS
from shipped_cells import cell, finding

FIXTURES = REPO_ROOT / "tests" / "ingest" / "fixtures"
ACCOUNTS = FIXTURES / "indsats_og_ydelsesbudget_2027.txt"
RECIPIENTS = FIXTURES / "ydelsesmodtagere_2027.txt"

INT64_PAST = str(2**63)  # one more than int64 holds
HUGE = "99999999999999999999999"
#: A float with 400 digits: Python reads it as infinity.
OVERFLOWING_FLOAT = "9" * 400 + ".5"
#: An amount printed the Danish way, grouped in thousands, that overflows a float (about 10^422).
OVERFLOWING_PRINTED = "999" + ".999" * 140


def edit_line(path: Path, line: int, old: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    assert old in lines[line - 1], f"{old!r} not on line {line} of {path.name}: {lines[line - 1]!r}"
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")


def validate(data_dir: Path, capsys) -> tuple[int, str]:
    code = main(["--settings", str(SETTINGS_FILE), "validate", "--data", str(data_dir)])
    return code, capsys.readouterr().err


CASES = [
    ("amount_past_int64", "budget_by_account.csv", 2, ",7332,", f",{INT64_PAST},",
     finding("budget_by_account.csv", 2, "amount_dkk_1000") + f" value '{INT64_PAST}' — "
     "a whole number from -1,000,000,000 to 1,000,000,000"),
    ("persons_huge", "recipients.csv", 2, ",140,", f",{HUGE},",
     finding("recipients.csv", 2, "persons") + f" value '{HUGE}' — a whole number from 0 to 10,000,000"),
    ("net_budget_below_int64", "net_budgets.csv", 2, ",989049000,", f",-{2**64},",
     finding("net_budgets.csv", 2, "amount_dkk") + f" value '-{2**64}' — "
     "a whole number from -1,000,000,000,000 to 1,000,000,000,000"),
    ("year_huge", "statements.csv", 2, ",2020,", f",{HUGE},",
     finding("statements.csv", 2, "budget_year") + f" value '{HUGE}' — a year from 1900 to 2100"),
    ("sort_order_past_int64", "recipient_groups.csv", 2, ",1,", f",{INT64_PAST},",
     finding("recipient_groups.csv", 2, "sort_order") + f" value '{INT64_PAST}' — a whole number from 1 to 10,000"),
    ("indicator_float_overflows", "indicators.csv", 2, ",17.7,", f",{OVERFLOWING_FLOAT},",
     finding("indicators.csv", 2, "value")),
    ("benchmark_index_huge", "bdo_benchmark.csv", 2, ",96,", f",{HUGE}.0,",
     finding("bdo_benchmark.csv", 2, "index_value") + f" value '{HUGE}.0' — a number from 0 to 1,000"),
    ("acknowledged_difference_huge", "known_discrepancies.csv", 2, ",151000,", f",{HUGE},",
     finding("known_discrepancies.csv", 2, "difference")),
]


@pytest.mark.parametrize(("file", "line", "old", "new", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_a_number_beyond_its_column_is_a_located_finding(data_copy, capsys, file, line, old, new, expected):
    edit_line(data_copy / file, line, old, new)
    code, err = validate(data_copy, capsys)
    assert code == 1, err
    assert expected in err
    assert "Traceback" not in err


def test_a_float_that_would_overflow_says_how_long_it_is(data_copy, capsys):
    edit_line(data_copy / "indicators.csv", 2, ",17.7,", f",{OVERFLOWING_FLOAT},")
    _, err = validate(data_copy, capsys)
    [line] = [x for x in err.splitlines() if cell("indicators.csv", 2, "value") in x]
    assert "a number from -1,000,000,000,000 to 1,000,000,000,000; this number has 400 digits" in line


def test_a_cell_of_thousands_of_digits_is_quoted_short(data_copy, capsys):
    digits = "7" * 5000  # beyond Python's own 4,300-digit limit for int()
    edit_line(data_copy / "budget_by_account.csv", 2, ",7332,", f",{digits},")
    code, err = validate(data_copy, capsys)
    assert code == 1
    [line] = [x for x in err.splitlines() if cell("budget_by_account.csv", 2, "amount_dkk_1000") in x]
    assert "(5,000 characters)" in line and "a whole number from -1,000,000,000 to 1,000,000,000" in line
    assert len(line) < 500, line


# --- every command that reads the data, through the real command line --------------------------

@pytest.fixture
def project_with_huge_integer(tmp_path) -> Path:
    project = copy_project(tmp_path / "project")
    edit_line(project / "data" / "budget_by_account.csv", 2, ",7332,", f",{INT64_PAST},")
    return project


HUGE_FINDING = finding("budget_by_account.csv", 2, "amount_dkk_1000") + f" value '{INT64_PAST}'"


@pytest.mark.parametrize("command", [("validate",), ("new-year", "2027"), ("build", "--no-progress")],
                         ids=["validate", "new-year", "build"])
def test_every_data_command_reports_a_huge_integer(project_with_huge_integer, command):
    before = (project_with_huge_integer / "data" / "budget_by_account.csv").read_bytes()
    result = run_jobbook(project_with_huge_integer, *command, timeout=300)
    assert result.returncode == 1, result.stderr
    assert HUGE_FINDING in result.stderr and "Traceback" not in result.stderr
    assert (project_with_huge_integer / "data" / "budget_by_account.csv").read_bytes() == before
    if command[0] == "build":
        assert "nothing was built" in result.stderr
        assert not (project_with_huge_integer / "_build" / "html").exists()


def test_an_import_into_data_with_a_huge_integer_gives_no_traceback(project_with_huge_integer):
    result = run_jobbook(project_with_huge_integer, "import-budget", str(ACCOUNTS), "--year", "2027", timeout=300)
    assert "Traceback" not in result.stderr
    # The import adds no error of its own (the huge figure was there before): it goes on, and the
    # figure is still named by validate afterwards.
    assert result.returncode == 0, result.stderr
    after = run_jobbook(project_with_huge_integer, "validate", timeout=300)
    assert after.returncode == 1 and HUGE_FINDING in after.stderr


# --- the reform figures the chapter computes with ---------------------------------------------

def test_every_figure_of_the_reform_chapter_has_a_bound():
    assert set(SOURCE_FIGURES.values()) <= set(FIGURE_BOUNDS)
    numeric = [f for f in FIELDS.values() if f.kind in ("int", "float")]
    assert numeric and all(f.bound is not None for f in numeric)


def test_the_largest_rise_allowed_keeps_the_whatif_table_small():
    rise = FIGURE_BOUNDS["strukturel_ledighed_stigning"].maximum
    inputs = ReformInputs(2730, 2470, 23.1, 17.1, 6.0, rise, 6000, 1000, 90)
    assert len(table_rises(inputs)) == round(rise / 0.1) + 1 <= 51


REFORM_CASES = [
    ("rise_500_points", "strukturel_ledighed_stigning,DK,0.5,pct_point",
     "strukturel_ledighed_stigning,DK,500,pct_point",
     finding("reform_figures.csv", 4, "value") + " value '500' — a number above 0 and at most 5"),
    ("rise_zero", "strukturel_ledighed_stigning,DK,0.5,pct_point", "strukturel_ledighed_stigning,DK,0,pct_point",
     finding("reform_figures.csv", 4, "value") + " value '0' — a number above 0 and at most 5"),
    ("national_reduction_1e8_mio", "reduktion_i_alt,DK,2730,dkk_mio", "reduktion_i_alt,DK,100000000,dkk_mio",
     finding("reform_figures.csv", 2, "value") + " value '100000000' — a number above 0 and at most 1,000,000"),
    ("cost_1e8_mio", "strukturel_ledighed_omkostning,DK,6000,", "strukturel_ledighed_omkostning,DK,100000000,",
     finding("reform_figures.csv", 5, "value") + " value '100000000' — a number above 0 and at most 1,000,000"),
    ("share_above_100", "forsoergelse_andel_af_beskaeftigelse,326,90,pct",
     "forsoergelse_andel_af_beskaeftigelse,326,150,pct",
     finding("reform_figures.csv", 11, "value") + " value '150' — a number above 0 and at most 100"),
    ("rise_in_another_unit", "strukturel_ledighed_stigning,DK,0.5,pct_point",
     "strukturel_ledighed_stigning,DK,0.5,pct",
     finding("reform_figures.csv", 4, "unit_code") + " value 'pct' — pct_point: the reform chapter reads"),
]


@pytest.mark.parametrize(("old", "new", "expected"), [c[1:] for c in REFORM_CASES], ids=[c[0] for c in REFORM_CASES])
def test_a_reform_figure_out_of_its_bound_is_refused(data_copy, capsys, old, new, expected):
    path = data_copy / "reform_figures.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    code, err = validate(data_copy, capsys)
    assert code == 1
    assert expected in err, err


@pytest.mark.parametrize(("parameter", "value", "expected"), [
    ("scenario_rise_pct_point", 1e8, "scenario_rise_pct_point: a number from 0 to 5"),
    ("scenario_rise_pct_point", float("inf"), "scenario_rise_pct_point: a number from 0 to 5"),
    ("local_share_pct", 0, "local_share_pct: a number above 0 and at most 100"),
    ("structural_cost_national_mio", 1e8, "structural_cost_national_mio: a number above 0 and at most 1,000,000"),
])
def test_a_chapter_parameter_out_of_its_bound_is_refused(shipped, settings, parameter, value, expected):
    with pytest.raises(ValueError, match="out of bounds") as caught:
        inputs_from_sources(shipped, settings.geography_code, **{parameter: value})
    assert expected in str(caught.value)


def test_an_indicator_out_of_its_units_range_is_refused(data_copy, capsys):
    edit_line(data_copy / "indicators.csv", 2, ",17.7,", ",1700,")  # ledighed_aendring_pct is in pct
    code, err = validate(data_copy, capsys)
    assert code == 1
    assert finding("indicators.csv", 2, "value") + " value '1700' — a number from -100 to 1,000" in err


# --- import-budget ------------------------------------------------------------------------------

def import_budget(table: Path, data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "jobbook.cli", "--settings", str(SETTINGS_FILE), "import-budget",
                           str(table), "--data", str(data_dir), *args], capture_output=True, text=True, timeout=300)


def strict_json(text: str):
    """JSON as the standard defines it: NaN and Infinity are not JSON."""
    def refuse(name):
        raise ValueError(f"{name} is not JSON")
    return json.loads(text, parse_constant=refuse)


def snapshot(data_dir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(data_dir.iterdir())}


def with_figure(tmp_path: Path, source: Path, old: str, new: str) -> Path:
    text = source.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / source.name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(("source", "old", "new", "line", "expected"), [
    (ACCOUNTS, "7.100 7.250", "99.999.999.999.999.999.999.999 7.250", 12,
     "a number from -1,000,000,000,000 to 1,000,000,000,000 kr.; it comes to 1e+26 kr."),
    (ACCOUNTS, "7.100 7.250", f"{OVERFLOWING_PRINTED} 7.250", 12, "kr.; it is too large to store"),
    (ACCOUNTS, "I alt   419.120 416.582", "I alt   99.999.999.999.999.999.999.999 416.582", 31,
     "value 'I alt' — a number from -1,000,000,000,000 to 1,000,000,000,000 kr."),
    (RECIPIENTS, "Sygedagpenge 690 700 684", "Sygedagpenge 690 700 99.999.999.999.999.999.999.999", 13,
     "value 'Sygedagpenge' — a number from 0 to 10,000,000 persons"),
], ids=["amount", "amount_overflowing", "total", "persons"])
def test_an_imported_figure_that_overflows_is_refused_naming_its_line(data_copy, tmp_path, source, old, new, line,
                                                                       expected):
    table = with_figure(tmp_path, source, old, new)
    before = snapshot(data_copy)
    result = import_budget(table, data_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    [problem] = [x for x in result.stderr.splitlines() if ": error: " in x]
    assert problem.startswith(f"{table}:{line}: error: ") and expected in problem, problem
    assert "nothing was written" in result.stderr
    assert snapshot(data_copy) == before

    preview = import_budget(table, data_copy, "--dry-run", "--json")
    assert preview.returncode == 1 and "Traceback" not in preview.stderr
    output = strict_json(preview.stdout)  # valid JSON: no Infinity
    assert output["rows"] == [] and len(output["problems"]) == 1
    assert output["problems"][0].startswith(f"{table}:{line}: error: ") and expected in output["problems"][0]


def test_a_table_within_bounds_still_previews_as_json(data_copy):
    result = import_budget(ACCOUNTS, data_copy, "--dry-run", "--json", "--year", "2027")
    assert result.returncode == 0, result.stderr
    rows = strict_json(result.stdout)["rows"]
    assert len(rows) == 9
    assert next(r for r in rows if r["konto_code"] == "5.57.71")["amount_dkk"] == 71_430_000
