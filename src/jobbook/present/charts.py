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
import json

import altair as alt
import pandas as pd

from jobbook.present import colours
from jobbook.present.chart_labels import (
    LABEL_WRAP_PX,
    LINE_BREAK,
    MAX_LABELLED_BARS,
    VALUE_LABEL_FONT_SIZE,
    bar_value_labels,
    text_width,
    wrap_label,
)
from jobbook.present.safe import script_json, text
from jobbook.present.theme import FONT_SIZE, LABEL_LIMIT, THEME_NAME  # noqa: F401 (importing registers the theme)

RENDERER_NAME = "jobbook"

#: The most colour series one chart shows: more cannot be told apart (see ``largest_and_rest``).
MAX_SERIES = len(colours.palette())

EMBED_OPTIONS = {"actions": False, "renderer": "svg"}
LINE_HEIGHT = 13  # pixels per line of a wrapped label
BAR_PX = 20  # the thickness of a bar (of each bar in a group)
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


def value_format(values, decimals: int = 0) -> str:
    """The format of a value a reader reads (a tooltip, a label on a bar): the Danish locale's (decimal
    comma, thousands dot), with one decimal more than the axis where the values have it (6,7 %, not 7 %)."""
    return _number_format(max(decimals, decimals_needed(values, most=decimals + 1)))


def value_tooltip(field: str, title: str, values, decimals: int = 0) -> alt.Tooltip:
    """A tooltip for a quantitative field, formatted as ``value_format``."""
    return alt.Tooltip(f"{field}:Q", title=title, format=value_format(values, decimals))


def text_margin(widths_px: list[float]) -> int:
    """The padding right of a chart whose text runs past its plot (values after bars, names after lines).

    Vega's autosize counts those texts into the width, as its text measure has them: a browser's is exact,
    a renderer without one (vl-convert) measures a little short, and the last characters were cut there.
    A quarter of the widest text covers that; a whole width would leave that much blank in a browser.
    """
    return max(5, round(max(widths_px or [0]) / 4))


def _bar_value_axis(values, decimals: int) -> alt.Axis:
    """The value axis of a bar chart: where the bars carry their values (``_with_values``) only its title
    and line, the unit; a tick label every 100.000 beside "227.600" on the bar tells a reader nothing more."""
    if pd.Series(list(values)).notna().sum() > MAX_LABELLED_BARS:
        return value_axis(values, decimals)
    return value_axis(values, decimals, labels=False, ticks=False, grid=False)


def _with_values(bars: alt.Chart, frame: pd.DataFrame, data: pd.DataFrame, *, value: str, field: str,
                 position: dict, decimals: int) -> alt.Chart | alt.LayerChart:
    """The bars with their values written at their ends, where there are few enough to read
    (``MAX_LABELLED_BARS``): a reader need not read them off the axis."""
    if frame[value].notna().sum() > MAX_LABELLED_BARS:
        return bars
    number_format = value_format(frame[value], decimals)
    shown = [format(v, number_format[1:]) for v in _values(frame[value])]  # as wide as the Danish "1.234,5"
    right = text_margin([text_width(t, VALUE_LABEL_FONT_SIZE) for t in shown])
    return alt.layer(bars, *bar_value_labels(data, value_field=field, position=position,
                                             number_format=number_format)).properties(
        padding={"left": 5, "top": 5, "bottom": 5, "right": right})


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


def check_series(count: int, what: str) -> None:
    """Refuse a chart of more colour series than can be told apart (``MAX_SERIES``)."""
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
               sort: list[str] | None = None, height_per_bar: int = 26, colors: alt.Color | None = None,
               color_roles: list[str] | None = None) -> alt.Chart | alt.LayerChart:
    """Horizontal bars, one per category (grouped by ``color`` if given), labelled in Danish format.

    ``colors`` colours single bars by another column (an encoding from ``color_by``); ``color_roles`` names
    the colour role (``present.colours``) of each value of ``color``, in order. Category labels
    wider than ``LABEL_WRAP_PX`` are wrapped onto lines, never cut (see ``_hbar_wrapped``); the tooltip
    names the category on one line.
    """
    categories = sort or list(dict.fromkeys(frame[category]))
    order = list(dict.fromkeys(frame[color])) if color else []
    check_series(len(order), f"{color} in a bar chart")
    # The label column is at least as wide as the widest word, so lines may be as wide as that.
    width = max([LABEL_WRAP_PX] + [text_width(word) for c in categories for word in str(c).split()])
    wrapped = {c: wrap_label(c, width) for c in categories}
    if any(LINE_BREAK in w for w in wrapped.values()):
        return _hbar_wrapped(frame, category=category, value=value, value_title=value_title,
                             category_title=category_title, color=color, color_title=color_title, order=order,
                             decimals=decimals, wrapped=wrapped, height_per_bar=height_per_bar, colors=colors,
                             color_roles=color_roles)
    data, f = safe_fields(frame)
    encoding = {
        "y": alt.Y(f"{f[category]}:N", title=category_title or None, sort=categories,
                   axis=alt.Axis(labelLimit=LABEL_LIMIT)),
        "x": alt.X(f"{f[value]}:Q", title=value_title, axis=_bar_value_axis(frame[value], decimals)),
        "tooltip": [alt.Tooltip(f"{f[category]}:N", title=category_title or category),
                    value_tooltip(f[value], value_title, frame[value], decimals)],
    }
    if color:
        encoding["color"] = alt.Color(f"{f[color]}:N", title=color_title or None, sort=order, legend=_legend(order),
                                      scale=role_scale(order, color_roles))
        encoding["yOffset"] = alt.YOffset(f"{f[color]}:N", sort=order)
        encoding["tooltip"].insert(1, alt.Tooltip(f"{f[color]}:N", title=color_title or color))
    elif colors is not None:
        encoding["color"] = colors
    groups = max(1, len(order))
    bars = alt.Chart(data).mark_bar().encode(**encoding)
    position = {channel: encoding[channel] for channel in ("y", "yOffset") if channel in encoding}
    return (_with_values(bars, frame, data, value=value, field=f[value], position=position, decimals=decimals)
            .properties(width="container", height=max(120, height_per_bar * groups * len(categories))))


ROW_TOP, ROW_BOTTOM, ROW_MIDDLE = "_top", "_bottom", "_middle"  # where a bar or a label is drawn (pixels)
BAR_MIDDLE = "_bar_middle"  # where a bar's value is written (pixels)


def _hbar_wrapped(frame: pd.DataFrame, *, category: str, value: str, value_title: str, category_title: str,
                  color: str | None, color_title: str, order: list[str], decimals: int, wrapped: dict[str, str],
                  height_per_bar: int, colors: alt.Color | None, color_roles: list[str] | None) -> alt.LayerChart:
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
    rows[ROW_TOP], rows[ROW_BOTTOM], rows[BAR_MIDDLE] = middle - bar / 2, middle + bar / 2, middle
    data, f = safe_fields(rows)
    y_scale = alt.Scale(domain=[0, total], reverse=True, nice=False, zero=False)
    encoding = {
        "x": alt.X(f"{f[value]}:Q", title=value_title, axis=_bar_value_axis(frame[value], decimals)),
        "x2": alt.X2(datum=0),
        "y": alt.Y(f"{f[ROW_TOP]}:Q", scale=y_scale, axis=None),
        "y2": alt.Y2(f"{f[ROW_BOTTOM]}"),
        "tooltip": [alt.Tooltip(f"{f[category]}:N", title=category_title or category),
                    value_tooltip(f[value], value_title, frame[value], decimals)],
    }
    if color:
        encoding["color"] = alt.Color(f"{f[color]}:N", title=color_title or None, sort=order, legend=_legend(order),
                                      scale=role_scale(order, color_roles))
        encoding["tooltip"].insert(1, alt.Tooltip(f"{f[color]}:N", title=color_title or color))
    elif colors is not None:
        encoding["color"] = colors
    bars = _with_values(alt.Chart(data).mark_bar().encode(**encoding), frame, data, value=value, field=f[value],
                        position={"y": alt.Y(f"{f[BAR_MIDDLE]}:Q", scale=y_scale, axis=None)}, decimals=decimals)
    # Vega puts the first line of a text at its y and the others below it: a label starts half its
    # extra lines above the middle of its row.
    labels = pd.DataFrame({"label": list(wrapped.values()),
                           ROW_MIDDLE: [tops[c] + heights[c] / 2 - w.count(LINE_BREAK) * LINE_HEIGHT / 2
                                        for c, w in wrapped.items()]})
    text = alt.Chart(labels).mark_text(align="right", baseline="middle", dx=-8, lineBreak=LINE_BREAK,
                                       lineHeight=LINE_HEIGHT, fontSize=FONT_SIZE, color=colours.colour("text")).encode(
        x=alt.value(0), y=alt.Y(f"{ROW_MIDDLE}:Q", scale=y_scale, axis=None), text="label:N")
    # (A layer chart's own data is shared by its layers: the labels are added to it, not unpacked from it.)
    return (bars + text if isinstance(bars, alt.LayerChart) else alt.layer(bars, text)).properties(
        width="container", height=total)  # a pixel a unit of the y scale


def role_scale(domain: list[str], roles: list[str] | None) -> alt.Scale:
    """A colour scale giving each value of ``domain`` the colour of its role; without roles, the palette's
    colours in order. Written out in the spec, so every layer (a line and the name at its end) agrees."""
    if roles and len(roles) != len(domain):
        raise ValueError(f"{len(roles)} colour roles for {len(domain)} series: {domain}")
    shown = [colours.colour(r) for r in roles] if roles else colours.palette()[:len(domain)]
    return alt.Scale(domain=domain, range=shown)


def color_by(frame: pd.DataFrame, column: str, title: str | None = None, domain: list[str] | None = None,
             roles: list[str] | None = None) -> alt.Color:
    """A colour encoding on a column of a frame passed to a chart factory (same field naming).

    ``roles`` names the colour role (``present.colours``) of each value of ``domain``, so a value keeps
    the colour of its meaning; without it the values take the series colours in order.
    """
    _, f = safe_fields(frame)
    order = domain or list(dict.fromkeys(frame[column]))
    check_series(len(order), column)
    scale = role_scale(order, roles)
    return alt.Color(f"{f[column]}:N", title=title, sort=order, scale=scale, legend=_legend(order))


def chart_stacked_bar(frame: pd.DataFrame, *, part: str, value: str, value_title: str, roles: list[str],
                      decimals: int = 0) -> alt.LayerChart:
    """One horizontal bar of parts stacked from zero, each part in the colour of its role (in order), each
    part's value written in its middle where the part is wide enough for it (an eighth of the whole)."""
    data, f = safe_fields(frame)
    parts = list(dict.fromkeys(frame[part]))
    x = alt.X(f"{f[value]}:Q", stack="zero", title=value_title, axis=value_axis(frame[value], decimals))
    bars = alt.Chart(data).mark_bar().encode(
        x=x, color=color_by(frame, part, domain=parts, roles=roles),
        # Stacked in the parts' order, so each part's middle is known here.
        order=alt.Order(f"{f[part]}_order:Q"),
        tooltip=[alt.Tooltip(f"{f[part]}:N", title=part),
                 value_tooltip(f[value], value_title, frame[value], decimals)],
    ).transform_calculate(**{f"{f[part]}_order": f"indexof({json.dumps(parts, ensure_ascii=False)}, "
                                                  f"datum['{f[part]}'])"})
    amounts = pd.to_numeric(frame[value]).fillna(0.0)
    middles = pd.DataFrame({"x": amounts.cumsum() - amounts / 2, "amount": amounts})
    middles = middles[middles["amount"] >= amounts.sum() / 8]
    values = (alt.Chart(middles).mark_text(baseline="middle", fontWeight="bold", color=colours.colour("background"))
              .encode(x=alt.X("x:Q"), text=alt.Text("amount:Q", format=value_format(frame[value], decimals))))
    return alt.layer(bars, values).properties(width="container", height=60)


def with_reference(chart: alt.Chart | alt.LayerChart, value: float) -> alt.LayerChart:
    """The chart with a dashed vertical line at ``value`` on its x axis (an average, a target)."""
    rule = alt.Chart(pd.DataFrame({"x": [value]})).mark_rule(color=colours.colour("neutral"), strokeDash=[4, 3])
    rule = rule.encode(x="x:Q")
    # One level of layers, not nested: a layer chart gets the rule as one more layer.
    return chart + rule if isinstance(chart, alt.LayerChart) else alt.layer(chart, rule)
