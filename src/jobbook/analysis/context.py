"""The one thing every chapter's functions take: the validated data, the settings and the year.

Every analysis module follows the same contract, so a notebook needs no guards:

- ``key_figures(ctx) -> dict[str, str]``: every number the chapter's prose uses, formatted in
  Danish, to be glued;
- ``figure_*(ctx) -> Figure | None``: a chart or table with its source, or None when the data
  have nothing to show;
- ``text_*(ctx) -> Prose | None``: sentences computed from the data.

A page opens one context and passes it to every function, so what several functions of a page
share (the year's account table) is computed once, here, on first use.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from jobbook.analysis.accounts import accounts_for_year
from jobbook.data.dataset import Dataset, load_dataset
from jobbook.present.publication import Publication, set_page_publication
from jobbook.settings import Settings, load_settings


@dataclass(frozen=True)
class ChapterContext:
    ds: Dataset
    settings: Settings
    year: int  # a budget-year chapter's year, or a theme's edition year
    params: Mapping[str, object] = field(default_factory=dict)  # the chapter's other parameters (scenarios)

    def __post_init__(self) -> None:
        # A page's figures carry the book's licence and suggested citation (jobbook.present.publication):
        # the context a page opens says whose they are, so a chapter's figure_* functions need no argument.
        set_page_publication(Publication.from_settings(self.settings))

    @property
    def home(self) -> str:
        """The municipality's geography code."""
        return self.settings.geography_code

    def rows_of_year(self, table: str) -> pd.DataFrame:
        """The rows of a per-year table (or of the sources) that belong to the chapter's year."""
        frame = self.ds[table]
        return frame[frame["budget_year"] == self.year]

    @cached_property
    def accounts(self) -> pd.DataFrame:
        """The account table of the year's budget (:func:`jobbook.analysis.accounts.accounts_for_year`),
        computed once per page; do not change it in place (take a copy to change)."""
        return accounts_for_year(self.ds, self.year)


def open_chapter(budget_year: int, data_dir: str, settings_file: str, **params) -> ChapterContext:
    """The context a notebook's parameters describe (paths relative to the notebook's folder)."""
    settings = load_settings(Path(settings_file))
    return ChapterContext(load_dataset(data_dir, settings), settings, int(budget_year), dict(params))
