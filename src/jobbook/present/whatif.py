"""A what-if chart the reader can use: a fixed saving against a cost that grows with a rise,
with two sliders (the rise, and the municipality's share of the national cost), computed in
the reader's browser by Vega-Lite's own expressions: no server, no Python at view time, no
request to another host.

The arithmetic is the reform chapter's (jobbook.analysis.reform), written as expressions::

    cost per point (national) = national cost / the source's rise
    local cost                = cost per point * rise * share / 100
    break-even rise           = saving / (cost per point * share / 100)

Four Danish sentences are drawn as text marks above the plot: first the source's own figure,
then the book's calculation, headed "Bogens regneeksempel" with its assumption before its
amount, and the break-even. Numbers are formatted with Vega's ``format()`` in the Danish locale
of the house theme, so they read "56,1" and "1.234". The source states no period for its
national cost, so no amount here says "om året".

The page around the chart is :mod:`jobbook.present.whatif_page`: the figure (its caption and
files say "Bogens beregning på grundlag af" and name the settings, never "Kilde:" as if the
source said so), the sliders before the chart library has come, and the script that keeps the
settings in the page's address and rewrites the caption, the table and both CSV files.
"""

from __future__ import annotations

import json

import altair as alt

from jobbook.present import colours, fmt
from jobbook.present.chart_labels import text_width

# Signal names of the two controls (plain identifiers: they are used in expressions).
RISE = "stigning"
SHARE = "andel"
RISE_LABEL = "Stigning i strukturel ledighed (procentpoint)"
SHARE_LABEL = "Kommunens andel af landsudgiften (%)"
RISE_MIN, RISE_MAX, RISE_STEP = 0.0, 1.0, 0.05
SHARE_MIN, SHARE_MAX, SHARE_STEP = 0.1, 3.0, 0.01
RISE_DECIMALS, SHARE_DECIMALS = 2, 2

NBSP = "\u00a0"
PLOT_HEIGHT = 240
HEADER_LINES = 4  # the sentences drawn above the plot: the source's figure, then the book's calculation
LINE_HEIGHT, LINE_HEIGHT_NARROW = 19, 16  # pixels per line of those sentences, on a wide and on a narrow plot
FONT_SIZE, FONT_SIZE_NARROW = 13, 12
NARROW_PLOT_WIDTH = 380  # below this plot width (px) each sentence takes a line per part
LABEL_GAP_PX = 7  # between a line and its name: clear of the points drawn on the line
HEADROOM = 1.2  # the y axis's top over the higher line's end: room for a name above it
COST_NAME = "Ekstra udgift"
NAME_FONT_SIZE, NAME_LINE_HEIGHT = 11, 13  # Vega's size of a text mark, which the lines' names keep
COST_NAME_PX = round(text_width(COST_NAME, NAME_FONT_SIZE) * 1.1)  # in bold: a tenth wider than text_width's

#: Mark names: the SVG groups carry them as classes (``<name>_marks``), so the page's script can
#: read the live sentences for its announcement, and tests can find them.
HEADER_MARK = "whatif_header"
CHOSEN_MARK = "whatif_chosen"


def _literal(value: float) -> str:
    """A float as an expression literal (repr round-trips exactly)."""
    return repr(float(value))


def _string(value: str) -> str:
    """A text as an expression literal (JSON's double-quoted strings are Vega's too)."""
    return json.dumps(value, ensure_ascii=False)


def _danish(expr: str, spec: str) -> str:
    """An expression formatting ``expr`` with a d3-format spec, in the view's (Danish) locale."""
    return f"format({expr}, '{spec}')"


def chart_whatif(*, saving_mio: float, national_cost_mio: float, source_rise_pct_point: float,
                 default_share_pct: float, default_rise_pct_point: float,
                 source_sentence: tuple[str, ...]) -> alt.LayerChart:
    """Saving against extra cost, with sliders for the rise and the share (defaults: the book's case).

    ``source_sentence`` is the source's own statement, in parts of at most about 30 characters (a
    phone shows each on a line of its own), drawn first above the plot: the book's calculation
    comes after it.
    """
    per_point, g = national_cost_mio / source_rise_pct_point, _literal(saving_mio)
    p = _literal(per_point)

    def cost_at(rise: str) -> str:  # mio. kr. (the source states no period)
        return f"{p} * ({rise}) * {SHARE} / 100"

    break_even = f"{g} / ({p} * {SHARE} / 100)"
    rise = alt.param(name=RISE, value=default_rise_pct_point,
                     bind=alt.binding_range(min=RISE_MIN, max=RISE_MAX, step=RISE_STEP, name=RISE_LABEL))
    share = alt.param(name=SHARE, value=default_share_pct,
                      bind=alt.binding_range(min=SHARE_MIN, max=SHARE_MAX, step=SHARE_STEP, name=SHARE_LABEL))

    x = alt.X("rise:Q", title=RISE_LABEL, scale=alt.Scale(domain=[RISE_MIN, RISE_MAX], nice=False),
              axis=alt.Axis(format=",.2f", values=[0, 0.25, 0.5, 0.75, 1.0], labelFlush=True,
                            description="Vandret akse: stigning i strukturel ledighed fra 0 til 1 procentpoint"))
    # The top of the y axis is the higher line's end and a fifth more: room for a name above it, so no
    # name is cut at the top (a "nice" top could end right at the line).
    y_top = f"max({g}, {cost_at(_literal(RISE_MAX))}) * {_literal(HEADROOM)}"
    y = alt.Y("mio:Q", title="Mio. kr.", scale=alt.Scale(domain=[0, alt.ExprRef(expr=y_top)], nice=False, zero=True),
              axis=alt.Axis(format=",.0f", tickCount=5, tickMinStep=1, description="Lodret akse: mio. kr."))
    tip_rise = alt.Tooltip("rise:Q", title="Stigning (procentpoint)", format=",.2f")
    tip_cost = alt.Tooltip("mio:Q", title="Ekstra udgift (mio. kr.)", format=",.1f")

    # The saving is the municipality's own (home); the extra cost is what it is weighed against (comparison).
    home, cost, text_colour = colours.colour("home"), colours.colour("comparison"), colours.colour("text")
    # The cost line over the slider's range; 21 points give a hover target at every step.
    steps = round((RISE_MAX - RISE_MIN) / RISE_STEP)
    curve = (alt.Chart(alt.sequence(0, steps + 1, 1, as_="i"))
             .transform_calculate(rise=f"{_literal(RISE_MIN)} + datum.i * {_literal(RISE_STEP)}")
             .transform_calculate(mio=cost_at("datum.rise")))
    cost_line = curve.mark_line(color=cost, strokeWidth=2.5, aria=False).encode(x=x, y=y)
    hover = curve.mark_circle(size=140, opacity=0, aria=False).encode(x=x, y=y, tooltip=[tip_rise, tip_cost])
    # Each line's name is written where the other line is not, at every slider position (names that sat
    # where the lines meet were crossed by a line or cut at the top at low shares). ``be`` is where the
    # lines meet (in procentpoint); the plot's top is a fifth above the higher line's end. The cost's name
    # is at its line's right end: above it, except where the line ends just under the saving (1 < be < 2);
    # there it is below the line, lowered by as much as the line falls over the name's width.
    be = f"({break_even})"
    end_px = f"({PLOT_HEIGHT} * {cost_at(_literal(RISE_MAX))} / ({y_top}))"  # the cost line's end over the x axis
    under = f"({be} > {_literal(RISE_MAX)} && {be} < {_literal(2 * RISE_MAX)})"
    cost_label = (curve.transform_filter(f"datum.i == {steps}")
                  .mark_text(align="right", baseline=alt.ExprRef(expr=f"{under} ? 'top' : 'bottom'"), dx=-4,
                             dy=alt.ExprRef(expr=f"{under} ? {LABEL_GAP_PX} + {_literal(COST_NAME_PX + 4)} / width"
                                                 f" * {end_px} : -{LABEL_GAP_PX}"),
                             fontWeight="bold", color=cost, aria=False)
                  .encode(x=x, y=y, text=alt.value(COST_NAME)))

    # The saving's name, on two lines: above its line at the left when the lines meet in the right half or
    # not at all (the cost line is under it there); else at the right, where the cost line is over it:
    # below the saving's line, or above it when that line is low (the lines meet early, be < 0.3).
    left, low = f"({be} >= {_literal(RISE_MAX / 2)})", f"({be} < {_literal(0.3 * RISE_MAX)})"
    one = alt.InlineData(values=[{"k": 0}])
    saving = (alt.Chart(one).transform_calculate(mio=g, rise="0")
              .mark_rule(color=home, strokeWidth=2.5, aria=False).encode(y=y))
    saving_label = (alt.Chart(one)
                    .transform_calculate(mio=g, rise=f"{left} ? {_literal(RISE_MIN)} : {_literal(RISE_MAX)}")
                    .transform_calculate(label=f"'Besparelse:\\n' + {_danish('datum.mio', ',.1f')} + "
                                               f"'{NBSP}mio.{NBSP}kr.'")
                    .mark_text(align=alt.ExprRef(expr=f"{left} ? 'left' : 'right'"),
                               baseline=alt.ExprRef(expr=f"{left} || {low} ? 'bottom' : 'top'"),
                               dx=alt.ExprRef(expr=f"{left} ? 4 : -4"),
                               # Vega writes a text's first line at its y and the next one under it.
                               dy=alt.ExprRef(expr=f"{left} || {low} ? -{LABEL_GAP_PX + NAME_LINE_HEIGHT} : "
                                                   f"{LABEL_GAP_PX}"),
                               lineBreak="\n", lineHeight=NAME_LINE_HEIGHT, fontWeight="bold", color=home,
                               aria=False)
                    .encode(x=x, y=y, text="label:N"))

    # The chosen rise: a dashed drop line and a point on the cost line.
    chosen = (alt.Chart(one).transform_calculate(rise=RISE)
              .transform_calculate(mio=cost_at("datum.rise"), saving=g)
              .transform_calculate(net="datum.saving - datum.mio"))
    chosen_rule = chosen.mark_rule(color=cost, strokeDash=[4, 3], aria=False).encode(
        x=x, y=alt.Y("zero:Q"), y2="mio:Q").transform_calculate(zero="0")
    chosen_point = chosen.mark_point(filled=True, size=110, color=cost, stroke=colours.colour("background"),
                                     strokeWidth=1.5, opacity=1, aria=False).encode(
        x=x, y=y, tooltip=[tip_rise, tip_cost,
                           alt.Tooltip("saving:Q", title="Besparelse (mio. kr.)", format=",.1f"),
                           alt.Tooltip("net:Q", title="Netto (mio. kr.)", format=",.1f")]
    ).properties(name=CHOSEN_MARK)

    # Where the cost equals the saving (drawn only inside the x range).
    crossing = (alt.Chart(one).transform_calculate(rise=break_even, mio=g)
                .transform_filter(f"datum.rise <= {_literal(RISE_MAX)}"))
    crossing_point = crossing.mark_point(shape="circle", filled=False, size=130, strokeWidth=2.5,
                                         color=home, opacity=1, aria=False).encode(
        x=x, y=y, tooltip=[alt.Tooltip("rise:Q", title="Lige store ved (procentpoint)", format=",.2f"),
                           alt.Tooltip("mio:Q", title="Besparelse = udgift (mio. kr.)", format=",.1f")])

    # The live sentences above the plot (negative y: the band autosize adds to the height). The
    # first is the source's own figure; the book's calculation follows, its assumption first, so
    # its amount is never shown without the "if". A wide plot shows each sentence on one line; a
    # narrow one (``width`` is the plot's width signal) puts each of its parts on a line of its
    # own, in a smaller type, so that no line is wider than a phone's plot.
    narrow = f"(width < {NARROW_PLOT_WIDTH})"
    brk = f"({narrow} ? '\\n' : ' ')"
    outside = f"(datum.be > {_literal(RISE_MAX)})"
    # (field, parts, a last part shown only when the break-even is outside the figure, colour)
    sentences = [
        ("line0", [_string(part) for part in source_sentence], None, text_colour),
        ("line1", ["'Bogens regneeksempel:'", f"'hvis kommunen bar ' + {_danish(SHARE, ',.2f')} + '{NBSP}%'",
                   "'af landsudgiften,'"], None, cost),
        ("line2", ["'ville en stigning på'", f"{_danish(RISE, ',.2f')} + '{NBSP}procentpoint koste'",
                   f"'den ' + {_danish('datum.cost', ',.1f')} + '{NBSP}mio.{NBSP}kr.'"], None, cost),
        ("line3", ["'Besparelse og udgift er lige store'",
                   f"'ved ' + {_danish('datum.be', ',.2f')} + '{NBSP}procentpoint'"], "'(uden for figuren)'",
         home),
    ]
    lines_narrow = [len(parts) + (optional is not None) for _, parts, optional, _ in sentences]
    expressions = {field: f" + {brk} + ".join(parts) + (f" + ({outside} ? {brk} + {optional} : '')" if optional else "")
                   for field, parts, optional, _ in sentences}
    header = (alt.Chart(one).transform_calculate(cost=cost_at(RISE), be=break_even)
              .transform_calculate(**expressions))
    line_height = f"({narrow} ? {LINE_HEIGHT_NARROW} : {LINE_HEIGHT})"
    top = f"(-({narrow} ? {sum(lines_narrow)} * {LINE_HEIGHT_NARROW} : {len(sentences)} * {LINE_HEIGHT}) - 10)"
    header_layers = [
        header.mark_text(align="left", baseline="top", x=0, lineBreak="\n",
                         lineHeight=alt.ExprRef(expr=f"{line_height} - 2"),
                         y=alt.ExprRef(expr=f"{top} + ({narrow} ? {sum(lines_narrow[:i])} : {i}) * {line_height}"),
                         fontSize=alt.ExprRef(expr=f"{narrow} ? {FONT_SIZE_NARROW} : {FONT_SIZE}"),
                         color=color, fontWeight="bold")
        # ``description`` becomes the mark's aria-label (otherwise "line0: ..." with the field's name).
        .encode(text=f"{field}:N", description=f"{field}:N").properties(name=f"{HEADER_MARK}{i}")
        for i, (field, _, _, color) in enumerate(sentences)
    ]
    layers = [saving, cost_line, hover, chosen_rule, crossing_point, chosen_point, saving_label, cost_label,
              *header_layers]
    return (alt.layer(*layers).add_params(rise, share)
            .properties(width="container", height=PLOT_HEIGHT,
                        padding={"top": 8, "left": 5, "right": 12, "bottom": 5}))


def describe_whatif(*, saving_mio: float, default_cost_mio: float, default_rise_pct_point: float,
                    default_share_pct: float, break_even_pct_point: float, municipality: str) -> str:
    """The text alternative: what the chart shows, how the controls work, and the book's case."""
    return (
        f"Interaktiv figur for {municipality}, bogens eget regneeksempel: den faste besparelse på "
        f"{fmt.mio(saving_mio)} (en vandret linje) og den ekstra udgift, hvis den strukturelle ledighed stiger "
        "(en linje, der vokser med stigningen fra 0 til 1 procentpoint). Under figuren er to skydere: den ene "
        "vælger stigningen i den strukturelle ledighed (0 til 1 procentpoint), den anden kommunens andel af "
        f"landsudgiften ({fmt.pct(SHARE_MIN, 1)} til {fmt.pct(SHARE_MAX, 0)}). Teksten over figuren gengiver "
        "først kildens tal for hele landet og viser så bogens regneeksempel ved de valgte indstillinger. Med "
        f"bogens antagelser (en stigning på {fmt.pct_point(default_rise_pct_point, 2)} og en andel på "
        f"{fmt.pct(default_share_pct, 2)}) bliver den ekstra udgift {fmt.mio(default_cost_mio)}, og besparelse "
        f"og udgift er lige store ved {fmt.pct_point(break_even_pct_point, 2)}.")


def settings_text(rise_pct_point: float, share_pct: float) -> str:
    """The settings a calculation used, as the caption and the CSV files state them (the page's
    script writes the same sentence for the reader's own settings)."""
    return (f"Indstillinger: stigning {fmt.pct_point(rise_pct_point, RISE_DECIMALS)}, kommunens andel af "
            f"landsudgiften {fmt.pct(share_pct, SHARE_DECIMALS)}.")
