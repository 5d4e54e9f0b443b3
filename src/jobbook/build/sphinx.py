"""Jupyter Book's Sphinx build, set up the way ``jupyter_book.sphinx.build_sphinx`` sets it up.

The application is created by :class:`SphinxSession`, which can do that ahead of the build, in
a background thread while the notebooks run: creating it (imports, extensions, the pickled
environment) takes about as long as an incremental build itself. Run as a module,
``python -m jobbook.build.sphinx ROOT OUT [--builder B] [--full]``, it builds in a process of its
own (the PDF's single-page build).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import json
import sys
import threading
from pathlib import Path

PRELOADED = ("sphinx.application", "jupyter_book.sphinx", "myst_nb.sphinx_ext", "sphinx_book_theme",
             "pydata_sphinx_theme", "sphinx_design", "sphinx_external_toc", "sphinx_togglebutton",
             "sphinx_copybutton", "sphinx_comments", "sphinx_thebe", "sphinx.builders.html")


#: CSS selectors the pydata theme's navigation runs on every page. Compiling the first one also
#: compiles soupsieve's own parser (a third of a second), which the first page would otherwise pay.
THEME_SELECTORS = ("li", "li.toctree-l0 > details", "li.toctree-l1 > details", "li.toctree-l2 > details",
                   ".toc-h1", ".toc-h2", "details > a.reference", "details > p.caption")


def warm_selectors() -> None:
    """Compile the theme's CSS selectors, with the parser the theme uses (they are cached per process)."""
    with contextlib.suppress(Exception):  # only a head start: the build compiles whatever is missing
        from bs4 import BeautifulSoup

        soup = BeautifulSoup("<ul><li><details><p class='caption'></p></details></li></ul>", "html.parser")
        for selector in THEME_SELECTORS:
            soup.select(selector)


#: Where a build records the templates it rendered (beside its doctrees), for the next build to warm.
TEMPLATES_USED = "templates-used.json"


def templates_in_use(app) -> list[str]:
    """The names of the templates this application has compiled (rendered, or included by those)."""
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    cache = getattr(environment, "cache", None) or {}
    return sorted({key[1] for key in cache if isinstance(key, tuple) and len(key) == 2})


def warm_templates(app, names: list[str]) -> None:
    """Compile the named templates, which the first page written would otherwise compile.

    Only the templates the previous build rendered (a few dozen of the theme's 170): compiling
    the others would take processor time from the notebooks for nothing.
    """
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is None:
        return
    for name in names:
        with contextlib.suppress(Exception):  # a template that is gone or does not compile alone is left to the build
            environment.get_template(name)


def import_stack() -> None:
    """Import the Sphinx stack and compile the theme's selectors (both are kept per process)."""
    for name in PRELOADED:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    warm_selectors()


def preload() -> threading.Thread:
    """Import the Sphinx stack in a background thread (for a build whose pages do not exist yet)."""
    thread = threading.Thread(target=import_stack, name="preload-sphinx", daemon=True)
    thread.start()
    return thread


class SphinxSession:
    """One Sphinx build of the book: ``start()`` creates the application (optionally in a background
    thread), ``build()`` builds and returns (success, log)."""

    def __init__(self, root: Path, output: Path, builder: str = "html", full: bool = False):
        self.root, self.output, self.builder, self.full = root.resolve(), output.resolve(), builder, full
        self.log = io.StringIO()
        self.app = None
        self.error: BaseException | None = None
        self._stack = contextlib.ExitStack()
        self._thread: threading.Thread | None = None

    def start(self, background: bool = False) -> SphinxSession:
        if background:
            self._thread = threading.Thread(target=self._create, name="sphinx-app", daemon=True)
            self._thread.start()
        else:
            self._create()
        return self

    def _create(self) -> None:
        try:
            from jupyter_book.config import get_final_config
            from jupyter_book.pdf import update_latex_documents
            from sphinx.application import Sphinx
            from sphinx.util.docutils import docutils_namespace, patch_docutils

            config, meta = get_final_config(
                user_yaml=self.root / "_config.yml", sourcedir=self.root, use_external_toc=True,
                cli_config={"external_toc_path": (self.root / "_toc.yml").as_posix(), "latex_individualpages": False})
            self._stack.enter_context(patch_docutils(None))
            self._stack.enter_context(docutils_namespace())
            self.app = Sphinx(srcdir=self.root, confdir=None, outdir=self.output,
                              doctreedir=self.output.parent / ".doctrees", buildername=self.builder,
                              confoverrides=config, status=self.log, warning=self.log, freshenv=self.full,
                              warningiserror=True, keep_going=True, parallel=1)
            self.app.config.latex_documents = update_latex_documents(self.app.config.latex_documents,
                                                                     meta["latex_doc_overrides"])
            if self.builder == "singlehtml":
                self.app.set_html_assets_policy("always")  # as Jupyter Book does for this builder
        except BaseException as exc:  # reported by build(), in the caller's thread
            self.error = exc
            return
        if self._thread is not None:  # created ahead of the build: use the wait to warm the theme too
            warm_templates(self.app, self._read_templates_used())
            warm_selectors()

    @property
    def _templates_used_file(self) -> Path:
        return self.output.parent / TEMPLATES_USED

    def _read_templates_used(self) -> list[str]:
        try:
            names = json.loads(self._templates_used_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        return [n for n in names if isinstance(n, str)] if isinstance(names, list) else []

    def build(self) -> tuple[bool, str]:
        if self._thread is not None:
            self._thread.join()
        try:
            if self.error is None:
                self.app.build(False, [])
                ok = self.app.statuscode == 0
                if ok:
                    with contextlib.suppress(OSError):  # only a head start for the next build
                        self._templates_used_file.write_text(json.dumps(templates_in_use(self.app)),
                                                             encoding="utf-8")
                return ok, self.log.getvalue()
        except Exception as exc:
            self.error = exc
        finally:
            self.close()
        self.log.write(f"{type(self.error).__name__}: {self.error}\n")
        return False, self.log.getvalue()

    def close(self) -> None:
        if self._thread is not None:
            self._thread.join()
        self._stack.close()


def build(root: Path, output: Path, builder: str = "html", full: bool = False) -> tuple[bool, str]:
    """Build ``root`` into ``output`` now, with warnings as errors; returns (success, log)."""
    return SphinxSession(root, output, builder, full).start().build()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("root", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--builder", default="html")
    parser.add_argument("--full", action="store_true", help="read every document again")
    args = parser.parse_args(argv)
    ok, log = build(args.root, args.output, args.builder, args.full)
    if not ok:
        sys.stderr.write(log)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
