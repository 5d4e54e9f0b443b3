"""The chapter drill: adding a theme is a template, its analysis module and one entry in chapters.toml.

Done in a copy of the project, exactly as chapters.toml tells a maintainer, and then the whole fast suite
runs there and passes: among it the registry and its table of contents, the plan, the cache and its check
of what each chapter reads, the templates' rules, every figure of every chapter and the package layout.
No other file is edited: a test that pinned the chapters' list or count, or a year page's `reads` typed
by hand, would fail here.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO_ROOT
from jobbook.build.workspace import GENERATED, copy_project

NEW = "lovgrundlag"  # the new theme: the laws the jobcenter's tasks come from, from one table
NEW_TABLE = "laws"

TEMPLATE = {
    "cells": [
        {"cell_type": "markdown", "id": "t00", "metadata": {}, "source": ["# Lovgrundlaget"]},
        {"cell_type": "code", "execution_count": None, "id": "t01", "metadata": {"tags": ["parameters"]},
         "outputs": [], "source": [
             "budget_year: int = 2026  # udgavens budgetår\n",
             'data_dir: str = "../data"  # mappen med bogens validerede tabeller\n',
             'settings_file: str = "../jobbook.toml"  # indstillinger: kommunen, mapperne og årsintervallet']},
        {"cell_type": "code", "execution_count": None, "id": "t02", "metadata": {}, "outputs": [], "source": [
            f"from jobbook.analysis import {NEW}\n",
            "from jobbook.analysis.context import open_chapter\n",
            "from jobbook.present.glue import glue_all, show\n",
            "\n",
            "ctx = open_chapter(budget_year, data_dir, settings_file)\n",
            f"glue_all({NEW}.key_figures(ctx))"]},
        {"cell_type": "markdown", "id": "t03", "metadata": {}, "source": [
            "Jobcentrets opgaver udspringer af {glue:text}`law_count` love."]},
        {"cell_type": "code", "execution_count": None, "id": "t04", "metadata": {}, "outputs": [],
         "source": [f"show({NEW}.text_laws(ctx))"]},
    ],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                 "language_info": {"name": "python"}},
    "nbformat": 4, "nbformat_minor": 5,
}

MODULE = f'''"""The laws chapter: the laws the jobcenter's tasks come from, as the documents name them."""

from __future__ import annotations

from jobbook.analysis.context import ChapterContext
from jobbook.present import fmt
from jobbook.present.prose import Bullets, Prose


def key_figures(ctx: ChapterContext) -> dict[str, str]:
    """The number of laws, in Danish."""
    return {{"law_count": fmt.number(len(ctx.ds["{NEW_TABLE}"]))}}


def text_laws(ctx: ChapterContext) -> Prose | None:
    """The laws by name (None when the data name none)."""
    laws = ctx.ds["{NEW_TABLE}"]
    return Prose(Bullets(*sorted(laws["law_name_da"]))) if not laws.empty else None
'''

ENTRY = (f'[[parts.chapters]]\ntemplate = "{NEW}"\nruns = "edition"\npage = "book/temaer/{NEW}"\n'
         f'reads = ["{NEW_TABLE}"]\nneeds = ["{NEW_TABLE}"]\nyears = "all"\n\n')

def add_chapter(project: Path, reads: str = NEW_TABLE) -> None:
    """The three things chapters.toml names: the template, the analysis module, one entry (before the last part)."""
    (project / "notebooks" / f"{NEW}.ipynb").write_text(json.dumps(TEMPLATE, indent=1, ensure_ascii=False) + "\n",
                                                        encoding="utf-8")
    (project / "src" / "jobbook" / "analysis" / f"{NEW}.py").write_text(MODULE, encoding="utf-8")
    registry = project / "chapters.toml"
    text = registry.read_text(encoding="utf-8")
    last_part = text.rindex("[[parts]]")
    entry = ENTRY.replace(f'reads = ["{NEW_TABLE}"]\nneeds = ["{NEW_TABLE}"]', f'reads = ["{reads}"]') \
        if reads != NEW_TABLE else ENTRY
    registry.write_text(text[:last_part] + entry + text[last_part:], encoding="utf-8")


def run_tests(project: Path, *arguments: str) -> subprocess.CompletedProcess:
    """pytest in the copy, importing the copy's package."""
    env = {**os.environ, "PYTHONPATH": str(project / "src")}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not slow",
                           "-rA", *arguments], cwd=project, env=env, capture_output=True, text=True, timeout=900)


#: What a clone does not have (.gitignore): build output, environments and caches.
NOT_IN_A_CLONE = shutil.ignore_patterns(".git", ".venv", "_build", "node_modules", "__pycache__", "*.pyc", "*.mo",
                                        "*.egg-info", ".pytest_cache", ".ruff_cache", ".ipynb_checkpoints")


@pytest.fixture
def project(tmp_path) -> Path:
    """The project as a maintainer's clone has it (no build output); its settings keep the source documents."""
    project = tmp_path / "project"
    shutil.copytree(REPO_ROOT, project, ignore=NOT_IN_A_CLONE)
    for generated in GENERATED:
        shutil.rmtree(project / "book" / generated, ignore_errors=True)
        shutil.rmtree(project / "book" / "_static" / generated, ignore_errors=True)
    copy_project(REPO_ROOT, tmp_path / "sources")  # the settings as a copy needs them (sources_dir kept)
    shutil.copy2(tmp_path / "sources" / "jobbook.toml", project / "jobbook.toml")
    return project


@pytest.mark.slow
def test_a_new_theme_is_a_template_a_module_and_one_entry(project):
    add_chapter(project)
    result = run_tests(project)  # the whole fast suite (the drill itself is slow, so it does not copy again)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    said = result.stdout
    # the new theme is checked like the others, without a test naming it
    assert f"PASSED tests/build/test_cache.py::test_chapters_read_only_the_tables_the_registry_lists[{NEW} 2026]" \
        in said, said[-3000:]
    assert f"test_template_is_stored_without_outputs[{NEW}.ipynb]" in said
    check = subprocess.run([sys.executable, "-c", (
        "from pathlib import Path; from jobbook.build.registry import load_registry; "
        "r = load_registry(Path('.')); year = next(c for c in r.notebooks if c.links_to_themes); "
        f"print('{NEW_TABLE}' in year.reads, 'file: book/temaer/{NEW}' in r.toc_text())")],
        cwd=project, env={**os.environ, "PYTHONPATH": str(project / "src")}, capture_output=True, text=True)
    assert check.stdout.split() == ["True", "True"], check.stderr  # the year pages read it, the toc has it


@pytest.mark.slow
def test_a_new_theme_whose_entry_misses_a_table_fails_the_fast_check(project):
    """The same theme with `reads` that do not name the table it reads: the fast tests say which table."""
    add_chapter(project, reads="sources")
    result = run_tests(project, "tests/build/test_cache.py", "-k", "read_only")
    assert result.returncode == 1, result.stdout[-3000:]
    assert f"{NEW} 2026 reads {NEW_TABLE}, which its entry in chapters.toml does not list" in result.stdout
