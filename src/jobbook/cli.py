"""The command line: ``jobbook validate | dictionary | build | pdf | weight | serve | new-year | import-budget | init``.

It speaks English, like the README and the data's column names; the book itself is Danish.
Every expected failure (bad data, a failing notebook, a missing browser) is one message and a
non-zero exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import gc
import re
import shutil
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from jobbook.data.findings import DataError, Finding
from jobbook.errors import BuildError, UsageError
from jobbook.settings import Settings, SettingsError, load_settings

#: Findings printed of one kind in one file before the rest are summed up (unless --all).
SCREENFUL = 10


def print_findings(findings: Sequence[Finding], show_all: bool = False, stream=None) -> None:
    """Errors first, then notes, each as file:line:column with the value and what was expected.

    At most a screenful of each kind of finding per file is listed; the rest are counted by
    column ("... and 199,941 more duplicate keys in recipients.csv, column group_code").
    """
    def order(finding: Finding) -> tuple:
        return (finding.severity != "error", finding.file, finding.line or 0, finding.column_number or 0)

    stream = stream or sys.stderr
    shown: Counter = Counter()
    left_out: dict[tuple, Counter] = {}
    for finding in sorted(findings, key=order):
        group = (finding.severity, finding.file, finding.kind)
        if show_all or shown[group] < SCREENFUL:
            print(finding.format(), file=stream)
            shown[group] += 1
        else:
            left_out.setdefault(group, Counter())[finding.column] += 1
    for (severity, file, kind), columns in left_out.items():
        for column, count in sorted(columns.items(), key=lambda item: (item[0] is None, item[0] or "")):
            where = f", column {column}" if column else ""
            print(f"{file}: {severity}: ... and {count:,} more {kind} in {Path(file).name}{where} "
                  "(`jobbook validate --all` lists every one)", file=stream)


def os_error_line(exc: OSError) -> str:
    """A failed file operation as "path: cause" (shutil's copy errors list every file: the first is named)."""
    if isinstance(exc, shutil.Error) and exc.args and isinstance(exc.args[0], list) and exc.args[0]:
        _, target, why = exc.args[0][0]
        cause = re.sub(r"^\[Errno \d+\] ", "", str(why)).split(": '", 1)[0]
        more = len(exc.args[0]) - 1
        return f"{target}: {cause}" + (f" (and {more:,} more files)" if more else "")
    where = f"{exc.filename}: " if exc.filename else ""
    return f"{where}{exc.strerror or exc}"


def seconds(value: float) -> str:
    """The command line's one number style for durations: ``9.1 s``."""
    return f"{value:.1f} s"


def data_dir_of(args: argparse.Namespace, settings: Settings) -> Path:
    return Path(args.data).resolve() if getattr(args, "data", None) else settings.data_dir


def writing_data(args: argparse.Namespace, settings: Settings, data_dir: Path):
    """The project's lock for a command that changes the data (see jobbook.build.lock.data_writer)."""
    from jobbook.build.lock import data_writer

    return data_writer(settings.root / "_build", data_dir, args.command, wait=not args.no_wait,
                       say=lambda message: print(f"jobbook {args.command}: {message}", file=sys.stderr))


def site_index(settings: Settings) -> Path:
    index = settings.root / "_build" / "html" / "index.html"
    if not index.is_file():
        raise UsageError(f"no site in {index.parent}; run `jobbook build` (or `make book`) first")
    return index


def command_validate(args: argparse.Namespace, settings: Settings) -> int:
    from jobbook.data.dataset import display_path, validate_data_dir

    data_dir = data_dir_of(args, settings)
    report = validate_data_dir(data_dir, settings)
    print_findings(report.findings, show_all=args.all)
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
    from jobbook.build.book import BuildOptions, build_book

    options = BuildOptions(year=args.year, workers=args.workers, progress=not args.no_progress,
                           data_dir=data_dir_of(args, settings) if args.data else None, force=args.force,
                           without=frozenset(args.without or ()), wait=not args.no_wait)
    try:
        result = build_book(settings, options)
    except DataError as exc:
        print_findings(exc.findings)
        raise BuildError(f"{len(exc.findings)} data error(s); nothing was built, the previous site is unchanged") \
            from None
    index = settings.root / "_build" / "html" / "index.html"
    if result.unchanged:
        print(f"Nothing changed since the last build ({seconds(result.seconds)}): only the build report was "
              f"renewed. {index}")
        return 0
    phases = ", ".join(f"{name} {seconds(value)}" for name, value in result.phases.items())
    print(f"Built in {seconds(result.seconds)} ({phases}): {result.executed} notebook(s) executed, "
          f"{len(result.results) - result.executed} from the cache; pages: {result.sphinx_mode}. {index}")
    return 0


def command_pdf(args: argparse.Namespace, settings: Settings) -> int:
    from jobbook.build.lock import project_lock
    from jobbook.outputs.browser import BrowserMissing
    from jobbook.outputs.pdf import build_pdf

    try:
        with project_lock(settings.root / "_build", wait=not args.no_wait):
            target, checks = build_pdf(settings)
    except BrowserMissing as exc:
        raise BuildError(str(exc)) from None
    if checks["blocked_requests"]:
        print(f"jobbook pdf: note: blocked requests to other hosts: {checks['blocked_requests']}", file=sys.stderr)
    print(f"PDF with {checks['charts']} charts: {target} (also put on the site)")
    return 0


def command_weight(args: argparse.Namespace, settings: Settings) -> int:
    from jobbook.outputs.weight import PAGE_LIMIT_BYTES, measure, render

    report = measure(site_index(settings).parent)
    print(render(report))
    if report.too_heavy:
        print(f"jobbook weight: {len(report.too_heavy)} page(s) above {PAGE_LIMIT_BYTES // 1024} KB", file=sys.stderr)
        return 1
    return 0


def command_new_year(args: argparse.Namespace, settings: Settings) -> int:
    from jobbook.data.dataset import load_dataset
    from jobbook.ingest.scaffold import ScaffoldError, describe, scaffold_year

    data_dir = data_dir_of(args, settings)
    if not settings.min_year <= args.year <= settings.max_year:
        raise UsageError(f"{args.year} is outside the years the settings allow ({settings.min_year}-"
                         f"{settings.max_year}, [years] in {settings.settings_file.name}): widen the range there first")
    with writing_data(args, settings, data_dir):
        try:
            ds = load_dataset(data_dir, settings)
        except DataError as exc:
            print_findings(exc.findings)
            raise BuildError("the data directory has errors; correct them first") from None
        try:
            result = scaffold_year(ds, args.year, settings, args.source_id)
        except ScaffoldError as exc:
            raise UsageError(str(exc)) from None
    print(describe(result, data_dir))
    return 0


def command_import_budget(args: argparse.Namespace, settings: Settings) -> int:
    import contextlib
    import json

    from jobbook.data.dataset import display_path, load_dataset, read_dataset_unchecked
    from jobbook.ingest.document import ImportRefused, read_document
    from jobbook.ingest.importer import apply_import, plan_import

    if args.json and not args.dry_run:
        raise UsageError("--json is a form of the preview: use it with --dry-run")
    if args.published is not None:
        from jobbook.data.read import CellError, parse_period

        try:
            parse_period(args.published)
        except CellError as exc:
            raise UsageError(f"--published: {exc}; {args.published!r} is not") from None
    path = Path(args.file)
    try:
        document = read_document(path, unit=args.unit, year=args.year, page=args.page, heading=args.heading,
                                 display=display_path(path))
        if args.json:  # the rows as read, before anything in data/ is looked at
            # allow_nan=False: JSON has no NaN or Infinity; as_json refuses such values first
            print(json.dumps(document.as_json(), ensure_ascii=False, indent=2, allow_nan=False))
            return 0
    except ImportRefused as exc:
        if args.json:
            print(json.dumps({"unit": None, "rows": [], "problems": exc.problems}, ensure_ascii=False, indent=2,
                             allow_nan=False))
            return 1
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        raise BuildError("the table was not imported; nothing was written") from None
    data_dir = data_dir_of(args, settings)
    # The lock spans read, plan, check and write: the plan is written over the files it was made from.
    # A dry run writes nothing, so it takes no lock and waits for no build (its reading still finishes an
    # interrupted write, under the folder's own lock: files.StagedWrite).
    with contextlib.nullcontext() if args.dry_run else writing_data(args, settings, data_dir):
        try:
            ds = load_dataset(data_dir, settings)
        except DataError:
            # A scaffolded year has empty cells; the import may be what fills them. Read without the gate.
            try:
                ds = read_dataset_unchecked(data_dir, settings)
            except DataError as exc:
                print_findings(exc.findings)
                raise BuildError("the data files cannot be read; nothing was written") from None
        if args.dry_run:
            print(preview(document))
        try:
            plan = plan_import(document, ds, settings, args.source, args.title, args.location, args.published)
        except ImportRefused as exc:
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            raise BuildError("the table was not imported; nothing was written") from None
        for note in plan.notes:
            print(note, file=sys.stderr)
        if args.dry_run:
            for change in plan.changes:
                identity = " ".join(str(change.row[k]) for k in change.spec.key if k != "source_id")
                figure = change.row[change.spec.figure_column]
                beside = {"confirm": f", as {', '.join(change.others)}",
                          "revise": f", {change.existing} in {', '.join(change.others)}"}.get(change.action, "")
                print(f"  {change.action:8s} {change.spec.file_name:32s} {identity} = {figure}  "
                      f"({change.origin}{beside})")
        else:
            apply_import(plan)
    verb = "would be" if args.dry_run else "were"
    beside = (f" ({plan.count('confirm')} confirming and {plan.count('revise')} revising another document's figure)"
              if plan.count("confirm", "revise") else "")
    print(f"{plan.count('add', 'confirm', 'revise')} row(s) {verb} added{beside}, {plan.count('fill')} filled in, "
          f"{plan.count('same')} already "
          f"held the same figure; source {plan.source_id} {'would be' if args.dry_run else 'was'} "
          f"{SOURCE_ACTIONS[plan.source_action]}. "
          "Run `jobbook validate` to see what is still missing.")
    return 0


NO_WAIT_HELP = ("when another command is changing the project (an import, new-year, a build), "
                "stop at once instead of waiting")

SOURCE_ACTIONS = {"add": "added", "update": "updated", "same": "kept as it is"}


def preview(document) -> str:
    """The rows as read, one per line: code, name, year, basis, value and unit (and the price level where
    the table prints one). Text from the document is shown with its control characters escaped."""
    from jobbook.ingest.model import escape_controls

    unit = "kr." if document.kind == "account" else "persons"
    lines = [f"{escape_controls(document.file)}: {len(document.rows)} figure(s) in "
             f"'{escape_controls(document.table.unit.printed)}' ({document.table.unit.code}), "
             f"{len(document.totals)} total(s), {len(document.subtotals)} subtotal figure(s) (checked, not rows); "
             f"{document.table.layout or 'read'}:"]
    for row in document.rows:
        name = escape_controls(row.name_printed)[:48]
        level = f"  ({escape_controls(row.price_level)})" if row.price_level else ""
        lines.append(f"  line {row.line:<4} {row.konto_code or '-':8s} {name:48s} "
                     f"{row.year} {row.basis_code:16s} {row.value:>16,.0f} {unit}{level}")
    return "\n".join(lines)


def command_init(args: argparse.Namespace, settings: Settings | None) -> int:
    from jobbook.build.workspace import copy_templates, project_root
    from jobbook.ingest.new_book import InitRefused, describe, init_book

    root = project_root()  # the templates the new book is built from: its own copy, beside its settings
    templates = (lambda folder: copy_templates(root, folder)) if root else None
    try:
        book = init_book(Path(args.folder), args.municipality, args.geography_code, args.population, templates)
    except InitRefused as exc:
        raise UsageError(f"{exc}; nothing was written") from None
    print(describe(book))
    return 0


def command_serve(args: argparse.Namespace, settings: Settings) -> int:
    from jobbook.site.serve import preview_server

    if not 0 <= args.port <= MAX_PORT:
        raise UsageError(f"--port {args.port} is not a port: expected 1-{MAX_PORT} (or 0 for any free one)")
    site = site_index(settings).parent
    try:
        server = preview_server(site, args.port)
    except OSError as exc:
        raise UsageError(f"cannot serve on port {args.port}: {exc.strerror}; try another --port") from None
    with server:
        print(f"Serving the book on http://127.0.0.1:{server.server_address[1]}/ (Ctrl+C stops)", flush=True)
        server.serve_forever()
    return 0


MAX_PORT = 65535


def build_parser() -> argparse.ArgumentParser:
    from jobbook.build.book import DEVICES

    parser = argparse.ArgumentParser(prog="jobbook", description=__doc__.splitlines()[0])
    parser.add_argument("--settings", type=Path, help="settings file (default: the nearest jobbook.toml)")
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser("validate", help="check every table of the data directory")
    validate.add_argument("--data", help="data directory (default: from the settings)")
    validate.add_argument("--all", action="store_true", help="list every finding (default: a screenful of each kind)")
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
    build.add_argument("--no-wait", action="store_true",
                       help="when another build of the project is running, stop at once instead of waiting")
    build.add_argument("--without", action="append", choices=sorted(DEVICES), metavar="DEVICE",
                       help="turn a speed device off, to measure what it saves (repeatable): "
                            + "; ".join(f"{name}: {what}" for name, what in DEVICES.items()))
    build.set_defaults(handler=command_build)

    pdf = commands.add_parser("pdf", help="print the built book as one PDF with headless Chromium")
    pdf.add_argument("--no-wait", action="store_true",
                     help="when a build of the project is running, stop at once instead of waiting")
    pdf.set_defaults(handler=command_pdf)

    new_year = commands.add_parser("new-year", help="add the rows of a new budget year to fill in")
    new_year.add_argument("year", type=int)
    new_year.add_argument("--source-id", help="id of the new source (default: budget-YEAR)")
    new_year.add_argument("--data", help="data directory (default: from the settings)")
    new_year.add_argument("--no-wait", action="store_true", help=NO_WAIT_HELP)
    new_year.set_defaults(handler=command_new_year)

    importer = commands.add_parser("import-budget",
                                   help="merge an account or recipient table of a budget document (text or PDF)")
    importer.add_argument("file", help="the table as text copied out of the document, or the document as a PDF")
    importer.add_argument("--year", type=int, help="import only the columns for this year (default: every year)")
    importer.add_argument("--unit", help="the table's unit when it does not state one: kr., 1.000 kr., mio. kr., "
                                         "personer or helårspersoner")
    importer.add_argument("--page", type=int, help="the PDF page that holds the table (when several do)")
    importer.add_argument("--heading", help="the table under the first line holding this text (when the text "
                                            "holds several tables)")
    importer.add_argument("--source", help="source_id of the document (default: budget-YEAR, the latest year); "
                                           "added to sources.csv when it is not there")
    importer.add_argument("--title", help="the document's title, for its row in sources.csv")
    importer.add_argument("--location", help="where in the document the table stands (for source_location)")
    importer.add_argument("--published", help="when the document was published (YYYY, YYYY-MM or YYYY-MM-DD); "
                                              "where documents print different figures, the most recent one's "
                                              "is shown (without a date: the document's budget year decides)")
    importer.add_argument("--data", help="data directory (default: from the settings)")
    importer.add_argument("--dry-run", action="store_true", help="show the rows as read and what would change; "
                                                                 "write nothing")
    importer.add_argument("--no-wait", action="store_true", help=NO_WAIT_HELP)
    importer.add_argument("--json", action="store_true", help="with --dry-run: the rows as read, as JSON")
    importer.set_defaults(handler=command_import_budget)

    init = commands.add_parser("init", help="start another municipality's book: a settings file and a data "
                                            "directory with the reference tables filled")
    init.add_argument("folder", help="the new book's folder (new or empty)")
    init.add_argument("--municipality", required=True, help="the municipality's name as written in running text, "
                                                            "such as \"Sorø Kommune\"")
    init.add_argument("--geography-code", required=True, help="its Statistics Denmark code, such as 326")
    init.add_argument("--population", type=int, help="its inhabitants (an upper bound for counts of persons)")
    init.set_defaults(handler=command_init)

    weight = commands.add_parser("weight", help="report the bytes of every page and of the shared assets")
    weight.set_defaults(handler=command_weight)

    serve = commands.add_parser("serve", help="preview the built site on http://127.0.0.1:PORT/")
    serve.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default: 8000; 0: any free one)")
    serve.set_defaults(handler=command_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """The command line; returns the exit code (0 done, 1 failed, 2 wrong use, 130 interrupted)."""
    args = build_parser().parse_args(argv)
    from jobbook.build.children import stop_on_signals

    stop_on_signals()  # SIGTERM cleans up like Ctrl+C: workers and kernels stopped, no traceback
    try:
        settings = None if args.command == "init" else load_settings(args.settings)  # init makes the settings
    except SettingsError as exc:  # every problem of the file, one line each
        for problem in exc.problems:
            print(f"jobbook: cannot read the settings: {exc.path}: {problem}", file=sys.stderr)
        return 2
    except OSError as exc:  # no settings file found
        print(f"jobbook: cannot read the settings: {os_error_line(exc)}", file=sys.stderr)
        return 2
    try:
        return args.handler(args, settings)
    except BuildError as exc:
        print(f"jobbook {args.command}: {exc}", file=sys.stderr)
        return 1
    except UsageError as exc:
        print(f"jobbook {args.command}: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # a full disk, no permission, a read-only folder: the path and the cause
        print(f"jobbook {args.command}: {os_error_line(exc)}; nothing was published or changed", file=sys.stderr)
        return 1
    except KeyboardInterrupt as exc:  # Ctrl+C, or SIGTERM (jobbook.build.children.Stopped)
        print(f"jobbook {args.command}: stopped ({exc or 'SIGINT'}); the previous site is unchanged", file=sys.stderr)
        return getattr(exc, "exit_code", 130)


def run() -> None:
    """The console script."""
    code = main()
    # The objects of Sphinx, pandas and the data go with the process. Without this, Python's last
    # garbage collection walks every one of them before it exits: 0.35 s after each build, 0.03 s with.
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":
    run()
