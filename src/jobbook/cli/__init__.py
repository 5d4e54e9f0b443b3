"""The command line: ``jobbook validate | dictionary | build | pdf | weight | serve | new-year | import-budget | init``.

The parser and the error handling live here; the commands in ``data_commands`` (checking and
changing the data) and ``site_commands`` (making and showing the site), what they print alike in
``output``.

It speaks English, like the README and the data's column names; the book itself is Danish.
Every expected failure (bad data, a failing notebook, a missing browser) is one message and a
non-zero exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence
from pathlib import Path

from jobbook.cli.data_commands import (
    command_dictionary,
    command_import_budget,
    command_init,
    command_new_year,
    command_validate,
)
from jobbook.cli.output import os_error_line
from jobbook.cli.site_commands import command_build, command_pdf, command_serve, command_weight
from jobbook.errors import BuildError, UsageError
from jobbook.settings import SettingsError, load_settings

NO_WAIT_HELP = ("when another command is changing the project (an import, new-year, a build), "
                "stop at once instead of waiting")

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
