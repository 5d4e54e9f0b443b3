"""Figures carry a caption with their sources, a text alternative, the table and a CSV of it."""

import urllib.parse

import pandas as pd

from conftest import DATA_DIR
from jobbook.data.dataset import load_dataset
from jobbook.present import fmt
from jobbook.present.charts import chart_hbar
from jobbook.present.figures import Figure, csv_text, describe_extremes


def _figure(settings, chart=True):
    ds = load_dataset(DATA_DIR, settings)
    table = pd.DataFrame({"Gruppe": ["A", "B"], "Personer": [1200.0, 30.0]})
    return Figure(title="Test", table=table, sources=ds["sources"], source_ids=["bemaerkninger-2022"],
                  description="Søjler. Højest: A.", formats={"Personer": fmt.number},
                  chart=chart_hbar(table, category="Gruppe", value="Personer", value_title="P") if chart else None)


def test_figure_html_has_caption_source_alt_table_and_csv(settings):
    html = _figure(settings)._repr_html_()
    assert "<figcaption><strong>Test</strong> Kilde: " in html
    assert 'href="../generated/kilder.html#kilde-bemaerkninger-2022"' in html
    assert '<p class="jobbook-alt">Søjler. Højest: A.</p>' in html
    assert '<td class="num">1.200</td>' in html
    assert "<details><summary>" in html
    href = html.split('href="data:text/csv;charset=utf-8,')[1].split('"')[0]
    assert urllib.parse.unquote(href) == "Gruppe,Personer\nA,1200\nB,30\n"


def test_a_table_figure_shows_the_table_directly(settings):
    html = _figure(settings, chart=False)._repr_html_()
    assert "<details>" not in html and "jobbook-chart" not in html
    assert "<table" in html


def test_figure_html_is_identical_on_every_run(settings):
    assert _figure(settings)._repr_html_() == _figure(settings)._repr_html_()


def test_csv_keeps_decimals_and_drops_trailing_zero_of_whole_numbers():
    frame = pd.DataFrame({"a": [1.0, 2.0], "b": [1.5, None], "c": ["x", "y"]})
    assert csv_text(frame) == "a,b,c\n1,1.5,x\n2,,y\n"


def test_describe_extremes():
    frame = pd.DataFrame({"n": ["a", "b", "c"], "v": [3, 9, None]})
    assert describe_extremes(frame, "n", "v", fmt.number) == "Højest: b (9). Lavest: a (3)."
    assert describe_extremes(frame.iloc[[0]], "n", "v", fmt.number) == "Én værdi: a (3)."
    assert describe_extremes(frame.iloc[[2]], "n", "v", fmt.number) == "Der er ingen tal at vise."
