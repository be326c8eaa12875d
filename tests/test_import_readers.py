"""The readers on files in the exact shape of published datasets (tests/data/datasets/, docs/dev/datasets.md):
encodings told apart (Mac Roman with bare CR line ends as UPR Info's export has it), BIFF .xls, a title row
above the header and footer notes below the rows, Excel serial dates, standard input, a nested JSON object."""

from __future__ import annotations

import csv
import datetime
import io

import pytest

from conftest import REPO
from hrcli import importer
from hrcli.errors import DataError, UsageError
from hrcli.importer import charset

DATA = REPO / "tests" / "data" / "datasets"
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


def test_scores_count_each_byte_in_its_context():
    assert charset.score([b"vis-\x88-vis"], "mac_roman") == 0.5
    assert charset.score([b"vis-\x88-vis"], "cp1252") == -1
    assert charset.score([b"C\x99te"], "cp1252") == -1  # a sign inside a word
    assert charset.score([b"\xc9cole"], "cp1252") == 1 and charset.score([b"caf\xc9"], "cp1252") == -1
    assert charset.score([b"x" * 10 + b"\xe9" * 5], "cp1252", limit=3) == 3  # bounded


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
    with pytest.raises(DataError, match=r"not\.xls: not a readable \.xls workbook"):
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
    assert rows[0][1] == {"cycle": "3", "id": "115.1", "text": "Join the second optional protocol on the death penalty",
                          "recommending_states": ["Iceland", "Portugal"], "position": "Noted",
                          "themes": ["Death penalty"], "status": "not implemented"}  # fmt: skip
    assert [r["position"] for _w, r in rows] == ["Noted", "Supported", "Noted", "Noted", "Supported"]
    # one cycle by its key; an array's item by its number (from 1)
    assert [r["id"] for _w, r in importer.read_table(TRACKER, json_path="cycles.4.recommendations").iter_rows()] == [
        "92.4", "92.9"]  # fmt: skip
    one = importer.rows_from_file(io.BytesIO(b'{"a": [{"x": [{"k": 1}, {"k": 2}]}]}'), "json", "t", json_path="a.1.x")
    assert one.rows == [("a.1.x item 1", {"k": 1}), ("a.1.x item 2", {"k": 2})]


def test_json_path_problems():
    with pytest.raises(DataError, match=r"its rows may be at cycles\.3\.recommendations, cycles\.4\.recommendations"):
        importer.read_table(TRACKER)
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
