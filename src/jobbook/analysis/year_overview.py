"""A budget year's page, around its figures: what the sources hold for the year and what they
lack (one computed sentence instead of a section per missing table), which theme chapters use
the year's own documents, the reform's figures in the year they were given, what the documents
say about the year, and only the caveats that apply to what the page shows.

The budget-year chapter's template uses it beside jobbook.analysis.budgetaar.
"""

from __future__ import annotations

import posixpath
import re

import pandas as pd

from jobbook.analysis.accounts import accounts_for_year, net_budgets_for_year
from jobbook.analysis.context import ChapterContext
from jobbook.analysis.recipients import recipients_for_year
from jobbook.build.registry import Chapter, Registry, load_registry
from jobbook.data.tables import TABLES_BY_NAME
from jobbook.present import fmt
from jobbook.present.figures import Figure
from jobbook.present.prose import Bullets, Link, Paragraph, Prose

YEAR_TEMPLATE = "budgetaar"  # the per-year chapter whose pages these links start from


#: What a year page can show, in the order of its sections: (what it is, in a Danish sentence;
#: the table whose rows for the year hold it).
YEAR_FACTS_DA = (
    ("et samlet nettobudget for området", "net_budgets"),
    ("budgettet pr. konto", "budget_by_account"),
    ("antallet af ydelsesmodtagere", "recipients"),
    ("beskrivelser af året", "statements"),
)


def facts_of_year(ctx: ChapterContext) -> tuple[list[str], list[str]]:
    """What the data hold for the year and what they lack, as Danish phrases (from YEAR_FACTS_DA)."""
    held, lacking = [], []
    for phrase, table in YEAR_FACTS_DA:
        (lacking if ctx.rows_of_year(table).empty else held).append(phrase)
    if figure_reform_amounts(ctx) is not None:
        held.append("tal for kommunen fra materialet om beskæftigelsesreformen")
    return held, lacking


def own_sources(ctx: ChapterContext) -> pd.DataFrame:
    """The documents made for the budget year (the sources table's budget_year)."""
    return ctx.rows_of_year("sources")


def book_registry(ctx: ChapterContext) -> Registry:
    """The chapters this book has: without those whose tables have no rows (``needs`` in chapters.toml)."""
    registry = load_registry(ctx.settings.root)
    needed = {name for chapter in registry.chapters for name in chapter.needs}
    return registry.with_rows({name for name in needed if not ctx.ds[name].empty})


def _link(ctx: ChapterContext, registry: Registry, chapter: Chapter) -> Link:
    """A link from this year's page to an edition chapter, titled as the chapter is."""
    here = posixpath.dirname(registry.chapter(YEAR_TEMPLATE).page_for(ctx.year))
    return Link(chapter.title(ctx.settings.root), posixpath.relpath(chapter.page, here) + ".html")


#: The glossary's page (book/ordliste.md); a term's anchor is Sphinx's ``term-`` and the term.
GLOSSARY_PAGE = "book/ordliste"


def glossary_link(ctx: ChapterContext, label: str, term: str) -> Link:
    """A word on a year's page linked to its explanation in the glossary (its first use on the page)."""
    here = posixpath.dirname(book_registry(ctx).chapter(YEAR_TEMPLATE).page_for(ctx.year))
    return Link(label, f"{posixpath.relpath(GLOSSARY_PAGE, here)}.html#term-{term}")


#: Abbreviations the documents use that the glossary explains, with their anchors.
GLOSSARY_ABBREVIATIONS = {"KL": "KL", "FGU": "FGU", "EGU": "EGU", "STU": "STU", "DUT": "DUT", "IPS": "IPS",
                          "KUI": "KUI", "LAB": "LAB", "LAS": "LAS"}


def abbreviations_explained(ctx: ChapterContext, said: str) -> Paragraph | None:
    """A line linking each glossary abbreviation that text from the data uses (data text is shown as
    text, so the links go beside it, not into it); None when it uses none."""
    used = [a for a in GLOSSARY_ABBREVIATIONS if re.search(rf"\b{a}\b", said)]
    if not used:
        return None
    links: list = ["Forkortelser forklaret i ordlisten: "]
    for i, abbreviation in enumerate(used):
        links += ([", "] if 0 < i < len(used) - 1 else [" og "] if i else []) + [
            glossary_link(ctx, abbreviation, GLOSSARY_ABBREVIATIONS[abbreviation])]
    return Paragraph(*links, ".")


def theme_chapters_citing(ctx: ChapterContext, source_ids: set[str]) -> list[Link]:
    """Links to the edition chapters that read a table with rows from one of ``source_ids``, in
    the order of the table of contents (the registry says which tables a chapter reads)."""
    registry = book_registry(ctx)
    themes = [chapter for chapter in registry.notebooks if chapter.runs == "edition"]
    read = {name for chapter in themes for name in chapter.reads} - {"sources"}
    cited = {name for name in read if "source_id" in TABLES_BY_NAME[name].columns
             and ctx.ds.every_document(name)["source_id"].isin(source_ids).any()}
    return [_link(ctx, registry, chapter) for chapter in themes if cited & set(chapter.reads)]


def text_overview(ctx: ChapterContext) -> Prose:
    """What the sources hold for the year, what they lack, and where else the year's documents are used."""
    held, lacking = facts_of_year(ctx)
    blocks: list = []
    if held:
        blocks.append(f"For {ctx.year} har kilderne {fmt.join_da(held)}.")
    if lacking:
        blocks.append(f"Kilderne har ikke {fmt.join_or(lacking)} for {ctx.year}.")
    documents = own_sources(ctx)
    if documents.empty:
        blocks.append(f"Ingen af bogens kilder er lavet til budgetåret {ctx.year}; tallene her stammer fra "
                      "dokumenter til andre år, som nævnt ved hver figur.")
    else:
        links = theme_chapters_citing(ctx, set(documents["source_id"]))
        names = fmt.join_da([f"»{title}«" for title in documents["title"]])
        if links:
            segments: list = [f"Årets {'dokument' if len(documents) == 1 else 'dokumenter'}, {names}, "
                              f"bruges også i {'kapitlet' if len(links) == 1 else 'kapitlerne'} "]
            for i, link in enumerate(links):
                segments += [link, ", " if i < len(links) - 2 else " og " if i == len(links) - 2 else "."]
            blocks.append(Paragraph(*segments))
    return Prose(*blocks)


# --- the reform, in the year its amounts were given --------------------------------------------------

def text_reform(ctx: ChapterContext) -> Prose | None:
    """Where the reform chapter takes the year's amounts further (None when the year has none)."""
    if figure_reform_amounts(ctx) is None:
        return None
    registry = book_registry(ctx)
    readers = [c for c in registry.notebooks if c.runs == "edition" and "reform_figures" in c.reads]
    text = Paragraph("Årets dokument giver reformens beløb for kommunen og sætter dem i forhold til "
                     "beskæftigelsesområdets økonomi. Tabellen gengiver tallene, som de er trykt.")
    if not readers:
        return Prose(text)
    return Prose(text, Paragraph("Kapitlet ", _link(ctx, registry, readers[0]),
                                 " sætter dem i forhold til landstallene og regner på, hvad en stigning i den "
                                 "strukturelle ledighed kan koste kommunen."))


def figure_reform_amounts(ctx: ChapterContext) -> Figure | None:
    """The reform material's figures for the municipality, as the year's own document prints them."""
    figures = ctx.ds["reform_figures"]
    figures = figures[(figures["geography_code"] == ctx.home)
                      & figures["source_id"].isin(set(own_sources(ctx)["source_id"]))]
    if figures.empty:
        return None
    shown = pd.DataFrame({"Tallet i kilden": figures["printed_text"], "Hvad tallet dækker": figures["description_da"]})
    return Figure(title=f"Tal for {ctx.settings.municipality_name} i materialet om beskæftigelsesreformen", table=shown,
                  sources=ctx.ds["sources"], source_ids=list(dict.fromkeys(figures["source_id"])), description="",
                  formats={})


# --- what the documents say --------------------------------------------------------------------------

def text_statements(ctx: ChapterContext) -> Prose | None:
    """The year's statements as a list, each with its source and place."""
    frame = ctx.rows_of_year("statements")
    if frame.empty:
        return None
    titles = ctx.ds["sources"].set_index("source_id")["title"]
    return Prose(Bullets(*[f"{row['statement_da']} (Kilde: {titles[row['source_id']]}, {row['source_location']}.)"
                           for _, row in frame.iterrows()]))


# --- caveats ---------------------------------------------------------------------------------------

def text_caveats(ctx: ChapterContext) -> Prose | None:
    """Only the caveats that apply to what the page shows."""
    ds, year = ctx.ds, ctx.year
    has_amounts = not accounts_for_year(ds, year).empty or not net_budgets_for_year(ds, year).empty
    recipients = recipients_for_year(ds, year)
    items = []
    if has_amounts:
        items.append("Beløbene er nominelle, som kilderne trykker dem; bogen har ikke korrigeret for pris- og "
                     "lønudvikling.")
    bases = set(recipients["basis_code"]) | ({"budget"} if has_amounts else set())
    if "budget" in bases:
        items.append("Et budget er et skøn, lagt før året begyndte, ikke et regnskab. Hvor kilderne kun har "
                     "budgettal, viser bogen ikke regnskabet for året.")
    if "actual" in bases:
        items.append(f"Antallet af modtagere i {year} er regnskabstal, ikke budget; det står ved tallene.")
    if (ds["statements"]["budget_year"] == year).any():
        items.append("Beskrivelserne af året er bogens gengivelse med egne ord; kilden og stedet i den står ved "
                     "hver enkelt.")
    return Prose(Bullets(*items)) if items else None

