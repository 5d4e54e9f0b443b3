"""Headless Chromium (Debian's ``chromium``) driven by playwright, against a local server.

Used to print the PDF and by the browser tests. Playwright's own browser download does not
work offline, so the system Chromium is launched with flags that keep it from calling home.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
    "--disable-default-apps", "--disable-extensions", "--metrics-recording-only", "--mute-audio",
]


class BrowserMissing(RuntimeError):
    """No Chromium on this machine."""


def chromium_path() -> str:
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    raise BrowserMissing("Chromium was not found; install it with `apt-get install chromium` "
                         "(the Makefile's `pdf` and `test` targets do this)")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@contextmanager
def serve_directory(root: Path) -> Iterator[str]:
    """Serve ``root`` on a free localhost port; yields the base URL (ending in /)."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def launch_chromium() -> Iterator:
    """A playwright Browser on the system Chromium."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def block_other_hosts(page, base_url: str) -> list[str]:
    """Abort every request that does not go to ``base_url`` (or a data/blob URL); returns the list."""
    blocked: list[str] = []

    def route(route_request):
        url = route_request.request.url
        if url.startswith(base_url) or url.startswith(("data:", "blob:")):
            route_request.continue_()
        else:
            blocked.append(url)
            route_request.abort()

    page.route("**/*", route)
    return blocked


WAIT_FOR_CHARTS_JS = """() => Array.from(document.querySelectorAll('.jobbook-chart'))
    .every(el => el.querySelector('svg') !== null || el.textContent.includes('kunne ikke tegnes'))"""

#: The drawing of a chart the reader sees: each chart holds two drawn at build time (for a phone's
#: column and a page's, one of them display: none), or the live chart that replaced them. In a page's
#: script: ``(${SHOWN_SVG_JS})(chartElement)``.
SHOWN_SVG_JS = ("(el => Array.from(el.querySelectorAll('svg.marks')).find(s => s.getClientRects().length > 0)"
                " || null)")

#: How many charts of the page show a drawing.
VISIBLE_CHARTS_JS = (f"() => Array.from(document.querySelectorAll('.jobbook-chart'))"
                     f".filter(el => {SHOWN_SVG_JS}(el) !== null).length")


def wait_for_charts(page, timeout_ms: int = 30000) -> None:
    """Wait until every chart container has its drawing (or has given up with its message)."""
    page.wait_for_function(WAIT_FOR_CHARTS_JS, timeout=timeout_ms)
