"""One writer at a time: imports started together both land, whole; a writer that finds the
project's lock taken waits, naming the holder, or with --no-wait stops at once.

Every command here is a real ``jobbook`` process on a project of its own (settings, data and
``_build/build.lock`` in a temporary folder), as two users or two terminals would run them.
"""

from __future__ import annotations

import csv
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import DATA_DIR, REPO_ROOT, SETTINGS_FILE
from jobbook.data.dataset import validate_data_dir
from jobbook.settings import load_settings

ACCOUNTS = REPO_ROOT / "tests" / "ingest" / "fixtures" / "indsats_og_ydelsesbudget_2027.txt"
#: A process that holds the project's lock as ``jobbook COMMAND`` would, until its standard input closes.
HOLD_THE_LOCK = """
import sys
from pathlib import Path
from jobbook.build.lock import project_lock
with project_lock(Path(sys.argv[1]), holder=sys.argv[2]):
    print("held", flush=True)
    sys.stdin.read()
"""


@pytest.fixture
def project(tmp_path: Path, settings) -> Path:
    """A project of its own: the settings (the source documents where the repository's are) and a data copy."""
    text = SETTINGS_FILE.read_text(encoding="utf-8")
    line = next(li for li in text.splitlines() if li.startswith("sources_dir"))
    (tmp_path / "jobbook.toml").write_text(text.replace(line, f'sources_dir = "{settings.sources_dir}"'),
                                           encoding="utf-8")
    shutil.copytree(DATA_DIR, tmp_path / "data")
    return tmp_path


def start(project: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "jobbook.cli", "--settings", str(project / "jobbook.toml"), *args],
                            cwd=project, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def start_import(project: Path, year: int, *args: str) -> subprocess.Popen:
    return start(project, "import-budget", str(ACCOUNTS), "--year", str(year), *args)


def years_in(data: Path, file: str, column: str = "budget_year") -> dict[str, int]:
    with (data / file).open(encoding="utf-8") as handle:
        counts: dict[str, int] = {}
        for row in csv.DictReader(handle):
            counts[row[column]] = counts.get(row[column], 0) + 1
        return counts


def assert_both_imports_landed(project: Path) -> None:
    data = project / "data"
    accounts = years_in(data, "budget_by_account.csv")
    totals = years_in(data, "budget_totals_stated.csv")
    sources = years_in(data, "sources.csv", "source_id")
    assert (accounts.get("2026"), accounts.get("2027")) == (9, 9), accounts
    assert (totals.get("2026"), totals.get("2027")) == (1, 1), totals
    assert sources.get("budget-2027") == 1, sources  # the document's source, added by the first only
    assert not (data / ".jobbook-staging").exists()
    report = validate_data_dir(data, load_settings(project / "jobbook.toml"))
    assert report.ok, [f.format() for f in report.errors]


def run_two_imports_at_once(project: Path, rounds: int, seed: int) -> None:
    chance = random.Random(seed)
    for number in range(rounds):
        shutil.rmtree(project / "data")
        shutil.copytree(DATA_DIR, project / "data")
        first, second = chance.sample([2026, 2027], 2)
        processes = [start_import(project, first)]
        time.sleep(chance.choice([0.0, 0.0, chance.uniform(0, 0.3)]))  # together, or up to 0.3 s apart
        processes.append(start_import(project, second))
        for process in processes:
            out, err = process.communicate(timeout=300)
            assert process.returncode == 0, f"round {number}: {err}"
            assert "10 row(s) were added" in out, f"round {number}: {out}"
            assert "Traceback" not in err
        assert_both_imports_landed(project)


def test_two_imports_at_once_both_land(project):
    run_two_imports_at_once(project, rounds=2, seed=18)


@pytest.mark.slow  # 10 rounds of two imports: about a minute on a quiet machine, several on a busy one
def test_two_imports_at_once_both_land_in_many_rounds(project):
    run_two_imports_at_once(project, rounds=10, seed=2026)


def hold_the_lock(project: Path, command: str) -> subprocess.Popen:
    holder = subprocess.Popen([sys.executable, "-c", HOLD_THE_LOCK, str(project / "_build"), command],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline() == "held\n"
    return holder


def snapshot(data: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(data.iterdir()) if p.is_file()}


@pytest.mark.parametrize(("holding", "command", "holder_named"), [
    ("build", ["import-budget", str(ACCOUNTS), "--year", "2027"], "build"),
    ("import-budget", ["new-year", "2027"], "`jobbook import-budget`"),
])
def test_a_writer_with_no_wait_stops_at_once_naming_the_holder(project, holding, command, holder_named):
    holder = hold_the_lock(project, holding)
    try:
        before = snapshot(project / "data")
        started = time.monotonic()
        refused = start(project, *command, "--no-wait")
        _, err = refused.communicate(timeout=120)
        assert refused.returncode == 1, err
        assert err.strip() == (f"jobbook {command[0]}: another {holder_named} is running (pid {holder.pid}); "
                               "not waiting (--no-wait)")
        assert time.monotonic() - started < 60  # it did not wait for the holder (which never ends by itself)
        assert snapshot(project / "data") == before
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


def test_an_import_waits_for_the_holder_then_lands(project):
    holder = hold_the_lock(project, "new-year")
    before = snapshot(project / "data")
    waiting = start_import(project, 2027)
    try:
        line = waiting.stderr.readline()
        assert line == f"jobbook import-budget: another `jobbook new-year` is running (pid {holder.pid}), waiting\n"
        time.sleep(0.5)
        assert waiting.poll() is None and snapshot(project / "data") == before  # nothing read or written yet
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    out, err = waiting.communicate(timeout=300)
    assert waiting.returncode == 0, err
    assert "10 row(s) were added" in out
    assert years_in(project / "data", "budget_by_account.csv").get("2027") == 9


def test_a_dry_run_does_not_wait_for_the_lock(project):
    holder = hold_the_lock(project, "build")
    try:
        before = snapshot(project / "data")
        preview = start_import(project, 2027, "--dry-run", "--no-wait")
        out, err = preview.communicate(timeout=300)
        assert preview.returncode == 0, err
        assert "10 row(s) would be added" in out
        assert snapshot(project / "data") == before
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
