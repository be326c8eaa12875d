"""Issue 12, hard edges: nothing a user, a file or a shell can do breaks hrcli or whoever reads its output."""

from __future__ import annotations

import os
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
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md and "a\\|b" in md
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


def test_completion_descriptions_carry_no_escape_sequences(isolated):
    import subprocess
    import sys

    title = "Evil \x1b]0;pwned\x07 \x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\ \x9b31m"
    assert run("add", "source", "--id", "evil", "--title", title, "--date", "2023").code == 0
    for shell in ("zsh", "fish"):
        env = {
            **os.environ,
            "_HRCLI_COMPLETE": f"complete_{shell}",
            "_TYPER_COMPLETE_ARGS": "hrcli timeline --source ev",
            "_TYPER_COMPLETE_FISH_ACTION": "get-args",
        }
        r = subprocess.run([sys.executable, "-m", "hrcli"], capture_output=True, text=True, env=env, timeout=60)
        assert "evil" in r.stdout and "link" in r.stdout, (shell, r)
        assert "\x1b" not in r.stdout and "\x07" not in r.stdout and "\x9b" not in r.stdout, shell


def _umask(mask):
    import contextlib

    @contextlib.contextmanager
    def cm():
        old = os.umask(mask)
        try:
            yield
        finally:
            os.umask(old)

    return cm()


def test_files_hrcli_creates_honour_the_umask(isolated):
    with _umask(0o022):
        assert add_source().code == 0
        assert run("config", "set", "format", "json").code == 0
        assert run("export", "--format", "json", str(isolated / "out.json")).code == 0
        assert run("export", "--format", "sqlite", str(isolated / "out.db")).code == 0
    for f in (facts_dir(isolated) / "user.toml", isolated / "config" / "config.toml", isolated / "out.json"):
        assert f.stat().st_mode & 0o777 == 0o644, f
    assert (isolated / "out.db").stat().st_mode & 0o777 == 0o644
    with _umask(0o027):
        assert run("export", "--format", "csv", str(isolated / "team.csv")).code == 0
    assert (isolated / "team.csv").stat().st_mode & 0o777 == 0o640
    (isolated / "out.json").chmod(0o600)  # a replaced file keeps the mode its owner gave it
    assert run("export", "--force", str(isolated / "out.json")).code == 0
    assert (isolated / "out.json").stat().st_mode & 0o777 == 0o600


def test_a_symlinked_user_file_keeps_its_link(isolated):
    synced = isolated / "synced"
    synced.mkdir()
    facts_dir(isolated).mkdir(parents=True)
    (synced / "user.toml").write_text("schema = 1\n", encoding="utf-8")
    (facts_dir(isolated) / "user.toml").symlink_to(synced / "user.toml")
    assert add_source().code == 0
    assert (facts_dir(isolated) / "user.toml").is_symlink()
    assert "my-src" in (synced / "user.toml").read_text(encoding="utf-8")
    assert any(s["id"] == "my-src" for s in ok_json("sources"))


def test_export_never_replaces_a_device_fifo_or_folder(isolated):
    fifo = isolated / "pipe"
    os.mkfifo(fifo)
    to_device = isolated / "full-link"
    to_device.symlink_to("/dev/full")  # a link in our own folder: even old code could only replace the link
    folder = isolated / "folder"
    folder.mkdir()
    dangling = isolated / "dangling"
    dangling.symlink_to(isolated / "nowhere" / "x.json")
    for target in (fifo, to_device, folder, dangling):
        for fmt in ("json", "sqlite"):
            r = run("export", "--format", fmt, "--force", str(target))
            assert r.code == 1 and len(r.stderr.strip().splitlines()) == 1, (target, r)
            assert "not a regular file" in r.stderr or "link to nothing" in r.stderr, r.stderr
    assert fifo.is_fifo() and to_device.is_symlink() and folder.is_dir() and dangling.is_symlink()
    assert not [p for p in isolated.iterdir() if p.name.startswith(".hrcli-export-")]


def test_a_failed_export_leaves_no_temporary_file(isolated, monkeypatch):
    def refuse(*_a):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    for fmt in ("json", "sqlite", "csv"):
        r = run("export", "--format", fmt, str(isolated / f"out.{fmt}"))
        assert r.code == 1 and "No space left" in r.stderr, r
    monkeypatch.undo()
    assert not [p for p in isolated.iterdir() if p.name.startswith(".hrcli-export-") or p.name.startswith("out.")]
