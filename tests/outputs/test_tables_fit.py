"""The chapters' tables in a real browser: readable without sideways scrolling, with no empty fields.

A reader on a 390 px phone had to scroll the 2024 net budget sideways to find its one number (1.084
million) and could not see the changes of "De største ændringer" beside their names; on a 1366 px
laptop the tables under "Vis tallene bag figuren" ran out of their column; cards showed "Bemærkning:"
with nothing after it. present.tables.html_table lays such tables out as cards on a phone (a smaller
type on a laptop) and leaves empty cells out of cards. Every table is measured as the reader sees it,
"Vis tallene bag figuren" opened. ``JOBBOOK_TEST_SITE=_build/html`` runs them against a built site.
"""

from __future__ import annotations

import pytest

from conftest import site_pages
from jobbook.outputs.browser import block_other_hosts, launch_chromium, wait_for_charts

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True, "device_scale_factor": 2}
TABLET = {"viewport": {"width": 576, "height": 800}}  # the narrowest screen jobbook.css takes for no phone
LAPTOP = {"viewport": {"width": 1366, "height": 768}}

# Every table of the page, every "show the numbers" box opened: how wide it is against the box it sits in
# (the scroll box book/_static/jobbook.js gives it), and, laid out as cards, each card line's label and value.
TABLES_JS = """() => {
  document.querySelectorAll('article details').forEach(d => { d.open = true; });
  return Array.from(document.querySelectorAll('article table')).map(table => {
    const box = table.closest('.jobbook-table-scroll') || table.parentElement;
    const figure = table.closest('figure');
    const title = (table.querySelector('caption') || (figure && figure.querySelector('figcaption strong'))
                   || {textContent: ''}).textContent.trim();
    const lines = Array.from(table.querySelectorAll('tbody td'))
      .filter(td => getComputedStyle(td).display === 'block' && td.getBoundingClientRect().width > 1)
      .map(td => [getComputedStyle(td, '::before').content.replace(/^"|"$/g, ''), td.textContent.trim()]);
    return {title, width: Math.ceil(table.getBoundingClientRect().width), box: box.clientWidth,
            scrolls: box.scrollWidth > box.clientWidth + 1, lines};
  });
}"""

# The first row's cell in the column headed ``header`` and how far its right edge is from the screen's left.
RIGHT_EDGE_JS = """header => {
  for (const table of document.querySelectorAll('article table')) {
    const column = Array.from(table.querySelectorAll('thead th')).findIndex(th => th.textContent.startsWith(header));
    const cell = column >= 0 && table.querySelector('tbody tr').children[column];
    if (cell) return [cell.textContent.trim(), cell.getBoundingClientRect().right];
  }
  return [null, null];
}"""


def chapter_pages(site_root) -> list[str]:
    """The book's chapters: the front page, the year pages and the themes, "Om bogen" and the glossary
    (not the generated reference pages: the sources, the data dictionary and the build report)."""
    return [path for path in site_pages(site_root) if path.startswith("book/")
            and not path.startswith("book/generated/") and path != "book/byggerapport.html"]


@pytest.fixture(scope="module")
def browse(site_url):
    """``browse(device)``: a page in a new browser context of that size."""
    with launch_chromium() as browser:
        contexts = []

        def open_page(device: dict):
            context = browser.new_context(**device)
            contexts.append(context)
            page = context.new_page()
            page.blocked = block_other_hosts(page, site_url)
            return page

        yield open_page
        for context in contexts:
            context.close()


def measure(page, site_url: str, path: str) -> list[dict]:
    page.goto(site_url + path, wait_until="load")
    wait_for_charts(page)
    return page.evaluate(TABLES_JS)


@pytest.mark.parametrize("device", [PHONE, TABLET, LAPTOP], ids=["390px", "576px", "1366px"])
def test_no_chapter_table_is_wider_than_its_column(browse, site_url, site_root, device):
    page = browse(device)
    too_wide, tables = [], 0
    for path in chapter_pages(site_root):
        for table in measure(page, site_url, path):
            tables += 1
            if table["scrolls"] or table["width"] > table["box"] + 1:
                too_wide.append(f"{path}: {table['title'][:60]!r} {table['width']} px in {table['box']} px")
    assert tables >= 25  # the chapters' tables and those under "Vis tallene bag figuren"
    assert not too_wide, "tables wider than their column:\n" + "\n".join(too_wide)
    assert not page.blocked


def test_no_card_shows_a_label_without_a_value(browse, site_url, site_root):
    page = browse(PHONE)
    empty, lines = [], 0
    for path in chapter_pages(site_root):
        for table in measure(page, site_url, path):
            for label, value in table["lines"]:
                lines += 1
                if not label.rstrip(": ").strip() or value in ("", "–"):
                    empty.append(f"{path}: {table['title'][:50]!r}: {label!r} {value!r}")
    assert lines >= 200  # the year pages' accounts and recipients, the themes' tables
    assert not empty, "card lines with an empty label or value:\n" + "\n".join(empty)


def test_the_2024_net_budget_is_on_the_phone_screen(browse, site_url):
    """The case the reader reported: the year's one number was off screen, to the right."""
    page = browse(PHONE)
    page.goto(site_url + "book/budgetaar/2024.html", wait_until="load")
    number, right = page.evaluate(RIGHT_EDGE_JS, "Nettobudget")
    assert number and number[0].isdigit(), number
    assert right <= PHONE["viewport"]["width"], f"{number} ends at {right} px"
