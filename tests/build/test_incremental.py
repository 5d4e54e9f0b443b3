"""Rebuilds: nothing changed runs nothing; one year changed runs only what reads it; glue follows."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from conftest import REPO_ROOT, page_text, replace_once, run_jobbook
from jobbook.build.registry import load_registry

pytestmark = pytest.mark.slow

FIXTURES = REPO_ROOT / "tests" / "ingest" / "fixtures"


@pytest.fixture
def project(built_book, tmp_path) -> Path:
    """A copy of the built book, caches and all, that a test may change and rebuild."""
    target = tmp_path / "project"
    shutil.copytree(built_book, target, symlinks=True)
    return target


def build(project: Path, *args: str) -> dict:
    result = run_jobbook(project, "build", "--no-progress", *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads((project / "_build" / "build-report.json").read_text(encoding="utf-8"))


def executed(report: dict) -> set[str]:
    return {n["label"] for n in report["notebooks"] if n["cache"] == "miss"}


def page(project: Path, name: str) -> str:
    return page_text(project / "_build" / "html" / name)


def test_rebuild_without_changes_executes_no_notebook(project):
    before = {p: p.read_bytes() for p in (project / "_build" / "html").rglob("*.html")}
    report = build(project)
    assert executed(report) == set()
    assert report["sphinx"] == "skip"
    after = {p: p.read_bytes() for p in (project / "_build" / "html").rglob("*.html")}
    assert [p.name for p in before if before[p] != after[p]] == ["byggerapport.html"]
    assert "0 kørt, 10 hentet fra cachen" in page(project, "book/byggerapport.html")


def test_one_year_of_data_reruns_that_year_and_what_reads_across_years(project):
    replace_once(project / "data" / "budget_by_account.csv", "2021,budget,5.68.98,Beskæftigelsesordninger,2538,",
         "2021,budget,5.68.98,Beskæftigelsesordninger,2539,")
    report = build(project)
    # bdo reads the accounts across years; udvikling says which year the newest account budget is
    assert executed(report) == {"budgetaar 2021", "bdo 2026", "udvikling 2026"}
    assert report["sphinx"] == "incremental"
    assert "2.539" in page(project, "book/budgetaar/2021.html")


def test_glued_figures_on_other_pages_follow_their_source(project):
    figures = project / "data" / "reform_figures.csv"
    replace_once(figures, "reduktion_brutto,326,23.1,", "reduktion_brutto,326,24.1,")
    replace_once(figures, "reduktion_specificeret,326,17.1,", "reduktion_specificeret,326,18.1,")
    report = build(project)
    # The 2026 page shows the reform's amounts; year pages read the theme tables whole (to link to the
    # themes that use their documents), so they run again too.
    assert {"reform 2026", "budgetaar 2026"} <= executed(report)
    front = page(project, "book/index.html")
    assert "ca. 24,1 mio. kr." in front and "23,1 mio" not in front


def test_force_runs_everything(project):
    report = build(project, "--force")
    registry = load_registry(project)  # one run per year for a per-year chapter, one per theme
    planned = sum(len(report["years"]) if c.runs == "per_year" else 1 for c in registry.notebooks)
    assert len(executed(report)) == len(report["notebooks"]) == planned
    assert report["sphinx"] == "full"


def drop_empty_rows(path: Path, column: str) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header, rows = reader.fieldnames, [r for r in reader if r[column].strip()]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_an_analyst_adds_a_year(project):
    data = project / "data"
    for args in (("new-year", "2027"),
                 ("import-budget", str(FIXTURES / "indsats_og_ydelsesbudget_2027.txt"), "--year", "2027"),
                 ("import-budget", str(FIXTURES / "ydelsesmodtagere_2027.txt"), "--year", "2027")):
        result = run_jobbook(project, *args)
        assert result.returncode == 0, result.stdout + result.stderr
    replace_once(data / "sources.csv", "budget-2027,,Kalundborg Kommune,,,2027,,,",
         "budget-2027,Budget 2027 (testeksempel),Kalundborg Kommune,2026,,2027,,,Eksempeltal til test.")
    for file, column in (("budget_by_account.csv", "amount_dkk_1000"), ("recipients.csv", "persons"),
                         ("net_budgets.csv", "amount_dkk")):
        drop_empty_rows(data / file, column)
    validation = run_jobbook(project, "validate")
    assert validation.returncode == 0, validation.stderr
    report = build(project)
    assert "budgetaar 2027" in executed(report)
    chapter = page(project, "book/budgetaar/2027.html")
    assert "Budgetår 2027" in chapter
    assert "Ændringer fra året før" not in chapter  # 2026 has no accounts or recipients to compare with
    assert "71.430" in chapter and "416,6 mio. kr." in chapter
    assert "I 2027 var der budgetteret" in page(project, "book/index.html")
    assert "Budget 2027" in page(project, "book/temaer/udvikling.html")
    navigation = (project / "_build" / "html" / "book" / "budgetaar" / "2026.html").read_text(encoding="utf-8")
    assert "2027.html" in navigation  # the toc picked up the new chapter without an edit
    for file in ("sources.csv", "budget_by_account.csv"):  # the site's downloads are the new data
        assert (project / "_build" / "html" / "data" / file).read_bytes() == (data / file).read_bytes(), file
