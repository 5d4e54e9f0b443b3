"""The cache of executed notebooks.

A notebook is executed again only when something it depends on has changed: its template,
its parameters, the data it reads, the package's code, or the locked environment. What a
template reads is declared in its metadata (``jobbook.reads``: the tables; ``jobbook.years``:
``own_and_previous`` for a chapter that shows one year's rows against the year before, ``all``
for a chapter that reads across years). A test runs every template with table tracing on and
checks that it reads nothing it has not declared, so the declaration cannot drift.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from jobbook.build.digest import digest_parts, environment_digest, package_code_digest
from jobbook.build.run import NotebookJob
from jobbook.data.tables import TABLES_BY_NAME
from jobbook.files import write_atomically

if TYPE_CHECKING:
    from jobbook.data.dataset import Dataset

YEAR_SCOPES = ("own_and_previous", "all")


class TemplateInputsError(ValueError):
    """A template without a valid ``jobbook`` metadata block."""


@dataclass(frozen=True)
class TemplateInputs:
    tables: tuple[str, ...]
    years: str  # one of YEAR_SCOPES


def template_inputs(template: Path) -> TemplateInputs:
    """The tables (and years of the per-year tables) a template declares that it reads."""
    meta = json.loads(template.read_text(encoding="utf-8")).get("metadata", {}).get("jobbook", {})
    tables, years = meta.get("reads"), meta.get("years")
    if not tables or years not in YEAR_SCOPES:
        raise TemplateInputsError(f"{template.name}: metadata 'jobbook' must list 'reads' (tables) and set "
                                  f"'years' to one of {', '.join(YEAR_SCOPES)}")
    unknown = sorted(set(tables) - set(TABLES_BY_NAME))
    if unknown:
        raise TemplateInputsError(f"{template.name}: metadata 'jobbook.reads' names unknown tables {unknown}")
    return TemplateInputs(tuple(sorted(tables)), years)


def data_slice(ds: Dataset, inputs: TemplateInputs, year: int | None) -> dict[str, str]:
    """The exact data a run depends on, as canonical CSV text per table.

    A chapter with years ``own_and_previous`` shows its own year's rows and compares them with
    the year before; where a table has no rows for the year, there is nothing to compare, so
    the year before does not matter for that table.
    """
    result = {}
    for name in inputs.tables:
        frame = ds[name]
        if TABLES_BY_NAME[name].per_year and inputs.years == "own_and_previous" and year is not None:
            own = frame["budget_year"] == year
            frame = frame[own | (frame["budget_year"] == year - 1)] if own.any() else frame[own]
        result[name] = frame.to_csv(index=False, lineterminator="\n")
    return result


def job_key(job: NotebookJob, ds: Dataset, root: Path, settings_file: Path) -> str:
    """The cache key of one run: template, parameters, data read, package code, environment, settings."""
    inputs = template_inputs(job.template)
    year = job.parameters.get("budget_year") if inputs.years == "own_and_previous" else None
    data = data_slice(ds, inputs, year)
    return digest_parts([
        job.template.read_bytes(),
        json.dumps(job.parameters, sort_keys=True),
        *[part for name in sorted(data) for part in (name, data[name])],
        package_code_digest(),
        environment_digest(root),
        settings_file.read_bytes(),
    ])


@dataclass(frozen=True)
class NotebookCache:
    folder: Path

    def paths(self, key: str) -> tuple[Path, Path]:
        return self.folder / f"{key}.ipynb", self.folder / f"{key}.json"

    def get(self, key: str) -> tuple[str, dict] | None:
        notebook, meta = self.paths(key)
        try:
            return notebook.read_text(encoding="utf-8"), json.loads(meta.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # missing, half-written or damaged: run the notebook again
            return None

    def put(self, key: str, text: str, meta: dict) -> None:
        notebook, meta_path = self.paths(key)
        write_atomically(notebook, text)
        write_atomically(meta_path, json.dumps(meta, indent=2, sort_keys=True))

    def keep_only(self, keys: set[str]) -> None:
        """Drop entries no current job uses (the cache holds one build's worth of notebooks)."""
        if not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.name.split(".")[0] not in keys:
                path.unlink() if path.is_file() else shutil.rmtree(path)
