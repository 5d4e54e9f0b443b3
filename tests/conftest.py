"""Shared fixtures: the repository, its settings and a scratch copy of the shipped data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from jobbook.settings import Settings, load_settings

REPO_ROOT = Path(__file__).resolve().parents[1]
SETTINGS_FILE = REPO_ROOT / "jobbook.toml"
DATA_DIR = REPO_ROOT / "data"


@pytest.fixture(scope="session")
def settings() -> Settings:
    return load_settings(SETTINGS_FILE)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the shipped data directory that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target
