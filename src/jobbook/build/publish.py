"""What the published site was built from, and putting a new site in place of the old.

The build records, beside the site, hashes of what Sphinx read (``_build/.state.json``): the
next build skips Sphinx when the pages are unchanged, builds only the changed pages when the
configuration and the set of pages are the same, and builds everything otherwise.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from jobbook.build.layout import BookLayout
from jobbook.digest import digest, environment_digest, files_digest, package_digest
from jobbook.files import write_atomically
from jobbook.settings import SETTINGS_FILE_NAME

#: Folders of book/ that hold no pages.
NOT_PAGES = {"_static", "_templates", ".ipynb_checkpoints"}


def static_fingerprint(layout: BookLayout) -> str:
    """What every page depends on: configuration, toc, settings (the footer shows [publication]),
    static files, templates, the interface's translations, the package's code (its Sphinx extension
    among it) and the locked environment."""
    files = [layout.root / "_config.yml", layout.root / "_toc.yml", layout.root / SETTINGS_FILE_NAME,
             *layout.book.joinpath("_static").rglob("*"), *layout.book.joinpath("_templates").rglob("*"),
             *layout.book.joinpath("_locales").rglob("*.po")]  # not the .mo Sphinx writes beside them
    return digest(files_digest([f for f in files if f.is_file()], layout.root), package_digest(),
                  environment_digest(layout.root))


def book_documents(layout: BookLayout) -> list[str]:
    """The pages of the book (the files Sphinx reads), relative to the root."""
    return sorted(p.relative_to(layout.root).as_posix() for p in layout.book.rglob("*")
                  if p.suffix in (".md", ".ipynb") and not NOT_PAGES & set(p.parts))


def book_fingerprint(layout: BookLayout, static: str | None = None) -> str:
    """A hash of everything the Sphinx build reads (``static``: the static fingerprint, if known)."""
    pages = [layout.root / d for d in book_documents(layout)]
    return digest(static or static_fingerprint(layout), files_digest(pages, layout.root))


def read_state(layout: BookLayout) -> dict:
    try:
        state = json.loads(layout.state.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def save_state(layout: BookLayout, inputs: str) -> None:
    static = static_fingerprint(layout)
    write_atomically(layout.state, json.dumps({"book": book_fingerprint(layout, static), "static": static,
                                               "documents": book_documents(layout), "inputs": inputs}, indent=2))


def full_build_needed(layout: BookLayout, state: dict, incremental: bool) -> bool:
    """A full Sphinx build for the first build, pages added or removed, or new configuration;
    otherwise only changed pages are built (when incremental builds are on)."""
    staged_env = layout.staging / "_build" / ".doctrees" / "environment.pickle"
    if not incremental or not state or not (layout.site / "index.html").is_file() or not staged_env.is_file():
        return True
    return state.get("static") != static_fingerprint(layout) or state.get("documents") != book_documents(layout)


def remove_stale_pages(layout: BookLayout, pages: Sequence[Path], folders: Sequence[Path] = ()) -> None:
    """Delete executed notebooks in the chapters' folders (those of ``pages`` and ``folders``) that no job
    writes any more (the years that left the data, a chapter whose tables have no rows: Sphinx would
    still find them)."""
    wanted = {page.resolve() for page in pages}
    for folder in {page.parent for page in pages} | set(folders):
        for page in sorted(folder.glob("*.ipynb")):
            if page.resolve() not in wanted:
                page.unlink()


# --- files made from a built book (the PDF) --------------------------------------------------

def stamp_path(extra: Path) -> Path:
    return extra.with_name(extra.name + ".json")


def add_extra(layout: BookLayout, file: Path, details: dict) -> Path:
    """Keep ``file`` (made from the current book) for the site: stamped with the book's fingerprint,
    it is copied into every new site built from the same pages."""
    target = layout.extras / file.name
    layout.extras.mkdir(parents=True, exist_ok=True)
    if file.resolve() != target.resolve():
        shutil.copy2(file, target)
    write_atomically(stamp_path(target), json.dumps({"book": book_fingerprint(layout), **details}, indent=2,
                                                    sort_keys=True))
    return target


def current_extras(layout: BookLayout) -> list[Path]:
    """The extras made from exactly the book in book/ now."""
    if not layout.extras.is_dir():
        return []
    fingerprint = book_fingerprint(layout)
    kept = []
    for stamp in sorted(layout.extras.glob("*.json")):
        extra = stamp.with_name(stamp.name[: -len(".json")])
        try:
            recorded = json.loads(stamp.read_text(encoding="utf-8")).get("book")
        except (OSError, ValueError, AttributeError):
            continue
        if extra.is_file() and recorded == fingerprint:
            kept.append(extra)
    return kept


def swap_in_site(layout: BookLayout, finish: Callable[[Path], None] | None = None) -> None:
    """Publish the staged build: ``_build/html`` becomes a link to a new folder in ``_build/sites``.

    The new site is complete (``finish(site)`` has run on it) before the link is flipped, and the
    flip is one rename, so at no moment is there no site: a build killed at any point leaves the
    old site or the new one. Folders of older sites are removed afterwards (and by the next build,
    if this one is killed first).
    """
    sites = layout.build / "sites"
    sites.mkdir(parents=True, exist_ok=True)
    new = sites / f"{time.time_ns()}-{os.getpid()}"
    try:
        shutil.copytree(layout.staged_site, new)
        for extra in current_extras(layout):
            shutil.copy2(extra, new / extra.name)
        if finish is not None:
            finish(new)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    if layout.site.is_dir() and not layout.site.is_symlink():
        # A site from before sites were linked: moved aside once (the only moment without a site).
        layout.site.replace(sites / f"{new.name}-old")
    link = layout.build / f".html.{os.getpid()}.tmp"
    with contextlib.suppress(FileNotFoundError):
        link.unlink()
    os.symlink(os.path.relpath(new, layout.build), link)
    link.replace(layout.site)
    remove_old_sites(layout)


def remove_old_sites(layout: BookLayout) -> None:
    """Delete every site folder but the published one (and links a killed build left behind)."""
    sites = layout.build / "sites"
    current = layout.site.resolve() if layout.site.is_symlink() else None
    for folder in sites.iterdir() if sites.is_dir() else ():
        if folder.resolve() != current:
            shutil.rmtree(folder, ignore_errors=True)
    for link in layout.build.glob(".html.*.tmp"):
        link.unlink(missing_ok=True)
    for leftover in ("html.new", "html.old"):  # what builds before linked sites left when killed
        shutil.rmtree(layout.build / leftover, ignore_errors=True)
