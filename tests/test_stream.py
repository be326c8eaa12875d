"""A large import file is read a line at a time (loader.stream, loader.raw_records), and an import decides its
rows through the cache: the results must be exactly those of reading every file whole (issue 19, item 6).

``loader.STREAM_FROM`` is set to 0 here so that small files take the line-by-line path too."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import events_workbook, ok_json, run, topic_rows
from hrcli import cache, loader, store
from hrcli.model import KINDS

HEADER = "date,summary,source,locator,topics,id\n"


def rows(n: int, start: int = 1, ids: bool = False) -> str:
    return "".join(
        f"20{10 + i % 10}-0{1 + i % 9},Event number {i},unct-2009,para. {1 + i % 60},"
        f"{'children' if i % 2 else 'asylum; refugees'},{f'my-{i}' if ids else ''}\n"
        for i in range(start, start + n)
    )


def import_file(isolated: Path) -> Path:
    return next((isolated / "data" / "facts").glob("import-*.json"))


def every_record(isolated: Path) -> list[tuple[str, str]]:
    return [(r["kind"], json.dumps(r, sort_keys=True)) for r in ok_json("export", "--format", "json")]


def test_reading_a_line_at_a_time_gives_what_reading_whole_gives(isolated, monkeypatch):
    csv = isolated / "ev.csv"
    csv.write_text(HEADER + rows(120), encoding="utf-8")
    assert run("import", str(csv)).code == 0
    files = loader.inputs()
    whole = loader.read_files(files)
    monkeypatch.setattr(loader, "STREAM_FROM", 0)
    assert isinstance(loader._Lines.open(import_file(isolated), import_file(isolated)), loader._Lines)
    streamed = loader.read_files(files)
    assert streamed == whole and len(streamed["events"]) > 120
    raw = list(loader.raw_records(import_file(isolated)))
    assert len(raw) == 120 and raw[0][0] == "events" and "imported_from" not in raw[0][1]


def test_a_file_in_another_layout_is_read_whole(isolated, monkeypatch, lines):
    facts = isolated / "data" / "facts"
    facts.mkdir(parents=True)
    # the same records, pretty-printed by hand: not hrcli import's layout, so parsed whole
    doc = {
        "schema": 1,
        "events": [{"id": "hand-1", "date": "2020", "summary": "x", "source": "unct-2009", "locator": "para. 1"}],
    }
    (facts / "hand.json").write_text(json.dumps(doc, indent=2), encoding="utf-8")
    assert loader._Lines.open(facts / "hand.json", facts / "hand.json") is None
    assert [r["id"] for r in ok_json("timeline", "--origin", "user")] == ["hand-1"]


def test_a_broken_line_of_a_streamed_file_is_named_by_file_and_line(isolated, lines):
    csv = isolated / "ev.csv"
    csv.write_text(HEADER + rows(5), encoding="utf-8")
    assert run("import", str(csv)).code == 0
    path = import_file(isolated)
    text = path.read_text(encoding="utf-8").splitlines()
    text[4] = text[4].replace('"summary":', '"summary":,')  # line 5: not JSON
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    r = run("timeline")
    assert r.code == 1 and f"{path.name}:5" in r.stderr and "not valid JSON" in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    # a record that parses but is wrong names its line and record too
    text[4] = json.dumps({"id": "bad-one", "date": "2023-13", "summary": "s", "source": "unct-2009", "locator": "p"})
    path.write_text("\n".join(text) + ",\n" if False else "\n".join(text[:4] + [text[4] + ","] + text[5:]) + "\n")
    r = run("timeline")
    assert r.code == 1 and f"{path.name}:5" in r.stderr and "bad-one" in r.stderr and "date" in r.stderr, r.stderr


def test_reimport_and_replace_keep_the_file_in_order_with_lines_read_as_they_are(isolated, lines):
    csv = isolated / "ev.csv"
    csv.write_text(HEADER + rows(30, ids=True), encoding="utf-8")
    assert run("import", str(csv)).code == 0
    before = import_file(isolated).read_text(encoding="utf-8").splitlines()
    # the same file again: nothing new, the file untouched
    r = run("import", str(csv))
    assert r.code == 0 and "nothing new" in r.stderr and "30 already present" in r.stderr, r.stderr
    assert import_file(isolated).read_text(encoding="utf-8").splitlines() == before
    # one changed row, two new ones: refused without --replace, then replaced in its place
    changed = (HEADER + rows(30, ids=True)).replace("Event number 7,", "Event number seven,") + rows(2, 31, ids=True)
    csv.write_text(changed, encoding="utf-8")
    r = run("import", str(csv))
    assert r.code == 2 and "'my-7' was imported before with other content" in r.stderr and "--replace" in r.stderr
    r = run("import", str(csv), "--replace")
    assert r.code == 0 and "added 2 events" in r.stderr and "replaced 1" in r.stderr, r.stderr
    after = import_file(isolated).read_text(encoding="utf-8").splitlines()
    assert len(after) == len(before) + 2
    old, new = [x.rstrip(",") for x in before[2:-1]], [x.rstrip(",") for x in after[2:-1]]
    changed_lines = [n for n, (a, b) in enumerate(zip(old, new, strict=False)) if a != b]
    assert changed_lines == [6] and "Event number seven" in new[6]
    assert [json.loads(x.rstrip(","))["id"] for x in after[-3:-1]] == ["my-31", "my-32"]
    assert ok_json("show", "my-7")[0]["summary"] == "Event number seven"


def test_repeated_rows_and_clashing_ids_within_one_file(isolated, lines):
    csv = isolated / "ev.csv"
    same = rows(1, 5)
    csv.write_text(HEADER + rows(3) + same + same, encoding="utf-8")
    r = run("import", str(csv))
    assert r.code == 0 and "added 4 events" in r.stderr and "1 repeated row(s) kept once" in r.stderr, r.stderr
    clash = HEADER + rows(1, 1, ids=True) + rows(1, 2, ids=True).replace("my-2", "my-1")
    other = isolated / "clash.csv"
    other.write_text(clash, encoding="utf-8")
    r = run("import", str(other))
    assert r.code == 2 and "line 3" in r.stderr and "'my-1' is also the id of line 2" in r.stderr, r.stderr


def test_many_rows_cross_batches_and_stay_in_file_order(isolated, lines, monkeypatch):
    from hrcli.importer import tally

    monkeypatch.setattr(tally.Tally, "BATCH", 7)
    monkeypatch.setattr(tally.Tally, "CHUNK", 3)
    csv = isolated / "ev.csv"
    body = rows(50, ids=True)
    csv.write_text(HEADER + body + rows(1, 10, ids=True), encoding="utf-8")  # my-10 again, same content
    r = run("import", str(csv))
    assert r.code == 0 and "added 50 events" in r.stderr and "1 repeated" in r.stderr, r.stderr
    ids = [json.loads(x.rstrip(","))["id"] for x in import_file(isolated).read_text().splitlines()[2:-1]]
    assert ids == [f"my-{i}" for i in range(1, 51)]
    assert "50 already present" in run("import", str(csv)).stderr


def test_add_remove_and_typo_check_read_a_streamed_import(isolated, lines):
    csv = isolated / "ev.csv"
    csv.write_text(HEADER + rows(4).replace("children", "death penalty"), encoding="utf-8")
    assert run("import", str(csv)).code == 0
    # the import's own topic is known now: a near miss of it is refused as a typo, through the streamed file
    r = run(
        "add",
        "event",
        "--date",
        "2024",
        "--summary",
        "s",
        "--source",
        "unct-2009",
        "--locator",
        "para. 1",
        "--topic",
        "death-penaltx",
    )
    assert r.code == 2 and "death-penalty" in r.stderr, r.stderr
    r = run(
        "add",
        "source",
        "--id",
        "my-src",
        "--title",
        "T",
        "--date",
        "2024",
        "--kind",
        "report",
        "--issuer",
        "me",
        "--voice",
        "user",
        "--cite",
        "T (2024)",
    )
    assert r.code == 0, r.stderr


def test_a_staged_cache_is_the_one_commands_open_after_an_import(isolated, monkeypatch):
    csv = isolated / "ev.csv"
    csv.write_text(HEADER + rows(10), encoding="utf-8")
    assert run("import", str(csv)).code == 0
    folder = isolated / "cache" / cache.CACHE_SUBDIR
    assert len(list(folder.glob("facts-*.sqlite"))) == 1 and not list(folder.glob(".facts-*"))
    assert not list((isolated / "data" / "facts").glob(".hrcli-import-*"))

    def boom(*_a, **_k):
        raise AssertionError("the cache was built again")

    monkeypatch.setattr(loader, "stream", boom)
    assert len([r for r in ok_json("timeline") if r["origin"] == "user"]) == 10


def test_a_failed_import_leaves_no_file_and_no_cache_behind(isolated):
    csv = isolated / "ev.csv"
    csv.write_text(HEADER + rows(3) + "2023-13,Bad date,unct-2009,para. 1,,\n", encoding="utf-8")
    r = run("import", str(csv))
    assert r.code == 2 and "line 5" in r.stderr and "date" in r.stderr, r.stderr
    facts = isolated / "data" / "facts"
    assert not list(facts.glob("*")) or not [p for p in facts.iterdir() if p.name != ".lock"]
    assert not list((isolated / "cache").rglob(".facts-*"))


def test_a_cache_left_half_built_by_a_stopped_process_is_cleared_after_a_day(isolated):
    import os
    import time

    run("timeline")
    folder = isolated / "cache" / cache.CACHE_SUBDIR
    old, recent, other = folder / ".facts-abc123.tmp", folder / ".facts-def456.tmp", folder / ".facts-notes.txt"
    for p in (old, recent, other):
        p.write_bytes(b"x")
    day_ago = time.time() - 2 * 86400
    os.utime(old, (day_ago, day_ago))
    os.utime(other, (day_ago, day_ago))
    (isolated / "data" / "facts").mkdir(parents=True, exist_ok=True)
    (isolated / "data" / "facts" / "user.toml").write_text("schema = 1\n", encoding="utf-8")
    assert run("timeline").code == 0  # a new cache is built: the folder is cleaned
    assert not old.exists() and recent.exists() and other.exists()


# -- issue 19.6, hand mutants of the streaming import --------------------------------------------------------------


def test_a_record_without_an_id_is_named_by_its_place_whether_streamed_or_not(isolated, monkeypatch):
    csv = isolated / "ev.csv"
    csv.write_text(HEADER + topic_rows(3), encoding="utf-8")
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
    csv.write_text(HEADER + topic_rows(2, ids=True), encoding="utf-8")
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


def test_an_import_with_its_own_sources_is_read_a_line_at_a_time(isolated, monkeypatch, lines):
    """An import file of two sections (sources, then events) is in hrcli import's layout: read line by line, so
    it is never refused as too large to read whole (bug found by mutant 157: "]," between the sections)."""
    from hrcli import safefile

    n = 1 + loader.bundled_path().stat().st_size // 300  # the import file is larger than the bundled one
    assert run("import", str(events_workbook(isolated / "wb.xlsx", n))).code == 0
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
