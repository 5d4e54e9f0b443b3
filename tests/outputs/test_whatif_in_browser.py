"""The reform page's what-if in headless Chromium, offline, at a phone's and a desktop's width: it
draws with the source's figure first and the book's case marked as the book's, the sliders move the
sentences by pointer and keyboard, the values are read out in Danish, nothing is wider than the
screen, nothing is requested from another host; the caption, the table and both CSV files follow
the reader's settings, the address keeps them and a shared link opens them again."""

from __future__ import annotations

import urllib.parse

import pytest

from conftest import chapter
from jobbook.analysis import reform
from jobbook.outputs.browser import block_other_hosts, wait_for_charts
from jobbook.present.csv_files import EXCEL_DA, PLAIN
from jobbook.present.whatif import HEADER_LINES, HEADER_MARK, RISE, SHARE, settings_text

pytestmark = [pytest.mark.slow, pytest.mark.browser]

NBSP = "\u00a0"
PAGE = "book/temaer/reform.html"
# The sentences of the drawing shown (before the chart library has come, the page holds two drawings
# made at build time, one of them display: none).
HEADER_JS = (f"() => Array.from({{length: {HEADER_LINES}}}, (_, i) => Array.from(document.querySelectorAll("
             f"'g.{HEADER_MARK}' + i + '_marks text tspan, g.{HEADER_MARK}' + i + '_marks text:not(:has(tspan))'))"
             ".filter(t => t.getClientRects().length > 0).map(t => t.textContent).join(' '))")
CSV_JS = ("(format) => decodeURIComponent(document.querySelector("
          "`.jobbook-whatif ~ .jobbook-downloads a[data-format=\"${format}\"]`).getAttribute('href')"
          ".replace(/^data:text\\/csv;charset=utf-8,/, ''))")


def open_reform(browser, site_url, width: int, query: str = ""):
    context = browser.new_context(viewport={"width": width, "height": 900}, has_touch=width < 500)
    page = context.new_page()
    page.requested = []
    page.on("request", lambda request: page.requested.append(request.url))
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    blocked = block_other_hosts(page, site_url)
    page.goto(site_url + PAGE + query, wait_until="load")
    wait_for_charts(page)
    page.wait_for_selector(".jobbook-whatif .whatif-value")
    return context, page, errors, blocked


def set_slider(page, name: str, value: float) -> None:
    page.evaluate("([n, v]) => {const i = document.querySelector(`.jobbook-whatif input[name=\"${n}\"]`);"
                  "i.value = v; i.dispatchEvent(new Event('input', {bubbles: true}));}", [name, value])


def wait_for_sentence(page, index: int, text: str) -> None:
    page.wait_for_function(f"(t) => ({HEADER_JS})()[{index}] === t", arg=text, timeout=5000)


def expected_csv(shipped, rise: float, share: float) -> dict[str, str]:
    """Both CSV files as the book writes them in Python for these settings."""
    figure = reform.figure_whatif(chapter(shipped, 2026, scenario_rise_pct_point=rise, local_share_pct=share))
    return {"csv": figure.csv_download(PLAIN), "csv-excel": figure.csv_download(EXCEL_DA)}


@pytest.mark.parametrize("width", [390, 1366])
def test_the_reader_can_try_other_assumptions(browser, site_url, width):
    context, page, errors, blocked = open_reform(browser, site_url, width)
    try:
        header = page.evaluate(HEADER_JS)
        assert header[0] == (f"Kilden: 0,5 pct. højere strukturel ledighed koster ca. 6,0{NBSP}mia.{NBSP}kr. "
                             "på landsplan")
        assert header[1] == f"Bogens regneeksempel: hvis kommunen bar 0,94{NBSP}% af landsudgiften,"
        assert header[2] == f"ville en stigning på 0,50{NBSP}procentpoint koste den 56,1{NBSP}mio.{NBSP}kr."
        assert header[3] == f"Besparelse og udgift er lige store ved 0,21{NBSP}procentpoint"
        sizes = page.evaluate("""() => ({doc: document.documentElement.scrollWidth, vw: innerWidth,
            figure: document.querySelector('.jobbook-whatif').getBoundingClientRect().right,
            chart: document.querySelector('.jobbook-whatif .jobbook-chart').getBoundingClientRect().right,
            text: Math.max(...Array.from(document.querySelectorAll('.jobbook-whatif svg text'))
                                .filter(t => t.getClientRects().length > 0).map(t => t.getBoundingClientRect().right)),
            controls: document.querySelector('.jobbook-whatif .vega-bindings').getBoundingClientRect().right})""")
        assert sizes["doc"] <= sizes["vw"] and sizes["figure"] <= sizes["vw"] and sizes["controls"] <= sizes["vw"]
        assert sizes["text"] <= sizes["chart"] + 1  # no sentence runs out of the chart

        names = page.evaluate("() => Array.from(document.querySelectorAll('.jobbook-whatif input[type=range]'))"
                              ".map(i => i.closest('label').querySelector('.vega-bind-name').textContent)")
        assert names == ["Stigning i strukturel ledighed (procentpoint)", "Kommunens andel af landsudgiften (%)"]
        assert page.get_attribute(f'input[name="{SHARE}"]', "aria-valuetext") == f"0,94{NBSP}%"

        # Drawn at build time, with the sliders as plain inputs: the chart library comes with the first move.
        assert page.locator(".jobbook-whatif .jobbook-static-controls").count() == 1
        assert not [url for url in page.requested if "vega-bundle" in url]
        set_slider(page, RISE, 0.25)
        wait_for_sentence(page, 2, f"ville en stigning på 0,25{NBSP}procentpoint koste den 28,1{NBSP}mio.{NBSP}kr.")
        assert page.locator(".jobbook-whatif .jobbook-static-controls").count() == 0
        assert [url for url in page.requested if "vega-bundle" in url]
        assert page.evaluate(HEADER_JS)[3].endswith(f"0,21{NBSP}procentpoint")  # the break-even keeps
        assert page.text_content(f'input[name="{RISE}"] ~ .whatif-value') == f"0,25{NBSP}procentpoint"

        page.focus(f'input[name="{RISE}"]')
        page.keyboard.press("ArrowRight")
        wait_for_sentence(page, 2, f"ville en stigning på 0,30{NBSP}procentpoint koste den 33,7{NBSP}mio.{NBSP}kr.")
        assert page.get_attribute(f'input[name="{RISE}"]', "aria-valuetext") == f"0,30{NBSP}procentpoint"

        set_slider(page, SHARE, 2)  # a share other than the municipality's: the break-even moves
        wait_for_sentence(page, 3, f"Besparelse og udgift er lige store ved 0,10{NBSP}procentpoint")
        page.wait_for_function("() => document.querySelector('.jobbook-whatif [aria-live]').textContent"
                               ".includes('72,0')", timeout=5000)
        assert errors == [] and blocked == []
    finally:
        context.close()


def test_downloads_and_the_address_follow_the_reader_s_settings(browser, site_url, shipped):
    context, page, errors, blocked = open_reform(browser, site_url, 1366)
    try:
        for kind, text in expected_csv(shipped, 0.5, reform.local_share_pct(reform.scenario(
                chapter(shipped, 2026)))).items():
            assert page.evaluate(CSV_JS, kind) == text  # the page's script writes what Python wrote
        set_slider(page, RISE, 0.3)
        set_slider(page, SHARE, 2)
        settings = settings_text(0.3, 2.0)
        # The first move loads the chart library; both settings reach the live chart when it has come.
        page.wait_for_function("s => document.querySelector('figure:has(.jobbook-whatif) .jobbook-whatif-settings')"
                               ".textContent === s", arg=settings, timeout=30000)
        for kind, text in expected_csv(shipped, 0.3, 2.0).items():
            assert page.evaluate(CSV_JS, kind) == text
        cells = page.evaluate("() => Array.from(Array.from(document.querySelector('figure:has(.jobbook-whatif) "
                              "table').tBodies[0].rows).pop().cells).map(c => c.textContent)")
        assert cells == ["1,00", "240,0", "23,1", "\u2212216,9"]
        page.wait_for_function("() => location.search.includes('stigning=0.3')", timeout=5000)
        query = urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)
        assert query == {RISE: ["0.3"], SHARE: ["2"]}
        caption = page.text_content("figure:has(.jobbook-whatif) .jobbook-figure-source")  # the line under the chart
        assert "Bogens beregning på grundlag af" in caption and "Kilde:" not in caption and settings in caption

        # A shared link opens the same settings.
        shared, reader, _, _ = open_reform(browser, site_url, 390, "?" + urllib.parse.urlparse(page.url).query)
        try:
            wait_for_sentence(reader, 2,
                              f"ville en stigning på 0,30{NBSP}procentpoint koste den 72,0{NBSP}mio.{NBSP}kr.")
            assert reader.get_attribute(f'input[name="{SHARE}"]', "aria-valuetext") == f"2,00{NBSP}%"
            assert reader.input_value(f'input[name="{RISE}"]') == "0.3"
            assert reader.evaluate(CSV_JS, "csv") == expected_csv(shipped, 0.3, 2.0)["csv"]
        finally:
            shared.close()

        # Back at the book's case (as the read-outs show it), the address is the page's own again.
        set_slider(page, RISE, 0.5)
        set_slider(page, SHARE, reform.local_share_pct(reform.scenario(chapter(shipped, 2026))))
        page.wait_for_function("() => location.search === ''", timeout=5000)

        # The glossary links by the sliders reach their terms.
        links = page.evaluate("() => Array.from(document.querySelectorAll('.jobbook-whatif-context a'))"
                              ".map(a => [a.textContent, a.href])")
        assert [text for text, _ in links] == ["budgetgarantien", "økonomiaftaler"]
        for _, href in links:
            page.goto(href, wait_until="load")
            anchor = urllib.parse.urlparse(href).fragment
            assert page.locator(f"dl.glossary dt[id='{anchor}']").count() == 1, href
        assert errors == [] and blocked == []
    finally:
        context.close()
