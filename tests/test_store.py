"""The store and its cache: the Python API, invalidation on any input change, safety when broken."""

from __future__ import annotations

import os
import re
import sqlite3
import time
from pathlib import Path

import pytest

import hrcli
from conftest import ok_json, run, topic_rows
from hrcli import cache, loader, store
from test_stream import HEADER as STREAM_HEADER


def cache_files(tmp):
    found = (tmp / "cache" / cache.CACHE_SUBDIR).glob("facts-*.sqlite")
    return sorted(p for p in found if re.fullmatch(cache._CACHE_NAME, p.name))


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


def test_cache_never_deletes_files_it_did_not_make(isolated):
    """A cache folder shared with the user's own files: a rebuild removes only hrcli's stale caches."""
    folder = isolated / "cache"
    folder.mkdir()
    mine = folder / "facts-2024.sqlite"
    mine.write_bytes(b"the user's own database")
    lookalike = folder / cache.CACHE_SUBDIR / "facts-notes.sqlite"
    lookalike.parent.mkdir()
    lookalike.write_bytes(b"also not hrcli's")
    ok_json("sources")
    facts = isolated / "data" / "facts"
    facts.mkdir(parents=True)
    (facts / "mine.toml").write_text("schema = 1\n", encoding="utf-8")  # a new input: a rebuild, old cache goes
    ok_json("sources")
    assert mine.read_bytes() == b"the user's own database"
    assert lookalike.read_bytes() == b"also not hrcli's"
    assert len(cache_files(isolated)) == 1


def test_same_size_and_mtime_edit_is_never_served_stale(isolated):
    facts = isolated / "data" / "facts"
    facts.mkdir(parents=True)
    f = facts / "mine.toml"
    rec = '[[events]]\nid="m1"\ndate="2024"\nsummary="{}"\nsource="gov-2011"\nlocator="para. 1"\n'
    f.write_text(rec.format("first"), encoding="utf-8")
    before = f.stat()
    assert ok_json("show", "m1")[0]["summary"] == "first"
    f.write_text(rec.format("again"), encoding="utf-8")  # same size
    os.utime(f, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the old mtime put back
    assert ok_json("show", "m1")[0]["summary"] == "again"


def test_a_fifo_or_link_at_the_cache_path_never_blocks_or_is_followed(isolated):
    ok_json("sources")
    (f,) = cache_files(isolated)
    f.unlink()
    os.mkfifo(f)  # opening this for reading would wait for a writer forever
    assert len(ok_json("sources")) == 5  # returns (a blocked open would hang the test)
    (f,) = cache_files(isolated)
    assert f.is_file() and not f.is_symlink()
    target = isolated / "elsewhere.sqlite"
    target.write_bytes(b"not to be touched")
    f.unlink()
    f.symlink_to(target)
    target.chmod(0o600)
    old = os.umask(0o022)
    try:
        assert len(ok_json("sources")) == 5
    finally:
        os.umask(old)
    assert target.read_bytes() == b"not to be touched"
    assert not f.is_symlink()
    # a new file's mode under the umask, not the mode of what stood at the name
    assert f.stat().st_mode & 0o777 == 0o644


def test_cache_files_honour_the_umask(isolated):
    old = os.umask(0o022)
    try:
        ok_json("sources")
    finally:
        os.umask(old)
    assert cache_files(isolated)[0].stat().st_mode & 0o777 == 0o644


def test_fold():
    assert store.fold("Izsák ÉLAN") == "izsak elan"


def test_a_query_is_a_value_the_api_never_changes():
    """count() and recommendations() ask for a variant of the caller's Query (no limit; a cycle, response or
    State) with Query.replace: the caller's Query is the same after, and cannot be changed in place."""
    import pytest

    base = hrcli.load()
    q = store.Query(topic="Asylum", limit=2)
    before = repr(q)
    every = base.count(("events",), q)
    assert every > 2 == len(base.facts(("events",), q))  # the count ignores the limit, the listing keeps it
    assert repr(q) == before and q.limit == 2
    upr = store.Query(limit=1)
    assert base.recommendations(upr, cycle=2, response="Supported", state="Germany") == []
    assert (upr.cycle, upr.response, upr.state, upr.limit) == (None, None, None, 1)
    for name in ("limit", "topic", "other"):
        with pytest.raises(AttributeError, match="frozen"):
            setattr(q, name, None)
        with pytest.raises(AttributeError, match="frozen"):
            delattr(q, name)
    assert repr(q) == before
    # a variant is shaped like a new Query: the same compared forms, whatever the words given
    variant = q.replace(body="torture", response="Supported")
    assert (variant.body, variant.response, variant.topic, variant.limit) == ("CAT", "accepted", "asylum", 2)
    assert q.replace() == q and hash(q.replace()) == hash(q) and q.replace(limit=3) != q
    assert q != repr(q) and store.Query(topic="asylum", limit=2) == q
    with pytest.raises(TypeError):
        q.replace(nothing=1)


# -- issue 14, written against mutants that survived the suite -----------------------------------------------------


def _tamper(isolated, column_update: str) -> None:
    """Plant a visible lie in the cache, and change one piece of its meta data."""
    (f,) = (isolated / "cache" / cache.CACHE_SUBDIR).glob("facts-*.sqlite")
    con = sqlite3.connect(f)
    con.execute("UPDATE records SET json = json_set(json, '$.title', 'TAMPERED') WHERE kind = 'sources'")
    con.execute(column_update)
    con.commit()
    con.close()


@pytest.mark.parametrize(
    "update",
    ["UPDATE meta SET v = 'someone else' WHERE k = 'key'", "UPDATE meta SET v = 'an old format' WHERE k = 'format'"],
)
def test_cache_with_a_wrong_key_or_format_is_never_served(isolated, update):
    ok_json("sources")
    _tamper(isolated, update)
    assert not any(s["title"] == "TAMPERED" for s in ok_json("sources"))


def test_cache_with_the_right_key_and_format_is_served(isolated):
    """The other half of the two tests above: the planted lie is seen when nothing else changed."""
    ok_json("sources")
    _tamper(isolated, "SELECT 1")
    assert all(s["title"] == "TAMPERED" for s in ok_json("sources"))


@pytest.mark.parametrize("field", ["st_size", "st_mtime_ns", "st_ctime_ns", "st_ino"])
def test_cache_key_changes_with_each_part_of_an_inputs_stamp(monkeypatch, field):
    """Each of size, mtime, ctime and inode alone moves the key (a real edit moves several at once)."""
    files = loader.inputs(user=False)
    before = cache._key(files)
    real = Path.stat

    class Moved:
        def __init__(self, st):
            self._st = st

        def __getattr__(self, name):
            value = getattr(self._st, name)
            return value + 1 if name == field else value

    monkeypatch.setattr(Path, "stat", lambda self, **kw: Moved(real(self, **kw)))
    assert cache._key(files) != before


def test_changed_shaping_code_changes_the_cache_key(tmp_path):
    """The stamp of the code that shapes cached rows is in the key: a changed date rule rebuilds the cache."""
    import shutil

    here = Path(cache.__file__).parent
    for name in cache._SHAPING:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(here / name, tmp_path / name)
    assert "edtf.py" in cache._SHAPING and "validate/__init__.py" in cache._SHAPING
    before = cache._code_stamp(tmp_path)
    assert before == cache._code_stamp() and before in cache._key(loader.inputs(user=False)).splitlines()
    edtf = tmp_path / "edtf.py"
    edtf.write_text(edtf.read_text(encoding="utf-8").replace('lo[:4] + "-12-31"', 'lo[:4] + "-06-30"'))
    assert cache._code_stamp(tmp_path) != before


def test_python_api_counts_every_match_whatever_the_limit_and_reads_names_in_any_case():
    from hrcli import load
    from hrcli.store import Filters

    base = load()
    every = base.count(("events",), Filters(topic="asylum"))
    assert every > 3
    assert base.count(("events",), Filters(topic="asylum", limit=2)) == every
    assert len(base.facts(("events",), Filters(topic="asylum", limit=2))) == 2
    lower = [e.id for e in base.events(topic="asylum", source="unct-2009", status="done")]
    assert lower and [e.id for e in base.events(topic="ASYLUM", source="UNCT-2009", status="Done")] == lower


# -- issue 19.6, hand mutants of the streaming import --------------------------------------------------------------


def test_every_record_is_served_whatever_the_cache_batch(isolated, monkeypatch):
    from hrcli import cache

    ev = isolated / "ev.csv"
    ev.write_text(STREAM_HEADER + topic_rows(20, ids=True), encoding="utf-8")
    assert run("import", str(ev)).code == 0
    no_cache = {"HRCLI_NO_CACHE": "1"}
    whole = run("export", "--format", "json", env=no_cache)
    monkeypatch.setattr(cache, "BATCH", 7)  # the bundled base and the import each cross several batches
    batched = run("export", "--format", "json", env=no_cache)
    assert batched.code == whole.code == 0 and batched.json() == whole.json()
    assert len(run("timeline", "--origin", "user", "--json", env=no_cache).json()) == 20


def test_bundled_committee_codes_keep_their_names(isolated):
    from hrcli import vocab

    bodies = store.load(user=False).bodies()
    used = {r.body for rs in store.load(user=False).all().values() for r in rs if getattr(r, "body", None)}
    assert used and all(bodies[b] == vocab.BODIES[b][0] for b in used)
