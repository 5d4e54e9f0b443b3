"""What a rendered page loads (jobbook.site.page_assets), on pages written the way the theme writes them."""

from __future__ import annotations

import urllib.parse

from docutils.core import publish_doctree

from jobbook.site.page_assets import at_site_root, lighter_page, page_description
from jobbook.site.sphinxext import remove_unused_assets

HEAD = """<!DOCTYPE html>
<html lang="da" data-content_root="../" data-theme="light">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" /><meta name="viewport" \
content="width=device-width, initial-scale=1" />
  <script data-cfasync="false">document.documentElement.dataset.mode = "light";</script>
  <link href="../_static/styles/theme.css?digest=55c2" rel="stylesheet" />
  <!-- So that users can add custom icons -->
  <script defer src="../_static/scripts/fontawesome.js?digest=55c2"></script>
    <script src="../_static/documentation_options.js?v=f974f9ec"></script>
    <script>let toggleHintShow = 'Klik for at vise';</script>
    <script src="../_static/togglebutton.js?v=b8b12719"></script>
    <script>DOCUMENTATION_OPTIONS.pagename = 'book/index';</script>
    <script src="../_static/vendor/vega-bundle.js?v=e90c6d37"></script>
  <meta name="viewport" content="width=device-width, initial-scale=1"/>
    <script src="../_static/searchtools.js"></script>
    <script src="../_static/language_data.js"></script>
    <script src="../searchindex.js"></script>
  </head>
"""
BODY = """<body><button class="primary-toggle"><span class="fa-solid fa-bars"></span></button>
<button class="search"><i class="fa-solid fa-magnifying-glass fa-lg"></i></button>
<i class="fa-solid fa-unknown"></i>
<a href="budgetaar/2020.html">2020</a> <a href="#main">top</a> <a href="https://example.org/x">ude</a>
<details class="toggle-details"><summary>Mere</summary></details>
<form action="../search.html"><img src="../_images/figur.png"></form></body></html>"""


def test_no_script_in_head_blocks_and_no_icon_script_is_loaded():
    page = lighter_page(HEAD + BODY, "book/index")
    head = page[: page.index("</head>")]
    assert "fontawesome" not in page and "custom icons" not in page
    assert head.count('name="viewport"') == 1 and 'initial-scale=1.0" />' in head
    for line in head.splitlines():
        if "<script" in line and "src=" in line:
            assert "<script defer " in line, line
    # Names a value only: runs at once (the deferred togglebutton.js reads it).
    assert "<script>let toggleHintShow = 'Klik for at vise';</script>" in head
    # Needs documentation_options.js: deferred after it, in order.
    assert ('<script defer src="data:text/javascript,DOCUMENTATION_OPTIONS.pagename%20%3D%20%27book%2Findex%27%3B">'
            in head)
    assert head.index("documentation_options.js") < head.index("DOCUMENTATION_OPTIONS.pagename")
    # The search scripts only on the search page.
    assert "searchindex.js" not in head and "searchindex.js" in lighter_page(HEAD + BODY, "search")


def test_icons_are_inline_svg():
    page = lighter_page(HEAD + BODY, "book/index")
    assert "fa-bars" not in page and "fa-magnifying-glass" not in page
    assert page.count('<svg class="jobbook-icon" aria-hidden="true"') == 2
    assert "font-size:1.25em" in page  # fa-lg
    assert '<i class="fa-solid fa-unknown"></i>' in page  # an icon it has no picture of is left


class Asset(str):
    """A script or stylesheet as Sphinx lists it in a page's context."""

    @property
    def filename(self) -> str:
        return str(self)


def test_the_chart_library_is_never_in_a_page_and_its_loader_only_where_there_is_a_chart():
    scripts = ["documentation_options.js", "vendor/vega-bundle.js", "jobbook.js", "jobbook-charts.js"]
    with_chart = {"body": '<figure><div id="vis-1" class="jobbook-chart" role="img"><svg></svg></div></figure>',
                  "script_files": [Asset(s) for s in scripts]}
    without = {"body": "<p>Tekst om jobbook-charts.js</p>", "script_files": [Asset(s) for s in scripts]}
    for context in (with_chart, without):
        remove_unused_assets(None, "book/x", "page.html", context, None)
    assert with_chart["script_files"] == ["documentation_options.js", "jobbook.js", "jobbook-charts.js"]
    assert without["script_files"] == ["documentation_options.js", "jobbook.js"]


def test_the_front_page_at_the_site_root_keeps_its_addresses():
    page = at_site_root(HEAD + BODY, "book")
    assert 'data-content_root="./"' in page
    assert 'href="_static/styles/theme.css?digest=55c2"' in page
    assert 'href="book/budgetaar/2020.html"' in page and 'action="search.html"' in page
    assert 'src="_images/figur.png"' in page and 'src="searchindex.js"' in page
    assert 'href="#main"' in page and 'href="https://example.org/x"' in page


def test_the_description_is_the_first_paragraph_cut_at_a_word():
    text = ("Kort.\n\nBeskæftigelsesområdets nettoudgifter steg fra 2020 til 2024, mest til kontanthjælp "
            "og forsikrede ledige, mens refusionen fra staten faldt i takt med reformen af 2016 og den nye "
            "model for udligning, som kommunerne har forhandlet om i mange år.\n")
    description = page_description(publish_doctree(text), "Forside")
    assert description.startswith("Beskæftigelsesområdets nettoudgifter steg")
    assert description.endswith(" …") and len(description) <= 157
    assert page_description(None, "Søg – Beskæftigelsesområdets økonomi") == "Søg – Beskæftigelsesområdets økonomi"


def test_the_search_page_loads_its_index_only_when_a_search_is_made():
    """The search page's first view was 157 KB, the index a seventh of it (issue 21: at most 150 KB)."""
    head = lighter_page(HEAD + BODY, "search").split("</head>")[0]
    assert '<script defer src="../searchindex.js"' not in head and 'src="../_static/searchtools.js"' not in head
    loader = next(line for line in head.splitlines() if "URLSearchParams" in urllib.parse.unquote(line))
    code = urllib.parse.unquote(loader)
    assert 'get("q")' in code  # only with a query in the address
    assert ('["../_static/searchtools.js", "../_static/language_data.js", "../searchindex.js"]' in code
            and "s.async=false" in code)  # in their order
    assert head.index("documentation_options.js") < head.index(loader)


EXTENSIONS_HEAD = """<!DOCTYPE html><html><head>
    <link rel="stylesheet" type="text/css" href="../_static/pygments.css?v=03e43079" />
    <link rel="stylesheet" type="text/css" href="../_static/styles/sphinx-book-theme.css?v=3c74b3bc" />
    <link rel="stylesheet" type="text/css" href="../_static/togglebutton.css?v=9c3e77be" />
    <link rel="stylesheet" type="text/css" href="../_static/copybutton.css?v=76b2166b" />
    <link rel="stylesheet" type="text/css" href="../_static/mystnb.11b39860a7a0.css" />
    <link rel="stylesheet" type="text/css" href="../_static/sphinx-design.min.css?v=6a604523" />
    <script src="../_static/clipboard.min.js?v=a7894cd8"></script>
    <script src="../_static/copybutton.js?v=f281be69"></script>
    <script>let toggleHintShow = 'Klik for at vise';</script>
    <script>let toggleOpenOnPrint = 'true';</script>
    <script src="../_static/togglebutton.js?v=b8b12719"></script>
    <script>var togglebuttonSelector = '.toggle, .admonition.dropdown';</script>
    <script data-sd-tabs-storage-prefix="sphinx-design-tab-id-" src="../_static/design-tabs.js?v=fcb327ea"></script>
    <script src="../_static/jobbook.js?v=1"></script>
</head>"""
EXTENSION_FILES = ("pygments.css", "copybutton.css", "copybutton.js", "clipboard.min.js", "togglebutton.css",
                   "togglebutton.js", "toggleHint", "togglebuttonSelector", "toggleOpenOnPrint", "mystnb.",
                   "sphinx-design.min.css", "design-tabs.js")


def test_a_page_without_code_toggles_design_elements_or_cells_loads_none_of_their_files():
    page = lighter_page(EXTENSIONS_HEAD + '<body><p class="lead">Tekst</p><div class="highlighted">x</div></body>'
                        "</html>", "book/om-bogen")
    head = page[: page.index("</head>")]
    for name in EXTENSION_FILES:
        assert name not in head, name
    assert "sphinx-book-theme.css" in head and "jobbook.js" in head


def test_each_extension_s_files_stay_on_a_page_that_uses_it():
    body = ('<body><div class="highlight-python notranslate"><div class="highlight"><pre>x = 1</pre></div></div>'
            '<div class="admonition note dropdown"><p>mere</p></div><div class="sd-card sd-shadow-sm">kort</div>'
            '<div class="cell docutils container"><div class="cell_output"></div></div></body></html>')
    head = lighter_page(EXTENSIONS_HEAD + body, "book/x")
    head = head[: head.index("</head>")]
    for name in EXTENSION_FILES:
        assert name in head, name
    # Each alone brings its own files only.
    code = {"pygments.css", "copybutton.css", "copybutton.js", "clipboard.min.js", "mystnb."}
    for body, brings in (('<div class="highlight"><pre>x</pre></div>', code),
                         ('<details class="toggle-details">x</details>', {"togglebutton.css", "togglebutton.js",
                                                                          "toggleHint", "togglebuttonSelector",
                                                                          "toggleOpenOnPrint"}),
                         ('<span class="sd-badge">x</span>', {"sphinx-design.min.css", "design-tabs.js"}),
                         ('<span class="pasted-text">23,1</span>', {"mystnb."})):
        page = lighter_page(EXTENSIONS_HEAD + f"<body>{body}</body></html>", "book/x")
        head = page[: page.index("</head>")]
        assert {name for name in EXTENSION_FILES if name in head} == brings, body
