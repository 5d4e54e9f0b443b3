"""Running notebook templates with papermill and normalising what they produce.

Templates in ``notebooks/`` are source; the executed copies under ``book/`` are build output.
An executed notebook is normalised before it is written: papermill's timestamps and paths
are removed and its injected-parameters cell is hidden, so the same inputs always give the
same file (and Sphinx sees no change when nothing changed).
"""

from __future__ import annotations

import ast
import json
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from jobbook.files import write_atomically

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
    seconds: float  # execution time of the run that produced the notebook (a cache hit keeps its run's)
    error: str = ""
    failed_notebook: Path | None = None
    cache_hit: bool = False
    key: str = ""


def template_parameters(template: Path) -> dict[str, dict]:
    """The parameters a template declares, as papermill reads them (name -> type, default, help)."""
    import papermill

    return papermill.inspect_notebook(str(template))


@lru_cache(maxsize=32)
def declared_parameter_names(template: Path, mtime_ns: int) -> frozenset[str]:
    """The names assigned in the template's ``parameters`` cell (read with ast: fast, no papermill)."""
    nb = json.loads(template.read_text(encoding="utf-8"))
    cells = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    names = set()
    for cell in cells:
        for node in ast.parse("".join(cell["source"])).body:
            targets = [node.target] if isinstance(node, ast.AnnAssign) else getattr(node, "targets", [])
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    return frozenset(names)


def check_parameters(job: NotebookJob) -> None:
    """Unknown parameters are an error (papermill itself only warns)."""
    declared = declared_parameter_names(job.template, job.template.stat().st_mtime_ns)
    unknown = sorted(set(job.parameters) - declared)
    if unknown:
        raise ParameterError(f"{job.template.name}: unknown parameter(s) {', '.join(unknown)}; "
                             f"the template declares {', '.join(sorted(declared)) or 'none'}")


def normalise_notebook(nb):
    """Drop run-specific metadata and hide the injected parameters cell."""
    for key in VOLATILE_NOTEBOOK_METADATA:
        nb.metadata.pop(key, None)
    nb.cells = [c for c in nb.cells if RESET_TAG not in c.metadata.get("tags", [])]
    for cell in nb.cells:
        for key in VOLATILE_CELL_METADATA:
            cell.metadata.pop(key, None)
        tags = cell.metadata.get("tags", [])
        if ("injected-parameters" in tags or "parameters" in tags) and "remove-cell" not in tags:
            cell.metadata["tags"] = [*tags, "remove-cell"]
        if "injected-parameters" in tags:
            cell["id"] = "injected-parameters"  # papermill draws a random id
    return nb


def notebook_text(nb) -> str:
    import nbformat

    return nbformat.writes(nb) + "\n"


def write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` unless the file already holds it (keeps the mtime Sphinx looks at)."""
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    write_atomically(path, text)
    return True


# Warm kernels, one per working directory, kept by each worker process between its jobs:
# cwd -> (manager, client, finaliser that shuts both down once).
_WARM_KERNELS: dict[Path, tuple] = {}
#: The longest one notebook cell may run before the build gives up on it (seconds).
CELL_TIMEOUT_S = 600

#: Imported into a fresh warm kernel ahead of its first notebook (modules survive the reset).
KERNEL_PRELOAD = ("import pandas, altair\n"
                  "from myst_nb import glue")
#: Run first in every notebook (and removed from the result): an empty namespace and an execution
#: count that starts at 1, exactly as in a new kernel.
RESET_SOURCE = "get_ipython().reset(new_session=True)\nget_ipython().execution_count = 1"
RESET_TAG = "jobbook-reset"


def warm_kernel(cwd: Path):
    """A running kernel in ``cwd`` and a connected client, which this process reuses.

    Starting a kernel and importing pandas and Altair in it costs more than running most of
    the book's notebooks. Every notebook starts with a reset of the namespace (see
    RESET_SOURCE), so it still sees only what it defines itself.
    """
    kept = _WARM_KERNELS.get(cwd)
    if kept is not None and kept[0].is_alive():
        return kept[:2]
    discard_kernel(cwd)  # a kernel that died still has a connected client to close
    from multiprocessing.util import Finalize

    km, kc = _start_kernel(cwd)
    # Runs at the worker's exit, or earlier through discard_kernel; never twice.
    finaliser = Finalize(None, _shutdown, args=(km, kc), exitpriority=10)
    _WARM_KERNELS[cwd] = (km, kc, finaliser)
    return km, kc


def _start_kernel(cwd: Path):
    """A new kernel in ``cwd``, its manager and a connected client, once the kernel answers."""
    from jupyter_client.manager import KernelManager

    km = KernelManager(kernel_name=KERNEL_NAME)
    km.start_kernel(cwd=str(cwd))
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
    except BaseException:
        _shutdown(km, kc)
        raise
    return km, kc


def _shutdown(km, kc) -> None:
    kc.stop_channels()
    if km.has_kernel:
        km.shutdown_kernel(now=True)


def preload_kernel(cwd: Path) -> None:
    """Start this process's warm kernel and import the book's modules into it."""
    _, kc = warm_kernel(cwd)
    kc.execute_interactive(KERNEL_PRELOAD, silent=True, timeout=120)


def discard_kernel(cwd: Path) -> None:
    """Shut down this process's kernel for ``cwd``, if it has one."""
    kept = _WARM_KERNELS.pop(cwd, None)
    if kept is not None:
        kept[2]()  # the finaliser: stops the channels (and a kernel of its own), then unregisters itself


def _register_warm_engine() -> str:
    """A papermill engine that runs a notebook on an already connected kernel client."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines

    class WarmKernelEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, kc=None, start_timeout=60, execution_timeout=None,
                                     **kwargs):
            kwargs.pop("input_path", None)
            client = PapermillNotebookClient(nb_man, kernel_name=kernel_name, startup_timeout=start_timeout,
                                             timeout=execution_timeout, **kwargs)
            client.kc = kc  # nbclient would otherwise start and wait for a new client for every notebook
            return client.execute()

    papermill_engines.register("jobbook-warm", WarmKernelEngine)
    return "jobbook-warm"


def with_reset_cell(template: Path):
    """The template as a notebook object with the reset cell in front."""
    import nbformat

    nb = nbformat.read(str(template), as_version=4)
    cell = nbformat.v4.new_code_cell(RESET_SOURCE, metadata={"tags": [RESET_TAG]})
    cell["id"] = RESET_TAG
    nb.cells.insert(0, cell)
    return nb


def execute_job(job: NotebookJob, scratch_dir: Path, failed_dir: Path, key: str = "",
                cache_dir: Path | None = None, reuse_kernel: bool = False) -> JobResult:
    """Run one job; on failure keep the executed notebook (with its error cell) in ``failed_dir``.

    A successful run is stored in the notebook cache under ``key`` when a cache folder is given.
    The notebook runs on this process's warm kernel. With ``reuse_kernel`` the kernel is kept for
    the next job; otherwise it is shut down afterwards. Both give the same notebook.
    """
    import papermill

    start = time.perf_counter()
    scratch_dir.mkdir(parents=True, exist_ok=True)
    running = scratch_dir / f"{job.slug}.ipynb"
    cwd = job.template.parent
    try:
        km, kc = warm_kernel(cwd)
        # Saved once at the end (also on failure, with the error cell), not after every cell.
        papermill.execute_notebook(with_reset_cell(job.template), str(running), parameters=job.parameters,
                                   engine_name=_register_warm_engine(), kernel_name=KERNEL_NAME, km=km, kc=kc,
                                   execution_timeout=CELL_TIMEOUT_S, progress_bar=False, log_output=False, cwd=str(cwd),
                                   request_save_on_cell_execute=False)
    except Exception as exc:  # papermill raises several kinds; all mean "this notebook failed"
        discard_kernel(cwd)  # its state after a failure is unknown
        failed_dir.mkdir(parents=True, exist_ok=True)
        kept = failed_dir / f"{job.slug}.ipynb"
        if running.is_file():
            running.replace(kept)
        else:
            kept = None
        return JobResult(job, ok=False, seconds=time.perf_counter() - start, error=_error_summary(exc),
                         failed_notebook=kept, key=key)
    finally:
        if not reuse_kernel:
            discard_kernel(cwd)
    import nbformat

    nb = normalise_notebook(nbformat.read(str(running), as_version=4))
    running.unlink()
    text = notebook_text(nb)
    seconds = time.perf_counter() - start
    if cache_dir is not None and key:
        from jobbook.build.cache import NotebookCache

        NotebookCache(cache_dir).put(key, text, {"label": job.label, "seconds": round(seconds, 2),
                                                 "parameters": job.parameters})
    write_if_changed(job.output, text)
    return JobResult(job, ok=True, seconds=seconds, key=key)


def _error_summary(exc: Exception) -> str:
    """The exception's name and value without the long traceback papermill attaches."""
    name = getattr(exc, "ename", type(exc).__name__)
    value = getattr(exc, "evalue", str(exc))
    return f"{name}: {value}".strip()


def has_outputs(nb_path: Path) -> bool:
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    return any(c.get("outputs") for c in nb.get("cells", []) if c.get("cell_type") == "code")
