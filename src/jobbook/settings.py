"""The book's settings, read from ``jobbook.toml`` at the top of the repository."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

SETTINGS_FILE_NAME = "jobbook.toml"
#: Environment variable that points at another settings file (another municipality).
SETTINGS_ENV = "JOBBOOK_SETTINGS"


@dataclass(frozen=True)
class Settings:
    """Municipality, paths and year range; paths are absolute."""

    municipality_name: str
    municipality_short_name: str
    geography_code: str
    region_geography_code: str
    data_dir: Path
    sources_dir: Path
    min_year: int
    max_year: int
    settings_file: Path
    population: int | None = None  # inhabitants: no count of persons in the data can exceed it
    # [publication], optional: the footer of every page (book/_templates/jobbook-footer.html)
    publisher: str = ""
    edition_date: date | None = None
    contact: str = ""
    # [build], optional: the longest one notebook cell may run before the build gives up (seconds)
    cell_timeout_s: int = 600

    @property
    def root(self) -> Path:
        """The directory of the settings file (the repository root)."""
        return self.settings_file.parent


def find_settings_file(start: Path | None = None) -> Path:
    """``$JOBBOOK_SETTINGS`` or the nearest ``jobbook.toml`` at or above ``start``."""
    if os.environ.get(SETTINGS_ENV):
        return Path(os.environ[SETTINGS_ENV]).resolve()
    here = (start or Path.cwd()).resolve()
    for directory in (here, *here.parents):
        candidate = directory / SETTINGS_FILE_NAME
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"no {SETTINGS_FILE_NAME} found in {here} or any parent directory")


def load_settings(path: Path | None = None) -> Settings:
    """Read the settings file (by default the one :func:`find_settings_file` finds)."""
    path = (path or find_settings_file()).resolve()
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    municipality, paths, years = raw["municipality"], raw["paths"], raw["years"]
    publication = raw.get("publication", {})
    build = raw.get("build", {})
    edition_date = publication.get("edition_date") or None  # a TOML date, or "YYYY-MM-DD"
    if isinstance(edition_date, str):
        edition_date = date.fromisoformat(edition_date)
    return Settings(
        municipality_name=municipality["name"],
        municipality_short_name=municipality["short_name"],
        geography_code=str(municipality["geography_code"]),
        region_geography_code=str(municipality["region_geography_code"]),
        data_dir=(path.parent / paths["data_dir"]).resolve(),
        sources_dir=(path.parent / paths["sources_dir"]).resolve(),
        min_year=int(years["min_year"]),
        max_year=int(years["max_year"]),
        settings_file=path,
        population=int(municipality["population"]) if "population" in municipality else None,
        publisher=str(publication.get("publisher", "")).strip(),
        edition_date=edition_date,
        contact=str(publication.get("contact", "")).strip(),
        cell_timeout_s=int(build.get("cell_timeout_s", 600)),
    )
