"""The build server (jobbook.buildserver): builds on kept kernels give the same book, its output
reaches the caller, and it goes away with the project's _build folder or a change of environment."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest

from conftest import REPO_ROOT, copy_project, replace_once, run_jobbook
from jobbook import buildserver

#: A 2021 account amount in the shipped data, and a changed amount within the rounding tolerance
#: of the stated total (the same row the benchmark changes).
ROW = "2021,budget,5.68.98,Beskæftigelsesordninger,"
SHIPPED, CHANGED = "2538", "2541"


def jobbook(project: Path, *args: str, server: str = "120") -> subprocess.CompletedProcess:
    """``run_jobbook`` with the build server on (idle time ``server`` seconds), which conftest turns off."""
    return run_jobbook(project, *args, timeout=600, env={**os.environ, buildserver.SERVER_ENV: server})


def server_log(project: Path) -> str:
    path = project / "_build" / buildserver.LOG_NAME
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def server_pids(project: Path) -> list[int]:
    """The build server processes serving ``project``."""
    found = subprocess.run(["pgrep", "-f", f"jobbook.buildserver {project}"], capture_output=True, text=True)
    return [int(pid) for pid in found.stdout.split()]


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


@pytest.mark.parametrize(("value", "seconds"), [("", buildserver.DEFAULT_IDLE_SECONDS), ("0", 0.0), ("off", 0.0),
                                                ("30", 30.0), (" 2.5 ", 2.5)])
def test_idle_seconds_from_the_environment(monkeypatch, value, seconds):
    monkeypatch.setenv(buildserver.SERVER_ENV, value)
    assert buildserver.idle_seconds() == seconds


@pytest.mark.parametrize("value", ["soon", "-5"])
def test_a_bad_idle_time_is_refused_with_a_message(tmp_path, value):
    result = jobbook(REPO_ROOT, "build", "--no-progress", server=value)
    assert result.returncode == 2
    assert f"{buildserver.SERVER_ENV}=" in result.stderr and "expected 0 (off)" in result.stderr
    assert "Traceback" not in result.stderr


def test_without_a_server_there_is_nothing_to_wait_for(tmp_path):
    assert buildserver.wait_until_ready(tmp_path, timeout=2) is False


@pytest.fixture(scope="module")
def served_project(tmp_path_factory):
    """A project built once in its own process, which leaves a build server running for it."""
    project = copy_project(tmp_path_factory.mktemp("served"))
    first = jobbook(project, "build", "--no-progress")
    assert first.returncode == 0, first.stdout + first.stderr
    assert buildserver.wait_until_ready(project), server_log(project)
    yield project
    subprocess.run(["rm", "-rf", str(project / "_build")], check=True)  # the server stops on its own
    wait_for(lambda: not server_pids(project), 15)


def test_a_build_with_changes_runs_on_the_server_and_gives_the_same_pages(served_project):
    project = served_project
    data = project / "data" / "budget_by_account.csv"
    replace_once(data, f"{ROW}{SHIPPED},", f"{ROW}{CHANGED},")
    served = jobbook(project, "build", "--no-progress")
    assert served.returncode == 0, served.stdout + served.stderr
    # The child's output reached this caller's streams.
    assert "2 notesbøger kørt, 8 fra cachen" in served.stdout
    assert wait_for(lambda: "'build', '--no-progress'] in " in server_log(project), 10)  # the server ran it
    report = json.loads((project / "_build" / "build-report.json").read_text(encoding="utf-8"))
    assert report["build_server"] is True  # on the kernels it keeps
    pages = {p: p.read_text(encoding="utf-8") for p in (project / "book").rglob("*.ipynb")}

    # The same data built from scratch in this process, with kernels of its own, gives the same notebooks.
    fresh = jobbook(project, "build", "--no-progress", "--force")
    assert fresh.returncode == 0, fresh.stdout + fresh.stderr
    assert "10 notesbøger kørt" in fresh.stdout
    assert json.loads((project / "_build" / "build-report.json").read_text(encoding="utf-8"))["build_server"] is False
    for page, text in pages.items():
        assert page.read_text(encoding="utf-8") == text, f"{page.name} differs from a build without the server"
    replace_once(data, f"{ROW}{CHANGED},", f"{ROW}{SHIPPED},")


def test_errors_from_a_build_on_the_server_reach_the_caller(served_project):
    project = served_project
    data = project / "data" / "budget_by_account.csv"
    replace_once(data, f"{ROW}{SHIPPED},", f"{ROW}25x8,")
    try:
        result = jobbook(project, "build", "--no-progress")
        assert result.returncode == 1
        assert "budget_by_account.csv:" in result.stderr and "the previous site is unchanged" in result.stderr
        assert "Traceback" not in result.stderr
        assert wait_for(lambda: "exit 1" in server_log(project), 10)  # logged once the child has ended
    finally:
        replace_once(data, f"{ROW}25x8,", f"{ROW}{SHIPPED},")


def test_a_client_with_another_environment_builds_itself_and_replaces_the_server(served_project):
    project = served_project
    before = server_pids(project)
    assert len(before) == 1
    lock = project / "requirements.lock"
    lock.write_text(lock.read_text(encoding="utf-8") + "# changed\n", encoding="utf-8")
    replace_once(project / "data" / "budget_by_account.csv", f"{ROW}{SHIPPED},", f"{ROW}{CHANGED},")
    result = jobbook(project, "build", "--no-progress")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "stopped: a client with other code or another environment came" in server_log(project)
    assert wait_for(lambda: server_pids(project) and server_pids(project) != before, 30), server_log(project)
    assert buildserver.wait_until_ready(project), server_log(project)


def test_the_server_stops_when_the_build_folder_is_removed(tmp_path):
    project = copy_project(tmp_path / "book")
    assert jobbook(project, "build", "--no-progress").returncode == 0
    assert buildserver.wait_until_ready(project), server_log(project)
    pids = server_pids(project)
    assert len(pids) == 1
    kernels = subprocess.run(["pgrep", "-P", str(pids[0])], capture_output=True, text=True).stdout.split()
    assert len(kernels) == (os.cpu_count() or 1)  # one kept kernel per core
    subprocess.run(["rm", "-rf", str(project / "_build")], check=True)
    assert wait_for(lambda: not server_pids(project), 15)
    assert all(not Path(f"/proc/{pid}").exists() for pid in kernels)


def test_no_server_and_force_build_here_and_start_none(tmp_path):
    project = copy_project(tmp_path / "book")
    for flag in ("--no-server", "--force"):
        result = jobbook(project, "build", "--no-progress", flag)
        assert result.returncode == 0, result.stdout + result.stderr
    time.sleep(1)
    assert server_pids(project) == []
    assert server_log(project) == ""
