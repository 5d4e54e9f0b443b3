"""Unit tests: the net budgets' scopes (net_budgets), and the trend chapter's comparison in the covid-19
months and the book's own counts of uddannelseshjælp, computed from the shipped data and without it."""

import pandas as pd
import pytest

from conftest import DATA_DIR, chapter, with_table
from jobbook.analysis import net_budgets
from jobbook.analysis import udvikling as trend
from jobbook.data.dataset import load_dataset


@pytest.fixture(scope="module")
def ds(settings):
    return load_dataset(DATA_DIR, settings)


def test_net_budget_scopes_glue_the_amounts_and_the_book_s_own_difference(ds):
    said = str(net_budgets.text_net_budget_scopes(chapter(ds, 2026)))
    assert said.startswith("Nettobudgettet for 2022 på 989.049.000\u00a0kr. gælder området »Arbejdsmarked og "
                           "Borgerservice – Sociale opgaver og beskæftigelse«. Nettobudgettet for 2024 på "
                           "1.084.640.200\u00a0kr. gælder »Jobcenter og Borgerservice«, som hører under Unge- og "
                           "Beskæftigelsesudvalget.")
    # 1.084.640.200 - 989.049.000, marked as the book's own arithmetic
    assert "Forskellen er 95.591.200\u00a0kr. (bogens udregning)" in said
    assert "budgetterer alligevel med 205\u00a0personer på seniorpension i 2022" in said
    assert "»Jobcenter – fællesudgifter og administration m.v.«, på 46.847.000\u00a0kr." in said
    assert "Læg derfor ikke de to beløb for 2022 sammen for at sammenligne med 2024." in said


def test_net_budget_scopes_without_one_of_the_areas_are_not_shown(ds):
    budgets = ds["net_budgets"]
    only_2022 = with_table(ds, "net_budgets", budgets[budgets["area_code"] != net_budgets.NEWER_AREA])
    assert net_budgets.text_net_budget_scopes(chapter(only_2022, 2026)) is None


def test_net_budget_scopes_leave_out_the_administration_when_it_has_no_budget(ds):
    budgets = ds["net_budgets"]
    without_admin = with_table(ds, "net_budgets", budgets[budgets["area_code"] != net_budgets.OLDER_ADMIN_AREA])
    said = str(net_budgets.text_net_budget_scopes(chapter(without_admin, 2026)))
    assert "Jobcentrets administration" not in said and "Begge år" in said


def test_the_book_s_own_counts_of_uddannelseshjaelp_are_said_to_end_with_their_last_year(ds):
    said = str(trend.text_education_benefit_counts(chapter(ds, 2026)))
    assert said == ("Bogens egne tal for modtagere af uddannelseshjælp, i figuren øverst på siden, går kun frem til "
                    "budgettet for 2022.")


def test_an_outcome_is_named_before_a_budget_of_the_same_year(ds):
    counts = ds["recipients"]
    outcome = counts[(counts["group_code"] == "uddannelseshjaelp") & (counts["budget_year"] == 2022)].assign(
        basis_code="actual")
    both = with_table(ds, "recipients", pd.concat([counts, outcome]))
    assert str(trend.text_education_benefit_counts(chapter(both, 2026))).endswith("regnskabet for 2022.")


def test_without_counts_of_uddannelseshjaelp_the_book_says_it_has_none(ds):
    counts = ds["recipients"]
    none = with_table(ds, "recipients", counts[counts["group_code"] != "uddannelseshjaelp"])
    assert str(trend.text_education_benefit_counts(chapter(none, 2026))) == (
        "Bogen har heller ingen egne tal for, hvor mange der får uddannelseshjælp.")


def test_covid_comparison_names_the_municipalities_instead_of_calling_them_neighbours(ds):
    said = str(trend.text_unemployment_2020(chapter(ds, 2026)))
    assert said.startswith("I perioden 8. marts 2020–18. oktober 2020 steg ledigheden med 5,8\u00a0% i kommunen")
    assert ("Tallene for kommunen er dermed lavere end for landet, regionerne og sammenligningskommunerne "
            "Holbæk, Odsherred og Slagelse.") in said
    assert "nabo" not in said


def test_recipient_counts_are_called_antal_as_the_source_prints_them(ds):
    figure = trend.figure_recipients_over_time(chapter(ds, 2026))
    assert "helårs" not in figure.title.lower() and "helårs" not in figure.description.lower()


def test_the_recipients_chart_says_which_lines_it_draws_and_that_the_extremes_cover_all_groups(shipped):
    said = trend.figure_recipients_over_time(chapter(shipped, 2026)).description
    assert "for de 5 største grupper og de øvrige 8 samlet; tabellen har alle grupper" in said
    # The extremes are counted between periods of one basis: from regnskab 2020 to budget 2022 Seniorpension
    # (a group without a line of its own) rose by 205, but a budget against a regnskab is no change.
    assert ("Fra budget 2021 til budget 2022 er den største stigning blandt alle grupper: Sygedagpenge (+166). "
            "Største fald: A-dagpenge (−116).") in said
    assert "+205" not in said


def test_recipients_over_time_count_no_change_between_a_regnskab_and_a_budget(shipped):
    said = str(trend.text_recipients_over_time(chapter(shipped, 2026)))
    assert said == ("I alt var der ifølge regnskabet 7.010\u00a0personer i 2020 og budgetteret 7.066\u00a0personer i "
                    "2022. Det første tal er regnskab, det sidste budget, så forskellen mellem dem er ikke en "
                    "udvikling, og bogen regner den ikke ud. Fra budget 2021 til budget 2022 er ændringen +62 "
                    "(+0,9\u00a0%).")
