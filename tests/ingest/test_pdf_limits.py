"""The PDF reader's bounds: only the pages asked for are parsed, a decompression bomb and a
document of thousands of pages are refused in one line and quickly, an encrypted or damaged PDF
says what it is. The PDFs are written here byte by byte, as a PDF producer writes them (an
object table, Flate-compressed streams), which is also how a hostile file is made."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from conftest import REPO_ROOT
from jobbook.ingest.document import ImportRefused, read_document
from jobbook.ingest.model import TableRefused
from jobbook.ingest.pdf import read_table_pdf
from jobbook.ingest.pdf_limits import MAX_PAGE_CONTENT_BYTES, MAX_PAGES, _inflate

TABLE = ["Tabel 4. Udgifter til forsørgelse (1.000 kr.)", "Konto              Budget 2026     Budget 2027",
         "05.57.71 Sygedagpenge         41.250        40.875",
         "05.58.81 Løntilskud til personer i fleksjob     18.300     18.950",
         "I alt                 59.550        59.825"]


def pdf_file(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF of ``objects`` (object 1 is the catalog) with its cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return bytes(out)


def stream(data: bytes, flate_times: int = 0, extra: bytes = b"") -> bytes:
    """A stream object, compressed ``flate_times`` times (a filter chain of that many FlateDecode)."""
    for _ in range(flate_times):
        data = zlib.compress(data, 9)
    filters = b" /Filter [%s]" % (b"/FlateDecode " * flate_times) if flate_times else b""
    return b"<< /Length %d%s%s >>\nstream\n" % (len(data), filters, extra) + data + b"\nendstream"


def stream_of_flate(flate_data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d /Filter /FlateDecode%s >>\nstream\n" % (len(flate_data), extra) + flate_data + \
        b"\nendstream"


def text_ops(lines: list[str]) -> bytes:
    shown = b" ".join(b"(%s) '" % line.encode("cp1252") for line in lines)
    return b"BT /F1 9 Tf 11 TL 56 790 Td " + shown + b" ET"


def pages_pdf(pages: list[list[str]]) -> bytes:
    """One page of text lines per item (Helvetica, WinAnsi), each page's content Flate-compressed."""
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(len(pages)))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages)),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    for index, lines in enumerate(pages):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                       b"/Contents %d 0 R >>" % (5 + 2 * index))
        objects.append(stream(text_ops(lines), flate_times=1))
    return pdf_file(objects)


def one_page_pdf(content: bytes, resources: bytes = b"", more: list[bytes] = ()) -> bytes:
    """A page whose content stream (object 4) is given as a whole stream object; ``more`` are objects 5, 6, ..."""
    return pdf_file([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                     b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << %s >> /Contents 4 0 R >>"
                     % resources, content, *more])


def zeros_flate(segments: int, segment_bytes: int = 1 << 24) -> bytes:
    """zlib data that inflates to ``segments`` x ``segment_bytes`` zero bytes, made without
    compressing them all: after a full flush the compressor restarts, so every segment's output is
    the same bytes and can be repeated (the checksum of n zeros is (n mod 65521) << 16 | 1)."""
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = deflater.compress(bytes(segment_bytes)) + deflater.flush(zlib.Z_FULL_FLUSH)
    again = deflater.compress(bytes(segment_bytes)) + deflater.flush(zlib.Z_FULL_FLUSH)
    total = segments * segment_bytes
    return b"\x78\xda" + first + again * (segments - 1) + deflater.flush() + \
        (((total % 65521) << 16) | 1).to_bytes(4, "big")


def test_zeros_flate_inflates_to_what_it_says():
    assert zlib.decompress(zeros_flate(3, 1 << 20)) == bytes(3 << 20)


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    """7 KB that inflate to 4 GiB: zeros compressed twice (a chain of two FlateDecode filters)."""
    inner = zeros_flate(256)
    path = tmp_path_factory.mktemp("pdf") / "budget_bomb.pdf"
    outer = zlib.compress(inner, 9)
    path.write_bytes(one_page_pdf(b"<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n" % len(outer)
                                  + outer + b"\nendstream"))
    return path


#: Runs the real command line in a child whose address space is capped at 3 GB (so a regression
#: fails there instead of taking the shared machine's memory), and reports its peak memory.
CHILD = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
from jobbook.cli import main
start = time.monotonic()
code = main(sys.argv[1:])
print(json.dumps({"code": code, "seconds": time.monotonic() - start,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run_import(*args: str) -> tuple[dict, str]:
    done = subprocess.run([sys.executable, "-c", CHILD, "--settings", str(REPO_ROOT / "jobbook.toml"),
                           "import-budget", *args, "--dry-run"], capture_output=True, text=True, timeout=120)
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stderr


@pytest.mark.parametrize("page", [None, "1"])
def test_decompression_bomb_is_refused_fast_in_little_memory(bomb, page):
    assert bomb.stat().st_size < 8_000
    result, stderr = run_import(str(bomb), *(["--page", page] if page else []))
    assert result["code"] == 1 and result["peak_mb"] < 1024 and result["seconds"] < 20, result
    assert "Traceback" not in stderr and len(stderr.splitlines()) == 2, stderr
    assert f"page 1 holds more than {MAX_PAGE_CONTENT_BYTES // 1024} KB of drawing instructions" in stderr


def test_bomb_in_the_cross_reference_stream_stops_at_the_memory_bound(tmp_path):
    # pdfminer decodes a cross-reference stream as it opens the file, before any page is measured:
    # here the bound on the process's memory is what stops it.
    body = one_page_pdf(stream(b"BT ET")).split(b"xref\n")[0]
    data = zlib.compress(zeros_flate(256), 9)
    at = len(body)
    path = tmp_path / "xref_bomb.pdf"
    path.write_bytes(body + b"5 0 obj\n<< /Type /XRef /Size 6 /W [1 4 2] /Root 1 0 R /Length %d "
                     b"/Filter [/FlateDecode /FlateDecode] >>\nstream\n" % len(data) + data
                     + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % at)
    assert path.stat().st_size < 8_000
    result, stderr = run_import(str(path), "--page", "1")
    assert result["code"] == 1 and result["peak_mb"] < 1024 and result["seconds"] < 20, result
    assert stderr.splitlines()[0].endswith(
        "xref_bomb.pdf: error: the PDF: reading it needs more than the 768 MB of memory the reader allows; the file "
        "may be damaged or built to exhaust memory"), stderr
    assert "Traceback" not in stderr and len(stderr.splitlines()) == 2, stderr


def test_bomb_in_a_character_map_is_refused(tmp_path):
    cmap = zlib.compress(zeros_flate(64), 9)
    path = tmp_path / "cmap_bomb.pdf"
    path.write_bytes(one_page_pdf(stream(b"BT /F1 9 Tf 56 700 Td (Budget 2026) Tj ET"), b"/Font << /F1 5 0 R >>", [
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        b"<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n" % len(cmap) + cmap + b"\nendstream"]))
    start = time.monotonic()
    with pytest.raises(TableRefused, match="page 1 holds more than 16,384 KB of fonts and character maps"):
        read_table_pdf(path, page=1)
    assert time.monotonic() - start < 10


def test_a_form_drawn_thousands_of_times_counts_each_time(tmp_path):
    # 1 KB of rectangles, drawn 5,000 times from a 100-byte content stream: 5 MB of instructions.
    form = stream(b"0 0 1 1 re f\n" * 80, extra=b" /Type /XObject /Subtype /Form /BBox [0 0 10 10]")
    path = tmp_path / "forms.pdf"
    path.write_bytes(one_page_pdf(stream(b"/Fm1 Do\n" * 5000, flate_times=1), b"/XObject << /Fm1 5 0 R >>", [form]))
    start = time.monotonic()
    with pytest.raises(TableRefused, match="drawing instructions"):
        read_table_pdf(path, page=1)
    assert time.monotonic() - start < 10


def test_a_form_drawn_a_few_times_is_read(tmp_path):
    form = stream(text_ops(TABLE), extra=b" /Type /XObject /Subtype /Form /BBox [0 0 595 842]"
                                         b" /Resources << /Font << /F1 6 0 R >> >>")
    path = tmp_path / "form.pdf"
    path.write_bytes(one_page_pdf(stream(b"q /Tabel Do Q", flate_times=1), b"/XObject << /Tabel 5 0 R >>", [
        form, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]))
    table = read_table_pdf(path)
    assert [(r.name_printed, r.values) for r in table.rows] == [
        ("Sygedagpenge", (41250.0, 40875.0)), ("Løntilskud til personer i fleksjob", (18300.0, 18950.0)),
        ("I alt", (59550.0, 59825.0))]


@pytest.fixture(scope="module")
def thousands_of_pages(tmp_path_factory) -> Path:
    """5,000 pages: the table on page 1, then pages of prose and a page number."""
    path = tmp_path_factory.mktemp("pdf") / "budget_5000_pages.pdf"
    prose = ["Bemærkninger til budgettet for beskæftigelsesområdet.", "Side {n} af 5000"]
    path.write_bytes(pages_pdf([TABLE] + [[prose[0], prose[1].format(n=n)] for n in range(2, 5001)]))
    return path


def test_page_one_of_thousands_is_read_alone(thousands_of_pages):
    read_table_pdf(thousands_of_pages, page=1)  # the imports, once
    start = time.monotonic()
    table = read_table_pdf(thousands_of_pages, page=1)
    assert time.monotonic() - start < 5  # 0.1 s here; reading every page took minutes
    assert table.unit.code == "dkk_1000" and [r.values for r in table.rows][-1] == (59550.0, 59825.0)


def test_thousands_of_pages_without_page_are_refused_naming_the_limit(thousands_of_pages):
    start = time.monotonic()
    with pytest.raises(TableRefused) as refused:
        read_table_pdf(thousands_of_pages)
    assert time.monotonic() - start < 5
    assert str(refused.value) == (f"budget_5000_pages.pdf has more than {MAX_PAGES} pages, more than the reader "
                                  "searches for a table: pass --page with the number of the page that holds it")


def test_a_page_past_the_end_names_the_page_count(thousands_of_pages):
    with pytest.raises(TableRefused, match="page 5001 does not exist; the PDF has 5000 page"):
        read_table_pdf(thousands_of_pages, page=5001)
    with pytest.raises(TableRefused, match="page 0 does not exist; pages are numbered from 1"):
        read_table_pdf(thousands_of_pages, page=0)


def test_search_skips_a_page_over_the_limits_and_finds_the_table(tmp_path, bomb):
    # Page 2 is a drawing of 600 KB of rectangles: skipped in the search, refused when asked for.
    path = tmp_path / "with_map.pdf"
    drawing = b"0 0 1 1 re f\n" * (600 * 1024 // 13)
    path.write_bytes(pdf_file([
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R 6 0 R] /Count 2 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
        b"/Contents 5 0 R >>", stream(text_ops(TABLE), flate_times=1),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 7 0 R >>", stream(drawing, flate_times=1)]))
    assert [r.values for r in read_table_pdf(path).rows][0] == (41250.0, 40875.0)
    with pytest.raises(TableRefused, match="page 2 holds more than 256 KB of drawing instructions"):
        read_table_pdf(path, page=2)


def test_search_through_pages_of_heavy_drawings_is_refused_before_parsing_any(tmp_path):
    # 80 pages of 250 KB of rectangles each: every page within the page limit, 20 MB in all.
    drawing = stream(b"0 0 1 1 re f\n" * (250 * 1024 // 13), flate_times=1)
    kids = b" ".join(b"%d 0 R" % n for n in range(3, 83))
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 83 0 R >>"
    path = tmp_path / "drawings.pdf"
    path.write_bytes(pdf_file([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count 80 >>" % kids,
                               *[page] * 80, drawing]))
    start = time.monotonic()
    with pytest.raises(TableRefused, match=r"^drawings.pdf holds more than 16 MB of drawing instructions in its "
                                           r"first 6\d pages, more than the reader searches for a table: pass --page"):
        read_table_pdf(path)
    assert time.monotonic() - start < 10  # parsing one of these pages alone takes 20 s


def test_inflate_of_a_damaged_stream_keeps_what_comes_before_the_damage():
    # pdfminer reads a damaged Flate stream up to the damage; the bound must measure the same bytes.
    from pdfminer.pdftypes import decompress_corrupted

    text = ("05.57.71 Sygedagpenge 41 250 40 875\n" * 4000).encode()
    data = bytearray(zlib.compress(text))
    data[len(data) // 2] ^= 0xFF
    assert _inflate(bytes(data), 1 << 20) == decompress_corrupted(bytes(data))
    assert _inflate(bytes(data), 1 << 20) != text


@pytest.fixture(scope="module")
def plain_pdf(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "budget.pdf"
    path.write_bytes(pages_pdf([["Budget 2026", "Bemærkninger"], TABLE]))
    return path


def encrypted(source: Path, target: Path, user_password: str) -> Path:
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password=user_password, owner_password="udvalget", algorithm="AES-128")
    writer.write(target)
    return target


def test_password_protected_pdf_is_refused_saying_so(plain_pdf, tmp_path):
    path = encrypted(plain_pdf, tmp_path / "locked.pdf", "kode2026")
    with pytest.raises(ImportRefused) as refused:
        read_document(path, display="locked.pdf")
    assert refused.value.problems == [
        "locked.pdf: error: the PDF is encrypted (protected by a password, or by an encryption this reader does "
        "not support): open it, save an unencrypted copy and import that"]


def test_hand_made_encryption_dictionary_is_refused_saying_so(tmp_path):
    path = tmp_path / "encrypt.pdf"
    path.write_bytes(pdf_file([
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>", stream(b"BT ET"),
        b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>" % (b"a1" * 32, b"c3" * 32)],
        trailer=b"/Encrypt 5 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] "))
    with pytest.raises(TableRefused, match="^the PDF is encrypted .*save an unencrypted copy"):
        read_table_pdf(path)


def test_encrypted_without_a_user_password_opens_like_any_viewer_does(plain_pdf, tmp_path):
    # Restrictions only (printing, copying): every viewer opens it without asking, and so does the reader.
    path = encrypted(plain_pdf, tmp_path / "restricted.pdf", "")
    assert [r.values for r in read_table_pdf(path).rows] == [r.values for r in read_table_pdf(plain_pdf).rows]


@pytest.mark.parametrize("damage, cause", [
    (lambda data: data[:len(data) // 3], "PSEOF"),
    (lambda data: b"%PDF-1.7\n" + b"Budget 2026 " * 40, "No /Root object"),
])
def test_damaged_pdf_names_the_cause_in_one_line(plain_pdf, tmp_path, damage, cause):
    path = tmp_path / "damaged.pdf"
    path.write_bytes(damage(plain_pdf.read_bytes()))
    with pytest.raises(ImportRefused) as refused:
        read_document(path, display="damaged.pdf")
    [line] = refused.value.problems
    assert line.startswith("damaged.pdf: error: the PDF cannot be read: it may be damaged (") and cause in line
    assert "PdfminerException" not in line and len(line) < 300
