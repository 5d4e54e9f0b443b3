"""Ambiguity is refused with the line named, never guessed."""

import pytest

from conftest import fixture_text, refusal
from jobbook.ingest.reader import read_table_text


@pytest.mark.parametrize(("name", "line", "words"), [
    ("bad_no_unit.txt", 2, "states no unit"),
    ("bad_too_few_amounts.txt", 4, "has 1 amount(s) but the table has 2 figure column(s)"),
    ("bad_orphan_amounts.txt", 4, "no row name above them"),
    ("bad_header_no_columns.txt", 2, "does not name its columns"),
    ("bad_no_header.txt", 2, "no header above them names their columns"),
    ("bad_unit_conflict.txt", 1, "'mio. kr.' (dkk_mio) on line 3"),
    ("bad_split_columns.txt", 2, "splits figures into 'Udgifter' columns"),
    ("bad_year_without_basis.txt", 2, "names the year 2024 without a basis"),
    ("bad_row_without_amounts.txt", 3, "'05.57.71 Sygedagpenge' has no amounts"),
])
def test_bad_fixture_refused_with_line(name, line, words):
    error = refusal(fixture_text(name))
    assert error.problems[0].line == line
    assert words in error.problems[0].message
    assert str(error).startswith(f"line {line}: ")


def test_missing_unit_is_given_by_caller():
    table = read_table_text(fixture_text("bad_no_unit.txt"), unit="1.000 kr.")
    assert (table.unit.code, table.unit.printed, table.unit.line) == ("dkk_1000", "1.000 kr.", None)
    assert [r.values for r in table.rows] == [(1200.0, 1300.0), (400.0, 420.0), (1600.0, 1720.0)]


def test_caller_unit_must_agree_with_the_table():
    error = refusal(fixture_text("acc_own_lines_2017.txt"), unit="mio. kr.")
    assert error.problems[0].line == 1
    assert "states the unit '1.000 kr.' (dkk_1000) but --unit gives 'mio. kr.' (dkk_mio)" in str(error)
    same = read_table_text(fixture_text("acc_own_lines_2017.txt"), unit="t.kr.")
    assert same.unit.line == 1  # the table's own statement is kept


def test_caller_unit_must_be_a_unit():
    assert "is not a unit" in str(refusal(fixture_text("bad_no_unit.txt"), unit="euro"))
    assert "more than one unit" in str(refusal(fixture_text("bad_no_unit.txt"), unit="kr. og personer"))


def test_two_tables_need_a_heading():
    error = refusal(fixture_text("two_tables.txt"))
    assert "2 tables" in str(error) and "line 2 'Tabel A" in str(error) and "line 8 'Tabel B" in str(error)
    first = read_table_text(fixture_text("two_tables.txt"), heading="tabel a")
    assert first.unit.code == "dkk_1000" and [r.name_printed for r in first.rows] == ["Sygedagpenge", "Revalidering",
                                                                                       "I alt"]
    second = read_table_text(fixture_text("two_tables.txt"), heading="Tabel B. Modtagere")
    assert second.kind == "recipients" and [c.year for c in second.columns] == [2021, 2022]
    assert "not in the text" in str(refusal(fixture_text("two_tables.txt"), heading="Tabel C"))


def test_no_table_at_all():
    error = refusal("Budgettet er vedtaget.\nDer er ingen tabel her.\n")
    assert error.problems[0].line is None and "no table found" in str(error)


HEAD = "Driftsbudget (1.000 kr.)\nKonto  Budget 2024  Budget 2025\n"


@pytest.mark.parametrize(("body", "line", "words"), [
    # amounts on lines of their own: too few before the next row
    ("Sygedagpenge\n1.200\n5.57.72 Sociale formål 3 4\n", 3, "has 1 amount(s)"),
    # too many amounts on lines of their own
    ("Sygedagpenge\n1.200\n1.300 1.400\n", 3, "3 amounts on lines 4-5"),
    # a percentage in a year column
    ("Sygedagpenge 12 % 4\n", 3, "a percentage stands in the column 'Budget 2024'"),
    # a lower-case row name with no name above it
    ("Sygedagpenge 1 2\n05.57.72 Sociale formål 3 4\nog andet 5 6\n", 5, "starts in lower case"),
    # a total without amounts followed by a new row
    ("Sygedagpenge 1 2\nI alt\n05.57.72 Sociale formål 3 4\n", 4, "'I alt' has no amounts"),
    # a row with one amount where the name does not continue
    ("Sygedagpenge 1\nSociale formål 3 4\n", 3, "has 1 amount(s) but the table has 2"),
])
def test_ambiguous_rows_refused(body, line, words):
    error = refusal(HEAD + body)
    assert error.problems[0].line == line
    assert words in error.problems[0].message


def test_cells_never_shift():
    text = "Beløb i 1.000 kr.\n| Konto | Budget 2024 | Budget 2025 |\n|---|---|---|\n| Sygedagpenge | 1 |\n"
    error = refusal(text)
    assert error.problems[0].line == 4 and "2 cells but the header has 3" in str(error)
    text = "Beløb i 1.000 kr.\n| Konto | Budget 2024 | Budget 2025 |\n| Sygedagpenge | 1 | x |\n"
    assert "the cell 'x' stands where an amount is expected" in str(refusal(text))


def test_header_problems():
    assert "the column 'Budget' in the header has no year" in str(
        refusal("1.000 kr.\nKonto Regnskab 2023 Budget\nSygedagpenge 1 2\n"))
    assert "names the year 2025 without a basis" in str(
        refusal("1.000 kr.\nRegnskab Budget\n2023 2024 2025\nSygedagpenge 1 2 3\n"))
    assert "the header cell 'Overslag 2026 2027' names 2 columns" in str(
        refusal("1.000 kr.\nKonto\tBudget 2025\tOverslag 2026 2027\nSygedagpenge\t1\t2\n"))


@pytest.mark.parametrize(("heading", "printed"), [("Driftsbudget (mia. kr.)", "mia. kr."),
                                                  ("Pris (kr. pr. helårsperson)", "kr. pr. helårsperson")])
def test_unsupported_units_refused(heading, printed):
    error = refusal(f"{heading}\nKonto Budget 2024 Budget 2025\nA 1 2\n")
    assert error.problems[0].line == 1 and f"the unit '{printed}', which this reader does not support" in str(error)
    assert "not supported" in str(refusal("Oversigt\nKonto Budget 2024\nA 1\n", unit="mia. kr."))
