"""Reading and writing files safely.

- Reading input: a file must be a regular file (not a device, a pipe or a folder), inside the
  folder it belongs to when it is a link, and of a bounded size; it is read with that bound,
  so a link to ``/dev/zero`` cannot fill the memory.
- Writing one file: whole or not at all (a temporary file beside it, then a rename).
- Writing several files that belong together (``jobbook new-year``, ``jobbook import-budget``):
  all or none of them, even when the process is killed half-way (see :class:`StagedWrite`).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import stat
from collections.abc import Mapping
from pathlib import Path

#: The largest input file the book reads (a data table, a source document, an imported table).
MAX_FILE_BYTES = 20 * 1024 * 1024


class FileProblem(ValueError):
    """A file that cannot be read as input; the message says why."""


def read_input(path: Path, inside: Path | None = None, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of ``path``, once it is shown to be a regular file (within ``inside``, if given) of at
    most ``limit`` bytes. Raises FileNotFoundError when it does not exist, FileProblem otherwise."""
    if inside is not None and not path.resolve().is_relative_to(inside.resolve()):
        how = "a link to" if path.is_symlink() else "the path"
        raise FileProblem(f"a file inside {inside}; this is {how} {path.resolve()}, outside the folder")
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise FileProblem(f"a readable file ({exc.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a device or pipe"
        raise FileProblem(f"a regular file; this is {kind}")
    too_big = FileProblem(f"a file of at most {limit // (1024 * 1024)} MB; this one is larger")
    if info.st_size > limit:
        raise too_big
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:  # it grew since it was looked at
        raise too_big
    return data


def _temporary(path: Path) -> Path:
    """A temporary name beside ``path``, by process, so builds and workers writing at once do not collide."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def write_atomically(path: Path, data: str | bytes) -> None:
    """Write ``data`` (text as UTF-8) to a temporary file beside ``path``, then rename it over ``path``.

    If writing fails (a full disk, no permission), the temporary file is removed and ``path``
    keeps its old content.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temporary(path)
    try:
        tmp.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        tmp.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` unless the file already holds it (keeps the mtime Sphinx looks at)."""
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    write_atomically(path, text)
    return True


class StagedWrite:
    """New contents for several files of one folder, put in place all together or not at all.

    Every file is first written to a staging folder beside them; only when all are written is a
    manifest written there, which is the moment of commitment. Then each file is renamed into
    place and the staging folder removed. If the process dies before the manifest exists, nothing
    has changed (the next :func:`recover` removes the staging folder); if it dies after, the next
    :func:`recover` finishes the renames. A reader calls :func:`recover` before it reads.
    """

    STAGING = ".jobbook-staging"
    MANIFEST = "manifest.json"

    def __init__(self, folder: Path):
        self.folder = folder
        self.staging = folder / self.STAGING

    def commit(self, contents: Mapping[str, str]) -> None:
        """Replace the files named in ``contents`` (names within the folder) with their new text."""
        if not contents:
            return
        recover(self.folder)
        if self.staging.exists():
            shutil.rmtree(self.staging)
        try:
            self.staging.mkdir()
            for name, text in contents.items():
                (self.staging / name).write_bytes(text.encode("utf-8"))
            write_atomically(self.staging / self.MANIFEST, json.dumps(sorted(contents)))
        except BaseException:
            shutil.rmtree(self.staging, ignore_errors=True)  # not committed: nothing has changed
            raise
        _finish(self.folder)


def _finish(folder: Path) -> None:
    staging = folder / StagedWrite.STAGING
    names = json.loads((staging / StagedWrite.MANIFEST).read_text(encoding="utf-8"))
    for name in names:
        staged = staging / name
        if staged.exists():  # renamed already by an earlier, interrupted finish
            staged.replace(folder / name)
    shutil.rmtree(staging)


def recover(folder: Path) -> None:
    """Finish a committed write that was interrupted, or drop one that was not committed."""
    staging = folder / StagedWrite.STAGING
    if not staging.is_dir():
        return
    if (staging / StagedWrite.MANIFEST).is_file():
        _finish(folder)
    else:
        shutil.rmtree(staging)
