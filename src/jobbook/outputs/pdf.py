"""``jobbook pdf``: the whole book as one PDF, printed offline by headless Chromium.

Jupyter Book's own ``pdfhtml`` builder downloads a browser and fails offline. Instead the
already executed book is built once more as a single HTML page, served on localhost, and
printed by the system Chromium once every chart is seen (each is SVG drawn at build time; the
print shows the drawing laid out for a page's width). Links inside the book are
turned into links within the PDF; links that would lead to the local server are removed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from jobbook.build.layout import BookLayout
from jobbook.build.publish import add_extra, book_fingerprint, read_state
from jobbook.build.registry import load_registry
from jobbook.errors import BuildError
from jobbook.outputs.browser import (
    VISIBLE_CHARTS_JS,
    block_other_hosts,
    launch_chromium,
    serve_directory,
    wait_for_charts,
)
from jobbook.settings import Settings

PDF_NAME = "beskaeftigelsesomraadets-oekonomi.pdf"
# A4 is 210 mm wide; with 16 mm margins each side the text column is 178 mm = 673 CSS pixels.
# Charts size themselves to their container when drawn, so they are drawn at that width.
PAGE_MARGIN = {"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"}
PRINT_VIEWPORT = {"width": 673, "height": 950}
PRINT_PAGE = "print.html"
SPHINX_TIMEOUT_S = 900

# Inside one page: "other.html#x" becomes "#x" when x is on the page; any other local link is
# unlinked (in a PDF it would point at the temporary server).
LOCALISE_LINKS_JS = """() => {
  let kept = 0, removed = 0;
  for (const a of Array.from(document.querySelectorAll('a[href]'))) {
    const href = a.getAttribute('href');
    if (/^(https?:|mailto:)/.test(href) || href.startsWith('data:')) continue;
    const hash = href.includes('#') ? href.slice(href.indexOf('#') + 1) : '';
    if (hash && document.getElementById(decodeURIComponent(hash))) { a.setAttribute('href', '#' + hash); kept++; }
    else if (!href.startsWith('#')) { a.removeAttribute('href'); removed++; }
  }
  return [kept, removed];
}"""


def build_single_page(layout: BookLayout, root_doc: str) -> Path:
    """The executed book as one HTML page (Jupyter Book's singlehtml builder, no execution).

    The builder writes the page at the root document's path (book/index.html) but links its
    assets as if it stood at the top, so the page is copied to the top as ``print.html``.
    """
    staging = layout.build / ".staging-pdf"
    output = staging / "_build" / "singlehtml"
    command = [sys.executable, "-m", "jobbook.build.sphinx", str(layout.root), str(output), "--builder", "singlehtml",
               "--settings", str(layout.settings)]
    try:
        completed = subprocess.run(command, cwd=layout.root, capture_output=True, text=True, timeout=SPHINX_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise BuildError(f"the single-page build for the PDF took more than {SPHINX_TIMEOUT_S} s") from None
    page = output / f"{root_doc}.html"
    if completed.returncode != 0 or not page.is_file():
        raise BuildError("the single-page build for the PDF failed:\n" + (completed.stdout + completed.stderr)[-3000:])
    shutil.copy2(page, output / PRINT_PAGE)
    return output


def print_pdf(single_page: Path, target: Path) -> dict:
    """Print the single page to ``target``; returns what was checked (charts, links, blocked requests)."""
    try:
        return _print(single_page, target)
    except BuildError:
        raise
    except Exception as exc:  # playwright's errors (a timeout, a browser that would not start) end the step
        raise BuildError(f"Chromium could not print the book: {type(exc).__name__}: {exc}") from None


def _print(single_page: Path, target: Path) -> dict:
    with serve_directory(single_page) as base, launch_chromium() as browser:
        page = browser.new_page(viewport=PRINT_VIEWPORT)
        page.emulate_media(media="print")
        blocked = block_other_hosts(page, base)
        page.goto(base + PRINT_PAGE, wait_until="load")
        wait_for_charts(page)
        charts = page.locator(".jobbook-chart").count()
        drawn = page.evaluate(VISIBLE_CHARTS_JS)
        if drawn != charts:
            raise BuildError(f"only {drawn} of {charts} charts were drawn; the PDF was not printed")
        kept, removed = page.evaluate(LOCALISE_LINKS_JS)
        target.parent.mkdir(parents=True, exist_ok=True)
        page.pdf(path=str(target), format="A4", print_background=True, outline=True, tagged=True,
                 margin=PAGE_MARGIN)
        page.close()
    return {"charts": charts, "links_kept": kept, "links_removed": removed, "blocked_requests": blocked}


def build_pdf(settings: Settings) -> tuple[Path, dict]:
    """Print the current book and keep the PDF for the site (it is put on the published site now,
    and into every new site built from the same pages); the book must be built."""
    layout = BookLayout(settings.root, settings.settings_file)
    if not (layout.site / "index.html").is_file():
        raise BuildError("there is no built book to print; run `jobbook build` (or `make book`) first")
    if read_state(layout).get("book") != book_fingerprint(layout):
        # book/ holds pages the published site was not built from (a build failed or is unfinished)
        raise BuildError("the pages in book/ differ from the published site; run `jobbook build` first, so the "
                         "PDF and the site show the same book")
    single_page = build_single_page(layout, load_registry(layout.root).root)
    target = layout.build / "pdf" / PDF_NAME
    checks = print_pdf(single_page, target)
    kept = add_extra(layout, target, checks)
    shutil.copy2(kept, layout.site / PDF_NAME)
    return kept, checks


def missing_pdf_note(site: Path) -> str | None:
    """What a build says when its front page links to the PDF but the site has none (``jobbook build``
    makes the pages; only ``jobbook pdf``, or ``make book``, prints the PDF and puts it on the site, and
    into every later site built from the same pages): None when the PDF is there or not linked."""
    index = site / "index.html"
    if (site / PDF_NAME).is_file() or not index.is_file() or PDF_NAME not in index.read_text(encoding="utf-8"):
        return None
    return (f"note: the front page links to the PDF ({PDF_NAME}), which is not on the site yet, so the "
            "link leads nowhere; run `jobbook pdf` (or `make book`) to print it and put it on the site")
