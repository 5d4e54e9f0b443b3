"""Unit tests: the tasks chapter says once what a shared column value means, and counts the laws the
note names and the tasks it ties to one of them, on the shipped data and without it."""

import pandas as pd
import pytest

from conftest import DATA_DIR, chapter, with_table
from jobbook.analysis import opgaver as tasks
from jobbook.data.dataset import load_dataset

LABEL_NOTE = "»Beskæftigelseslovgivningen« står, hvor notatet ikke selv peger på én af de love, det nævner."


@pytest.fixture(scope="module")
def ds(settings):
    return load_dataset(DATA_DIR, settings)


def test_the_employment_legislation_is_explained_once_in_a_note_not_on_every_row(ds):
    ctx = chapter(ds, 2026)
    state, choice, own = tasks.figure_state_mandated(ctx), tasks.figure_municipal_choice(ctx), \
        tasks.figure_own_initiative(ctx)
    assert state.note == LABEL_NOTE
    assert LABEL_NOTE not in choice.note and LABEL_NOTE not in own.note
    laws_shown = set(state.table["Lov"]) | set(choice.table["Lov"])
    assert "Beskæftigelseslovgivningen" in laws_shown
    assert not any("(" in law and "samlet" in law for law in laws_shown)


def test_a_column_with_one_value_is_left_out(ds):
    ctx = chapter(ds, 2026)
    choice, own = tasks.figure_municipal_choice(ctx), tasks.figure_own_initiative(ctx)
    assert list(choice.table.columns) == ["Opgave", "Lov"]  # every choice has the same group
    assert list(own.table.columns) == ["Opgave", "Gruppe"]  # no own-initiative task has a law
    assert own.note == "Notatet knytter ingen lov til disse opgaver."


def test_the_note_moves_to_the_first_table_with_the_employment_legislation(ds):
    table = ds["jobcenter_tasks"].copy()
    state = table["classification_code"] == "state_mandated"
    table.loc[state & (table["law_code"] == tasks.EMPLOYMENT_LEGISLATION), "law_code"] = "lab"
    ctx = chapter(with_table(ds, "jobcenter_tasks", table), 2026)
    assert tasks.figure_state_mandated(ctx).note == ""
    assert tasks.figure_municipal_choice(ctx).note == LABEL_NOTE


def test_laws_text_counts_the_laws_and_the_tasks_the_note_ties_to_one_of_them(ds):
    assert str(tasks.text_laws(chapter(ds, 2026))) == (
        "Notatet nævner 4 love, der gælder for al offentlig myndighedsudøvelse, og 5 love, som reglerne på "
        "beskæftigelsesområdet især kommer fra. Notatet knytter kun 2 opgaver til én bestemt af de 5 love. "
        "Ved 16 opgaver peger notatet ikke på én af lovene; bogen har dem under »beskæftigelseslovgivningen«.")


def test_laws_text_when_no_task_is_tied_to_a_single_law(ds):
    table = ds["jobcenter_tasks"].copy()
    table.loc[table["law_code"].isin(["lab", "kui"]), "law_code"] = tasks.EMPLOYMENT_LEGISLATION
    said = str(tasks.text_laws(chapter(with_table(ds, "jobcenter_tasks", table), 2026)))
    assert "Notatet knytter ingen opgave til én bestemt af de 5 love." in said


def test_laws_text_without_laws_is_not_shown(ds):
    assert tasks.text_laws(chapter(with_table(ds, "laws", ds["laws"].iloc[0:0]), 2026)) is None


def test_the_book_ties_a_task_to_a_single_employment_law_only_where_the_note_does(ds):
    """Only the 13 target groups (LAB) and the youth effort (KUI) are tied to one law in the note itself."""
    table = ds["jobcenter_tasks"].set_index("task_code")
    specific = table[table["law_code"].isin(["lab", "organiseringsloven", "las", "integrationsloven", "kui"])]
    assert dict(specific["law_code"]) == {"maalgrupper": "lab", "ungeindsats_30": "kui"}


def test_a_law_the_note_ties_no_task_to_shows_a_dash_not_a_zero(ds):
    figure = tasks.figure_laws(chapter(ds, 2026))
    column = "Opgaver, bogen har knyttet til loven"
    counts = figure.table.set_index("Lov")[column]
    assert counts["Lov om aktiv socialindsats (LAS)"] is pd.NA
    assert counts["Beskæftigelseslovgivningen"] == 16
    assert figure.formats[column](counts["Lov om aktiv socialindsats (LAS)"]) == "–"
    assert figure.note.startswith("Lovenes navne som i notatet. Bogen har selv talt opgaverne ud fra notatets "
                                  "lister. »–«: notatet knytter")


def test_the_task_counts_are_said_to_be_the_book_s(ds):
    assert "bogen har talt punkterne i notatets lister" in tasks.figure_counts(chapter(ds, 2026)).note
