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


def edit_first(isolated: Path, name: str, kind: str, field: str, value: str) -> None:
    """The user's own edit to the first record of an import's file, by hand (the file stays valid)."""
    (path,) = (isolated / "data" / "facts").glob(f"import-{name}-*.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    data[kind][0][field] = value
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    assert run("validate").code == 0


def test_an_unchanged_row_never_overwrites_the_users_edit_of_its_record(isolated):
    p = upr_file(isolated / "r.csv", ROW_A, ROW_B)
    assert run("import", str(p)).code == 0
    edit_first(isolated, "r-csv", "recommendations", "note", "Mine: checked against the report")
    r = run("import", str(p))  # the file byte for byte the same
    assert r.code == 0 and "nothing new" in r.stderr and "replaced" not in r.stderr, r.stderr
    assert import_file(isolated, "r-csv")["recommendations"][0]["note"] == "Mine: checked against the report"
    # a row that changes in the file replaces the record as the file now says it, and says the edit is gone
    upr_file(p, ROW_A, ROW_B, end="\r\n")  # the same rows, CRLF: still unchanged
    assert "replaced" not in run("import", str(p)).stderr
    r = run("import", str(p), "--map", "Issue=-")  # the same row read otherwise: the record changes
    assert r.code == 0 and "replaced 2" in r.stderr, r.stderr
    assert "1 record(s) you edited were replaced or removed by the file's rows" in r.stderr, r.stderr
    assert "note" not in import_file(isolated, "r-csv")["recommendations"][0]
    # what the import keeps beside its file goes with it
    assert [f.name for f in (isolated / "data" / "facts").glob(".import-r-csv-*.read")]
    assert run("remove", "--import", str(p)).code == 0
    assert not list((isolated / "data" / "facts").glob("*import-*"))


def test_an_unchanged_vote_never_overwrites_the_users_edit(isolated):
    p = isolated / "v.csv"
    p.write_bytes((Path(__file__).parent / "data" / "datasets" / "ohchr-voting-belarus.csv").read_bytes())
    assert run("import", str(p)).code == 0
    edit_first(isolated, "v-csv", "events", "note", "Mine: the vote I watched")
    r = run("import", str(p))
    assert r.code == 0 and "nothing new" in r.stderr and "replaced" not in r.stderr, r.stderr
    assert import_file(isolated, "v-csv")["events"][0]["note"] == "Mine: the vote I watched"


DATASETS = Path(__file__).parent / "data" / "datasets"


def copy(isolated: Path, name: str, dest: str = "") -> Path:
    path = isolated / (dest or name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes((DATASETS / name).read_bytes())
    return path


def test_a_un_dataset_again_counts_its_records_not_its_source(isolated):
    p = copy(isolated, "untc-IV-5-status.csv")
    r = run("import", str(p))
    assert r.code == 0 and "added 1 source, 1 event" in r.stderr, r.stderr
    r = run("import", str(p))
    assert r.code == 0 and "nothing new; 1 already present" in r.stderr, r.stderr
    v = copy(isolated, "ohchr-voting-belarus.csv")
    events = len([x for x in json.loads(run("import", str(v), "--dry-run", "--format", "json").stdout)])
    assert events > 1 and run("import", str(v)).code == 0
    r = run("import", str(v))
    assert r.code == 0 and f"nothing new; {events - 1} already present" in r.stderr, (events, r.stderr)


def test_other_states_rows_left_out_on_a_plain_reimport_are_said_to_be_so(isolated):
    p = copy(isolated, "untc-IV-5-status.csv")
    r = run("import", str(p), "--all-states")
    assert r.code == 0 and "added 1 source, 6 events" in r.stderr, r.stderr
    r = run("import", str(p))  # the file unchanged: its other States' rows are in it, the filter leaves them out
    assert r.code == 0, r.stderr
    assert "removed 5 not about Belarus (imported before with --all-states; give it again to keep them)" in r.stderr
    assert "no longer in the file" not in r.stderr and "1 already present" in r.stderr, r.stderr
    # Belarus's row changed in the file is still said to be changed or gone, beside them
    assert run("import", str(p), "--all-states").code == 0
    p.write_text(p.read_text(encoding="utf-8").replace("30 Sep 1992 a", "1 Oct 1992 a"), encoding="utf-8")
    r = run("import", str(p))
    assert "removed 1 no longer in the file (changed or gone); removed 5 not about Belarus" in r.stderr, r.stderr


def test_same_named_datasets_in_two_folders_each_register_their_own_source(isolated):
    a = copy(isolated, "upr-info-belarus-received.csv", "a/upr.csv")
    b = copy(isolated, "upr-info-belarus-given.csv", "b/upr.csv")
    assert run("import", str(a)).code == 0
    r = run("import", str(b))
    assert r.code == 0 and "added 1 source" in r.stderr, r.stderr
    srcs = [x for x in json.loads(run("sources", "--format", "json").stdout) if x["id"].startswith("upr-info-upr")]
    assert len(srcs) == 2, srcs
    for folder in ("b", "a"):  # the same import again: its own source, as it stands
        r = run("import", str(isolated / folder / "upr.csv"))
        assert r.code == 0 and "nothing new" in r.stderr and "source" not in r.stderr.split("recognised")[-1], r.stderr
    # either removes on its own: the other's records never cite its source
    assert run("remove", "--import", str(a)).code == 0
    assert run("import", str(b)).stderr.count("nothing new") == 1
    assert run("remove", "--import", str(b)).code == 0
    # the UN datasets' sources too
    a = copy(isolated, "ohchr-voting-belarus.csv", "a/resolutions.csv")
    b = copy(isolated, "ohchr-voting-belarus-2020.csv", "b/resolutions.csv")
    assert run("import", str(a)).code == 0 and run("import", str(b)).code == 0
    assert run("remove", "--import", str(a)).code == 0, "b's records cite a's source"
    assert run("validate").code == 0


def test_a_second_download_of_a_dataset_says_its_rows_are_already_present(isolated):
    first = copy(isolated, "upr-info-belarus-received.csv", "6-9.csv")
    again = copy(isolated, "upr-info-belarus-received.csv", "6-9 (1).csv")
    assert run("import", str(first)).code == 0
    r = run("import", str(again))
    assert r.code == 0, r.stderr
    assert f"its rows were already present from the import of {first.resolve()}" in r.stderr, r.stderr
    assert "already present from the import" not in run("import", str(again)).stderr  # said once, when added
    assert (
        "already present from the import" not in run("import", str(copy(isolated, "upr-info-belarus-given.csv"))).stderr
    )


def test_a_changed_row_whose_old_record_the_user_edited_says_the_edit_is_gone(isolated):
    """A UPR Info row has no id of its own: a row changed in the file makes a new record and its old one goes.
    Had the user edited the old one, the summary says so; a record nobody edited goes without that word."""
    p = upr_file(isolated / "r.csv", ROW_A, ROW_B)
    assert run("import", str(p)).code == 0
    upr_file(p, ROW_A, ROW_B.replace("Noted", "Accepted"))  # France's response corrected: nobody's edit lost
    r = run("import", str(p))
    assert r.code == 0 and "removed 1 no longer in the file" in r.stderr, r.stderr
    assert "you edited" not in r.stderr
    edit_first(isolated, "r-csv", "recommendations", "note", "Mine: checked against the report")
    first = import_file(isolated, "r-csv")["recommendations"][0]["summary"]
    rows = [ROW_A, ROW_B.replace("Noted", "Accepted")]
    changed = [x.replace("Invented: ", "Invented and corrected: ") if first in x else x for x in rows]
    assert changed != rows
    upr_file(p, *changed)
    r = run("import", str(p))
    assert r.code == 0 and "removed 1 no longer in the file" in r.stderr, r.stderr
    assert "1 record(s) you edited were replaced or removed by the file's rows" in r.stderr, r.stderr
