"""Payloads in every free-text column of every table, built into the book and read in Chromium.

No script runs, no element is injected, no ``javascript:`` link appears, no file from outside
the project reaches the site, and no download holds a live formula.
"""

from __future__ import annotations

import csv
import io
import re
import urllib.parse
from pathlib import Path

import pytest

from conftest import copy_project, run_jobbook
from jobbook.data.tables import TABLES
from jobbook.outputs.browser import block_other_hosts, launch_chromium, serve_directory, wait_for_charts

pytestmark = [pytest.mark.slow, pytest.mark.browser]

SECRET = "jobbook-outside-file-7f3c"  # the content of a file outside the project
PAYLOADS = [
    "<script>window.__pwned = 1</script>",
    '<img src=x id=injected onerror="window.__pwned = 2">',
    '<a id=injected href="javascript:window.__pwned = 3">klik</a>',
    "</script><script>window.__pwned = 4</script><!--",
    '"><svg id=injected onload="window.__pwned = 5">',
    "[klik](javascript:window.__pwned=6) **fed** {raw}`<b id=injected>`",
    "{{ secret }} {glue:text}`year` $$x$$ <!-- kommentar",
    "```{literalinclude} ../../../../outside.txt ``` :::{raw} html",
    "=HYPERLINK(\"http://example.invalid\",\"klik\")",
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
]


def free_text_columns(spec):
    """Columns of free text: no pattern, no fixed values, no reference to another table, not a key."""
    return [f.name for f in spec.fields if f.kind == "text" and not f.pattern and not f.allowed
            and not f.references and f.name not in spec.key]


def poison(data_dir: Path) -> int:
    """Put a payload into every free-text cell of every table; the number of cells changed."""
    changed = 0
    for spec in TABLES:
        columns = free_text_columns(spec)
        path = data_dir / spec.file_name
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            header, rows = reader.fieldnames, list(reader)
        for i, row in enumerate(rows):
            for j, column in enumerate(columns):
                if row[column]:
                    row[column] = PAYLOADS[(i + j) % len(PAYLOADS)]
                    changed += 1
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return changed


@pytest.fixture(scope="module")
def poisoned_book(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    (root / "outside.txt").write_text(SECRET, encoding="utf-8")
    project = copy_project(root / "a" / "b" / "project")
    assert poison(project / "data") > 300
    result = run_jobbook(project, "build", "--no-progress")
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "_build" / "html"


def test_every_free_text_column_is_covered():
    covered = {spec.name: free_text_columns(spec) for spec in TABLES}
    assert "statement_da" in covered["statements"] and "title" in covered["sources"]
    assert "description_da" in covered["sources"] and "konto_name_printed" in covered["budget_by_account"]
    assert sum(len(c) for c in covered.values()) >= 30


def test_no_outside_file_reaches_the_site(poisoned_book):
    for path in poisoned_book.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".js", ".txt", ".json"):
            assert SECRET not in path.read_text(encoding="utf-8", errors="replace"), path


DOWNLOAD = re.compile(r'data-format="(csv|csv-excel)" download="[^"]*" href="data:text/csv;charset=utf-8,([^"]*)"')


def test_downloads_hold_no_live_formula(poisoned_book):
    formulas = files = 0
    for page in poisoned_book.rglob("*.html"):
        for kind, href in DOWNLOAD.findall(page.read_text(encoding="utf-8")):
            files += 1
            content = urllib.parse.unquote(href).removeprefix("\ufeff")  # the Excel file has a byte-order mark
            delimiter = ";" if kind == "csv-excel" else ","
            for row in csv.reader(io.StringIO(content, newline=""), delimiter=delimiter):
                for cell in row:
                    assert not cell.startswith(("=", "+", "@")), (page.name, kind, cell)
                    formulas += cell.startswith(("'=", "'+", "'@"))
    assert files >= 40  # both files of every figure
    assert formulas > 0  # the payloads did reach the downloads (cells, titles, sources), neutralised


INSPECT_JS = """() => ({
  pwned: window.__pwned || null,
  injected: document.querySelectorAll('#injected').length,
  javascriptLinks: Array.from(document.querySelectorAll('a[href]')).filter(a =>
      a.getAttribute('href').trim().toLowerCase().startsWith('javascript:')).length,
  payloadText: (document.body || document.documentElement).innerText.includes('window.__pwned'),
})"""


def test_no_payload_runs_or_becomes_markup_in_the_browser(poisoned_book):
    pages = sorted(p.relative_to(poisoned_book).as_posix() for p in poisoned_book.rglob("*.html")
                   if "_static" not in p.parts and 'http-equiv="refresh"' not in p.read_text(encoding="utf-8").lower())
    assert len(pages) >= 14
    shown_as_text = 0
    with serve_directory(poisoned_book) as base, launch_chromium() as browser:
        for name in pages:
            page = browser.new_page()
            dialogs = []
            page.on("dialog", lambda d, seen=dialogs: (seen.append(d.message), d.dismiss()))
            blocked = block_other_hosts(page, base)
            page.goto(base + name, wait_until="load")
            if page.locator(".jobbook-chart").count():
                wait_for_charts(page)
            state = page.evaluate(INSPECT_JS)
            assert state["pwned"] is None, (name, state)
            assert state["injected"] == 0, (name, state)
            assert state["javascriptLinks"] == 0, (name, state)
            assert dialogs == [] and blocked == [], (name, dialogs, blocked)
            shown_as_text += state["payloadText"]
            page.close()
    assert shown_as_text >= 5  # the payloads are on the pages, as plain text
