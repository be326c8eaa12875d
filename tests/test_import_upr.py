"""hrcli import with the data the field publishes: UPR Info's and OHCHR's column names, dropping columns
with --map COLUMN=-, a column that means something else ignored once, and problems told once per kind."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import ok_json, run, workbook
from hrcli import importer
from hrcli.validate import SCHEMA

# UPR Info's export header, as downloaded (see the evidence in hrcli/importer/mapping.py)
UPR_INFO = [
    *("To", "To-Rgrp", "To-Org", "Text", "From", "From-Rgrp", "From-Org"),
    *("Response", "Action", "Issue", "Session"),
]
UPR_FIELDS = ("recommending_state", "response", "cycle", "session")


def upr_info_csv(path: Path, n: int = 4) -> Path:
    """Made-up rows in UPR Info's shape: an action category 1-5, issues outside hrcli's topics."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(UPR_INFO)
    for i in range(n):
        resp = "Accepted" if i % 2 else "Noted"
        w.writerow(["Belarus", "EEG", "", f"Invented recommendation {i}", "Norway", "WEOG", "", resp, i % 5 + 1,
                    "Death penalty,Justice", 8])  # fmt: skip
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


@pytest.fixture
def upr_fields(monkeypatch):
    """The four UPR fields, as the recommendation schema names them (added by issue 19's other half)."""
    rec = dict(SCHEMA["recommendations"])
    for f, types in zip(UPR_FIELDS, ((str,), (str,), (int,), (int,)), strict=True):
        rec.setdefault(f, (types, False, None))
    monkeypatch.setitem(SCHEMA, "recommendations", rec)


def test_map_dash_drops_a_column_and_it_is_not_reported():
    cols = ["Date", "Summary", "Action", "Extra"]
    m, ignored = importer.column_map(cols, "events", [("Action", "-"), ("extra", "-")])
    assert "Action" not in m and "Extra" not in m and m["Summary"] == "summary"
    assert ignored == []
    # a later --map of the same column wins
    m, _ = importer.column_map(cols, "events", [("Action", "-"), ("Action", "action")])
    assert m["Action"] == "action"


def test_unknown_field_names_the_dash():
    with pytest.raises(Exception, match="or - to drop the column"):
        importer.column_map(["A"], "events", [("A", "nonsense")])


def test_map_with_no_field_says_how_to_drop_or_map():
    """`--map Action=` (the issue's first attempt to drop a column) names both ways out, not an unknown field ''."""
    with pytest.raises(Exception, match=r"--map Action=- drops the column.*--map Action=FIELD") as e:
        importer.column_map(["Action", "Text"], "recommendations", [("Action", "")])
    assert "''" not in str(e.value)


def test_upr_info_columns_map_by_themselves(upr_fields):
    notes: dict[str, str] = {}
    sample = [dict(zip(UPR_INFO, ["Belarus", "", "", "t", "Norway", "", "", "Noted", "3", "x", "8"], strict=True))]
    m, ignored = importer.column_map(UPR_INFO, "recommendations", [], sample, notes)
    assert m == {"Text": "summary", "From": "recommending_state", "Response": "response", "Session": "session"}
    assert "action category" in notes["Action"] and "Action" in ignored
    assert "--map Issue=topics" in notes["Issue"]


def test_uhri_columns_map_by_themselves(upr_fields):
    cols = ["Text", "Countries concerned", "UPR Reccomending States", "UPR Position", "UPR Session", "Type"]
    m, _ = importer.column_map(cols, "recommendations", [])
    assert m["UPR Reccomending States"] == "recommending_state"
    assert m["UPR Position"] == "response" and m["UPR Session"] == "session" and m["Text"] == "summary"
    assert "Type" not in m and "Countries concerned" not in m


def test_upr_names_wait_for_their_fields(monkeypatch):
    # a version without the fields reports the column, never maps it onto something else
    rec = {k: v for k, v in SCHEMA["recommendations"].items() if k not in UPR_FIELDS}
    monkeypatch.setitem(SCHEMA, "recommendations", rec)
    notes: dict[str, str] = {}
    m, ignored = importer.column_map(["Response", "Text"], "recommendations", [], [], notes)
    assert m == {"Text": "summary"} and ignored == ["Response"] and "does not have" in notes["Response"]


def test_upr_names_are_only_for_recommendations():
    m, _ = importer.column_map(["Text", "Response", "Session"], "events", [])
    assert m == {}


@pytest.mark.parametrize(
    ("values", "mapped"),
    [(["1", "5", "3"], False), (["visit", "2"], True), (["", ""], True), (["Visit"], True)],
)
def test_a_closed_field_column_is_trusted_only_with_its_words(values, mapped):
    notes: dict[str, str] = {}
    m, _ = importer.column_map(["Action"], "events", [], [{"Action": v} for v in values], notes)
    assert ("Action" in m) is mapped
    assert ("Action" in notes) is not mapped


def test_session_and_cycle_cells_become_numbers(upr_fields):
    cmap = {"S": "session", "C": "cycle"}
    rec = importer.clean_record({"S": "- 12th session - October 2011", "C": "Cycle 2"}, cmap, "recommendations", {})
    assert rec == {"session": 12, "cycle": 2}
    assert importer.clean_record({"S": 8.0, "C": "n/a"}, cmap, "recommendations", {}) == {"session": 8, "cycle": "n/a"}


def test_a_session_cell_that_names_a_cycle_gives_the_cycle(upr_fields):
    """'Cycle 1' in a Session column is no Working Group session 1 (which would also say first cycle for a
    second-cycle row): it gives the cycle, and the session stays unknown."""
    cmap = {"S": "session"}
    assert importer.clean_record({"S": "Cycle 2"}, cmap, "recommendations", {}) == {"cycle": 2}
    assert importer.clean_record({"S": "2nd cycle"}, cmap, "recommendations", {}) == {"cycle": 2}
    assert importer.clean_record({"S": "UPR 15th session"}, cmap, "recommendations", {}) == {"session": 15}
    # a cycle column of the row's own wins over what the session cell says
    both = {"S": "session", "C": "cycle"}
    assert importer.clean_record({"S": "Cycle 2", "C": "3"}, both, "recommendations", {}) == {"cycle": 3}


def test_uhri_publication_date_is_the_date_and_themes_are_told(upr_fields):
    cols = ["Text", "Document Publication Date", "UPR Session", "Themes"]
    notes: dict[str, str] = {}
    m, ignored = importer.column_map(cols, "recommendations", [], [], notes)
    assert m["Document Publication Date"] == "date"
    assert "Themes" in ignored and "--map Themes=topics" in notes["Themes"]


def test_uhri_bulleted_cells_are_lists_not_text(upr_fields):
    """UHRI's export writes each value of a cell as a '- ' bullet, one per line: the bullets are dropped,
    a list of topics is split on them, and several recommending States are kept as one '; '-joined cell."""
    cmap = {"S": "recommending_state", "P": "response", "N": "session", "T": "topics", "X": "summary"}
    raw = {
        "S": "- Australia\n- Canada",
        "P": "- Supported",
        "N": "- 22nd session - May 2015",
        "T": "- Death penalty\n - Right to life",
        "X": "- Invented text",
    }
    rec = importer.clean_record(raw, cmap, "recommendations", {})
    assert rec == {
        "recommending_state": "Australia; Canada",
        "response": "Supported",
        "session": 22,
        "topics": ["death penalty", "right to life"],
        "summary": "Invented text",
    }
    # a dash inside a value is the value's own, and so is a leading one unless every line is a bullet
    for text in ("Self-determination - general", "-12 on the scale", "- first\nnot a bullet"):
        assert importer.clean_record({"X": text}, cmap, "recommendations", {}) == {"summary": text}


def issue(n: int, field: str | None = "source", msg: str = "missing", fix: str = "add --source ID") -> importer.Issue:
    return importer.Issue(f"line {n}", field, msg, fix)


def test_the_same_problem_on_many_rows_is_one_line():
    lines, more = importer.summary([issue(n) for n in range(2, 171)])
    assert lines == ["lines 2-170 (169 rows): field 'source': missing; add --source ID"] and more == 0


def test_rows_are_ranges_and_values_that_differ_are_said():
    issues = [issue(n, "action", f"unknown action '{n}'", "fix it") for n in (2, 3, 4, 9, 11, 12)]
    (line,), _ = importer.summary(issues)
    assert line.startswith("lines 2-4, 9, 11-12 (6 rows): field 'action': unknown action '2'")
    assert "other values" in line and line.endswith("; fix it")


def test_distinct_problems_are_listed_then_counted():
    issues = [issue(n, f"f{n}", "missing", "") for n in range(2, 40)]
    lines, more = importer.summary(issues)
    assert len(lines) == importer.problems.LIMIT and more == 38 - importer.problems.LIMIT
    assert lines[0] == "line 2: field 'f2': missing"


def test_fix_names_the_option():
    fix = importer.problems.fix_for
    assert "--source ID" in fix(issue(2), {}, {})
    assert "--map COLUMN=locator" in fix(issue(2, "locator"), {}, {})
    assert "--map Act=-" in fix(issue(2, "action", "unknown action '3'"), {"action": "Act"}, {})
    assert "--set date" in fix(issue(2, "date", "bad"), {}, {"date": "x"})
    assert fix(issue(2, None, "3 cells but the header has 2"), {}, {}) == "correct the row in the file"


def test_upr_info_file_imports_in_one_command(isolated):
    path = upr_info_csv(isolated / "upr-info-belarus.csv")
    args = ["import", str(path), "--kind", "recommendations", "--source", "unct-2009", "--set", "locator=para. 1"]
    args += ["--map", "To-Rgrp=-", "--map", "To-Org=-", "--map", "Issue=-"]
    args += ["--map", "From-Rgrp=-", "--map", "From-Org=-"]
    dropped = run(*args, "--map", "To=-")  # the State under review tells received from given: never dropped
    assert dropped.code == 2 and "cannot be dropped" in dropped.stderr and "Belarus received" in dropped.stderr
    r = run(*args)
    assert r.code == 0, r.stderr
    assert "added 4 recommendations" in r.stderr  # the older recipe's flags still work: they win over the profile
    assert "recognised UPR Info database export" in r.stderr
    assert "To-Rgrp" not in r.stderr  # dropped on purpose: not reported
    stored = json.loads(next((isolated / "data" / "facts").glob("import-*.json")).read_text(encoding="utf-8"))
    assert "sources" not in stored  # --source named one: none registered
    recs = stored["recommendations"]
    assert [x["summary"] for x in recs] == [f"Invented recommendation {i}" for i in range(4)]
    assert all("action" not in x for x in recs)  # UPR Info's Action is its category, kept apart
    assert [x["action_category"] for x in recs] == [1, 2, 3, 4]
    assert all(x["locator"] == "para. 1" and x["state_under_review"] == "Belarus" for x in recs)
    if "response" in SCHEMA["recommendations"]:  # with issue 19's fields in the schema
        assert recs[1]["recommending_state"] == "Norway" and recs[1]["session"] == 8
    else:
        assert "ignored column 'Response'" in r.stderr
    rows = [x for x in ok_json("timeline", "--kind", "all") if x.get("origin") == "user"]
    assert len(rows) == 4


def test_a_bad_upr_file_fits_on_a_screen_and_says_what_to_do(isolated):
    """Generic path (a header no profile knows, read as the user maps it): one grouped line per problem, with its
    fix."""
    path = upr_info_csv(isolated / "big.csv", n=169)
    text = path.read_text(encoding="utf-8").replace("To,", "Under review,", 1)
    path.write_text(text, encoding="utf-8")
    r = run("import", str(path), "--kind", "recommendations", "--map", "Under review=state_under_review")
    assert r.code == 2
    assert "recognised" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) <= 12, r.stderr
    assert any("lines 2-170 (169 rows): field 'source': missing; add --source ID" in ln for ln in lines), r.stderr
    assert any("lines 2-170 (169 rows): field 'locator': missing; add a column named 'locator'" in ln for ln in lines)
    assert "unknown action" not in r.stderr  # the action category never reaches hrcli's action


def test_dry_run_of_recommendations_shows_state_and_how_the_response_counts(isolated):
    """Before writing, a researcher sees which column became the State and how each response will count."""
    p = isolated / "upr.csv"
    p.write_text("Text,From,Response,Session\nInvented,Norway,Supported/Noted,8\n", encoding="utf-8")
    args = ["--kind", "recommendations", "--source", "unct-2009", "--set", "locator=row", "--dry-run"]
    r = run("import", str(p), *args, env={"COLUMNS": "200"})
    assert r.code == 0, r.stderr
    assert "Norway" in r.stdout and "other" in r.stdout and "(Supported/Noted)" in r.stdout
    (row,) = json.loads(run("import", str(p), *args, "--json").stdout)
    assert row["response"] == "Supported/Noted" and "response_shown" not in row  # JSON: the row as written


def test_dry_run_json_lists_every_problem(isolated):
    text = "date,summary,source,locator\n" + "".join(f"2023-{50 + n},x{n},unct-2009,p. {n}\n" for n in range(30))
    path = isolated / "many.csv"
    path.write_text(text, encoding="utf-8")
    r = run("import", str(path))
    assert r.code == 2
    # one problem (one grouped line) in 30 rows
    assert "1 problem(s) in 30 rows of many.csv" in r.stderr and "lines 2-31 (30 rows): field 'date'" in r.stderr
    r = run("import", str(path), "--dry-run", "--json")
    assert r.code == 2
    rows = json.loads(r.stdout)
    assert len(rows) == 30 and rows[0]["where"] == "line 2" and rows[0]["field"] == "date"


EVENTS = "date,summary,source,locator\n" + "".join(f"2023-0{n},Event {n},unct-2009,p. {n}\n" for n in range(1, 6))


def test_the_same_file_again_reads_no_fact_file_and_validates_nothing(isolated, monkeypatch):
    """A re-import decides through the cache (ids and content digests): no fact file is read or validated."""
    from hrcli import cache, loader

    path = isolated / "ev.csv"
    path.write_text(EVENTS, encoding="utf-8")
    first = importer.run(importer.read_table(path))
    assert first.added == 5 and not first.problems

    def boom(*_a, **_k):
        raise AssertionError("read or validated again")

    monkeypatch.setattr(loader, "read_text", boom)
    monkeypatch.setattr(loader, "stream", boom)
    monkeypatch.setattr(cache, "stage", boom)
    again = importer.run(importer.read_table(path))
    assert again.added == 0 and again.unchanged == 5 and not again.problems


def test_a_stale_index_is_not_trusted(isolated):
    path = isolated / "ev.csv"
    path.write_text(EVENTS, encoding="utf-8")
    assert run("import", str(path)).code == 0
    rid = json.loads(next((isolated / "data" / "facts").glob("import-*.json")).read_text())["events"][0]["id"]
    assert run("remove", rid).code == 0  # the import file changes: its index no longer describes it
    r = run("import", str(path))
    assert r.code == 0 and "added 1 event" in r.stderr and "4 already present" in r.stderr, r.stderr
    r = run("import", str(path))
    assert r.code == 0 and "nothing new" in r.stderr and "5 already present" in r.stderr, r.stderr


def test_reimporting_an_edited_file_says_which_records_it_no_longer_holds(isolated):
    """A row corrected in the file comes back as a new record; the old one stays in the import and is still
    counted, so the import says so, and how to start afresh."""
    p = isolated / "u.csv"
    rows = "Text,From,Response,Session\nInvented a,Chile,Accepted,8\nInvented b,Peru,Noted,8\nInvented c,Fiji,Noted,8\n"
    p.write_text(rows, encoding="utf-8")
    args = ["--kind", "recommendations", "--source", "unct-2009", "--set", "locator=r"]
    assert run("import", str(p), *args).code == 0
    p.write_text(rows.replace("Peru,Noted", "Peru,Accepted"), encoding="utf-8")
    r = run("import", str(p), *args)
    assert r.code == 0, r.stderr
    assert "1 record(s) of this import are no longer rows of u.csv" in r.stderr
    assert "--replace makes the import hold only the file's rows" in r.stderr
    # nothing new the second time: still said (the cache counts the import's records, no file is read)
    r = run("import", str(p), *args, "--dry-run")
    assert "nothing new" in r.stderr and "1 record(s) of this import are no longer rows of u.csv" in r.stderr
    assert "no longer rows" not in run("import", str(isolated / "u.csv"), "--kind", "events", "--dry-run").stderr
    # --replace, as the line says: the import holds the file's three rows, the old Peru row gone
    r = run("import", str(p), *args, "--replace")
    assert r.code == 0 and "nothing new; removed 1 no longer in the file" in r.stderr, r.stderr
    recs = json.loads(next((isolated / "data" / "facts").glob("import-u-csv-*.json")).read_text())
    assert [(x["recommending_state"], x["response"]) for x in recs["recommendations"]] == [
        ("Chile", "Accepted"),
        ("Fiji", "Noted"),
        ("Peru", "Accepted"),
    ]


# -- found by the issue 19 red team ---------------------------------------------------------------------------


def test_a_same_named_file_in_another_folder_is_an_import_of_its_own(isolated):
    (isolated / "a").mkdir()
    (isolated / "b").mkdir()
    a = upr_info_csv(isolated / "a" / "upr.csv")
    b = upr_info_csv(isolated / "b" / "upr.csv")
    args = ["--kind", "recommendations", "--source", "unct-2009", "--set", "locator=para. 1", "--map", "Issue=-"]
    assert run("import", str(a), *args).code == 0
    r = run("import", str(b), *args, "--json")
    assert r.code == 0, r.stderr
    # README: a/upr.csv and b/upr.csv "are two imports that never touch each other's records"
    assert json.loads(r.stdout)[0]["added"] == 4, r.stderr
    assert run("remove", "--import", str(a)).code == 0
    assert len([x for x in ok_json("upr") if x["kind"] == "recommendation"]) == 4


def test_summary_keeps_same_named_datasets_from_two_folders_apart(isolated):
    for folder, state in (("a", "Norway"), ("b", "Chile")):
        (isolated / folder).mkdir()
        p = isolated / folder / "upr.csv"
        p.write_text(f"Text,From,Response,Session\nInvented {state},{state},Accepted,8\n", encoding="utf-8")
        r = run("import", str(p), "--kind", "recommendations", "--source", "unct-2009", "--set", "locator=row")
        assert r.code == 0, r.stderr
    rows = [x for x in ok_json("upr", "--summary", "--cycle", "1") if x["dataset"]]
    assert [x["received"] for x in rows] == [1, 1]


def test_an_ambiguous_date_fix_names_the_cells_own_readings(isolated):
    p = isolated / "d.csv"
    p.write_text("date,summary,source,locator\n03/04/2019,x,unct-2009,p. 1\n", encoding="utf-8")
    r = run("import", str(p))
    assert r.code == 2
    assert "2023-05-12" not in r.stderr and "2019-04-03" in r.stderr and "2019-03-04" in r.stderr


# -- published datasets recognised by their header (importer/profiles.py) -------------------------------------

DATASETS = Path(__file__).parent / "data" / "datasets"
UPR_INFO_FILES = ("upr-info-belarus-received.csv", "upr-info-belarus-given.csv", "upr-info-sessions-5-9.csv")
UWAZI_FILE = "upr-info-database-belarus-cycle3.csv"


def dataset_rows(name: str) -> list[dict[str, str]]:
    """A fixture's rows read with csv, as published: UPR Info's CSV is Mac Roman with bare CR line ends."""
    raw = (DATASETS / name).read_bytes()
    text = raw.decode("mac_roman") if b"\r" in raw and b"\n" not in raw else raw.decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def stored(isolated_path: Path, name: str) -> dict:
    slug = importer.slug(name)
    (path,) = (isolated_path / "data" / "facts").glob(f"import-{slug}-*.json")
    return json.loads(path.read_text(encoding="utf-8"))


def copy(isolated_path: Path, name: str) -> Path:
    dest = isolated_path / name
    dest.write_bytes((DATASETS / name).read_bytes())
    return dest


def test_every_fixture_header_is_recognised_by_its_own_profile_and_needs_every_signature_column():
    from hrcli.importer import profiles

    cases = {name: profiles.UPR_INFO_CSV for name in UPR_INFO_FILES} | {UWAZI_FILE: profiles.UPR_INFO_UWAZI}
    for name, want in cases.items():
        header = list(dataset_rows(name)[0])
        assert profiles.detect(header) is want, name
        for gone in want.signature:  # any one signature column missing: the generic path
            assert profiles.detect([c for c in header if importer.norm(c) != gone]) is None, (name, gone)
    served = ["SuR", "Rgrp", "Org", "Recommendation", "RS", "Rgrp", "Org", "Response", "Action", "Issue", "Session"]
    assert profiles.detect(served) is profiles.UPR_INFO_XLS  # the .xls as UPR Info served it (datasets.md §1)
    uhri = ["Text", "Countries concerned", "Reccomending body", "Document symbol", "Document publication date"]
    assert profiles.detect([*uhri, "UPR Session", "UPR Reccomending States", "UPR Position", "Type"]) is profiles.UHRI
    assert profiles.detect(["date", "summary", "source", "locator"]) is None


@pytest.mark.parametrize("name", [*UPR_INFO_FILES, UWAZI_FILE])
def test_a_upr_dataset_imports_with_no_flags_and_keeps_each_rows_states(isolated, name):
    """`hrcli import FILE` alone: Belarus's review and Belarus's own recommendations are kept, every other
    State's review is left out and counted; each record keeps its row's State under review and recommending
    State (read here with csv), and its locator is its real row."""
    rows = dataset_rows(name)
    uwazi = name == UWAZI_FILE
    to, frm, text = ("State under Review", "Recommending State", "Title") if uwazi else ("To", "From", "Text")
    ours = [(n, r) for n, r in enumerate(rows, 2) if "Belarus" in (r[to], r[frm])]
    others = len(rows) - len(ours)
    assert ours
    r = run("import", str(copy(isolated, name)))
    assert r.code == 0, r.stderr
    assert f"{name}: recognised UPR Info database export" in r.stderr
    assert f"added 1 source, {len(ours)} recommendation" in r.stderr
    assert (f"left out {others} row(s)" in r.stderr) == bool(others)
    recs = {x["locator"]: x for x in stored(isolated, name)["recommendations"]}
    assert sorted(recs) == sorted(f"row {n}" for n, _r in ours)
    for n, row in ours:
        rec = recs[f"row {n}"]
        # exactly, accents included: UPR Info's Mac Roman (bare CR line ends) is read as Mac Roman
        assert rec["summary"] == row[text].strip()
        assert rec["state_under_review"] == row[to]
        assert rec["recommending_state"] == row[frm].replace("|", "; ")
        assert rec["mechanism"] == "upr" and rec["session"] == int(row["Session"])
        assert rec["action_category"] == int(row["Action Category" if uwazi else "Action"])


def test_all_states_keeps_every_row_each_with_its_state(isolated):
    name = "upr-info-sessions-5-9.csv"
    rows = dataset_rows(name)
    r = run("import", str(copy(isolated, name)), "--all-states")
    assert r.code == 0, r.stderr
    assert "left out" not in r.stderr
    recs = stored(isolated, name)["recommendations"]
    assert len(recs) == len(rows)
    want = {(x["To"], x["From"], x["Text"].strip()) for x in rows}
    assert {(x["state_under_review"], x["recommending_state"], x["summary"]) for x in recs} == want


def test_issues_are_kept_in_their_own_words_and_those_meaning_a_topic_become_topics(isolated):
    from hrcli.importer.profiles import UPR_TOPICS

    name = "upr-info-belarus-received.csv"
    rows = dataset_rows(name)
    assert run("import", str(copy(isolated, name))).code == 0
    recs = {x["locator"]: x for x in stored(isolated, name)["recommendations"]}
    mapped = 0
    for n, row in enumerate(rows, 2):
        rec = recs[f"row {n}"]
        words = [w.strip() for w in row["Issue"].split(",")]
        assert rec["issues"] == "; ".join(words)
        topics = sorted({UPR_TOPICS[w.casefold()] for w in words if w.casefold() in UPR_TOPICS})
        assert rec.get("topics", []) == topics
        mapped += bool(topics)
    assert mapped  # the fixture has issues that mean hrcli topics
    child = next(x for x in recs.values() if "Rights of the Child" in x["issues"])
    assert {"children", "trafficking", "women"} <= set(child["topics"])
    assert all(t in vocab_topics() for x in recs.values() for t in x.get("topics", []))


def vocab_topics() -> set[str]:
    from hrcli import vocab

    return set(vocab.TOPICS)


def test_the_registered_source_names_publisher_dataset_file_and_day_and_an_edit_survives(isolated):
    import datetime as dt
    import os

    name = "upr-info-belarus-received.csv"
    path = copy(isolated, name)
    saved = dt.datetime(2026, 7, 2, 12, 0).timestamp()
    os.utime(path, (saved, saved))  # the day the file was downloaded: the day it was read
    assert run("import", str(path)).code == 0
    (src,) = stored(isolated, name)["sources"]
    assert src["issuer"] == "UPR Info" and name in src["title"]
    # the export states no publication date: published by the day it was read, which is its access date
    assert (src["date"], src["accessed"]) == ("/2026-07-02", "2026-07-02")
    assert {x["source"] for x in stored(isolated, name)["recommendations"]} == {src["id"]}
    # the user edits the source; importing the file again keeps the edit and adds nothing
    (facts,) = (isolated / "data" / "facts").glob("import-*.json")
    facts.write_text(facts.read_text(encoding="utf-8").replace(src["title"], "My copy of UPR Info"), encoding="utf-8")
    again = run("import", str(path))
    assert again.code == 0, again.stderr
    assert "nothing new" in again.stderr
    assert stored(isolated, name)["sources"][0]["title"] == "My copy of UPR Info"


def test_a_recognised_file_with_broken_rows_gets_one_grouped_line_per_problem(isolated):
    name = "upr-info-belarus-received.csv"
    raw = (DATASETS / name).read_bytes()
    lines = raw.split(b"\r")
    for i in (1, 2, 3):  # three rows answered with a word that is no response
        lines[i] = lines[i].replace(b",Accepted,", b",Maybe,").replace(b",Noted,", b",Maybe,")
    lines.append(b"Belarus,EEG")  # a short row
    path = isolated / name
    path.write_bytes(b"\r".join(lines))
    r = run("import", str(path))
    assert r.code == 2
    assert "nothing was imported" in r.stderr
    response = [ln for ln in r.stderr.splitlines() if "field 'response'" in ln]
    assert len(response) == 1 and "(3 rows)" in response[0], r.stderr
    assert not list((isolated / "data" / "facts").glob("import-*.json"))


def test_set_locator_row_gives_each_row_its_number_not_the_word(isolated):
    p = isolated / "events.csv"
    p.write_text("date,summary\n2023-01-02,First\n2023-02-03,Second\n", encoding="utf-8")
    r = run("import", str(p), "--source", "unct-2009", "--set", "locator=row")
    assert r.code == 0, r.stderr
    recs = {x["summary"]: x["locator"] for x in stored(isolated, "events.csv")["events"]}
    assert recs == {"First": "row 2", "Second": "row 3"}


def test_the_tracker_layout_imports_with_no_flags(isolated):
    """The tracker's records (docs/dev/datasets.md §7), as an array: positions, States and themes kept."""
    data = json.loads((DATASETS / "tracker-belarus.json").read_text(encoding="utf-8"))
    items = [rec for cyc in data["cycles"].values() for rec in cyc["recommendations"]]
    assert items
    p = isolated / "tracker.json"
    p.write_text(json.dumps(items), encoding="utf-8")
    r = run("import", str(p))
    assert r.code == 0, r.stderr
    assert "recognised" in r.stderr
    recs = stored(isolated, "tracker.json")["recommendations"]
    assert [x["summary"] for x in recs] == [x["text"] for x in items]
    assert [x["recommending_state"] for x in recs] == ["; ".join(x["recommending_states"]) for x in items]
    assert [x["issues"] for x in recs] == ["; ".join(x["themes"]) for x in items]
    assert [x["locator"] for x in recs] == [f"item {n}" for n in range(1, len(items) + 1)]
    assert all("state_under_review" not in x for x in recs)  # the tracker is about Belarus: counted as received
    assert [x["note"].rsplit(": ", 1)[1] for x in recs] == [x["status"] for x in items]


def test_the_uhri_export_imports_with_no_flags_and_leaves_other_states_out(isolated):
    """OHCHR's UHRI export shape (docs/dev/datasets.md §3: bulleted cells, its own spelling): Belarus's rows
    are kept with their States, another State's review is left out and counted."""
    header = ["Text", "Countries concerned", "Reccomending body", "Document symbol", "Document publication date"]
    header += ["UPR Session", "UPR Reccomending States", "UPR Position", "Type"]
    rows = [
        ["Set a date to end executions", "- Belarus", "- UPR", "A/HRC/46/5", "2021-01-05", "- 36th session - Cycle 3",
         "- Australia\n- Fiji", "- Noted", "- Recommendation"],
        ["Protect journalists at protests", "- Belarus", "- UPR", "A/HRC/46/5", "2021-01-05",
         "- 36th session - Cycle 3", "- Canada", "- Supported", "- Recommendation"],
        ["Widen access to clean water", "- Chile", "- UPR", "A/HRC/41/6", "2019-04-02", "- 32nd session - Cycle 3",
         "- Belgium", "- Supported", "- Recommendation"],
    ]  # fmt: skip
    path = isolated / "export-full-en.csv"
    buf = io.StringIO()
    csv.writer(buf).writerows([header, *rows])
    path.write_text(buf.getvalue(), encoding="utf-8")
    r = run("import", str(path))
    assert r.code == 0, r.stderr
    assert "recognised OHCHR Universal Human Rights Index export" in r.stderr
    assert "left out 1 row(s)" in r.stderr
    recs = stored(isolated, "export-full-en.csv")["recommendations"]
    assert [(x["state_under_review"], x["recommending_state"], x["session"], x["cycle"]) for x in recs] == [
        ("Belarus", "Australia; Fiji", 36, 3),  # '- 36th session - Cycle 3': session 36 of cycle 3
        ("Belarus", "Canada", 36, 3),
    ]
    assert [x["locator"] for x in recs] == ["row 2", "row 3"]


@pytest.mark.parametrize("body", ["Reccomending body", "Recommending body", ""])
def test_the_uhri_export_keeps_only_the_upr_s_recommendations(isolated, body):
    """UHRI holds treaty bodies' and special procedures' recommendations beside the UPR's: only the rows whose
    recommending body is the UPR become UPR recommendations (counted as received); the others are left out and
    counted, with --all-states too, never shown as UPR recommendations. The body column is read in either
    spelling (the export's 'Reccomending' and the correct one); a file without it tells the UPR's rows by their
    UPR cells (a row whose UPR Session, States and Position are all empty is not the UPR's)."""
    rows = [
        ["Invite the special rapporteur", "- Belarus", "- UPR", "A/HRC/46/5", "2021-01-05",
         "- 36th session - Cycle 3", "- Canada", "- Noted", "- Recommendation"],
        ["Raise the age of criminal responsibility", "- Belarus", "- Committee on the Rights of the Child",
         "CRC/C/BLR/CO/5-6", "2020-02-28", "", "", "", "- Recommendation"],
        ["Free detained lawyers", "- Belarus", "- Special Rapporteur on the situation of human rights in Belarus",
         "A/HRC/50/58", "2022-05-04", "", "", "", "- Recommendation"],
    ]  # fmt: skip
    path = _uhri_csv(isolated / "uhri-belarus.csv", rows, body)
    upr_rows = [r for r in rows if r[2] == "- UPR"]
    assert upr_rows and len(upr_rows) < len(rows)
    for extra in ((), ("--all-states",)):
        r = run("import", str(path), *extra)
        assert r.code == 0, r.stderr
        assert f"left out {len(rows) - len(upr_rows)} row(s) of other mechanisms" in r.stderr
        recs = stored(isolated, "uhri-belarus.csv")["recommendations"]
        assert [x["summary"] for x in recs] == [r[0] for r in upr_rows]
    received = [x for x in ok_json("upr", "--summary") if x["dataset"] is not None]
    assert sum(x["received"] for x in received) == len(upr_rows)


def test_the_upr_info_xls_as_served_imports_with_no_flags(isolated):
    """The .xls UPR Info served (duplicate Rgrp/Org names) imports with no flags and keeps Belarus's rows,
    counted here with xlrd; both regional-group and membership columns are the profile's, not 'ignored'."""
    import xlrd

    name = "upr-info-export-belarus.xls"
    book = xlrd.open_workbook(str(DATASETS / name), ignore_workbook_corruption=True)
    sheet = book.sheet_by_index(0)
    header = sheet.row_values(0)
    rows = [dict(zip(header, sheet.row_values(i), strict=False)) for i in range(1, sheet.nrows)]
    ours = [r for r in rows if "Belarus" in (r["SuR"], r["RS"])]
    assert ours
    r = run("import", str(copy(isolated, name)))
    assert r.code == 0, r.stderr
    assert "ignored column" not in r.stderr
    assert f"left out {len(rows) - len(ours)} row(s)" in r.stderr
    recs = stored(isolated, name)["recommendations"]
    assert sorted((x["state_under_review"], x["recommending_state"]) for x in recs) == sorted(
        (r["SuR"], r["RS"]) for r in ours
    )


def test_dataset_profiles_load_only_for_import(tmp_path):
    """Start-up unchanged: listing, counting and --help never import the profiles; import does."""
    from test_packaging import MODULES_CHECK, sub

    env = {"HRCLI_CACHE_DIR": str(tmp_path), "HRCLI_DATA_DIR": str(tmp_path)}
    for args in (["upr", "--summary", "--json"], ["timeline", "--json"], ["import", "--list", "--json"]):
        r = sub("-c", MODULES_CHECK, "hrcli.importer.profiles", *args, env=env)
        assert r.stderr.strip().endswith("(0, [])"), (args, r.stderr)
    data = tmp_path / "upr-info-belarus-received.csv"
    data.write_bytes((DATASETS / data.name).read_bytes())
    r = sub("-c", MODULES_CHECK, "hrcli.importer.profiles", "import", str(data), "--dry-run", "--json", env=env)
    assert r.stderr.strip().endswith("(0, ['hrcli.importer.profiles'])"), r.stderr


def _received() -> int:
    """The recommendations ``hrcli upr --summary`` counts as received from the user's imports."""
    return sum(x["received"] for x in ok_json("upr", "--summary") if x["dataset"] is not None)


def test_a_tracker_of_another_state_s_review_is_never_counted_as_belarus_s(isolated):
    """The tracker object's top-level state_under_review says whose review all its rows are: another State's
    rows are left out (counted), or kept under that State with --all-states; never counted as received."""
    data = json.loads((DATASETS / "tracker-belarus.json").read_text(encoding="utf-8"))
    data["state_under_review"] = "Poland"
    items = [rec for cyc in data["cycles"].values() for rec in cyc["recommendations"]]
    assert items and not any("Belarus" in rec["recommending_states"] for rec in items)
    p = isolated / "tracker-poland.json"
    p.write_text(json.dumps(data), encoding="utf-8")
    r = run("import", str(p))
    assert "recognised" in r.stderr
    assert r.code == 1 and f"no row about Belarus: {len(items)} row(s) left out" in r.stderr
    assert _received() == 0
    r = run("import", str(p), "--all-states")
    assert r.code == 0, r.stderr
    recs = stored(isolated, "tracker-poland.json")["recommendations"]
    assert len(recs) == len(items) and {x["state_under_review"] for x in recs} == {"Poland"}
    assert _received() == 0


def test_a_recommendation_belarus_made_is_never_received_even_with_no_state_under_review(isolated):
    """The generic path (no To column): a row with no State under review is the user's own recommendation to
    Belarus (received), unless Belarus made it; the canned query of the SQLite export counts as upr does."""
    import sqlite3

    from test_publish import export

    rows = [("Belarus", "Supported"), ("Norway", "Noted"), ("Chile; Belarus", "Supported")]
    data = "Text,From,Response,Session\n" + "".join(f"Invented by {s},{s},{a},8\n" for s, a in rows)
    (isolated / "mine.csv").write_text(data, encoding="utf-8")
    args = ["--kind", "recommendations", "--map", "From=recommending_state", "--source", "unct-2009"]
    r = run("import", str(isolated / "mine.csv"), *args, "--set", "locator=r")
    assert r.code == 0, r.stderr
    recs = stored(isolated, "mine.csv")["recommendations"]
    assert len(recs) == len(rows) and all("state_under_review" not in x for x in recs)
    not_belarus = [s for s, _a in rows if "Belarus" not in s]
    assert _received() == len(not_belarus) == 1
    db, meta = export(isolated)
    sql = json.loads(meta.read_text(encoding="utf-8"))["databases"]["hrcli"]["queries"]
    got = sqlite3.connect(db).execute(sql["upr_recommendations_by_cycle"]["sql"]).fetchall()
    assert got and sum(row[3] for row in got) == len(not_belarus)


def test_a_recognised_row_with_no_state_under_review_is_a_problem_not_belarus(isolated):
    """UPR Info's Uwazi export: a row whose State under review is empty is whose review nobody knows; it is a
    problem (one line for all such rows), never counted as Belarus's received, even where Belarus made it."""
    header = ["Title", "Template", "State under review", "Recommending State", "Response", "Cycle"]
    rows = [
        ["Invented one", "Recommendation", "", "Belarus", "Supported", "3"],
        ["Invented two", "Recommendation", "", "Norway", "Noted", "3"],
        ["Invented three", "Recommendation", "Belarus", "Chile", "Supported", "3"],
    ]
    path = isolated / "uwazi.csv"
    buf = io.StringIO()
    csv.writer(buf).writerows([header, *rows])
    path.write_text(buf.getvalue(), encoding="utf-8")
    r = run("import", str(path))
    assert "recognised UPR Info database export, cycle 3 on" in r.stderr
    assert r.code != 0
    lines = [x for x in r.stderr.splitlines() if "field 'state_under_review'" in x]
    assert len(lines) == 1 and "2-3 (2 rows)" in lines[0], r.stderr
    assert "nothing was imported" in r.stderr
    assert _received() == 0


@pytest.mark.parametrize(
    "spelled",
    [
        *("Republic of Belarus", "Belarus (Republic of)", "Bélarus", "Byelorussian SSR", " BELARUS "),
        # in Russian and Belarusian, as a dataset written in Cyrillic names it
        *("Беларусь", "Белоруссия", "Республика Беларусь", "Рэспубліка Беларусь"),
    ],
)
def test_belarus_spelled_otherwise_is_belarus(isolated, spelled):
    """A dataset naming Belarus in another form keeps its rows and counts them as received; Belarus so named
    as the recommending State makes the row one Belarus gave, never received."""
    path = upr_info_csv(isolated / "upr-info.csv", n=3)
    text = path.read_text(encoding="utf-8").replace("\nBelarus,", f"\n{spelled},")
    path.write_text(text + f"Norway,WEOG,,Invented given,{spelled},EEG,,Accepted,2,Justice,8\n", encoding="utf-8")
    r = run("import", str(path))
    assert r.code == 0, r.stderr
    assert "left out" not in r.stderr
    recs = stored(isolated, "upr-info.csv")["recommendations"]
    assert len(recs) == 4 and sum(x["state_under_review"] == spelled.strip() for x in recs) == 3
    assert _received() == 3
    import sqlite3

    from test_publish import export

    db, meta = export(isolated)
    sql = json.loads(meta.read_text(encoding="utf-8"))["databases"]["hrcli"]["queries"]
    got = sqlite3.connect(db).execute(sql["upr_recommendations_by_cycle"]["sql"]).fetchall()
    assert got and sum(row[3] for row in got) == 3  # the canned query counts as upr --summary does


def test_a_recognised_file_with_no_row_about_belarus_is_refused(isolated):
    """Every row another State's review: one line saying so, exit 1, and no empty source registered."""
    path = upr_info_csv(isolated / "upr-info-norway.csv", n=3)
    path.write_text(path.read_text(encoding="utf-8").replace("\nBelarus,", "\nNorway,").replace(",Norway,", ",Chile,"))
    r = run("import", str(path))
    assert r.code == 1
    assert "upr-info-norway.csv: no row about Belarus: 3 row(s) left out; --all-states keeps them" in r.stderr
    assert "added" not in r.stderr
    assert ok_json("import", "--list") == []
    r = run("import", str(path), "--all-states")
    assert r.code == 0, r.stderr
    assert len(stored(isolated, "upr-info-norway.csv")["recommendations"]) == 3
    assert _received() == 0


def test_a_tracker_whose_cycles_are_an_array_counts_each_cycle_by_its_own_number(isolated):
    """The tracker's cycles as an array of objects, each naming its cycle and session: imported with no flags
    (or with --json-path cycles.*.recommendations), the rows of {"cycle": 3} count in cycle 3 (with its session)
    and those of {"cycle": 4} in cycle 4, never in cycles 1 and 2 beside the Government's counts."""
    data = json.loads((DATASETS / "tracker-belarus.json").read_text(encoding="utf-8"))
    cycles = [{"cycle": int(n), **cyc} for n, cyc in data["cycles"].items()]
    assert len(cycles) == 2 and all(c["recommendations"] for c in cycles)
    data["cycles"] = cycles
    p = isolated / "tracker-array.json"
    p.write_text(json.dumps(data, indent=1), encoding="utf-8")
    want = {c["cycle"]: len(c["recommendations"]) for c in cycles}
    for flags in ((), ("--json-path", "cycles.*.recommendations")):
        r = run("import", str(p), *flags)
        assert r.code == 0, r.stderr
        got = {x["cycle"]: x["received"] for x in ok_json("upr", "--summary") if x["dataset"] is not None}
        assert got == want, flags
        recs = stored(isolated, "tracker-array.json")["recommendations"]
        sessions = {c["cycle"]: c["session"] for c in cycles}
        assert [(x["cycle"], x["session"]) for x in recs] == [
            (c["cycle"], sessions[c["cycle"]]) for c in cycles for _ in c["recommendations"]
        ]


def test_belarus_in_cyrillic_is_home_and_its_neighbours_are_not():
    """cycles.is_home_name, the one test the profiles, the counts and the export use, knows Belarus's Russian and
    Belarusian names in any case, and no other State's (nor a name that only contains Belarus's)."""
    from hrcli.cycles import is_home_name

    home = ["Беларусь", "БЕЛАРУСЬ", "белоруссия", "Республика  Беларусь", "Рэспубліка Беларусь", "Белорусская ССР"]
    assert all(is_home_name(n) for n in home)
    others = ["Россия", "Российская Федерация", "Украина", "Республика Польша", "Беларусь и Россия", "Рэспубліка"]
    assert not any(is_home_name(n) for n in others)


def test_a_tracker_s_recommending_states_in_one_string_are_each_a_state(isolated):
    """A tracker writing a joint recommendation's States as one string ("Iceland, Portugal", or with ';') gives
    each State its own name, as the list form does, so `upr --state iceland` finds it; a comma before a name's
    form ('Korea, Republic of') splits nothing."""
    data = json.loads((DATASETS / "tracker-belarus.json").read_text(encoding="utf-8"))
    recs = data["cycles"]["3"]["recommendations"]
    assert len(recs) >= 3 and recs[0]["recommending_states"] == ["Iceland", "Portugal"]
    recs[0]["recommending_states"] = "Iceland, Portugal"
    recs[1]["recommending_states"] = "Kazakhstan; Korea, Republic of"
    recs[2]["recommending_states"] = ["Congo, Democratic Republic of the", "Canada"]
    p = isolated / "tracker-strings.json"
    p.write_text(json.dumps(data, indent=1), encoding="utf-8")
    r = run("import", str(p))
    assert r.code == 0, r.stderr
    got = [x["recommending_state"] for x in stored(isolated, p.name)["recommendations"]][:3]
    assert got == ["Iceland; Portugal", "Kazakhstan; Korea, Republic of", "Congo, Democratic Republic of the; Canada"]
    for state, text in (
        ("iceland", recs[0]["text"]),
        ("portugal", recs[0]["text"]),
        ("korea, republic of", recs[1]["text"]),
    ):
        rows = ok_json("upr", "--state", state)
        assert [x["summary"] for x in rows] == [text], state


def test_uwazi_thesaurus_values_are_read_by_their_child(isolated):
    """Uwazi writes a thesaurus value under its parent ('EEG::Belarus', 'Women & children::Rights of the
    Child'): the States are the children (Belarus's review kept, a recommendation Belarus made kept as given),
    an issue's child meets hrcli's topic, and the issue is kept as the file writes it."""
    rows = dataset_rows(UWAZI_FILE)
    header = list(rows[0])
    row = dict(rows[0])
    row.update({"State under Review": "EEG::Belarus", "Recommending State": "WEOG::Iceland|WEOG::Portugal",
                "Issues": "Civil & political rights::Death penalty|Women & children::Rights of the Child"})  # fmt: skip
    given = dict(rows[0])
    given.update({"State under Review": "GRULAC::Chile", "Recommending State": "EEG::Belarus", "Issues": "Justice"})
    path = isolated / "upr-info-uwazi.csv"
    buf = io.StringIO()
    w = csv.DictWriter(buf, header, lineterminator="\n")
    w.writeheader()
    w.writerows([row, given])
    path.write_text(buf.getvalue(), encoding="utf-8")
    r = run("import", str(path))
    assert r.code == 0, r.stderr
    assert "left out" not in r.stderr
    recs = stored(isolated, path.name)["recommendations"]
    assert [(x["state_under_review"], x["recommending_state"]) for x in recs] == [
        ("Belarus", "Iceland; Portugal"),
        ("Chile", "Belarus"),
    ]
    assert recs[0]["topics"] == ["children"] and recs[0]["issues"] == row["Issues"].replace("|", "; ")
    assert _received() == 1 and len(ok_json("upr", "--given")) == 1


def _uhri_csv(path: Path, rows: list[list[str]], body: str = "Reccomending body") -> Path:
    """A UHRI export's columns (docs/dev/datasets.md §3) with ``rows``; ``body`` spells the body column (''
    leaves it out)."""
    header = ["Text", "Countries concerned", body, "Document symbol", "Document publication date"]
    header += ["UPR Session", "UPR Reccomending States", "UPR Position", "Type"]
    if rows and len(rows[0]) == len(header) + 1:  # with the export's Themes, its second column
        header.insert(1, "Themes")
    keep = [i for i, h in enumerate(header) if h]
    buf = io.StringIO()
    csv.writer(buf).writerows([[r[i] for i in keep] for r in [header, *rows]])
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")
    return path


def test_uhri_states_bulleted_on_one_line_are_each_a_state(isolated):
    """UHRI writes several States '- '-bulleted on one line ('- Canada - Austria - Guinea-Bissau'): each is a
    State (a name's own hyphen kept), so a recommendation Belarus made jointly is Belarus's given, and a row
    whose countries concerned include Belarus is kept and counted as received."""
    rows = [
        ["Protect lawyers", "- Belarus", "- UPR", "A/HRC/46/5", "2020-12-21", "- 36th session - Cycle 3",
         "- Canada - Austria - Guinea-Bissau", "Supported", "Recommendation"],
        ["Build rural schools", "- Chile", "- UPR", "A/HRC/41/6", "2019-04-02", "- 32nd session - Cycle 3",
         "- Timor-Leste - Belarus", "Noted", "Recommendation"],
        ["Open the border crossings", "- Belarus\n - Ukraine", "- UPR", "A/HRC/46/5", "2020-12-21",
         "- 36th session - Cycle 3", "- France", "Noted", "Recommendation"],
        ["Fund the courts", "- Peru", "- UPR", "A/HRC/41/6", "2019-04-02", "- 32nd session - Cycle 3",
         "- Chile - Fiji", "Noted", "Recommendation"],
    ]  # fmt: skip
    path = _uhri_csv(isolated / "uhri-dash.csv", rows)
    path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))  # the export's CRLF
    r = run("import", str(path))
    assert r.code == 0, r.stderr
    assert "left out 1 row(s)" in r.stderr
    recs = stored(isolated, path.name)["recommendations"]
    assert [(x["state_under_review"], x["recommending_state"]) for x in recs] == [
        ("Belarus", "Canada; Austria; Guinea-Bissau"),
        ("Chile", "Timor-Leste; Belarus"),
        ("Belarus; Ukraine", "France"),
    ]
    assert _received() == 2
    assert [x["summary"] for x in ok_json("upr", "--given")] == ["Build rural schools"]
    assert [x["summary"] for x in ok_json("upr", "--state", "austria")] == ["Protect lawyers"]
    # the listings agree with the counts: a review of Belarus among others is never hidden as another State's
    r = run("search", "border crossings", "--format", "json")
    assert r.code == 0 and "other States" not in r.stderr, r.stderr
    assert [x["summary"] for x in r.json()] == ["Open the border crossings"]


def test_uhri_themes_are_kept_as_issues_and_those_meaning_a_topic_become_topics(isolated):
    """UHRI's Themes ('- '-bulleted, one a line) are the dataset's own words, kept in issues as the issue column
    of UPR Info is; a theme that means an hrcli topic ('Rights of the child') is that topic."""
    rows = [
        ["Raise the age of marriage", "- Rights of the child\n- Women's rights", "- Belarus", "- UPR", "A/HRC/46/5",
         "2020-12-21", "- 36th session - Cycle 3", "- Canada", "Supported", "Recommendation"],
        ["Keep records of detention", "- Detention", "- Belarus", "- UPR", "A/HRC/46/5", "2020-12-21",
         "- 36th session - Cycle 3", "- France", "Noted", "Recommendation"],
    ]  # fmt: skip
    path = _uhri_csv(isolated / "uhri-themes.csv", rows)
    r = run("import", str(path))
    assert r.code == 0, r.stderr
    assert "Themes" not in r.stderr.split("keeps", 1)[-1].split("\n", 1)[-1]  # not an ignored column
    recs = stored(isolated, path.name)["recommendations"]
    assert [x["issues"] for x in recs] == ["Rights of the child; Women's rights", "Detention"]
    assert [x.get("topics") for x in recs] == [["children", "women"], None]


# -- importing a dataset again holds what the file now says -----------------------------------------------------


def _summary_of(name: str) -> dict[str, int]:
    """The dataset's counts in ``hrcli upr --summary``, summed over its cycles."""
    rows = [x for x in ok_json("upr", "--summary") if x["dataset"] == name]
    assert rows
    return {k: sum(x[k] or 0 for x in rows) for k in ("received", "accepted", "noted")}


def test_an_unchanged_dataset_imported_again_is_nothing_new_and_nothing_stale(isolated):
    """The source its profile registered the first time is one of the import's records, not a stale row."""
    name = "upr-info-belarus-received.csv"
    path = copy(isolated, name)
    n = len(dataset_rows(name))
    assert run("import", str(path)).code == 0
    r = run("import", str(path))
    assert r.code == 0, r.stderr
    assert f"{name}: nothing new; {n} already present" in r.stderr
    assert "no longer" not in r.stderr and "removed" not in r.stderr, r.stderr


def test_an_updated_dataset_imported_again_at_the_same_path_holds_only_the_new_rows(isolated):
    """A re-downloaded export with a response corrected and a row gone: the store holds the file's rows (counts
    from the file, read here with csv), one line saying what changed; with or without --replace."""
    name = "upr-info-belarus-received.csv"
    path = copy(isolated, name)
    assert run("import", str(path)).code == 0
    raw = path.read_bytes()
    lines = raw.split(b"\r")
    noted = [i for i, line in enumerate(lines) if b",Noted," in line]
    assert len(noted) >= 2 and len(lines) > 4
    lines[noted[0]] = lines[noted[0]].replace(b",Noted,", b",Accepted,")  # corrected upstream
    gone = lines.pop(1)  # and one row withdrawn
    assert b",Noted," not in gone or noted[0] != 1
    path.write_bytes(b"\r".join(lines))
    rows = list(csv.DictReader(io.StringIO(path.read_bytes().decode("mac_roman"), newline="")))
    r = run("import", str(path))
    assert r.code == 0, r.stderr
    # the changed row is added anew, every row under the one gone has a new row number (its locator), the row
    # gone and the old form of the changed one are removed: one true line
    line = (
        f"{name}: added 1 recommendation; replaced {len(rows) - 1}; removed 2 no longer in the file (changed or gone)"
    )
    assert line in r.stderr and "are kept" not in r.stderr, r.stderr
    got = _summary_of(name)
    assert got["received"] == len(rows)
    assert got["accepted"] == sum(x["Response"] == "Accepted" for x in rows)
    assert got["noted"] == sum(x["Response"] == "Noted" for x in rows)
    recs = stored(isolated, name)["recommendations"]
    assert sorted(x["summary"] for x in recs) == sorted(x["Text"].strip() for x in rows)
    # the locators are the rows' numbers in the file as it now stands
    assert sorted(x["locator"] for x in recs) == sorted(f"row {n}" for n in range(2, len(rows) + 2))
    r = run("import", str(path), "--replace")
    assert r.code == 0 and f"{name}: nothing new; {len(rows)} already present" in r.stderr, r.stderr


def test_a_new_map_on_a_dataset_imported_again_changes_its_records(isolated):
    """--map Issue=- drops the dataset's issue names (and the topics read from them), on a first import and on
    importing again; without it again, they come back."""
    name = "upr-info-belarus-received.csv"
    path = copy(isolated, name)
    assert run("import", str(path)).code == 0
    assert any(x.get("issues") for x in stored(isolated, name)["recommendations"])
    r = run("import", str(path), "--map", "Issue=-")
    assert r.code == 0, r.stderr
    n = len(dataset_rows(name))
    assert f"replaced {n}" in r.stderr, r.stderr
    recs = stored(isolated, name)["recommendations"]
    assert len(recs) == n and not any("issues" in x or "topics" in x for x in recs), recs
    assert "keeps action_category, recommending_state" in r.stderr and "issues" not in r.stderr.split("keeps")[1]
    r = run("import", str(path))
    assert r.code == 0 and f"replaced {n}" in r.stderr, r.stderr
    assert any(x.get("issues") for x in stored(isolated, name)["recommendations"])


def test_a_map_of_the_issue_column_to_topics_is_the_users_words_alone(isolated):
    name = "upr-info-belarus-received.csv"
    r = run("import", str(copy(isolated, name)), "--map", "Issue=topics", "--new-topic")
    assert r.code == 0, r.stderr
    recs = stored(isolated, name)["recommendations"]
    rows = {x["Text"].strip(): x for x in dataset_rows(name)}
    assert recs and not any("issues" in x for x in recs)
    for x in recs:
        want = [w.strip().lower() for w in rows[x["summary"]]["Issue"].split(",") if w.strip()]
        assert x["topics"] == want


def test_a_rows_locator_is_the_row_a_spreadsheet_shows_blank_rows_and_multi_line_cells_counted(isolated):
    """UPR Info's shape (Mac Roman, bare CR, no line end after the last row) with an empty row, a row of commas
    and a quoted cell over two lines: each record cites the row a spreadsheet shows it on (header = row 1), the
    row it starts on for the cell with a line end; checked against the file read with csv, row by row."""
    head = ",".join(UPR_INFO)
    rows = [
        head,
        "",
        "Belarus,EEG,CIS,Bring the prisons up to the standard minimum rules,France,WEOG,EU,Accepted,4,Justice,8",
        ",,,,,,,,,,",
        'Belarus,EEG,CIS,"End the death penalty,\rstarting with a moratorium",Spain,WEOG,EU,Noted,5,Death penalty,8',
        "Belarus,EEG,CIS,Train the police in the rights of detainees,Chile,GRULAC,,Accepted,3,Detention,8",
    ]
    path = isolated / "upr-info-gaps.csv"
    path.write_bytes("\r".join(rows).encode("mac_roman"))
    table = list(csv.reader(io.StringIO(path.read_bytes().decode("mac_roman"), newline="")))
    r = run("import", str(path))
    assert r.code == 0 and "added 1 source, 3 recommendations" in r.stderr, r.stderr
    recs = stored(isolated, path.name)["recommendations"]
    assert len(recs) == 3
    for rec in recs:
        n = int(rec["locator"].removeprefix("row "))
        assert table[n - 1][3].strip().replace("\r", "\n") == rec["summary"], (rec["locator"], rec["summary"])
    assert sorted(x["locator"] for x in recs) == ["row 3", "row 5", "row 6"]
    # the generic path's --set locator=row counts the same way
    ev = isolated / "events.csv"
    ev.write_text('date,summary\n\n2023-01-02,First\n\n\n2023-02-03,"Second,\nover two lines"\n2024,Third\n')
    r = run("import", str(ev), "--source", "unct-2009", "--set", "locator=row")
    assert r.code == 0, r.stderr
    got = {x["summary"]: x["locator"] for x in stored(isolated, "events.csv")["events"]}
    assert got == {"First": "row 3", "Second,\nover two lines": "row 6", "Third": "row 7"}


def test_a_recognised_rows_cut_short_or_with_an_action_outside_1_to_5_are_row_problems(isolated):
    """A download cut off mid-row (UPR Info's CSV has no line end after its last row) and an Action that is no
    UPR Info category: each one grouped line naming the rows, exit 2, nothing written."""
    name = "upr-info-belarus-received.csv"
    lines = (DATASETS / name).read_bytes().split(b"\r")
    width = len(dataset_rows(name)[0])
    for i in (1, 2):
        cells = lines[i].rsplit(b",", 3)  # ...,Response | Action | Issue | Session (an Issue with no comma)
        assert cells[1].isdigit() and b'"' not in cells[2]
        lines[i] = b",".join([cells[0], b"9", *cells[2:]])
    cut = lines[-1].split(b",")[:7]  # the last row, cut after its seventh cell
    lines[-1] = b",".join(cut)
    path = isolated / name
    path.write_bytes(b"\r".join(lines))
    r = run("import", str(path))
    assert r.code == 2, r.stderr
    n = len(lines)
    assert f"line {n}: 7 cells but the header has {width} (a row cut short?)" in r.stderr, r.stderr
    assert "lines 2-3 (2 rows): field 'action_category': 9 is not one of UPR Info's action categories (1-5)" in (
        r.stderr
    )
    assert "--map Action=-" in r.stderr and "nothing was imported" in r.stderr
    assert not list((isolated / "data" / "facts").glob("import-*.json"))


@pytest.mark.parametrize(
    ("name", "tail"),
    [
        ("upr-info-belarus-received.csv", b""),
        ("upr-info-belarus-received.csv", b"\r\r\r"),
        ("ohchr-voting-belarus.csv", b"\n"),
    ],  # fmt: skip
)
def test_a_recognised_dataset_with_a_header_and_no_rows_registers_nothing(isolated, name, tail):
    """An export whose filter matched nothing, or a download cut after the header: one line, exit 1, no source."""
    raw = (DATASETS / name).read_bytes()
    header = raw.split(b"\r" if b"\r" in raw and b"\n" not in raw else b"\n")[0]
    path = isolated / name
    path.write_bytes(header + tail)
    r = run("import", str(path))
    assert r.code == 1, r.stderr
    assert f"{name}: no rows under the header; nothing imported" in r.stderr
    assert "added" not in r.stderr
    assert ok_json("import", "--list") == []
    assert not list((isolated / "data" / "facts").glob("import-*.json"))


@pytest.mark.parametrize("flags", [(), ("--map", "Response=-"), ("--all-states",)])
def test_upr_infos_voluntary_pledges_are_never_recommendations(isolated, flags):
    """UPR Info's pledges export (its recommendations' header; Response 'Voluntary Pledge', To = From; Mac Roman,
    bare CR): one true line, exit 1, nothing written, whatever --map or --all-states; and pledges in a file of
    recommendations are left out and counted, never received nor listed under --given."""
    head = ",".join(UPR_INFO)
    pledge = "Belarus,EEG,CIS,Belarus undertakes to answer the special procedures' letters,Belarus,EEG,CIS,"
    rows = [
        head,
        pledge + "Voluntary Pledge,4,Special procedures,8",
        "Chile,GRULAC,,Chile pledges to fund its national institution,Chile,GRULAC,,Voluntary Pledge,5,NHRI,18",
    ]
    path = isolated / "voluntary.csv"
    path.write_bytes("\r".join(rows).encode("mac_roman"))
    r = run("import", str(path), *flags)
    assert r.code == 1, r.stderr
    assert "voluntary.csv: holds 2 voluntary pledge(s)" in r.stderr and "not its pledges; nothing imported" in r.stderr
    assert "--map Response=-" not in r.stderr
    assert ok_json("import", "--list") == []
    # in a recommendations file: left out and counted
    mixed = upr_info_csv(isolated / "mixed.csv", n=2)
    mixed.write_text(mixed.read_text(encoding="utf-8") + pledge + "Voluntary Pledge,4,,8\n")
    r = run("import", str(mixed))
    assert r.code == 0 and "added 1 source, 2 recommendations" in r.stderr, r.stderr
    assert "mixed.csv: left out 1 voluntary pledge(s)" in r.stderr
    assert _received() == 2
    assert ok_json("upr", "--given") == []


SERVED = ["SuR", "Rgrp", "Org", "Recommendation", "RS", "Rgrp", "Org", "Response", "Action", "Issue", "Session"]
SERVED_ROWS = [
    ["Belarus", "EEG", "CIS", "Let trade unions register freely", "Sweden", "WEOG", "EU", "Rejected", "4",
     "Labour rights", "8"],
    ["Belarus", "EEG", "CIS", "Close the gap in pay between women and men", "Chile", "GRULAC", "OAS", "Accepted",
     "3", "Women's rights", "8"],
    ["Belarus", "EEG", "CIS", "Ratify the protocol giving accès to the complaints procédure", "Côte d'Ivoire",
     "Africa", "AU", "Accepted", "2", "International instruments", "8"],
]  # fmt: skip


@pytest.mark.parametrize("shape", ["csv", "tsv", "xlsx"])
def test_the_served_xls_saved_again_from_excel_keeps_both_rgrp_and_org_columns(isolated, shape):
    """UPR Info's .xls as served (Rgrp and Org twice), saved by Excel as CSV (cp1252, CRLF), as Text (TAB) or
    converted to .xlsx: the second Rgrp and Org are 'Rgrp (2)' and 'Org (2)' as the .xls reader names them, and
    the profile recognises it (it was refused: "columns 'Rgrp' and 'Rgrp' have the same name")."""
    if shape == "xlsx":
        data = workbook([SERVED, *[[int(c) if c.isdigit() else c for c in r] for r in SERVED_ROWS]])
    else:
        sep = "," if shape == "csv" else "\t"
        lines = [sep.join(f'"{c}"' if sep in c or "'" in c else c for c in r) for r in [SERVED, *SERVED_ROWS]]
        data = "\r\n".join([*lines, ""]).encode("cp1252")
    path = isolated / f"upr-export.{shape}"
    path.write_bytes(data)
    table = importer.read_table(path)
    assert table.columns == ["SuR", "Rgrp", "Org", "Recommendation", "RS", "Rgrp (2)", "Org (2)", "Response",
                             "Action", "Issue", "Session"]  # fmt: skip
    r = run("import", str(path))
    assert r.code == 0, r.stderr
    assert "recognised UPR Info database export, cycles 1-2 (as served)" in r.stderr
    assert "ignored columns" not in r.stderr
    recs = sorted(stored(isolated, path.name)["recommendations"], key=lambda x: x["locator"])
    assert [(x["locator"], x["state_under_review"], x["recommending_state"], x["summary"]) for x in recs] == [
        (f"row {n}", "Belarus", row[4], row[3]) for n, row in enumerate(SERVED_ROWS, 2)
    ]


def test_a_pandas_saved_served_export_names_no_ignored_columns(isolated):
    # pandas names the second Rgrp and Org 'Rgrp.1' and 'Org.1': they hold what the profile leaves out
    header = ["SuR", "Rgrp", "Org", "Recommendation", "RS", "Rgrp.1", "Org.1", "Response", "Action", "Issue", "Session"]
    path = isolated / "upr-pandas.csv"
    path.write_text("\n".join(",".join(f'"{c}"' if "'" in c else c for c in r) for r in [header, *SERVED_ROWS]))
    r = run("import", str(path))
    assert r.code == 0 and "ignored columns" not in r.stderr, r.stderr
    assert "added 1 source, 3 recommendations" in r.stderr


def test_a_row_whose_cycle_does_not_hold_its_session_is_a_problem(isolated):
    """UPR Info's Uwazi export gives both Cycle and Session: 'Cycle 1' beside session 36 (the third cycle's)
    is one grouped line naming the rows and the cycle the session is in; nothing is imported."""
    name = UWAZI_FILE
    text = (DATASETS / name).read_bytes().decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    cyc, ses = rows[0].index("Cycle"), rows[0].index("Session")
    assert all(vocab_cycle(r[ses]) == int(r[cyc]) for r in rows[1:])  # the fixture itself is consistent
    for i, wrong in ((2, "1"), (4, "2")):
        rows[i][cyc] = wrong
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path = isolated / name
    path.write_bytes(buf.getvalue().rstrip("\n").encode("utf-8"))
    r = run("import", str(path))
    assert r.code == 2 and "nothing was imported" in r.stderr
    said = [x for x in r.stderr.splitlines() if "field 'cycle'" in x]
    session = rows[2][ses]
    assert len(said) == 1 and "lines 3, 5 (2 rows)" in said[0], r.stderr
    assert f"cycle 1 beside session {session}, which is in cycle {vocab_cycle(session)}" in said[0]
    assert _received() == 0
    # a cycle after the last one hrcli's table knows is trusted for a session past that table's last cycle
    rows[2][cyc], rows[2][ses] = "5", "56"
    rows[4][cyc] = str(vocab_cycle(rows[4][ses]))
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_bytes(buf.getvalue().encode("utf-8"))
    r = run("import", str(path))
    assert r.code == 0, r.stderr
    assert _received() == len(rows) - 1


def vocab_cycle(session: str) -> int | None:
    from hrcli import vocab

    return vocab.cycle_of_session(int(session))


# -- a near miss: a header short of a profile's by a column --------------------------------------------------------


def _without(isolated_path: Path, name: str, gone: str, out: str | None = None) -> Path:
    """A fixture's rows written again (UTF-8, CRLF) without its column ``gone``."""
    rows = dataset_rows(name)
    assert rows and gone in rows[0]
    dest = isolated_path / (out or name)
    with open(dest, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, [c for c in rows[0] if c != gone])
        w.writeheader()
        w.writerows({k: v for k, v in r.items() if k != gone} for r in rows)
    return dest


def _profile_header(p) -> list[str]:
    """A profile's signature columns as the dataset spells them, plus one column of its own it drops."""
    return [p.label(c) for c in sorted(p.signature)]


@pytest.mark.parametrize("gone", ["To", "From", "Response", "Text"])
def test_a_upr_info_export_missing_a_needed_column_is_refused_naming_it(isolated, gone):
    """A UPR Info export without a State's column (the direction) or its response never imports through the
    generic path: refused, exit 1, one line saying what it looks like and what it lacks; nothing is written."""
    path = _without(isolated, "upr-info-belarus-given.csv", gone)
    for extra in ((), ("--kind", "recommendations")):
        r = run("import", str(path), *extra)
        assert r.code == 1, r.stderr
        (line,) = r.stderr.strip().splitlines()
        assert "looks like a UPR Info database export" in line and f"has no {gone!r} column" in line
        assert "--map" in line
    assert run("import", "--list", "--json").json() == []
    if gone == "To":
        assert "State under review" in line


def test_every_upr_profile_refuses_a_header_without_a_needed_column(isolated):
    from hrcli.importer import profiles

    checked = 0
    for p in profiles.PROFILES:
        for gone in sorted(p.signature - p.optional):
            header = [c for c in _profile_header(p) if c != p.label(gone)]
            assert profiles.detect(header) is None
            hit = profiles.near(header)
            assert hit is not None and hit[1] == [gone], (p.title, gone)
            path = isolated / "near.csv"
            path.write_text(",".join(f'"{c}"' for c in header) + "\n" + ",".join("x" for _ in header) + "\n")
            r = run("import", str(path))
            assert r.code == 1 and f"has no {p.label(gone)!r} column" in r.stderr, (p.title, gone, r.stderr)
            checked += 1
        # every State column tells the direction: never optional
        assert not {c for c in p.signature if p.columns.get(c) in ("state_under_review", "recommending_state")} & (
            p.optional
        )
    assert checked == sum(len(p.signature - p.optional) for p in profiles.PROFILES) > 0


def test_a_harmless_missing_column_imports_through_the_profile_with_a_note(isolated):
    name = "upr-info-belarus-given.csv"
    rows = dataset_rows(name)
    path = _without(isolated, name, "Session")
    r = run("import", str(path))
    assert r.code == 0, r.stderr
    assert f"{name}: no 'Session' column; read as UPR Info database export, cycles 1-2 all the same" in r.stderr
    assert "recognised UPR Info database export" in r.stderr
    recs = stored(isolated, name)["recommendations"]
    assert len(recs) == len(rows) > 0
    # the profile's protection holds: Belarus made them, so they are given, never received
    assert all(x["recommending_state"] == "Belarus" and x["state_under_review"] != "Belarus" for x in recs)
    assert len(ok_json("upr", "--given")) == len(rows)
    assert all(x["dataset"] is None for x in ok_json("upr", "--summary"))


def test_map_reads_a_near_miss_as_the_users_own_table(isolated):
    path = _without(isolated, "upr-info-belarus-given.csv", "To")
    r = run("import", str(path), "--kind", "recommendations", "--map", "Text=summary", "--source", "unct-2009",
            "--set", "locator=row", "--dry-run")  # fmt: skip
    assert r.code == 0, r.stderr
    assert "looks like" not in r.stderr


def test_a_row_naming_neither_state_is_a_problem_not_a_pledge(isolated):
    """A State 'pledges' only what it says of itself: a row with neither a State under review nor a recommending
    State is one whose review nobody knows (a problem), not a pledge left out in silence."""
    header = ["Title", "Template", "State under Review", "Recommending State", "Response", "Cycle"]
    rows = [
        ["Invented one", "Recommendation", "", "", "Supported", "3"],
        ["Invented two", "Recommendation", "Belarus", "Chile", "Supported", "3"],
    ]
    path = isolated / "uwazi-neither.csv"
    buf = io.StringIO()
    csv.writer(buf).writerows([header, *rows])
    path.write_text(buf.getvalue(), encoding="utf-8")
    r = run("import", str(path))
    assert "recognised UPR Info database export" in r.stderr, r.stderr
    assert r.code != 0 and "voluntary pledge" not in r.stderr
    assert any("field 'state_under_review'" in x and "line 2" in x for x in r.stderr.splitlines()), r.stderr


def test_a_pledge_is_told_by_its_response_whatever_its_from_cell_says(isolated):
    """UPR Info's Response 'Voluntary Pledge' (as the export writes it) makes a row a pledge on its own, with the
    From cell empty too: left out and counted, never received."""
    mixed = upr_info_csv(isolated / "mixed-pledge.csv", n=2)
    pledge = "Belarus,EEG,,Belarus undertakes to report on time,,,,Voluntary Pledge,4,,8\n"
    mixed.write_text(mixed.read_text(encoding="utf-8") + pledge, encoding="utf-8")
    r = run("import", str(mixed))
    assert r.code == 0 and "added 1 source, 2 recommendations" in r.stderr, r.stderr
    assert "left out 1 voluntary pledge(s)" in r.stderr
    assert _received() == 2


def test_a_uhri_row_with_an_empty_body_cell_is_the_upr_s(isolated):
    """UHRI's body cell left empty on a row whose UPR cells are filled: the UPR's (as the export leaves it for
    some UPR rows), counted as received, not left out as another mechanism's."""
    rows = [
        ["Invite the special rapporteur", "- Belarus", "", "A/HRC/46/5", "2021-01-05",
         "- 36th session - Cycle 3", "- Canada", "- Noted", "- Recommendation"],
        ["Raise the age of criminal responsibility", "- Belarus", "- Committee on the Rights of the Child",
         "CRC/C/BLR/CO/5-6", "2020-02-28", "", "", "", "- Recommendation"],
    ]  # fmt: skip
    path = _uhri_csv(isolated / "uhri-empty-body.csv", rows)
    r = run("import", str(path))
    assert r.code == 0, r.stderr
    assert "left out 1 row(s) of other mechanisms" in r.stderr, r.stderr
    recs = stored(isolated, "uhri-empty-body.csv")["recommendations"]
    assert [x["summary"] for x in recs] == [rows[0][0]]
    assert _received() == 1


def test_a_recognised_row_one_cell_short_is_a_row_problem(isolated):
    """A download cut off just before a row's last cell (its Session): the row is one cell short, a problem."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(UPR_INFO)
    w.writerow(["Belarus", "EEG", "", "Invented whole row", "Norway", "WEOG", "", "Noted", 3, "Justice", 8])
    w.writerow(["Belarus", "EEG", "", "Invented short row", "Norway", "WEOG", "", "Noted", 3, "Justice"])
    path = isolated / "upr-info-short.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    r = run("import", str(path))
    assert r.code == 2, r.stderr
    assert f"line 3: {len(UPR_INFO) - 1} cells but the header has {len(UPR_INFO)} (a row cut short?)" in r.stderr


def test_a_tracker_s_one_string_list_of_states_and_state_found_by_its_leading_words(isolated):
    """A tracker's recommending States as one string mixing ';' and inverted comma-names: split on ';', a comma
    split only where no part is a name's inverted tail; ``upr --state`` finds a State by its leading word(s)."""
    data = json.loads((DATASETS / "tracker-belarus.json").read_text(encoding="utf-8"))
    first = next(rec for cyc in data["cycles"].values() for rec in cyc["recommendations"])
    lists = {
        "Rec K": "Korea, Republic of",
        "Rec C": "Congo, Democratic Republic of the; Bolivia (Plurinational State of)",
        "Rec I": "Iceland, Portugal",
    }
    items = [{**first, "id": str(n), "text": text, "recommending_states": names} for n, (text, names) in
             enumerate(lists.items(), 1)]  # fmt: skip
    p = isolated / "tracker-commas.json"
    p.write_text(json.dumps({**data, "cycles": {"3": {"session": 36, "recommendations": items}}}), encoding="utf-8")
    assert run("import", str(p)).code == 0
    recs = {x["summary"]: x["recommending_state"].split("; ") for x in stored(isolated, p.name)["recommendations"]}
    assert recs == {
        "Rec K": ["Korea, Republic of"],
        "Rec C": ["Congo, Democratic Republic of the", "Bolivia (Plurinational State of)"],
        "Rec I": ["Iceland", "Portugal"],
    }
    for asked, found in (("korea", ["Rec K"]), ("bolivia", ["Rec C"]), ("congo", ["Rec C"]), ("portugal", ["Rec I"])):
        r = run("upr", "--state", asked, "--json")
        assert r.code == 0, (asked, r.stderr)
        assert [x["summary"] for x in r.json()] == found, asked
    r = run("upr", "--state", "bol", "--json")  # a word's start is no State's name
    assert r.code == 2 and "Bolivia (Plurinational State of)" in r.stderr
