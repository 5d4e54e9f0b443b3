"""A build publishes one version of the data, and the next build compares contents, never file times.

- data edited while a build runs: the site is all from the data as they were when it started;
- "nothing changed" means the published site's recorded inputs equal the data now (a revert is
  built; file times moved to the past or the future hide nothing; nor does a build made while
  the clock was ahead);
- a damaged notebook-cache entry is named in one line and run again; a published site with files
  missing is built again.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import run_jobbook

pytestmark = pytest.mark.slow

SOURCES = Path("data") / "sources.csv"
#: A source title that the 2021 year page (under its figures) and the sources page both show.
TITLE = "Beskæftigelsesplan 2021"
#: The same title edited, of the same length (so that only the content tells the change).
EDITED = "BESKÆFTIGELSESPLAN 2021"
YEAR_PAGE = Path("book") / "budgetaar" / "2021.html"
SOURCES_PAGE = Path("book") / "generated" / "kilder.html"
#: A 2021 account (amount in 1,000 kr.): the 2024 page does not depend on it.
CHANGED_ROW = "2021,budget,5.68.98,Beskæftigelsesordninger,2538,"


@pytest.fixture
def project(built_book, tmp_path) -> Path:
    target = tmp_path / "project"
    shutil.copytree(built_book, target, symlinks=True)
    return target


def site(project: Path) -> Path:
    return project / "_build" / "html"


def titles(project: Path) -> dict[str, tuple[bool, bool]]:
    """For the year page and the sources page: (shows the original title, shows the edited one)."""
    shown = {}
    for page in (YEAR_PAGE, SOURCES_PAGE):
        text = (site(project) / page).read_text(encoding="utf-8")
        shown[page.as_posix()] = (TITLE in text, EDITED in text)
    return shown


def edit_title(project: Path, old: str, new: str) -> None:
    path = project / SOURCES
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should be in {path.name} once"
    path.write_text(text.replace(old, new), encoding="utf-8")


def build(project: Path, *args: str) -> subprocess.CompletedProcess:
    result = run_jobbook(project, "build", "--no-progress", *args)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result


def built(result: subprocess.CompletedProcess) -> bool:
    """Whether the build made a new site (not only the report)."""
    return "Nothing changed" not in result.stdout


ALL_ORIGINAL = {YEAR_PAGE.as_posix(): (True, False), SOURCES_PAGE.as_posix(): (True, False)}
ALL_EDITED = {YEAR_PAGE.as_posix(): (False, True), SOURCES_PAGE.as_posix(): (False, True)}


def test_an_edit_of_the_data_during_a_build_is_not_published_half(project):
    assert titles(project) == ALL_ORIGINAL
    process = subprocess.Popen([sys.executable, "-u", "-m", "jobbook.cli", "--settings", str(project / "jobbook.toml"),
                                "build", "--no-progress", "--force"], cwd=project, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    # "Budget years: ..." is printed once the data are checked and the sources page is written,
    # just before the notebooks run: the edit lands between the two.
    line = process.stdout.readline()
    assert line.startswith("Budget years:"), line + process.stderr.read()
    edit_title(project, TITLE, EDITED)
    out, err = process.communicate(timeout=900)
    assert process.returncode == 0, line + out + err
    assert titles(project) == ALL_ORIGINAL  # the whole site from the data as they were at the start
    report = json.loads((project / "_build" / "build-report.json").read_text(encoding="utf-8"))
    assert all(notebook["parameters"]["data_dir"] == "../_build/.data" for notebook in report["notebooks"])
    # the edit is the next build's business: published whole, not mistaken for "nothing changed"
    assert built(build(project))
    assert titles(project) == ALL_EDITED


def test_a_revert_after_a_build_is_built_again(project):
    edit_title(project, TITLE, EDITED)
    assert built(build(project))
    assert titles(project) == ALL_EDITED
    edit_title(project, EDITED, TITLE)
    assert built(build(project))
    assert titles(project) == ALL_ORIGINAL
    assert not built(build(project))  # and now nothing has changed


@pytest.mark.parametrize("moved_s", [-30 * 86400, 0, 30 * 86400], ids=["past", "same", "future"])
def test_file_times_cannot_hide_a_change(project, moved_s):
    path = project / SOURCES
    before = path.stat()
    edit_title(project, TITLE, EDITED)
    assert path.stat().st_size == before.st_size
    # the file's times as they were before the edit (or moved a month away from them)
    os.utime(path, ns=(before.st_atime_ns + moved_s * 10**9, before.st_mtime_ns + moved_s * 10**9))
    assert built(build(project))
    assert titles(project) == ALL_EDITED


def test_a_build_made_while_the_clock_was_ahead_hides_no_later_change(project):
    """Sphinx notes when it read each page; a build made with the clock a day ahead leaves times in the
    future, and Sphinx alone would take every page written since for unchanged."""
    # A build in this copy first (Sphinx reads everything again in a folder it has not built in).
    edit_title(project, TITLE, "Beskæftigelsesplan for 2021")
    assert "pages: incremental" in build(project).stdout
    environment = project / "_build" / ".staging" / "_build" / ".doctrees" / "environment.pickle"
    env = pickle.loads(environment.read_bytes())
    env.all_docs = {name: read + 86400 * 10**6 for name, read in env.all_docs.items()}  # microseconds
    environment.write_bytes(pickle.dumps(env, pickle.HIGHEST_PROTOCOL))
    edit_title(project, "Beskæftigelsesplan for 2021", EDITED)
    result = build(project)
    assert "pages: incremental" in result.stdout
    assert titles(project) == ALL_EDITED


def test_a_damaged_cache_entry_is_named_in_one_line_and_run_again(project):
    cache = project / "_build" / ".cache" / "notebooks"
    [record] = [p for p in cache.glob("*.json")
                if json.loads(p.read_text(encoding="utf-8"))["label"] == "budgetaar 2024"]
    notebook = record.with_suffix(".ipynb")
    notebook.write_bytes(notebook.read_bytes()[:1000])  # truncated, as by a full disk or a crash
    # Something changed (one 2021 account), so the build looks into the cache for the other years.
    data = project / "data" / "budget_by_account.csv"
    text = data.read_text(encoding="utf-8")
    assert text.count(CHANGED_ROW) == 1
    data.write_text(text.replace(CHANGED_ROW, CHANGED_ROW.replace(",2538,", ",2541,")), encoding="utf-8")
    result = build(project)
    damaged = [line for line in result.stdout.splitlines() if line.startswith("Notebook cache")]
    assert damaged == [f"Notebook cache {cache}: entry {record.stem[:12]} (budgetaar 2024) is damaged "
                       "(its notebook differs from its record); running the notebook again"]
    report = json.loads((project / "_build" / "build-report.json").read_text(encoding="utf-8"))
    ran = {n["label"] for n in report["notebooks"] if n["cache"] == "miss"}
    assert {"budgetaar 2021", "budgetaar 2024"} <= ran  # the changed year and the damaged entry
    assert len(ran) < len(report["notebooks"])  # the others came from the cache
    assert (site(project) / "book" / "budgetaar" / "2024.html").is_file()
    assert "NotJSONError" not in result.stdout + result.stderr
    # and the entry is whole again: the next build is "nothing changed"
    assert not built(build(project))


@pytest.mark.parametrize(("removed", "said"), [
    ("index.html", "index.html is missing"),
    ("book/budgetaar/2022.html", "book/budgetaar/2022.html is missing"),
    ("_static", "_static/"),
    (".", "_build/html links to no site"),  # the site's folder in _build/sites, all of it
])
def test_a_half_deleted_site_is_built_again(project, removed, said):
    published = site(project).resolve()
    before = {p.relative_to(published).as_posix() for p in published.rglob("*") if p.is_file()}
    target = (published / removed).resolve()
    shutil.rmtree(target) if target.is_dir() else target.unlink()
    result = build(project)
    assert built(result)
    [line] = [line for line in result.stdout.splitlines() if line.startswith("The published site is damaged (")]
    assert said in line and line.endswith("); building it again")
    after = {p.relative_to(site(project).resolve()).as_posix() for p in site(project).resolve().rglob("*")
             if p.is_file()}
    assert after == before
    assert not built(build(project))


def test_the_settings_file_given_is_the_settings_of_every_page(project):
    """`jobbook --settings other.toml build`: the footer of every page comes from other.toml."""
    text = (project / "jobbook.toml").read_text(encoding="utf-8")
    assert 'publisher = "Analysebogen om beskæftigelsesområdet"' in text
    other = project / "other.toml"
    other.write_text(text.replace('publisher = "Analysebogen om beskæftigelsesområdet"',
                                  'publisher = "Et andet forlag for prøven"')
                     .replace("edition_date = 2026-12-02", "edition_date = 2027-03-01")
                     .replace('contact = "', 'contact = "Anden kontakt: '), encoding="utf-8")

    def build_with_other() -> subprocess.CompletedProcess:
        result = subprocess.run([sys.executable, "-m", "jobbook.cli", "--settings", str(other), "build",
                                 "--no-progress"], cwd=project, capture_output=True, text=True, timeout=900)
        assert result.returncode == 0, result.stdout + result.stderr
        return result

    build_with_other()
    pages = [p for p in site(project).resolve().rglob("*.html") if "_static" not in p.parts
             and 'http-equiv="Refresh"' not in p.read_text(encoding="utf-8")[:200]]
    assert len(pages) > 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "Udgivet af Et andet forlag for prøven." in html, page
        assert "Udgave: 1. marts 2027." in html, page
        assert "Anden kontakt: " in html, page
        assert "Analysebogen om beskæftigelsesområdet." not in html, page
    # an edit of that file's [publication] is published at the next build
    other.write_text(other.read_text(encoding="utf-8").replace("Et andet forlag for prøven", "Et tredje forlag"),
                     encoding="utf-8")
    time.sleep(0.01)
    assert built(build_with_other())
    assert "Udgivet af Et tredje forlag." in (site(project) / YEAR_PAGE).read_text(encoding="utf-8")
