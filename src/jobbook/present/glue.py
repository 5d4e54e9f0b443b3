"""Putting computed, Danish-formatted numbers into the book's prose (myst-nb glue)."""

from __future__ import annotations

from collections.abc import Mapping

from IPython.display import display


def glue_all(values: Mapping[str, str]) -> None:
    """Glue each text under its key, for ``{glue:text}`key``` in this page or ``page.ipynb::key:s`` elsewhere."""
    from myst_nb import glue

    for key, text in values.items():
        if not isinstance(text, str):
            raise TypeError(f"glue {key!r}: format the value as Danish text first (got {type(text).__name__})")
        glue(key, text, display=False)


def show(*items) -> None:
    """Display the items that exist (a section with no data passes None for its figure)."""
    for item in items:
        if item is not None:
            display(item)
