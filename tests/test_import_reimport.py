"""Importing a recognised dataset again: a repeated row stays one record, an unchanged row never overwrites
what the user edited, and the messages count records only, with the right reason."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run

# UPR Info's database export, as published: Mac Roman, bare CR line ends (see tests/data/datasets)
UPR_HEADER = "To,To-Rgrp,To-Org,Text,From,From-Rgrp,From-Org,Response,Action,Issue,Session"
ROW_A = "Belarus,EEG,CIS,Invented: free the jailed lawyers,Poland,WEOG,EU,Accepted,3,Justice,8"
ROW_B = "Belarus,EEG,CIS,Invented: end the death penalty,France,WEOG,EU,Noted,4,Death penalty,8"


def upr_file(path: Path, *rows: str, end: str = "\r") -> Path:
    path.write_bytes(end.join([UPR_HEADER, *rows]).encode("mac_roman"))
    return path


def import_file(isolated: Path, name: str) -> dict:
    (path,) = (isolated / "data" / "facts").glob(f"import-{name}-*.json")
    return json.loads(path.read_text(encoding="utf-8"))


def test_a_repeated_row_is_the_same_one_record_on_every_import(isolated):
    p = upr_file(isolated / "dup.csv", ROW_A, ROW_A, ROW_B)  # row 2 = row 3, as UPR Info's 6-9.csv has one
    r = run("import", str(p))
    assert r.code == 0 and "1 repeated row(s) kept once" in r.stderr, r.stderr
    assert len(import_file(isolated, "dup-csv")["recommendations"]) == 2
    for extra in ((), ("--replace",)):
        r = run("import", str(p), *extra)  # unchanged: nothing to do, never a clash of the file with itself
        assert r.code == 0, r.stderr
        assert "nothing new" in r.stderr and "is also the id" not in r.stderr and "hrcli remove" not in r.stderr
    # an updated download of the same export, CRLF this time, with a row more: the repeated row still one record
    row_c = ROW_B.replace("France", "Chile").replace("death penalty", "torture")
    upr_file(p, ROW_A, ROW_A, ROW_B, row_c, end="\r\n")
    r = run("import", str(p))
    assert r.code == 0 and "added 1 recommendation" in r.stderr, r.stderr
    recs = import_file(isolated, "dup-csv")["recommendations"]
    assert sorted(x["recommending_state"] for x in recs) == ["Chile", "France", "Poland"]
    assert [x["locator"] for x in recs if x["recommending_state"] == "Poland"] == ["row 2"]
