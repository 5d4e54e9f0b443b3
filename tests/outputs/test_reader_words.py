"""The words a reader meets on the built pages: no English or technical word, no header that only an
analyst understands, and every abbreviation or trade term of the issue's list explained where a page
first uses it (a link to its glossary entry at or right after the first use).

The build report (book/byggerapport) is for analysts and is left out; so is the glossary, which is the
explanation. Run against a site built already with ``JOBBOOK_TEST_SITE=_build/html``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import site_pages

pytestmark = pytest.mark.slow

#: Pages for analysts or pages that are the explanation themselves.
NOT_FOR_READERS = {"book/byggerapport.html", "book/ordliste.html"}
GENERATED = "book/generated/"

#: Words that tell a reader about the machinery, not the economy, or English words for Danish ones.
BANNED_WORDS = {
    r"\bCtrl\b": "a keyboard shortcut (Ctrl + K) shown as text",
    r"\bbenchmark\b": "English: »sammenligning«",
    r"\bcommit\b": "a version-control word",
    r"\bcache\b": "a build word",
    r"\bjobbook\b": "the program's name",
    r"\b0\.\d+\.\d+\b": "a version number (the program's, as »0.1.0«)",
}

#: Column headers that say nothing to a reader without the analyst's context.
BANNED_HEADERS = (re.compile(r"\bdengang\b", re.I), re.compile(r"^som trykt\b", re.I))

#: Table cells that are codes' translations only an analyst reads (the data dictionary's own page
#: documents the codes and is checked by its own tests).
BANNED_CELLS = {"opgjort"}

#: The issue's list of terms: the word as pages print it (a pattern) and its glossary anchor.
GLOSSARY_TERMS = {
    r"\bKL\b": "term-KL", r"\bFGU\b": "term-FGU", r"\bEGU\b": "term-EGU", r"\bSTU\b": "term-STU",
    r"\bArne-(?:aftalen|reformen)\b": "term-Arne-aftalen", r"\bservicerammen?\b": "term-Serviceramme",
    r"\bbudgetgaranti(?:en)?\b": "term-Budgetgaranti", r"\bDUT\b": "term-DUT",
    r"\bhelårsperson(?:er)?\b": "term-Helarsperson", r"\bhovedkonto\b": "term-Hovedkonto", r"\bIPS\b": "term-IPS",
    r"\bKUI\b": "term-KUI", r"\bLAB\b": "term-LAB", r"\bLAS\b": "term-LAS",
    r"\b(?:primo|medio|ultimo)\b": "term-Primo-medio-ultimo",
}

#: How far after a term's first use (in characters of the page's text) its glossary link may stand:
#: data text is shown as text, so its abbreviations are linked in the line right after it.
LINK_WITHIN_CHARS = 700


class ArticleText(HTMLParser):
    """The article's text in reading order, the glossary links in it (with their offsets), and the
    text of its table headers and cells."""

    def __init__(self):
        super().__init__()
        self.depth = 0  # >0 inside <article>
        self.skip = 0  # >0 inside <script>/<style>
        self.text: list[str] = []
        self.length = 0
        self.glossary_links: list[tuple[int, str]] = []  # (offset, anchor)
        self.cell: list[str] | None = None
        self.cell_tag = ""
        self.headers: list[str] = []
        self.cells: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "article":
            self.depth += 1
        if tag in ("script", "style"):
            self.skip += 1
        if not self.depth:
            return
        href = attributes.get("href") or ""
        if tag == "a" and "ordliste.html#" in href:
            self.glossary_links.append((self.length, href.split("#", 1)[1]))
        if tag in ("th", "td"):
            self.cell, self.cell_tag = [], tag

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1
        if tag in ("script", "style"):
            self.skip -= 1
        if tag in ("th", "td") and self.cell is not None:
            text = re.sub(r"\s+", " ", "".join(self.cell)).strip()
            (self.headers if self.cell_tag == "th" else self.cells).append(text)
            self.cell = None

    def handle_data(self, data):
        if not self.depth or self.skip:
            return
        self.text.append(data)
        self.length += len(data)
        if self.cell is not None:
            self.cell.append(data)


def read(page: Path) -> ArticleText:
    parser = ArticleText()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def reader_pages(site_root: Path) -> list[str]:
    return [p for p in site_pages(site_root) if p not in NOT_FOR_READERS and p.startswith("book/")]


def whole_text(page: Path) -> str:
    """Everything a reader sees on the page, menus and buttons included."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", page.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).replace("\u00a0", " ")


def test_no_machinery_or_english_word_on_a_reader_page(site_root):
    pages = reader_pages(site_root)
    assert len(pages) >= 12
    found = [(page, why, match.group(0)) for page in pages for pattern, why in BANNED_WORDS.items()
             for match in re.finditer(pattern, whole_text(site_root / page))]
    assert not found, found[:20]


def test_no_analyst_header_or_code_in_a_reader_table(site_root):
    found = []
    for page in reader_pages(site_root):
        parsed = read(site_root / page)
        found += [(page, "header", h) for h in parsed.headers if any(p.search(h) for p in BANNED_HEADERS)]
        found += [(page, "cell", c) for c in parsed.cells if c.lower() in BANNED_CELLS]
    assert not found, found[:20]


def test_every_listed_term_is_linked_to_the_glossary_where_a_page_first_uses_it(site_root):
    unexplained, used = [], 0
    glossary_ids = set(re.findall(r'id="(term-[^"]+)"', (site_root / "book" / "ordliste.html").read_text("utf-8")))
    # The generated pages (Kilder, the data dictionary) print text from the data's descriptions and are
    # checked by their own tests; the chapters and the book's own pages are checked here.
    for page in [p for p in reader_pages(site_root) if not p.startswith(GENERATED)]:
        parsed = read(site_root / page)
        text = "".join(parsed.text)
        for pattern, anchor in GLOSSARY_TERMS.items():
            assert anchor in glossary_ids, f"the glossary has no entry {anchor}"
            first = re.search(pattern, text)
            if first is None:
                continue
            used += 1
            if not any(offset <= first.start() + LINK_WITHIN_CHARS
                       for offset, linked in parsed.glossary_links if linked == anchor):
                unexplained.append((page, first.group(0), text[max(0, first.start() - 60):first.end() + 40]))
    assert used >= 10  # the check has terms to check
    assert not unexplained, unexplained
