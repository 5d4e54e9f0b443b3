"""The data dictionary is generated from the same specifications that validate the data."""

from jobbook.data.tables import TABLES
from jobbook.site.dictionary import render_data_dictionary


def test_dictionary_describes_every_column_of_every_table(settings):
    text = render_data_dictionary(settings)
    for spec in TABLES:
        assert f"## {spec.title_da}" in text
        assert f"`data/{spec.file_name}`" in text
        for f in spec.fields:
            assert f.description_da.strip(), (spec.name, f.name)
            assert f"| `{f.name}` |" in text


def test_dictionary_states_the_rules_in_danish(settings):
    text = render_data_dictionary(settings)
    assert "År fra 2007 til 2040" in text
    assert "Skal findes i `sources.csv`" in text
    assert "055771" in text
