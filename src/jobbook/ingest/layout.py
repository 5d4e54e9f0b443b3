"""How one table is laid out: where its code, name, figures, unit and header sit, chosen once.

The reader finds a table's header, then looks once at the lines under it and decides: cells
separated by tabs or pipes, or running text; the name before the figures or after them; konto
codes in the name or in a column of their own; thousands grouped by "." or by spaces; where the
unit is stated. The row reader (:mod:`jobbook.ingest.rows`) asks the :class:`Layout` how to split
each line, and a refusal names the layout it tried, so a reader of the message can see what
was assumed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jobbook.ingest.lexicon import Slot, starts_with_code
from jobbook.ingest.numbers import (
    FigureError,
    groups_by_dots,
    split_figures,
    split_leading_figures,
    split_trailing_amounts,
)

SCAN_LINES = 60  # lines under the header looked at to choose the layout


@dataclass
class Layout:
    """The choices made once for a table; the row reader asks them."""

    slots: list[Slot]  # every figure column of the header, in printed order (extra columns too)
    cell_map: tuple[int, list[int]] | None  # (cells in the header, figure cell positions) for a cell header
    separator: str = "spaces"  # "spaces" (running text) | "tabs" | "pipes"
    order: str = "name-first"  # "name-first" | "amounts-first" (running text only)
    codes: str = "no code"  # "code in the name" | "code column" | "no code"
    spaces_group: bool = True  # thousands may be grouped by spaces (no figure grouped by "." is printed)
    unit_place: str = "no unit stated"  # "unit in heading" | "unit in header" | "unit on a line of its own" | ...
    letters_line: int | None = None  # a row of column letters (A B C ...) under the header
    price_levels: list[str | None] = field(default_factory=list)  # per year column, when printed
    label_edges: list[int] | None = None  # right edges of the header's column labels (monospaced text)

    @property
    def n(self) -> int:
        return len(self.slots)

    def describe(self) -> str:
        """'read as: code, name, 3 amount columns (Regnskab 2008, Budget 2009, Budget 2010), unit in heading'."""
        years = [s.label for s in self.slots if s.kind == "year"]
        extra = [s.label for s in self.slots if s.kind != "year"]
        figures = f"{len(years)} amount column{'s' if len(years) != 1 else ''} ({', '.join(years)})"
        if extra:
            figures += f" and {len(extra)} dropped ({', '.join(extra)})"
        code = {"code in the name": "code, name", "code column": "code column, name"}.get(self.codes, "name")
        parts = [f"{figures}, {code}" if self.order == "amounts-first" else f"{code}, {figures}"]
        if self.separator != "spaces":
            parts.append(f"cells separated by {self.separator}")
        parts.append("thousands by '.' or spaces" if self.spaces_group else "thousands by '.'")
        if self.letters_line is not None:
            parts.append(f"column letters on line {self.letters_line}")
        parts.append(self.unit_place)
        return "read as: " + ", ".join(parts)

    def split_text(self, text: str, spaced: str = "") -> tuple[str, list[str]]:
        """The name and figures of a line of running text, in this layout (``spaced``: the line as
        printed, for its gaps and column positions); FigureError when ambiguous."""
        if self.order == "amounts-first":
            return split_leading_figures(text, self.n, self.spaces_group)
        return split_figures(text, self.n, self.spaces_group, spaced, self.label_edges)


_LABEL = re.compile(r"\S+(?: \S+)*")  # words one space apart: one label of a spaced header


def label_edges(header: list, n: int) -> list[int] | None:
    """The right edges of the last ``n`` labels on the lowest header line that prints at least ``n``
    labels two or more spaces apart (a monospaced header); None when no line does."""
    for line in reversed(header):
        ends = [m.end() for m in _LABEL.finditer(line.spaced)] if line.spaced else []
        if len(ends) >= n:
            return ends[-n:]
    return None


def _leads_with_figures(text: str, n: int) -> bool:
    try:
        name, figures = split_leading_figures(text, n, True)
    except FigureError:
        return False
    return len(figures) == n and bool(name) and any(ch.isalpha() for ch in name)


def _name_after(text: str, n: int) -> str:
    try:
        return split_leading_figures(text, n, True)[0]
    except FigureError:
        return ""


def _ends_with_figures(text: str) -> bool:
    _, amounts = split_trailing_amounts(text)
    return bool(amounts)


def choose_layout(slots: list[Slot], cell_map: tuple[int, list[int]] | None, body: list, unit_place: str,
                  letters_line: int | None) -> Layout:
    """The layout of a table from its header and the lines under it (``body``: rows.Line objects up to
    where the table can end, without lines that only state a unit or price level)."""
    layout = Layout(slots, cell_map, unit_place=unit_place, letters_line=letters_line)
    scanned = body[:SCAN_LINES]
    cells = [line.cells for line in scanned if line.cells is not None]
    if cells:
        layout.separator = "tabs" if any(line.separator == "tab" for line in scanned) else "pipes"
    text_lines = [line.text for line in scanned if line.cells is None]
    leading = sum(1 for text in text_lines if _leads_with_figures(text, layout.n))
    trailing = sum(1 for text in text_lines if _ends_with_figures(text))
    if leading > trailing:
        layout.order = "amounts-first"
    # Thousands: a table that prints one figure grouped by "." groups them all so; in every line
    # of it a space separates two figures. The whole table is looked at (up to where it can end).
    # Figures typeset with no-break or thin spaces (written "." on reading) are no evidence of ".".
    layout.spaces_group = not any(groups_by_dots(line.text) and not line.typeset_groups for line in body)
    if any(row and starts_with_code(row[0]) and not row[0].split(maxsplit=1)[1:] for row in cells):
        layout.codes = "code column"
    elif any(starts_with_code(" ".join(row)) for row in cells) or any(
            starts_with_code(_name_after(t, layout.n) if layout.order == "amounts-first" else t) for t in text_lines):
        layout.codes = "code in the name"
    return layout
