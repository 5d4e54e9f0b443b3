"""A column's header, unit and number format come from one place: the field table or its Column spec."""

from __future__ import annotations

import pandas as pd
import pytest

from jobbook.data.fields import FIELDS, UNIT_CODES, UNIT_DA
from jobbook.present.columns import field_column, formats, number_column, shown_table, text_column
from jobbook.present.figures import Figure

SOURCES = pd.DataFrame({"source_id": ["s"], "title": ["Budget 2021"], "publisher": ["Kommunen"],
                        "published": ["2020"], "budget_year": [2021]})


def test_every_unit_code_has_its_danish_word():
    assert set(UNIT_DA) == set(UNIT_CODES)
    assert (UNIT_DA["dkk_1000"], UNIT_DA["persons"], UNIT_DA["pct"], UNIT_DA["dkk_mio"]) == (
        "1.000 kr.", "personer", "%", "mio. kr.")


def test_a_field_gives_its_header_unit_and_format():
    budget = field_column("amount_dkk_1000", "Budget 2021")
    assert budget.label == "Budget 2021 (1.000 kr.)"
    assert budget.format(69321.0) == "69.321"
    change = field_column("amount_dkk_1000", "Ændring", source="change", signed=True)
    assert (change.label, change.format(-1234), change.format(12)) == ("Ændring (1.000 kr.)", "−1.234", "+12")
    assert field_column("persons").label == "Antal (personer)"
    assert field_column("konto_code").label == "Konto" and not field_column("konto_code").is_number


def test_a_field_s_own_unit_word_overrides_its_unit(monkeypatch):
    monkeypatch.setitem(FIELDS, "persons", FIELDS["persons"].__class__(
        **{**FIELDS["persons"].__dict__, "unit_da": "helårspersoner"}))
    assert field_column("persons", "Budget 2021").label == "Budget 2021 (helårspersoner)"


def test_a_column_without_a_header_or_with_an_unknown_unit_is_refused():
    with pytest.raises(ValueError, match="header_da"):
        field_column("source_location")
    with pytest.raises(ValueError, match="unknown unit code"):
        number_column("x", "X", "kroner")


def test_percentages_keep_their_sign_and_decimals():
    share, change = number_column("s", "Andel", "pct"), number_column("c", "Ændring", "pct", signed=True)
    assert (share.label, share.format(9.44), change.format(10.2)) == ("Andel (%)", "9,4\u00a0%", "+10,2\u00a0%")


def test_a_figure_takes_headers_and_formats_from_its_columns():
    frame = pd.DataFrame({"konto_code": ["5.57.71"], "amount_dkk_1000": [69321.0], "extra": ["not shown"]})
    columns = [field_column("konto_code"), field_column("amount_dkk_1000", "Budget 2021")]
    figure = Figure(title="Budget 2021 pr. konto", table=frame, sources=SOURCES, source_ids=["s"], description="",
                    columns=columns)
    assert list(figure.table.columns) == ["Konto", "Budget 2021 (1.000 kr.)"]
    html = figure._repr_html_()
    assert '<td class="num">69.321</td>' in html and "69321.0" not in html and "not shown" not in html
    assert figure.unit_text() == "1.000 kr."  # the CSV files' unit line, from the same header


def test_two_columns_with_one_header_are_refused():
    frame = pd.DataFrame({"a": [1], "b": [2]})
    with pytest.raises(ValueError, match="one header"):
        shown_table(frame, [number_column("a", "X", "pct"), number_column("b", "X", "pct")])
    assert list(formats([text_column("a", "A"), number_column("b", "B", None)])) == ["B"]
