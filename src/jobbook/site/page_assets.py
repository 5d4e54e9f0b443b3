"""What a page of the book loads before it can be read: only what it uses, nothing that blocks.

Measured on a phone on slow 4G (issue 21), every page waited for the whole Font Awesome icon set as
JavaScript (1.4 MB, for seven icons), for the chart library in ``<head>`` (also on pages without a
chart) and for a dozen scripts in ``<head>``. Each rendered page is rewritten here:

- the theme's icons (``<i class="fa-solid fa-bars">``) become inline SVG (the paths below, from
  Font Awesome Free 6, CC BY 4.0), and the icon script is not loaded;
- every script in ``<head>`` is deferred: loaded without stopping the parser and run in page order
  after it. An inline script there (``DOCUMENTATION_OPTIONS.pagename = ...``) depends on a file
  before it, so it becomes a deferred ``data:`` script, which keeps that order;
- the chart library is not loaded with the page at all: charts are inline SVG drawn at build time,
  and ``jobbook-charts.js`` (deferred, on pages with a chart only) loads the library when a reader
  asks for more (a tap or hover for values, the what-if's sliders);
- Sphinx's search scripts and index are loaded on the search page only (the book's search field
  sends its words to the search page; search as you type is off), and there only when a search is
  made: the page's address has a query (``?q=``). Its first view is the search field alone, and the
  index (a seventh of a phone's first-view budget of 150 KB) waits for words to look for;
- one viewport tag (Sphinx, sphinx-book-theme and pydata-sphinx-theme each wrote one).

:func:`page_description` gives the page's meta description; :func:`at_site_root` makes the front
page servable as the site's root ``index.html`` (instead of a redirect to it).
"""

from __future__ import annotations

import json
import posixpath
import re
import urllib.parse

from docutils import nodes

#: Files the theme copies into every site that no page loads any more (the icon set as JavaScript).
UNUSED_STATIC_FILES = ("_static/scripts/fontawesome.js", "_static/scripts/fontawesome.js.LICENSE.txt",
                       "_static/scripts/fontawesome.js.map")

#: The theme's stylesheet, which carries a rule for each of Font Awesome's 2,000 icons (``.fa-fill-drip:before
#: {content:"\\f576"}``): a third of its bytes, for icon elements no page has any more.
THEME_CSS = "_static/styles/pydata-sphinx-theme.css"
ICON_GLYPH_RULE = re.compile(r'(?<=[}\n/])(?:\.fa-[a-z0-9-]+:(?:before|after),)*\.fa-[a-z0-9-]+:(?:before|after)'
                             r'\{content:"(?:[^"\\]|\\.)*"\}')


def without_icon_glyphs(css: str) -> str:
    """The stylesheet without the rules that only give an ``.fa-<name>`` element its glyph (the font
    and the theme's own icons, ``content: var(--pst-icon-...)``, stay)."""
    return ICON_GLYPH_RULE.sub("", css)


#: The icons the theme's templates use: name -> (width, height, SVG path).
ICONS = {
    "angle-left": (320, 512, "M41.4 233.4c-12.5 12.5-12.5 32.8 0 45.3l160 160c12.5 12.5 32.8 12.5 45.3 0s12.5-32.8 "
                   "0-45.3L109.3 256 246.6 118.6c12.5-12.5 12.5-32.8 0-45.3s-32.8-12.5-45.3 0l-160 160z"),
    "angle-right": (320, 512, "M278.6 233.4c12.5 12.5 12.5 32.8 0 45.3l-160 160c-12.5 12.5-32.8 12.5-45.3 "
                    "0s-12.5-32.8 0-45.3L210.7 256 73.4 118.6c-12.5-12.5-12.5-32.8 0-45.3s32.8-12.5 45.3 0l160 160z"),
    "arrow-up": (384, 512, "M214.6 41.4c-12.5-12.5-32.8-12.5-45.3 0l-160 160c-12.5 12.5-12.5 32.8 0 45.3s32.8 12.5 "
                 "45.3 0L160 141.2V448c0 17.7 14.3 32 32 32s32-14.3 32-32V141.2L329.4 246.6c12.5 12.5 32.8 12.5 "
                 "45.3 0s12.5-32.8 0-45.3l-160-160z"),
    "bars": (448, 512, "M0 96C0 78.3 14.3 64 32 64H416c17.7 0 32 14.3 32 32s-14.3 32-32 32H32C14.3 128 0 113.7 0 "
             "96zM0 256c0-17.7 14.3-32 32-32H416c17.7 0 32 14.3 32 32s-14.3 32-32 32H32c-17.7 0-32-14.3-32-32zM448 "
             "416c0 17.7-14.3 32-32 32H32c-17.7 0-32-14.3-32-32s14.3-32 32-32H416c17.7 0 32 14.3 32 32z"),
    "list": (512, 512, "M40 48C26.7 48 16 58.7 16 72v48c0 13.3 10.7 24 24 24H88c13.3 0 24-10.7 24-24V72c0-13.3-10.7"
             "-24-24-24H40zM192 64c-17.7 0-32 14.3-32 32s14.3 32 32 32H480c17.7 0 32-14.3 32-32s-14.3-32-32-32H192zm0 "
             "160c-17.7 0-32 14.3-32 32s14.3 32 32 32H480c17.7 0 32-14.3 32-32s-14.3-32-32-32H192zm0 160c-17.7 0-32 "
             "14.3-32 32s14.3 32 32 32H480c17.7 0 32-14.3 32-32s-14.3-32-32-32H192zM16 232v48c0 13.3 10.7 24 24 24H88c"
             "13.3 0 24-10.7 24-24V232c0-13.3-10.7-24-24-24H40c-13.3 0-24 10.7-24 24zM40 368c-13.3 0-24 10.7-24 "
             "24v48c0 13.3 10.7 24 24 24H88c13.3 0 24-10.7 24-24V392c0-13.3-10.7-24-24-24H40z"),
    "magnifying-glass": (512, 512, "M416 208c0 45.9-14.9 88.3-40 122.7L502.6 457.4c12.5 12.5 12.5 32.8 0 45.3s-32.8 "
                         "12.5-45.3 0L330.7 376c-34.4 25.2-76.8 40-122.7 40C93.1 416 0 322.9 0 208S93.1 0 208 "
                         "0S416 93.1 416 208zM208 352a144 144 0 1 0 0-288 144 144 0 1 0 0 288z"),
}

#: An icon element of the theme: ``<i class="fa-solid fa-magnifying-glass fa-lg" aria-hidden="true"></i>``.
ICON_ELEMENT = re.compile(r'<(i|span) class="fa-solid fa-([a-z-]+)( fa-lg)?"(?: aria-hidden="true")?></\1>')
FONTAWESOME_SCRIPT = re.compile(r'\s*(?:<!-- So that users can add custom icons -->\s*)?'
                                r'<script defer src="[^"]*scripts/fontawesome\.js[^"]*"></script>')
SEARCH_SCRIPTS = re.compile(r'\s*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|'
                            r'searchindex\.js)"></script>')
SEARCH_SCRIPT_FILE = re.compile(r'<script src="([^"]*)"></script>')
#: On the search page, in place of its scripts: they are loaded, in their order, when the address asks for
#: a search (searchtools.js then runs the search and the index, when it arrives, answers it). When
#: searchtools.js has run, the event ``jobbook:searchtools`` lets jobbook.js set its snippets up before
#: the index, loaded after it, gives the first result.
SEARCH_LOADER = ('<script>if(new URLSearchParams(location.search).get("q")){%s.forEach(function(u){'
                 'var s=document.createElement("script");s.src=u;s.async=false;if(/searchtools/.test(u))'
                 's.onload=function(){document.dispatchEvent(new Event("jobbook:searchtools"));};'
                 "document.head.appendChild(s);});}</script>")
VIEWPORT = re.compile(r'\s*<meta name="viewport"[^>]*>')
#: A script in <head> that loads a file and is neither deferred nor async.
BLOCKING_FILE_SCRIPT = re.compile(r'<script (?![^>]*\b(?:defer|async)\b)([^>]*\bsrc=)')
#: A plain inline script (no attributes: not the theme's colour-mode script, which must run before paint).
INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
#: The chart library: loaded by jobbook-charts.js on a reader's request, never by a page's <head>.
CHART_LIBRARY = "vendor/vega-bundle.js"
#: The script that loads the chart library when asked; only pages with a chart have it.
CHART_LOADER = "jobbook-charts.js"


def svg_icon(name: str, large: bool) -> str:
    width, height, path = ICONS[name]
    # As the icon font drew them: 1em high on the text's baseline (fa-lg: 1.25 times larger).
    style = "vertical-align:-.125em" + (";font-size:1.25em" if large else "")
    return (f'<svg class="jobbook-icon" aria-hidden="true" focusable="false" viewBox="0 0 {width} {height}" '
            f'width="{width / height:.3g}em" height="1em" style="{style}"><path fill="currentColor" d="{path}"/></svg>')


def inline_icons(html: str) -> str:
    """The theme's icon elements as inline SVG (an icon not in :data:`ICONS` is left as it is)."""
    def replace(match: re.Match) -> str:
        name = match.group(2)
        return svg_icon(name, bool(match.group(3))) if name in ICONS else match.group(0)

    return ICON_ELEMENT.sub(replace, html)


#: An inline script that only names a value (``let toggleHintShow = 'Klik for at vise';``): it needs no
#: other script, and deferred scripts read it (togglebutton.js), so it runs at once, as before.
NAMES_A_VALUE = re.compile(r"""\s*(?:let|var|const)\s+\w+\s*=\s*(?:'[^'\\]*'|"[^"\\]*"|true|false|[0-9.]+)\s*;?\s*""")


def deferred_head(head: str) -> str:
    """``head`` with every script deferred, in the order they were written (but the inline ones that
    only name a value)."""
    def defer_inline(match: re.Match) -> str:
        code = match.group(1)
        if NAMES_A_VALUE.fullmatch(code):
            return match.group(0)
        return f'<script defer src="data:text/javascript,{urllib.parse.quote(code, safe="")}"></script>'

    head = BLOCKING_FILE_SCRIPT.sub(r"<script defer \1", head)
    return INLINE_SCRIPT.sub(defer_inline, head)


def search_on_query(head: str) -> str:
    """The search page's ``head`` with its search scripts loaded only when its address has a query."""
    files = [SEARCH_SCRIPT_FILE.search(m.group(0))[1] for m in SEARCH_SCRIPTS.finditer(head)]
    if not files:
        return head
    last = list(SEARCH_SCRIPTS.finditer(head))[-1]
    loader = "\n    " + SEARCH_LOADER % json.dumps(files)
    return SEARCH_SCRIPTS.sub("", head[:last.end()]) + loader + head[last.end():]


def lighter_page(html: str, pagename: str) -> str:
    """A rendered page that loads only what it uses and nothing that blocks its first paint."""
    head_end = html.find("</head>")
    if head_end < 0:
        return html  # not a page (a fragment Sphinx renders from a template)
    head, rest = html[:head_end], html[head_end:]
    head = FONTAWESOME_SCRIPT.sub("", head)
    head = search_on_query(head) if pagename == "search" else SEARCH_SCRIPTS.sub("", head)
    head = without_unused_extension_assets(head, rest)
    head = deferred_head(head)
    viewports = list(VIEWPORT.finditer(head))
    if viewports:  # the first one stays
        head = head[:viewports[0].end()] + VIEWPORT.sub("", head[viewports[0].end():])
    return head + inline_icons(rest)


# --- the extensions' files, on the pages that use them -------------------------------------------

def _has_class(pattern: str) -> re.Pattern:
    """An element whose class attribute has a class matching ``pattern``."""
    return re.compile(r'class="(?:[^"]*\s)?(?:' + pattern + r')(?=[\s"])')


#: Highlighted code (``<div class="highlight"><pre>``): every rule of pygments.css is under ``.highlight``,
#: and copybutton.js puts its buttons on ``div.highlight pre`` only (its default selector, which the book
#: keeps); clipboard.min.js is there only for copybutton.js.
HIGHLIGHTED_CODE = _has_class("highlight")
#: togglebutton.js acts on ``togglebuttonSelector`` (``.toggle, .admonition.dropdown``) and on
#: ``details.toggle-details``; its stylesheet styles those and the buttons it adds to them.
TOGGLE_ELEMENTS = re.compile(_has_class("toggle|toggle-details").pattern
                             + r'|class="(?=[^"]*\badmonition\b)[^"]*\bdropdown\b')
#: Every class of sphinx-design (cards, grids, tabs, badges, its dropdowns) starts with ``sd-``, and
#: design-tabs.js acts on ``.sd-tab-label`` only.
DESIGN_ELEMENTS = _has_class(r"sd-[\w-]+")
#: MyST-NB's stylesheet styles notebook cells and their outputs, pasted (glued) values and highlighted
#: code (its ANSI colours are ``.highlight`` rules); its variables in ``:root`` are read by those rules only.
NOTEBOOK_ELEMENTS = re.compile(_has_class(r"cell|cell_input|cell_output|output|pasted-text|pasted-inline|"
                                          r"highlight").pattern)

#: Each extension's files (matched by file name in a ``<link>`` or ``<script>``) and what in a page's body
#: makes them needed; the inline scripts that only name a value for togglebutton.js go with it.
EXTENSION_ASSETS = (
    (r"pygments\.css|copybutton\.css|copybutton\.js|clipboard\.min\.js", HIGHLIGHTED_CODE),
    (r"togglebutton\.css|togglebutton\.js", TOGGLE_ELEMENTS),
    (r"sphinx-design\.min\.css|design-tabs\.js", DESIGN_ELEMENTS),
    (r"mystnb\.[0-9a-f]+\.css", NOTEBOOK_ELEMENTS),
)
TOGGLEBUTTON_SETTINGS = re.compile(r"\s*<script>(?:let|var) (?:toggleHintShow|toggleHintHide|toggleOpenOnPrint|"
                                   r"togglebuttonSelector) = [^<]*</script>")


def _asset_tag(files: str) -> re.Pattern:
    return re.compile(r'\s*<(?:link|script)\b[^>]*\b(?:href|src)="(?:[^"]*/)?(?:' + files
                      + r')(?:\?[^"]*)?"[^>]*>(?:</script>)?')


def without_unused_extension_assets(head: str, body: str) -> str:
    """``head`` without the stylesheets and scripts of an extension that ``body`` (the rest of the page,
    from ``</head>``) gives nothing to do: see :data:`EXTENSION_ASSETS`."""
    for files, needed in EXTENSION_ASSETS:
        if not needed.search(body):
            head = _asset_tag(files).sub("", head)
            if "togglebutton" in files:
                head = TOGGLEBUTTON_SETTINGS.sub("", head)
    return head


# --- meta description -------------------------------------------------------------------------

DESCRIPTION_CHARACTERS = 155


def page_description(doctree, fallback: str) -> str:
    """The first paragraph of the page's text, at most about 155 characters (cut at a word), or
    ``fallback`` for a page without one."""
    if doctree is not None:
        for paragraph in doctree.findall(nodes.paragraph):
            if paragraph.next_node(nodes.Invisible) is not None:
                continue
            text = " ".join(paragraph.astext().split())
            if len(text) >= 40:
                return shortened(text)
    return shortened(fallback)


def shortened(text: str) -> str:
    if len(text) <= DESCRIPTION_CHARACTERS:
        return text
    cut = text[:DESCRIPTION_CHARACTERS].rsplit(" ", 1)[0].rstrip(",.;:–- ")
    return cut + " …"


# --- the front page at the site's root ----------------------------------------------------------

#: A URL in an attribute that the browser resolves against the page's address.
URL_ATTRIBUTE = re.compile(r'\b(href|src|action|data-content_root)="([^"]*)"')
NOT_RELATIVE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|/|#|$)")


def at_site_root(html: str, folder: str) -> str:
    """The page of ``folder`` (``book``) with its relative addresses made relative to the site's root,
    so that the same page can be the root ``index.html``."""
    def rebase(match: re.Match) -> str:
        name, url = match.groups()
        path, suffix = re.match(r"([^?#]*)(.*)", url, re.DOTALL).groups()
        if NOT_RELATIVE.match(url) or not path:
            return match.group(0)
        moved = posixpath.normpath(posixpath.join(folder, path))
        if moved == ".":
            moved = "./"
        elif path.endswith("/"):
            moved += "/"
        return f'{name}="{moved}{suffix}"'

    return URL_ATTRIBUTE.sub(rebase, html)
