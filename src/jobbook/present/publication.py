"""The book as a publication: its title, publisher, edition, licence and suggested citation.

One record, made from [publication] in the settings and the book's title (``title`` in _config.yml),
used by every page's footer (jobbook.site.sphinxext) and by every figure: the lines at the top of its
CSV files and its "Citér" box (jobbook.present.figures).

A figure takes the record of the page it is on. A page is one notebook, run in its own process, whose
first step opens the page's :class:`jobbook.analysis.context.ChapterContext` (``open_chapter``): the
context sets the page's record here (:func:`set_page_publication`), and every figure made after it
takes it (``Figure.publication``). So the chapters' ``figure_*`` functions need no parameter for it,
and a figure, once made, does not change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from jobbook.settings import Settings


def date_da(day: date) -> str:
    """"2. december 2026"."""
    from babel.dates import format_date

    return format_date(day, format="long", locale="da")


def suggested_citation(publisher: str, book_title: str, edition: str) -> str:
    """'Publisher: Title. Udgave 2. december 2026.' without the parts not set."""
    head = ": ".join(part for part in (publisher, book_title.strip()) if part)
    if not head:
        return ""
    return f"{head}. Udgave {edition}." if edition else f"{head}."


@dataclass(frozen=True)
class Publication:
    """What a reader needs to reuse and cite the book (every value may be empty)."""

    book_title: str = ""
    publisher: str = ""
    edition_date: date | None = None
    licence: str = ""  # "CC BY 4.0"
    licence_url: str = ""

    @classmethod
    def from_settings(cls, settings: Settings, book_title: str | None = None) -> Publication:
        """The record of ``settings``; the title, when not given, from _config.yml beside the settings."""
        return cls(book_title=read_book_title(settings.root) if book_title is None else book_title,
                   publisher=settings.publisher, edition_date=settings.edition_date, licence=settings.licence,
                   licence_url=settings.licence_url)

    @property
    def edition_da(self) -> str:
        return date_da(self.edition_date) if self.edition_date else ""

    def citation(self) -> str:
        """The book's suggested citation, as the footer shows it."""
        return suggested_citation(self.publisher, self.book_title, self.edition_da)

    def licence_text(self) -> str:
        """"CC BY 4.0 (https://...)": the licence and where it is written out; empty when not set."""
        if not self.licence:
            return ""
        return f"{self.licence} ({self.licence_url})" if self.licence_url else self.licence

    def figure_citation(self, figure_title: str, address: str = "") -> str:
        """A figure's suggested citation: the book's, with the figure's title, its address and the licence
        ('Publisher: Title, figur »X«. Udgave 2. december 2026. <address>. Licens: CC BY 4.0.')."""
        head = ": ".join(part for part in (self.publisher, self.book_title.strip()) if part)
        parts = [f"{head}, figur »{figure_title}«." if head else f"Figur »{figure_title}«."]
        if self.edition_da:
            parts.append(f"Udgave {self.edition_da}.")
        if address:
            parts.append(f"{address}.")
        if self.licence:
            parts.append(f"Licens: {self.licence}.")
        return " ".join(parts)


def read_book_title(root: Path) -> str:
    """``title`` in the book's _config.yml at ``root`` ("" when there is none)."""
    import yaml

    try:
        config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return ""
    title = config.get("title") if isinstance(config, dict) else None
    return str(title).strip() if title else ""


_page_publication = Publication()


def set_page_publication(publication: Publication) -> None:
    """Set the record the figures of this page take (called once, by open_chapter)."""
    global _page_publication
    _page_publication = publication


def page_publication() -> Publication:
    """The record of the page being made (empty values before open_chapter has run)."""
    return _page_publication
