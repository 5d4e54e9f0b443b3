"""The what-if on the page: the figure around :func:`jobbook.present.whatif.chart_whatif`'s chart.

:class:`WhatIfFigure` is a figure whose numbers are the book's calculation, so its caption and
CSV files say "Bogens beregning på grundlag af" and name the settings. :func:`whatif_html` writes
the chart's container (drawn at build time, ``present.chart_svg``) with plain sliders and the
script that swaps in the live chart on the reader's first move: each slider then gets a Danish
read-out, the settings go into the page's address (a shared link opens them), and the caption,
the table and both CSV files follow the reader's settings.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from jobbook.present.charts import EMBED_OPTIONS, chart_id, spec_json
from jobbook.present.csv_files import METADATA_LABELS
from jobbook.present.figures import Figure
from jobbook.present.safe import csv_cell, script_json, text
from jobbook.present.whatif import (
    HEADER_LINES,
    HEADER_MARK,
    NBSP,
    RISE,
    RISE_DECIMALS,
    RISE_LABEL,
    RISE_MAX,
    RISE_MIN,
    RISE_STEP,
    SHARE,
    SHARE_DECIMALS,
    SHARE_LABEL,
    SHARE_MAX,
    SHARE_MIN,
    SHARE_STEP,
    settings_text,
)

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
