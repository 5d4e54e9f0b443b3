"""The lines of a text as the table reader sees them: cells, wrapped words, over-long lines, and
what a line is (a header, a row, a row of column letters, a unit line, prose)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jobbook.ingest.lexicon import (
    HeaderReader,
    is_header_line,
    join_wrapped,
    names_year,
    starts_lower,
    starts_with_code,
)
from jobbook.ingest.model import find_price_basis, find_unit_statements, strip_price_basis, strip_unit_phrases
from jobbook.ingest.numbers import (
    GROUP_SPACES,
    figure_parts,
    is_cell_amount,
    join_group_spaces,
    split_trailing_amounts,
)

END_OF_TABLE = re.compile(r"^\s*(?:(?:kilde|noter?|anmærkning(?:er)?)\b|anm\.)", re.I)
_SEPARATOR_CELL = re.compile(r"^:?-{2,}:?$")
_WORD_HYPHEN_END = re.compile(r"[^\W\d_]-$")
_UNIT_LINE_FILLER = {"beløb", "i", "alle", "er", "tal", "angivet", "anført", "opgjort", "tallene", "beløbene",
                     "og", "(", ")", ":", "-", "antal", "faktisk"}


MAX_LINE_CHARS = 1_000  # a longer line is never part of a table (prose, or not a table at all)


@dataclass
class Line:
    no: int  # 1-based number of the (first) input line
    text: str  # whitespace-normalised text; a hyphen-wrapped continuation is joined on
    cells: list[str] | None  # the cells of a tab- or pipe-separated line
    separator: str | None = None  # "tab" | "pipe" for a line of cells
    length: int = 0  # characters of an over-long line (its text is not kept: it is never read)
    typeset_groups: bool = False  # thousands were printed with no-break or thin spaces (now written ".")
    # The physical line that holds the figures, spacing kept (the wrapped continuation of a joined
    # line): its wide gaps and column positions tell space-grouped figures apart (numbers.py).
    spaced: str = ""
    # What the reader has found out about the line, so that no line is examined twice for the same
    # thing (keeps reading linear: several passes ask the same questions).
    memo: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def overlong(self) -> bool:
        return self.length > MAX_LINE_CHARS

    def answer(self, question: str, find):
        """``find(self)``, computed once per line."""
        if question not in self.memo:
            self.memo[question] = find(self)
        return self.memo[question]


_EMPHASIS = re.compile(r"^(\*\*|__|\*|_)(.+)\1$")


def _cell(text: str) -> str:
    text = text.strip()
    return _EMPHASIS.sub(r"\2", text).strip()


def split_cells(raw: str) -> list[str] | None:
    if "\t" in raw:
        return [_cell(c) for c in raw.strip(" \r\n").split("\t")]
    if "|" in raw:
        body = raw.strip()
        if body.startswith("|"):
            body = body[1:]
        if body.endswith("|"):
            body = body[:-1]
        return [_cell(c) for c in body.split("|")]
    return None


_OTHER_SPACES = str.maketrans({ch: " " for ch in GROUP_SPACES})


def logical_lines(text: str) -> list[Line]:
    """Non-empty lines; a word hyphenated at a line end ("udlæn-" / "dinge ...") is joined.

    A byte-order mark is dropped; no-break and thin spaces between digit groups are thousands
    marks (written "."), elsewhere spaces. A line longer than MAX_LINE_CHARS is kept only as its
    length: no table line is that long, and reading it would cost time for nothing.
    """
    out: list[Line] = []
    for number, raw in enumerate(text.replace("\ufeff", "").splitlines(), start=1):
        if len(raw) > MAX_LINE_CHARS:
            out.append(Line(number, "", None, None, len(raw)))
            continue
        if not raw.strip():
            continue
        joined = join_group_spaces(raw)
        typeset = joined != raw
        raw = joined.translate(_OTHER_SPACES)
        cells = split_cells(raw)
        if cells is not None and cells and all(_SEPARATOR_CELL.match(c) for c in cells if c):
            continue  # markdown separator row
        shown = " ".join(" ".join(cells).split()) if cells is not None else " ".join(raw.split())
        if cells is None and out and out[-1].cells is None and _WORD_HYPHEN_END.search(out[-1].text) \
                and starts_lower(shown):
            out[-1].text = join_wrapped(out[-1].text, shown)  # "Faktisk an-" / "tal 2020"
            out[-1].spaced = raw.rstrip()
            continue
        out.append(Line(number, shown, cells, None if cells is None else "tab" if "\t" in raw else "pipe",
                        typeset_groups=typeset, spaced=raw.rstrip() if cells is None else ""))
    return out


_LONE_CAPITAL = re.compile(r"(?<!\S)[A-Z](?!\S)")


def is_letters_row(line: Line) -> bool:
    """A row of column letters under a header ("A B C D", "| 1.000 kr. | A | B | C |"): letters in order,
    besides cells that only state a unit or price level."""
    return line.answer("letters", _is_letters_row)


def _is_letters_row(line: Line) -> bool:
    if line.overlong or not _LONE_CAPITAL.search(line.text):
        return False
    parts = line.cells if line.cells is not None else [line.text]
    letters: list[str] = []
    for part in parts:
        if part.strip() and unit_or_price_line(part):
            continue  # "Beløb i 1.000 kr." in the cell above the name column
        words = strip_unit_phrases(strip_price_basis(part)).replace("(", " ").replace(")", " ").split()
        letters.extend(w for w in words if w.casefold().strip(".,:") not in _UNIT_LINE_FILLER)
    if len(letters) < 2 or not all(len(x) == 1 and "A" <= x <= "Z" for x in letters):
        return False
    return all(ord(b) == ord(a) + 1 for a, b in zip(letters, letters[1:], strict=False))


def announces_columns(line: Line) -> bool:
    """A short line of running text without figures that names a column (a basis and a year): a header
    with other words in it ("Drift pr. indbygger Regnskab 2008 Budget 2009")."""
    return line.answer("announces", _announces_columns)


def _announces_columns(line: Line) -> bool:
    if line.overlong or line.cells is not None or is_prose(line.text) or not names_year(line.text):
        return False
    _, amounts = trailing_amounts(line)
    if amounts:
        return False
    reader = HeaderReader()
    reader.feed(0, line.text)
    return any(s.kind == "year" and s.year for s in reader.slots)


def trailing_amounts(line: Line) -> tuple[str, list[str]]:
    """The line's name and the whole figures at its end (no thousands by spaces), found once."""
    return line.answer("trailing", lambda x: split_trailing_amounts(x.text))


def looks_like_row(line: Line) -> bool:
    return line.answer("row", _looks_like_row)


def _looks_like_row(line: Line) -> bool:
    if line.overlong:
        return False
    if line.cells is not None:
        return any(is_cell_amount(c) for c in line.cells[1:] if c)
    _, amounts = trailing_amounts(line)
    return bool(amounts) or starts_with_code(line.text) or _leads_with_figures(line.text)


def _leads_with_figures(text: str) -> bool:
    """Figures, then a name: a row of a table that prints its amounts first ("412,5 420,0 Sygedagpenge")."""
    words = text.split(maxsplit=1)
    return len(words) == 2 and "whole" in figure_parts(words[0]) and any(ch.isalpha() for ch in words[1])


def _header_words_only(line: Line) -> bool:
    return line.answer("header words", lambda x: not x.overlong and is_header_line(x.text))


def is_table_header(line: Line) -> bool:
    return line.answer("table header", lambda x: _header_words_only(x) and names_year(x.text))


def is_header_part(line: Line) -> bool:
    """A line of a header block: header words only, or a row of column letters."""
    return _header_words_only(line) or is_letters_row(line)


def is_unit_line(line: Line) -> bool:
    """A line that only states a unit and/or price level (see :func:`unit_or_price_line`), found once."""
    return line.answer("unit line", lambda x: x.cells is None and unit_or_price_line(x.text))


def is_prose(text: str) -> bool:
    """A sentence of running text rather than a heading or a row name."""
    words = text.split()
    if len(words) >= 12:
        return True
    last = words[-1] if words else ""
    return len(words) >= 6 and last.endswith(".") and len(last) > 4 and "." not in last[:-1]


def unit_or_price_line(text: str) -> bool:
    """A line that only states a unit and/or a price basis ("Beløb i 1.000 kr.", "2009-priser")."""
    if not find_unit_statements(text) and not find_price_basis(text):
        return False
    rest = strip_unit_phrases(strip_price_basis(text)).replace("(", " ").replace(")", " ")
    return all(w.casefold().strip(".,:") in _UNIT_LINE_FILLER or not w.strip(".,:") for w in rest.split())
