"""A cell over ``[build] cell_timeout_s`` fails the build, with warm kernels as with cold ones.

The build names the template, the year and the cell, leaves the previous site as it was, and no
worker or kernel outlives it.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

pytestmark = pytest.mark.slow

SLEEPING_CELL = "import time; time.sleep(120)  # sover længere end grænsen"


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


#: The cell limit for each kind of kernel: a new kernel's first cells import pandas and Altair and
#: check the data (a few seconds on a busy machine), which a warm kernel has done ahead.
LIMIT_S = {"warm": 3, "cold": 12}


@pytest.fixture
def sleepy_project(built_book, tmp_path, kernels) -> Path:
    """The built book, copied, with a cell limit of a few seconds and a budget-year template that
    sleeps 120 s."""
    project = tmp_path / "project"
    shutil.copytree(built_book, project, symlinks=True)
    settings = project / "jobbook.toml"
    text = settings.read_text(encoding="utf-8")
    limit = re.search(r"^cell_timeout_s = \d+", text, flags=re.MULTILINE)
    assert limit, "the settings have no [build] cell_timeout_s"
    settings.write_text(text.replace(limit.group(0), f"cell_timeout_s = {LIMIT_S[kernels]}"), encoding="utf-8")
    template = project / "notebooks" / "budgetaar.ipynb"
    nb = json.loads(template.read_text(encoding="utf-8"))
    nb["cells"].insert(3, {"cell_type": "code", "execution_count": None, "id": "sleepy", "metadata": {},
                           "outputs": [], "source": [SLEEPING_CELL]})
    template.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return project


def survivors(processes, wait_s: float = 5.0) -> list[str]:
    """The command lines of ``processes`` still running after at most ``wait_s``."""
    deadline = time.monotonic() + wait_s
    while True:
        alive = []
        for process in processes:
            with contextlib.suppress(psutil.Error):
                if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                    alive.append(" ".join(process.cmdline())[:120])
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.1)


@pytest.fixture(params=["warm", "cold"])
def kernels(request) -> str:
    return request.param


def test_a_cell_over_its_limit_fails_the_build_naming_it(sleepy_project, kernels):
    site = sleepy_project / "_build" / "html"
    before = tree(site)
    flags = [] if kernels == "warm" else ["--without", "warm-kernels"]
    started = time.monotonic()
    build = subprocess.Popen([sys.executable, "-m", "jobbook.cli", "--settings", str(sleepy_project / "jobbook.toml"),
                              "build", "--no-progress", *flags], cwd=sleepy_project, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    seen: dict[int, psutil.Process] = {}  # the processes themselves: is_running() is false for a reused pid
    while build.poll() is None and time.monotonic() - started < 115:
        with contextlib.suppress(psutil.Error):
            seen.update((p.pid, p) for p in psutil.Process(build.pid).children(recursive=True))
        time.sleep(0.05)
    if build.poll() is None:
        build.kill()
        pytest.fail("the build was still running after 115 s: the cell limit was not enforced")
    _, err = build.communicate()
    seconds = time.monotonic() - started
    assert build.returncode == 1, err
    # each of the six budget years meets the sleeping cell, two at a time
    assert seconds < (60 if kernels == "warm" else 100), f"the build took {seconds:.0f} s"
    assert "Traceback" not in err, err
    assert "notebook(s) failed; the previous site is unchanged" in err
    # template, year and cell (its number in the template and its first line)
    assert (f"budgetaar 2021 (template budgetaar.ipynb): cell 4 (`{SLEEPING_CELL}`) ran longer than "
            f"{LIMIT_S[kernels]} s, the limit ([build] cell_timeout_s in the settings), and was stopped") in err, err
    assert seen, "the build started no process"
    assert survivors(seen.values()) == [], "processes of the build outlived it"
    assert tree(site) == before
