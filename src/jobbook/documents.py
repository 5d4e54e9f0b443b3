"""The source documents: the sources page of the book and what each year's documents say."""

from __future__ import annotations

import pandas as pd

from jobbook import fmt
from jobbook.dataset import Dataset
from jobbook.tables import TABLES


def source_anchor(source_id: str) -> str:
    """The anchor of a source's section on the sources page."""
    return f"kilde-{source_id}"


def rows_per_source(ds: Dataset) -> dict[str, int]:
    """How many data rows cite each source (a measure of how much of the book rests on it)."""
    counts: dict[str, int] = {}
    for spec in TABLES:
        if spec.name == "sources" or "source_id" not in spec.column_names:
            continue
        for source_id, n in ds[spec.name]["source_id"].value_counts().items():
            counts[source_id] = counts.get(source_id, 0) + int(n)
    return counts


def render_sources_page(ds: Dataset) -> str:
    """Markdown for the sources page: one section per document, linkable by ``#kilde-<id>``."""
    sources = ds["sources"].sort_values(["budget_year", "source_id"], na_position="last")
    counts = rows_per_source(ds)
    parts = [
        "# Kilder",
        "",
        "Alle tal og udsagn i bogen kan føres tilbage til et af dokumenterne herunder. Hver række i "
        "bogens data angiver dokumentet og stedet i dokumentet (afsnit, tabel og kolonne). Teksterne "
        "i bogen er skrevet med egne ord; tallene er gengivet, som kilderne trykker dem.",
    ]
    for _, row in sources.iterrows():
        facts = [f"Udgiver: {row['publisher']}"]
        if not fmt.is_missing(row["published"]):
            facts.append(f"Skrevet eller udgivet: {row['published']}")
        if not fmt.is_missing(row["budget_year"]):
            facts.append(f"Hører til budgetår {int(row['budget_year'])}")
        if not fmt.is_missing(row["file_name"]):
            checksum = "" if fmt.is_missing(row["sha256"]) else f" (SHA-256 `{row['sha256']}`)"
            facts.append(f"Indlæst fra tekstudtrækket `{row['file_name']}`{checksum}")
        facts.append(f"Bruges i {fmt.number(counts.get(row['source_id'], 0))} rækker af bogens data "
                     f"(kilde-id `{row['source_id']}`)")
        parts += ["", f"({source_anchor(row['source_id'])})=", f"## {row['title']}", "",
                  row["description_da"], "", *[f"- {fact}" for fact in facts]]
    return "\n".join(parts) + "\n"


def statements_for_year(ds: Dataset, year: int) -> pd.DataFrame:
    """What the documents of a budget year say about it, in the order of the data."""
    frame = ds["statements"]
    return frame[frame["budget_year"] == year].reset_index(drop=True)


def text_statements(ds: Dataset, year: int) -> str:
    """The year's statements as a Markdown list, each with its source and place."""
    frame = statements_for_year(ds, year)
    if frame.empty:
        return f"Kilderne indeholder ingen beskrivelser af {year}."
    titles = ds["sources"].set_index("source_id")["title"]
    return "\n".join(f"- {row['statement_da']} *(Kilde: {titles[row['source_id']]}, {row['source_location']}.)*"
                     for _, row in frame.iterrows())
