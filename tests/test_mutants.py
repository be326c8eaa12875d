"""Tests written against mutants that survived the suite (issue 14): each fails if its mutation comes back.

One test per mutation: CSV nulls, `date` vs `start`, Markdown pipes, per-side voices, the --to/--from
boundaries, --limit everywhere, format precedence, LIKE escaping in search, duplicate ids in `add`, and a
cache that must refuse a wrong key, format or input stamp.
"""

from __future__ import annotations

import csv
import io
import os
import sqlite3
from pathlib import Path

import pytest

from conftest import ok_json, run
from hrcli import cache, loader

# a user file whose records the mutations would get wrong: pipes, LIKE wildcards, a year boundary and a
# disagreement whose sides speak in different voices (no bundled conflict mixes voices)
FIXTURE = """
[[events]]
id = "m-pipe"
date = "2031-12-31"
summary = "zq pipe a | b in the summary"
source = "gov-2011"
locator = "para. 1"

[[events]]
id = "m-next-year"
date = "2032-01-01"
summary = "zq first day of the next year"
source = "gov-2011"
locator = "para. 2"

[[claims]]
id = "m-underscore"
summary = "zq token zq_x here"
source = "gov-2011"
locator = "para. 3"

[[claims]]
id = "m-no-underscore"
summary = "zq token zqyx here"
source = "gov-2011"
locator = "para. 4"

[[claims]]
id = "m-percent"
summary = "zq token 5%x here"
source = "gov-2011"
locator = "para. 5"

[[claims]]
id = "m-no-percent"
summary = "zq token 5abcx here"
source = "gov-2011"
locator = "para. 6"

[[conflicts]]
id = "m-mixed-voices"
topic = "asylum"
summary = "A figure the government and the country team give differently"
explanation = "Two documents, two voices."
sides = [
  { source = "gov-2011", locator = "para. 7", value = 10, says = "ten" },
  { source = "unct-2009", locator = "para. 8", value = 12, says = "twelve" },
]
"""


@pytest.fixture
def mine(isolated) -> Path:
    facts = isolated / "data" / "facts"
    facts.mkdir(parents=True)
    f = facts / "mine.toml"
    f.write_text(FIXTURE, encoding="utf-8")
    return f


def test_csv_writes_an_empty_cell_for_null_never_none():
    r = run("timeline", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    row = next(x for x in rows if x["id"] == "unct-p30-un-framework-agreement-1992")
    assert row["body"] == "" and row["title"] == "" and row["note"] == ""
    assert not any(v == "None" for x in rows for v in x.values())


def test_date_is_the_record_date_not_its_start():
    row = next(x for x in ok_json("timeline") if x["id"] == "unct-p30-un-framework-agreement-1992")
    assert (row["date"], row["start"], row["end"]) == ("1992", "1992-01-01", "1992-12-31")


def test_markdown_escapes_a_pipe_in_a_cell(mine):
    r = run("show", "m-pipe", "--format", "md")
    assert r.code == 0, r.stderr
    assert "a \\| b" in r.stdout
    r = run("timeline", "--from", "2031", "--to", "2031", "--format", "md")
    (line,) = [ln for ln in r.stdout.splitlines() if "m-pipe" in ln]
    header = r.stdout.splitlines()[0]
    unescaped = line.replace("\\|", "")
    assert unescaped.count("|") == header.count("|")  # the cell did not split the row


def test_each_conflict_side_carries_its_own_sources_voice(mine):
    rows = [r for r in ok_json("conflicts") if r["id"] == "m-mixed-voices"]
    assert [(r["source"], r["voice"]) for r in rows] == [("gov-2011", "government"), ("unct-2009", "un-country-team")]


def test_to_and_from_are_inclusive_years_and_stop_at_the_boundary(mine):
    to = {r["id"] for r in ok_json("timeline", "--to", "2031")}
    assert "m-pipe" in to and "m-next-year" not in to
    frm = {r["id"] for r in ok_json("timeline", "--from", "2032")}
    assert "m-next-year" in frm and "m-pipe" not in frm


@pytest.mark.parametrize(
    "args",
    [
        ("search", "zq"),
        ("invitations",),
        ("timeline",),
        ("timeline", "--by-year"),
    ],
)
def test_limit_is_honoured(mine, args):
    full = ok_json(*args)
    assert len(full) > 2, args
    limited = ok_json(*args, "--limit", "2")
    assert limited == full[:2]


def test_hrcli_format_beats_the_config_file_and_the_config_beats_the_default(monkeypatch):
    assert run("config", "set", "format", "csv").code == 0
    r = run("sources")
    assert r.stdout.startswith("id,title,")
    monkeypatch.setenv("HRCLI_FORMAT", "jsonl")
    r = run("sources")
    assert r.stdout.startswith("{") and len(r.stdout.splitlines()) == 5
    assert run("sources", "--format", "md").stdout.startswith("| id |")  # and an option beats both


def test_search_treats_underscore_and_percent_as_text(mine):
    assert [r["id"] for r in ok_json("search", "zq_x")] == ["m-underscore"]
    assert [r["id"] for r in ok_json("search", "5%x")] == ["m-percent"]


def test_add_refuses_a_duplicate_id():
    args = ("add", "event", "--id", "dup-1", "--date", "2024", "--summary", "once", "--source", "gov-2011")
    assert run(*args, "--locator", "para. 1").code == 0
    r = run(*args, "--locator", "para. 2")
    assert r.code == 2 and "duplicate id" in r.stderr
    assert [x["locator"] for x in ok_json("show", "dup-1")] == ["para. 1"]


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


def test_python_m_validate_goes_through_the_reader(isolated, tmp_path):
    """`python -m hrcli.validate` checks files the way the CLI does: one path, no traceback."""
    import subprocess
    import sys

    a = tmp_path / "a.toml"
    b = tmp_path / "b.toml"
    # b cites a source that a.toml registers after it in argument order: not an unknown source
    a.write_text(
        '[[events]]\nid="x1"\ndate="2024"\nsummary="s"\nsource="src-b"\nlocator="p. 1"\n',
        encoding="utf-8",
    )
    b.write_text(
        '[[sources]]\nid="src-b"\ntitle="T"\ndate="2024"\nkind="report"\nissuer="I"\nvoice="other"\ncite="p."\n'
        '[[conflicts]]\nid="c1"\ntopic="asylum"\nsummary="s"\nexplanation="e"\nsides=[\n'
        ' {source="src-b", locator="p. 1", value=1, says="one", fact="no-such-record"},\n'
        ' {source="src-b", locator="p. 2", value=2, says="two"},\n]\n',
        encoding="utf-8",
    )
    env = {**os.environ}
    r = subprocess.run(
        [sys.executable, "-m", "hrcli.validate", str(a), str(b)], capture_output=True, text=True, env=env
    )
    assert r.returncode == 1
    assert "unknown source" not in r.stdout + r.stderr
    assert "no-such-record" in r.stdout + r.stderr
    r = subprocess.run(
        [sys.executable, "-m", "hrcli.validate", str(tmp_path / "missing.toml")], capture_output=True, text=True
    )
    assert r.returncode == 1 and "Traceback" not in r.stderr and "missing.toml" in r.stdout + r.stderr


def test_every_data_failure_is_a_data_error():
    """cli.main reports DataError and its kinds (bad fact files, unwritable output) as exit 1, one line each."""
    from hrcli.errors import DataError, FactFileError, OutputError

    assert issubclass(FactFileError, DataError) and issubclass(OutputError, DataError)
    e = FactFileError(["a.toml:1: first", "a.toml:2: second"])
    assert e.lines == ["a.toml:1: first", "a.toml:2: second"] and e.problems == e.lines


def test_no_module_reaches_into_another_modules_private_names_and_render_never_imports_output():
    """output draws tables through render; render (and html) must not import output back (issue 14's circle)."""
    import ast

    src = Path(cache.__file__).parent
    for path in src.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                private = [a.name for a in node.names if a.name.startswith("_") and not a.name.startswith("__")]
                where = f"{path.relative_to(src)} imports {node.module}"
                if path.name in ("render.py", "html.py"):
                    assert node.module != "output", where
                assert not private, (where, private)


def test_writers_hold_one_lock_on_the_data_folder(isolated):
    """add/remove/import take folder/.lock through filelock: a second holder waits (here: times out)."""
    import filelock

    from hrcli import writer

    folder = isolated / "data" / "facts"
    with writer.locked(folder), pytest.raises(filelock.Timeout):
        filelock.FileLock(folder / ".lock", timeout=0.05).acquire()
    with filelock.FileLock(folder / ".lock", timeout=0.05):  # released after the block
        pass


def test_sources_link_writes_its_file_atomically_with_the_umask(isolated, tmp_path, sources):
    import shutil

    texts = tmp_path / "texts"
    shutil.copytree(sources, texts)
    old = os.umask(0o022)
    try:
        r = run("sources", "link", str(texts))
        assert r.code == 0, r.stderr
    finally:
        os.umask(old)
    (f,) = (isolated / "config").glob("sources.toml")
    assert f.stat().st_mode & 0o777 == 0o644 and str(texts) in f.read_text(encoding="utf-8")
    assert [p.name for p in (isolated / "config").iterdir() if p.name.startswith(".")] == []


def test_shared_options_are_declared_once_and_every_listing_takes_them():
    """--format/--json and the filters are declared once, as Annotated aliases in options.py; commands name
    them in plain signatures (nothing rewrites __signature__, so typer reads what is written)."""
    import hrcli.commands as pkg

    folder = Path(pkg.__file__).parent
    for path in [*folder.glob("*.py"), *folder.parent.glob("*.py")]:
        text = path.read_text(encoding="utf-8")
        assert "__signature__" not in text and "__annotations__ =" not in text, path.name
        if path.parent == folder:
            for flag in ('"--format"', '"--json"', '"--from"', '"--to"', '"--limit"'):
                assert flag not in text or path.name == "export.py" and flag == '"--format"', (path.name, flag)
    for cmd in ("timeline", "invitations", "upr", "export"):
        help_text = run(cmd, "--help").stdout
        assert "--from" in help_text and "--to" in help_text and "--source" in help_text, cmd
    r = run("upr", "--status", "plannd")  # checked by the one filters() for every command
    assert r.code == 2 and "Did you mean 'planned'?" in r.stderr


# -- survivors of the hand-made mutation run (docs/dev/mutation.md) --------------------------------------


def test_search_folds_accents_in_the_records_as_well_as_in_the_query(isolated):
    facts = isolated / "data" / "facts"
    facts.mkdir(parents=True)
    (facts / "mine.toml").write_text(
        '[[claims]]\nid="m-accent"\nsummary="Čapek and Ñandú wrote"\nsource="gov-2011"\nlocator="p. 1"\n',
        encoding="utf-8",
    )
    assert [r["id"] for r in ok_json("search", "capek nandu")] == ["m-accent"]


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


def test_from_after_to_is_refused_even_by_one_year():
    r = run("timeline", "--from", "2011", "--to", "2010")
    assert r.code == 2 and "--from 2011 is after --to 2010" in r.stderr
    assert run("timeline", "--from", "2010", "--to", "2010").code == 0


def test_a_name_far_from_every_choice_is_still_matched_by_its_first_three_letters():
    r = run("timeline", "--topic", "trazzzzzzzzzzzz")
    assert r.code == 2 and "Did you mean 'trafficking'?" in r.stderr


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


def test_a_source_sha256_must_be_64_lower_case_hex_digits():
    from hrcli.validate import check

    src = {"id": "s1", "title": "T", "date": "2024", "kind": "k", "issuer": "I", "voice": "other", "cite": "p."}
    assert check({"sources": [src | {"sha256": "ab" * 32}]})[0] == []
    (problem,) = check({"sources": [src | {"sha256": "AB" * 32}]})[0]
    assert problem.field == "sha256" and "SHA-256" in problem.message


def test_a_user_toml_too_large_to_read_back_is_never_written(isolated, monkeypatch):
    from hrcli import safefile

    monkeypatch.setattr(safefile, "MAX_INPUT_BYTES", 300_000)  # the bundled base (~0.2 MB) still reads
    r = run("add", "event", "--date", "2024", "--summary", "x" * 400_000, "--source", "gov-2011", "--locator", "p. 1")
    assert r.code == 1 and "not written" in r.stderr
    assert not (isolated / "data" / "facts" / "user.toml").exists()
