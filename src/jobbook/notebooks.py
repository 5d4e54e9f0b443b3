"""Running notebook templates with papermill and normalising what they produce.

Templates in ``notebooks/`` are source; the executed copies under ``book/`` are build output.
An executed notebook is normalised before it is written: papermill's timestamps and paths
are removed and its injected-parameters cell is hidden, so the same inputs always give the
same file (and Sphinx sees no change when nothing changed).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import papermill

KERNEL_NAME = "python3"
#: Cell and notebook metadata that changes on every run and carries no meaning for the book.
VOLATILE_CELL_METADATA = ("papermill", "execution", "ExecuteTime")
VOLATILE_NOTEBOOK_METADATA = ("papermill",)


class ParameterError(ValueError):
    """A parameter that the template does not declare."""


@dataclass(frozen=True)
class NotebookJob:
    """One run of one template with one set of parameters."""

    template: Path
    output: Path  # the executed notebook's place in the book
    parameters: dict = field(default_factory=dict)
    label: str = ""  # how messages name the job: "budgetaar 2021"

    @property
    def slug(self) -> str:
        return (self.label or self.output.stem).replace(" ", "-")


@dataclass
class JobResult:
    job: NotebookJob
    ok: bool
    seconds: float
    changed: bool = False
    error: str = ""
    failed_notebook: Path | None = None


def template_parameters(template: Path) -> dict[str, dict]:
    """The parameters a template declares in its ``parameters`` cell (name -> papermill info)."""
    return papermill.inspect_notebook(str(template))


def check_parameters(job: NotebookJob) -> None:
    """Unknown parameters are an error (papermill itself only warns)."""
    declared = template_parameters(job.template)
    unknown = sorted(set(job.parameters) - set(declared))
    if unknown:
        raise ParameterError(f"{job.template.name}: unknown parameter(s) {', '.join(unknown)}; "
                             f"the template declares {', '.join(declared) or 'none'}")


def normalise_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop run-specific metadata and hide the injected parameters cell."""
    for key in VOLATILE_NOTEBOOK_METADATA:
        nb.metadata.pop(key, None)
    for cell in nb.cells:
        for key in VOLATILE_CELL_METADATA:
            cell.metadata.pop(key, None)
        tags = cell.metadata.get("tags", [])
        if ("injected-parameters" in tags or "parameters" in tags) and "remove-cell" not in tags:
            cell.metadata["tags"] = [*tags, "remove-cell"]
        if "injected-parameters" in tags:
            cell["id"] = "injected-parameters"  # papermill draws a random id
    return nb


def notebook_text(nb: nbformat.NotebookNode) -> str:
    return nbformat.writes(nb) + "\n"


def write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` unless the file already holds it (keeps the mtime Sphinx looks at)."""
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return True


def execute_job(job: NotebookJob, scratch_dir: Path, failed_dir: Path) -> JobResult:
    """Run one job; on failure keep the executed notebook (with its error cell) in ``failed_dir``."""
    start = time.perf_counter()
    scratch_dir.mkdir(parents=True, exist_ok=True)
    running = scratch_dir / f"{job.slug}.ipynb"
    try:
        papermill.execute_notebook(str(job.template), str(running), parameters=job.parameters,
                                   kernel_name=KERNEL_NAME, progress_bar=False, log_output=False,
                                   cwd=str(job.template.parent))
    except Exception as exc:  # papermill raises several kinds; all mean "this notebook failed"
        failed_dir.mkdir(parents=True, exist_ok=True)
        kept = failed_dir / f"{job.slug}.ipynb"
        if running.is_file():
            running.replace(kept)
        else:
            kept = None
        return JobResult(job, ok=False, seconds=time.perf_counter() - start, error=_error_summary(exc),
                         failed_notebook=kept)
    nb = normalise_notebook(nbformat.read(str(running), as_version=4))
    running.unlink()
    changed = write_if_changed(job.output, notebook_text(nb))
    return JobResult(job, ok=True, seconds=time.perf_counter() - start, changed=changed)


def _error_summary(exc: Exception) -> str:
    """The exception's name and value without the long traceback papermill attaches."""
    name = getattr(exc, "ename", type(exc).__name__)
    value = getattr(exc, "evalue", str(exc))
    return f"{name}: {value}".strip()


def strip_outputs(nb_path: Path) -> bool:
    """Remove outputs and execution counts from a template in place; True if it changed."""
    nb = nbformat.read(str(nb_path), as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return write_if_changed(nb_path, notebook_text(nb))


def has_outputs(nb_path: Path) -> bool:
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    return any(c.get("outputs") for c in nb.get("cells", []) if c.get("cell_type") == "code")
