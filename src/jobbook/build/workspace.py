"""A copy of the book's sources in another folder (for tests and the benchmark).

Only what a build reads is copied: configuration, data, templates and the book's own pages;
never build output. The copy's settings point at the same source documents.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from jobbook.settings import SETTINGS_FILE_NAME, load_settings

SOURCE_FILES = ("_config.yml", "_toc.yml", "chapters.toml", "requirements.lock")
SOURCE_DIRS = ("data", "notebooks")
GENERATED = ("budgetaar", "temaer", "generated", "vendor")


def copy_project(root: Path, dest: Path) -> Path:
    """Copy the project at ``root`` to ``dest``; the copy's settings keep the sources directory."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in SOURCE_FILES:
        if (root / name).is_file():
            shutil.copy2(root / name, dest / name)
    for name in SOURCE_DIRS:
        shutil.copytree(root / name, dest / name)
    shutil.copytree(root / "book", dest / "book", ignore=shutil.ignore_patterns(*GENERATED))
    settings_text = (root / SETTINGS_FILE_NAME).read_text(encoding="utf-8")
    sources = load_settings(root / SETTINGS_FILE_NAME).sources_dir
    lines = [f'sources_dir = "{sources}"' if line.strip().startswith("sources_dir") else line
             for line in settings_text.splitlines()]
    (dest / SETTINGS_FILE_NAME).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dest
