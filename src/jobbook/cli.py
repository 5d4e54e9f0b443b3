"""The command line: ``jobbook validate | dictionary | build | pdf | weight | serve | new-year | import-budget``."""

from __future__ import annotations

import argparse
import os
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path

from jobbook.data.findings import Finding
from jobbook.settings import Settings, load_settings


class UsageError(Exception):
    """A problem with the command's input that deserves a message, not a traceback."""


def print_findings(findings: Sequence[Finding], stream=None) -> None:
    """Errors first, then notes, each as file:line:column with the value and what was expected."""
    def order(finding: Finding) -> tuple:
        return (finding.severity != "error", finding.file, finding.line or 0, finding.column_number or 0)

    for finding in sorted(findings, key=order):
        print(finding.format(), file=stream or sys.stderr)


def command_validate(args: argparse.Namespace, settings: Settings) -> int:
    from jobbook.data.dataset import display_path, validate_data_dir

    data_dir = Path(args.data) if args.data else settings.data_dir
    report = validate_data_dir(data_dir, settings)
    print_findings(report.findings)
    errors, notes = len(report.errors), len(report.notes)
    where = display_path(data_dir)
    if errors:
        print(f"{where}: {errors} error(s), {notes} note(s)", file=sys.stderr)
        return 1
    print(f"{where}: {len(report.tables)} tables valid, {notes} note(s)")
    return 0


def command_dictionary(args: argparse.Namespace, settings: Settings) -> int:
    from jobbook.site.dictionary import render_data_dictionary

    text = render_data_dictionary(settings)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def command_build(args: argparse.Namespace, settings: Settings) -> int:
    from jobbook.build.pipeline import BuildOptions

    options = BuildOptions(year=args.year, workers=args.workers, progress=not args.no_progress,
                           data_dir=Path(args.data).resolve() if args.data else None, force=args.force)
    return build_here(settings, options)


def build_here(settings: Settings, options) -> int:
    from jobbook.build.pipeline import build_book
    from jobbook.build.run import ParameterError
    from jobbook.data.findings import BuildError, DataError

    try:
        result = build_book(settings, options)
    except DataError as exc:
        print_findings(exc.findings)
        print(f"jobbook build: {len(exc.findings)} data error(s); nothing was built, "
              "the previous site is unchanged", file=sys.stderr)
        return 1
    except (BuildError, ParameterError) as exc:
        print(f"jobbook build: {exc}", file=sys.stderr)
        return 1
    return print_build(result, settings)


def print_build(result, settings: Settings) -> int:
    site = settings.root / "_build" / "html" / "index.html"
    hits = len(result.results) - result.executed
    phases = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in result.phases.items())
    print(f"Bygget på {result.seconds:.1f} s ({phases}): {result.executed} notesbøger kørt, {hits} fra cachen; "
          f"sider: {result.sphinx_mode}. {site}")
    return 0


def command_pdf(args: argparse.Namespace, settings: Settings) -> int:
    from jobbook.data.findings import BuildError
    from jobbook.outputs.browser import BrowserMissing
    from jobbook.outputs.pdf import build_pdf

    try:
        target, checks = build_pdf(settings)
    except (BuildError, BrowserMissing) as exc:
        print(f"jobbook pdf: {exc}", file=sys.stderr)
        return 1
    if checks["blocked_requests"]:
        print(f"jobbook pdf: note: blocked requests to other hosts: {checks['blocked_requests']}", file=sys.stderr)
    print(f"PDF med {checks['charts']} figurer: {target} (også lagt på siden)")
    return 0


def command_weight(args: argparse.Namespace, settings: Settings) -> int:
    from jobbook.outputs.weight import PAGE_LIMIT_BYTES, measure, render

    site = settings.root / "_build" / "html"
    if not (site / "index.html").is_file():
        raise UsageError(f"no site in {site}; run `jobbook build` (or `make book`) first")
    report = measure(site)
    print(render(report))
    if report.too_heavy:
        print(f"jobbook weight: {len(report.too_heavy)} page(s) above {PAGE_LIMIT_BYTES // 1024} KB", file=sys.stderr)
        return 1
    return 0


def _read_or_report(reader, data_dir: Path, settings: Settings, message: str):
    """``reader(data_dir, settings)``, or None after printing its findings and ``message``."""
    from jobbook.data.findings import DataError

    try:
        return reader(data_dir, settings)
    except DataError as exc:
        print_findings(exc.findings)
        print(message, file=sys.stderr)
        return None


def command_new_year(args: argparse.Namespace, settings: Settings) -> int:
    from jobbook.data.dataset import load_dataset
    from jobbook.ingest.scaffold import ScaffoldError, describe, scaffold_year

    data_dir = Path(args.data).resolve() if args.data else settings.data_dir
    if not settings.min_year <= args.year <= settings.max_year:
        raise UsageError(f"{args.year} is outside the years the settings allow "
                         f"({settings.min_year}-{settings.max_year})")
    ds = _read_or_report(load_dataset, data_dir, settings,
                         "jobbook new-year: the data directory has errors; correct them first")
    if ds is None:
        return 1
    try:
        result = scaffold_year(ds, args.year, args.source_id)
    except ScaffoldError as exc:
        raise UsageError(str(exc)) from None
    print(describe(result, data_dir))
    return 0


def command_import_budget(args: argparse.Namespace, settings: Settings) -> int:
    from jobbook.data.dataset import load_dataset
    from jobbook.data.findings import DataError
    from jobbook.ingest.importer import ImportError_, import_budget_text

    data_dir = Path(args.data).resolve() if args.data else settings.data_dir
    try:
        ds = load_dataset(data_dir, settings)
    except DataError:
        # A scaffolded year has empty cells; the import may be what fills them. Read without the gate.
        from jobbook.data.dataset import read_dataset_unchecked

        ds = _read_or_report(read_dataset_unchecked, data_dir, settings,
                             "jobbook import-budget: the data files cannot be read; nothing was written")
        if ds is None:
            return 1
    source_id = args.source or f"budget-{args.year}"
    try:
        plan = import_budget_text(Path(args.file), ds, args.year, source_id, args.location, args.table,
                                  dry_run=args.dry_run)
    except ImportError_ as exc:
        print_findings(exc.findings)
        print("jobbook import-budget: nothing was written", file=sys.stderr)
        return 1
    print_findings(plan.still_empty)
    verb = "would be" if args.dry_run else "were"
    print(f"{plan.added} row(s) {verb} added, {plan.filled} filled in, {plan.unchanged} already held the same "
          f"figure. Run `jobbook validate` to see what is still missing.")
    return 0


def command_serve(args: argparse.Namespace, settings: Settings) -> int:
    import functools
    import http.server

    site = settings.root / "_build" / "html"
    if not (site / "index.html").is_file():
        raise UsageError(f"no site in {site}; run `jobbook build` (or `make book`) first")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    except OSError as exc:
        raise UsageError(f"cannot serve on port {args.port}: {exc.strerror}; try --port") from None
    with server:
        print(f"Bogen vises på http://127.0.0.1:{args.port}/ (Ctrl+C stopper)")
        server.serve_forever()
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jobbook", description=__doc__)
    parser.add_argument("--settings", type=Path, help="settings file (default: the nearest jobbook.toml)")
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser("validate", help="check every table of the data directory")
    validate.add_argument("--data", help="data directory (default: from the settings)")
    validate.set_defaults(handler=command_validate)

    dictionary = commands.add_parser("dictionary", help="write the data dictionary (Markdown)")
    dictionary.add_argument("--output", "-o", help="file to write (default: standard output)")
    dictionary.set_defaults(handler=command_dictionary)

    build = commands.add_parser("build", help="run the notebooks and build the website into _build/html")
    build.add_argument("--year", type=int, help="edition year for the thematic chapters (default: latest)")
    build.add_argument("--data", help="data directory (default: from the settings)")
    build.add_argument("--workers", type=int, help="parallel notebook runs (default: number of cores)")
    build.add_argument("--no-progress", action="store_true", help="no progress bar")
    build.add_argument("--force", action="store_true", help="run every notebook and rebuild every page")
    build.set_defaults(handler=command_build)

    pdf = commands.add_parser("pdf", help="print the built book as one PDF with headless Chromium")
    pdf.set_defaults(handler=command_pdf)

    new_year = commands.add_parser("new-year", help="add the rows of a new budget year to fill in")
    new_year.add_argument("year", type=int)
    new_year.add_argument("--source-id", help="id of the new source (default: budget-YEAR)")
    new_year.add_argument("--data", help="data directory (default: from the settings)")
    new_year.set_defaults(handler=command_new_year)

    importer = commands.add_parser("import-budget",
                                   help="merge an account or recipient table copied out of a budget document")
    importer.add_argument("file", help="text file with the table as copied from the document")
    importer.add_argument("--year", type=int, required=True, help="import the columns for this year")
    importer.add_argument("--source", help="source_id of the document (default: budget-YEAR)")
    importer.add_argument("--location", help="where in the document the table stands (for source_location)")
    importer.add_argument("--table", choices=("auto", "accounts", "recipients"), default="auto")
    importer.add_argument("--data", help="data directory (default: from the settings)")
    importer.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")
    importer.set_defaults(handler=command_import_budget)

    weight = commands.add_parser("weight", help="report the bytes of every page and of the shared assets")
    weight.set_defaults(handler=command_weight)

    serve = commands.add_parser("serve", help="preview the built site on http://127.0.0.1:PORT/")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(handler=command_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """The command line."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings(args.settings)
    except (OSError, tomllib.TOMLDecodeError, KeyError, ValueError) as exc:
        detail = f"missing setting {exc}" if isinstance(exc, KeyError) else str(exc)
        print(f"jobbook: cannot read the settings: {detail}", file=sys.stderr)
        return 2
    try:
        return args.handler(args, settings)
    except UsageError as exc:
        print(f"jobbook: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("jobbook: interrupted", file=sys.stderr)
        return 130


def run() -> None:
    """The console script: ``main``, then a quick exit.

    After a build the interpreter holds the whole Sphinx stack, and tearing it down takes
    about a second with nothing left to do: files are written and kernels shut down. So
    the process ends right after its output is flushed.
    """
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
