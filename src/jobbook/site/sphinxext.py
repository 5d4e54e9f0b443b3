"""A small Sphinx extension with the book's fixes to Jupyter Book's HTML output.

- Jupyter Book always loads sphinx-thebe (live code cells on Binder). The book has no live
  code, and sphinx-thebe adds its configuration script twice, which logs the console error
  "Identifier 'THEBE_JS_URL' has already been declared" on every page and names a CDN. Its
  scripts, stylesheet and per-page configuration are removed from every page.
- The single-page build (for the PDF) gets MathJax from a CDN even though the book has no
  formulas; a page without math gets no MathJax.
- Incremental builds re-read a page when its own file changed, but a page that pastes glued
  figures from another page (the front page) would then show stale figures. Such pages are
  marked outdated whenever a page they paste from is. Sphinx finds changed pages by file times;
  the build also names the pages it knows changed by content (``jobbook_changed_documents``), so a
  file time that is off (a build made while the clock was ahead) cannot hide a change.
- The footer of every page names the publisher, the edition date and a contact line from
  [publication] in the settings the book is built with (``jobbook_settings_file``, which the build
  sets to the file it was given; otherwise the jobbook.toml found from the book's folder, or
  ``$JOBBOOK_SETTINGS``); they are put into the page context as
  ``jobbook_publication`` for book/_templates/jobbook-footer.html. html_context is part of the
  configuration Sphinx compares between builds, so a changed value rewrites every page.
- Figures are named after their titles (anchor ``figur-<slug>``, files ``<slug>.csv`` ...; see
  jobbook.present.figures). Each notebook output renders alone, so two figures with the same
  title on one page (or in the single page the PDF is printed from) would share an anchor; the
  later ones get ``-2``, ``-3`` in page order, and no figure takes an id a section has.
- A line of a page that pastes a figure from, or links to, a chapter that is not in this book (a
  chapter whose tables have no rows is left out: ``needs`` in chapters.toml) is left out too, so
  the front page of a new municipality's book lists only what its book has.
- Every page loads only what it uses, and no script blocks its first paint (icons as inline SVG,
  scripts deferred, charts as SVG drawn at build time with the chart library loaded only when a reader
  asks for more, one viewport tag: see
  jobbook.site.page_assets); each has a meta description (its first paragraph); the site's root
  ``index.html`` is the front page itself, not a redirect to it.
- Charts are drawn into the pages as inline SVG when they are written (one process, a cache by spec:
  jobbook.present.chart_svg), so a reader sees them without JavaScript.
- Search keeps numbers as the book prints them: "23,1" and "1.084.640.200" are one word in the
  index and in the query (:class:`DanishNumbersSearch`), so searching a figure finds its page.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from docutils import nodes
from sphinx.search.da import SearchDanish

from jobbook.present.figures import unique_figure_names
from jobbook.present.publication import Publication
from jobbook.present.safe import text
from jobbook.settings import Settings, find_settings_file, load_settings
from jobbook.site.page_assets import (
    CHART_LIBRARY,
    CHART_LOADER,
    THEME_CSS,
    UNUSED_STATIC_FILES,
    at_site_root,
    lighter_page,
    page_description,
    without_icon_glyphs,
)

# {glue:text}`temaer/reform.ipynb::gross:s` -> temaer/reform.ipynb
CROSS_PAGE_GLUE = re.compile(r"\{glue(?::\w+)?\}`([^`:]+\.ipynb)::")
# [Læs om reformen](temaer/reform.ipynb) -> temaer/reform.ipynb
NOTEBOOK_LINK = re.compile(r"\]\(([^()\s:]+\.ipynb)(?:#[^()\s]*)?\)")


def pasted_from(source: str, docname: str) -> set[str]:
    """The documents a page pastes glued values from (names relative to the source folder)."""
    folder = posixpath.dirname(docname)
    return {posixpath.normpath(posixpath.join(folder, path[: -len(".ipynb")]))
            for path in CROSS_PAGE_GLUE.findall(source)}


def linked_notebooks(source: str, docname: str) -> set[str]:
    """The notebook pages a page links to with a Markdown link (``[...](temaer/reform.ipynb)``)."""
    folder = posixpath.dirname(docname)
    return {posixpath.normpath(posixpath.join(folder, path[: -len(".ipynb")]))
            for path in NOTEBOOK_LINK.findall(source)}


def drop_lines_about_missing_chapters(app, docname: str, source: list[str]) -> None:
    """Leave out each line that pastes from or links to a notebook page the book does not have."""
    if ".ipynb" not in source[0]:
        return
    found = app.env.found_docs
    lines = source[0].splitlines(keepends=True)
    kept = [line for line in lines if (pasted_from(line, docname) | linked_notebooks(line, docname)) <= found]
    if len(kept) < len(lines):
        source[0] = "".join(without_empty_sections(kept))


def without_empty_sections(lines: list[str]) -> list[str]:
    """The lines without a heading whose section has nothing left (only blank lines before the next heading
    of the same or a higher level, or the end)."""
    def level(line: str) -> int:
        match = re.match(r"^(#{1,6}) ", line)
        return len(match.group(1)) if match else 0

    kept = []
    for i, line in enumerate(lines):
        if level(line):
            rest = next((other for other in lines[i + 1:] if other.strip()), "")
            if not rest or 0 < level(rest) <= level(line):
                continue
        kept.append(line)
    return kept


def outdated_pasting_pages(app, env, added, changed, removed) -> list[str]:
    """The pages changed by content (as the build says) and the pages that paste from any outdated page."""
    by_content = set(app.config.jobbook_changed_documents) & env.found_docs
    outdated = set(added) | set(changed) | set(removed) | by_content
    extra = sorted(by_content - set(added) - set(changed))
    for docname in sorted(env.found_docs - outdated):
        path = Path(env.doc2path(docname))
        if path.suffix != ".md":
            continue  # notebooks paste only within themselves
        if pasted_from(path.read_text(encoding="utf-8"), docname) & outdated:
            extra.append(docname)
    return extra


def _is_thebe(asset) -> bool:
    text = f"{getattr(asset, 'filename', '') or ''} {getattr(asset, 'attributes', {}).get('body', '')}"
    return "thebe" in text.lower()


def _is_mathjax(asset) -> bool:
    return "mathjax" in str(getattr(asset, "filename", "") or "").lower()


#: Scripts a page needs only when it has a chart (the library itself is never in a page's <head>).
CHART_SCRIPTS = (CHART_LOADER,)


def _is_chart_script(asset) -> bool:
    return str(getattr(asset, "filename", "") or "").endswith(CHART_SCRIPTS)


def remove_unused_assets(app, pagename, templatename, context, doctree) -> None:
    body = context.get("body", "")
    has_math = 'class="math' in body
    has_chart = 'class="jobbook-chart"' in body
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key]
                            if not _is_thebe(asset) and (has_math or not _is_mathjax(asset))
                            and (has_chart or not _is_chart_script(asset))
                            and not str(getattr(asset, "filename", "") or "").endswith(CHART_LIBRARY)]


def draw_charts(app, pagename, templatename, context, doctree) -> None:
    """Each chart of the page drawn into it as inline SVG (jobbook.present.chart_svg), once per spec: the
    drawings are kept (``jobbook_chart_drawings``, which the build sets to ``_build/chart-drawings``;
    otherwise beside the doctrees), so a page written again draws nothing it drew before."""
    body = context.get("body", "")
    if 'class="jobbook-chart-spec"' in body:
        from jobbook.present.chart_svg import with_drawings

        kept = app.config.jobbook_chart_drawings or Path(app.doctreedir) / "jobbook-chart-drawings"
        context["body"] = with_drawings(body, Path(kept))


def add_description(app, pagename, templatename, context, doctree) -> None:
    """A meta description: the page's first paragraph (search engines show it under the title)."""
    from html import escape

    title = re.sub(r"<[^>]+>", "", context.get("title") or "")
    fallback = f"{title} – {context.get('docstitle', '')}".strip(" –")
    text = page_description(doctree, fallback)
    context["metatags"] = (context.get("metatags") or "") + f'\n<meta name="description" content="{escape(text)}" />'


def render_lighter_pages(app) -> None:
    """Every page the HTML builders render goes through :func:`lighter_page`."""
    templates = getattr(app.builder, "templates", None)
    if app.builder.format != "html" or templates is None:
        return
    render = templates.render

    def render_lighter(template: str, context: dict) -> str:
        return lighter_page(render(template, context), context.get("pagename", ""))

    templates.render = render_lighter


def trim_static_files(app, exception) -> None:
    """The theme's icon set as JavaScript (1.4 MB) is not published, and its stylesheet loses the rules
    of the icons: no page uses them."""
    if exception is not None or app.builder.format != "html":
        return
    for name in UNUSED_STATIC_FILES:
        Path(app.outdir, name).unlink(missing_ok=True)
    css = Path(app.outdir, THEME_CSS)
    if css.is_file():
        text = css.read_text(encoding="utf-8")
        trimmed = without_icon_glyphs(text)
        if trimmed != text:
            css.write_text(trimmed, encoding="utf-8")


def cut_stylesheets(app, exception) -> None:
    """The theme's stylesheets cut to the rules that can match something of the site, under new names,
    and every page pointed at them (jobbook.site.used_css). Runs after every page, the root
    ``index.html`` among them, is written."""
    if exception is not None or app.builder.format != "html":
        return
    from sphinx.util import logging

    from jobbook.site.used_css import publish_cut_stylesheets

    for line in publish_cut_stylesheets(Path(app.outdir)):
        logging.getLogger(__name__).info(line)


def front_page_at_root(app, exception) -> None:
    """The site's root ``index.html`` is the front page (Jupyter Book writes a redirect to it: on a slow
    connection a second round trip before anything is shown)."""
    if exception is not None or app.builder.name != "html" or app.config.root_doc == "index":
        return
    outdir = Path(app.outdir)
    front = outdir / f"{app.config.root_doc}.html"
    if front.is_file():
        folder = posixpath.dirname(app.config.root_doc)
        (outdir / "index.html").write_text(at_site_root(front.read_text(encoding="utf-8"), folder),
                                           encoding="utf-8")


def remove_thebe_nodes(app, doctree, docname) -> None:
    for node in list(doctree.findall(nodes.raw)):
        text = node.astext()
        if "x-thebe-config" in text or "kernelName =" in text:
            node.parent.remove(node)


def unique_figure_anchors(app, doctree, docname) -> None:
    """Figures with the same title on one page get ``-2``, ``-3``: anchors and file names unique."""
    taken = set(doctree.ids)
    rewrite_raw_html(doctree, "jobbook-figure", lambda html: unique_figure_names(html, taken))


def figure_cite_addresses(app, doctree, docname) -> None:
    """Each figure's citation with the figure's address (after :func:`unique_figure_anchors`, which is
    connected before it, so the address has the figure's final anchor)."""
    address = page_address(app.config.html_baseurl, docname)
    rewrite_raw_html(doctree, "jobbook-cite-url", lambda html: cite_addresses(html, address))


def rewrite_raw_html(doctree, marker: str, rewrite) -> None:
    """Every raw HTML piece of the page that holds ``marker``, replaced by ``rewrite(html)``, in page
    order (the order matters where the rewrite keeps state, as the unique anchors do)."""
    for node in list(doctree.findall(nodes.raw)):
        if "html" not in node.get("format", "").split() or marker not in node.astext():
            continue
        html = node.astext()
        rewritten = rewrite(html)
        if rewritten != html:
            node.replace(node[0], nodes.Text(rewritten))


def page_address(base_url: str, docname: str) -> str:
    """Where a page is read: the site's address (``html_baseurl``, ``html: baseurl:`` in _config.yml) and
    the page's path, or the path within the site alone when the site's address is not set."""
    path = f"{docname}.html"
    return f"{base_url.rstrip('/')}/{path}" if base_url else path


_FIGURE_CITE = re.compile(r'(<figure class="jobbook-figure" id="(figur-[a-z0-9-]+)".*?<span class="jobbook-cite-url">)'
                          r"[^<]*(</span>)", re.DOTALL)


def cite_addresses(html: str, address: str) -> str:
    """Each figure's "Citér" text with the figure's address: the page's ``address`` and the figure's anchor
    (as it is after :func:`unique_figure_names`), in place of the anchor alone that the figure writes."""
    return _FIGURE_CITE.sub(lambda m: f"{m[1]}{text(address)}#{m[2]}{m[3]}", html)


#: The end of a block in HTML (a cell, an item, a paragraph ...). Whitespace after it changes nothing
#: on the page.
BLOCK_END = re.compile(r"(</(?:td|th|tr|li|p|div|h[1-6]|caption|figcaption|summary|section|ul|ol|dt|dd)>)(?=\S)",
                       re.IGNORECASE)


def space_after_blocks(app, doctree, docname) -> None:
    """A space after each block of raw HTML (the notebooks' tables, lists and figures; the sources
    page). Sphinx's search strips the tags of raw HTML and joins what they held: "1.399" and
    "5.57.73" in adjacent cells became the one word "1.3995.57.73", which no search finds."""
    for node in list(doctree.findall(nodes.raw)):
        if "html" not in node.get("format", "").split():
            continue
        html = node.astext()
        spaced = BLOCK_END.sub(r"\1 ", html)
        if spaced != html:
            node.replace(node[0], nodes.Text(spaced))


#: A number as the book prints it, with thousands dots or a decimal comma: "23,1", "1.084.640.200",
#: and konto codes ("5.57.71"). A dot or comma only joins digits: "i 2021." and "2020, 2021" split.
NUMBER_WORD = r"[0-9]+(?:[.,][0-9]+)+"
#: The same words for the search page's query (language_data.js): the number first, then what Sphinx's
#: own splitQuery keeps (its character class, the JavaScript spelling of Python's ``\w``).
JS_SPLIT_QUERY = (
    '/* jobbook: numbers as printed ("23,1", "1.084.640.200") are one word, as in the index '
    "(jobbook.site.sphinxext). */\n"
    "var splitQuery = function (query) {\n"
    "  return query.match(/" + NUMBER_WORD + r"|[\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu) || [];" + "\n"
    "};\n"
)


class DanishNumbersSearch(SearchDanish):
    """Sphinx's Danish search (stemmer and stop words) with numbers kept whole.

    Sphinx splits text at every character that is not a letter or digit, so "23,1" became the words
    "23" and "1", and its search page drops words of digits only: a figure as printed could not be
    found. Here a number with dots or commas between its digits is one word, in the index (``split``)
    and in the query (``js_splitter_code``, which Sphinx writes into language_data.js).
    """

    _word_re = re.compile(NUMBER_WORD + r"|\w+")
    js_splitter_code = JS_SPLIT_QUERY

    def split(self, input: str) -> list[str]:  # noqa: A002 - Sphinx's name
        return self._word_re.findall(input)


def publication_context(settings: Settings, book_title: str = "") -> dict[str, str]:
    """The footer's values, as the reader sees them (the date in Danish: "1. marts 2026").

    ``citation`` is the suggested citation: publisher, the book's title (``title`` in _config.yml) and
    the edition, each left out when not set; empty when neither publisher nor title is set.
    """
    publication = Publication.from_settings(settings, book_title)
    return {"publisher": settings.publisher, "edition_date": publication.edition_da, "contact": settings.contact,
            "licence": settings.licence, "licence_url": settings.licence_url, "citation": publication.citation()}


def add_publication(app, config) -> None:
    try:
        settings = load_settings(Path(config.jobbook_settings_file) if config.jobbook_settings_file
                                 else find_settings_file(Path(app.srcdir)))
    except FileNotFoundError:
        return  # a Sphinx build outside a jobbook project: the footer template shows nothing
    title = config.html_title or config.project or ""
    config.html_context = {**config.html_context, "jobbook_publication": publication_context(settings, title)}


def setup(app):
    # Set by the build (jobbook.build.sphinx); neither makes Sphinx read or write pages again by itself
    # (a changed footer does, through html_context).
    app.add_config_value("jobbook_settings_file", "", "")
    app.add_config_value("jobbook_changed_documents", [], "")
    app.add_config_value("jobbook_chart_drawings", "", "")
    app.connect("config-inited", add_publication)
    app.connect("html-page-context", remove_unused_assets, priority=900)
    app.connect("html-page-context", add_description)
    app.connect("html-page-context", draw_charts)
    app.connect("builder-inited", render_lighter_pages)
    app.connect("build-finished", front_page_at_root, priority=900)
    app.connect("build-finished", trim_static_files)
    app.connect("build-finished", cut_stylesheets, priority=950)
    app.connect("doctree-resolved", remove_thebe_nodes, priority=900)
    app.connect("env-get-outdated", outdated_pasting_pages)
    app.connect("source-read", drop_lines_about_missing_chapters)
    app.connect("doctree-resolved", unique_figure_anchors)
    app.connect("doctree-resolved", figure_cite_addresses)  # after the anchors are unique
    app.connect("doctree-resolved", space_after_blocks)
    app.add_search_language(DanishNumbersSearch)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
