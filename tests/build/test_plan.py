"""The plan of a build: jobs from the registry, one per year or per edition, checked parameters."""

from __future__ import annotations

import pytest

from conftest import DATA_DIR, REPO_ROOT, SETTINGS_FILE
from jobbook.build.layout import BookLayout
from jobbook.build.plan import Job, ParameterError, check_parameters, plan_jobs
from jobbook.build.registry import THEMES_PARAMETER, load_registry
from jobbook.data.dataset import load_dataset
from jobbook.settings import load_settings


@pytest.fixture(scope="module")
def jobs(settings):
    ds = load_dataset(DATA_DIR, settings)
    return plan_jobs(load_registry(REPO_ROOT), BookLayout(REPO_ROOT), settings, DATA_DIR, ds.budget_years(), 2026)


def test_years_are_those_with_rows_in_a_per_year_table(settings):
    assert load_dataset(DATA_DIR, settings).budget_years() == [2020, 2021, 2022, 2023, 2024, 2026]


def test_one_job_per_year_and_one_per_edition_chapter(jobs):
    registry, years = load_registry(REPO_ROOT), [2020, 2021, 2022, 2023, 2024, 2026]
    expected = [f"{c.template} {year}" for c in registry.notebooks
                for year in (years if c.runs == "per_year" else [2026])]
    assert [j.label for j in jobs] == expected
    assert jobs[1].output == REPO_ROOT / "book" / "budgetaar" / "2021.ipynb"
    assert jobs[-1].output == REPO_ROOT / f"{registry.themes[-1].page}.ipynb"


def test_paths_given_to_a_notebook_are_relative_to_its_folder(jobs):
    """So an executed notebook does not depend on where the repository is checked out."""
    theme = next(j for j in jobs if j.chapter.runs == "edition")
    assert theme.parameters == {"budget_year": 2026, "data_dir": "../data", "settings_file": "../jobbook.toml"}


def test_a_year_page_is_handed_the_themes_it_links_to(jobs):
    """As data (analysis does not read the registry): each theme's title, its address from the page and
    its tables, in the order of the table of contents; only the themes of the book the data fill."""
    themes = jobs[1].parameters[THEMES_PARAMETER]
    registry = load_registry(REPO_ROOT)
    assert [t["href"] for t in themes] == [f"../temaer/{c.page.rsplit('/', 1)[1]}.html" for c in registry.themes]
    opgaver = next(t for t in themes if t["href"] == "../temaer/opgaver.html")
    assert opgaver == {"title": "Jobcentrets opgaver", "href": "../temaer/opgaver.html",
                       "reads": ["jobcenter_tasks", "laws", "reform_figures", "sources"]}
    book = registry.with_rows({"reform_figures"})
    fewer = [t["href"] for t in plan_jobs(book, BookLayout(REPO_ROOT), load_settings(SETTINGS_FILE), DATA_DIR,
                                          [2021], 2021)[0].parameters[THEMES_PARAMETER]]
    assert fewer == [f"../temaer/{c.page.rsplit('/', 1)[1]}.html" for c in book.themes]
    assert "../temaer/reform.html" in fewer and "../temaer/bdo.html" not in fewer


def test_unknown_parameter_is_an_error(jobs):
    job = Job(jobs[0].chapter, jobs[0].template, jobs[0].output, {"budget_year": 2021, "budget_yaer": 2021}, "x")
    with pytest.raises(ParameterError, match="unknown parameter.*budget_yaer"):
        check_parameters(job)
