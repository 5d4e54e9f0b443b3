"""Hostile and mistaken settings files: one line per problem, exit 2, never a traceback or a hang.

Each case runs the real command line, ``python -m jobbook.cli --settings FILE validate``, in a
subprocess with a timeout: a settings path that blocks (a named pipe) or reads forever
(``/dev/zero``) must be refused before it is opened.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SETTINGS_FILE
from jobbook.settings import MAX_SETTINGS_BYTES, SettingsError, load_settings

PREFIX = "jobbook: cannot read the settings: "


def run_validate(settings_path: Path | str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "jobbook.cli", "--settings", str(settings_path), "validate"],
                          capture_output=True, text=True, timeout=timeout)


def settings_with(tmp_path: Path, *replacements: tuple[str, str], name: str = "jobbook.toml") -> Path:
    """The shipped settings with each ``old`` line-start replaced by ``new``; data_dir and sources_dir
    point at the repository's own folders so only the edited values can be wrong."""
    text = SETTINGS_FILE.read_text(encoding="utf-8")
    root = SETTINGS_FILE.parent
    text = text.replace('data_dir = "data"', f'data_dir = "{root / "data"}"')
    sources = (root / "../shared/sources").resolve()
    text = text.replace('sources_dir = "../shared/sources"', f'sources_dir = "{sources}"')
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(result: subprocess.CompletedProcess) -> list[str]:
    """The problem lines, after checking the run failed as a usage error without a traceback."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines and all(line.startswith(PREFIX) for line in lines), lines
    return [line[len(PREFIX):] for line in lines]


def test_the_edited_copy_itself_is_valid(tmp_path):
    result = run_validate(settings_with(tmp_path))
    assert result.returncode == 0, result.stderr


VALUE_CASES = [
    ("population_text", ("population = 49000", 'population = "many"'),
     "[municipality] population: inhabitants: a whole number from 1 to 10,000,000; found 'many' (text)"),
    ("population_1e400", ("population = 49000", "population = 1e400"),
     "[municipality] population: inhabitants: a whole number from 1 to 10,000,000; found inf"),
    ("population_zero", ("population = 49000", "population = 0"),
     "[municipality] population: inhabitants: a whole number from 1 to 10,000,000; found 0"),
    ("population_negative", ("population = 49000", "population = -5"),
     "[municipality] population: inhabitants: a whole number from 1 to 10,000,000; found -5"),
    ("population_decimals", ("population = 49000", "population = 49000.5"),
     "found 49000.5 (a number with decimals)"),
    ("min_year_decimals", ("min_year = 2007", "min_year = 2007.5"),
     "[years] min_year: a year: a whole number from 1900 to 2100; found 2007.5 (a number with decimals)"),
    ("max_year_far", ("max_year = 2040", "max_year = 99999999999999999"),
     "[years] max_year: a year: a whole number from 1900 to 2100; found 99999999999999999"),
    ("years_reversed", ("min_year = 2007", "min_year = 2050"),
     "[years] min_year: a year no later than max_year (2040); found 2050 (the two are reversed)"),
    ("name_number", ('name = "Kalundborg Kommune"', "name = 3"),
     "[municipality] name: text; found 3 (a whole number)"),
    ("short_name_empty", ('short_name = "Kalundborg"', 'short_name = " "'),
     "[municipality] short_name: a name (not empty); found ' ' (text)"),
    ("geography_code_word", ('geography_code = "326"', 'geography_code = "Kalundborg"'),
     "[municipality] geography_code: Statistics Denmark's code of 3 or 4 digits"),
    ("cell_timeout_zero", ("cell_timeout_s = 600", "cell_timeout_s = 0"),
     "[build] cell_timeout_s: seconds: a whole number from 1 to 86,400; found 0"),
    ("cell_timeout_over_a_day", ("cell_timeout_s = 600", "cell_timeout_s = 86401"),
     "[build] cell_timeout_s: seconds: a whole number from 1 to 86,400; found 86401"),
    ("cell_timeout_text", ("cell_timeout_s = 600", 'cell_timeout_s = "600"'),
     "[build] cell_timeout_s: seconds: a whole number from 1 to 86,400; found '600' (text)"),
    ("edition_date_word", ("edition_date = 2026-12-02", 'edition_date = "soon"'),
     "[publication] edition_date: a date written YYYY-MM-DD; found 'soon' (text)"),
    ("publisher_number", ('publisher = "Analysebogen om beskæftigelsesområdet"', "publisher = 7"),
     "[publication] publisher: text; found 7 (a whole number)"),
    ("licence_url_http", ('licence_url = "https://', 'licence_url = "http://'),
     "[publication] licence_url: an address starting with https:// (or empty); found 'http://"),
]


@pytest.mark.parametrize(("replacement", "expected"), [c[1:] for c in VALUE_CASES], ids=[c[0] for c in VALUE_CASES])
def test_a_wrong_value_is_one_line_naming_key_range_and_value(tmp_path, replacement, expected):
    path = settings_with(tmp_path, replacement)
    [problem] = problems_of(run_validate(path))
    assert problem.startswith(f"{path}: "), problem
    assert expected in problem, problem


def test_every_problem_is_reported_at_once(tmp_path):
    path = settings_with(tmp_path, ('name = "Kalundborg Kommune"', "name = 3"),
                         ("population = 49000", "population = 1e400"), ("min_year = 2007", "min_year = 2007.5"),
                         ("cell_timeout_s = 600", "cell_timeout_s = -1"))
    problems = problems_of(run_validate(path))
    assert [p.split(": ")[1] for p in problems] == ["[municipality] name", "[municipality] population",
                                                    "[years] min_year", "[build] cell_timeout_s"]


def test_a_section_given_as_a_value_is_refused(tmp_path):
    path = settings_with(tmp_path, ("[build]\ncell_timeout_s = 600", ""),
                         ("# Settings of the book", "build = 3\n# Settings of the book"))
    [problem] = problems_of(run_validate(path))
    assert problem == f"{path}: build: a section [build]; found a whole number"


def test_missing_sections_and_keys_are_named(tmp_path):
    path = tmp_path / "jobbook.toml"
    path.write_text('[municipality]\nname = "Kalundborg Kommune"\nshort_name = "Kalundborg"\n', encoding="utf-8")
    problems = problems_of(run_validate(path))
    assert [p.removeprefix(f"{path}: ") for p in problems] == [
        "[paths]: a section; it is missing", "[years]: a section; it is missing",
        "[municipality] geography_code: a value; it is missing",
        "[municipality] region_geography_code: a value; it is missing"]


def test_a_data_dir_that_is_a_file_is_refused(tmp_path):
    path = settings_with(tmp_path, (f'data_dir = "{SETTINGS_FILE.parent / "data"}"', 'data_dir = "jobbook.toml"'))
    [problem] = problems_of(run_validate(path))
    assert "[paths] data_dir: a folder; 'jobbook.toml'" in problem and "is not a folder" in problem


def test_a_data_dir_in_a_loop_of_links_is_refused(tmp_path):
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    path = settings_with(tmp_path, (f'data_dir = "{SETTINGS_FILE.parent / "data"}"', 'data_dir = "a"'))
    [problem] = problems_of(run_validate(path))
    assert "[paths] data_dir: a folder; 'a' is a loop of symbolic links" in problem


def test_a_settings_file_in_a_loop_of_links_is_refused(tmp_path):
    (tmp_path / "one.toml").symlink_to(tmp_path / "two.toml")
    (tmp_path / "two.toml").symlink_to(tmp_path / "one.toml")
    [problem] = problems_of(run_validate(tmp_path / "one.toml"))
    assert problem == f"{tmp_path / 'one.toml'}: a settings file; the path is a loop of symbolic links"


def test_a_device_is_refused_without_reading_it():
    started = time.monotonic()
    [problem] = problems_of(run_validate("/dev/zero", timeout=60))
    assert problem == "/dev/zero: a regular settings file; this is a device"
    assert time.monotonic() - started < 60


def test_a_named_pipe_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "jobbook.toml"
    os.mkfifo(fifo)
    started = time.monotonic()
    [problem] = problems_of(run_validate(fifo, timeout=60))  # a blocking open would hit the timeout
    assert problem == f"{fifo}: a regular settings file; this is a named pipe (FIFO)"
    assert time.monotonic() - started < 60


def test_a_folder_is_refused(tmp_path):
    [problem] = problems_of(run_validate(tmp_path))
    assert problem == f"{tmp_path}: a regular settings file; this is a folder"


def test_a_missing_file_is_named(tmp_path):
    [problem] = problems_of(run_validate(tmp_path / "nowhere.toml"))
    assert problem == f"{tmp_path / 'nowhere.toml'}: a settings file; it does not exist"


def test_a_file_over_the_size_bound_is_refused_unread(tmp_path):
    path = settings_with(tmp_path)
    with path.open("ab") as handle:
        handle.truncate(MAX_SETTINGS_BYTES + 1)
    [problem] = problems_of(run_validate(path))
    assert "a settings file of at most 1 MB; this one is 1,000,001 bytes" in problem


def test_text_that_is_not_utf8_or_not_toml_is_refused(tmp_path):
    latin = tmp_path / "latin.toml"
    latin.write_bytes('[municipality]\nname = "Kalundborg Kommune – Økonomi"\n'.encode("cp1252"))
    [problem] = problems_of(run_validate(latin))
    assert "UTF-8 text; byte" in problem
    broken = tmp_path / "broken.toml"
    broken.write_text("[municipality\nname = 3\n", encoding="utf-8")
    [problem] = problems_of(run_validate(broken))
    assert problem.startswith(f"{broken}: TOML (")


def test_load_settings_raises_one_exception_with_every_problem(tmp_path):
    path = settings_with(tmp_path, ("max_year = 2040", "max_year = 1800"), ("population = 49000", "population = 0"))
    with pytest.raises(SettingsError) as caught:
        load_settings(path)
    assert len(caught.value.problems) == 2
    assert isinstance(caught.value, ValueError)  # callers that caught ValueError still do


def test_the_shipped_settings_load_with_the_cell_timeout():
    settings = load_settings(SETTINGS_FILE)
    assert settings.cell_timeout_s == 600 and settings.min_year <= settings.max_year
    assert settings.population == 49000
