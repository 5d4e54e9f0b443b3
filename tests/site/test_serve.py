"""``jobbook serve`` as a user runs it (``python -m jobbook``, a real server on a free port, real
requests): it serves the site's pages and nothing else, answers a bad port in one line, and a
browser that hangs up mid-answer leaves no traceback in its log."""

from __future__ import annotations

import gzip
import http.client
import os
import queue
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import REPO_ROOT

STARTUP_SECONDS = 30


@pytest.fixture
def project(tmp_path) -> Path:
    """A settings file and a built site, published as a build publishes it (``_build/html`` a link
    to a folder in ``_build/sites``): pages, a folder of assets without an index page, and symbolic
    links, inside the site and out of it."""
    project = tmp_path / "project"
    site = project / "_build" / "sites" / "1-1"
    (site / "book").mkdir(parents=True)
    (project / "_build" / "html").symlink_to(Path("sites") / "1-1")
    (site / "_static").mkdir()
    shutil.copy(REPO_ROOT / "jobbook.toml", project / "jobbook.toml")
    (site / "index.html").write_text("<p>Forside</p>", encoding="utf-8")
    (site / "book" / "index.html").write_text("<p>Budgetåret 2026</p>", encoding="utf-8")
    (site / "_static" / "jobbook.css").write_text("body{}", encoding="utf-8")
    (site / "_static" / "kort.bin").write_bytes(bytes(range(256)) * 65_536)  # 16 MB: a long answer
    private = tmp_path / "private"
    (private / "notes").mkdir(parents=True)
    (private / "secret.txt").write_text("adgangskode", encoding="utf-8")
    (private / "notes" / "index.html").write_text("<p>privat</p>", encoding="utf-8")
    (site / "private").symlink_to(private)  # a folder out of the site
    (site / "book" / "secret.html").symlink_to(private / "secret.txt")  # a file out of the site
    (site / "notes").mkdir()
    (site / "notes" / "index.html").symlink_to(private / "notes" / "index.html")  # an index page out of it
    (site / "latest").symlink_to(site / "book")  # a link that stays inside: served
    return project


def jobbook(project: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "jobbook", "--settings", str(project / "jobbook.toml"), *args]


class Server:
    """``jobbook serve --port 0`` in a child process; stopped (SIGINT, as Ctrl+C) and its logs kept."""

    def __init__(self, project: Path):
        self.process = subprocess.Popen(jobbook(project, "serve", "--port", "0"), stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)
        lines: queue.Queue = queue.Queue()
        threading.Thread(target=lambda: lines.put(self.process.stdout.readline()), daemon=True).start()
        try:
            first = lines.get(timeout=STARTUP_SECONDS)
        except queue.Empty:
            self.process.kill()
            raise AssertionError("the server did not start") from None
        assert first.startswith("Serving the book on http://127.0.0.1:"), first + self.process.stderr.read()
        self.port = int(first.split("127.0.0.1:")[1].split("/")[0])
        self.stderr = ""

    def get(self, path: str) -> tuple[int, bytes]:
        status, _, body = self.request(path)
        return status, body

    def request(self, path: str, headers: dict | None = None) -> tuple[int, http.client.HTTPMessage, bytes]:
        """GET ``path`` with ``headers``: the status, the answer's headers and its body as sent."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", path, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            _, self.stderr = self.process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _, self.stderr = self.process.communicate(timeout=10)
        return self.process.returncode


@pytest.fixture
def server(project):
    running = Server(project)
    yield running
    running.stop()


def test_pages_are_served(server):
    assert server.get("/") == (200, b"<p>Forside</p>")
    assert server.get("/book/") == (200, "<p>Budgetåret 2026</p>".encode())
    assert server.get("/_static/jobbook.css") == (200, b"body{}")
    assert server.get("/book")[0] == 301  # to /book/, as any web server does
    assert server.get("/latest/index.html") == (200, "<p>Budgetåret 2026</p>".encode())


def test_a_site_published_while_serving_is_served(server, project):
    new = project / "_build" / "sites" / "2-2"
    new.mkdir()
    (new / "index.html").write_text("<p>Ny udgave</p>", encoding="utf-8")
    link = project / "_build" / ".html.tmp"
    link.symlink_to(Path("sites") / "2-2")
    link.replace(project / "_build" / "html")  # the build's flip of the link
    assert server.get("/") == (200, b"<p>Ny udgave</p>")
    assert server.get("/book/")[0] == 404  # not in the new site


def test_a_folder_without_an_index_page_is_not_listed(server):
    status, body = server.get("/_static/")
    assert status == 404 and b"jobbook.css" not in body and b"kort.bin" not in body
    assert server.get("/_static")[0] == 404


@pytest.mark.parametrize("path", ["/private/secret.txt", "/private/", "/private/notes/", "/book/secret.html",
                                  "/notes/", "/notes/index.html", "/book/../../../private/secret.txt"])
def test_no_symbolic_link_leads_out_of_the_site(server, path):
    status, body = server.get(path)
    assert status == 404 and b"adgangskode" not in body and b"privat" not in body


def test_a_browser_hanging_up_mid_answer_leaves_no_traceback(server):
    for _ in range(5):
        with socket.socket() as client:
            # A small receive buffer, so the answer cannot all be sent before the reset.
            client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            client.settimeout(10)
            client.connect(("127.0.0.1", server.port))
            client.sendall(b"GET /_static/kort.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert client.recv(1024).startswith(b"HTTP/1.0 200")
            # Close with a reset (linger 0), as a browser's tab closed mid-download does.
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    assert server.get("/")[0] == 200  # it goes on serving
    assert server.stop() == 130
    assert "Traceback" not in server.stderr and "Error" not in server.stderr, server.stderr
    assert server.stderr.count('"GET /_static/kort.bin HTTP/1.1" 200') == 5  # the requests were answered


@pytest.mark.parametrize("port", ["70000", "-1"])
def test_a_bad_port_is_one_line(project, port):
    done = subprocess.run(jobbook(project, "serve", "--port", port), capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == f"jobbook serve: --port {port} is not a port: expected 1-65535 (or 0 for any free one)\n"


def test_a_port_in_use_is_one_line(project, server):
    done = subprocess.run(jobbook(project, "serve", "--port", str(server.port)), capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2
    assert done.stderr == (f"jobbook serve: cannot serve on port {server.port}: Address already in use; "
                           "try another --port\n")


def test_python_dash_m_jobbook_is_the_command_line():
    done = subprocess.run([sys.executable, "-m", "jobbook", "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("usage: jobbook ") and "import-budget" in done.stdout


def publish_compressed(project: Path) -> Path:
    """The published site with its compressed copies, written as the build writes them."""
    from jobbook.build.publish import write_precompressed

    site = project / "_build" / "html"
    (site / "book" / "kapitel.html").write_text("<p>Kapitlet om ydelser</p>" * 50, encoding="utf-8")
    written = write_precompressed(site.resolve())
    assert "book/kapitel.html.gz" in written and "_static/jobbook.css.gz" in written
    assert not any(name.startswith("_static/kort.bin") for name in written)  # not text: sent as it is
    return site


def test_a_browser_that_takes_gzip_gets_the_compressed_copy(server, project):
    site = publish_compressed(project)
    page = (site / "book" / "kapitel.html").read_bytes()
    status, headers, body = server.request("/book/kapitel.html", {"Accept-Encoding": "gzip, deflate, br"})
    assert status == 200 and headers["Content-Encoding"] == "gzip" and headers["Vary"] == "Accept-Encoding"
    assert headers["Content-Type"] == "text/html" and int(headers["Content-Length"]) == len(body) < len(page)
    assert gzip.decompress(body) == page
    status, headers, body = server.request("/book/kapitel.html")  # no Accept-Encoding: the page itself
    assert (status, body, headers["Content-Encoding"]) == (200, page, None)
    status, headers, body = server.request("/book/kapitel.html", {"Accept-Encoding": "gzip;q=0, br"})
    assert (status, body, headers["Content-Encoding"]) == (200, page, None)


def test_a_file_rewritten_after_its_compressed_copy_is_sent_as_it_is_now(server, project):
    site = publish_compressed(project)
    page = site / "book" / "kapitel.html"
    page.write_text("<p>Ny tekst</p>", encoding="utf-8")
    copy = page.with_name("kapitel.html.gz")
    os.utime(copy, (page.stat().st_mtime - 10, page.stat().st_mtime - 10))
    status, headers, body = server.request("/book/kapitel.html", {"Accept-Encoding": "gzip"})
    assert (status, body, headers["Content-Encoding"]) == (200, b"<p>Ny tekst</p>", None)


def test_answers_say_how_long_they_may_be_cached(server, project):
    publish_compressed(project)
    _, headers, _ = server.request("/_static/jobbook.css?v=9eb047cc", {"Accept-Encoding": "gzip"})
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["Content-Encoding"] == "gzip" and headers["Content-Type"] == "text/css"
    _, headers, _ = server.request("/_static/jobbook.css")
    assert headers["Cache-Control"] == "public, max-age=3600"
    status, headers, _ = server.request("/book/")
    assert status == 200 and headers["Cache-Control"] == "no-cache"
    status, headers, _ = server.request("/book/kapitel.html")
    status, _, body = server.request("/book/kapitel.html", {"If-Modified-Since": headers["Last-Modified"]})
    assert (status, body) == (304, b"")  # the browser's copy is current


def test_compressed_copies_are_the_same_from_build_to_build(tmp_path):
    from jobbook.build.publish import write_precompressed

    for name, seconds in (("a", 1_700_000_000), ("b", 1_800_000_000)):  # written at other times
        (tmp_path / name).mkdir()
        (tmp_path / name / "side.html").write_text("<p>Budget 2026</p>", encoding="utf-8")
        os.utime(tmp_path / name / "side.html", (seconds, seconds))
        write_precompressed(tmp_path / name)
    first, second = ((tmp_path / name / "side.html.gz").read_bytes() for name in ("a", "b"))
    assert first == second and gzip.decompress(first) == b"<p>Budget 2026</p>"
