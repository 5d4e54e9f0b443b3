"""A figure in the wrong unit passes every sum: the neighbour year and the population catch it."""

from __future__ import annotations

from conftest import replace_once
from jobbook.data.dataset import validate_data_dir
from jobbook.data.plausibility import jump_factor

ROW_2021 = "2021,budget,5.57.71,Sygedagpenge,69321,"


def test_the_jump_factor():
    assert jump_factor(100, 2000) == 20 and jump_factor(-95, -96) < 2
    assert jump_factor(0, 3417) is None and jump_factor(3417, 0) is None


def kroner_as_thousands(data_copy):
    """2021's sygedagpenge in whole kroner in a column of 1,000 kr. (and the stated total likewise off)."""
    replace_once(data_copy / "budget_by_account.csv", ROW_2021, "2021,budget,5.57.71,Sygedagpenge,69321000,")
    total = data_copy / "budget_totals_stated.csv"
    total.write_text(total.read_text(encoding="utf-8").replace(",540225,", ",69791904,"), encoding="utf-8")


def test_a_figure_twenty_times_the_year_before_is_an_error_naming_both_rows(data_copy, settings):
    kroner_as_thousands(data_copy)
    [error] = [e for e in validate_data_dir(data_copy, settings).errors if e.check_code == "plausibility"]
    assert error.file.endswith("budget_by_account.csv") and error.line == 23
    assert "69321000 here is 1025 times the size of 67639 for 5.57.71 (budget) in 2020 on line 5" in error.expected
    assert "the unit may be wrong" in error.expected
    assert "subject_key budget_by_account/5.57.71/budget/2021, difference 69253361" in error.expected


def test_a_real_jump_can_be_acknowledged_by_its_exact_change(data_copy, settings):
    kroner_as_thousands(data_copy)
    with (data_copy / "known_discrepancies.csv").open("a", encoding="utf-8") as handle:
        handle.write("plausibility,budget_by_account/5.57.71/budget/2021,69253361,dkk_1000,En prøve.,"
                     "beskaeftigelsesplan-2021,Afsnit 4\n")
    assert [e for e in validate_data_dir(data_copy, settings).errors if e.check_code == "plausibility"] == []


def test_more_persons_than_inhabitants_is_an_error(data_copy, settings):
    replace_once(data_copy / "recipients.csv", "sygedagpenge,2020,actual,806,", "sygedagpenge,2020,actual,80600,")
    errors = [e.format() for e in validate_data_dir(data_copy, settings).errors]
    assert any("column 'persons' value '80600' — at most 49,000 persons, the municipality's population" in e
               for e in errors), errors


def change_2021(data_copy, konto: str, old: int, new: int) -> None:
    """One 2021 budget figure changed, with the stated total of 2021 changed by as much (so only the jump shows)."""
    path = data_copy / "budget_by_account.csv"
    text = path.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith(f"2021,budget,{konto},"))
    assert f",{old}," in line
    path.write_text(text.replace(line, line.replace(f",{old},", f",{new},")), encoding="utf-8")
    replace_once(data_copy / "budget_totals_stated.csv", ",540225,", f",{540225 - old + new},")


def plausibility(data_copy, settings, severity: str) -> list:
    return [f for f in validate_data_dir(data_copy, settings).findings
            if f.check_code == "plausibility" and f.severity == severity]


def test_a_jump_on_a_tiny_account_is_a_note_not_an_error(data_copy, settings):
    # Repatriering: -95 in 2020, then -2,100 (22 times); 0.4 % of the table's 540 million kr.
    change_2021(data_copy, "5.46.65", -96, -2100)
    assert plausibility(data_copy, settings, "error") == []
    [note] = plausibility(data_copy, settings, "note")
    assert note.file.endswith("budget_by_account.csv") and note.line == 22
    assert "-2100 here is 22 times the size of -95 for 5.46.65 (budget) in 2020 on line 4" in note.expected
    assert "0.39% of the table's total (542422)" in note.expected and "below the 1%" in note.expected


def test_a_twentyfold_jump_on_an_account_that_matters_is_an_error(data_copy, settings):
    # Revalidering: 5,674 in 2020, then 113,480 (20 times): a sixth of the table.
    change_2021(data_copy, "5.58.80", 4549, 113480)
    [error] = plausibility(data_copy, settings, "error")
    assert "113480 here is 20 times the size of 5674 for 5.58.80 (budget) in 2020" in error.expected


def test_a_thousandfold_error_downwards_on_a_sizeable_account_is_an_error(data_copy, settings):
    # Sygedagpenge stored in mio. kr. where the column holds 1,000 kr.: 69 instead of 69,321.
    change_2021(data_copy, "5.57.71", 69321, 69)
    [error] = plausibility(data_copy, settings, "error")
    assert "69 here is 980 times the size of 67639 for 5.57.71 (budget) in 2020" in error.expected
    assert plausibility(data_copy, settings, "note") == []


def test_the_note_on_a_small_jump_is_a_danish_sentence_on_the_sources_page(data_copy, settings):
    from jobbook.data.dataset import load_dataset
    from jobbook.site.sources_page import notes_html

    change_2021(data_copy, "5.46.65", -96, -2100)
    html = notes_html(load_dataset(data_copy, settings))
    assert ("<strong>5.46.65 2021</strong> (datafilen "
            "<a href=\"../../data/budget_by_account.csv\">budget_by_account.csv</a>, linje 22): tallet er 22 gange så "
            "stort som året før (−95 mod −2.100), men udgør kun 0,39 % af tabellens samlede beløb") in html
