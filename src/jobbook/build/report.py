"""The build report: for each notebook its parameters, run time and cache use, the data files'
hashes, the package version and commit. Published as a page of the book; kept as JSON in `_build`.

The report describes one run of ``jobbook build``, so it is filled into the built page after
Sphinx (into the placeholder of ``book/byggerapport.md``); the rest of the site stays
independent of run times and can be compared byte for byte between builds.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from jobbook import __version__
from jobbook.build.run import JobResult
from jobbook.errors import BuildError
from jobbook.files import write_atomically
from jobbook.present import fmt
from jobbook.present.labels import SPHINX_MODE_DA
from jobbook.present.safe import text

REPORT_PAGE = Path("book") / "byggerapport.html"
START, END = "<!--jobbook-report-->", "<!--/jobbook-report-->"
# The placeholder as Sphinx writes it, or a report filled in by an earlier run.
PLACEHOLDER = re.compile(r'(<div id="jobbook-build-report">)(?:<!--jobbook-report-->.*?<!--/jobbook-report-->|[^<]*)'
                         r'(</div>)', re.DOTALL)


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


def git_commit(root: Path) -> str:
    """The commit the book was built from, marked when the checkout has uncommitted changes."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=root, capture_output=True,
                                text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "ukendt"
    if not commit:
        return "ukendt"
    return commit + (" (med ændringer, der ikke er committet)" if dirty else "")


def make_report(layout, settings, data_dir: Path, result: BuildResult, failures: list[JobResult] = ()) -> dict:
    """What one build did, as plain data."""
    return {
        "package_version": __version__,
        "commit": git_commit(layout.root),
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


def render_html(data: dict) -> str:
    """The report as HTML for the placeholder of the report page."""
    esc = text
    executed = sum(1 for n in data["notebooks"] if n["cache"] == "miss")
    summary = (f"<p>Bygget med jobbook {esc(data['package_version'])} fra commit <code>{esc(data['commit'])}</code> "
               f"for {esc(data['municipality'])}, udgave {data['edition_year']}. "
               f"{len(data['notebooks'])} notesbøger: {executed} kørt, {len(data['notebooks']) - executed} "
               f"hentet fra cachen. Sider: {esc(SPHINX_MODE_DA.get(data['sphinx'], data['sphinx']))}. "
               f"Samlet tid: {esc(fmt.number(data['seconds'], 1))} sekunder.</p>")
    rows = "".join(
        f"<tr><td>{esc(n['label'])}</td><td><code>{esc(json.dumps(n['parameters'], ensure_ascii=False))}</code></td>"
        f'<td class="num">{esc(fmt.number(n["seconds"], 1))}</td>'
        f"<td>{'fra cachen' if n['cache'] == 'hit' else 'kørt'}</td></tr>" for n in data["notebooks"])
    notebooks = ('<table class="jobbook-table"><thead><tr><th scope="col">Notesbog</th>'
                 '<th scope="col">Parametre</th><th scope="col">Køretid (s)</th><th scope="col">Cache</th></tr>'
                 f"</thead><tbody>{rows}</tbody></table>")
    files = "".join(f"<tr><td>{esc(f['file'])}</td><td><code>{esc(f['sha256'])}</code></td></tr>"
                    for f in data["data_files"])
    data_table = ('<table class="jobbook-table"><thead><tr><th scope="col">Datafil</th>'
                  f'<th scope="col">SHA-256</th></tr></thead><tbody>{files}</tbody></table>')
    failures = ("<p>Ingen notesbøger fejlede.</p>" if not data["failures"] else
                "<ul>" + "".join(f"<li>{esc(f['label'])}: {esc(f['error'])}</li>" for f in data["failures"])
                + "</ul>")
    return (f"{summary}<h2>Notesbøger</h2>{notebooks}<p>Køretiden er fra den kørsel, der lavede notesbogen; "
            f"en notesbog fra cachen er ikke kørt igen.</p><h2>Data</h2>{data_table}<h2>Fejl</h2>{failures}")


def fill_report_page(site: Path, data: dict) -> None:
    """Fill the report into the built report page (atomically: the page is replaced whole)."""
    page = site / REPORT_PAGE
    text = page.read_text(encoding="utf-8")
    filled, count = PLACEHOLDER.subn(lambda m: m.group(1) + START + render_html(data) + END + m.group(2), text)
    if count != 1:
        raise BuildError(f"{page}: the build report placeholder was not found exactly once "
                         "(book/byggerapport.md must keep its <div id=\"jobbook-build-report\">)")
    write_atomically(page, filled)
