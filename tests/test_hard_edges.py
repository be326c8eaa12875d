"""Issue 12, hard edges: nothing a user, a file or a shell can do breaks hrcli or whoever reads its output."""

from __future__ import annotations

import os
import tomllib

import pytest
import tomli_w

from conftest import SHARED, examples, ok_json, run

HAND = '[[events]]\nid = "hand-1"\ndate = "2024"\nsummary = "Noted by hand"\nsource = "my-src"\nlocator = "p. 2"\n'


def facts_dir(tmp):
    return tmp / "data" / "facts"


def add_source(sid="my-src"):
    return run("add", "source", "--id", sid, "--title", "HRC report 2023", "--date", "2023-05", "--voice", "other")


def test_removing_a_source_cited_by_a_hand_written_file_is_refused(isolated):
    assert add_source().code == 0
    (facts_dir(isolated) / "notes.toml").write_text(HAND, encoding="utf-8")
    (isolated / "rows.csv").write_text("id,date,summary,source,locator\nimp-1,2024,s,my-src,p. 1\n", encoding="utf-8")
    assert run("import", str(isolated / "rows.csv")).code == 0
    before = (facts_dir(isolated) / "user.toml").read_bytes()
    r = run("remove", "my-src")
    assert r.code == 2 and "hand-1 (notes.toml)" in r.stderr and "still cited" in r.stderr
    assert "imp-1 (import-rows-csv-" in r.stderr
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
    (isolated / "rows.csv").write_text("date,summary,source,locator\n2024,s,gov-2011,p. 1\n", encoding="utf-8")
    with _umask(0o022):
        assert add_source().code == 0
        assert run("import", str(isolated / "rows.csv")).code == 0
        assert run("config", "set", "format", "json").code == 0
        assert run("export", "--format", "json", str(isolated / "out.json")).code == 0
        assert run("export", "--format", "sqlite", str(isolated / "out.db")).code == 0
    made = [facts_dir(isolated) / "user.toml", isolated / "config" / "config.toml", isolated / "out.json"]
    made += list(facts_dir(isolated).glob("import-*.json"))
    assert len(made) == 4
    for f in made:
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


# -- stdout and stderr that cannot take output ------------------------------------------------------


def _hrcli(args, isolated, timeout=60, **kw):
    """hrcli in its own process (descriptors, encodings and limits are per process)."""
    import subprocess
    import sys

    env = {
        **os.environ,
        "HRCLI_DATA_DIR": str(isolated / "data"),
        "HRCLI_CACHE_DIR": str(isolated / "cache"),
        "HRCLI_CONFIG_DIR": str(isolated / "config"),
        **kw.pop("env", {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "hrcli", *args], env=env, timeout=timeout, capture_output="stdout" not in kw, **kw
    )


def _closed(fds):
    def close():
        for fd in fds:
            os.close(fd)

    return close


@pytest.mark.parametrize("args", [("timeline",), ("timeline", "--json"), ("stats", "asylum"), ("--help",)])
def test_closed_or_full_stdout_is_one_line_and_exit_1(isolated, args):
    import subprocess

    closed = _hrcli(args, isolated, stdout=None, stderr=subprocess.PIPE, preexec_fn=_closed([1]))
    assert closed.returncode == 1 and closed.stderr.decode().count("\n") == 1, closed
    assert b"Traceback" not in closed.stderr and b"cannot write output" in closed.stderr
    with open("/dev/full", "wb") as full:  # opened for writing only: every write fails with ENOSPC
        r = _hrcli(args, isolated, stdout=full, stderr=subprocess.PIPE)
    assert r.returncode == 1 and b"No space left" in r.stderr and r.stderr.count(b"\n") == 1, r
    both = _hrcli(args, isolated, stdout=None, stderr=None, preexec_fn=_closed([1, 2]))
    assert both.returncode == 1


def test_full_stderr_with_good_stdout_still_gives_the_data(isolated):
    import subprocess

    with open("/dev/full", "wb") as full:
        r = _hrcli(("treaty", "CAT", "--json"), isolated, stdout=subprocess.PIPE, stderr=full)
    assert r.returncode == 0 and any(row["body"] == "CAT" for row in __import__("json").loads(r.stdout))


def test_work_done_exits_0_even_if_the_confirmation_cannot_be_printed(isolated):
    import subprocess

    assert add_source().code == 0
    add = ("add", "event", "--date", "2025", "--summary", "once", "--source", "my-src", "--locator", "p")
    closed = _hrcli(add, isolated, stdout=None, stderr=subprocess.PIPE, preexec_fn=_closed([1]))
    assert closed.returncode == 0 and b"could not print the id" in closed.stderr, closed
    with open("/dev/full", "wb") as full:
        add2 = ("add", "source", "--id", "s2", "--title", "T", "--date", "2023")
        r = _hrcli(add2, isolated, stdout=full, stderr=subprocess.PIPE)
    assert r.returncode == 0 and b"could not print the id" in r.stderr, r
    assert [e["summary"] for e in ok_json("timeline", "--from", "2025")] == ["once"]
    assert "s2" in {s["id"] for s in ok_json("sources")}


def test_latin1_output_keeps_json_exact_and_says_what_else_cannot_be_shown(isolated):
    import json

    env = {"PYTHONIOENCODING": "latin-1"}
    r = _hrcli(("search", "izsak", "--json"), isolated, env=env)
    assert r.returncode == 0 and r.stdout.isascii()  # \u escapes: exact values in any encoding
    utf8 = _hrcli(("search", "izsak", "--json"), isolated)
    assert json.loads(r.stdout.decode("latin-1")) == json.loads(utf8.stdout)
    timeline = _hrcli(("timeline", "--json"), isolated, env=env)
    assert timeline.returncode == 0 and json.loads(timeline.stdout.decode("latin-1"))
    csv_out = _hrcli(("timeline", "--format", "csv"), isolated, env=env)
    assert csv_out.returncode == 1 and b"PYTHONIOENCODING=utf-8" in csv_out.stderr
    assert b"Traceback" not in csv_out.stderr and b"internal error" not in csv_out.stderr


# -- input files: bounded, regular, parseable, nameable ----------------------------------------------


def _one_line_exit_1(r, needle, name=None):
    assert r.code == 1, r
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert needle in r.stderr, r.stderr
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr
    if name:
        assert name in r.stderr


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("a = " + "[" * 50000, "nested too deeply"),
        ("x = 1" + "0" * 5000, "4300 digits"),
        (
            '[[stats]]\nid="b"\ntopic="asylum"\ntable="t"\nlabel="l"\nunit="u"\nsource="gov-2011"\nlocator="para. 1"\n'
            "value = 18446744073709551616\n",
            "between -2**63 and 2**63",
        ),
        (
            '[[stats]]\nid="b"\ntopic="asylum"\ntable="t"\nlabel="l"\nunit="u"\nsource="gov-2011"\nlocator="para. 1"\n'
            "value = inf\n",
            "must be finite",
        ),
        ('[[events]]\nid="e"\ndate="٢٠٢٣"\nsummary="s"\nsource="gov-2011"\nlocator="para. 1"\n', "not an EDTF date"),
        ("schema = 1\x00\x01\x02", "binary data"),
        ("schema = 1\n# \xff\n", "not UTF-8"),
    ],
)
def test_hostile_fact_files_are_one_line_naming_the_file(isolated, text, needle):
    facts_dir(isolated).mkdir(parents=True)
    (facts_dir(isolated) / "bad.toml").write_bytes(
        text.encode("utf-8", "surrogateescape").replace(b"\xc3\xbf", b"\xff")
    )
    for args in (("timeline", "--json"), ("search", "x")):
        _one_line_exit_1(run(*args), needle, "bad.toml")
    assert run("validate").code == 1


def test_oversized_and_non_regular_inputs_are_refused_before_reading(isolated):
    facts_dir(isolated).mkdir(parents=True)
    big = facts_dir(isolated) / "big.toml"
    with open(big, "wb") as fh:  # sparse: 257 MiB of size, no disk used
        fh.truncate(257 * 1024 * 1024)
    _one_line_exit_1(run("timeline"), "limit of 256 MiB", "big.toml")
    big.unlink()
    (facts_dir(isolated) / "dir.toml").mkdir()
    _one_line_exit_1(run("timeline"), "it is a folder", "dir.toml")
    (facts_dir(isolated) / "dir.toml").rmdir()
    (facts_dir(isolated) / "gone.toml").symlink_to(isolated / "nowhere.toml")
    _one_line_exit_1(run("timeline"), "dangling link", "gone.toml")
    (facts_dir(isolated) / "gone.toml").unlink()
    (facts_dir(isolated) / ".#user.toml").symlink_to("root@host.1234")  # an editor's lock link: not a fact file
    assert run("timeline", "--json").code == 0


def test_validate_dev_zero_is_refused_without_reading(isolated):
    import resource

    def small_memory():
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # old code read /dev/zero until memory ran out

    r = _hrcli(("validate", "/dev/zero"), isolated, preexec_fn=small_memory, timeout=120)
    assert r.returncode == 1 and b"/dev/zero" in r.stdout and b"device" in r.stdout, r


def test_a_fifo_as_a_fact_file_never_blocks(isolated):
    facts_dir(isolated).mkdir(parents=True)
    os.mkfifo(facts_dir(isolated) / "user.toml")
    add = _hrcli(("add", "source", "--id", "x1", "--title", "T", "--date", "2023"), isolated, timeout=60)
    assert add.returncode == 1 and b"FIFO" in add.stderr and add.stderr.count(b"\n") == 1, add
    tl = _hrcli(("timeline", "--json"), isolated, timeout=60)
    assert tl.returncode == 1 and b"FIFO" in tl.stderr
    os.mkfifo(isolated / "other.toml")
    v = _hrcli(("validate", str(isolated / "other.toml")), isolated, timeout=60)
    assert v.returncode == 1 and b"FIFO" in v.stdout


def test_a_fact_file_name_that_is_not_utf8_still_works(isolated):
    folder = os.fsencode(facts_dir(isolated))
    os.makedirs(folder)
    name = os.path.join(folder, b"notes-\xff.toml")
    with open(name, "wb") as fh:
        fh.write(HAND.replace('"my-src"', '"gov-2011"').encode())
    assert [e["id"] for e in ok_json("timeline", "--from", "2024")] == ["hand-1"]
    assert run("timeline", "--from", "2024").code == 0
    with open(name, "ab") as fh:
        fh.write(b"x = [\n")
    r = run("validate")
    assert r.code == 1 and "notes-\ufffd.toml" in r.stdout, r
    _one_line_exit_1(run("timeline", "--json"), "not valid TOML", "notes-\ufffd.toml")


def test_an_unreadable_facts_folder_is_reported_not_hidden(isolated, monkeypatch):
    assert add_source().code == 0
    real_scandir = os.scandir

    def denied(path="."):
        if os.fspath(path) == os.fspath(facts_dir(isolated)):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", denied)
    for args in (("search", "HRC report"), ("validate",), ("timeline",)):
        _one_line_exit_1(run(*args), "Permission denied", "facts")


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions (the test above fakes the denial)")
def test_an_unreadable_facts_folder_is_reported_for_real(isolated):
    assert add_source().code == 0
    facts_dir(isolated).chmod(0o300)  # can write, cannot list
    try:
        _one_line_exit_1(run("search", "HRC report"), "Permission denied", "facts")
        assert run("validate").code == 1
    finally:
        facts_dir(isolated).chmod(0o700)


def test_a_facts_path_that_is_a_file_is_reported(isolated, monkeypatch):
    (isolated / "data").mkdir()
    (isolated / "data" / "facts").write_text("not a folder")
    for args in (
        ("timeline", "--json"),
        ("search", "izsak", "--json"),
    ):  # reading goes on with the bundled facts, but says so
        r = run(*args)
        assert r.code == 0 and r.json() and "is not a folder" in r.stderr, r
    monkeypatch.setenv("HRCLI_DATA_DIR", str(isolated / "data" / "facts"))  # the variable names a file
    r = run("search", "izsak", "--json")
    assert r.code == 0 and r.json() and "is not a folder" in r.stderr and "facts" in r.stderr


def test_empty_environment_variables_count_as_unset(isolated, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(isolated / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(isolated / "xdg-config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(isolated / "xdg-cache"))
    for var in ("HRCLI_DATA_DIR", "HRCLI_CONFIG_DIR", "HRCLI_CACHE_DIR", "HRCLI_FORMAT", "HRCLI_NO_CACHE", "NO_COLOR"):
        monkeypatch.setenv(var, "")
    r = run("treaty", "CAT", "--format", "csv")
    assert r.code == 0 and r.stdout.startswith("id,"), r
    assert add_source().code == 0
    assert (isolated / "xdg-data" / "hrcli" / "facts" / "user.toml").is_file()
    assert list((isolated / "xdg-cache" / "hrcli").rglob("facts-*.sqlite"))  # cache used: empty NO_COLOR/NO_CACHE
    assert run("timeline", "--limit", "1").code == 0


def test_a_cache_dir_variable_naming_a_file_is_reported(isolated, monkeypatch):
    (isolated / "afile").write_text("x")
    monkeypatch.setenv("HRCLI_CACHE_DIR", str(isolated / "afile"))
    r = run("treaty", "CAT", "--json")
    assert r.code == 0 and r.json()  # still works, from memory
    assert "HRCLI_CACHE_DIR" in r.stderr and "not a folder" in r.stderr
    assert (isolated / "afile").read_text() == "x"


def test_long_text_is_cut_in_tables_and_whole_in_show(isolated):
    facts_dir(isolated).mkdir(parents=True)
    long = "word " * 20000
    (facts_dir(isolated) / "long.toml").write_text(
        HAND.replace('"Noted by hand"', f'"{long}"').replace('"my-src"', '"gov-2011"'), encoding="utf-8"
    )
    table = run("timeline", "--from", "2024")
    flat = " ".join(table.stdout.split())  # the note may wrap
    assert table.code == 0 and "more characters: see 'hrcli show ID' or --json" in flat
    assert table.stdout.count("word") < 1000
    shown = run("show", "hand-1")
    assert shown.code == 0 and long.strip() in shown.stdout  # every character, unwrapped
    assert ok_json("show", "hand-1")[0]["summary"] == long


# -- property tests: whatever the arguments, environment or files, exit 0/1/2/130 and never a traceback ------

WORDS = [
    *("timeline", "treaty", "invitations", "upr", "stats", "sources", "conflicts", "search", "show"),
    *("add", "source", "event", "remove", "validate", "config", "set", "get", "unset", "list", "path", "export"),
    *("--format", "-f", "json", "jsonl", "csv", "md", "table", "toml", "sqlite", "--json", "--csv-raw", "--force"),
    *("--from", "--to", "2010", "²⁰¹⁰", "--id", "--title", "--date", "--summary", "--source", "--locator", "x"),
    *("my-src", "gov-2011", "CAT", "asylum", "out.json", "out.db", "-", "--", "--limit", "0", "format", "color"),
    *("=1+1", "@x", "\x1b]0;t\x07", "<script>", "--body", "--topic", "--voice", "other", "2023-05", "notes.toml"),
    *("import", "rows.csv", "bad.csv", "rows.json", "--kind", "events", "stats", "--dry-run", "--list", "--import"),
    *("--map", "Text=summary", "--set", "mechanism=upr", "--replace", "html", "pipe.csv", "--metadata", "m.json"),
    *("quote", "show", "--passage", "unct-2009", "gov-2014", "para. 22", "paras. 21-22", "fn. a", "UPR, bullet 9"),
    *("sources", "link", "g11-upr1-accepted", "conflict-upr1-accepted", "para. 0", "Annex, para. 99"),
]


def _fuzz_files(folder):
    """Files the fuzzed arguments name: a good and a bad import, and a FIFO (which must never block)."""
    (folder / "rows.csv").write_text("date,summary,source,locator\n2024,=cmd,gov-2011,para. 1\n", encoding="utf-8")
    (folder / "bad.csv").write_bytes(b"date,summary\n\xff\x00,\n")
    (folder / "rows.json").write_text('[{"date": "2024", "summary": "s", "source": "gov-2011", "locator": "p"}]')
    (folder / "notes.toml").write_text(HAND.replace('"my-src"', '"gov-2011"'), encoding="utf-8")
    if not (folder / "pipe.csv").exists():
        os.mkfifo(folder / "pipe.csv")


def _fuzz_args():
    from hypothesis import strategies as st

    return st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=10)), max_size=8)


def test_random_arguments_to_every_command_never_crash(isolated, monkeypatch):
    from hypothesis import HealthCheck, given, settings

    monkeypatch.chdir(isolated)  # export, import and validate take paths: keep whatever they touch in here
    _fuzz_files(isolated)
    # quote and show --passage read the texts: give them the real ones (sources link writes config only)
    monkeypatch.setenv("HRCLI_SOURCES_DIR", str(SHARED / "sources"))

    @given(_fuzz_args())
    @settings(max_examples=examples(150), deadline=None, suppress_health_check=list(HealthCheck))
    def check(args):
        r = run(*args)
        assert r.code in (0, 1, 2, 130), (args, r)
        assert "Traceback" not in r.stderr and "internal error" not in r.stderr, (args, r.stderr)

    check()


def test_random_environments_never_crash(isolated, monkeypatch):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    monkeypatch.chdir(isolated)
    (isolated / "afile").write_text("x")
    monkeypatch.setenv("XDG_DATA_HOME", str(isolated / "xdg"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(isolated / "xdg"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(isolated / "xdg"))
    values = st.sampled_from(["", str(isolated / "afile"), str(isolated / "afile" / "sub"), str(isolated), "json", "1"])
    names = ("HRCLI_DATA_DIR", "HRCLI_CONFIG_DIR", "HRCLI_CACHE_DIR", "HRCLI_FORMAT", "HRCLI_NO_CACHE", "COLUMNS")
    commands = st.sampled_from([["timeline"], ["search", "izsak"], ["config", "list"], ["validate"], ["stats", "upr"]])

    @given(st.dictionaries(st.sampled_from(names), values), commands)
    @settings(max_examples=examples(60), deadline=None, suppress_health_check=list(HealthCheck))
    def check(env, args):
        r = run(*args, env=env)
        assert r.code in (0, 1, 2), (env, args, r)
        assert "Traceback" not in r.stderr and "internal error" not in r.stderr, (env, args, r.stderr)

    check()


def test_random_bytes_as_fact_files_never_crash(isolated):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    facts_dir(isolated).mkdir(parents=True)
    toml_like = st.builds(
        lambda a, b: (a + b).encode("utf-8", "surrogatepass"),
        st.sampled_from(["[[events]]\n", "x = ", "a = [", "schema = 1\n", "[[stats]]\nvalue = 1e999\n", "v = 0x"]),
        st.text(max_size=40),
    )

    @given(st.one_of(st.binary(max_size=300), toml_like, st.integers(1, 3000).map(lambda n: b"a=" + b"{b=" * n)))
    @settings(max_examples=examples(80), deadline=None, suppress_health_check=list(HealthCheck))
    def check(data):
        (facts_dir(isolated) / "fuzz.toml").write_bytes(data)
        for args in (("timeline", "--json"), ("validate",), ("export", "--format", "csv"), ("remove", "x")):
            r = run(*args)
            assert r.code in (0, 1, 2), (data, args, r)
            assert "Traceback" not in r.stderr and "internal error" not in r.stderr, (data, args, r.stderr)
        (facts_dir(isolated) / "fuzz.toml").unlink()
        for name in ("in.csv", "in.tsv", "in.json", "in.jsonl", "in.xlsx"):  # the same bytes as an import
            (isolated / name).write_bytes(data)
            r = run("import", str(isolated / name), "--dry-run")
            assert r.code in (0, 1, 2), (data, name, r)
            assert "Traceback" not in r.stderr and "internal error" not in r.stderr, (data, name, r.stderr)

    check()


# -- concurrency: parallel adds, and a writer killed mid-write ------------------------------------------------


@pytest.mark.slow
def test_parallel_adds_and_imports_with_sigkill_leave_every_file_parseable(isolated):
    import json
    import random
    import signal
    import subprocess
    import sys

    assert add_source().code == 0
    env = {**os.environ, "HRCLI_DATA_DIR": str(isolated / "data"), "HRCLI_CACHE_DIR": str(isolated / "cache")}
    rng = random.Random(12)
    procs = []
    for n in range(12):
        if n % 2:
            args = ["add", "event", "--date", "2025", "--summary", f"event {n}", "--source", "my-src", "--locator", "p"]
        else:
            rows = "".join(f"2025,event {n} row {k},my-src,p. {k}\n" for k in range(200))
            (isolated / f"batch{n}.csv").write_text("date,summary,source,locator\n" + rows, encoding="utf-8")
            args = ["import", str(isolated / f"batch{n}.csv")]
        procs.append(
            subprocess.Popen(
                [sys.executable, "-m", "hrcli", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
        )
    killed = set()
    for n, p in enumerate(procs):
        if n % 3 == 0:
            import time

            time.sleep(rng.uniform(0.05, 0.4))
            p.send_signal(signal.SIGKILL)
            killed.add(n)
    codes = {n: p.wait(timeout=120) for n, p in enumerate(procs)}
    for p in procs:
        p.communicate()
    data = tomllib.loads((facts_dir(isolated) / "user.toml").read_text(encoding="utf-8"))
    landed = {e["summary"] for e in data.get("events", [])}
    for f in facts_dir(isolated).glob("import-*.json"):  # every file parses
        landed |= {e["summary"] for e in json.loads(f.read_text(encoding="utf-8")).get("events", [])}
    for n, c in codes.items():  # every completed write is there, whole
        if c == 0:
            want = {f"event {n}"} if n % 2 else {f"event {n} row {k}" for k in range(200)}
            assert want <= landed, n
        elif n % 2 == 0:  # a killed import is all or nothing
            assert not any(x.startswith(f"event {n} row ") for x in landed) or all(
                f"event {n} row {k}" in landed for k in range(200)
            ), n
    assert all(c == 0 for n, c in codes.items() if n not in killed), codes
    assert run("validate").code == 0
    for f in facts_dir(isolated).iterdir():  # a killed writer leaves at most a hidden temporary file
        assert f.name.startswith(".") or f.name == "user.toml" or f.name.startswith("import-batch"), f


# -- issue 23: property tests over the newer inputs (locators, nested TOML settings, workbook structure) -------


def _locator_strings():
    """Locators as a user might mistype them: the right words, any digits (Unicode ones too), long numbers."""
    from hypothesis import strategies as st

    digits = st.sampled_from(["1", "2", "3", "²", "³", "١", "٣", "߁", "๑", "Ⅻ", "½", "0", "00", "9" * 40])
    number = st.one_of(st.integers(-5, 30).map(str), digits, st.lists(digits, min_size=1, max_size=4).map("".join))
    words = st.sampled_from(["para.", "paras.", "bullet", "fn.", "Annex,", "UPR,", "-", "–", ",", " ", "a", "ab"])
    kind = st.sampled_from(["para. ", "paras. ", "para.", "Para ", "paras ", "fn. ", "bullet "])
    dash = st.sampled_from(["-", "–", " - ", "-", "--"])
    well_formed = st.one_of(  # mostly the grammar's own shape, so the numbers are what is tested
        st.builds(lambda k, a: k + a, kind, number),
        st.builds(lambda k, a, d, b: k + a + d + b, kind, number, dash, number),
    )
    return st.one_of(well_formed, st.lists(st.one_of(words, number, st.text(max_size=3)), max_size=6).map(" ".join))


def test_random_locators_on_a_users_own_text_never_crash(isolated, monkeypatch):
    """Any locator: the passage, or one line and exit 2; a number that is not 1-4 ASCII digits never resolves."""
    import re

    from hypothesis import HealthCheck, example, given, settings

    monkeypatch.delenv("HRCLI_SOURCES_DIR", raising=False)
    facts_dir(isolated).mkdir(parents=True)
    (facts_dir(isolated) / "t.txt").write_text("\n\n".join(f"Paragraph {n}." for n in range(1, 31)) + "\n")
    (facts_dir(isolated) / "mine.toml").write_text(
        '[[sources]]\nid = "mine"\ntitle = "T"\ndate = "2023"\nkind = "report"\nissuer = "me"\nvoice = "other"\n'
        'cite = "para. N"\nfile = "t.txt"\n',
        encoding="utf-8",
    )

    @given(_locator_strings())
    @example("paras. ²-³").via("issue 23")  # the red team's cases, whatever the profile draws
    @example("paras. ١-٣").via("issue 23")
    @example("paras. 1-" + "9" * 5000).via("issue 23")
    @settings(max_examples=examples(150), deadline=None, suppress_health_check=list(HealthCheck))
    def check(loc):
        r = run("quote", "mine", loc, "--json")
        assert r.code in (0, 2), (loc, r)
        assert "Traceback" not in r.stderr and "internal error" not in r.stderr, (loc, r.stderr)
        if r.code == 0:
            nums = re.findall(r"\d+", loc)
            assert nums and all(n.isascii() and len(n) <= 4 for n in nums), (loc, r.stdout)
            assert r.json()[0]["passage"].startswith("Paragraph ")
        else:
            assert len(r.stderr.strip().splitlines()) == 1, r.stderr

    check()


def _nested_toml():
    """TOML of arrays and inline tables nested from 1 to 3,000 deep, some of it valid settings."""
    from hypothesis import strategies as st

    def nest(depth, opener, closer, inner):
        return opener * depth + inner + closer * depth

    kinds = st.sampled_from([("[", "]"), ("{a = ", "}"), ("[{b = ", "}]")])
    value = st.builds(
        lambda d, k, inner: nest(d, k[0], k[1], inner),
        st.integers(0, 3000),
        kinds,
        st.sampled_from(['"json"', "1", "", '"x"', "9" * 5000]),
    )
    key = st.sampled_from(["format", "color", "dir", "x"])
    return st.lists(st.builds(lambda k, v: f"{k} = {v}\n", key, value), min_size=1, max_size=3).map("".join)


def test_random_nested_config_files_never_crash(isolated):
    from hypothesis import HealthCheck, given, settings

    cfg = isolated / "config" / "config.toml"
    cfg.parent.mkdir(parents=True)

    @given(_nested_toml())
    @settings(max_examples=examples(60), deadline=None, suppress_health_check=list(HealthCheck))
    def check(text):
        cfg.write_text(text, encoding="utf-8")
        for args in (("config", "list", "--json"), ("timeline", "--limit", "1"), ("config", "set", "color", "never")):
            r = run(*args)
            assert r.code in (0, 1), (text[:80], args, r)
            assert "Traceback" not in r.stderr and "internal error" not in r.stderr, (text[:80], args, r.stderr)
            if r.code == 1:
                assert len(r.stderr.strip().splitlines()) == 1 and "config.toml" in r.stderr, r.stderr

    check()


def test_random_sources_toml_never_crashes(isolated):
    """sources.toml (written by 'sources link') holding random nesting, huge numbers or garbage: quote, show
    --passage and sources still answer in one line with a known exit code, never an internal error."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    link = isolated / "config" / "sources.toml"
    link.parent.mkdir(parents=True)
    text = st.one_of(_nested_toml(), st.text(max_size=200), st.builds(lambda d: f'dir = "{d}"\n', st.text(max_size=40)))

    @given(text)
    @settings(max_examples=examples(40), deadline=None, suppress_health_check=list(HealthCheck))
    def check(body):
        link.write_text(body, encoding="utf-8", errors="surrogatepass")
        for args in (("quote", "unct-2009", "para. 1"), ("sources", "--json")):
            r = run(*args)
            assert r.code in (0, 1, 2), (body[:80], args, r)
            assert "Traceback" not in r.stderr and "internal error" not in r.stderr, (body[:80], args, r.stderr)

    check()


def test_random_workbook_structure_never_crashes(isolated):
    """Sheets of random shape: row numbers and cell references out of range, shared-string indices that
    point nowhere, cell types and values of every kind. One line and exit 1 or 2, or an import."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from test_import_edges import SHEET, inline_row, rezip, workbook

    book = workbook([["date", "summary", "source", "locator"], ["2023", "first", "unct-2009", "para. 1"]])
    ref = st.one_of(
        st.builds(
            lambda c, n: f"{c}{n}",
            st.sampled_from(["A", "B", "D", "Z", "XFD", "XFE", "AAAA", ""]),
            st.sampled_from(["1", "2", "3", "1048576", "1048577", "2000000000", "0", "-1", "", "x"]),
        ),
        st.text(max_size=4),
    )
    ctype = st.sampled_from(["inlineStr", "s", "n", "b", "e", "str", "d", "", "zz"])
    text = st.one_of(
        st.sampled_from(["2023", "unct-2009", "para. 1", "0", "-1", "99", "1e999", "&amp;", "44927"]),
        st.text(alphabet=st.characters(codec="utf-8", exclude_characters="<&"), max_size=6),
    )

    def cell(r, t, v):
        body = f"<is><t>{v}</t></is>" if t == "inlineStr" else f"<v>{v}</v>"
        return f'<c r="{r}" t="{t}">{body}</c>'

    cells = st.lists(st.builds(cell, ref, ctype, text), max_size=5)
    rows = st.lists(
        st.builds(
            lambda n, cs: f'<row r="{n}">{"".join(cs)}</row>',
            st.sampled_from(["2", "3", "9", "1048577", "2000000000", "0", "", "two"]),
            cells,
        ),
        max_size=4,
    )

    @given(rows)
    @settings(max_examples=examples(60), deadline=None, suppress_health_check=list(HealthCheck))
    def check(body):
        sheet = SHEET.format(inline_row(1, "date", "summary", "source", "locator") + "".join(body))
        (isolated / "w.xlsx").write_bytes(rezip(book, {"xl/worksheets/sheet1.xml": sheet.encode("utf-8")}))
        r = run("import", str(isolated / "w.xlsx"), "--dry-run")
        assert r.code in (0, 1, 2), (body, r)
        assert "Traceback" not in r.stderr and "internal error" not in r.stderr, (body, r.stderr)

    check()
