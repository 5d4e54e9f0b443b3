"""The package's shape, as the README's layout section describes it: small modules in
subpackages by concern, a short top level, and imports that run one way (no cycles)."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO_ROOT

PACKAGE = REPO_ROOT / "src" / "jobbook"
MAX_LINES = 400
MAX_TOP_LEVEL_MODULES = 8


def modules() -> dict[str, Path]:
    """Every module of the package by its dotted name (a package by its ``__init__``)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def module_level_imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules that ``name`` imports when it is loaded (imports inside functions,
    which run later, and those only for type checkers are left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = set()
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        for child in ast.walk(node) if isinstance(node, ast.Try | ast.If) else [node]:
            if isinstance(child, ast.Import):
                imported |= {alias.name for alias in child.names}
            elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                imported.add(child.module)
                imported |= {f"{child.module}.{alias.name}" for alias in child.names}
    return {m for m in imported if m in known and m != name}


def test_no_module_is_longer_than_400_lines():
    long = {name: n for name, path in modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long


def test_the_top_level_keeps_at_most_eight_modules():
    top = [p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py"]
    assert 0 < len(top) <= MAX_TOP_LEVEL_MODULES, top
    subpackages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert {"data", "ingest", "analysis", "present", "site", "build", "outputs"} <= subpackages


def test_imports_have_no_cycles():
    found = modules()
    graph = {name: module_level_imports(name, path, set(found)) for name, path in found.items()}
    state: dict[str, str] = {}
    cycles = []

    def visit(name: str, trail: list[str]) -> None:
        state[name] = "open"
        for other in sorted(graph[name]):
            if state.get(other) == "open":
                cycles.append(trail[trail.index(other):] + [other])
            elif other not in state:
                visit(other, [*trail, other])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert not cycles
    assert graph["jobbook.present.figures"] >= {"jobbook.present.csv_files"}  # the reading works
