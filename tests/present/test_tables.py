"""How html_table lays out a table for the reader's column: cards on a phone where it would not fit, a
smaller type on a laptop, and no empty fields. (The browser's view of the same: tests/outputs/test_tables_fit.py.)"""

from __future__ import annotations

import re

import pandas as pd

from jobbook.present import fmt
from jobbook.present.columns import field_column, number_column, shown_table, text_column
from jobbook.present.columns import formats as column_formats
from jobbook.present.tables import (
    LAPTOP_COLUMN_PX,
    PHONE_COLUMN_PX,
    html_table,
    narrowest_width_px,
)


def classes(html: str) -> set[str]:
    return set(re.match(r'<table class="([^"]*)"', html)[1].split())


def test_a_net_budget_with_a_long_committee_name_is_cards_on_a_phone():
    # The 2024 case: three short columns, but a committee's name and a ten-digit amount do not fit 342 px.
    columns = [text_column("area", "Område"), text_column("committee", "Udvalg"),
               number_column("amount", "Nettobudget", "dkk")]
    frame = pd.DataFrame({"area": ["Jobcenter og Borgerservice"], "committee": ["Unge- og Beskæftigelsesudvalget"],
                          "amount": [1_084_640_200.0]})
    html = html_table(shown_table(frame, columns), column_formats(columns))
    assert classes(html) == {"jobbook-table", "jobbook-cards"}
    assert '<td class="num" data-label="Nettobudget (kr.)">1.084.640.200</td>' in html
    assert '<th scope="col">Nettobudget (kr.)</th>' in html  # the header row stays for screen readers


def test_a_small_table_stays_a_table():
    html = html_table(pd.DataFrame({"Enhed": ["Jobcentret", "Kommunen"], "År": ["2022", "2024"],
                                    "Sygefravær (%)": [6.8, 3.3]}), {"Sygefravær (%)": fmt.pct})
    assert classes(html) == {"jobbook-table"} and "data-label" not in html


def test_seven_columns_of_changes_are_cards_on_a_phone_and_dense_on_a_laptop():
    columns = [field_column("short_name_da"), text_column("compare", "Sammenlignet med"),
               field_column("persons", "Sammenligningstal", source="before"), field_column("persons", "2021"),
               field_column("persons", "Ændring", source="change", signed=True),
               number_column("pct", "Ændring", "pct", signed=True), text_column("mark", "Markering")]
    frame = pd.DataFrame({"short_name_da": ["Kontant- og uddannelseshjælp", "Integrationsydelse m.v."],
                          "compare": ["regnskab 2020", "regnskab 2020"], "before": [1017.0, 140.0],
                          "persons": [1080.0, 164.0], "change": [63.0, 24.0], "pct": [6.2, 17.1],
                          "mark": ["Sammenligningstallet", "Sammenligningstallet"]})
    html = html_table(shown_table(frame, columns), column_formats(columns))
    assert classes(html) == {"jobbook-table", "jobbook-cards", "jobbook-cards-md", "jobbook-dense"}


def test_cells_without_a_value_are_marked_empty_and_show_a_dash():
    table = pd.DataFrame({"Område": ["Kalundborg Kommune", "Hele landet"], "Stigning (%)": [5.8, None],
                          "Bemærkning": ["", "Kilden kalder området Hovedstadsregionen, og tallet er afrundet."]})
    html = html_table(table, {"Stigning (%)": fmt.pct})
    assert "jobbook-cards" in classes(html)
    # A blank text ("Bemærkning:" with nothing after it in a card) and a missing number alike.
    assert '<td class="prose empty" data-label="Bemærkning">–</td>' in html
    assert '<td class="num empty" data-label="Stigning (%)">–</td>' in html
    assert f'<td class="num" data-label="Stigning (%)">{fmt.pct(5.8)}</td>' in html
    assert html.count(' empty"') == 2


def test_the_estimate_errs_wide_and_counts_a_number_unbroken():
    # A number never wraps: its whole width counts; a text breaks between words: its longest word counts.
    number = narrowest_width_px(["N"], {"N": ["1.084.640.200"]}, {"N"}, set(), 14.4, 0)
    words = narrowest_width_px(["T"], {"T": ["1.084 640 200"]}, set(), set(), 14.4, 0)
    assert number > 2 * words
    # Chromium drew "Beskæftigelsesudvalget" 172 px wide in DejaVu Sans at 14.4 px: the estimate is not narrower.
    assert narrowest_width_px(["x"], {"x": ["Beskæftigelsesudvalget"]}, set(), set(), 14.4, 0) >= 172
    assert PHONE_COLUMN_PX < LAPTOP_COLUMN_PX
