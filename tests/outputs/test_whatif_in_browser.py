"""The reform page's what-if in headless Chromium, offline, at a phone's and a desktop's width: it
draws with the book's case, the sliders move the sentences by pointer and keyboard, the values are
read out in Danish, nothing is wider than the screen, and nothing is requested from another host."""

from __future__ import annotations

import pytest

from jobbook.outputs.browser import block_other_hosts, wait_for_charts
from jobbook.present.whatif import HEADER_LINES, HEADER_MARK, RISE, SHARE

pytestmark = [pytest.mark.slow, pytest.mark.browser]

NBSP = "\u00a0"
PAGE = "book/temaer/reform.html"
HEADER_JS = (f"() => Array.from({{length: {HEADER_LINES}}}, (_, i) => Array.from(document.querySelectorAll("
             f"'g.{HEADER_MARK}' + i + '_marks text tspan, g.{HEADER_MARK}' + i + '_marks text:not(:has(tspan))'))"
             ".map(t => t.textContent).join(' '))")


def open_reform(browser, site_url, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900}, has_touch=width < 500)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    blocked = block_other_hosts(page, site_url)
    page.goto(site_url + PAGE, wait_until="load")
    wait_for_charts(page)
    page.wait_for_selector(".jobbook-whatif .vega-bind input[type=range]")
    return context, page, errors, blocked


def set_slider(page, name: str, value: float) -> None:
    page.evaluate("([n, v]) => {const i = document.querySelector(`.jobbook-whatif input[name=\"${n}\"]`);"
                  "i.value = v; i.dispatchEvent(new Event('input', {bubbles: true}));}", [name, value])


def wait_for_sentence(page, index: int, text: str) -> None:
    page.wait_for_function(f"(t) => ({HEADER_JS})()[{index}] === t", arg=text, timeout=5000)


@pytest.mark.parametrize("width", [390, 1366])
def test_the_reader_can_try_other_assumptions(browser, site_url, width):
    context, page, errors, blocked = open_reform(browser, site_url, width)
    try:
        assert page.evaluate(HEADER_JS)[0] == f"Ekstra udgift: 56,1{NBSP}mio.{NBSP}kr. om året"
        assert page.evaluate(HEADER_JS)[2] == f"Besparelse og udgift er lige store ved 0,21{NBSP}procentpoint"
        sizes = page.evaluate("""() => ({doc: document.documentElement.scrollWidth, vw: innerWidth,
            figure: document.querySelector('.jobbook-whatif').getBoundingClientRect().right,
            controls: document.querySelector('.jobbook-whatif .vega-bindings').getBoundingClientRect().right})""")
        assert sizes["doc"] <= sizes["vw"] and sizes["figure"] <= sizes["vw"] and sizes["controls"] <= sizes["vw"]

        names = page.evaluate("() => Array.from(document.querySelectorAll('.jobbook-whatif input[type=range]'))"
                              ".map(i => i.closest('label').querySelector('.vega-bind-name').textContent)")
        assert names == ["Stigning i strukturel ledighed (procentpoint)", "Kommunens andel af landsudgiften (%)"]
        assert page.get_attribute(f'input[name="{SHARE}"]', "aria-valuetext") == f"0,94{NBSP}%"

        set_slider(page, RISE, 0.25)
        wait_for_sentence(page, 0, f"Ekstra udgift: 28,1{NBSP}mio.{NBSP}kr. om året")
        assert page.evaluate(HEADER_JS)[2].endswith(f"0,21{NBSP}procentpoint")  # the break-even keeps
        assert page.text_content(f'input[name="{RISE}"] ~ .whatif-value') == f"0,25{NBSP}procentpoint"

        page.focus(f'input[name="{RISE}"]')
        page.keyboard.press("ArrowRight")
        wait_for_sentence(page, 0, f"Ekstra udgift: 33,7{NBSP}mio.{NBSP}kr. om året")
        assert page.get_attribute(f'input[name="{RISE}"]', "aria-valuetext") == f"0,30{NBSP}procentpoint"

        set_slider(page, SHARE, 2)  # a share other than the municipality's: the break-even moves
        wait_for_sentence(page, 2, f"Besparelse og udgift er lige store ved 0,10{NBSP}procentpoint")
        page.wait_for_function("() => document.querySelector('.jobbook-whatif [aria-live]').textContent"
                               ".includes('72,0')", timeout=5000)
        assert errors == [] and blocked == []
    finally:
        context.close()
