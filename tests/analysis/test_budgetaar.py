"""The budget-year chapter's sentences and figures, on the shipped data and on changed copies."""

import pytest

from conftest import REPO_ROOT, chapter
from jobbook.analysis import budgetaar, year_overview
from jobbook.build.plan import theme_links
from jobbook.build.registry import load_registry
from jobbook.data.dataset import load_dataset


def year_page(ds, year: int):
    """A year page's context with the themes the build hands it (every theme of the shipped registry)."""
    registry = load_registry(REPO_ROOT)
    [linking] = [c for c in registry.notebooks if c.links_to_themes]
    return chapter(ds, year, themes=theme_links(registry, REPO_ROOT, linking.page_for(year)))


def text(prose) -> str:
    return str(prose).replace("\u00a0", " ")


def test_stated_total_and_rounding_are_explained(shipped):
    said = text(budgetaar.text_total_comparisons(chapter(shipped, 2020)))
    assert "492.697.000" in said and "afrunding" in said


def test_a_year_with_few_facts_says_in_one_sentence_what_it_lacks(shipped):
    ctx = chapter(shipped, 2023)
    said = text(year_overview.text_overview(ctx))
    assert ("For 2023 har kilderne beskrivelser af året, en liste over jobcentrets opgaver og tal målt i perioder, "
            "der omfatter året.") in said
    assert ("Kilderne har ikke et samlet nettobudget for området, budgettet pr. konto eller antallet af "
            "ydelsesmodtagere for 2023.") in said
    for name in ("text_net_budget", "text_accounts", "text_expense_types", "text_total_comparisons",
                 "text_recipients", "text_unit_costs", "text_what_changed", "text_price_quantity",
                 "figure_net_budgets", "figure_accounts", "figure_recipients"):
        assert getattr(budgetaar, name)(ctx) is None, name  # the build drops the empty sections
    assert year_overview.text_reform(ctx) is None and year_overview.figure_reform_amounts(ctx) is None


def test_the_overview_follows_the_data(data_copy, settings):
    """The sentence of what a year lacks is computed: without the statements on 2020 it says so."""
    said = text(year_overview.text_overview(chapter(load_dataset(data_copy, settings), 2020)))
    assert ("For 2020 har kilderne budgettet pr. konto, antallet af ydelsesmodtagere, beskrivelser af året og tal målt "
            "i perioder, der omfatter året.") in said
    path = data_copy / "statements.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if ",2020," not in line), encoding="utf-8")
    said = text(year_overview.text_overview(chapter(load_dataset(data_copy, settings), 2020)))
    assert "Kilderne har ikke et samlet nettobudget for området eller beskrivelser af året for 2020." in said


def test_a_year_links_to_the_themes_that_use_its_documents(shipped):
    links = {link.label: link.href for link in year_overview.theme_chapters_citing(year_page(shipped, 2023),
                                                                                {"budgetnotat-19-2023"})}
    assert links["Jobcentrets opgaver"] == "../temaer/opgaver.html"  # its tasks and laws come from that note
    assert not {"../temaer/udvikling.html", "../temaer/bdo.html", "../temaer/reform.html"} & set(links.values())
    html = year_overview.text_overview(year_page(shipped, 2023))._repr_html_()
    assert 'href="../temaer/opgaver.html"' in html
    assert "bruges også i" not in str(year_overview.text_overview(chapter(shipped, 2023)))  # no themes, no links


def test_the_reform_year_shows_the_reform_amounts_and_links_to_the_chapter(shipped):
    ctx = year_page(shipped, 2026)
    table = year_overview.figure_reform_amounts(ctx).table
    assert {"ca. 23,1 mio. kr.", "17,1 mio. kr.", "6,0 mio. kr."} <= set(table["Tallet i kilden"])
    assert 'href="../temaer/reform.html"' in year_overview.text_reform(ctx)._repr_html_()
    assert "tal for kommunen fra materialet om beskæftigelsesreformen" in text(year_overview.text_overview(ctx))


def test_caveats_are_only_those_that_apply(shipped):
    assert text(year_overview.text_caveats(chapter(shipped, 2023))) == (
        "- Beskrivelserne af året er bogens gengivelse med egne ord; kilden og stedet i den står ved hver enkelt.")
    said = text(year_overview.text_caveats(chapter(shipped, 2020)))
    assert "nominelle" in said and "Antallet af modtagere i 2020 er regnskabstal" in said
    assert "regnskabstal" not in text(year_overview.text_caveats(chapter(shipped, 2021)))


def test_price_times_quantity_accounts_are_listed(shipped):
    said = text(budgetaar.text_price_quantity(chapter(shipped, 2022)))
    assert said.startswith("12 funktioner er i 2022 budgetteret efter KL's skøn")
    assert "5.57.71 Sygedagpenge" in said
    items = budgetaar.text_price_quantity(chapter(shipped, 2022)).blocks[1].items
    assert len(items) == 12  # one item per function counted, also where two share a name


def test_net_budget_names_its_scope(shipped):
    ctx = chapter(shipped, 2024)
    said = text(budgetaar.text_net_budget(ctx))
    assert "1.084.640.200" in said and "Jobcenter og Borgerservice" in said and "FGU" in said
    assert "Dækker" not in budgetaar.figure_net_budgets(ctx).table.columns  # the scope is said once, in the text


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


def test_the_administration_s_share_and_the_year_s_are_explained_not_compared(shipped):
    said = text(budgetaar.text_share_difference(chapter(shipped, 2020)))
    assert "ca. 90 %" in said and "(85,5 %)" in said and "forskellen er ikke en udvikling" in said
    assert "de 18 konti i indsats- og ydelsesbudgettet, uden førtidspension og uden jobcentrets administration" in said
    assert budgetaar.text_share_difference(chapter(shipped, 2022)) is None  # no account budget that year


def test_a_year_page_links_kl_and_the_abbreviations_of_the_data_to_the_glossary(shipped):
    # The build tells a year page where it is (the `page` parameter); the links are relative to it.
    price_quantity = budgetaar.text_price_quantity(chapter(shipped, 2022, page="book/budgetaar/2022"))._repr_html_()
    assert '<a class="reference internal" href="../ordliste.html#term-KL">KL</a>&#x27;s skøn' in price_quantity
    assert "<a " not in budgetaar.text_price_quantity(chapter(shipped, 2022))._repr_html_()  # no page: plain text
    net = budgetaar.text_net_budget(chapter(shipped, 2024, page="book/budgetaar/2024"))
    assert str(net).endswith("Forkortelser og fagord forklaret i ordlisten: FGU, EGU og STU.")
    assert 'href="../ordliste.html#term-STU"' in net._repr_html_()
    # A page whose data use none of them gets no such line.
    assert "Forkortelser" not in str(budgetaar.text_net_budget(chapter(shipped, 2022)))


def test_the_account_chart_does_not_call_the_amounts_net(shipped):
    note = budgetaar.figure_accounts(chapter(shipped, 2021)).note
    assert "Nettobeløb" not in note and "oplyser ikke, om statens refusion er trukket fra" in note
