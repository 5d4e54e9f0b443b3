"""Shared fixtures: the repository, its settings and a scratch copy of the shipped data."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jobbook.build import workspace
from jobbook.settings import Settings, load_settings

REPO_ROOT = Path(__file__).resolve().parents[1]
SETTINGS_FILE = REPO_ROOT / "jobbook.toml"
DATA_DIR = REPO_ROOT / "data"


@pytest.fixture(scope="session")
def settings() -> Settings:
    return load_settings(SETTINGS_FILE)


LAYOUTS = REPO_ROOT / "tests" / "ingest" / "fixtures" / "layouts"


def fixture_text(name: str) -> str:
    """A budget table in one of the layouts documents print (tests/ingest/fixtures/layouts)."""
    return (LAYOUTS / name).read_text(encoding="utf-8")


def source_text(name: str) -> str:
    """The text of one of the book's own source documents (in the settings' sources folder)."""
    path = load_settings(SETTINGS_FILE).sources_dir / name
    assert path.is_file(), f"{path}: the source documents are not there (sources_dir in jobbook.toml)"
    return path.read_text(encoding="utf-8")


def refusal(text: str, **kwargs):
    """The TableRefused that reading ``text`` as a table raises (the test fails if it reads)."""
    from jobbook.ingest.reader import TableRefused, read_table_text

    with pytest.raises(TableRefused) as caught:
        read_table_text(text, **kwargs)
    return caught.value


def row_tuples(table) -> list[tuple]:
    return [(r.line, r.konto_codes, r.name_printed, r.values, r.is_total, r.section) for r in table.rows]


def column_tuples(table) -> list[tuple]:
    return [(c.basis_code, c.year, c.label) for c in table.columns]


@pytest.fixture(scope="session")
def shipped(settings):
    """The shipped data, validated once for the whole session (tests must not change it)."""
    from jobbook.data.dataset import load_dataset

    return load_dataset(DATA_DIR, settings)


def chapter(ds, year: int, **params):
    """The context a chapter's functions take, for ``ds`` and ``year`` (``params``: the chapter's scenario)."""
    from jobbook.analysis.context import ChapterContext

    return ChapterContext(ds, load_settings(SETTINGS_FILE), year, params)


def chapter_figures(ds, year: int = 2021, edition_year: int = 2026) -> list:
    """Every figure every chapter of the registry draws (budget-year chapters for ``year``), by calling
    each ``figure_*`` function of the analysis modules its template imports (its own, and shared ones)."""
    import importlib

    from jobbook.build.plan import template_code
    from jobbook.build.registry import load_registry
    from jobbook.digest import imported_modules

    figures = []
    for entry in load_registry(REPO_ROOT).notebooks:
        ctx = chapter(ds, year if entry.runs == "per_year" else edition_year)
        names = imported_modules(template_code(REPO_ROOT / "notebooks" / f"{entry.template}.ipynb"))
        for name in sorted(n for n in names if n.startswith("jobbook.analysis.")):
            module = importlib.import_module(name)
            figures += [getattr(module, f)(ctx) for f in sorted(dir(module)) if f.startswith("figure_")
                        and callable(getattr(module, f))]
    return [f for f in figures if f is not None]


@pytest.fixture
def sources_dir(settings) -> Path:
    """The source documents, for tests of their checksums: they must be at hand (see the README)."""
    assert settings.sources_dir.is_dir(), (
        f"{settings.sources_dir}: the source documents are not there; the tests that check their "
        "checksums need them (sources_dir in jobbook.toml)")
    return settings.sources_dir


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the shipped data directory that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def with_table(ds, name: str, frame):
    """The dataset ``ds`` with table ``name`` replaced by ``frame`` (for cases the shipped data lacks)."""
    return dataclasses.replace(ds, frames={**ds.frames, name: frame})


def copy_project(dest: Path) -> Path:
    """The book's sources (no build output) copied to ``dest``."""
    return workspace.copy_project(REPO_ROOT, dest)


def replace_once(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in a text file by ``new``; the text must be there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def page_text(path: Path) -> str:
    """A built page's text without markup, with ordinary spaces (for assertions on what readers see)."""
    text = re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", text).replace("\u00a0", " ")


def site_pages(site_root: Path) -> list[str]:
    """Every page of a built site, but not the theme's templates in _static/ nor the site root's
    redirect to the front page (no content of its own, and left while it is being measured)."""
    return sorted(p.relative_to(site_root).as_posix() for p in site_root.rglob("*.html")
                  if not p.relative_to(site_root).as_posix().startswith("_static/")
                  and 'http-equiv="Refresh"' not in p.read_text(encoding="utf-8")[:200])


def run_jobbook(project: Path, *args: str, timeout: int = 1200, env: dict | None = None) -> subprocess.CompletedProcess:
    """``jobbook --settings project/jobbook.toml ARGS`` in a subprocess, as a user runs it (``env``:
    its environment, by default this process's)."""
    return subprocess.run([sys.executable, "-m", "jobbook.cli", "--settings", str(project / "jobbook.toml"), *args],
                          cwd=project, capture_output=True, text=True, timeout=timeout, env=env)


@pytest.fixture(scope="session")
def built_book(tmp_path_factory, settings) -> Path:
    """A project copy built once with `jobbook build`; tests read its output and must not change it."""
    project = copy_project(tmp_path_factory.mktemp("book"))
    result = run_jobbook(project, "build", "--no-progress")
    assert result.returncode == 0, result.stdout + result.stderr
    return project


@pytest.fixture(scope="session")
def book_with_pdf(built_book) -> Path:
    """The built book after `jobbook pdf`: the site then links to a PDF that exists."""
    result = run_jobbook(built_book, "pdf")
    assert result.returncode == 0, result.stdout + result.stderr
    return built_book


@pytest.fixture(scope="module")
def site_root(request) -> Path:
    """The built site the browser tests read: ``JOBBOOK_TEST_SITE=_build/html`` runs them against a
    site built already, instead of building a copy of the project first."""
    if os.environ.get("JOBBOOK_TEST_SITE"):
        return Path(os.environ["JOBBOOK_TEST_SITE"]).resolve()
    return request.getfixturevalue("built_book") / "_build" / "html"


@pytest.fixture(scope="module")
def site_url(site_root):
    from jobbook.outputs.browser import serve_directory

    with serve_directory(site_root) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless (jobbook.outputs.browser), for one test module."""
    from jobbook.outputs.browser import launch_chromium

    with launch_chromium() as chromium:
        yield chromium
