"""Issue 12, hard edges: nothing a user, a file or a shell can do breaks hrcli or whoever reads its output."""

from __future__ import annotations

import tomllib

import tomli_w

from conftest import ok_json, run

HAND = '[[events]]\nid = "hand-1"\ndate = "2024"\nsummary = "Noted by hand"\nsource = "my-src"\nlocator = "p. 2"\n'


def facts_dir(tmp):
    return tmp / "data" / "facts"


def add_source(sid="my-src"):
    return run("add", "source", "--id", sid, "--title", "HRC report 2023", "--date", "2023-05", "--voice", "other")


def test_removing_a_source_cited_by_a_hand_written_file_is_refused(isolated):
    assert add_source().code == 0
    (facts_dir(isolated) / "notes.toml").write_text(HAND, encoding="utf-8")
    before = (facts_dir(isolated) / "user.toml").read_bytes()
    r = run("remove", "my-src")
    assert r.code == 2 and "hand-1 (notes.toml)" in r.stderr and "still cited" in r.stderr
    assert (facts_dir(isolated) / "user.toml").read_bytes() == before
    assert any(e["id"] == "hand-1" for e in ok_json("timeline", "--from", "2024"))


def test_a_missing_source_never_locks_the_user_out_of_the_repair(isolated):
    """If a cited source is gone anyway (hand edit, older hrcli), adding it back and removing records still work."""
    assert add_source().code == 0
    assert run("add", "event", "--date", "2023", "--summary", "x", "--source", "my-src", "--locator", "p").code == 0
    (facts_dir(isolated) / "notes.toml").write_text(HAND, encoding="utf-8")
    user = facts_dir(isolated) / "user.toml"
    data = tomllib.loads(user.read_text(encoding="utf-8"))
    del data["sources"]
    user.write_text(tomli_w.dumps(data), encoding="utf-8")
    broken = run("timeline")
    assert broken.code == 1 and "my-src" in broken.stderr
    assert run("remove", "u-2023-1").code == 0  # removing works while the base is broken
    assert run("remove", "no-such-id").code == 2
    r = add_source()
    assert r.code == 0, r.stderr  # and so does adding the missing source back
    assert {e["id"] for e in ok_json("timeline", "--from", "2024")} >= {"hand-1"}
