"""The plan of a build: which template runs with which parameters, and where its page goes.

Every per-year chapter of the registry runs once for each budget year found in the data; every
edition chapter runs once, for the edition year. Paths handed to a notebook are relative to the
templates' folder (its working directory), so an executed notebook does not depend on where the
repository is checked out. A chapter that links to the themes is handed them as a parameter
(:func:`theme_links`): the analysis learns which themes the book has from the build, as data.
"""

from __future__ import annotations

import ast
import json
import os
import posixpath
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jobbook.build.layout import BookLayout
from jobbook.build.registry import PAGE_PARAMETER, THEMES_PARAMETER, Chapter, Registry
from jobbook.settings import Settings


class ParameterError(ValueError):
    """A parameter that the template does not declare."""


@dataclass(frozen=True)
class Job:
    """One run of one template with one set of parameters."""

    chapter: Chapter
    template: Path
    output: Path  # the executed notebook's place in the book
    parameters: dict = field(default_factory=dict)
    label: str = ""  # how messages name the job: "budgetaar 2021"

    @property
    def slug(self) -> str:
        return self.label.replace(" ", "-")


def notebook_paths(layout: BookLayout, settings: Settings, data_dir: Path) -> dict[str, str]:
    """The data directory and settings file as every notebook is given them: relative to its folder."""
    return {"data_dir": os.path.relpath(data_dir, layout.notebooks),
            "settings_file": os.path.relpath(settings.settings_file, layout.notebooks)}


def theme_links(registry: Registry, root: Path, page: str) -> list[dict]:
    """The registry's themes as a page at ``page`` (relative to the repository) links to them: each
    theme's title (its template's first heading), its address relative to the page and the tables it
    reads, in the order of the table of contents. Only plain lists, dicts and strings: it is a
    notebook parameter (:data:`THEMES_PARAMETER`)."""
    here = posixpath.dirname(page)
    return [{"title": theme.title(root), "href": posixpath.relpath(theme.page, here) + ".html",
             "reads": list(theme.reads)} for theme in registry.themes]


def plan_jobs(registry: Registry, layout: BookLayout, settings: Settings, data_dir: Path, years: Sequence[int],
              edition_year: int) -> list[Job]:
    """One job per year for each per-year chapter and one for each edition chapter, in toc order.
    ``registry`` is the book the data fill (:meth:`Registry.with_rows`): a year page links only to
    themes that are in the book."""
    common = notebook_paths(layout, settings, data_dir)
    jobs = []
    for chapter in registry.notebooks:
        runs = years if chapter.runs == "per_year" else [edition_year]
        for year in runs:
            parameters = {"budget_year": year, **common}
            if chapter.links_to_themes:
                parameters[THEMES_PARAMETER] = theme_links(registry, layout.root, chapter.page_for(year))
                # where the page is, so it can link to the book's own pages (the glossary) relative to itself
                parameters[PAGE_PARAMETER] = chapter.page_for(year)
            jobs.append(Job(chapter, layout.template(chapter.template), layout.page(chapter.page_for(year)),
                            parameters, f"{chapter.template} {year}"))
    return jobs


def declared_parameters(template: Path) -> set[str]:
    """The names assigned in the template's ``parameters`` cell (read with ast: fast, no papermill)."""
    nb = json.loads(template.read_text(encoding="utf-8"))
    names = set()
    for cell in nb["cells"]:
        if "parameters" not in cell.get("metadata", {}).get("tags", []):
            continue
        for node in ast.parse("".join(cell["source"])).body:
            targets = [node.target] if isinstance(node, ast.AnnAssign) else getattr(node, "targets", [])
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


def check_parameters(job: Job) -> None:
    """Unknown parameters are an error (papermill itself only warns)."""
    declared = declared_parameters(job.template)
    unknown = sorted(set(job.parameters) - declared)
    if unknown:
        raise ParameterError(f"{job.template.name}: unknown parameter(s) {', '.join(unknown)}; "
                             f"the template declares {', '.join(sorted(declared)) or 'none'}")


def template_code(template: Path) -> str:
    """The code cells of a template, joined (what its cache key's code dependencies are read from)."""
    nb = json.loads(template.read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
