"""Content hashes: what a result depends on, so it is recomputed exactly when that changes."""

from __future__ import annotations

import hashlib
import platform
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # src/jobbook


def digest_parts(parts: Iterable[bytes | str]) -> str:
    """One sha256 over several parts (each length-prefixed, so parts cannot run together)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def files_digest(paths: Iterable[Path], root: Path) -> str:
    """Names (relative to ``root``) and contents of files."""
    parts: list[bytes | str] = []
    for path in sorted(paths):
        parts += [path.relative_to(root).as_posix(), path.read_bytes()]
    return digest_parts(parts)


@lru_cache(maxsize=1)
def package_code_digest() -> str:
    """The package's own code: a change to any module may change any result."""
    return files_digest(PACKAGE_DIR.rglob("*.py"), PACKAGE_DIR)


def environment_digest(root: Path) -> str:
    """The locked environment and the Python version."""
    lock = root / "requirements.lock"
    return digest_parts([platform.python_version(), lock.read_bytes() if lock.is_file() else b""])


def data_dir_digest(data_dir: Path) -> str:
    return files_digest(data_dir.glob("*.csv"), data_dir)


def sources_digest(sources_dir: Path | None) -> str:
    """The source documents: validation checks their checksums, so a changed document must not be
    answered from a cache (they are small; hashing them costs milliseconds)."""
    if sources_dir is None or not sources_dir.is_dir():
        return "no sources"
    return files_digest([p for p in sources_dir.iterdir() if p.is_file()], sources_dir)
