"""``jobbook build``: data in, website out.

1. Validate the data directory; stop with the list of errors if it has any.
2. Plan the notebook runs: the per-year template once per budget year found in the data,
   the thematic templates once for the edition year (the latest year, or ``--year``).
3. Run them with papermill in a process pool sized to the cores, with a progress bar.
4. Write the generated pages and the vendored chart library.
5. Build the HTML with Jupyter Book (no execution there, warnings as errors) into a staging
   directory, and only on success swap it in as ``_build/html``. A failure anywhere leaves
   the last good site untouched.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from jobbook.dataset import Dataset, load_dataset, validate_data_dir
from jobbook.findings import Finding
from jobbook.notebooks import JobResult, NotebookJob, check_parameters, execute_job, write_if_changed
from jobbook.settings import Settings
from jobbook.tables import TABLES

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
    def vendor(self) -> Path:
        return self.book / "_static" / "vendor"

    def template(self, name: str) -> Path:
        return self.notebooks / f"{name}.ipynb"

    def year_page(self, year: int) -> Path:
        return self.book / YEAR_DIR / f"{year}.ipynb"

    def theme_page(self, name: str) -> Path:
        return self.book / THEME_DIR / f"{name}.ipynb"


class BuildError(Exception):
    """The build stopped; the message says where and why, and the old site is untouched."""


@dataclass
class BuildOptions:
    year: int | None = None  # edition year (default: the latest year in the data)
    workers: int | None = None
    progress: bool = True
    data_dir: Path | None = None


@dataclass
class BuildResult:
    years: list[int]
    edition_year: int
    results: list[JobResult] = field(default_factory=list)
    seconds: float = 0.0


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


def _quiet_worker(log_path: str) -> None:
    """Send a worker's stderr (and its kernels' startup chatter) to a log file, not the terminal."""
    handle = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(handle, 2)
    os.close(handle)


def run_jobs(jobs: Sequence[NotebookJob], layout: BookLayout, workers: int, progress: bool) -> list[JobResult]:
    """Execute the jobs in parallel; results in the order of ``jobs``."""
    results: dict[int, JobResult] = {}
    bar = tqdm(total=len(jobs), desc="Notesbøger", unit="nb", disable=not progress, file=sys.stderr)
    layout.scratch.mkdir(parents=True, exist_ok=True)
    log_path = str(layout.scratch / "kernels.log")
    with ProcessPoolExecutor(max_workers=workers, initializer=_quiet_worker, initargs=(log_path,)) as pool:
        futures = {pool.submit(execute_job, job, layout.scratch, layout.failed): i for i, job in enumerate(jobs)}
        for future in as_completed(futures):
            result = future.result()
            results[futures[future]] = result
            bar.set_postfix_str(result.job.label)
            bar.update()
    bar.close()
    return [results[i] for i in range(len(jobs))]


def remove_stale_pages(layout: BookLayout, jobs: Sequence[NotebookJob]) -> None:
    """Delete executed notebooks of years no longer in the data (the toc glob would show them)."""
    wanted = {job.output.resolve() for job in jobs}
    for page in sorted((layout.book / YEAR_DIR).glob("*.ipynb")):
        if page.resolve() not in wanted:
            page.unlink()


def write_generated_pages(layout: BookLayout, settings: Settings, ds: Dataset) -> None:
    from jobbook.dictionary import render_data_dictionary
    from jobbook.documents import render_sources_page

    target = layout.book / GENERATED_DIR
    write_if_changed(target / "dataordbog.md", render_data_dictionary(settings))
    write_if_changed(target / "kilder.md", render_sources_page(ds))


def write_vendor_bundle(layout: BookLayout) -> None:
    """The chart library (vega, vega-lite, vega-embed) as one script served by the site itself."""
    from jobbook.vendor import vega_bundle

    write_if_changed(layout.vendor / "vega-bundle.js", vega_bundle())


def sphinx_build(layout: BookLayout, full: bool = True) -> None:
    """Jupyter Book's HTML build into the staging folder; warnings are errors."""
    output = layout.staging / "_build" / "html"
    if full and output.exists():
        shutil.rmtree(output)  # Sphinx never deletes pages that are gone; start from an empty folder
    command = [sys.executable, "-c", "from jupyter_book.cli.main import main; main()", "build",
               str(layout.root), "--path-output", str(layout.staging), "--warningiserror", "--keep-going",
               "--quiet"]
    if full:
        command.append("--all")
    completed = subprocess.run(command, cwd=layout.root, capture_output=True, text=True)
    if completed.returncode != 0:
        lines = [line for line in (completed.stdout + completed.stderr).splitlines()
                 if "WARNING" in line or "ERROR" in line or "Error" in line]
        detail = "\n".join(lines[-30:]) or (completed.stdout + completed.stderr)[-3000:]
        raise BuildError(f"the Jupyter Book build failed; the previous site is unchanged:\n{detail}")


def book_fingerprint(layout: BookLayout) -> str:
    """A hash of everything the Sphinx build reads: the book's pages, notebooks and configuration."""
    digest = hashlib.sha256()
    files = [layout.root / "_config.yml", layout.root / "_toc.yml",
             *sorted(p for p in layout.book.rglob("*") if p.is_file())]
    for path in files:
        digest.update(str(path.relative_to(layout.root)).encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def swap_in_site(layout: BookLayout) -> None:
    """Replace _build/html with the staged build in two renames."""
    from jobbook.pdf import carry_over_pdf

    staged = layout.staging / "_build" / "html"
    incoming = layout.build / "html.new"
    outgoing = layout.build / "html.old"
    for path in (incoming, outgoing):
        if path.exists():
            shutil.rmtree(path)
    shutil.copytree(staged, incoming)
    carry_over_pdf(layout, incoming)
    if layout.site.exists():
        layout.site.replace(outgoing)
    incoming.replace(layout.site)
    if outgoing.exists():
        shutil.rmtree(outgoing)


def build_book(settings: Settings, options: BuildOptions, report=print) -> BuildResult:
    """The whole build. Raises BuildError (or DataError) without touching the last good site."""
    start = time.perf_counter()
    layout = BookLayout(settings.root)
    data_dir = (options.data_dir or settings.data_dir).resolve()
    validation = validate_data_dir(data_dir, settings)
    if not validation.ok:
        from jobbook.findings import DataError

        raise DataError(validation.findings)
    ds = load_dataset(data_dir, settings)
    years = discover_years(ds)
    if not years:
        raise BuildError(f"{data_dir}: no budget year found in the data")
    edition_year = options.year or years[-1]
    if options.year is not None and options.year not in years:
        raise BuildError(f"--year {options.year}: the data has no rows for that year "
                         f"(years found: {', '.join(map(str, years))})")
    jobs = plan_jobs(layout, settings, data_dir, years, edition_year)
    for job in jobs:
        check_parameters(job)
    if layout.failed.exists():
        shutil.rmtree(layout.failed)
    workers = options.workers or os.cpu_count() or 1
    report(f"Budgetår: {', '.join(map(str, years))}; udgave: {edition_year}; "
           f"{len(jobs)} notesbøger med {workers} processer")
    results = run_jobs(jobs, layout, workers, options.progress)
    failures = [r for r in results if not r.ok]
    if failures:
        lines = [f"  {r.job.label} (template {r.job.template.name}): {r.error}\n"
                 f"    executed notebook with the error cell: {r.failed_notebook}" for r in failures]
        raise BuildError("notebook(s) failed; the previous site is unchanged:\n" + "\n".join(lines))
    remove_stale_pages(layout, jobs)
    write_generated_pages(layout, settings, ds)
    write_vendor_bundle(layout)
    sphinx_build(layout)
    swap_in_site(layout)
    return BuildResult(years, edition_year, results, time.perf_counter() - start)


def format_findings(findings: Sequence[Finding]) -> str:
    return "\n".join(f.format() for f in findings if f.severity == "error")
