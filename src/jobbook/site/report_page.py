"""The build report's page: the report of one build (jobbook.build.report, plain data) in Danish,
filled into the placeholder Sphinx leaves in ``book/byggerapport.md``'s page after the pages are built."""

from __future__ import annotations

import json
import re
from pathlib import Path

from jobbook.errors import BuildError
from jobbook.files import write_atomically
from jobbook.present import fmt
from jobbook.present.labels import SPHINX_MODE_DA
from jobbook.present.safe import text

#: The page the report is shown on, in the site.
REPORT_PAGE = Path("book") / "byggerapport.html"
START, END = "<!--jobbook-report-->", "<!--/jobbook-report-->"
# The placeholder as Sphinx writes it, or a report filled in by an earlier run.
PLACEHOLDER = re.compile(r'(<div id="jobbook-build-report">)(?:<!--jobbook-report-->.*?<!--/jobbook-report-->|[^<]*)'
                         r'(</div>)', re.DOTALL)


def parameters_text(parameters: dict) -> str:
    """A notebook's parameters as the report page shows them: a list or table (the year pages' themes)
    as its length, so a row stays a line or two; the whole value is in _build/build-report.json."""
    shown = {name: (f"{len(value)} elementer" if isinstance(value, list | dict) else value)
             for name, value in parameters.items()}
    return json.dumps(shown, ensure_ascii=False)


def render_html(data: dict) -> str:
    """The report as HTML for the placeholder of the report page."""
    esc = text
    commit = data.get("commit") or "ukendt"
    if data.get("uncommitted_changes"):
        commit += " (med ændringer, der ikke er committet)"
    executed = sum(1 for n in data["notebooks"] if n["cache"] == "miss")
    summary = (f"<p>Bygget med jobbook {esc(data['package_version'])} fra commit <code>{esc(commit)}</code> "
               f"for {esc(data['municipality'])}, udgave {data['edition_year']}. "
               f"{len(data['notebooks'])} notesbøger: {executed} kørt, {len(data['notebooks']) - executed} "
               f"hentet fra cachen. Sider: {esc(SPHINX_MODE_DA.get(data['sphinx'], data['sphinx']))}. "
               f"Samlet tid: {esc(fmt.number(data['seconds'], 1))} sekunder.</p>")
    rows = "".join(
        f"<tr><td>{esc(n['label'])}</td><td><code>{esc(parameters_text(n['parameters']))}</code></td>"
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
