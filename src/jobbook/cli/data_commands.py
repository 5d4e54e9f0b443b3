"""The commands that check and change the data: ``validate``, ``dictionary``, ``new-year``,
``import-budget`` and ``init``. Those that write hold the project's lock (``writing_data``)."""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

from jobbook.cli.output import data_dir_of, print_findings, writing_data
from jobbook.data.findings import DataError
from jobbook.errors import BuildError, UsageError
from jobbook.settings import Settings


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
