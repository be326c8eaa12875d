"""Machine output without traps: null for unknown bounds, numbers only in value, one CSV section per
kind, SQLite columns that are not SQL keywords and tables with primary keys."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import sqlite3

import pytest

from conftest import add_events, add_source, by_id, ok_json, run
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


# -- issue 12, hard edges ------------------------------------------------------------------------------------------


FORMULAS = ['=HYPERLINK("http://x","click")', "+1+cmd", "@SUM(A1:A9)", "-2+3*cmd", "\t=1+1"]


def _hostile_events(isolated):
    assert add_source().code == 0
    for n, text in enumerate(FORMULAS):
        r = run("add", "event", "--date", "2024", "--summary", text, "--source", "my-src", "--locator", f"-{n}")
        assert r.code == 0, r.stderr
    return {f"u-2024-{n + 1}": text for n, text in enumerate(FORMULAS)}


def _csv(text):
    """Rows by id; export's csv has one section per record kind, each with its own header."""
    import csv
    import io

    return {r["id"]: r for part in text.split("\n\n") for r in csv.DictReader(io.StringIO(part))}


def test_csv_and_export_csv_neutralise_formulas_and_csv_raw_keeps_them(isolated):
    want = _hostile_events(isolated)
    shown = _csv(run("timeline", "--from", "2024", "--format", "csv").stdout)
    exported = _csv(run("export", "--format", "csv").stdout)
    for rid, text in want.items():
        assert shown[rid]["summary"] == exported[rid]["summary"] == "'" + text
        assert shown[rid]["locator"] == exported[rid]["locator"] == f"-{int(rid[-1]) - 1}"  # a number: untouched
    raw = _csv(run("timeline", "--from", "2024", "--format", "csv", "--csv-raw").stdout)
    raw_export = _csv(run("export", "--csv-raw", "--format", "csv").stdout)
    assert {rid: raw[rid]["summary"] for rid in want} == want == {rid: raw_export[rid]["summary"] for rid in want}
    # JSON keeps every value exactly, and the flag is not left on for the next call
    assert {r["id"]: r["summary"] for r in ok_json("timeline", "--from", "2024")} == want
    assert _csv(run("timeline", "--from", "2024", "--format", "csv").stdout)["u-2024-1"]["summary"].startswith("'=")


def test_numbers_are_never_neutralised(isolated):
    rows = _csv(run("stats", "asylum", "--format", "csv").stdout)
    assert rows and all(not r["value"].startswith("'") for r in rows.values())
    assert {r["value"] for r in rows.values()} >= {"3265"}


def test_markdown_cells_are_inert(isolated):
    assert add_source().code == 0
    hostile = '<script>alert(1)</script> <img src=x onerror="alert(2)"> a|b'
    assert run("add", "event", "--date", "2024", "--summary", hostile, "--source", "my-src", "--locator", "p").code == 0
    assert run("add", "event", "--date", "2024", "--summary", "=1+1", "--source", "my-src", "--locator", "p").code == 0
    md = run("timeline", "--from", "2024", "--format", "md").stdout
    assert "<script>" not in md and "<img" not in md
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt;" in md and "a\\|b" in md
    assert "| '=1+1 |" in md
    assert "| =1+1 |" in run("timeline", "--from", "2024", "--format", "md", "--csv-raw").stdout


def test_json_never_carries_live_terminal_controls_and_keeps_values(isolated):
    title = "Report \x9b31m red \u202eevil"
    assert run("add", "source", "--id", "c1", "--title", title, "--date", "2023").code == 0
    for args in (("sources", "--json"), ("sources", "--format", "jsonl"), ("export",)):
        out = run(*args).stdout
        assert "\x9b" not in out and "\u202e" not in out, args
    got = {r["id"]: r for r in ok_json("sources")}
    assert got["c1"]["title"] == title


# -- issue 23, hard edges round two --------------------------------------------------------------------------------


# -- csv and md cells: formulas after a separator, links and images -----------------------------------------

LINKS = [
    "see ![](http://tracker.example/p.gif) here",
    "[click](javascript:alert(1))",
    "[x]: javascript:alert(2)",
    "<http://auto.example> and <mailto:a@b.c>",
    "[ref][1] and ![img][1]",
    "\\[x\\](javascript:alert(3))",
]


def test_markdown_cells_carry_no_live_link_or_image(isolated):
    add_events(LINKS)
    for raw in ((), ("--csv-raw",)):  # --csv-raw keeps formulas, never links
        md = run("timeline", "--from", "2024", "--format", "md", *raw).stdout
        assert md.count("\n") == 2 + len(LINKS)
        assert "| \\[click\\]\\(javascript:alert\\(1\\)\\) |" in md and "see \\!\\[\\]\\(http:" in md
        try:
            from markdown_it import MarkdownIt
        except ImportError:  # no parser: the link punctuation is escaped
            assert "![](" not in md and "](javascript" not in md and "<http" not in md
            continue
        html = MarkdownIt("commonmark").enable("table").render(md)
        assert "<a " not in html and "<img" not in html, html
        assert "<table>" in html and html.count("<tr>") == 1 + len(LINKS)  # still one table, one row per record
        # the text reads as it was written
        assert "[click](javascript:alert(1))" in html and "![](http://tracker.example/p.gif)" in html


SEPS = [";", ",", "; ", ",  "]


CELL_FORMULAS = ['=HYPERLINK("http://x","y")', "+1+cmd", "-2+3*cmd", "@SUM(A1:A9)"]


def test_csv_neutralises_a_formula_after_a_separator_inside_a_cell(isolated):
    import csv
    import io

    texts = ["x" + sep + f for sep in SEPS for f in CELL_FORMULAS]
    add_events([*texts, "a;-12.5, 3;b"])
    out = run("timeline", "--from", "2024", "--format", "csv").stdout
    cells = {r["locator"]: r["summary"] for r in csv.DictReader(io.StringIO(out))}
    for n, (sep, f) in enumerate((sep, f) for sep in SEPS for f in CELL_FORMULAS):
        assert cells[f"p. {n}"] == "x" + sep + "'" + f
    assert cells[f"p. {len(texts)}"] == "a;-12.5, 3;b"  # plain numbers after a separator are left alone
    for line in out.splitlines()[1:]:  # split as a ';'- or ','-separated spreadsheet would: no part runs
        for part in line.replace(";", ",").split(","):
            assert not part.strip().startswith(("=", "+", "@")) and not re.match(r"\s*-[^0-9]", part), line
    raw = run("timeline", "--from", "2024", "--format", "csv", "--csv-raw").stdout
    assert {r["summary"] for r in csv.DictReader(io.StringIO(raw))} >= set(texts)
    exported = run("export", "--format", "csv", "--origin", "user").stdout
    assert 'x;\'=HYPERLINK(""http://x"",""y"")' in exported


# -- issue 14, written against mutants that survived the suite -----------------------------------------------------


def test_csv_writes_an_empty_cell_for_null_never_none():
    r = run("timeline", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    row = next(x for x in rows if x["id"] == "unct-p30-un-framework-agreement-1992")
    assert row["body"] == "" and row["title"] == "" and row["note"] == ""
    assert not any(v == "None" for x in rows for v in x.values())


def test_date_is_the_record_date_not_its_start():
    row = next(x for x in ok_json("timeline") if x["id"] == "unct-p30-un-framework-agreement-1992")
    assert (row["date"], row["start"], row["end"]) == ("1992", "1992-01-01", "1992-12-31")


def test_markdown_escapes_a_pipe_in_a_cell(tricky_facts):
    r = run("show", "m-pipe", "--format", "md")
    assert r.code == 0, r.stderr
    assert "a \\| b" in r.stdout
    r = run("timeline", "--from", "2031", "--to", "2031", "--format", "md")
    (line,) = [ln for ln in r.stdout.splitlines() if "m-pipe" in ln]
    header = r.stdout.splitlines()[0]
    unescaped = line.replace("\\|", "")
    assert unescaped.count("|") == header.count("|")  # the cell did not split the row


def test_each_conflict_side_carries_its_own_sources_voice(tricky_facts):
    rows = [r for r in ok_json("conflicts") if r["id"] == "m-mixed-voices"]
    assert [(r["source"], r["voice"]) for r in rows] == [("gov-2011", "government"), ("unct-2009", "un-country-team")]


def test_markdown_escapes_html_in_cells(isolated):
    facts = isolated / "data" / "facts"
    facts.mkdir(parents=True)
    (facts / "mine.toml").write_text(
        '[[events]]\nid="m-html"\ndate="2030"\nsummary="<script>x</script> & more"\nsource="gov-2011"\n'
        'locator="p. 1"\n',
        encoding="utf-8",
    )
    out = run("show", "m-html", "--format", "md").stdout
    assert "&lt;script&gt;x&lt;/script&gt; &amp; more" in out and "<script>" not in out
