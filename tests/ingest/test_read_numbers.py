"""Numbers as PDFs print them: spaces of every kind between thousands, minus signs of every kind,
brackets, dashes; digits of other scripts refused; rows sharing a konto code summed or refused."""

import csv

import pytest

from conftest import LAYOUTS, fixture_text
from jobbook.ingest.document import ImportRefused, read_document
from jobbook.ingest.numbers import FigureError, amount_value, split_figures
from jobbook.ingest.reader import TableRefused, read_table_text

ONE = "Driftsbudget (1.000 kr.)\nKonto  Budget 2027\n"
TWO = "Driftsbudget (1.000 kr.)\nKonto  Budget 2026  Budget 2027\n"


def rows(text: str) -> list[tuple[str, tuple]]:
    return [(r.name_printed, r.values) for r in read_table_text(text).rows]


@pytest.mark.parametrize("space", [" ", "\u00a0", "\u202f", "\u2009"])
def test_thousands_grouped_by_any_space(space):
    # the case: not 430 under "Sygedagpenge 71"
    assert rows(ONE + f"Sygedagpenge 71{space}430\n") == [("Sygedagpenge", (71430.0,))]
    assert rows(TWO + f"05.57.71 Sygedagpenge 70{space}010 71{space}430\n") == [("Sygedagpenge", (70010.0, 71430.0))]


def test_the_column_count_decides_where_the_name_ends():
    assert rows(TWO + "Ledige over 55 3 4\n") == [("Ledige over 55", (3.0, 4.0))]  # 3 and 4 are no groups
    assert rows(ONE + "Sygedagpenge 1 234 567\n") == [("Sygedagpenge", (1234567.0,))]
    assert rows(TWO + "Sygedagpenge 71 430 4 400\n") == [("Sygedagpenge", (71430.0, 4400.0))]


def test_a_cut_that_can_go_two_ways_is_refused():
    with pytest.raises(TableRefused, match=r"812 \| 400\.790\.000 or 812\.400 \| 790\.000"):
        read_table_text(fixture_text("bad_space_ambiguous.txt"))


def test_a_space_in_a_table_grouped_by_dots_is_refused():
    with pytest.raises(TableRefused) as caught:
        read_table_text(fixture_text("bad_space_in_dot_table.txt"))
    assert caught.value.problems[0].line == 3 and "groups thousands by '.'" in str(caught.value)


@pytest.mark.parametrize(("printed", "value"), [
    ("-88", -88.0), ("- 88", -88.0), ("\u221288", -88.0), ("\u2212 88", -88.0), ("\u201388", -88.0),
    ("\u2013 88", -88.0), ("(88)", -88.0), ("(1.250)", -1250.0), ("- 1.250", -1250.0), ("\u2212 71 430", -71430.0),
])
def test_minus_signs_of_every_kind(printed, value):
    assert rows(ONE + f"Repatriering {printed}\n") == [("Repatriering", (value,))]


@pytest.mark.parametrize("dash", ["-", "\u2012", "\u2013", "\u2014", "\u2212"])
def test_a_dash_alone_is_zero(dash):
    # Danish budget tables print a dash for "nothing budgeted": zero, not a missing figure
    assert rows(TWO + f"Overgangsydelse {dash} 12\n") == [("Overgangsydelse", (0.0, 12.0))]


def test_an_empty_cell_is_no_figure():
    text = "Beløb i 1.000 kr.\nKonto\tBudget 2026\tBudget 2027\nSygedagpenge\t\t12\n"
    assert rows(text) == [("Sygedagpenge", (None, 12.0))]


@pytest.mark.parametrize("cell", ["71 430", "71\u00a0430", "71\u2009430", "- 71 430", "(71 430)"])
def test_cells_with_spaces_between_groups(cell):
    text = f"Beløb i 1.000 kr.\nKonto\tBudget 2027\nSygedagpenge\t{cell}\n"
    assert abs(rows(text)[0][1][0]) == 71430.0


# Arabic-Indic, Gujarati and full-width digits
@pytest.mark.parametrize("digits", ["\u0667\u0661", "\u0ae7\u0ae8", "\uff17\uff11"])
def test_digits_of_another_script_are_refused(digits):
    with pytest.raises(TableRefused, match="digits of another script"):
        read_table_text(ONE + f"Sygedagpenge {digits}\n")
    with pytest.raises(FigureError):
        amount_value(digits)


def test_the_fixture_with_every_space_and_sign():
    table = read_table_text(fixture_text("acc_space_groups_2010.txt"))
    assert [(c.basis_code, c.year) for c in table.columns] == [("actual", 2008), ("budget", 2009), ("budget", 2010)]
    assert table.unit.code == "dkk"
    assert [(r.konto_codes, r.name_printed, r.values) for r in table.rows] == [
        (("5.57.71",), "Sygedagpenge", (51430250.0, 53100000.0, 54250500.0)),  # no-break, thin, narrow spaces
        (("5.57.72",), "Sociale formål", (1812400.0, 1790000.0, 0.0)),  # figure dash: zero
        (("5.57.73",), "Kontanthjælp til personer over 30 år", (40120300.0, 41000000.0, 42500000.0)),
        (("5.46.65",), "Repatriering", (-88000.0, -90000.0, -95000.0)),
        (("5.68.94",), "Refusion af løntilskud", (-1250000.0, -1310000.0, -1400000.0)),
        (("5.58.80",), "Revalidering", (3120000.0, 2950000.0, 3010000.0)),
        ((), "I alt", (95144950.0, 97440000.0, 98265500.0))]
    parts = [r for r in table.rows if not r.is_total]
    total = table.rows[-1]
    assert [sum(r.values[i] for r in parts) for i in range(3)] == list(total.values)


def test_split_figures_reads_leading_runs_only_as_far_as_the_columns():
    assert split_figures("Unge under 30", 2, True) == ("Unge under", ["30"])  # too few: the caller decides
    assert split_figures("Pulje 2021 5 6", 2, True) == ("Pulje 2021", ["5", "6"])


def test_rows_sharing_a_code_as_parts_of_one_account_are_summed_with_a_note():
    document = read_document(LAYOUTS / "acc_refusion_parts_2014.txt")
    figures = {(r.konto_code, r.year): (r.name_printed, r.value) for r in document.rows}
    assert figures[("5.57.71", 2013)] == ("Sygedagpenge", 70_000_000.0)
    assert figures[("5.57.71", 2014)] == ("Sygedagpenge", 70_900_000.0)
    assert len(document.rows) == 4  # 2 accounts in 2 columns, never the last row kept
    [note] = document.notes
    assert "5.57.71 stands on lines 3, 4" in note and "summed" in note


def test_rows_sharing_a_code_that_are_not_parts_are_refused():
    with pytest.raises(ImportRefused) as caught:
        read_document(LAYOUTS / "bad_duplicate_code.txt")
    [problem] = caught.value.problems
    assert ":3: error: one row per konto code; 5.57.73 stands on lines 3, 4" in problem


def test_recipient_groups_may_share_a_function_code():
    # groups are told apart by their names; 5.57.73 holds both Kontanthjælp and Uddannelseshjælp
    document = read_document(LAYOUTS / "rec_helaarspersoner_2024.txt")
    assert sum(1 for r in document.rows if r.konto_code == "5.57.73") == 6 and not document.notes


def test_an_import_stores_the_sum_of_the_parts_and_says_so(data_copy, capsys):
    from conftest import SETTINGS_FILE
    from jobbook.cli import main

    path = LAYOUTS / "acc_refusion_parts_2014.txt"
    assert main(["--settings", str(SETTINGS_FILE), "import-budget", str(path), "--data", str(data_copy)]) == 0
    assert "note: 5.57.71 stands on lines 3, 4" in capsys.readouterr().err
    with (data_copy / "budget_by_account.csv").open(encoding="utf-8") as handle:
        stored = [(r["budget_year"], r["konto_name_printed"], r["amount_dkk_1000"]) for r in csv.DictReader(handle)
                  if r["konto_code"] == "5.57.71" and r["budget_year"] in ("2013", "2014")]
    assert sorted(stored) == [("2013", "Sygedagpenge", "70000"), ("2014", "Sygedagpenge", "70900")]
