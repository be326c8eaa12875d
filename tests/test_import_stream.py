"""The readers stream (issue 19, item 6): a pass over a table's rows holds one row at a time, reads the
file again each time, and gives exactly the rows (and errors) a whole-file read gave. Small made-up inputs;
``stream.CHUNK`` and ``stream.SPOOL`` are made tiny so small files take the large-file paths."""

from __future__ import annotations

import io
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples, workbook, write
from hrcli import importer
from hrcli.errors import DataError
from hrcli.importer import stream

CSV = 'date,summary,source\n2011,Café visit,unct-2009\n\n2012,"two\r\nlines",unct-2009\n2013,c,unct-2009\n'


@pytest.fixture
def tiny(monkeypatch):
    """Decode 7 bytes at a time and hold nothing in memory: every file is read again from disk per pass."""
    monkeypatch.setattr(stream, "CHUNK", 7)
    monkeypatch.setattr(stream, "SPOOL", 16)


def workbook_with_sources(rows: list[list]) -> bytes:
    return workbook(rows, sources=[["id", "title"], ["mine-1", "My source"]])


CASES = {
    "csv": CSV.encode("utf-8"),
    "tsv": CSV.replace(",", "\t").encode("utf-16"),
    "jsonl": b'{"date": "2011", "summary": "a"}\r\n\nnot json\n[1]\n{"date": "2012", "note": "\xc3\xa9"}',
    "json": b'[{"date": "2011", "summary": "a"}, {"summary": "b", "x": 1}]',
}


@pytest.mark.parametrize("fmt", [*CASES, "xlsx"])
@pytest.mark.parametrize("where", ["disk", "stream"])
def test_two_passes_give_the_same_rows_and_count_them(tmp_path, tiny, fmt, where):
    if fmt == "xlsx":
        data = workbook_with_sources([["date", "summary"], [2011, "a"], [None, None], [2012, "b"], [2013, "c"]])
    else:
        data = CASES[fmt]
    if where == "disk":
        table = importer.read_table(write(tmp_path, f"t.{fmt}", data))
    else:
        table = importer.rows_from_file(io.BytesIO(data), fmt, f"t.{fmt}")
    if fmt != "jsonl":  # JSON Lines counts its rows while it collects the columns
        assert table.count is None
    first = list(table.iter_rows())
    assert first and table.count == len(first)
    assert list(table.iter_rows()) == first
    assert table.head(2) == first[:2] and table.head(0) == []
    # passes interleaved, as a sample taken while the rows are planned, each with its own position
    pairs = list(zip(table.iter_rows(), table.iter_rows(), strict=True))
    assert [a for a, _b in pairs] == [b for _a, b in pairs] == first
    assert table.rows == first  # the list the plan uses today: the same rows
    assert table.rows is table.rows
    if fmt == "xlsx":  # the sheet asked for, by its row numbers; the sources sheet beside it
        assert first == [("row 2", {"date": 2011, "summary": "a"}), ("row 4", {"date": 2012, "summary": "b"})] + [
            ("row 5", {"date": 2013, "summary": "c"})
        ]
        assert table.sources == [("Sources row 2", {"id": "mine-1", "title": "My source"})]


def test_a_pass_gives_what_the_whole_file_read_gave(tmp_path, tiny):
    """Line numbers, a quoted CRLF, a bare CR, a blank row, a short row, an extra-cell row, ';' sniffed."""
    data = b'\xef\xbb\xbfdate;summary\r2011;a\r\r2012;"b\rc";\n \t; \n2013\n2014;d;x\n'
    t = importer.read_table(write(tmp_path, "t.csv", data))
    assert t.columns == ["date", "summary"] and t.encoding == "utf-8-sig"
    assert list(t.iter_rows()) == [
        ("line 2", {"date": "2011", "summary": "a"}),
        ("line 4", {"date": "2012", "summary": "b\rc"}),  # an empty extra cell is no problem
        ("line 7", {"date": "2013"}),  # line 6 has only spaces: blank
        ("line 8", {"\x00error": "3 cells but the header has 2"}),
    ]
    jl = b'{"a": 1}\n\n{"b": 2}\x0b{"c": 3}\r\n{"d": 4}\xe2\x80\xa8{"e": 5}\r'
    t = importer.read_table(write(tmp_path, "t.jsonl", jl))
    # where str.splitlines() cut the whole text: vertical tab and LINE SEPARATOR end a line too
    assert [w for w, _r in t.iter_rows()] == ["line 1", "line 3", "line 4", "line 5", "line 6"]
    assert t.columns == ["a", "b", "c", "d", "e"] and t.count == 5


def test_head_does_not_read_the_rest_of_a_large_file(tmp_path, monkeypatch):
    from hrcli import safefile

    monkeypatch.setattr(stream, "SPOOL", 1024)  # so the file is read from disk for each pass, not held
    body = b"".join(b"%d,row %d\n" % (2000 + n % 20, n) for n in range(20_000))
    path = write(tmp_path, "big.csv", b"date,summary\n" + body + b'2011,"' + b"x" * 200_000 + b'"\n2012,z\n')
    read_to: list[int] = []  # how far into the file each pass had read when it was closed
    real = safefile.open_regular

    class Counted(io.BufferedReader):
        def close(self):
            if not self.closed:
                read_to.append(self.tell())
            super().close()

    monkeypatch.setattr(safefile, "open_regular", lambda p, limit=None: Counted(real(p, limit).detach()))
    t = importer.read_table(path)
    read_to.clear()
    assert [r["summary"] for _w, r in t.head(5)] == [f"row {n}" for n in range(5)]
    # one pass, closed, that read a few blocks: the row past csv's field limit, 300 KB on, is never reached
    assert len(read_to) == 1 and read_to[0] < 100_000, read_to
    with pytest.raises(DataError, match=r"big\.csv: line 20002: not valid CSV: field larger than field limit"):
        list(t.iter_rows())
    assert t.count is None  # no complete pass
    assert len(read_to) == 2  # the failed pass closed its file too
    # head(n) stops at row n: the row after it may be the one that cannot be read
    t = importer.read_table(write(tmp_path, "short.csv", b'date,summary\n2011,a\n2012,b\n2013,"' + b"x" * 200_000))
    assert len(t.head(2)) == 2
    with pytest.raises(DataError, match="field larger than field limit"):
        t.head(3)


@pytest.mark.parametrize("chunk", [7, 1 << 20])
def test_a_windows_byte_near_the_end_makes_the_whole_file_windows_1252(tmp_path, monkeypatch, chunk):
    """As a whole-file read did: ASCII up to a byte that is not UTF-8, so every byte is read as cp1252; a file
    that was UTF-8 up to there mixes two encodings, and the line is named (counted across the chunks)."""
    monkeypatch.setattr(stream, "CHUNK", chunk)
    rows = b"".join(b"2011,row %d\n" % n for n in range(120_000))  # 1.4 MB: past the first megabyte
    data = b"date,summary\n2010,Cafe\n" + rows + b"2012,Caf\xe9\n"
    t = importer.read_table(write(tmp_path, "t.csv", data))
    assert t.encoding == "cp1252"
    got = list(t.iter_rows())
    assert got[0][1]["summary"] == "Cafe" and got[-1] == (f"line {len(got) + 1}", {"date": "2012", "summary": "Café"})
    mixed = data.replace(b"Cafe", b"Caf\xc3\xa9")
    with pytest.raises(DataError, match=r"line 120003 is not UTF-8 \(byte E9 in 'Caf\?'\)"):
        importer.read_table(write(tmp_path, "m.csv", mixed))
    # a byte neither UTF-8 nor cp1252 has, named by its offset in the whole file; Mac Roman reads it, implausibly
    bad = data[:-3] + b"\x81\n"
    with pytest.raises(DataError, match=rf"cannot tell its encoding: .*cp1252 has no byte at offset {len(data) - 3};"):
        importer.read_table(write(tmp_path, "u.csv", bad))


def test_offsets_and_sequences_across_chunks(tmp_path, tiny):
    text = "date,summary\n2011,é€😀 across the cut\n"
    t = importer.read_table(write(tmp_path, "t.csv", text.encode("utf-8")))
    assert t.encoding == "utf-8" and t.rows[0][1]["summary"] == "é€😀 across the cut"
    plain = text.replace("😀", "")  # its UTF-16 has a zero byte: the sniffing takes it for binary, as before
    for enc in ("utf-16", "utf-16-le", "utf-16-be"):
        t = importer.read_table(write(tmp_path, "t.csv", plain.encode(enc)))
        assert t.encoding == enc and t.rows[0][1]["summary"] == "é€ across the cut"
    data = text.encode("utf-8") + b"\xff"
    with pytest.raises(DataError, match=rf"not utf-8 text \(bad byte at offset {len(data) - 1}\)$"):
        importer.read_table(write(tmp_path, "t.csv", data), encoding="utf-8")
    # after a BOM, as before: the offset counts from the end of the BOM
    with pytest.raises(DataError, match=rf"not utf-8 text \(bad byte at offset {len(data) - 1}\); give --encoding"):
        importer.read_table(write(tmp_path, "t.csv", b"\xef\xbb\xbf" + data))
    # utf-16 given for a file without a BOM: the machine's byte order, as a whole-file decode
    t = importer.read_table(write(tmp_path, "t.csv", text.encode("utf-16-le")), encoding="utf-16")
    assert t.encoding == "utf-16" and t.rows[0][1]["summary"] == "é€😀 across the cut"


def test_rows_from_a_bytes_io_or_a_pipe_outlive_the_stream(tmp_path, monkeypatch):
    data = CSV.encode("utf-8")
    fp = io.BytesIO(data)
    t = importer.rows_from_file(fp, "csv", "in.csv")
    fp.close()  # the table read it into its own copy
    want = [("line 2", {"date": "2011", "summary": "Café visit", "source": "unct-2009"})]
    assert t.rows[:1] == want and len(t.rows) == 3

    class Pipe:  # read() only: no seek, no tell, as stdin
        def __init__(self, data: bytes):
            self.left = data

        def read(self, n: int = -1) -> bytes:
            out, self.left = self.left[:n], self.left[n:]
            return out

    monkeypatch.setattr(stream, "CHUNK", 5)
    monkeypatch.setattr(stream, "SPOOL", 20)  # into a temporary file
    t = importer.rows_from_file(Pipe(data), "csv", "in.csv")
    assert list(t.iter_rows())[:1] == want and list(t.iter_rows()) == list(t.iter_rows())
    monkeypatch.setattr(stream, "MAX_BYTES", len(data) - 1)
    with pytest.raises(DataError, match=r"^in\.csv: larger than hrcli's limit"):
        importer.rows_from_file(Pipe(data), "csv", "in.csv")


def test_an_encoding_that_cannot_be_cut_is_decoded_whole(tmp_path, tiny):
    """unicode_escape reads each piece as a whole text: cut inside an escape, a piece is not valid alone."""
    data = b"date,summary\n2011,c\\xe9\n"  # the escape straddles the 7-byte pieces' boundary at 21
    t = importer.read_table(write(tmp_path, "t.csv", data), encoding="unicode_escape")
    assert t.rows == [("line 2", {"date": "2011", "summary": "c\u00e9"})]


def test_a_large_file_changed_between_passes_is_refused(tmp_path, tiny):
    path = write(tmp_path, "t.csv", CSV.encode("utf-8"))
    t = importer.read_table(path)
    assert len(list(t.iter_rows())) == 3
    path.write_bytes(CSV.replace("2013", "2014").encode("utf-8") + b"2015,d,unct-2009\n")
    with pytest.raises(DataError, match=r"t\.csv: changed while it was being read; import it again"):
        list(t.iter_rows())


def test_a_small_file_is_read_once(tmp_path):
    path = write(tmp_path, "t.csv", CSV.encode("utf-8"))
    t = importer.read_table(path)
    path.write_bytes(b"date,summary\n")
    assert len(t.rows) == 3  # what the file held when it was read


def _outcome(data: bytes, fmt: str, encoding: str | None):
    try:
        t = importer.rows_from_file(io.BytesIO(data), fmt, "t", encoding)
        return t.columns, list(t.iter_rows()), t.encoding, t.sources
    except DataError as e:
        return str(e)


PIECES = [b"a", b",", b";", b"\t", b"\n", b"\r", b'"', b" ", b"\xc3\xa9", b"\xe9", b"\x81", b"\xef\xbb\xbf", b"{"]
PIECES += [b'"k"', b":", b"}", b"1", b"\xe2\x80\xa8", b"\xf0\x9f\x98", b"\x80", b"date,summary\n"]


@settings(deadline=None, max_examples=examples(200))
@given(
    st.lists(st.sampled_from(PIECES), max_size=30).map(b"".join),
    st.sampled_from(["csv", "tsv", "jsonl", "json"]),
    st.sampled_from([None, None, "utf-8", "cp1252", "utf-16", "punycode"]),
)
def test_reading_in_tiny_chunks_changes_nothing(data, fmt, encoding):
    whole = _outcome(data, fmt, encoding)
    with mock.patch.object(stream, "CHUNK", 3), mock.patch.object(stream, "SPOOL", 4):
        assert _outcome(data, fmt, encoding) == whole


def test_a_sheet_s_rows_out_of_order_are_read_as_openpyxl_read_them():
    """Row numbers as written: a row numbered at or below one already read is passed over; a row with
    no number follows the one before it."""
    from conftest import rezip
    from conftest import workbook as book_of
    from test_import_readers import SHEET, inline_row

    rows = inline_row(1, "date", "summary") + inline_row(3, "2013", "c") + inline_row(2, "2012", "b")
    rows += inline_row(3, "2014", "d") + '<row><c t="inlineStr"><is><t>2015</t></is></c></row>' + inline_row(6, "x")
    data = rezip(book_of([["date"]]), {"xl/worksheets/sheet1.xml": SHEET.format(rows).encode()})
    t = importer.rows_from_file(io.BytesIO(data), "xlsx", "o.xlsx")
    assert list(t.iter_rows()) == [
        ("row 3", {"date": "2013", "summary": "c"}),
        ("row 4", {"date": "2015", "summary": None}),
        ("row 6", {"date": "x", "summary": None}),
    ]


def test_the_mixed_encoding_check_stops_early_on_a_code_page_file(monkeypatch):
    """A cp1252 file has a stray byte in every accented word: the check that looks for a UTF-8 file with a few
    stray bytes stops after a few of them, not after reading (and re-decoding) the whole file."""
    monkeypatch.setattr(stream, "CHUNK", 4096)
    data = ("date,summary\n" + "2011,Coopérer avec la Haute Autorité\n" * 100_000).encode("cp1252")
    read = []

    class Counted(io.BytesIO):
        def read(self, n=-1):
            chunk = super().read(n)
            read.append(len(chunk))
            return chunk

    stream._mixed(stream.Source(lambda: Counted(data), "t.csv"), "t.csv", False, 22)  # returns: not mixed
    assert 0 < sum(read) <= 4 * 4096
    t = importer.rows_from_file(io.BytesIO(data), "csv", "t.csv")
    assert t.encoding == "cp1252" and t.rows[-1][1]["summary"] == "Coopérer avec la Haute Autorité"
