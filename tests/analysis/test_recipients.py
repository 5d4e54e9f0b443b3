"""Unit tests: recipient subtotals, comparisons and cost per recipient."""

import pytest

from conftest import DATA_DIR
from jobbook.analysis import recipients
from jobbook.data.dataset import load_dataset


@pytest.fixture(scope="module")
def ds(settings):
    return load_dataset(DATA_DIR, settings)


def test_subtotals_are_derived_from_their_parts(ds):
    counts = recipients.counts_with_subtotals(ds).set_index(["group_code", "budget_year", "basis_code"])
    assert counts.loc[("kontant_og_uddannelseshjaelp", 2020, "actual"), "persons"] == 1017
    assert counts.loc[("ledighedsydelse_og_fleksjob", 2022, "budget"), "persons"] == 1098
    assert counts.loc[("kontant_og_uddannelseshjaelp", 2020, "actual"), "is_subtotal"]


def test_totals_never_count_a_subtotal_twice(ds):
    year = recipients.recipients_for_year(ds, 2020)
    assert recipients.leaf_total(year) == 7010
    assert year["persons"].sum() == 7010 + 1017 + 1051


def test_a_budget_year_is_compared_with_the_year_before(ds):
    year = recipients.recipients_for_year(ds, 2021).set_index("group_code")
    sick = year.loc["sygedagpenge"]
    assert (sick["persons"], sick["compare_label"], sick["compare_persons"]) == (537, "regnskab 2020", 806)
    assert sick["change_persons"] == -269


def test_accounts_shared_or_split_form_one_component(ds):
    components = recipients.account_components(ds)
    assert (["5.57.73"], ["kontanthjaelp", "uddannelseshjaelp"]) in components
    assert (["5.48.66", "5.48.68"], ["foertidspension"]) in components
    assert (["5.58.82"], ["jobafklaringsforloeb", "ressourceforloeb"]) in components


def test_unit_costs_use_the_same_year_and_basis(ds):
    costs = recipients.unit_costs(ds, 2021).set_index("konto_codes")
    assert costs.loc["5.57.73", "persons"] == 1080
    assert costs.loc["5.57.73", "dkk_per_person"] == pytest.approx(105_210_000 / 1080)
    assert costs.loc["5.58.82", "persons"] == 276 + 141
    assert "5.48.66, 5.48.68" not in costs.index  # no account budget for førtidspension
    assert set(costs["basis_code"]) == {"budget"}


def test_mixed_basis_is_not_divided(ds):
    assert recipients.unit_costs(ds, 2020).empty  # accounts are budget, counts are actual
    assert recipients.mixed_basis_years(ds, 2020)
    assert recipients.latest_unit_cost_year(ds) == 2021


def test_year_without_counts(ds):
    assert recipients.recipients_for_year(ds, 2026).empty


def test_a_new_text_column_reaches_the_chapter_without_an_edit_in_the_analysis(ds, monkeypatch):
    """A column added to the field table and to recipient_groups' spec (here: note_da with a reader's
    header) is carried by recipients_for_year and shown by the year page's table, by name."""
    import dataclasses

    from conftest import chapter, with_table
    from jobbook.analysis import budgetaar
    from jobbook.data import fields, tables

    monkeypatch.setitem(fields.FIELDS, "note_da", dataclasses.replace(fields.FIELDS["note_da"],
                                                                     header_da="Bemærkning"))
    spec = dataclasses.replace(tables.RECIPIENT_GROUPS, columns=(*tables.RECIPIENT_GROUPS.columns, "note_da"))
    monkeypatch.setattr(recipients, "RECIPIENT_GROUPS", spec)
    groups = ds["recipient_groups"].assign(note_da=[f"note {i}" for i in range(len(ds["recipient_groups"]))])
    changed = with_table(ds, "recipient_groups", groups)

    year = recipients.recipients_for_year(changed, 2021).set_index("group_code")
    assert year.loc["sygedagpenge", "note_da"] == groups.set_index("group_code").loc["sygedagpenge", "note_da"]
    table = budgetaar.figure_recipients(chapter(changed, 2021)).table
    assert list(table.columns[:2]) == ["Gruppe", "Bemærkning"]
    assert set(table["Bemærkning"]) <= set(groups["note_da"])
    # Without the column, the table is as before.
    monkeypatch.undo()
    assert "Bemærkning" not in budgetaar.figure_recipients(chapter(ds, 2021)).table.columns


def test_the_describing_columns_come_from_the_table_specs():
    assert recipients.group_text_columns() == ["group_name_printed", "short_name_da"]
    assert recipients.group_text_columns(with_header=True) == ["short_name_da"]
