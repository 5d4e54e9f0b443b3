"""PDFs printed from HTML tables by the system Chromium, read back with pdfplumber."""

from pathlib import Path

import pytest

from jobbook.ingest.model import TableRefused
from jobbook.ingest.pdf import read_table_pdf
from jobbook.outputs.browser import launch_chromium

pytestmark = [pytest.mark.slow, pytest.mark.browser]
STYLE = """<style>body{font-family:sans-serif;font-size:10pt} td,th{padding:2px 8px;text-align:right}
td:first-child,th:first-child{text-align:left;width:55%} table.ruled{border-collapse:collapse}
table.ruled td,table.ruled th{border:1px solid black}</style>"""


def make_pdf(html: str, path: Path) -> Path:
    """Print ``html`` to ``path`` (A4) with the system Chromium, as the book prints its own PDF."""
    with launch_chromium() as browser:
        page = browser.new_page()
        page.set_content(f"<html><head><meta charset='utf-8'>{STYLE}</head><body>{html}</body></html>")
        page.pdf(path=str(path), format="A4")
    return path


RULED = """
<h2>Beskæftigelsesområdet</h2>
<p>Tabellen viser antallet af modtagere af de største ydelser. Skønnet for de kommende år bygger på
den forventede udvikling i ledigheden og på de seneste måneders tilgang til ydelserne.</p>
<h3>Tabel 2. Modtagere af ydelser (helårspersoner)</h3>
<table class="ruled">
<tr><th>Funktion/kategori</th><th>Regnskab<br>2022</th><th>Budget<br>2023</th><th>Budget<br>2024</th>
<th>Afvigelse</th></tr>
<tr><td>05.46.61 Kontanthjælp til udlændinge omfattet af integrationsprogrammet og selvforsørgelsesydelse
til nyankomne</td><td>73</td><td>80</td><td>77</td><td>-3</td></tr>
<tr><td>05.48.66 &amp; 05.48.68 Førtidspension</td><td>1.604</td><td>1.590</td><td>1.575</td><td>-15</td></tr>
<tr><td>Kontant- og uddannelseshjælp</td><td>615</td><td>600</td><td>588</td><td>-12</td></tr>
<tr><td>05.57.73 Kontanthjælp</td><td>401</td><td>390</td><td>380</td><td>-10</td></tr>
<tr><td>05.57.73 Uddannelseshjælp</td><td>214</td><td>210</td><td>208</td><td>-2</td></tr>
<tr><td>I alt</td><td>2.292</td><td>2.270</td><td>2.240</td><td>-30</td></tr>
</table>
<p>Kilde: Fagsystemerne (eksempeltal).</p>
<p>Efter tabellen følger en længere forklaring af udviklingen, som ikke indeholder nogen tal.</p>
"""


@pytest.fixture(scope="module")
def ruled_pdf(tmp_path_factory):
    return make_pdf(RULED, tmp_path_factory.mktemp("pdf") / "ruled.pdf")


def test_ruled_table(ruled_pdf):
    table = read_table_pdf(ruled_pdf)
    assert (table.unit.code, table.unit.printed, table.kind) == ("persons", "helårspersoner", "recipients")
    assert [(c.basis_code, c.year, c.label) for c in table.columns] == [
        ("actual", 2022, "Regnskab 2022"), ("budget", 2023, "Budget 2023"), ("budget", 2024, "Budget 2024")]
    assert [(r.konto_codes, r.name_printed, r.values, r.is_total) for r in table.rows] == [
        (("5.46.61",), "Kontanthjælp til udlændinge omfattet af integrationsprogrammet og selvforsørgelsesydelse "
                       "til nyankomne", (73.0, 80.0, 77.0), False),
        (("5.48.66", "5.48.68"), "Førtidspension", (1604.0, 1590.0, 1575.0), False),
        ((), "Kontant- og uddannelseshjælp", (615.0, 600.0, 588.0), False),
        (("5.57.73",), "Kontanthjælp", (401.0, 390.0, 380.0), False),
        (("5.57.73",), "Uddannelseshjælp", (214.0, 210.0, 208.0), False),
        ((), "I alt", (2292.0, 2270.0, 2240.0), True)]


def test_page_that_does_not_exist(ruled_pdf):
    with pytest.raises(TableRefused, match="page 3 does not exist; the PDF has 1 page"):
        read_table_pdf(ruled_pdf, page=3)


UNRULED = """
<p>Tallene er opgjort i løbende priser og omfatter både serviceudgifter og overførsler til borgerne.</p>
<h3>Hovedoversigt for beskæftigelse, mio. kr.</h3>
<table>
<tr><th></th><th>Regnskab<br>2021</th><th>Budget<br>2022</th><th>Overslag<br>2023</th></tr>
<tr><td>Serviceudgifter</td><td></td><td></td><td></td></tr>
<tr><td>Jobcenter og aktivering</td><td>212,4</td><td>218,0</td><td>215,5</td></tr>
<tr><td>Misbrugsbehandling for borgere over 18 år i kommunens egne tilbud og i private tilbud</td>
<td>9,4</td><td>&#8211;</td><td>&#8722;2,0</td></tr>
<tr><td>Serviceudgifter i alt</td><td>221,8</td><td>218,0</td><td>213,5</td></tr>
<tr><td>Overførsler</td><td></td><td></td><td></td></tr>
<tr><td>Førtidspension</td><td>1.104,6</td><td>1.110,0</td><td>1.098,2</td></tr>
<tr><td>I alt</td><td>1.326,4</td><td>1.328,0</td><td>1.311,7</td></tr>
</table>
<p>Kilde: Regnskab og budget (eksempeltal).</p>
"""


def test_unruled_table_with_stacked_header_and_wrapped_name(tmp_path):
    table = read_table_pdf(make_pdf(UNRULED, tmp_path / "unruled.pdf"))
    assert (table.unit.code, table.kind, table.heading) == ("dkk_mio", "account", "Hovedoversigt for beskæftigelse, "
                                                                                  "mio. kr.")
    assert [(c.basis_code, c.year) for c in table.columns] == [("actual", 2021), ("budget", 2022), ("forecast", 2023)]
    rows = [(r.name_printed, r.values, r.is_total, r.section) for r in table.rows]
    assert rows == [
        ("Jobcenter og aktivering", (212.4, 218.0, 215.5), False, "Serviceudgifter"),
        ("Misbrugsbehandling for borgere over 18 år i kommunens egne tilbud og i private tilbud", (9.4, 0.0, -2.0),
         False, "Serviceudgifter"),
        ("Serviceudgifter i alt", (221.8, 218.0, 213.5), True, "Serviceudgifter"),
        ("Førtidspension", (1104.6, 1110.0, 1098.2), False, "Overførsler"),
        ("I alt", (1326.4, 1328.0, 1311.7), True, "Overførsler")]


PAGE_BREAK = '<div style="page-break-after: always"></div>'
TWO_PAGES = f"""
<h3>Tabel A. Udgifter til ydelser (1.000 kr.)</h3>
<table class="ruled"><tr><th>Konto</th><th>Budget 2026</th><th>Budget 2027</th></tr>
<tr><td>05.57.71 Sygedagpenge</td><td>40.100</td><td>41.000</td></tr>
<tr><td>I alt</td><td>40.100</td><td>41.000</td></tr></table>
{PAGE_BREAK}
<p>Side to indeholder endnu en tabel.</p>
<h3>Tabel B. Modtagere (personer)</h3>
<table class="ruled"><tr><th>Funktion</th><th>Faktisk antal 2025</th><th>Budget 2026</th></tr>
<tr><td>05.57.71 Sygedagpenge</td><td>501</td><td>515</td></tr>
<tr><td>05.58.80 Revalidering</td><td>33</td><td>30</td></tr></table>
{PAGE_BREAK}
<table class="ruled"><tr><td>05.58.81 Fleksjob</td><td>720</td><td>731</td></tr>
<tr><td>05.58.83 Ledighedsydelse</td><td>180</td><td>176</td></tr></table>
"""


@pytest.fixture(scope="module")
def two_page_pdf(tmp_path_factory):
    return make_pdf(TWO_PAGES, tmp_path_factory.mktemp("pdf") / "two_pages.pdf")


def test_several_pages_with_tables_need_page(two_page_pdf):
    with pytest.raises(TableRefused) as caught:
        read_table_pdf(two_page_pdf)
    message = str(caught.value)
    assert "tables were found on 2 pages" in message and "page 1 ('Tabel A." in message
    assert "page 2 ('Tabel B." in message and "--page" in message


def test_page_picks_one(two_page_pdf):
    first = read_table_pdf(two_page_pdf, page=1)
    assert first.unit.code == "dkk_1000" and [r.values for r in first.rows] == [(40100.0, 41000.0),
                                                                               (40100.0, 41000.0)]
    second = read_table_pdf(two_page_pdf, page=2)
    assert (second.unit.code, second.kind) == ("persons", "recipients")
    assert [(c.basis_code, c.year, c.label) for c in second.columns] == [
        ("actual", 2025, "Faktisk antal 2025"), ("budget", 2026, "Budget 2026")]
    assert [r.konto_codes for r in second.rows] == [("5.57.71",), ("5.58.80",)]


def test_table_continued_on_next_page_is_refused(two_page_pdf):
    with pytest.raises(TableRefused, match="the table on page 2 seems to continue on page 3"):
        read_table_pdf(two_page_pdf, heading="Tabel B")


def test_refusal_names_page_and_line(two_page_pdf):
    with pytest.raises(TableRefused) as caught:
        read_table_pdf(two_page_pdf, page=1, unit="personer")
    assert caught.value.problems[0].message.startswith("page 1: the table states the unit '1.000 kr.'")
    assert caught.value.problems[0].line == 1
