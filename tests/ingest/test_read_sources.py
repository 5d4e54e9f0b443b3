"""The two real tables of the project's own sources, read from the whole source text."""

from conftest import column_tuples, row_tuples, source_text
from jobbook.ingest.reader import read_table_text

ACCOUNT_ROWS = [
    (483, ("5.46.60",), "Selvforsørgelses- og hjemrejseprogram eller introduktionsprogram", (7332.0, 7133.0)),
    (485, ("5.46.61",), "Kontanthjælp til udlændinge omfattet af integrationsprogram", (11640.0, 10788.0)),
    (487, ("5.46.65",), "Repatriering", (-95.0, -96.0)),
    (489, ("5.57.71",), "Sygedagpenge", (67639.0, 69321.0)),
    (491, ("5.57.72",), "Sociale formål", (1399.0, 1486.0)),
    (493, ("5.57.73",), "Kontant- og uddannelseshjælp", (95575.0, 105210.0)),
    (495, ("5.57.74",), "Selvforsørgelses- og hjemrejseydelse eller overgangsydelse", (0.0, 0.0)),
    (497, ("5.57.78",), "Dagpenge til forsikrede ledige", (75343.0, 106652.0)),
    (499, ("5.58.80",), "Revalidering", (5674.0, 4549.0)),
    (501, ("5.58.81",), "Løntilskud m.v. til personer i fleksjob", (77147.0, 77495.0)),
    (503, ("5.58.82",), "Ressourceforløb og jobafklaringsforløb", (54143.0, 53411.0)),
    (505, ("5.58.83",), "Ledighedsydelse", (32567.0, 40975.0)),
    (507, ("5.68.90",), "Driftsudgifter til den kommunale beskæftigelsesindsats", (53021.0, 53776.0)),
    (509, ("5.68.91",), "Beskæftigelsesindsats for forsikrede ledige", (3417.0, 0.0)),
    (511, ("5.68.94",), "Løntilskud og indtil 2012 pilotjobcentre", (1411.0, 3772.0)),
    (513, ("5.68.95",), "Løn til forsikrede ledige m.fl, kontanthjælpsmodtagere m.fl", (1280.0, 1168.0)),
    (515, ("5.68.97",), "Seniorjob til personer over 55 år", (2813.0, 2048.0)),
    (517, ("5.68.98",), "Beskæftigelsesordninger", (2393.0, 2538.0)),
]


def test_003_account_table():
    table = read_table_text(source_text("003_0863a4d303067c74.txt"))
    assert (table.unit.code, table.unit.printed, table.unit.line) == ("dkk_1000", "i hele tusinde kroner", 473)
    assert table.kind == "account"
    assert table.heading == "INDSATS OG YDELSESBUDGET (i hele tusinde kroner)"
    assert column_tuples(table) == [("budget", 2020, "Budget 2020"), ("budget", 2021, "Budget 2021")]
    rows = row_tuples(table)
    assert len(rows) == 19  # 18 account rows and the I alt line
    assert [(r[0], r[1], r[2], r[3]) for r in rows[:-1]] == ACCOUNT_ROWS
    assert not any(r[4] for r in rows[:-1])
    assert rows[-1] == (519, (), "I alt", (492697.0, 540225.0), True, None)


RECIPIENT_ROWS = [
    (102, ("5.46.61",), "Kontanthjælp/integrationsydelse til udlændinge omfattet af integrationsprogrammet S/H-ydelse",
     (140.0, 164.0, 136.0)),
    (105, ("5.48.65",), "Seniorpension", (0.0, 164.0, 205.0)),
    (107, ("5.48.66", "5.48.68"), "Førtidspension", (2816.0, 2716.0, 2848.0)),
    (109, ("5.57.71",), "Sygedagpenge", (806.0, 537.0, 703.0)),
    (111, (), "Kontant og uddannelseshjælp", (1017.0, 1080.0, 1015.0)),
    (113, ("5.57.73",), "Kontanthjælp", (612.0, 650.0, 610.0)),
    (115, ("5.57.73",), "Uddannelseshjælp", (405.0, 430.0, 405.0)),
    (117, ("5.57.78",), "Dagpenge til forsikrede ledige", (692.0, 756.0, 640.0)),
    (119, ("5.58.80",), "Revalidering", (40.0, 28.0, 27.0)),
    (121, (), "Ledighedsydelse, Fleksjob og Flekslønstilskud", (1051.0, 1133.0, 1098.0)),
    (123, ("5.58.83",), "Ledighedsydelse", (223.0, 292.0, 238.0)),
    (125, ("5.58.81",), "Fleksjob og flekslønstilskud", (828.0, 841.0, 860.0)),
    (127, ("5.58.82",), "Ressourceforløb", (268.0, 276.0, 250.0)),
    (129, ("5.58.82",), "Jobafklaringsforløb", (160.0, 141.0, 137.0)),
    (131, ("5.68.97",), "Seniorjob", (20.0, 9.0, 7.0)),
]


def test_004_recipient_table():
    table = read_table_text(source_text("004_bdf646710c52dacc.txt"))
    assert (table.unit.code, table.unit.printed, table.unit.line) == ("persons", "Faktisk antal", 93)
    assert table.kind == "recipients"
    assert table.header_line == 92
    assert column_tuples(table) == [("actual", 2020, "Faktisk antal 2020"), ("budget", 2021, "Budget 2021"),
                                    ("budget", 2022, "Budget 2022")]
    rows = row_tuples(table)
    assert [(r[0], r[1], r[2], r[3]) for r in rows] == RECIPIENT_ROWS
    assert not any(r[4] for r in rows)  # the group lines are rows without codes, not printed totals
    # the uncoded group lines are the sums of the coded rows under them
    by_line = {r[0]: r[3] for r in rows}
    assert [a + b for a, b in zip(by_line[113], by_line[115], strict=True)] == list(by_line[111])
    assert [a + b for a, b in zip(by_line[123], by_line[125], strict=True)] == list(by_line[121])


def test_003_with_heading_argument():
    table = read_table_text(source_text("003_0863a4d303067c74.txt"), heading="Indsats og ydelsesbudget")
    assert len(table.rows) == 19
