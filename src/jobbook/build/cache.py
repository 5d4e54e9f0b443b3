"""The cache of executed notebooks.

A notebook runs again only when something it depends on has changed: its template, its
parameters, the data it reads (the tables its registry entry lists, for a page that links to the
themes every theme's too, as :mod:`jobbook.build.registry` derives them; and for a per-year chapter
with ``years = "own_and_previous"`` only its own year's rows and the year before), the package
modules its code imports, the settings, the registry and the chapters' titles, or the locked
environment. Only the build process itself
writes entries: a worker hands its notebook back and never touches the cache.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
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
    """Executed notebooks by key: ``KEY.ipynb`` and its record ``KEY.json`` (written last, with the
    notebook's sha256). An entry whose notebook is missing, altered or not a notebook is damaged:
    ``say`` names it in one line, it is removed and the notebook runs again."""

    folder: Path
    say: Callable[[str], None] = field(default=print, compare=False)

    def paths(self, key: str) -> tuple[Path, Path]:
        return self.folder / f"{key}.ipynb", self.folder / f"{key}.json"

    def get(self, key: str) -> tuple[str, dict] | None:
        notebook, meta = self.paths(key)
        try:
            record = json.loads(meta.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None  # not cached (or a write that never finished: the record is written last)
        except (OSError, ValueError):
            return self._damaged(key, "its record is not readable JSON")
        if not isinstance(record, dict):
            return self._damaged(key, "its record is not a JSON object")
        try:
            data = notebook.read_bytes()
        except OSError:
            return self._damaged(key, "its notebook is missing")
        problem = notebook_problem(data, record.get("sha256"))
        if problem:
            return self._damaged(key, problem)
        return data.decode("utf-8"), record

    def _damaged(self, key: str, problem: str) -> None:
        notebook, meta = self.paths(key)
        label = self._label(meta)
        self.say(f"Notebook cache {self.folder}: entry {key[:12]}{label} is damaged ({problem}); "
                 "running the notebook again")
        for path in (meta, notebook):
            path.unlink(missing_ok=True)
        return None

    @staticmethod
    def _label(meta: Path) -> str:
        try:
            label = json.loads(meta.read_text(encoding="utf-8")).get("label")
        except (OSError, ValueError, AttributeError):
            return ""
        return f" ({label})" if isinstance(label, str) and label else ""

    def put(self, key: str, text: str, meta: dict) -> None:
        notebook, meta_path = self.paths(key)
        data = text.encode("utf-8")
        write_atomically(notebook, data)
        record = {**meta, "sha256": hashlib.sha256(data).hexdigest()}
        write_atomically(meta_path, json.dumps(record, indent=2, sort_keys=True))  # last: marks the entry whole

    def keep_only(self, keys: set[str]) -> None:
        """Drop entries no current job uses (the cache holds one build's worth of notebooks)."""
        if not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.name.split(".")[0] not in keys:
                path.unlink() if path.is_file() else shutil.rmtree(path)


def notebook_problem(data: bytes, sha256: object) -> str | None:
    """Why ``data`` cannot be a cached notebook whose record gives ``sha256`` (None: it can). An entry
    from before records had the digest is checked by parsing it."""
    if isinstance(sha256, str):
        return None if hashlib.sha256(data).hexdigest() == sha256 else "its notebook differs from its record"
    try:
        nb = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return "its notebook is not valid JSON"
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list) or "nbformat" not in nb:
        return "its notebook is not a notebook"
    return None
