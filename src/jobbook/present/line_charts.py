"""Line charts: one line per series over years or periods, each named at its end instead of in a legend,
and a line joining only figures of one kind (a regnskab and a budget are not one series)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from jobbook.present.chart_labels import (
    LINE_LABEL_FONT_SIZE,
    LINE_LABEL_GAP_PX,
    nice_top,
    spread_labels,
    text_width,
)
from jobbook.present.charts import check_series, role_scale, safe_fields, text_margin, value_axis, value_tooltip

SAME_BASIS = "_same_basis"  # a point of a line chart of the same basis as the last x's (drawn filled)
LINE_CHART_HEIGHT = 300


def chart_line(frame: pd.DataFrame, *, x: str, value: str, series: str, value_title: str, x_title: str = "",
               decimals: int = 0, basis: str | None = None, height: int = LINE_CHART_HEIGHT) -> alt.LayerChart:
    """Lines with points over an ordinal x (years or periods), one line per series (at most ``MAX_SERIES``;
    see ``largest_and_rest``), each named at its end instead of in a legend.

    ``basis`` names a column saying what kind of figure each row is ("Regnskab", "Budget"): a line joins
    only points of one basis (a regnskab and a budget are no trend), and the points of another basis than
    the last x's are drawn open, so the reader sees the lone figure as a figure of its own kind.
    """
    rows = frame.copy()
    last_basis = rows.loc[rows[x] == rows[x].iloc[-1], basis].iloc[0] if basis else None
    rows[SAME_BASIS] = rows[basis] == last_basis if basis else True
    data, f = safe_fields(rows)
    order = list(dict.fromkeys(frame[series]))
    check_series(len(order), f"{series} in a line chart")
    top = nice_top(float(pd.to_numeric(frame[value]).max()))
    y_scale = alt.Scale(domain=[0, top], nice=False, zero=True)
    x_order = list(dict.fromkeys(frame[x]))
    # The periods' order as a domain, shared by every layer (a sort on each layer's own field is dropped
    # by Vega-Lite when the fields differ, and the periods came out alphabetically).
    x_scale = alt.Scale(domain=x_order, padding=0.15)  # (in steps) less than Vega's half: wider columns
    # A period's words on lines of their own ("Regnskab" over "2020"): three periods fit a phone's plot.
    x_axis = alt.Axis(labelAngle=0, labelExpr="split(datum.label, ' ')", labelLineHeight=14)
    x_enc = alt.X(f"{f[x]}:O", title=x_title or None, axis=x_axis, sort=x_order, scale=x_scale)
    # The axis's title lies over the axis, not turned beside it: on a phone the plot keeps that width.
    y_axis = value_axis(frame[value], decimals, titleAngle=0, titleAlign="left", titleAnchor="end", titleX=0,
                        titleY=-12, titleBaseline="bottom")
    y_enc = alt.Y(f"{f[value]}:Q", title=value_title, axis=y_axis, scale=y_scale)
    color = alt.Color(f"{f[series]}:N", title=None, sort=order, legend=None, scale=role_scale(order, None))
    tooltip = [alt.Tooltip(f"{f[series]}:N", title=series), alt.Tooltip(f"{f[x]}:O", title=x_title or x),
               value_tooltip(f[value], value_title, frame[value], decimals)]
    base = alt.Chart(data).encode(x=x_enc, y=y_enc, color=color)
    lines = base.mark_line().encode(detail=alt.Detail(f"{f[basis]}:N")) if basis else base.mark_line()
    filled = base.transform_filter(f"datum['{f[SAME_BASIS]}']").mark_point(filled=True).encode(tooltip=tooltip)
    layers = [lines, filled]
    if basis and not rows[SAME_BASIS].all():
        layers.append(base.transform_filter(f"!datum['{f[SAME_BASIS]}']")
                      .mark_point(filled=False, strokeWidth=2).encode(tooltip=tooltip))
    # Each line's name at its last point, moved apart where lines end close together.
    ends = rows[rows[x] == x_order[-1]].dropna(subset=[value])
    placed = spread_labels(dict(zip(ends[series], ends[value].astype(float), strict=True)), top=top,
                           height_px=height)
    names = pd.DataFrame({"x": x_order[-1], "name": list(placed), "y": list(placed.values())})
    end_labels = alt.Chart(names).mark_text(align="left", baseline="middle", dx=LINE_LABEL_GAP_PX,
                                            fontSize=LINE_LABEL_FONT_SIZE).encode(
        x=alt.X("x:O", sort=x_order, scale=x_scale), y=alt.Y("y:Q", scale=y_scale),
        color=alt.Color("name:N", sort=order, legend=None, scale=role_scale(order, None)), text="name:N")
    right = text_margin([text_width(n, LINE_LABEL_FONT_SIZE) for n in placed])
    return alt.layer(*layers, end_labels).properties(width="container", height=height,
                                                     padding={"left": 5, "top": 20, "bottom": 5, "right": right})
