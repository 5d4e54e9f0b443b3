"""Unit tests: the sources page, with the validation's notes on totals that differ from their parts."""

import pytest

from conftest import DATA_DIR
from jobbook.data.dataset import load_dataset
from jobbook.site import sources_page as documents


@pytest.fixture(scope="module")
def page(settings):
    return documents.render_sources_page(load_dataset(DATA_DIR, settings))


def test_every_source_has_a_linkable_section(page, settings):
    ds = load_dataset(DATA_DIR, settings)
    for source_id in ds["sources"]["source_id"]:
        assert f"({documents.source_anchor(source_id)})=" in page


def test_an_acknowledged_discrepancy_is_explained_with_its_place_in_the_data(page):
    line = next(x for x in page.splitlines() if "Digitalisering og IT 2022" in x)
    assert "`net_budgets.csv`, linje 18" in line
    assert "42.339.000\u00a0kr." in line and "42.490.000\u00a0kr." in line and "151.000\u00a0kr. mere" in line
    assert "DUT-kompensation" in line


def test_a_rounding_difference_is_called_rounding(page):
    line = next(x for x in page.splitlines() if "HR og Personale 2022" in x)
    assert "1.000\u00a0kr. mere" in line and "afrunding (op til 1.500\u00a0kr." in line
