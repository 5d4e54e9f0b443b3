"""Bounded input work: reading is linear in the text's size, messages quote at most ~200 characters,
terminal output escapes control characters, byte-order marks and UTF-16 are read (other encodings
refused by name), and many tables give one bounded message."""

import codecs
import json
import time

import pytest

from conftest import SETTINGS_FILE
from jobbook.cli import main
from jobbook.ingest.document import ImportRefused, read_document
from jobbook.ingest.model import QUOTE_CHARS
from jobbook.ingest.reader import TableRefused, read_table_text

HEAD = "Driftsbudget (1.000 kr.)\nKonto  Budget 2024  Budget 2025\n"
TWO_MB = 2_000_000
SECONDS = 5.0


def timed(text: str):
    """The result and the processor time it took (not wall time: the machine may be shared)."""
    started = time.process_time()
    try:
        result = read_table_text(text)
    except TableRefused as refused:
        result = refused
    return result, time.process_time() - started


def test_a_two_megabyte_single_line_is_read_in_linear_time():
    line = "Sygedagpenge " + "1 2 " * (TWO_MB // 4)
    result, seconds = timed(HEAD + line)
    assert seconds < SECONDS
    assert isinstance(result, TableRefused) and "was not read" in str(result)
    assert len(str(result)) < 600  # the line itself is never quoted in full


def test_a_two_megabyte_table_of_many_lines_is_read_in_linear_time():
    rows, size, n = [], 0, 0
    while size < TWO_MB:
        rows.append(f"Område nummer {n} med et navn 1.{n % 1000:03d} 2.{n * 7 % 1000:03d}\n")
        size += len(rows[-1])
        n += 1
    result, seconds = timed(HEAD + "".join(rows))
    assert seconds < SECONDS, seconds
    assert len(result.rows) == n


def test_a_message_quotes_at_most_about_200_characters():
    long_name = "Sygedagpenge " + "meget lang tekst " * 50
    error = timed(HEAD + f"{long_name} 1\nNæste 3 4\n")[0]
    message = error.problems[0].message
    assert "…" in message and len(message) < QUOTE_CHARS + 400
    assert long_name[:100] in message and long_name not in message


def test_many_tables_give_one_bounded_refusal():
    text = "".join(f"Budget 2024\nA{i} 1\n" for i in range(100_000))
    started = time.process_time()
    with pytest.raises(TableRefused) as caught:
        read_table_text(text, unit="1.000 kr.")
    assert time.process_time() - started < 3 * SECONDS
    [problem] = caught.value.problems
    assert problem.message.startswith("the text holds 100,000 tables (line 1 ")
    assert "… and 99,980 more" in problem.message and len(problem.message) < 2_000


def cli(*args: str) -> int:
    return main(["--settings", str(SETTINGS_FILE), *args])


def test_the_preview_escapes_control_characters(tmp_path, capsys, data_copy):
    path = tmp_path / "tabel.txt"
    path.write_text(HEAD + "05.57.71 Syge\x1b[31mdagpenge\x07 1.200 1.300\n", encoding="utf-8")
    assert cli("import-budget", str(path), "--dry-run", "--data", str(data_copy)) in (0, 1)
    captured = capsys.readouterr()
    assert "\x1b" not in captured.out and "\x07" not in captured.out
    assert "Syge\\x1b[31mdagpenge\\x07" in captured.out
    assert "\x1b" not in captured.err
    assert cli("import-budget", str(path), "--dry-run", "--json") == 0
    assert json.loads(capsys.readouterr().out)["rows"][0]["name_printed"] == "Syge\x1b[31mdagpenge\x07"  # data as data


def test_a_refusal_escapes_control_characters():
    error = timed(HEAD + "Syge\x1b[2Jdagpenge 1\nNæste 3 4\n")[0]
    assert "\x1b" not in str(error) and "\\x1b[2J" in str(error)


@pytest.mark.parametrize(("encoding", "bom"), [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
                                               ("utf-8", codecs.BOM_UTF8)])
def test_byte_order_marks_and_utf16_are_read(tmp_path, encoding, bom):
    path = tmp_path / "tabel.txt"
    path.write_bytes(bom + (HEAD + "05.57.71 Sygedagpenge 1.200 1.300\n").encode(encoding))
    document = read_document(path)
    assert [(r.konto_code, r.name_printed, r.value) for r in document.rows] == [
        ("5.57.71", "Sygedagpenge", 1_200_000.0), ("5.57.71", "Sygedagpenge", 1_300_000.0)]


def test_a_byte_order_mark_inside_the_text_before_the_header():
    table = read_table_text("Tekst\n\ufeff" + HEAD + "A 1 2\n")
    assert [r.name_printed for r in table.rows] == ["A"]


@pytest.mark.parametrize(("data", "words"), [
    ((HEAD + "Sygedagpenge 1 2\n").encode("cp1252"), "is not UTF-8"),
    ((HEAD + "Sygedagpenge 1 2\n").encode("utf-16-le"), "UTF-16 without a byte-order mark"),
])
def test_other_encodings_are_refused_by_name(tmp_path, data, words):
    path = tmp_path / "tabel.txt"
    path.write_bytes(data.replace(b"Driftsbudget", "Driftsbudget æøå".encode("cp1252"), 1)
                     if "UTF-8" in words else data)
    with pytest.raises(ImportRefused) as caught:
        read_document(path)
    [problem] = caught.value.problems
    assert "text in UTF-8 (or UTF-16 with a byte-order mark)" in problem and words in problem
