"""The chapter registry: chapters.toml is read and checked, and a new chapter needs only its entry."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import REPO_ROOT, copy_project, page_text, run_jobbook
from jobbook.build.registry import RegistryError, load_registry


def test_the_shipped_registry_has_year_pages_and_themes():
    """What the book's shape relies on, whatever chapters are added: the budget years' pages link to the
    themes, and each template appears once."""
    registry = load_registry(REPO_ROOT)
    assert registry.chapter("budgetaar").runs == "per_year" and registry.chapter("budgetaar").links_to_themes
    assert registry.chapter("budgetaar").page_for(2021) == "book/budgetaar/2021"
    assert registry.themes and all(theme.runs == "edition" for theme in registry.themes)
    templates = [c.template for c in registry.notebooks]
    assert len(templates) == len(set(templates))


def test_the_table_of_contents_follows_the_registry():
    registry = load_registry(REPO_ROOT)
    toc = registry.toc_text()
    assert toc.splitlines()[1:4] == ["format: jb-book", "root: book/index", "parts:"]
    assert "      - glob: book/budgetaar/*" in toc
    assert [line.strip() for line in toc.splitlines() if line.strip().startswith("- caption:")] == [
        f"- caption: {part.caption}" for part in registry.parts]
    positions = [toc.index(f": {chapter.toc_entry().popitem()[1]}\n") for chapter in registry.chapters]
    assert positions == sorted(positions)  # in the registry's order


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "project"
    for name in ("notebooks", "book"):
        shutil.copytree(REPO_ROOT / name, root / name, ignore=shutil.ignore_patterns("budgetaar", "temaer"))
    return root


def write_registry(root, chapter: str) -> None:
    text = f'root = "book/index"\n[[parts]]\ncaption = "A"\n[[parts.chapters]]\n{chapter}\n'
    (root / "chapters.toml").write_text(text, encoding="utf-8")


@pytest.mark.parametrize(("entry", "message"), [
    ('template = "nope"\nruns = "edition"\npage = "book/x"\nreads = ["sources"]',
     "notebooks/nope.ipynb does not exist"),
    ('template = "opgaver"\nruns = "weekly"\npage = "book/x"\nreads = ["sources"]', "'runs' must be one of"),
    ('template = "opgaver"\nruns = "edition"\npage = "book/x"\nreads = ["nope"]', "unknown tables nope"),
    ('template = "budgetaar"\nruns = "per_year"\npage = "book/x"\nreads = ["sources"]', "has {year}"),
    ('template = "opgaver"\nruns = "edition"\npage = "book/x"', "'reads' must list"),
    ('template = "opgaver"\nruns = "edition"\npage = "book/x"\nreads = ["sources"]\ncolour = "red"',
     "unknown key(s) colour"),
    ('page = "book/nowhere"', "book/nowhere.md does not exist"),
    ('template = "opgaver"\nruns = "edition"\npage = "book/x"\nreads = ["sources"]\nlinks_to_themes = true',
     "a theme (runs = \"edition\") cannot link to the themes"),
    ('template = "budgetaar"\nruns = "per_year"\npage = "book/x/{year}"\nreads = ["sources"]\nlinks_to_themes = 1',
     "'links_to_themes' must be true or false"),
])
def test_a_wrong_entry_is_named(project, entry, message):
    write_registry(project, entry)
    with pytest.raises(RegistryError, match="entry 1") as raised:
        load_registry(project)
    assert message in str(raised.value)


def test_an_unreadable_registry_says_so(project):
    (project / "chapters.toml").write_text("root = [", encoding="utf-8")
    with pytest.raises(RegistryError, match="not valid TOML"):
        load_registry(project)


@pytest.mark.slow
def test_a_new_chapter_is_a_template_and_a_registry_entry(tmp_path):
    """Added in a copy of the project: the build runs it, and it is in the table of contents."""
    project = copy_project(tmp_path)
    template = json.loads((project / "notebooks" / "opgaver.ipynb").read_text(encoding="utf-8"))
    template["cells"][0]["source"] = ["# Et ekstra kapitel"]
    (project / "notebooks" / "ekstra.ipynb").write_text(json.dumps(template), encoding="utf-8")
    registry = (project / "chapters.toml").read_text(encoding="utf-8")
    entry = ('[[parts.chapters]]\ntemplate = "ekstra"\nruns = "edition"\npage = "book/temaer/ekstra"\n'
             'reads = ["jobcenter_tasks", "laws", "reform_figures", "sources"]\n\n')
    registry = registry.replace('[[parts]]\ncaption = "Om bogen"', entry + '[[parts]]\ncaption = "Om bogen"')
    (project / "chapters.toml").write_text(registry, encoding="utf-8")
    result = run_jobbook(project, "build", "--no-progress")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Et ekstra kapitel" in page_text(project / "_build" / "html" / "book" / "temaer" / "ekstra.html")
    assert "file: book/temaer/ekstra" in (project / "_toc.yml").read_text(encoding="utf-8")
    assert "temaer/ekstra.html" in (project / "_build" / "html" / "book" / "index.html").read_text(encoding="utf-8")
