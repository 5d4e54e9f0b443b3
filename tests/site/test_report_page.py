"""The build report's page: what one build did (plain data from jobbook.build.report) in Danish."""

import pytest

from jobbook.errors import BuildError
from jobbook.site.report_page import REPORT_PAGE, fill_report_page, render_html


def report(**changes):
    data = {"package_version": "1.2.3", "commit": "0123456789ab", "uncommitted_changes": False,
            "municipality": "Kalundborg Kommune", "edition_year": 2026, "years": [2021], "seconds": 12.25,
            "sphinx": "incremental",
            "notebooks": [{"label": "Budget 2021", "parameters": {"budget_year": 2021}, "seconds": 3.5,
                           "cache": "miss"},
                          {"label": "Reform <b>", "parameters": {}, "seconds": 1.0, "cache": "hit"}],
            "data_files": [{"file": "recipients.csv", "sha256": "ab" * 32}], "failures": []}
    return {**data, **changes}


def test_the_report_reads_in_danish_with_danish_numbers():
    html = render_html(report())
    assert "fra commit <code>0123456789ab</code>" in html
    assert "2 notesbøger: 1 kørt, 1 hentet fra cachen" in html
    assert "kun ændrede sider bygget" in html
    assert "12,2 sekunder" in html or "12,3 sekunder" in html
    assert '<td class="num">3,5</td>' in html
    assert "Reform &lt;b&gt;" in html  # a label is text, never markup
    assert "Ingen notesbøger fejlede." in html


def test_the_commit_says_when_it_is_unknown_or_has_changes():
    assert "<code>ukendt</code>" in render_html(report(commit=None))
    assert "0123456789ab (med ændringer, der ikke er committet)" in render_html(report(uncommitted_changes=True))


def test_the_report_fills_its_placeholder_once(tmp_path):
    page = tmp_path / REPORT_PAGE
    page.parent.mkdir(parents=True)
    page.write_text('<main><div id="jobbook-build-report">Rapporten fyldes ind.</div></main>', encoding="utf-8")
    fill_report_page(tmp_path, report())
    fill_report_page(tmp_path, report(commit="fedcba987654"))  # a report filled in before is replaced
    filled = page.read_text(encoding="utf-8")
    assert filled.count("<!--jobbook-report-->") == 1 and "fedcba987654" in filled and "0123456789ab" not in filled
    page.write_text("<main></main>", encoding="utf-8")
    with pytest.raises(BuildError, match="placeholder was not found"):
        fill_report_page(tmp_path, report())


def test_the_report_page_shows_a_list_parameter_by_its_length():
    """The year pages' themes (a list of dicts) made a report row 1,126 px tall on a phone."""
    from jobbook.site.report_page import parameters_text

    shown = parameters_text({"budget_year": 2021, "themes": [{"title": "A", "reads": ["x"]}] * 4})
    assert shown == '{"budget_year": 2021, "themes": "4 elementer"}'
