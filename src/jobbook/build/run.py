"""Running the notebook templates with papermill, in worker processes.

Templates in ``notebooks/`` are source; the executed copies under ``book/`` are build output.
An executed notebook is normalised before it is handed back: papermill's timestamps are
removed and its injected-parameters cell is hidden, so the same inputs always give the same
file (and Sphinx sees no change when nothing changed). Workers only hand notebooks back; the
build process writes pages and cache entries.

A worker keeps its kernel for the next notebook ("warm kernels"): starting a kernel and
importing pandas and Altair into it costs more than running most of the book's notebooks.
Each notebook then starts with a reset of the namespace, so it sees only what it defines.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from jobbook.build.children import (
    guard_worker,
    kernel_manager_classes,
    signals_blocked,
    start_method,
    stop_executor,
)
from jobbook.build.plan import Job
from jobbook.errors import BuildError
from jobbook.site.sections import drop_empty_sections

KERNEL_NAME = "python3"
#: The longest one notebook cell may run before the build gives up on it (seconds), unless the
#: settings say otherwise (``[build] cell_timeout_s``).
CELL_TIMEOUT_S = 600
#: The longest a warm kernel's preload (imports and the validated data) may take. The build's own
#: code, not a cell of a template, so not bound by the cells' limit: a limit of a few seconds for the
#: templates' cells must not make a kernel's start fail.
PRELOAD_TIMEOUT_S = 600
#: Cell and notebook metadata that changes on every run and carries no meaning for the book.
VOLATILE_CELL_METADATA = ("papermill", "execution", "ExecuteTime")
VOLATILE_NOTEBOOK_METADATA = ("papermill",)
#: Run first on a warm kernel (and removed from the result): an empty namespace and an execution
#: count that starts at 1, exactly as in a new kernel.
RESET_SOURCE = "get_ipython().reset(new_session=True)\nget_ipython().execution_count = 1"
RESET_TAG = "jobbook-reset"


@dataclass
class JobResult:
    job: Job
    ok: bool
    seconds: float  # execution time of the run that made the notebook (a cache hit keeps its run's)
    text: str = ""  # the normalised notebook
    error: str = ""
    failed_notebook: Path | None = None
    cache_hit: bool = False


def normalise_notebook(nb):
    """Drop run-specific metadata and empty sections, and hide the injected parameters cell."""
    for key in VOLATILE_NOTEBOOK_METADATA:
        nb.metadata.pop(key, None)
    nb.cells = drop_empty_sections([c for c in nb.cells if RESET_TAG not in c.metadata.get("tags", [])])
    for cell in nb.cells:
        for key in VOLATILE_CELL_METADATA:
            cell.metadata.pop(key, None)
        tags = cell.metadata.get("tags", [])
        if ("injected-parameters" in tags or "parameters" in tags) and "remove-cell" not in tags:
            cell.metadata["tags"] = [*tags, "remove-cell"]
        if "injected-parameters" in tags:
            cell["id"] = "injected-parameters"  # papermill draws a random id
    return nb


# --- the worker's kernel ----------------------------------------------------------------------

#: This worker process's kept kernel: (working directory, manager, client), or None.
_kept: tuple[Path, object, object] | None = None


def _start_kernel(cwd: Path):
    """A kernel in ``cwd`` and an *asynchronous* client of it.

    nbclient enforces the cell timeout in an event loop, beside a task that waits for the kernel's
    output with no timeout. A blocking client's wait holds the whole loop until the next output
    comes, so a cell that prints nothing (a long sleep) was never timed out; an asynchronous
    client's wait lets the timeout fire.
    """
    from jupyter_client.asynchronous import AsyncKernelClient
    from jupyter_core.utils import run_sync

    kernel_manager, _ = kernel_manager_classes()  # a kernel that dies with this worker
    km = kernel_manager(kernel_name=KERNEL_NAME)
    km.start_kernel(cwd=str(cwd))
    kc = AsyncKernelClient(**km.get_connection_info(session=True), connection_file=km.connection_file, parent=km)
    kc.start_channels()
    try:
        run_sync(kc.wait_for_ready)(timeout=60)
    except BaseException:
        _stop(km, kc)
        raise
    return km, kc


def _stop(km, kc) -> None:
    kc.stop_channels()
    if km.has_kernel:
        km.shutdown_kernel(now=True)


def kept_kernel(cwd: Path):
    """The worker's running kernel in ``cwd`` (started on first use), as (manager, client)."""
    global _kept
    if _kept is not None and (_kept[0] != cwd or not _kept[1].is_alive()):
        discard_kernel()
    if _kept is None:
        _kept = (cwd, *_start_kernel(cwd))
    return _kept[1], _kept[2]


def discard_kernel() -> None:
    """Shut the kept kernel down (after a failure its state is unknown; and at the worker's end)."""
    global _kept
    if _kept is not None:
        _, km, kc = _kept
        _kept = None
        _stop(km, kc)


def _engine() -> str:
    """A papermill engine that runs a notebook on an already connected kernel client (``kc``), or on a
    new kernel when none is given; either way, a run that stops with an exception papermill does not
    save the notebook for (a cell over its time limit) hands the notebook on with the exception."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.exceptions import PapermillExecutionError

    class JobbookEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, kc=None, start_timeout=60, execution_timeout=None,
                                     **kwargs):
            try:
                if kc is None:
                    return super().execute_managed_notebook(nb_man, kernel_name, start_timeout=start_timeout,
                                                            execution_timeout=execution_timeout, **kwargs)
                kwargs.pop("input_path", None)
                client = PapermillNotebookClient(nb_man, kernel_name=kernel_name, startup_timeout=start_timeout,
                                                 timeout=execution_timeout, **kwargs)
                client.kc = kc  # nbclient would otherwise start and wait for a new client for every notebook
                return client.execute()
            except Exception as exc:
                if not isinstance(exc, PapermillExecutionError):
                    exc.notebook = nb_man.nb  # the cells as far as they ran
                raise

    papermill_engines.register("jobbook", JobbookEngine)
    return "jobbook"


def _with_reset_cell(template: Path):
    import nbformat

    nb = nbformat.read(str(template), as_version=4)
    cell = nbformat.v4.new_code_cell(RESET_SOURCE, metadata={"tags": [RESET_TAG]})
    cell["id"] = RESET_TAG
    nb.cells.insert(0, cell)
    return nb


def execute_job(job: Job, scratch: Path, failed: Path, warm: bool = True,
                cell_timeout_s: int = CELL_TIMEOUT_S) -> JobResult:
    """Run one job; on failure keep the executed notebook (with its error cell) in ``failed``.

    With ``warm`` the notebook runs on this process's kept kernel, which stays for the next job;
    otherwise on a new kernel that is shut down afterwards. Both give the same notebook, and both
    stop a cell that runs longer than ``cell_timeout_s`` (the kernel is then shut down).
    """
    import nbformat
    import papermill

    start = time.perf_counter()
    scratch.mkdir(parents=True, exist_ok=True)
    running = scratch / f"{job.slug}.{os.getpid()}.ipynb"
    cwd = job.template.parent
    common = {"parameters": job.parameters, "kernel_name": KERNEL_NAME, "execution_timeout": cell_timeout_s,
              "progress_bar": False, "log_output": False, "cwd": str(cwd),
              "request_save_on_cell_execute": False}  # saved once at the end, also on failure
    try:
        if warm:
            km, kc = kept_kernel(cwd)
            papermill.execute_notebook(_with_reset_cell(job.template), str(running), engine_name=_engine(),
                                       km=km, kc=kc, **common)
        else:
            papermill.execute_notebook(str(job.template), str(running), engine_name=_engine(),
                                       kernel_manager_class=kernel_manager_classes()[1], **common)
    except Exception as exc:  # papermill raises several kinds; all mean "this notebook failed"
        discard_kernel()  # after a timeout its cell is still running: the kernel goes with it
        failed.mkdir(parents=True, exist_ok=True)
        kept = failed / f"{job.slug}.ipynb"
        if not running.is_file() and getattr(exc, "notebook", None) is not None:
            nbformat.write(exc.notebook, str(running))
        if running.is_file():
            running.replace(kept)
        cell = failing_cell(kept) if kept.is_file() else None
        return JobResult(job, ok=False, seconds=time.perf_counter() - start,
                         error=_error_summary(exc, cell_timeout_s, cell),
                         failed_notebook=kept if kept.is_file() else None)
    nb = normalise_notebook(nbformat.read(str(running), as_version=4))
    running.unlink()
    return JobResult(job, ok=True, seconds=time.perf_counter() - start, text=nbformat.writes(nb) + "\n")


def _error_summary(exc: Exception, cell_timeout_s: int, cell: str | None) -> str:
    """The exception's name and value without the long traceback papermill attaches, and the cell."""
    from nbclient.exceptions import CellTimeoutError

    if isinstance(exc, CellTimeoutError):
        return (f"{cell or 'a cell'} ran longer than {cell_timeout_s} s, the limit ([build] cell_timeout_s in the "
                "settings), and was stopped")
    name = getattr(exc, "ename", type(exc).__name__)
    value = getattr(exc, "evalue", str(exc))
    return f"{name}: {value}".strip() + (f" (in {cell})" if cell else "")


def failing_cell(notebook: Path) -> str | None:
    """The cell a failed run stopped in, as "cell N (`first line`)": N counts the template's own
    cells from 1 (the cells the build adds are not counted). Papermill marks each cell it starts, and
    stops at the failing one, so that is the last cell that was started."""
    import nbformat

    try:
        nb = nbformat.read(str(notebook), as_version=4)
    except Exception:  # noqa: BLE001 - the notebook is only read to name the cell; the error stands without it
        return None
    cells = [c for c in nb.cells if not {RESET_TAG, "injected-parameters"} & set(c.metadata.get("tags", []))]
    started = [i for i, c in enumerate(cells) if c.metadata.get("papermill", {}).get("start_time")]
    if not started:
        return None
    number = started[-1]
    first_line = next((line.strip() for line in cells[number].source.splitlines() if line.strip()), "")
    shown = first_line if len(first_line) <= 80 else first_line[:79] + "…"
    return f"cell {number + 1} (`{shown}`)"


# --- the pool ---------------------------------------------------------------------------------

def preload_source(data_dir: str, settings_file: str) -> str:
    """What a warm kernel runs before its first notebook: the imports and the validated data every
    chapter needs (the dataset stays cached in the kernel's jobbook module, across the resets)."""
    return ("import pandas, altair\nfrom myst_nb import glue\nimport jobbook.present.figures\n"
            "from jobbook.data.dataset import load_dataset\nfrom jobbook.settings import load_settings\n"
            f"try:\n    load_dataset({data_dir!r}, load_settings(__import__('pathlib').Path({settings_file!r})))\n"
            "except Exception:\n    pass  # the build reports data errors itself; the notebook will meet them too\n")


def _start_worker(log_path: str, cwd: str, preload: str | None, build_pid: int, cell_timeout_s: int) -> None:
    """A worker's start: it dies with the build (see jobbook.build.children), its stderr (and its
    kernels' chatter) goes to a log file; with ``preload`` it starts its kernel and runs
    ``preload`` in it before it takes its first notebook."""
    guard_worker(build_pid)
    handle = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(handle, 2)
    os.close(handle)
    import atexit

    atexit.register(discard_kernel)
    if preload is not None:
        from jupyter_core.utils import run_sync

        _, kc = kept_kernel(Path(cwd))
        try:
            run_sync(kc.execute_interactive)(preload, silent=True, timeout=max(cell_timeout_s, PRELOAD_TIMEOUT_S))
        except TimeoutError:
            discard_kernel()  # still busy: the first notebook starts a kernel of its own


def _ready() -> None:
    """A task that only makes the pool start a worker."""


class NotebookPool:
    """Worker processes ("lanes", one process each) that run notebooks; with ``warm`` each keeps a
    kernel, started and loaded with the book's modules and data when the worker starts.

    ``start()`` launches the first lane ahead, while the build checks the data: by the time the
    jobs are known its kernel is ready. Further lanes are started only for enough jobs: a kernel's
    start costs about as much as three of the book's notebooks. (One executor per lane, because a
    shared executor starts another process for every job it cannot hand to an idle one.)
    """

    JOBS_PER_EXTRA_LANE = 3

    def __init__(self, cwd: Path, scratch: Path, failed: Path, workers: int, warm: bool, preload: str,
                 cell_timeout_s: int = CELL_TIMEOUT_S):
        scratch.mkdir(parents=True, exist_ok=True)
        self.scratch, self.failed, self.warm, self.cell_timeout_s = scratch, failed, warm, cell_timeout_s
        self.log = scratch / "kernels.log"
        self.workers = max(1, workers)
        self.initargs = (str(self.log), str(cwd), preload if warm else None, os.getpid(), cell_timeout_s)
        self.lanes: list[ProcessPoolExecutor] = []
        self.leaving: list[threading.Thread] = []  # the released lanes' shutdowns (see release)

    def start(self, lanes: int = 1) -> None:
        """Have at least ``lanes`` workers (at most ``workers``), each starting its kernel."""
        while len(self.lanes) < min(lanes, self.workers):
            # From the main thread (a worker dies with the thread that started it), with the build's
            # signals blocked until the worker has its own handlers.
            with signals_blocked():
                lane = ProcessPoolExecutor(max_workers=1, initializer=_start_worker, initargs=self.initargs,
                                           mp_context=start_method())
                lane.submit(_ready)  # starts the worker now, in this thread
            self.lanes.append(lane)

    def run(self, jobs: Sequence[Job], progress: bool) -> Iterator[JobResult]:
        """Run ``jobs``, each on the next idle lane; yields each result as it comes."""
        from tqdm import tqdm

        # A cold kernel per notebook (not warm) has nothing to amortise: then every worker is worth it.
        self.start(1 + max(0, len(jobs) - 1) // self.JOBS_PER_EXTRA_LANE if self.warm else len(jobs))
        queue = list(jobs)
        running: dict[Future, ProcessPoolExecutor] = {}

        def feed(lane: ProcessPoolExecutor) -> None:
            if queue:
                running[lane.submit(execute_job, queue.pop(0), self.scratch, self.failed, self.warm,
                                   self.cell_timeout_s)] = lane

        bar = tqdm(total=len(jobs), desc="Notebooks", unit="nb", disable=not progress, file=sys.stderr)
        try:
            for lane in self.lanes:
                feed(lane)
            while running:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    lane = running.pop(future)
                    try:
                        result = future.result()
                    except BrokenProcessPool as exc:
                        raise BuildError(f"a notebook worker stopped unexpectedly ({exc}); its kernel's messages "
                                         f"are in {self.log}") from None
                    bar.set_postfix_str(result.job.label)
                    bar.update()
                    feed(lane)
                    yield result
        finally:
            bar.close()

    def release(self) -> None:
        """Let the workers go without waiting for them: each shuts its kernel down and exits while the
        build goes on (the pages); :meth:`join` waits until they have."""
        for lane in self.lanes:
            # The executor's own shutdown, waiting in a thread of its own: it returns once the worker exited.
            leaving = threading.Thread(target=lane.shutdown, kwargs={"wait": True, "cancel_futures": True},
                                       name="jobbook-release")
            leaving.start()
            self.leaving.append(leaving)
        self.lanes = []

    def join(self) -> None:
        """Wait for the workers :meth:`release` let go (nothing outlives the build)."""
        for leaving in self.leaving:
            leaving.join()
        self.leaving = []

    def close(self) -> None:
        """Stop the workers now, without waiting for running notebooks (after an interruption or a
        failure elsewhere); each kills its kernel. After a good run, :meth:`release` lets them go."""
        for lane in self.lanes:
            stop_executor(lane)
        self.lanes = []
