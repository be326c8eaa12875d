"""tests/data/datasets/ holds files in the exact shape of published datasets (docs/dev/datasets.md): these tests
keep them in that shape (header bytes, encoding, line ends, row counts), so nobody "fixes" a Mac Roman file
into UTF-8 or its bare CRs into LF, and the profiles of issue 29 are tested on what the publishers send."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from conftest import REPO

DATA = REPO / "tests" / "data" / "datasets"
DOC = REPO / "docs" / "dev" / "datasets.md"

UPR_INFO = b"To,To-Rgrp,To-Org,Text,From,From-Rgrp,From-Org,Response,Action,Issue,Session"
VOTING = (
    b"record_id,symbol,title,statement,date,year,body,collection,vote_type,meeting,meeting_type,agenda_item_no,"
    b"agenda_item_title,agenda_symbol,agenda_subject,main_sponsors,draft,yes,no,abstain,nonvoting,total,n_rollcall,"
    b"url_resolution,url_draft,record_url"
)
UWAZI = (
    b"Title,Date added,Template,State under Review,Recommending State,Response,Action Category,Issues,Session,"
    b"Cycle,Document,Geolocation,Documents,Attachments,Published"
)

# file: (header bytes, encoding, line end, whether the last row ends with it, data rows)
CSV_SHAPES = {
    "upr-info-belarus-received.csv": (UPR_INFO, "mac_roman", b"\r", False, 8),
    "upr-info-belarus-given.csv": (UPR_INFO, "mac_roman", b"\r", False, 7),
    "upr-info-sessions-5-9.csv": (UPR_INFO, "mac_roman", b"\r", False, 8),
    "upr-info-database-belarus-cycle3.csv": (UWAZI, "utf-8", b"\n", False, 5),
    "ohchr-voting-belarus.csv": (VOTING, "utf-8", b"\n", True, 11),
    "ohchr-voting-belarus-2020.csv": (VOTING, "utf-8", b"\n", True, 13),
    # cut down and saved by pandas: an unnamed index column first, tallies written as floats ('23.0')
    "ohchr-voting-belarus-pandas.csv": (b"," + VOTING, "utf-8", b"\n", True, 8),
    "hr_status_iccpr_op1.csv": (
        b"iso2,member,state party,year ratification or accession,signatory,no action,status,note",
        "utf-8",
        b"\r\n",
        False,
        6,
    ),
    "untc-IV-5-status.csv": (
        b'Participant,Signature,"Ratification, Accession(a), Succession(d)"',
        "utf-8",
        b"\n",
        True,
        5,
    ),
}


def line_ends(raw: bytes) -> set[bytes]:
    """The kinds of line end a file uses (outside quoted cells: none of these fixtures breaks a cell)."""
    kinds = set()
    if b"\r\n" in raw:
        kinds.add(b"\r\n")
    if re.search(rb"\r(?!\n)", raw):
        kinds.add(b"\r")
    if re.search(rb"(?<!\r)\n", raw):
        kinds.add(b"\n")
    return kinds


def read_rows(name: str) -> list[list[str]]:
    _, encoding, _, _, _ = CSV_SHAPES[name]
    text = (DATA / name).read_bytes().decode(encoding)
    return list(csv.reader(io.StringIO(text, newline="")))


def test_every_fixture_is_described_and_tested():
    """Each file in the folder has a shape here and a row in docs/dev/datasets.md (and the other way round)."""
    on_disk = {p.name for p in DATA.iterdir() if p.is_file()}
    tested = set(CSV_SHAPES) | {"tracker-belarus.json", "UnderlyingData_ICESCR_OHCHR_02_07_2026.xls",
                                "upr-info-export-belarus.xls"}  # fmt: skip
    assert on_disk and on_disk == tested
    doc = DOC.read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([^`]+)` \|", doc, re.M))
    assert documented == on_disk


@pytest.mark.parametrize("name", sorted(CSV_SHAPES))
def test_csv_shape(name):
    header, encoding, end, final_end, n = CSV_SHAPES[name]
    raw = (DATA / name).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # none of these publishers writes a BOM
    assert raw.startswith(header + end)
    assert line_ends(raw) == {end}
    assert raw.endswith(end) is final_end
    raw.decode(encoding)  # strict: every byte is valid in the publisher's encoding
    rows = read_rows(name)
    assert len(rows) - 1 == n
    assert all(len(r) == len(rows[0]) for r in rows)


def test_mac_roman_files_are_not_utf8():
    """UPR Info's CSVs are Mac Roman: a non-ASCII letter is one byte that is not UTF-8 (the issue's vis-à-vis)."""
    given = (DATA / "upr-info-belarus-given.csv").read_bytes()
    assert b"vis-\x88-vis" in given and "vis-à-vis" in given.decode("mac_roman")
    received = (DATA / "upr-info-belarus-received.csv").read_bytes()
    assert b"C\x99te d'Ivoire" in received
    for raw in (given, received):
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")


def test_upr_info_direction_and_codes():
    """Received rows name Belarus in To, given rows in From; Action 1-5, Issue a ','-joined list, Session a number."""
    names = ("upr-info-belarus-received.csv", "upr-info-belarus-given.csv", "upr-info-sessions-5-9.csv")
    received, given, many = (read_rows(n)[1:] for n in names)
    assert received and all(r[0] == "Belarus" and r[4] != "Belarus" for r in received)
    assert given and all(r[4] == "Belarus" and r[0] != "Belarus" for r in given)
    to_by = [r for r in many if r[0] == "Belarus"]
    assert 0 < len(to_by) < len(many) and any(r[4] == "Belarus" for r in many)
    for r in received + given + many:
        assert r[7] in {"Accepted", "Noted"} and r[8] in set("12345") and r[10].isdigit()
        assert ", " not in r[9]  # issues are joined by a bare comma; regional organisations by ", "
    assert any("," in r[9] for r in received) and any(", " in r[6] for r in received)


def test_voting_tallies_add_up_and_decisions_have_none():
    header, *body = read_rows("ohchr-voting-belarus.csv")
    rows = [dict(zip(header, r, strict=True)) for r in body]
    recorded = [r for r in rows if r["vote_type"] == "RECORDED"]
    assert recorded
    for r in recorded:
        parts = sum(int(r[k]) for k in ("yes", "no", "abstain", "nonvoting"))
        assert parts == int(r["total"]) == int(r["n_rollcall"]) and r["date"][:4] == r["year"]
    decisions = [r for r in rows if "/DEC/" in r["symbol"]]
    assert {r["symbol"] for r in decisions} == {"A/HRC/DEC/15/113", "A/HRC/DEC/30/101", "A/HRC/DEC/46/101"}
    assert all(r["vote_type"] == "ADOPTED WITHOUT VOTE" and r["yes"] == "" for r in decisions)
    assert {r["body"] for r in rows} == {"Commission on Human Rights", "Human Rights Council"}


def test_untc_status_rows():
    tidy = read_rows("hr_status_iccpr_op1.csv")[1:]
    assert {r[6] for r in tidy} == {"state party", "signatory state", "no action"}
    page = read_rows("untc-IV-5-status.csv")[1:]
    marks = {m for r in page for m in re.findall(r"\d{4} ([a-zA-Z]{1,2})$", r[2])}
    assert {"a", "d"} <= marks and any(r[1] and not r[2] for r in page)  # a signatory that has not ratified


def test_tracker_json_is_a_nested_object():
    data = json.loads((DATA / "tracker-belarus.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    recs = [rec for cycle in data["cycles"].values() for rec in cycle["recommendations"]]
    assert len(recs) == 5 and all(isinstance(r["recommending_states"], list) for r in recs)


XLS = ("UnderlyingData_ICESCR_OHCHR_02_07_2026.xls", "upr-info-export-belarus.xls")


@pytest.mark.parametrize("name", XLS)
def test_xls_is_biff8(name):
    raw = (DATA / name).read_bytes()
    assert raw.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")  # an OLE2 compound file, not a zip (.xlsx)
    assert b"\x09\x08\x10\x00\x00\x06" in raw  # a BIFF8 BOF record (version 0x0600)


def test_dashboard_xls_title_row_header_and_serial_dates():
    xlrd = pytest.importorskip("xlrd")
    sheet = xlrd.open_workbook(str(DATA / XLS[0])).sheet_by_index(0)
    assert sheet.cell_value(1, 0) == "Country" and sheet.cell_value(0, 0).startswith("International Covenant")
    assert [sheet.cell_value(1, c) for c in range(3)][1:] == [
        "Date of Signature (dd/mm/yyyy)",
        "Date of Ratification/Accession",
    ]
    belarus = next(r for r in range(2, sheet.nrows) if sheet.cell_value(r, 0) == "Belarus")
    assert sheet.cell_type(belarus, 2) == xlrd.XL_CELL_DATE and sheet.cell_value(belarus, 2) == 26980.0  # 1973-11-12
    assert sheet.cell_value(sheet.nrows - 2, 0).startswith("Definitions and metadata")


def test_upr_info_xls_has_the_exports_own_header():
    xlrd = pytest.importorskip("xlrd")
    book = xlrd.open_workbook(str(DATA / XLS[1]))
    sheet = book.sheet_by_index(0)
    assert book.sheet_names() == ["UPR Info database export"]
    header = [sheet.cell_value(0, c) for c in range(sheet.ncols)]
    assert header == [
        "SuR",
        "Rgrp",
        "Org",
        "Recommendation",
        "RS",
        "Rgrp",
        "Org",
        "Response",
        "Action",
        "Issue",
        "Session",
    ]
    assert sheet.cell_type(1, 8) == xlrd.XL_CELL_NUMBER and sheet.cell_value(1, 10) == 8.0
