"""The data dictionary is generated from the same specifications that validate the data, and reads in
Danish first: each column's label and unit, then its description and rules, its name in the file last."""

import re

from jobbook.data.fields import FIELDS
from jobbook.data.tables import TABLES
from jobbook.site.dictionary import LABELS_DA, label_da, render_data_dictionary


def column_entries(text: str) -> list[tuple[str, str]]:
    return re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", text)


def test_dictionary_describes_every_column_of_every_table(settings):
    text = render_data_dictionary(settings)
    for spec in TABLES:
        block = re.search(rf'<details class="jobbook-dictionary" id="tabel-{spec.name}">.*?</details>', text)[0]
        assert f"<summary>{spec.title_da} " in block.replace("&#x27;", "'")
        assert f'<a href="../../data/{spec.file_name}" download>{spec.file_name}</a>' in block
        entries = column_entries(block)
        assert len(entries) == len(spec.fields)
        for (_label, description), f in zip(entries, spec.fields, strict=True):
            assert f.description_da.strip(), (spec.name, f.name)
            assert f"<small>Kolonne {f.name} · " in description


def test_every_column_has_a_danish_label_and_the_label_comes_first_with_its_unit(settings):
    assert all(f.header_da or f.name in LABELS_DA for f in FIELDS.values())
    text = render_data_dictionary(settings)
    budget = re.search(r'id="tabel-budget_by_account">.*?</details>', text)[0]
    label, description = next((dt, dd) for dt, dd in column_entries(budget) if "amount_dkk_1000" in dd)
    assert label == "Budget (1.000 kr.)" == label_da(FIELDS["amount_dkk_1000"])
    assert description.index("Beløb") < description.index("<small>Kolonne amount_dkk_1000")


def test_dictionary_states_the_rules_in_danish_and_keeps_formats_in_small_type(settings):
    text = render_data_dictionary(settings)
    assert "År fra 2007 til 2040" in text
    assert "Skal findes i tabellen Kilder" in text
    assert "055771" in text
    # A regular expression or a code list is never a reader's first read: only in the small type.
    for _, description in column_entries(text):
        before = description.split("<small>")[0]
        assert "^" not in before and "$" not in before and "`" not in before, before


def test_the_page_is_small_one_collapsed_block_per_data_file(settings):
    """The Markdown tables made 2,916 elements and 352 ms blocking time on a phone (issue 21)."""
    text = render_data_dictionary(settings)
    assert text.count('<details class="jobbook-dictionary"') == len(TABLES)
    assert "|---|" not in text and "<td" not in text
    elements = len(re.findall(r"<[a-z]+[\s>]", text))
    assert elements < 4 * sum(len(spec.fields) for spec in TABLES) + 6 * len(TABLES)
