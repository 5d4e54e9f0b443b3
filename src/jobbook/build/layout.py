"""Where the build reads and writes, relative to the repository root."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class BookLayout:
    root: Path

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
    def state(self) -> Path:
        """What the published site was built from (to skip or narrow the next build)."""
        return self.build / ".state.json"

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
