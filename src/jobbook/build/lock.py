"""One writer of a project at a time: a lock on a file in ``_build``.

The commands that change what the book is made from or what it publishes take it: ``build``,
``pdf``, ``import-budget`` and ``new-year``. It is one lock, so an import and a build exclude
each other too (a build never reads data half-way through an import). A writer holds it around
its whole read-check-write cycle, so two imports at once run one after the other and neither
is lost.

The lock is the operating system's (``flock``), held by the open file: it is released when the
command ends, however it ends, also when it is killed. The file records the holder's process id
and command; a second writer says which process holds it and waits, or with ``--no-wait`` stops
at once.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from jobbook.errors import BuildError

LOCK_NAME = "build.lock"


@contextmanager
def project_lock(build_dir: Path, wait: bool = True, say: Callable[[str], None] = print,
                 holder: str = "build") -> Iterator[None]:
    """Hold the project's lock (``build_dir/build.lock``) for the duration of the ``with`` block;
    ``holder`` is the command taking it, named to the writers that wait for it."""
    build_dir.mkdir(parents=True, exist_ok=True)
    path = build_dir / LOCK_NAME
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            running = _holder(path)
            if not wait:
                raise BuildError(f"{running}; not waiting (--no-wait)") from None
            say(f"{running}, waiting")
            fcntl.flock(handle, fcntl.LOCK_EX)
        os.ftruncate(handle, 0)
        os.write(handle, f"{os.getpid()} {holder}".encode())
        yield
    finally:
        os.close(handle)  # releases the lock


def _holder(path: Path) -> str:
    """Who holds the lock, as the lock file records it: "another build is running (pid 123)"."""
    try:
        pid, _, command = path.read_text(encoding="utf-8").strip().partition(" ")
    except OSError:
        pid, command = "", ""
    what = "build" if command in ("", "build") else f"`jobbook {command}`"
    return f"another {what} is running (pid {pid or 'unknown'})"


@contextmanager
def data_writer(build_dir: Path, data_dir: Path, holder: str, wait: bool = True,
                say: Callable[[str], None] = print) -> Iterator[None]:
    """For a command that changes ``data_dir`` (``import-budget``, ``new-year``): the project's lock
    around its whole read-check-write cycle, and first a write that was interrupted finished or
    dropped (:func:`jobbook.files.recover`, which refuses a staging folder the tool did not write).

    Without the lock, two imports started together each read the same files, and the later commit
    drops the earlier one's rows.
    """
    from jobbook.files import recover

    with project_lock(build_dir, wait=wait, say=say, holder=holder):
        if data_dir.is_dir():
            recover(data_dir)
        yield
