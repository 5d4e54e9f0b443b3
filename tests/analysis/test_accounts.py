"""Unit tests: the budget-year computations on the shipped data."""

import pytest

from conftest import DATA_DIR
from jobbook.analysis import accounts as budget
from jobbook.data.dataset import load_dataset


@pytest.fixture(scope="module")
def ds(settings):
    return load_dataset(DATA_DIR, settings)


def test_change_pct():
    assert budget.change_pct(110, 100) == pytest.approx(10)
    assert budget.change_pct(-90, -100) == pytest.approx(10)  # a smaller income is a rise in net cost
    assert budget.change_pct(5, 0) != budget.change_pct(5, 0)  # NaN: no base to compare with


def test_accounts_carry_the_change_from_the_year_before(ds):
    accounts = budget.accounts_for_year(ds, 2021).set_index("konto_code")
    dagpenge = accounts.loc["5.57.78"]
    assert (dagpenge["amount_dkk_1000"], dagpenge["previous_dkk_1000"]) == (106652, 75343)
    assert dagpenge["change_dkk_1000"] == 31309
    assert dagpenge["change_pct"] == pytest.approx(41.555, abs=1e-3)
    assert not accounts["is_new"].any()


def test_first_year_has_no_previous_year(ds):
    accounts = budget.accounts_for_year(ds, 2020)
    assert len(accounts) == 18
    assert accounts["previous_dkk_1000"].isna().all()
    assert not accounts["is_new"].any()  # nothing to be new against


def test_split_into_benefits_and_operations(ds):
    types = budget.totals_by_expense_type(ds, 2021).set_index("expense_type_code")
    assert types.loc["forsorgelse", "amount_dkk_1000"] == 469791
    assert types.loc["drift", "amount_dkk_1000"] == 70435
    assert types["share_pct"].sum() == pytest.approx(100)
    assert types.loc["forsorgelse", "amount_dkk_1000"] + types.loc["drift", "amount_dkk_1000"] == 540226


def test_stated_total_against_the_rows(ds):
    [comparison] = budget.total_comparisons(ds, 2020)
    assert (comparison.stated_dkk_1000, comparison.computed_dkk_1000) == (492697, 492699)
    assert comparison.difference_dkk_1000 == 2
    assert comparison.is_rounding
    assert budget.total_comparisons(ds, 2026) == []


def test_the_page_shows_the_comparison_the_validation_made(ds, settings):
    """Computed once: the comparison on the page is the one the validation's note was made from."""
    from jobbook.data.dataset import validate_data_dir

    [comparison] = budget.total_comparisons(ds, 2020)
    assert any(comparison is kept for kept in ds.budget_totals)
    [note] = [f for f in validate_data_dir(DATA_DIR, settings).notes if f.check_code == "budget_total"
              and f.details["budget_year"] == 2020]
    assert (note.details["stated"], note.details["computed"], note.details["parts"]) == (
        comparison.stated_dkk_1000, comparison.computed_dkk_1000, comparison.rows)


def test_the_account_table_is_computed_once_per_page(ds, settings):
    from jobbook.analysis.context import ChapterContext

    ctx = ChapterContext(ds, settings, 2021)
    assert ctx.accounts is ctx.accounts
    assert ctx.accounts.equals(budget.accounts_for_year(ds, 2021))


def test_largest_changes_either_way_without_unchanged_rows():
    import pandas as pd

    frame = pd.DataFrame({"code": list("abcde"), "change": [5.0, -9.0, 0.0, float("nan"), 7.0]})
    assert list(budget.largest_changes(frame, "change", 2)["code"]) == ["b", "e"]
    assert list(budget.largest_changes(frame, "change", 10)["code"]) == ["b", "e", "a"]


def test_removed_and_new_accounts(ds):
    assert budget.removed_accounts(ds, 2021).empty
    assert budget.removed_accounts(ds, 2026).empty  # no rows this year: nothing is "removed"


def test_hovedkonto_of_an_expense_type(ds):
    assert budget.hovedkonto_of(ds, "administration") == "6"
    assert budget.hovedkonto_of(ds, "forsorgelse") == "5"
