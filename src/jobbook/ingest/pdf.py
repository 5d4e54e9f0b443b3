"""A budget table in a PDF: each page's text (pdfplumber), read by :mod:`jobbook.ingest.reader`.

A table drawn with ruling lines is taken cell by cell and handed to the text reader as
tab-separated lines, so wrapped cell text stays in its cell; the text around it, and tables
without ruling lines, are taken as pdfplumber's text lines.
"""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

from jobbook.ingest.lexicon import join_wrapped
from jobbook.ingest.model import Problem, ReadTable, TableRefused
from jobbook.ingest.reader import _strong_row, describe_candidates, read_table_text
from jobbook.ingest.rows import logical_lines


def _cell_text(cell: str | None) -> str:
    text = ""
    for part in (cell or "").splitlines():
        if part.strip():
            text = join_wrapped(text, part.strip()) if text else part.strip()
    return text.replace("\t", " ")


_PAGE_NUMBER = re.compile(r"^\s*(?:(?:side|s\.|page)\s*)?\d{1,4}(?:\s*(?:af|/|of)\s*\d{1,4})?\s*$", re.I)


def _without_page_numbers(text: str) -> str:
    """A page's text without a page number alone on its first or last line."""
    lines = text.split("\n")
    while lines and _PAGE_NUMBER.match(lines[-1]):
        lines.pop()
    while lines and _PAGE_NUMBER.match(lines[0]):
        lines.pop(0)
    return "\n".join(lines)


def page_text(page) -> str:
    """The text of one pdfplumber page, ruled tables as tab-separated lines, top to bottom."""
    return _without_page_numbers(_page_text(page))


def _page_text(page) -> str:
    tables = page.find_tables()
    if not tables:
        return page.extract_text() or ""
    outside = page
    for table in tables:
        outside = outside.outside_bbox(table.bbox)
    items: list[tuple[float, int, str]] = [(line["top"], 0, line["text"]) for line in outside.extract_text_lines()]
    for table in tables:
        for order, (row, cells) in enumerate(zip(table.rows, table.extract(), strict=True)):
            items.append((row.bbox[1], order + 1, "\t".join(_cell_text(c) for c in cells)))
    items.sort(key=lambda item: (round(item[0], 1), item[1]))
    return "\n".join(text for _, _, text in items)


def pdf_pages_text(path: Path) -> list[str]:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return [page_text(page) for page in pdf.pages]


def _continues_on(text: str) -> bool:
    """The top of a page holds rows of figures without a header: a table continued from before."""
    lines = logical_lines(text)[:8]
    return any(_strong_row(a) and _strong_row(b) for a, b in pairwise(lines))


def _on_page(number: int, refused: TableRefused) -> TableRefused:
    return TableRefused([Problem(p.line, f"page {number}: {p.message}") for p in refused.problems])


def read_table_pdf(path: Path, page: int | None = None, unit: str | None = None,
                   heading: str | None = None) -> ReadTable:
    """Read the budget table in a PDF; ``page`` (1-based) restricts to one page.

    Without ``page`` the page holding a table (a column header followed by rows) is found; when
    several pages hold one, the reader refuses and lists them. Problem lines are lines of the
    page's extracted text; messages start with the page number.
    """
    pages = pdf_pages_text(Path(path))
    if page is not None:
        if not 1 <= page <= len(pages):
            raise TableRefused([Problem(None, f"page {page} does not exist; the PDF has {len(pages)} page(s)")])
        chosen = page
    else:
        found = {n: describe_candidates(text) for n, text in enumerate(pages, start=1)}
        if heading is not None:
            wanted = " ".join(heading.casefold().split())
            found = {n: c for n, c in found.items() if c and wanted in " ".join(pages[n - 1].casefold().split())}
        holding = [n for n, c in found.items() if c]
        if not holding:
            raise TableRefused([Problem(None, f"no page of {Path(path).name} holds a table: expected a header "
                                              "naming columns (such as 'Budget 2025') followed by rows")])
        if len(holding) > 1:
            listed = "; ".join(f"page {n} ('{found[n][0][1]}')" for n in holding)
            raise TableRefused([Problem(None, f"tables were found on {len(holding)} pages: {listed}; "
                                              "pass --page to pick one")])
        chosen = holding[0]
        if chosen < len(pages) and not describe_candidates(pages[chosen]) and _continues_on(pages[chosen]):
            raise TableRefused([Problem(None, f"the table on page {chosen} seems to continue on page {chosen + 1} "
                                              "(rows without a header at its top); tables over several pages "
                                              "are not joined: pass --page to read one page")])
    try:
        return read_table_text(pages[chosen - 1], unit=unit, heading=heading)
    except TableRefused as refused:
        raise _on_page(chosen, refused) from None
