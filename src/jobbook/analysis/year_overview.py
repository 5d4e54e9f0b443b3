"""A budget year's page, around its figures: what the sources hold for the year and what they
lack (one computed sentence instead of a section per missing table), which theme chapters use
the year's own documents, the reform's figures in the year they were given, what the documents
say about the year, and only the caveats that apply to what the page shows.

The budget-year chapter's template uses it beside jobbook.analysis.budgetaar.

Which themes the book has is handed to the page as data, the template's ``themes`` parameter,
which ``jobbook build`` fills from the chapter registry (jobbook.build.plan.theme_links). The
analysis does not read chapters.toml itself: the build has already decided which themes the data
fill, so the page links to exactly the book's themes; the parameter is part of the run's cache key,
so a theme added, renamed or left out runs the year pages again; and analysis stays below build in
the import directions. Run without it (by hand, or a test without themes), the page links nowhere.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping, Sequence

import pandas as pd

from jobbook.analysis.accounts import net_budgets_for_year
from jobbook.analysis.context import ChapterContext
from jobbook.analysis.indicators import COUNTRY, home_first, indicator_rows
from jobbook.analysis.opgaver import counts as task_counts
from jobbook.analysis.opgaver import figure_counts as figure_task_counts
from jobbook.analysis.recipients import recipients_for_year
from jobbook.data.tables import TABLES_BY_NAME
from jobbook.present import fmt
from jobbook.present.figures import Figure
from jobbook.present.prose import Bullets, Link, Paragraph, Prose

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
    if lists_tasks(ctx):
        held.append("en liste over jobcentrets opgaver")
    if not indicators_of_year(ctx).empty:
        held.append("tal målt i perioder, der omfatter året")
    return held, lacking


def own_sources(ctx: ChapterContext) -> pd.DataFrame:
    """The documents made for the budget year (the sources table's budget_year)."""
    return ctx.rows_of_year("sources")


def book_themes(ctx: ChapterContext) -> Sequence[Mapping]:
    """The book's theme chapters, as the build hands them to the page (the ``themes`` parameter): each
    with its ``title``, its ``href`` from this page and the tables it ``reads``, in the order of the
    table of contents."""
    return ctx.params.get("themes") or ()


def _link(theme: Mapping) -> Link:
    return Link(theme["title"], theme["href"])


#: The glossary's page (book/ordliste.md); a term's anchor is Sphinx's ``term-`` and the term.
GLOSSARY_PAGE = "book/ordliste"


def glossary_link(ctx: ChapterContext, label: str, term: str) -> Link | str:
    """A word on a year's page linked to its explanation in the glossary (its first use on the page).

    The page learns where it is from the build (the ``page`` parameter, beside ``themes``); run
    without it, the word stays plain text rather than a link that may lead nowhere."""
    page = ctx.params.get("page")
    if not page:
        return label
    return Link(label, f"{posixpath.relpath(GLOSSARY_PAGE, posixpath.dirname(str(page)))}.html#term-{term}")


#: Abbreviations and trade words the documents use that the glossary explains: the word as text from
#: the data prints it (a pattern) and its glossary anchor (Sphinx's ``term-`` id of the entry).
GLOSSARY_WORDS = {
    r"\bKL\b": "KL", r"\bFGU\b": "FGU", r"\bEGU\b": "EGU", r"\bSTU\b": "STU", r"\bDUT\b": "DUT", r"\bIPS\b": "IPS",
    r"\bKUI\b": "KUI", r"\bLAB\b": "LAB", r"\bLAS\b": "LAS", r"\bArne-(?:aftalen|reformen)\b": "Arne-aftalen",
    r"\bservicerammen?\b": "Serviceramme", r"\bbudgetgaranti(?:en)?\b": "Budgetgaranti",
    r"\b(?:primo|medio|ultimo)\b": "Primo-medio-ultimo",
    # Sphinx's anchor drops the letters outside ASCII: "Økonomiaftale" is "term-konomiaftale".
    r"\bøkonomiaftal(?:e|en|er|erne)\b": "konomiaftale", r"\brefusion(?:en)?\b": "Refusion",
}


def abbreviations_explained(ctx: ChapterContext, said: str) -> Paragraph | None:
    """A line linking each glossary word that text from the data uses (data text is shown as text, so
    the links go beside it, not into it); None when it uses none."""
    # Each word linked in the form the text uses it (»servicerammen«, »medio«).
    used = [(found.group(0), anchor) for pattern, anchor in GLOSSARY_WORDS.items()
            if (found := re.search(pattern, said))]
    if not used:
        return None
    links: list = ["Forkortelser og fagord forklaret i ordlisten: "]
    for i, (label, anchor) in enumerate(used):
        links += ([", "] if 0 < i < len(used) - 1 else [" og "] if i else []) + [glossary_link(ctx, label, anchor)]
    return Paragraph(*links, ".")


def theme_chapters_citing(ctx: ChapterContext, source_ids: set[str]) -> list[Link]:
    """Links to the themes that read a table with rows from one of ``source_ids``, in the order of
    the table of contents."""
    themes = book_themes(ctx)
    # Every chapter reads the sources, and a theme quotes only some statements (the year's own are on
    # its page): neither makes a theme one that uses the year's documents.
    read = {name for theme in themes for name in theme["reads"]} - {"sources", "statements"}
    cited = {name for name in read if "source_id" in TABLES_BY_NAME[name].columns
             and ctx.ds.every_document(name)["source_id"].isin(source_ids).any()}
    return [_link(theme) for theme in themes if cited & set(theme["reads"])]


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
    return Prose(*blocks, *missing_years_said(ctx))


def missing_years_said(ctx: ChapterContext) -> list[str]:
    """Why the menu jumps from this year's page to the next (or from the previous to this): a year
    between the book's first and last with no rows in any per-year table has no page, said on the
    pages on either side of the gap."""
    years = ctx.ds.budget_years()
    if ctx.year not in years:
        return []
    position = years.index(ctx.year)
    said = []
    for neighbour in (years[position - 1] if position else None, years[position + 1] if position + 1 < len(years)
                      else None):
        if neighbour is None or abs(neighbour - ctx.year) == 1:
            continue
        gap = list(range(min(neighbour, ctx.year) + 1, max(neighbour, ctx.year)))
        which = fmt.year_ranges(gap)
        one = len(gap) == 1
        said.append(f"Bogen har ingen side for {which}: ingen af kilderne er lavet til "
                    f"{'det budgetår' if one else 'de budgetår'}, og de har hverken budget, modtagertal eller "
                    f"beskrivelser for {'året' if one else 'årene'}. Derfor springer menuen fra "
                    f"{min(neighbour, ctx.year)} til {max(neighbour, ctx.year)}.")
    return said


# --- figures measured in periods that include the year ----------------------------------------------

def indicators_of_year(ctx: ChapterContext) -> pd.DataFrame:
    """The socio-economic figures (outcomes, not forecasts) whose period includes the year, for the
    municipality, its own units (the jobcenter) and the whole country, from any document: a year
    whose own documents hold few figures still has what later documents measured in it."""
    frame = ctx.ds["indicators"]
    geographies = ctx.ds["geographies"]
    places = {ctx.home, COUNTRY} | set(geographies.loc[geographies["parent_geography_code"] == ctx.home,
                                                       "geography_code"])
    first = frame["period_start"].str[:4].astype(int)
    last = frame["period_end"].str[:4].astype(int)
    chosen = frame[(first <= ctx.year) & (last >= ctx.year) & (frame["basis_code"] == "actual")
                   & frame["geography_code"].isin(places)]
    if chosen.empty:
        return chosen
    rows = pd.concat([home_first(indicator_rows(ctx.ds, code), ctx.home) for code in chosen["indicator_code"].unique()],
                     ignore_index=True)
    # indicator_rows gives every period of an indicator: keep only the rows chosen above.
    keys = ["indicator_code", "geography_code", "period_start", "period_end"]
    return rows.merge(chosen[keys], on=keys)


def text_indicators(ctx: ChapterContext) -> Prose | None:
    """What the table of figures measured in the year is, and what it is not."""
    rows = indicators_of_year(ctx)
    if rows.empty:
        return None
    titles = ctx.ds["sources"].set_index("source_id")["title"]
    documents = fmt.join_da([f"»{titles[s]}«" for s in dict.fromkeys(rows["source_id"])])
    spans = (rows["period_start"].str[:4] != rows["period_end"].str[:4]).any()
    # The same measure for two places from two counts (Jobindsats for the municipality, STAR for the
    # country) is no like-for-like comparison: said at the table, which names each figure's count.
    unlike = [name for code, name in _names(ctx).items()
              if rows.loc[rows["indicator_code"] == code, "underlying_source_da"].fillna("").nunique() > 1]
    return Prose(f"{'Dokumentet' if rows['source_id'].nunique() == 1 else 'Dokumenterne'} {documents} oplyser "
                 f"tal, hvis periode omfatter {ctx.year}. Tabellen gengiver dem, som de er trykt."
                 + (f" Hvor perioden strækker sig over flere år, siger kilden ikke, hvor meget af ændringen der "
                    f"skete i {ctx.year}." if spans else "")
                 + (f" Tallene for {fmt.join_da([fmt.in_sentence(n) for n in unlike])} kommer fra forskellige "
                    "opgørelser, som kolonnen »Opgjort af« viser, og er derfor ikke helt det samme mål; forskellen "
                    "mellem stederne er ikke kun en forskel i udviklingen." if unlike else ""),
                 abbreviations_explained(ctx, " ".join(rows["period_label"].astype(str))))


def _names(ctx: ChapterContext) -> pd.Series:
    return ctx.ds["indicator_definitions"].set_index("indicator_code")["indicator_name_da"]


def figure_indicators(ctx: ChapterContext) -> Figure | None:
    rows = indicators_of_year(ctx)
    if rows.empty:
        return None
    shown = pd.DataFrame({"Hvad": rows["indicator_code"].map(_names(ctx)), "Sted": rows["geography_name"],
                          "Periode": rows["period_label"], "Tallet": rows["printed_text"]})
    counts = rows["underlying_source_da"].fillna("")
    if counts.str.len().gt(0).any():
        shown["Opgjort af"] = counts.where(counts != "", None)  # missing where the document names no count
    notes = rows["note_da"].fillna("")
    if notes.str.len().gt(0).any():
        # A row without a note is missing, not "": it reads "–" in the table and is left out of a phone's card.
        shown["Bemærkning"] = notes.where(notes != "", None)
    return Figure(title=f"Tal målt i perioder, der omfatter {ctx.year}", table=shown, sources=ctx.ds["sources"],
                  source_ids=list(dict.fromkeys(rows["source_id"])), description="", formats={})


# --- the jobcenter's tasks, where the year's document lists them ---------------------------------------

def lists_tasks(ctx: ChapterContext) -> bool:
    """Whether one of the year's own documents lists the jobcenter's tasks."""
    return bool(ctx.ds["jobcenter_tasks"]["source_id"].isin(set(own_sources(ctx)["source_id"])).any())


def text_tasks(ctx: ChapterContext) -> Prose | None:
    """The year's document answers which tasks the state sets: the book's count of its lists, with a
    link to the chapter that goes through them (None when the year's documents list no tasks)."""
    if not lists_tasks(ctx):
        return None
    table = task_counts(ctx.ds).set_index("classification_code")["tasks"]
    text: list = [f"Årets budgetnotat svarer på, hvilke af jobcentrets opgaver staten pålægger kommunen, og hvilke "
                  f"kommunen selv har valgt. Notatet tæller ikke selv opgaverne; bogen har talt punkterne i dets "
                  f"lister: {int(table['state_mandated'])} opgaver pålagt af staten, {int(table['municipal_choice'])} "
                  f"kommunale valg inden for loven og {int(table['own_initiative'])} opgaver på eget initiativ. "
                  "Antallet siger intet om, hvor mange ressourcer opgaverne bruger."]
    readers = [theme for theme in book_themes(ctx) if "jobcenter_tasks" in theme["reads"]]
    if readers:
        text += [" Kapitlet ", _link(readers[0]), " gennemgår opgaverne og lovene."]
    return Prose(Paragraph(*text))


def figure_tasks(ctx: ChapterContext) -> Figure | None:
    """The book's count of the tasks, as the tasks chapter shows it (only where the year's document lists them)."""
    return figure_task_counts(ctx) if lists_tasks(ctx) else None


# --- the reform, in the year its amounts were given --------------------------------------------------

def text_reform(ctx: ChapterContext) -> Prose | None:
    """Where the reform chapter takes the year's amounts further (None when the year has none)."""
    if figure_reform_amounts(ctx) is None:
        return None
    readers = [theme for theme in book_themes(ctx) if "reform_figures" in theme["reads"]]
    text = Paragraph("Årets dokument giver reformens beløb for kommunen og sætter dem i forhold til "
                     "beskæftigelsesområdets økonomi. Tabellen gengiver tallene, som de er trykt.")
    if not readers:
        return Prose(text)
    return Prose(text, Paragraph("Kapitlet ", _link(readers[0]),
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
    items = [f"{row['statement_da']} (Kilde: {titles[row['source_id']]}, {row['source_location']}.)"
             for _, row in frame.iterrows()]
    # The links stand before the list: a long list would put them far from a word's first use.
    return Prose(abbreviations_explained(ctx, " ".join(items)), Bullets(*items))


# --- caveats ---------------------------------------------------------------------------------------

def text_caveats(ctx: ChapterContext) -> Prose | None:
    """Only the caveats that apply to what the page shows."""
    ds, year = ctx.ds, ctx.year
    has_amounts = not ctx.accounts.empty or not net_budgets_for_year(ds, year).empty
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

