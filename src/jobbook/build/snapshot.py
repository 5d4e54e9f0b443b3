"""One version of the data for the whole of one build.

A build reads the data many times: it checks them, every notebook (in other processes) reads
them, the generated pages and the report list them. If ``data/`` is edited while a build runs
(an import, an editor), those reads would see different versions, and the published site would
mix them: new figures on a year page, their source missing from the sources page. So the build
first copies the tables into ``_build/.data`` (after finishing or rolling back an interrupted
write of the data folder) and everything it makes reads that copy. What the copy holds is
what the published site's record says it was built from.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

from jobbook.data.findings import DataError, Finding
from jobbook.files import read_input, recover, write_atomically
from jobbook.settings import Settings


def snapshot_data(data_dir: Path, snapshot: Path, settings: Settings) -> Path:
    """Copy the tables (``*.csv``) of ``data_dir`` into ``snapshot`` and return it.

    Each file is read as the validation reads it (a regular file inside the folder, of bounded
    size). A folder that cannot be copied so is not copied at all: the validation of the folder
    itself then names the problem (a DataError), as it does without a snapshot. (The validation,
    and pandas with it, is imported only then: a build that finds nothing changed needs neither.)
    """
    try:
        if not data_dir.is_dir():
            raise FileNotFoundError(data_dir)
        recover(data_dir)  # a write of several files that was interrupted: finished or dropped first
        contents = {path.name: read_input(path, inside=data_dir) for path in sorted(data_dir.glob("*.csv"))}
    except (OSError, ValueError):
        from jobbook.data.dataset import display_path, validate_data_dir

        report = validate_data_dir(data_dir, settings)
        raise DataError(report.errors or [Finding(file=display_path(data_dir),
                                                  expected="a data folder whose tables can be read")]) from None
    snapshot.mkdir(parents=True, exist_ok=True)
    for entry in snapshot.iterdir():
        if entry.name not in contents:
            shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    for name, data in contents.items():
        target = snapshot / name
        if not target.is_file() or target.is_symlink() or target.read_bytes() != data:
            write_atomically(target, data)
    return snapshot


def as_read_from(findings: list[Finding], snapshot: Path, data_dir: Path) -> list[Finding]:
    """Findings about files of the snapshot, naming the files of the data folder they were copied from
    (the analyst edits those)."""
    from jobbook.data.dataset import display_path

    names = [(str(snapshot.resolve()), str(data_dir)), (display_path(snapshot), display_path(data_dir))]

    def original(text: str | None) -> str | None:
        if text is None:
            return None
        for copy, source in names:
            text = text.replace(copy, source)
        return text

    return [dataclasses.replace(f, file=original(f.file), expected=original(f.expected)) for f in findings]
