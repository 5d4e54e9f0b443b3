"""The commands that make and show the site: ``build``, ``pdf``, ``weight`` and ``serve``."""

from __future__ import annotations

import argparse
import sys

from jobbook.cli.output import data_dir_of, print_findings, seconds, site_index
from jobbook.data.findings import DataError
from jobbook.errors import BuildError, UsageError
from jobbook.settings import Settings

#: The highest TCP port (``serve --port``).
MAX_PORT = 65535


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
    from jobbook.outputs.pdf import missing_pdf_note

    index = settings.root / "_build" / "html" / "index.html"
    if result.unchanged:
        print(f"Nothing changed since the last build ({seconds(result.seconds)}): only the build report was "
              f"renewed. {index}")
    else:
        phases = ", ".join(f"{name} {seconds(value)}" for name, value in result.phases.items())
        print(f"Built in {seconds(result.seconds)} ({phases}): {result.executed} notebook(s) executed, "
              f"{len(result.results) - result.executed} from the cache; pages: {result.sphinx_mode}. {index}")
    note = missing_pdf_note(index.parent)
    if note:
        print(f"jobbook build: {note}", file=sys.stderr)
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
