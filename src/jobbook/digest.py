"""Content hashes: every cache key of the build is made here, by :func:`digest`.

A result is recomputed exactly when one of the parts its key is made of changes, so each key
lists what the result depends on: the files (by name and content), the modules of the package
a notebook actually imports, the locked environment.
"""

from __future__ import annotations

import ast
import hashlib
import platform
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent  # src/jobbook
PACKAGE = PACKAGE_DIR.name


def digest(*parts: bytes | str | Path | Iterable) -> str:
    """One sha256 over ``parts``: text, bytes, a file (its content) or an iterable of these.

    Each part is length-prefixed, so ("ab", "c") and ("a", "bc") differ; a file is hashed by
    content only (its name is part of the key where the caller puts it there).
    """
    hasher = hashlib.sha256()

    def add(part) -> None:
        if isinstance(part, Path):
            part = part.read_bytes()
        if isinstance(part, str):
            part = part.encode("utf-8")
        if isinstance(part, bytes):
            hasher.update(len(part).to_bytes(8, "big"))
            hasher.update(part)
            return
        items = list(part)
        hasher.update(b"[" + len(items).to_bytes(8, "big"))
        for item in items:
            add(item)

    for part in parts:
        add(part)
    return hasher.hexdigest()


def files_digest(paths: Iterable[Path], root: Path) -> str:
    """Names (relative to ``root``) and contents of files, in name order."""
    return digest([(path.relative_to(root).as_posix(), path) for path in sorted(paths)])


def environment_digest(root: Path) -> str:
    """The locked environment and the Python version."""
    lock = root / "requirements.lock"
    return digest(platform.python_version(), lock.read_bytes() if lock.is_file() else b"")


def package_digest() -> str:
    """Every module of the package (for what any code may change: the site's extension, the report)."""
    return files_digest(PACKAGE_DIR.rglob("*.py"), PACKAGE_DIR)


def _module_file(name: str) -> Path | None:
    """The file of module ``jobbook.a.b`` (a module or a package's __init__), or None."""
    parts = name.split(".")[1:]
    base = PACKAGE_DIR.joinpath(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def imported_modules(source: str) -> set[str]:
    """The package's modules that ``source`` imports, anywhere in it (also inside functions)."""
    return {name for name in _imports(source) if name.split(".")[0] == PACKAGE and _module_file(name)}


@lru_cache(maxsize=256)
def _imports(source: str) -> frozenset[str]:
    """Every module name ``source`` imports (parsing is the slow part: each text is parsed once)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            # ``from jobbook.present import fmt`` imports the module jobbook.present.fmt
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return frozenset(found)


def _closure(roots: set[str]) -> tuple[Path, ...]:
    """The files of ``roots`` and of every package module they import, directly or not, with the
    ``__init__`` of each package on the way (importing a module runs them)."""
    seen: set[str] = set()
    pending = list(roots)
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        parents = [".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 1)]
        pending += [p for p in parents if p not in seen]
        path = _module_file(name)
        if path is not None:
            pending += sorted(imported_modules(path.read_text(encoding="utf-8")) - seen)
    return tuple(sorted(p for p in (_module_file(n) for n in seen) if p is not None))


def code_digest(source: str) -> str:
    """The modules of the package that code ``source`` imports, directly or through other modules.

    A notebook depends on this code only: editing a module it never imports (the PDF printer,
    say) does not make it run again.
    """
    return files_digest(_closure(imported_modules(source)), PACKAGE_DIR)


def code_files(source: str) -> list[str]:
    """The module files :func:`code_digest` covers, relative to the package (for tests and reports)."""
    return [p.relative_to(PACKAGE_DIR).as_posix() for p in _closure(imported_modules(source))]
