"""The budget-year chapter's sentences and figures, on the shipped data and on changed copies."""

import pytest

from conftest import chapter
from jobbook.analysis import budgetaar
from jobbook.data.dataset import load_dataset


def text(prose) -> str:
    return str(prose).replace("\u00a0", " ")


def test_stated_total_and_rounding_are_explained(shipped):
    said = text(budgetaar.text_total_comparisons(chapter(shipped, 2020)))
    assert "492.697.000" in said and "afrunding" in said


def test_years_without_data_say_so(shipped):
    ctx = chapter(shipped, 2026)
    assert text(budgetaar.text_accounts(ctx)) == "Kilderne har ikke et budget pr. konto for 2026."
    assert "ikke et samlet nettobudget" in text(budgetaar.text_net_budget(ctx))
    assert "ikke tal for antallet" in text(budgetaar.text_recipients(ctx))
    assert budgetaar.figure_accounts(ctx) is None and budgetaar.figure_recipients(ctx) is None


def test_net_budget_names_its_scope(shipped):
    said = text(budgetaar.text_net_budget(chapter(shipped, 2024)))
    assert "1.084.640.200" in said and "Jobcenter og Borgerservice" in said and "FGU" in said


def test_mixed_basis_is_not_divided(shipped):
    assert "blande budget og regnskab" in text(budgetaar.text_unit_costs(chapter(shipped, 2020)))
    assert budgetaar.figure_unit_costs(chapter(shipped, 2020)) is None


def test_change_is_measured_against_the_whole_year_before(data_copy, settings):
    """An account that is gone counts as a fall; a new one as a rise."""
    path = data_copy / "budget_by_account.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(line for line in lines if not line.startswith("2021,budget,5.57.71,")) + "\n",
                    encoding="utf-8")
    total = data_copy / "budget_totals_stated.csv"
    total.write_text(total.read_text(encoding="utf-8").replace(",540225,", ",470905,"), encoding="utf-8")
    said = text(budgetaar.text_accounts(chapter(load_dataset(data_copy, settings), 2021)))
    assert "470,9 mio. kr. i 2021" in said
    assert "21,8 mio. kr. mindre end året før" in said


def test_every_figure_names_its_sources(shipped):
    ctx = chapter(shipped, 2021)
    for name in ("figure_accounts", "figure_expense_types", "figure_recipients", "figure_unit_costs",
                 "figure_account_changes", "figure_group_changes"):
        figure = getattr(budgetaar, name)(ctx)
        assert figure is not None, name
        assert figure.source_ids and "Kilde:" in figure.citation_html(), name


@pytest.mark.parametrize("year", [2020, 2021, 2022, 2023, 2024, 2026])
def test_key_figures_are_text(shipped, year):
    figures = budgetaar.key_figures(chapter(shipped, year))
    assert figures["year"] == str(year) and all(isinstance(v, str) for v in figures.values())
