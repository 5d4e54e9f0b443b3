"""The built site in a real browser: headless Debian Chromium, other hosts blocked.

Every page is loaded from a local server. The tests record requests to other hosts, console
errors, whether each chart was drawn with Danish number formats, what axe-core finds, and
whether the keyboard reaches every control. Chromium is installed by `make test` when it is
missing, so these tests run (and fail loudly) instead of being skipped.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections import Counter

import pytest

from conftest import REPO_ROOT, site_pages
from jobbook.outputs.browser import SHOWN_SVG_JS, block_other_hosts, wait_for_charts

pytestmark = [pytest.mark.slow, pytest.mark.browser]

AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
DANISH_NUMBER = re.compile(r"^[\u2212-]?\d{1,3}(\.\d{3})*(,\d+)?$")
ENGLISH_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+$")  # the book never prints three decimals

CHART_STATE_JS = """() => Array.from(document.querySelectorAll('.jobbook-chart')).map(el => {
  const svg = """ + SHOWN_SVG_JS + """(el);
  const marks = svg ? Array.from(svg.querySelectorAll('g[class*="mark-"]'))
      .filter(g => !g.classList.contains('mark-text') && !g.classList.contains('mark-group')) : [];
  const figure = el.closest('figure');
  return {
    id: el.id,
    svg: !!svg,
    markWidth: Math.max(0, ...marks.map(g => g.getBBox().width)),
    markHeight: Math.max(0, ...marks.map(g => g.getBBox().height)),
    // A chart's name: its container's (role=img), or for the what-if (whose sliders must not be inside an
    // image) the text alternative that is its first content, before the drawings hidden from assistive tech.
    label: el.getAttribute('aria-label') || (el.querySelector(':scope > p.visually-hidden') || {}).textContent || '',
    axisLabels: svg ? Array.from(svg.querySelectorAll('.role-axis-label text')).map(t => t.textContent) : [],
    alt: figure && figure.querySelector('.jobbook-alt') ? figure.querySelector('.jobbook-alt').textContent : '',
    tableRows: figure ? figure.querySelectorAll('details table tbody tr').length : 0,
  };
})"""

FOCUSABLE_JS = """() => {
  const selector = 'a[href], button:not([disabled]), input:not([disabled]), select, textarea, summary, ' +
                   '[tabindex]:not([tabindex="-1"])';
  // Inside a closed <details> only its summary can take focus; Chromium still gives the hidden
  // content boxes (content-visibility), so rects alone do not tell.
  const folded = el => {
    const closed = node => node && node.closest('details:not([open])');
    for (let d = closed(el); d; d = closed(d.parentElement)) {
      const summary = d.querySelector(':scope > summary');
      if (!(summary && summary.contains(el))) return true;
    }
    return false;
  };
  const visible = el => {
    const style = getComputedStyle(el);
    return el.getClientRects().length > 0 && style.visibility !== 'hidden' && !el.closest('[inert]') && !folded(el);
  };
  const found = Array.from(document.querySelectorAll(selector)).filter(visible);
  found.forEach((el, i) => el.setAttribute('data-kbd', String(i)));
  return found.map(el => el.outerHTML.slice(0, 120));
}"""


class CountingHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site and counts full (200) responses per path, to see what the browser caches."""

    served: Counter = Counter()

    def log_request(self, code="-", size="-"):
        if str(code) == "200":
            self.served[self.path.split("?")[0]] += 1

    def log_message(self, format, *args):  # noqa: A002
        pass


@pytest.fixture(scope="module")
def site_url(book_with_pdf):
    handler = functools.partial(CountingHandler, directory=str(book_with_pdf / "_build" / "html"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def pages(book_with_pdf) -> list[str]:
    return site_pages(book_with_pdf / "_build" / "html")


@pytest.fixture(scope="module")
def visits(browser, site_url, pages) -> dict[str, dict]:
    """Load every page once and collect what the tests check."""
    assert AXE.is_file(), "axe-core is missing: `make test` installs it with npm"
    results = {}
    for path in pages:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        blocked = block_other_hosts(page, site_url)
        errors: list[str] = []
        page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        page.goto(site_url + path, wait_until="load")
        wait_for_charts(page)
        charts = page.evaluate(CHART_STATE_JS)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']}))
            .violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                   targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))""")
        expected = page.evaluate(FOCUSABLE_JS)
        reached = set()
        for _ in range(len(expected) + 25):
            page.keyboard.press("Tab")
            index = page.evaluate("() => document.activeElement && document.activeElement.getAttribute('data-kbd')")
            if index is not None:
                reached.add(int(index))
        results[path] = {"blocked": list(blocked), "errors": errors, "charts": charts, "violations": violations,
                         "focusable": expected, "reached": reached}
        context.close()
    return results


def test_every_page_was_visited(visits, pages):
    assert len(pages) >= 15
    assert set(visits) == set(pages)


def test_no_page_requests_another_host(visits):
    offenders = {path: v["blocked"] for path, v in visits.items() if v["blocked"]}
    assert not offenders


def test_no_page_logs_a_console_error(visits):
    offenders = {path: v["errors"] for path, v in visits.items() if v["errors"]}
    assert not offenders


def test_every_chart_is_drawn_with_a_text_alternative_and_a_table(visits):
    total = 0
    for path, visit in visits.items():
        for chart in visit["charts"]:
            total += 1
            where = f"{path} {chart['id']}"
            assert chart["svg"], where
            assert chart["markWidth"] > 10 and chart["markHeight"] > 10, where  # marks actually have size
            assert len(chart["alt"]) > 40, where
            assert chart["label"] == chart["alt"], where  # the chart's accessible name is the same text
            assert chart["tableRows"] > 0, where
    assert total >= 14


def test_axis_labels_use_danish_number_format(visits):
    numeric = []
    for path, visit in visits.items():
        for chart in visit["charts"]:
            for label in chart["axisLabels"]:
                if re.fullmatch(r"(19|20)\d\d", label):
                    continue  # a year on an ordinal axis is a category, written without separator
                if re.fullmatch(r"[\u2212\d.,-]+", label) and re.search(r"\d", label):
                    numeric.append((path, label))
                    assert DANISH_NUMBER.match(label), (path, label)
                    assert not ENGLISH_THOUSANDS.match(label), (path, label)
    labels = [label for _, label in numeric]
    assert any("." in label for label in labels), "no thousands separator seen"
    assert any("," in label for label in labels), "no decimal comma seen"


def test_axe_finds_no_serious_or_critical_violations(visits):
    offenders = {path: [v for v in visit["violations"] if v["impact"] in ("serious", "critical")]
                 for path, visit in visits.items()}
    offenders = {p: v for p, v in offenders.items() if v}
    assert not offenders


def test_keyboard_reaches_every_control(visits):
    for path, visit in visits.items():
        missed = [html for i, html in enumerate(visit["focusable"]) if i not in visit["reached"]]
        assert not missed, f"{path}: not reachable by Tab: {missed[:5]}"
        assert visit["focusable"], path


def test_search_finds_sygedagpenge(browser, site_url):
    page = browser.new_page()
    blocked = block_other_hosts(page, site_url)
    page.goto(site_url + "search.html?q=sygedagpenge", wait_until="load")
    page.wait_for_selector("#search-results ul.search li", timeout=30000)
    results = page.locator("#search-results ul.search li a").all_text_contents()
    assert any("Budgetår" in r for r in results), results
    assert not blocked
    page.close()


def test_chart_library_is_loaded_on_request_once_and_then_cached(browser, site_url):
    """Pages with charts show them without the chart library; a mouse over a chart loads it, once."""
    CountingHandler.served.clear()
    context = browser.new_context()
    page = context.new_page()
    paths = ("book/budgetaar/2021.html", "book/temaer/udvikling.html", "book/temaer/reform.html")
    for path in paths:
        page.goto(site_url + path, wait_until="load")
        wait_for_charts(page)
    assert CountingHandler.served["/_static/vendor/vega-bundle.js"] == 0
    for path in paths:
        page.goto(site_url + path, wait_until="load")
        chart = page.locator(".jobbook-chart").first
        chart.scroll_into_view_if_needed()
        chart.hover()
        chart.locator(".jobbook-chart-live svg").wait_for(timeout=30000)
    context.close()
    assert CountingHandler.served["/_static/vendor/vega-bundle.js"] == 1


def test_pdf_link_works_and_the_pdf_has_the_charts(book_with_pdf):
    from pypdf import PdfReader

    pdf = book_with_pdf / "_build" / "html" / "beskaeftigelsesomraadets-oekonomi.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    reader = PdfReader(str(pdf))
    assert len(reader.pages) > 20
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in ("Budgetår 2021", "Beskæftigelsesreformen", "Dataordbog", "Kilder"):
        assert expected in text, expected
    # Axis titles and Danish tick labels exist only where the charts were drawn as vector graphics.
    assert "Antal modtagere" in text and "Mio. kr. (varigt)" in text
    assert re.search(r"\b1\.000\b", text)
    assert "127.0.0.1" not in text
