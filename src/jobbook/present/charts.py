"""Altair charts: one registered house theme, an offline renderer, and chart factories.

Importing this module registers and enables both the ``jobbook`` theme (Danish number and
time locale, fonts, the colours of ``present.colours`` by role) and the ``jobbook`` renderer, which writes
the chart's spec as JSON data, drawn as inline SVG when the pages are written; the site's own chart library
(``_static/vendor``) is loaded only when a reader asks for more. No chart loads anything from another host.

Chart factories are pure functions: a tidy frame in, an Altair chart out.
"""

from __future__ import annotations

import hashlib
import itertools

import altair as alt
import pandas as pd

from jobbook.present import colours
from jobbook.present.safe import script_json, text
from jobbook.present.theme import FONT_SIZE, LABEL_LIMIT, THEME_NAME  # noqa: F401 (importing registers the theme)

RENDERER_NAME = "jobbook"

#: The most colour series one chart shows: more cannot be told apart (see ``largest_and_rest``).
MAX_SERIES = len(colours.palette())

EMBED_OPTIONS = {"actions": False, "renderer": "svg"}
#: A category label longer than this (in pixels) is wrapped onto more lines, so that on a phone, where a
#: chart gets about 340 px, the bars keep about half the width (a word wider than this widens the lines).
LABEL_WRAP_PX = 140
LINE_HEIGHT = 13  # pixels per line of a wrapped label
BAR_PX = 20  # the thickness of a bar (of each bar in a group)
LINE_BREAK = "\n"  # where a wrapped label breaks (a text mark's lineBreak)
#: A legend below the chart starts at the left edge of the bars or lines, not of the chart, so on a phone
#: it has the width of the plot: about 150 px beside wrapped category labels, about 280 px beside numbers.
#: It is laid out in as many columns as fit that width, and otherwise one entry per line.
LEGEND_WIDTH_PX = 150
LEGEND_WIDTH_BESIDE_NUMBERS_PX = 280


def spec_json(spec: dict) -> str:
    """The spec as compact, key-sorted JSON, safe to place inside a ``<script>`` element."""
    return script_json(spec)


def chart_id(spec: dict) -> str:
    """A stable element id from the spec itself, so rebuilding gives identical HTML."""
    return "vis-" + hashlib.sha256(spec_json(spec).encode("utf-8")).hexdigest()[:12]


def chart_html(spec: dict) -> str:
    """The chart's container and its spec as JSON data. When the pages are written, the chart is drawn
    into it as inline SVG (``present.chart_svg.with_drawings``: for a phone's column and a page's); the
    live chart, which ``_static/jobbook-charts.js`` swaps in when the reader asks for values (a tap or
    hover), is drawn from the same spec.

    The container is named by the spec's description, the text alternative written from the data;
    vega-embed keeps that name when it draws the live chart (as a "graphics-document").
    """
    label = text(spec.get("description") or "Figur")
    return (
        f'<div id="{chart_id(spec)}" class="jobbook-chart" role="img" aria-label="{label}">'
        f'<script type="application/json" class="jobbook-chart-spec">{spec_json(spec)}</script></div>'
    )


def offline_renderer(spec: dict, **_metadata) -> dict:
    return {"text/html": chart_html(spec)}


alt.renderers.register(RENDERER_NAME, offline_renderer)
alt.renderers.enable(RENDERER_NAME)


# --- text: widths, wrapping, legends ---------------------------------------------------------

#: Advance widths in em of DejaVu Sans, the widest of the fonts the site's font stack falls back to
#: (Debian's Chromium draws with it; Arial, Roboto and San Francisco are narrower), so a label measured
#: here is never wider on a reader's screen. Characters not listed count as a digit.
_EM = {
    **dict.fromkeys("0123456789", 0.636), " ": 0.318, ".": 0.318, ",": 0.318, ":": 0.337, ";": 0.337,
    "-": 0.361, "–": 0.5, "(": 0.39, ")": 0.39, "/": 0.337, "%": 0.95, "'": 0.275, "&": 0.78, "+": 0.838,
    "a": 0.613, "b": 0.635, "c": 0.55, "d": 0.635, "e": 0.615, "f": 0.352, "g": 0.635, "h": 0.634, "i": 0.278,
    "j": 0.278, "k": 0.579, "l": 0.278, "m": 0.974, "n": 0.634, "o": 0.612, "p": 0.635, "q": 0.635, "r": 0.411,
    "s": 0.521, "t": 0.392, "u": 0.634, "v": 0.592, "w": 0.818, "x": 0.592, "y": 0.592, "z": 0.525, "æ": 0.982,
    "ø": 0.612, "å": 0.613, "A": 0.684, "B": 0.686, "C": 0.698, "D": 0.77, "E": 0.632, "F": 0.575, "G": 0.775,
    "H": 0.752, "I": 0.295, "J": 0.295, "K": 0.656, "L": 0.557, "M": 0.863, "N": 0.748, "O": 0.787, "P": 0.603,
    "Q": 0.787, "R": 0.695, "S": 0.635, "T": 0.611, "U": 0.732, "V": 0.684, "W": 0.989, "X": 0.685, "Y": 0.611,
    "Z": 0.685, "Æ": 0.974, "Ø": 0.787, "Å": 0.684,
}


def text_width(text: str, size: int = FONT_SIZE) -> float:
    """The width in pixels a text takes at ``size`` (an upper estimate; see ``_EM``)."""
    return size * sum(_EM.get(c, 0.636) for c in str(text))


def wrap_label(text: str, width_px: float = LABEL_WRAP_PX) -> str:
    """The text with line breaks (``LINE_BREAK``) between words, so that no line is wider than
    ``width_px``; a single word wider than that keeps a line of its own, whole."""
    lines: list[str] = []
    for word in str(text).split():
        if lines and text_width(f"{lines[-1]} {word}") <= width_px:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return LINE_BREAK.join(lines)


def _legend(labels: list[str], width_px: float = LEGEND_WIDTH_PX) -> alt.Legend:
    """A legend below the chart, in as many columns as fit a phone's width (one row if all fit), labels whole.

    Vega sizes each column of a legend grid to its widest entry; an entry is a symbol, a gap, the label
    and the space between columns.
    """
    widths = [16 + text_width(label) + 10 for label in labels]
    columns = 1
    for count in range(len(labels), 0, -1):
        if sum(max(widths[i::count]) for i in range(count)) <= width_px:
            columns = count
            break
    return alt.Legend(orient="bottom", direction="vertical" if columns == 1 else "horizontal",
                      columns=columns, labelLimit=LABEL_LIMIT)


# --- numbers: axes that never repeat a tick label, tooltips in Danish -------------------------

def _number_format(decimals: int) -> str:
    return f",.{decimals}f"


def _values(values) -> list[float]:
    return [float(v) for v in pd.to_numeric(pd.Series(list(values)), errors="coerce").dropna()]


def is_whole(values) -> bool:
    return all(v.is_integer() for v in _values(values))


def decimals_needed(values, most: int = 2) -> int:
    """The fewest decimals (at most ``most``) that show every value exactly."""
    numbers = _values(values)
    for decimals in range(most + 1):
        if all(abs(round(v, decimals) - v) < 1e-9 * max(1.0, abs(v)) for v in numbers):
            return decimals
    return most


def value_axis(values, decimals: int = 0, **properties) -> alt.Axis:
    """An axis for quantitative values whose tick labels never repeat.

    A label with ``decimals`` decimals can only tell ticks apart that are at least 10^-decimals apart,
    so that is the smallest step Vega may choose (``tickMinStep``): a whole-number axis steps by whole
    numbers, and 0-7 % drawn wide gets 0 1 2 ... 7, not 0 0,5 1 ... printed as "0 1 1 2 2". Whole-number
    data always steps by 1 or more. When the values span less than two such steps, a decimal is added so
    the axis still has ticks to read.
    """
    numbers = _values(values)
    span = max([*numbers, 0.0]) - min([*numbers, 0.0])
    if numbers and is_whole(numbers):
        step = 1.0
    else:
        while decimals < 3 and span < 2 * 10 ** -decimals:
            decimals += 1
        step = 10.0 ** -decimals
    return alt.Axis(format=_number_format(decimals), tickMinStep=step, **properties)


def value_tooltip(field: str, title: str, values, decimals: int = 0) -> alt.Tooltip:
    """A tooltip for a quantitative field, formatted with the spec's Danish locale (decimal comma,
    thousands dot), with one decimal more than the axis where the values have it (6,7 %, not 7 %)."""
    shown = max(decimals, decimals_needed(values, most=decimals + 1))
    return alt.Tooltip(f"{field}:Q", title=title, format=_number_format(shown))


# --- too many series --------------------------------------------------------------------------

def largest_and_rest(frame: pd.DataFrame, *, series: str, value: str, by: list[str], keep: int = MAX_SERIES - 1,
                     rest_label: str = "Øvrige ({n})") -> pd.DataFrame:
    """The ``keep`` largest series (by their largest value) and the others summed into one series.

    For a chart only: values that add up (persons, kroner), one row per series and ``by`` (the x of a
    line chart). ``rest_label`` names the summed series; ``{n}`` in it is how many it holds. With no more
    than ``keep + 1`` series the frame is returned as it is. The series come largest first, the rest last.
    """
    sizes = frame.groupby(series, sort=False)[value].max().sort_values(ascending=False, kind="stable")
    if len(sizes) <= keep + 1:
        return frame
    kept = list(sizes.index[:keep])
    rest = frame[~frame[series].isin(kept)]
    label = rest_label.format(n=rest[series].nunique())
    summed = rest.groupby(by, sort=False, as_index=False)[value].sum(min_count=1).assign(**{series: label})
    ordered = pd.concat([frame[frame[series] == name] for name in kept], ignore_index=True)
    return pd.concat([ordered[[*by, series, value]], summed[[*by, series, value]]], ignore_index=True)


def _check_series(count: int, what: str) -> None:
    if count > MAX_SERIES:
        raise ValueError(f"{count} colour series in one chart ({what}); at most {MAX_SERIES} can be told apart. "
                         "Sum the smallest with largest_and_rest() or draw one chart per series.")


# --- chart factories -------------------------------------------------------------------------

def safe_fields(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str]]:
    """The frame with plain field names, and the map from readable column name to field.

    Vega-Lite reads a dot in a field name as a path into a nested object ("Mio. kr." would
    look up "kr." inside "Mio"), so readable names are kept as titles and the data gets
    plain names.
    """
    fields = {name: f"f{i}" for i, name in enumerate(frame.columns)}
    return frame.rename(columns=fields), fields


def chart_hbar(frame: pd.DataFrame, *, category: str, value: str, value_title: str, category_title: str = "",
               color: str | None = None, color_title: str = "", decimals: int = 0,
               sort: list[str] | None = None, height_per_bar: int = 26,
               colors: alt.Color | None = None) -> alt.Chart | alt.LayerChart:
    """Horizontal bars, one per category (grouped by ``color`` if given), labelled in Danish format.

    ``colors`` colours single bars by another column (an encoding from ``color_by``). Category labels
    wider than ``LABEL_WRAP_PX`` are wrapped onto lines, never cut (see ``_hbar_wrapped``); the tooltip
    names the category on one line.
    """
    categories = sort or list(dict.fromkeys(frame[category]))
    order = list(dict.fromkeys(frame[color])) if color else []
    _check_series(len(order), f"{color} in a bar chart")
    # The label column is at least as wide as the widest word, so lines may be as wide as that.
    width = max([LABEL_WRAP_PX] + [text_width(word) for c in categories for word in str(c).split()])
    wrapped = {c: wrap_label(c, width) for c in categories}
    if any(LINE_BREAK in w for w in wrapped.values()):
        return _hbar_wrapped(frame, category=category, value=value, value_title=value_title,
                             category_title=category_title, color=color, color_title=color_title, order=order,
                             decimals=decimals, wrapped=wrapped, height_per_bar=height_per_bar, colors=colors)
    data, f = safe_fields(frame)
    encoding = {
        "y": alt.Y(f"{f[category]}:N", title=category_title or None, sort=categories,
                   axis=alt.Axis(labelLimit=LABEL_LIMIT)),
        "x": alt.X(f"{f[value]}:Q", title=value_title, axis=value_axis(frame[value], decimals)),
        "tooltip": [alt.Tooltip(f"{f[category]}:N", title=category_title or category),
                    value_tooltip(f[value], value_title, frame[value], decimals)],
    }
    if color:
        encoding["color"] = alt.Color(f"{f[color]}:N", title=color_title or None, sort=order, legend=_legend(order))
        encoding["yOffset"] = alt.YOffset(f"{f[color]}:N", sort=order)
        encoding["tooltip"].insert(1, alt.Tooltip(f"{f[color]}:N", title=color_title or color))
    elif colors is not None:
        encoding["color"] = colors
    groups = max(1, len(order))
    return (alt.Chart(data).mark_bar().encode(**encoding)
            .properties(width="container", height=max(120, height_per_bar * groups * len(categories))))


ROW_TOP, ROW_BOTTOM, ROW_MIDDLE = "_top", "_bottom", "_middle"  # where a bar or a label is drawn (pixels)


def _hbar_wrapped(frame: pd.DataFrame, *, category: str, value: str, value_title: str, category_title: str,
                  color: str | None, color_title: str, order: list[str], decimals: int, wrapped: dict[str, str],
                  height_per_bar: int, colors: alt.Color | None) -> alt.LayerChart:
    """Bars beside category labels wrapped onto lines, each row as tall as its own label.

    A band scale gives every row the height of the tallest label, which made the accounts chart twice as
    tall as it needs; here each row's place is computed (in pixels, top down) and the labels are drawn as
    text left of the bars, where an axis would put them. Vega's autosize keeps them inside the chart.
    """
    groups = max(1, len(order))
    bar = min(BAR_PX, round(height_per_bar * 0.8))
    heights = {c: max(height_per_bar * groups, LINE_HEIGHT * (w.count(LINE_BREAK) + 1) + 10)
               for c, w in wrapped.items()}
    tops = dict(zip(heights, itertools.accumulate([0, *heights.values()]), strict=False))
    total = sum(heights.values())
    rows = frame[frame[category].isin(list(wrapped))].copy()
    middle = rows[category].map(lambda c: tops[c] + heights[c] / 2)
    if color:
        middle += (rows[color].map({g: i for i, g in enumerate(order)}) - (groups - 1) / 2) * bar
    rows[ROW_TOP], rows[ROW_BOTTOM] = middle - bar / 2, middle + bar / 2
    data, f = safe_fields(rows)
    y_scale = alt.Scale(domain=[0, total], reverse=True, nice=False, zero=False)
    encoding = {
        "x": alt.X(f"{f[value]}:Q", title=value_title, axis=value_axis(frame[value], decimals)),
        "x2": alt.X2(datum=0),
        "y": alt.Y(f"{f[ROW_TOP]}:Q", scale=y_scale, axis=None),
        "y2": alt.Y2(f"{f[ROW_BOTTOM]}"),
        "tooltip": [alt.Tooltip(f"{f[category]}:N", title=category_title or category),
                    value_tooltip(f[value], value_title, frame[value], decimals)],
    }
    if color:
        encoding["color"] = alt.Color(f"{f[color]}:N", title=color_title or None, sort=order, legend=_legend(order))
        encoding["tooltip"].insert(1, alt.Tooltip(f"{f[color]}:N", title=color_title or color))
    elif colors is not None:
        encoding["color"] = colors
    bars = alt.Chart(data).mark_bar().encode(**encoding)
    # Vega puts the first line of a text at its y and the others below it: a label starts half its
    # extra lines above the middle of its row.
    labels = pd.DataFrame({"label": list(wrapped.values()),
                           ROW_MIDDLE: [tops[c] + heights[c] / 2 - w.count(LINE_BREAK) * LINE_HEIGHT / 2
                                        for c, w in wrapped.items()]})
    text = alt.Chart(labels).mark_text(align="right", baseline="middle", dx=-8, lineBreak=LINE_BREAK,
                                       lineHeight=LINE_HEIGHT, fontSize=FONT_SIZE, color=colours.colour("text")).encode(
        x=alt.value(0), y=alt.Y(f"{ROW_MIDDLE}:Q", scale=y_scale, axis=None), text="label:N")
    return alt.layer(bars, text).properties(width="container", height=total)  # a pixel a unit of the y scale


def color_by(frame: pd.DataFrame, column: str, title: str | None = None, domain: list[str] | None = None,
             roles: list[str] | None = None) -> alt.Color:
    """A colour encoding on a column of a frame passed to a chart factory (same field naming).

    ``roles`` names the colour role (``present.colours``) of each value of ``domain``, so a value keeps
    the colour of its meaning; without it the values take the series colours in order.
    """
    _, f = safe_fields(frame)
    order = domain or list(dict.fromkeys(frame[column]))
    _check_series(len(order), column)
    scale = alt.Scale(domain=domain, range=[colours.colour(r) for r in roles]) if roles else alt.Undefined
    return alt.Color(f"{f[column]}:N", title=title, sort=order, scale=scale, legend=_legend(order))


def chart_stacked_bar(frame: pd.DataFrame, *, part: str, value: str, value_title: str, roles: list[str],
                      decimals: int = 0) -> alt.Chart:
    """One horizontal bar of parts stacked from zero, each part in the colour of its role (in order)."""
    data, f = safe_fields(frame)
    parts = list(dict.fromkeys(frame[part]))
    return alt.Chart(data).mark_bar().encode(
        x=alt.X(f"{f[value]}:Q", stack="zero", title=value_title, axis=value_axis(frame[value], decimals)),
        color=color_by(frame, part, domain=parts, roles=roles),
        tooltip=[alt.Tooltip(f"{f[part]}:N", title=part),
                 value_tooltip(f[value], value_title, frame[value], decimals)],
    ).properties(width="container", height=60)


def with_reference(chart: alt.Chart | alt.LayerChart, value: float) -> alt.LayerChart:
    """The chart with a dashed vertical line at ``value`` on its x axis (an average, a target)."""
    rule = alt.Chart(pd.DataFrame({"x": [value]})).mark_rule(color=colours.colour("neutral"), strokeDash=[4, 3])
    return alt.layer(chart, rule.encode(x="x:Q"))


def chart_line(frame: pd.DataFrame, *, x: str, value: str, series: str, value_title: str, x_title: str = "",
               decimals: int = 0) -> alt.Chart:
    """Lines with points over an ordinal x (years or periods), one line per series (at most ``MAX_SERIES``;
    see ``largest_and_rest``)."""
    data, f = safe_fields(frame)
    order = list(dict.fromkeys(frame[series]))
    _check_series(len(order), f"{series} in a line chart")
    base = alt.Chart(data).encode(
        x=alt.X(f"{f[x]}:O", title=x_title or None, axis=alt.Axis(labelAngle=0), sort=list(dict.fromkeys(frame[x]))),
        y=alt.Y(f"{f[value]}:Q", title=value_title, axis=value_axis(frame[value], decimals)),
        color=alt.Color(f"{f[series]}:N", title=None, sort=order,
                        legend=_legend(order, LEGEND_WIDTH_BESIDE_NUMBERS_PX)),
        tooltip=[alt.Tooltip(f"{f[series]}:N", title=series), alt.Tooltip(f"{f[x]}:O", title=x_title or x),
                 value_tooltip(f[value], value_title, frame[value], decimals)],
    )
    return (base.mark_line() + base.mark_point()).properties(width="container", height=300)
