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
    assert 'datafilen <a href="../../data/net_budgets.csv">net_budgets.csv</a>, linje 18' in line
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


def section(page: str, source_id: str) -> str:
    return re.search(rf'<section class="jobbook-source" id="{source_anchor(source_id)}">.*?</section>', page)[0]


def test_a_meeting_date_is_called_a_meeting_date_in_danish_and_never_a_publication_date(page):
    reform = section(page, "reform-2026")
    assert "Mødedato: 21. august 2025" in reform
    assert "2025-08-21" not in reform and "udgivet" not in reform.lower()
    assert "Dateret: 30. august 2022" in section(page, "budgetnotat-19-2023")
    assert "Skrevet: 2020" in section(page, "beskaeftigelsesplan-2021")


def test_each_document_says_what_the_book_takes_from_it_and_links_its_chapter(page):
    plan = section(page, "beskaeftigelsesplan-2021")
    assert "Udgiver: Kalundborg Kommune" in plan
    assert re.search(r"Bogen bruger herfra: .*budget pr\. konto \([\d.]+ oplysninger\)", plan)
    assert '<a href="../budgetaar/2021.html">kapitlet om budgetåret 2021</a>' in plan
    assert re.search(r"Bogen bruger herfra: kontoplan \(\d+ oplysninger\)\.</p>", section(page, "brs-kontoplan"))


def test_file_names_and_checksums_are_folded_away_for_analysts(page, shipped):
    for _, row in shipped["sources"].dropna(subset=["sha256"]).iterrows():
        found = section(page, row["source_id"])
        details = found[found.index('<details class="jobbook-analyst"><summary>For analytikere</summary>'):]
        assert row["sha256"] in details and row["file_name"] in details
        assert row["sha256"] not in found[:found.index("<details")]


@pytest.mark.parametrize(("period", "danish"), [("2025-08-21", "21. august 2025"), ("2022-03", "marts 2022"),
                                                ("2020", "2020"), ("2021-12-01", "1. december 2021")])
def test_dates_read_in_danish_as_precise_as_they_are(period, danish):
    assert sources_page.date_da(period) == danish
