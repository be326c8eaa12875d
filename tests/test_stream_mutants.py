"""Tests added for the hand mutants of the streaming import that the other tests let through (issue 19.6,
docs/dev/mutation.md "Streaming import"): each asserts what a user sees or the public Python API gives.

``loader.STREAM_FROM`` is set to 0 where a file must take the line-by-line path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ok_json, run
from hrcli import loader, store
from hrcli.model import KINDS
from test_stream import HEADER, import_file


def rows(n: int, start: int = 1, ids: bool = False, topic: str = "children") -> str:
    return "".join(
        f"20{10 + i % 10}-0{1 + i % 9},Event number {i},unct-2009,para. {1 + i % 60},{topic},"
        f"{f'my-{i}' if ids else ''}\n"
        for i in range(start, start + n)
    )


def test_a_record_without_an_id_is_named_by_its_place_whether_streamed_or_not(isolated, monkeypatch):
    csv = isolated / "ev.csv"
    csv.write_text(HEADER + rows(3), encoding="utf-8")
    assert run("import", str(csv)).code == 0
    path = import_file(isolated)
    text = path.read_text(encoding="utf-8").splitlines()
    rec = json.loads(text[4])  # the third event, line 5
    del rec["id"]
    text[4] = json.dumps(rec)
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    whole = run("timeline")
    monkeypatch.setattr(loader, "STREAM_FROM", 0)
    streamed = run("timeline")
    assert streamed.code == whole.code == 1
    assert "events[3]" in whole.stderr and f"{path.name}:5" in streamed.stderr, (whole.stderr, streamed.stderr)
    assert "events[3]" in streamed.stderr and "events[1]" not in streamed.stderr, streamed.stderr


def test_ids_come_kind_by_kind_then_file_by_file(isolated):
    """The order listings fall back on: every source (bundled, then the user's) before any event, and so on."""
    r = run(
        "add", "source", "--id", "my-src", "--title", "T", "--date", "2024", "--kind", "report",
        "--issuer", "me", "--voice", "user", "--cite", "T (2024)",
    )  # fmt: skip
    assert r.code == 0, r.stderr
    base = store.load()
    by_kind = base.all()
    expected = [r.id for k in KINDS for r in by_kind[k]]
    assert base.ids() == expected
    ids = base.ids()
    first_event = by_kind["events"][0].id
    assert ids.index("my-src") < ids.index(first_event)


def test_a_section_written_twice_reads_as_json_reads_it(isolated, monkeypatch):
    """A hand-joined import file with two "events" sections: JSON keeps the last, so the line reader must too."""
    csv = isolated / "ev.csv"
    csv.write_text(HEADER + rows(2, ids=True), encoding="utf-8")
    assert run("import", str(csv)).code == 0
    path = import_file(isolated)
    text = path.read_text(encoding="utf-8").splitlines()
    extra = json.dumps({**json.loads(text[2].rstrip(",")), "id": "my-extra"}, separators=(",", ":"))
    text = [*text[:-1], "],", '"events":[', extra, "]}"]  # the first section closed, a second one opened
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    no_cache = {"HRCLI_NO_CACHE": "1"}
    whole = run("timeline", "--origin", "user", "--json", env=no_cache)
    monkeypatch.setattr(loader, "STREAM_FROM", 0)
    streamed = run("timeline", "--origin", "user", "--json", env=no_cache)
    assert [r["id"] for r in whole.json()] == [r["id"] for r in streamed.json()] == ["my-extra"]


def workbook(path: Path, n: int) -> Path:
    """``n`` events citing a source of the user's, given on the workbook's own Sources sheet."""
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    wb.active.append(["date", "summary", "source", "locator", "id"])
    for i in range(1, n + 1):
        wb.active.append([f"20{10 + i % 10}", f"Event {i} " + "x" * 300, "mine-1", f"p. {i}", f"wb-{i}"])
    ws = wb.create_sheet("Sources")
    ws.append(["id", "title", "date", "kind", "issuer", "voice", "cite"])
    ws.append(["mine-1", "My source", "2020", "report", "me", "user", "Me (2020)"])
    wb.save(path)
    return path


def test_an_import_with_its_own_sources_is_read_a_line_at_a_time(isolated, monkeypatch, lines):
    """An import file of two sections (sources, then events) is in hrcli import's layout: read line by line, so
    it is never refused as too large to read whole (bug found by mutant 157: "]," between the sections)."""
    from hrcli import safefile

    n = 1 + loader.bundled_path().stat().st_size // 300  # the import file is larger than the bundled one
    assert run("import", str(workbook(isolated / "wb.xlsx", n))).code == 0
    path = import_file(isolated)
    assert '"sources":[' in path.read_text(encoding="utf-8") and path.stat().st_size > n * 300
    # any file larger than the bundled one is refused when read whole
    monkeypatch.setattr(safefile, "MAX_INPUT_BYTES", loader.bundled_path().stat().st_size + 1)
    got = ok_json("timeline", "--origin", "user")
    assert sorted(r["id"] for r in got) == sorted(f"wb-{i}" for i in range(1, n + 1))
    fresh = run("timeline", "--origin", "user", "--json", env={"HRCLI_NO_CACHE": "1"})  # every file read again
    assert fresh.code == 0 and fresh.json() == got, fresh.stderr
    assert {r["source"] for r in got} == {"mine-1"}
    assert ok_json("import", "--list")[0]["records"] == n + 1
    # a file read before the import (names sort so) may cite the import's own source
    hand = '[[events]]\nid = "hand-1"\ndate = "2021"\nsummary = "s"\nsource = "mine-1"\nlocator = "p. 1"\n'
    (isolated / "data" / "facts" / "a-mine.toml").write_text(hand, encoding="utf-8")
    fresh = run("show", "hand-1", "--json", env={"HRCLI_NO_CACHE": "1"})
    assert fresh.code == 0 and fresh.json()[0]["source"] == "mine-1", fresh.stderr
    assert run("remove", "wb-3").code == 0
    assert "wb-3" not in {r["id"] for r in ok_json("timeline", "--origin", "user")}


def test_rows_the_validator_normalises_are_already_present_the_second_time(isolated, lines):
    """The import compares a row with what its file holds as written (a topic 'Death penalty', a response
    'Supported'), not with the record normalised for listing ('death-penalty', 'accepted')."""
    ev = isolated / "ev.csv"
    ev.write_text(HEADER + rows(3, ids=True, topic="Death penalty"), encoding="utf-8")
    assert run("import", str(ev), "--new-topic").code == 0
    r = run("import", str(ev), "--new-topic")
    assert r.code == 0 and "nothing new" in r.stderr and "3 already present" in r.stderr, r.stderr
    recs = isolated / "u.csv"
    recs.write_text("Text,From,Response,Session\nInvented a,Chile,Supported,8\nInvented b,Peru,Rejected,8\n")
    args = ["--kind", "recommendations", "--source", "unct-2009", "--set", "locator=r"]
    assert run("import", str(recs), *args).code == 0
    r = run("import", str(recs), *args)
    assert r.code == 0 and "nothing new" in r.stderr and "2 already present" in r.stderr, r.stderr


def test_a_row_that_differs_only_by_a_default_or_an_empty_value_is_already_present(isolated):
    """Content compares without defaults: an event's status 'done' (its default) and an empty list of topics
    say nothing, so a row differing only by them is the record already there, not a clash."""
    ev = isolated / "ev.csv"
    ev.write_text(HEADER + rows(3, ids=True), encoding="utf-8")
    assert run("import", str(ev)).code == 0
    with_status = "".join(f"{line},done\n" for line in (HEADER + rows(3, ids=True)).splitlines())
    ev.write_text(with_status.replace("id,done", "id,status", 1), encoding="utf-8")
    r = run("import", str(ev))
    assert r.code == 0 and "nothing new" in r.stderr and "3 already present" in r.stderr, r.stderr
    hand = '[[events]]\nid = "hand-1"\ndate = "2021"\nsummary = "s"\nsource = "unct-2009"\nlocator = "p"\ntopics = []\n'
    (isolated / "data" / "facts" / "hand.toml").write_text(hand, encoding="utf-8")
    same = isolated / "same.csv"
    same.write_text("id,date,summary,source,locator\nhand-1,2021,s,unct-2009,p\n", encoding="utf-8")
    r = run("import", str(same))
    assert r.code == 0 and "nothing new" in r.stderr and "1 already present" in r.stderr, r.stderr


def test_every_record_is_served_whatever_the_cache_batch(isolated, monkeypatch):
    from hrcli import cache

    ev = isolated / "ev.csv"
    ev.write_text(HEADER + rows(20, ids=True), encoding="utf-8")
    assert run("import", str(ev)).code == 0
    no_cache = {"HRCLI_NO_CACHE": "1"}
    whole = run("export", "--format", "json", env=no_cache)
    monkeypatch.setattr(cache, "BATCH", 7)  # the bundled base and the import each cross several batches
    batched = run("export", "--format", "json", env=no_cache)
    assert batched.code == whole.code == 0 and batched.json() == whole.json()
    assert len(run("timeline", "--origin", "user", "--json", env=no_cache).json()) == 20


def test_a_users_own_topic_is_described_by_how_many_records_use_it(isolated):
    ev = isolated / "ev.csv"
    ev.write_text(HEADER + rows(3, ids=True, topic="Death penalty"), encoding="utf-8")
    assert run("import", str(ev), "--new-topic").code == 0
    assert store.load().topics()["death-penalty"] == "your own topic (3 records)"


def test_bundled_committee_codes_keep_their_names(isolated):
    from hrcli import vocab

    bodies = store.load(user=False).bodies()
    used = {r.body for rs in store.load(user=False).all().values() for r in rs if getattr(r, "body", None)}
    assert used and all(bodies[b] == vocab.BODIES[b][0] for b in used)


def test_an_import_without_a_cache_still_checks_every_row(isolated):
    ev = isolated / "ev.csv"
    ev.write_text(HEADER + rows(2) + "2023-13,Bad date,unct-2009,para. 1,,\n", encoding="utf-8")
    r = run("import", str(ev), env={"HRCLI_NO_CACHE": "1"})
    assert r.code == 2 and "line 4" in r.stderr and "date" in r.stderr, r.stderr
    assert not list((isolated / "data" / "facts").glob("import-*"))


def test_a_replaced_row_is_not_counted_as_a_record_the_file_no_longer_holds(isolated):
    ev = isolated / "ev.csv"
    ev.write_text(HEADER + rows(3, ids=True), encoding="utf-8")
    assert run("import", str(ev)).code == 0
    ev.write_text(HEADER + rows(3, ids=True).replace("Event number 2,", "Event number two,"), encoding="utf-8")
    r = run("import", str(ev), "--replace")
    assert r.code == 0 and "replaced 1" in r.stderr and "no longer rows" not in r.stderr, r.stderr


def test_rows_already_held_by_another_import_are_not_this_imports_stale_records(isolated):
    ev = isolated / "ev.csv"
    ev.write_text(HEADER + rows(3, ids=True), encoding="utf-8")
    assert run("import", str(ev)).code == 0
    (isolated / "b").mkdir()
    again = isolated / "b" / "other.csv"
    again.write_text(HEADER + rows(3, ids=True), encoding="utf-8")
    r = run("import", str(again))
    assert r.code == 0 and "3 already present" in r.stderr and "no longer rows" not in r.stderr, r.stderr


def test_a_refused_removal_leaves_no_temporary_file(isolated, lines):
    assert run("import", str(workbook(isolated / "wb.xlsx", 2))).code == 0
    r = run("remove", "mine-1")  # the workbook's events cite it
    assert r.code == 2 and "still cited" in r.stderr, r.stderr
    assert not list((isolated / "data" / "facts").glob(".hrcli-import-*"))


def test_a_record_that_is_not_a_source_cannot_be_cited_as_one(isolated):
    ev = isolated / "ev.csv"
    ev.write_text(HEADER + rows(1, ids=True), encoding="utf-8")
    assert run("import", str(ev)).code == 0
    args = ["--date", "2024", "--summary", "s", "--source", "my-1", "--locator", "p"]
    r = run("add", "event", *args)
    assert r.code == 2 and "my-1" in r.stderr, r.stderr
    assert ok_json("timeline", "--origin", "user")[0]["id"] == "my-1"


def test_ids_by_prefix_are_every_id_that_starts_so_up_to_the_limit(isolated):
    csv = isolated / "ev.csv"
    csv.write_text(HEADER + "".join(rows(1, i, ids=True).replace(f"my-{i}", f"my-{w}") for i, w in
                                    enumerate(["a", "z", "zz", "z9"], 1)), encoding="utf-8")  # fmt: skip
    assert run("import", str(csv)).code == 0
    base = store.load()
    assert sorted(base.ids(prefix="my-")) == ["my-a", "my-z", "my-z9", "my-zz"]
    assert sorted(base.ids(prefix="my-z")) == ["my-z", "my-z9", "my-zz"]
    assert len(base.ids(prefix="my-", limit=2)) == 2 and base.ids(prefix="my-q") == []


def test_an_imports_row_count_is_of_its_records_not_its_sources_sheet(isolated):
    got = ok_json("import", str(workbook(isolated / "wb.xlsx", 3)))
    assert got[0]["rows"] == 3 and got[0]["added"] == 4, got  # three events, and the source they cite


def test_an_import_made_before_ids_carried_the_path_keeps_its_ids(isolated, monkeypatch):
    """An older hrcli derived ids without the file's path (its import file has no "ids"): importing the file
    again, after removing one of its records, finds the others and adds back only that one."""
    from hrcli.importer import files

    ev = isolated / "ev.csv"
    ev.write_text(HEADER + rows(3), encoding="utf-8")
    with monkeypatch.context() as m:
        m.setattr(files, "IDS", 1)  # as the older hrcli wrote it
        assert run("import", str(ev)).code == 0
    assert '"ids"' not in import_file(isolated).read_text(encoding="utf-8").splitlines()[0]
    r = run("import", str(ev))
    assert r.code == 0 and "nothing new" in r.stderr and "3 already present" in r.stderr, r.stderr
    first = ok_json("timeline", "--origin", "user")[0]["id"]
    assert run("remove", first).code == 0
    r = run("import", str(ev))
    assert r.code == 0 and "added 1 event" in r.stderr and "2 already present" in r.stderr, r.stderr


def test_a_near_miss_of_a_known_topic_or_committee_is_refused_on_import(isolated):
    """One or two letters from a known word is a typo unless the user says it is new: for a statistic's one
    topic and for a committee code as for the topics of an event."""
    stats = isolated / "st.csv"
    stats.write_text(
        "topic,table,label,value,unit,source,locator\nchildrn,T,L,3,people,unct-2009,p\n", encoding="utf-8"
    )
    r = run("import", str(stats), "--kind", "stats")
    assert r.code == 2 and "children" in r.stderr and "--new-topic" in r.stderr, r.stderr
    recs = isolated / "rec.csv"
    recs.write_text("summary,source,locator,body\nInvented r,unct-2009,p,CEDAV\n", encoding="utf-8")
    r = run("import", str(recs), "--kind", "recommendations")
    assert r.code == 2 and "CEDAW" in r.stderr and "--new-body" in r.stderr, r.stderr


def test_a_dry_run_lists_the_rows_it_would_replace_with_the_new_ones(isolated):
    ev = isolated / "ev.csv"
    ev.write_text(HEADER + rows(2, ids=True), encoding="utf-8")
    assert run("import", str(ev)).code == 0
    ev.write_text(HEADER + rows(2, ids=True).replace("Event number 2,", "Event number two,") + rows(1, 3, ids=True))
    got = ok_json("import", str(ev), "--replace", "--dry-run")
    assert [(r["id"], r["summary"]) for r in got] == [("my-2", "Event number two"), ("my-3", "Event number 3")]


def test_add_refuses_while_another_fact_file_cannot_be_read(isolated):
    facts = isolated / "data" / "facts"
    facts.mkdir(parents=True)
    (facts / "broken.json").write_text('{"schema": 1, "events": [', encoding="utf-8")
    args = ["--date", "2024", "--summary", "s", "--source", "unct-2009", "--locator", "p"]
    r = run("add", "event", *args)
    assert r.code == 1 and "broken.json" in r.stderr, r.stderr
    assert not (facts / "user.toml").exists()


def test_an_import_is_removed_while_another_file_has_a_problem_of_its_own(isolated):
    ev = isolated / "ev.csv"
    ev.write_text(HEADER + rows(2, ids=True), encoding="utf-8")
    assert run("import", str(ev)).code == 0
    hand = '[[events]]\nid = "hand-1"\ndate = "2021"\nsummary = "s"\nsource = "no-such-source"\nlocator = "p"\n'
    (isolated / "data" / "facts" / "hand.toml").write_text(hand, encoding="utf-8")
    r = run("remove", "--import", "ev.csv")
    assert r.code == 0, r.stderr
    assert not list((isolated / "data" / "facts").glob("import-*"))
