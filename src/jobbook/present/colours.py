"""The book's colours, by role: the one place a colour is written.

Every colour of the charts (the Altair theme in ``present.charts``, the colours a chart gives its series)
and of the site (``book/_static/jobbook.css`` and ``jobbook.js`` use ``var(--jobbook-<role>)`` only) is
named here by what it means, and each role keeps its meaning across the book: the municipality is
always ``home``, what it is compared with always ``comparison``. The build writes the roles as CSS
custom properties into ``book/_static/jobbook-colours.css`` (``jobbook.site.colour_css``), so changing
a role here changes every chart and the site.

The series colours are Okabe & Ito's colour-blind safe set, darkened where needed so every colour has at
least 3:1 contrast against the background (WCAG 2.1, 1.4.11, for graphical objects); their yellow, too
light to darken and stay yellow, is left out, so is their sky blue (beside the municipality's blue a
reader took the two for one), and black is a dark grey. A budget is the municipality's blue, a regnskab
dark grey, an earlier figure set beside them the comparison's vermilion; each expense type has a colour
of its own; a part not yet specified is grey. The one chart of many series (the recipients' groups over
time) names each line at its end, so there its colours only tell the lines apart. ``home`` and ``comparison`` have
4.5:1, enough for text. tests/present/test_chart_readability.py checks the series apart under simulated
colour blindness; tests/present/test_colours.py checks the contrast of every role against the background.
"""

from __future__ import annotations

from dataclasses import dataclass

#: What a role is drawn as, and so the contrast it needs against the background (WCAG 2.1): text 4.5:1
#: (1.4.3), a graphical object 3:1 (1.4.11); a decoration (a grid line, a shadow, a rule between table
#: rows) carries no information of its own and needs none.
TEXT, GRAPHIC, DECORATION = "text", "graphic", "decoration"
MIN_CONTRAST = {TEXT: 4.5, GRAPHIC: 3.0, DECORATION: 1.0}


@dataclass(frozen=True)
class Role:
    colour: str  # "#rrggbb", or "#rrggbbaa" for a translucent decoration
    kind: str  # TEXT, GRAPHIC or DECORATION
    meaning: str


#: Text and the chart's neutral marks (the rest, a reference line) are one dark grey (12.6:1); a regnskab
#: is drawn in it too (the IBCS convention: the actual figure dark and solid, the plan in colour).
_DARK_GREY = "#333333"
#: Colours two roles share: the municipality's blue is also its budget's (the book's main figures are
#: budgets); the series colours green and orange are also the expense types'.
_BLUE, _GREEN, _ORANGE, _PURPLE = "#0072b2", "#00664a", "#bf8400", "#af6890"

#: The roles, by name. Change a colour here and nowhere else.
ROLES: dict[str, Role] = {
    "home": Role(_BLUE, TEXT, "the municipality; a bar, line or point of a single series (blue, 5.2:1)"),
    "comparison": Role("#ad4c00", TEXT, "what the municipality is compared with: the country, other "
                                        "municipalities, another year or basis (vermilion, 5.5:1)"),
    "emphasis": Role(_PURPLE, GRAPHIC, "a value singled out: above the comparison's average (reddish purple)"),
    # Grey, not a lighter blue: beside the municipality's blue (the specified part) a sky blue was a second,
    # similar blue; an unknown part is grey in most statistics.
    "pending": Role("#767676", GRAPHIC, "a part not yet specified, such as a reform's unspecified reductions "
                                        "(mid grey)"),
    "budget": Role(_BLUE, TEXT, "a budget of the municipality, set against a regnskab or an earlier budget "
                                "(the municipality's blue)"),
    "actual": Role(_DARK_GREY, TEXT, "a regnskab (what was actually spent or counted), set against a budget "
                                     "(dark grey)"),
    "benefits": Role(_GREEN, GRAPHIC, "the expense type forsørgelse (benefits paid to citizens; bluish green)"),
    "operations": Role(_ORANGE, GRAPHIC, "the expense type drift og indsats (orange)"),
    "administration": Role(_PURPLE, GRAPHIC, "the expense type administration (reddish purple)"),
    "series_3": Role(_GREEN, GRAPHIC, "the third series of a chart with many (bluish green)"),
    "series_5": Role(_ORANGE, GRAPHIC, "the fifth series of a chart with many (orange)"),
    "neutral": Role(_DARK_GREY, TEXT, "the rest ('Øvrige'), a reference line such as an average"),
    "text": Role(_DARK_GREY, TEXT, "body text of a chart: axis labels and titles, category labels"),
    "title": Role("#222222", TEXT, "a chart's title, a figure's title in its PNG or SVG"),
    "muted": Role("#444444", TEXT, "secondary text: notes, text alternatives, hints, download labels"),
    "background": Role("#ffffff", DECORATION, "the page and the charts' background"),
    "grid": Role("#e3e3e3", DECORATION, "a chart's grid lines"),
    "axis": Role("#888888", DECORATION, "a chart's axis line"),
    "rule": Role("#dddddd", DECORATION, "the line between table rows"),
    "shadow": Role("#0000002e", DECORATION, "the shadow at the edge of a table that scrolls"),
    "target": Role("#1f4e792e", DECORATION, "the glow around a figure opened by its link"),
}

#: The series colours in the order a chart of many series (the recipients' groups over time) takes them;
#: there the name at each line's end, not the role, names each series. Six, so that no two are alike (the
#: sky blue that was seventh looked like the municipality's blue): more series are summed as the rest.
PALETTE_ROLES = ("home", "comparison", "series_3", "emphasis", "series_5", "neutral")

#: The role of each expense type (``expense_type_code``), the same in every chart.
EXPENSE_TYPE_ROLES = {"forsorgelse": "benefits", "drift": "operations", "administration": "administration"}


def colour(role: str) -> str:
    """The colour of a role (looked up when called, so a changed role reaches every chart)."""
    return ROLES[role].colour


def palette() -> list[str]:
    """The series colours, in order: the municipality and its comparison first, the rest last."""
    return [colour(r) for r in PALETTE_ROLES]


def css_name(role: str) -> str:
    return f"--jobbook-{role.replace('_', '-')}"


def css_custom_properties() -> str:
    """The roles as CSS custom properties on ``:root``, for jobbook.css and jobbook.js."""
    lines = [f"  {css_name(name)}: {colour(name)};" for name in ROLES]
    return ("/* Written by the build from jobbook.present.colours (the roles); do not edit. */\n"
            ":root {\n" + "\n".join(lines) + "\n}\n")
