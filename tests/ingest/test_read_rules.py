"""The rules for wraps, section headings, tails, numbers in names and the end of a table."""

from pathlib import Path

import pytest

from conftest import REPO_ROOT
from jobbook.ingest.reader import TableRefused, read_table_text

HEAD = "Driftsbudget (1.000 kr.)\nKonto  Budget 2024  Budget 2025\n"


def names(text: str) -> list[tuple[str, str | None]]:
    return [(r.name_printed, r.section) for r in read_table_text(text).rows]


def test_heading_vs_wrap():
    text = HEAD + (
        "Forsørgelse\n"                          # followed by a code: a heading
        "05.57.71 Sygedagpenge 1 2\n"
        "Aktivering\n"                           # upper-case line after it, no connective: a heading
        "Løntilskud 3 4\n"
        "Hjælp til unge og\n"                    # ends in a connective: a wrap
        "Voksne 5 6\n"
        "Hjælp til borgere i\n"                  # wraps over three lines
        "ressourceforløb og\n"
        "Mentor 7 8\n"
        "Kontanthjælp til\n"                     # lower-case continuation
        "udlændinge 9 10\n")
    assert names(text) == [("Sygedagpenge", "Forsørgelse"), ("Løntilskud", "Aktivering"),
                           ("Hjælp til unge og Voksne", "Aktivering"),
                           ("Hjælp til borgere i ressourceforløb og Mentor", "Aktivering"),
                           ("Kontanthjælp til udlændinge", "Aktivering")]


def test_code_line_always_wraps_to_its_amounts():
    text = HEAD + "05.46.61 Kontanthjælp/integrationsydelse\nS/H-ydelse 1 2\n"
    table = read_table_text(text)
    assert [(r.konto_codes, r.name_printed) for r in table.rows] == [
        (("5.46.61",), "Kontanthjælp/integrationsydelse S/H-ydelse")]


def test_hyphenated_word_and_compound_at_line_end():
    text = HEAD + "Selvforsørgelses-\nog hjemrejseprogram 1 2\nKontanthjælp til udlæn-\ndinge 3 4\n"
    assert [n for n, _ in names(text)] == ["Selvforsørgelses- og hjemrejseprogram", "Kontanthjælp til udlændinge"]


def test_name_continued_below_its_amounts():
    # a PDF prints the amounts of a wrapped cell in the middle (or at the top); lower case continues the name
    text = HEAD + "Misbrugsbehandling for borgere\n1 2\nover 18 år\nSygedagpenge 3 4\nder varer\nlænge\n"
    assert [n for n, _ in names(text)] == ["Misbrugsbehandling for borgere over 18 år", "Sygedagpenge der varer længe"]


def test_numbers_in_names():
    text = HEAD + ("Seniorjob til personer over 55 år 1 2\n"
                   "Ledige over 55 3 4\n"                # an extra number before the amounts stays in the name
                   "Pulje 2021 5 6\n"                    # a year is not an amount
                   "Unge under 30\n"
                   "år 7 8\n"                            # a number that ends a wrapped line
                   "055771 9 10\n")                      # a code alone
    table = read_table_text(text)
    assert [(r.konto_codes, r.name_printed, r.values) for r in table.rows] == [
        ((), "Seniorjob til personer over 55 år", (1.0, 2.0)), ((), "Ledige over 55", (3.0, 4.0)),
        ((), "Pulje 2021", (5.0, 6.0)), ((), "Unge under 30 år", (7.0, 8.0)), (("5.57.71",), "", (9.0, 10.0))]


def test_dashes_minus_and_parentheses():
    text = HEAD + "A - \u2013\nB \u221295 \u201395\nC (1.234) 0\nD \u2014 -7\n"
    assert [r.values for r in read_table_text(text).rows] == [(0.0, 0.0), (-95.0, -95.0), (-1234.0, 0.0),
                                                             (0.0, -7.0)]


def test_total_with_amounts_on_following_lines():
    text = HEAD + "A 1 2\nB 3 4\nI alt\n4\n6\n"
    table = read_table_text(text)
    assert [(r.name_printed, r.values, r.is_total) for r in table.rows][-1] == ("I alt", (4.0, 6.0), True)


@pytest.mark.parametrize("label", ["I alt", "I alt skattefinansieret", "Indtægter i alt", "Driftsvirksomhed i alt",
                                   "Serviceudgifter i alt", "Total", "Sum", "I alt:"])
def test_total_labels(label):
    table = read_table_text(HEAD + f"A 1 2\n{label} 1 2\n")
    assert table.rows[-1].is_total and not table.rows[0].is_total


def test_table_ends_at_prose_and_markers():
    prose = "Budgettet for området er i alt steget en smule i forhold til sidste år, som vist ovenfor.\n"
    table = read_table_text("Indledende tekst om området.\n" + HEAD + "A 1 2\nI alt 1 2\n" + prose + "B 3 4\n")
    assert [r.name_printed for r in table.rows] == ["A", "I alt"]
    for marker in ["Kilde: OPUS", "Note: se bilag", "Noter", "Anm. 1"]:
        table = read_table_text(HEAD + f"A 1 2\n{marker}\nB 3 4\n")
        assert [r.name_printed for r in table.rows] == ["A"]


def test_price_basis_line_and_unit_line_in_body():
    text = "Driftsbudget\nKonto  Budget 2024  Budget 2025\n(2024-priser)\nBeløb i 1.000 kr.\nA 1 2\n"
    table = read_table_text(text)
    assert table.price_basis == "2024-priser" and table.unit.code == "dkk_1000" and table.unit.line == 4
    assert [r.name_printed for r in table.rows] == ["A"]


def test_amount_mentions_in_prose_are_not_units():
    text = "Samlet nettobudget for området i 2022: 989.049.000 kr.\n\nOversigt\nKonto Budget 2022\nA 1\n"
    with pytest.raises(TableRefused, match="states no unit"):
        read_table_text(text)


def test_extra_columns_dropped_after_count_check():
    text = "1.000 kr.\nKonto Budget 2024 Budget 2025 Afvigelse i %\nA 100 110 10,0\nB 50 40 -20 %\n"
    table = read_table_text(text)
    assert [r.values for r in table.rows] == [(100.0, 110.0), (50.0, 40.0)]
    text = "1.000 kr.\nKonto Budget 2024 Budget 2025 Afvigelse %\nA 100 110 10 10,0\n"
    assert [r.values for r in read_table_text(text).rows] == [(100.0, 110.0)]


@pytest.mark.parametrize(("header", "expected"), [
    ("Regnskab 2023 Budget 2024", [("actual", 2023), ("budget", 2024)]),
    ("Faktisk 2023 Vedtaget budget 2024", [("actual", 2023), ("budget", 2024)]),
    ("Korrigeret budget 2024 Forventet regnskab 2024", [("corrected_budget", 2024), ("forecast", 2024)]),
    ("R2023 B2024", [("actual", 2023), ("budget", 2024)]),
    ("KB 2024 BO 2026", [("corrected_budget", 2024), ("forecast", 2026)]),
    ("BO1 2026 BO2 2027", [("forecast", 2026), ("forecast", 2027)]),
    ("Budgetoverslag 2026 Prognose 2025", [("forecast", 2026), ("forecast", 2025)]),
    ("Regnskab Budget\n2023 2024", [("actual", 2023), ("budget", 2024)]),
    ("Korrigeret\nbudget\n2024\nBudget\n2025", [("corrected_budget", 2024), ("budget", 2025)]),
    ("Budget-\noverslag 2026", [("forecast", 2026)]),
])
def test_header_forms(header, expected):
    rows = " ".join(str(i) for i in range(len(expected)))
    table = read_table_text(f"1.000 kr.\nKonto {header}\nA {rows}\n")
    assert [(c.basis_code, c.year) for c in table.columns] == expected


def _main_fixture(name: str) -> Path:
    return REPO_ROOT / "tests" / "ingest" / "fixtures" / name


def test_the_projects_own_fixtures():
    accounts = read_table_text(_main_fixture("indsats_og_ydelsesbudget_2027.txt").read_text(encoding="utf-8"))
    assert accounts.unit.code == "dkk_1000" and [c.year for c in accounts.columns] == [2026, 2027]
    assert accounts.rows[7].name_printed == "Driftsudgifter til den kommunale beskæftigelsesindsats"
    assert accounts.rows[-1].is_total and accounts.rows[-1].values == (419120.0, 416582.0)
    recipients = read_table_text(_main_fixture("ydelsesmodtagere_2027.txt").read_text(encoding="utf-8"))
    assert recipients.kind == "recipients" and recipients.columns[0].label == "Faktisk antal 2025"
    assert len(recipients.rows) == 11


def test_markdown_emphasis_and_bullets():
    text = ("Beløb i 1.000 kr.\n| Konto | Budget 2024 |\n|:--|--:|\n| • 05.57.71 Sygedagpenge | 12 |\n"
            "| **I alt** | **12** |\n")
    table = read_table_text(text)
    assert [(r.konto_codes, r.name_printed, r.values, r.is_total) for r in table.rows] == [
        (("5.57.71",), "Sygedagpenge", (12.0,), False), ((), "I alt", (12.0,), True)]


def test_page_numbers_dropped_from_pdf_page_text():
    from jobbook.ingest.pdf import _without_page_numbers

    assert _without_page_numbers("3\nTabel\nA 1 2\nI alt 1 2\nSide 4 af 12") == "Tabel\nA 1 2\nI alt 1 2"
    assert _without_page_numbers("Tabel\nA 1 2\n17") == "Tabel\nA 1 2"
