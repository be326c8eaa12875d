"""Issue 23, hard edges round two: path bytes, lost config writes, locators, links in cells, same-path exports."""

from __future__ import annotations

import re

import pytest

from conftest import run

MINE = (
    '[[sources]]\nid = "my-rep"\ntitle = "A report"\ndate = "2023-05"\nkind = "report"\nissuer = "me"\n'
    'voice = "other"\ncite = "para. N"\nfile = "report.txt"\n'
)


def _own_text(isolated, monkeypatch):
    """A source of the user's own with a text of three paragraphs (no bundled texts needed)."""
    monkeypatch.delenv("HRCLI_SOURCES_DIR", raising=False)
    facts = isolated / "data" / "facts"
    facts.mkdir(parents=True, exist_ok=True)
    (facts / "report.txt").write_text("One.\n\nTwo.\n\nThree.\n", encoding="utf-8")
    (facts / "mine.toml").write_text(MINE, encoding="utf-8")


# -- locators: ASCII digits only, bounded ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "loc", ["paras. ²-³", "para. ²", "paras. ١-٣", "para. ٣", "paras. 1-" + "9" * 5000, "para. 12345"]
)
def test_locators_take_ascii_digits_only_and_few_of_them(isolated, monkeypatch, loc):
    _own_text(isolated, monkeypatch)
    assert run("quote", "my-rep", "paras. 1-3").stdout == "One.\n\nTwo.\n\nThree.\n"  # the plain form works
    r = run("quote", "my-rep", loc)
    assert r.code == 2 and r.stdout == "", r
    assert "ASCII digits" in r.stderr and len(r.stderr.splitlines()) == 1, r.stderr
    assert "internal error" not in r.stderr


def test_the_locator_rule_in_the_resolver_itself():
    from hrcli.passages import LocatorError, resolve

    text = "One.\n\nTwo.\n\nThree.\n"
    assert resolve("x", "paras. 1-2", text, plain=True).text == "One.\n\nTwo."
    for loc in ("paras. ²-³", "paras. ١-٣", "para. 1" + "0" * 4999):
        with pytest.raises(LocatorError):
            resolve("x", loc, text, plain=True)


# -- config: parallel writers, a hostile config.toml ----------------------------------------------------------


@pytest.mark.slow
def test_parallel_config_sets_on_different_keys_lose_nothing(isolated):
    import os
    import subprocess
    import sys
    import tomllib

    env = {**os.environ, "HRCLI_CONFIG_DIR": str(isolated / "config")}
    cfg = isolated / "config" / "config.toml"
    for n in range(20):
        cfg.unlink(missing_ok=True)
        fmt, color = ("json", "never") if n % 2 else ("csv", "auto")
        procs = [
            subprocess.Popen([sys.executable, "-m", "hrcli", "config", "set", k, v], env=env, stderr=subprocess.PIPE)
            for k, v in (("format", fmt), ("color", color))
        ]
        assert [p.wait(timeout=60) for p in procs] == [0, 0], [p.stderr.read() for p in procs]
        for p in procs:
            p.stderr.close()
        assert tomllib.loads(cfg.read_text(encoding="utf-8")) == {"format": fmt, "color": color}, n


@pytest.mark.parametrize(
    "text, why",
    [
        ("format = " + "[" * 3000 + "]" * 3000 + "\n", "nested too deeply"),
        ("x = " + "{a = " * 2000 + "1" + "}" * 2000 + "\n", "nested too deeply"),
        ("format = " + "9" * 5000 + "\n", "digits"),
    ],
)
def test_a_hostile_config_file_is_one_line_naming_it(isolated, text, why):
    cfg = isolated / "config" / "config.toml"
    cfg.parent.mkdir(parents=True)
    cfg.write_text(text, encoding="utf-8")
    for args in (("config", "list"), ("timeline", "--limit", "1"), ("config", "set", "format", "json")):
        r = run(*args)
        assert r.code == 1 and r.stdout == "", (args, r)
        assert len(r.stderr.splitlines()) == 1 and str(cfg) in r.stderr and why in r.stderr, r.stderr
    assert cfg.read_text(encoding="utf-8") == text  # set never replaced a file it could not read


# -- sources link: saved is saved, even when stdout cannot take the report ------------------------------------


def _hrcli(args, isolated, **kw):
    """hrcli in its own process, with argv as given (bytes allowed)."""
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "HRCLI_DATA_DIR": str(isolated / "data"),
        "HRCLI_CACHE_DIR": str(isolated / "cache"),
        "HRCLI_CONFIG_DIR": str(isolated / "config"),
    }
    kw.setdefault("stdout", subprocess.PIPE)
    kw.setdefault("stderr", subprocess.PIPE)
    return subprocess.run([sys.executable, "-m", "hrcli", *args], env=env, timeout=60, **kw)


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_sources_link_to_a_full_stdout_saves_and_exits_0_saying_the_report_was_lost(isolated, sources, fmt):
    with open("/dev/full", "wb") as full:
        r = _hrcli(("sources", "link", str(sources), "--format", fmt), isolated, stdout=full)
    assert r.returncode == 0, r.stderr
    assert b"done, but could not print the report" in r.stderr and b"No space left" in r.stderr, r.stderr
    assert (isolated / "config" / "sources.toml").is_file()
    assert run("quote", "unct-2009", "para. 22").code == 0  # the link is there and works


# -- export: the metadata never replaces the database --------------------------------------------------------


@pytest.mark.parametrize("spell", ["same", "relative", "link", "hardlink"])
def test_export_metadata_to_the_database_path_is_refused(isolated, monkeypatch, spell):
    import os

    monkeypatch.chdir(isolated)
    db = isolated / "x.db"
    assert run("export", "--format", "sqlite", str(db)).code == 0
    before = db.read_bytes()
    meta = {"same": str(db), "relative": "./sub/../x.db", "link": "ln.db", "hardlink": "hard.db"}[spell]
    (isolated / "sub").mkdir()
    os.symlink(db, isolated / "ln.db")
    os.link(db, isolated / "hard.db")
    r = run("export", "--format", "sqlite", str(db), "--metadata", meta, "--force")
    assert r.code == 2 and "is the database itself" in r.stderr and len(r.stderr.splitlines()) == 1, r
    assert db.read_bytes() == before
    # a database not yet there, named twice in two spellings: only the paths can tell (nothing to compare yet)
    r = run("export", "--format", "sqlite", "new.db", "--metadata", "sub/../new.db")
    assert r.code == 2 and "is the database itself" in r.stderr and not (isolated / "new.db").exists(), r
    r = run("export", "--format", "sqlite", str(db), "--metadata", "meta.json", "--force")  # its own file: fine
    assert r.code == 0 and (isolated / "meta.json").read_bytes().startswith(b"{"), r.stderr


# -- csv and md cells: formulas after a separator, links and images -----------------------------------------

LINKS = [
    "see ![](http://tracker.example/p.gif) here",
    "[click](javascript:alert(1))",
    "[x]: javascript:alert(2)",
    "<http://auto.example> and <mailto:a@b.c>",
    "[ref][1] and ![img][1]",
    "\\[x\\](javascript:alert(3))",
]


def _events(texts):
    r = run("add", "source", "--id", "my-src", "--title", "T", "--date", "2023-05", "--voice", "other")
    assert r.code == 0, r.stderr
    for n, text in enumerate(texts):
        r = run("add", "event", "--date", "2024", "--summary", text, "--source", "my-src", "--locator", f"p. {n}")
        assert r.code == 0, r.stderr


def test_markdown_cells_carry_no_live_link_or_image(isolated):
    _events(LINKS)
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
    _events([*texts, "a;-12.5, 3;b"])
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
    _events(["kept", "gone"])
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


# -- file names that are not UTF-8: the bytes reach the file system, never another file's name ---------------


def test_path_arguments_keep_bytes_that_are_not_utf8(isolated):
    import json
    import os

    w = os.fsencode(isolated)
    other = isolated / "out\ufffd.json"  # the name U+FFFD-replacement would have made
    other.write_text("keep", encoding="utf-8")
    r = _hrcli([b"export", b"--force", w + b"/out\xff.json"], isolated)
    assert r.returncode == 0 and "out\ufffd.json" in r.stderr.decode("utf-8"), r.stderr  # shown replaced
    assert other.read_text(encoding="utf-8") == "keep"  # the unrelated file is untouched
    with open(w + b"/out\xff.json", "rb") as fh:
        assert json.load(fh)["sources"]  # the export went to the name given, byte for byte

    db, meta = w + b"/db\xff.db", w + b"/m\xff.json"
    r = _hrcli([b"export", b"--format", b"sqlite", db, b"--metadata", meta], isolated)
    assert r.returncode == 0, r.stderr
    with open(db, "rb") as fh:
        assert fh.read(16) == b"SQLite format 3\x00"
    with open(meta, "rb") as fh:  # Datasette names the database after the file, bytes and all
        assert list(json.load(fh)["databases"]) == ["db\udcff"]

    with open(w + b"/r\xff.csv", "wb") as fh:
        fh.write(b"date,summary,source,locator\n2024,from a byte name,gov-2011,para. 1\n")
    r = _hrcli([b"import", w + b"/r\xff.csv", b"--dry-run"], isolated)
    assert r.returncode == 0 and b"would add 1 event" in r.stderr, r.stderr
    assert _hrcli([b"import", w + b"/r\xff.csv"], isolated).returncode == 0
    (imp,) = json.loads(_hrcli([b"import", b"--list", b"--json"], isolated).stdout)
    assert imp["name"] == "r\ufffd.csv" and imp["records"] == 1, imp  # printable, and it is this file's
    r = _hrcli([b"remove", b"--import", w + b"/r\xff.csv"], isolated)
    assert r.returncode == 0, r.stderr
    assert not list((isolated / "data" / "facts").glob("import-*"))

    os.mkdir(w + b"/texts\xff")
    r = _hrcli([b"sources", b"link", w + b"/texts\xff"], isolated)
    assert r.returncode == 2 and b"not a folder" not in r.stderr and b"not UTF-8" in r.stderr, r.stderr
    assert len(r.stderr.splitlines()) == 1 and not (isolated / "config" / "sources.toml").exists()


@pytest.mark.parametrize(
    "args",
    [
        [b"add", b"source", b"--id", b"s1", b"--title", b"t\xff", b"--date", b"2023"],
        [b"search", b"\xff"],
        [b"show", b"\xff"],
        [b"timeline", b"--topic", b"\xff", b"--json"],
        [b"config", b"set", b"format", b"\xff"],
        [b"treaty", b"C\xffT"],
        [b"timeline", b"--from", b"2024", b"--format", b"html", b"--title\xff"],
    ],
)
def test_text_arguments_that_are_not_utf8_are_one_line_never_stored(isolated, args):
    r = _hrcli(args, isolated)
    assert r.returncode == (0 if args[0] == b"search" else 2), r  # search finds nothing; the rest refuse
    err = r.stderr.decode("utf-8")  # valid UTF-8: the bytes are shown as U+FFFD, not passed on
    assert len(err.splitlines()) == 1 and "internal error" not in err and "Traceback" not in err, err
    assert not (isolated / "data" / "facts" / "user.toml").exists()
    assert not (isolated / "config" / "config.toml").exists()


def test_a_lone_surrogate_in_a_json_import_names_the_row(isolated):
    (isolated / "s.json").write_text(
        '[{"date":"2024","summary":"a\\udcffb","source":"gov-2011","locator":"para. 1"}]', encoding="utf-8"
    )
    r = run("import", str(isolated / "s.json"))
    assert r.code == 2 and "item 1" in r.stderr and "summary" in r.stderr and "not UTF-8" in r.stderr, r.stderr
    assert not list(isolated.glob("data/facts/import-*"))
