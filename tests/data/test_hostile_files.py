"""Files that are not what they claim, and input meant to flood: refused with one clear message each."""

from __future__ import annotations

import pytest

from conftest import SETTINGS_FILE
from jobbook.cli import main
from jobbook.data.dataset import validate_data_dir
from jobbook.files import MAX_FILE_BYTES, FileProblem, StagedWrite, read_input, recover


def cli(*args: str) -> int:
    return main(["--settings", str(SETTINGS_FILE), *args])


def errors_for(data_dir, settings, file_name: str) -> list[str]:
    return [f.format() for f in validate_data_dir(data_dir, settings).errors if f.file.endswith(file_name)]


def test_a_link_out_of_the_data_folder_is_refused(data_copy, settings, tmp_path):
    outside = tmp_path / "elsewhere.csv"
    outside.write_bytes((data_copy / "laws.csv").read_bytes())
    (data_copy / "laws.csv").unlink()
    (data_copy / "laws.csv").symlink_to(outside)
    [message] = errors_for(data_copy, settings, "laws.csv")
    assert "a file inside" in message and "this is a link to" in message and "outside the folder" in message


def test_a_link_inside_the_data_folder_is_read(data_copy, settings):
    (data_copy / "laws-copy.txt").write_bytes((data_copy / "laws.csv").read_bytes())
    (data_copy / "laws.csv").unlink()
    (data_copy / "laws.csv").symlink_to(data_copy / "laws-copy.txt")
    assert errors_for(data_copy, settings, "laws.csv") == []


def test_a_device_is_refused_without_reading_it(data_copy, settings):
    (data_copy / "laws.csv").unlink()
    (data_copy / "laws.csv").symlink_to("/dev/zero")
    [message] = errors_for(data_copy, settings, "laws.csv")
    assert "outside the folder" in message  # refused before it is opened at all
    with pytest.raises(FileProblem, match="a device or pipe"):
        read_input(data_copy / "laws.csv")


def test_a_file_over_the_size_limit_is_refused(data_copy, settings):
    with (data_copy / "statements.csv").open("ab") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    [message] = errors_for(data_copy, settings, "statements.csv")
    assert "at most 20 MB" in message


def test_a_folder_in_place_of_a_file_is_refused(data_copy, settings):
    (data_copy / "laws.csv").unlink()
    (data_copy / "laws.csv").mkdir()
    [message] = errors_for(data_copy, settings, "laws.csv")
    assert "a regular file; this is a folder" in message


@pytest.mark.parametrize(("character", "name"),
                         [("\t", "0009"), ("\x1b", "001B"), ("\u2028", "2028"), ("\x00", "0000")])
def test_control_characters_in_text_are_refused_with_their_place(data_copy, settings, character, name):
    path = data_copy / "laws.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    code, _, rest = lines[2].split(",", 2)
    lines[2] = f"{code},Lov om{character}noget,{rest}"
    path.write_text("\n".join(lines), encoding="utf-8")
    [message] = errors_for(data_copy, settings, "laws.csv")
    assert ":3:2: error: column 'law_name_da'" in message
    assert f"found U+{name} at character 7" in message


def test_a_line_break_inside_a_quoted_cell_is_refused(data_copy, settings):
    path = data_copy / "statements.csv"
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[1]
    path.write_text(text.replace(first, first.replace(",\"", ",\"```{literalinclude} /etc/passwd\n```\n", 1), 1),
                    encoding="utf-8")
    messages = errors_for(data_copy, settings, "statements.csv")
    assert any("found U+000A" in m and "column 'statement_da'" in m for m in messages), messages


def test_a_source_document_name_cannot_leave_the_sources_folder(data_copy, settings):
    path = data_copy / "sources.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("003_0863a4d303067c74.txt", "../../../../etc/hostname", 1), encoding="utf-8")
    [message] = errors_for(data_copy, settings, "sources.csv")
    assert "column 'file_name'" in message and "a file name without a folder" in message


@pytest.mark.slow  # validates 200,000 rows twice (about 40 s)
def test_two_hundred_thousand_bad_rows_give_a_screenful_and_a_summary(data_copy, capsys):
    path = data_copy / "recipients.csv"
    with path.open("a", encoding="utf-8") as handle:  # the key of the file's first row, 200,000 times
        handle.write("integrationsydelse,2020,actual,1,bemaerkninger-2022,x\n" * 200_000)
    assert cli("validate", "--data", str(data_copy)) == 1
    err = capsys.readouterr().err
    assert len(err.splitlines()) < 40
    assert "... and 199,990 more duplicate keys in recipients.csv (`jobbook validate --all` lists every one)" in err
    assert cli("validate", "--data", str(data_copy), "--all") == 1
    assert len(capsys.readouterr().err.splitlines()) > 200_000


def test_an_uncommitted_staged_write_is_dropped(tmp_path):
    (tmp_path / "a.csv").write_text("old\n")
    staging = tmp_path / StagedWrite.STAGING
    staging.mkdir()
    (staging / "a.csv").write_text("new\n")  # staged, but the manifest was never written
    recover(tmp_path)
    assert (tmp_path / "a.csv").read_text() == "old\n" and not staging.exists()


def test_a_committed_staged_write_that_was_interrupted_is_finished(tmp_path):
    (tmp_path / "a.csv").write_text("old a\n")
    (tmp_path / "b.csv").write_text("old b\n")
    staging = tmp_path / StagedWrite.STAGING
    staging.mkdir()
    (staging / "b.csv").write_text("new b\n")  # a.csv was renamed into place before the kill
    (tmp_path / "a.csv").write_text("new a\n")
    (staging / StagedWrite.MANIFEST).write_text('["a.csv", "b.csv"]')
    recover(tmp_path)
    assert [(tmp_path / n).read_text() for n in ("a.csv", "b.csv")] == ["new a\n", "new b\n"]
    assert not staging.exists()
