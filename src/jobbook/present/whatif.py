"""A what-if chart the reader can use: a fixed saving against a cost that grows with a rise,
with two sliders (the rise, and the municipality's share of the national cost), computed in
the reader's browser by Vega-Lite's own expressions: no server, no Python at view time, no
request to another host.

The arithmetic is the reform chapter's (jobbook.analysis.reform), written as expressions::

    cost per point (national) = national cost / the source's rise
    local cost                = cost per point * rise * share / 100
    break-even rise           = saving / (cost per point * share / 100)

Two live Danish sentences are drawn as text marks above the plot; numbers are formatted with
Vega's ``format()`` in the Danish locale of the house theme, so they read "56,1" and "1.234".
A small script after the chart gives each slider a Danish read-out and ``aria-valuetext``, and
repeats the sentences in a polite live region when the reader stops moving a slider.
"""

from __future__ import annotations

import json

import altair as alt

from jobbook.present import fmt
from jobbook.present.charts import COLOR_COMPARISON, COLOR_HOME, COLOR_NEUTRAL, EMBED_OPTIONS, chart_id, spec_json
from jobbook.present.safe import text

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
HEADER_LINES = 3  # the live sentences drawn above the plot
HEADER_LINES_WIDE, HEADER_LINES_NARROW = 3, 5  # the lines they take on a wide and on a narrow plot
LINE_HEIGHT = 19
NARROW_PLOT_WIDTH = 380  # below this plot width (px) the two long sentences break in two lines

#: Mark names: the SVG groups carry them as classes (``<name>_marks``), so the page's script can
#: read the live sentences for its announcement, and tests can find them.
HEADER_MARK = "whatif_header"
CHOSEN_MARK = "whatif_chosen"


def _literal(value: float) -> str:
    """A float as an expression literal (repr round-trips exactly)."""
    return repr(float(value))


def _danish(expr: str, spec: str) -> str:
    """An expression formatting ``expr`` with a d3-format spec, in the view's (Danish) locale."""
    return f"format({expr}, '{spec}')"


def chart_whatif(*, saving_mio: float, national_cost_mio: float, source_rise_pct_point: float,
                 default_share_pct: float, default_rise_pct_point: float) -> alt.LayerChart:
    """Saving against extra cost, with sliders for the rise and the share (defaults: the book's case)."""
    per_point, g = national_cost_mio / source_rise_pct_point, _literal(saving_mio)
    p = _literal(per_point)

    def cost_at(rise: str) -> str:  # mio. kr. a year
        return f"{p} * ({rise}) * {SHARE} / 100"

    break_even = f"{g} / ({p} * {SHARE} / 100)"
    rise = alt.param(name=RISE, value=default_rise_pct_point,
                     bind=alt.binding_range(min=RISE_MIN, max=RISE_MAX, step=RISE_STEP, name=RISE_LABEL))
    share = alt.param(name=SHARE, value=default_share_pct,
                      bind=alt.binding_range(min=SHARE_MIN, max=SHARE_MAX, step=SHARE_STEP, name=SHARE_LABEL))

    x = alt.X("rise:Q", title=RISE_LABEL, scale=alt.Scale(domain=[RISE_MIN, RISE_MAX], nice=False),
              axis=alt.Axis(format=",.2f", values=[0, 0.25, 0.5, 0.75, 1.0], labelFlush=True,
                            description="Vandret akse: stigning i strukturel ledighed fra 0 til 1 procentpoint"))
    y = alt.Y("mio:Q", title="Mio. kr. om året", scale=alt.Scale(zero=True, nice=True),
              axis=alt.Axis(format=",.0f", tickCount=5, tickMinStep=1, description="Lodret akse: mio. kr. om året"))
    tip_rise = alt.Tooltip("rise:Q", title="Stigning (procentpoint)", format=",.2f")
    tip_cost = alt.Tooltip("mio:Q", title="Ekstra udgift (mio. kr. om året)", format=",.1f")

    # The cost line over the slider's range; 21 points give a hover target at every step.
    steps = round((RISE_MAX - RISE_MIN) / RISE_STEP)
    curve = (alt.Chart(alt.sequence(0, steps + 1, 1, as_="i"))
             .transform_calculate(rise=f"{_literal(RISE_MIN)} + datum.i * {_literal(RISE_STEP)}")
             .transform_calculate(mio=cost_at("datum.rise")))
    cost_line = curve.mark_line(color=COLOR_COMPARISON, strokeWidth=2.5, aria=False).encode(x=x, y=y)
    hover = curve.mark_circle(size=140, opacity=0, aria=False).encode(x=x, y=y, tooltip=[tip_rise, tip_cost])
    cost_label = (curve.transform_filter(f"datum.i == {steps}")
                  .mark_text(align="right", baseline="bottom", dx=-10, dy=-2, fontWeight="bold",
                             color=COLOR_COMPARISON, aria=False)
                  .encode(x=x, y=y, text=alt.value("Ekstra udgift")))

    one = alt.InlineData(values=[{"k": 0}])
    saving = (alt.Chart(one).transform_calculate(mio=g, rise="0")
              .mark_rule(color=COLOR_HOME, strokeWidth=2.5, aria=False).encode(y=y))
    saving_label = (alt.Chart(one).transform_calculate(mio=g, rise=_literal(RISE_MAX))
                    .transform_calculate(label=f"'Besparelse: ' + {_danish('datum.mio', ',.1f')} + "
                                               f"'{NBSP}mio.{NBSP}kr.'")
                    .mark_text(align="right", baseline="bottom", dy=-4, fontWeight="bold", color=COLOR_HOME,
                               aria=False)
                    .encode(x=x, y=y, text="label:N"))

    # The chosen rise: a dashed drop line and a point on the cost line.
    chosen = (alt.Chart(one).transform_calculate(rise=RISE)
              .transform_calculate(mio=cost_at("datum.rise"), saving=g)
              .transform_calculate(net="datum.saving - datum.mio"))
    chosen_rule = chosen.mark_rule(color=COLOR_COMPARISON, strokeDash=[4, 3], aria=False).encode(
        x=x, y=alt.Y("zero:Q"), y2="mio:Q").transform_calculate(zero="0")
    chosen_point = chosen.mark_point(filled=True, size=110, color=COLOR_COMPARISON, stroke="white",
                                     strokeWidth=1.5, opacity=1, aria=False).encode(
        x=x, y=y, tooltip=[tip_rise, tip_cost,
                           alt.Tooltip("saving:Q", title="Besparelse (mio. kr. om året)", format=",.1f"),
                           alt.Tooltip("net:Q", title="Netto (mio. kr. om året)", format=",.1f")]
    ).properties(name=CHOSEN_MARK)

    # Where the cost equals the saving (drawn only inside the x range).
    crossing = (alt.Chart(one).transform_calculate(rise=break_even, mio=g)
                .transform_filter(f"datum.rise <= {_literal(RISE_MAX)}"))
    crossing_point = crossing.mark_point(shape="circle", filled=False, size=130, strokeWidth=2.5,
                                         color=COLOR_HOME, opacity=1, aria=False).encode(
        x=x, y=y, tooltip=[alt.Tooltip("rise:Q", title="Lige store ved (procentpoint)", format=",.2f"),
                           alt.Tooltip("mio:Q", title="Besparelse = udgift (mio. kr. om året)", format=",.1f")])

    # The live sentences above the plot (negative y: the band autosize adds to the height). On a
    # narrow plot the long sentences break in two lines; ``width`` is the plot's width signal.
    narrow = f"(width < {NARROW_PLOT_WIDTH})"
    brk = f"({narrow} ? '\\n' : ' ')"
    header = (alt.Chart(one)
              .transform_calculate(cost=cost_at(RISE), be=break_even)
              .transform_calculate(
                  line0=f"'Ekstra udgift: ' + {_danish('datum.cost', ',.1f')} + '{NBSP}mio.{NBSP}kr. om året'",
                  line1=f"'ved en stigning på ' + {_danish(RISE, ',.2f')} + '{NBSP}procentpoint' + {brk} + "
                        f"'og en andel på ' + {_danish(SHARE, ',.2f')} + '{NBSP}%'",
                  line2=f"'Besparelse og udgift er lige store' + {brk} + 'ved ' + "
                        f"{_danish('datum.be', ',.2f')} + '{NBSP}procentpoint' + "
                        f"(datum.be > {_literal(RISE_MAX)} ? ' (uden for figuren)' : '')"))
    # (field, colour, weight, font size, lines above it when wide, lines above it when narrow)
    styles = [("line0", COLOR_COMPARISON, "bold", 14, 0, 0),
              ("line1", COLOR_NEUTRAL, "normal", 12, 1, 1),
              ("line2", COLOR_HOME, "bold", 13, 2, 3)]
    top = f"(-({narrow} ? {HEADER_LINES_NARROW} : {HEADER_LINES_WIDE}) * {LINE_HEIGHT} - 10)"
    header_layers = [
        header.mark_text(align="left", baseline="top", x=0, lineBreak="\n", lineHeight=LINE_HEIGHT - 2,
                         y=alt.ExprRef(expr=f"{top} + ({narrow} ? {above_narrow} : {above_wide}) * {LINE_HEIGHT}"),
                         color=color, fontWeight=weight, fontSize=size)
        # ``description`` becomes the mark's aria-label (otherwise "line0: ..." with the field's name).
        .encode(text=f"{field}:N", description=f"{field}:N").properties(name=f"{HEADER_MARK}{i}")
        for i, (field, color, weight, size, above_wide, above_narrow) in enumerate(styles)
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
        f"Interaktiv figur for {municipality}: den faste besparelse på {fmt.mio(saving_mio)} om året (en vandret "
        "linje) og den ekstra udgift, hvis den strukturelle ledighed stiger (en linje, der vokser med stigningen "
        "fra 0 til 1 procentpoint). Under figuren er to skydere: den ene vælger stigningen i den strukturelle "
        f"ledighed (0 til 1 procentpoint), den anden kommunens andel af landsudgiften ({fmt.pct(SHARE_MIN, 1)} til "
        f"{fmt.pct(SHARE_MAX, 0)}). Teksten over figuren viser den ekstra udgift ved den valgte stigning og den "
        f"stigning, hvor besparelse og udgift er lige store. Med bogens antagelser (en stigning på "
        f"{fmt.pct_point(default_rise_pct_point, 2)} og en andel på {fmt.pct(default_share_pct, 2)}) er den ekstra "
        f"udgift {fmt.mio(default_cost_mio)} om året, og besparelse og udgift er lige store ved "
        f"{fmt.pct_point(break_even_pct_point, 2)}.")


# After vega-embed has drawn: each slider gets a Danish read-out and aria-valuetext (vega writes
# the raw number, "0.9352226720647774"), and the live sentences are repeated in a polite live
# region when the reader stops moving a slider.
WHATIF_SCRIPT = r"""(function(){
var fig=document.currentScript.parentNode, el=fig.querySelector('.jobbook-chart'),
    live=fig.querySelector('[aria-live]');
var units=%(units)s, header=%(header)s, decimals=%(decimals)s;
function da(v,d){return Number(v).toLocaleString('da-DK',{minimumFractionDigits:d,maximumFractionDigits:d});}
vegaEmbed(el,%(spec)s,%(options)s).then(function(res){
  var timer=null;
  el.querySelectorAll('.vega-bind input[type=range]').forEach(function(input){
    var name=input.getAttribute('name'), raw=input.nextElementSibling, shown=document.createElement('span');
    shown.className='whatif-value'; shown.setAttribute('aria-hidden','true');
    raw.hidden=true; raw.after(shown);
    function sync(){var v=res.view.signal(name), t=da(v,decimals[name])+'\u00a0'+units[name];
      shown.textContent=t; input.setAttribute('aria-valuetext',t);}
    input.addEventListener('input',function(){sync();
      clearTimeout(timer); timer=setTimeout(function(){res.view.runAsync().then(function(){
        live.textContent=Array.prototype.map.call(el.querySelectorAll(header),
                                                  function(t){return t.textContent;}).join(' ');
      });},600);});
    sync();
  });
}).catch(function(err){el.textContent='Figuren kunne ikke tegnes.';console.error(err);});
})();"""


def whatif_html(spec: dict) -> str:
    """The chart with its controls and a live region, drawn by the site's vegaEmbed.

    Unlike :func:`jobbook.present.charts.chart_html`, the container has no ``role="img"`` (that
    would make the sliders vega-embed puts inside it presentational), and the text alternative
    is its first content, for a reader without JavaScript (vega replaces it when it draws and
    names the drawing with the spec's description).
    """
    header = ", ".join(f"g.{HEADER_MARK}{i}_marks text" for i in range(HEADER_LINES))
    script = WHATIF_SCRIPT % {
        "spec": spec_json(spec), "options": json.dumps(EMBED_OPTIONS, sort_keys=True),
        "units": json.dumps({RISE: "procentpoint", SHARE: "%"}),
        "decimals": json.dumps({RISE: RISE_DECIMALS, SHARE: SHARE_DECIMALS}), "header": json.dumps(header),
    }
    return (f'<div class="jobbook-whatif"><div id="{chart_id(spec)}" class="jobbook-chart">'
            f'<p>{text(spec.get("description") or "Figur")}</p></div>'
            f'<p class="visually-hidden" aria-live="polite"></p><script>{script}</script></div>')
