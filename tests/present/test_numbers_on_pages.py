"""Every number a chapter puts on a page is in Danish format: no ``69321.0``, no raw floats.

Each chapter of the registry is run the way its template runs it: every ``figure_*``, ``text_*`` and
``key_figures`` function of the analysis modules the template imports, for every budget year of the
shipped data (per-year chapters) or the edition (the others). The figures' HTML (table, caption,
text alternative) and the text are then read as a reader reads them.
"""

from __future__ import annotations

import html
import importlib
import inspect
import re

import pandas as pd
import pytest

from conftest import REPO_ROOT, chapter
from jobbook.build.plan import template_code
from jobbook.build.registry import load_registry
from jobbook.digest import imported_modules
from jobbook.present.figures import Figure, html_table

EDITION_YEAR = 2026

#: A number cell as the book prints it: ``492.697``, ``−1.234``, ``+10,2``, ``9,4 %``, or a dash.
DANISH_CELL = re.compile(r"^(?:–|[+−]?\d{1,3}(?:\.\d{3})*(?:,\d+)?(?:\u00a0(?:%|kr\.|mio\.\u00a0kr\.))?)$")
#: A number with a point in it: Danish thousands (``1.084.640``), a konto code (``5.57.71``, ``5.68``)
#: and a paragraph of a law (``§ 2.1`` is not written) are the only ones allowed in text.
DOTTED = re.compile(r"(?<![\d.,])\d+(?:\.\d+)+(?![\d])")
THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
KONTO = re.compile(r"^\d{1,2}\.\d{2}(?:\.\d{2})?$")
RAW = re.compile(r"\d[eE][+-]?\d|\b(?:nan|NaN|<NA>|None|inf)\b")


def raw_numbers(text: str) -> list[str]:
    """The numbers in ``text`` that are not in Danish format (``69321.0``, ``0.30000000000000004``,
    ``1e+12``, ``nan``)."""
    dotted = [m for m in DOTTED.findall(text) if not (THOUSANDS.match(m) or KONTO.match(m))]
    return dotted + [m.group(0) for m in RAW.finditer(text)]


def number_cells(figure_html: str) -> list[str]:
    return [html.unescape(c) for c in re.findall(r'<td class="num"[^>]*>(.*?)</td>', figure_html)]


def shipped_years(ds) -> list[int]:
    years = set()
    for table in ("budget_by_account", "recipients", "net_budgets"):
        years |= set(int(y) for y in ds[table]["budget_year"])
    return sorted(years)


def chapter_outputs(ds) -> list[tuple[str, object]]:
    """``(where, output)`` for every figure, text and key figure of every chapter."""
    outputs = []
    for entry in load_registry(REPO_ROOT).notebooks:
        years = shipped_years(ds) if entry.runs == "per_year" else [EDITION_YEAR]
        names = imported_modules(template_code(REPO_ROOT / "notebooks" / f"{entry.template}.ipynb"))
        modules = [importlib.import_module(n) for n in sorted(names) if n.startswith("jobbook.analysis.")]
        for year in years:
            ctx = chapter(ds, year)
            for module in modules:
                for name in sorted(dir(module)):
                    function = getattr(module, name)
                    if (inspect.isfunction(function) and function.__module__ == module.__name__
                            and (name.startswith(("figure_", "text_")) or name == "key_figures")):
                        outputs.append((f"{entry.template} {year}: {module.__name__}.{name}", function(ctx)))
    return [(where, output) for where, output in outputs if output is not None]


@pytest.fixture(scope="module")
def outputs(shipped):
    return chapter_outputs(shipped)


def test_every_chapter_is_read(outputs):
    figures = [o for _, o in outputs if isinstance(o, Figure)]
    assert len(figures) >= 20 and len(outputs) >= 60, (len(figures), len(outputs))


def test_every_number_cell_of_every_figure_is_danish(outputs):
    wrong = []
    for where, output in outputs:
        if isinstance(output, Figure):
            cells = number_cells(output._repr_html_())
            wrong += [(where, output.title, c) for c in cells if not DANISH_CELL.match(c)]
    assert not wrong, wrong


def test_no_raw_number_reaches_a_figure_or_a_text(outputs):
    wrong = []
    for where, output in outputs:
        if isinstance(output, Figure):
            # What a reader reads: caption, text alternative and table (not the chart's spec, nor the
            # downloads, whose CSV files hold plain numbers on purpose).
            page = output._repr_html_().split('<div class="jobbook-downloads"')[0]
            page = re.sub(r"<script.*?</script>", " ", page, flags=re.DOTALL)
            shown = html.unescape(re.sub(r"<[^>]+>", " ", page))
        elif isinstance(output, dict):
            shown = " ".join(str(v) for v in output.values())
        else:
            shown = html.unescape(re.sub(r"<[^>]+>", " ", output._repr_html_()))
        wrong += [(where, n) for n in raw_numbers(shown)]
    assert not wrong, wrong


def test_a_mistyped_format_key_is_caught():
    """The mistake this guards against: a header typed one way for the data and another for its format."""
    table = pd.DataFrame({"Navn": ["Sygedagpenge"], "Budget 2021 (1.000 kr.)": [69321.0]})
    with pytest.raises(ValueError, match="Budget 2021"):
        html_table(table, {"Budget 2021 (1.000 kr)": str})
    assert raw_numbers("Budgettet var 69321.0 i 2021") == ["69321.0"]
    assert raw_numbers("5.57.71 og 1.084.640 kr. og 23,1 %") == []
