"""Charts drawn when the book is built: inline SVG that a reader sees without any JavaScript.

Vega-Lite's own renderer (vl-convert, in process) draws each spec with the site's theme, so the
Danish number format, the fonts and the colours are those the live chart would have. A chart's
layout depends on its width (labels wrap, legends take columns, the what-if puts its sentences on
more lines below 380 px), and a drawing scaled far from the width it was laid out for has text
too small or too large to read. So each chart is drawn twice, for a phone's column
(:data:`NARROW_PX`) and for a page's (:data:`WIDE_PX`); the page's stylesheet shows the one that
fits the chart's column (a container query at :data:`WIDE_FROM_PX`, the geometric middle, where
both are scaled by the same factor) at the column's width (``viewBox``; jobbook.css).

The chart library is loaded only when the reader asks for more (``_static/jobbook-charts.js``); it
draws the live chart at the width of the drawing shown, so the swap does not move anything.
"""

from __future__ import annotations

import copy
import html
import re
from pathlib import Path

#: The widths (px) the two drawings are laid out for: a phone's column (a 390 px screen gives the
#: article about 358 px) and a page's.
NARROW_PX = 360
WIDE_PX = 680
#: From this column width the wide drawing is shown (jobbook.css has the same number).
WIDE_FROM_PX = 495
VARIANTS = (("narrow", NARROW_PX), ("wide", WIDE_PX))

#: The font the drawings are laid out with: DejaVu Sans, the widest of the fonts the site's font stack falls
#: back to (Debian's Chromium draws system-ui with it; Roboto and San Francisco are narrower), so a label is
#: never wider on a reader's screen than the room it was given. vl-convert has it from the system; it measured
#: "system-ui" narrower, and account names ran out of a phone's chart by 12 px. The SVG names the site's stack.
MEASURE_FONT = "DejaVu Sans"

#: Geometry attributes whose numbers are rounded to two decimals (Vega writes 96.42857142857142:
#: a sixth of an SVG's bytes); text is never touched.
_GEOMETRY = re.compile(r'\s(d|transform|x|y|x1|x2|y1|y2|dx|dy|width|height|r|cx|cy|points)="([^"]*)"')
_LONG_NUMBER = re.compile(r"-?\d+\.\d{3,}")
_ID = re.compile(r'\bid="([^"]+)"')


def _rounded(match: re.Match) -> str:
    def short(number: re.Match) -> str:
        value = f"{float(number.group(0)):.2f}".rstrip("0").rstrip(".")
        return "0" if value == "-0" else value

    return f' {match.group(1)}="{_LONG_NUMBER.sub(short, match.group(2))}"'


def _with_own_ids(svg: str, prefix: str) -> str:
    """Clip paths and gradients named ``clip1`` in every drawing would collide on a page with several:
    each id (and each reference to it) gets the chart's prefix."""
    for name in dict.fromkeys(_ID.findall(svg)):
        svg = svg.replace(f'id="{name}"', f'id="{prefix}-{name}"').replace(f"url(#{name})", f"url(#{prefix}-{name})")
    return svg


def vega_lite_version() -> str:
    """The Vega-Lite minor version Altair writes specs for (``6.4`` for ``v6.4.1``): the drawings and the
    site's chart library (jobbook.site.vendor) are made for it."""
    import altair as alt

    return ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])


def draw_svg(spec: dict, width_px: int, id_prefix: str) -> str:
    """The spec drawn at ``width_px`` (the whole chart, labels included: the theme's ``fit-x``) as one
    ``<svg>`` element for inline use: classes ``marks jobbook-static``, the width it was laid out for
    in ``data-width``, hidden from assistive technology (the chart's container carries its name)."""
    import vl_convert

    sized = copy.deepcopy(spec)
    sized["width"] = width_px
    font = sized.get("config", {}).get("font")
    if font:  # laid out for the widest font of the stack, written with the stack itself
        sized["config"]["font"] = MEASURE_FONT
    svg = vl_convert.vegalite_to_svg(sized, vl_version=vega_lite_version())
    if font:
        svg = svg.replace(f'font-family="{MEASURE_FONT}"', f'font-family="{html.escape(font, quote=True)}"')
    svg = _GEOMETRY.sub(_rounded, svg)
    svg = _with_own_ids(svg, id_prefix)
    kind = "narrow" if width_px == NARROW_PX else "wide"
    return svg.replace('class="marks"', f'class="marks jobbook-static jobbook-static-{kind}" '
                       f'data-width="{width_px}" aria-hidden="true" focusable="false"', 1)


def static_drawings(spec: dict, chart_id: str) -> str:
    """Both drawings of the chart (narrow first), for the page's stylesheet to choose from."""
    return "".join(draw_svg(spec, width, f"{chart_id}-{name}") for name, width in VARIANTS)


# --- drawn when the pages are written, once per spec ------------------------------------------------

#: A chart as the notebooks write it (``charts.chart_html``, ``whatif_page.whatif_html``): its container, the
#: what-if's text alternative, and its spec as JSON data. The drawings go in before the spec.
CHART_SPEC = re.compile(r'(<div id="(vis-[0-9a-f]{12})" class="jobbook-chart"[^>]*>'
                        r'(?:<p class="visually-hidden jobbook-static">[^<]*</p>\s*)?)'
                        r'(<script type="application/json" class="jobbook-chart-spec">([^<]*)</script>)')


def _cache_key(spec_text: str) -> str:
    import hashlib
    from importlib.metadata import version

    made_with = f"{version('vl-convert-python')} {vega_lite_version()} {VARIANTS} {MEASURE_FONT} 1"
    return hashlib.sha256(f"{made_with}\n{spec_text}".encode()).hexdigest()[:32]


def with_drawings(html: str, cache: Path | None = None) -> str:
    """``html`` with each chart's drawings put in (before its spec).

    The drawings are made when the pages are written, in the one process that writes them: vl-convert
    takes half a second to start in each process that uses it, which every notebook's kernel paid when
    the charts were drawn there (4 s of a cold build's 15 s). ``cache`` (a folder) keeps each chart's
    drawings by the hash of its spec and of what draws it, so a page written again draws nothing new.
    """
    import json

    def draw(match: re.Match) -> str:
        head, identifier, script, spec_text = match.groups()
        stored = cache / f"{_cache_key(spec_text)}.svg" if cache is not None else None
        if stored is not None and stored.is_file():
            drawings = stored.read_text(encoding="utf-8")
        else:
            drawings = static_drawings(json.loads(spec_text), identifier)
            if stored is not None:
                from jobbook.files import write_atomically

                stored.parent.mkdir(parents=True, exist_ok=True)
                write_atomically(stored, drawings)
        return head + drawings + script

    return CHART_SPEC.sub(draw, html)
