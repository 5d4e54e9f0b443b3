"""What the published site was built from, and putting a new site in place of the old.

Every published site has its record (``_build/site-records/<site>.json``), written before
the link ``_build/html`` is flipped to the site, so the site and its record are published in
the same instant: the digests of the data and everything else the book was made from
(``inputs``), of the pages Sphinx read (``book``) and of every file of the site (``files``).
The next build compares these digests of content, never file times, with what is there now:
it renews only the report when nothing changed, and builds the site again when a file of the
published site is missing or altered.

The staged Sphinx build keeps a record of its own (``_build/.staging/pages.json``): the digest
of each page it was built from. The next incremental build tells Sphinx which pages changed by
content, since Sphinx itself goes by file times (a build made while the clock was ahead would
otherwise hide every later change).
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from jobbook.build.layout import BookLayout
from jobbook.digest import digest, environment_digest, files_digest, package_digest
from jobbook.files import write_atomically

#: Folders of book/ that hold no pages.
NOT_PAGES = {"_static", "_templates", ".ipynb_checkpoints"}


def static_fingerprint(layout: BookLayout) -> str:
    """What every page depends on: configuration, toc, the settings the book is built with (the
    footer shows their [publication]), static files, templates, the interface's translations, the
    package's code (its Sphinx extension among it) and the locked environment."""
    files = [layout.root / "_config.yml", layout.root / "_toc.yml",
             *layout.book.joinpath("_static").rglob("*"), *layout.book.joinpath("_templates").rglob("*"),
             *layout.book.joinpath("_locales").rglob("*.po")]  # not the .mo Sphinx writes beside them
    return digest(files_digest([f for f in files if f.is_file()], layout.root), layout.settings,
                  package_digest(), environment_digest(layout.root))


def book_documents(layout: BookLayout) -> list[str]:
    """The pages of the book (the files Sphinx reads), relative to the root."""
    return sorted(p.relative_to(layout.root).as_posix() for p in layout.book.rglob("*")
                  if p.suffix in (".md", ".ipynb") and not NOT_PAGES & set(p.parts))


def book_fingerprint(layout: BookLayout, static: str | None = None) -> str:
    """A hash of everything the Sphinx build reads (``static``: the static fingerprint, if known)."""
    pages = [layout.root / d for d in book_documents(layout)]
    return digest(static or static_fingerprint(layout), files_digest(pages, layout.root))


def page_digests(layout: BookLayout) -> dict[str, str]:
    """Each page of the book (relative to the root) with the digest of its content."""
    return {name: digest(layout.root / name) for name in book_documents(layout)}


# --- the published site and its record ---------------------------------------------------------

def published_folder(layout: BookLayout) -> Path | None:
    """The folder of ``_build/sites`` that ``_build/html`` links to, or None (no site, or one from
    before sites were linked)."""
    if not layout.site.is_symlink():
        return None
    folder = layout.site.resolve()
    return folder if folder.is_dir() and folder.parent == (layout.build / "sites").resolve() else None


def record_path(site_folder: Path) -> Path:
    """The record of a site folder: ``_build/site-records/<its name>.json`` (outside ``_build/sites``,
    which holds sites only)."""
    return site_folder.parent.parent / "site-records" / f"{site_folder.name}.json"


def read_state(layout: BookLayout) -> dict:
    """The record of the published site ({} when there is none, or it cannot be read)."""
    folder = published_folder(layout)
    if folder is None:
        return {}
    try:
        state = json.loads(record_path(folder).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def site_files(folder: Path) -> dict[str, str]:
    """Every file of a site folder (relative path) with the sha256 of its content."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def site_damage(layout: BookLayout, state: dict) -> str | None:
    """What differs between the published site and its record, in a few words (None: it is whole).

    Files added since (the PDF ``jobbook pdf`` puts on the site) are not damage."""
    folder = published_folder(layout)
    files = state.get("files")
    if folder is None or not isinstance(files, dict) or not files:
        return "it has no record of its files"
    problems = []
    for name, sha in files.items():
        path = folder / name
        if not path.is_file():
            problems.append(f"{name} is missing")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != sha:
            problems.append(f"{name} was altered")
    if not problems:
        return None
    more = f" and {len(problems) - 1} more file(s)" if len(problems) > 1 else ""
    return problems[0] + more


#: Files of the site a web server sends compressed (what is text; images and fonts are compressed already).
TEXT_SUFFIXES = {".html", ".css", ".js", ".json", ".svg", ".txt", ".csv", ".xml", ".map"}


def write_precompressed(folder: Path, names: Sequence[str] | None = None) -> list[str]:
    """Write ``<file>.gz`` beside each text file of a site folder (or of ``names``, relative paths),
    as a web server would send it; returns the relative paths written.

    Compressed once, at the highest level, when a site is put in place: `jobbook serve` (and any host
    that serves precompressed files) sends them as they are. No time or name goes into the files
    (``mtime=0``), so two builds from the same inputs stay byte-identical."""
    paths = ([folder / name for name in names] if names is not None
             else sorted(p for p in folder.rglob("*") if p.is_file()))
    written = []
    for path in paths:
        if path.suffix in TEXT_SUFFIXES and path.is_file():
            compressed = path.with_name(path.name + ".gz")
            compressed.write_bytes(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))
            written.append(compressed.relative_to(folder).as_posix())
    return written


#: Where a site holds the data files it was built from (linked from the data dictionary).
SITE_DATA = "data"


def publish_data_files(site: Path, snapshot: Path) -> tuple[list[str], list[str]]:
    """Copy the tables the build read (``snapshot``: its copy of data/, jobbook.build.snapshot) into the
    site's ``data/``, so a reader downloads exactly the data this edition was built from, and the site's
    record lists them with the pages. Returns the relative paths written and removed (a file the data
    no longer has); a file already equal is left as it is."""
    target = site / SITE_DATA
    target.mkdir(exist_ok=True)
    wanted = {path.name: path.read_bytes() for path in sorted(snapshot.glob("*.csv")) if path.is_file()}
    written, removed = [], []
    for name, content in wanted.items():
        path = target / name
        if not path.is_file() or path.read_bytes() != content:
            path.write_bytes(content)
            written.append(f"{SITE_DATA}/{name}")
    for path in sorted(target.iterdir()):
        if path.name not in wanted and path.name.removesuffix(".gz") not in wanted:
            path.unlink()
            removed.append(f"{SITE_DATA}/{path.name}")
    return written, removed


def renew_record(layout: BookLayout, state: dict, changed: Sequence[str] = (), removed: Sequence[str] = ()) -> None:
    """Write the published site's record again after files ``changed`` (relative paths) were rewritten
    in place (the build report, a data file) and files ``removed`` deleted, with ``state``'s digests of
    what it was built from; the compressed copies of the changed files are written again first."""
    folder = published_folder(layout)
    if folder is None:
        return
    files = {name: sha for name, sha in (state.get("files") or {}).items() if name not in removed}
    for name in [*changed, *write_precompressed(folder, changed)]:
        files[name] = hashlib.sha256((folder / name).read_bytes()).hexdigest()
    write_atomically(record_path(folder), json.dumps({**state, "files": files}, indent=2, sort_keys=True))


# --- the staged Sphinx build's record --------------------------------------------------------------

def staged_changes(layout: BookLayout, incremental: bool) -> list[str] | None:
    """The pages (relative to the root) whose content differs from what the staged build was made
    from; None when everything must be built (the first build, incremental builds off, pages added or
    removed, new configuration, or no record of a successful staged build)."""
    staged_env = layout.staging / "_build" / ".doctrees" / "environment.pickle"
    if not incremental or not staged_env.is_file():
        return None
    try:
        record = json.loads(layout.staged_pages.read_text(encoding="utf-8"))
        static, pages = record["static"], record["pages"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    now = page_digests(layout)
    if not isinstance(pages, dict) or static != static_fingerprint(layout) or set(pages) != set(now):
        return None
    return sorted(name for name, sha in now.items() if pages[name] != sha)


def forget_staged_pages(layout: BookLayout) -> None:
    """Before Sphinx writes into the staging folder: until it has succeeded, nothing is known of it."""
    layout.staged_pages.unlink(missing_ok=True)


def remember_staged_pages(layout: BookLayout, static: str, pages: dict[str, str]) -> None:
    write_atomically(layout.staged_pages, json.dumps({"static": static, "pages": pages}, indent=2, sort_keys=True))


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


def swap_in_site(layout: BookLayout, state: dict, finish: Callable[[Path], None] | None = None) -> None:
    """Publish the staged build: ``_build/html`` becomes a link to a new folder in ``_build/sites``.

    The new site is complete (``finish(site)`` has run on it, and its text files have their ``.gz``
    copies) and its record (``state`` with the
    digests of its files) is written beside it before the link is flipped, and the flip is one
    rename, so at no moment is there no site, nor a site with another site's record: a build killed
    at any point leaves the old site or the new one. Folders of older sites are removed afterwards
    (and by the next build, if this one is killed first).
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
        write_precompressed(new)
        write_atomically(record_path(new), json.dumps({**state, "files": site_files(new)}, indent=2, sort_keys=True))
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        record_path(new).unlink(missing_ok=True)
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
    """Delete every site folder but the published one and its record (and links a killed build left
    behind)."""
    sites = layout.build / "sites"
    current = layout.site.resolve() if layout.site.is_symlink() else None
    for folder in sites.iterdir() if sites.is_dir() else ():
        if folder.resolve() != current:
            shutil.rmtree(folder, ignore_errors=True)
    records = layout.build / "site-records"
    for record in records.iterdir() if records.is_dir() else ():
        if current is None or record.name != record_path(current).name:
            record.unlink(missing_ok=True)
    for link in layout.build.glob(".html.*.tmp"):
        link.unlink(missing_ok=True)
    for leftover in ("html.new", "html.old"):  # what builds before linked sites left when killed
        shutil.rmtree(layout.build / leftover, ignore_errors=True)
    (layout.build / ".state.json").unlink(missing_ok=True)  # the record before sites had their own
