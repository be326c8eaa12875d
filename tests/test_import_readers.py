"""The importer's readers: file objects, CSV/JSON/xlsx edge cases, bounded workbooks."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import THREE_ROWS_CSV, cells_table, examples, rezip, run, workbook, write
from hrcli import importer

# -- issue 12, hard edges ------------------------------------------------------------------------------------------


def test_random_workbook_structure_never_crashes(isolated):
    """Sheets of random shape: row numbers and cell references out of range, shared-string indices that
    point nowhere, cell types and values of every kind. One line and exit 1 or 2, or an import."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from conftest import rezip, workbook

    book = workbook([["date", "summary", "source", "locator"], ["2023", "first", "unct-2009", "para. 1"]])
    ref = st.one_of(
        st.builds(
            lambda c, n: f"{c}{n}",
            st.sampled_from(["A", "B", "D", "Z", "XFD", "XFE", "AAAA", ""]),
            st.sampled_from(["1", "2", "3", "1048576", "1048577", "2000000000", "0", "-1", "", "x"]),
        ),
        st.text(max_size=4),
    )
    ctype = st.sampled_from(["inlineStr", "s", "n", "b", "e", "str", "d", "", "zz"])
    text = st.one_of(
        st.sampled_from(["2023", "unct-2009", "para. 1", "0", "-1", "99", "1e999", "&amp;", "44927"]),
        st.text(alphabet=st.characters(codec="utf-8", exclude_characters="<&"), max_size=6),
    )

    def cell(r, t, v):
        body = f"<is><t>{v}</t></is>" if t == "inlineStr" else f"<v>{v}</v>"
        return f'<c r="{r}" t="{t}">{body}</c>'

    cells = st.lists(st.builds(cell, ref, ctype, text), max_size=5)
    rows = st.lists(
        st.builds(
            lambda n, cs: f'<row r="{n}">{"".join(cs)}</row>',
            st.sampled_from(["2", "3", "9", "1048577", "2000000000", "0", "", "two"]),
            cells,
        ),
        max_size=4,
    )

    @given(rows)
    @settings(max_examples=examples(60), deadline=None, suppress_health_check=list(HealthCheck))
    def check(body):
        sheet = SHEET.format(inline_row(1, "date", "summary", "source", "locator") + "".join(body))
        (isolated / "w.xlsx").write_bytes(rezip(book, {"xl/worksheets/sheet1.xml": sheet.encode("utf-8")}))
        r = run("import", str(isolated / "w.xlsx"), "--dry-run")
        assert r.code in (0, 1, 2), (body, r)
        assert "Traceback" not in r.stderr and "internal error" not in r.stderr, (body, r.stderr)

    check()


# -- issue 23, hard edges round two --------------------------------------------------------------------------------


def test_a_lone_surrogate_in_a_json_import_names_the_row(isolated):
    (isolated / "s.json").write_text(
        '[{"date":"2024","summary":"a\\udcffb","source":"gov-2011","locator":"para. 1"}]', encoding="utf-8"
    )
    r = run("import", str(isolated / "s.json"))
    assert r.code == 2 and "item 1" in r.stderr and "summary" in r.stderr and "not UTF-8" in r.stderr, r.stderr
    assert not list(isolated.glob("data/facts/import-*"))


# -- issue 22, written against hand mutants (scripts/mutants.py) ---------------------------------------------------


# -- importer: readers -----------------------------------------------------------------------------


def test_semicolon_csv_windows_1252_and_line_numbers_of_rows():
    t = cells_table("date;summary\n2011;Caf\u00e9 \u20ac5\n\n2012;b\n".encode("cp1252"))
    assert t.encoding == "cp1252" and t.columns == ["date", "summary"]
    assert [(w, r["summary"]) for w, r in t.rows] == [("line 2", "Caf\u00e9 \u20ac5"), ("line 4", "b")]


def test_a_row_with_more_cells_than_the_header_is_a_problem_not_cut_short():
    t = cells_table(b"date,summary\n2011,a,surplus\n2012,b,\n")
    assert t.rows[0] == ("line 2", {"\x00error": "3 cells but the header has 2"})
    assert t.rows[1][1] == {"date": "2012", "summary": "b"}  # an empty extra cell is no problem


def test_json_lines_are_numbered_from_one():
    t = cells_table(b'{"date": "2011"}\n\nnot json\n', "jsonl")
    assert [w for w, _r in t.rows] == ["line 1", "line 3"]


# -- issue 23, hard edges of the importer --------------------------------------------------------------------------


def one_line_failure(r, code: int, *needles: str) -> None:
    assert r.code == code, (r.code, r.stderr)
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "internal error" not in r.stderr and "Traceback" not in r.stderr, r.stderr
    for n in needles:
        assert n in r.stderr, r.stderr


def with_shared_strings(sst) -> bytes:
    """A one-row workbook whose summary cell is shared string 0 of ``sst`` (bytes or a writer)."""
    book = workbook([["date", "summary", "source", "locator"]])
    with zipfile.ZipFile(io.BytesIO(book)) as z:
        types, rels = z.read("[Content_Types].xml"), z.read("xl/_rels/workbook.xml.rels")
    types = types.replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    rels = rels.replace(
        b"</Relationships>",
        b'<Relationship Id="rIdSS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    )
    row2 = '<row r="2"><c r="A2" t="inlineStr"><is><t>2023</t></is></c><c r="B2" t="s"><v>0</v></c></row>'
    sheet = SHEET.format(inline_row(1, "date", "summary", "source", "locator") + row2).encode()
    parts = {"[Content_Types].xml": types, "xl/_rels/workbook.xml.rels": rels, "xl/worksheets/sheet1.xml": sheet}
    return rezip(book, {**parts, "xl/sharedStrings.xml": sst})


SST = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


SHEET = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{}</sheetData></worksheet>'
)


def inline_row(n: int, *cells: str) -> str:
    cs = "".join(f'<c r="{chr(65 + i)}{n}" t="inlineStr"><is><t>{c}</t></is></c>' for i, c in enumerate(cells))
    return f'<row r="{n}">{cs}</row>'


# -- readers take binary file objects ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "data"),
    [
        ("csv", THREE_ROWS_CSV.encode()),
        ("tsv", THREE_ROWS_CSV.replace(",", "\t").encode()),
        (
            "json",
            json.dumps([{"date": "2023", "summary": "Visit", "source": "unct-2009", "locator": "para. 1"}]).encode(),
        ),
        ("jsonl", b'{"date": "2023", "summary": "Visit", "source": "unct-2009", "locator": "para. 1"}\n'),
        ("xlsx", None),
    ],
)
def test_every_reader_takes_a_binary_file_object(fmt, data):
    if data is None:
        data = workbook([["date", "summary", "source", "locator"], [2023, "Visit", "unct-2009", "para. 1"]])
    table = importer.rows_from_file(io.BytesIO(data), fmt, f"in.{fmt}")
    assert table.format == fmt
    assert table.columns == ["date", "summary", "source", "locator"]
    ((where, row),) = table.rows
    assert where in ("line 2", "row 2", "item 1", "line 1")
    assert importer.clean_record(row, importer.column_map(table.columns, "events", [])[0], "events", {}) == {
        "date": "2023",
        "summary": "Visit",
        "source": "unct-2009",
        "locator": "para. 1",
    }


def test_the_input_formats_are_the_registrys():
    from hrcli import formats

    for suffix, fmt in formats.INPUT_SUFFIXES.items():
        assert importer.detect_format(Path("x" + suffix.upper())) == fmt
    assert "FORMATS" not in importer.__dict__  # no list of the importer's own
    r = run("import", "whatever.csv", "--from-format", "xls")
    assert r.code == 2 and "Did you mean 'xlsx'?" in r.stderr


# -- workbooks that unpack to far more than they weigh ------------------------------------------------------


def test_a_workbook_with_one_huge_shared_string_is_refused_unread(isolated):
    def huge(fh):  # 300 MiB of one letter: deflates to well under 1 MiB
        chunk = b"a" * (1 << 20)
        fh.write(SST + b"<si><t>")
        for _ in range(300):
            fh.write(chunk)
        fh.write(b"</t></si></sst>")

    data = with_shared_strings(huge)
    assert len(data) < 2 << 20
    r = run("import", str(write(isolated, "bomb.xlsx", data)), "--dry-run")
    one_line_failure(r, 1, "bomb.xlsx", "MiB")


def test_a_workbook_with_too_many_shared_strings_is_refused(isolated):
    from hrcli.importer import xlsx

    fine = importer.rows_from_file(io.BytesIO(with_shared_strings(SST + b"<si><t>Visit</t></si></sst>")), "xlsx")
    assert [(w, r["summary"]) for w, r in fine.rows] == [("row 2", "Visit")]
    data = with_shared_strings(SST + b"<si><t>s</t></si>" * (xlsx.MAX_SHARED_STRINGS + 1) + b"</sst>")
    r = run("import", str(write(isolated, "many.xlsx", data)), "--dry-run")
    one_line_failure(r, 1, "many.xlsx", "shared strings")


def test_a_row_numbered_two_billion_is_refused_not_walked_to(isolated):
    book = workbook([["date", "summary", "source", "locator"]])
    sheet = SHEET.format(inline_row(1, "date", "summary", "source", "locator") + inline_row(2_000_000_000, "2023"))
    data = rezip(book, {"xl/worksheets/sheet1.xml": sheet.encode()})
    assert len(data) < 8000
    r = run("import", str(write(isolated, "far.xlsx", data)), "--dry-run")
    one_line_failure(r, 1, "far.xlsx", "2,000,000,000", "last row")


def test_a_sparse_sheet_is_read_by_its_real_row_numbers(isolated):
    book = workbook([["date"]])
    rows = inline_row(1, "date", "summary", "source", "locator") + inline_row(70_000, "2023", "far", "unct-2009", "p")
    data = rezip(book, {"xl/worksheets/sheet1.xml": SHEET.format(rows).encode()})
    table = importer.rows_from_file(io.BytesIO(data), "xlsx", "sparse.xlsx")
    assert [w for w, _r in table.rows] == ["row 70000"]


@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/styles.xml"])
def test_malformed_xml_in_a_workbook_is_one_line(isolated, part):
    book = workbook([["date", "summary"], ["2023", "x"]])
    with zipfile.ZipFile(io.BytesIO(book)) as z:
        good = z.read(part)
    data = rezip(book, {part: good[: len(good) // 2]})
    r = run("import", str(write(isolated, "broken.xlsx", data)), "--dry-run")
    one_line_failure(r, 1, "broken.xlsx", "malformed XML", part)


def test_a_workbook_declaring_entities_is_refused(isolated):
    doctype = b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
    data = with_shared_strings(doctype + SST + b"<si><t>&b;</t></si></sst>")
    r = run("import", str(write(isolated, "dtd.xlsx", data)), "--dry-run")
    one_line_failure(r, 1, "dtd.xlsx", "DTD")


@given(
    st.lists(
        st.lists(st.one_of(st.none(), st.integers(), st.floats(allow_nan=False), st.text(max_size=8)), max_size=5),
        max_size=5,
    ),
    st.integers(0, 4000),
    st.integers(0, 255),
)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_random_and_damaged_workbooks_never_crash(isolated, rows, at, byte):
    import string

    clean = [
        [c.translate({ord(ch): None for ch in string.printable[-6:]}) if isinstance(c, str) else c for c in r]
        for r in rows
    ]
    clean = [
        [c for c in r if not (isinstance(c, str) and re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", c))] for r in clean
    ]
    data = bytearray(workbook([["date", "summary", "source", "locator"], *clean]))
    data[at % len(data)] = byte
    r = run("import", str(write(isolated, "f.xlsx", bytes(data))), "--dry-run")
    assert r.code in (0, 1, 2), r
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr, r.stderr


# -- hostile JSON and encodings --------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["1e999", "NaN", "-Infinity"])
def test_json_numbers_that_are_not_finite_are_one_line(isolated, value):
    text = f'[{{"date": {value}, "summary": "x", "source": "unct-2009", "locator": "p"}}]'
    r = run("import", str(write(isolated, "n.json", text)), "--dry-run")
    one_line_failure(r, 1, "n.json", value)
    r = run("import", str(write(isolated, "n.jsonl", text[1:-1] + "\n")), "--dry-run")
    assert r.code == 2 and "n.jsonl: line 1: not valid JSON" in r.stderr and "internal error" not in r.stderr


def test_a_json_cell_nested_900_deep_names_its_field(isolated):
    text = '[{"date": "2023", "summary": ' + "[" * 900 + "]" * 900 + ', "source": "unct-2009", "locator": "p"}]'
    r = run("import", str(write(isolated, "deep.json", text)), "--dry-run")
    assert r.code == 2, r.stderr
    assert "deep.json: item 1: column 'summary': nested" in r.stderr and "internal error" not in r.stderr


def test_a_codec_that_fails_its_own_way_is_one_line(isolated):
    # punycode refuses ASCII text with a UnicodeError of its own, not a UnicodeDecodeError
    r = run("import", str(write(isolated, "p.csv", THREE_ROWS_CSV)), "--encoding", "punycode")
    one_line_failure(r, 1, "p.csv", "not punycode text")
    r = run("import", str(write(isolated, "p.csv", THREE_ROWS_CSV)), "--encoding", "rot13")
    one_line_failure(r, 2, "unknown encoding")


def test_a_big_sheet_is_bounded_by_time_not_memory_but_what_openpyxl_holds_whole_stays_small(isolated, monkeypatch):
    """The sheet is read a row at a time, so it may unpack to far more than the shared strings may."""
    from hrcli.importer import xlsx

    assert xlsx.MAX_UNPACKED >= 1 << 30 and xlsx.MAX_HELD <= 256 << 20
    rows = inline_row(1, "date", "summary", "source", "locator") + inline_row(2, "2023", "x" * 60000, "unct-2009", "p")
    book = rezip(workbook([["date"]]), {"xl/worksheets/sheet1.xml": SHEET.format(rows).encode()})
    monkeypatch.setattr(xlsx, "MAX_HELD", 40000)  # smaller than the sheet, larger than every other part
    r = run("import", str(write(isolated, "wide.xlsx", book)), "--dry-run")
    assert r.code == 0, r.stderr
    monkeypatch.setattr(xlsx, "MAX_UNPACKED", 40000)  # the whole workbook is bounded all the same
    r = run("import", str(write(isolated, "wide.xlsx", book)), "--dry-run")
    one_line_failure(r, 1, "wide.xlsx", "MiB")
