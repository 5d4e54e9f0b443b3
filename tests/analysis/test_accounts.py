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


def test_removed_and_new_accounts(ds):
    assert budget.removed_accounts(ds, 2021).empty
    assert budget.removed_accounts(ds, 2026).empty  # no rows this year: nothing is "removed"


def test_hovedkonto_of_an_expense_type(ds):
    assert budget.hovedkonto_of(ds, "administration") == "6"
    assert budget.hovedkonto_of(ds, "forsorgelse") == "5"
