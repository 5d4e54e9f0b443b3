"""The house style of the charts: the ``jobbook`` Altair theme (Danish locale, fonts, colours by role).

Registered and enabled when ``present.charts`` is imported. The colours come from ``present.colours``,
the sizes of labels and legends are shared with the chart factories, which read them from here.
"""

from __future__ import annotations

import altair as alt

from jobbook.present import colours

THEME_NAME = "jobbook"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
FONT_SIZE = 12
#: Labels are never cut with an ellipsis (Vega's limit 0 is "no limit"); long ones are wrapped instead.
LABEL_LIMIT = 0
#: A tick label this close to the end of an x axis is aligned to end there, so it is not drawn outside.
LABEL_FLUSH_PX = 40
#: The smallest gap between two tick labels on an x axis.
LABEL_SEPARATION_PX = 12

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


@alt.theme.register(THEME_NAME, enable=True)
def jobbook_theme() -> alt.theme.ThemeConfig:
    """The house style: Danish locale in every spec (so it survives export), colours by role.

    Vega-Lite calls this for every spec, so a role changed in ``present.colours`` reaches every chart."""
    c = colours.colour
    return {
        "config": {
            "locale": DANISH_LOCALE,
            # Fit the whole chart, labels included, into the width of the page's column.
            "autosize": {"type": "fit-x", "contains": "padding"},
            "font": FONT,
            "background": c("background"),
            "view": {"stroke": None, "continuousWidth": 600, "continuousHeight": 320},
            "range": {"category": colours.palette()},
            "axis": {"aria": False, "labelFontSize": FONT_SIZE, "titleFontSize": FONT_SIZE, "labelColor": c("text"),
                     "titleColor": c("text"), "gridColor": c("grid"), "domainColor": c("axis"),
                     "labelLimit": LABEL_LIMIT, "titleLimit": LABEL_LIMIT},
            # On a phone the numbers of an x axis crowd ("25 30" touching at the flush end); labels closer
            # than this are thinned out by Vega's overlap rule (every other one dropped).
            "axisXQuantitative": {"labelFlush": LABEL_FLUSH_PX, "labelSeparation": LABEL_SEPARATION_PX},
            # Vega describes axes, legends and marks to screen readers in English and by internal field
            # names ("X-axis titled ...", "f3: 21"); the chart is described instead by its Danish text
            # alternative (the container's name) and its table, so those descriptions are left out.
            "mark": {"aria": False},
            "legend": {"aria": False, "labelFontSize": FONT_SIZE, "titleFontSize": FONT_SIZE, "orient": "bottom",
                       "labelLimit": LABEL_LIMIT, "titleLimit": LABEL_LIMIT, "labelColor": c("text"),
                       "titleColor": c("text")},
            "title": {"fontSize": 14, "anchor": "start", "color": c("title")},
            "bar": {"color": c("home")},
            "line": {"color": c("home"), "strokeWidth": 2.5},
            "point": {"color": c("home"), "size": 60, "filled": True},
        }
    }
