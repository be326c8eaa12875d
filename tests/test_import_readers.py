"""The readers on files in the exact shape of published datasets (tests/data/datasets/, docs/dev/datasets.md):
encodings told apart (Mac Roman with bare CR line ends as UPR Info's export has it), BIFF .xls, a title row
above the header and footer notes below the rows, Excel serial dates, standard input, a nested JSON object."""

from __future__ import annotations

import csv
import io

import pytest

from conftest import REPO
from hrcli import importer
from hrcli.errors import DataError
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
