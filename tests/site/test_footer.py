"""The footer's publisher, edition date, contact, licence and suggested citation come from [publication]
in the settings file (and the book's title from _config.yml)."""

from __future__ import annotations

import jinja2
import pytest

from conftest import SETTINGS_FILE
from jobbook.settings import SettingsError, load_settings
from jobbook.site.sphinxext import publication_context


def test_publication_values_reach_the_footer_in_danish(tmp_path):
    settings_file = tmp_path / "jobbook.toml"
    settings_file.write_text(SETTINGS_FILE.read_text(encoding="utf-8").split("[publication]")[0] + (
        '[publication]\npublisher = "Økonomiafdelingen"\nedition_date = 2026-03-01\n'
        'contact = "Spørgsmål og rettelser: analyse@example.dk"\n'), encoding="utf-8")
    context = publication_context(load_settings(settings_file), "Jobbogen")
    assert context == {"publisher": "Økonomiafdelingen", "edition_date": "1. marts 2026",
                       "contact": "Spørgsmål og rettelser: analyse@example.dk", "licence": "", "licence_url": "",
                       "citation": "Økonomiafdelingen: Jobbogen. Udgave 1. marts 2026."}


def test_a_settings_file_without_publication_gives_an_empty_footer(tmp_path):
    settings_file = tmp_path / "jobbook.toml"
    settings_file.write_text(SETTINGS_FILE.read_text(encoding="utf-8").split("[publication]")[0], encoding="utf-8")
    assert publication_context(load_settings(settings_file)) == {
        "publisher": "", "edition_date": "", "contact": "", "licence": "", "licence_url": "", "citation": ""}
    assert render_footer(publication_context(load_settings(settings_file))).strip() == ""


def render_footer(publication: dict[str, str]) -> str:
    """The shipped footer template rendered by Jinja with autoescape off, as Sphinx renders templates."""
    template = (SETTINGS_FILE.parent / "book" / "_templates" / "jobbook-footer.html").read_text(encoding="utf-8")
    return jinja2.Environment().from_string(template).render(jobbook_publication=publication)


def test_the_shipped_settings_put_licence_link_and_citation_in_the_footer():
    context = publication_context(load_settings(SETTINGS_FILE), "Beskæftigelsesområdets økonomi")
    assert context["licence"] == "CC BY 4.0"
    assert context["licence_url"] == "https://creativecommons.org/licenses/by/4.0/deed.da"
    html = render_footer(context)
    assert ('<a href="https://creativecommons.org/licenses/by/4.0/deed.da" rel="license">CC BY 4.0</a>'
            ", når kilden nævnes.") in html
    assert ("Citér som: Analysebogen om beskæftigelsesområdet: Beskæftigelsesområdets økonomi. "
            "Udgave 2. december 2026.") in html


def test_footer_values_are_shown_as_text(tmp_path):
    settings_file = tmp_path / "jobbook.toml"
    settings_file.write_text(SETTINGS_FILE.read_text(encoding="utf-8").split("[publication]")[0] + (
        '[publication]\npublisher = "<b>Afd</b>"\nlicence = "CC <i>BY</i>"\n'), encoding="utf-8")
    html = render_footer(publication_context(load_settings(settings_file), "Bog & data"))
    assert "<b>" not in html and "<i>" not in html
    assert "CC &lt;i&gt;BY&lt;/i&gt;, når kilden nævnes." in html
    assert "Citér som: &lt;b&gt;Afd&lt;/b&gt;: Bog &amp; data." in html


def test_a_licence_address_must_be_https(tmp_path):
    settings_file = tmp_path / "jobbook.toml"
    settings_file.write_text(SETTINGS_FILE.read_text(encoding="utf-8").split("[publication]")[0] + (
        '[publication]\nlicence = "CC BY 4.0"\nlicence_url = "javascript:alert(1)"\n'), encoding="utf-8")
    with pytest.raises(SettingsError, match=r"\[publication\] licence_url: an address starting with https://"):
        load_settings(settings_file)


def test_a_figure_s_citation_gets_the_page_s_address_and_its_anchor_after_renaming():
    from jobbook.present.figures import unique_figure_names
    from jobbook.site.sphinxext import cite_addresses, page_address

    figure = ('<figure class="jobbook-figure" id="figur-budget" data-jobbook-slug="budget"><a href="#figur-budget">'
              'Link</a><p class="jobbook-cite-text">X. <span class="jobbook-cite-url">#figur-budget</span>.</p>'
              "</figure>")
    html = unique_figure_names(figure + figure, set())
    address = page_address("https://example.dk/bog/", "book/budgetaar/2021")
    assert address == "https://example.dk/bog/book/budgetaar/2021.html"
    cited = cite_addresses(html, address)
    assert cited.count("https://example.dk/bog/book/budgetaar/2021.html#figur-budget</span>") == 1
    assert cited.count("https://example.dk/bog/book/budgetaar/2021.html#figur-budget-2</span>") == 1
    assert page_address("", "book/index") == "book/index.html"  # no site address set: the path in the site
