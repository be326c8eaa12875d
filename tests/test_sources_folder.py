"""Issue 18 items 4, 5, 6 (and issue 23's sources.toml): where to get each document, a big texts folder read
once and remembered, and a source's text never read from outside the user's folders or from a FIFO or device."""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import pytest

from conftest import examples, hrcli_process, nested_toml, ok_json, run
from hrcli import passages
from hrcli.model import Source
from hrcli.passages import folder as folder_index
from hrcli.passages import texts


@pytest.fixture(autouse=True)
def fresh_scan():
    folder_index.forget()  # each test brings its own folders (and stands for a new process)
    yield
    folder_index.forget()


# -- 4: where to get each document ------------------------------------------------------------------------


def test_every_bundled_source_says_where_to_get_it():
    rows = ok_json("sources")
    assert len(rows) == 5
    for r in rows:
        assert list(r)[-4:] == ["find", "url", "accessed", "records"]  # the newer columns last, in order
        assert r["find"] and len(r["find"]) > 80, r["id"]  # how to look: issuer, title or date, where
        assert r["url"] is None  # no text gives its own address or a UN symbol: none is guessed
    (one,) = ok_json("sources", "gov-2014")
    assert "Official Document System" in one["find"] and "68 (c)" in one["find"]
    table = run("sources", "mfa-web")
    assert table.code == 0 and "find" in table.stdout and "Ministry of Foreign Affairs" in table.stdout


def test_find_names_only_addresses_the_documents_themselves_give(sources):
    """Every web address or UN symbol a 'find' names is in one of the texts: evidence, never a guess."""
    corpus = " ".join(p.read_text(encoding="utf-8") for p in sources.glob("0*.txt"))
    for r in ok_json("sources"):
        for host in re.findall(r"\b(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:by|org|int|com|net)\b", r["find"]):
            assert host in corpus, (r["id"], host)
        assert not re.search(r"\b[A-Z]{1,3}/(?:[A-Z0-9.]+/)*\d", r["find"]), r["id"]  # no document symbol


def test_a_users_source_may_carry_find_and_a_web_address_only(isolated):
    facts = isolated / "data" / "facts"
    facts.mkdir(parents=True)
    head = '[[sources]]\nid = "x-1"\ntitle = "T"\ndate = "2023"\nkind = "k"\nissuer = "i"\nvoice = "other"\n'
    head += 'cite = "c"\n'
    (facts / "mine.toml").write_text(head + 'find = "ask the issuer"\nurl = "https://example.org/t.pdf"\n')
    (mine,) = [r for r in ok_json("sources") if r["id"] == "x-1"]
    assert mine["find"] == "ask the issuer" and mine["url"] == "https://example.org/t.pdf"
    for bad in ("javascript:alert(1)", "https://example.org/a b", "https://x/\x1b]8;;evil\x1b\\", "ftp://x/y"):
        (facts / "mine.toml").write_text(head + f"url = {json.dumps(bad)}\n")
        r = run("validate", "--json")
        assert r.code == 1 and "http:// or https:// address" in r.stdout, bad


def test_add_source_takes_find_and_url(isolated):
    args = ("add", "source", "--id", "x-2", "--title", "T", "--date", "2023", "--find", "from the issuer")
    assert run(*args, "--url", "https://example.org/x").code == 0
    (mine,) = ok_json("sources", "x-2")
    assert mine["find"] == "from the issuer" and mine["url"] == "https://example.org/x"
    bad = run("add", "source", "--id", "x-3", "--title", "T", "--date", "2023", "--url", "javascript:alert(1)")
    assert bad.code != 0 and "http:// or https:// address" in bad.stderr and bad.stderr.count("\n") == 1
    assert [r["id"] for r in ok_json("sources") if r["origin"] == "user"] == ["x-2"]


def test_find_and_url_reach_the_sqlite_export_with_descriptions(isolated):
    import sqlite3

    db = isolated / "x.db"
    meta = isolated / "meta.json"
    assert run("export", "--format", "sqlite", str(db), "--metadata", str(meta)).code == 0
    con = sqlite3.connect(db)
    cols = [c[1] for c in con.execute("PRAGMA table_info(sources)")]
    assert cols[-3:] == ["find", "url", "accessed"]
    assert all(f for (f,) in con.execute("SELECT find FROM sources"))
    described = json.loads(meta.read_text())["databases"]["x"]["tables"]["sources"]["columns"]
    assert "find" in described and "url" in described


def test_the_html_page_says_where_to_get_each_document():
    page = run("timeline", "--source", "gov-2011", "--format", "html")
    assert page.code == 0 and "Where to get it: " in page.stdout


# -- 5: a big folder is read once ---------------------------------------------------------------------------


@pytest.fixture
def counted(monkeypatch):
    """Count the files recognised (read and hashed)."""
    seen: list[str] = []
    real = texts._recognise

    def recognise(path: Path) -> str:
        seen.append(path.name)
        return real(path)

    monkeypatch.setattr(texts, "_recognise", recognise)
    return seen


def _folder(tmp: Path, n: int = 40) -> tuple[Path, Source]:
    folder = tmp / "texts"
    folder.mkdir()
    for i in range(n):
        (folder / f"other-{i:03d}.txt").write_text(f"unrelated file {i}\n" * 50)
    (folder / "zz-mine.txt").write_text("1. A paragraph.\n\n2. Another.\n")
    sha = hashlib.sha256((folder / "zz-mine.txt").read_bytes()).hexdigest()
    return folder, Source(id="s", title="t", date="2020", kind="k", issuer="i", voice="other", cite="c", sha256=sha)


def test_a_folder_is_read_once_and_then_only_what_changed(isolated, counted):
    folder, src = _folder(isolated)
    assert texts.find_text(src, folder).name == "zz-mine.txt"
    assert len(set(counted)) == 41 and counted.count("zz-mine.txt") == 2  # each file once; the text checked
    records = list((isolated / "cache" / "hrcli-texts").iterdir())
    assert len(records) == 1 and records[0].name.startswith("folder-")

    counted.clear()
    folder_index.forget()  # a new process
    assert texts.find_text(src, folder).name == "zz-mine.txt"
    assert counted == ["zz-mine.txt"]  # only the text it quotes, to check it is still that text

    counted.clear()
    folder_index.forget()
    (folder / "other-007.txt").write_text("changed\n")
    (folder / "new.txt").write_text("new\n")
    (folder / "other-001.txt").unlink()
    assert set(texts.scan(folder).values()) == set(folder.iterdir())
    assert sorted(counted) == ["new.txt", "other-007.txt"]
    remembered = json.loads(records[0].read_text())["files"]
    assert "other-001.txt" not in remembered and "new.txt" in remembered


def test_a_changed_text_is_never_taken_from_the_record(isolated, counted):
    folder, src = _folder(isolated, n=3)
    assert texts.find_text(src, folder).name == "zz-mine.txt"
    folder_index.forget()
    (folder / "zz-mine.txt").write_text("1. A paragraph.\n\n2. Another, changed.\n")
    with pytest.raises(passages.texts.DataError, match="no text of source s"):
        texts.find_text(src, folder)
    # a record that lies (the cache folder is only a shortcut) is caught by the hash and read again
    (folder / "zz-mine.txt").write_text("1. A paragraph.\n\n2. Another.\n")
    folder_index.forget()
    texts.find_text(src, folder)
    (record,) = (isolated / "cache" / "hrcli-texts").iterdir()
    data = json.loads(record.read_text())
    data["files"]["other-000.txt"][5] = src.sha256
    data["files"]["zz-mine.txt"][5] = None
    record.write_text(json.dumps(data))
    folder_index.forget()
    assert texts.find_text(src, folder).name == "zz-mine.txt"


def test_tab_completion_never_reads_the_folder(isolated, counted):
    folder, src = _folder(isolated)
    with pytest.raises(passages.texts.DataError, match="no text recognised"):
        texts.find_text(src, folder, scan_folder=False)
    assert counted == [] and not (isolated / "cache" / "hrcli-texts").exists()
    texts.find_text(src, folder)  # a command recognises it
    folder_index.forget()
    counted.clear()
    assert texts.find_text(src, folder, scan_folder=False).name == "zz-mine.txt"
    assert counted == ["zz-mine.txt"]


def test_no_cache_means_no_record_and_a_broken_record_only_costs_a_rescan(isolated, counted, monkeypatch):
    folder, src = _folder(isolated, n=3)
    monkeypatch.setenv("HRCLI_NO_CACHE", "1")
    texts.find_text(src, folder)
    assert not (isolated / "cache" / "hrcli-texts").exists()
    monkeypatch.delenv("HRCLI_NO_CACHE")
    folder_index.forget()
    texts.find_text(src, folder)
    (record,) = (isolated / "cache" / "hrcli-texts").iterdir()
    for junk in (b"{not json", b"[" * 100000, json.dumps({"format": 1, "files": 3}).encode()):
        record.write_bytes(junk)
        folder_index.forget()
        counted.clear()
        assert texts.find_text(src, folder).name == "zz-mine.txt" and len(set(counted)) == 4
    # a link planted at the record's name is replaced, never written through
    victim = isolated / "victim.txt"
    victim.write_text("keep")
    record.unlink()
    record.symlink_to(victim)
    folder_index.forget()
    texts.find_text(src, folder)
    assert victim.read_text() == "keep" and not record.is_symlink()


def test_a_texts_folder_with_fifos_and_devices_never_hangs(isolated):
    folder = isolated / "texts"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "big.txt").write_bytes(b"")
    os.truncate(folder / "big.txt", 40 * 1024 * 1024)  # sparse: larger than any source text
    r = hrcli_process(("sources", "link", str(folder)), isolated, timeout=60)
    assert r.returncode == 1 and r.stderr.count(b"\n") == 1 and b"none of the source texts" in r.stderr


# -- 6: a source's text stays inside the user's folders; sources.toml read like every input -------------------

USER_SRC = (
    '[[sources]]\nid = "mine"\ntitle = "T"\ndate = "2023"\nkind = "k"\nissuer = "i"\nvoice = "other"\n'
    'cite = "para. N"\nfile = "{file}"\n\n[[events]]\nid = "mine-1"\nsummary = "s"\nsource = "mine"\n'
    'locator = "para. 1"\ndate = "2023"\n'
)


def _user_source(isolated: Path, file: str) -> Path:
    facts = isolated / "data" / "facts"
    facts.mkdir(parents=True, exist_ok=True)
    (facts / "mine.toml").write_text(USER_SRC.replace("{file}", file), encoding="utf-8")
    return facts


@pytest.mark.parametrize("file", ["/etc/hostname", "../../../../etc/hostname", "sub/../../x.txt"])
def test_a_file_outside_the_facts_folder_is_a_validation_error(isolated, file):
    _user_source(isolated, file)
    r = run("quote", "mine", "para. 1")
    assert r.code == 1 and r.stdout == "" and r.stderr.count("\n") == 1
    assert "field 'file'" in r.stderr and "inside your facts folder" in r.stderr


def test_an_import_cannot_point_a_source_at_etc_hostname(isolated):
    rows = isolated / "srcs.json"
    rows.write_text(
        json.dumps(
            [{"id": "evil", "title": "T", "date": "2023", "kind": "k", "issuer": "i", "voice": "other", "cite": "c"}]
        ).replace('"cite": "c"', '"cite": "c", "file": "/etc/hostname"')
    )
    r = run("import", str(rows), "--kind", "sources")
    assert r.code == 2 and "inside your facts folder" in r.stderr  # a bad input file, as for every field
    assert "evil" not in [s["id"] for s in ok_json("sources")]


def test_a_link_out_of_the_facts_folder_is_refused_everywhere(isolated):
    facts = _user_source(isolated, "t.txt")
    secret = isolated / "secret.txt"
    secret.write_text("1. SECRET host name\n")
    (facts / "t.txt").symlink_to(secret)
    html = ("show", "mine-1", "-p", "--format", "html")
    for args in (("quote", "mine", "para. 1"), ("show", "mine-1", "--passage"), html):
        r = run(*args)
        assert r.code == 1 and "SECRET" not in r.stdout + r.stderr, args
        assert r.stderr.count("\n") == 1 and "refusing 't.txt' as the text of source mine" in r.stderr, args
    (facts / "t.txt").unlink()
    (facts / "t.txt").write_text("1. Inside is fine.\n")
    assert run("quote", "mine", "para. 1").stdout == "1. Inside is fine.\n"


def test_a_text_in_the_linked_folder_may_be_named_too(isolated, monkeypatch):
    _user_source(isolated, "mine.txt")
    folder = isolated / "texts"
    folder.mkdir()
    (folder / "mine.txt").write_text("1. From the texts folder.\n")
    monkeypatch.setenv("HRCLI_SOURCES_DIR", str(folder))
    assert run("quote", "mine", "para. 1").stdout == "1. From the texts folder.\n"


@pytest.mark.parametrize("kind", ["fifo", "huge", "binary", "device"])
def test_a_fifo_huge_binary_or_device_text_is_one_line(isolated, kind):
    facts = _user_source(isolated, "t.txt")
    target = facts / "t.txt"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "huge":
        target.write_bytes(b"")
        os.truncate(target, 40 * 1024 * 1024)
    elif kind == "binary":
        target.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    else:
        os.mknod(target, 0o600 | 0o020000, os.makedev(1, 3)) if os.geteuid() == 0 else target.symlink_to("/dev/null")
    r = hrcli_process(("quote", "mine", "para. 1"), isolated, timeout=60)
    assert r.returncode == 1 and r.stdout == b"" and r.stderr.count(b"\n") == 1, r
    assert b"Traceback" not in r.stderr and b"t.txt" in r.stderr


@pytest.mark.parametrize("kind", ["fifo", "zero", "nested", "long-integer"])
def test_sources_toml_is_read_within_limits(isolated, kind):
    config = isolated / "config"
    config.mkdir()
    link = config / "sources.toml"
    if kind == "fifo":
        os.mkfifo(link)
    elif kind == "zero":
        link.symlink_to("/dev/zero")
    elif kind == "nested":
        link.write_text("dir = " + "[" * 5000 + "]" * 5000 + "\n")
    else:
        link.write_text("dir = " + "9" * 5000 + "\n")
    r = hrcli_process(("quote", "unct-2009", "para. 22"), isolated, timeout=60)
    assert r.returncode == 1 and r.stdout == b"" and r.stderr.count(b"\n") == 1, r
    assert b"sources.toml" in r.stderr and b"hrcli sources link DIR" in r.stderr and b"Traceback" not in r.stderr


def test_a_copy_recognised_by_its_words_is_remembered_too(isolated, sources, monkeypatch):
    """A copy that is not byte for byte the text (CRLF here) is matched by its words once; later calls and TAB
    read only that copy."""
    from hrcli.passages import copies

    folder = isolated / "texts"
    folder.mkdir()
    text = (sources / "000_cd33ae8bd39c83fd.txt").read_text(encoding="utf-8")
    (folder / "my copy.txt").write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    for i in range(30):
        (folder / f"other-{i:02d}.txt").write_text(f"unrelated file {i}\n" * 50)
    monkeypatch.setenv("HRCLI_SOURCES_DIR", str(folder))
    seen: list[str] = []
    real = copies._which

    def which(path: Path):
        seen.append(path.name)
        return real(path)

    monkeypatch.setattr(copies, "_which", which)
    first = run("quote", "gov-2011", "para. 14")
    assert first.code == 0 and "2015" in first.stdout and len(seen) == 31
    for _ in range(2):  # a new process each time: nothing is matched again
        folder_index.forget()
        copies._READ.clear()
        seen.clear()
        assert run("quote", "gov-2011", "para. 14").stdout == first.stdout and seen == []
        assert "para. 14" in passages.source_locators(hrcli_load(), "gov-2011", scan_folder=False)
    (folder / "other-03.txt").write_text("changed\n")
    folder_index.forget()
    assert run("quote", "gov-2011", "para. 1").code == 0 and seen == ["other-03.txt"]


def hrcli_load():
    from hrcli.store import load

    return load()


def test_the_record_of_a_folder_of_100000_files_with_long_names_is_read_back(tmp_path):
    # what each of 100,000 files is, remembered: about 25 MB of record, which must come back, not be rescanned
    folder = tmp_path / "texts"
    folder.mkdir()
    name = "a long file name " * 8
    files = {
        f"{n:06d}-{name}.pdf": [64768, 10**9 + n, 2**20 + n, 17 * 10**17 + n, 2**60 + n, None] for n in range(100_000)
    }
    folder_index._save(folder, "sha256", files)
    record = folder_index._record_file(folder, "sha256")
    assert record.stat().st_size > 16 * 1024 * 1024
    assert folder_index._load(folder, "sha256") == files


# -- issue 12, hard edges ------------------------------------------------------------------------------------------


def test_random_sources_toml_never_crashes(isolated):
    """sources.toml (written by 'sources link') holding random nesting, huge numbers or garbage: quote, show
    --passage and sources still answer in one line with a known exit code, never an internal error."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    link = isolated / "config" / "sources.toml"
    link.parent.mkdir(parents=True)
    text = st.one_of(nested_toml(), st.text(max_size=200), st.builds(lambda d: f'dir = "{d}"\n', st.text(max_size=40)))

    @given(text)
    @settings(max_examples=examples(40), deadline=None, suppress_health_check=list(HealthCheck))
    def check(body):
        link.write_text(body, encoding="utf-8", errors="surrogatepass")
        for args in (("quote", "unct-2009", "para. 1"), ("sources", "--json")):
            r = run(*args)
            assert r.code in (0, 1, 2), (body[:80], args, r)
            assert "Traceback" not in r.stderr and "internal error" not in r.stderr, (body[:80], args, r.stderr)

    check()
