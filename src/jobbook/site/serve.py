"""``jobbook serve``: a local preview of the built site, as a reader's browser gets it.

Python's file server, narrowed to the site: a folder is answered by its ``index.html`` or not
at all (no listing of what a folder holds), a path that leads out of the site through a symbolic
link is not found, and a browser that hangs up mid-answer (a reload, a closed tab) is no error.
It listens on 127.0.0.1 only and stops with the command.
"""

from __future__ import annotations

import http.server
import sys
from http import HTTPStatus
from pathlib import Path

#: What a browser's hanging up looks like to the server: nothing to report.
HUNG_UP = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError)


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Files of the site folder; a folder without ``index.html`` and anything outside it: 404."""

    index_pages = ("index.html",)

    def send_head(self):
        target = Path(self.translate_path(self.path))
        if target.is_dir():
            target = target / self.index_pages[0]
        # The site's folder is resolved on each request: a build may have published a new one since.
        site = Path(self.directory).resolve()
        real = target.resolve()
        if not real.is_file() or not real.is_relative_to(site):
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None
        return super().send_head()

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
