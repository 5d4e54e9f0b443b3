"""``jobbook build``: data in, website out.

1. Validate the data directory; stop with the list of errors if it has any.
2. Plan the notebook runs: the per-year template once per budget year found in the data,
   the thematic templates once for the edition year (the latest year, or ``--year``).
3. Take each run from the notebook cache when nothing it depends on has changed (see
   jobbook.build.cache); run the others with papermill in a process pool sized to the cores.
4. Write the generated pages and the vendored chart library.
5. Build the HTML with Jupyter Book (no execution there, warnings as errors) into a staging
   directory: fully, only the changed pages, or not at all when the published site was built
   from exactly these pages. Only on success is it swapped in as ``_build/html``. A failure
   anywhere leaves the last good site untouched.
6. Fill in the build report page and write ``_build/build-report.json``.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import threading
import time
from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tqdm import tqdm

from jobbook.build.cache import NotebookCache, job_key
from jobbook.build.digest import (
    data_dir_digest,
    digest_parts,
    environment_digest,
    files_digest,
    package_code_digest,
    sources_digest,
)
from jobbook.build.run import (
    JobResult,
    NotebookJob,
    check_parameters,
    execute_job,
    preload_kernel,
    write_if_changed,
)
from jobbook.build.sphinx import SphinxSession, preload
from jobbook.data.findings import BuildError
from jobbook.data.tables import TABLES
from jobbook.settings import Settings

if TYPE_CHECKING:
    from jobbook.data.dataset import Dataset

PER_YEAR_TEMPLATE = "budgetaar"
#: Thematic templates and the page each becomes (under book/temaer/).
THEMATIC_TEMPLATES = ("udvikling", "benchmark", "reform", "opgaver")
YEAR_DIR = "budgetaar"
THEME_DIR = "temaer"
GENERATED_DIR = "generated"
ROOT_DOC = "book/index"  # the toc's root: the front page


@dataclass(frozen=True)
class BookLayout:
    """Where sources, generated files and output live, relative to the repository root."""

    root: Path

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    @property
    def book(self) -> Path:
        return self.root / "book"

    @property
    def build(self) -> Path:
        return self.root / "_build"

    @property
    def site(self) -> Path:
        return self.build / "html"

    @property
    def staging(self) -> Path:
        """Jupyter Book's own output folder (it adds _build/html below it)."""
        return self.build / ".staging"

    @property
    def scratch(self) -> Path:
        return self.build / ".notebooks"

    @property
    def failed(self) -> Path:
        return self.build / "failed"

    @property
    def cache(self) -> Path:
        return self.build / ".cache" / "notebooks"

    @property
    def state(self) -> Path:
        """What the published site was built from (to skip or narrow the next Sphinx build)."""
        return self.build / ".state.json"

    @property
    def vendor(self) -> Path:
        return self.book / "_static" / "vendor"

    def template(self, name: str) -> Path:
        return self.notebooks / f"{name}.ipynb"

    def year_page(self, year: int) -> Path:
        return self.book / YEAR_DIR / f"{year}.ipynb"

    def theme_page(self, name: str) -> Path:
        return self.book / THEME_DIR / f"{name}.ipynb"


@dataclass
class BuildOptions:
    year: int | None = None  # edition year (default: the latest year in the data)
    workers: int | None = None
    progress: bool = True
    data_dir: Path | None = None
    force: bool = False  # run every notebook and rebuild every page, whatever the caches say


@dataclass
class BuildResult:
    years: list[int]
    edition_year: int
    results: list[JobResult] = field(default_factory=list)
    sphinx_mode: str = ""
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)  # seconds per step, for the report

    @property
    def executed(self) -> int:
        return sum(1 for r in self.results if not r.cache_hit)


def discover_years(ds: Dataset) -> list[int]:
    """Every budget year that has rows in a per-year table, ascending."""
    years: set[int] = set()
    for spec in TABLES:
        if spec.per_year:
            years.update(int(y) for y in ds[spec.name]["budget_year"].dropna())
    return sorted(years)


def plan_jobs(layout: BookLayout, settings: Settings, data_dir: Path, years: Sequence[int],
              edition_year: int) -> list[NotebookJob]:
    """One job per year for the per-year template and one per thematic template.

    Paths are passed relative to the templates' folder (the notebooks' working directory), so
    an executed notebook does not depend on where the repository is checked out.
    """
    common = {"data_dir": os.path.relpath(data_dir, layout.notebooks),
              "settings_file": os.path.relpath(settings.settings_file, layout.notebooks)}
    jobs = [NotebookJob(layout.template(PER_YEAR_TEMPLATE), layout.year_page(year),
                        {"budget_year": year, **common}, f"{PER_YEAR_TEMPLATE} {year}") for year in years]
    jobs += [NotebookJob(layout.template(name), layout.theme_page(name),
                         {"budget_year": edition_year, **common}, f"{name} {edition_year}")
             for name in THEMATIC_TEMPLATES]
    return jobs


def _prepare_worker(log_path: str, kernel_cwd: str) -> None:
    """A worker's start: stderr (and its kernels' chatter) to a log file, then a warm kernel and
    papermill, so the first job finds both ready."""
    handle = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(handle, 2)
    os.close(handle)
    preload_kernel(Path(kernel_cwd))
    import papermill  # noqa: F401


def _ready() -> None:
    """A task that only makes the pool start a worker (and so its kernel)."""


#: Notebooks a further worker must have to run before it pays for itself: starting a kernel and
#: importing pandas and Altair into it costs about as much processor time as running two of the
#: book's notebooks, and on a small machine it takes that time from the rest of the build.
NOTEBOOKS_PER_EXTRA_WORKER = 3


class NotebookRunner:
    """Worker processes ("lanes"), each with a warm kernel, that run the notebooks not in the cache.

    One lane is started early, while the data are validated and the cache keys computed,
    whenever notebooks are likely to run, so its kernel is ready when the first job comes.
    More lanes, up to ``workers``, are added only when enough notebooks have to run.
    """

    def __init__(self, layout: BookLayout, workers: int):
        self.layout = layout
        self.workers = max(1, workers)
        self.lanes: list[ProcessPoolExecutor] = []
        self._closing: threading.Thread | None = None

    def start(self, lanes: int = 1) -> None:
        """Have at least ``lanes`` workers (never more than ``workers``), each warming its kernel.

        Call before any thread of this process starts: a worker is forked from it.
        """
        self.layout.scratch.mkdir(parents=True, exist_ok=True)
        while len(self.lanes) < min(lanes, self.workers):
            lane = ProcessPoolExecutor(max_workers=1, initializer=_prepare_worker,
                                       initargs=(str(self.layout.scratch / "kernels.log"), str(self.layout.notebooks)))
            lane.submit(_ready)
            self.lanes.append(lane)

    def lanes_for(self, notebooks: int) -> int:
        """How many workers ``notebooks`` executions are worth."""
        return min(self.workers, 1 + max(0, notebooks - 1) // NOTEBOOKS_PER_EXTRA_WORKER)

    def close(self, wait: bool = True) -> None:
        """Stop the workers, each of which shuts its kernel down. Without ``wait`` that happens in a
        thread while the caller goes on, and a later ``close()`` waits for it.

        (The executor's own ``shutdown(wait=False)`` is not used: a worker still starting its
        kernel then never receives its stop signal and outlives the build.)
        """
        if self._closing is None:
            lanes, self.lanes = self.lanes, []

            def shut_down() -> None:
                for lane in lanes:
                    lane.shutdown(wait=True, cancel_futures=True)

            self._closing = threading.Thread(target=shut_down, name="close-workers")
            self._closing.start()
        if wait:
            self._closing.join()
            self._closing = None

    def run(self, jobs: Sequence[NotebookJob], keys: Sequence[str], progress: bool) -> list[JobResult]:
        """Take each job from the cache when its key is there; execute the others in parallel."""
        layout = self.layout
        cache = NotebookCache(layout.cache)
        results: dict[int, JobResult] = {}
        misses = []
        for i, (job, key) in enumerate(zip(jobs, keys, strict=True)):
            hit = cache.get(key)
            if hit is None:
                misses.append(i)
                continue
            text, meta = hit
            write_if_changed(job.output, text)
            results[i] = JobResult(job, ok=True, seconds=float(meta.get("seconds", 0.0)), cache_hit=True, key=key)
        if misses:
            if not self.lanes:  # the build starts lanes before its threads; forking later is not safe
                self.start(self.lanes_for(len(misses)))
            bar = tqdm(total=len(misses), desc="Notesbøger", unit="nb", disable=not progress, file=sys.stderr)
            pending = list(misses)
            running: dict = {}

            def feed(lane: ProcessPoolExecutor) -> None:
                """Give an idle lane the next job: a lane whose kernel is slow to start takes no more."""
                if pending:
                    i = pending.pop(0)
                    future = lane.submit(execute_job, jobs[i], layout.scratch, layout.failed, keys[i], layout.cache,
                                         True)
                    running[future] = (lane, i)

            for lane in self.lanes:
                feed(lane)
            while running:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    lane, i = running.pop(future)
                    try:
                        result = future.result()
                    except BrokenProcessPool as exc:
                        raise BuildError(f"a notebook worker stopped unexpectedly ({exc}); its kernel's messages "
                                         f"are in {layout.scratch / 'kernels.log'}") from None
                    results[i] = result
                    bar.set_postfix_str(result.job.label)
                    bar.update()
                    feed(lane)
            bar.close()
        return [results[i] for i in range(len(jobs))]


def remove_stale_pages(layout: BookLayout, jobs: Sequence[NotebookJob]) -> None:
    """Delete executed notebooks of years no longer in the data (the toc glob would show them)."""
    wanted = {job.output.resolve() for job in jobs}
    for page in sorted((layout.book / YEAR_DIR).glob("*.ipynb")):
        if page.resolve() not in wanted:
            page.unlink()


def write_generated_pages(layout: BookLayout, settings: Settings, ds: Dataset) -> None:
    from jobbook.site.dictionary import render_data_dictionary
    from jobbook.site.sources_page import render_sources_page

    target = layout.book / GENERATED_DIR
    write_if_changed(target / "dataordbog.md", render_data_dictionary(settings))
    write_if_changed(target / "kilder.md", render_sources_page(ds))


def write_vendor_bundle(layout: BookLayout) -> None:
    """The chart library (vega, vega-lite, vega-embed) as one script served by the site itself."""
    from jobbook.site.vendor import write_vega_bundle

    write_vega_bundle(layout.vendor / "vega-bundle.js")


def sphinx_session(layout: BookLayout, full: bool) -> SphinxSession:
    """Jupyter Book's HTML build into the staging folder; warnings are errors.

    A full build starts from an empty output folder (Sphinx never deletes pages that are
    gone); an incremental one re-reads only changed pages and the pages that paste figures
    from them (see jobbook.site.sphinxext).
    """
    output = layout.staging / "_build" / "html"
    if full and output.exists():
        shutil.rmtree(output)
    return SphinxSession(layout.root, output, full=full)


def run_sphinx(session: SphinxSession) -> None:
    ok, log = session.build()
    if not ok:
        lines = [line for line in log.splitlines() if "WARNING" in line or "ERROR" in line or "Error" in line]
        detail = "\n".join(lines[-30:]) or log[-3000:]
        raise BuildError(f"the Jupyter Book build failed; the previous site is unchanged:\n{detail}")


def static_fingerprint(layout: BookLayout) -> str:
    """What every page depends on: configuration, toc, static files, templates, the package's code
    (its Sphinx extension among it) and the locked environment."""
    files = [layout.root / "_config.yml", layout.root / "_toc.yml",
             *layout.book.joinpath("_static").rglob("*"), *layout.book.joinpath("_templates").rglob("*")]
    return digest_parts([files_digest([f for f in files if f.is_file()], layout.root), package_code_digest(),
                         environment_digest(layout.root)])


def book_documents(layout: BookLayout) -> list[str]:
    """The pages of the book (sources Sphinx reads), relative to the root."""
    return sorted(p.relative_to(layout.root).as_posix() for p in layout.book.rglob("*")
                  if p.suffix in (".md", ".ipynb")
                  and not {"_static", "_templates", ".ipynb_checkpoints"} & set(p.parts))


def book_fingerprint(layout: BookLayout, static: str | None = None) -> str:
    """A hash of everything the Sphinx build reads: the pages, notebooks and configuration
    (``static``: the static fingerprint, when the caller has it already)."""
    pages = [layout.root / d for d in book_documents(layout)]
    return digest_parts([static or static_fingerprint(layout), files_digest(pages, layout.root)])


def read_state(layout: BookLayout) -> dict:
    try:
        return json.loads(layout.state.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def planned_documents(layout: BookLayout, jobs: Sequence[NotebookJob]) -> list[str]:
    """The pages the book will have once the jobs have run (the book's own pages, the generated
    pages and the executed notebooks)."""
    written = {job.output.relative_to(layout.root).as_posix() for job in jobs}
    kept = {d for d in book_documents(layout)
            if not d.startswith((f"book/{YEAR_DIR}/", f"book/{THEME_DIR}/"))}
    return sorted(written | kept)


def full_build_needed(layout: BookLayout, state: dict, documents: list[str], force: bool) -> bool:
    """A full Sphinx build for the first build, --force, pages added or removed, or new configuration;
    otherwise only changed pages are built (or none, when nothing changed)."""
    staged_env = layout.staging / "_build" / ".doctrees" / "environment.pickle"
    if force or not state or not (layout.site / "index.html").is_file() or not staged_env.is_file():
        return True
    return state.get("static") != static_fingerprint(layout) or state.get("documents") != documents


def inputs_digest(layout: BookLayout, settings: Settings, data_dir: Path, year: int | None) -> str:
    """A quick hash of what the notebooks are made from: when it is unchanged, no notebook will run.

    The source documents count too: the data are only valid while their checksums match.
    """
    return digest_parts([data_dir_digest(data_dir), files_digest(layout.notebooks.glob("*.ipynb"), layout.root),
                         package_code_digest(), settings.settings_file.read_bytes(), environment_digest(layout.root),
                         sources_digest(settings.sources_dir), str(data_dir), str(year)])


def save_state(layout: BookLayout, inputs: str) -> None:
    static = static_fingerprint(layout)
    layout.state.write_text(json.dumps({"book": book_fingerprint(layout, static), "static": static,
                                        "documents": book_documents(layout), "inputs": inputs}, indent=2),
                            encoding="utf-8")


def swap_in_site(layout: BookLayout, finish=None) -> None:
    """Replace _build/html with the staged build in two renames; ``finish(site)`` runs before."""
    from jobbook.outputs.pdf import carry_over_pdf

    staged = layout.staging / "_build" / "html"
    incoming = layout.build / "html.new"
    outgoing = layout.build / "html.old"
    for path in (incoming, outgoing):
        if path.exists():
            shutil.rmtree(path)
    shutil.copytree(staged, incoming)
    carry_over_pdf(layout, incoming)
    if finish is not None:
        finish(incoming)
    if layout.site.exists():
        layout.site.replace(outgoing)
    incoming.replace(layout.site)
    if outgoing.exists():
        shutil.rmtree(outgoing)


def build_book(settings: Settings, options: BuildOptions, report=print) -> BuildResult:
    """The whole build. Raises BuildError (or DataError) without touching the last good site."""
    from jobbook.site.build_report import build_report, insert_report, write_report_json

    start = time.perf_counter()
    layout = BookLayout(settings.root)
    data_dir = (options.data_dir or settings.data_dir).resolve()
    workers = options.workers or os.cpu_count() or 1
    unchanged = build_if_unchanged(settings, options)
    if unchanged is not None:
        return unchanged
    inputs = inputs_digest(layout, settings, data_dir, options.year)
    state = read_state(layout)
    runner = NotebookRunner(layout, workers)
    if options.force or state.get("inputs") != inputs:
        runner.start()  # notebooks will likely run: warm the kernels while the data are checked
    session = None
    try:
        from jobbook.data.dataset import load_dataset  # pandas: imported after the pool has forked

        ds = load_dataset(data_dir, settings)  # validates, unless these exact files were validated before
        years = discover_years(ds)
        if not years:
            raise BuildError(f"{data_dir}: no budget year found in the data")
        edition_year = options.year or years[-1]
        if options.year is not None and options.year not in years:
            raise BuildError(f"--year {options.year}: the data has no rows for that year "
                             f"(years found: {', '.join(map(str, years))})")
        jobs = plan_jobs(layout, settings, data_dir, years, edition_year)
        keys = []
        for job in jobs:
            try:
                check_parameters(job)
                keys.append(job_key(job, ds, layout.root, settings.settings_file))
            except (ValueError, SyntaxError, OSError) as exc:  # a template that cannot be read or is unknown
                raise BuildError(f"{job.template.name}: {exc}") from None
        if options.force:
            NotebookCache(layout.cache).keep_only(set())
        if layout.failed.exists():
            shutil.rmtree(layout.failed)
        remove_stale_pages(layout, jobs)
        write_generated_pages(layout, settings, ds)
        write_vendor_bundle(layout)
        full = full_build_needed(layout, state, planned_documents(layout, jobs), options.force)
        report(f"Budgetår: {', '.join(map(str, years))}; udgave: {edition_year}; {len(jobs)} notesbøger, "
               f"højst {workers} processer")
        to_run = sum(NotebookCache(layout.cache).get(key) is None for key in keys)
        if to_run:
            # Before the thread below: a process must not fork while a thread works.
            runner.start(runner.lanes_for(to_run))
        if full or to_run:
            # The Sphinx application is made while the notebooks run. For a full build only its
            # imports can be done ahead: the pages the toc's glob must find do not exist yet.
            session = sphinx_session(layout, full)
            if full:
                preload()
            else:
                session.start(background=True)
        prepared = time.perf_counter()
        results = runner.run(jobs, keys, options.progress)
    except BaseException:
        if session is not None:
            session.close()
        runner.close()
        raise
    runner.close(wait=False)  # the workers shut their kernels down while the pages are built
    try:
        result = BuildResult(years, edition_year, results)
        result.phases["data and plan"] = prepared - start
        result.phases["notebooks"] = time.perf_counter() - prepared
        failures = [r for r in results if not r.ok]
        if failures:
            if session is not None:
                session.close()
            result.seconds = time.perf_counter() - start
            write_report_json(layout.failed / "build-report.json",
                              build_report(layout, settings, data_dir, result, failures=failures))
            lines = [f"  {r.job.label} (template {r.job.template.name}): {r.error}\n"
                     f"    executed notebook with the error cell: {r.failed_notebook}" for r in failures]
            raise BuildError("notebook(s) failed; the previous site is unchanged:\n" + "\n".join(lines))
        NotebookCache(layout.cache).keep_only(set(keys))
        pages = time.perf_counter()
        if not full and state.get("book") == book_fingerprint(layout):
            result.sphinx_mode = "skip"
            if session is not None:
                session.close()
        else:
            result.sphinx_mode = "full" if full else "incremental"
            if session is None:
                session = sphinx_session(layout, full).start()
            elif full:
                session.start()
            run_sphinx(session)
        result.phases["pages"] = time.perf_counter() - pages
        result.seconds = time.perf_counter() - start
        data = build_report(layout, settings, data_dir, result)
        write_report_json(layout.build / "build-report.json", data)
        if result.sphinx_mode == "skip":
            insert_report(layout.site, data)  # the pages are current; only the report of this run is new
        else:
            swap_in_site(layout, lambda site: insert_report(site, data))
        save_state(layout, inputs)
        return result
    finally:
        runner.close()


def build_if_unchanged(settings: Settings, options: BuildOptions) -> BuildResult | None:
    """The build when nothing it reads has changed since the published one (only the report is new);
    None when there is something to build. It takes a fraction of a second."""
    if options.force:
        return None
    start = time.perf_counter()
    layout = BookLayout(settings.root)
    data_dir = (options.data_dir or settings.data_dir).resolve()
    state = read_state(layout)
    if state.get("inputs") != inputs_digest(layout, settings, data_dir, options.year):
        return None
    return unchanged_build(layout, state, settings, data_dir, start)


def unchanged_build(layout: BookLayout, state: dict, settings: Settings, data_dir: Path,
                    start: float) -> BuildResult | None:
    """When neither the inputs nor the pages changed since the published build, only the report is
    new: every notebook is a cache hit and no page needs building. None when that cannot be shown."""
    from jobbook.site.build_report import build_report, insert_report, read_report, write_report_json

    previous = read_report(layout.build / "build-report.json")
    if previous is None or not (layout.site / "index.html").is_file() or state.get("book") != book_fingerprint(layout):
        return None
    if any("output" not in n for n in previous["notebooks"]):
        return None  # a report from an older version of the package
    results = [JobResult(NotebookJob(layout.notebooks / n["template"], layout.root / n["output"], n["parameters"],
                                     n["label"]), ok=True, seconds=n["seconds"], cache_hit=True)
               for n in previous["notebooks"]]
    result = BuildResult(previous["years"], previous["edition_year"], results, sphinx_mode="skip")
    result.seconds = time.perf_counter() - start
    result.phases = {"data and plan": result.seconds, "notebooks": 0.0, "pages": 0.0}
    data = build_report(layout, settings, data_dir, result)
    write_report_json(layout.build / "build-report.json", data)
    insert_report(layout.site, data)
    return result
