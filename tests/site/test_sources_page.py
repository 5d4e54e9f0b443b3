"""Unit tests: the sources page, with the validation's notes on totals that differ from their parts."""

import re

import pytest

from conftest import DATA_DIR, with_table
from jobbook.data.dataset import load_dataset
from jobbook.present.citations import source_anchor
from jobbook.site import sources_page


@pytest.fixture(scope="module")
def page(settings):
    return sources_page.render_sources_page(load_dataset(DATA_DIR, settings))


def items(page: str) -> list[str]:
    return re.findall(r"<li>(.*?)</li>", page)


def test_every_source_has_a_linkable_section(page, shipped):
    for source_id in shipped["sources"]["source_id"]:
        assert f'<section class="jobbook-source" id="{source_anchor(source_id)}">' in page


def test_the_page_names_the_years_covered_and_the_year_between_them_without_figures(page):
    assert ("Bogen har et kapitel for hvert budgetår, som dokumenternes tal eller beskrivelser hører til: "
            "2020\u20132024 og 2026. Intet af det hører til 2025, så der er intet kapitel for det år.") in page


def test_years_without_a_gap_need_no_second_sentence():
    assert sources_page.years_covered([2020, 2021]).endswith("hører til: 2020 og 2021.")
    assert "til 2022 og 2024, så der er intet kapitel for de år" in sources_page.years_covered([2021, 2023, 2025])


def test_an_acknowledged_discrepancy_is_explained_with_its_place_in_the_data(page):
    line = next(x for x in items(page) if "Digitalisering og IT 2022" in x)
    assert "<code>net_budgets.csv</code>, linje 18" in line
    assert "42.339.000\u00a0kr." in line and "42.490.000\u00a0kr." in line and "151.000\u00a0kr. mere" in line
    assert "DUT-kompensation" in line


def test_a_rounding_difference_is_called_rounding(page):
    line = next(x for x in items(page) if "HR og Personale 2022" in x)
    assert "1.000\u00a0kr. mere" in line and "afrunding (op til 1.500\u00a0kr." in line


def test_text_from_the_data_is_escaped_and_cannot_end_the_html_block(shipped):
    sources = shipped["sources"].copy()
    sources.loc[0, "title"] = '<script>alert(1)</script>'
    sources.loc[0, "description_da"] = "```{literalinclude} ../../../etc/passwd\n```\n\n# Overskrift"
    page = sources_page.render_sources_page(with_table(shipped, "sources", sources))
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    block = next(line for line in page.splitlines() if line.startswith('<div class="jobbook-sources">'))
    assert "{literalinclude}" in block and "\n" not in block  # one line: the Markdown parser never sees it
