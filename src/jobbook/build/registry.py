"""The chapter registry: ``chapters.toml`` read and checked, and the table of contents made from it.

The registry is the one place that names the book's chapters. The build's jobs
(:mod:`jobbook.build.plan`), the notebook cache's dependencies (:mod:`jobbook.build.cache`) and
``_toc.yml`` all come from it.

What a chapter reads is typed once, in its own entry. A chapter that links to the themes (the
year pages, ``links_to_themes = true``) looks for its documents in every table a theme reads, so
its ``reads`` are derived here: its own and every edition chapter's. A new theme's tables thus
reach the year pages' cache keys without anyone editing the year pages' entry.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from jobbook.data.tables import TABLES_BY_NAME

REGISTRY_FILE = "chapters.toml"
TOC_FILE = "_toc.yml"
RUNS = ("per_year", "edition")
YEAR_SCOPES = ("own_and_previous", "all")
YEAR_FIELD = "{year}"
#: The template parameter a chapter with ``links_to_themes`` declares: the book's theme chapters,
#: filled by the build (:func:`jobbook.build.plan.theme_links`).
THEMES_PARAMETER = "themes"
#: The parameter that tells such a chapter where its page is (to link to the book's own pages).
PAGE_PARAMETER = "page"


class RegistryError(ValueError):
    """The registry file is not what the build can use; the message names the entry."""


@dataclass(frozen=True)
class Chapter:
    """A notebook template run once per budget year or once per edition, or a plain page."""

    page: str  # relative to the repository, without suffix; per-year pages hold "{year}"
    template: str | None = None  # notebooks/TEMPLATE.ipynb; None for a page of the book's own
    runs: str | None = None  # one of RUNS
    reads: tuple[str, ...] = ()  # the tables it reads (with links_to_themes: its own and every theme's)
    years: str = "all"  # one of YEAR_SCOPES
    needs: tuple[str, ...] = ()  # the chapter is in the book only when one of these tables has rows
    links_to_themes: bool = False  # its runs get the book's themes (parameter THEMES_PARAMETER) to link to

    @property
    def is_notebook(self) -> bool:
        return self.template is not None

    def page_for(self, year: int) -> str:
        return self.page.replace(YEAR_FIELD, str(year))

    def title(self, root: Path) -> str:
        """The chapter's title: the first heading of its template (the page's own title)."""
        notebook = root / "notebooks" / f"{self.template}.ipynb"
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            for line in "".join(cell["source"]).splitlines():
                if cell["cell_type"] == "markdown" and line.startswith("# "):
                    return line[2:].strip()
        raise RegistryError(f"notebooks/{self.template}.ipynb: no title (a first-level heading)")

    def toc_entry(self) -> dict[str, str]:
        """The chapter's line in the table of contents: one page, or a glob over the years."""
        if self.runs == "per_year":
            return {"glob": self.page.replace(YEAR_FIELD, "*")}
        return {"file": self.page}


@dataclass(frozen=True)
class Part:
    caption: str
    chapters: tuple[Chapter, ...]


@dataclass(frozen=True)
class Registry:
    root: str  # the front page
    parts: tuple[Part, ...]
    path: Path

    @property
    def chapters(self) -> list[Chapter]:
        """Every entry in the order of the table of contents."""
        return [chapter for part in self.parts for chapter in part.chapters]

    @property
    def notebooks(self) -> list[Chapter]:
        return [c for c in self.chapters if c.is_notebook]

    @property
    def themes(self) -> list[Chapter]:
        """The theme chapters: those run once per edition, in the order of the table of contents."""
        return [c for c in self.notebooks if c.runs == "edition"]

    def chapter(self, template: str) -> Chapter:
        for candidate in self.notebooks:
            if candidate.template == template:
                return candidate
        raise KeyError(f"{self.path.name}: no chapter with template {template!r}")

    def with_rows(self, tables_with_rows: set[str]) -> Registry:
        """The book the data can fill: a chapter whose ``needs`` tables are all empty is left out (no empty
        page, no entry in the table of contents), and so is a part left without chapters."""
        parts = []
        for part in self.parts:
            kept = tuple(c for c in part.chapters if not c.needs or tables_with_rows.intersection(c.needs))
            if kept:
                parts.append(Part(part.caption, kept))
        return Registry(self.root, tuple(parts), self.path)

    def toc_text(self) -> str:
        """``_toc.yml`` for Jupyter Book (written as plain YAML; every value is a simple string)."""
        lines = [f"# Made by `jobbook build` from {self.path.name}; edit that file, not this one.",
                 "format: jb-book", f"root: {self.root}", "parts:"]
        for part in self.parts:
            lines += [f"  - caption: {part.caption}", "    chapters:"]
            for chapter in part.chapters:
                (key, value), = chapter.toc_entry().items()
                lines.append(f"      - {key}: {value}")
        return "\n".join(lines) + "\n"


def _chapter(raw: dict, where: str, root: Path) -> Chapter:
    known = {"page", "template", "runs", "reads", "years", "needs", "links_to_themes"}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise RegistryError(f"{where}: unknown key(s) {', '.join(unknown)}; expected {', '.join(sorted(known))}")
    page = raw.get("page")
    if not isinstance(page, str) or not page:
        raise RegistryError(f"{where}: 'page' (the page's path without suffix) is required")
    template = raw.get("template")
    if template is None:
        if set(raw) != {"page"}:
            raise RegistryError(f"{where}: a page without 'template' takes no other keys")
        if not any((root / f"{page}{suffix}").is_file() for suffix in (".md", ".ipynb")) and \
                not page.startswith("book/generated/"):
            raise RegistryError(f"{where}: {page}.md does not exist")
        return Chapter(page=page)
    if not (root / "notebooks" / f"{template}.ipynb").is_file():
        raise RegistryError(f"{where}: the template notebooks/{template}.ipynb does not exist")
    runs, years, reads = raw.get("runs"), raw.get("years", "all"), raw.get("reads")
    if runs not in RUNS:
        raise RegistryError(f"{where}: 'runs' must be one of {', '.join(RUNS)}")
    if years not in YEAR_SCOPES:
        raise RegistryError(f"{where}: 'years' must be one of {', '.join(YEAR_SCOPES)}")
    if (YEAR_FIELD in page) != (runs == "per_year"):
        raise RegistryError(f"{where}: the page of a per-year chapter has {YEAR_FIELD}, an edition chapter's not")
    if not isinstance(reads, list) or not reads:
        raise RegistryError(f"{where}: 'reads' must list the tables the chapter reads")
    unknown_tables = sorted(set(reads) - set(TABLES_BY_NAME))
    if unknown_tables:
        raise RegistryError(f"{where}: 'reads' names unknown tables {', '.join(unknown_tables)}")
    needs = raw.get("needs", [])
    if not isinstance(needs, list) or not set(needs) <= set(reads):
        raise RegistryError(f"{where}: 'needs' must list tables the chapter reads")
    links = raw.get("links_to_themes", False)
    if not isinstance(links, bool):
        raise RegistryError(f"{where}: 'links_to_themes' must be true or false")
    if links and runs == "edition":
        raise RegistryError(f"{where}: a theme (runs = \"edition\") cannot link to the themes")
    return Chapter(page=page, template=template, runs=runs, reads=tuple(sorted(reads)), years=years,
                   needs=tuple(sorted(needs)), links_to_themes=links)


def _with_theme_reads(parts: list[Part]) -> list[Part]:
    """Each chapter that links to the themes reads, besides its own tables, every table a theme reads."""
    themes = {name for part in parts for c in part.chapters if c.runs == "edition" for name in c.reads}
    return [Part(part.caption, tuple(replace(c, reads=tuple(sorted(themes | set(c.reads)))) if c.links_to_themes
                                     else c for c in part.chapters)) for part in parts]


def load_registry(root: Path) -> Registry:
    """Read and check ``chapters.toml`` of the project at ``root``."""
    path = root / REGISTRY_FILE
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RegistryError(f"{path}: cannot be read ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{path}: not valid TOML ({exc})") from None
    parts = []
    for i, part in enumerate(raw.get("parts", []), start=1):
        caption = part.get("caption")
        if not caption:
            raise RegistryError(f"{path.name}: part {i} has no caption")
        chapters = tuple(_chapter(entry, f"{path.name}: part {caption!r}, entry {j}", root)
                         for j, entry in enumerate(part.get("chapters", []), start=1))
        parts.append(Part(caption, chapters))
    templates = [c.template for part in parts for c in part.chapters if c.template]
    duplicates = sorted({t for t in templates if templates.count(t) > 1})
    if duplicates:
        raise RegistryError(f"{path.name}: template(s) listed twice: {', '.join(duplicates)}")
    if not raw.get("root"):
        raise RegistryError(f"{path.name}: 'root' (the front page) is required")
    return Registry(root=raw["root"], parts=tuple(_with_theme_reads(parts)), path=path)
