"""The SQLite export as a newsroom publishes it: FTS5 indexes, Datasette metadata, served by Datasette."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from conftest import ok_json, run


def export(tmp, *extra: str):
    db, meta = tmp / "hrcli.db", tmp / "metadata.json"
    r = run("export", "--format", "sqlite", str(db), "--metadata", str(meta), *extra)
    assert r.code == 0, r.stderr
    return db, meta


def test_full_text_index_folds_accents_and_covers_summaries_titles_labels_notes(isolated):
    db, _ = export(isolated)
    con = sqlite3.connect(db)

    def hits(table: str, query: str) -> set[str]:
        sql = f"SELECT id FROM {table} WHERE rowid IN (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ?)"
        return {r[0] for r in con.execute(sql, (query,))}

    assert "g14-sp-2014-09-izsak-participation" in hits("events", "izsak")  # summary says Izsák
    assert hits("events", "izsak") == hits("events", "IZSÁK")
    # every searchable column is in its table's index
    for table, cols in (
        ("events", {"summary", "title", "note"}),
        ("stats", {"label", "note"}),
        ("sources", {"title", "note"}),
        ("conflicts", {"summary", "explanation"}),
    ):
        fts = {r[1] for r in con.execute(f"PRAGMA table_info({table}_fts)")}
        assert cols <= fts, (table, fts)
    titled = con.execute("SELECT id, title FROM events WHERE title IS NOT NULL AND title != '' LIMIT 1").fetchone()
    word = max(titled[1].split(), key=len).strip(".,;:()\"'")
    assert titled[0] in hits("events", f'"{word}"')
    labelled = con.execute("SELECT id, label FROM stats WHERE label GLOB '*[a-z][a-z][a-z][a-z]*' LIMIT 1").fetchone()
    assert labelled[0] in hits("stats", f'"{max(labelled[1].split(), key=len).strip(".,;:()")}"')
    # the index is complete: as many rows as the table it indexes
    for table in ("events", "claims", "recommendations", "stats", "sources", "conflicts"):
        n = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        assert con.execute(f"SELECT count(*) FROM {table}_fts").fetchone()[0] == n > 0


def test_metadata_describes_sources_tables_columns_and_canned_queries(isolated):
    db, meta_file = export(isolated)
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    assert meta["title"] and "Government of Belarus" in meta["description"]
    for s in ok_json("sources"):
        voice = {"government": "Government of Belarus", "un-country-team": "UN Country Team"}[s["voice"]]
        assert f"{s['id']}: {s['title']} ({s['date']}; {s['issuer']}) - voice: {voice}" in meta["description"]
    dbm = meta["databases"]["hrcli"]
    con = sqlite3.connect(db)
    for table in ("sources", "events", "claims", "recommendations", "stats", "conflicts", "conflict_sides"):
        t = dbm["tables"][table]
        assert t["description"]
        cols = [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')]
        assert set(t["columns"]) == set(cols), table  # every column described
    assert dbm["tables"]["events"]["fts_table"] == "events_fts" and dbm["tables"]["events_fts"]["hidden"]
    assert set(dbm["queries"]) == {
        *("search", "disagreements", "committee_history", "upr_figures_by_source", "upr_recommendations_by_cycle")
    }
    assert meta["plugins"]["datasette-mcp"] == {"canned_queries": True}  # its MCP tools may run them
    # the canned queries run on the export and answer what they say
    q = dbm["queries"]
    sides = con.execute(q["disagreements"]["sql"]).fetchall()
    assert len(sides) == len(ok_json("conflicts"))
    cat = [r[-1] for r in con.execute(q["committee_history"]["sql"], {"body": "cat"})]
    assert cat == [r["id"] for r in ok_json("treaty", "CAT")]
    upr = con.execute(q["upr_figures_by_source"]["sql"]).fetchall()
    assert {r[-1] for r in upr} == {r["id"] for r in ok_json("stats", "upr")}


def test_imported_upr_recommendations_are_counted_per_cycle_beside_the_documents_figures(isolated):
    """The canned query counts a UPR dataset's rows per cycle and source as 'upr --summary' does (received,
    accepted), and the other responses, so the Datasette site shows them beside the documents' figures."""
    r = run("add", "source", "--id", "ds", "--title", "Invented UPR dataset", "--date", "2024", "--voice", "other")
    assert r.code == 0, r.stderr
    rows = [("Norway", "Supported", 8), ("Chile", "Noted", 8), ("Peru", "Supported/Noted", 8), ("Fiji", "", 22)]
    data = "Text,From,Response,Session\n" + "".join(f"Invented {s},{s},{a},{n}\n" for s, a, n in rows)
    (isolated / "upr.csv").write_text(data, encoding="utf-8")
    r = run("import", str(isolated / "upr.csv"), "--kind", "recommendations", "--source", "ds", "--set", "locator=r")
    assert r.code == 0, r.stderr
    db, meta_file = export(isolated)
    q = json.loads(meta_file.read_text(encoding="utf-8"))["databases"]["hrcli"]["queries"]
    con = sqlite3.connect(db)
    cur = con.execute(q["upr_recommendations_by_cycle"]["sql"])
    got = [dict(zip([d[0] for d in cur.description], row, strict=True)) for row in cur]
    assert [(g["cycle"], g["source"], g["received"], g["accepted"], g["noted"], g["other"]) for g in got] == [
        (1, "ds", 3, 1, 1, 1),
        (2, "ds", 1, 0, 0, 0),
    ]
    summary = [x for x in ok_json("upr", "--summary") if x["dataset"]]
    assert [(x["cycle"], x["received"], x["accepted"]) for x in summary] == [
        (g["cycle"], g["received"], g["accepted"]) for g in got
    ]


SEARCH_WORDS = ["child", "children", "izsak", "IZSÁK", "women", "country countries", "asylum", '"', "para. 22"]


def _cli_search(words: str) -> list[str]:
    return sorted(r["id"] for r in ok_json("search", *words.split()))


def test_the_search_query_answers_as_hrcli_search_does(isolated):
    """Same stemming, folding and fields as the CLI: child and children, izsak and IZSÁK find the same rows."""
    db, meta_file = export(isolated)
    sql = json.loads(meta_file.read_text(encoding="utf-8"))["databases"]["hrcli"]["queries"]["search"]["sql"]
    con = sqlite3.connect(db)
    for words in SEARCH_WORDS:
        got = sorted(r[0] for r in con.execute(sql, {"q": words}))
        assert got == _cli_search(words) != [], words
    assert _cli_search("child") == _cli_search("children")
    # no words finds nothing; nothing typed is a syntax error
    for q in ("", "   ", None):
        assert con.execute(sql, {"q": q}).fetchall() == []


def test_search_citations_write_dates_as_the_tables_do(isolated):
    from hrcli.edtf import human

    db, meta_file = export(isolated)
    sql = json.loads(meta_file.read_text(encoding="utf-8"))["databases"]["hrcli"]["queries"]["search"]["sql"]
    con = sqlite3.connect(db)
    cur = con.execute(sql, {"q": "upr"})
    rows = [dict(zip([d[0] for d in cur.description], row, strict=True)) for row in cur]
    sources = {s["id"]: s for s in ok_json("sources")}
    assert rows and {r["source"] for r in rows} >= {"gov-2014", "unct-2009"}
    for r in rows:
        date = sources[r["source"]]["date"]
        assert f"({human(date)})" in r["citation"], r["citation"]
        if human(date) != date:
            assert f"({date})" not in r["citation"]


def test_metadata_needs_sqlite_and_respects_existing_files(isolated):
    assert run("export", "--format", "json", str(isolated / "x.json"), "--metadata", str(isolated / "m.json")).code == 2
    db, meta = export(isolated)
    before = meta.read_bytes()
    r = run("export", "--format", "sqlite", str(isolated / "other.db"), "--metadata", str(meta))
    assert r.code == 2 and "exists" in r.stderr and meta.read_bytes() == before


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    with urllib.request.urlopen(url, timeout=5) as resp:
        return json.loads(resp.read().decode("utf-8"))


@pytest.mark.slow
def test_datasette_serves_the_export_and_finds_izsak_by_full_text_search(isolated):
    with datasette(*export(isolated), isolated / "datasette.log") as base:
        found = _get(base + "/hrcli/events.json?_search=izsak&_shape=array")
        assert [r["id"] for r in found] == ["g14-sp-2014-09-izsak-participation"]
        assert "Izsák" in found[0]["summary"] and found[0]["source"] == "gov-2014" and found[0]["locator"]
        # the metadata is in force: title, a canned query with its parameter
        assert _get(base + "/-/metadata.json")["title"].startswith("Belarus")
        cat = _get(base + "/hrcli/committee_history.json?_shape=array&" + urllib.parse.urlencode({"body": "CAT"}))
        assert [r["id"] for r in cat] == [r["id"] for r in ok_json("treaty", "CAT")]
        sides = _get(base + "/hrcli/disagreements.json?_shape=array&_size=max")
        accepted = {(r["value"], r["source"]) for r in sides if r["id"] == "conflict-upr1-accepted"}
        assert {v for v, _ in accepted} == {75, 74}
        # the search query answers as 'hrcli search' does, and an empty q or a lone quote is no error
        for words in SEARCH_WORDS:
            url = base + "/hrcli/search.json?_shape=array&_size=max&" + urllib.parse.urlencode({"q": words})
            assert sorted(r["id"] for r in _get(url)) == _cli_search(words), words
        for q in ("", '"', '"izsak'):
            url = base + "/hrcli/search.json?_shape=array&_size=max&" + urllib.parse.urlencode({"q": q})
            assert sorted(r["id"] for r in _get(url)) == (_cli_search(q) if q.strip() else []), q


@contextlib.contextmanager
def datasette(db, meta, log_path):
    """Datasette serving ``db`` with ``meta`` on a free local port: yields its base URL once it answers (or fails
    the test with the end of its log); always terminated, then killed if it will not stop."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    # output to a file, not a pipe: a full pipe would stall the server
    with open(log_path, "w+b") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "datasette", "serve", str(db), "-m", str(meta), "--host", "127.0.0.1"]
            + ["-p", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    _get(base + "/-/versions.json")
                    break
                except (urllib.error.URLError, ConnectionError, OSError):
                    if proc.poll() is not None or time.monotonic() > deadline:
                        log.seek(0)
                        pytest.fail("datasette did not start: " + log.read().decode("utf-8", "replace")[-2000:])
                    time.sleep(0.2)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


def test_export_usage_errors_come_before_any_look_at_the_target(isolated):
    # what the arguments say wrong (exit 2) is named before what the file system says (a device: exit 1)
    r = run("export", "--format", "json", "/dev/null", "--metadata", str(isolated / "m.json"))
    assert r.code == 2 and r.stderr.count("\n") == 1
    assert r.stderr.startswith("hrcli: --metadata goes with --format sqlite")
    r = run("export", "--format", "sqlite", "/dev/null", "--metadata", "/dev/null")
    assert r.code == 2 and "is the database itself" in r.stderr and r.stderr.count("\n") == 1
    r = run("export", "--format", "sqlite", "/dev/null")  # the arguments are fine: the target is refused
    assert r.code == 1 and "will not export there" in r.stderr


# Belarus spelled as a dataset might (each is Belarus's for cycles.is_home_name), and names that are not Belarus
HOME_SPELLINGS = (
    "Belarus",
    "BÉLARUS",
    "Bélarus",
    "bélarus ",
    "REPUBLIC OF BELARUS",
    "The Republic of Belarus",
    "Belarus (Republic of)",
    "BELARUS, REPUBLIC OF",
    "Byelorussian SSR",
    "BYELORUSSIAN SOVIET SOCIALIST REPUBLIC",
    "Belorussian S.S.R.",
    "BSSR",
)
NOT_HOME = ("Belize", "Belarusian Association", "Norway")


def test_the_canned_upr_count_knows_belarus_as_the_cli_does(isolated):
    """The same rows through 'hrcli upr --summary' and through the SQLite export's canned query: every spelling
    is_home_name accepts (an accented capital included, which SQL's lower() cannot fold) counts the same. Each
    case has a cycle of its own (by its session), so one miscount cannot hide behind another."""
    from hrcli.cycles import is_home_name

    assert all(is_home_name(s) for s in HOME_SPELLINGS) and not any(is_home_name(s) for s in NOT_HOME)
    r = run("add", "source", "--id", "ds", "--title", "Invented UPR dataset", "--date", "2024", "--voice", "other")
    assert r.code == 0, r.stderr
    rows = [(s, "Norway", 8) for s in HOME_SPELLINGS]  # Belarus's review: received (cycle 1)
    rows += [(s, "Chile", 8) for s in NOT_HOME]  # another State's review: not received
    rows += [("Norway", f"Chile; {s}", 22) for s in HOME_SPELLINGS]  # Belarus made it: given (cycle 2)
    rows += [("", s, 36) for s in HOME_SPELLINGS]  # no State under review, Belarus made it: given (cycle 3)
    rows += [("", f"Peru; {s}", 45) for s in NOT_HOME]  # no State under review, another made it: received (4)
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["Text", "state_under_review", "recommending_state", "Response", "Session"])
    writer.writerows([f"Invented row {i}", *row[:2], "Supported", row[2]] for i, row in enumerate(rows))
    (isolated / "upr.csv").write_text(buf.getvalue(), encoding="utf-8")
    args = ["--kind", "recommendations", "--source", "ds", "--set", "locator=r", "--all-states"]
    r = run("import", str(isolated / "upr.csv"), *args)
    assert r.code == 0, r.stderr
    want = [(1, len(HOME_SPELLINGS)), (4, len(NOT_HOME))]
    summary = [x for x in ok_json("upr", "--summary") if x["dataset"]]
    assert [(x["cycle"], x["received"]) for x in summary] == want
    db, meta_file = export(isolated)
    q = json.loads(meta_file.read_text(encoding="utf-8"))["databases"]["hrcli"]["queries"]
    got = sqlite3.connect(db).execute(q["upr_recommendations_by_cycle"]["sql"]).fetchall()
    assert [(g[0], g[3]) for g in got] == want
