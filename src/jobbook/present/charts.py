"""Altair charts: one registered house theme, an offline renderer, and chart factories.

Importing this module registers and enables both the ``jobbook`` theme (Danish number and
time locale, fonts, colours with enough contrast) and the ``jobbook`` renderer, which writes
a ``<div>`` plus a small inline script calling the site's own ``vegaEmbed`` (from the bundle
written to ``_static/vendor``). No chart loads anything from another host.

Chart factories are pure functions: a tidy frame in, an Altair chart out.
"""

from __future__ import annotations

import hashlib
import json

import altair as alt
import pandas as pd

from jobbook.present.safe import script_json, text

THEME_NAME = "jobbook"
RENDERER_NAME = "jobbook"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

#: The categorical palette: Okabe & Ito's colour-blind safe set, darkened where needed so every colour has
#: at least 3:1 contrast against white (WCAG 2.1, 1.4.11, for graphical objects); their yellow, too light
#: to darken and stay yellow, is left out, and black is a dark grey. The municipality and its comparison
#: come first and have 4.5:1, enough for text. tests/present/test_chart_readability.py checks contrast
#: and that the colours stay apart under simulated protanopia, deuteranopia and tritanopia.
COLOR_HOME = "#0072b2"  # the municipality (blue, 5.2:1)
COLOR_COMPARISON = "#ad4c00"  # the country, other municipalities, a second series (vermilion, 5.5:1)
COLOR_NEUTRAL = "#333333"  # the rest ("Øvrige"), a reference line (12.6:1)
PALETTE = [COLOR_HOME, COLOR_COMPARISON, "#00664a", "#af6890", "#bf8400", "#4897c4", COLOR_NEUTRAL]
#: The most colour series one chart shows; more are told apart by nobody (see ``largest_and_rest``).
MAX_SERIES = len(PALETTE)

DANISH_LOCALE = {
    "number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", "\u00a0kr."]},
    "time": {
        "dateTime": "%A den %d. %B %Y %X", "date": "%d.%m.%Y", "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"],
        "shortDays": ["søn", "man", "tir", "ons", "tor", "fre", "lør"],
        "months": ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
                   "oktober", "november", "december"],
        "shortMonths": ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
    },
}

EMBED_OPTIONS = {"actions": False, "renderer": "svg"}
LABEL_LIMIT = 240  # pixels of a category label before it is cut with an ellipsis


@alt.theme.register(THEME_NAME, enable=True)
def jobbook_theme() -> alt.theme.ThemeConfig:
    """The house style: Danish locale in every spec (so it survives export), calm colours."""
    return {
        "config": {
            "locale": DANISH_LOCALE,
            # Fit the whole chart, labels included, into the width of the page's column.
            "autosize": {"type": "fit-x", "contains": "padding"},
            "font": FONT,
            "background": "#ffffff",
            "view": {"stroke": None, "continuousWidth": 600, "continuousHeight": 320},
            "range": {"category": PALETTE},
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelColor": "#333333",
                     "titleColor": "#333333", "gridColor": "#e3e3e3", "domainColor": "#888888",
                     "labelLimit": LABEL_LIMIT},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom", "labelLimit": LABEL_LIMIT},
            "title": {"fontSize": 14, "anchor": "start", "color": "#222222"},
            "bar": {"color": COLOR_HOME},
            "line": {"color": COLOR_HOME, "strokeWidth": 2.5},
            "point": {"color": COLOR_HOME, "size": 60, "filled": True},
        }
    }


def spec_json(spec: dict) -> str:
    """The spec as compact, key-sorted JSON, safe to place inside a ``<script>`` element."""
    return script_json(spec)


def chart_id(spec: dict) -> str:
    """A stable element id from the spec itself, so rebuilding gives identical HTML."""
    return "vis-" + hashlib.sha256(spec_json(spec).encode("utf-8")).hexdigest()[:12]


def chart_html(spec: dict) -> str:
    """A container and an inline script that draws the spec with the site's own vegaEmbed.

    The container is named by the spec's description, the text alternative written from the
    data; vega-embed keeps that name when it draws (as a "graphics-document").
    """
    options = json.dumps(EMBED_OPTIONS, sort_keys=True)
    label = text(spec.get("description") or "Figur")
    return (
        f'<div id="{chart_id(spec)}" class="jobbook-chart" role="img" aria-label="{label}"></div>'
        "<script>(function(){var el=document.currentScript.previousElementSibling;"
        f"vegaEmbed(el,{spec_json(spec)},{options}).catch(function(err){{"
        'el.textContent="Figuren kunne ikke tegnes.";console.error(err);});})();</script>'
    )


def offline_renderer(spec: dict, **_metadata) -> dict:
    return {"text/html": chart_html(spec)}


alt.renderers.register(RENDERER_NAME, offline_renderer)
alt.renderers.enable(RENDERER_NAME)


# --- chart factories -------------------------------------------------------------------------

def _number_format(decimals: int) -> str:
    return f",.{decimals}f"


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
               sort: list[str] | None = None, height_per_bar: int = 26) -> alt.Chart:
    """Horizontal bars, one per category (grouped by ``color`` if given), labelled in Danish format."""
    data, f = safe_fields(frame)
    categories = sort or list(dict.fromkeys(frame[category]))
    groups = frame[color].nunique() if color else 1
    encoding = {
        "y": alt.Y(f"{f[category]}:N", title=category_title or None, sort=categories,
                   axis=alt.Axis(labelLimit=LABEL_LIMIT)),
        "x": alt.X(f"{f[value]}:Q", title=value_title, axis=alt.Axis(format=_number_format(decimals))),
        "tooltip": [alt.Tooltip(f"{f[category]}:N", title=category_title or category),
                    alt.Tooltip(f"{f[value]}:Q", title=value_title, format=_number_format(decimals))],
    }
    if color:
        order = list(dict.fromkeys(frame[color]))
        encoding["color"] = alt.Color(f"{f[color]}:N", title=color_title or None, sort=order)
        encoding["yOffset"] = alt.YOffset(f"{f[color]}:N", sort=order)
        encoding["tooltip"].insert(1, alt.Tooltip(f"{f[color]}:N", title=color_title or color))
    return (alt.Chart(data).mark_bar().encode(**encoding)
            .properties(width="container", height=max(120, height_per_bar * len(categories) * groups)))


def color_by(frame: pd.DataFrame, column: str, title: str | None = None, domain: list[str] | None = None,
             colors: list[str] | None = None) -> alt.Color:
    """A colour encoding on a column of a frame passed to a chart factory (same field naming)."""
    _, f = safe_fields(frame)
    scale = alt.Scale(domain=domain, range=colors) if colors else alt.Undefined
    return alt.Color(f"{f[column]}:N", title=title, sort=domain or list(dict.fromkeys(frame[column])), scale=scale)


def chart_line(frame: pd.DataFrame, *, x: str, value: str, series: str, value_title: str, x_title: str = "",
               decimals: int = 0) -> alt.Chart:
    """Lines with points over an ordinal x (years or periods), one line per series."""
    data, f = safe_fields(frame)
    order = list(dict.fromkeys(frame[series]))
    base = alt.Chart(data).encode(
        x=alt.X(f"{f[x]}:O", title=x_title or None, axis=alt.Axis(labelAngle=0), sort=list(dict.fromkeys(frame[x]))),
        y=alt.Y(f"{f[value]}:Q", title=value_title, axis=alt.Axis(format=_number_format(decimals))),
        color=alt.Color(f"{f[series]}:N", title=None, sort=order),
        tooltip=[alt.Tooltip(f"{f[series]}:N", title=series), alt.Tooltip(f"{f[x]}:O", title=x_title or x),
                 alt.Tooltip(f"{f[value]}:Q", title=value_title, format=_number_format(decimals))],
    )
    return (base.mark_line() + base.mark_point()).properties(width="container", height=300)
