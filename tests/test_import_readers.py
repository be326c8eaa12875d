"""The importer's readers: file objects, CSV/JSON/xlsx edge cases, bounded workbooks, and files in the exact
shape of published datasets (tests/data/datasets/, docs/dev/datasets.md): encodings told apart (Mac Roman with
bare CR line ends as UPR Info's export has it), BIFF .xls, a title row above the header and footer notes below
the rows, Excel serial dates, standard input, a nested JSON object."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO, THREE_ROWS_CSV, cells_table, examples, rezip, run, workbook, write
from hrcli import importer
from hrcli.errors import DataError, UsageError
from hrcli.importer import charset

DATA = REPO / "tests" / "data" / "datasets"
DASH_XLS = DATA / "UnderlyingData_ICESCR_OHCHR_02_07_2026.xls"
UPR_INFO = ["To", "To-Rgrp", "To-Org", "Text", "From", "From-Rgrp", "From-Org", "Response", "Action", "Issue",
            "Session"]  # fmt: skip


def cells(table) -> list[list]:
    """Each row's cells in column order, and where it came from."""
    return [[where, *(row.get(c) for c in table.columns)] for where, row in table.iter_rows()]


# -- encodings ---------------------------------------------------------------------------------------------------


def test_upr_info_mac_roman_export_with_bare_cr_reads_right():
    t = importer.read_table(DATA / "upr-info-belarus-given.csv")
    assert (t.encoding, t.unsure, t.columns) == ("mac_roman", False, UPR_INFO)
    rows = cells(t)
    assert [r[0] for r in rows] == [f"line {n}" for n in range(2, 9)]  # each CR ends a line
    assert rows[1] == ["line 3", "Germany", "WEOG", "EU", "Review its stance vis-à-vis migrants held at the border",
                       "Belarus", "EEG", "CIS", "Noted", "3", "Migrants", "4"]  # fmt: skip
    assert rows[6][4] == "Do more to shield children from violence at home, vis-à-vis its earlier pledges"
    assert rows[3][4].endswith("bring them to account ")  # the reader keeps a cell as written
    # every row, against the file decoded as what it is
    raw = (DATA / "upr-info-belarus-given.csv").read_bytes().decode("mac_roman")
    want = list(csv.reader(io.StringIO(raw, newline="")))
    assert [r[1:] for r in rows] == want[1:] and len(want) == 8


def test_mac_roman_letters_in_names_and_cp1252_text():
    t = importer.read_table(DATA / "upr-info-belarus-received.csv")
    assert t.encoding == "mac_roman" and not t.unsure
    assert "Côte d'Ivoire" in {r["From"] for _w, r in t.iter_rows()}
    # the same table saved on Windows: cp1252, CRLF
    text = (DATA / "upr-info-belarus-given.csv").read_bytes().decode("mac_roman").replace("\r", "\r\n")
    t = importer.rows_from_file(io.BytesIO(text.encode("cp1252")), "csv", "w.csv")
    assert (t.encoding, t.unsure) == ("cp1252", False)
    assert [r[1:] for r in cells(t)] == [r[1:] for r in cells(importer.read_table(DATA / "upr-info-belarus-given.csv"))]


@pytest.mark.parametrize(
    ("text", "codec", "sure"),
    [
        ("date,summary\r2011,vis-à-vis\r", "mac_roman", True),
        ("date,summary\n2011,Café in Brest\n", "cp1252", True),
        ("date,summary\n2011,Ærø and Øresund\n", "cp1252", True),
        ("date,summary\n2011,“quoted” – dash\n", "cp1252", False),  # Mac Roman: "ìquotedî ñ dash"
        ("date,summary\n2011,“quoted” – dash\n", "mac_roman", True),
        ("date,summary\n2011,don’t\n", "cp1252", False),  # ’ and í both read well: said
        ("date,summary\n2011,Größe über\n", "mac_roman", True),
    ],
)
def test_code_pages_told_apart(text, codec, sure):
    t = importer.rows_from_file(io.BytesIO(text.encode(codec)), "csv", "t.csv")
    assert (t.encoding, not t.unsure) == (codec, sure)
    assert t.rows[0][1]["summary"] == text.splitlines()[1].split(",")[1]


def test_undecidable_code_page_is_refused_with_the_choices():
    # 0xA5 between spaces: cp1252 "¥", Mac Roman "•"; both plausible, as plausible as each other
    data = b"date,summary\n2011,one \xa5 two\n"
    with pytest.raises(DataError) as e:
        importer.rows_from_file(io.BytesIO(data), "csv", "t.csv")
    msg = str(e.value)
    assert "cannot tell its encoding" in msg and "give --encoding" in msg
    assert 'cp1252 reads "\u00a5", mac_roman reads "\u2022"' in msg
    # --encoding decides it
    t = importer.rows_from_file(io.BytesIO(data), "csv", "t.csv", encoding="mac_roman")
    assert t.rows[0][1]["summary"] == "one \u2022 two"


def test_bare_cr_tips_an_even_reading_to_mac_roman():
    data = b"date,summary\r2011,one \xa5 two\r2012,three\r"
    t = importer.rows_from_file(io.BytesIO(data), "csv", "t.csv")
    assert (t.encoding, t.unsure) == ("mac_roman", True)
    assert [r for _w, r in t.iter_rows()] == [{"date": "2011", "summary": "one \u2022 two"},
                                              {"date": "2012", "summary": "three"}]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "date,summary,source,locator\r\n2021-08-09,Президент подписал новый закон,gov-2014,p. 1\r\n",  # Russian
        "date,summary,source,locator\r\n2021-05-24,Рэспубліка Беларусь: ўказ аб СМІ,gov-2014,p. 2\r\n",  # Belarusian
        "date,summary,source,locator\r\n2021,СМИ,gov-2014,p. 3\r\n",  # one word of capitals
    ],
)
def test_windows_1251_cyrillic_is_read_as_cyrillic(text):
    # what Excel on a Russian or Belarusian Windows saves as CSV: cp1251, CRLF; cp1252 read it as "Ïðåçèäåíò"
    t = importer.rows_from_file(io.BytesIO(text.encode("cp1251")), "csv", "t.csv")
    assert (t.encoding, t.unsure) == ("cp1251", False)
    assert t.rows[0][1]["summary"] == text.split("\r\n")[1].split(",")[1]


def test_cyrillic_and_latin_readings_as_plausible_are_refused_with_cp1251_among_them():
    data = b"date,summary\r\n2011,\xc0\xc1\r\n"  # "ÀÁ" or "АБ": two capitals either way
    with pytest.raises(DataError) as e:
        importer.rows_from_file(io.BytesIO(data), "csv", "t.csv")
    assert 'cp1252 reads "ÀÁ"' in str(e.value) and 'cp1251 reads "АБ"' in str(e.value)
    assert "give --encoding (cp1252, mac_roman, cp1251" in str(e.value)


def test_cp1251_is_no_candidate_where_it_reads_no_letter_or_reads_alike():
    # "vis-€-vis" in cp1251 has no Cyrillic letter: the Mac Roman export stays sure
    assert (importer.read_table(DATA / "upr-info-belarus-given.csv").unsure) is False
    # curly quotes and a dash are the same characters in cp1252 and cp1251: one reading, not a choice
    t = importer.rows_from_file(io.BytesIO("date,summary\r\n2011,“a” – b\r\n".encode("cp1252")), "csv", "t.csv")
    assert t.encoding == "cp1252" and t.rows[0][1]["summary"] == "“a” – b"
    # a Cyrillic letter inside a Latin word counts against cp1251 ("Coopйrer"); a run of accented letters
    # against cp1252 ("Ïðåçèäåíò")
    assert charset.score([b"Coop\xe9rer"], "cp1251") == -1 and charset.score([b"Coop\xe9rer"], "cp1252") == 1
    assert charset.score([b"\xd1\xcc\xc8"], "cp1252") == 1 and charset.score([b"\xd1\xcc\xc8"], "cp1251") == 3


def _upr_row(n: int, text: str) -> str:
    return f"Belarus,EEG,CIS,{text} {n},France,WEOG,EU,Supported,4,Justice,9\r\n"


def test_a_utf8_file_with_rows_from_a_cp1252_file_names_the_line_not_two_wrong_encodings():
    # 20 UTF-8 rows, then one appended from a cp1252 export (line 22)
    data = ",".join(UPR_INFO).encode() + b"\r\n"
    data += "".join(_upr_row(n, "Améliorer l'accès à la justice") for n in range(20)).encode("utf-8")
    data += _upr_row(20, "Garantir l'accès").encode("cp1252")
    with pytest.raises(DataError) as e:
        importer.rows_from_file(io.BytesIO(data), "csv", "upr.csv")
    msg = str(e.value)
    assert """line 22 is not UTF-8 (byte E8 in "l'acc?s")""" in msg
    assert "mixes two encodings" in msg and "cp1252 reads" not in msg and "mac_roman" not in msg
    # bare CR line ends: the line is counted by them; more stray bytes: how many
    text = "date,summary\r2011,Café\r2012,Crème\r".encode() + b"2013,Caf\xe9 cr\xe8me\r"
    with pytest.raises(DataError, match=r"2 bytes, the first on line 4, are not UTF-8 \(byte E9 in 'Caf\?'\)"):
        importer.rows_from_file(io.BytesIO(text), "csv", "t.csv")
    # a cp1252 file whose accents outnumber any UTF-8-looking pair is still cp1252
    t = importer.rows_from_file(io.BytesIO("date,summary\n2011,Ça coûte\n2012,Â© été\n".encode("cp1252")), "csv", "t")
    assert t.encoding == "cp1252" and t.rows[1][1]["summary"] == "Â© été"


@pytest.mark.parametrize("name", ["upr.txt", "upr.csv", "upr.TXT"])
def test_excel_unicode_text_is_read_as_tab_separated_whatever_its_name(tmp_path, name):
    # Excel's "Unicode Text" save: UTF-16LE with a BOM, TAB between cells, CRLF; named .txt, or renamed .csv
    rows = [UPR_INFO, ["Belarus", "EEG", "CIS", "Protéger les journalistes", "France", "WEOG", "EU", "Noted", "3",
                       "Freedom of opinion and expression", "22"]]  # fmt: skip
    data = "\r\n".join("\t".join(r) for r in rows).encode("utf-16") + "\r\n".encode("utf-16-le")
    assert data.startswith(b"\xff\xfe")
    t = importer.read_table(write(tmp_path, name, data))
    assert (t.encoding, t.columns) == ("utf-16", UPR_INFO)
    assert t.format == ("csv" if name.endswith(".csv") else "tsv")  # CSV named: its cells parted by the TABs
    assert cells(t) == [["line 2", *rows[1]]]
    # a .txt with no TAB in its first line is still refused by its extension
    for other in ("date,summary\n2011,a\tb\n", "just some notes\n"):
        with pytest.raises(UsageError, match="cannot tell the format of n.txt"):
            importer.read_table(write(tmp_path, "n.txt", other))


def test_scores_count_each_byte_in_its_context():
    assert charset.score([b"vis-\x88-vis"], "mac_roman") == 0.5
    assert charset.score([b"vis-\x88-vis"], "cp1252") == -1
    assert charset.score([b"C\x99te"], "cp1252") == -1  # a sign inside a word
    assert charset.score([b"\xc9cole"], "cp1252") == 1 and charset.score([b"caf\xc9"], "cp1252") == -1
    assert charset.score([b"x\xe9" * 5], "cp1252", limit=3) == 3  # bounded


def test_scoring_does_not_depend_on_where_the_chunks_are_cut():
    data = b"vis-\x88-vis C\x99te \xd2q\xd3 a\xe9b \xa5"
    for codec in charset.CANDIDATES:
        whole = charset.score([data], codec)
        for k in (1, 2, 3, 5):
            assert charset.score([data[i : i + k] for i in range(0, len(data), k)], codec) == whole


# -- .xls (BIFF), title rows, footers, Excel dates ------------------------------------------------------------


def test_ohchr_dashboard_xls_title_row_serial_dates_and_footer():
    t = importer.read_table(DATA / "UnderlyingData_ICESCR_OHCHR_02_07_2026.xls")
    assert (t.format, t.columns) == ("xls", ["Country", "Date of Signature (dd/mm/yyyy)",
                                             "Date of Ratification/Accession"])  # fmt: skip
    d = datetime.date
    assert cells(t) == [
        ["row 3", "Afghanistan", None, d(1983, 1, 24)],
        ["row 4", "Belarus", d(1968, 3, 19), d(1973, 11, 12)],  # serials 24916 and 26980
        ["row 5", "Cuba", d(2008, 2, 28), None],
        ["row 6", "Malaysia", None, None],  # no action: a row of one cell, not a footer
        ["row 7", "Poland", d(1967, 3, 2), d(1977, 3, 18)],
        ["row 8", "United States of America", d(1977, 10, 5), None],
    ]
    assert t.count == 6


def test_upr_info_xls_as_served_reads_with_its_duplicate_names_told_apart():
    t = importer.read_table(DATA / "upr-info-export-belarus.xls")
    assert t.columns == ["SuR", "Rgrp", "Org", "Recommendation", "RS", "Rgrp (2)", "Org (2)", "Response", "Action",
                         "Issue", "Session"]  # fmt: skip
    rows = cells(t)
    assert [r[0] for r in rows] == [f"row {n}" for n in range(2, 9)]
    assert rows[3] == ["row 5", "Belarus", "EEG", "CIS",
                       "Keep fighting the trade in human beings, women and children above all", "Côte d'Ivoire",
                       "Africa", "AU, OIF", "Accepted", 2.0, "Rights of the Child,Trafficking,Women's rights",
                       8.0]  # fmt: skip
    assert [r[1] for r in rows].count("Belarus") == 5 and rows[4][7] is None  # an empty cell


def test_xls_sheet_option_and_refusals(tmp_path):
    with pytest.raises(UsageError, match="Did you mean 'Underlying Data'"):
        importer.read_table(DATA / "UnderlyingData_ICESCR_OHCHR_02_07_2026.xls", sheet="Underlying data ")
    bad = tmp_path / "not.xls"
    bad.write_bytes(b"PK\x03\x04 this is no workbook")
    with pytest.raises(DataError, match=r"not\.xls: not a readable \.xlsx workbook .*named \.xls but begins as"):
        importer.read_table(bad)


def test_xls_cells_are_bounded_before_xlrd_builds_them(monkeypatch):
    from hrcli.importer import xls

    monkeypatch.setattr(xls, "MAX_CELLS", 18)  # the OHCHR file's sheet holds 19 cells (a MULRK holds 2)
    with pytest.raises(DataError, match="refused: the workbook has more than 18 cells"):
        importer.read_table(DATA / "UnderlyingData_ICESCR_OHCHR_02_07_2026.xls")
    monkeypatch.setattr(xls, "MAX_CELLS", 19)
    assert importer.read_table(DATA / "UnderlyingData_ICESCR_OHCHR_02_07_2026.xls").columns[0] == "Country"
    monkeypatch.setattr(xls, "MAX_XLS_BYTES", 5000)
    with pytest.raises(DataError, match="larger than 0 MiB"):
        importer.read_table(DATA / "upr-info-export-belarus.xls")


TITLED = (
    "Status of ratification: ICESCR\n"
    "\n"
    "Country,Date of Signature (dd/mm/yyyy),Date of Ratification/Accession\n"
    "Belarus,1968-03-19,1973-11-12\n"
    "Malaysia,,\n"
    "\n"
    "Definitions and metadata: see the notes page\n"
    "Database of the Office of Legal Affairs\n"
)


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_title_row_and_footer_in_delimited_text(fmt):
    sep = "," if fmt == "csv" else "\t"
    text = TITLED.replace(",", sep)
    t = importer.rows_from_file(io.BytesIO(text.encode()), fmt, "t")
    assert t.columns == ["Country", "Date of Signature (dd/mm/yyyy)", "Date of Ratification/Accession"]
    assert cells(t) == [["line 4", "Belarus", "1968-03-19", "1973-11-12"], ["line 5", "Malaysia", "", ""]]
    # the notes are rows when data follows them
    t = importer.rows_from_file(io.BytesIO((text + f"Zambia{sep}{sep}1984-04-10\n").encode()), fmt, "t")
    assert [r[1] for r in cells(t)] == ["Belarus", "Malaysia", "Definitions and metadata: see the notes page",
                                        "Database of the Office of Legal Affairs", "Zambia"]  # fmt: skip


def test_title_row_in_xlsx(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Status of ratification: ICESCR"])
    ws.append(["Country", "Date of Signature (dd/mm/yyyy)", "Date of Ratification/Accession"])
    ws.append(["Belarus", datetime.datetime(1968, 3, 19), 26980])  # a number cell that lost its date format
    ws.append(["Malaysia"])
    ws.append([])
    ws.append(["Definitions and metadata: see the notes page"])
    wb.save(tmp_path / "t.xlsx")
    t = importer.read_table(tmp_path / "t.xlsx")
    assert t.columns == ["Country", "Date of Signature (dd/mm/yyyy)", "Date of Ratification/Accession"]
    assert cells(t) == [["row 3", "Belarus", datetime.datetime(1968, 3, 19), 26980],
                        ["row 4", "Malaysia", None, None]]  # fmt: skip


def test_a_first_row_that_names_fields_is_the_header_and_no_title_is_guessed():
    # one cell of a field's name is no header of a wider table; a one-column file keeps its only row as header
    t = importer.rows_from_file(io.BytesIO(b"summary\nDate of it,other\n"), "csv", "t")
    assert t.columns == ["summary"]
    t = importer.rows_from_file(io.BytesIO(b"A report\nWhen,What\n2011,x\n"), "csv", "t")
    assert t.columns == ["A report"]  # no known name below: the first row stays the header
    t = importer.rows_from_file(io.BytesIO(b"A report\n\nDate,Summary\n2011,x\n"), "csv", "t")
    assert t.columns == ["Date", "Summary"] and cells(t) == [["line 4", "2011", "x"]]


def test_a_short_last_row_after_a_blank_row_is_a_row_not_a_note():
    text = "Country,Date of Signature\nBelarus,1968-03-19\n\nMalaysia\n\nSee the notes page for definitions\n"
    t = importer.rows_from_file(io.BytesIO(text.encode()), "csv", "t")
    assert cells(t) == [["line 2", "Belarus", "1968-03-19"], ["line 4", "Malaysia", None]]
    t = importer.rows_from_file(io.BytesIO(text.split("\n\nSee")[0].encode()), "csv", "t")  # last, after a blank row
    assert cells(t) == [["line 2", "Belarus", "1968-03-19"], ["line 4", "Malaysia", None]]


# -- standard input, nested JSON ----------------------------------------------------------------------------------

TRACKER = DATA / "tracker-belarus.json"


def test_json_path_reaches_the_tracker_rows_and_keeps_the_wildcard_keys():
    t = importer.read_table(TRACKER, json_path="cycles.*.recommendations")
    rows = list(t.iter_rows())
    assert [w for w, _r in rows] == [
        "cycles.3.recommendations item 1", "cycles.3.recommendations item 2", "cycles.3.recommendations item 3",
        "cycles.4.recommendations item 1", "cycles.4.recommendations item 2"]  # fmt: skip
    assert rows[0][1] == {"cycle": "3", "session": 36, "id": "115.1",
                          "text": "Join the second optional protocol on the death penalty",
                          "recommending_states": ["Iceland", "Portugal"], "position": "Noted",
                          "themes": ["Death penalty"], "status": "not implemented"}  # fmt: skip
    assert [r["position"] for _w, r in rows] == ["Noted", "Supported", "Noted", "Noted", "Supported"]
    # one cycle by its key; an array's item by its number (from 1)
    assert [r["id"] for _w, r in importer.read_table(TRACKER, json_path="cycles.4.recommendations").iter_rows()] == [
        "92.4", "92.9"]  # fmt: skip
    one = importer.rows_from_file(io.BytesIO(b'{"a": [{"x": [{"k": 1}, {"k": 2}]}]}'), "json", "t", json_path="a.1.x")
    assert one.rows == [("a.1.x item 1", {"k": 1}), ("a.1.x item 2", {"k": 2})]


def test_a_json_object_whose_rows_are_of_one_shape_needs_no_path():
    """The tracker keeps its rows at cycles.3.recommendations and cycles.4.recommendations: one shape, read as
    cycles.*.recommendations with no flag (and said); arrays in places of different shapes still need a path."""
    t = importer.read_table(TRACKER)
    assert t.found_at == "cycles.*.recommendations"
    want = importer.read_table(TRACKER, json_path="cycles.*.recommendations")
    assert list(t.iter_rows()) == list(want.iter_rows()) and want.found_at == ""
    mixed = b'{"a": [{"k": 1}], "b": {"c": [{"k": 2}]}}'
    with pytest.raises(DataError, match=r"its rows may be at a, b\.c: give --json-path"):
        importer.rows_from_file(io.BytesIO(mixed), "json", "mixed.json")
    two_places = b'{"x": {"1": {"r": [{"k": 1}]}, "2": {"s": [{"k": 2}]}}}'
    with pytest.raises(DataError, match="give --json-path"):
        importer.rows_from_file(io.BytesIO(two_places), "json", "two.json")


def test_a_star_over_an_array_takes_each_object_s_own_cycle_never_its_position():
    """{"cycles": [{"cycle": 3, ...}, {"cycle": 4, ...}]}: the rows of the first object are cycle 3's (its own
    field, with its session), never cycle 1's; an object that names no cycle gives its rows none. With no
    --json-path the rows are found in the objects' arrays (the objects themselves are no rows)."""
    data = {"state_under_review": "Belarus", "cycles": [
        {"cycle": 3, "session": 36, "recommendations": [{"id": "a", "text": "x"}, {"id": "b", "text": "y"}]},
        {"cycle": 4, "recommendations": [{"id": "c", "text": "z"}]},
        {"recommendations": [{"id": "d", "text": "w"}]},
    ]}  # fmt: skip
    raw = json.dumps(data).encode()
    for path in ("cycles.*.recommendations", None):
        t = importer.rows_from_file(io.BytesIO(raw), "json", "t.json", json_path=path)
        got = [(r["id"], r.get("cycle"), r.get("session")) for _w, r in t.iter_rows()]
        assert got == [("a", 3, 36), ("b", 3, 36), ("c", 4, None), ("d", None, None)], path
        assert t.found_at == ("" if path else "cycles.*.recommendations")
    # an object's key still names its rows' cycle, and the object's own field wins over it
    keyed = b'{"cycles": {"3": {"recommendations": [{"k": 1}]}, "5": {"cycle": 4, "recommendations": [{"k": 2}]}}}'
    t = importer.rows_from_file(io.BytesIO(keyed), "json", "t", json_path="cycles.*.recommendations")
    assert [(r["k"], r["cycle"]) for _w, r in t.iter_rows()] == [(1, "3"), (2, 4)]
    # objects of an array where only some hold rows: which is meant is asked, both paths listed
    some = b'{"a": [{"k": 1, "x": [{"j": 1}]}, {"k": 2}]}'
    with pytest.raises(DataError, match=r"its rows may be at a\.\*\.x, a: give --json-path"):
        importer.rows_from_file(io.BytesIO(some), "json", "some.json")


def test_json_path_problems():
    with pytest.raises(DataError, match=r"--json-path cycles\.\*\.recs: nothing there"):
        importer.read_table(TRACKER, json_path="cycles.*.recs")
    with pytest.raises(DataError, match="cycles.3 must be an array of objects"):
        importer.read_table(TRACKER, json_path="cycles.3")
    with pytest.raises(UsageError, match="none empty"):
        importer.read_table(TRACKER, json_path="cycles..recommendations")
    with pytest.raises(UsageError, match="--json-path is for JSON files"):
        importer.read_table(DATA / "upr-info-belarus-given.csv", json_path="a")


def test_import_reads_standard_input_with_its_format(isolated):
    from conftest import run

    text = (DATA / "upr-info-belarus-given.csv").read_bytes()
    r = run("import", "-", "--kind", "recommendations", "--dry-run", "--json", input=text)
    assert r.code == 2 and "--from-format" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    csv_rows = "date,summary,source,locator\n2011,Read from a pipe,unct-2009,p. 1\n"
    r = run("import", "-", "--from-format", "csv", "--dry-run", "--json", input=csv_rows)
    assert r.code == 0, r.stderr
    assert [(x["where"], x["summary"]) for x in r.json()] == [("line 2", "Read from a pipe")]
    # a binary workbook through the pipe too
    xls = (DATA / "UnderlyingData_ICESCR_OHCHR_02_07_2026.xls").read_bytes()
    t = importer.rows_from_file(io.BytesIO(xls), "xls", "stdin")
    assert [r["Country"] for _w, r in t.iter_rows()][:2] == ["Afghanistan", "Belarus"]
    r = run("import", "-", "--from-format", "json", "--json-path", "cycles.*.recommendations", "--kind",
            "recommendations", "--dry-run", "--json", "--set", "source=unct-2009", "--set", "locator=tracker",
            "--map", "status=-", input=TRACKER.read_bytes())  # fmt: skip
    assert r.code == 0, r.stderr
    got = [(x["where"], x["cycle"], x["response"]) for x in r.json()]
    assert got == [("cycles.3.recommendations item 1", 3, "Noted"), ("cycles.3.recommendations item 2", 3, "Supported"),
                   ("cycles.3.recommendations item 3", 3, "Noted"), ("cycles.4.recommendations item 1", 4, "Noted"),
                   ("cycles.4.recommendations item 2", 4, "Supported")]  # fmt: skip


# -- Excel serial dates ------------------------------------------------------------------------------------------


def test_serial_day_numbers_become_iso_dates_in_date_columns(isolated):
    from conftest import run
    from hrcli.importer.dates import cell_date

    assert cell_date("24916", "24916") == "1968-03-19" and cell_date("26980.0", "26980.0") == "1973-11-12"
    assert cell_date(26980.0, "26980") == "1973-11-12"  # a number cell (xls, xlsx) without a date format
    assert cell_date("2023", "2023") == "2023" and cell_date("123456", "123456") == "123456"  # a year; not a serial
    text = "date,summary,source,locator\n24916,Signed the Covenant,unct-2009,p. 1\n26980,Ratified it,unct-2009,p. 2\n"
    p = isolated / "serial.csv"
    p.write_text(text, encoding="utf-8")
    r = run("import", str(p), "--dry-run", "--json")
    assert r.code == 0, r.stderr
    assert [(x["date"], x["summary"]) for x in r.json()] == [("1968-03-19", "Signed the Covenant"),
                                                             ("1973-11-12", "Ratified it")]  # fmt: skip


def test_dashboard_xls_dates_reach_the_records(isolated):
    from conftest import run

    xls = str(DATA / "UnderlyingData_ICESCR_OHCHR_02_07_2026.xls")
    maps = ["Date of Ratification/Accession=date", "Country=summary", "Date of Signature (dd/mm/yyyy)=-"]
    sets = ["source=unct-2009", "locator=row", "date=2026"]
    flags = [a for m in maps for a in ("--map", m)] + [a for x in sets for a in ("--set", x)]
    r = run("import", xls, *flags, "--dry-run", "--json")
    assert r.code == 0, r.stderr
    assert {x["summary"]: x["date"] for x in r.json()} == {
        "Afghanistan": "1983-01-24", "Belarus": "1973-11-12", "Cuba": "2026", "Malaysia": "2026",
        "Poland": "1977-03-18", "United States of America": "2026"}  # fmt: skip


# -- bounded: time and memory, linear in size ---------------------------------------------------------------------

_BOUNDED = """
import resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (512 << 20, 512 << 20))
from hrcli import importer
start = time.process_time()
t = importer.read_table(sys.argv[1])
n = sum(1 for _ in t.iter_rows())
last = t.head(1)[0][1]["Text"]
print(n, t.encoding, round(time.process_time() - start, 3), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, last)
"""


def _mac_export(path, rows: int) -> None:
    line = b"Germany,WEOG,EU,Review its stance vis-\x88-vis migrants held at the border %d,Belarus,EEG,CIS,Noted,3,"
    line += b"Migrants,4"
    with open(path, "wb") as fh:
        fh.write(b"To,To-Rgrp,To-Org,Text,From,From-Rgrp,From-Org,Response,Action,Issue,Session")
        for start in range(0, rows, 10_000):
            fh.write(b"".join(b"\r" + line % n for n in range(start, min(start + 10_000, rows))))


def test_a_large_mac_roman_export_reads_in_bounded_memory_and_linear_time(tmp_path):
    import subprocess
    import sys

    runs = []
    for rows in (150_000, 300_000):  # 15 and 30 MB: past what is held in memory (stream.SPOOL), read in passes
        path = tmp_path / f"big{rows}.csv"
        _mac_export(path, rows)
        r = subprocess.run([sys.executable, "-c", _BOUNDED, str(path)], capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr[-2000:]
        n, enc, cpu, rss, first = r.stdout.split(maxsplit=4)
        assert (int(n), enc, first.strip()) == (
            rows,
            "mac_roman",
            "Review its stance vis-à-vis migrants held at the border 0",
        )
        runs.append((float(cpu), int(rss)))
    (t1, m1), (t2, m2) = runs
    assert m2 < m1 + 40_000  # KiB: twice the rows, not twice the memory (rows are streamed)
    assert t2 < 3.5 * max(t1, 0.5)  # twice the rows, about twice the time


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
    r = run("import", "whatever.csv", "--from-format", "xslx")
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


# -- what a file named as a workbook really holds ------------------------------------------------------------------


def test_a_csv_saved_under_an_xls_name_is_read_as_csv_and_said(isolated):
    """UPR Info's Mac Roman CSV (bare CR) renamed .xls: read as the CSV it is, with a note, and recognised as
    the same dataset with the same records as under its own name."""
    source = DATA / "upr-info-belarus-received.csv"
    (isolated / "as-csv").mkdir()
    (isolated / "as-xls").mkdir()
    plain = write(isolated / "as-csv", "upr-info.csv", source.read_bytes())
    renamed = write(isolated / "as-xls", "upr-info.xls", source.read_bytes())
    r = run("import", str(renamed), "--dry-run", "--json")
    assert r.code == 0, r.stderr
    assert "upr-info.xls is CSV text, not an Excel 97-2003 workbook (.xls): read as csv" in r.stderr
    assert "recognised" in r.stderr
    want = run("import", str(plain), "--dry-run", "--json")
    assert want.code == 0 and "is CSV text" not in want.stderr
    got, expected = json.loads(r.stdout), json.loads(want.stdout)
    assert got and [x.get("summary") for x in got] == [x.get("summary") for x in expected]


def test_tab_separated_text_under_an_xls_name_is_read_as_tsv(isolated):
    path = write(isolated, "t.xls", THREE_ROWS_CSV.replace(",", "\t").encode("utf-8"))
    r = run("import", str(path))
    assert r.code == 0, r.stderr
    assert "t.xls is TSV text" in r.stderr and "added 1 event" in r.stderr


def test_an_xls_workbook_under_an_xlsx_name_is_read_as_xls(isolated):
    path = write(isolated, "UnderlyingData_ICESCR_OHCHR_02_07_2026.xlsx", DASH_XLS.read_bytes())
    table = importer.read_table(path)
    assert table.format == "xls" and "is an Excel 97-2003 workbook (.xls), not an Excel workbook" in table.read_note
    assert cells(table) == cells(importer.read_table(DASH_XLS))


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "the file is empty (0 bytes); nothing to import"),
        (b"<html><body><table><tr><td>Belarus</td></tr></table></body></html>", "a web page or XML, not an Excel"),
        (b"\x00\x01\x02\x03 binary", "not an Excel 97-2003 workbook (.xls), nor text"),
    ],
)
def test_a_file_named_xls_that_is_no_workbook_says_what_it_is_in_one_line(isolated, data, says):
    r = run("import", str(write(isolated, "d.xls", data)))
    one_line_failure(r, 1, f"d.xls: {says}")


def test_a_cut_short_xls_is_one_line_with_what_to_do_never_pythons_words(isolated):
    whole = (DATA / "upr-info-export-belarus.xls").read_bytes()
    for size in (600, 3000, len(whole) // 2):
        r = run("import", str(write(isolated, "cut.xls", whole[:size])))
        one_line_failure(r, 1, "cut.xls: not a readable .xls workbook", "save it")
        assert "cut short (a download that stopped early: download it again)" in r.stderr
        assert not re.search(r"index|NoneType|struct|expected str", r.stderr), r.stderr
