"""The plan of a build: jobs from the registry, one per year or per edition, checked parameters."""

from __future__ import annotations

import pytest

from conftest import DATA_DIR, REPO_ROOT
from jobbook.build.layout import BookLayout
from jobbook.build.plan import Job, ParameterError, check_parameters, plan_jobs
from jobbook.build.registry import load_registry
from jobbook.data.dataset import load_dataset


@pytest.fixture(scope="module")
def jobs(settings):
    ds = load_dataset(DATA_DIR, settings)
    return plan_jobs(load_registry(REPO_ROOT), BookLayout(REPO_ROOT), settings, DATA_DIR, ds.budget_years(), 2026)


def test_years_are_those_with_rows_in_a_per_year_table(settings):
    assert load_dataset(DATA_DIR, settings).budget_years() == [2020, 2021, 2022, 2023, 2024, 2026]


def test_one_job_per_year_and_one_per_edition_chapter(jobs):
    labels = [j.label for j in jobs]
    assert labels == ["budgetaar 2020", "budgetaar 2021", "budgetaar 2022", "budgetaar 2023", "budgetaar 2024",
                      "budgetaar 2026", "udvikling 2026", "bdo 2026", "reform 2026", "opgaver 2026"]
    assert jobs[1].output == REPO_ROOT / "book" / "budgetaar" / "2021.ipynb"
    assert jobs[-1].output == REPO_ROOT / "book" / "temaer" / "opgaver.ipynb"


def test_paths_given_to_a_notebook_are_relative_to_its_folder(jobs):
    """So an executed notebook does not depend on where the repository is checked out."""
    assert jobs[0].parameters == {"budget_year": 2020, "data_dir": "../data", "settings_file": "../jobbook.toml"}


def test_unknown_parameter_is_an_error(jobs):
    job = Job(jobs[0].chapter, jobs[0].template, jobs[0].output, {"budget_year": 2021, "budget_yaer": 2021}, "x")
    with pytest.raises(ParameterError, match="unknown parameter.*budget_yaer"):
        check_parameters(job)
