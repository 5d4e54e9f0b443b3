"""How much of a PDF the reader agrees to work through, measured before pdfminer parses a page.

A PDF is compressed: a few kilobytes can inflate to gigabytes (a "decompression bomb"), and
pdfminer decompresses a stream whole, then turns every character it draws into a Python object
(about 2 KB each). So before a page is parsed, the streams it will read are decompressed here
with a bound, never further than the limit, and the page is refused if they hold more:

- its drawing instructions (content streams, and the forms they draw, counted as often as
  they are drawn) at most :data:`MAX_PAGE_CONTENT_BYTES`;
- the fonts and character maps it uses at most :data:`MAX_PAGE_FONT_BYTES` together.

A printed page of tables holds 5-100 KB of instructions (a dense page printed by Chromium: 32
KB); 250 KB of them took pdfplumber 22 s and 470 MB, 1 MB took 48 s and 1.8 GB, hence the limit.

Streams pdfminer decodes while it opens the file (a cross-reference or object stream) come
before any page; :func:`bounded_memory` is the second line for them and for anything not
foreseen here: while a PDF is read, the process may take at most :data:`MAX_READ_MEMORY_BYTES`
more memory, and past it pdfminer fails with MemoryError, which the reader reports in one line.
"""

from __future__ import annotations

import os
import re
import sys
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO

from pdfminer.ascii85 import ascii85decode, asciihexdecode
from pdfminer.lzw import LZWDecoder
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import (
    LITERALS_ASCII85_DECODE,
    LITERALS_ASCIIHEX_DECODE,
    LITERALS_FLATE_DECODE,
    LITERALS_LZW_DECODE,
    LITERALS_RUNLENGTH_DECODE,
    PDFStream,
    resolve1,
)
from pdfminer.psparser import LIT

#: Pages searched for the table when no page is given.
MAX_PAGES = 500
#: Drawing instructions of all pages searched (500 dense pages of 32 KB), so that a search ends.
MAX_SEARCH_CONTENT_BYTES = 16 * 1024 * 1024
#: A page's drawing instructions, decompressed (forms counted each time they are drawn).
MAX_PAGE_CONTENT_BYTES = 256 * 1024
#: The fonts and character maps one page uses, decompressed.
MAX_PAGE_FONT_BYTES = 16 * 1024 * 1024
#: Address space a PDF read may add to the process (Linux; elsewhere the stream limits alone hold).
MAX_READ_MEMORY_BYTES = 768 * 1024 * 1024

_CHUNK_BYTES = 64 * 1024
LITERAL_FORM = LIT("Form")
_DRAWN_FORM = re.compile(rb"/([^\s/\[\]<>(){}%]+)\s*Do\b")


class TooLarge(Exception):
    """A stream, or the page's streams together, would decompress beyond a limit; ``what`` and
    ``limit_bytes`` say which, once :meth:`PageWork.count_page` has raised it."""

    def __init__(self, what: str = "", limit_bytes: int = 0):
        super().__init__(what)
        self.what = what
        self.limit_bytes = limit_bytes


def _inflate(data: bytes, limit: int) -> bytes:
    """``data`` inflated (zlib), raising TooLarge past ``limit`` bytes. A damaged stream gives
    what comes before the damage, byte by byte as pdfminer's own fallback does."""
    inflater = zlib.decompressobj()
    out = bytearray()
    for start in range(0, len(data), _CHUNK_BYTES):
        chunk = data[start:start + _CHUNK_BYTES]
        saved = inflater.copy()
        try:
            out += inflater.decompress(chunk, limit + 1 - len(out))
        except zlib.error:
            inflater = saved
            for index in range(len(chunk)):
                try:
                    out += inflater.decompress(chunk[index:index + 1], limit + 1 - len(out))
                except zlib.error:
                    return bytes(out)
                if len(out) > limit or inflater.unconsumed_tail:
                    raise TooLarge from None
            return bytes(out)
        if len(out) > limit or inflater.unconsumed_tail:
            raise TooLarge
        if inflater.eof:
            break
    return bytes(out)


def _joined(parts: Iterator[bytes], limit: int) -> bytes:
    out = bytearray()
    for part in parts:
        out += part
        if len(out) > limit:
            raise TooLarge
    return bytes(out)


def _run_length(data: bytes, limit: int) -> bytes:
    out = bytearray()
    index = 0
    while index < len(data) and data[index] != 128:
        length = data[index]
        if length < 128:
            out += data[index + 1:index + 2 + length]
            index += length + 2
        else:
            out += data[index + 1:index + 2] * (257 - length)
            index += 2
        if len(out) > limit:
            raise TooLarge
    return bytes(out)


def decoded_size(stream: PDFStream, limit: int) -> int:
    """The bytes ``stream`` decompresses to, raising TooLarge past ``limit``.

    The filters that can multiply a stream's size (Flate, LZW, run-length) are undone here with
    the bound; the ASCII ones shrink it; image codecs are not undone for text (pdfminer keeps
    their data as it is). Predictors only shrink the data, so they are left out of the count.
    """
    if stream.data is not None:  # pdfminer decoded it already (a stream shared with a read page)
        if len(stream.data) > limit:
            raise TooLarge
        return len(stream.data)
    data = stream.rawdata or b""
    if stream.decipher and stream.objid is not None:  # an encrypted PDF opened without a password
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    for name, _ in stream.get_filters():
        if name in LITERALS_FLATE_DECODE:
            data = _inflate(data, limit)
        elif name in LITERALS_LZW_DECODE:
            data = _joined(LZWDecoder(BytesIO(data)).run(), limit)
        elif name in LITERALS_RUNLENGTH_DECODE:
            data = _run_length(data, limit)
        elif name in LITERALS_ASCII85_DECODE:
            data = ascii85decode(data)
        elif name in LITERALS_ASCIIHEX_DECODE:
            data = asciihexdecode(data)
        else:
            break
    if len(data) > limit:
        raise TooLarge
    return len(data)


def _content(stream: PDFStream, limit: int) -> bytes:
    decoded_size(stream, limit)
    return stream.get_data()  # within the limit now: pdfminer decodes it as it would anyway


def _name(raw: bytes) -> str:
    return re.sub(rb"#([0-9a-fA-F]{2})", lambda m: bytes([int(m.group(1), 16)]), raw).decode("latin-1")


class PageWork:
    """The decompressed bytes a page makes pdfminer read, counted up to the limits."""

    def __init__(self) -> None:
        self.content_bytes = 0
        self.font_bytes = 0
        self._fonts_seen: set[int] = set()
        self._forms: dict[int, int] = {}  # a form's drawing bytes, itself and the forms it draws

    def count_page(self, page: PDFPage) -> None:
        """Raises TooLarge when the page's instructions or fonts exceed their limits."""
        try:
            self.content_bytes = self._drawing(page.contents, page.resources, set())
        except TooLarge as exc:
            if exc.what:
                raise
            raise TooLarge("drawing instructions", MAX_PAGE_CONTENT_BYTES) from None

    def _drawing(self, streams: list, resources: object, drawing: set[int]) -> int:
        total = 0
        resources = resolve1(resources) if resources else {}
        resources = resources if isinstance(resources, dict) else {}
        self._count_fonts(resources)
        forms = resolve1(resources.get("XObject")) or {}
        forms = forms if isinstance(forms, dict) else {}
        for stream in streams:
            stream = resolve1(stream)
            if not isinstance(stream, PDFStream):
                continue
            data = _content(stream, MAX_PAGE_CONTENT_BYTES - total)
            total += len(data)
            for raw_name in _DRAWN_FORM.findall(data):
                total += self._form(forms.get(_name(raw_name)), drawing)
                if total > MAX_PAGE_CONTENT_BYTES:
                    raise TooLarge
        return total

    def _form(self, ref: object, drawing: set[int]) -> int:
        form = resolve1(ref)
        if not isinstance(form, PDFStream) or resolve1(form.get("Subtype")) is not LITERAL_FORM:
            return 0  # an image, or a name with nothing behind it: pdfminer does not read it for text
        key = id(form)
        if key in drawing:  # a form that draws itself: pdfminer stops there too
            return 0
        if key not in self._forms:
            self._forms[key] = self._drawing([form], form.get("Resources"), drawing | {key})
        return self._forms[key]

    def _count_fonts(self, resources: dict) -> None:
        fonts = resolve1(resources.get("Font")) or {}
        for font in (fonts.values() if isinstance(fonts, dict) else []):
            font = resolve1(font)
            if not isinstance(font, dict):
                continue
            streams = [font.get("ToUnicode"), font.get("Encoding")]
            parts = [font, *(resolve1(f) for f in (resolve1(font.get("DescendantFonts")) or []))]
            for part in parts:
                descriptor = resolve1(part.get("FontDescriptor")) if isinstance(part, dict) else None
                if isinstance(descriptor, dict):
                    streams += [descriptor.get(k) for k in ("FontFile", "FontFile2", "FontFile3")]
            for stream in map(resolve1, streams):
                if isinstance(stream, PDFStream) and id(stream) not in self._fonts_seen:
                    self._fonts_seen.add(id(stream))
                    try:
                        self.font_bytes += decoded_size(stream, MAX_PAGE_FONT_BYTES - self.font_bytes)
                    except TooLarge:
                        raise TooLarge("fonts and character maps", MAX_PAGE_FONT_BYTES) from None


def _address_space_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


@contextmanager
def bounded_memory(extra_bytes: int = MAX_READ_MEMORY_BYTES) -> Iterator[None]:
    """While the block runs, the process can take at most ``extra_bytes`` more address space: an
    allocation past it raises MemoryError instead of filling the machine's memory. The soft
    limit is lowered and put back (a process may raise its soft limit up to the hard one)."""
    if not sys.platform.startswith("linux"):  # elsewhere RLIMIT_AS is not enforced, or not there
        yield
        return
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = _address_space_bytes() + extra_bytes
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft <= wanted:  # bounded as tightly already
        yield
        return
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
