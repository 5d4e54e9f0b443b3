"""A budget table in a PDF: each page's text (pdfplumber), read by :mod:`jobbook.ingest.reader`.

A table drawn with ruling lines is taken cell by cell and handed to the text reader as
tab-separated lines, so wrapped cell text stays in its cell; the text around it, and tables
without ruling lines, are taken as pdfplumber's text lines.

Pages are parsed one at a time and only those needed: with a page number, that page alone.
Before a page is parsed its streams are measured (:mod:`jobbook.ingest.pdf_limits`), so a small
file that inflates to gigabytes is refused in one line instead of filling the memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import pairwise
from pathlib import Path

from jobbook.ingest.lexicon import join_wrapped
from jobbook.ingest.lines import logical_lines
from jobbook.ingest.model import Problem, ReadTable, TableRefused
from jobbook.ingest.pdf_limits import (
    MAX_PAGES,
    MAX_READ_MEMORY_BYTES,
    MAX_SEARCH_CONTENT_BYTES,
    PageWork,
    TooLarge,
    bounded_memory,
)
from jobbook.ingest.reader import _strong_row, describe_candidates, read_table_text

#: At most this many characters of the input (here: of pdfminer's error) are quoted in a message.
QUOTED_CHARS = 200


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


def _refused(message: str) -> TableRefused:
    return TableRefused([Problem(None, message)])


def _unwrapped(exc: BaseException) -> BaseException:
    """pdfminer's own error: pdfplumber wraps it in PdfminerException."""
    while type(exc).__name__ == "PdfminerException" and exc.args and isinstance(exc.args[0], BaseException):
        exc = exc.args[0]
    return exc


def _cause(exc: BaseException) -> str:
    """An error as one short line (pdfminer often leaves the text empty)."""
    detail = " ".join(str(exc).split())
    detail = detail if len(detail) <= QUOTED_CHARS else detail[:QUOTED_CHARS] + "..."
    return f"{type(exc).__name__}: {detail}" if detail else f"{type(exc).__name__}, with no detail"


def unreadable(exc: BaseException, where: str = "the PDF") -> TableRefused:
    """A failure inside pdfminer or pdfplumber (damaged file, memory) as one line naming ``where``."""
    exc = _unwrapped(exc)
    if isinstance(exc, MemoryError):
        return _refused(f"{where}: reading it needs more than the {MAX_READ_MEMORY_BYTES >> 20} MB of memory the "
                        "reader allows; the file may be damaged or built to exhaust memory")
    return _refused(f"{where} cannot be read: it may be damaged ({_cause(exc)})")


@contextmanager
def open_pdf(path: Path) -> Iterator:
    """pdfplumber's PDF; an encrypted or damaged file is refused in one line. The pages are not
    read yet: :func:`pages_of` walks them one by one."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError

    # The file is ours to close: pdfplumber's own close() first makes an object of every page.
    with open(path, "rb") as stream, bounded_memory():
        try:
            pdf = pdfplumber.open(stream)
        except Exception as exc:  # pdfplumber wraps every pdfminer error in PdfminerException
            if isinstance(_unwrapped(exc), PDFEncryptionError):
                raise _refused("the PDF is encrypted (protected by a password, or by an encryption this reader "
                               "does not support): open it, save an unencrypted copy and import that") from None
            raise unreadable(exc) from None
        yield pdf


def pages_of(pdf) -> Iterator[tuple[int, object]]:
    """(number, pdfminer page) in order; each page's dictionary is read when it is reached, so
    finding page 1 of 20,000 reads one."""
    from pdfminer.pdfpage import PDFPage

    pages = PDFPage.create_pages(pdf.doc)
    number = 0
    while True:
        try:
            page = next(pages)
        except StopIteration:
            return
        except Exception as exc:
            raise unreadable(exc, f"the PDF's list of pages (after page {number})") from None
        number += 1
        yield number, page


def read_page_text(pdf, number: int, page) -> str:
    """The text of one page (see :func:`page_text`), after its streams are measured against the
    limits of :mod:`jobbook.ingest.pdf_limits`; a page over them is refused before it is parsed."""
    _measured(number, page)
    return _parsed(pdf, number, page)


def _measured(number: int, page) -> int:
    """The page's drawing instructions in bytes; refused over the limits."""
    work = PageWork()
    try:
        work.count_page(page)
    except TooLarge as exc:
        raise _refused(f"page {number} holds more than {exc.limit_bytes // 1024:,} KB of {exc.what} once "
                       "decompressed, more than the reader reads from one page (a page of tables holds far "
                       "less): the file may be damaged or built to exhaust memory") from None
    except Exception as exc:
        raise unreadable(exc, f"page {number}") from None
    return work.content_bytes


def _parsed(pdf, number: int, page) -> str:
    from pdfplumber.page import Page

    plumbed = Page(pdf, page, page_number=number)
    try:
        return page_text(plumbed)
    except Exception as exc:
        raise unreadable(exc, f"page {number}") from None
    finally:
        plumbed.close()  # the page's characters and lines go: one page in memory at a time


def _count_within(pdf, limit: int) -> int:
    """The number of pages, counted no further than ``limit`` + 1."""
    count = 0
    for count, _ in pages_of(pdf):
        if count > limit:
            break
    return count


def pdf_pages_text(path: Path) -> list[str]:
    """The text of every page; refused as the search for a table is (see :func:`read_table_pdf`),
    and when a page is over the limits."""
    path = Path(path)
    with open_pdf(path) as pdf:
        texts, skipped = _search_texts(pdf, path)
    if skipped:
        raise next(iter(skipped.values()))
    return texts


def _refused_search(path: Path, why: str) -> TableRefused:
    return _refused(f"{path.name} {why}, more than the reader searches for a table: pass --page with the number "
                    "of the page that holds it")


def _search_texts(pdf, path: Path) -> tuple[list[str], dict[int, TableRefused]]:
    """Every page's text for the search; a page over the limits is skipped (its text empty) and
    kept with its refusal. At most MAX_PAGES pages and MAX_SEARCH_CONTENT_BYTES of drawing, both
    measured before any page is parsed."""
    if _count_within(pdf, MAX_PAGES) > MAX_PAGES:
        raise _refused_search(path, f"has more than {MAX_PAGES} pages")
    pages, skipped = [], {}
    content_bytes = 0
    for number, page in pages_of(pdf):
        try:
            content_bytes += _measured(number, page)
            pages.append(page)
        except TableRefused as refused:
            pages.append(None)
            skipped[number] = refused
        if content_bytes > MAX_SEARCH_CONTENT_BYTES:
            raise _refused_search(path, f"holds more than {MAX_SEARCH_CONTENT_BYTES >> 20} MB of drawing "
                                        f"instructions in its first {number} pages")
    texts = [_parsed(pdf, number, page) if page is not None else "" for number, page in enumerate(pages, start=1)]
    return texts, skipped


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

    With ``page`` only that page is parsed. The search reads at most MAX_PAGES pages and
    MAX_SEARCH_CONTENT_BYTES of their drawing, and skips a page over the limits of
    :mod:`jobbook.ingest.pdf_limits` (given as ``page`` it is refused). An encrypted or damaged
    PDF is refused in one line, and so is one that needs more memory than the reader allows.
    """
    path = Path(path)
    with open_pdf(path) as pdf:
        if page is not None:
            return _read_one_page(pdf, page, unit, heading)
        pages, skipped = _search_texts(pdf, path)
    found = {n: describe_candidates(text) for n, text in enumerate(pages, start=1)}
    if heading is not None:
        wanted = " ".join(heading.casefold().split())
        found = {n: c for n, c in found.items() if c and wanted in " ".join(pages[n - 1].casefold().split())}
    holding = [n for n, c in found.items() if c]
    if not holding and len(pages) == 1 and skipped:
        raise skipped[1]
    if not holding:
        unread = (f"; not read, over the reader's limits for one page: page {', '.join(map(str, list(skipped)[:10]))}"
                  f"{' and more' if len(skipped) > 10 else ''} (--page N says why)") if skipped else ""
        raise _refused(f"no page of {path.name} holds a table: expected a header naming columns (such as "
                       f"'Budget 2025') followed by rows{unread}")
    if len(holding) > 1:
        listed = "; ".join(f"page {n} ('{found[n][0][1]}')" for n in holding[:10])
        more = f" and {len(holding) - 10} more" if len(holding) > 10 else ""
        raise _refused(f"tables were found on {len(holding)} pages: {listed}{more}; pass --page to pick one")
    chosen = holding[0]
    if chosen < len(pages) and not describe_candidates(pages[chosen]) and _continues_on(pages[chosen]):
        raise _refused(f"the table on page {chosen} seems to continue on page {chosen + 1} (rows without a "
                       "header at its top); tables over several pages are not joined: pass --page to read one page")
    return _read_text_of_page(pages[chosen - 1], chosen, unit, heading)


def _read_one_page(pdf, number: int, unit: str | None, heading: str | None) -> ReadTable:
    if number < 1:
        raise _refused(f"page {number} does not exist; pages are numbered from 1")
    count = 0
    for count, page in pages_of(pdf):
        if count == number:
            return _read_text_of_page(read_page_text(pdf, number, page), number, unit, heading)
    raise _refused(f"page {number} does not exist; the PDF has {count} page(s)")


def _read_text_of_page(text: str, number: int, unit: str | None, heading: str | None) -> ReadTable:
    try:
        return read_table_text(text, unit=unit, heading=heading)
    except TableRefused as refused:
        raise _on_page(number, refused) from None
