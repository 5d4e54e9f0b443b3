"""``jobbook weight``: the bytes of every page of the built site and of the shared assets.

A page's own weight is its HTML (charts, their data, tables and CSV downloads are inlined
there). Shared assets are downloaded once and cached: the theme, the search index and the
chart library under ``_static``. The limit applies to a page's own weight.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PAGE_LIMIT_BYTES = 300 * 1024
SHARED_PREFIXES = ("_static/", "searchindex.js", "objects.inv")


@dataclass(frozen=True)
class WeightReport:
    pages: list[tuple[str, int]]  # (path relative to the site, bytes), heaviest first
    shared: list[tuple[str, int]]
    other: list[tuple[str, int]]  # downloads such as the PDF

    @property
    def too_heavy(self) -> list[tuple[str, int]]:
        return [(p, b) for p, b in self.pages if b > PAGE_LIMIT_BYTES]


def measure(site: Path) -> WeightReport:
    pages, shared, other = [], [], []
    # The .gz copies beside the files are the same files, compressed for the browsers that take them.
    for path in sorted(p for p in site.rglob("*") if p.is_file() and p.suffix != ".gz"):
        rel = path.relative_to(site).as_posix()
        size = path.stat().st_size
        if rel.startswith(SHARED_PREFIXES):
            shared.append((rel, size))
        elif rel.endswith(".html"):
            pages.append((rel, size))
        else:
            other.append((rel, size))
    by_size = lambda item: (-item[1], item[0])  # noqa: E731 - a sort key
    return WeightReport(sorted(pages, key=by_size), sorted(shared, key=by_size), sorted(other, key=by_size))


def _kb(size: int) -> str:
    return f"{size / 1024:8.1f} KB"


def render(report: WeightReport, shared_rows: int = 10) -> str:
    lines = [f"Pages (limit {PAGE_LIMIT_BYTES // 1024} KB each, shared assets excluded):"]
    lines += [f"  {_kb(size)}  {path}{'   <-- over the limit' if size > PAGE_LIMIT_BYTES else ''}"
              for path, size in report.pages]
    lines.append(f"  {_kb(sum(s for _, s in report.pages))}  all {len(report.pages)} pages")
    lines.append("Shared assets (loaded once and cached):")
    lines += [f"  {_kb(size)}  {path}" for path, size in report.shared[:shared_rows]]
    rest = report.shared[shared_rows:]
    if rest:
        lines.append(f"  {_kb(sum(s for _, s in rest))}  {len(rest)} smaller files")
    lines.append(f"  {_kb(sum(s for _, s in report.shared))}  all shared assets")
    if report.other:
        lines.append("Downloads:")
        lines += [f"  {_kb(size)}  {path}" for path, size in report.other]
    return "\n".join(lines)
