"""The theme's stylesheets cut to what the site uses (jobbook.site.used_css)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pydata_sphinx_theme
import pytest

from jobbook.site.used_css import (
    CssNotUnderstood,
    SiteVocabulary,
    could_match,
    css_statements,
    cut_stylesheet,
    pointed_at,
    publish_cut_stylesheets,
)

THEME_CSS = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static" / "styles" \
    / "pydata-sphinx-theme.css"

PAGE = """<!DOCTYPE html><html><head><title>x</title>
<script>document.documentElement.dataset.theme = "dark";</script></head>
<body><header class="bd-header navbar"><button class="primary-toggle" id="pst-toggle">menu</button></header>
<div class="bd-sidebar-primary"><ul class="nav bd-sidenav"><li class="toctree-l1 current"><a class="reference">2020</a>
</li></ul></div><main id="main-content"><article class="bd-article"><p>tekst</p><table class="table"></table>
</article></main><script src="data:text/javascript,el.classList.add(%22pst-opened%22)"></script></body></html>"""


def vocabulary(*scripts: str) -> SiteVocabulary:
    site = SiteVocabulary()
    site.add_html(PAGE)
    for code in scripts:
        site.add_script(code)
    return site


def test_statements_end_where_their_braces_end_minding_strings_comments_and_escapes():
    css = ('@charset "UTF-8";/*! licence */ a{content:"}{;"} /* a comment { */ .md\\:x{b:c}'
           "@media (min-width:960px){.a{x:y}.b{x:'}'}}")
    statements = css_statements(css)
    assert [s.prelude for s in statements] == ['@charset "UTF-8"', "/*! licence */", "a", ".md\\:x",
                                               "@media (min-width:960px)"]
    assert statements[1].block is None and statements[2].block == 'content:"}{;"'
    assert [s.prelude for s in css_statements(statements[4].block)] == [".a", ".b"]


@pytest.mark.parametrize("broken", [".a{x:y", ".a{x:y}}", '.a{content:"x}', ".a{x:y} .b", "/* open .a{}"])
def test_a_stylesheet_it_cannot_read_is_refused(broken):
    with pytest.raises(CssNotUnderstood):
        cut_stylesheet(broken, vocabulary())


def test_a_selector_can_match_only_when_all_it_requires_is_somewhere_on_the_site():
    site = vocabulary("e.classList.add('show');x.className='collapsing'")
    for selector in (".bd-header .primary-toggle", "#main-content>.bd-article", "html[data-theme=dark] .table",
                     ".bd-sidenav li.current>a:hover", ".nav:not(.carousel)", ":root", "*", "::selection",
                     ".bd-sidebar-primary.show", ".collapsing", ".pst-opened", "table:is(.a,.b)", "BODY .reference",
                     ".x\\31 0"):  # a hex escape is not read: kept
        assert could_match(selector, site), selector
    for selector in (".carousel", ".bd-header .toast", "#nowhere", "video", "table.dataframe", ".nav>.tab-pane",
                     ".md\\:flex"):
        assert not could_match(selector, site), selector


def test_the_cut_keeps_media_queries_with_their_surviving_rules_and_named_fonts_and_animations():
    css = ("@font-face{font-family:Used;src:url(a.woff2)}@font-face{font-family:\"Unused\";src:url(b.woff2)}"
           ":root{--f:Used}.carousel{animation:slide 1s}.table{animation:fade 1s}@keyframes fade{to{opacity:1}}"
           "@keyframes slide{to{left:0}}@media (min-width:960px){.carousel{x:y}}@media print{.bd-header{x:y}}"
           ".toast,.bd-article{margin:0}.carousel::-webkit-scrollbar,.table::-webkit-scrollbar{width:0}"
           "/*# sourceMappingURL=pydata-sphinx-theme.css.map */")
    cut = cut_stylesheet(css, vocabulary())
    assert cut == ("@font-face{font-family:Used;src:url(a.woff2)}:root{--f:Used}.table{animation:fade 1s}"
                   "@keyframes fade{to{opacity:1}}@media print{.bd-header{x:y}}.bd-article{margin:0}"
                   ".carousel::-webkit-scrollbar,.table::-webkit-scrollbar{width:0}")


def test_the_theme_stylesheet_is_read_and_cut_to_a_fraction_keeping_what_the_page_has():
    css = THEME_CSS.read_text(encoding="utf-8")
    cut = cut_stylesheet(css, vocabulary())
    assert len(gzip.compress(cut.encode())) < len(gzip.compress(css.encode())) / 2
    for kept in (".bd-header", ".bd-sidebar-primary", "html[data-theme=dark]", ".table{", ".primary-toggle",
                 ".navbar{"):
        assert kept in cut, kept
    assert ".carousel" not in cut and ".toast" not in cut
    assert cut.count("{") == cut.count("}")


def test_publishing_writes_the_cut_under_a_new_name_and_points_every_page_at_it(tmp_path):
    styles = tmp_path / "_static" / "styles"
    styles.mkdir(parents=True)
    (styles / "pydata-sphinx-theme.css").write_text(".bd-header{a:b}.carousel{c:d}", encoding="utf-8")
    (styles / "pydata-sphinx-theme.used-0123456789.css").write_text("stale", encoding="utf-8")
    (tmp_path / "_static" / "bootstrap.js").write_text("x.classList.add('show')", encoding="utf-8")
    (tmp_path / "book").mkdir()
    link = '<link href="../_static/styles/pydata-sphinx-theme.css?digest=55c2" rel="stylesheet" />'
    (tmp_path / "book" / "index.html").write_text(PAGE.replace("<title>", link + "<title>"), encoding="utf-8")
    lines = publish_cut_stylesheets(tmp_path)
    cut = [p for p in styles.glob("pydata-sphinx-theme.used-*.css")]
    assert len(cut) == 1 and cut[0].read_text(encoding="utf-8") == ".bd-header{a:b}", lines
    assert f'href="../_static/styles/{cut[0].name}"' in (tmp_path / "book" / "index.html").read_text(encoding="utf-8")
    assert (styles / "pydata-sphinx-theme.css").read_text(encoding="utf-8").startswith(".bd-header")

    # A stylesheet the cut cannot read is published whole, the pages link it again, and the build says so.
    (styles / "pydata-sphinx-theme.css").write_text(".bd-header{a:b", encoding="utf-8")
    lines = publish_cut_stylesheets(tmp_path)
    assert not list(styles.glob("pydata-sphinx-theme.used-*.css"))
    assert 'href="../_static/styles/pydata-sphinx-theme.css"' in (tmp_path / "book" / "index.html").read_text(
        encoding="utf-8")
    assert any("kept whole" in line for line in lines)


def test_only_links_to_the_cut_stylesheets_are_changed():
    html = ('<link href="../_static/styles/pydata-sphinx-theme.used-ab12.css" rel="stylesheet" />'
            '<link href="../_static/jobbook.css?v=1" rel="stylesheet" /><a href="theme.css">x</a>')
    assert pointed_at(html, {"pydata-sphinx-theme.css": "pydata-sphinx-theme.used-cd34.css"}) == html.replace(
        "used-ab12", "used-cd34")
