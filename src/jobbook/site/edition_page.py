"""The page "Nyt i denne udgave": what this edition rests on and which figures a newer document revised.

The book keeps no changelog, so the page says only what the data shows: the documents the edition is
built on (sources.csv), newest first, and the figures a later document prints differently from an
earlier one (the validation's revision notes, as the sources page lists them).
"""

from __future__ import annotations

from jobbook.data.dataset import Dataset
from jobbook.present import fmt
from jobbook.present.citations import source_anchor
from jobbook.present.safe import text
from jobbook.site.sources_page import date_fact, note_html


def render_edition_page(ds: Dataset) -> str:
    """Markdown for book/generated/nyt.md. Data reaches it only as HTML escaped by present.safe.text,
    one raw HTML line per block (see render_sources_page)."""
    return "\n".join([
        "# Nyt i denne udgave", "",
        "Bogen fører ikke en liste over ændringer fra udgave til udgave. Denne side er udledt af bogens data: "
        "de dokumenter, udgaven bygger på, og de tal, som et nyere dokument har rettet i forhold til et ældre.", "",
        "## Dokumenterne", "",
        "Udgaven bygger på disse dokumenter; nyeste først, efter den dato, der står ved dem (hvornår dokumentet "
        "er dateret, skrevet eller udgivet, eller mødets dato). Siden [Kilder](kilder.md) beskriver hvert "
        "dokument.", "",
        documents_newest_first_html(ds), "",
        "## Reviderede tal", "",
        "Når to dokumenter trykker samme tal forskelligt, viser bogen tallet fra det senest udgivne dokument.", "",
        revisions_html(ds), "",
    ])


def documents_newest_first_html(ds: Dataset) -> str:
    """The documents as a list, newest first: by date (ISO text, so "2021" and "2021-06-10" sort by time),
    then budget year; a document without either comes last."""
    sources = ds["sources"].copy()
    sources["_date"] = sources["published"].map(lambda v: "" if fmt.is_missing(v) else str(v))
    sources["_year"] = sources["budget_year"].map(lambda v: -1 if fmt.is_missing(v) else int(v))
    sources = sources.sort_values(["_date", "_year", "source_id"], ascending=[False, False, True])
    items = []
    for _, row in sources.iterrows():
        facts = []
        if row["_year"] >= 0:
            facts.append(f"budgetår {row['_year']}")
        if row["_date"]:  # in Danish, named for what it is: "mødedato 21. august 2025"
            facts.append(fmt.in_sentence(date_fact(row)).replace(":", ""))
        said = f" ({', '.join(facts)})" if facts else ""
        items.append(f'<li><a href="kilder.html#{text(source_anchor(row["source_id"]))}">{text(row["title"])}</a>'
                     f"{text(said)}</li>")
    return '<ul class="jobbook-edition-documents">' + "".join(items) + "</ul>"


def revisions_html(ds: Dataset) -> str:
    """The revision notes (figure, both documents, both values), or a sentence that there are none."""
    revisions = [note for note in ds.notes if note.check_code == "revision"]
    if not revisions:
        return "<p>Ingen af dokumenterne retter et tal, som et tidligere dokument har trykt.</p>"
    return '<ul class="jobbook-notes">' + "".join(note_html(ds, note) for note in revisions) + "</ul>"
