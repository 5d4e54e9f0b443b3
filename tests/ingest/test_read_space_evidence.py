"""Space-grouped figures that cut more than one way, decided by the evidence the table gives: the
gaps of a monospaced line, the column positions under the header, the printed total; refused
when none decides (issue 19 item 6)."""

import pytest

from conftest import fixture_text
from jobbook.ingest.numbers import AmbiguousFigures, split_figures
from jobbook.ingest.reader import TableRefused, read_table_text
from jobbook.ingest.sums import decide_by_total


def rows(name: str) -> list[tuple[str, tuple]]:
    return [(r.name_printed, r.values) for r in read_table_text(fixture_text(name)).rows]


def test_wide_gaps_between_figures_and_single_spaces_in_them_decide():
    # every group three digits (1.000 kr.): cuts several ways by its tokens, one way by its gaps
    assert rows("acc_space_gaps_2026.txt") == [
        ("Sygedagpenge", (97415.0, 99800.0, 102300.0, 102300.0)),
        ("Kontant- og uddannelseshjælp", (91120.0, 90450.0, 88900.0, 88900.0)),  # figures on the wrapped line
        ("Ledighedsydelse", (-2340.0, -870.0, -1150.0, -1150.0)),  # "− 870": a sign one space from its figure
        ("Driftsudgifter til den kommunale beskæftigelsesindsats", (42615.0, 43905.0, 44210.0, 44210.0)),
        ("I alt", (228810.0, 233285.0, 234260.0, 234260.0)),
    ]


def test_the_gaps_alone_decide_a_line():
    line = "5.57.71 Sygedagpenge 101 230 104 500 108 900 108 900"
    spaced = "5.57.71 Sygedagpenge                     101 230    104 500    108 900    108 900"
    with pytest.raises(AmbiguousFigures):
        split_figures(line, 4, True)  # spacing lost: four cuts or more
    assert split_figures(line, 4, True, spaced) == ("5.57.71 Sygedagpenge",
                                                    ["101.230", "104.500", "108.900", "108.900"])
    # a name that ends in a number keeps it when a wide gap stands after it
    assert split_figures("Unge under 30 101 230 104 500", 2, True, "Unge under 30    101 230    104 500") == (
        "Unge under 30", ["101.230", "104.500"])


def test_column_positions_under_the_header_decide_when_figures_fill_their_columns():
    # hele kroner: "112 430 250 115 100 000 118 250 500" has one space between figures too
    assert rows("acc_space_columns_2026.txt")[0] == ("Sygedagpenge", (112430250.0, 115100000.0, 118250500.0))
    with pytest.raises(AmbiguousFigures):
        split_figures("05.57.71 Sygedagpenge 112 430 250 115 100 000 118 250 500", 3, True)
    spaced = "05.57.71 Sygedagpenge              112 430 250 115 100 000 118 250 500"
    assert split_figures("05.57.71 Sygedagpenge 112 430 250 115 100 000 118 250 500", 3, True, spaced,
                         [46, 58, 70])[1] == ["112.430.250", "115.100.000", "118.250.500"]
    with pytest.raises(AmbiguousFigures):  # edges that no cut meets decide nothing
        split_figures("05.57.71 Sygedagpenge 112 430 250 115 100 000 118 250 500", 3, True, spaced, [40, 52, 64])


def test_single_spaces_everywhere_and_a_total_line_that_decides():
    assert rows("acc_space_total_2026.txt") == [
        ("Sygedagpenge", (101230.0, 104500.0, 108900.0)),
        ("Kontanthjælp", (84950.0, 86200.0, 88410.0)),
        ("Revalidering", (3120.0, 2950.0, 3010.0)),
        ("I alt", (189300.0, 193650.0, 200320.0)),
    ]


def test_nothing_decides_so_the_row_is_refused_naming_the_ways():
    with pytest.raises(TableRefused) as caught:
        read_table_text(fixture_text("bad_space_undecided_2026.txt"))
    text = str(caught.value)
    assert "line 3" in text and "can be read in more than one way (101 | 230 | 104.500.108.900 or" in text


def test_a_total_that_does_not_add_up_decides_nothing():
    text = fixture_text("acc_space_total_2026.txt").replace("I alt 189 300", "I alt 189 400")
    with pytest.raises(TableRefused, match="more than one way"):
        read_table_text(text)


def test_decide_by_total_wants_exactly_one_combination():
    totals = [False, False, True]
    assert decide_by_total([[[100.0]], [[200.0], [300.0]], [[400.0]]], totals) == [0, 1, 0]
    assert decide_by_total([[[100.0], [200.0]], [[200.0], [100.0]], [[300.0]]], totals) is None  # two add up
    assert decide_by_total([[[100.0]], [[200.0], [300.0]], [[900.0]]], totals) is None  # none adds up
    assert decide_by_total([[[100.0]], [[200.0], [300.0]]], [False, False]) is None  # no total line
    # within the rounding of the printed figures: half a unit of each
    assert decide_by_total([[[100.0]], [[200.0], [3000.0]], [[301.0]]], totals) == [0, 0, 0]
