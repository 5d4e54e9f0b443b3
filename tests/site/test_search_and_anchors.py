"""The book's Sphinx extension: search keeps numbers as printed whole, and figures' anchors are unique
on a page. (The search page itself is tried in Chromium: tests/outputs/test_figures_in_browser.py.)"""

from __future__ import annotations

import re

import pytest
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

from jobbook.site.sphinxext import (
    JS_SPLIT_QUERY,
    NUMBER_WORD,
    DanishNumbersSearch,
    space_after_blocks,
    unique_figure_anchors,
)

SEARCH = DanishNumbersSearch({})


@pytest.mark.parametrize(("text", "words"), [
    ("ca. 23,1\u00a0mio.\u00a0kr. om året", ["ca", "23,1", "mio", "kr", "om", "året"]),
    ("Nettobudgettet var 1.084.640.200 kr. i 2024.", ["Nettobudgettet", "var", "1.084.640.200", "kr", "i", "2024"]),
    ("konto 5.57.71 Sygedagpenge", ["konto", "5.57.71", "Sygedagpenge"]),
    ("i 2021, 2022 og 2023.", ["i", "2021", "2022", "og", "2023"]),  # a comma and space separates
    ("8. marts 2020–18. oktober 2020", ["8", "marts", "2020", "18", "oktober", "2020"]),
    ("−2,7 % og +10,1 %", ["2,7", "og", "10,1"]),
    ("15–29-årige", ["15", "29", "årige"]),
])
def test_index_keeps_numbers_as_printed_whole(text, words):
    assert SEARCH.split(text) == words


def test_numbers_survive_stemming_and_the_filter():
    for word in ("23,1", "1.084.640.200", "5.57.71"):
        assert SEARCH.stem(word) == word
        assert SEARCH.word_filter(word)
    assert SEARCH.stem("sygedagpenge") == "sygedagpeng"  # Sphinx's Danish stemmer is kept
    assert "og" in SEARCH.stopwords


def test_the_search_page_splits_with_the_same_pattern():
    # language_data.js gets this splitQuery; the browser test runs it against SEARCH.split.
    assert "var splitQuery = function (query)" in JS_SPLIT_QUERY
    assert "/" + NUMBER_WORD + "|" in JS_SPLIT_QUERY
    assert "</" not in JS_SPLIT_QUERY


FIGURE = ('<figure class="jobbook-figure" id="figur-budget" data-jobbook-slug="budget"><figcaption>B</figcaption>'
          '<a data-format="csv" download="budget.csv" href="data:,">CSV</a>'
          '<a class="jobbook-permalink" href="#figur-budget">Link til figuren</a></figure>')


def test_figures_with_one_title_on_a_page_get_unique_anchors():
    document = new_document("page", get_default_settings(Parser))
    section = nodes.section(ids=["figur-budget"])  # a heading "Figur: budget" already has the id
    document.append(section)
    document.note_implicit_target(section)
    for html in (FIGURE, "<p>tekst</p>" + FIGURE, FIGURE):
        document.append(nodes.raw("", html, format="html"))
    document.append(nodes.raw("", r"\textbf{x}", format="latex"))
    unique_figure_anchors(None, document, "page")
    html = "".join(node.astext() for node in document.findall(nodes.raw) if node["format"] == "html")
    assert 'id="figur-budget-2"' in html and 'id="figur-budget-3"' in html and 'id="figur-budget-4"' in html
    assert 'id="figur-budget"' not in html
    assert 'download="budget-3.csv"' in html and 'href="#figur-budget-4"' in html


def test_cells_and_items_of_raw_html_stay_separate_words_in_the_index():
    """Sphinx strips the tags of raw HTML for its index; without a space between cells "1.399" and
    "5.57.73" became "1.3995.57.73", and a konto code in a table could not be found."""
    document = new_document("page", get_default_settings(Parser))
    html = ('<table><tr><td class="num">1.399</td><td>5.57.73</td></tr><tr><td>5.48.65</td></tr></table>'
            "<ul><li>Hører til budgetår 2020</li><li>Indlæst</li></ul><p>Det er <strong>23,1</strong> mio.</p>")
    document.append(nodes.raw("", html, format="html"))
    space_after_blocks(None, document, "page")
    spaced = document.next_node(nodes.raw).astext()
    words = SEARCH.split(re.sub(r"<[^<]+?>", "", spaced))  # what Sphinx's WordCollector does with raw HTML
    assert {"1.399", "5.57.73", "5.48.65", "2020", "Indlæst", "23,1"} <= set(words)
    assert "<strong>23,1</strong> mio." in spaced  # inline markup is left as it is
