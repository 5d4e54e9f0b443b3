"""Figures and tables as readers see them: caption, source, text alternative, table and CSV.

A :class:`Figure` wraps a chart (or none, for a plain table) with exactly the data it shows.
Its HTML has the chart, a caption naming the source documents, a text alternative written
from the data (what it shows and its extremes), the numbers as a table and a CSV download of
that same table. Everything is derived from the data, and ids come from content hashes, so
a rebuild gives identical HTML.
"""

from __future__ import annotations

import hashlib
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from jobbook.present import fmt
from jobbook.present.charts import chart_html
from jobbook.present.safe import csv_cell, text

Formatter = Callable[[object], str]

#: Where the sources page lies, seen from a chapter (chapters are one folder below book/).
SOURCES_PAGE = "../generated/kilder.html"


def source_anchor(source_id: str) -> str:
    """The anchor of a source's section on the sources page."""
    return f"kilde-{source_id}"


def source_citation(sources: pd.DataFrame, source_id: str) -> str:
    """``Titel (udgiver, år)`` for a source id."""
    row = sources.set_index("source_id").loc[source_id]
    year = "" if fmt.is_missing(row["published"]) else f", {str(row['published'])[:4]}"
    return f"{row['title']} ({row['publisher']}{year})"


def describe_extremes(frame: pd.DataFrame, label: str, value: str, formatter: Formatter) -> str:
    """``Højest: A (12). Lavest: B (3).`` over the rows with a value."""
    rows = frame.dropna(subset=[value])
    if rows.empty:
        return "Der er ingen tal at vise."
    top = rows.loc[rows[value].astype(float).idxmax()]
    low = rows.loc[rows[value].astype(float).idxmin()]
    if len(rows) == 1:
        return f"Én værdi: {top[label]} ({formatter(top[value])})."
    return f"Højest: {top[label]} ({formatter(top[value])}). Lavest: {low[label]} ({formatter(low[value])})."


def csv_text(table: pd.DataFrame) -> str:
    """The table as CSV (comma, '.' decimals); whole-number columns without a trailing .0, and no
    cell a spreadsheet would run as a formula (see jobbook.present.safe.csv_cell)."""
    out = table.copy()
    for column in out.columns:
        values = pd.to_numeric(out[column], errors="coerce") if out[column].dtype.kind in "fiu" else None
        if values is not None and values.dropna().apply(lambda v: float(v).is_integer()).all():
            out[column] = values.astype("Int64")
        elif values is None:
            out[column] = out[column].map(csv_cell, na_action="ignore")
    out.columns = [csv_cell(str(c)) for c in out.columns]
    return out.to_csv(index=False, lineterminator="\n")


def _csv_link(table: pd.DataFrame, file_name: str) -> str:
    href = "data:text/csv;charset=utf-8," + urllib.parse.quote(csv_text(table))
    return (f'<a class="jobbook-download" download="{text(file_name)}" href="{href}">'
            f"Hent tallene (CSV)</a>")


def html_table(table: pd.DataFrame, formats: dict[str, Formatter], caption: str | None = None) -> str:
    """A plain, accessible HTML table; numbers formatted in Danish and right-aligned."""
    head = "".join(f'<th scope="col">{text(str(c))}</th>' for c in table.columns)
    body = []
    for _, row in table.iterrows():
        cells = []
        for column in table.columns:
            value = row[column]
            formatter = formats.get(column)
            if formatter is not None:
                cells.append(f'<td class="num">{text(formatter(value))}</td>')
            else:
                cells.append(f"<td>{text('–' if fmt.is_missing(value) else str(value))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    caption_html = f"<caption>{text(caption)}</caption>" if caption else ""
    return (f'<table class="jobbook-table">{caption_html}<thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>")


@dataclass
class Figure:
    """A chart or table with its caption, sources, text alternative, table view and CSV."""

    title: str
    table: pd.DataFrame  # exactly the data shown, with the column headers readers see
    sources: pd.DataFrame  # the sources table, to cite by id
    source_ids: Sequence[str]
    description: str  # text alternative: what the figure shows and its extremes
    chart: alt.TopLevelMixin | None = None
    formats: dict[str, Formatter] = field(default_factory=dict)
    note: str = ""  # caveat shown under the caption

    @property
    def file_stem(self) -> str:
        digest = hashlib.sha256(self.table.to_csv(index=False).encode("utf-8")).hexdigest()[:8]
        slug = "".join(c if c.isalnum() else "-" for c in self.title.lower()).strip("-")
        return f"{slug[:40].strip('-')}-{digest}"

    def citation_html(self) -> str:
        items = []
        for source_id in dict.fromkeys(self.source_ids):
            citation = text(source_citation(self.sources, source_id))
            items.append(f'<a href="{SOURCES_PAGE}#{text(source_anchor(source_id))}">{citation}</a>')
        return "Kilde: " + fmt.join_da(items) + "." if items else ""

    def __repr__(self) -> str:
        # What a notebook stores as the plain-text output: stable, no memory addresses.
        return f"Figur: {self.title}"

    def _repr_html_(self) -> str:
        parts = ['<figure class="jobbook-figure">']
        if self.chart is not None:
            spec = self.chart.properties(description=self.description).to_dict()
            parts.append(chart_html(spec))
        caption = f"<strong>{text(self.title)}</strong> {self.citation_html()}"
        if self.note:
            caption += f' <span class="jobbook-note">{text(self.note)}</span>'
        parts.append(f"<figcaption>{caption}</figcaption>")
        if self.chart is not None:
            parts.append(f'<p class="jobbook-alt">{text(self.description)}</p>')
            parts.append(f"<details><summary>Vis tallene bag figuren</summary>"
                         f"{html_table(self.table, self.formats)}</details>")
        else:
            parts.append(html_table(self.table, self.formats))
        parts.append(_csv_link(self.table, self.file_stem + ".csv"))
        parts.append("</figure>")
        return "".join(parts)
