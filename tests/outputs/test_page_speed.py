"""The built site loads only what a page uses and ships compressed, as a host serves it (issue 21).

Lighthouse's measure of the same site is benchmarks/page_speed.py; these check what it rests on."""

from __future__ import annotations

import gzip
import re
import urllib.request

import pytest

from conftest import site_pages
from jobbook.build.publish import TEXT_SUFFIXES
from jobbook.site.serve import preview_server

pytestmark = pytest.mark.slow


def head_of(page) -> str:
    html = page.read_text(encoding="utf-8")
    return html[: html.index("</head>")]


def test_no_icon_set_as_javascript_and_no_icon_font_element(site_root):
    assert not (site_root / "_static" / "scripts" / "fontawesome.js").exists()
    for name in site_pages(site_root):
        html = (site_root / name).read_text(encoding="utf-8")
        assert "fontawesome.js" not in html and 'class="fa-solid' not in html, name
    assert '<svg class="jobbook-icon"' in (site_root / "book" / "index.html").read_text(encoding="utf-8")
    css = (site_root / "_static" / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    assert ".fa-fill-drip:before" not in css and "--pst-icon-angle-left" in css


def test_no_script_in_head_blocks_the_first_paint(site_root):
    for name in site_pages(site_root):
        for tag in re.findall(r"<script\b[^>]*>", head_of(site_root / name)):
            if "src=" in tag:
                assert re.search(r"\b(defer|async)\b", tag), (name, tag)


def test_charts_are_svg_in_the_page_and_the_chart_library_is_never_loaded_by_a_page(site_root):
    with_chart = 0
    for name in site_pages(site_root):
        html = (site_root / name).read_text(encoding="utf-8")
        body = html[html.index("</head>"):]
        assert "vega-bundle.js" not in html and "vegaEmbed(" not in html, name
        charts = body.count('class="jobbook-chart"')
        if charts:
            with_chart += 1
            # Each chart drawn at build time, for a phone's column and a page's; its loader deferred.
            assert len(re.findall(r'<svg [^>]*class="marks jobbook-static jobbook-static-narrow"', body)) == charts
            assert len(re.findall(r'<svg [^>]*class="marks jobbook-static jobbook-static-wide"', body)) == charts
            assert re.search(r'<script defer src="[^"]*_static/jobbook-charts\.js', head_of(site_root / name)), name
        else:
            assert "jobbook-charts.js" not in html, name
    assert with_chart >= 5


def test_each_page_has_one_viewport_a_description_and_the_favicon(site_root):
    for name in site_pages(site_root):
        head = head_of(site_root / name)
        assert head.count('name="viewport"') == 1, name
        description = re.search(r'<meta name="description" content="([^"]+)"', head)
        assert description and len(description.group(1)) >= 20, name
        icon = re.search(r'<link rel="icon" href="([^"]+)"', head)
        assert icon and (site_root / name).parent.joinpath(icon.group(1)).resolve().is_file(), name
    year = head_of(site_root / "book" / "budgetaar" / "2022.html")
    assert re.search(r'<meta name="description" content="[^"]*budget', year, re.IGNORECASE)


def test_the_root_is_the_front_page_not_a_redirect(site_root):
    root = (site_root / "index.html").read_text(encoding="utf-8")
    front = (site_root / "book" / "index.html").read_text(encoding="utf-8")
    assert "http-equiv" not in root.lower()
    title = re.search(r"<title>(.*?)</title>", front).group(1)
    assert f"<title>{title}</title>" in root and 'data-content_root="./"' in root
    urls = re.findall(r'(?:href|src|action)="(?![a-z]+:)([^"#?]+)', root)
    assert "_static/jobbook.css" in urls and "book/om-bogen.html" in urls
    for url in urls:  # every address resolves from the root (the PDF: once `jobbook pdf` has made it)
        assert (site_root / url).exists() or url.endswith(".pdf"), url


def test_every_text_file_has_its_compressed_copy(site_root):
    files = [p for p in site_root.rglob("*") if p.is_file() and p.suffix in TEXT_SUFFIXES]
    assert len(files) > 50
    for path in files:
        copy = path.with_name(path.name + ".gz")
        assert copy.is_file(), path
        assert gzip.decompress(copy.read_bytes()) == path.read_bytes(), path


def test_served_compressed_with_the_favicon(site_root):
    import threading

    server = preview_server(site_root, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        request = urllib.request.Request(base + "book/budgetaar/2022.html", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as answer:
            assert answer.headers["Content-Encoding"] == "gzip" and answer.headers["Cache-Control"] == "no-cache"
            body = gzip.decompress(answer.read())
        assert body == (site_root / "book" / "budgetaar" / "2022.html").read_bytes()
        with urllib.request.urlopen(base + "_static/favicon.svg") as answer:
            assert answer.status == 200 and answer.headers["Content-Type"] == "image/svg+xml"
    finally:
        server.shutdown()
        server.server_close()


def test_every_page_links_the_theme_stylesheet_cut_to_the_site_with_the_rules_of_its_elements(site_root):
    from jobbook.site.used_css import css_statements, site_vocabulary

    styles = site_root / "_static" / "styles"
    original = (styles / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    (cut_file,) = styles.glob("pydata-sphinx-theme.used-*.css")
    cut = cut_file.read_text(encoding="utf-8")
    assert len(gzip.compress(cut.encode(), 9)) < 20_000 < len(gzip.compress(original.encode(), 9))
    for name in site_pages(site_root):
        head = head_of(site_root / name)
        assert f"styles/{cut_file.name}" in head and "pydata-sphinx-theme.css" not in head, name
    # Every rule of the theme for one class that some page has is in the cut, with its declarations.
    classes = site_vocabulary(site_root).classes
    single = [s for s in css_statements(original) if s.block is not None and re.fullmatch(r"\.[\w-]+", s.prelude)]
    kept = {(s.prelude, s.block) for s in css_statements(cut) if s.block is not None}
    used = [s for s in single if s.prelude[1:] in classes]
    assert len(used) > 20
    for rule in used:
        assert (rule.prelude, rule.block) in kept, rule.prelude
    # Bootstrap's grid and display classes, which no page and no script has, are gone.
    assert ".display-1{" not in cut and ".row-cols-3>*{" not in cut and ".col-11{" not in cut


def test_an_extension_s_files_are_linked_only_by_pages_that_use_it(site_root):
    for name in site_pages(site_root):
        html = (site_root / name).read_text(encoding="utf-8")
        head, body = html[: html.index("</head>")], html[html.index("</head>"):]
        code = re.search(r'class="(?:[^"]*\s)?highlight[\s"]', body)
        for file in ("copybutton.js", "clipboard.min.js", "copybutton.css", "pygments.css"):
            assert (file in head) == bool(code), (name, file)
        design = 'class="sd-' in body or re.search(r'class="[^"]*\ssd-', body)
        for file in ("sphinx-design.min.css", "design-tabs.js"):
            assert (file in head) == bool(design), (name, file)
    assert "copybutton.js" not in head_of(site_root / "book" / "om-bogen.html")
