"""Rows that add up to other rows: subtotal lines of a table, and rows that share a konto code.

A subtotal is a line without a konto code whose figures equal, column by column, the sum of the
two or more rows right under it (within the rounding of the printed figures): "Kontant og
uddannelseshjælp 1.017" above "Kontanthjælp 612" and "Uddannelseshjælp 405". It is flagged
(``is_subtotal``), checked by that very rule, and never a row of the data; the importer may
keep it as a stated subtotal (:attr:`jobbook.ingest.document.Document.subtotals`).

Two rows of an account table with one konto code are summed only when their names show they
are parts of one account: the same words once a part word ("refusion", "udgifter", "indtægter",
...) is taken away ("Sygedagpenge" and "Sygedagpenge, refusion"); the sum is said in a note.
Any other pair is refused: keeping either figure, or their sum, would be a guess.
"""

from __future__ import annotations

import dataclasses
import itertools
import re

from jobbook.ingest.model import TableRow

MAX_TOTAL_TRIALS = 4096  # combinations of undecided cuts weighed against a printed total
SUBTOTAL_PARTS_WITHIN = 12  # rows under a line looked at for its parts (a subtotal has a few)
PART_WORDS = {"refusion", "statsrefusion", "refusioner", "udgifter", "udgift", "indtægter", "indtægt",
              "tilskud", "brutto", "netto", "af", "vedr.", "vedrørende", "fra", "staten", "statslig"}


def _step(value: float) -> float:
    """Half a unit of the last printed digit: the rounding each printed figure may carry."""
    text = f"{value:.6f}".rstrip("0")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return 0.5 * 10 ** -decimals


def mark_subtotals(rows: list[TableRow]) -> list[TableRow]:
    """The rows with every subtotal line flagged (bottom-up, so a subtotal of subtotals sums its parts once)."""
    rows = list(rows)
    flagged = [False] * len(rows)
    steps = [[_step(v or 0.0) for v in row.values] for row in rows]
    first = [(row.values[0] or 0.0) if row.values else 0.0 for row in rows]
    stops = [row.is_total for row in rows]
    for i in range(len(rows) - 1, -1, -1):
        row = rows[i]
        if row.konto_codes or row.is_total or any(v is None for v in row.values) or not any(row.values):
            continue
        # Column 0 first (cheap); the other columns only when it adds up.
        wanted, section = first[i], row.section
        total, slack, parts = 0.0, 0.0, []
        for j in range(i + 1, min(len(rows), i + 1 + SUBTOTAL_PARTS_WITHIN)):
            if stops[j] or rows[j].section != section:
                break
            if flagged[j]:
                continue  # its own parts are already summed
            parts.append(j)
            total += first[j]
            slack += steps[j][0]
            if len(parts) >= 2 and abs(total - wanted) <= slack + 1e-9 and _adds_up(rows, steps, i, parts):
                flagged[i] = True
                break
    return [dataclasses.replace(r, is_subtotal=True) if f else r for r, f in zip(rows, flagged, strict=True)]


def _adds_up(rows: list[TableRow], steps: list[list[float]], i: int, parts: list[int]) -> bool:
    for k, value in enumerate(rows[i].values):
        total = sum(rows[j].values[k] or 0.0 for j in parts)
        if abs(total - value) > sum(steps[j][k] for j in parts) + 1e-9:
            return False
    return True


def _base(name: str) -> tuple[str, bool]:
    """A name's words without part words, and whether any was taken away."""
    words = re.findall(r"[\w.-]+", name.casefold())
    kept = [w for w in words if w not in PART_WORDS]
    return " ".join(kept), len(kept) != len(words)


def are_parts(names: list[str]) -> bool:
    """Whether rows with these names are parts of one account (see the module's docstring)."""
    bases = [_base(n) for n in names]
    taken = sum(1 for _, took in bases if took)
    return len({b for b, _ in bases}) == 1 and bases[0][0] != "" and taken >= len(names) - 1


def decide_by_total(options: list[list[list[float | None]]], totals: list[bool]) -> list[int] | None:
    """Which cut of each row the table's printed total confirms, or None when it does not decide.

    ``options[i]`` holds the possible value lists of row i (one for a row read without doubt, more
    for a row whose space-grouped figures cut several ways); ``totals[i]`` says whether row i is a
    total line ("I alt"). The last total line is the total; the rows above it that are no total
    lines are its parts. The answer is the one combination of cuts for which every column of the
    parts sums to the total within the rounding of the printed figures; two combinations that
    both add up, none, no total line, or more than MAX_TOTAL_TRIALS combinations decide nothing.
    """
    last = max((i for i, total in enumerate(totals) if total), default=None)
    if last is None or any(len(o) > 1 for i, o in enumerate(options) if i > last):
        return None
    undecided = [i for i in range(last + 1) if len(options[i]) > 1]
    trials = 1
    for i in undecided:
        trials *= len(options[i])
    if not undecided or trials > MAX_TOTAL_TRIALS:
        return None
    parts = [i for i in range(last) if not totals[i]]
    found = None
    for combo in itertools.product(*(range(len(options[i])) for i in undecided)):
        pick = dict(zip(undecided, combo, strict=True))
        rows = {i: options[i][pick.get(i, 0)] for i in [*parts, last]}
        if all(_column_adds_up([rows[i][k] for i in parts], rows[last][k]) for k in range(len(rows[last]))):
            if found is not None:
                return None  # two combinations add up: the total does not decide
            found = [pick.get(i, 0) for i in range(len(options))]
    return found


def _column_adds_up(parts: list[float | None], total: float | None) -> bool:
    if total is None:
        return all(v is None for v in parts)
    values = [v or 0.0 for v in parts]
    return abs(sum(values) - total) <= sum(_step(v) for v in values) + _step(total) + 1e-9
