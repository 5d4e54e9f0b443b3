"""The built site without a browser: internal links and anchors, page weight, reproducibility."""

from __future__ import annotations

import re
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import copy_project, run_jobbook
from jobbook.outputs.weight import measure

pytestmark = pytest.mark.slow

# Files allowed to differ between two builds from the same inputs: the build report page, which
# describes one run (its run times and whether notebooks came from the cache), and the PDF, which
# a separate command (`jobbook pdf`) prints with Chromium's creation time. Nothing else may differ.
# The report of one run, the PDF (printed with its creation time) and the interface's compiled
# translation, which Sphinx writes beside its source (git-ignored) with the time it was compiled.
ALLOWED_TO_DIFFER = {"book/byggerapport.html", "book/byggerapport.html.gz", "beskaeftigelsesomraadets-oekonomi.pdf",
                     "_locales/da/LC_MESSAGES/sphinx.mo"}


class LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for key in ("id", "name"):
            if attributes.get(key):
                self.ids.add(attributes[key])
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        if tag == "link" and attributes.get("href"):
            self.links.append(attributes["href"])


def parse(page: Path) -> LinkCollector:
    collector = LinkCollector()
    collector.feed(page.read_text(encoding="utf-8"))
    return collector


def test_no_broken_internal_link_or_anchor(book_with_pdf):
    root = book_with_pdf / "_build" / "html"
    parsed = {p: parse(p) for p in root.rglob("*.html") if "_static" not in p.relative_to(root).parts}
    checked = 0
    broken = []
    for page, collector in parsed.items():
        for href in collector.links:
            if re.match(r"^([a-z]+:|//)", href) and not href.startswith("file:"):
                continue  # data:, mailto:, and links to other sites are not internal
            url = urllib.parse.urlsplit(href)
            target = page if not url.path else (page.parent / urllib.parse.unquote(url.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            checked += 1
            if not target.is_file():
                broken.append((page.relative_to(root).as_posix(), href))
                continue
            if url.fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else parse(target).ids
                if urllib.parse.unquote(url.fragment) not in ids:
                    broken.append((page.relative_to(root).as_posix(), href))
    assert checked > 500
    assert not broken, broken[:20]


def test_every_page_weighs_less_than_the_limit(built_book):
    report = measure(built_book / "_build" / "html")
    assert len(report.pages) >= 15
    assert not report.too_heavy, report.too_heavy
    assert any(path == "_static/vendor/vega-bundle.js" for path, _ in report.shared)


def test_chart_library_is_shared_not_inlined(built_book):
    root = built_book / "_build" / "html"
    signature = (root / "_static" / "vendor" / "vega-bundle.js").read_text(encoding="utf-8")[200:400]
    for page in root.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert signature not in html, page
        assert html.count("vendor/vega-bundle.js") <= 1, page


def test_two_builds_from_the_same_inputs_are_byte_identical(built_book, tmp_path, settings):
    """A second checkout at another path, built from scratch, gives the same site and notebooks."""
    other = copy_project(tmp_path)
    result = run_jobbook(other, "build", "--no-progress")
    assert result.returncode == 0, result.stderr
    for folder in ("_build/html", "book"):
        first, second = built_book / folder, other / folder
        names = {p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file()}
        names_second = {p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file()}
        assert names - ALLOWED_TO_DIFFER == names_second - ALLOWED_TO_DIFFER
        differing = sorted(n for n in names - ALLOWED_TO_DIFFER
                           if (first / n).read_bytes() != (second / n).read_bytes())
        assert not differing, differing[:10]
