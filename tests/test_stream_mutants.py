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

HEADER = "date,summary,source,locator,topics,id\n"


def rows(n: int, start: int = 1, ids: bool = False, topic: str = "children") -> str:
    return "".join(
        f"20{10 + i % 10}-0{1 + i % 9},Event number {i},unct-2009,para. {1 + i % 60},{topic},"
        f"{f'my-{i}' if ids else ''}\n"
        for i in range(start, start + n)
    )


def import_file(isolated: Path) -> Path:
    return next((isolated / "data" / "facts").glob("import-*.json"))


@pytest.fixture
def lines(monkeypatch):
    """Every JSON fact file in hrcli import's layout is read a line at a time."""
    monkeypatch.setattr(loader, "STREAM_FROM", 0)


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
    whole = sorted(r["id"] for r in ok_json("timeline", "--origin", "user"))
    monkeypatch.setattr(loader, "STREAM_FROM", 0)
    streamed = sorted(r["id"] for r in ok_json("timeline", "--origin", "user"))
    assert whole == streamed == ["my-extra"]


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
    assert run("remove", "wb-3").code == 0
    assert "wb-3" not in {r["id"] for r in ok_json("timeline", "--origin", "user")}
