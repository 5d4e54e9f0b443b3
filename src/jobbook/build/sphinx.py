"""Jupyter Book's Sphinx build, set up the way ``jupyter_book.sphinx.build_sphinx`` sets it up.

Notebooks are never executed here (papermill has run them); warnings are errors. Run as a
module, ``python -m jobbook.build.sphinx ROOT OUT [--builder B]``, it builds in a process of its
own (the PDF's single-page build).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import sys
from collections.abc import Sequence
from pathlib import Path


def book_config(root: Path) -> tuple[dict, dict]:
    """The Sphinx configuration Jupyter Book makes of the book's _config.yml and _toc.yml."""
    from jupyter_book.config import get_final_config

    return get_final_config(
        user_yaml=root / "_config.yml", sourcedir=root, use_external_toc=True,
        cli_config={"external_toc_path": (root / "_toc.yml").as_posix(), "latex_individualpages": False})


#: Modules the extensions import only inside their setup(), which the page build runs: the notebook
#: reader (with its execution cache and its database library), the design directives, the table of
#: contents. Importing them ahead moves another 0.3 s out of the page build.
IMPORTED_IN_SETUP = ("myst_nb.sphinx_ext", "myst_nb.core.execute", "sphinx_design.extension",
                     "sphinx_external_toc.events")


def import_sphinx(root: Path) -> None:
    """Import what the page build will need: Sphinx, its HTML builder, every extension the book's
    configuration names and what they import when they are set up. Run in a thread while the
    notebooks run, it takes about a second of processor time the notebook workers leave free. A
    configuration that cannot be read is left for the page build to report."""
    try:
        config, _ = book_config(root.resolve())
    except Exception:  # noqa: BLE001 - the page build reports it, with the book's context
        return
    for name in ("sphinx.application", "sphinx.builders.html", "sphinx.search.da", *config.get("extensions", []),
                 *IMPORTED_IN_SETUP):
        with contextlib.suppress(ImportError):
            importlib.import_module(name)


def build_sphinx(root: Path, output: Path, builder: str = "html", full: bool = False, changed: Sequence[str] = (),
                 settings_file: Path | None = None) -> tuple[bool, str]:
    """Build the book at ``root`` into ``output``; returns (success, log).

    ``full`` reads every page again; otherwise Sphinx re-reads the pages ``changed`` (paths relative
    to ``root``, changed by content since the last build into ``output``), those it finds changed
    itself, and the pages that paste figures from them (see jobbook.site.sphinxext).
    ``settings_file``: the settings the book is built with (every page's footer comes from them;
    by default the ``jobbook.toml`` the extension finds from ``root``).
    """
    from jupyter_book.pdf import update_latex_documents
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    root, output = root.resolve(), output.resolve()
    log = io.StringIO()
    try:
        config, meta = book_config(root)
        config["jobbook_changed_documents"] = sorted(str(Path(page).with_suffix("").as_posix()) for page in changed)
        # The charts' drawings, kept across builds (a full build empties the staging folder; the PDF's build
        # draws the same charts): see jobbook.present.chart_svg.
        config["jobbook_chart_drawings"] = str(root / "_build" / "chart-drawings")
        if settings_file is not None:
            config["jobbook_settings_file"] = str(Path(settings_file).resolve())
        with patch_docutils(None), docutils_namespace():
            app = Sphinx(srcdir=root, confdir=None, outdir=output, doctreedir=output.parent / ".doctrees",
                         buildername=builder, confoverrides=config, status=log, warning=log, freshenv=full,
                         warningiserror=True, keep_going=True, parallel=1)
            app.config.latex_documents = update_latex_documents(app.config.latex_documents,
                                                                meta["latex_doc_overrides"])
            if builder == "singlehtml":
                app.set_html_assets_policy("always")  # as Jupyter Book does for this builder
            app.build(False, [])
            return app.statuscode == 0, log.getvalue()
    except Exception as exc:  # Sphinx's own errors (a broken page, an extension) end the build with its log
        log.write(f"{type(exc).__name__}: {exc}\n")
        return False, log.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("root", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--builder", default="html")
    parser.add_argument("--settings", type=Path, help="the settings file the book is built with")
    args = parser.parse_args(argv)
    ok, log = build_sphinx(args.root, args.output, args.builder, full=True, settings_file=args.settings)
    if not ok:
        sys.stderr.write(log)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
