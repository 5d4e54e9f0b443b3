"""What every command prints the same way: findings, failed file operations, durations, and
where the data and the site are."""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from jobbook.data.findings import Finding
from jobbook.errors import UsageError
from jobbook.settings import Settings

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
