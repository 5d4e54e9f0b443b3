"""Where the build reads and writes, relative to the repository root."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jobbook.settings import SETTINGS_FILE_NAME


@dataclass(frozen=True)
class BookLayout:
    root: Path
    #: The settings file the book is built with (default: the root's jobbook.toml); every page's
    #: footer comes from it, so it is part of what every page depends on.
    settings_file: Path | None = None

    @property
    def settings(self) -> Path:
        return self.settings_file or self.root / SETTINGS_FILE_NAME

    @property
    def notebooks(self) -> Path:
        """The notebook templates (also the working directory of every run)."""
        return self.root / "notebooks"

    @property
    def book(self) -> Path:
        return self.root / "book"

    @property
    def generated(self) -> Path:
        """Pages the build writes from the data (sources page, data dictionary)."""
        return self.book / "generated"

    @property
    def vendor(self) -> Path:
        """The chart library, served by the site itself."""
        return self.book / "_static" / "vendor"

    @property
    def build(self) -> Path:
        return self.root / "_build"

    @property
    def site(self) -> Path:
        """The published site."""
        return self.build / "html"

    @property
    def staging(self) -> Path:
        """Jupyter Book's own output folder (Sphinx writes _build/html and _build/.doctrees below it).

        It is kept between builds, so that the next build can be incremental.
        """
        return self.build / ".staging"

    @property
    def staged_site(self) -> Path:
        return self.staging / "_build" / "html"

    @property
    def staged_pages(self) -> Path:
        """The digest of every page and of the configuration the staged build was made from, written
        when Sphinx succeeded: what its next incremental build compares the pages with."""
        return self.staging / "pages.json"

    @property
    def data_snapshot(self) -> Path:
        """The data as the running build read them: copied here at its start, and every notebook and
        generated page reads this copy, so an edit of data/ during a build cannot give a site made of
        two versions of the data."""
        return self.build / ".data"

    @property
    def scratch(self) -> Path:
        """Notebooks while papermill runs them, and the kernels' log."""
        return self.build / ".notebooks"

    @property
    def failed(self) -> Path:
        """Executed notebooks of failed runs, with their error cells."""
        return self.build / "failed"

    @property
    def cache(self) -> Path:
        return self.build / ".cache" / "notebooks"

    @property
    def report(self) -> Path:
        return self.build / "build-report.json"

    @property
    def extras(self) -> Path:
        """Files made from a built book (the PDF), each stamped with the book it was made from;
        a new site keeps them while they still match (see jobbook.build.publish)."""
        return self.build / "extras"

    def template(self, name: str) -> Path:
        return self.notebooks / f"{name}.ipynb"

    def page(self, relative: str, suffix: str = ".ipynb") -> Path:
        return self.root / f"{relative}{suffix}"
