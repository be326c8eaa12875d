"""The commands that show evidence: quote, show --passage, sources link; texts found by hash, never trusted by name."""

from __future__ import annotations

import shutil

import pytest

import hrcli
from conftest import examples, run
from hrcli import passages


@pytest.fixture(autouse=True)
def fresh_scan():
    passages.folder.forget()  # each test brings its own folders
    yield
    passages.folder.forget()


@pytest.fixture
def texts_env(monkeypatch, sources):
    monkeypatch.setenv("HRCLI_SOURCES_DIR", str(sources))


def test_quote_prints_the_paragraph_and_nothing_else(texts_env):
    r = run("quote", "unct-2009", "para. 22")
    assert r.code == 0 and r.stderr == ""
    assert r.stdout.startswith("22. The total number of asylum applications in 2008 was 91")
    assert r.stdout.endswith("Ukraine (10 persons) and Iran (9 persons).\n") and r.stdout.count("\n") == 1
    assert "23." not in r.stdout and "3,265" not in r.stdout


def test_quote_json_fields(texts_env):
    r = run("quote", "gov-2014", "UPR, bullet 2", "--json")
    assert r.code == 0, r.stderr
    (rec,) = r.json()
    assert list(rec) == ["source", "locator", "file", "passage", "passage_lines"]
    assert rec["source"] == "gov-2014" and rec["locator"] == "UPR, bullet 2"
    assert rec["file"].endswith("002_bd83912bfb9e8763.txt") and rec["passage_lines"] == [167, 173]
    assert rec["passage"].startswith("• Second round (December 2013)")


def test_quote_unknown_locator_and_source_are_usage_errors(texts_env):
    r = run("quote", "unct-2009", "para. 99")
    assert r.code == 2 and r.stdout == ""
    assert r.stderr.strip() == "hrcli: unct-2009 has no 'para. 99'. It has: para. 1-69; fn. 2"
    r = run("quote", "gov-2014", "Treaty, para. 2")
    assert r.code == 2 and "Did you mean 'Treaty bodies, para. 2'?" in r.stderr
    r = run("quote", "unct-209", "para. 2")
    assert r.code == 2 and "Did you mean 'unct-2009'?" in r.stderr


def test_without_texts_both_commands_say_how_to_provide_them(monkeypatch):
    monkeypatch.delenv("HRCLI_SOURCES_DIR", raising=False)
    for args in (("quote", "unct-2009", "para. 22"), ("show", "unct-p22-asylum-2008", "--passage")):
        r = run(*args)
        assert r.code == 1 and r.stdout == ""
        assert r.stderr.count("\n") == 1 and "HRCLI_SOURCES_DIR" in r.stderr and "hrcli sources link DIR" in r.stderr
    assert run("show", "unct-p22-asylum-2008").code == 0  # without --passage nothing changes


def test_texts_are_found_by_hash_and_a_changed_passage_is_refused(tmp_path, monkeypatch, sources):
    unct = next(sources.glob("004_*.txt"))
    folder = tmp_path / "texts"
    folder.mkdir()
    shutil.copy(next(sources.glob("000_*.txt")), folder / "my copy of gov-2011.txt")  # any name will do
    changed = unct.read_text(encoding="utf-8").replace("3,265", "3,266")
    (folder / unct.name).write_text(changed, encoding="utf-8")  # the right name, the wrong text
    monkeypatch.setenv("HRCLI_SOURCES_DIR", str(folder))
    ok = run("quote", "gov-2011", "para. 3")
    assert ok.code == 0 and ok.stdout.startswith("On November 13, 2009")
    bad = run("quote", "unct-2009", "para. 21")
    assert bad.code == 1 and bad.stderr.count("\n") == 1
    assert bad.stderr.startswith(f"hrcli: refusing unct-2009 'para. 21' from {folder / unct.name}: the words there")
    assert bad.stdout.startswith("[UNVERIFIED: ") and "3,266 foreigners" in bad.stdout  # the copy's words, marked
    assert run("quote", "unct-2009", "para. 22").code == 0  # the rest of that copy still quotes
    missing = run("quote", "gov-2007", "Annex, para. 1")
    assert missing.code == 1 and "no text of source gov-2007" in missing.stderr


def test_sources_link_registers_a_folder_and_reports_each_source(tmp_path, monkeypatch, sources):
    monkeypatch.delenv("HRCLI_SOURCES_DIR", raising=False)
    folder = tmp_path / "copies"
    folder.mkdir()
    for n, f in enumerate(sorted(sources.glob("00[0-3]_*.txt"))):
        shutil.copy(f, folder / f"doc{n}.txt")
    r = run("sources", "link", str(folder), "--json")
    assert r.code == 0, r.stderr
    status = {row["id"]: row["status"] for row in r.json()}
    assert status == {
        "gov-2011": "found",
        "mfa-web": "found",
        "gov-2014": "found",
        "gov-2007": "found",
        "unct-2009": "missing",
    }
    assert "4 of 5 sources found" in r.stderr
    q = run("quote", "gov-2007", "Annex, para. 10")  # remembered: no environment variable needed
    assert q.code == 0 and q.stdout.startswith("Sharing principles of non-interference")
    assert run("quote", "unct-2009", "para. 1").code == 1
    empty = tmp_path / "empty"
    empty.mkdir()
    r = run("sources", "link", str(empty))
    assert r.code == 1 and "none of the source texts" in r.stderr
    assert run("quote", "gov-2007", "Annex, para. 10").code == 0  # a failed link leaves the old one
    assert run("sources", "link").code == 2
    assert run("sources", "link", str(tmp_path / "nope")).code == 2


def test_show_passage_for_every_bundled_record(texts_env):
    base = hrcli.load(user=False)
    for rid in base.ids():
        r = run("show", rid, "--passage", "--json")
        assert r.code == 0, (rid, r.stderr)
        (rec,) = r.json()
        keys = [k for k in rec if k.endswith("passage")]
        assert keys and all(rec[k] for k in keys), rid
        for k in keys:
            first, last = rec[k + "_lines"]
            assert 1 <= first <= last, rid


def test_show_passage_record_fields_and_highlight(texts_env):
    (rec,) = run("show", "unct-p22-asylum-2008", "--passage", "--json").json()
    assert rec["value"] == 91 and rec["passage_lines"] == [148, 152]
    assert rec["passage"].startswith("22. The total number")
    (c,) = run("show", "conflict-asylum-total", "-p", "--json").json()
    assert c["side1_passage_lines"] == [145, 147] and "2,220" in c["side2_passage"]
    table = run("show", "unct-p22-asylum-2008", "--passage", env={"FORCE_COLOR": "1", "TERM": "xterm-256color"})
    assert table.code == 0 and "unct-2009, para. 22" in table.stdout and "lines 148-152" in table.stdout
    assert "asylum applications in" in table.stdout
    assert "\x1b[1;7m91\x1b[0m" in table.stdout and "\x1b[1;7m2008\x1b[0m" in table.stdout  # figure and year
    csv = run("show", "unct-p22-asylum-2008", "--passage", "--format", "csv")
    assert csv.stdout.splitlines()[0].endswith("passage,passage_lines")


def test_show_passage_names_the_record_when_its_locator_does_not_resolve(texts_env, isolated):
    facts = isolated / "data" / "facts"
    facts.mkdir(parents=True)
    (facts / "mine.toml").write_text(
        '[[events]]\nid = "my-bad-cite"\nsource = "unct-2009"\nlocator = "para. 99"\ndate = "2009"\n'
        'summary = "A cite that lands nowhere."\n',
        encoding="utf-8",
    )
    r = run("show", "my-bad-cite", "--passage")
    assert r.code == 1 and r.stdout == "" and r.stderr.count("\n") == 1
    assert "my-bad-cite" in r.stderr and "unct-2009" in r.stderr and "'para. 99'" in r.stderr


def test_a_users_own_source_with_its_text_file(isolated, monkeypatch):
    monkeypatch.delenv("HRCLI_SOURCES_DIR", raising=False)
    facts = isolated / "data" / "facts"
    facts.mkdir(parents=True)
    (facts / "report.txt").write_text("Heading\n\nFirst paragraph,\nin two lines.\n\nSecond, on 12 May 2023.\n")
    (facts / "mine.toml").write_text(
        '[[sources]]\nid = "hrc-2023"\ntitle = "A report"\ndate = "2023-05"\nkind = "report"\nissuer = "me"\n'
        'voice = "other"\ncite = "para. N"\nfile = "report.txt"\n\n'
        '[[events]]\nid = "my-event"\nsource = "hrc-2023"\nlocator = "para. 3"\ndate = "2023-05-12"\n'
        'summary = "Something happened."\n',
        encoding="utf-8",
    )
    r = run("quote", "hrc-2023", "para. 2")
    assert (r.code, r.stdout) == (0, "First paragraph, in two lines.\n")
    (rec,) = run("show", "my-event", "--passage", "--json").json()
    assert rec["passage"] == "Second, on 12 May 2023." and rec["passage_lines"] == [6, 6]
    pinned = 'file = "report.txt"\nsha256 = "' + "0" * 64 + '"'
    bad = (facts / "mine.toml").read_text().replace('file = "report.txt"', pinned)
    (facts / "mine.toml").write_text(bad)
    r = run("quote", "hrc-2023", "para. 2")
    assert r.code == 1 and "refusing" in r.stderr and "sha256" in r.stderr


def test_sha256_is_validated_and_recorded_for_every_bundled_source(sources):
    import hashlib

    base = hrcli.load(user=False)
    by_hash = {hashlib.sha256(p.read_bytes()).hexdigest(): p.name for p in sources.glob("*.txt")}
    assert {s.sha256: s.file for s in base.sources.values()} == {h: n for h, n in by_hash.items() if n != "README.md"}
    r = run("sources", "unct-2009", "--json")
    assert r.json()[0]["sha256"] == next(s.sha256 for s in base.sources.values() if s.id == "unct-2009")


def test_a_malformed_sha256_is_a_validation_error(isolated):
    facts = isolated / "data" / "facts"
    facts.mkdir(parents=True)
    (facts / "mine.toml").write_text(
        '[[sources]]\nid = "x-1"\ntitle = "T"\ndate = "2023"\nkind = "k"\nissuer = "i"\nvoice = "other"\n'
        'cite = "para. N"\nsha256 = "ABC"\n',
        encoding="utf-8",
    )
    r = run("validate", "--json")
    assert r.code == 1
    (problem,) = r.json()
    assert "sha256" in str(problem) and "64 lower-case hex digits" in str(problem)


def test_completion_offers_sources_then_their_locators(monkeypatch, sources, isolated):
    from test_packaging import complete

    monkeypatch.setenv("HRCLI_SOURCES_DIR", str(sources))
    assert complete("hrcli quote ", 2) == ["gov-2011", "mfa-web", "gov-2014", "gov-2007", "unct-2009"]
    words = "hrcli quote gov-2014 U"
    # TAB never reads the texts folder: until a command has recognised the text, what the records cite
    cited = complete(words, 3)
    assert cited and any("bullet" in w for w in cited) and not (isolated / "cache" / "hrcli-texts").exists()
    assert run("quote", "gov-2014", "UPR, bullet 1").code == 0  # recognises the texts, once
    # a locator with spaces is one value (one word to bash), never split at its spaces
    assert complete(words, 3) == [f"UPR, para. {n}" for n in range(1, 4)] + [f"UPR, bullet {n}" for n in range(1, 5)]
    monkeypatch.setenv("HRCLI_SOURCES_DIR", str(sources / "missing"))  # no texts: what the records cite
    assert set(complete("hrcli quote mfa-web Treaty", 3)) == {f"Treaty bodies, para. {n}" for n in (1, 2, 3)}


def test_html_pages_carry_the_passage_escaped(texts_env, isolated):
    page = run("quote", "unct-2009", "para. 22", "--format", "html")
    assert page.code == 0 and '<blockquote class="passage">22. The total number' in page.stdout
    assert "lines 148-152 of the source text" in page.stdout
    facts = isolated / "data" / "facts"
    facts.mkdir(parents=True)
    (facts / "t.txt").write_text("<script>alert(1)</script> [bold]x[/bold]\n")
    (facts / "mine.toml").write_text(
        '[[sources]]\nid = "u-1"\ntitle = "T"\ndate = "2023"\nkind = "k"\nissuer = "i"\nvoice = "other"\n'
        'cite = "para. N"\nfile = "t.txt"\n',
        encoding="utf-8",
    )
    page = run("quote", "u-1", "para. 1", "--format", "html")
    assert "<script>alert" not in page.stdout and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.stdout
    table = run("quote", "u-1", "para. 1")
    assert table.stdout == "<script>alert(1)</script> [bold]x[/bold]\n"  # printed as text, never as markup


def test_random_locators_and_ids_never_crash(monkeypatch, sources):
    """quote and show --passage on any text: a passage, or one line and exit 1/2, never a traceback."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    monkeypatch.setenv("HRCLI_SOURCES_DIR", str(sources))
    parts = st.sampled_from(["para.", "paras.", "bullet", "fn.", "Annex,", "Letter,", "UPR,", "OHCHR,", "-", ",", " "])
    locator = st.lists(st.one_of(parts, st.integers(-3, 120).map(str), st.text(max_size=4)), max_size=5).map(" ".join)
    source = st.sampled_from(["unct-2009", "gov-2011", "gov-2014", "gov-2007", "mfa-web", "nope", ""])

    @given(source, locator, st.sampled_from(["table", "json", "csv", "md", "html"]))
    @settings(max_examples=examples(120), deadline=None, suppress_health_check=list(HealthCheck))
    def check(src, loc, fmt):
        r = run("quote", src, loc, "--format", fmt)
        assert r.code in (0, 1, 2), (src, loc, r)
        assert "Traceback" not in r.stderr and "internal error" not in r.stderr, (src, loc, r.stderr)
        if r.code == 0:
            assert r.stdout.strip()
        else:
            assert len(r.stderr.strip().splitlines()) == 1, r.stderr

    check()


@pytest.mark.parametrize(
    ("locator", "says"),
    [
        ("paras. ²-³", "cannot read locator 'paras. ²-³': a number is 1 to 4 ASCII digits"),
        ("page 3", "cannot read locator 'page 3' (e.g. 'para. 3'"),
        ("paras. 3-40", "cannot read the range in locator 'paras. 3-40'"),
    ],
)
def test_a_malformed_locator_is_a_usage_error_before_any_text_is_looked_for(monkeypatch, isolated, locator, says):
    # no texts anywhere: a locator no text could have is still the user's to fix first, as when the texts are there
    monkeypatch.delenv("HRCLI_SOURCES_DIR", raising=False)
    r = run("quote", "unct-2009", locator)
    assert r.code == 2 and r.stdout == "" and r.stderr.count("\n") == 1, r.stderr
    assert r.stderr.startswith(f"hrcli: {says}")
    with pytest.raises(passages.LocatorError, match="cannot read"):
        passages.quote("unct-2009", locator)  # the Python API in the same order
    # a well-formed locator still asks for the texts (exit 1), and an unknown source is still named first
    assert run("quote", "unct-2009", "para. 22").code == 1
    assert "Did you mean 'unct-2009'?" in run("quote", "unct-209", locator).stderr


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("quote", "unct-2009", "paras. ²-³"), "cannot read locator"),
        (("cite", "unct-2009", "--style", "oscla"), "unknown style 'oscla'"),
    ],
)
def test_what_was_typed_wrong_comes_before_a_broken_fact_file(isolated, args, says):
    # a broken file of one's own is exit 1 with its own line; a typo in the call is the first thing to fix
    facts = isolated / "data" / "facts"
    facts.mkdir(parents=True)
    (facts / "broken.toml").write_text("this is not toml [\n", encoding="utf-8")
    r = run(*args)
    assert r.code == 2 and r.stdout == "" and r.stderr.count("\n") == 1, r
    assert says in r.stderr
    # well typed, the broken file is what is said (exit 1)
    fixed = {"paras. ²-³": "para. 22", "oscla": "oscola"}
    r = run(*(fixed.get(a, a) for a in args))
    assert r.code == 1 and "broken.toml" in r.stderr


# -- issue 22, written against hand mutants (scripts/mutants.py) ---------------------------------------------------


def test_a_users_text_that_changed_since_its_sha256_was_recorded_is_refused(isolated):
    from hrcli.errors import DataError

    facts = isolated / "data" / "facts"
    facts.mkdir(parents=True)
    (facts / "t.txt").write_text("zq changed text\n")

    class Src:
        id, origin, file = "mine", "user", "t.txt"
        sha256 = "0" * 64

    with pytest.raises(DataError, match="sha256 differs"):
        passages.texts.find_text(Src())
