"""Cache invalidation rules: a notebook runs again exactly when something it reads has changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import DATA_DIR, REPO_ROOT, SETTINGS_FILE, replace_once
from jobbook.build import cache
from jobbook.build import digest as fingerprint
from jobbook.build.cache import job_key, template_inputs
from jobbook.build.pipeline import PER_YEAR_TEMPLATE, THEMATIC_TEMPLATES
from jobbook.build.run import NotebookJob, execute_job
from jobbook.data.dataset import TRACE_ENV, load_dataset

NOTEBOOKS = REPO_ROOT / "notebooks"


def job(template: str, year: int, output: Path = Path("never-written.ipynb"), **extra) -> NotebookJob:
    """A job of ``template``; a test that executes it must give an ``output`` in its tmp_path."""
    parameters = {"budget_year": year, "data_dir": "../data", "settings_file": "../jobbook.toml", **extra}
    return NotebookJob(NOTEBOOKS / f"{template}.ipynb", output, parameters, f"{template} {year}")


def key(ds, j: NotebookJob) -> str:
    return job_key(j, ds, REPO_ROOT, SETTINGS_FILE)


def with_row_changed(data_copy: Path, settings, file: str, old: str, new: str):
    replace_once(data_copy / file, old, new)
    return load_dataset(data_copy, settings)


ROW = "{year},budget,5.68.98,Beskæftigelsesordninger,{amount},"
ACCOUNT_2021 = (ROW.format(year=2021, amount=2538), ROW.format(year=2021, amount=2539))
ACCOUNT_2020 = (ROW.format(year=2020, amount=2393), ROW.format(year=2020, amount=2394))


@pytest.fixture(scope="module")
def ds(settings):
    return load_dataset(DATA_DIR, settings)


def test_every_template_declares_what_it_reads():
    for name in (PER_YEAR_TEMPLATE, *THEMATIC_TEMPLATES):
        inputs = template_inputs(NOTEBOOKS / f"{name}.ipynb")
        assert inputs.tables and inputs.years in cache.YEAR_SCOPES
    assert template_inputs(NOTEBOOKS / f"{PER_YEAR_TEMPLATE}.ipynb").years == "own_and_previous"


def test_same_inputs_give_the_same_key(ds):
    assert key(ds, job("budgetaar", 2021)) == key(ds, job("budgetaar", 2021))


def test_parameters_and_templates_are_part_of_the_key(ds):
    base = key(ds, job("budgetaar", 2021))
    assert key(ds, job("budgetaar", 2022)) != base
    assert key(ds, job("reform", 2026)) != key(ds, job("reform", 2026, benefit_volume_change_pct=2.0))
    assert key(ds, job("udvikling", 2026)) != key(ds, job("benchmark", 2026))


def test_a_year_s_data_changes_its_chapter_and_the_chapters_reading_it(ds, data_copy, settings):
    changed = with_row_changed(data_copy, settings, "budget_by_account.csv", *ACCOUNT_2021)
    differs = {name: key(ds, j) != key(changed, j) for name, j in {
        "budgetaar 2021": job("budgetaar", 2021), "budgetaar 2020": job("budgetaar", 2020),
        "budgetaar 2022": job("budgetaar", 2022), "budgetaar 2024": job("budgetaar", 2024),
        "benchmark": job("benchmark", 2026), "udvikling": job("udvikling", 2026),
        "reform": job("reform", 2026), "opgaver": job("opgaver", 2026)}.items()}
    assert differs == {"budgetaar 2021": True, "budgetaar 2020": False,
                       "budgetaar 2022": False,  # 2022 has no account rows to compare with 2021's
                       "budgetaar 2024": False, "benchmark": True, "udvikling": False, "reform": False,
                       "opgaver": False}


def test_the_previous_year_counts_when_the_year_has_rows_of_its_own(ds, data_copy, settings):
    changed = with_row_changed(data_copy, settings, "budget_by_account.csv", *ACCOUNT_2020)
    assert key(ds, job("budgetaar", 2021)) != key(changed, job("budgetaar", 2021))
    assert key(ds, job("budgetaar", 2020)) != key(changed, job("budgetaar", 2020))


def test_package_code_and_environment_are_part_of_the_key(ds, monkeypatch, tmp_path):
    base = key(ds, job("opgaver", 2026))
    monkeypatch.setattr(cache, "package_code_digest", lambda: "other code")
    assert key(ds, job("opgaver", 2026)) != base
    monkeypatch.undo()
    (tmp_path / "requirements.lock").write_text("pandas==0.0\n")
    assert job_key(job("opgaver", 2026), ds, tmp_path, SETTINGS_FILE) != base


def test_formatting_of_the_data_files_does_not_matter(ds, data_copy, settings):
    """Keys come from the checked values: writing 055771 instead of 5.57.71 changes nothing."""
    changed = with_row_changed(data_copy, settings, "budget_by_account.csv", ",5.57.71,", ",055771,")
    assert key(ds, job("budgetaar", 2021)) == key(changed, job("budgetaar", 2021))


@pytest.mark.slow
@pytest.mark.parametrize("name", [PER_YEAR_TEMPLATE, *THEMATIC_TEMPLATES])
def test_templates_read_only_the_tables_they_declare(name, tmp_path, monkeypatch):
    """Run each template with table tracing on: what it reads must be what it declares."""
    trace = tmp_path / "trace.txt"
    monkeypatch.setenv(TRACE_ENV, str(trace))
    year = 2021 if name == PER_YEAR_TEMPLATE else 2026
    result = execute_job(job(name, year, tmp_path / "out.ipynb"), tmp_path / "scratch", tmp_path / "failed")
    assert result.ok, result.error
    read = set(trace.read_text(encoding="utf-8").split())
    assert read, "the trace is empty: tracing did not reach the kernel"
    assert read <= set(template_inputs(NOTEBOOKS / f"{name}.ipynb").tables), read


@pytest.mark.slow
def test_a_warm_kernel_gives_the_same_notebook_as_a_new_one(tmp_path):
    fresh = execute_job(job("budgetaar", 2021, tmp_path / "fresh.ipynb"), tmp_path / "s", tmp_path / "f")
    execute_job(job("udvikling", 2026, tmp_path / "other.ipynb"), tmp_path / "s", tmp_path / "f", reuse_kernel=True)
    warm = execute_job(job("budgetaar", 2021, tmp_path / "warm.ipynb"), tmp_path / "s", tmp_path / "f",
                       reuse_kernel=True)
    assert fresh.ok and warm.ok
    assert (tmp_path / "fresh.ipynb").read_text(encoding="utf-8") == (tmp_path / "warm.ipynb").read_text(
        encoding="utf-8")
    counts = [c["execution_count"] for c in json.loads((tmp_path / "warm.ipynb").read_text())["cells"]
              if c["cell_type"] == "code"]
    assert counts == list(range(1, len(counts) + 1))


def test_fingerprints_are_stable():
    assert fingerprint.digest_parts(["a", "bc"]) != fingerprint.digest_parts(["ab", "c"])
    assert fingerprint.package_code_digest() == fingerprint.package_code_digest()
