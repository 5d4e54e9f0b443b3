"""Chart factories and the offline renderer, tested through ``chart.to_dict()``."""

import pandas as pd

from jobbook.present import charts


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
    assert spec["encoding"]["color"]["title"] is None and spec["encoding"]["color"]["sort"] == ["x", "y"]
    assert spec["mark"]["type"] == "bar"


def fields(spec) -> list[str]:
    found = []
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key == "field" and isinstance(value, str):
                found.append(value)
            found += fields(value)
    elif isinstance(spec, list):
        for item in spec:
            found += fields(item)
    return found


def test_readable_column_names_become_plain_fields_and_titles():
    """A dot in a Vega-Lite field name is a path into a nested object: "Mio. kr." would draw nothing."""
    frame = pd.DataFrame({"Konto": ["a"], "Mio. kr.": [1.0]})
    spec = charts.chart_hbar(frame, category="Konto", value="Mio. kr.", value_title="Mio. kr.").to_dict()
    assert all("." not in f and "[" not in f for f in fields(spec))
    assert spec["encoding"]["x"]["title"] == "Mio. kr."
    data = next(iter(spec["datasets"].values()))
    assert data == [{"f0": "a", "f1": 1.0}]


def test_line_chart_keeps_the_order_of_periods():
    frame = pd.DataFrame({"p": ["Faktisk 2020", "Budget 2021"], "v": [1, 2], "g": ["x", "x"]})
    spec = charts.chart_line(frame, x="p", value="v", series="g", value_title="V").to_dict()
    assert spec["layer"][0]["encoding"]["x"]["sort"] == ["Faktisk 2020", "Budget 2021"]


def test_renderer_draws_with_the_local_vega_embed_and_a_stable_id():
    spec = charts.chart_hbar(pd.DataFrame({"k": ["</script>"], "v": [1]}), category="k", value="v",
                             value_title="V").to_dict()
    html = charts.chart_html(spec)
    assert html == charts.chart_html(spec)
    assert html.startswith(f'<div id="{charts.chart_id(spec)}" class="jobbook-chart" role="img" aria-label="Figur">'
                           '</div><script>')
    assert "vegaEmbed(el," in html and '"actions": false' in html
    assert "src=" not in html  # no script is loaded from anywhere
    assert "</script>" not in html[html.index("<script>") + 8:-len("</script>")]


def test_altair_uses_the_offline_renderer():
    import altair as alt

    assert alt.renderers.active == charts.RENDERER_NAME
    bundle = charts.offline_renderer({"mark": "bar"})
    assert list(bundle) == ["text/html"]


def test_no_chart_of_the_book_uses_a_dotted_field(shipped):
    """Every chart the chapters draw, checked through its spec."""
    from conftest import chapter_figures

    figures = chapter_figures(shipped)
    assert sum(f.chart is not None for f in figures) >= 10
    for figure in figures:
        if figure.chart is None:
            continue
        spec = figure.chart.to_dict()
        assert fields(spec), figure.title
        assert all("." not in f for f in fields(spec)), (figure.title, fields(spec))
        assert spec["config"]["locale"]["number"]["decimal"] == ","
