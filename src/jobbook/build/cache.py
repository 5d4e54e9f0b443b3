"""The cache of executed notebooks.

A notebook runs again only when something it depends on has changed: its template, its
parameters, the data it reads (the tables its registry entry lists, and for a per-year chapter
with ``years = "own_and_previous"`` only its own year's rows and the year before), the package
modules its code imports, the settings, the registry and the chapters' titles, or the locked
environment. Only the build process itself
writes entries: a worker hands its notebook back and never touches the cache.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from jobbook.build.plan import Job, template_code
from jobbook.build.registry import Chapter, load_registry
from jobbook.data.tables import TABLES_BY_NAME
from jobbook.digest import code_digest, digest, environment_digest
from jobbook.files import write_atomically

if TYPE_CHECKING:
    from jobbook.data.dataset import Dataset


def data_slice(ds: Dataset, chapter: Chapter, year: int) -> dict[str, str]:
    """The exact data a run depends on, as canonical CSV text per table.

    A chapter with years ``own_and_previous`` shows its own year's rows and compares them with
    the year before; where a table has no rows for the year, there is nothing to compare, so
    the year before does not matter for that table.
    """
    result = {}
    for name in chapter.reads:
        frame = ds[name]
        if TABLES_BY_NAME[name].per_year and chapter.years == "own_and_previous":
            own = frame["budget_year"] == year
            frame = frame[own | (frame["budget_year"] == year - 1)] if own.any() else frame[own]
        result[name] = frame.to_csv(index=False, lineterminator="\n")
    return result


class KeyMaker:
    """Cache keys for the jobs of one build (each template's code closure is hashed once)."""

    def __init__(self, ds: Dataset, root: Path, settings_file: Path):
        self.ds = ds
        # The registry and the chapters' titles too: a year's page links to the themes by title.
        registry = load_registry(root)
        self.shared = digest(environment_digest(root), settings_file, registry.path.read_bytes(),
                             [chapter.title(root) for chapter in registry.notebooks])
        self._code: dict[Path, str] = {}

    def code(self, template: Path) -> str:
        if template not in self._code:
            self._code[template] = code_digest(template_code(template))
        return self._code[template]

    def key(self, job: Job) -> str:
        data = data_slice(self.ds, job.chapter, job.parameters["budget_year"])
        return digest(job.template, json.dumps(job.parameters, sort_keys=True), sorted(data.items()),
                      self.code(job.template), self.shared)


@dataclass(frozen=True)
class NotebookCache:
    folder: Path

    def paths(self, key: str) -> tuple[Path, Path]:
        return self.folder / f"{key}.ipynb", self.folder / f"{key}.json"

    def get(self, key: str) -> tuple[str, dict] | None:
        notebook, meta = self.paths(key)
        try:
            record = json.loads(meta.read_text(encoding="utf-8"))
            return notebook.read_text(encoding="utf-8"), record if isinstance(record, dict) else {}
        except (OSError, ValueError):  # missing, half-written or damaged: run the notebook again
            return None

    def put(self, key: str, text: str, meta: dict) -> None:
        notebook, meta_path = self.paths(key)
        write_atomically(notebook, text)
        write_atomically(meta_path, json.dumps(meta, indent=2, sort_keys=True))  # last: marks the entry whole

    def keep_only(self, keys: set[str]) -> None:
        """Drop entries no current job uses (the cache holds one build's worth of notebooks)."""
        if not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.name.split(".")[0] not in keys:
                path.unlink() if path.is_file() else shutil.rmtree(path)
