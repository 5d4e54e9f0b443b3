"""Unit tests: Danish number formatting for prose and tables."""

import math

import pytest

from jobbook.present import fmt


@pytest.mark.parametrize(("value", "decimals", "text"), [
    (1084640200, 0, "1.084.640.200"), (9.4, 1, "9,4"), (-95, 0, "\u221295"), (0.04, 1, "0,0"), (-0.04, 1, "0,0"),
])
def test_number(value, decimals, text):
    assert fmt.number(value, decimals) == text


def test_units_keep_number_and_unit_together():
    assert fmt.dkk(46847000) == "46.847.000\u00a0kr."
    assert fmt.dkk_1000(492697) == "492.697.000\u00a0kr."
    assert fmt.mio(23.1) == "23,1\u00a0mio.\u00a0kr."
    assert fmt.mia(2730) == "2,73\u00a0mia.\u00a0kr."
    assert fmt.pct(9.4) == "9,4\u00a0%"
    assert fmt.pct_point(4.7) == "4,7\u00a0procentpoint"
    assert fmt.persons(1) == "1\u00a0person"
    assert fmt.persons(2848) == "2.848\u00a0personer"


def test_signed_values_show_their_direction():
    assert fmt.signed(1234) == "+1.234"
    assert fmt.signed(-1125) == "\u22121.125"
    assert fmt.signed(0) == "0"
    assert fmt.signed(0.4) == "0"
    assert fmt.signed(-0.4) == "0"
    assert fmt.signed(0.04, 1) == "0,0"
    assert fmt.signed_pct(41.55) == "+41,6\u00a0%"


@pytest.mark.parametrize("missing", [None, float("nan"), math.nan])
def test_missing_values_show_a_dash(missing):
    assert fmt.number(missing) == "–"
    assert fmt.dkk(missing) == "–"
    assert fmt.pct(missing) == "–"


def test_words_and_sentences():
    assert fmt.join_da(["a", "b", "c"]) == "a, b og c"
    assert fmt.join_da(["a"]) == "a"
    assert fmt.in_sentence("Sygedagpenge") == "sygedagpenge"
    assert fmt.in_sentence("A-dagpenge") == "A-dagpenge"
    assert fmt.ordinal_superlative(2) + "højeste" == "næsthøjeste"
    assert fmt.ordinal_superlative(1) + "højeste" == "højeste"
    assert fmt.end_sentence("i alt " + fmt.mio(23.1)) == "i alt 23,1\u00a0mio.\u00a0kr."
    assert fmt.end_sentence("i alt 5") == "i alt 5."


def test_years_are_written_as_runs():
    assert fmt.year_ranges([2026, 2020, 2021, 2022, 2023, 2024]) == "2020\u20132024 og 2026"
    assert fmt.year_ranges([2020, 2021, 2023]) == "2020, 2021 og 2023"
    assert fmt.year_ranges([2020]) == "2020"
    assert fmt.year_ranges([]) == ""


def test_labels_joined_into_one_phrase():
    assert fmt.join_labels(["Kontanthjælp", "Uddannelseshjælp"]) == "Kontanthjælp og uddannelseshjælp"
    assert fmt.join_labels(["A-dagpenge", "Sygedagpenge"]) == "A-dagpenge og sygedagpenge"


def test_change_word_names_no_change_and_missing_values():
    assert fmt.change_word(2.5) == "steget"
    assert fmt.change_word(-0.1) == "faldet"
    assert fmt.change_word(0) == "uændret"
    assert fmt.change_word(float("nan")) == "ikke oplyst"
