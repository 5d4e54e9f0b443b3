"""Every chart of the built site in headless Chromium, on a phone (390 px) and on a laptop (1366 px).

What readers reported: on a phone the accounts chart's bars got about 75 px because the account
names took the width, legends were cut, and labels ended in "…". Each chart is measured as drawn:
the marks (bars, lines, points) are wide enough to read, nothing is drawn outside the chart's own
box, no text is cut, and the tooltip speaks Danish. ``JOBBOOK_TEST_SITE=_build/html`` runs the tests
against a site built already instead of building a copy of the project.
"""

from __future__ import annotations

import itertools
import re

import pytest

from jobbook.outputs.browser import SHOWN_SVG_JS, block_other_hosts, wait_for_charts

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True,
         "device_scale_factor": 2}
LAPTOP = {"viewport": {"width": 1366, "height": 768}}
MIN_PLOT_WIDTH = 150  # px: bars and lines drawn this wide can be read and compared
MIN_TICK_GAP = 10  # px between two numbers side by side on an axis ("25 30" touching read as one)
NUMBER = re.compile(r"[\u2212-]?\d[\d.,]*")

# Per chart: its container's box, the SVG's box, the plot (the root group's background: the room the x
# scale spans), the union of its data marks (Vega's "role-mark" groups but text: bars, lines, points,
# rules) and every text drawn (with its box), in page pixels.
CHARTS_JS = """() => Array.from(document.querySelectorAll('.jobbook-chart')).map(el => {
  const svg = """ + SHOWN_SVG_JS + """(el);
  const box = r => ({left: r.left, right: r.right, top: r.top, width: r.width, height: r.height});
  if (!svg) return {id: el.id, svg: false};
  const marks = Array.from(svg.querySelectorAll('g.role-mark:not(.mark-text)')).map(g => g.getBoundingClientRect())
      .filter(r => r.width > 0 || r.height > 0);
  const union = marks.length ? {left: Math.min(...marks.map(r => r.left)),
                                right: Math.max(...marks.map(r => r.right))} : {left: 0, right: 0};
  const plot = svg.querySelector('g.role-frame > g > path.background');
  return {
    id: el.id,
    svg: true,
    plotWidth: plot ? plot.getBoundingClientRect().width : 0,
    container: box(el.getBoundingClientRect()),
    drawing: box(svg.getBoundingClientRect()),
    marksWidth: union.right - union.left,
    // Vega thins overlapping tick labels by drawing them transparent, not by leaving them out.
    texts: Array.from(svg.querySelectorAll('text')).filter(t => Number(getComputedStyle(t).opacity) > 0)
        .map(t => ({text: t.textContent, ...box(t.getBoundingClientRect())})).filter(t => t.text.trim()),
  };
})"""


@pytest.fixture(scope="module")
def chart_pages(site_root) -> list[str]:
    """The pages that draw charts."""
    pages = sorted(p.relative_to(site_root).as_posix() for p in site_root.rglob("*.html")
                   if not p.relative_to(site_root).as_posix().startswith("_static/")
                   and 'class="jobbook-chart"' in p.read_text(encoding="utf-8"))
    assert len(pages) >= 5
    return pages


def measure(browser, site_url, pages, device) -> dict[str, list[dict]]:
    context = browser.new_context(**device)
    page = context.new_page()
    blocked = block_other_hosts(page, site_url)
    found = {}
    for path in pages:
        page.goto(site_url + path, wait_until="load")
        wait_for_charts(page)
        found[path] = page.evaluate(CHARTS_JS)
    context.close()
    assert not blocked
    return found


@pytest.fixture(scope="module")
def on_phone(browser, site_url, chart_pages):
    return measure(browser, site_url, chart_pages, PHONE)


@pytest.fixture(scope="module")
def on_laptop(browser, site_url, chart_pages):
    return measure(browser, site_url, chart_pages, LAPTOP)


def problems(measured: dict[str, list[dict]]) -> list[tuple]:
    found = []
    for path, charts in measured.items():
        for chart in charts:
            where = (path, chart["id"])
            if not chart["svg"]:
                found.append((*where, "not drawn"))
                continue
            container, drawing = chart["container"], chart["drawing"]
            if drawing["width"] > container["width"] + 0.5:
                found.append((*where, f"drawing {drawing['width']:.0f} px in a {container['width']:.0f} px container"))
            if chart["plotWidth"] < MIN_PLOT_WIDTH:
                found.append((*where, f"plot {chart['plotWidth']:.0f} px wide"))
            if chart["marksWidth"] < 0.5 * chart["plotWidth"]:  # the bars or lines use the room they have
                found.append((*where, f"marks {chart['marksWidth']:.0f} px wide in a {chart['plotWidth']:.0f} px plot"))
            for text in chart["texts"]:
                if text["text"].endswith("\u2026"):
                    found.append((*where, f"cut label {text['text']!r}"))
                # Outside the SVG's box a text is clipped (a legend entry, an axis label).
                if text["left"] < drawing["left"] - 1 or text["right"] > drawing["right"] + 1:
                    found.append((*where, f"text outside the chart {text['text']!r}"))
        found += [(*where, gap) for gap in crowded_numbers(chart["texts"])]
    return found


def crowded_numbers(texts: list[dict]) -> list[str]:
    """Numbers drawn on one line (an x axis's tick labels) closer than MIN_TICK_GAP to each other."""
    rows: dict[int, list[dict]] = {}
    for text in texts:
        if NUMBER.fullmatch(text["text"].strip()):
            rows.setdefault(round(text["top"]), []).append(text)
    found = []
    for row in rows.values():
        row.sort(key=lambda t: t["left"])
        found += [f"tick labels {a['text']!r} and {b['text']!r} {b['left'] - a['right']:.0f} px apart"
                  for a, b in itertools.pairwise(row) if b["left"] - a["right"] < MIN_TICK_GAP]
    return found


def test_every_chart_fits_and_has_usable_marks_on_a_phone(on_phone):
    assert sum(len(charts) for charts in on_phone.values()) >= 14
    assert not problems(on_phone)


def test_every_chart_fits_and_has_usable_marks_on_a_laptop(on_laptop):
    assert not problems(on_laptop)


def test_the_accounts_chart_gives_its_bars_most_of_a_phone(on_phone):
    """The chart that had 75 px of bars: its account names wrap, so the bars get the room."""
    charts = on_phone["book/budgetaar/2021.html"]
    accounts = max(charts, key=lambda c: len(c["texts"]))
    assert accounts["plotWidth"] >= 0.45 * accounts["container"]["width"]
    lines = [t for t in accounts["texts"] if t["text"].startswith("5.")]
    assert lines and max(t["width"] for t in lines) <= 170


# A bar, or a point of a line chart, of the drawing shown (the other one is display: none).
MARK = "g.mark-rect.role-mark path, g.mark-symbol.role-mark path >> visible=true"


def danish_numbers_only(text: str) -> None:
    numbers = re.findall(r"(?<![\w.,])[\u2212-]?\d[\d.,]*\d|(?<![\w.,])\d(?![\w.,])", text)
    assert any("," in n for n in numbers), text  # a decimal comma (sickness absence, 6,7 %)
    assert any(re.fullmatch(r"\d{1,3}(\.\d{3})+", n) for n in numbers), text  # a thousands dot (2.816 persons)
    assert not [n for n in numbers if re.fullmatch(r"\d{1,3}(,\d{3})+", n)], text  # no English thousands
    assert not [n for n in numbers if re.fullmatch(r"\d+\.\d{1,2}", n)], text  # no decimal point


def test_the_tooltip_shows_danish_numbers(browser, site_url):
    """A mouse over a chart loads the chart library; vega-embed's tooltip formats with the spec's locale:
    decimal comma, thousands dot."""
    context = browser.new_context(**LAPTOP)
    page = context.new_page()
    blocked = block_other_hosts(page, site_url)
    page.goto(site_url + "book/temaer/udvikling.html", wait_until="load")
    wait_for_charts(page)
    seen = []
    for chart in page.locator(".jobbook-chart").all():
        chart.scroll_into_view_if_needed()
        if not chart.locator(MARK).count():
            continue
        chart.locator(MARK).first.hover(force=True)
        chart.locator(".jobbook-chart-live svg").wait_for(timeout=30000)  # the live chart took the drawing's place
        chart.locator(MARK).first.hover(force=True)
        tooltip = page.locator("#vg-tooltip-element")
        try:
            tooltip.wait_for(state="visible", timeout=3000)
        except Exception:  # noqa: BLE001 - a mark without a tooltip (a rule) is no failure here
            continue
        seen.append(tooltip.inner_text())
    context.close()
    assert not blocked
    assert seen, "no tooltip appeared"
    danish_numbers_only("\n".join(seen))


def test_a_chart_is_seen_without_the_library_and_a_tap_shows_its_values(browser, site_url, site_root):
    """On a phone: each chart is there as SVG before any script has asked for the chart library, which
    no page loads by itself; the first tap on a point loads it and shows that point's values, a tap on
    another point shows its values, a tap outside the chart hides them. Nothing on the page moves."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    blocked = block_other_hosts(page, site_url)
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url + "book/temaer/udvikling.html", wait_until="load")
    page.wait_for_timeout(500)
    assert not [url for url in requested if "vega-bundle" in url]
    shown = page.evaluate(f"() => Array.from(document.querySelectorAll('.jobbook-chart')).map({SHOWN_SVG_JS})"
                          ".map(svg => svg && svg.getAttribute('data-width'))")
    assert shown and all(width == "360" for width in shown), shown  # the drawing laid out for a phone
    chart = page.locator(".jobbook-chart").first
    chart.scroll_into_view_if_needed()
    after = "() => document.querySelector('.jobbook-figure figcaption').getBoundingClientRect().top"
    below = page.evaluate(after)

    def tap(index: int) -> None:
        box = chart.locator(MARK).nth(index).bounding_box()
        page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)

    tooltip = page.locator("#vg-tooltip-element.visible")
    tap(0)
    tooltip.wait_for(timeout=30000)
    assert chart.locator(".jobbook-static").count() == 0 and chart.locator(".jobbook-chart-live svg").count() == 1
    assert [url for url in requested if url.endswith(".js") and "vega-bundle" in url.split("?")[0]]
    first = tooltip.inner_text()
    assert abs(page.evaluate(after) - below) < 1  # the live chart has the drawing's size
    tap(4)
    page.wait_for_function("t => { const e = document.querySelector('#vg-tooltip-element.visible');"
                           " return e && e.innerText !== t; }", arg=first, timeout=5000)
    values = first + "\n" + tooltip.inner_text()
    assert re.search(r"(?<![\d.,])\d{1,3}\.\d{3}(?![\d.,])", values), values  # 2.816 persons, in Danish
    assert not re.search(r"\d,\d{3}(?!\d)|\d\.\d{1,2}(?!\d)", values), values
    page.touchscreen.tap(20, 300)  # the text beside the chart
    page.locator("#vg-tooltip-element:not(.visible)").wait_for(state="attached", timeout=5000)
    context.close()
    assert not blocked


def test_charts_fit_again_after_the_window_is_resized(browser, site_url):
    """Narrowed and widened again (a tablet turned, a window dragged), every chart fits its column.
    Vega measured the column before the sidebar came back and kept a chart 1,765 px wide in 741 px."""
    context = browser.new_context(**LAPTOP)
    page = context.new_page()
    blocked = block_other_hosts(page, site_url)
    page.goto(site_url + "book/budgetaar/2020.html", wait_until="load")
    wait_for_charts(page)
    widths = "() => Array.from(document.querySelectorAll('.jobbook-chart')).map(el => " \
             f"[el.clientWidth, {SHOWN_SVG_JS}(el).getBoundingClientRect().width])"
    seen = {}
    for width in (900, 1366, 820, 1180):
        page.set_viewport_size({"width": width, "height": 768})
        page.wait_for_timeout(1000)  # the window's resize, the layout and Vega's redraw
        seen[width] = page.evaluate(widths)
    context.close()
    assert not blocked
    assert all(charts for charts in seen.values()), seen
    assert all(drawn <= column + 1 for charts in seen.values() for column, drawn in charts), seen
