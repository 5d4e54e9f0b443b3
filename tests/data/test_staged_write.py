"""A data folder is data: the record of an interrupted write is finished only when the tool itself
could have staged it; a planted one is refused with one message naming the folder, and nothing
is written, moved or deleted (in the folder or anywhere else)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO_ROOT, SETTINGS_FILE
from jobbook.cli import main
from jobbook.data.dataset import validate_data_dir
from jobbook.files import StagedWrite, StagingRefused, recover

ORIGINAL = b"ORIGINAL: a file outside the data folder\n"
PLANTED = b"planted = True\n"


def cli(*args: str) -> int:
    """The command line in this process (the same main(); faster than a process for many cases)."""
    return main(["--settings", str(SETTINGS_FILE), *args])


def jobbook(*args: str) -> subprocess.CompletedProcess:
    """The real command line in its own process, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "jobbook.cli", "--settings", str(SETTINGS_FILE), *args],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)


def everything_under(root: Path) -> dict[str, object]:
    """Every path below ``root`` with what it is: a link's target, a file's bytes, a folder."""
    found = {}
    for path in sorted(root.rglob("*")):
        name = path.relative_to(root).as_posix()
        if path.is_symlink():
            found[name] = ("link", os.readlink(path))
        elif path.is_file():
            found[name] = path.read_bytes()
        else:
            found[name] = "folder"
    return found


def plant_dotdot(data: Path, outside: Path) -> None:
    """The attack of issue 18: a record naming a module of the package, relative to the staging folder."""
    (outside / "victim.py").write_bytes(ORIGINAL)
    (data / "victim.py").write_bytes(PLANTED)  # what staging/../victim.py names
    staging = data / StagedWrite.STAGING
    staging.mkdir()
    (staging / StagedWrite.MANIFEST).write_text(json.dumps(["../victim.py"]))


def plant_absolute(data: Path, outside: Path) -> None:
    (outside / "victim.csv").write_bytes(ORIGINAL)
    staging = data / StagedWrite.STAGING
    staging.mkdir()
    (staging / "laws.csv").write_bytes(PLANTED)
    (staging / StagedWrite.MANIFEST).write_text(json.dumps([str(outside / "victim.csv"), "laws.csv"]))


def plant_link_as_staged_file(data: Path, outside: Path) -> None:
    (outside / "elsewhere.csv").write_bytes(ORIGINAL)
    staging = data / StagedWrite.STAGING
    staging.mkdir()
    (staging / "laws.csv").symlink_to(outside / "elsewhere.csv")
    (staging / StagedWrite.MANIFEST).write_text(json.dumps(["laws.csv"]))


def plant_link_at_target(data: Path, outside: Path) -> None:
    (outside / "elsewhere.csv").write_bytes(ORIGINAL)
    (data / "laws.csv").unlink()
    (data / "laws.csv").symlink_to(outside / "elsewhere.csv")
    staging = data / StagedWrite.STAGING
    staging.mkdir()
    (staging / "laws.csv").write_bytes(PLANTED)
    (staging / StagedWrite.MANIFEST).write_text(json.dumps(["laws.csv"]))


def plant_staging_folder_as_link(data: Path, outside: Path) -> None:
    other = outside / "other"
    other.mkdir()
    (other / "laws.csv").write_bytes(ORIGINAL)
    (other / StagedWrite.MANIFEST).write_text(json.dumps(["laws.csv"]))
    (data / StagedWrite.STAGING).symlink_to(other)


def plant_name_through_a_linked_folder(data: Path, outside: Path) -> None:
    """The symlink variant of issue 18: a link in a foreign data folder, and a record naming a file below it."""
    other = outside / "other"
    other.mkdir()
    (other / "target.txt").write_bytes(ORIGINAL)
    (data / "link").symlink_to(other)
    staging = data / StagedWrite.STAGING
    (staging / "link").mkdir(parents=True)
    (staging / "link" / "target.txt").write_bytes(PLANTED)
    (staging / StagedWrite.MANIFEST).write_text(json.dumps(["link/target.txt"]))


def plant_hard_link(data: Path, outside: Path) -> None:
    (outside / "elsewhere.csv").write_bytes(ORIGINAL)
    staging = data / StagedWrite.STAGING
    staging.mkdir()
    os.link(outside / "elsewhere.csv", staging / "laws.csv")  # needs both in one file system (tmp_path)
    (staging / StagedWrite.MANIFEST).write_text(json.dumps(["laws.csv"]))


def plant_uncommitted_with_a_folder(data: Path, outside: Path) -> None:
    """No manifest (a write that was never committed would be dropped), but holding what the tool never stages."""
    (outside / "keep.csv").write_bytes(ORIGINAL)
    staging = data / StagedWrite.STAGING
    (staging / "sub").mkdir(parents=True)
    (staging / "sub" / "keep.csv").symlink_to(outside / "keep.csv")


def plant_manifest_not_a_list(data: Path, outside: Path) -> None:
    (outside / "x.csv").write_bytes(ORIGINAL)
    staging = data / StagedWrite.STAGING
    staging.mkdir()
    (staging / "laws.csv").write_bytes(PLANTED)
    (staging / StagedWrite.MANIFEST).write_text(json.dumps({"laws.csv": "../x.csv"}))


PLANTS = {
    "dot-dot name": (plant_dotdot, "'../victim.py' is not a plain table file name"),
    "absolute name": (plant_absolute, "is not a plain table file name"),
    "link as a staged file": (plant_link_as_staged_file, "'laws.csv' in it is a link"),
    "link at the target": (plant_link_at_target, "laws.csv in the data folder is a link"),
    "staging folder is a link": (plant_staging_folder_as_link, "the staging folder is a link"),
    "name through a linked folder": (plant_name_through_a_linked_folder, "'link' in it is not a regular file"),
    "hard link": (plant_hard_link, "'laws.csv' in it has other names"),
    "uncommitted, with a folder": (plant_uncommitted_with_a_folder, "'sub' in it is not a regular file"),
    "manifest not a list": (plant_manifest_not_a_list, "not a list of distinct table file names"),
}


def test_the_planted_record_of_issue_18_is_refused_by_the_real_command(data_copy, tmp_path):
    plant_dotdot(data_copy, tmp_path)
    before = everything_under(tmp_path)
    result = jobbook("validate", "--data", str(data_copy))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    [message] = result.stderr.splitlines()
    assert message.startswith(f"jobbook validate: {data_copy / StagedWrite.STAGING}: refused: "), message
    assert everything_under(tmp_path) == before
    assert (tmp_path / "victim.py").read_bytes() == ORIGINAL


@pytest.mark.parametrize("plant", PLANTS, ids=list(PLANTS))
def test_a_planted_record_is_refused_by_validate_and_nothing_moves(data_copy, tmp_path, plant, capsys):
    outside = tmp_path / "outside"
    outside.mkdir()
    make, why = PLANTS[plant]
    make(data_copy, outside)
    before = everything_under(tmp_path)
    assert cli("validate", "--data", str(data_copy)) == 1
    captured = capsys.readouterr()
    [message] = captured.err.splitlines()
    assert message.startswith(f"jobbook validate: {data_copy / StagedWrite.STAGING}: refused: "), message
    assert why in message and "nothing in it was used or removed" in message
    assert captured.out == ""
    assert everything_under(tmp_path) == before  # the evidence stays, and nothing outside changed


RECIPIENTS_TABLE = REPO_ROOT / "tests" / "ingest" / "fixtures" / "ydelsesmodtagere_2027.txt"


@pytest.mark.parametrize("command", [["new-year", "2027"], ["import-budget", str(RECIPIENTS_TABLE)]])
def test_the_writing_commands_refuse_a_planted_record_too(data_copy, tmp_path, command, capsys):
    plant_dotdot(data_copy, tmp_path)
    before = everything_under(tmp_path)
    assert cli(*command, "--data", str(data_copy)) == 1
    [message] = capsys.readouterr().err.splitlines()
    assert message.startswith(f"jobbook {command[0]}: {data_copy / StagedWrite.STAGING}: refused: "), message
    assert everything_under(tmp_path) == before


def test_the_planted_module_of_issue_18_is_not_overwritten(tmp_path):
    """The report's case itself: a record in a data folder beside a package naming its module."""
    package = tmp_path / "src" / "jobbook"
    package.mkdir(parents=True)
    (package / "errors.py").write_bytes(ORIGINAL)
    data = tmp_path / "data"
    (data / StagedWrite.STAGING).mkdir(parents=True)
    (data / "src" / "jobbook").mkdir(parents=True)  # where staging/../src/jobbook/errors.py points
    (data / "src" / "jobbook" / "errors.py").write_bytes(PLANTED)
    (data / StagedWrite.STAGING / StagedWrite.MANIFEST).write_text(json.dumps(["../src/jobbook/errors.py"]))
    with pytest.raises(StagingRefused, match=str(data / StagedWrite.STAGING)):
        recover(data)
    assert (package / "errors.py").read_bytes() == ORIGINAL
    assert (data / StagedWrite.STAGING / StagedWrite.MANIFEST).is_file()


def test_a_write_names_only_plain_table_files(tmp_path):
    (tmp_path / "a.csv").write_text("old\n")
    for name in ("../a.csv", "sub/a.csv", ".hidden.csv", "a.py", str(tmp_path / "a.csv")):
        with pytest.raises(StagingRefused, match="not a plain table file name"):
            StagedWrite(tmp_path).commit({"a.csv": "new\n", name: "x\n"})
    assert (tmp_path / "a.csv").read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv"]  # nothing staged


def test_a_write_does_not_replace_a_link(tmp_path):
    (tmp_path / "elsewhere.csv").write_bytes(ORIGINAL)
    data = tmp_path / "data"
    data.mkdir()
    (data / "laws.csv").symlink_to(tmp_path / "elsewhere.csv")
    with pytest.raises(StagingRefused, match="laws.csv in the data folder is a link"):
        StagedWrite(data).commit({"laws.csv": "new\n"})
    assert (data / "laws.csv").is_symlink() and (tmp_path / "elsewhere.csv").read_bytes() == ORIGINAL
    assert not (data / StagedWrite.STAGING).exists()


def committed_but_unfinished(data: Path) -> bytes:
    """A staging folder as a process killed right after its manifest leaves it (written by hand):
    a row added to laws.csv and sources.csv, the manifest written, nothing renamed yet."""
    staging = data / StagedWrite.STAGING
    staging.mkdir()
    laws = (data / "laws.csv").read_bytes() + "testlov,Lov om afprøvning,general,budgetnotat-19-2023,Spm. 1\n".encode()
    (staging / "laws.csv").write_bytes(laws)
    (staging / "sources.csv").write_bytes((data / "sources.csv").read_bytes())  # staged unchanged: allowed
    (staging / StagedWrite.MANIFEST).write_text(json.dumps(["laws.csv", "sources.csv"]))
    return laws


def test_a_write_killed_after_its_manifest_is_finished_by_the_next_command(data_copy, settings):
    laws = committed_but_unfinished(data_copy)
    result = jobbook("validate", "--data", str(data_copy))
    assert result.returncode == 0, result.stderr
    assert (data_copy / "laws.csv").read_bytes() == laws
    assert not (data_copy / StagedWrite.STAGING).exists()


def test_a_writing_command_finishes_an_interrupted_write_before_it_reads(data_copy, settings, capsys):
    laws = committed_but_unfinished(data_copy)
    assert cli("new-year", "2027", "--data", str(data_copy)) == 0
    assert not (data_copy / StagedWrite.STAGING).exists()
    assert (data_copy / "laws.csv").read_bytes() == laws  # the interrupted write, then the new year on top
    assert "sources.csv: line 8" in capsys.readouterr().out
    assert all(e.expected == "a value; this column is required" for e in validate_data_dir(data_copy, settings).errors)


def test_a_write_killed_during_its_renames_is_finished_by_the_next_command(data_copy):
    laws = committed_but_unfinished(data_copy)
    os.replace(data_copy / StagedWrite.STAGING / "laws.csv", data_copy / "laws.csv")  # one rename was done
    assert cli("validate", "--data", str(data_copy)) == 0
    assert (data_copy / "laws.csv").read_bytes() == laws and not (data_copy / StagedWrite.STAGING).exists()


def test_a_write_killed_before_its_manifest_is_dropped_by_the_next_command(data_copy):
    before = (data_copy / "laws.csv").read_bytes()
    staging = data_copy / StagedWrite.STAGING
    staging.mkdir()
    (staging / "laws.csv").write_bytes(before[: len(before) // 2])  # killed while writing it
    (staging / ".manifest.json.4242.tmp").write_text('["laws.c')  # and while writing the manifest
    assert cli("validate", "--data", str(data_copy)) == 0
    assert (data_copy / "laws.csv").read_bytes() == before and not staging.exists()



#: A writer caught in the middle of its exchange: it holds the folder's lock as StagedWrite.commit does,
#: has committed (manifest written) and renamed laws.csv, and finishes when its standard input closes.
WRITER_MID_EXCHANGE = """
import fcntl, os, sys
from pathlib import Path
from jobbook.files import StagedWrite, _finish
data = Path(sys.argv[1])
handle = os.open(data, os.O_RDONLY | os.O_DIRECTORY)
fcntl.flock(handle, fcntl.LOCK_EX)
staging = data / StagedWrite.STAGING
staging.mkdir()
(staging / "laws.csv").write_bytes((data / "laws.csv").read_bytes() + sys.argv[2].encode())
(staging / "sources.csv").write_bytes((data / "sources.csv").read_bytes())
(staging / StagedWrite.MANIFEST).write_text('["laws.csv", "sources.csv"]')
os.replace(staging / "laws.csv", data / "laws.csv")
print("mid-exchange", flush=True)
sys.stdin.read()
_finish(data, ["laws.csv", "sources.csv"])
"""
NEW_LAW = "testlov,Lov om afproevning,general,budgetnotat-19-2023,Spm. 1\n"


def waiting_for_a_flock(pid: int, timeout: float = 120) -> bool:
    """Whether process ``pid`` is blocked waiting for an flock (Linux lists waiters in /proc/locks as "->")."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for line in Path("/proc/locks").read_text().splitlines():
            fields = line.split()
            if len(fields) > 5 and fields[1] == "->" and fields[2] == "FLOCK" and fields[5] == str(pid):
                return True
        time.sleep(0.05)
    return False


def test_a_reader_waits_for_a_write_in_progress_and_never_takes_it_over(data_copy):
    """validate meets a writer between its renames: it neither reads the mix nor finishes the write itself
    (which made the writer fail with its rows written); it waits, then reads the whole new version."""
    writer = subprocess.Popen([sys.executable, "-c", WRITER_MID_EXCHANGE, str(data_copy), NEW_LAW],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline() == "mid-exchange\n"
        reader = subprocess.Popen([sys.executable, "-m", "jobbook.cli", "--settings", str(SETTINGS_FILE), "validate",
                                   "--data", str(data_copy)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True)
        assert waiting_for_a_flock(reader.pid), "the reader did not wait for the writer"
        assert reader.poll() is None
    finally:
        writer.stdin.close()
    assert writer.wait(timeout=60) == 0, writer.stderr.read()
    out, err = reader.communicate(timeout=300)
    assert reader.returncode == 0, err
    assert (data_copy / "laws.csv").read_text(encoding="utf-8").endswith(NEW_LAW)
    assert not (data_copy / StagedWrite.STAGING).exists()
