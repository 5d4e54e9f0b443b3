"""A figure's numbers as an HTML table that a phone can show without sideways scrolling.

:func:`html_table` writes a plain, accessible table (``th scope``, an optional caption, Danish
numbers right-aligned) and decides at build time how it is laid out in the reader's column
(book/_static/jobbook.css):

- ``jobbook-cards``: on a phone (below 576 px) each row is a card, each cell on a line under its
  column's name (``data-label``), so the number a row exists for is never off screen. A table gets it
  when it has a column of prose or when its narrowest layout (:func:`narrowest_width_px`) is wider
  than the phone's column; ``jobbook-cards-md`` as well: cards below 768 px, for a table wider than
  the column at 576 px.
- ``jobbook-dense``: from 768 px a smaller type and tighter cells, for a table whose narrowest
  layout is wider than a laptop's column at the normal size (the seven-column tables under "Vis
  tallene bag figuren").

A cell without a value shows "–" in a table and is left out of a card (a line "Bemærkning:" with
nothing after it tells a reader nothing); it stays in the table for a screen reader.
The CSV files are written from the same frame elsewhere (present.csv_files) and are not touched here.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

from jobbook.present import fmt
from jobbook.present.csv_files import is_number_column
from jobbook.present.safe import text

Formatter = Callable[[object], str]

#: A column whose texts run longer than this (characters) is marked "prose": on a narrow screen the
#: browser would otherwise squeeze it to a word or two per line and make every row a tall strip.
PROSE_CELL_CHARS = 60

#: The article's column (CSS px) that a table has at a 390 px phone, at 576 px (a small tablet, a phone
#: held sideways: the narrowest screen that is no phone to jobbook.css) and at a 1366 px laptop
#: (pydata-sphinx-theme's margins), measured in Chromium.
PHONE_COLUMN_PX = 342
TABLET_COLUMN_PX = 528
LAPTOP_COLUMN_PX = 741

#: Widths in em of a wide font a reader may have (DejaVu Sans, which Debian's Chromium uses, is
#: about the widest system-ui font): a letter of a cell, a bold letter of a header, a digit or sign. Being
#: wide on purpose, the estimate errs towards cards, never towards a table off the screen.
LETTER_EM, HEADER_LETTER_EM, DIGIT_EM = 0.56, 0.64, 0.62
#: The table's type (jobbook.css: .9rem, .8rem dense) and the padding either side of a cell.
FONT_PX, DENSE_FONT_PX = 14.4, 12.8
PHONE_PADDING_PX, LAPTOP_PADDING_PX, DENSE_PADDING_PX = 6.4, 9.6, 4.8
#: A column of prose is kept at least this wide in a table (jobbook.css: min-width 10rem).
PROSE_MIN_PX = 160

EMPTY_CELL = "–"


def is_empty(value: object) -> bool:
    """No value: missing, or a text of only spaces."""
    return fmt.is_missing(value) or (isinstance(value, str) and not value.strip())


def _shown(value: object, formatter: Formatter | None) -> str | None:
    """A cell as a reader sees it, or None where it has no value (a formatter's dash for a missing
    number included)."""
    if is_empty(value):
        return None
    shown = formatter(value) if formatter else str(value)
    return None if shown.strip() in ("", EMPTY_CELL) else shown


def _longest_word(value: str) -> str:
    return max(re.split(r"[\s\u00a0]+", value) if value.strip() else [""], key=len)


def _text_px(value: str, font_px: float, letter_em: float) -> float:
    return sum((letter_em if ch.isalpha() else DIGIT_EM) for ch in value) * font_px


def narrowest_width_px(headers: list[str], cells: dict[str, list[str]], numbers: set[str], prose: set[str],
                       font_px: float, padding_px: float) -> float:
    """The width of the table laid out as narrow as a browser can (its min-content width), estimated:
    a header or a text breaks between words, a number never (``white-space: nowrap``), a prose column
    keeps its minimum width. ``cells`` holds each column's cells as shown."""
    total = 0.0
    for header in headers:
        widths = [_text_px(_longest_word(header), font_px, HEADER_LETTER_EM)]
        for cell in cells[header]:
            shown = cell if header in numbers else _longest_word(cell)
            widths.append(_text_px(shown, font_px, LETTER_EM))
        if header in prose:
            widths.append(PROSE_MIN_PX * font_px / FONT_PX)
        total += max(widths) + 2 * padding_px
    return total


def layout_classes(headers: list[str], cells: dict[str, list[str]], numbers: set[str], prose: set[str]) -> list[str]:
    """The table's layout classes (see the module's docstring) from its shown cells."""
    classes = []
    wide = narrowest_width_px(headers, cells, numbers, prose, FONT_PX, LAPTOP_PADDING_PX)
    if prose or narrowest_width_px(headers, cells, numbers, prose, FONT_PX, PHONE_PADDING_PX) > PHONE_COLUMN_PX:
        classes.append("jobbook-cards")
    if wide > TABLET_COLUMN_PX:
        classes += ["jobbook-cards-md"] if classes else ["jobbook-cards", "jobbook-cards-md"]
    if wide > LAPTOP_COLUMN_PX:
        classes.append("jobbook-dense")
    return classes


def html_table(table: pd.DataFrame, formats: dict[str, Formatter], caption: str | None = None) -> str:
    """A plain, accessible HTML table; numbers formatted in Danish and right-aligned; laid out as cards
    on a phone where it would not fit (module docstring).

    A column with no value in any row is left out (a column of dashes tells a reader nothing); the
    CSV files keep every column.
    """
    table = table[[c for c in table.columns if not table[c].map(is_empty).all()]]
    # A number column without a format would print "69321.0" (a header typed one way for the data and
    # another for its format): refused, so the mistake fails a test, not a reader.
    unformatted = [c for c in table.columns if is_number_column(table[c]) and c not in formats]
    if unformatted:
        raise ValueError(f"number column(s) without a Danish number format: {unformatted}; "
                         f"formats are given for {sorted(formats)}")
    headers = [str(c) for c in table.columns]
    numbers = {str(c) for c in table.columns if c in formats}
    prose = {str(c) for c in table.columns if c not in formats
             and table[c].map(lambda v: len(str(v)) if isinstance(v, str) else 0).max() > PROSE_CELL_CHARS}
    cells = {header: [_shown(value, formats.get(column)) for value in table[column]]
             for column, header in zip(table.columns, headers, strict=True)}
    classes = layout_classes(headers, {h: [c or EMPTY_CELL for c in cells[h]] for h in headers}, numbers, prose)
    cards = "jobbook-cards" in classes

    def cell_classes(header: str, cell: str | None) -> str:
        names = (["num"] if header in numbers else []) + (["prose"] if header in prose else [])
        names += ["empty"] if cell is None else []
        return f' class="{" ".join(names)}"' if names else ""

    prose_class = ' class="prose"'
    head = "".join(f'<th scope="col"{prose_class if h in prose else ""}>{text(h)}</th>' for h in headers)
    body = []
    for i in range(len(table)):
        row = []
        for header in headers:
            cell = cells[header][i]
            # Cards carry their column's name, shown before the value (jobbook.css).
            label = f' data-label="{text(header)}"' if cards else ""
            row.append(f"<td{cell_classes(header, cell)}{label}>{text(EMPTY_CELL if cell is None else cell)}</td>")
        body.append("<tr>" + "".join(row) + "</tr>")
    caption_html = f"<caption>{text(caption)}</caption>" if caption else ""
    return (f'<table class="{" ".join(["jobbook-table", *classes])}">{caption_html}<thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>")
