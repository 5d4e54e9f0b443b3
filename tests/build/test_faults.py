"""Faults during a build: a second build, a kill at any moment, a full disk, a read-only folder.

In every case there is a site afterwards (the old or the new one, complete), no process of the
build is left, nothing half-written is in the site or in data/, and the command says what
happened in one line, without a traceback.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from conftest import run_jobbook

pytestmark = pytest.mark.slow


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def project(built_book, tmp_path) -> Path:
    target = tmp_path / "project"
    shutil.copytree(built_book, target, symlinks=True)
    return target


def start_build(project: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "jobbook.cli", "--settings", str(project / "jobbook.toml"), "build",
                             "--no-progress", *args], cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def no_traceback(stderr: str) -> None:
    assert "Traceback" not in stderr, stderr


def test_two_builds_at_once_run_one_after_the_other(project):
    first = start_build(project, "--force")
    time.sleep(0.3)
    second = start_build(project)
    out_first, err_first = first.communicate(timeout=600)
    out_second, err_second = second.communicate(timeout=600)
    assert first.returncode == 0, err_first
    assert second.returncode == 0, err_second
    assert f"another build is running (pid {first.pid}), waiting" in out_second
    no_traceback(err_first + err_second)
    assert (project / "_build" / "html" / "index.html").is_file()
    assert len(list((project / "_build" / "sites").iterdir())) == 1


def test_a_second_build_can_refuse_to_wait(project):
    first = start_build(project, "--force")
    time.sleep(0.3)
    refused = run_jobbook(project, "build", "--no-progress", "--no-wait")
    first.communicate(timeout=600)
    assert refused.returncode == 1
    assert f"jobbook build: another build is running (pid {first.pid}); not waiting (--no-wait)" in refused.stderr
    no_traceback(refused.stderr)


def watch_and_kill(build: subprocess.Popen, moment, timeout: float = 300) -> set[int]:
    """Kill the build with SIGKILL once ``moment()`` is true; the pids of every process it started."""
    seen: set[int] = set()
    parent = psutil.Process(build.pid)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(psutil.Error):
            seen.update(p.pid for p in parent.children(recursive=True))
        if moment():
            break
        assert build.poll() is None, "the build ended before the moment to kill it came"
        time.sleep(0.005)
    else:
        pytest.fail("the moment to kill the build never came")
    with contextlib.suppress(psutil.Error):
        seen.update(p.pid for p in parent.children(recursive=True))
    build.send_signal(signal.SIGKILL)
    build.wait()
    return seen


def survivors(pids: set[int], wait: float = 5.0) -> list[str]:
    deadline = time.monotonic() + wait
    while True:
        alive = []
        for pid in pids:
            with contextlib.suppress(psutil.NoSuchProcess):
                process = psutil.Process(pid)
                if process.status() != psutil.STATUS_ZOMBIE:
                    alive.append(" ".join(process.cmdline())[:120])
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.1)


def kernels_running(build: subprocess.Popen) -> bool:
    with contextlib.suppress(psutil.Error):
        return any("ipykernel" in " ".join(p.cmdline()) for p in psutil.Process(build.pid).children(recursive=True))
    return False


@pytest.mark.parametrize("moment", ["notebooks", "pages", "swap"])
def test_a_build_killed_at_any_moment_leaves_a_site_and_no_process(project, moment):
    site = project / "_build" / "html"
    before = tree(site)
    if moment == "swap":
        # A large static file makes copying the new site take a while, so the kill lands in it.
        (project / "book" / "_static" / "ballast.bin").write_bytes(os.urandom(150 * 1024 * 1024))
    started_at = time.time()
    build = start_build(project, "--force")
    sites = project / "_build" / "sites"
    doctrees = project / "_build" / ".staging" / "_build" / ".doctrees"

    def sphinx_is_reading() -> bool:  # --force builds the pages afresh: the doctrees folder is new
        with contextlib.suppress(OSError):
            return doctrees.stat().st_mtime > started_at
        return False

    moments = {
        "notebooks": lambda: kernels_running(build),
        "pages": sphinx_is_reading,
        "swap": lambda: len(list(sites.iterdir())) > 1,
    }
    started = watch_and_kill(build, moments[moment])
    assert started, "the build had started no process"  # its notebook workers, at least
    assert survivors(started) == []
    after = tree(site)
    assert after == before or moment == "swap" and "ballast.bin" in after  # the old site, or the new one whole
    cache = project / "_build" / ".cache" / "notebooks"
    cached = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} if cache.is_dir() else {}
    time.sleep(1)
    assert ({p.name: p.stat().st_mtime_ns for p in cache.iterdir()} if cache.is_dir() else {}) == cached
    rebuilt = run_jobbook(project, "build", "--no-progress")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert len(list(sites.iterdir())) == 1  # what the killed build left is cleared away


def test_sigterm_stops_a_build_cleanly(project):
    site = project / "_build" / "html"
    before = tree(site)
    build = start_build(project, "--force")
    deadline = time.monotonic() + 120
    seen: set[int] = set()
    while not kernels_running(build) and time.monotonic() < deadline:
        time.sleep(0.01)
    with contextlib.suppress(psutil.Error):
        seen.update(p.pid for p in psutil.Process(build.pid).children(recursive=True))
    build.send_signal(signal.SIGTERM)
    _, err = build.communicate(timeout=60)
    assert build.returncode == 143
    assert "jobbook build: stopped (SIGTERM); the previous site is unchanged" in err
    no_traceback(err)
    assert survivors(seen) == []
    assert tree(site) == before


root_only = pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small tmpfs needs root")


@contextlib.contextmanager
def tmpfs(path: Path, size: str):
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def fill(folder: Path, leave_bytes: int) -> None:
    """Fill the file system of ``folder`` up to ``leave_bytes`` free (one more filler file each time)."""
    free = shutil.disk_usage(folder).free - leave_bytes
    with contextlib.suppress(OSError), (folder / f"filler-{time.monotonic_ns()}.bin").open("wb") as handle:
        handle.write(b"\0" * max(0, free))


@root_only
def test_a_full_disk_is_one_line_and_leaves_the_site_and_the_data(built_book, tmp_path):
    with tmpfs(tmp_path / "small", "120m") as disk:
        project = disk / "project"
        shutil.copytree(built_book, project, symlinks=True)
        site, data = project / "_build" / "html", project / "data"
        before_site, before_data = tree(site), tree(data)
        fill(disk, 256 * 1024)
        result = run_jobbook(project, "build", "--no-progress", "--force")
        assert result.returncode == 1
        no_traceback(result.stderr)
        assert "No space left on device" in result.stderr and len(result.stderr.strip().splitlines()) == 1
        assert tree(site) == before_site
        fill(disk, 0)  # the failed build cleared its scratch files away: fill the disk again
        result = run_jobbook(project, "new-year", "2027")
        assert result.returncode == 1 and "No space left on device" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        no_traceback(result.stderr)
        assert tree(data) == before_data  # nothing half-written, no staging folder left
        for filler in disk.glob("filler-*.bin"):
            filler.unlink()
        rebuilt = run_jobbook(project, "build", "--no-progress")
        assert rebuilt.returncode == 0, rebuilt.stderr
        assert not [p for p in site.rglob("*") if p.name.endswith(".tmp")]


@root_only
def test_a_read_only_data_folder_is_one_line_and_changes_nothing(project, tmp_path):
    with tmpfs(tmp_path / "ro", "16m") as disk:
        shutil.copytree(project / "data", disk / "data")
        before = tree(disk / "data")
        assert subprocess.run(["mount", "-o", "remount,ro", str(disk)]).returncode == 0
        result = run_jobbook(project, "new-year", "2027", "--data", str(disk / "data"))
        assert result.returncode == 1
        assert "Read-only file system" in result.stderr
        no_traceback(result.stderr)
        assert tree(disk / "data") == before
