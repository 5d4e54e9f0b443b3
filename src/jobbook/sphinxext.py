"""A small Sphinx extension with the book's fixes to Jupyter Book's HTML output.

Jupyter Book always loads sphinx-thebe (live code cells on Binder). The book has no live
code, and sphinx-thebe adds its configuration script twice, which logs the console error
"Identifier 'THEBE_JS_URL' has already been declared" on every page and names a CDN. So its
scripts, stylesheet and per-page configuration are removed from every page.
"""

from __future__ import annotations

from docutils import nodes


def _is_thebe(asset) -> bool:
    text = f"{getattr(asset, 'filename', '') or ''} {getattr(asset, 'attributes', {}).get('body', '')}"
    return "thebe" in text.lower()


def remove_thebe_assets(app, pagename, templatename, context, doctree) -> None:
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if not _is_thebe(asset)]


def remove_thebe_nodes(app, doctree, docname) -> None:
    for node in list(doctree.findall(nodes.raw)):
        text = node.astext()
        if "x-thebe-config" in text or "kernelName =" in text:
            node.parent.remove(node)


def setup(app):
    app.connect("html-page-context", remove_thebe_assets, priority=900)
    app.connect("doctree-resolved", remove_thebe_nodes, priority=900)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
