"""Figures carry a caption with their sources, a text alternative, the table, two CSV files (one for
Danish Excel), buttons for the chart as PNG and SVG, and an anchor named after the title."""

import csv
import io
import re
import urllib.parse
from datetime import date

import pandas as pd
import pytest

from conftest import DATA_DIR, chapter_figures
from jobbook.data.dataset import load_dataset
from jobbook.present import fmt
from jobbook.present.charts import chart_hbar
from jobbook.present.csv_files import EXCEL_DA, METADATA_LABELS
from jobbook.present.figures import (
    Figure,
    describe_extremes,
    figure_slug,
    html_table,
    slugify,
    title_unit,
    unique_figure_names,
)
from jobbook.present.publication import Publication

PUBLICATION = Publication("Bogen om job", "Forlaget", date(2026, 12, 2), "CC BY 4.0",
                          "https://creativecommons.org/licenses/by/4.0/deed.da")


def _figure(settings, chart=True, title="Test", table=None, note=""):
    ds = load_dataset(DATA_DIR, settings)
    table = pd.DataFrame({"Gruppe": ["A", "B"], "Personer": [1200.0, 30.0]}) if table is None else table
    category, value = table.columns[:2]
    return Figure(title=title, table=table, sources=ds["sources"], source_ids=["bemaerkninger-2022"],
                  description="Søjler. Højest: A.", formats={value: fmt.number}, note=note, publication=PUBLICATION,
                  chart=chart_hbar(table, category=category, value=value, value_title="P") if chart else None)


def downloads(html: str) -> dict[str, tuple[str, str]]:
    """The CSV links of a figure's HTML: {data-format: (file name, content)}."""
    found = {}
    for fmt_name, name, href in re.findall(r'<a class="jobbook-download" data-format="([^"]+)" download="([^"]+)" '
                                           r'href="data:text/csv;charset=utf-8,([^"]*)"', html):
        found[fmt_name] = (name, urllib.parse.unquote(href))
    return found


def rows(content: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.removeprefix("\ufeff"), newline=""), delimiter=delimiter))


def test_figure_html_has_caption_source_alt_table_and_downloads(settings):
    html = _figure(settings)._repr_html_()
    assert '<figure class="jobbook-figure" id="figur-test" data-jobbook-slug="test">' in html
    assert '<p class="jobbook-figure-source">Kilde: ' in html
    assert 'href="../generated/kilder.html#kilde-bemaerkninger-2022"' in html
    assert '<p class="jobbook-alt">Søjler. Højest: A.</p>' in html
    assert '<td class="num">1.200</td>' in html
    assert "<details><summary>" in html
    files = downloads(html)
    assert set(files) == {"csv", "csv-excel"}
    assert files["csv"][1].endswith("\n\nGruppe,Personer\nA,1200\nB,30\n")
    assert files["csv-excel"][1].endswith("\r\n\r\nGruppe;Personer\r\nA;1200\r\nB;30\r\n")
    assert 'data-format="png" data-file="test.png" hidden>' in html and 'data-file="test.svg"' in html
    assert '<a class="jobbook-permalink" href="#figur-test">Link til figuren</a>' in html


def test_title_and_unit_come_before_the_chart_and_source_and_note_after_it(settings):
    """A phone reader learns what the bars show before scrolling past them (Our World in Data's and
    Danmarks Statistik's order): title and unit, chart, then source and note."""
    html = _figure(settings, title="Budget pr. konto, mio. kr.", note="Løbende priser.")._repr_html_()
    head = re.search(r'<figure [^>]*><figcaption class="jobbook-figure-head">(.*?)</figcaption>', html)
    assert head, "the caption is the figure's first child"
    assert '<strong class="jobbook-figure-title">Budget pr. konto</strong>' in head[1]
    assert "Enhed: mio. kr." in head[1]
    assert html.index("</figcaption>") < html.index('class="jobbook-chart"') < html.index("jobbook-figure-source")
    source = re.search(r'<p class="jobbook-figure-source">(.*?)</p>', html)[1]
    assert source.startswith("Kilde: ") and '<span class="jobbook-note">Løbende priser.</span>' in source
    assert "Kilde" not in head[1]


def test_without_a_unit_in_the_title_a_chart_names_its_value_axis_as_the_unit(settings):
    html = _figure(settings, title="Budget pr. konto")._repr_html_()
    assert re.search(r'<figcaption class="jobbook-figure-head">.*Enhed: P</span></figcaption>', html)


def test_a_table_without_a_chart_also_has_its_title_above_and_its_source_below(settings):
    html = _figure(settings, title="Tal, antal", chart=False)._repr_html_()
    assert html.index("jobbook-figure-title") < html.index("<table") < html.index("jobbook-figure-source")
    assert "Enhed: antal" in html


def test_a_table_figure_shows_the_table_directly_with_csv_but_no_pictures(settings):
    html = _figure(settings, chart=False)._repr_html_()
    assert "<details>" not in html and "jobbook-chart" not in html
    assert "<table" in html
    assert set(downloads(html)) == {"csv", "csv-excel"}
    assert "jobbook-image" not in html  # no chart, no PNG or SVG
    assert 'href="#figur-test"' in html


def test_figure_html_is_identical_on_every_run(settings):
    assert _figure(settings)._repr_html_() == _figure(settings)._repr_html_()


def test_excel_csv_is_utf8_with_bom_semicolons_decimal_comma_and_crlf(settings):
    table = pd.DataFrame({"Gruppe": ["Forsørgelse; i alt", "B"], "Beløb (mio. kr.)": [1234.5, -0.25]})
    figure = _figure(settings, title="Beløb, mio. kr.", table=table)
    content = figure.csv_download(EXCEL_DA)
    data = content.encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf# Titel:;")
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    table_rows = rows(content, ";")[7:]
    assert table_rows == [["Gruppe", "Beløb (mio. kr.)"], ["Forsørgelse; i alt", "1234,5"], ["B", "-0,25"]]
    plain = figure.csv_download()
    assert not plain.startswith("\ufeff")
    assert rows(plain, ",")[7:] == [["Gruppe", "Beløb (mio. kr.)"], ["Forsørgelse; i alt", "1234.5"], ["B", "-0.25"]]


def test_both_csv_files_begin_with_title_unit_source_and_note(settings):
    figure = _figure(settings, title="Modtagere, helårspersoner", note="Bogens egen opdeling, fx A; B.")
    for content, delimiter in ((figure.csv_download(), ","), (figure.csv_download(EXCEL_DA), ";")):
        lines = rows(content, delimiter)
        assert [line[0] for line in lines[:6]] == list(METADATA_LABELS)
        assert lines[0][1] == "Modtagere, helårspersoner"
        assert lines[1][1] == "personer"  # the header names its unit
        assert lines[2][1].startswith("Bemærkninger") and "(Kalundborg Kommune, 2021)" in lines[2][1]
        assert lines[3][1] == "Bogens egen opdeling, fx A; B."
        assert lines[4] == ["# Licens:", "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/deed.da)"]
        assert lines[5] == ["# Citér som:", "Forlaget: Bogen om job, figur »Modtagere«. Udgave 2. december 2026. "
                                            "Licens: CC BY 4.0."]
        assert lines[6] == []  # the table's header is always line 8
        assert lines[7] == ["Gruppe", "Personer"]
        assert pd.read_csv(io.StringIO(content.removeprefix("\ufeff")), sep=delimiter, skiprows=7).shape == (2, 2)
        assert pd.read_csv(io.StringIO(content.removeprefix("\ufeff")), sep=delimiter, comment="#").shape == (2, 2)


def test_csv_files_neutralise_formulas_in_cells_headers_and_metadata(settings):
    table = pd.DataFrame({"=Gruppe": ["=1+1", "@SUM(A1)", "-x", "+y"], "Tal": [-3.5, 2.0, 1.0, 0.0]})
    figure = _figure(settings, title="=HYPERLINK(\"http://example.invalid\")", table=table, chart=False,
                     note="+cmd|' /C calc'!A0")
    for content, delimiter in ((figure.csv_download(), ","), (figure.csv_download(EXCEL_DA), ";")):
        cells = [cell for line in rows(content, delimiter) for cell in line]
        assert not [c for c in cells if c.startswith(("=", "+", "@"))], cells
        assert "'=1+1" in cells and "'@SUM(A1)" in cells and "'-x" in cells and "'+y" in cells and "'=Gruppe" in cells
        assert "'=HYPERLINK(\"http://example.invalid\")" in cells and "'+cmd|' /C calc'!A0" in cells
        assert any(c in ("-3.5", "-3,5") for c in cells)  # negative numbers stay numbers


@pytest.mark.parametrize(("title", "name", "unit", "slug"), [
    ("Budget 2021 pr. konto, mio. kr.", "Budget 2021 pr. konto", "mio. kr.", "budget-2021-pr-konto"),
    ("Kalundborg Kommunes bruttoreduktion, mio. kr. om året", "Kalundborg Kommunes bruttoreduktion",
     "mio. kr. om året", "kalundborg-kommunes-bruttoreduktion"),
    ("Jobcentrets opgaver efter, hvem der har besluttet dem (antal)",
     "Jobcentrets opgaver efter, hvem der har besluttet dem", "antal",
     "jobcentrets-opgaver-efter-hvem-der-har-besluttet-dem"),
    ("Ændring i ledigheden 8. marts 2020–18. oktober 2020, %", "Ændring i ledigheden 8. marts 2020–18. oktober 2020",
     "%", "aendring-i-ledigheden-8-marts-2020-18-oktober-2020"),
    ("Områder, administrationen foreslår at investere i", "Områder, administrationen foreslår at investere i", "",
     "omraader-administrationen-foreslaar-at-investere-i"),
    ("Nettobudget pr. helårsperson 2021, kr.", "Nettobudget pr. helårsperson 2021", "kr.",
     "nettobudget-pr-helaarsperson-2021"),
])
def test_title_unit_and_slug(title, name, unit, slug):
    assert title_unit(title) == (name, unit)
    assert figure_slug(title) == slug


def test_slugs_are_readable_ascii_and_never_empty():
    assert slugify("Café Ærø – résumé") == "cafe-aeroe-resume"
    assert slugify("=HYPERLINK(\"x\")") == "hyperlink-x"
    assert slugify("") == slugify("–") == "figur"
    long = slugify("ord " * 40)
    assert len(long) <= 80 and not long.endswith("-") and long.endswith("ord")


def test_figure_names_come_from_the_title_not_a_hash(settings):
    figure = _figure(settings, title="Budget 2021 pr. konto, mio. kr.")
    assert figure.names == {"anchor": "figur-budget-2021-pr-konto", "csv": "budget-2021-pr-konto.csv",
                            "csv-excel": "budget-2021-pr-konto-excel.csv", "png": "budget-2021-pr-konto.png",
                            "svg": "budget-2021-pr-konto.svg"}
    other_data = _figure(settings, title="Budget 2021 pr. konto, mio. kr.",
                         table=pd.DataFrame({"Gruppe": ["C"], "Personer": [5.0]}))
    assert other_data.names == figure.names  # a data change keeps the anchor that links point to


def test_units_are_read_from_headers_and_title_never_guessed(settings):
    table = pd.DataFrame({"Gruppe": ["A"], "Budget 2021": [1.0], "Ændring (personer)": [2.0], "Ændring (%)": [3.0],
                          "Mio. kr.": [4.0]})
    assert _figure(settings, title="Modtagere, helårspersoner", table=table, chart=False).unit_text() == (
        "helårspersoner (Budget 2021); personer; %; mio. kr.")
    assert _figure(settings, title="Modtagere", table=table, chart=False).unit_text().startswith(
        "ikke angivet (Budget 2021); personer")
    text_only = pd.DataFrame({"Opgave": ["a"], "Lov": ["b"]})
    assert _figure(settings, table=text_only, chart=False).unit_text() == "tabellen har ingen talkolonner"
    explicit = _figure(settings, table=text_only, chart=False)
    explicit.unit = "antal personer"
    assert explicit.unit_text() == "antal personer"


def test_same_title_twice_on_a_page_gets_unique_names(settings):
    one = _figure(settings, title="Budget, mio. kr.")._repr_html_()
    page = one + "<p>tekst</p>" + one + one
    renamed = unique_figure_names(page, taken={"budget"})
    assert re.findall(r'<figure class="jobbook-figure" id="([^"]+)"', renamed) == [
        "figur-budget", "figur-budget-2", "figur-budget-3"]
    for suffix in ("", "-2", "-3"):
        assert f'href="#figur-budget{suffix}"' in renamed
        assert f'download="budget{suffix}.csv"' in renamed and f'download="budget{suffix}-excel.csv"' in renamed
        assert f'data-file="budget{suffix}.png"' in renamed and f'data-file="budget{suffix}.svg"' in renamed
    assert unique_figure_names(page, taken={"budget"}) == renamed  # page order decides: stable
    assert unique_figure_names(one, taken=set()) == one
    # An id a section already has is not taken by a figure.
    assert 'id="figur-budget-2"' in unique_figure_names(one, taken={"figur-budget"})


def test_every_chapter_figure_has_a_readable_slug_and_a_unit_line(shipped):
    figures = chapter_figures(shipped)
    assert len(figures) >= 14
    for figure in figures:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", figure.slug), figure.title
        assert not re.search(r"[0-9a-f]{8}$", figure.slug), figure.slug  # no hash soup
        assert figure.unit_text(), figure.title
    budget = next(f for f in figures if f.title == "Budget 2021 pr. konto")
    assert budget.slug == "budget-2021-pr-konto" and budget.unit_text() == "1.000 kr.; %"


def test_a_title_that_names_another_amount_unit_than_the_table_is_refused(settings):
    table = pd.DataFrame({"Konto": ["5.57.71"], "Budget 2021 (1.000 kr.)": [69321.0]})
    with pytest.raises(ValueError, match=r"title says 'mio. kr.', but column 'Budget 2021 \(1.000 kr.\)'"):
        _figure(settings, title="Budget 2021 pr. konto, mio. kr.", table=table)
    # The same unit, a percentage beside it, or no unit in the title are fine.
    _figure(settings, title="Budget 2021 pr. konto, 1.000 kr.", table=table)
    _figure(settings, title="Budget 2021 pr. konto", table=table)
    _figure(settings, title="Ændring, mio. kr.", table=pd.DataFrame({"Konto": ["a"], "Ændring (%)": [1.0]}))


def test_a_table_with_prose_is_marked_for_cards_and_labels_its_cells():
    long = "En beskrivelse, der er meget længere end de tres tegn, som en kolonne med prosa har <b>"
    html = html_table(pd.DataFrame({"Gruppe": ["A"], "Personer": [1200.0], "Hvad kilden siger": [long]}),
                      {"Personer": fmt.number})
    assert html.startswith('<table class="jobbook-table jobbook-cards">')
    assert '<td data-label="Gruppe">A</td>' in html and '<td class="num" data-label="Personer">1.200</td>' in html
    assert '<td class="prose" data-label="Hvad kilden siger">' in html and "&lt;b&gt;" in html
    plain = html_table(pd.DataFrame({"Gruppe": ["A"], "Personer": [1200.0]}), {"Personer": fmt.number})
    assert plain.startswith('<table class="jobbook-table">') and "data-label" not in plain


def test_describe_extremes():
    frame = pd.DataFrame({"n": ["a", "b", "c"], "v": [3, 9, None]})
    assert describe_extremes(frame, "n", "v", fmt.number) == "Højest: b (9). Lavest: a (3)."
    assert describe_extremes(frame.iloc[[0]], "n", "v", fmt.number) == "Én værdi: a (3)."
    assert describe_extremes(frame.iloc[[2]], "n", "v", fmt.number) == "Der er ingen tal at vise."


def test_every_figure_has_a_citer_box_that_works_without_javascript(settings):
    html = _figure(settings, title="Modtagere, helårspersoner")._repr_html_()
    box = re.search(r'<details class="jobbook-cite"><summary>Citér</summary>(.*?)</details>', html)[1]
    assert ('<p class="jobbook-cite-text">Forlaget: Bogen om job, figur »Modtagere«. Udgave 2. december 2026. '
            '<span class="jobbook-cite-url">#figur-modtagere</span>. Licens: CC BY 4.0.</p>') in box
    assert ('<a href="https://creativecommons.org/licenses/by/4.0/deed.da" rel="license">CC BY 4.0</a>, '
            "når kilden nævnes") in box
    assert "<script" not in box and "<button" not in box  # plain text: selectable with no script


def test_a_figure_takes_the_licence_and_citation_of_the_page_open_chapter_set(settings):
    from conftest import SETTINGS_FILE
    from jobbook.analysis.context import open_chapter
    from jobbook.present import publication

    before = publication.page_publication()
    try:
        open_chapter(2021, str(DATA_DIR), str(SETTINGS_FILE))
        ds = load_dataset(DATA_DIR, settings)
        figure = Figure(title="Budget, mio. kr.", table=pd.DataFrame({"Konto": ["a"], "Beløb": [1.0]}),
                        sources=ds["sources"], source_ids=["bemaerkninger-2022"], description="Én værdi.",
                        formats={"Beløb": fmt.number})
        metadata = dict(figure.metadata())
        assert metadata["# Licens:"] == "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/deed.da)"
        assert metadata["# Citér som:"] == ("Analysebogen om beskæftigelsesområdet: Beskæftigelsesområdets økonomi, "
                                            "figur »Budget«. Udgave 2. december 2026. Licens: CC BY 4.0.")
    finally:
        publication.set_page_publication(before)
