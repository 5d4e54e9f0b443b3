"""A copy of the book's sources in another folder (for tests and the benchmark).

Only what a build reads is copied: configuration, data, templates and the book's own pages;
never build output. The copy's settings point at the same source documents.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from jobbook.settings import SETTINGS_FILE_NAME, load_settings

SOURCE_FILES = ("_config.yml", "_toc.yml", "chapters.toml", "requirements.lock")
#: What a build writes into book/ (git-ignored): never copied, so a copy is what a fresh clone holds.
GENERATED = ("budgetaar", "temaer", "generated", "vendor", "jobbook-colours.css", "*.mo", ".ipynb_checkpoints")


def project_root() -> Path | None:
    """The project this package belongs to (its templates), when the package runs from a checkout."""
    root = Path(__file__).resolve().parents[3]
    return root if (root / "chapters.toml").is_file() and (root / "notebooks").is_dir() else None


def copy_templates(root: Path, dest: Path) -> None:
    """The book's templates, configuration and own pages of the project at ``root``, copied to ``dest``
    (``jobbook init`` gives a new municipality's book its own copy, built beside its settings)."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in SOURCE_FILES:
        if (root / name).is_file():
            shutil.copy2(root / name, dest / name)
    shutil.copytree(root / "notebooks", dest / "notebooks", ignore=shutil.ignore_patterns(".*"))
    shutil.copytree(root / "book", dest / "book", ignore=shutil.ignore_patterns(*GENERATED))


def copy_project(root: Path, dest: Path) -> Path:
    """Copy the project at ``root`` to ``dest``; the copy's settings keep the sources directory."""
    copy_templates(root, dest)
    shutil.copytree(root / "data", dest / "data")
    settings_text = (root / SETTINGS_FILE_NAME).read_text(encoding="utf-8")
    sources = load_settings(root / SETTINGS_FILE_NAME).sources_dir
    lines = [f'sources_dir = "{sources}"' if line.strip().startswith("sources_dir") else line
             for line in settings_text.splitlines()]
    (dest / SETTINGS_FILE_NAME).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dest
