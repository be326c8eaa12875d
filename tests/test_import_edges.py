"""hrcli import, issue 23's hard edges: readers on file objects, bounded workbooks, one import per file."""

from __future__ import annotations

import ast
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ok_json, run
from hrcli import importer

CSV = "date,summary,source,locator\n2023,Visit,unct-2009,para. 1\n"


def write(folder: Path, name: str, data: bytes | str) -> Path:
    p = folder / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return p


def one_line_failure(r, code: int, *needles: str) -> None:
    assert r.code == code, (r.code, r.stderr)
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "internal error" not in r.stderr and "Traceback" not in r.stderr, r.stderr
    for n in needles:
        assert n in r.stderr, r.stderr


def workbook(rows: list[list]) -> bytes:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def rezip(book: bytes, parts: dict[str, object]) -> bytes:
    """The workbook with parts replaced or added: bytes, or a callable that writes to the part (for big ones)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(book)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename not in parts:
                dst.writestr(info, src.read(info))
        for name, part in parts.items():
            if callable(part):
                with dst.open(name, "w", force_zip64=True) as fh:
                    part(fh)
            else:
                dst.writestr(name, part)
    return out.getvalue()


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
        ("csv", CSV.encode()),
        ("tsv", CSV.replace(",", "\t").encode()),
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
    r = run("import", "whatever.csv", "--from-format", "xslx")
    assert r.code == 2 and "Did you mean 'xlsx'?" in r.stderr


# -- the package: one job per module, data layer only ----------------------------------------------------


def test_importer_modules_are_small_and_never_import_the_layers_above():
    folder = Path(importer.__file__).parent
    above = {"output", "commands", "render", "cli", "options", "html", "view"}
    for path in folder.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert len(text.splitlines()) <= 500, path.name
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ImportFrom):
                mod = (node.module or "").split(".")[0]
                names = {a.name for a in node.names}
                assert not (node.level >= 2 and (mod in above or (not mod and names & above))), (path.name, mod)
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "print":
                raise AssertionError(f"{path.name} prints")


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


# -- one import per file, whatever its name ----------------------------------------------------------------


def test_files_with_the_same_name_are_separate_imports(isolated):
    a = write(isolated, "a/upr.csv", "id,date,summary,source,locator\nmy-1,2023,from a,unct-2009,p. 1\n")
    b = write(isolated, "b/upr.csv", "id,date,summary,source,locator\nmy-2,2024,from b,unct-2009,p. 2\n")
    c = write(isolated, "UPR.csv", "id,date,summary,source,locator\nmy-3,2025,from c,unct-2009,p. 3\n")
    for f in (a, b, c):
        assert run("import", str(f)).code == 0
    listed = ok_json("import", "--list")
    assert sorted((i["name"], i["path"]) for i in listed) == sorted(
        [("upr.csv", str(a.resolve())), ("upr.csv", str(b.resolve())), ("UPR.csv", str(c.resolve()))]
    )
    assert len({i["file"] for i in listed}) == 3
    # b's file now claims a's id: a's record is neither replaced nor re-homed
    write(isolated, "b/upr.csv", "id,date,summary,source,locator\nmy-1,2023,from b,unct-2009,p. 9\n")
    r = run("import", str(b), "--replace")
    assert r.code == 2 and "'my-1' is already the id of a record in your files" in r.stderr
    assert ok_json("show", "my-1")[0]["summary"] == "from a"
    # a name two imports share is ambiguous: both are named, nothing is removed
    r = run("remove", "--import", "upr.csv")
    assert r.code == 2 and "matches 2 imports" in r.stderr and str(a.resolve()) in r.stderr
    assert str(b.resolve()) in r.stderr
    r = run("remove", "--import", "UPR.csv")
    assert r.code == 0, r.stderr
    left = {e["id"] for e in ok_json("timeline") if e["origin"] == "user"}
    assert left == {"my-1", "my-2"}
    # one record of one of the two same-named imports goes from the right file
    assert run("remove", "my-2").code == 0
    assert {i["path"]: i["records"] for i in ok_json("import", "--list")}[str(b.resolve())] == 0


def test_a_file_name_of_249_characters_imports(isolated):
    name = "r" * 245 + ".csv"
    r = run("import", str(write(isolated, name, CSV)))
    assert r.code == 0, r.stderr
    (made,) = (isolated / "data" / "facts").glob("import-*.json")
    assert len(made.name) < 120
    assert run("remove", "--import", name).code == 0


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
    r = run("import", str(write(isolated, "p.csv", CSV)), "--encoding", "punycode")
    one_line_failure(r, 1, "p.csv", "not punycode text")
    r = run("import", str(write(isolated, "p.csv", CSV)), "--encoding", "rot13")
    one_line_failure(r, 2, "unknown encoding")


# -- one pass: the format told once, every fact file validated once ------------------------------------------


def test_an_import_tells_the_format_once_and_validates_every_file_once(isolated, monkeypatch):
    from hrcli import validate
    from hrcli.importer import readers

    assert run("import", str(write(isolated, "first.csv", CSV))).code == 0
    checked: list[str] = []
    told: list[str] = []
    real_check, real_detect = validate.check, readers.detect_format

    def check(data, file="<data>", *args, **kw):
        checked.append(Path(file).name)
        return real_check(data, file, *args, **kw)

    def detect(path, given=None):
        told.append(str(path))
        return real_detect(path, given)

    monkeypatch.setattr(validate, "check", check)
    monkeypatch.setattr(readers, "detect_format", detect)
    r = run("import", str(write(isolated, "second.csv", CSV.replace("Visit", "Second visit"))))
    assert r.code == 0, r.stderr
    names = sorted(p.name for p in (isolated / "data" / "facts").glob("import-*.json"))
    assert sorted(checked) == sorted(["facts.toml", *names]), checked
    assert len(told) == 1
    checked.clear()
    assert len(ok_json("timeline", "--origin", "user")) == 2
    assert checked == []  # the import left the cache built for the files as they now stand


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


def test_a_formula_cell_with_no_saved_value_is_said_to_be_one(isolated):
    rows = [
        ["date", "summary", "source", "locator"],
        [2010, "plain", "unct-2009", "para. 1"],
        [2011, '="made "&A3', "unct-2009", "para. 2"],
        [2012, '="made "&A4', "unct-2009", "para. 3"],
    ]
    book = workbook(rows)  # openpyxl saves a formula and no value for it, as any program that does not compute
    assert b"<f>" in zipfile.ZipFile(io.BytesIO(book)).read("xl/worksheets/sheet1.xml")
    r = run("import", str(write(isolated, "f.xlsx", book)))
    assert r.code == 2
    assert "rows 3-4 (2 rows): column 'summary' holds a formula with no saved value" in r.stderr
    assert "missing" not in r.stderr
    # saved by a program that computes them: the values are read (an empty text result is an empty cell)
    sheet = zipfile.ZipFile(io.BytesIO(book)).read("xl/worksheets/sheet1.xml").decode("utf-8")
    for n in (3, 4):
        cell = f'<c r="B{n}"><f>"made "&amp;A{n}</f><v></v></c>'
        assert cell in sheet
        sheet = sheet.replace(cell, f'<c r="B{n}" t="str"><f>"made "&amp;A{n}</f><v>made {2008 + n}</v></c>')
    saved = rezip(book, {"xl/worksheets/sheet1.xml": sheet.encode("utf-8")})
    r = run("import", str(write(isolated, "g.xlsx", saved)))
    assert r.code == 0, r.stderr
    assert {"made 2011", "made 2012"} <= {e["summary"] for e in ok_json("timeline", "--from", "2011")}
