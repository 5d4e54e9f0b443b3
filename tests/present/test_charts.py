"""Chart factories and the offline renderer, tested through ``chart.to_dict()``."""

import json
import re

import pandas as pd

from jobbook.present import chart_svg, charts, line_charts, theme
from jobbook.present.safe import text as html_text


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
    bars = charts.chart_hbar(frame, category="k", value="v", value_title="V", color="s", decimals=1).to_dict()
    spec = bars["layer"][0]  # the bars; their values are written in the layers after them
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
    assert spec["layer"][0]["encoding"]["x"]["title"] == "Mio. kr."
    data = next(iter(spec["datasets"].values()))
    assert data == [{"f0": "a", "f1": 1.0}]


def test_line_chart_keeps_the_order_of_periods():
    frame = pd.DataFrame({"p": ["Faktisk 2020", "Budget 2021"], "v": [1, 2], "g": ["x", "x"]})
    spec = line_charts.chart_line(frame, x="p", value="v", series="g", value_title="V").to_dict()
    assert spec["layer"][0]["encoding"]["x"]["sort"] == ["Faktisk 2020", "Budget 2021"]


def test_renderer_writes_the_chart_as_svg_drawn_at_build_time_and_a_stable_id(tmp_path):
    spec = charts.chart_hbar(pd.DataFrame({"k": ["</script>", "Sygedagpenge"], "v": [1234.5, 20000]}), category="k",
                             value="v", value_title="V").to_dict()
    written = charts.chart_html(spec)
    assert written == charts.chart_html(spec) and "<svg" not in written  # drawn when the pages are written
    html = chart_svg.with_drawings(written, tmp_path)
    assert html == chart_svg.with_drawings(written)  # the same drawings, from the cache or drawn again
    assert html.startswith(f'<div id="{charts.chart_id(spec)}" class="jobbook-chart" role="img" aria-label="Figur">'
                           '<svg ')
    # Two drawings, for a phone's column and a page's, scaled by the stylesheet (viewBox); no script runs.
    svgs = re.findall(r"<svg [^>]*>", html)
    assert len(svgs) == 2
    for svg, kind, width in zip(svgs, ("narrow", "wide"), (chart_svg.NARROW_PX, chart_svg.WIDE_PX), strict=True):
        assert f'class="marks jobbook-static jobbook-static-{kind}" data-width="{width}"' in svg
        assert f'viewBox="0 0 {width} ' in svg and 'aria-hidden="true"' in svg
    assert "vegaEmbed" not in html and "src=" not in html  # no script is run or loaded from anywhere
    assert html.count("<script") == 1 and '<script type="application/json" class="jobbook-chart-spec">' in html
    data = html[html.index('class="jobbook-chart-spec">') + len('class="jobbook-chart-spec">'):html.rindex("</script>")]
    assert json.loads(data) == spec and "</script>" not in data
    # Drawn in the house style: Danish numbers (two bars carry their values, with the decimal one of
    # them needs), the label as text (escaped), the site's fonts.
    labels = re.findall(r"<text[^>]*>([^<]*)</text>", html)
    assert "20.000,0" in labels and "1.234,5" in labels and "&lt;/script&gt;" in labels and "Sygedagpenge" in labels
    fonts = set(re.findall(r'font-family="([^"]*)"', html))
    assert fonts == {html_text(theme.FONT)}, fonts  # the site's stack (laid out with its widest font)


def test_the_drawings_are_smaller_than_vega_writes_them_and_their_ids_are_their_own():
    line = line_charts.chart_line(pd.DataFrame({"p": ["a", "b", "c"], "v": [1.123456, 2.5, 3.75], "g": ["x"] * 3}),
                             x="p", value="v", series="g", value_title="V").to_dict()
    drawn = chart_svg.with_drawings(charts.chart_html(line))
    geometry = " ".join(re.findall(r'\s(?:d|transform|x|y)="([^"]*)"', drawn))
    assert re.search(r"\d\.\d\d", geometry) and not re.search(r"\d\.\d{3}", geometry)  # 96.43, not 96.42857142857142
    # Clipped marks refer to clip paths by id ("clip1" in every drawing Vega writes): two charts on a page
    # and the two drawings of each must not share one.
    clipped = {"data": {"values": [{"x": 1, "y": 2}, {"x": 5, "y": 9}]}, "layer": [
        {"mark": {"type": "line", "clip": True}, "encoding": {"x": {"field": "x", "type": "quantitative",
                                                                      "scale": {"domain": [0, 3]}},
                                                                "y": {"field": "y", "type": "quantitative"}}},
        {"mark": {"type": "point", "clip": True}, "encoding": {"x": {"field": "x", "type": "quantitative"},
                                                                "y": {"field": "y", "type": "quantitative"}}}]}
    html = chart_svg.with_drawings(charts.chart_html(clipped) + charts.chart_html({**clipped, "description": "Anden"}))
    ids = re.findall(r'\bid="([^"]+)"', html)
    clips = [name for name in ids if not re.fullmatch(r"vis-[0-9a-f]{12}", name)]
    assert len(clips) >= 4 and len(ids) == len(set(ids))
    for name in re.findall(r"url\(#([^)]+)\)", html):
        assert name in clips, name


def test_each_spec_is_drawn_once_and_kept(tmp_path):
    spec = charts.chart_hbar(pd.DataFrame({"k": ["a"], "v": [1]}), category="k", value="v", value_title="V").to_dict()
    page = "<p>Før</p>" + charts.chart_html(spec) + "<p>Efter</p>"
    drawn = chart_svg.with_drawings(page, tmp_path)
    [kept] = list(tmp_path.iterdir())
    assert kept.read_text(encoding="utf-8") in drawn and drawn.startswith("<p>Før</p><div")
    kept.write_text('<svg class="marks jobbook-static">fra cachen</svg>', encoding="utf-8")
    assert "fra cachen" in chart_svg.with_drawings(page, tmp_path)  # a page written again draws nothing
    other = charts.chart_hbar(pd.DataFrame({"k": ["a"], "v": [2]}), category="k", value="v", value_title="V")
    assert "fra cachen" not in chart_svg.with_drawings(charts.chart_html(other.to_dict()), tmp_path)


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


def test_whole_number_axes_step_by_whole_numbers_and_others_by_their_last_decimal():
    """Readers saw "0 1 1 2 2 3 3" on a 0-7 % axis drawn with no decimals: ticks at every half."""
    assert charts.value_axis([0, 3, 17]).to_dict() == {"format": ",.0f", "tickMinStep": 1.0}
    assert charts.value_axis([2.0, 5.0], decimals=1).to_dict()["tickMinStep"] == 1.0  # whole data, whole steps
    assert charts.value_axis([3.3, 6.7]).to_dict() == {"format": ",.0f", "tickMinStep": 1.0}
    assert charts.value_axis([0.2, 1.5], decimals=1).to_dict() == {"format": ",.1f", "tickMinStep": 0.1}
    # Values spanning less than two steps of the format get a decimal more, so the axis has ticks.
    assert charts.value_axis([0.2, 0.7]).to_dict() == {"format": ",.1f", "tickMinStep": 0.1}


def test_tooltips_show_the_decimal_the_axis_leaves_out():
    assert charts.value_tooltip("f1", "Sygefravær, %", [6.7, 3.3]).to_dict()["format"] == ",.1f"
    assert charts.value_tooltip("f1", "Personer", [164, 2816]).to_dict()["format"] == ",.0f"
    assert charts.value_tooltip("f1", "Mio. kr.", [7.133, 10.788], decimals=1).to_dict()["format"] == ",.2f"


def test_long_labels_wrap_between_words_and_are_never_cut():
    name = "5.46.60 Selvforsørgelses- og hjemrejseprogram eller introduktionsprogram"
    lines = charts.wrap_label(name).split(charts.LINE_BREAK)
    assert " ".join(lines) == name and len(lines) == 5
    assert charts.wrap_label(name, 160).split(charts.LINE_BREAK) == [
        "5.46.60 Selvforsørgelses-", "og hjemrejseprogram eller", "introduktionsprogram"]
    assert all(charts.text_width(line) <= charts.LABEL_WRAP_PX for line in lines)
    assert charts.wrap_label("Kontanthjælpsmodtagere", 50) == "Kontanthjælpsmodtagere"  # one word stays whole
    assert charts.wrap_label("Sygedagpenge") == "Sygedagpenge"


def test_bars_with_long_labels_get_rows_as_tall_as_their_lines():
    frame = pd.DataFrame({"k": ["5.57.71 Sygedagpenge", "5.46.60 Selvforsørgelses- og hjemrejseprogram eller "
                                "introduktionsprogram"], "v": [69.3, 7.1], "t": ["a", "b"]})
    chart = charts.chart_hbar(frame, category="k", value="v", value_title="Mio. kr.",
                              colors=charts.color_by(frame, "t", title="Type"))
    spec = chart.to_dict()
    bars, *values, labels = spec["layer"]
    assert [v["mark"]["type"] for v in values] == ["text", "text"]  # two bars: their values are written
    assert bars["encoding"]["color"]["field"] == "f2" and bars["encoding"]["tooltip"][0]["field"] == "f0"
    shared = (bars.get("data") or spec["data"])["name"]  # the bars' data is shared with their values' layers
    rows = next(iter(d for name, d in spec["datasets"].items() if name == shared))
    text = next(iter(d for name, d in spec["datasets"].items() if name == labels["data"]["name"]))
    assert [t["label"].count("\n") for t in text] == [0, 4]
    assert spec["height"] == 26 + 5 * charts.LINE_HEIGHT + 10  # a one-line row and a five-line row
    # A word wider than LABEL_WRAP_PX widens the label column anyway, so the lines may be as wide.
    wide = pd.concat([frame, pd.DataFrame({"k": ["5.68.98 Beskæftigelsesordninger"], "v": [2.5], "t": ["b"]})])
    spec = charts.chart_hbar(wide, category="k", value="v", value_title="Mio. kr.").to_dict()
    text = next(iter(d for name, d in spec["datasets"].items() if name == spec["layer"][-1]["data"]["name"]))
    assert [t["label"].count("\n") for t in text] == [0, 3, 1]
    assert rows[0]["f3"] < rows[0]["f4"] < rows[1]["f3"]  # the second bar lies below the first
    assert labels["mark"]["lineBreak"] == "\n" and labels["mark"]["align"] == "right"


def test_long_labels_still_layer_with_a_reference_line():
    import vl_convert as vlc

    frame = pd.DataFrame({"g": ["Forsikrede ledige på dagpenge og i aktivering", "Sygedagpenge"], "i": [96.0, 104.0]})
    bars = charts.chart_hbar(frame, category="g", value="i", value_title="Indeks")
    spec = charts.with_reference(bars, 100.0).to_dict()
    spec["width"] = 350
    assert "Sygedagpenge" in vlc.vegalite_to_svg(spec)


def test_legends_keep_whole_labels_in_the_columns_that_fit():
    one_row = charts._legend(["Budget 2021", "Faktisk 2020"], 280).to_dict()
    assert (one_row["columns"], one_row["labelLimit"]) == (2, 0)
    stacked = charts._legend(["Forsørgelse (ydelser)", "Drift og indsats"]).to_dict()
    assert (stacked["columns"], stacked["direction"]) == (1, "vertical")


def test_the_largest_series_are_kept_and_the_rest_summed():
    frame = pd.DataFrame({"p": ["2020", "2021"] * 9, "g": [f"G{i // 2}" for i in range(18)],
                          "v": [100 * (i // 2) + i % 2 for i in range(18)]})
    folded = charts.largest_and_rest(frame, series="g", value="v", by=["p"], rest_label="Øvrige ({n} grupper)")
    assert list(dict.fromkeys(folded["g"])) == ["G8", "G7", "G6", "G5", "G4", "Øvrige (4 grupper)"]
    rest = folded[folded["g"] == "Øvrige (4 grupper)"].set_index("p")["v"]
    assert rest.to_dict() == {"2020": 0 + 100 + 200 + 300, "2021": 1 + 101 + 201 + 301}
    assert folded["v"].sum() == frame["v"].sum()
    assert len(charts.largest_and_rest(frame.head(12), series="g", value="v", by=["p"])) == 12  # 6 series: as is


def test_a_chart_with_more_colours_than_can_be_told_apart_is_refused():
    import pytest

    frame = pd.DataFrame({"p": ["2020"] * 8, "g": [f"G{i}" for i in range(8)], "v": range(8)})
    with pytest.raises(ValueError, match="largest_and_rest"):
        line_charts.chart_line(frame, x="p", value="v", series="g", value_title="V")
    with pytest.raises(ValueError, match="8 colour series"):
        charts.chart_hbar(frame, category="p", value="v", value_title="V", color="g")


def test_a_stacked_bar_gives_each_part_the_colour_of_its_role():
    from jobbook.present import colours

    frame = pd.DataFrame({"Del": ["Specificeret", "Uspecificeret"], "Mio. kr.": [12.5, 3.0]})
    chart = charts.chart_stacked_bar(frame, part="Del", value="Mio. kr.", value_title="Mio. kr. om året",
                                     roles=["home", "pending"], decimals=1).to_dict()
    spec, values = chart["layer"]
    assert spec["mark"]["type"] == "bar" and spec["encoding"]["x"]["stack"] == "zero"
    # Each part's value in its middle, in the Danish format of the tooltip.
    middles = chart["datasets"][values["data"]["name"]]
    assert [(m["x"], m["amount"]) for m in middles] == [(6.25, 12.5), (14.0, 3.0)]
    assert values["encoding"]["text"]["format"] == ",.1f"
    scale = spec["encoding"]["color"]["scale"]
    assert scale == {"domain": ["Specificeret", "Uspecificeret"],
                     "range": [colours.colour("home"), colours.colour("pending")]}
    assert spec["encoding"]["tooltip"][1]["format"] == ",.1f"


def test_a_reference_line_is_drawn_in_the_neutral_role_over_the_bars():
    from jobbook.present import colours

    bars = charts.chart_hbar(pd.DataFrame({"k": ["a", "b"], "v": [96.0, 104.0]}), category="k", value="v",
                             value_title="Indeks")
    spec = charts.with_reference(bars, 100.0).to_dict()
    rule = spec["layer"][-1]
    assert rule["mark"] == {"type": "rule", "color": colours.colour("neutral"), "strokeDash": [4, 3]}
    assert [{"x": 100.0}] in spec["datasets"].values()
