"""Every good fixture: unit, kind, columns and rows exactly."""

import pytest

from conftest import column_tuples, fixture_text, row_tuples
from jobbook.ingest.reader import read_table_text

S, OV, IK = "Serviceudgifter", "Overførsler", "Ikke-forsikrede"

EXPECTED = {
    "acc_hele_kroner_2004.txt": dict(
        unit=("dkk", "Hele kroner", 7), kind="account", price=None, heading="Tabel 1. Overførsler til borgere",
        columns=[("actual", 2004, "Regnskab 2004"), ("budget", 2005, "Budget 2005")],
        rows=[(9, ("5.57.71",), "Sygedagpenge", (41250300.0, 43100000.0), False, None),
              (10, ("5.57.72",), "Sociale formål", (812400.0, 790000.0), False, None),
              (11, ("5.57.73",), "Kontant- og uddannelseshjælp", (60004120.0, 58300000.0), False, None),
              (12, ("5.58.80",), "Revalidering", (3120000.0, 2950000.0), False, None),
              (13, (), "I alt", (105186820.0, 105140000.0), True, None)]),
    "acc_kr_header_2006.txt": dict(
        unit=("dkk", "kr.", 3), kind="account", price=None, heading="Bilag 2 - Aktivering og beskæftigelse",
        columns=[("actual", 2006, "Regnskab 2006"), ("budget", 2007, "Budget 2007")],  # Difference dropped
        rows=[(4, ("5.68.90",), "Driftsudgifter til den kommunale beskæftigelsesindsats", (18450000.0, 19000500.0),
               False, None),
              (5, ("5.68.95", "5.68.97"), "Løn til forsikrede ledige og seniorjob", (2310000.0, 2400000.0), False,
               None),
              (6, ("5.68.98",), "Beskæftigelsesordninger", (1005250.0, 990000.0), False, None),
              (7, (), "Driftsvirksomhed i alt", (21765250.0, 22390500.0), True, None)]),
    "acc_tusinde_stacked_2008.txt": dict(
        unit=("dkk_1000", "i hele tusinde kroner", 7), kind="account", price=None,
        heading="AKTIVERINGSBUDGET (i hele tusinde kroner)",
        columns=[("budget", 2008, "Budget 2008"), ("budget", 2009, "Budget 2009")],
        rows=[(19, ("5.46.60",), "Introduktionsprogram", (4210.0, 4005.0), False, None),
              (21, ("5.46.65",), "Repatriering", (-120.0, -85.0), False, None),
              (23, ("5.57.74",), "Overgangsydelse", (0.0, 0.0), False, None),
              (25, ("5.57.78",), "Dagpenge til forsikrede ledige", (51300.0, 53000.0), False, None),
              (27, ("5.68.91",), "Beskæftigelsesindsats for forsikrede ledige", (2004.0, 0.0), False, None),
              (29, ("5.68.94",), "Refusion af løntilskud", (-1250.0, -1310.0), False, None),
              (31, (), "I alt", (56144.0, 55610.0), True, None)]),
    "acc_tkr_pipes_2010.md": dict(
        unit=("dkk_1000", "t.kr.", 1), kind="account", price=None, heading="Tabel 4: Regnskab og budget, t.kr.",
        columns=[("actual", 2010, "Regnskab 2010"), ("corrected_budget", 2011, "Korrigeret budget 2011"),
                 ("budget", 2012, "Budget 2012")],  # Afvigelse and % dropped
        rows=[(5, ("5.57.71",), "Sygedagpenge", (38400.0, 39000.0, 40150.0), False, None),
              (6, ("5.57.72",), "Sociale formål", (650.0, 700.0, None), False, None),
              (8, ("5.68.90",), "Driftsudgifter til beskæftigelsesindsats", (12300.0, 12000.0, 11400.0), False, S),
              (9, (), "I alt", (51350.0, 51700.0, 51550.0), True, S)]),
    "acc_mio_glued_2013.txt": dict(
        unit=("dkk_mio", "mio. kr.", 1), kind="account", price="2013-priser",
        heading="Hovedoversigt, drift (mio. kr., 2013-priser)",
        columns=[("budget", 2013, "Vedtaget budget 2013"), ("forecast", 2013, "Forventet regnskab 2013"),
                 ("forecast", 2014, "Budgetoverslag 2014")],
        rows=[(4, (), "Jobcenter og aktivering", (735.0, 741.2, 730.5), False, S),
              (5, (), "Rusmidler", (9.4, 9.1, 9.6), False, S),
              (6, (), "Misbrugsbehandling", (12.3, 11.8, 12.0), False, S),
              (7, (), "Serviceudgifter i alt", (756.7, 762.1, 752.1), True, S),
              (9, (), "Førtidspension", (1402.1, 1398.0, 1410.3), False, OV),
              (10, (), "Refusion fra staten", (-2093.8, -2080.0, -2101.0), False, OV),
              (11, (), "Overførsler i alt", (-691.7, -682.0, -690.7), True, OV),
              (12, (), "Driftsvirksomhed i alt", (65.0, 80.1, 61.4), True, OV),
              (14, (), "Nyt jobcenter", (1012.7, 1020.0, 0.0), False, "Anlæg"),
              (15, (), "I alt", (1077.7, 1100.1, 61.4), True, "Anlæg")]),
    "acc_tabs_2015.tsv": dict(
        unit=("dkk_1000", "1.000 kr.", 3), kind="account", price="2016-pris- og lønniveau",
        heading="Tabel 6. Ydelser og refusion (i 2016-pris- og lønniveau)",
        columns=[("actual", 2014, "R2014"), ("budget", 2015, "B2015"), ("forecast", 2016, "BO 2016")],
        rows=[(4, ("5.57.71",), "Sygedagpenge", (44020.0, 45100.0, 46000.0), False, None),
              (5, ("5.58.81", "5.58.83"), "Fleksjob og ledighedsydelse", (30115.0, 31000.0, 31500.0), False, None),
              (6, ("5.46.60", "5.46.61"), "Integration", (9870.0, 9500.0, 9200.0), False, None),
              (7, ("5.57.71",), "Refusion sygedagpenge", (-12400.0, -12800.0, -13000.0), False, None),
              (8, (), "Indtægter i alt", (-12400.0, -12800.0, -13000.0), True, None),
              (9, (), "I alt skattefinansieret", (71605.0, 72800.0, 73700.0), True, None)]),
    "acc_own_lines_2017.txt": dict(
        unit=("dkk_1000", "1.000 kr.", 1), kind="account", price=None,
        heading="Tabel 7. Udgifter til forsørgelse, 1.000 kr.",
        columns=[("actual", 2017, "Regnskab 2017"), ("budget", 2018, "Budget 2018"), ("budget", 2019, "Budget 2019")],
        rows=[(6, ("5.57.78",), "Dagpenge til forsikrede ledige", (20500.0, 21000.0, 19750.0), False,
               "Forsikrede ledige"),
              (11, ("5.68.95",), "Løn til forsikrede ledige ansat i kommunen", (1100.0, 1050.0, 980.0), False,
               "Forsikrede ledige"),
              (14, ("5.57.73",), "Kontant- og uddannelseshjælp", (31200.0, 30000.0, 29400.0), False, IK),
              (16, (), "Ressourceforløb og jobafklaringsforløb", (8800.0, 9100.0, 9300.0), False, IK),
              (18, (), "Total", (61600.0, 61150.0, 59430.0), True, IK)]),
    "acc_overslag_2020.txt": dict(
        unit=("dkk_mio", "mio. kr.", 3), kind="account", price=None,
        heading="Beskæftigelsesområdet - budget og overslagsår",
        columns=[("actual", 2019, "Regnskab 2019"), ("budget", 2020, "Oprindeligt budget 2020"),
                 ("forecast", 2020, "Prognose 2020"), ("forecast", 2021, "Overslag 2021"),
                 ("forecast", 2022, "Overslag 2022"), ("forecast", 2023, "Overslag 2023")],
        rows=[(5, (), "Beskæftigelse", (412.5, 420.0, 418.3, 425.1, 430.0, 432.8), False, None),
              (6, (), "Integration", (35.2, 30.0, 31.4, 28.0, 26.5, 25.0), False, None),
              (7, (), "Sundhed og forebyggelse", (-4.1, 0.0, -2.2, 0.0, 0.0, 0.0), False, None),
              (8, (), "I alt", (443.6, 450.0, 447.5, 453.1, 456.5, 457.8), True, None)]),
    "rec_helaarspersoner_2024.txt": dict(
        unit=("persons", "Antal", 1), kind="recipients", price=None,
        heading="Tabel 9. Antal modtagere af forsørgelsesydelser (helårspersoner)",
        columns=[("actual", 2024, "Regnskab 2024"), ("budget", 2025, "Budget 2025"), ("budget", 2026, "Budget 2026")],
        rows=[(4, ("5.46.61",), "Kontanthjælp til udlændinge omfattet af integrationsprogrammet", (88.0, 95.0, 90.0),
               False, None),
              (6, ("5.48.66", "5.48.68"), "Førtidspension", (1912.0, 1880.0, 1850.0), False, None),
              (7, ("5.57.71",), "Sygedagpenge", (455.0, 470.0, 440.0), False, None),
              (8, (), "Kontant- og uddannelseshjælp", (702.0, 690.0, 671.0), False, None),
              (9, ("5.57.73",), "Kontanthjælp", (420.0, 410.0, 400.0), False, None),
              (10, ("5.57.73",), "Uddannelseshjælp", (282.0, 280.0, 271.0), False, None),
              (11, ("5.58.81", "5.58.83"), "Fleksjob og ledighedsydelse", (610.0, 625.0, 640.0), False, None),
              (12, (), "I alt", (3767.0, 3760.0, 3691.0), True, None)]),
    "rec_antal_broken_2025.txt": dict(
        unit=("persons", "Faktisk antal", 5), kind="recipients", price=None,
        heading="Nedenstående tabel viser udviklingen i ydelsesmodtagere fra 2025 til 2027.",
        columns=[("actual", 2025, "Faktisk antal 2025"), ("budget", 2026, "Budget 2026"),
                 ("budget", 2027, "Budget 2027")],
        rows=[(14, ("5.46.61",), "Selvforsørgelsesydelse til udlændinge under integrationsprogrammet",
               (51.0, 60.0, 58.0), False, None),
              (17, ("5.57.71",), "Sygedagpenge", (512.0, 530.0, 505.0), False, None),
              (19, (), "Kontant- og uddannelseshjælp", (890.0, 905.0, 870.0), False, None),
              (21, ("5.57.73",), "Kontanthjælp", (530.0, 540.0, 520.0), False, None),
              (23, ("5.57.73",), "Uddannelseshjælp", (360.0, 365.0, 350.0), False, None),
              (25, ("5.58.82",), "Ressourceforløb", (144.0, 150.0, 152.0), False, None),
              (27, ("5.68.97",), "Seniorjob", (12.0, 10.0, 9.0), False, None)]),
    "rec_personer_tabs_2027.tsv": dict(
        unit=("persons", "Antal", 2), kind="recipients", price=None, heading="Målgrupper i jobcentret",
        columns=[("corrected_budget", 2026, "Korrigeret budget 2026"), ("budget", 2027, "Budget 2027")],
        rows=[(5, (), "A-dagpengemodtagere", (1210.0, 1150.0), False, None),
              (6, (), "Sygedagpengemodtagere", (640.0, 655.0), False, None),
              (7, (), "Jobafklaringsforløb", (118.0, 125.0), False, None),
              (8, (), "Total", (1968.0, 1930.0), True, None)]),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_read_exactly(name):
    expected = EXPECTED[name]
    table = read_table_text(fixture_text(name))
    assert (table.unit.code, table.unit.printed, table.unit.line) == expected["unit"]
    assert table.kind == expected["kind"]
    assert table.price_basis == expected["price"]
    assert table.heading == expected["heading"]
    assert column_tuples(table) == expected["columns"]
    rows = row_tuples(table)
    assert len(rows) == len(expected["rows"])
    for got, want in zip(rows, expected["rows"], strict=True):
        assert got[:3] == want[:3]
        assert got[3] == pytest.approx(want[3])
        assert got[4:] == want[4:]


def test_fixtures_cover_years_2004_to_2027():
    years = {c[1] for e in EXPECTED.values() for c in e["columns"]}
    assert set(range(2004, 2028)) <= years


def test_totals_are_flagged_and_sum_where_printed():
    table = read_table_text(fixture_text("acc_hele_kroner_2004.txt"))
    data = [r for r in table.rows if not r.is_total]
    total = next(r for r in table.rows if r.is_total)
    for i in range(len(table.columns)):
        assert sum(r.values[i] for r in data) == pytest.approx(total.values[i])


def test_kind_follows_unit_not_codes():
    # recipients printed with konto codes are still recipients; accounts without codes are accounts
    assert read_table_text(fixture_text("rec_helaarspersoner_2024.txt")).kind == "recipients"
    assert read_table_text(fixture_text("acc_mio_glued_2013.txt")).kind == "account"
    text = fixture_text("acc_tusinde_stacked_2008.txt").replace("(i hele tusinde kroner)", "")
    assert read_table_text(text, unit="helårspersoner").kind == "recipients"
