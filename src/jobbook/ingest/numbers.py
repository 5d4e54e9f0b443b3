"""Figures as budget documents print them: thousands grouped by "." or by spaces, signs, brackets,
dashes, and how the figures at the end (or start) of a line of running text are told from the name.

Forms read (Danish: "," is the decimal mark):
- thousands grouped by "." (``71.430``), by a no-break, narrow no-break or thin space (always a
  group mark: typesetting uses them for nothing else), or by an ordinary space (``71 430``; see
  :func:`split_figures` for when that is a group and when two figures: where the tokens cut more
  than one way, the line's gaps decide first, then its column positions under the header, then
  the table's printed total (:func:`jobbook.ingest.sums.decide_by_total`); else it is refused);
- a minus sign of any kind (``-``, U+2212 ``−``, an en dash ``–`` used as minus), with or
  without a space after it (``− 88``); brackets as negative (``(88)``);
- a dash alone (``-``, ``–``, ``—``, figure dash U+2012, ``−``) is zero: Danish budget tables print
  a dash for "nothing budgeted"; an empty cell of a tab or pipe table is no figure (None);
- digits of another script (Arabic-Indic, full-width, ...) are refused, never converted.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

MINUS = "-\u2212\u2013"  # hyphen-minus, minus sign, en dash (as a sign before digits)
DASHES = {"-", "\u2012", "\u2013", "\u2014", "\u2212"}  # alone in a cell or a line: zero
GROUP_SPACES = "\u00a0\u202f\u2009"  # no-break, narrow no-break, thin space
_DASH = "[-\u2012\u2013\u2014\u2212]"
_FORMATTED = r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?|[0-9]+,[0-9]+"
_SMALL = r"[0-9]{1,3}"
# In running text a number of four or more digits without thousands marks (a year, a code) is
# not an amount; in a separated cell (tab or pipe) it is.
TEXT_AMOUNT = re.compile(rf"^(?:[{MINUS}]?(?:{_FORMATTED}|{_SMALL})%?|\((?:{_FORMATTED}|{_SMALL})\)|{_DASH})$")
_CELL_NUMBER = r"[0-9]{1,3}(?:[ .\u00a0\u202f\u2009][0-9]{3})+(?:,[0-9]+)?|[0-9]+(?:,[0-9]+)?"
CELL_AMOUNT = re.compile(rf"^(?:[{MINUS}]?\s?(?:{_CELL_NUMBER})\s?%?|\(\s?(?:{_CELL_NUMBER})\s?\)|{_DASH})$")
# "Rusmidler9,4", "I alt1.077,7": a formatted amount glued to the last letter of a name.
_GLUED = re.compile(rf"^(.*[^\W\d_)])([{MINUS}]?(?:{_FORMATTED}))$")
_GLUED_MAX = 80  # longer tokens are never split (and the pattern stays linear)
_DOT_GROUPED = re.compile(r"(?<![0-9.])[0-9]{1,3}(?:\.[0-9]{3})+(?![0-9]|\.[0-9])")
_GROUP_SPACE = re.compile(rf"(?<=[0-9])[{GROUP_SPACES}](?=[0-9]{{3}}(?![0-9]))")
# Parts of a figure split by ordinary spaces: a head of 1-3 digits (a sign or bracket before),
# then groups of exactly three (the last may carry decimals or the closing bracket).
_HEAD = re.compile(rf"^[{MINUS}]?\(?[0-9]{{1,3}}$")
_GROUP = re.compile(r"^[0-9]{3}(?:,[0-9]+)?\)?%?$")
MAX_FIGURE_TOKENS = 40  # tokens looked at from the end of a line: the rest is name, whatever it holds
MAX_GROUPS = 4  # groups of three after the head of one figure (up to 999 999 999 999 999)
MAX_READINGS = 32  # cuts of one line weighed against the evidence; a line with more is refused
COLUMN_SLACK = 2  # characters a figure's right edge may stand from its column's edge


class FigureError(ValueError):
    """Figures that cannot be read without guessing; the message says why (in English)."""


class AmbiguousFigures(FigureError):
    """Space-grouped figures that cut into the columns more than one way, and neither the line's gaps
    nor its column positions decide; ``readings`` holds every cut (figure texts, at most
    MAX_READINGS), for the table's printed total to decide (:func:`jobbook.ingest.sums.decide_by_total`)."""

    def __init__(self, message: str, name: str, readings: list[list[str]]):
        super().__init__(message)
        self.name, self.readings = name, readings


@dataclass(frozen=True)
class Amount:
    printed: str
    value: float
    percent: bool


_FOREIGN_DIGIT = re.compile(r"(?![0-9])\d")


def foreign_digit(text: str) -> str | None:
    """The Unicode name of the first digit of another script than 0-9 in ``text``, if any."""
    found = _FOREIGN_DIGIT.search(text)
    return unicodedata.name(found.group(0), f"U+{ord(found.group(0)):04X}") if found else None


def join_group_spaces(text: str) -> str:
    """No-break, narrow and thin spaces between digit groups are thousands marks: written as "."."""
    return _GROUP_SPACE.sub(".", text)


_PLAIN = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})*(?:,[0-9]+)?|[0-9]+(?:,[0-9]+)?")


def amount_value(token: str) -> Amount:
    """The value of one figure as printed (see the module's docstring for the forms)."""
    text = token.strip()
    if _PLAIN.fullmatch(text):  # the common case, read without the checks below
        return Amount(text, float(text.replace(".", "").replace(",", ".")), False)
    if foreign_digit(text):
        raise FigureError(f"the figure '{text}' is written in digits of another script ({foreign_digit(text)}); "
                          "only 0-9 are read")
    percent = text.endswith("%")
    core = text.rstrip("%").strip()
    if core in DASHES:
        return Amount(text, 0.0, percent)
    negative = False
    if core.startswith("(") and core.endswith(")"):
        negative, core = True, core[1:-1].strip()
    if core[:1] and core[0] in MINUS:
        negative, core = True, core[1:].strip()
    digits = re.sub(rf"[ .{GROUP_SPACES}]", "", core).replace(",", ".")
    value = float(digits)
    return Amount(text, -value if negative else value, percent)


def is_cell_amount(cell: str) -> bool:
    return bool(CELL_AMOUNT.match(cell.strip()))


def groups_by_dots(text: str) -> bool:
    """Whether ``text`` prints a figure with thousands grouped by "." ("1.017", "62.300.400")."""
    return _DOT_GROUPED.search(text) is not None


_WHOLE_ONLY = frozenset({"whole"})


@lru_cache(maxsize=4096)
def figure_parts(token: str) -> frozenset[str]:
    """What a token can be in a figure: a whole figure, a head, a group (a last group) or a lone sign."""
    kinds = set()
    if TEXT_AMOUNT.match(token):
        kinds.add("whole")
    if _HEAD.match(token):
        kinds.add("open" if "(" in token else "head")
    group = _GROUP.match(token)
    if group:
        kinds.add("close" if token.endswith(")") else "last" if not token[-1].isdigit() or "," in token else "group")
    if token in MINUS:
        kinds.add("sign")
    return frozenset(kinds)


def _ends(kinds: list[frozenset[str]], i: int, spaces_group: bool) -> list[int]:
    """The last tokens a figure starting at token ``i`` can end at."""
    ends = []
    if "whole" in kinds[i]:
        ends.append(i)
    signed = i + 1 if "sign" in kinds[i] and i + 1 < len(kinds) and "sign" not in kinds[i + 1] else None
    if signed is not None and "whole" in kinds[signed]:
        ends.append(signed)
    if spaces_group:
        for head in (i, signed):
            if head is None or not kinds[head] & {"head", "open"}:
                continue
            bracket = "open" in kinds[head]
            j = head + 1
            while j < len(kinds) and j - head <= MAX_GROUPS and kinds[j] & {"group", "last", "close"}:
                if "close" in kinds[j]:
                    if bracket:
                        ends.append(j)
                    break
                if not bracket:
                    ends.append(j)
                if "last" in kinds[j] or "group" not in kinds[j]:
                    break
                j += 1
    return sorted(set(ends))


class _Cuts:
    """The ways to cut a run of tokens into figures, counted once from the right (capped at two), so
    that every start and every number of figures is answered without counting again."""

    def __init__(self, kinds: list[frozenset[str]], n: int, spaces_group: bool):
        self.size, self.n = len(kinds), n
        self.ends = [_ends(kinds, i, spaces_group) for i in range(self.size)]
        self.ways: dict[tuple[int, int], int] = {(self.size, 0): 1}
        for i in range(self.size - 1, -1, -1):
            for left in range(1, n + 1):
                self.ways[(i, left)] = min(2, sum(self.ways.get((e + 1, left - 1), 0) for e in self.ends[i]))

    def first_start(self) -> int | None:
        """The earliest token from which the rest cuts into exactly n figures."""
        return next((i for i in range(self.size) if self.ways.get((i, self.n), 0)), None)

    def readings(self, start: int, limit: int = 2) -> list[list[tuple[int, int]]]:
        """Up to ``limit`` cuts of the tokens from ``start`` into n figures, as (first, last) token spans."""
        found: list[list[tuple[int, int]]] = []

        def walk(i: int, left: int, path: list[tuple[int, int]]) -> None:
            if len(found) >= limit:
                return
            if i == self.size and left == 0:
                found.append(list(path))
                return
            for end in self.ends[i] if i < self.size and left > 0 else []:
                if self.ways.get((end + 1, left - 1), 0):
                    path.append((i, end))
                    walk(end + 1, left - 1, path)
                    path.pop()

        walk(start, self.n, [])
        return found


def _figure_text(tokens: list[str]) -> str:
    """One figure from its tokens: a sign joined on, space-separated groups joined with "."."""
    if len(tokens) > 1 and tokens[0] in MINUS:
        return tokens[0] + _figure_text(tokens[1:])
    return ".".join(tokens)


def _tail_run(tokens: list[str]) -> int:
    """Where the run of figure-like tokens at the end of ``tokens`` starts (bounded look-back)."""
    start = len(tokens)
    while start > 0 and len(tokens) - start < MAX_FIGURE_TOKENS and figure_parts(tokens[start - 1]):
        start -= 1
    return start


_WORD = re.compile(r"\S+")


def _positions(spaced: str, tail: list[str]) -> list[tuple[int, int]] | None:
    """Where the tokens ``tail`` (the end of the line) stand in the line as printed: (start, end)
    columns, or None when the printed line does not end with them."""
    found = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(re.sub(r"([0-9]) +%", r"\1%", spaced))]
    if not tail or len(found) < len(tail) or [t for t, _, _ in found[-len(tail):]] != tail:
        return None
    return [(a, b) for _, a, b in found[-len(tail):]]


def _by_gaps(tokens: list[str], spaced: str, n: int) -> list[list[str]] | None:
    """Evidence 1, the gaps: the tokens of the n figures at the end of the line, when the
    printed line separates them by two or more spaces and groups thousands by exactly one.
    From the right, tokens one space apart form one figure; each must cut into one figure only,
    and a word (not a figure) must stand before them, a wide gap away."""
    places = _positions(spaced, tokens[-min(len(tokens), MAX_FIGURE_TOKENS + 1):])
    if places is None:
        return None
    segments: list[list[int]] = [[len(places) - 1]]
    for i in range(len(places) - 2, -1, -1):
        if places[i + 1][0] - places[i][1] == 1:
            segments[-1].insert(0, i)
        elif len(segments) == n:
            break
        else:
            segments.append([i])
    if len(segments) < n:
        return None
    offset = len(tokens) - len(places)
    before = segments[n - 1][0] - 1  # the token before the first figure
    if len(segments) > n or before < 0 or all(figure_parts(tokens[offset + i]) for i in range(before + 1)):
        return None  # the first segment is not a figure alone, or nothing but numbers stands before it
    for segment in segments[:n]:
        kinds = [figure_parts(tokens[offset + i]) for i in segment]
        if not all(kinds) or _Cuts(kinds, 1, True).ways.get((0, 1), 0) != 1:
            return None
    return [[tokens[offset + i] for i in segment] for segment in reversed(segments)]


def _by_columns(run: list[str], start: int, readings: list[list[tuple[int, int]]], spaced: str,
                edges: list[int]) -> list[tuple[int, int]] | None:
    """Evidence 2, the column positions: the one cut whose figures end, each, within COLUMN_SLACK
    characters of the right edge of its column's label in the header (monospaced text)."""
    places = _positions(spaced, run[start:])
    if places is None or len(edges) != len(readings[0]):
        return None
    fits = [r for r in readings
            if all(abs(places[b - start][1] - edge) <= COLUMN_SLACK for (_, b), edge in zip(r, edges, strict=True))]
    return fits[0] if len(fits) == 1 else None


def split_figures(text: str, n: int, spaces_group: bool, spaced: str = "",
                  edges: list[int] | None = None) -> tuple[str, list[str]]:
    """The name part of a line of running text and its figures, as printed after the name.

    ``n`` is the number of figure columns; ``spaces_group`` says whether the table may group
    thousands by ordinary spaces (False when it groups them by "."). The figures are the longest
    run of number tokens at the end of the line that cuts into exactly ``n`` figures ("over 55 3 4"
    keeps 55 in the name; "Sygedagpenge 71 430" with one column is 71430). When that run cuts in
    two ways ("5 120 340" into two figures), the evidence the line itself gives decides, in this
    order: (1) its gaps, when ``spaced`` (the line as printed) separates figures by two or more
    spaces and thousands by one; (2) its column positions, when ``edges`` (the right edges of the
    header's column labels) are given and exactly one cut ends its figures there. When neither
    decides, an :class:`AmbiguousFigures` names the cuts (the table's printed total may still
    decide, in the row reader). A table that groups by "." and prints what could be a
    space-grouped figure raises a FigureError. When no run gives ``n`` figures, every whole
    number at the end is returned, for the caller to count (stacked amounts, too few figures).
    """
    tokens = re.sub(r"([0-9])\s+%", r"\1%", text).split()
    start = _tail_run(tokens)
    run = tokens[start:]
    kinds = [figure_parts(t) for t in run]
    if len(run) == n and all(k == _WHOLE_ONLY for k in kinds):
        return " ".join(tokens[:start]), run  # the common case: n whole figures after the name
    cuts = _Cuts(kinds, n, spaces_group)
    first = cuts.first_start()
    chosen = None
    if first is not None:
        readings = cuts.readings(first)
        if len(readings) > 1:
            gapped = _by_gaps(tokens, spaced, n) if spaced else None
            if gapped is not None:
                taken = sum(len(figure) for figure in gapped)
                return " ".join(tokens[:-taken]), [_figure_text(figure) for figure in gapped]
            readings = cuts.readings(first, MAX_READINGS + 1)
            placed = _by_columns(run, first, readings, spaced, edges) if spaced and edges else None
            if placed is not None:
                return " ".join(tokens[:start + first]), [_figure_text(run[a:b + 1]) for a, b in placed]
            shown = " or ".join(" | ".join(_figure_text(run[a:b + 1]) for a, b in r) for r in readings[:2])
            raise AmbiguousFigures(f"the figures '{' '.join(run[first:])}' can be read in more than one way ({shown}"
                                   f"{', ...' if len(readings) > 2 else ''}) for {n} column(s); print the "
                                   "thousands with '.'", " ".join(tokens[:start + first]),
                                   [] if len(readings) > MAX_READINGS else
                                   [[_figure_text(run[a:b + 1]) for a, b in r] for r in readings])
        chosen = (first, readings[0])
        if not spaces_group and any(k & {"group", "last", "close"} for k in kinds[1:]):
            grouped = _Cuts(kinds, n, True).first_start()
            if grouped is not None and grouped < first:
                raise FigureError(f"the figures '{' '.join(run[grouped:])}' can be read as {n} figure(s) with "
                                  "thousands grouped by spaces, but the table groups thousands by '.'; the name "
                                  "would keep numbers that may be part of a figure")
    if chosen is None:
        keep = 0
        while keep < len(run) and "whole" in kinds[len(run) - 1 - keep]:
            keep += 1
        name_tokens, figures = tokens[:len(tokens) - keep], run[len(run) - keep:]
    else:
        offset, reading = chosen
        name_tokens = tokens[:start + offset]
        figures = [_figure_text(run[a:b + 1]) for a, b in reading]
    if name_tokens and len(figures) < n:
        last = name_tokens[-1]
        glued = _GLUED.match(last) if len(last) <= _GLUED_MAX else None
        if glued:
            name_tokens[-1] = glued.group(1)
            figures.insert(0, glued.group(2))
    return " ".join(name_tokens), figures


def split_leading_figures(text: str, n: int, spaces_group: bool) -> tuple[str, list[str]]:
    """The figures printed before the name (a table with the amounts first) and the name after them."""
    tokens = text.split()
    end = 0
    while end < len(tokens) and end < MAX_FIGURE_TOKENS and figure_parts(tokens[end]):
        end += 1
    run = tokens[:end]
    kinds = [figure_parts(t) for t in run]
    for stop in range(len(run), 0, -1):  # the longest run of figures before the name
        cuts = _Cuts(kinds[:stop], n, spaces_group)
        if not cuts.ways.get((0, n), 0):
            continue
        readings = cuts.readings(0)
        if len(readings) > 1:
            raise FigureError(f"the figures '{' '.join(run[:stop])}' can be read in more than one way for {n} "
                              "column(s); print the thousands with '.'")
        return " ".join(tokens[stop:]), [_figure_text(run[a:b + 1]) for a, b in readings[0]]
    whole = 0
    while whole < len(run) and "whole" in kinds[whole]:
        whole += 1
    return " ".join(tokens[whole:]), run[:whole]


def split_trailing_amounts(text: str) -> tuple[str, list[str]]:
    """The name part of a line and every whole figure printed after it (no thousands by spaces)."""
    tokens = re.sub(r"([0-9])\s+%", r"\1%", text).split()
    start = _tail_run(tokens)
    keep = len(tokens)
    while keep > start and "whole" in figure_parts(tokens[keep - 1]):
        keep -= 1
    name_tokens, amounts = tokens[:keep], tokens[keep:]
    if name_tokens and len(name_tokens[-1]) <= _GLUED_MAX:
        glued = _GLUED.match(name_tokens[-1])
        if glued:
            name_tokens[-1] = glued.group(1)
            amounts.insert(0, glued.group(2))
    return " ".join(name_tokens), amounts
