"""The yearly cycle: two budget documents that print the same years, imported in either order.

The fixtures (tests/ingest/fixtures/vintages) are two budget documents as they print their account
table, in 1.000 kr.: Budget 2010 (Regnskab 2008, Budget 2009, Budget 2010) and Budget 2011 (Regnskab
2009, Budget 2010, Budget 2011), and the same two years' tables of recipients. Budget 2010 is the
same in both for every account but sygedagpenge (58.400 before, 61.250 in the later document), and
for every group but sygedagpenge (655 before, 670).
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

from conftest import REPO_ROOT, SETTINGS_FILE, chapter, copy_project, page_text, run_jobbook
from jobbook.analysis import accounts, budgetaar
from jobbook.cli import main
from jobbook.data.dataset import load_dataset
from jobbook.data.vintages import document_order

FIXTURES = REPO_ROOT / "tests" / "ingest" / "fixtures" / "vintages"
BUDGET_2010, BUDGET_2011 = FIXTURES / "budget_2010.txt", FIXTURES / "budget_2011.txt"
COUNTS_2010, COUNTS_2011 = FIXTURES / "modtagere_2010.txt", FIXTURES / "modtagere_2011.txt"
#: Each document with its id and publication date, as the analyst imports it.
DOCUMENTS = {
    "2010": [(BUDGET_2010, "budget-2010", "2009-10"), (COUNTS_2010, "budget-2010", "2009-10")],
    "2011": [(BUDGET_2011, "budget-2011", "2010-10-05"), (COUNTS_2011, "budget-2011", "2010-10-05")],
}
VINTAGE_FILES = ("budget_by_account.csv", "budget_totals_stated.csv", "recipients.csv",
                 "recipient_subtotals_stated.csv", "sources.csv")


def cli(*args: str) -> int:
    return main(["--settings", str(SETTINGS_FILE), *args])


def rows_of(data_dir: Path, file: str, **where) -> list[dict]:
    with (data_dir / file).open(encoding="utf-8") as handle:
        return [r for r in csv.DictReader(handle) if all(r[k] == str(v) for k, v in where.items())]


def import_documents(data_dir: Path, *years: str, published: bool = True) -> None:
    for year in years:
        for path, source, date in DOCUMENTS[year]:
            extra = ("--published", date) if published else ()
            assert cli("import-budget", str(path), "--source", source, *extra, "--data", str(data_dir)) == 0


def text(prose) -> str:
    return str(prose).replace("\u00a0", " ")


@pytest.fixture
def both(data_copy, capsys):
    """The shipped data with Budget 2010 and then Budget 2011 imported."""
    import_documents(data_copy, "2010", "2011")
    capsys.readouterr()
    return data_copy


def test_the_later_document_imports_beside_the_earlier_one(data_copy, capsys):
    import_documents(data_copy, "2010")
    capsys.readouterr()
    assert cli("import-budget", str(BUDGET_2011), "--source", "budget-2011", "--dry-run", "--data",
               str(data_copy)) == 0
    preview = capsys.readouterr().out
    assert "budget_2011.txt:15, 58400 in budget-2010)" in preview and "budget_2011.txt:17, as budget-2010)" in preview
    assert cli("import-budget", str(BUDGET_2011), "--source", "budget-2011", "--data", str(data_copy)) == 0
    out = capsys.readouterr()
    # 12 figures and 3 totals; of the four 2010 figures three confirm Budget 2010's and one revises it
    assert "15 row(s) were added (3 confirming and 1 revising another document's figure)" in out.out
    assert ("budget_2011.txt:15: note: 2010 budget 5.57.71: 61250 here, 58400 in budget-2010 "
            "(budget_by_account.csv:") in out.err
    assert cli("validate", "--data", str(data_copy)) == 0


def test_equal_figures_are_one_figure_confirmed_by_each_document(both, settings):
    stored = rows_of(both, "budget_by_account.csv", budget_year=2010, konto_code="5.57.73")
    assert sorted((r["source_id"], r["amount_dkk_1000"]) for r in stored) == [("budget-2010", "86750"),
                                                                              ("budget-2011", "86750")]
    ds = load_dataset(both, settings)
    [shown] = ds["budget_by_account"].query("budget_year == 2010 and konto_code == '5.57.73'").to_dict("records")
    assert shown["amount_dkk_1000"] == 86750
    assert shown["source_ids"] == ("budget-2010", "budget-2011")  # the source line names both, oldest first
    assert accounts.sources_of(ds, "budget_by_account", [2010]) == ["budget-2010", "budget-2011"]
    figure = budgetaar.figure_accounts(chapter(ds, 2010))
    assert list(dict.fromkeys(figure.source_ids)) == ["budget-2010", "budget-2011"]
    # Years only one document prints keep that document alone.
    assert accounts.sources_of(ds, "budget_by_account", [2011]) == ["budget-2011"]


def test_a_revised_figure_is_shown_from_the_later_document_and_said_to_be_revised(both, settings):
    ds = load_dataset(both, settings)
    every = ds.every_document("budget_by_account").query("budget_year == 2010 and konto_code == '5.57.71'")
    assert sorted(zip(every["source_id"], every["amount_dkk_1000"], strict=True)) == [
        ("budget-2010", 58400), ("budget-2011", 61250)]
    [shown] = ds["budget_by_account"].query("budget_year == 2010 and konto_code == '5.57.71'").to_dict("records")
    assert (shown["amount_dkk_1000"], shown["source_id"], shown["source_ids"]) == (61250, "budget-2011",
                                                                                   ("budget-2011",))
    revised = accounts.revisions_for_year(ds, "budget_by_account", 2010)
    assert revised[["code", "value", "earlier_value"]].values.tolist() == [["5.57.71", 61250.0, 58400.0]]
    assert revised["earlier_source_ids"].tolist() == [("budget-2010",)]
    groups = accounts.revisions_for_year(ds, "recipients", 2010)
    assert groups[["code", "value", "earlier_value"]].values.tolist() == [["sygedagpenge", 670.0, 655.0]]
    assert accounts.revisions_for_year(ds, "budget_by_account", 2009).empty  # Budget 2009 and Regnskab 2009 differ
    said = text(budgetaar.text_revisions(chapter(ds, 2010)))  # in basis, not a revision
    assert ("Budget 2010 for Sygedagpenge (5.57.71) er revideret: Budget 2011 (Kalundborg Kommune, 2010) angiver "
            "61.250.000 kr., mens Budget 2010 (Kalundborg Kommune, 2009) angav 58.400.000 kr. Bogen viser tallet "
            "fra det senest udgivne dokument.") in said
    assert "Sygedagpenge (antal modtagere) er revideret: Budget 2011 (Kalundborg Kommune, 2010) angiver 670 " \
           "personer, mens Budget 2010 (Kalundborg Kommune, 2009) angav 655 personer." in said
    assert budgetaar.text_revisions(chapter(ds, 2011)) is None  # no revision: the section is left out


def test_the_revision_sentence_shows_a_document_title_as_text(both, settings):
    path = both / "sources.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Budget 2011,Kalundborg", "<b>Budget</b> 2011,Kalundborg"),
                    encoding="utf-8")
    html = budgetaar.text_revisions(chapter(load_dataset(both, settings), 2010))._repr_html_()
    assert "&lt;b&gt;Budget&lt;/b&gt; 2011" in html and "<b>" not in html


def test_sums_count_a_figure_printed_by_two_documents_once(both, settings):
    ds = load_dataset(both, settings)
    year = accounts.accounts_for_year(ds, 2010)
    assert year["amount_dkk_1000"].sum() == 252500  # the later document's total, which its own rows add up to
    assert accounts.totals_by_expense_type(ds, 2010)["amount_dkk_1000"].sum() == 252500
    assert accounts.accounts_for_year(ds, 2011)["previous_dkk_1000"].sum() == 252500
    counts = ds["recipients"].query("budget_year == 2010 and basis_code == 'budget'")
    assert counts["persons"].sum() == 670 + 575 + 375 + 5


def test_each_document_s_total_is_checked_against_its_own_rows(both, settings):
    ds = load_dataset(both, settings)
    checked = {c.source_id: (c.stated_dkk_1000, c.computed_dkk_1000, c.rows)
               for c in accounts.total_comparisons(ds, 2010)}
    assert checked == {"budget-2010": (249650, 249650, 4), "budget-2011": (252500, 252500, 4)}
    said = text(budgetaar.text_total_comparisons(chapter(ds, 2010)))
    assert "Budget 2010 (Kalundborg Kommune, 2009): Den oplyste total på 249.650.000 kr." in said


def test_a_document_whose_total_does_not_add_up_is_refused(data_copy, tmp_path, capsys):
    import_documents(data_copy, "2010")
    wrong = tmp_path / "budget_2011.txt"
    wrong.write_text(BUDGET_2011.read_text(encoding="utf-8").replace("252.500", "252.600"), encoding="utf-8")
    capsys.readouterr()
    assert cli("import-budget", str(wrong), "--source", "budget-2011", "--data", str(data_copy)) == 1
    err = capsys.readouterr().err
    assert "differs from the sum of its 4 parts (252500) by -100" in err and "nothing was written" in err


def test_validate_lists_revisions_as_notes(both, capsys):
    assert cli("validate", "--data", str(both)) == 0
    err = capsys.readouterr().err
    old = next(i for i, r in enumerate(rows_of(both, "budget_by_account.csv"), start=2)
               if (r["budget_year"], r["konto_code"], r["source_id"]) == ("2010", "5.57.71", "budget-2010"))
    new = next(i for i, r in enumerate(rows_of(both, "budget_by_account.csv"), start=2)
               if (r["budget_year"], r["konto_code"], r["source_id"]) == ("2010", "5.57.71", "budget-2011"))
    assert (f"budget_by_account.csv:{new}: note: revised: 2010/budget/5.57.71 is 61250 in budget-2011 (the most "
            f"recent document), 58400 in budget-2010 (line {old}); the book shows 61250") in err
    assert "recipients.csv:" in err and "note: revised: sygedagpenge/2010/budget is 670 in budget-2011" in err


@pytest.mark.parametrize("published", [True, False], ids=["published", "by-budget-year"])
def test_either_order_gives_the_same_data(tmp_path, settings, published):
    """The same rows whichever document comes first; the files keep the rows in the order they were added
    (rows are appended, never moved), so their order may differ, and nothing the book shows depends on it."""
    dirs = {}
    for order in (("2010", "2011"), ("2011", "2010")):
        target = tmp_path / "-".join(order) / "data"
        shutil.copytree(REPO_ROOT / "data", target)
        import_documents(target, *order, published=published)
        dirs[order] = target
    first, second = dirs.values()
    for name in VINTAGE_FILES:
        assert sorted(map(sorted, (r.items() for r in rows_of(first, name)))) == \
               sorted(map(sorted, (r.items() for r in rows_of(second, name)))), name
    shown = [load_dataset(d, settings) for d in (first, second)]
    for table in ("budget_by_account", "recipients"):
        a, b = (ds[table].sort_values(["budget_year", "basis_code", ds[table].columns[0], ds[table].columns[2]])
                .reset_index(drop=True) for ds in shown)
        pd.testing.assert_frame_equal(a, b)
    first_said, second_said = (text(budgetaar.text_revisions(chapter(ds, 2010))) for ds in shown)
    assert first_said == second_said and "angiver 61.250.000 kr." in first_said


def test_published_dates_decide_the_most_recent_document():
    sources = pd.DataFrame({"source_id": ["a", "b", "c", "d"], "published": ["2010-10", "2010-03-01", None, "2011"],
                            "budget_year": [2011, 2011, 2012, 2010]})
    assert document_order(sources, ["a", "b"]) == ["b", "a"]  # both dated: by date
    assert document_order(sources, ["a", "d"]) == ["a", "d"]  # compared by year (d gives no month): 2010 < 2011
    assert document_order(sources, ["a", "c"]) == ["a", "c"]  # c has no date: budget years decide
    assert document_order(sources, ["c", "d", "a"]) == ["d", "a", "c"]
    same = pd.DataFrame({"source_id": ["x", "y"], "published": ["2010", "2010-09-01"], "budget_year": [2011, 2010]})
    assert document_order(same, ["x", "y"]) == ["y", "x"]  # 2010 against 2010-09-01: a tie, the budget year decides


def test_a_published_date_makes_a_document_the_most_recent(data_copy, settings, capsys):
    """Dated the other way round, the earlier budget year's figure is the one shown."""
    assert cli("import-budget", str(BUDGET_2010), "--source", "budget-2010", "--published", "2010-11-15",
               "--data", str(data_copy)) == 0
    assert cli("import-budget", str(BUDGET_2011), "--source", "budget-2011", "--published", "2010-10-05",
               "--data", str(data_copy)) == 0
    [source] = rows_of(data_copy, "sources.csv", source_id="budget-2010")
    assert source["published"] == "2010-11-15"
    ds = load_dataset(data_copy, settings)
    [shown] = ds["budget_by_account"].query("budget_year == 2010 and konto_code == '5.57.71'").to_dict("records")
    assert (shown["amount_dkk_1000"], shown["source_id"]) == (58400, "budget-2010")
    # The date of an existing source is updated by a later import.
    assert cli("import-budget", str(BUDGET_2010), "--source", "budget-2010", "--published", "2009-10",
               "--data", str(data_copy)) == 0
    assert "source budget-2010 was updated" in capsys.readouterr().out
    ds = load_dataset(data_copy, settings)
    assert ds["budget_by_account"].query("budget_year == 2010 and konto_code == '5.57.71'")[
        "amount_dkk_1000"].tolist() == [61250]


def test_a_published_date_that_is_not_a_period_is_refused(data_copy, capsys):
    before = (data_copy / "sources.csv").read_bytes()
    assert cli("import-budget", str(BUDGET_2010), "--published", "15.10.2009", "--data", str(data_copy)) == 2
    err = capsys.readouterr().err
    assert "--published: a period written YYYY, YYYY-MM or YYYY-MM-DD; '15.10.2009' is not" in err
    assert "Traceback" not in err and (data_copy / "sources.csv").read_bytes() == before


def test_an_older_document_in_the_wrong_unit_is_refused_against_the_later_one(data_copy, tmp_path, capsys):
    """Imported after the later document, an older one's figures are not the ones shown: each is compared
    with the later document's figure for the same year, so a unit error cannot slip in beside it."""
    import_documents(data_copy, "2011")
    wrong = tmp_path / "budget_2010.txt"
    wrong.write_text(BUDGET_2010.read_text(encoding="utf-8").replace("(1.000 kr.)", "(mio. kr.)")
                     .replace("Beløb i 1.000 kr.", "Beløb i mio. kr."), encoding="utf-8")
    before = (data_copy / "budget_by_account.csv").read_bytes()
    capsys.readouterr()
    assert cli("import-budget", str(wrong), "--source", "budget-2010", "--data", str(data_copy)) == 1
    err = capsys.readouterr().err
    assert "a figure near the one budget-2010 prints for 2010/budget/5.57.73" in err
    assert "86750 here is 1000 times its size: the unit of one of them may be wrong" in err
    assert (data_copy / "budget_by_account.csv").read_bytes() == before


#: Rows of 2010 the way the new-year scaffold leaves them: no figure, no place in a document yet.
EMPTY_2010 = "".join(f"2010,budget,{code},{name},,budget-2010,\n" for code, name in (
    ("5.57.71", "Sygedagpenge"), ("5.57.73", "Kontant- og uddannelseshjælp")))


def test_a_row_left_empty_becomes_the_row_of_whichever_document_comes_first(tmp_path, capsys):
    """An empty row is no document's figure: the first document that prints it fills it as its own (its
    source and its place), so the data end the same in either order."""
    dirs = []
    for order in (("2010", "2011"), ("2011", "2010")):
        target = tmp_path / "-".join(order) / "data"
        shutil.copytree(REPO_ROOT / "data", target)
        with (target / "budget_by_account.csv").open("a", encoding="utf-8") as handle:
            handle.write(EMPTY_2010)
        with (target / "sources.csv").open("a", encoding="utf-8") as handle:
            handle.write("budget-2010,Budget 2010,Kalundborg Kommune,2009-10,,2010,,,\n")
        for year in order:
            path, source, date = DOCUMENTS[year][0]
            assert cli("import-budget", str(path), "--source", source, "--published", date, "--data",
                       str(target)) == 0
            if year == order[0]:
                assert "2 filled in" in capsys.readouterr().out
        dirs.append(target)
    first, second = ({tuple(sorted(r.items())) for r in rows_of(d, "budget_by_account.csv", budget_year=2010)}
                     for d in dirs)
    assert first == second
    filled = rows_of(dirs[1], "budget_by_account.csv", budget_year=2010, konto_code="5.57.71")
    assert sorted((r["source_id"], r["amount_dkk_1000"], r["source_location"]) for r in filled) == [
        ("budget-2010", "58400", "Tabellen «UDGIFTER PR. FUNKTION (1.000 kr.)», kolonnen Budget 2010"),
        ("budget-2011", "61250", "Tabellen «UDGIFTER PR. FUNKTION (1.000 kr.)», kolonnen Budget 2010")]


@pytest.mark.slow
def test_the_year_page_says_that_a_figure_was_revised(tmp_path):
    """Both documents imported into a copy of the project and the book built: the 2010 page shows the
    later document's figure and says which figure it replaced, and from which document."""
    project = copy_project(tmp_path)
    for year in ("2010", "2011"):
        for path, source, date in DOCUMENTS[year]:
            result = run_jobbook(project, "import-budget", str(path), "--source", source, "--published", date)
            assert result.returncode == 0, result.stdout + result.stderr
    result = run_jobbook(project, "build", "--no-progress")
    assert result.returncode == 0, result.stdout + result.stderr
    page = page_text(project / "_build" / "html" / "book" / "budgetaar" / "2010.html")
    assert "Reviderede tal" in page
    assert ("Budget 2010 for Sygedagpenge (5.57.71) er revideret: Budget 2011 (Kalundborg Kommune, 2010) angiver "
            "61.250.000 kr., mens Budget 2010 (Kalundborg Kommune, 2009) angav 58.400.000 kr.") in page
    unrevised = page_text(project / "_build" / "html" / "book" / "budgetaar" / "2011.html")
    assert "Reviderede tal" not in unrevised  # the empty section is left out


def test_the_sources_page_lists_a_revision_in_danish(both, settings):
    from jobbook.site.sources_page import notes_html

    html = notes_html(load_dataset(both, settings)).replace("\u00a0", " ")
    assert ("<strong>Budget 2010 for Sygedagpenge (5.57.71)</strong> (datafilen "
            "<a href=\"../../data/budget_by_account.csv\">budget_by_account.csv</a>, linje ") in html
    assert ("Budget 2011 (Kalundborg Kommune, 2010) angiver 61.250.000 kr., mens Budget 2010 (Kalundborg Kommune, "
            "2009) angav 58.400.000 kr. Bogen viser tallet fra det senest udgivne dokument.") in html
    assert "<strong>Budget 2010 for antal modtagere af sygedagpenge</strong>" in html
    assert "revised:" not in html  # the validator's English stays out of the book


def test_the_book_s_own_account_table_imports_again_as_another_document(data_copy, sources_dir, capsys, settings):
    """The case that was refused: 003's 2021 column imported again under another source id (as a later
    document that repeats it would be) confirms every figure, and that document's total has its parts."""
    assert cli("import-budget", str(sources_dir / "003_0863a4d303067c74.txt"), "--year", "2021", "--source",
               "gentaget-2021", "--published", "2021-09", "--data", str(data_copy)) == 0
    assert "19 row(s) were added (18 confirming and 0 revising another document's figure)" in capsys.readouterr().out
    assert cli("validate", "--data", str(data_copy)) == 0
    ds = load_dataset(data_copy, settings)
    assert len(ds["budget_by_account"].query("budget_year == 2021")) == 18
    assert accounts.accounts_for_year(ds, 2021)["amount_dkk_1000"].sum() == 540226  # once, not twice
    assert accounts.sources_of(ds, "budget_by_account", [2021]) == ["beskaeftigelsesplan-2021", "gentaget-2021"]
    assert {c.source_id: c.computed_dkk_1000 for c in accounts.total_comparisons(ds, 2021)} == {
        "beskaeftigelsesplan-2021": 540226, "gentaget-2021": 540226}
