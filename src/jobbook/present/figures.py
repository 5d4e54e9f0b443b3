"""Figures and tables as readers see them: caption, source, text alternative, table and downloads.

A :class:`Figure` wraps a chart (or none, for a plain table) with exactly the data it shows.
Its HTML has the chart, a caption naming the source documents, a text alternative written
from the data (what it shows and its extremes), the numbers as a table, and a row of
downloads: the table as two CSV files, the chart as PNG and SVG (drawn by the reader's browser,
book/_static/jobbook.js) and a link to the figure itself.

Names come from the title, never from a hash: the figure's anchor is ``figur-<slug>`` and its
files are ``<slug>.csv``, ``<slug>-excel.csv``, ``<slug>.png`` and ``<slug>.svg``, where the
slug is the title without its unit ("Budget 2021 pr. konto, mio. kr." -> ``budget-2021-pr-konto``).
Two figures with the same title on one page are told apart by the book's Sphinx extension
(``-2``, ``-3`` in page order; see :func:`unique_figure_names`). A rebuild gives identical HTML.

The two CSV files are described in :mod:`jobbook.present.csv_files`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from jobbook.present import fmt
from jobbook.present.charts import chart_html
from jobbook.present.citations import SOURCES_PAGE, source_anchor, source_citation
from jobbook.present.columns import Column, shown_table
from jobbook.present.columns import formats as column_formats
from jobbook.present.csv_files import (
    EXCEL_DA,
    METADATA_LABELS,
    PLAIN,
    CsvDialect,
    csv_data_url,
    csv_text,
    is_number_column,
)
from jobbook.present.publication import Publication, page_publication
from jobbook.present.safe import text
from jobbook.present.tables import html_table

Formatter = Callable[[object], str]

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


# --- names: slug, anchor and file names from the title --------------------------------------

#: A unit as titles and column headers write it: "mio. kr.", "1.000 kr.", "kr. pr. person", "%",
#: "helårspersoner", "procentpoint", "indeks", "antal" (with words after it: "mio. kr. om året").
KRONER = r"(?:(?:mio\.|mia\.|1\.000)\s+)?kr\."  # an amount's unit and its scale: "kr.", "1.000 kr.", "mio. kr."
UNIT = re.compile(rf"^{KRONER}(?:\s.*)?$|^%$|^(?:helårs)?personer$|^procent(?:point)?$|^indeks$|^antal$",
                  re.IGNORECASE)
_DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa"})
SLUG_MAX = 80
ANCHOR_PREFIX = "figur-"
NOT_STATED = "ikke angivet"
#: Where the figure's address goes in its citation (replaced by its anchor in the HTML).
CITE_ADDRESS = "@@adresse@@"


def _kroner_scale(unit: str) -> str | None:
    """"mio. kr." for "Mio. kr. om året", "kr." for "kr. pr. person"; None for a unit that is no amount."""
    found = re.match(rf"^({KRONER})", unit.strip(), re.IGNORECASE)
    return found[1].lower() if found else None


def title_unit(title: str) -> tuple[str, str]:
    """The title split into its name and its unit: ``("Budget 2021 pr. konto", "mio. kr.")``.
    The unit is what the title ends in, in parentheses ("... (indeks)") or after its last comma
    ("..., mio. kr. om året"), if it is a unit; otherwise it is empty."""
    title = title.strip()
    parenthesis = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", title, re.DOTALL)
    if parenthesis and UNIT.match(parenthesis[2].strip()):
        return parenthesis[1].strip(), parenthesis[2].strip()
    name, comma, unit = title.rpartition(",")
    if comma and name.strip() and UNIT.match(unit.strip()):
        return name.strip(), unit.strip()
    return title, ""


def slugify(value: str, limit: int = SLUG_MAX) -> str:
    """Lower-case ASCII words joined by hyphens, Danish letters spelt out (æ ae, ø oe, å aa),
    accents dropped; at most ``limit`` characters, cut between words; ``figur`` when nothing is left."""
    decomposed = unicodedata.normalize("NFKD", value.translate(_DANISH_LETTERS))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    if len(slug) > limit:
        cut = slug[: limit + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else slug[:limit]
    return slug.strip("-") or "figur"


def figure_slug(title: str) -> str:
    """``budget-2021-pr-konto`` for "Budget 2021 pr. konto, mio. kr." (the title without its unit)."""
    return slugify(title_unit(title)[0])


def figure_names(slug: str) -> dict[str, str]:
    """Every name a figure takes from its slug: its anchor and its four files."""
    return {"anchor": ANCHOR_PREFIX + slug, "csv": f"{slug}.csv", "csv-excel": f"{slug}-excel.csv",
            "png": f"{slug}.png", "svg": f"{slug}.svg"}


def _name_attributes(slug: str) -> list[str]:
    """The attributes in a figure's HTML that hold its names (what :func:`unique_figure_names`
    rewrites); written by :meth:`Figure._repr_html_` exactly so."""
    names = figure_names(slug)
    return [f'id="{names["anchor"]}"', f'href="#{names["anchor"]}"', f'data-jobbook-slug="{slug}"',
            f'download="{names["csv"]}"', f'download="{names["csv-excel"]}"', f'data-file="{names["png"]}"',
            f'data-file="{names["svg"]}"']


_FIGURE = re.compile(r'<figure class="jobbook-figure" id="figur-[^"]*" data-jobbook-slug="(?P<slug>[a-z0-9-]+)"'
                     r".*?</figure>", re.DOTALL)


def unique_figure_names(html: str, taken: set[str]) -> str:
    """``html`` with every figure's names unique among the ids in ``taken`` (which grows): a
    figure whose anchor is taken becomes ``<slug>-2`` (then ``-3``, ...), anchor and files alike.
    Called on the pieces of one page in page order, so the names are the same on every build."""
    def rename(match: re.Match) -> str:
        slug = match["slug"]
        new, number = slug, 1
        while ANCHOR_PREFIX + new in taken:
            number += 1
            new = f"{slug}-{number}"
        taken.add(ANCHOR_PREFIX + new)
        segment = match[0]
        if new != slug:
            for old_attribute, new_attribute in zip(_name_attributes(slug), _name_attributes(new), strict=True):
                segment = segment.replace(old_attribute, new_attribute)
        return segment

    return _FIGURE.sub(rename, html)


@dataclass
class Figure:
    """A chart or table with its caption, sources, text alternative, table view and downloads."""

    title: str
    table: pd.DataFrame  # exactly the data shown, with the column headers readers see
    sources: pd.DataFrame  # the sources table, to cite by id
    source_ids: Sequence[str]
    description: str  # text alternative: what the figure shows and its extremes
    chart: alt.TopLevelMixin | None = None
    formats: dict[str, Formatter] = field(default_factory=dict)
    note: str = ""  # caveat shown under the caption
    unit: str = ""  # the unit line of the CSV files; by default read from the column headers and the title
    # How the chart's spec becomes HTML: the plain embed, or one with the reader's controls (present.whatif).
    embed: Callable[[dict], str] = chart_html
    #: The table's columns (jobbook.present.columns): given, ``table`` is the computed frame and its
    #: headers and number formats come from here; each header is written once.
    columns: Sequence[Column] = ()
    #: The book as a publication (licence, suggested citation) for the CSV files and the "Citér" box:
    #: by default the record of the page being made (jobbook.present.publication).
    publication: Publication = field(default_factory=page_publication)

    def __post_init__(self) -> None:
        """A title that names an amount's unit must not contradict the table's columns: a reader of
        the CSV who takes "mio. kr." from the title for columns in 1.000 kr. is 1,000 times off."""
        if self.columns:
            self.table = shown_table(self.table, self.columns)
            self.formats = {**column_formats(self.columns), **self.formats}
        title_scale = _kroner_scale(title_unit(self.title)[1])
        if title_scale is None:
            return
        for column, unit, stated in self.column_units():
            if stated and _kroner_scale(unit) not in (None, title_scale):
                raise ValueError(f"figure {self.title!r}: the title says {title_unit(self.title)[1]!r}, but "
                                 f"column {column!r} is in {unit!r}; name the unit in one place only")

    @property
    def slug(self) -> str:
        """The title without its unit as a file name: ``budget-2021-pr-konto``."""
        return figure_slug(self.title)

    @property
    def names(self) -> dict[str, str]:
        """Its anchor (``figur-<slug>``) and the names of its files."""
        return figure_names(self.slug)

    def citations(self) -> list[str]:
        return [source_citation(self.sources, source_id) for source_id in dict.fromkeys(self.source_ids)]

    def citation_html(self) -> str:
        items = []
        for source_id in dict.fromkeys(self.source_ids):
            citation = text(source_citation(self.sources, source_id))
            items.append(f'<a href="{SOURCES_PAGE}#{text(source_anchor(source_id))}">{citation}</a>')
        return "Kilde: " + fmt.join_da(items) + "." if items else ""

    def column_units(self) -> list[tuple[str, str, bool]]:
        """``(column, unit, stated)`` for each number column: the unit its header names (in
        parentheses, "Ændring (%)", or as the whole header, "Mio. kr."; ``stated``), else the unit
        of the title, else "ikke angivet". Units are read, never guessed from the numbers."""
        from_title = title_unit(self.title)[1]
        if self.columns:  # the specs say each column's unit; nothing is read back from the headers
            return [(c.label, c.unit_word, True) if c.unit_word else (c.label, from_title or NOT_STATED, False)
                    for c in self.columns if c.is_number]
        units = []
        for column in self.table.columns:
            if not is_number_column(self.table[column]):
                continue
            header = str(column).strip()
            parenthesis = re.search(r"\(([^()]+)\)\s*$", header)
            if parenthesis and UNIT.match(parenthesis[1].strip()):
                units.append((header, parenthesis[1].strip(), True))
            elif UNIT.match(header):
                units.append((header, header[0].lower() + header[1:], True))
            else:
                units.append((header, from_title or NOT_STATED, False))
        return units

    def unit_text(self) -> str:
        """The units of the number columns, grouped: ``1.000 kr.; %``, or
        ``helårspersoner (Budget 2021, Antal dengang); personer; %`` where a header does not name it."""
        if self.unit:
            return self.unit
        groups: dict[str, list[tuple[str, bool]]] = {}
        for column, unit, stated in self.column_units():
            groups.setdefault(unit, []).append((column, stated))
        if not groups:
            return "tabellen har ingen talkolonner"
        parts = []
        for unit, columns in groups.items():
            if all(stated for _, stated in columns):
                parts.append(unit)
            else:
                parts.append(f"{unit} ({', '.join(column for column, _ in columns)})")
        return "; ".join(parts)

    def metadata(self) -> list[tuple[str, str]]:
        """The block of lines before the table in both CSV files (labels: METADATA_LABELS): title, unit,
        sources, note, the licence and the figure's suggested citation."""
        values = (self.title, self.unit_text(), "; ".join(self.citations()), self.note, *self.reuse())
        return list(zip(METADATA_LABELS, values, strict=True))

    def reuse(self) -> tuple[str, str]:
        """The last two lines of every download: the licence and the suggested citation (the figure's
        title without its unit, as its anchor has it)."""
        return self.publication.licence_text(), self.publication.figure_citation(title_unit(self.title)[0])

    def cite_html(self) -> str:
        """The "Citér" box: the figure's suggested citation, selected whole by one tap or click (CSS
        ``user-select: all``) and shown without JavaScript. The address is the figure's anchor until the
        book's Sphinx extension writes the page's address before it (jobbook.site.sphinxext)."""
        anchor = self.names["anchor"]
        cited = text(self.publication.figure_citation(title_unit(self.title)[0], CITE_ADDRESS))
        cited = cited.replace(CITE_ADDRESS, f'<span class="jobbook-cite-url">#{anchor}</span>')
        licence = ""
        if self.publication.licence:
            shown = text(self.publication.licence)
            link = (f'<a href="{text(self.publication.licence_url)}" rel="license">{shown}</a>'
                    if self.publication.licence_url else shown)
            licence = f"<p>Figuren og tallene må genbruges under licensen {link}, når kilden nævnes.</p>"
        return (f'<details class="jobbook-cite"><summary>Citér</summary>'
                f'<p class="jobbook-cite-text">{cited}</p>{licence}</details>')

    def csv_download(self, dialect: CsvDialect = PLAIN) -> str:
        """The content of a CSV file: the block of lines about the figure, then its table."""
        return csv_text(self.table, dialect, self.metadata())

    def downloads_html(self) -> str:
        """The row under the figure: both CSV files, PNG and SVG of the chart (buttons the page's
        script shows once the chart is drawn), and a link to the figure."""
        names = self.names
        parts = [f'<div class="jobbook-downloads" role="group" aria-label="Hent og del: {text(self.title)}">',
                 '<span class="jobbook-downloads-label" aria-hidden="true">Hent:</span>',
                 f'<a class="jobbook-download" data-format="csv-excel" download="{names["csv-excel"]}" '
                 f'href="{csv_data_url(self.csv_download(EXCEL_DA))}" '
                 'title="Semikolon og decimalkomma; åbner direkte i Excel med danske indstillinger">'
                 "Tal til Excel (CSV)</a>",
                 f'<a class="jobbook-download" data-format="csv" download="{names["csv"]}" '
                 f'href="{csv_data_url(self.csv_download(PLAIN))}" title="Komma og decimalpunktum">Tal som CSV</a>']
        if self.chart is not None:
            parts += [f'<button type="button" class="jobbook-image" data-format="{kind}" data-file="{names[kind]}" '
                      f"hidden>Figuren som {kind.upper()}</button>" for kind in ("png", "svg")]
        parts += [f'<a class="jobbook-permalink" href="#{names["anchor"]}">Link til figuren</a>',
                  '<span class="jobbook-link-status" role="status"></span>', self.cite_html(), "</div>"]
        return "".join(parts)

    def __repr__(self) -> str:
        # What a notebook stores as the plain-text output: stable, no memory addresses.
        return f"Figur: {self.title}"

    def unit_line(self, spec: dict | None = None) -> str:
        """The unit a reader needs before the chart: the title's ("mio. kr."), else, for a chart, the
        title of its value axis ("Mio. kr."), else nothing."""
        unit = title_unit(self.title)[1]
        if not unit and spec is not None:
            unit = value_axis_title(spec)
        return unit[:1].lower() + unit[1:] if unit[:1].isupper() and unit[1:2].islower() else unit

    def heading_html(self, spec: dict | None = None) -> str:
        """The figure's title and unit, above the chart or table (as Our World in Data and Danmarks
        Statistik put them): a phone reader learns what the bars show before scrolling past them.

        The caption is the figure's first child, so it names the figure for a screen reader; the
        separator before the unit is hidden on screen (the unit has a line of its own) but is in the
        text a picture of the chart takes as its title ("Budget 2021 pr. konto. Enhed: mio. kr.").
        """
        name = title_unit(self.title)[0]
        unit = self.unit_line(spec)
        unit_html = (f'<span class="jobbook-figure-unit"><span class="jobbook-sep">. </span>Enhed: {text(unit)}</span>'
                     if unit else "")
        return (f'<figcaption class="jobbook-figure-head"><strong class="jobbook-figure-title">{text(name)}</strong>'
                f"{unit_html}</figcaption>")

    def source_html(self) -> str:
        """The line under the chart or table: its sources, then its note."""
        line = self.citation_html()
        if self.note:
            line += f' <span class="jobbook-note">{text(self.note)}</span>'
        return f'<p class="jobbook-figure-source">{line.strip()}</p>'

    def _repr_html_(self) -> str:
        parts = [f'<figure class="jobbook-figure" id="{self.names["anchor"]}" data-jobbook-slug="{self.slug}">']
        spec = self.chart.properties(description=self.description).to_dict() if self.chart is not None else None
        parts.append(self.heading_html(spec))
        if spec is not None:
            parts.append(self.embed(spec))
            parts.append(self.source_html())
            parts.append(f'<p class="jobbook-alt">{text(self.description)}</p>')
            parts.append(f"<details><summary>Vis tallene bag figuren</summary>"
                         f"{html_table(self.table, self.formats)}</details>")
        else:
            parts.append(html_table(self.table, self.formats))
            parts.append(self.source_html())
        parts.append(self.downloads_html())
        parts.append("</figure>")
        return "".join(parts)


def value_axis_title(spec: dict) -> str:
    """The title of a chart's quantitative position axis (x or y), from its spec or its layers."""
    for view in [spec, *spec.get("layer", [])]:
        for channel in ("x", "y"):
            encoding = view.get("encoding", {}).get(channel, {})
            if encoding.get("type") == "quantitative" and isinstance(encoding.get("title"), str):
                return encoding["title"]
    return ""
