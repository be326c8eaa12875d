"""The user's own facts, settings and exports, and every hard input: never lose, never corrupt, never crash."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
import tomllib

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import (
    HAND,
    add_events,
    add_source,
    events_workbook,
    examples,
    facts_dir,
    ok_json,
    run,
    topic_rows,
)
from test_stream import HEADER as STREAM_HEADER


def test_new_user_story(isolated):
    """Add a source and three events, see them everywhere, break the file, get a clear message, fix, go on."""
    assert add_source().code == 0
    ids = []
    for date, text in (
        ("2023-05-12", "Rapporteur report presented"),
        ("2024", "Second report"),
        ("2024-21", "Spring consultation"),
    ):
        r = run(
            "add",
            "event",
            "--date",
            date,
            "--summary",
            text,
            "--source",
            "my-src",
            "--locator",
            "para. 4",
            "--mechanism",
            "special-procedures",
            "--topic",
            "invitations",
        )
        assert r.code == 0, r.stderr
        ids.append(r.stdout.strip())
    assert ids == ["u-2023-05-12-1", "u-2024-1", "u-2024-21-1"]
    tl = {r["id"]: r for r in ok_json("timeline", "--from", "2023")}
    assert set(ids) <= set(tl) and tl["u-2024-1"]["origin"] == "user" and tl["u-2024-1"]["voice"] == "other"
    assert [r["id"] for r in ok_json("search", "rapporteur report presented")] == ["u-2023-05-12-1"]
    assert set(ids) <= {r["id"] for r in ok_json("invitations")}
    db = isolated / "out.db"
    assert run("export", "--format", "sqlite", str(db)).code == 0
    con = sqlite3.connect(db)
    assert {r[0] for r in con.execute("SELECT id FROM events WHERE origin = 'user'")} == set(ids)
    assert con.execute("SELECT voice FROM sources WHERE id = 'my-src'").fetchone() == ("other",)
    # break it by hand
    user = facts_dir(isolated) / "user.toml"
    good = user.read_text(encoding="utf-8")
    user.write_text(good.replace('date = "2024"', 'date = "2024'), encoding="utf-8")
    broken = run("timeline")
    assert broken.code == 1 and str(user) in broken.stderr and "line" in broken.stderr
    assert len(broken.stderr.strip().splitlines()) == 1 and "Traceback" not in broken.stderr
    v = run("validate")
    assert v.code == 1 and "not valid TOML" in v.stdout
    user.write_text(good, encoding="utf-8")
    assert run("timeline", "--json").code == 0


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--date", "2023-13"], "month 13"),
        (["--date", "spring 2023"], "not an EDTF date"),
        (["--date", "2024/2023"], "ends before it starts"),
        (["--source", "my-srx"], "did you mean 'my-src'"),
        (["--topic", "asylm"], "did you mean 'asylum'"),
        (["--body", "CATT"], "did you mean 'CAT'"),  # a near miss: own codes are allowed, typos are not
        (["--summary", ""], "empty"),
    ],
)
def test_bad_add_exits_2_and_leaves_files_byte_identical(isolated, args, needle):
    add_source()
    user = facts_dir(isolated) / "user.toml"
    before = user.read_bytes()
    base = {"--date": "2023", "--summary": "x", "--source": "my-src", "--locator": "p"}
    for k, v in zip(args[::2], args[1::2], strict=True):
        base[k] = v
    flat = [x for kv in base.items() for x in kv]
    if "--topic" in args:
        flat += ["--topic", args[args.index("--topic") + 1]]
    if "--body" in args:
        flat += ["--body", args[args.index("--body") + 1]]
    r = run("add", "event", *flat)
    assert r.code == 2, r
    assert needle in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert user.read_bytes() == before


def test_remove_only_user_records(isolated):
    add_source()
    run("add", "event", "--date", "2023", "--summary", "x", "--source", "my-src", "--locator", "p")
    r = run("remove", "g11-upr1-accepted")
    assert r.code == 2 and "read-only" in r.stderr
    assert run("remove", "my-src").code == 2  # still cited
    assert run("remove", "u-2023-1").code == 0
    assert run("show", "u-2023-1").code == 2
    assert run("remove", "my-src").code == 0
    assert run("remove", "nope-nope").code == 2


def test_validate_any_file_reports_every_problem(isolated):
    f = isolated / "notes.toml"
    f.write_text(
        '[[events]]\nid = "a"\ndate = "2020-13"\nsummary = "s"\nsource = "gov-2011"\nlocator = "p"\n\n'
        '[[events]]\nid = "b"\ndate = "2020"\nsummary = "s"\nsource = "nope"\nlocator = "p"\n'
        '[[stats]]\nid = "c"\ntopic = "asylum"\ntable = "t"\nlabel = "l"\nvalue = "x"\nunit = "u"\n'
        'source = "gov-2011"\nlocator = "p"\n',
        encoding="utf-8",
    )
    r = run("validate", str(f), "--json")
    assert r.code == 1
    probs = {p["record"]: p for p in r.json()}
    assert probs["a"]["line"] == 2 and probs["a"]["field"] == "date"
    assert probs["b"]["field"] == "source" and probs["c"]["field"] == "value"
    assert all(p["file"] == str(f) for p in probs.values())
    ok = isolated / "ok.toml"
    ok.write_text('[[events]]\nid = "a"\ndate = "2020"\nsummary = "s"\nsource = "gov-2011"\nlocator = "p"\n')
    assert run("validate", str(ok)).code == 0


def test_hard_inputs_give_one_line_and_exit_1(isolated):
    d = facts_dir(isolated)
    d.mkdir(parents=True)
    (d / "latin1.toml").write_bytes('[[events]]\nsummary = "caf\xe9"\n'.encode("latin-1"))
    r = run("timeline")
    assert r.code == 1 and "not UTF-8" in r.stderr and "latin1.toml" in r.stderr
    (d / "latin1.toml").unlink()
    (d / "bad.toml").write_text('[[events]]\nid = "x"\ndate = "2020"\n', encoding="utf-8")
    r = run("timeline")
    assert r.code == 1 and "record 'x' field 'summary': missing" in r.stderr
    (d / "bad.toml").unlink()
    cfg = isolated / "config" / "config.toml"
    cfg.parent.mkdir(parents=True)
    cfg.write_text("format = [", encoding="utf-8")
    r = run("sources")
    assert r.code == 1 and "config file is broken" in r.stderr and "Traceback" not in r.stderr
    cfg.write_text('format = "xml"', encoding="utf-8")
    assert run("sources").code == 1
    cfg.unlink()


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_data_dir(isolated):
    d = isolated / "data"
    d.mkdir()
    d.chmod(0o500)
    try:
        r = run("add", "source", "--id", "s", "--title", "t", "--date", "2020")
        assert r.code == 1 and "cannot" in r.stderr
        assert run("timeline", "--json").code == 0
    finally:
        d.chmod(0o700)


def test_unusable_data_dir_is_one_line(isolated, monkeypatch):
    blocker = isolated / "file"
    blocker.write_text("x")
    monkeypatch.setenv("HRCLI_DATA_DIR", str(blocker))
    r = run("add", "source", "--id", "s", "--title", "t", "--date", "2020")
    assert r.code == 1 and "cannot use the data folder" in r.stderr
    assert run("timeline", "--json").code == 0  # reading still works without the folder


def test_markup_and_control_codes_print_literally(isolated):
    add_source()
    evil = "[bold red]loud[/bold red] [/x] \x1b[31mred\x1b[0m \x07bell \u202eevil"
    r = run("add", "event", "--date", "2023", "--summary", evil, "--source", "my-src", "--locator", "[link]p[/link]")
    assert r.code == 0, r.stderr
    for args in (["timeline", "--from", "2023"], ["show", "u-2023-1"], ["search", "loud"]):
        out = run(*args, env={"FORCE_COLOR": "1"})
        assert out.code == 0, out.stderr
        assert "[bold red]loud[/bold red]" in out.stdout and "[/x]" in out.stdout and "[link]p[/link]" in out.stdout
        assert "\x07" not in out.stdout and "\u202e" not in out.stdout
        assert "[31mred" not in out.stdout and "red" in out.stdout  # the injected sequence, not rich's styling
    for fmt in ("csv", "md"):
        out = run("timeline", "--from", "2023", "--format", fmt)
        assert "\x1b" not in out.stdout and "\x07" not in out.stdout
    js = run("timeline", "--from", "2023", "--json")
    assert json.loads(js.stdout)[-1]["summary"] == evil  # JSON keeps the data exactly, escaped


def test_config_commands(isolated):
    assert run("config", "get", "format").stdout.strip() == ""
    assert run("config", "set", "format", "csv").code == 0
    assert run("config", "get", "format").stdout.strip() == "csv"
    assert list(csv.DictReader(io.StringIO(run("sources").stdout)))[0]["id"] == "gov-2011"
    assert run("config", "set", "format", "xml").code == 2
    assert run("config", "set", "colour", "never").code == 2
    assert run("config", "unset", "format").code == 0
    cfg = tomllib.loads((isolated / "config" / "config.toml").read_text())
    assert cfg == {}
    assert run("config", "path").stdout.strip().endswith("config.toml")


def test_export_formats(isolated):
    full = json.loads(run("export").stdout)
    assert set(full) == {"sources", "events", "claims", "recommendations", "stats", "conflicts"}
    assert len(full["sources"]) == 5 and len(full["stats"]) > 100
    filtered = json.loads(run("export", "--body", "CAT").stdout)
    assert set(filtered) == {"sources", "events"} and all(e["body"] == "CAT" for e in filtered["events"])
    sections = csv_sections(run("export", "--format", "csv").stdout)
    assert [s[0][:2] for s in sections] == [["id", "title"], ["id", "kind"], ["id", "kind"], ["id", "kind"]] + [
        ["id", "topic"]
    ] * 2
    assert [{r[1] for r in s[1:]} for s in sections[1:4]] == [{"event"}, {"claim"}, {"recommendation"}]
    toml_out = isolated / "all.toml"
    assert run("export", "--format", "toml", str(toml_out)).code == 0
    again = tomllib.loads(toml_out.read_text(encoding="utf-8"))
    assert len(again["events"]) == len(full["events"])
    assert run("validate", str(toml_out)).code == 1  # same ids as the bundled base: duplicates, reported
    db = isolated / "x.db"
    assert run("export", "--format", "sqlite", str(db)).code == 0
    assert run("export", "--format", "sqlite", str(db)).code == 2  # exists: needs --force
    assert run("export", "--format", "sqlite").code == 2  # needs a path
    con = sqlite3.connect(db)
    cols = {r[1]: r[2] for r in con.execute("PRAGMA table_info(stats)")}
    assert cols["value"] == "NUMERIC" and cols["label"] == "TEXT"
    assert con.execute("SELECT value FROM stats WHERE id = 'unct-p36-women-2008'").fetchone() == (31.82,)
    assert con.execute("SELECT typeof(value) FROM stats WHERE id = 'g11-upr1-accepted'").fetchone() == ("integer",)
    assert con.execute("SELECT count(*) FROM conflict_sides WHERE id = 'conflict-upr1-accepted'").fetchone() == (2,)


def csv_sections(text: str) -> list[list[list[str]]]:
    """CSV export sections (one per record kind, separated by an empty line), each a header and rows."""
    out: list[list[list[str]]] = [[]]
    for row in csv.reader(io.StringIO(text)):
        if row:
            out[-1].append(row)
        else:
            out.append([])
    return out


ADD_SCRIPT = "import sys; from hrcli.cli import main; sys.exit(main(sys.argv[1:]))"


@pytest.mark.slow
def test_sixteen_concurrent_adds_all_land(isolated):
    env = {**os.environ, "HRCLI_DATA_DIR": str(isolated / "data"), "HRCLI_CACHE_DIR": str(isolated / "cache")}
    assert add_source().code == 0
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                ADD_SCRIPT,
                "add",
                "event",
                "--date",
                "2025",
                "--summary",
                f"event {n}",
                "--source",
                "my-src",
                "--locator",
                f"para. {n}",
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(16)
    ]
    results = [p.communicate(timeout=120) + (p.returncode,) for p in procs]
    assert all(code == 0 for _, _, code in results), results
    data = tomllib.loads((facts_dir(isolated) / "user.toml").read_text(encoding="utf-8"))
    assert sorted(e["summary"] for e in data["events"]) == sorted(f"event {n}" for n in range(16))
    assert len({e["id"] for e in data["events"]}) == 16


fact_text = st.one_of(
    st.text(max_size=200),
    st.builds(lambda body: "[[events]]\n" + body, st.text(max_size=150)),
    st.builds(
        lambda k, v: f'[[events]]\nid = "r1"\n{k} = {v}\n',
        st.sampled_from(["date", "summary", "source", "locator", "topics", "value", "sides", "id"]),
        st.sampled_from(['"2020"', "5", "[1, 2]", '"x"', "true", '"2020-13"', "{a = 1}", '"/.."', "1.5"]),
    ),
)


@given(fact_text)
@settings(max_examples=examples(80), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_random_fact_files_never_crash(isolated, text):
    d = facts_dir(isolated)
    d.mkdir(parents=True, exist_ok=True)
    (d / "fuzz.toml").write_text(text, encoding="utf-8", errors="surrogatepass") if "\ud800" not in text else None
    for args in (["timeline", "--json"], ["validate"], ["stats", "asylum"]):
        r = run(*args)
        assert r.code in (0, 1), (text, r)
        assert "Traceback" not in r.stderr and "internal error" not in r.stderr, (text, r.stderr)


@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "--id",
                    "--title",
                    "--date",
                    "--summary",
                    "--source",
                    "--locator",
                    "--topic",
                    "--body",
                    "--voice",
                    "2023",
                    "x",
                    "my-src",
                    "CAT",
                    "",
                ]
            ),
            st.text(max_size=8),
        ),
        max_size=8,
    ),
    st.sampled_from(["source", "event"]),
)
@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_random_add_arguments_never_crash(isolated, args, what):
    r = run("add", what, *args)
    assert r.code in (0, 1, 2), (args, r)
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr, (args, r.stderr)


def test_hand_written_file_citing_a_source_added_with_hrcli(isolated):
    assert add_source("hrc-2023").code == 0
    (facts_dir(isolated) / "mine.toml").write_text(
        '[[events]]\nid = "mine-1"\ndate = "2023-06"\nsummary = "my note"\nsource = "hrc-2023"\nlocator = "p. 2"\n',
        encoding="utf-8",
    )
    assert "mine-1" in {r["id"] for r in ok_json("timeline", "--from", "2023")}
    r = run("add", "event", "--date", "2023-07", "--summary", "x", "--source", "hrc-2023", "--locator", "p")
    assert r.code == 0, r.stderr


# -- issue 12, hard edges ------------------------------------------------------------------------------------------


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


# -- issue 23, hard edges round two --------------------------------------------------------------------------------


# -- remove: an unrelated broken file of the user's blocks nothing ------------------------------------------


@pytest.mark.parametrize(
    "broken",
    [
        "[[events]] x = \n",  # not TOML at all
        '[[events]]\nid = "hand-1"\ndate = "2024"\nsummary = "s"\nsource = "ghost"\nlocator = "p"\n',  # cites nothing
    ],
)
def test_an_unrelated_broken_file_blocks_no_removal_and_is_named_as_what_it_is(isolated, broken):
    facts = isolated / "data" / "facts"
    add_events(["kept", "gone"])
    rows = "id,date,summary,source,locator\nimp-1,2024,a,my-src,p. 1\nimp-2,2024,b,my-src,p. 2\n"
    (isolated / "rows.csv").write_text(rows, encoding="utf-8")
    (isolated / "more.csv").write_text(rows.replace("imp-", "more-"), encoding="utf-8")
    assert run("import", str(isolated / "rows.csv")).code == 0
    assert run("import", str(isolated / "more.csv")).code == 0
    (facts / "broken.toml").write_text(broken, encoding="utf-8")
    for args, gone in ((("u-2024-2",), "gone"), (("imp-1",), "imp-1"), (("--import", "more.csv"), "more-1")):
        r = run("remove", *args)
        assert r.code == 0, (args, r.stderr)
        assert "not caused by this removal" in r.stderr and "broken.toml" in r.stderr, r.stderr
        assert "still cite" not in r.stderr and "no record" not in r.stderr
        assert gone not in "".join(p.read_text(encoding="utf-8") for p in facts.glob("[ui]*.*"))
    # what a removal itself would break is still refused, and says so, not the other file
    r = run("remove", "my-src")
    assert r.code == 2 and "still cited by" in r.stderr and "imp-2" in r.stderr, r.stderr
    r = run("remove", "nope")
    assert r.code == 2 and "broken.toml" in r.stderr and "not searched" in r.stderr, r.stderr
    (facts / "broken.toml").unlink()
    assert {e["id"] for e in run("timeline", "--from", "2024", "--json").json()} == {"u-2024-1", "imp-2"}


# -- issue 14, written against mutants that survived the suite -----------------------------------------------------


def test_add_refuses_a_duplicate_id():
    args = ("add", "event", "--id", "dup-1", "--date", "2024", "--summary", "once", "--source", "gov-2011")
    assert run(*args, "--locator", "para. 1").code == 0
    r = run(*args, "--locator", "para. 2")
    assert r.code == 2 and "duplicate id" in r.stderr
    assert [x["locator"] for x in ok_json("show", "dup-1")] == ["para. 1"]


def test_remove_refuses_a_record_of_a_hand_written_file(isolated):
    facts = isolated / "data" / "facts"
    facts.mkdir(parents=True)
    mine = facts / "mine.toml"
    mine.write_text(
        '[[events]]\nid="m-hand"\ndate="2030"\nsummary="hand-written"\nsource="gov-2011"\nlocator="p. 1"\n',
        encoding="utf-8",
    )
    r = run("remove", "m-hand")
    assert r.code == 2 and "hand-written files" in r.stderr
    assert "m-hand" in mine.read_text(encoding="utf-8")


# -- issue 19.6, hand mutants of the streaming import --------------------------------------------------------------


def test_a_refused_removal_leaves_no_temporary_file(isolated, lines):
    assert run("import", str(events_workbook(isolated / "wb.xlsx", 2))).code == 0
    r = run("remove", "mine-1")  # the workbook's events cite it
    assert r.code == 2 and "still cited" in r.stderr, r.stderr
    assert not list((isolated / "data" / "facts").glob(".hrcli-import-*"))


def test_a_record_that_is_not_a_source_cannot_be_cited_as_one(isolated):
    ev = isolated / "ev.csv"
    ev.write_text(STREAM_HEADER + topic_rows(1, ids=True), encoding="utf-8")
    assert run("import", str(ev)).code == 0
    args = ["--date", "2024", "--summary", "s", "--source", "my-1", "--locator", "p"]
    r = run("add", "event", *args)
    assert r.code == 2 and "my-1" in r.stderr, r.stderr
    assert ok_json("timeline", "--origin", "user")[0]["id"] == "my-1"


def test_add_refuses_while_another_fact_file_cannot_be_read(isolated):
    facts = isolated / "data" / "facts"
    facts.mkdir(parents=True)
    (facts / "broken.json").write_text('{"schema": 1, "events": [', encoding="utf-8")
    args = ["--date", "2024", "--summary", "s", "--source", "unct-2009", "--locator", "p"]
    r = run("add", "event", *args)
    assert r.code == 1 and "broken.json" in r.stderr, r.stderr
    assert not (facts / "user.toml").exists()
