"""``jobbook serve``: a local preview of the built site, as a reader's browser gets it.

Python's file server, narrowed to the site: a folder is answered by its ``index.html`` or not
at all (no listing of what a folder holds), a path that leads out of the site through a symbolic
link is not found, and a browser that hangs up mid-answer (a reload, a closed tab) is no error.
It listens on 127.0.0.1 only and stops with the command.

It answers as a web host would, so that a preview measures what readers get: a file with a
compressed copy beside it (``page.html.gz``, written when the build publishes the site) is sent
compressed to a browser that accepts gzip (``Content-Encoding: gzip``), and every answer says how
long it may be cached (:func:`cache_control`).
"""

from __future__ import annotations

import email.utils
import http.server
import os
import sys
import urllib.parse
from http import HTTPStatus
from pathlib import Path

#: What a browser's hanging up looks like to the server: nothing to report.
HUNG_UP = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError)


#: A year: files whose address names their version (Sphinx's ``?v=<digest>``, the theme's ``?digest=``)
#: never change under that address.
VERSIONED_SECONDS = 365 * 24 * 3600
#: An hour for other assets (the search index, images, downloads).
ASSET_SECONDS = 3600


def cache_control(path: str) -> str:
    """How long a browser may keep the answer to ``path`` (the request's path with its query)."""
    address = urllib.parse.urlsplit(path)
    query = urllib.parse.parse_qs(address.query)
    if "v" in query or "digest" in query:
        return f"public, max-age={VERSIONED_SECONDS}, immutable"
    if address.path.endswith((".html", "/")):
        return "no-cache"  # pages: asked again each time (answered 304 when unchanged), a new edition shows
    return f"public, max-age={ASSET_SECONDS}"


def accepts_gzip(accept_encoding: str | None) -> bool:
    """True when an ``Accept-Encoding`` header lets the answer be gzip (``gzip``, ``*``; not ``q=0``)."""
    for item in (accept_encoding or "").split(","):
        name, _, params = item.strip().partition(";")
        quality = params.strip().removeprefix("q=") if params.strip().startswith("q=") else "1"
        try:
            accepted = float(quality) > 0
        except ValueError:
            accepted = False
        if name.strip().lower() in ("gzip", "*") and accepted:
            return True
    return False


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Files of the site folder; a folder without ``index.html`` and anything outside it: 404."""

    index_pages = ("index.html",)

    def send_head(self):
        target = Path(self.translate_path(self.path))
        folder = target.is_dir()
        if folder:
            target = target / self.index_pages[0]
        # The site's folder is resolved on each request: a build may have published a new one since.
        site = Path(self.directory).resolve()
        real = target.resolve()
        if not real.is_file() or not real.is_relative_to(site):
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None
        if folder and not urllib.parse.urlsplit(self.path).path.endswith("/"):
            return super().send_head()  # 301 to the folder's address with "/", as any web server does
        return self.send_file(real, self.compressed_copy(real, site))

    def compressed_copy(self, real: Path, site: Path) -> Path | None:
        """The ``.gz`` beside ``real`` to send instead, if the browser takes gzip and the copy is in the
        site and not older than the file (a file rewritten in place since has no current copy)."""
        if not accepts_gzip(self.headers.get("Accept-Encoding")):
            return None
        copy = real.with_name(real.name + ".gz")
        try:
            current = copy.resolve().is_relative_to(site) and copy.stat().st_mtime >= real.stat().st_mtime
        except OSError:
            return None
        return copy if current else None

    def send_file(self, real: Path, compressed: Path | None):
        """Headers for ``real`` (sent as ``compressed`` when given); returns the open file to copy, or
        None when the browser's copy is current (304)."""
        handle = open(compressed or real, "rb")  # noqa: SIM115 - the caller copies and closes it
        try:
            size = os.fstat(handle.fileno()).st_size
            modified = int(real.stat().st_mtime)
            since = self.headers.get("If-Modified-Since")
            if since and "If-None-Match" not in self.headers:
                try:
                    unchanged = modified <= email.utils.parsedate_to_datetime(since).timestamp()
                except (TypeError, ValueError, IndexError, OverflowError):
                    unchanged = False
                if unchanged:
                    self.send_response(HTTPStatus.NOT_MODIFIED)
                    self.send_header("Cache-Control", cache_control(self.path))
                    self.end_headers()
                    handle.close()
                    return None
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", self.guess_type(str(real)))
            if compressed is not None:
                self.send_header("Content-Encoding", "gzip")
            if real.with_name(real.name + ".gz").exists():
                self.send_header("Vary", "Accept-Encoding")
            self.send_header("Content-Length", str(size))
            self.send_header("Last-Modified", self.date_time_string(modified))
            self.send_header("Cache-Control", cache_control(self.path))
            self.end_headers()
            return handle
        except BaseException:
            handle.close()
            raise

    def list_directory(self, path):
        """Never: a folder is its index page (send_head answered 404 already when it has none)."""
        self.send_error(HTTPStatus.NOT_FOUND, "File not found")
        return None


class PreviewServer(http.server.ThreadingHTTPServer):
    """One thread per request (a page and its assets at once); threads end with the server."""

    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, HUNG_UP):
            return
        # Anything else is one line, not a traceback, and the server goes on with the next request.
        print(f"jobbook serve: {client_address[0]}: {type(error).__name__}: {error}", file=sys.stderr)


def preview_server(site: Path, port: int) -> PreviewServer:
    """A server for ``site`` on 127.0.0.1:``port`` (0: a free port; ``server_address`` says which).
    Raises OSError when the port cannot be had."""

    def handler(*args):
        return SiteHandler(*args, directory=str(site))

    return PreviewServer(("127.0.0.1", port), handler)
