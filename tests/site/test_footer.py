"""The footer's publisher, edition date and contact come from [publication] in the settings file."""

from __future__ import annotations

from conftest import SETTINGS_FILE
from jobbook.settings import load_settings
from jobbook.site.sphinxext import publication_context


def test_publication_values_reach_the_footer_in_danish(tmp_path):
    settings_file = tmp_path / "jobbook.toml"
    settings_file.write_text(SETTINGS_FILE.read_text(encoding="utf-8").split("[publication]")[0] + (
        '[publication]\npublisher = "Økonomiafdelingen"\nedition_date = 2026-03-01\n'
        'contact = "Spørgsmål og rettelser: analyse@example.dk"\n'), encoding="utf-8")
    context = publication_context(load_settings(settings_file))
    assert context == {"publisher": "Økonomiafdelingen", "edition_date": "1. marts 2026",
                       "contact": "Spørgsmål og rettelser: analyse@example.dk"}


def test_a_settings_file_without_publication_gives_an_empty_footer(tmp_path):
    settings_file = tmp_path / "jobbook.toml"
    settings_file.write_text(SETTINGS_FILE.read_text(encoding="utf-8").split("[publication]")[0], encoding="utf-8")
    assert publication_context(load_settings(settings_file)) == {"publisher": "", "edition_date": "", "contact": ""}
