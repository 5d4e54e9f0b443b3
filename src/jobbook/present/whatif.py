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

A small script after the chart gives each slider a Danish read-out and ``aria-valuetext``;
repeats the sentences in a polite live region when the reader stops moving a slider; keeps the
settings in the page's address (``?stigning=0.3&andel=2``; a shared link opens them); and
rewrites the caption's settings, the table and both CSV files for the reader's settings
(:class:`WhatIfFigure`: its caption and files say "Bogens beregning på grundlag af" and name
the settings, never "Kilde:" as if the source said so).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import altair as alt

from jobbook.present import colours, fmt
from jobbook.present.chart_labels import text_width
from jobbook.present.charts import EMBED_OPTIONS, chart_id, spec_json
from jobbook.present.csv_files import METADATA_LABELS
from jobbook.present.figures import Figure
from jobbook.present.safe import csv_cell, script_json, text

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


#: Where the glossary lies, seen from a chapter (chapters are one folder below book/), and the
#: anchors Sphinx gives its terms ("term-" and the term, letters outside ASCII dropped).
GLOSSARY_PAGE = "../ordliste.html"
GLOSSARY_ANCHORS = {"budgetgaranti": "term-Budgetgaranti", "økonomiaftale": "term-konomiaftale"}


@dataclass(repr=False)  # Figure's own repr: a notebook stores it, so no memory addresses
class WhatIfFigure(Figure):
    """The what-if as a figure: its numbers are the book's calculation on the sources' figures,
    so its caption and CSV files say "Bogens beregning på grundlag af" and name the settings;
    the page's script rewrites both (and the table) for the reader's own settings.

    ``context`` is the paragraph shown under the sliders: what the sources say about who pays.
    The table's columns are, in this order: the rise, the extra cost, the saving and the net
    (the script computes its rows in that order).
    """

    saving_mio: float = 0.0
    per_point_mio: float = 0.0  # the national cost of one percentage point (the source's price)
    rise_pct_point: float = 0.0
    share_pct: float = 0.0
    context: str = ""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.embed = self._embed

    def settings(self) -> str:
        return settings_text(self.rise_pct_point, self.share_pct)

    def basis(self) -> str:
        return "Bogens beregning på grundlag af"

    def citation_html(self) -> str:
        cited = super().citation_html().removeprefix("Kilde: ")
        return (f'{self.basis()} {cited} <span class="jobbook-whatif-settings">{text(self.settings())}</span>')

    def metadata(self) -> list[tuple[str, str]]:
        values = (self.title, self.unit_text(), f"{self.basis()}: {'; '.join(self.citations())}",
                  f"{self.note} {self.settings()}".strip(), *self.reuse())
        return list(zip(METADATA_LABELS, values, strict=True))

    def _embed(self, spec: dict) -> str:
        metadata = dict(self.metadata())
        download = {
            # As csv_text writes them: no cell from the data may run as a formula in a spreadsheet.
            "meta": [[label, csv_cell(metadata[label])] for label in METADATA_LABELS],
            "note": self.note, "columns": [str(c) for c in self.table.columns],
            "rises": [float(v) for v in self.table.iloc[:, 0]], "saving": self.saving_mio,
            "perPoint": self.per_point_mio, "defaults": {RISE: self.rise_pct_point, SHARE: self.share_pct},
        }
        return whatif_html(spec, context=self.context, download=download)


def glossary_link(term: str, shown: str) -> str:
    """A link to a glossary term from a chapter's page (raw HTML: the figure is not MyST)."""
    return f'<a href="{GLOSSARY_PAGE}#{GLOSSARY_ANCHORS[term]}">{text(shown)}</a>'


# The chart library is loaded (book/_static/jobbook-charts.js) when the reader moves a slider of the
# page's drawing, taps or hovers it, or opens a link with settings; the live chart takes the drawing's
# place with the reader's first setting. Then each slider gets a Danish read-out and aria-valuetext;
# when the reader stops moving one, the sentences are repeated in a polite live region and the settings
# go into the page's address (a shared link opens them). On every change the caption's settings, the
# table and both CSV downloads follow, written exactly as jobbook.present.csv_files writes them.
WHATIF_SCRIPT = r"""(function(){
var box=document.currentScript.parentNode, el=box.querySelector('.jobbook-chart'),
    live=box.querySelector('[aria-live]');
var units=%(units)s, header=%(header)s, decimals=%(decimals)s, D=%(download)s, ranges=%(ranges)s;
function da(v,d){return Number(v).toLocaleString('da-DK',{minimumFractionDigits:d,maximumFractionDigits:d});}
function signed(v,d){var t=da(Math.abs(v),d);return (/[1-9]/.test(t)?(v>0?'+':'\u2212'):'')+t;}
function round1(x){var y=x*10,r=Math.round(y);if(Math.abs(y%%1)===0.5&&r%%2!==0)r-=1;return r/10;}
function settings(s){return 'Indstillinger: stigning '+da(s[%(rise)s],decimals[%(rise)s])+'\u00a0procentpoint, '+
  'kommunens andel af landsudgiften '+da(s[%(share)s],decimals[%(share)s])+'\u00a0%%.';}
function rows(s){return D.rises.map(function(r){var c=D.perPoint*r*s[%(share)s]/100;
  return [r,round1(c),D.saving,round1(D.saving-c)];});}
function csv(s,sep,dec,eol,bom){
  function cell(v){v=String(v);return /["\r\n]/.test(v)||v.indexOf(sep)>=0?'"'+v.replace(/"/g,'""')+'"':v;}
  var meta=D.meta.map(function(m){return m[0]==='# Note:'?[m[0],(D.note+' '+settings(s)).trim()]:m;});
  var data=rows(s), whole=D.columns.map(function(_,j){return data.every(function(r){return Number.isInteger(r[j]);});});
  var lines=meta.map(function(m){return m.map(cell).join(sep);});
  lines.push('',D.columns.map(cell).join(sep));
  data.forEach(function(r){lines.push(r.map(function(v,j){return whole[j]?String(Math.round(v)):
    String(Number(v.toPrecision(15))+0).replace('.',dec);}).join(sep));});
  return (bom?'\ufeff':'')+lines.join(eol)+eol;}
function start(){
  var drawn=Array.prototype.slice.call(el.querySelectorAll('.jobbook-static-controls input[type=range]'));
  var spec=JSON.parse(el.querySelector('script.jobbook-chart-spec').textContent);
  return window.jobbookCharts.swap(el,spec,%(options)s).then(function(res){
  var wanted=new URLSearchParams(location.search), focused=res.jobbookFocused, moved=false;
  drawn.forEach(function(input){  // the reader's moves on the drawing's sliders while the library came
    if(input.dataset.moved){moved=true;wanted.set(input.getAttribute('name'),input.value);}});
  var view=res.view, timer=null, fig=box.closest('figure'), inputs=el.querySelectorAll('.vega-bind input[type=range]');
  function current(){var s={};s[%(rise)s]=view.signal(%(rise)s);s[%(share)s]=view.signal(%(share)s);return s;}
  function follow(){var s=current(), url='data:text/csv;charset=utf-8,';
    if(!fig)return;
    var shown=fig.querySelector('.jobbook-whatif-settings'); if(shown)shown.textContent=settings(s);
    var a=fig.querySelector('a.jobbook-download[data-format="csv"]');
    if(a)a.href=url+encodeURIComponent(csv(s,',','.','\n',false));
    a=fig.querySelector('a.jobbook-download[data-format="csv-excel"]');
    if(a)a.href=url+encodeURIComponent(csv(s,';',',','\r\n',true));
    var body=fig.querySelector('table tbody'); if(body)rows(s).forEach(function(r,i){var tr=body.rows[i];
      if(tr){tr.cells[1].textContent=da(r[1],1);tr.cells[3].textContent=signed(r[3],1);}});}
  function remember(){var s=current(), q=new URLSearchParams(location.search), same=true;
    [%(rise)s,%(share)s].forEach(function(n){q.set(n,String(s[n]));
      if(s[n].toFixed(decimals[n])!==D.defaults[n].toFixed(decimals[n]))same=false;});
    if(same){q.delete(%(rise)s);q.delete(%(share)s);}
    var t=q.toString();history.replaceState(history.state,'',location.pathname+(t?'?'+t:'')+location.hash);}
  inputs.forEach(function(input){var name=input.getAttribute('name'), r=ranges[name],
      v=parseFloat((wanted.get(name)||'').replace(',','.'));
    if(r&&isFinite(v)){v=Math.min(r[1],Math.max(r[0],Math.round((v-r[0])/r[2])*r[2]+r[0]));
      v=Number(v.toFixed(decimals[name]));view.signal(name,v);input.value=v;}});
  view.runAsync().then(function(){
    inputs.forEach(function(input){
      var name=input.getAttribute('name'), raw=input.nextElementSibling, shown=document.createElement('span');
      shown.className='whatif-value'; shown.setAttribute('aria-hidden','true');
      raw.hidden=true; raw.after(shown);
      function sync(){var v=view.signal(name), t=da(v,decimals[name])+'\u00a0'+units[name];
        shown.textContent=t; input.setAttribute('aria-valuetext',t);}
      input.addEventListener('input',function(){sync();follow();
        clearTimeout(timer); timer=setTimeout(function(){view.runAsync().then(function(){remember();
          live.textContent=Array.prototype.map.call(el.querySelectorAll(header),
                                                    function(t){return t.textContent;}).join(' ');
        });},600);});
      sync();
      if(name===focused)input.focus();
    });
    follow();
    if(moved)remember();
  });
  return res;});}
el.jobbookStart=start;
function go(){if(window.jobbookCharts)window.jobbookCharts.live(el);}
el.querySelectorAll('.jobbook-static-controls input[type=range]').forEach(function(input){
  input.addEventListener('input',function(){var name=input.getAttribute('name'),
      t=da(input.value,decimals[name])+'\u00a0'+units[name], shown=input.parentNode.querySelector('.whatif-value');
    input.dataset.moved='1'; if(shown)shown.textContent=t; input.setAttribute('aria-valuetext',t); go();});});
var asked=new URLSearchParams(location.search);
if(asked.has(%(rise)s)||asked.has(%(share)s)){
  if(document.readyState==='loading')document.addEventListener('DOMContentLoaded',go);else go();}
})();"""


def _read_out(value: float, decimals: int, unit: str) -> str:
    return f"{value:.{decimals}f}".replace(".", ",") + NBSP + unit


def static_controls(defaults: dict[str, float]) -> str:
    """The two sliders as vega-embed writes them (with the page script's read-outs, not its raw numbers),
    for the page before the chart library has come: moving one loads it, and the live chart starts there."""
    rows = []
    for name, label, (low, high, step), decimals, unit in (
            (RISE, RISE_LABEL, (RISE_MIN, RISE_MAX, RISE_STEP), RISE_DECIMALS, "procentpoint"),
            (SHARE, SHARE_LABEL, (SHARE_MIN, SHARE_MAX, SHARE_STEP), SHARE_DECIMALS, "%")):
        value = defaults.get(name, low)
        shown = _read_out(value, decimals, unit)
        rows.append(f'<div class="vega-bind"><label><span class="vega-bind-name">{text(label)}</span>'
                    f'<input type="range" name="{name}" min="{low:g}" max="{high:g}" step="{step:g}" '
                    f'value="{value:g}" aria-valuetext="{text(shown)}">'
                    f'<span class="whatif-value" aria-hidden="true">{text(shown)}</span></label></div>')
    return f'<div class="vega-bindings jobbook-static-controls">{"".join(rows)}</div>'


def whatif_html(spec: dict, *, context: str = "", download: dict | None = None) -> str:
    """The chart (drawn for the book's case when the pages are written: ``present.chart_svg``) with plain
    sliders, the paragraph by them (``context``, HTML built from escaped text), a live region, and the script
    that swaps in the live chart (``download``: what it needs to rewrite the CSV files). No ``role="img"``
    on the container (it would make the sliders presentational): the text alternative is its first content."""
    header = ", ".join(f"g.{HEADER_MARK}{i}_marks text" for i in range(HEADER_LINES))
    defaults = (download or {}).get("defaults") or {}
    script = WHATIF_SCRIPT % {
        "options": json.dumps(EMBED_OPTIONS, sort_keys=True),
        "units": json.dumps({RISE: "procentpoint", SHARE: "%"}),
        "decimals": json.dumps({RISE: RISE_DECIMALS, SHARE: SHARE_DECIMALS}), "header": json.dumps(header),
        "download": script_json(download or {}), "rise": json.dumps(RISE), "share": json.dumps(SHARE),
        "ranges": json.dumps({RISE: [RISE_MIN, RISE_MAX, RISE_STEP], SHARE: [SHARE_MIN, SHARE_MAX, SHARE_STEP]}),
    }
    paragraph = f'<p class="jobbook-whatif-context">{context}</p>' if context else ""
    identifier = chart_id(spec)
    return (f'<div class="jobbook-whatif"><div id="{identifier}" class="jobbook-chart">'
            f'<p class="visually-hidden jobbook-static">{text(spec.get("description") or "Figur")}</p>'
            f'<script type="application/json" class="jobbook-chart-spec">{spec_json(spec)}</script>'
            f"{static_controls(defaults)}</div>{paragraph}"
            f'<p class="visually-hidden" aria-live="polite"></p><script>{script}</script></div>')
