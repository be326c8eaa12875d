"""Machine output without traps: null for unknown bounds, numbers only in value, one CSV section per
kind, SQLite columns that are not SQL keywords and tables with primary keys."""

from __future__ import annotations

import csv
import datetime
import io
import json
import sqlite3

import pytest

from conftest import by_id, ok_json, run
from hrcli.validate import check

# https://sqlite.org/lang_keywords.html
_KEYWORDS = """ABORT ACTION ADD AFTER ALL ALTER ALWAYS ANALYZE AND AS ASC ATTACH AUTOINCREMENT BEFORE BEGIN BETWEEN BY
    CASCADE CASE CAST CHECK COLLATE COLUMN COMMIT CONFLICT CONSTRAINT CREATE CROSS CURRENT CURRENT_DATE
    CURRENT_TIME CURRENT_TIMESTAMP DATABASE DEFAULT DEFERRABLE DEFERRED DELETE DESC DETACH DISTINCT DO DROP
    EACH ELSE END ESCAPE EXCEPT EXCLUDE EXCLUSIVE EXISTS EXPLAIN FAIL FILTER FIRST FOLLOWING FOR FOREIGN FROM
    FULL GENERATED GLOB GROUP GROUPS HAVING IF IGNORE IMMEDIATE IN INDEX INDEXED INITIALLY INNER INSERT INSTEAD
    INTERSECT INTO IS ISNULL JOIN KEY LAST LEFT LIKE LIMIT MATCH MATERIALIZED NATURAL NO NOT NOTHING NOTNULL
    NULL NULLS OF OFFSET ON OR ORDER OTHERS OUTER OVER PARTITION PLAN PRAGMA PRECEDING PRIMARY QUERY RAISE
    RANGE RECURSIVE REFERENCES REGEXP REINDEX RELEASE RENAME REPLACE RESTRICT RETURNING RIGHT ROLLBACK ROW
    ROWS SAVEPOINT SELECT SET TABLE TEMP TEMPORARY THEN TIES TO TRANSACTION TRIGGER UNBOUNDED UNION UNIQUE
    UPDATE USING VACUUM VALUES VIEW VIRTUAL WHEN WHERE WINDOW WITH WITHOUT"""
SQLITE_KEYWORDS = set(_KEYWORDS.split())


def _day_or_null(v):
    return v is None or datetime.date.fromisoformat(v)


def test_unknown_and_open_bounds_are_null_in_json():
    rows = ok_json("timeline")
    unknown_start = [r for r in rows if r["date"].startswith("/")]
    open_end = [r for r in rows if r["date"].endswith("/..")]
    assert unknown_start and open_end
    assert all(r["start"] is None and r["end"] for r in unknown_start)
    assert all(r["end"] is None and r["start"] for r in open_end)
    # every bound Python's date parser reads, or null
    for r in rows + ok_json("stats", "trafficking"):
        assert _day_or_null(r["start"]) and _day_or_null(r["end"])
    raw = run("timeline", "--format", "csv").stdout
    assert "0000-01-01" not in raw and "9999-12-31" not in raw
    assert "0000-01-01" not in run("export").stdout


def test_unknown_bounds_are_null_in_sqlite(isolated):
    db = isolated / "x.db"
    assert run("export", "--format", "sqlite", str(db)).code == 0
    con = sqlite3.connect(db)
    got = con.execute("SELECT count(*) FROM events WHERE start_date = '0000-01-01' OR end_date = '9999-12-31'")
    assert got.fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM events WHERE start_date IS NULL").fetchone()[0] > 0
    assert con.execute("SELECT count(*) FROM events WHERE end_date IS NULL").fetchone()[0] > 0


def test_value_holds_numbers_only_and_words_go_to_value_text(isolated):
    stats = [r for t in ok_json("stats") for r in ok_json("stats", t["topic"])]
    assert stats and all(isinstance(r["value"], (int, float)) or r["value"] is None for r in stats)
    two_thirds = by_id(stats)["g14-upr1-implemented"]
    assert two_thirds["value"] is None and two_thirds["value_text"] == "over two thirds"
    assert two_thirds["unit"] != "thirds"
    assert all(r["value_text"] for r in stats if r["value"] is None)
    sides = ok_json("conflicts")
    assert all(isinstance(r["value"], (int, float)) or r["value"] is None for r in sides)
    words = [r for r in sides if r["value"] is None]
    assert {"2010-11", "2013-11"} <= {r["value_text"] for r in words}
    assert all(r["value_text"] is None for r in sides if r["value"] is not None)
    assert any(isinstance(r["value"], (int, float)) for r in sides)
    # people still read the words
    assert "over two thirds" in run("stats", "upr").stdout
    shown = ok_json("show", "conflict-cescr-report-date")[0]
    assert shown["side1_value"] is None and shown["side1_value_text"] == "2010-11"
    # and SQLite's numeric column holds numbers or NULL
    db = isolated / "x.db"
    assert run("export", "--format", "sqlite", str(db)).code == 0
    con = sqlite3.connect(db)
    for table in ("stats", "conflict_sides"):
        kinds = {r[0] for r in con.execute(f"SELECT DISTINCT typeof(value) FROM {table}")}
        assert kinds <= {"integer", "real", "null"}, table
    assert con.execute("SELECT value_text FROM stats WHERE id = 'g14-upr1-implemented'").fetchone() == (
        "over two thirds",
    )


def test_a_stat_needs_a_number_or_the_sources_words():
    src = {"id": "s", "title": "t", "date": "2020", "kind": "k", "issuer": "i", "voice": "other", "cite": "c"}
    stat = {"id": "x", "topic": "upr", "table": "t", "label": "l", "unit": "share", "source": "s", "locator": "p. 1"}
    problems, recs = check({"sources": [src], "stats": [stat]})
    assert [p.field for p in problems] == ["value"] and not recs["stats"]
    problems, recs = check({"sources": [src], "stats": [{**stat, "value_text": "most"}]})
    assert not problems and recs["stats"][0]["value_text"] == "most"


def _sections(text: str) -> list[list[dict]]:
    out: list[list[list[str]]] = [[]]
    for row in csv.reader(io.StringIO(text)):
        (out[-1].append(row) if row else out.append([]))
    return [[dict(zip(s[0], r, strict=True)) for r in s[1:]] for s in out]


def test_csv_export_one_section_per_kind_keeping_every_field():
    full = json.loads(run("export").stdout)
    sections = _sections(run("export", "--format", "csv").stdout)
    assert len(sections) == 6
    sources, events, claims, recs, stats, sides = sections
    assert [r["id"] for r in sources] == [r["id"] for r in full["sources"]]
    assert {r["kind"] for r in events} == {"event"} and len(events) == len(full["events"])
    assert {r["kind"] for r in claims} == {"claim"} and {r["kind"] for r in recs} == {"recommendation"}
    assert {"note", "start", "end", "title"} <= set(events[0])
    noted = [e for e in full["events"] if e["note"]]
    assert noted and by_id(events)[noted[0]["id"]]["note"] == noted[0]["note"]
    titled = [e for e in full["events"] if e["title"]]
    assert titled and by_id(events)[titled[0]["id"]]["title"] == titled[0]["title"]
    assert by_id(stats)["g14-upr1-implemented"]["value"] == ""
    assert by_id(stats)["g14-upr1-implemented"]["value_text"] == "over two thirds"
    assert len(sides) == sum(1 for _ in full["conflicts"])
    # a filtered export of several kinds: the sources they cite, then a section per kind that has rows
    filtered = _sections(run("export", "--format", "csv", "--body", "CAT", "--kind", "all").stdout)
    assert len(filtered) == 2 and {r["body"] for r in filtered[1]} == {"CAT"}
    assert {r["id"] for r in filtered[0]} == {r["source"] for r in filtered[1]}


@pytest.mark.parametrize("kind", ["events", "stats"])
def test_sqlite_columns_are_not_keywords_and_every_table_has_a_key(isolated, kind):
    db = isolated / "x.db"
    assert run("export", "--format", "sqlite", str(db)).code == 0
    con = sqlite3.connect(db)
    # FTS5 indexes are virtual tables, which have no primary key by design (their shadow tables do)
    tables = [
        r[0]
        for r in con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
        if not r[1].upper().startswith("CREATE VIRTUAL TABLE")
    ]
    assert {"sources", "events", "claims", "recommendations", "stats", "conflicts", "conflict_sides"} <= set(tables)
    for t in tables:
        info = con.execute(f'PRAGMA table_info("{t}")').fetchall()
        assert not {c[1].upper() for c in info} & SQLITE_KEYWORDS, t
        assert any(c[5] for c in info), f"{t} has no primary key"
    # the renamed columns can be used bare
    assert con.execute(f"SELECT count(*) FROM {kind} WHERE start_date <= end_date").fetchone()[0] > 0
    assert con.execute("SELECT count(*) FROM stats WHERE stat_table LIKE 'Asylum%'").fetchone()[0] > 0
    assert con.execute("SELECT count(*) FROM events WHERE action_type = 'visit'").fetchone()[0] > 0


# each side of every range json_text escapes, and neighbours sharing their UTF-8 lead bytes
_EDGES = (
    "\x00~\x7e\x7f\x80\x9f\xa0\xc2á–\u2027\u2028\u2029\u202a\u202e\u202f\u2065\u2066\u2069\u206a"
    "\ud7ff\ud800\udbff\udc80\udfff\ue000\uac00\U0001f600a"
)


def test_json_text_escapes_exactly_the_unsafe_characters():
    """json_text's quick byte test must never let one through: every text, every edge of every range."""
    import re

    from hypothesis import given
    from hypothesis import strategies as st

    from hrcli.machine import _JSON_UNSAFE, json_text

    def reference(text: str) -> str:
        return re.sub(_JSON_UNSAFE, lambda m: f"\\u{ord(m.group()):04x}", text)

    for ch in _EDGES:
        assert json_text(f'["x{ch}y"]') == reference(f'["x{ch}y"]'), repr(ch)
    assert json_text("a\u2028b\x85c\udc80") == "a\\u2028b\\u0085c\\udc80"

    @given(st.text(alphabet=st.sampled_from(_EDGES) | st.characters(), max_size=40))
    def same(text):
        assert json_text(text) == reference(text)

    same()


def test_markdown_keeps_a_line_break_inside_a_cell_as_br(isolated):
    facts = isolated / "data" / "facts"
    facts.mkdir(parents=True)
    (facts / "user.toml").write_text(
        'schema = 1\n[[events]]\nid = "m-lines"\ndate = "2031"\nsource = "unct-2009"\nlocator = "para. 1"\n'
        'summary = "multi\\nline, then\\r\\nwindows\\rold mac\\n\\n<b>bold</b>"\n',
        encoding="utf-8",
    )
    r = run("timeline", "--from", "2031", "--to", "2031", "--format", "md")
    assert r.code == 0, r.stderr
    (line,) = [ln for ln in r.stdout.splitlines() if "m-lines" in ln]
    assert "multi<br>line, then<br>windows<br>old mac<br><br>&lt;b&gt;bold&lt;/b&gt;" in line
    assert "multiline" not in line and "windowsold" not in line
    assert line.count("|") == r.stdout.splitlines()[0].count("|")  # still one row of the table
