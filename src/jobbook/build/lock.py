"""One build of a project at a time: a lock on a file in ``_build``.

The lock is the operating system's (``flock``), held by the open file: it is released when the
build ends, however it ends, also when it is killed. A second build says which process holds it
and waits, or with ``--no-wait`` stops at once.
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
def project_lock(build_dir: Path, wait: bool = True, say: Callable[[str], None] = print) -> Iterator[None]:
    """Hold the project's build lock for the duration of the ``with`` block."""
    build_dir.mkdir(parents=True, exist_ok=True)
    path = build_dir / LOCK_NAME
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(path)
            if not wait:
                raise BuildError(f"another build is running (pid {holder}); not waiting (--no-wait)") from None
            say(f"another build is running (pid {holder}), waiting")
            fcntl.flock(handle, fcntl.LOCK_EX)
        os.ftruncate(handle, 0)
        os.write(handle, str(os.getpid()).encode())
        yield
    finally:
        os.close(handle)  # releases the lock


def _holder(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip() or "unknown"
    except OSError:
        return "unknown"
