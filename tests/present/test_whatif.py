"""The reform what-if as Vega evaluates it (vl-convert, no browser): the controls, and the live
sentences against the reform chapter's own arithmetic for the book's case and other inputs."""

from __future__ import annotations

import copy
import dataclasses
import re
import xml.etree.ElementTree as ET

import pytest
import vl_convert as vlc

from conftest import chapter
from jobbook.analysis import reform
from jobbook.present import fmt, whatif

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
    """What the chapter's own functions say for these inputs, formatted by the book's formatter."""
    inputs = dataclasses.replace(reform.scenario(ctx), scenario_rise_pct_point=rise, local_share_pct=share)
    cost, even = reform.local_cost_of_rise_mio(inputs), reform.break_even_rise_pct_point(inputs)
    return [f"Ekstra udgift: {fmt.mio(cost)} om året",
            f"ved en stigning på {fmt.pct_point(rise, 2)} og en andel på {fmt.pct(share, 2)}",
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


def test_the_book_s_case_is_drawn_with_the_chapter_s_numbers(spec):
    lines = [" ".join(parts) for parts in sentences(spec)]
    assert lines[0] == "Ekstra udgift: 56,1\u00a0mio.\u00a0kr. om året"
    assert lines[2] == "Besparelse og udgift er lige store ved 0,21\u00a0procentpoint"


@pytest.mark.parametrize(("rise", "share"), [(0.25, 0.94), (1.0, 2.0), (0.75, 3.0), (0.05, 0.12), (0.0, 1.5)])
def test_other_inputs_give_what_the_chapter_s_arithmetic_gives(spec, ctx, rise, share):
    assert [" ".join(parts) for parts in sentences(with_values(spec, rise=rise, share=share))] == \
        expected(ctx, rise, share)


def test_long_sentences_break_on_a_phone(spec):
    narrow = sentences(with_values(spec, rise=0.5, share=0.94, width=260))
    wide = sentences(with_values(spec, rise=0.5, share=0.94, width=900))
    assert [len(x) for x in narrow] == [1, 2, 2] and [len(x) for x in wide] == [1, 1, 1]


def test_tooltips_and_axes_are_danish(spec):
    text = str(spec)
    assert "'format': ',.1f'" in text and "Netto (mio. kr. om året)" in text
    assert spec["config"]["locale"]["number"]["decimal"] == ","


def test_the_page_gets_controls_a_text_alternative_and_a_live_region(figure):
    html = figure._repr_html_()
    assert 'role="img"' not in html  # it would make the sliders inside presentational
    assert re.search(r'<div id="vis-[0-9a-f]{12}" class="jobbook-chart"><p>Interaktiv figur for Kalundborg', html)
    assert 'aria-live="polite"' in html and "vegaEmbed(el," in html
    assert "0,21\u00a0procentpoint" in figure.description
    assert list(figure.table["Stigning (procentpoint)"])[-1] == 1.0  # the table covers the slider's range
