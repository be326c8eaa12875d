"""Where a table's bytes come from, and which text they are: a ``Source`` gives a new binary stream from
the start each time it is read, so a reader can make more than one pass over a large file holding one row
at a time; ``choose`` picks the encoding with one pass that decodes ``CHUNK`` bytes at a time.

A file on disk is opened (and checked: regular, within MAX_BYTES) when its source is made; one of up to
``SPOOL`` bytes is read then, into memory, so its table keeps what it held when read; a larger one is
opened again for each pass and refused if it changed in between. A stream (``spool``: an open file,
``io.BytesIO``, stdin, seekable or not) is copied once, in memory up to ``SPOOL`` bytes and into a
temporary file beyond, so its caller may close it.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from ..errors import DataError, UsageError
from .table import MAX_BYTES

CHUNK = 1 << 20  # bytes decoded at a time while the encoding is checked, and copied at a time from a stream
SPOOL = 8 << 20  # a file or stream up to this size is held in memory; a larger one is read again for each pass


class Source:
    """Where a table's bytes come from: ``reading()`` is a new binary stream from their start, each time."""

    def __init__(self, opener: Callable[[], BinaryIO], label: str):
        self.opener, self.label = opener, label  # label: what names the file in a 'cannot read' message

    @contextmanager
    def reading(self) -> Iterator[BinaryIO]:
        try:
            with self.opener() as fh:
                yield fh
        except OSError as e:
            raise DataError(f"{self.label}: cannot read: {e.strerror or e}") from None

    @contextmanager
    def text(self, codec: str, name: str) -> Iterator[TextIO]:
        """The bytes as text; newline='' leaves CRLF and bare CR to the csv module, as a whole-text read did."""
        try:
            with self.reading() as fh:
                if not _piecewise(codec):
                    yield io.StringIO(fh.read().decode(codec), newline="")
                    return
                with io.TextIOWrapper(fh, encoding=codec, newline="") as text:
                    yield text
        except UnicodeError as e:  # checked before the first pass: only a file changed since does this
            raise DataError(f"{name}: not {codec} text ({str(e).splitlines()[0][:200]}); give --encoding") from None


def path_source(path: Path) -> Source:
    """A file on disk, opened (and checked: regular, within the limit) now; read whole when it is small
    (up to SPOOL bytes), else opened again for each pass and refused if it changed in between."""
    import os

    from ..safefile import display, open_regular

    label = display(path)
    seen: list[tuple[int, ...]] = []

    def opener() -> BinaryIO:
        fh = open_regular(path, MAX_BYTES)
        st = os.fstat(fh.fileno())
        stamp = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
        if not seen:
            seen.append(stamp)
        elif stamp != seen[0]:  # a second pass over other bytes would give other rows than the first
            fh.close()
            raise DataError(f"{label}: changed while it was being read; import it again")
        return fh

    src = Source(opener, label)
    with src.reading() as fh:  # now: a folder or FIFO is named as such, whatever its extension
        if seen[0][2] <= SPOOL:  # a small file is read once: its table keeps what it held when read
            data = fh.read()
            return Source(lambda: io.BytesIO(data), label)
    return src


class _Window(io.RawIOBase):
    """A read-only view of a shared seekable file with its own position, so passes over it may interleave."""

    def __init__(self, fh: BinaryIO):
        super().__init__()
        self._fh, self._pos = fh, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        self._fh.seek(self._pos)
        data = self._fh.read(len(b))
        b[: len(data)] = data
        self._pos += len(data)
        return len(data)

    def seek(self, pos: int, whence: int = 0) -> int:
        if whence == 1:
            pos += self._pos
        elif whence == 2:
            pos += self._fh.seek(0, 2)
        self._pos = max(pos, 0)
        return self._pos

    def tell(self) -> int:
        return self._pos


def spool(fp: BinaryIO, name: str) -> Source:
    """A private copy of a stream's bytes (at most MAX_BYTES), so the table can read them in more passes."""
    import tempfile
    import weakref

    chunks: list[bytes] = []
    total, tmp = 0, None
    try:
        while chunk := fp.read(CHUNK):
            total += len(chunk)
            if total > MAX_BYTES:
                raise DataError(f"{name}: larger than hrcli's limit of {MAX_BYTES // (1 << 20)} MiB for an input file")
            chunks.append(chunk)
            if tmp is None and total > SPOOL:
                tmp = tempfile.TemporaryFile()  # noqa: SIM115 - kept open for the table's passes, closed with it
            if tmp is not None:
                tmp.writelines(chunks)
                chunks.clear()
    except BaseException:
        if tmp is not None:
            tmp.close()
        raise
    if tmp is None:
        data = b"".join(chunks)
        return Source(lambda: io.BytesIO(data), name)  # a BytesIO over bytes shares them: no copy per pass
    tmp.flush()
    src = Source(lambda: io.BufferedReader(_Window(tmp), 1 << 16), name)
    weakref.finalize(src, tmp.close)  # the copy lives as long as the table that reads it
    return src


def choose(src: Source, encoding: str | None, name: str) -> tuple[str, str, bool]:
    """The codec to read with, the encoding to report and whether it is sure, once the whole file is known to
    decode with it: the one given, else a BOM's, else UTF-16 by its zero bytes, else UTF-8, else Windows-1252 or
    Mac Roman by how each reads the file (charset)."""
    import codecs

    if encoding:
        try:
            if not codecs.lookup(encoding)._is_text_encoding:  # base64, rot13: codecs, not text encodings
                raise LookupError(encoding)
            codec = _byte_order(src, encoding)
            _check(src, codec)
            return codec, encoding, True
        except LookupError:
            raise UsageError(
                f"unknown encoding {encoding!r}; try utf-8, cp1252, mac_roman, utf-16 or latin-1"
            ) from None
        except UnicodeDecodeError as e:
            raise DataError(f"{name}: not {encoding} text (bad byte at offset {e.start})") from None
        except UnicodeError as e:  # punycode, idna: their own errors, without an offset
            raise DataError(f"{name}: not {encoding} text ({str(e).splitlines()[0][:200]})") from None
    with src.reading() as fh:
        sample = fh.read(4096)
    if sample.startswith(codecs.BOM_UTF8):
        _strict(src, "utf-8", name, skip=3)  # offsets counted after the BOM
        return "utf-8-sig", "utf-8-sig", True
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        _strict(src, "utf-16", name)
        return "utf-16", "utf-16", True
    # UTF-16 without a BOM: ASCII text leaves every other byte zero
    if len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4 and sample[0::2].count(0) == 0:
        _strict(src, "utf-16-le", name)
        return "utf-16-le", "utf-16-le", True
    if len(sample) >= 4 and sample[0::2].count(0) > len(sample) // 4 and sample[1::2].count(0) == 0:
        _strict(src, "utf-16-be", name)
        return "utf-16-be", "utf-16-be", True
    if b"\x00" in sample:
        raise DataError(f"{name}: looks binary (NUL bytes), not a text table; for Excel use a .xlsx file")
    try:
        _check(src, "utf-8")
        return "utf-8", "utf-8", True
    except UnicodeDecodeError as e:
        _mixed(src, name, b"\r" in sample and b"\n" not in sample, e.start)
    return _code_page(src, name, sample)


_NOT_LEAD = bytes(b for b in range(256) if not 0xC2 <= b <= 0xF4)  # all but the first bytes of a UTF-8 sequence
_STRAY = 100  # stray bytes, more than the UTF-8 sequences, past which a file is no UTF-8 file with a few of them


def _mixed(src: Source, name: str, bare_cr: bool, offset: int) -> None:
    """Refuse a UTF-8 file with a few bytes of another encoding (rows appended from a cp1252 export), naming
    where: no code page reads it right, each would misread its UTF-8 rows. It is mixed when its UTF-8
    sequences are at least as many as its bytes that are not UTF-8. ``offset``: the first such byte. One pass,
    CHUNK bytes at a time, decoding in C from one stray byte to the next; it stops once there are more than
    _STRAY stray bytes and more of them than sequences (a file in a code page: charset reads it)."""
    import codecs
    import re

    end = b"\r" if bare_cr else b"\n"
    good = bad = 0
    line, start, held = 1, 0, b""  # start: the file offset of data[0]; held: an unfinished sequence
    before, after, found = b"", b"", False  # up to 30 bytes either side of the first stray byte
    with src.reading() as fh:
        while True:
            chunk = fh.read(CHUNK)
            data = held + chunk
            view, pos = memoryview(data), 0
            while True:  # from one stray byte to the next
                try:
                    _text, used = codecs.utf_8_decode(view[pos:], "strict", not chunk)
                    stop, stray = pos + used, 0
                except UnicodeDecodeError as e:
                    stop, stray = pos + e.start, max(e.end - e.start, 1)
                good += len(data[pos:stop].translate(None, _NOT_LEAD))  # the sequences' first bytes
                if not stray:
                    break
                bad += 1
                if bad > _STRAY and bad > good:
                    return
                pos = stop + stray
            body, held = data[:stop], data[stop:]
            if not found and offset < start + len(body):
                at = offset - start
                line += body.count(end, 0, at)
                before, after, found = (before + body[:at])[-30:], body[at : at + 31], True
            elif not found:
                line += body.count(end)
                before = (before + body[-30:])[-30:]
            elif len(after) < 31:
                after = (after + body[:31])[:31]
            start += len(body)
            if not chunk:
                break
    if not found or good < bad:
        return  # not UTF-8 with a few stray bytes: a code page (charset) reads it
    byte, cut = after[0], rb"[ ,;\t\r\n]"
    word = re.split(cut, before)[-1].decode("utf-8", "replace") + "?"
    word += re.split(cut, after[1:])[0].decode("utf-8", "replace")
    word = word.replace("\ufffd", "?")
    where = f"line {line} is" if bad == 1 else f"{bad} bytes, the first on line {line}, are"
    raise DataError(
        f"{name}: {where} not UTF-8 (byte {byte:02X} in {word!r}) though the rest of the file is: it mixes two"
        f" encodings (rows added from another file?); correct {'that line' if bad == 1 else 'them'}, or save the"
        " file again as UTF-8"
    )


def _code_page(src: Source, name: str, sample: bytes) -> tuple[str, str, bool]:
    """Windows-1252 or Mac Roman, by how each reads the file (charset.guess); refused when it cannot be told."""
    from . import charset

    readable, offsets = [], []
    for codec in charset.CANDIDATES:
        try:
            _check(src, codec)
            readable.append(codec)
        except UnicodeDecodeError as e:
            offsets.append(f"{codec} has no byte at offset {e.start}")

    def chunks() -> Iterator[bytes]:
        with src.reading() as fh:
            while chunk := fh.read(CHUNK):
                yield chunk

    bare_cr = b"\r" in sample and b"\n" not in sample
    try:
        codec, sure = charset.guess(chunks, readable, bare_cr)
    except charset.Undecided as e:
        why = "; ".join([str(e), *offsets])
        raise DataError(
            f"{name}: cannot tell its encoding: not UTF-8, and {why}; give --encoding (cp1252, mac_roman,"
            " cp1251, latin-1 or another)"
        ) from None
    return codec, codec, sure


def _strict(src: Source, enc: str, name: str, skip: int = 0) -> None:
    try:
        _check(src, enc, skip)
    except UnicodeDecodeError as e:
        raise DataError(f"{name}: not {enc} text (bad byte at offset {e.start}); give --encoding") from None


def _piecewise(codec: str) -> bool:
    """Whether ``codec`` decodes a file a piece at a time exactly as whole: a decoder that holds back
    an incomplete sequence (UTF-8, UTF-16, UTF-32, CJK), or one byte for one character (cp1252, latin-1).
    Others (punycode, idna, unicode_escape) see each piece as a whole text, so files in them are decoded
    whole, as before."""
    import codecs
    import sys

    info = codecs.lookup(codec)
    cls = info.incrementaldecoder
    if cls is None or info.name == "idna":  # idna buffers, but cuts labels at each piece's dots
        return False
    if issubclass(cls, codecs.BufferedIncrementalDecoder) or info.name in ("ascii", "iso8859-1"):
        return True
    if hasattr(sys.modules.get(cls.__module__), "decoding_table"):  # a charmap: one byte, one character
        return True
    try:
        from _multibytecodec import MultibyteIncrementalDecoder
    except ImportError:  # pragma: no cover - not CPython
        return False
    return issubclass(cls, MultibyteIncrementalDecoder)


def _byte_order(src: Source, encoding: str) -> str:
    """The codec to read a given ``encoding`` with: 'utf-16' or 'utf-32' without a BOM are decoded
    whole in the machine's byte order, which their piecewise decoders refuse; so name that order."""
    import codecs
    import sys

    name = codecs.lookup(encoding).name
    boms = {"utf-16": (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE), "utf-32": (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)}
    if name not in boms:
        return encoding
    with src.reading() as fh:
        if fh.read(4).startswith(boms[name]):
            return encoding
    return f"{name}-{'le' if sys.byteorder == 'little' else 'be'}"


def _check(src: Source, codec: str, skip: int = 0) -> None:
    """Decode every byte after the first ``skip`` with ``codec``, CHUNK bytes at a time, keeping nothing.

    A UnicodeDecodeError's ``start`` is set to the bad byte's offset in the whole file, less ``skip``.
    """
    import codecs

    if not _piecewise(codec):
        with src.reading() as fh:
            fh.read(skip)
            fh.read().decode(codec)
        return
    dec = codecs.getincrementaldecoder(codec)()
    with src.reading() as fh:
        fh.read(skip)
        pos = 0  # offset (after skip) of the chunk's first byte
        while True:
            chunk = fh.read(CHUNK)
            state = dec.getstate()  # bytes held back from the last chunk, e.g. half a UTF-8 sequence
            held = len(state[0]) if isinstance(state, tuple) and state and isinstance(state[0], bytes) else 0
            try:
                dec.decode(chunk, final=not chunk)
            except UnicodeDecodeError as e:
                e.start += pos - held
                raise
            if not chunk:
                return
            pos += len(chunk)
