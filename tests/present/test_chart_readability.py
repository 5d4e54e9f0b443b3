"""Every chart of the book drawn to SVG (vl-convert, no browser) at a phone's width and a page's width.

What readers reported: tick labels that repeat ("0 1 1 2 2"), thirteen lines in as many repeated
colours, account names and legends cut with "…", and tooltips in English number format. Each test
checks the rule on every chart the chapters draw (the budget-year chapter for every year) and on
the SVG Vega draws for it. "container" width needs a browser, so the width is set in the spec.
"""

from __future__ import annotations

import copy
import itertools
import math
import re
import xml.etree.ElementTree as ET

import pytest
import vl_convert as vlc

from conftest import chapter, chapter_figures
from jobbook.present import colours

WIDTHS = (350, 700)
BUDGET_YEARS = range(2020, 2027)
MAX_COLOURS = 6
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def figures(shipped) -> dict[str, object]:
    """Every figure with a chart, by a readable name: the chapters, and the budget-year chapter for each year."""
    from jobbook.analysis import budgetaar

    found = [("", f) for f in chapter_figures(shipped)]
    for year in BUDGET_YEARS:
        ctx = chapter(shipped, year)
        found += [(str(year), getattr(budgetaar, name)(ctx)) for name in sorted(dir(budgetaar))
                  if name.startswith("figure_") and callable(getattr(budgetaar, name))]
    named = {}
    for year, figure in found:
        if figure is not None and figure.chart is not None:
            named.setdefault(f"{figure.title} {year}".strip(), figure)
    assert len(named) >= 14
    return named


@pytest.fixture(scope="module")
def specs(figures) -> dict[str, dict]:
    return {name: figure.chart.to_dict() for name, figure in figures.items()}


@pytest.fixture(scope="module")
def svgs(specs) -> dict[tuple[str, int], ET.Element]:
    """Each chart drawn at each width, parsed."""
    drawn = {}
    for name, spec in specs.items():
        for width in WIDTHS:
            sized = copy.deepcopy(spec)
            sized["width"] = width
            drawn[name, width] = ET.fromstring(vlc.vegalite_to_svg(sized))
    return drawn


def text_of(element: ET.Element) -> str:
    """A text element's words as drawn: the lines of a multi-line label (tspans) joined by a space."""
    spans = element.findall(f"{SVG}tspan")
    return " ".join("".join(s.itertext()) for s in spans) if spans else "".join(element.itertext())


def groups_with_role(root: ET.Element, role: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if role in (g.get("class") or "").split()]


def test_no_axis_repeats_a_tick_label(svgs):
    repeated = []
    for (name, width), root in svgs.items():
        for group in groups_with_role(root, "role-axis-label"):
            labels = [text_of(t) for t in group.iter(f"{SVG}text")]
            pairs = [(a, b) for a, b in itertools.pairwise(labels) if a == b]
            if pairs:
                repeated.append((name, width, labels))
    assert not repeated


def test_no_label_is_cut_with_an_ellipsis(svgs):
    cut = []
    for (name, width), root in svgs.items():
        cut += [(name, width, "".join(t.itertext())) for t in root.iter(f"{SVG}text")
                if "\u2026" in "".join(t.itertext())]
    assert not cut


def test_every_account_name_is_drawn_whole(svgs, figures):
    """The accounts' names beside the bars are all there, each in full (over one or more lines)."""
    checked = 0
    for (name, width), root in svgs.items():
        if not name.startswith("Budget ") or "pr. konto" not in name:
            continue
        table = figures[name].table
        expected = {f"{code} {text}" for code, text in zip(table["Konto"], table["Navn"], strict=True)}
        drawn = {re.sub(r"\s+", " ", text_of(t)) for t in root.iter(f"{SVG}text")}
        assert expected <= drawn, (name, width, sorted(expected - drawn)[:3])
        checked += 1
    assert checked >= 2


def colour_fields(spec: dict) -> list[tuple[str, dict]]:
    """(field, encoding) of every colour encoding in a spec and its layers."""
    found = []
    for view in [spec, *spec.get("layer", []), spec.get("spec", {})]:
        colour = view.get("encoding", {}).get("color", {})
        if "field" in colour:
            found.append((colour["field"], colour))
    return found


def rows_of(spec: dict) -> list[dict]:
    rows = []
    for view in [spec, *spec.get("layer", []), spec.get("spec", {})]:
        name = view.get("data", {}).get("name")
        if name:
            rows += spec["datasets"][name]
    return rows


def test_at_most_six_colours_in_a_chart(specs, svgs):
    for name, spec in specs.items():
        rows = rows_of(spec)
        for field, colour in colour_fields(spec):
            values = {row[field] for row in rows if field in row}
            assert len(values) <= MAX_COLOURS, (name, len(values))
            # Every series has a colour of its own: no colour is used twice.
            scale_range = colour.get("scale", {}).get("range")
            palette = scale_range or colours.palette()
            assert len(values) <= len(palette), (name, len(values), len(palette))
    for (name, width), root in svgs.items():
        symbols = [p.get("fill") or p.get("stroke") for g in groups_with_role(root, "role-legend-symbol")
                   for p in g.iter(f"{SVG}path")]
        assert len(set(symbols)) == len(symbols) <= MAX_COLOURS, (name, width, symbols)


def tooltips(spec: dict) -> list[dict]:
    found = []
    for view in [spec, *spec.get("layer", []), spec.get("spec", {})]:
        tip = view.get("encoding", {}).get("tooltip", [])
        found += tip if isinstance(tip, list) else [tip]
    return found


def test_quantitative_tooltips_have_a_danish_format(specs):
    for name, spec in specs.items():
        tips = tooltips(spec)
        assert tips, name
        for tip in tips:
            if tip.get("type") == "quantitative":
                assert re.fullmatch(r",\.\d+f", tip.get("format", "")), (name, tip)
        number = spec["config"]["locale"]["number"]
        assert (number["decimal"], number["thousands"]) == (",", "."), name


def relative_luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_with_white(colour: str) -> float:
    return 1.05 / (relative_luminance(colour) + 0.05)


def test_palette_has_six_colours_with_3_to_1_contrast_on_white():
    """WCAG 2.1, 1.4.11 (non-text contrast): graphical objects at least 3:1 against their background."""
    assert len(colours.palette()) >= MAX_COLOURS
    assert len(set(colours.palette())) == len(colours.palette())
    low = {c: round(contrast_with_white(c), 2) for c in colours.palette() if contrast_with_white(c) < 3}
    assert not low
    # The municipality and the comparison are also named in text next to the chart: 4.5:1.
    assert all(contrast_with_white(colours.colour(role)) >= 4.5 for role in ("home", "comparison"))
    assert contrast_with_white("#ffffff") == pytest.approx(1.0) and contrast_with_white("#000000") == pytest.approx(21)


# Colour-vision deficiency simulated with the matrices of Machado, Oliveira & Fernandes (2009), severity 1,
# applied to linear RGB; colours compared in CIELAB (D65). A difference of 10 is plainly visible.
CVD = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}


def lab(linear: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = (min(1.0, max(0.0, c)) for c in linear)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def linear_rgb(colour: str) -> tuple[float, ...]:
    channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    return tuple(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)


def test_palette_colours_stay_apart_for_colour_blind_readers():
    for name, matrix in CVD.items():
        seen = {c: lab(tuple(sum(m * v for m, v in zip(row, linear_rgb(c), strict=True)) for row in matrix))
                for c in colours.palette()[:MAX_COLOURS]}
        close = [(a, b, round(math.dist(seen[a], seen[b]), 1)) for a, b in itertools.combinations(seen, 2)
                 if math.dist(seen[a], seen[b]) < 10]
        assert not close, name


# --- values on bars, names at line ends, colours with one meaning ----------------------------------------

def layers(spec: dict) -> list[dict]:
    return [spec, *spec.get("layer", [])]


def bar_values(spec: dict) -> list[float]:
    """The values of a chart's bars (the rows with a value of its bar layer), none for a chart without bars."""
    for view in layers(spec):
        mark = view.get("mark")
        if (mark.get("type") if isinstance(mark, dict) else mark) == "bar":
            field = view["encoding"]["x"]["field"]
            name = (view.get("data") or spec.get("data"))["name"]
            return [row[field] for row in spec["datasets"][name] if row.get(field) is not None]
    return []


def test_a_chart_of_few_bars_writes_each_value_in_danish(specs, svgs):
    """At most 12 bars: each bar's value is written at its end, as the tooltip formats it, and the axis
    keeps only its title (the issue's "0 / 200.000"); more bars keep their axis and show no values."""
    checked = 0
    for name, spec in specs.items():
        values = bar_values(spec)
        count = len(values)
        texts = [v for v in layers(spec) if (v.get("mark") or {}).get("type") == "text"
                 and v.get("encoding", {}).get("text", {}).get("type") == "quantitative"]
        if not count or "stack" in str(spec):
            continue
        if count > 12:
            assert not texts, name
            continue
        assert texts and all(re.fullmatch(r",\.\d+f", t["encoding"]["text"]["format"]) for t in texts), name
        drawn = {text_of(t) for t in svgs[name, WIDTHS[0]].iter(f"{SVG}text")}
        decimals = int(texts[0]["encoding"]["text"]["format"][2])
        expected = {f"{v:,.{decimals}f}".replace(",", "_").replace(".", ",").replace("_", ".") for v in values}
        assert expected <= drawn, (name, sorted(expected - drawn)[:3])
        checked += 1
    assert checked >= 4


def test_lines_are_named_at_their_ends_and_a_regnskab_is_not_joined_to_budgets(specs, svgs, figures):
    """The recipients over time: no legend, each line named at its end; the lines join only the budgets
    (Regnskab 2020 stands apart as open points), as the sources print them in separate columns."""
    name = next(n for n in specs if n.startswith("Ydelsesmodtagere over tid"))
    spec, table = specs[name], figures[name].table
    colour_encodings = [v["encoding"]["color"] for v in layers(spec) if "color" in v.get("encoding", {})]
    assert colour_encodings and all(c.get("legend", "missing") is None for c in colour_encodings)
    periods = [c for c in table.columns if c != "Gruppe"]
    budgets = [p for p in periods if p.startswith("Budget")]
    assert periods[0].startswith("Regnskab") and len(budgets) == 2
    for width in WIDTHS:
        root = svgs[name, width]
        assert not groups_with_role(root, "role-legend"), width
        drawn = {text_of(t) for t in root.iter(f"{SVG}text")}
        series = {row["f1"] for row in rows_of(spec) if "f1" in row}
        assert series <= drawn, (width, series - drawn)
        lines = [g for g in root.iter(f"{SVG}g") if "mark-line" in (g.get("class") or "")]
        paths = [p.get("d") for g in lines for p in g.iter(f"{SVG}path")]
        # A line joins the budgets (a lone regnskab is a line of one point, which draws nothing), never more.
        points = [len(re.findall(r"[ML]", d)) for d in paths]
        assert points and max(points) == len(budgets) and points.count(len(budgets)) == len(series), (width, paths)


def mark_colours(root: ET.Element) -> set[str]:
    """The colours of a chart's bars, lines and points as drawn (not its text, axes or grid)."""
    found = set()
    for group in root.iter(f"{SVG}g"):
        kind = group.get("class") or ""
        if "role-mark" in kind and "mark-text" not in kind:
            for element in group:
                for attribute in ("fill", "stroke"):
                    value = (element.get(attribute) or "").lower()
                    if re.fullmatch(r"#[0-9a-f]{6}", value) and element.get("opacity") != "0":
                        found.add(value)
    return found - {colours.colour("background")}


def test_no_two_colours_in_one_chart_look_alike(svgs):
    """No two colours of one chart closer than 25 (CIELAB) to a reader with normal colour vision, nor than 10
    under a simulated colour-vision deficiency: the municipality's blue and a sky blue were 19 apart."""
    identity = ((1, 0, 0), (0, 1, 0), (0, 0, 1))
    close = []
    for (name, _width), root in svgs.items():
        used = sorted(mark_colours(root))
        for vision, matrix in [("normal", identity), *CVD.items()]:
            seen = {c: lab(tuple(sum(m * v for m, v in zip(row, linear_rgb(c), strict=True)) for row in matrix))
                    for c in used}
            least = 25 if vision == "normal" else 10
            close += [(name, vision, a, b) for a, b in itertools.combinations(used, 2)
                      if math.dist(seen[a], seen[b]) < least]
    assert not close, close[:5]


def series_colours(spec: dict) -> dict[str, str]:
    """Each series (a value of a colour field) and the colour the chart gives it."""
    found = {}
    for _, encoding in colour_fields(spec):
        scale = encoding.get("scale", {})
        found.update(zip(scale.get("domain", []), scale.get("range", []), strict=False))
    return found


def test_a_colour_keeps_its_meaning_from_chart_to_chart(specs):
    """A regnskab is always the actual's colour, the page's own budget the budget's, an earlier budget set
    beside it the comparison's, and each expense type its own role's, on every year's page ("Regnskab
    2020" was blue on the 2020 page and vermilion on 2021's)."""
    from jobbook.present.labels import EXPENSE_TYPE_DA

    checked = 0
    for name, spec in specs.items():
        found = series_colours(spec)
        for series, colour in found.items():
            if re.fullmatch(r"Regnskab \d{4}", series):
                assert colour == colours.colour("actual"), (name, series)
                checked += 1
            elif re.fullmatch(r"Budget \d{4}", series):
                own = series.split()[1] in name  # the chart of that year's page (its title names the year)
                assert colour == colours.colour("budget" if own else "comparison"), (name, series)
                checked += 1
        for code, type_name in EXPENSE_TYPE_DA.items():
            if type_name in found:
                assert found[type_name] == colours.colour(colours.EXPENSE_TYPE_ROLES[code]), (name, type_name)
                checked += 1
    assert checked >= 8
