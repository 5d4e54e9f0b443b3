"""A new municipality's book: from `jobbook init` to a built site with only the chapters its data fill."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO_ROOT, page_text, site_pages
from jobbook.build.layout import BookLayout
from jobbook.build.publish import remove_stale_pages
from jobbook.build.registry import RegistryError, load_registry
from jobbook.site.sphinxext import drop_lines_about_missing_chapters, without_empty_sections

ACCOUNTS = """Budget 2027, drift på beskæftigelsesområdet

DRIFT (1.000 kr.)
Funktion                                              Budget 2026   Budget 2027
05.57.71 Sygedagpenge                                      88.410        91.200
05.57.73 Kontant- og uddannelses-
hjælp                                                     120.030       117.640
05.68.90 Driftsudgifter til den kommunale
beskæftigelsesindsats                                      44.125        45.310
06.45.53 Administration vedrørende jobcentre               37.900        38.455
I alt                                                     290.465       292.605
"""


def test_the_shipped_registry_names_what_the_shipped_themes_need():
    registry = load_registry(REPO_ROOT)
    needs = {c.template: c.needs for c in registry.notebooks}
    assert needs["budgetaar"] == ()  # a year page is there for every year with rows
    assert {name: needs[name] for name in ("udvikling", "bdo", "reform", "opgaver")} == {
        "udvikling": ("indicators", "net_budgets", "recipients"), "bdo": ("bdo_benchmark",),
        "reform": ("reform_figures",), "opgaver": ("jobcenter_tasks",)}
    every_table = {name for c in registry.notebooks for name in c.reads}
    assert registry.with_rows(every_table) == registry  # a book with every table filled keeps every chapter


def test_a_chapter_without_rows_in_what_it_needs_leaves_the_toc_and_an_empty_part_goes_with_it():
    full = load_registry(REPO_ROOT)
    registry = full.with_rows({"budget_by_account", "reform_figures"})
    kept = [c.template for c in registry.notebooks]
    assert kept == [c.template for c in full.notebooks if not c.needs or {"budget_by_account", "reform_figures"}
                    & set(c.needs)]
    assert kept[:1] == ["budgetaar"] and "reform" in kept and not {"udvikling", "bdo", "opgaver"} & set(kept)
    toc = registry.toc_text()
    assert "book/temaer/reform" in toc and "bdo" not in toc and "udvikling" not in toc
    bare = load_registry(REPO_ROOT).with_rows({"budget_by_account"})
    assert [p.caption for p in bare.parts] == ["Budgetår", "Om bogen"]  # no "Temaer" without a theme


def test_needs_must_name_tables_the_chapter_reads(tmp_path):
    shutil.copytree(REPO_ROOT / "notebooks", tmp_path / "notebooks")
    (tmp_path / "chapters.toml").write_text(
        'root = "book/index"\n[[parts]]\ncaption = "A"\n[[parts.chapters]]\ntemplate = "reform"\nruns = "edition"\n'
        'page = "book/temaer/reform"\nreads = ["reform_figures"]\nneeds = ["laws"]\n', encoding="utf-8")
    with pytest.raises(RegistryError, match="'needs' must list tables the chapter reads"):
        load_registry(tmp_path)


class App:
    class env:  # noqa: N801 - stands in for Sphinx's app.env
        found_docs = {"book/index", "book/temaer/udvikling", "book/budgetaar/2027"}


def test_lines_that_paste_from_or_link_to_a_missing_chapter_are_dropped_with_a_heading_left_empty():
    source = ["# Bogen\n\nOm {glue:text}`temaer/udvikling.ipynb::municipality:s`.\n\n## Nøgletal\n\n"
              "- Reformen: {glue:text}`temaer/reform.ipynb::gross:s` [Læs mere](temaer/reform.ipynb).\n"
              "- BDO: [Læs om sammenligningen](temaer/bdo.ipynb#figur-indeks).\n\n## Sådan er bogen bygget op\n\n"
              "- [Året](budgetaar/2027.ipynb)\n"]
    drop_lines_about_missing_chapters(App, "book/index", source)
    assert source[0] == ("# Bogen\n\nOm {glue:text}`temaer/udvikling.ipynb::municipality:s`.\n\n\n\n"
                         "## Sådan er bogen bygget op\n\n- [Året](budgetaar/2027.ipynb)\n")
    unchanged = ["# Bogen\n\nOm {glue:text}`temaer/udvikling.ipynb::municipality:s`.\n"]
    drop_lines_about_missing_chapters(App, "book/index", unchanged)
    assert unchanged == ["# Bogen\n\nOm {glue:text}`temaer/udvikling.ipynb::municipality:s`.\n"]
    assert without_empty_sections(["# A\n", "\n", "## B\n", "\n", "## C\n", "text\n"]) == \
        ["# A\n", "\n", "\n", "## C\n", "text\n"]


def test_a_chapter_left_out_loses_its_executed_page(tmp_path):
    layout = BookLayout(tmp_path)
    (tmp_path / "book" / "temaer").mkdir(parents=True)
    (tmp_path / "book" / "budgetaar").mkdir()
    stale = tmp_path / "book" / "temaer" / "bdo.ipynb"
    stale.write_text("{}", encoding="utf-8")
    year = tmp_path / "book" / "budgetaar" / "2027.ipynb"
    year.write_text("{}", encoding="utf-8")
    remove_stale_pages(layout, [year], [tmp_path / "book" / "temaer", year.parent])
    assert year.exists() and not stale.exists()


def jobbook(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "jobbook.cli", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=1200)


@pytest.mark.slow
def test_a_new_municipality_from_init_to_a_built_site(tmp_path):
    book = tmp_path / "odder"
    made = jobbook("init", str(book), "--municipality", "Odder Kommune", "--geography-code", "727", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    for name in ("chapters.toml", "_config.yml", "notebooks", "book"):
        assert (book / name).exists(), name  # the project's templates, the book's own copy
    table = tmp_path / "drift.txt"
    table.write_text(ACCOUNTS, encoding="utf-8")
    settings = ["--settings", str(book / "jobbook.toml")]
    imported = jobbook(*settings, "import-budget", str(table), "--source", "budget-2027", cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    built = jobbook(*settings, "build", "--no-progress", cwd=tmp_path)
    assert built.returncode == 0, built.stdout + built.stderr
    site = book / "_build" / "html"  # beside the book's settings
    assert site_pages(site) == ["book/budgetaar/2026.html", "book/budgetaar/2027.html", "book/byggerapport.html",
                                "book/generated/dataordbog.html", "book/generated/kilder.html",
                                "book/generated/nyt.html", "book/index.html",
                                "book/om-bogen.html", "book/ordliste.html", "genindex.html",
                                "index.html",  # the front page again, at the site's root
                                "search.html"]
    assert "temaer" not in (book / "_toc.yml").read_text(encoding="utf-8")
    year = page_text(site / "book" / "budgetaar" / "2027.html")
    assert "Sygedagpenge" in year and "Odder Kommune" in year and "91.200" in year
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "kalundborg" not in text.lower(), page
        for href in re.findall(r'href="([^"#:?]+\.html)', text):
            assert (page.parent / href).resolve().is_file(), (page, href)
