"""Table classes and the layout: tables that give no amounts are refused in one line; several
tables are listed; price levels, section lines, column letters, subtotals and amounts printed
before the name are read; a refusal names the layout tried."""

import pytest

from conftest import LAYOUTS, column_tuples, fixture_text, refusal, source_text
from jobbook.ingest.document import read_document
from jobbook.ingest.reader import read_table_text


@pytest.mark.parametrize(("name", "line", "words"), [
    ("bad_per_inhabitant.txt", 2, "figures per inhabitant ('pr. indbygger')"),
    ("bad_per_recipient.txt", 1, "figures per recipient ('pr. helårsmodtager')"),
    ("bad_percentage.txt", 1, "percentages ('Andel')"),
    ("bad_index.txt", 1, "an index ('indeks')"),
    ("bad_inhabitants_row.txt", 4, "the row 'Indbyggere' gives a count of inhabitants"),
])
def test_tables_that_give_no_amounts_are_refused(name, line, words):
    error = refusal(fixture_text(name))
    assert error.problems[0].line == line and words in error.problems[0].message
    assert "read as: " in error.problems[0].message


@pytest.mark.parametrize("heading", ["Drift i alt pr. indbygger, hele kroner", "Hele kroner pr. indbygger, drift i alt",
                                     "Drift i alt (kr. per indbygger)", "Udgift pr. 1.000 indbyggere (kr.)"])
def test_per_inhabitant_whatever_the_order_of_the_words(heading):
    text = f"{heading}\nOmråde Regnskab 2008 Budget 2009\nForsørgelse 7.410 7.520\n"
    assert "per inhabitant" in str(refusal(text)) or "does not support" in str(refusal(text))


def test_two_tables_are_listed_with_line_heading_and_unit():
    error = refusal(fixture_text("two_tables_kroner_and_per_inhabitant.txt"))
    message = str(error)
    assert "2 tables" in message
    assert "line 3 'Tabel 1. Drift, hele kroner' (hele kroner)" in message
    assert "line 11 'Tabel 2. Drift i alt pr. indbygger, hele kroner' (hele kroner, figures per inhabitant)" in message


def test_the_first_of_two_tables_with_its_price_levels_and_section():
    table = read_table_text(fixture_text("two_tables_kroner_and_per_inhabitant.txt"), heading="Tabel 1")
    assert [(c.year, c.price_level) for c in table.columns] == [(2008, "2008-priser"), (2009, "2009-priser"),
                                                                (2010, "2010-priser")]
    assert [(r.name_printed, r.section) for r in table.rows] == [
        ("Sygedagpenge", "Skattefinansieret"), ("Revalidering", "Skattefinansieret"), ("I alt", "Skattefinansieret")]


def test_the_second_of_two_tables_is_never_read_under_the_first_s_names():
    error = refusal(fixture_text("two_tables_kroner_and_per_inhabitant.txt"), heading="Tabel 2")
    assert error.problems[0].line == 10 and "per inhabitant" in str(error)


def test_a_header_with_other_words_in_it_starts_a_table_of_its_own():
    text = ("Tabel 1. Drift (1.000 kr.)\nKonto Regnskab 2008 Budget 2009\n05.57.71 Sygedagpenge 52.301 53.150\n"
            "Drift pr. indbygger Regnskab 2008 Budget 2009\nSygedagpenge 1.087 1.106\n")
    assert "line 4 'Drift pr. indbygger Regnskab 2008 Budget 2009' (no unit stated, figures per inhabitant)" in str(
        refusal(text))
    assert [r.values for r in read_table_text(text, heading="Tabel 1").rows] == [(52301.0, 53150.0)]
    assert "per inhabitant" in str(refusal(text, heading="Drift pr. indbygger"))


def test_a_table_that_cannot_be_read_is_listed_not_skipped():
    text = ("Tabel 1. Drift (1.000 kr.)\nKonto Budget 2009 Budget 2010\nForsørgelse\nIndsats\nAktivering\nUnge\n"
            "Voksne\n05.57.71 Sygedagpenge 1.200 1.300\n05.58.80 Revalidering 300 310\n\n"
            "Tabel 2. Modtagere (antal)\nGruppe Budget 2009 Budget 2010\nSygedagpenge 410 400\n")
    message = str(refusal(text))
    assert "2 tables" in message and "line 2 'Tabel 1. Drift (1.000 kr.)' (cannot be read: no row within 4 lines" \
        in message


def test_price_level_line_and_section_lines_between_header_and_rows():
    table = read_table_text(fixture_text("acc_price_levels_2009.txt"))
    assert [c.price_level for c in table.columns] == ["2008-priser", "2009-priser", "2010-priser"]
    assert table.price_basis is None  # three levels: each column keeps its own
    assert [(r.name_printed, r.section, r.is_subtotal) for r in table.rows] == [
        ("Kontant og uddannelseshjælp", "Forsørgelse", True), ("Kontanthjælp", "Forsørgelse", False),
        ("Uddannelseshjælp", "Forsørgelse", False), ("Sygedagpenge", "Forsørgelse", False),
        ("Driftsudgifter til den kommunale beskæftigelsesindsats", "Indsats", False), ("I alt", "Indsats", False)]


def test_a_subtotal_is_never_a_row_in_the_document_or_its_json():
    document = read_document(LAYOUTS / "acc_price_levels_2009.txt")
    names = {r.name_printed for r in document.rows}
    assert "Kontant og uddannelseshjælp" not in names and len(document.rows) == 12
    assert {r.name_printed for r in document.subtotals} == {"Kontant og uddannelseshjælp"}
    assert all(r["name_printed"] != "Kontant og uddannelseshjælp" for r in document.as_json()["rows"])
    assert {r.price_level for r in document.rows if r.year == 2009} == {"2009-priser"}
    assert all("price_level" not in r for r in document.as_json()["rows"])  # the JSON contract is unchanged


def test_the_book_s_recipient_table_flags_its_two_subtotals():
    table = read_table_text(source_text("004_bdf646710c52dacc.txt"))
    assert [(r.line, r.name_printed) for r in table.rows if r.is_subtotal] == [
        (111, "Kontant og uddannelseshjælp"), (121, "Ledighedsydelse, Fleksjob og Flekslønstilskud")]


def test_a_line_that_does_not_add_up_is_a_row():
    text = "Tabel (1.000 kr.)\nKonto Budget 2009 Budget 2010\nForsørgelse i øvrigt 100 200\nA 60 120\nB 40 90\n"
    assert not any(r.is_subtotal for r in read_table_text(text).rows)


def test_column_letters_and_the_unit_in_a_cell():
    table = read_table_text(fixture_text("acc_column_letters_2011.md"))
    assert (table.unit.code, table.unit.line) == ("dkk_1000", 3)
    assert column_tuples(table) == [("actual", 2010, "Regnskab 2010"), ("budget", 2011, "Budget 2011"),
                                    ("budget", 2012, "Budget 2012")]
    assert [(r.konto_codes, r.values) for r in table.rows] == [
        (("5.68.90",), (14200.0, 14650.0, 14900.0)), (("5.68.98",), (2310.0, 2400.0, 2380.0)),
        ((), (16510.0, 17050.0, 17280.0))]
    assert "column letters on line 3" in table.layout and "cells separated by pipes" in table.layout


def test_column_letters_in_running_text():
    text = "Tabel (1.000 kr.)\nKonto Regnskab 2008 Budget 2009\nA B C\n05.57.71 Sygedagpenge 1.200 1.300\n"
    assert [r.values for r in read_table_text(text).rows] == [(1200.0, 1300.0)]


def test_amounts_printed_before_the_name():
    table = read_table_text(fixture_text("acc_amounts_first_2012.txt"))
    assert [(r.konto_codes, r.name_printed, r.values, r.is_total) for r in table.rows] == [
        (("5.57.71",), "Sygedagpenge", (412.5, 420.0), False),
        (("5.57.73",), "Kontanthjælp og uddannelseshjælp", (35.2, 30.0), False),  # wrapped below its amounts
        (("5.46.65",), "Repatriering", (-4.1, -2.2), False), ((), "I alt", (443.6, 447.8), True)]
    assert table.layout.startswith("read as: 2 amount columns (Regnskab 2011, Budget 2012), code, name")


def test_a_refusal_names_the_layout_tried():
    text = ("Tabel (hele kroner)\nKonto Regnskab 2008 Budget 2009 Budget 2010\n"
            "05.57.71 Sygedagpenge 1.200 1.300\n")
    message = str(refusal(text))
    assert "read as: code, name, 3 amount columns (Regnskab 2008, Budget 2009, Budget 2010)" in message
    assert "unit in heading" in message
