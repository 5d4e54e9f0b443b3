"""Unit tests: rounding tolerances and the classification of stated totals."""

import pandas as pd

from jobbook.data.checks import Acknowledgements, compare_total, rounding_tolerance
from jobbook.data.read import ParsedTable
from jobbook.data.tables import BUDGET_TOTALS_STATED


def test_tolerance_allows_half_a_unit_for_each_part_and_the_total():
    assert rounding_tolerance(2, 1000) == 1500
    assert rounding_tolerance(18, 1) == 9.5
    assert rounding_tolerance(5, 0) == 0


def _table_with_one_row() -> ParsedTable:
    table = ParsedTable(spec=BUDGET_TOTALS_STATED, display_path="data/budget_totals_stated.csv")
    table.frame = pd.DataFrame({"x": [1]})
    table.raw = pd.DataFrame({"x": ["1"]})
    table.lines = [7]
    return table


def _compare(parts, stated, acks=None, rounding=1.0):
    return compare_total(_table_with_one_row(), 0, "budget_total", "2020/budget/s", parts, stated, rounding,
                         "(1,000 kr.)", acks or Acknowledgements(None), {})


def test_equal_total_gives_no_finding():
    assert _compare([1, 2, 3], 6) is None


def test_rounding_difference_is_a_note_with_the_figures():
    note = _compare([100, 200, 301], 600)
    assert note.severity == "note"
    assert note.line == 7
    assert note.details["difference"] == 1
    assert note.details["kind"] == "rounding"


def test_difference_beyond_rounding_is_an_error():
    error = _compare([100, 200, 310], 600)
    assert error.severity == "error"
    assert "more than the rounding tolerance of 2" in error.expected


def test_exact_figures_allow_no_difference():
    assert _compare([100, 200], 301, rounding=0).severity == "error"


def test_acknowledged_difference_is_a_note_only_when_it_matches_exactly():
    acks_table = ParsedTable(spec=BUDGET_TOTALS_STATED, display_path="data/known_discrepancies.csv")
    acks_table.frame = pd.DataFrame({"check_code": ["budget_total"], "subject_key": ["2020/budget/s"],
                                     "difference": [10.0], "explanation_da": ["Forklaring"]})
    acks_table.lines = [2]
    acks = Acknowledgements(acks_table)
    note = _compare([100, 200, 310], 600, acks)
    assert note.severity == "note"
    assert note.details["explanation_da"] == "Forklaring"
    assert _compare([100, 200, 320], 600, acks).severity == "error"
