"""The reform what-if as Vega evaluates it (vl-convert, no browser): the controls, and the live
sentences against the reform chapter's own arithmetic for the book's case and other inputs."""

from __future__ import annotations

import copy
import dataclasses
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import vl_convert as vlc

from conftest import chapter
from jobbook.analysis import reform
from jobbook.present import fmt, whatif, whatif_page
from jobbook.present.chart_svg import with_drawings

SVG = "{http://www.w3.org/2000/svg}"
VL_VERSION = "6.4"


@pytest.fixture(scope="module")
def ctx(shipped):
    return chapter(shipped, 2026)


@pytest.fixture(scope="module")
def figure(ctx):
    return reform.figure_whatif(ctx)


@pytest.fixture(scope="module")
def spec(figure):
    return figure.chart.properties(description=figure.description).to_dict()


def with_values(spec: dict, *, rise: float, share: float, width: int | None = None) -> dict:
    out = copy.deepcopy(spec)
    for param in out["params"]:
        param["value"] = {whatif.RISE: rise, whatif.SHARE: share}[param["name"]]
    if width is not None:
        out["width"] = width
    return out


def sentences(spec: dict) -> list[list[str]]:
    """The live sentences as Vega drew them, each a list of its lines."""
    root = ET.fromstring(vlc.vegalite_to_svg(spec, vl_version=VL_VERSION))
    found = []
    for i in range(whatif.HEADER_LINES):
        group = next(g for g in root.iter(f"{SVG}g") if f"{whatif.HEADER_MARK}{i}_marks" in g.get("class", ""))
        text = next(group.iter(f"{SVG}text"))
        spans = list(text.iter(f"{SVG}tspan"))
        found.append([s.text for s in spans] if spans else [text.text])
    return found


def expected(ctx, rise: float, share: float) -> list[str]:
    """What the chapter's own functions say for these inputs, formatted by the book's formatter:
    the source's statement first, then the book's calculation with its assumption."""
    inputs = dataclasses.replace(reform.scenario(ctx), scenario_rise_pct_point=rise, local_share_pct=share)
    cost, even = reform.local_cost_of_rise_mio(inputs), reform.break_even_rise_pct_point(inputs)
    said = reform.source_statement(ctx)
    return [f"Kilden: {said['rise']} højere strukturel ledighed koster {said['cost']} på landsplan",
            f"Bogens regneeksempel: hvis kommunen bar {fmt.pct(share, 2)} af landsudgiften,",
            f"ville en stigning på {fmt.pct_point(rise, 2)} koste den {fmt.mio(cost)}",
            f"Besparelse og udgift er lige store ved {fmt.pct_point(even, 2)}"
            + (" (uden for figuren)" if even > whatif.RISE_MAX else "")]


def test_two_sliders_start_at_the_book_s_case(spec, ctx):
    params = {p["name"]: p for p in spec["params"]}
    assert params[whatif.RISE]["bind"] == {"input": "range", "min": 0.0, "max": 1.0, "step": 0.05,
                                           "name": whatif.RISE_LABEL}
    assert params[whatif.SHARE]["bind"]["name"] == whatif.SHARE_LABEL
    assert params[whatif.RISE]["value"] == 0.5
    share = reform.local_share_pct(reform.scenario(ctx))
    assert params[whatif.SHARE]["value"] == share == pytest.approx(23.1 / 2470 * 100)


def test_the_headline_is_the_source_s_figure_and_the_book_s_case_says_it_is_the_book_s(spec):
    lines = [" ".join(parts) for parts in sentences(spec)]
    assert lines[0] == "Kilden: 0,5 pct. højere strukturel ledighed koster ca. 6,0\u00a0mia.\u00a0kr. på landsplan"
    assert lines[1] == "Bogens regneeksempel: hvis kommunen bar 0,94\u00a0% af landsudgiften,"
    assert lines[2] == "ville en stigning på 0,50\u00a0procentpoint koste den 56,1\u00a0mio.\u00a0kr."
    assert lines[3] == "Besparelse og udgift er lige store ved 0,21\u00a0procentpoint"
    # The source states no period for its 6,0 mia. kr.: no title, axis or tooltip of the chart adds one.
    assert "om året" not in str(spec)


@pytest.mark.parametrize(("rise", "share"), [(0.25, 0.94), (1.0, 2.0), (0.75, 3.0), (0.05, 0.12), (0.0, 1.5)])
def test_other_inputs_give_what_the_chapter_s_arithmetic_gives(spec, ctx, rise, share):
    assert [" ".join(parts) for parts in sentences(with_values(spec, rise=rise, share=share))] == \
        expected(ctx, rise, share)


def test_long_sentences_break_on_a_phone(spec):
    narrow = sentences(with_values(spec, rise=0.5, share=0.94, width=260))
    wide = sentences(with_values(spec, rise=0.5, share=0.94, width=900))
    assert [len(x) for x in narrow] == [3, 3, 3, 2] and [len(x) for x in wide] == [1, 1, 1, 1]
    assert max(len(line) for lines in narrow for line in lines) <= 34  # about what a phone's plot holds
    outside = sentences(with_values(spec, rise=0.5, share=0.15, width=260))[3]
    assert outside[-1] == "(uden for figuren)" and len(outside) == 3


def test_tooltips_and_axes_are_danish(spec):
    text = str(spec)
    assert "'format': ',.1f'" in text and "Netto (mio. kr.)" in text
    assert spec["config"]["locale"]["number"]["decimal"] == ","


def test_the_page_gets_controls_a_text_alternative_and_a_live_region(figure):
    html = figure._repr_html_()
    assert 'role="img"' not in html  # it would make the sliders inside presentational
    assert re.search(r'<div id="vis-[0-9a-f]{12}" class="jobbook-chart"><p class="visually-hidden jobbook-static">'
                     "Interaktiv figur for Kalundborg", html)
    assert 'aria-live="polite"' in html and "jobbookCharts.swap(el," in html and "<svg" not in html
    # Drawn at build time for the book's case, with the sliders as plain inputs at its settings; the
    # chart library is not loaded by the page itself.
    box = with_drawings(html[html.index('<div class="jobbook-whatif">'):])  # as the page is written
    assert len(re.findall(r'<svg [^>]*class="marks jobbook-static', box)) == 2
    drawn = " ".join(re.findall(r"<tspan[^>]*>([^<]*)</tspan>", box))
    assert "0,50\u00a0procentpoint koste" in drawn and "den 56,1\u00a0mio.\u00a0kr." in drawn, drawn
    inputs = re.findall(r'<input type="range" name="(\w+)"[^>]*value="([^"]+)" aria-valuetext="([^"]+)"', box)
    assert inputs == [(whatif.RISE, "0.5", "0,50\u00a0procentpoint"), (whatif.SHARE, f"{figure.share_pct:g}",
                                                            f"{figure.share_pct:.2f}".replace(".", ",") + "\u00a0%")]
    assert "vega-bundle" not in html and "vegaEmbed(" not in html
    assert "0,21\u00a0procentpoint" in figure.description
    assert list(figure.table["Stigning (procentpoint)"])[-1] == 1.0  # the table covers the slider's range


def test_the_caption_and_the_csv_files_call_it_the_book_s_calculation_and_state_the_settings(figure):
    caption = re.search(r'<p class="jobbook-figure-source">(.*?)</p>', figure._repr_html_(), re.S)[1]
    assert "Kilde:" not in caption
    assert re.search(r"^Bogens beregning på grundlag af <a href=[^>]+>Introduktion til", caption)
    settings = "Indstillinger: stigning 0,50\u00a0procentpoint, kommunens andel af landsudgiften 0,94\u00a0%."
    assert f'<span class="jobbook-whatif-settings">{settings}</span>' in caption
    lines = figure.csv_download().splitlines()
    assert lines[2].startswith("# Kilde:,\"Bogens beregning på grundlag af: Introduktion til")
    assert lines[3].startswith("# Note:,\"Bogens eget regneeksempel") and lines[3].endswith(f'{settings}"')
    assert lines[7] == "Stigning (procentpoint),Ekstra udgift (mio. kr.),Besparelse (mio. kr.),Netto (mio. kr.)"


def test_the_settings_sentence_names_other_settings(ctx):
    assert whatif.settings_text(0.25, 2) == ("Indstillinger: stigning 0,25\u00a0procentpoint, kommunens andel af "
                                             "landsudgiften 2,00\u00a0%.")
    other = reform.figure_whatif(chapter(ctx.ds, 2026, scenario_rise_pct_point=1.0, local_share_pct=2.0))
    assert other.settings() == whatif.settings_text(1.0, 2.0)
    assert other.csv_download().splitlines()[3].endswith(f'{whatif.settings_text(1.0, 2.0)}"')


def test_by_the_sliders_the_budget_guarantee_and_the_economic_agreements_with_glossary_links(figure):
    html = figure._repr_html_()
    context = re.search(r'<p class="jobbook-whatif-context">(.*?)</p>', html, re.S)[1]
    # under the sliders, in the figure, before its source line
    assert html.index("</figcaption>") < html.index("jobbook-whatif-context") < html.index("jobbook-figure-source")
    assert '<a href="../ordliste.html#term-Budgetgaranti">budgetgarantien</a>' in context
    assert re.search(r'<a href="\.\./ordliste\.html#term-[^"]+">økonomiaftaler</a>', context)
    assert "ca. 6,0\u00a0mia.\u00a0kr." in context and "om året" in context  # the period the source leaves out


def test_the_glossary_links_point_at_the_anchors_sphinx_gives_the_glossary_s_terms():
    from sphinx.util.nodes import _make_id

    glossary = (Path(__file__).parents[2] / "book" / "ordliste.md").read_text(encoding="utf-8")
    terms = re.findall(r"^(\S.*)$", glossary.split("```{glossary}")[1].split("```")[0], re.M)
    anchors = {term.lower(): _make_id("term-" + term) for term in terms}
    for term, anchor in whatif_page.GLOSSARY_ANCHORS.items():
        assert anchors[term] == anchor, term


def test_the_caveats_travel_with_the_downloads(figure):
    note = figure.csv_download().splitlines()[3]
    assert "ikke kildens tal" in note and "om året" in note
    assert "økonomiaftaler" in note and "budgetgarantien" in note


def test_the_figure_s_plain_text_is_stable(figure):
    assert repr(figure) == "Figur: Hvad nu hvis ledigheden stiger? Bogens regneeksempel, mio. kr."


# --- the lines' names at every slider position ------------------------------------------------------

PLOT_WIDTHS = (250, 600)  # a phone's plot and a laptop's


def _name_boxes(root: ET.Element) -> dict[str, tuple[float, float, float, float]]:
    """The box (left, top, right, bottom, in the plot's pixels) of each line's name as Vega drew it: its
    lines' widths as present.chart_labels measures them (a tenth more for bold, an upper estimate)."""
    from jobbook.present.chart_labels import text_width

    boxes = {}
    for text in root.iter(f"{SVG}text"):
        lines = [s.text or "" for s in text.iter(f"{SVG}tspan")] or [text.text or ""]
        name = "saving" if lines[0].startswith("Besparelse:") else "cost" if lines[0] == whatif.COST_NAME else None
        if name is None:
            continue
        x, y = map(float, re.search(r"translate\(([-\d.e]+),([-\d.e]+)\)", text.get("transform")).groups())
        size = float(text.get("font-size").removesuffix("px"))
        width = max(text_width(line, size) * 1.1 for line in lines)
        left = x - width if text.get("text-anchor") == "end" else x
        boxes[name] = (left, y - 0.8 * size, left + width, y + (len(lines) - 1) * whatif.NAME_LINE_HEIGHT + 0.25 * size)
    return boxes


def _lines(root: ET.Element) -> tuple[float, float, tuple[float, float]]:
    """The plot's width, the saving line's y and the cost line's end (x, y); the cost line starts at (0, height)."""
    rule = next(g for g in root.iter(f"{SVG}g") if "layer_0_marks" in g.get("class", "")).find(f"{SVG}line")
    width, saving_y = map(float, re.search(r"translate\(([-\d.e]+),([-\d.e]+)\)", rule.get("transform")).groups())
    path = next(g for g in root.iter(f"{SVG}g") if "layer_1_marks" in g.get("class", "")).find(f"{SVG}path")
    end = tuple(map(float, re.findall(r"([-\d.e]+),([-\d.e]+)", path.get("d"))[-1]))
    return width, saving_y, end


def _crosses(box, points) -> bool:
    left, top, right, bottom = box
    return any(left - 1 <= x <= right + 1 and top - 1 <= y <= bottom + 1 for x, y in points)


def _misplaced_names(spec: dict, plot_width: int, every: int = 1) -> list[tuple]:
    """Every ``every``-th position of the share slider (the names do not depend on the rise) where a
    line's name lies outside the plot, is crossed by a line or overlaps the other name."""
    height = whatif.PLOT_HEIGHT
    steps = round((whatif.SHARE_MAX - whatif.SHARE_MIN) / whatif.SHARE_STEP)
    wrong = []
    for i in sorted({*range(0, steps + 1, every), steps}):
        share = round(whatif.SHARE_MIN + i * whatif.SHARE_STEP, 2)
        root = ET.fromstring(vlc.vegalite_to_svg(with_values(spec, rise=0.5, share=share, width=plot_width),
                                                 vl_version=VL_VERSION))
        boxes, (width, saving_y, (end_x, end_y)) = _name_boxes(root), _lines(root)
        assert set(boxes) == {"saving", "cost"}, (share, boxes)
        saving_line = [(x, saving_y) for x in range(int(width) + 1)]
        cost_line = [(x, height + (end_y - height) * x / end_x) for x in range(int(end_x) + 1)]
        for name, box in boxes.items():
            left, top, right, bottom = box
            if left < -1 or right > width + 1 or top < -1 or bottom > height + 1:
                wrong.append((share, name, "cut", [round(v) for v in box]))
            for line_name, line in (("saving", saving_line), ("cost", cost_line)):
                if _crosses(box, line):
                    wrong.append((share, name, f"crossed by the {line_name} line"))
        (l1, t1, r1, b1), (l2, t2, r2, b2) = boxes["saving"], boxes["cost"]
        if l1 < r2 and l2 < r1 and t1 < b2 and t2 < b1:
            wrong.append((share, "the names overlap"))
    return wrong


def test_no_name_is_cut_or_crossed_by_a_line_across_the_share_slider_on_a_phone(spec):
    """Every tenth position of the share slider and its ends, on a phone's plot (the slow test below takes
    every position at two widths): at low shares the saving's name was crossed by the cost line and the
    cost's name cut at the plot's top."""
    assert not _misplaced_names(spec, PLOT_WIDTHS[0], every=10)


@pytest.mark.slow
@pytest.mark.parametrize("plot_width", PLOT_WIDTHS)
def test_no_name_is_cut_or_crossed_by_a_line_at_any_share(spec, plot_width):
    assert not _misplaced_names(spec, plot_width)
