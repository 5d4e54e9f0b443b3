"""The built site on a phone: 390 x 844 CSS pixels, touch, mobile viewport (headless Chromium).

What readers reported: the ☰ menu did not open (only its tooltip showed), long titles were cut off,
wide tables scrolled with no cue, and the interface spoke English. Each test taps and looks as a
reader on a phone does. ``JOBBOOK_TEST_SITE=_build/html`` runs them against a site built already
instead of building a copy of the project.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import site_pages
from jobbook.outputs.browser import block_other_hosts, launch_chromium, wait_for_charts

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True,
         "device_scale_factor": 2}
WIDTH = PHONE["viewport"]["width"]

# Interface strings of Sphinx and the themes that were on the pages in English (Danish in the report).
ENGLISH_PHRASES = (
    "Back to top", "Link to this", "Toggle primary sidebar", "Toggle secondary sidebar", "Skip to main content",
    "Site navigation", "On this page", "Version warning", "Search...", "Search this book", "Search the docs",
    "Search finished", "Please activate JavaScript", "Copyright", "previous page", "next page", "Color mode",
    "System Settings", "Click to show", "Click to hide",
)
# Single English words of the interface, matched as whole words (case matters: Danish "by" is a town).
ENGLISH_WORDS = re.compile(r"\b(Search|Contents|previous|next|Theme|Light|Dark|Main|Page|By|Ctrl)\b")

# Visible text (what is rendered, so not display:none) and every name or tooltip in the page:
# aria-label, title (and Bootstrap's copy of it once a tooltip is set up), placeholder. Then the text
# not shown now ("Back to top" until the reader scrolls, the message without JavaScript), scripts and
# styles left out; only the phrases are looked for there, not single words.
INTERFACE_TEXT_JS = """() => {
  const texts = [document.body.innerText];
  for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [data-bs-original-title]'))
    for (const name of ['aria-label', 'title', 'placeholder', 'data-bs-original-title'])
      if (el.hasAttribute(name)) texts.push(el.getAttribute(name));
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const hidden = [];
  while (walker.nextNode())
    if (!walker.currentNode.parentElement.closest('script, style')) hidden.push(walker.currentNode.textContent);
  return [texts, hidden.join(' ')];
}"""

CLIPPED_TITLES_JS = """() => Array.from(document.querySelectorAll(
    'article h1, article h2, article h3, .prev-next-title, .bd-sidenav a'))
  .filter(el => el.getClientRects().length && el.scrollWidth > el.clientWidth + 1)
  .map(el => el.textContent.trim().slice(0, 60))"""

TABLES_JS = """() => Array.from(document.querySelectorAll('article table')).map(table => {
  const box = table.closest('.jobbook-table-scroll');
  const wrap = table.closest('.jobbook-table-wrap');
  const hint = wrap && wrap.previousElementSibling;
  return {
    boxed: !!box && !!wrap && getComputedStyle(box).overflowX === 'auto',
    shown: table.checkVisibility(),
    overflowing: !!box && box.scrollWidth > box.clientWidth + 1,
    right: !!wrap && wrap.classList.contains('more-right'),
    hint: !!hint && hint.classList.contains('jobbook-table-hint') && !hint.hidden ? hint.textContent : '',
    focusable: !!box && box.tabIndex === 0 && !!box.getAttribute('aria-label'),
  };
})"""


def english_in(page_texts: tuple[list[str], str]) -> list[str]:
    """The English interface strings in what INTERFACE_TEXT_JS returns."""
    texts, all_text = page_texts
    found = [phrase for phrase in ENGLISH_PHRASES if phrase in all_text]
    for text in texts:
        found += [phrase for phrase in ENGLISH_PHRASES if phrase in text]
        found += ENGLISH_WORDS.findall(text)
    return sorted(set(found))


@pytest.fixture(scope="module")
def pages(site_root) -> list[str]:
    return site_pages(site_root)


@pytest.fixture(scope="module")
def phone(site_url):
    """A new page in a phone-sized browser context, for each test."""
    with launch_chromium() as browser:
        contexts = []

        def open_page(path: str = "book/index.html"):
            context = browser.new_context(**PHONE)
            contexts.append(context)
            page = context.new_page()
            page.blocked = block_other_hosts(page, site_url)
            page.goto(site_url + path, wait_until="load")
            wait_for_charts(page)
            return page

        yield open_page
        for context in contexts:
            context.close()


def visible_button(page, selector: str):
    buttons = [b for b in page.locator(selector).all() if b.is_visible()]
    assert len(buttons) == 1, f"{selector}: {len(buttons)} visible buttons"
    return buttons[0]


def _url(page, path: str) -> str:
    """``path`` on the site the page is on."""
    return re.match(r"https?://[^/]+/", page.url).group(0) + path


def tap_outside(page, dialog_selector: str) -> None:
    """Tap the backdrop beside an open sidebar dialog (the way to close it on a phone)."""
    box = page.locator(dialog_selector).bounding_box()
    x = box["x"] + box["width"] + 20 if box["x"] + box["width"] < WIDTH - 30 else box["x"] - 20
    page.touchscreen.tap(x, 400)


def open_sidebar(page, side: str) -> None:
    """Tap the ``side`` ("primary" or "secondary") sidebar's button and wait for its dialog to open."""
    visible_button(page, f".{side}-toggle").tap()
    page.wait_for_function(f"() => document.getElementById('pst-{side}-sidebar-modal').open", timeout=5000)


def close_sidebar(page, side: str) -> None:
    """Tap beside the open ``side`` sidebar and wait for its dialog to close."""
    tap_outside(page, f"#pst-{side}-sidebar-modal")
    page.wait_for_function(f"() => !document.getElementById('pst-{side}-sidebar-modal').open", timeout=5000)


def test_the_menu_opens_by_tap_and_its_chapter_links_work(phone):
    page = phone()
    dialog = page.locator("#pst-primary-sidebar-modal")
    chapter = dialog.get_by_role("link", name="Kilder", exact=True)
    assert not chapter.is_visible()
    open_sidebar(page, "primary")
    chapter.wait_for(state="visible", timeout=5000)
    assert dialog.get_by_role("link", name="Beskæftigelsesreformen", exact=True).is_visible()
    box = chapter.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH  # on the screen, not beside it

    close_sidebar(page, "primary")
    # The chapters went back into the page's own sidebar, which a phone does not show.
    expect(chapter).to_have_count(0)
    expect(page.locator("#pst-primary-sidebar").get_by_role("link", name="Kilder", exact=True)).to_be_hidden()

    visible_button(page, ".primary-toggle").tap()
    chapter.wait_for(state="visible", timeout=5000)
    chapter.tap()
    page.wait_for_url(re.compile(r"/book/generated/kilder\.html$"), timeout=10000)
    assert page.locator("article h1").first.inner_text().startswith("Kilder")
    assert not page.blocked


def test_the_on_this_page_sidebar_opens_and_closes_by_tap(phone):
    page = phone()
    dialog = page.locator("#pst-secondary-sidebar-modal")
    entry = dialog.get_by_role("link", name="Nøgletal", exact=True)
    open_sidebar(page, "secondary")
    entry.wait_for(state="visible", timeout=5000)
    close_sidebar(page, "secondary")
    expect(entry).to_have_count(0)
    expect(page.locator("#pst-secondary-sidebar").get_by_role("link", name="Nøgletal", exact=True)).to_be_hidden()
    # The contents are back in the page's own sidebar, so the button works again.
    visible_button(page, ".secondary-toggle").tap()
    entry.wait_for(state="visible", timeout=5000)


def test_no_page_is_wider_than_the_phone_and_no_title_is_cut_off(phone, pages):
    too_wide, clipped = {}, {}
    page = phone()
    for path in pages:
        page.goto(_url(page, path), wait_until="load")
        wait_for_charts(page)
        # A mobile browser widens its layout viewport to fit wide content (innerWidth grows with it),
        # so the page is measured against the phone's own width.
        widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        if max(widths) > WIDTH:
            too_wide[path] = widths
        if cut := page.evaluate(CLIPPED_TITLES_JS):
            clipped[path] = cut
    assert not too_wide, f"wider than {WIDTH} px (scrollWidth, innerWidth): {too_wide}"
    assert not clipped, f"titles cut off: {clipped}"


def test_wide_tables_scroll_in_their_own_box_with_a_cue(phone, pages):
    page = phone()
    overflowing: list[str] = []
    for path in pages:
        page.goto(_url(page, path), wait_until="load")
        wait_for_charts(page)
        for i, table in enumerate(page.evaluate(TABLES_JS)):
            where = f"{path} table {i}"
            assert table["boxed"], where
            if table["shown"] and table["overflowing"]:
                overflowing.append(path)
                assert table["hint"].startswith("Rul for at se hele tabellen"), where
                assert table["right"], where  # the shadow at the right edge: more columns there
                assert table["focusable"], where
            elif table["shown"]:
                assert not table["hint"], where
    # The chapters' tables fit as cards (tests/outputs/test_tables_fit.py); the build report's wide
    # tables are the ones left to scroll in their box.
    assert overflowing.count("book/byggerapport.html") >= 2, overflowing

    # A table in a figure's closed "show the numbers" box gets its cue when the box is opened. The
    # chapters' tables fit a phone as cards (tests/outputs/test_tables_fit.py); laid out as a table,
    # the year's recipients by group are about 740 px wide and scroll like a reference table.
    page.goto(_url(page, "book/budgetaar/2021.html"), wait_until="load")
    details = page.locator("#figur-ydelsesmodtagere-2021-pr-gruppe details:has(table)")
    details.locator("table").evaluate("table => table.classList.remove('jobbook-cards', 'jobbook-cards-md')")
    box = details.locator(".jobbook-table-scroll")
    assert box.get_attribute("tabindex") is None  # closed: nothing to scroll or focus
    details.locator("summary").tap()
    page.wait_for_function("el => el.tabIndex === 0", arg=box.element_handle(), timeout=5000)
    assert details.locator(".jobbook-table-hint").is_visible()

    # Scrolled to its end, a table's cue moves to the left edge (the first wide table shown on a page).
    for path in pages:
        page.goto(_url(page, path), wait_until="load")
        if page.locator(".jobbook-table-wrap.more-right:visible").count():
            break
    # Its scroll box, held as an element: a locator would move on to the next table once this one scrolled.
    box = page.locator('.jobbook-table-wrap.more-right:visible [tabindex="0"]').first.element_handle()
    box.evaluate("el => el.scrollTo({left: el.scrollWidth})")
    page.wait_for_function("el => el.closest('.jobbook-table-wrap').classList.contains('more-left')",
                           arg=box, timeout=5000)
    classes = box.evaluate("el => el.closest('.jobbook-table-wrap').className")
    assert "more-left" in classes and "more-right" not in classes


TALLEST_ROWS_JS = """() => Array.from(document.querySelectorAll('article table:not(.jobbook-cards) tr'))
  .filter(row => row.getClientRects().length)
  .map(row => [Math.round(row.getBoundingClientRect().height), row.textContent.trim().slice(0, 40)])
  .sort((a, b) => b[0] - a[0]).slice(0, 1)"""


def test_no_table_row_is_a_tall_strip(phone, pages):
    """A column of long texts keeps a readable width: squeezed to a word a line, it made each row of the
    net-budget tables a strip of about 600 px with the amount off screen."""
    page = phone()
    cards = 0
    for path in pages:
        if path.startswith("book/generated/dataordbog"):
            continue  # the data dictionary's descriptions are long by nature
        page.goto(_url(page, path), wait_until="load")
        for height, row in page.evaluate(TALLEST_ROWS_JS):
            assert height <= 360, f"{path}: a table row {height} px tall ({row!r})"
        # A table that would not fit is one card per row: every cell with a value as wide as the card,
        # under its column's name (the cells without one are left out: test_tables_fit.py).
        for card in page.evaluate(CARDS_JS):
            assert card["cells"] and all(width >= 0.9 * card["width"] for width in card["cells"]), (path, card)
            assert all(shown == f"{name}: " for shown, name in card["labels"]), (path, card)
            cards += 1
    assert cards >= 10  # the BDO table, the tasks, the net budgets


CARDS_JS = """() => Array.from(document.querySelectorAll('article table.jobbook-cards tr'))
  .filter(row => row.getClientRects().length && row.querySelector('td'))
  .map(row => ({width: row.getBoundingClientRect().width,
                cells: Array.from(row.querySelectorAll('td:not(.empty)')).map(td => td.getBoundingClientRect().width),
                labels: Array.from(row.querySelectorAll('td:not(.empty)')).map(td => [
                  getComputedStyle(td, '::before').content.replace(/^"|"$/g, ''), td.dataset.label])}))"""


def test_the_interface_is_danish(phone, pages):
    found = {}
    page = phone()
    for path in pages:
        page.goto(_url(page, path), wait_until="load")
        wait_for_charts(page)
        page.wait_for_timeout(100)  # Bootstrap's tooltips are set up after load
        if english := english_in(page.evaluate(INTERFACE_TEXT_JS)):
            found[path] = english
    # The menus' contents, as a reader sees them opened.
    page.goto(_url(page, "book/index.html"), wait_until="load")
    visible_button(page, ".primary-toggle").tap()
    page.wait_for_timeout(500)  # (whether it opens is the first test's business)
    if english := english_in(page.evaluate(INTERFACE_TEXT_JS)):
        found["book/index.html with the menu open"] = english
    # The message after a search.
    page.goto(_url(page, "search.html?q=sygedagpenge"), wait_until="load")
    page.wait_for_selector("#search-results ul.search li", timeout=30000)
    page.wait_for_function("() => !document.querySelector('#search-results').innerText.includes('Søger')",
                           timeout=30000)
    if english := english_in(page.evaluate(INTERFACE_TEXT_JS)):
        found["search.html?q=sygedagpenge"] = english
    assert not found, f"English interface strings: {found}"
    # Sphinx's Danish catalog has an empty message here, so the summary was blank.
    expect(page.locator(".search-summary")).to_contain_text("Søgningen er færdig")


def test_the_footer_names_the_publisher(phone):
    page = phone()
    footer = page.locator("footer.bd-footer-content").inner_text()
    assert "Udgivet af Analysebogen om beskæftigelsesområdet" in footer
    assert "Alle tal stammer fra kommunale dokumenter" in footer  # html.extra_footer in _config.yml
    assert "Copyright" not in footer and not footer.startswith("Ved ")
