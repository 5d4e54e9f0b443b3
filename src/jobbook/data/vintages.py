"""Figures printed by several documents (vintages): one current figure, its confirmations and revisions.

A budget document repeats last year's columns beside its own, so the same account (or recipient
group), year and basis can be printed by several documents. Each document's figure is a row of its
own (the key of these tables includes ``source_id``). Where the documents agree, the figure is one,
confirmed by each; where they differ, the figure of the most recently published document is the
current one and the others are the earlier figures it revised.

:func:`document_order` alone decides which document is the more recent, and :func:`current_figures`
is what every chapter reads (``Dataset[name]`` gives it), so a figure printed by two documents is
never counted twice. Nothing here depends on the order of the rows in the files: importing the same
documents in any order gives the same current figures and the same revisions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from jobbook.data.findings import Finding, message_number
from jobbook.data.plausibility import JUMP_FACTOR, jump_factor
from jobbook.data.read import ParsedTable
from jobbook.data.tables import TABLES_BY_NAME, TableSpec

#: The tables whose figures several documents may print: one row per document.
VINTAGED = ("budget_by_account", "recipients", "recipient_subtotals_stated")
#: The column listing every document that prints a row's current figure (oldest first), in the current view.
CONFIRMED_BY = "source_ids"


def figure_key(spec: TableSpec) -> list[str]:
    """The columns that name one figure (its key without the document)."""
    return [k for k in spec.key if k != "source_id"]


def _published(value) -> tuple[int, ...]:
    """A period ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as numbers; () when not known."""
    if value is None or (not isinstance(value, str) and pd.isna(value)) or not str(value).strip():
        return ()
    return tuple(int(part) for part in str(value).strip().split("-"))


def document_order(sources: pd.DataFrame, source_ids: Iterable[str]) -> list[str]:
    """The documents ``source_ids``, the oldest first: the one function that says which is more recent.

    When every one of them has a ``published`` date, they are ordered by it, compared to the
    precision the least precise one gives (``2010`` cannot be said to be before ``2010-10``), then
    by budget year; otherwise by their budget year, then by when they were published. The
    source id breaks a tie, so the order never depends on the order of rows in a file.
    """
    ids = sorted({str(s) for s in source_ids})
    known = sources.drop_duplicates("source_id").set_index("source_id") if not sources.empty else None

    def cell(source_id: str, column: str):
        return None if known is None or source_id not in known.index else known.at[source_id, column]

    published = {s: _published(cell(s, "published")) for s in ids}
    years = {}
    for s in ids:
        try:
            years[s] = int(cell(s, "budget_year"))
        except (TypeError, ValueError):  # not known (empty, or not a year in unchecked data)
            years[s] = -1
    if ids and all(published.values()):
        precision = min(len(p) for p in published.values())
        return sorted(ids, key=lambda s: (published[s][:precision], years[s], published[s], s))
    return sorted(ids, key=lambda s: (years[s], published[s], s))


@dataclass(frozen=True)
class Vintage:
    """One value of a figure and the documents that print it (oldest first), with their rows."""

    value: float
    source_ids: tuple[str, ...]
    rows: tuple[object, ...]  # the frame's index of each document's row, in the order of source_ids


@dataclass(frozen=True)
class FigureVintages:
    """Every value the documents give one figure: the current one and the earlier ones it revised."""

    key: tuple[tuple[str, object], ...]  # (column, value) of the figure's key
    current: Vintage
    earlier: tuple[Vintage, ...]  # values other documents print, the most recently printed first

    @property
    def is_revised(self) -> bool:
        return bool(self.earlier)

    def get(self, column: str):
        return dict(self.key)[column]


def figure_vintages(frame: pd.DataFrame, spec: TableSpec, sources: pd.DataFrame) -> list[FigureVintages]:
    """The figures of a vintaged table, each with its current value and the earlier ones, in key order.

    Rows without a figure or a document (a year the scaffold left to fill) are no vintage of anything.
    """
    figure = spec.figure_column
    keys = figure_key(spec)
    rows = frame.dropna(subset=[*keys, figure, "source_id"])
    result = []
    for key, group in rows.groupby(keys, sort=True, dropna=False):
        key = key if isinstance(key, tuple) else (key,)
        # Ordered among the documents that print this figure only: how precisely a third document's
        # date is known must not change which of these two is the more recent.
        order = {s: i for i, s in enumerate(document_order(sources, group["source_id"]))}
        printed = sorted(((order[str(r["source_id"])], float(r[figure]), str(r["source_id"]), index)
                          for index, r in group.iterrows()), key=lambda item: item[0])
        by_value: dict[float, list[tuple[int, str, object]]] = {}
        for rank, value, source_id, index in printed:
            by_value.setdefault(value, []).append((rank, source_id, index))
        latest = printed[-1][1]
        vintages = {value: Vintage(value, tuple(s for _, s, _ in items), tuple(i for _, _, i in items))
                    for value, items in by_value.items()}
        earlier = sorted((v for value, v in vintages.items() if value != latest),
                         key=lambda v: -max(order[s] for s in v.source_ids))
        result.append(FigureVintages(tuple(zip(keys, key, strict=True)), vintages[latest], tuple(earlier)))
    return result


def current_figures(frame: pd.DataFrame, spec: TableSpec, sources: pd.DataFrame) -> pd.DataFrame:
    """One row per figure: the row of the most recent document, with ``source_ids`` naming every
    document that prints the same figure (oldest first). The rows keep their order in the file."""
    if spec.name not in VINTAGED:
        return frame
    keys = figure_key(spec)
    if not frame.duplicated(keys).any():  # one document per figure (the usual case): nothing to choose
        return frame.assign(**{CONFIRMED_BY: [(s,) if isinstance(s, str) else () for s in frame["source_id"]]})
    chosen: dict[object, tuple[str, ...]] = {}
    for item in figure_vintages(frame, spec, sources):
        chosen[item.current.rows[-1]] = item.current.source_ids
    kept = frame[frame.index.isin(list(chosen)) | frame[spec.figure_column].isna()]
    return kept.assign(**{CONFIRMED_BY: [chosen.get(i, ()) for i in kept.index]})


def revision_findings(tables: dict[str, ParsedTable], explains) -> list[Finding]:
    """A note for each revised figure (both figures, both documents, both lines), and an error where
    one document's figure is twenty times another's for the same year: a unit error in one of them
    (``known_discrepancies.csv`` can acknowledge a real one, as for a jump between years)."""
    sources = tables["sources"].frame
    findings = []
    for name in VINTAGED:
        table = tables[name]
        if table.frame is None or sources is None:
            continue
        spec = TABLES_BY_NAME[name]
        for item in figure_vintages(table.frame, spec, sources):
            current_row = item.current.rows[-1]
            what = "/".join(str(v) for _, v in item.key)
            for old in item.earlier:
                old_line = table.lines[table.frame.index.get_loc(old.rows[-1])]
                details = {"table": name, "key": dict(item.key), "current": item.current.value, "current_source_ids":
                           item.current.source_ids, "earlier": old.value, "earlier_source_ids": old.source_ids}
                factor = jump_factor(old.value, item.current.value)
                subject = f"{name}/{what}/revision"
                change = item.current.value - old.value
                if factor is not None and factor >= JUMP_FACTOR and explains(subject, change) is None:
                    findings.append(table.row_finding(
                        table.frame.index.get_loc(current_row),
                        f"a figure near the one {', '.join(old.source_ids)} prints for {what} on line {old_line} "
                        f"({message_number(old.value)}); {message_number(item.current.value)} here is "
                        f"{factor:.0f} times its size: "
                        "the unit of one of them may be wrong. If the revision is real, acknowledge it in "
                        f"known_discrepancies.csv: check_code plausibility, subject_key {subject}, difference "
                        f"{message_number(change)}", check_code="plausibility", kind="implausible revisions",
                        details=details))
                findings.append(table.row_finding(
                    table.frame.index.get_loc(current_row),
                    f"revised: {what} is {message_number(item.current.value)} in {', '.join(item.current.source_ids)} "
                    f"(the most recent document), {message_number(old.value)} in {', '.join(old.source_ids)} "
                    f"(line {old_line}); the book shows {message_number(item.current.value)} and says it was revised",
                    severity="note", check_code="revision", kind="revised figures", details=details))
    return findings
