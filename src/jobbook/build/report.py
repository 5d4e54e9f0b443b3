"""The build report: for each notebook its parameters, run time and cache use, the data files'
hashes, the package version and commit. Published as a page of the book; kept as JSON in `_build`.

The report describes one run of ``jobbook build``, so it is filled into the built page after
Sphinx (into the placeholder of ``book/byggerapport.md``); the rest of the site stays
independent of run times and can be compared byte for byte between builds. What the report holds
is made here, as plain data; how the page shows it, in Danish, is jobbook.site.report_page.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from jobbook import __version__
from jobbook.build.run import JobResult
from jobbook.files import write_atomically


@dataclass
class BuildResult:
    years: list[int]
    edition_year: int
    results: list[JobResult] = field(default_factory=list)
    sphinx_mode: str = ""  # full, incremental or skip
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)  # seconds per step, for the report
    unchanged: bool = False  # nothing the book is made from changed: only the report was renewed

    @property
    def executed(self) -> int:
        return sum(1 for r in self.results if not r.cache_hit)


def git_commit(root: Path) -> tuple[str | None, bool]:
    """The commit the book was built from (None when unknown), and whether the checkout has
    uncommitted changes."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=root, capture_output=True,
                                text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None, False
    return (commit, bool(dirty)) if commit else (None, False)


def make_report(layout, settings, data_dir: Path, result: BuildResult, failures: list[JobResult] = ()) -> dict:
    """What one build did, as plain data (shown in Danish by jobbook.site.report_page)."""
    commit, uncommitted = git_commit(layout.root)
    return {
        "package_version": __version__,
        "commit": commit,
        "uncommitted_changes": uncommitted,
        "municipality": settings.municipality_name,
        "edition_year": result.edition_year,
        "years": result.years,
        "seconds": round(result.seconds, 1),
        "phases": {name: round(seconds, 1) for name, seconds in result.phases.items()},
        "sphinx": result.sphinx_mode,
        "notebooks": [{"label": r.job.label, "template": r.job.template.name,
                       "output": r.job.output.relative_to(layout.root).as_posix(), "parameters": r.job.parameters,
                       "seconds": round(r.seconds, 1), "cache": "hit" if r.cache_hit else "miss",
                       "ok": r.ok, "error": r.error} for r in result.results],
        "data_files": [{"file": p.name, "sha256": hashlib.sha256(p.read_bytes()).hexdigest()}
                       for p in sorted(data_dir.glob("*.csv"))],
        "failures": [{"label": r.job.label, "error": r.error,
                      "notebook": str(r.failed_notebook) if r.failed_notebook else None} for r in failures],
    }


def unchanged_report(previous: dict, seconds: float) -> dict:
    """The report of a build that found nothing changed: the previous one, every notebook from the cache."""
    return {**previous, "seconds": round(seconds, 1), "sphinx": "skip",
            "phases": {"data and plan": round(seconds, 1), "notebooks": 0.0, "pages": 0.0},
            "notebooks": [{**n, "cache": "hit"} for n in previous.get("notebooks", [])]}


def read_report(path: Path) -> dict | None:
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    needed = {"years", "edition_year", "notebooks"}
    return report if isinstance(report, dict) and needed <= set(report) else None


def write_report_json(path: Path, data: dict) -> None:
    write_atomically(path, json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n")
