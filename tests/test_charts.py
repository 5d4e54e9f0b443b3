"""Chart factories and the offline renderer, tested through ``chart.to_dict()``."""

import pandas as pd

from jobbook import charts


def test_theme_puts_the_danish_locale_into_every_spec():
    spec = charts.chart_hbar(pd.DataFrame({"k": ["a"], "v": [1.5]}), category="k", value="v",
                             value_title="V").to_dict()
    number = spec["config"]["locale"]["number"]
    assert (number["decimal"], number["thousands"]) == (",", ".")
    assert spec["config"]["locale"]["time"]["months"][0] == "januar"
    assert spec["width"] == "container"
    assert spec["config"]["autosize"]["contains"] == "padding"


def test_hbar_keeps_category_order_and_formats_axis():
    frame = pd.DataFrame({"k": ["b", "a"], "v": [1.0, 2.0], "s": ["x", "y"]})
    spec = charts.chart_hbar(frame, category="k", value="v", value_title="V", color="s", decimals=1).to_dict()
    assert spec["encoding"]["y"]["sort"] == ["b", "a"]
    assert spec["encoding"]["x"]["axis"]["format"] == ",.1f"
    assert spec["encoding"]["color"]["field"] == "s"
    assert spec["mark"]["type"] == "bar"


def test_line_chart_keeps_the_order_of_periods():
    frame = pd.DataFrame({"p": ["Faktisk 2020", "Budget 2021"], "v": [1, 2], "g": ["x", "x"]})
    spec = charts.chart_line(frame, x="p", value="v", series="g", value_title="V").to_dict()
    assert spec["layer"][0]["encoding"]["x"]["sort"] == ["Faktisk 2020", "Budget 2021"]


def test_renderer_draws_with_the_local_vega_embed_and_a_stable_id():
    spec = charts.chart_hbar(pd.DataFrame({"k": ["</script>"], "v": [1]}), category="k", value="v",
                             value_title="V").to_dict()
    html = charts.chart_html(spec)
    assert html == charts.chart_html(spec)
    assert html.startswith(f'<div id="{charts.chart_id(spec)}" class="jobbook-chart"></div><script>')
    assert "vegaEmbed(el," in html and '"actions": false' in html
    assert "src=" not in html  # no script is loaded from anywhere
    assert "</script>" not in html[html.index("<script>") + 8:-len("</script>")]


def test_altair_uses_the_offline_renderer():
    import altair as alt

    assert alt.renderers.active == charts.RENDERER_NAME
    bundle = charts.offline_renderer({"mark": "bar"})
    assert list(bundle) == ["text/html"]
