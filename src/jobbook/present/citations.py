"""How figures and pages cite a source: its anchor on the sources page and its short citation.

Kept apart from jobbook.present.figures (which imports Altair, half a second) because the build
itself writes the sources page and needs only these.
"""

from __future__ import annotations

import pandas as pd

from jobbook.present import fmt

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
