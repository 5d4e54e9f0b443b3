"""Figures and search in headless Chromium, with other hosts blocked.

Every figure offers its numbers as two CSV files (one for Danish Excel), its chart as PNG and SVG
made in the browser, and a link to itself; the search page finds a figure as printed ("23,1") and
shows snippets from the prose, not from tables. Files are downloaded as a reader downloads them
and read byte for byte. ``JOBBOOK_TEST_SITE=_build/html`` runs the tests against a site built
already instead of building a copy of the project.
"""

from __future__ import annotations

import csv
import io
import re
import struct
import urllib.parse
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from jobbook.outputs.browser import block_other_hosts, wait_for_charts
from jobbook.present import colours
from jobbook.present.csv_files import HEADER_SKIP_LINES, METADATA_LABELS
from jobbook.present.figures import title_unit
from jobbook.site.sphinxext import DanishNumbersSearch

pytestmark = [pytest.mark.slow, pytest.mark.browser]

SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_NS = "{http://www.w3.org/2000/svg}"
REFORM = "book/temaer/reform.html"


# --- the site -----------------------------------------------------------------------------------

@pytest.fixture
def context(browser, site_url):
    """A fresh browser context that may download and use the clipboard."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    yield context
    context.close()


def open_page(context, site_url, path):
    page = context.new_page()
    page.blocked = block_other_hosts(page, site_url)
    page.errors = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(site_url + path, wait_until="load")
    wait_for_charts(page)
    return page


class FigureParser(HTMLParser):
    """The figures of a built page: id, title, sources cited, download links and picture buttons."""

    def __init__(self):
        super().__init__()
        self.figures: list[dict] = []
        self.ids: list[str] = []
        self._figure = None
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"])
        if tag == "figure" and "jobbook-figure" in a.get("class", ""):
            self._figure = {"id": a.get("id"), "slug": a.get("data-jobbook-slug"), "title": "", "downloads": {},
                            "pictures": {}, "permalink": None, "sources": [], "chart": False}
            self.figures.append(self._figure)
        if self._figure is None:
            return
        if tag == "strong" and not self._figure["title"]:
            self._in_title = True
        if tag == "div" and "jobbook-chart" in a.get("class", ""):
            self._figure["chart"] = True
        if tag == "a" and "jobbook-download" in a.get("class", ""):
            self._figure["downloads"][a["data-format"]] = (a["download"], a["href"])
        if tag == "a" and "jobbook-permalink" in a.get("class", ""):
            self._figure["permalink"] = a["href"]
        if tag == "a" and "kilder.html#kilde-" in a.get("href", ""):
            self._figure["sources"].append("")
        if tag == "button" and "jobbook-image" in a.get("class", ""):
            self._figure["pictures"][a["data-format"]] = a["data-file"]

    def handle_data(self, data):
        if self._in_title:
            self._figure["title"] += data

    def handle_endtag(self, tag):
        if tag == "strong":
            self._in_title = False
        if tag == "figure":
            self._figure = None


@pytest.fixture(scope="module")
def figures_by_page(site_root) -> dict[str, FigureParser]:
    found = {}
    for path in sorted(site_root.rglob("*.html")):
        rel = path.relative_to(site_root).as_posix()
        if rel.startswith("_static/"):
            continue
        parser = FigureParser()
        parser.feed(path.read_text(encoding="utf-8"))
        if parser.figures:
            found[rel] = parser
    return found


def csv_rows(content: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.removeprefix("\ufeff"), newline=""), delimiter=delimiter))


# --- CSV files ----------------------------------------------------------------------------------

def test_every_figure_has_both_csv_files_with_readable_names_unique_on_its_page(figures_by_page):
    total = 0
    for page, parsed in figures_by_page.items():
        names = []
        for figure in parsed.figures:
            total += 1
            slug = figure["slug"]
            assert re.fullmatch(SLUG, slug) and not re.search(r"-[0-9a-f]{8}$", slug), (page, slug)
            assert figure["id"] == f"figur-{slug}", (page, figure["id"])
            assert figure["downloads"]["csv"][0] == f"{slug}.csv", page
            assert figure["downloads"]["csv-excel"][0] == f"{slug}-excel.csv", page
            names += [name for name, _ in figure["downloads"].values()] + list(figure["pictures"].values())
        assert len(names) == len(set(names)), (page, names)
        assert len(parsed.ids) == len(set(parsed.ids)), page
    assert total >= 20
    budget = figures_by_page["book/budgetaar/2021.html"].figures[0]
    assert budget["downloads"]["csv"][0] == "budget-2021-pr-konto.csv"
    assert budget["downloads"]["csv-excel"][0] == "budget-2021-pr-konto-excel.csv"


def test_csv_files_hold_title_unit_source_and_the_numbers_in_their_own_format(figures_by_page):
    decimal_comma = decimal_point = 0
    for page, parsed in figures_by_page.items():
        for figure in parsed.figures:
            where = (page, figure["id"])
            excel = urllib.parse.unquote(figure["downloads"]["csv-excel"][1].split(",", 1)[1])
            plain = urllib.parse.unquote(figure["downloads"]["csv"][1].split(",", 1)[1])
            assert excel.startswith("\ufeff# Titel:;") and "\r\n" in excel, where
            assert plain.startswith("# Titel:,") and "\ufeff" not in plain and "\r" not in plain, where
            for content, delimiter in ((excel, ";"), (plain, ",")):
                rows = csv_rows(content, delimiter)
                skip = HEADER_SKIP_LINES
                assert [row[0] for row in rows[:skip - 1]] == list(METADATA_LABELS), where
                # the file names the unit in its title; the page shows it on its own line under the title
                assert title_unit(rows[0][1])[0] == figure["title"], where
                assert rows[1][1], where  # a unit line, always
                assert rows[2][1].count("(") >= len(figure["sources"]) >= 1, where  # "Titel (udgiver, år)"
                assert rows[skip - 3][1].startswith("CC BY 4.0 (https://"), where  # the licence, from the settings
                assert "Beskæftigelsesområdets økonomi, figur »" in rows[skip - 2][1], where  # the suggested citation
                assert rows[skip - 1] == [] and len(rows[skip]) >= 2, where
                for row in rows[skip:]:
                    for cell in row:
                        assert not cell.startswith(("=", "+", "@")), (where, cell)
            excel_cells = [cell for row in csv_rows(excel, ";")[6:] for cell in row]
            plain_cells = [cell for row in csv_rows(plain, ",")[6:] for cell in row]
            assert len(excel_cells) == len(plain_cells), where
            for excel_cell, plain_cell in zip(excel_cells, plain_cells, strict=True):
                if re.fullmatch(r"-?\d+\.\d+", plain_cell):  # a decimal number
                    assert excel_cell == plain_cell.replace(".", ","), (where, excel_cell, plain_cell)
                    decimal_comma += 1
                    decimal_point += 1
    assert decimal_comma > 20 and decimal_point > 20


def test_csv_files_download_with_their_bytes_intact(context, site_url):
    page = open_page(context, site_url, "book/budgetaar/2021.html")
    figure = page.locator("figure.jobbook-figure").first
    with page.expect_download() as download:
        figure.locator("a[data-format=csv-excel]").click()
    excel = Path(download.value.path()).read_bytes()
    assert download.value.suggested_filename == "budget-2021-pr-konto-excel.csv"
    assert excel.startswith(b"\xef\xbb\xbf# Titel:;Budget 2021 pr. konto\r\n")
    text = excel.decode("utf-8")
    rows = csv_rows(text, ";")
    header = HEADER_SKIP_LINES  # the table's header follows the lines about the figure
    assert rows[header][:3] == ["Konto", "Navn", "Type"]
    assert rows[header + 1 + 3][:3] == ["5.57.71", "Sygedagpenge", "Forsørgelse (ydelser)"]
    assert re.fullmatch(r"-?\d+,\d", rows[header + 1][-1])  # "Ændring (%)" with a decimal comma
    with page.expect_download() as download:
        figure.locator("a[data-format=csv]").click()
    plain = Path(download.value.path()).read_bytes()
    assert download.value.suggested_filename == "budget-2021-pr-konto.csv"
    assert plain.startswith(b'# Titel:,Budget 2021 pr. konto\n')
    assert re.fullmatch(r"-?\d+\.\d", csv_rows(plain.decode("utf-8"), ",")[header + 1][-1])
    assert not page.blocked and not page.errors


# --- pictures -----------------------------------------------------------------------------------

def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_every_chart_saves_as_valid_png_and_svg_made_in_the_browser(context, site_url, figures_by_page):
    charts = 0
    for path, parsed in figures_by_page.items():
        if not any(f["chart"] for f in parsed.figures):
            continue
        page = open_page(context, site_url, path)
        for figure in parsed.figures:
            located = page.locator(f"#{figure['id']}")
            if not figure["chart"]:
                assert located.locator("button.jobbook-image").count() == 0
                continue
            charts += 1
            with page.expect_download() as download:
                located.locator("button[data-format=png]").click()
            assert download.value.suggested_filename == f"{figure['slug']}.png"
            width, height = png_size(Path(download.value.path()).read_bytes())
            assert width >= 400 and height >= 100, (path, figure["id"], width, height)
            with page.expect_download() as download:
                located.locator("button[data-format=svg]").click()
            assert download.value.suggested_filename == f"{figure['slug']}.svg"
            root = ET.fromstring(Path(download.value.path()).read_bytes())
            assert root.tag == f"{SVG_NS}svg", (path, figure["id"])
            assert float(root.get("width")) > 100, (path, figure["id"])
            assert root.findall(f".//{SVG_NS}path") + root.findall(f".//{SVG_NS}rect"), (path, figure["id"])
            texts = " ".join(t.text or "" for t in root.iter(f"{SVG_NS}text"))
            assert re.search(r"\d", texts), (path, figure["id"])  # axis labels came along
            # The caption came along too: the title above the chart, the source below it.
            lines = [t.text or "" for t in root.findall(f"{SVG_NS}text")]  # the frame's own lines
            assert " ".join(lines).startswith(figure["title"]), (path, figure["id"], lines)
            # (the what-if's numbers are the book's calculation: "Bogens beregning på grundlag af" its source)
            assert any(line.startswith(("Kilde:", "Bogens beregning på grundlag af")) for line in lines), \
                (path, figure["id"], lines)
            assert "licensen CC BY 4.0, når kilden nævnes." in " ".join(lines), (path, figure["id"], lines)
            # In the colours of their roles, read by jobbook.js from the custom properties the build wrote.
            fills = {t.get("fill") for t in root.findall(f"{SVG_NS}text")}
            assert fills == {colours.colour("title"), colours.colour("muted")}, (path, figure["id"], fills)
            assert root.find(f"{SVG_NS}rect").get("fill") == colours.colour("background"), (path, figure["id"])
        assert not page.blocked, (path, page.blocked)  # made here: nothing was fetched from another host
        assert not page.errors, (path, page.errors)
        page.close()
    assert charts >= 14


def test_pictures_are_made_without_the_chart_library(context, site_url):
    """The chart is in the page as SVG drawn at build time: its pictures need no chart library."""
    page = context.new_page()
    block_other_hosts(page, site_url)
    asked = []
    page.route("**/vendor/vega-bundle.js*", lambda route: (asked.append(route.request.url), route.abort()))
    page.goto(site_url + REFORM, wait_until="load")
    buttons = page.locator("button.jobbook-image")
    assert buttons.count() >= 4
    assert all(b.is_visible() for b in buttons.all())
    figure = page.locator("figure.jobbook-figure").nth(1)
    with page.expect_download() as download:
        figure.locator("button[data-format=png]").click()
    width, height = png_size(Path(download.value.path()).read_bytes())
    assert width >= 400 and height >= 100
    assert not asked  # nothing asked for the library
    assert page.locator("a.jobbook-download").first.is_visible()


# --- links to figures ---------------------------------------------------------------------------

def test_every_figure_links_to_its_own_anchor(figures_by_page):
    for page, parsed in figures_by_page.items():
        for figure in parsed.figures:
            assert figure["permalink"] == f"#{figure['id']}", (page, figure)


def test_the_link_control_copies_and_shows_the_address_with_the_anchor(context, site_url):
    page = open_page(context, site_url, REFORM)
    figure = page.locator("figure.jobbook-figure").nth(1)
    anchor = figure.get_attribute("id")
    expected = site_url + REFORM + "#" + anchor
    figure.locator("a.jobbook-permalink").click()
    status = figure.locator(".jobbook-link-status")
    status.filter(has_text=expected).wait_for(timeout=5000)
    assert page.url == expected
    assert status.text_content() == "Linket er kopieret: " + expected
    assert page.evaluate("navigator.clipboard.readText()") == expected
    assert abs(figure.bounding_box()["y"] - 64) < 20  # at the top, below the sticky header
    assert not page.blocked and not page.errors


def test_opening_a_figure_link_scrolls_to_the_figure_after_the_charts_are_drawn(context, site_url, figures_by_page):
    checked = 0
    for path in ("book/budgetaar/2021.html", "book/temaer/udvikling.html", REFORM):
        for figure in figures_by_page[path].figures[1:]:  # charts above them change the page's height
            page = open_page(context, site_url, f"{path}#{figure['id']}")
            page.wait_for_timeout(150)
            state = page.evaluate("""(id) => {
              const el = document.getElementById(id);
              const box = el.getBoundingClientRect();
              const atTop = document.elementFromPoint(box.left + 20, Math.max(box.top, 0) + 8);
              return {top: box.top, bottom: document.documentElement.scrollHeight - scrollY - innerHeight,
                      covered: !el.contains(atTop)};
            }""", figure["id"])
            # At the top (the theme keeps 4rem for the sticky header), unless the page ends before that.
            assert 40 <= state["top"] <= 90 or state["bottom"] < 2, (path, figure["id"], state)
            assert not state["covered"], (path, figure["id"], state)
            page.close()
            checked += 1
    assert checked >= 8


# --- search -------------------------------------------------------------------------------------

def search(context, site_url, query: str):
    page = context.new_page()
    page.blocked = block_other_hosts(page, site_url)
    page.goto(site_url + "search.html?q=" + urllib.parse.quote(query), wait_until="load")
    page.wait_for_function("() => (document.querySelector('#search-results .search-summary') || {}).textContent",
                           timeout=30000)
    items = page.locator("#search-results ul.search li")
    # A snippet arrives after its page has been fetched.
    page.wait_for_function("n => document.querySelectorAll('#search-results ul.search li p.context').length >= n",
                           arg=items.count(), timeout=30000)
    results = [{"title": li.locator("a").first.text_content(), "href": li.locator("a").first.get_attribute("href"),
                "snippet": li.locator("p.context").text_content()} for li in items.all()]
    return page, results


def test_search_for_a_figure_as_printed_finds_its_pages(context, site_url):
    page, results = search(context, site_url, "23,1")
    pages = {r["href"].split("#")[0].split("?")[0] for r in results}
    assert "book/temaer/reform.html" in pages and "book/index.html" in pages, results
    for result in results:
        assert "23,1 mio. kr." in result["snippet"].replace("\u00a0", " "), result
    assert page.locator("#search-results span.highlighted", has_text="23,1").count() >= 2
    assert not page.blocked
    _, results = search(context, site_url, "1.084.640.200")
    assert "book/budgetaar/2024.html" in {r["href"].split("?")[0] for r in results}, results
    # A konto code, also where it stands only in a table's cell or a list (the cells' texts had run
    # together in the index: "1.3995.57.73").
    for code, year_page in (("5.57.73", "book/budgetaar/2020.html"), ("5.48.65", "book/budgetaar/2022.html")):
        _, results = search(context, site_url, code)
        assert year_page in {r["href"].split("?")[0].split("#")[0] for r in results}, (code, results)


def test_search_snippets_come_from_prose_not_from_tables_or_downloads(context, site_root, site_url):
    page, results = search(context, site_url, "sygedagpenge")
    assert len(results) >= 5 and any("Budgetår" in r["title"] for r in results)
    table_numbers = 0
    for result in results:
        snippet = result["snippet"].replace("\u00a0", " ")
        assert "sygedagpenge" in snippet.lower(), result
        html = (site_root / result["href"].split("?")[0].split("#")[0]).read_text(encoding="utf-8")
        article = html[html.index("<article"):html.index("</article>")]
        prose = re.sub(r"<(figure|table|details)\b.*?</\1>", " ", article, flags=re.DOTALL)
        if "sygedagpenge" not in re.sub(r"<[^>]+>", " ", prose).lower():
            continue  # the word is only in the page's tables: a snippet from them is all there is
        cells = {re.sub(r"\s+", " ", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", html, re.DOTALL)}
        # Numbers of the page's tables ("69.321", "+2,5 %"), not years: a snippet holding them is a table dump.
        numbers = [c for c in cells if re.fullmatch(r"[−+-]?\d[\d.,]*\d(\s%)?", c) and not re.fullmatch(r"\d{4}", c)]
        table_numbers += len(numbers)
        assert not [c for c in numbers if re.search(rf"(?<![\d.,]){re.escape(c)}(?![\d,]|\.\d)", snippet)], (
            result["title"], snippet)
        for boilerplate in ("Tal til Excel", "Vis tallene bag figuren", "Link til figuren", "Indhold"):
            assert boilerplate not in snippet, (result["title"], snippet)
    assert table_numbers > 30  # the pages found do have tables full of numbers
    assert not page.blocked


def test_search_page_splits_queries_as_the_index_does(context, site_url):
    page, _ = search(context, site_url, "sygedagpenge")
    samples = ["ca. 23,1 mio. kr. om året", "1.084.640.200 kr. i 2024.", "konto 5.57.71 Sygedagpenge",
               "i 2021, 2022 og 2023.", "8. marts 2020–18. oktober 2020", "−2,7 % og +10,1 %", "15–29-årige",
               "Beskæftigelsesområdets økonomi", "snake_case og 3.5.", ""]
    python = DanishNumbersSearch({})
    for sample in samples:
        assert page.evaluate("q => splitQuery(q)", sample) == python.split(sample), sample
    assert page.evaluate("() => Search.jobbookSnippets === true")
