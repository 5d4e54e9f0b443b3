"""The built site: one page per year, glued figures, no outside requests, safe failures."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import page_text, run_jobbook
from jobbook.build.registry import load_registry
from jobbook.data.dataset import load_dataset
from shipped_cells import finding

pytestmark = pytest.mark.slow


def site(project: Path) -> Path:
    return project / "_build" / "html"


def tree_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def glued(notebook: Path) -> dict[str, str]:
    """The text values glued in an executed notebook (myst-nb's scrapbook metadata)."""
    values = {}
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            scrap = output.get("metadata", {}).get("scrapbook", {})
            if scrap.get("name"):
                values[scrap["name"]] = output["data"][scrap["mime_prefix"] + "text/plain"].strip("'")
    return values


def test_one_page_per_budget_year_and_every_theme(built_book, settings):
    years = load_dataset(built_book / "data", settings).budget_years()
    assert years == [2020, 2021, 2022, 2023, 2024, 2026]
    html = site(built_book)
    assert (html / "index.html").is_file()
    for year in years:
        assert (html / "book" / "budgetaar" / f"{year}.html").is_file(), year
    for chapter in load_registry(built_book).notebooks:
        if chapter.runs == "edition":
            assert (html / f"{chapter.page}.html").is_file(), chapter.page
    assert (html / "book" / "generated" / "dataordbog.html").is_file()
    assert (html / "book" / "generated" / "kilder.html").is_file()
    edition = page_text(html / "book" / "generated" / "nyt.html")
    assert "Nyt i denne udgave" in edition and "Budgetnotat nr. 19" in edition
    assert 'href="generated/nyt.html"' in (html / "book" / "index.html").read_text(encoding="utf-8")


def test_every_page_s_footer_has_the_licence_and_a_suggested_citation(built_book):
    for page in (site(built_book) / "book").rglob("*.html"):
        footer = page_text(page)
        assert "CC BY 4.0" in footer and "Citér som: Analysebogen om beskæftigelsesområdet: " in footer, page
    index = (site(built_book) / "book" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://creativecommons.org/licenses/by/4.0/deed.da" rel="license"' in index


def test_the_site_publishes_the_data_files_it_was_built_from_and_its_record_lists_them(built_book):
    from jobbook.build.layout import BookLayout
    from jobbook.build.publish import read_state

    data = sorted((built_book / "data").glob("*.csv"))
    assert data
    state = read_state(BookLayout(built_book, built_book / "jobbook.toml"))
    dictionary = (site(built_book) / "book" / "generated" / "dataordbog.html").read_text(encoding="utf-8")
    for path in data:
        published = site(built_book) / "data" / path.name
        assert published.read_bytes() == path.read_bytes(), path.name
        assert state["files"][f"data/{path.name}"] == hashlib.sha256(path.read_bytes()).hexdigest()
        assert f'href="../../data/{path.name}"' in dictionary, path.name
    assert 'href="generated/dataordbog.html"' in (site(built_book) / "book" / "om-bogen.html").read_text(
        encoding="utf-8")


def test_the_site_has_the_book_s_pages_and_no_others(built_book):
    """Pages outside the table of contents are built (the build report), so nothing else may slip in."""
    registry = load_registry(built_book)
    expected = {f"{registry.root}.html", "index.html", "book/byggerapport.html", "genindex.html", "search.html"}
    for chapter in registry.chapters:
        expected |= ({f"book/budgetaar/{y}.html" for y in (2020, 2021, 2022, 2023, 2024, 2026)}
                     if chapter.runs == "per_year" else {f"{chapter.page}.html"})
    pages = {p.relative_to(site(built_book)).as_posix() for p in site(built_book).rglob("*.html")
             if "_static" not in p.parts}
    assert pages == expected


def test_the_build_report_is_linked_from_om_bogen_not_listed_in_the_menu(built_book):
    front = (site(built_book) / "book" / "index.html").read_text(encoding="utf-8")
    nav = re.search(r'<nav class="[^"]*bd-docs-nav.*?</nav>', front, re.S).group(0)
    assert "byggerapport" not in nav and "ordliste.html" in nav
    assert 'href="byggerapport.html"' in (site(built_book) / "book" / "om-bogen.html").read_text(encoding="utf-8")


def test_each_year_run_glues_its_own_values(built_book):
    for notebook in sorted((built_book / "book" / "budgetaar").glob("*.ipynb")):
        values = glued(notebook)
        assert values["year"] == notebook.stem
        assert values["municipality"] == "Kalundborg Kommune"
        assert values["admin_hovedkonto"] == "6"


def test_executed_notebooks_hide_parameters_and_carry_no_timestamps(built_book):
    notebook = built_book / "book" / "budgetaar" / "2021.ipynb"
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    injected = [c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    assert injected and "remove-cell" in injected[0]["metadata"]["tags"]
    assert "papermill" not in nb["metadata"]
    assert not any("papermill" in c["metadata"] or "execution" in c["metadata"] for c in nb["cells"])


def test_year_page_shows_computed_figures(built_book):
    text = page_text(site(built_book) / "book" / "budgetaar" / "2021.html")
    assert "Budgetår 2021" in text
    assert "540,2 mio. kr. i 2021" in text
    assert "47,5 mio. kr. mere end året før (+9,6 %)" in text
    assert "540.225.000 kr." in text and "afrunding" in text



def headings(path: Path) -> list[str]:
    """The section headings of a page's article (not the theme's own, like "Indhold")."""
    article = re.search(r'<article class="bd-article".*?</article>', path.read_text(encoding="utf-8"), re.S).group(0)
    return [re.sub(r"<[^>]+>|#", "", h).strip() for h in re.findall(r"<h[23][^>]*>(.*?)</h[23]>", article, re.S)]


def test_a_year_with_few_facts_is_a_short_page_that_links_to_the_themes(built_book):
    page = site(built_book) / "book" / "budgetaar" / "2026.html"
    text = page_text(page)
    assert ("Kilderne har ikke et samlet nettobudget for området, budgettet pr. konto eller antallet af "
            "ydelsesmodtagere for 2026.") in text
    assert "ca. 23,1 mio. kr." in text and 'href="../temaer/reform.html"' in page.read_text(encoding="utf-8")
    assert headings(page) == ["Beskæftigelsesreformen", "Hvad dokumenterne siger om året", "Forbehold"]
    # The menu jumps from 2024 to 2026: the page says why.
    assert "Bogen har ingen side for 2025" in text and "springer menuen fra 2024 til 2026" in text
    # 2023's own document lists the jobcenter's tasks, and later documents measured periods that include 2023.
    assert headings(site(built_book) / "book" / "budgetaar" / "2023.html") == [
        "Jobcentrets opgaver", "Målt i og omkring året", "Hvad dokumenterne siger om året", "Forbehold"]


@pytest.mark.parametrize("year", [2020, 2021, 2022, 2023, 2024, 2026])
def test_no_year_page_has_a_section_of_no_data(built_book, year):
    """What a year lacks is said once, in the overview; no section says it again or contradicts it."""
    text = page_text(site(built_book) / "book" / "budgetaar" / f"{year}.html")
    assert text.count("Kilderne har ikke") <= 1
    for boilerplate in ("ingen total", "intet at afstemme", "ikke vises for året", "Hver figur og tabel har et link"):
        assert boilerplate not in text, boilerplate


def test_headline_figures_of_the_sources_are_shown(built_book):
    reform = page_text(site(built_book) / "book" / "temaer" / "reform.html")
    assert "ca. 23,1 mio. kr." in reform and "17,1 mio. kr." in reform and "6,0 mio. kr." in reform
    assert "2,73 mia. kr." in reform and "2,47 mia. kr." in reform
    bench = page_text(site(built_book) / "book" / "temaer" / "bdo.html")
    assert "indeks på 96 mod et gennemsnit på 100" in bench
    front = page_text(site(built_book) / "book" / "index.html")
    assert "ca. 23,1 mio. kr." in front and "indeks på 96" in front and "1.084.640.200 kr." in front


class AssetCollector(HTMLParser):
    """Every URL a page would load: scripts, stylesheets, fonts/icons, images, frames, media."""

    LOADING = {("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src"), ("video", "src"),
               ("audio", "src"), ("embed", "src"), ("object", "data"), ("input", "src")}

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for (t, attribute) in self.LOADING:
            if tag == t and attributes.get(attribute):
                self.urls.append(attributes[attribute])
        if tag == "link" and attributes.get("href") and attributes.get("rel") not in ("canonical", "next", "prev"):
            self.urls.append(attributes["href"])


def is_remote(url: str) -> bool:
    return bool(re.match(r"^(https?:)?//", url.strip(), re.IGNORECASE))


def test_no_page_loads_anything_from_another_host(built_book):
    root = site(built_book)
    pages = sorted(root.rglob("*.html"))
    assert len(pages) >= 14
    for page in pages:
        collector = AssetCollector()
        collector.feed(page.read_text(encoding="utf-8"))
        remote = [u for u in collector.urls if is_remote(u)]
        assert not remote, f"{page.relative_to(root)} loads {remote}"
    for css in root.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        assert not re.search(r"(url\(|@import)\s*['\"]?(https?:)?//", text), css


def test_chart_library_is_served_by_the_site(built_book):
    root = site(built_book)
    bundle = root / "_static" / "vendor" / "vega-bundle.js"
    assert bundle.is_file() and bundle.stat().st_size > 500_000
    assert bundle.read_text(encoding="utf-8").rstrip().endswith("})();")
    page = (root / "book" / "budgetaar" / "2021.html").read_text(encoding="utf-8")
    assert "vega-bundle.js" not in page and page.count("jobbook-charts.js") == 1  # it loads the bundle on request
    assert "thebe" not in page.lower()


def test_site_is_danish_with_search(built_book):
    root = site(built_book)
    assert '<html lang="da"' in (root / "book" / "index.html").read_text(encoding="utf-8")
    assert "sygedagpeng" in (root / "searchindex.js").read_text(encoding="utf-8")


def test_no_amount_ends_in_a_double_period(built_book):
    for page in site(built_book).rglob("book/**/*.html"):
        assert "kr.." not in page_text(page), page.name


def test_failing_notebook_fails_the_build_and_keeps_the_last_good_site(built_book, tmp_path):
    project = tmp_path / "broken"
    shutil.copytree(built_book, project, symlinks=True)
    before = tree_digest(site(project))
    template = project / "notebooks" / "opgaver.ipynb"
    nb = json.loads(template.read_text(encoding="utf-8"))
    nb["cells"].append({"cell_type": "code", "execution_count": None, "id": "broken", "metadata": {},
                        "outputs": [], "source": ['raise RuntimeError("bevidst fejl i testen")']})
    template.write_text(json.dumps(nb), encoding="utf-8")
    result = run_jobbook(project, "build", "--no-progress")
    assert result.returncode == 1
    assert "opgaver 2026 (template opgaver.ipynb): RuntimeError: bevidst fejl i testen" in result.stderr
    kept = project / "_build" / "failed" / "opgaver-2026.ipynb"
    assert "bevidst fejl i testen" in kept.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" not in result.stderr
    assert tree_digest(site(project)) == before


def test_bad_data_stops_the_build_before_anything_is_touched(built_book, tmp_path):
    project = tmp_path / "baddata"
    shutil.copytree(built_book, project, symlinks=True)
    before = tree_digest(site(project))
    recipients = project / "data" / "recipients.csv"
    recipients.write_text(recipients.read_text(encoding="utf-8").replace(",140,", ",1.140,", 1), encoding="utf-8")
    result = run_jobbook(project, "build", "--no-progress")
    assert result.returncode == 1
    assert finding("recipients.csv", 2, "persons") + " value '1.140'" in result.stderr
    assert "nothing was built" in result.stderr
    assert tree_digest(site(project)) == before


def test_the_table_of_contents_is_made_from_the_registry_and_needs_no_edit_for_years(built_book):
    """The committed _toc.yml is the registry's, and the build left it as it was: the per-year
    chapters are found by a glob, so a new year needs no edit."""
    from conftest import REPO_ROOT

    toc = (REPO_ROOT / "_toc.yml").read_text(encoding="utf-8")
    assert toc == load_registry(REPO_ROOT).toc_text()
    assert (built_book / "_toc.yml").read_text(encoding="utf-8") == toc
    assert "glob: book/budgetaar/*" in toc and "2021" not in toc


# Sentences readers found that said more than the sources, or told them to do what they cannot.
NOT_IN_THE_SOURCES = ("Landstallet dækker hele den offentlige sektor", "kapitlets parametre",
                      "Kilderne har 5 prognoser", "januar 2023–januar 2025", "ligger uden for kommunerne",
                      "Det er den pulje", "altså mindst", "Kilderne indeholder ingen beskrivelser af 2020",
                      "kan de skrives ind i tabellen", "efter statens refusion", "Revisionsfirmaet")


def test_no_page_says_more_than_the_sources(built_book):
    for page in sorted(site(built_book).rglob("*.html")):
        text = page_text(page)
        found = [phrase for phrase in NOT_IN_THE_SOURCES if phrase in text]
        assert not found, f"{page.relative_to(site(built_book))}: {found}"
    reform = page_text(site(built_book) / "book" / "temaer" / "reform.html")
    assert re.search(r"»\s*0,5 pct\.\s*«", reform) and "bogen læser det som procentpoint" in reform
    assert "det samme for alle kommuner" in reform
    front = page_text(site(built_book) / "book" / "index.html")
    assert "Tallet er det samme for alle kommuner" in front
