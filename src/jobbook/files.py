"""Reading and writing files safely.

- Reading input: a file must be a regular file (not a device, a pipe or a folder), inside the
  folder it belongs to when it is a link, and of a bounded size; it is read with that bound,
  so a link to ``/dev/zero`` cannot fill the memory.
- Writing one file: whole or not at all (a temporary file beside it, then a rename).
- Writing several files that belong together (``jobbook new-year``, ``jobbook import-budget``):
  all or none of them, even when the process is killed half-way (see :class:`StagedWrite`).
  A data folder is data: recovering an interrupted write accepts only what the tool staged,
  so a planted record cannot make a command write outside the folder (:func:`recover`).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import stat
from collections.abc import Iterator, Mapping
from pathlib import Path

from jobbook.errors import BuildError

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


class StagingRefused(BuildError):
    """A staging folder holding something :class:`StagedWrite` did not put there: nothing in it is used,
    moved or removed (it is the evidence); the message names the folder and what is wrong."""


#: A name :class:`StagedWrite` stages: a plain table file name of the data folder. No folder part, no
#: ``..``, no leading dot; the tables' own names are lower-case words joined by ``_`` (see data/tables.py).
TABLE_FILE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]{0,99}\.csv")
#: The manifest's temporary file, left when the process died while writing it (see write_atomically).
MANIFEST_TEMPORARY = re.compile(r"\.manifest\.json\.\d+\.tmp")
#: The largest manifest read: a list of a few dozen table names is a few hundred bytes.
MAX_MANIFEST_BYTES = 64 * 1024


class StagedWrite:
    """New contents for several files of one folder, put in place all together or not at all.

    Every file is first written to a staging folder beside them; only when all are written (and
    flushed to the disk) is a manifest written there, which is the moment of commitment. Then each
    file is renamed into place and the staging folder removed. If the process dies before the
    manifest exists, nothing has changed (the next :func:`recover` removes the staging folder); if
    it dies after, the next :func:`recover` finishes the renames. A reader calls :func:`recover`
    before it reads.

    Each table file is always whole (a rename replaces it in one step). Between a crash during the
    renames and the next command, some tables hold the new version and the rest of the write waits,
    committed, in the staging folder: any ``jobbook`` command finishes it before it reads (run
    ``jobbook validate`` before committing the folder to version control after a crash).

    The commit and every recovery hold an ``flock`` on the folder itself, so a reader's recovery
    never meddles with a write in progress. That lock covers only the files' exchange: the whole
    read-check-write cycle of a command is kept to one writer by the project's lock
    (:mod:`jobbook.build.lock`), which the commands take before they read.
    """

    STAGING = ".jobbook-staging"
    MANIFEST = "manifest.json"

    def __init__(self, folder: Path):
        self.folder = folder
        self.staging = folder / self.STAGING

    def commit(self, contents: Mapping[str, str]) -> None:
        """Replace the files named in ``contents`` (plain table file names in the folder) with their new text."""
        if not contents:
            return
        with _folder_lock(self.folder):
            _recover_locked(self.folder)
            for name in contents:  # the same rules recovery applies: what is staged can be finished
                why = _name_problem(name) or _target_problem(self.folder, name)
                if why:
                    raise StagingRefused(f"{self.folder / name}: not written: {why}; nothing was changed")
            try:
                self.staging.mkdir()
                for name, text in contents.items():
                    _write_durably(self.staging / name, text.encode("utf-8"))
                _sync_folder(self.staging)
                write_atomically(self.staging / self.MANIFEST, json.dumps(sorted(contents)))
                _sync_folder(self.staging)  # the manifest's name is on the disk: committed
            except BaseException:
                shutil.rmtree(self.staging, ignore_errors=True)  # not committed: nothing has changed
                raise
            _finish(self.folder, sorted(contents))


@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """An exclusive ``flock`` on the folder itself (released when the descriptor closes, or the process dies)."""
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


def _write_durably(path: Path, data: bytes) -> None:
    with path.open("xb") as handle:  # "x": a fresh file, never through a link planted under the name
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _sync_folder(folder: Path) -> None:
    """Flush a folder's entries (the renames and new names in it) to the disk."""
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _name_problem(name: object) -> str | None:
    if not isinstance(name, str) or not TABLE_FILE_NAME.fullmatch(name):
        return f"{name!r} is not a plain table file name (letters, digits, '_' or '-', ending in .csv, no folder)"
    return None


def _target_problem(folder: Path, name: str) -> str | None:
    """Why the file ``name`` of ``folder`` must not be replaced: it is a link, a folder, a device."""
    try:
        info = os.lstat(folder / name)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(info.st_mode):
        return f"{name} in the data folder is a link; the tool replaces only regular files"
    if not stat.S_ISREG(info.st_mode):
        return f"{name} in the data folder is not a regular file"
    return None


def _staged_files(folder: Path) -> tuple[dict[str, os.stat_result], str | None]:
    """The entries of the staging folder once each is shown to be a regular file with one link, and
    the reason to refuse the folder, if any."""
    staging = folder / StagedWrite.STAGING
    info = os.lstat(staging)
    if stat.S_ISLNK(info.st_mode):
        return {}, "the staging folder is a link"
    if not stat.S_ISDIR(info.st_mode):
        return {}, "it is not a folder"
    entries = {}
    with os.scandir(staging) as listing:
        for entry in listing:
            entry_info = entry.stat(follow_symlinks=False)
            if stat.S_ISLNK(entry_info.st_mode):
                return {}, f"{entry.name!r} in it is a link"
            if not stat.S_ISREG(entry_info.st_mode):
                return {}, f"{entry.name!r} in it is not a regular file"
            if entry_info.st_nlink != 1:
                return {}, f"{entry.name!r} in it has other names (a hard link)"
            entries[entry.name] = entry_info
    return entries, None


def _check_staging(folder: Path) -> list[str] | None:
    """The names a committed staging folder puts in place, or None when it was never committed.
    Raises StagingRefused when the folder holds anything the tool would not have staged."""
    staging = folder / StagedWrite.STAGING
    entries, why = _staged_files(folder)
    names = None
    if not why and StagedWrite.MANIFEST in entries:
        try:
            if entries[StagedWrite.MANIFEST].st_size > MAX_MANIFEST_BYTES:
                raise ValueError("too large")
            names = json.loads(read_input(staging / StagedWrite.MANIFEST, limit=MAX_MANIFEST_BYTES))
        except (ValueError, FileProblem, OSError):
            names = None
            why = "its manifest is not a list of table file names"
        else:
            if not isinstance(names, list) or len(set(map(str, names))) != len(names):
                why = "its manifest is not a list of distinct table file names"
            else:
                why = next((f"its manifest: {_name_problem(n)}" for n in names if _name_problem(n)), None)
            if not why:
                extra = sorted(set(entries) - set(names) - {StagedWrite.MANIFEST})
                why = f"{extra[0]!r} in it is not in its manifest" if extra else None
            if not why:
                why = next((_target_problem(folder, n) for n in names if _target_problem(folder, n)), None)
    elif not why:  # not committed: the staged tables, and perhaps the manifest's temporary file
        strange = sorted(n for n in entries if _name_problem(n) and not MANIFEST_TEMPORARY.fullmatch(n))
        why = f"{strange[0]!r} in it is not a table file the tool stages" if strange else None
    if why:
        raise StagingRefused(
            f"{staging}: refused: this unfinished write was not staged by jobbook ({why}); nothing in it was "
            "used or removed. Look at what is in it, then delete the folder to go on")
    return names


def _finish(folder: Path, names: list[str]) -> None:
    staging = folder / StagedWrite.STAGING
    for name in names:
        staged = staging / name
        if os.path.lexists(staged):  # not renamed yet by an earlier, interrupted finish
            os.replace(staged, folder / name)
    _sync_folder(folder)
    os.unlink(staging / StagedWrite.MANIFEST)  # last: until it is gone, the write is finished again
    os.rmdir(staging)


def _drop(folder: Path) -> None:
    staging = folder / StagedWrite.STAGING
    for entry in os.listdir(staging):
        os.unlink(staging / entry)
    os.rmdir(staging)


def _recover_locked(folder: Path) -> None:
    if not os.path.lexists(folder / StagedWrite.STAGING):
        return
    names = _check_staging(folder)
    if names is None:
        _drop(folder)
    else:
        _finish(folder, names)


def recover(folder: Path) -> None:
    """Finish a committed write that was interrupted, or drop one that was not committed.

    Only what :class:`StagedWrite` stages is accepted: a manifest listing plain table file names,
    each staged file a regular file, no link in or as the staging folder nor at a target. Anything
    else raises :class:`StagingRefused`, and nothing is written or deleted. A write in progress
    in another process is waited for, never touched.
    """
    if not os.path.lexists(folder / StagedWrite.STAGING):
        return  # the common case: no lock taken, nothing opened
    with _folder_lock(folder):
        _recover_locked(folder)


@contextlib.contextmanager
def whole_tables(folder: Path) -> Iterator[None]:
    """Hold while reading the tables of ``folder``: a write that was interrupted is finished or dropped
    first (as :func:`recover`), then a shared lock on the folder makes a :class:`StagedWrite` of another
    process wait until the reading is done, so a reader sees every table before a write or every one
    after it, never some of each. Readers do not wait for one another."""
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        while True:
            if os.path.lexists(folder / StagedWrite.STAGING):
                fcntl.flock(handle, fcntl.LOCK_EX)
                _recover_locked(folder)
            fcntl.flock(handle, fcntl.LOCK_SH)
            # A writer holds the exclusive lock from its staging folder's first byte to its removal; one
            # seen now belongs to a writer that died between the two looks: finish or drop it too.
            if not os.path.lexists(folder / StagedWrite.STAGING):
                break
        yield
    finally:
        os.close(handle)
