"""``jobbook build``: data in, website out.

1. Write the table of contents from the chapter registry (``chapters.toml``), and copy the data
   (after finishing an interrupted write) into ``_build/.data``: every later step reads that
   copy, so the site shows one version of the data, whatever is edited while the build runs.
2. When nothing the book is made from has changed since the published build (the digests of
   content recorded with the published site, which must still be whole), only the build report
   is renewed (the "unchanged shortcut").
3. Validate the data directory; stop with the list of errors if it has any.
4. Plan the notebook runs from the registry and take each one from the notebook cache when
   nothing it depends on has changed; run the others with papermill in worker processes.
5. Write the generated pages and the chart library.
6. Build the HTML with Jupyter Book (no execution there, warnings as errors) into a staging
   folder: fully, only the changed pages, or not at all when the pages did not change. Only on
   success is it put in place of ``_build/html``. A failure anywhere leaves the last good site.
7. Write the build report into its page and ``_build/build-report.json``.

Each speed device (the notebook cache, the unchanged shortcut, incremental page builds, warm
kernels, the kept chart bundle) can be turned off with ``--without``, so that the benchmark
can show what each one saves.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from jobbook.build.cache import KeyMaker, NotebookCache
from jobbook.build.layout import BookLayout
from jobbook.build.lock import project_lock
from jobbook.build.plan import ParameterError, check_parameters, notebook_paths, plan_jobs
from jobbook.build.publish import (
    book_fingerprint,
    forget_staged_pages,
    page_digests,
    publish_data_files,
    published_folder,
    read_state,
    remember_staged_pages,
    remove_stale_pages,
    renew_record,
    site_damage,
    staged_changes,
    static_fingerprint,
    swap_in_site,
)
from jobbook.build.registry import TOC_FILE, RegistryError, load_registry
from jobbook.build.report import (
    BuildResult,
    make_report,
    read_report,
    unchanged_report,
    write_report_json,
)
from jobbook.build.run import JobResult, NotebookPool, preload_source
from jobbook.build.snapshot import as_read_from, snapshot_data
from jobbook.build.sphinx import import_sphinx
from jobbook.data.findings import DataError
from jobbook.digest import digest, environment_digest, files_digest, package_digest
from jobbook.errors import BuildError
from jobbook.files import write_if_changed
from jobbook.settings import Settings
from jobbook.site.report_page import REPORT_PAGE, fill_report_page
from jobbook.site.vendor import write_vega_bundle

#: The speed devices, each with what it saves (the benchmark measures the build without each).
DEVICES = {
    "notebook-cache": "a notebook whose inputs are unchanged is taken from the cache, not run",
    "unchanged-shortcut": "when nothing the book is made from changed, only the build report is renewed",
    "incremental-pages": "Sphinx reads again only the pages that changed",
    "warm-kernels": "a worker starts its kernel ahead, loads the modules and data into it and keeps it",
    "preload-sphinx": "Sphinx and the book's Sphinx extensions are imported while the notebooks run",
}
#: What ``--force`` turns off: every device that reuses an earlier build's work.
FORCE_OFF = frozenset({"notebook-cache", "unchanged-shortcut", "incremental-pages"})


@dataclass
class BuildOptions:
    year: int | None = None  # edition year (default: the latest year in the data)
    workers: int | None = None  # notebook processes (default: the number of cores)
    progress: bool = True
    data_dir: Path | None = None
    force: bool = False  # run every notebook and rebuild every page, whatever the caches say
    without: frozenset[str] = frozenset()  # speed devices turned off (names of DEVICES)
    wait: bool = True  # when another build of the project runs: wait for it (or stop at once)

    def uses(self, device: str) -> bool:
        assert device in DEVICES, device
        return device not in self.without and not (self.force and device in FORCE_OFF)


def inputs_digest(layout: BookLayout, settings: Settings, data: Path, data_dir: Path, options: BuildOptions) -> str:
    """Everything the notebooks and generated pages are made from: unchanged, no notebook can change.

    ``data`` holds the tables as this build reads them (the snapshot of ``data_dir``). The source
    documents count too: the data are only valid while their checksums match. Contents only,
    never file times.
    """
    sources = settings.sources_dir
    source_files = [p for p in sources.iterdir() if p.is_file()] if sources.is_dir() else []
    return digest(files_digest(data.glob("*.csv"), data), files_digest(layout.notebooks.glob("*.ipynb"),
                                                                       layout.root),
                  (layout.root / "chapters.toml"), settings.settings_file, environment_digest(layout.root),
                  package_digest(), files_digest(source_files, sources), str(data_dir), str(options.year))


def build_book(settings: Settings, options: BuildOptions, say=print) -> BuildResult:
    """The whole build. Raises BuildError (or DataError) without touching the last good site."""
    with project_lock(BookLayout(settings.root).build, wait=options.wait, say=say):
        return Build(settings, options, say).run()


class Build:
    """One run of ``jobbook build`` (``say`` prints what the build is about to do)."""

    def __init__(self, settings: Settings, options: BuildOptions, say=print):
        self.settings, self.options, self.say = settings, options, say
        self.layout = BookLayout(settings.root, settings.settings_file)
        self.data_dir = (options.data_dir or settings.data_dir).resolve()
        self.data = self.layout.data_snapshot  # what every step of this build reads (see jobbook.build.snapshot)
        self.start = time.perf_counter()

    def run(self) -> BuildResult:
        layout, options = self.layout, self.options
        try:
            registry = load_registry(layout.root)
        except RegistryError as exc:
            raise BuildError(str(exc)) from None
        snapshot_data(self.data_dir, self.data, self.settings)
        state = read_state(layout)
        damage = site_damage(layout, state) if state else None
        if not state and layout.site.is_symlink() and published_folder(layout) is None:
            damage = "_build/html links to no site"
        if damage is not None:
            self.say(f"The published site is damaged ({damage}); building it again")
            state = {}
        inputs = inputs_digest(layout, self.settings, self.data, self.data_dir, options)
        if options.uses("unchanged-shortcut"):
            unchanged = self.unchanged(state, inputs)
            if unchanged is not None:
                return unchanged
        pool = NotebookPool(layout.notebooks, layout.scratch, layout.failed, options.workers or os.cpu_count() or 1,
                            options.uses("warm-kernels"),
                            preload_source(**notebook_paths(layout, self.settings, self.data)),
                            self.settings.cell_timeout_s)
        if options.uses("warm-kernels"):
            pool.start()  # something changed, so a notebook will likely run: its kernel starts while data are checked
        try:
            result = self.notebooks(registry, pool)
        except BaseException:
            pool.close()  # interrupted or failed: running notebooks are not waited for
            raise
        pool.release()  # the workers shut their kernels down and exit while the pages are built
        try:
            self.pages(result, state, inputs)
        finally:
            pool.join()
        return result

    def unchanged(self, state: dict, inputs: str) -> BuildResult | None:
        """When nothing the book is made from changed since the published build, only the report is
        renewed (a fraction of a second); None when there is something to build."""
        layout = self.layout
        if state.get("inputs") != inputs or state.get("book") != book_fingerprint(layout):
            return None
        previous = read_report(layout.report)
        if previous is None:
            return None
        data = unchanged_report(previous, time.perf_counter() - self.start)
        fill_report_page(layout.site, data)
        renew_record(layout, state, [REPORT_PAGE.as_posix()])
        write_report_json(layout.report, data)
        return BuildResult(previous["years"], previous["edition_year"], [], "skip", data["seconds"], data["phases"],
                           unchanged=True)

    def notebooks(self, registry, pool: NotebookPool) -> BuildResult:
        """Check the data, plan the runs, take what the cache has and run the rest."""
        from jobbook.data.dataset import load_dataset

        layout, options, settings = self.layout, self.options, self.settings
        try:
            ds = load_dataset(self.data, settings)
        except DataError as exc:  # named as the files of the data folder, which the analyst edits
            raise DataError(as_read_from(exc.findings, self.data, self.data_dir)) from None
        years = ds.budget_years()
        if not years:
            raise BuildError(f"{self.data_dir}: no budget year found in the data")
        if options.year is not None and options.year not in years:
            raise BuildError(f"--year {options.year}: the data has no rows for that year "
                             f"(years found: {', '.join(map(str, years))})")
        edition_year = options.year or years[-1]
        folders = {layout.page(chapter.page_for(edition_year)).parent for chapter in registry.notebooks}
        registry = registry.with_rows({name for name, frame in ds.frames.items() if not frame.empty})
        write_if_changed(layout.root / TOC_FILE, registry.toc_text())  # only the chapters the data fill
        jobs = plan_jobs(registry, layout, settings, self.data, years, edition_year)
        keys = KeyMaker(ds, layout.root, settings.settings_file)
        try:
            for job in jobs:
                check_parameters(job)
            job_keys = [keys.key(job) for job in jobs]
        except (ParameterError, SyntaxError, OSError, ValueError) as exc:  # a template that cannot be read
            raise BuildError(str(exc)) from None
        if layout.failed.exists():
            shutil.rmtree(layout.failed)
        remove_stale_pages(layout, [job.output for job in jobs], sorted(folders))
        write_generated_pages(layout, settings, ds)
        write_vega_bundle(layout.vendor / "vega-bundle.js")
        self.say(f"Budget years: {', '.join(map(str, years))}; edition: {edition_year}; {len(jobs)} notebooks, "
                 f"at most {pool.workers} processes")
        result = BuildResult(years, edition_year, phases={"data and plan": time.perf_counter() - self.start})

        started = time.perf_counter()
        cache = NotebookCache(layout.cache, say=self.say)
        results: dict[int, JobResult] = {}
        to_run = []
        for i, (job, key) in enumerate(zip(jobs, job_keys, strict=True)):
            hit = cache.get(key) if options.uses("notebook-cache") else None
            if hit is None:
                to_run.append(i)
                continue
            write_if_changed(job.output, hit[0])
            results[i] = JobResult(job, ok=True, seconds=float(hit[1].get("seconds", 0.0)), cache_hit=True)
        index_of = {jobs[i].label: i for i in to_run}  # labels are unique: template and year
        if to_run and options.uses("preload-sphinx"):
            threading.Thread(target=import_sphinx, args=(layout.root,), name="import-sphinx", daemon=True).start()
        for done in pool.run([jobs[i] for i in to_run], options.progress):
            i = index_of[done.job.label]
            results[i] = done
            if done.ok:  # only this process writes pages and cache entries
                write_if_changed(done.job.output, done.text)
                cache.put(job_keys[i], done.text, {"label": done.job.label, "seconds": round(done.seconds, 2)})
        result.results = [results[i] for i in range(len(jobs))]
        result.phases["notebooks"] = time.perf_counter() - started
        failures = [r for r in result.results if not r.ok]
        if failures:
            result.seconds = time.perf_counter() - self.start
            write_report_json(layout.failed / "build-report.json",
                              make_report(layout, settings, self.data, result, failures))
            lines = [f"  {r.job.label} (template {r.job.template.name}): {r.error}\n"
                     f"    executed notebook with the error cell: {r.failed_notebook}" for r in failures]
            raise BuildError("notebook(s) failed; the previous site is unchanged:\n" + "\n".join(lines))
        cache.keep_only(set(job_keys))
        return result

    def pages(self, result: BuildResult, state: dict, inputs: str) -> None:
        """Build the pages (all, the changed ones, or none), then publish them with the report and the
        record of what they were made from."""
        layout = self.layout
        started = time.perf_counter()
        static = static_fingerprint(layout)
        book = book_fingerprint(layout, static)
        changed = staged_changes(layout, self.options.uses("incremental-pages"))
        if changed is not None and state.get("book") == book:
            result.sphinx_mode = "skip"  # the published site shows these pages (and is whole)
        else:
            result.sphinx_mode = "full" if changed is None else "incremental"
            build_pages(layout, changed, static)
        result.phases["pages"] = time.perf_counter() - started
        result.seconds = time.perf_counter() - self.start
        data = make_report(layout, self.settings, self.data, result)
        record = {"inputs": inputs, "book": book, "static": static}
        if result.sphinx_mode == "skip":
            fill_report_page(layout.site, data)  # the pages are current; the report (and the data files) new
            written, removed = publish_data_files(layout.site, self.data)
            renew_record(layout, {**state, **record}, [REPORT_PAGE.as_posix(), *written], removed)
        else:
            def finish(site: Path) -> None:
                fill_report_page(site, data)
                publish_data_files(site, self.data)

            swap_in_site(layout, record, finish)
        write_report_json(layout.report, data)


def build_pages(layout: BookLayout, changed: list[str] | None, static: str) -> None:
    """Jupyter Book's HTML build into the staging folder: everything (``changed`` None), or the pages
    ``changed`` (by content) since the staged build and what Sphinx finds changed itself. A full build
    starts from an empty folder (Sphinx never deletes the pages of documents that are gone)."""
    from jobbook.build.sphinx import build_sphinx

    full = changed is None
    if full and layout.staging.exists():
        shutil.rmtree(layout.staging)
    pages = page_digests(layout)  # what Sphinx is about to read
    forget_staged_pages(layout)
    ok, log = build_sphinx(layout.root, layout.staged_site, full=full, changed=changed or (),
                           settings_file=layout.settings)
    if ok:
        remember_staged_pages(layout, static, pages)
        # A theme stylesheet published whole, as the cut could not read it (jobbook.site.used_css), is said.
        for line in log.splitlines():
            if "kept whole, its rules could not be read" in line:
                print(f"Note: {line.strip()}", file=sys.stderr)
    if not ok:
        # A file that could not be written (a full disk, no permission) fails Sphinx with a warning per
        # file: one line says it, as for every other write of the build.
        failed_write = re.findall(r"\[Errno \d+\] ([^\n'\x1b]+)", log)
        if failed_write:
            raise BuildError(f"the Jupyter Book build could not write the pages into {layout.staged_site}: "
                             f"{failed_write[-1].strip()}; the previous site is unchanged")
        lines = [line for line in log.splitlines() if "WARNING" in line or "ERROR" in line or "Error" in line]
        detail = "\n".join(lines[-30:]) or log[-3000:]
        raise BuildError(f"the Jupyter Book build failed; the previous site is unchanged:\n{detail}")


def write_generated_pages(layout: BookLayout, settings: Settings, ds) -> None:
    from jobbook.site.colour_css import write_colour_css
    from jobbook.site.dictionary import render_data_dictionary
    from jobbook.site.edition_page import render_edition_page
    from jobbook.site.sources_page import render_sources_page

    write_if_changed(layout.generated / "dataordbog.md", render_data_dictionary(settings))
    write_if_changed(layout.generated / "kilder.md", render_sources_page(ds))
    write_if_changed(layout.generated / "nyt.md", render_edition_page(ds))
    write_colour_css(layout.book / "_static")  # the colour roles as CSS custom properties, for jobbook.css
