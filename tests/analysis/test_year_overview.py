"""A year page's own sections that are not the budget: why the menu skips a year, the figures measured
in periods that include the year, the tasks the year's document lists, and the glossary links for the
words of the year's statements."""

import re

from conftest import chapter, with_table
from jobbook.analysis import year_overview
from jobbook.data.tables import TABLES


def text(prose) -> str:
    return str(prose).replace("\u00a0", " ")


def test_the_pages_on_either_side_of_a_missing_year_say_why_it_has_no_page(shipped):
    # The shipped data have pages for 2024 and 2026 and nothing for 2025.
    for year in (2024, 2026):
        said = text(year_overview.text_overview(chapter(shipped, year)))
        assert "Bogen har ingen side for 2025: ingen af kilderne er lavet til det budgetår" in said
        assert "springer menuen fra 2024 til 2026" in said
    for year in (2020, 2021, 2022, 2023):  # no gap next to these
        assert "ingen side for" not in text(year_overview.text_overview(chapter(shipped, year)))


def test_a_gap_of_several_years_is_named_as_a_range(shipped):
    ds = shipped
    for spec in TABLES:  # remove 2023 and 2024 from every per-year table: pages for 2022 and 2026 remain
        if spec.per_year:
            frame = ds[spec.name]
            ds = with_table(ds, spec.name, frame[~frame["budget_year"].isin([2023, 2024])])
    assert ds.budget_years() == [2020, 2021, 2022, 2026]
    said = text(year_overview.text_overview(chapter(ds, 2022)))
    assert "Bogen har ingen side for 2023–2025: ingen af kilderne er lavet til de budgetår" in said
    assert "for årene. Derfor springer menuen fra 2022 til 2026." in said


def test_figures_measured_in_periods_that_include_the_year(shipped):
    def measured(year):
        rows = year_overview.indicators_of_year(chapter(shipped, year))
        return set(zip(rows["indicator_code"], rows["geography_code"], rows["period_start"], strict=True))

    in_2024 = measured(2024)
    # December 2024's fleksjob unemployment, the municipality's and the country's; a period over 2023–2025.
    assert {("fleksjob_ledighed_pct", "326", "2024-12"), ("fleksjob_ledighed_pct", "DK", "2024-12"),
            ("langtidsledige_fald_personer", "326", "2023-01"),
            ("sygefravaer_pct", "326-jobcenter", "2024")} <= in_2024
    # Not the fleksjob figure of December 2021, nor 2022's absence: their periods do not include 2024.
    assert ("fleksjob_ledighed_pct", "326", "2021-12") not in in_2024
    assert ("sygefravaer_pct", "326", "2022") not in in_2024
    # 2020: the covid change for the municipality and the country, not the regions or the neighbours.
    in_2020 = measured(2020)
    assert ("ledighed_aendring_pct", "DK", "2020-03-08") in in_2020
    assert not any(geography in {"1084", "1085", "330", "316", "306"} for _, geography, _ in in_2020)
    # Forecasts are no measurement.
    forecasts = shipped["indicators"][shipped["indicators"]["basis_code"] == "forecast"]
    assert not forecasts.empty
    for year in (2020, 2021, 2022):
        rows = year_overview.indicators_of_year(chapter(shipped, year))
        assert (rows.empty or (rows["basis_code"] == "actual").all())


def test_the_measured_figures_are_shown_as_printed_and_a_period_over_years_is_said(shipped):
    ctx = chapter(shipped, 2023, page="book/budgetaar/2023")
    figure = year_overview.figure_indicators(ctx)
    assert figure.title == "Tal målt i perioder, der omfatter 2023"
    row = figure.table.set_index("Hvad").loc["Fald i antal langtidsledige"]
    assert (row["Periode"], row["Tallet"], row["Sted"]) == ("fra primo 2023 til primo 2025", "46 personer",
                                                             "Kalundborg Kommune")
    said = year_overview.text_indicators(ctx)
    assert "siger kilden ikke, hvor meget af ændringen der skete i 2023" in text(said)
    # »primo« is linked to the glossary beside the table.
    assert 'href="../ordliste.html#term-Primo-medio-ultimo">primo</a>' in said._repr_html_()


def test_the_year_whose_document_lists_the_tasks_gives_the_book_s_count(shipped):
    ctx = chapter(shipped, 2023)
    said = text(year_overview.text_tasks(ctx))
    assert "Notatet tæller ikke selv opgaverne; bogen har talt punkterne" in said
    assert "17 opgaver pålagt af staten, 6 kommunale valg inden for loven og 15 opgaver på eget initiativ" in said
    assert year_overview.figure_tasks(ctx).table["Antal opgaver"].tolist() == [17, 6, 15]
    for year in (2021, 2022, 2024, 2026):  # their documents list no tasks
        ctx = chapter(shipped, year)
        assert year_overview.text_tasks(ctx) is None and year_overview.figure_tasks(ctx) is None


def test_the_statements_words_are_linked_to_the_glossary_before_the_list(shipped):
    html = year_overview.text_statements(chapter(shipped, 2024, page="book/budgetaar/2024"))._repr_html_()
    links = re.findall(r'href="\.\./ordliste\.html#term-([^"]+)">([^<]+)</a>', html)
    assert ("KL", "KL") in links and ("Arne-aftalen", "Arne-aftalen") in links
    assert ("Serviceramme", "serviceramme") in links and ("Primo-medio-ultimo", "medio") in links
    assert html.index("ordliste.html") < html.index("<li>")  # the links stand before the list
    # A year whose statements use none of the words gets no line.
    quiet = year_overview.text_statements(chapter(shipped, 2023, page="book/budgetaar/2023"))
    assert "ordliste" not in quiet._repr_html_()


def test_one_measure_from_two_counts_is_said_at_the_table(shipped):
    # 2020's change in unemployment: Jobindsats for the municipality, STAR for the whole country.
    ctx = chapter(shipped, 2020)
    said = text(year_overview.text_indicators(ctx))
    assert "Tallene for ændring i ledigheden kommer fra forskellige opgørelser" in said
    table = year_overview.figure_indicators(ctx).table
    table = table[table["Hvad"] == "Ændring i ledigheden"].set_index("Sted")
    assert table.loc["Kalundborg Kommune", "Opgjort af"].startswith("Jobindsats.dk")
    assert table.loc["Hele landet", "Opgjort af"].startswith("STAR")
    # 2023's figures come from one document with no count named for them: nothing to say.
    assert "forskellige opgørelser" not in text(year_overview.text_indicators(chapter(shipped, 2023)))


def test_the_words_of_the_reform_s_statements_link_to_the_glossary(shipped):
    """2026's statements say the extra cost goes into the coming »økonomiaftaler«: the glossary's
    anchor for Økonomiaftale drops the Ø, as Sphinx makes it."""
    html = year_overview.text_statements(chapter(shipped, 2026, page="book/budgetaar/2026"))._repr_html_()
    links = re.findall(r'href="\.\./ordliste\.html#term-([^"]+)">([^<]+)</a>', html)
    assert ("konomiaftale", "økonomiaftaler") in links
