"""The store and its cache: the Python API, invalidation on any input change, safety when broken."""

from __future__ import annotations

import os
import sqlite3
import time

import hrcli
from conftest import ok_json, run
from hrcli import store


def cache_files(tmp):
    return sorted((tmp / "cache").glob("facts-*.sqlite"))


def test_python_api_without_the_cli():
    base = hrcli.load()
    cat = base.events(body="CAT")
    assert cat and all(isinstance(e, hrcli.Fact) and e.body == "CAT" for e in cat)
    assert base.get("g11-upr1-accepted").value == 75
    assert base.voice("unct-2009") == "un-country-team"
    assert {c.id for c in base.conflicts("upr")} >= {"conflict-upr1-accepted"}
    assert base.search("IZSAK")[0].id == "g14-sp-2014-09-izsak-participation"
    assert [s.value for s in base.stats("reception")] == [30, 26, 12, 12]


def test_cache_is_built_once_and_reused(isolated):
    ok_json("sources")
    first = cache_files(isolated)
    assert len(first) == 1
    stamp = first[0].stat().st_mtime_ns
    ok_json("timeline")
    assert cache_files(isolated) == first and first[0].stat().st_mtime_ns == stamp


def test_any_input_change_invalidates_the_cache(isolated):
    ok_json("sources")
    old = cache_files(isolated)
    facts = isolated / "data" / "facts"
    facts.mkdir(parents=True)
    (facts / "mine.toml").write_text(
        '[[events]]\nid="m1"\ndate="2024"\nsummary="new thing"\nsource="gov-2011"\nlocator="para. 1"\n',
        encoding="utf-8",
    )
    assert any(r["id"] == "m1" for r in ok_json("timeline", "--from", "2024"))
    new = cache_files(isolated)
    assert new != old and len(new) == 1  # the stale file is removed
    time.sleep(0.01)
    (facts / "mine.toml").write_text(
        '[[events]]\nid="m1"\ndate="2024"\nsummary="edited"\nsource="gov-2011"\nlocator="para. 1"\n', encoding="utf-8"
    )
    os.utime(facts / "mine.toml", ns=(time.time_ns(), time.time_ns() + 10**9))
    assert ok_json("show", "m1")[0]["summary"] == "edited"


def test_corrupt_cache_is_rebuilt(isolated):
    ok_json("sources")
    (f,) = cache_files(isolated)
    f.write_bytes(b"this is not sqlite" * 100)
    assert len(ok_json("sources")) == 5
    con = sqlite3.connect(cache_files(isolated)[0])
    assert con.execute("SELECT count(*) FROM records").fetchone()[0] > 450


def test_cache_with_wrong_content_is_ignored(isolated):
    ok_json("sources")
    (f,) = cache_files(isolated)
    con = sqlite3.connect(f)
    con.execute("UPDATE meta SET v = 'someone else' WHERE k = 'key'")
    con.commit()
    con.close()
    assert len(ok_json("sources")) == 5


def test_unwritable_cache_never_breaks_a_command(isolated, monkeypatch):
    blocker = isolated / "blocked"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("HRCLI_CACHE_DIR", str(blocker / "cache"))
    r = run("treaty", "CAT", "--json")
    assert r.code == 0 and r.json()


def test_no_cache_env(isolated, monkeypatch):
    monkeypatch.setenv("HRCLI_NO_CACHE", "1")
    assert ok_json("sources")
    assert cache_files(isolated) == []


def test_cache_holds_no_pickle_only_json_text(isolated):
    ok_json("sources")
    con = sqlite3.connect(cache_files(isolated)[0])
    types = {row[0] for row in con.execute("SELECT DISTINCT typeof(json) FROM records")}
    assert types == {"text"}
    assert con.execute("SELECT json FROM records LIMIT 1").fetchone()[0].startswith("{")


def test_fold():
    assert store.fold("Izsák ÉLAN") == "izsak elan"
