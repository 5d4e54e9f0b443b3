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


#: The metadata key of the output :func:`show` leaves when a section has nothing to show; the
#: build removes such a cell together with the heading and text above it (jobbook.site.sections).
EMPTY_SECTION = "jobbook_empty_section"


def show(*items) -> None:
    """Display the items that exist: figures, :class:`Prose`, or a plain sentence (shown as text).

    A chapter's ``figure_*`` and ``text_*`` functions return None when there is nothing to show;
    such items are skipped, so a notebook needs no guards. When none exists, the section is
    empty, and the output says so, so that the build drops the section instead of showing a
    heading over nothing.
    """
    from jobbook.present.prose import Prose

    shown = [item for item in items if item is not None and not (isinstance(item, Prose) and not item)]
    for item in shown:
        display(Prose(item) if isinstance(item, str) else item)
    if not shown:
        display({"text/plain": ""}, raw=True, metadata={EMPTY_SECTION: True})
