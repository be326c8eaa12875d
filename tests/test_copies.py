"""A user's own copy of each source, in the forms people have, quotes every locator with the reference's
words; a copy that differs is refused at that passage only. Copies are built from ../shared/sources."""

from __future__ import annotations

import json
import os
import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import hrcli
from conftest import REPO, examples, run
from copies import HOSTILE, as_docx, as_html, as_pdf, as_text, hostile, paragraphs, raw_copies
from hrcli import passages
from hrcli.passages import copies, fingerprint, forms, match
from hrcli.passages.normalise import stream, words

FILES = {"gov-2011": "000", "mfa-web": "001", "gov-2014": "002", "gov-2007": "003", "unct-2009": "004"}


@pytest.fixture(autouse=True)
def fresh():
    passages.folder.forget()
    copies._READ.clear()
    yield
    passages.folder.forget()
    copies._READ.clear()


@pytest.fixture(scope="module")
def refs(sources) -> dict[str, str]:
    return {sid: next(sources.glob(f"{n}_*.txt")).read_text(encoding="utf-8") for sid, n in FILES.items()}


def _cited() -> dict[str, set[str]]:
    """source id -> every locator a bundled record cites (ranges included)."""
    base = hrcli.load(user=False)
    out: dict[str, set[str]] = {}
    for rid in base.ids():
        rec = base.get(rid)
        for x in (rec, *(getattr(rec, "sides", ()) or ())):
            if getattr(x, "source", None) in FILES and getattr(x, "locator", ""):
                out.setdefault(x.source, set()).add(x.locator)
    return out


def _copy_bytes(form: str, sid: str, text: str) -> bytes:
    paras = paragraphs(sid, text)
    if form == "pdf":
        return as_pdf(paras, f"Belarus: {sid}", "A/HRC/WG.6/8/BLR/3")
    if form == "html":
        return as_html(paras, "Belarus and the United Nations").encode("utf-8")
    if form == "docx":
        return as_docx(paras)
    if form == "text, utf-16, no numbers":
        return as_text(paras, numbers="strip").encode("utf-16")
    if form == "text, cp1252, numbers added":
        return as_text(paras, width=50, numbers="add", eol="\n").encode("cp1252")
    return as_text(paras).encode("utf-8")  # re-wrapped, CRLF


FORMS = ["pdf", "html", "docx", "text, crlf", "text, utf-16, no numbers", "text, cp1252, numbers added"]
EXACT = {"html", "docx", "text, crlf"}  # forms that keep every character; the others keep the words


@pytest.mark.parametrize("form", FORMS)
def test_every_cited_locator_quotes_the_reference_words_from_a_copy(refs, tmp_path, form):
    cited = _cited()
    for sid, text in refs.items():
        path = tmp_path / f"copy-of-{sid}"
        path.write_bytes(_copy_bytes(form, sid, text))
        c = copies.check(sid, path)
        assert c is not None and c.differs == [], (form, sid, c and c.differs)
        assert c.form == form.partition(",")[0]
        for loc in sorted(cited.get(sid, ())) + passages.locators(sid, text):
            ref = passages.resolve(sid, loc, text).text
            got = copies.quote(c, loc).text
            assert words(got) == words(ref), (form, sid, loc)
            if form in EXACT:
                assert got == ref, (form, sid, loc)
            else:
                assert got.count("\n") == ref.count("\n"), (form, sid, loc)


def test_the_done_when_copies_quote_through_the_cli(refs, tmp_path, monkeypatch):
    folder = tmp_path / "downloads"
    folder.mkdir()
    (folder / "G0916123.pdf").write_bytes(_copy_bytes("pdf", "unct-2009", refs["unct-2009"]))
    (folder / "mfa.gov.by.html").write_bytes(_copy_bytes("html", "mfa-web", refs["mfa-web"]))
    (folder / "summary 2011.txt").write_bytes(_copy_bytes("text, crlf", "gov-2011", refs["gov-2011"]))
    (folder / "unrelated.bin").write_bytes(bytes(range(256)) * 10)
    r = run("sources", "link", str(folder), "--json")
    assert r.code == 0, r.stderr
    rows = {row["id"]: row for row in r.json()}
    assert {k: (v["status"], v["form"]) for k, v in rows.items()} == {
        "gov-2011": ("found", "text"),
        "mfa-web": ("found", "html"),
        "gov-2014": ("missing", ""),
        "gov-2007": ("missing", ""),
        "unct-2009": ("found", "pdf"),
    }
    assert rows["unct-2009"]["verified"] == "70 of 70" and rows["unct-2009"]["file"].endswith("G0916123.pdf")
    monkeypatch.delenv("HRCLI_SOURCES_DIR", raising=False)
    q = run("quote", "unct-2009", "para. 22")
    assert q.code == 0 and q.stderr == ""
    assert q.stdout == passages.resolve("unct-2009", "para. 22", refs["unct-2009"]).text + "\n"
    j = run("quote", "mfa-web", "HRC mechanisms, bullet 8", "--json").json()[0]
    assert j["file"].endswith("mfa.gov.by.html") and j["passage"].startswith("• Special rapporteur")
    s = run("show", "unct-p22-asylum-2008", "--passage", "--json")
    assert s.code == 0 and s.json()[0]["passage"].startswith("22. The total number")
    w = run("show", "mfa-web", "--passage", "--json")  # a source's whole text: every passage, verified
    assert w.code == 0, w.stderr
    assert words(w.json()[0]["passage"]) == [x for _, p in paragraphs("mfa-web", refs["mfa-web"]) for x in words(p)]


def test_a_changed_figure_is_refused_at_that_passage_only(refs, tmp_path, monkeypatch):
    text = refs["unct-2009"]
    assert text.count("3,265") == 1
    at = [loc for loc, p in paragraphs("unct-2009", text) if "3,265" in p]
    assert len(at) == 1
    changed = text.replace("3,265", "3,266")
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "unct.txt").write_bytes(as_text(paragraphs("unct-2009", changed), numbers="strip").encode("utf-8"))
    c = copies.check("unct-2009", folder / "unct.txt")
    assert c.differs == at
    monkeypatch.setenv("HRCLI_SOURCES_DIR", str(folder))
    bad = run("quote", "unct-2009", at[0])
    assert bad.code == 1 and bad.stderr.count("\n") == 1
    assert "unct-2009" in bad.stderr and repr(at[0]) in bad.stderr and "unct.txt" in bad.stderr
    mark, words_there = bad.stdout.splitlines()  # the copy's own words there, marked: the user sees what differs
    assert mark.startswith("[UNVERIFIED: your copy's words at para. 21 (") and "unct.txt, lines " in mark
    ref21 = passages.resolve("unct-2009", "para. 21", text).text
    assert words_there == re.sub(r"^21\. ", "", ref21).replace("3,265", "3,266")
    assert run("quote", "unct-2009", at[0], "--json").stdout == ""  # machine output never carries unverified words
    assert at == ["para. 21"]
    assert run("quote", "unct-2009", "paras. 20-21").code == 1  # a range is refused when one of its passages is
    for loc in ("para. 1", "para. 20", "para. 22", "para. 69", "fn. 2"):
        assert run("quote", "unct-2009", loc).code == 0, loc
    whole = run("show", "unct-2009", "--passage")  # the whole text is refused: one of its passages differs
    assert whole.code == 1 and whole.stderr.strip().endswith("its words differ at para. 21")
    monkeypatch.delenv("HRCLI_SOURCES_DIR")
    r = run("sources", "link", str(folder), "--json")
    (row,) = [x for x in r.json() if x["id"] == "unct-2009"]
    assert row["status"] == "differs" and row["differs"] == at[0] and row["verified"] == "69 of 70"
    assert f"differ from unct-2009 at {at[0]}" in r.stderr


def test_refusals_name_each_differing_passage_and_show_keeps_the_record(refs, tmp_path, monkeypatch):
    text = refs["unct-2009"]
    assert text.count("3,265") == 1 and text.count("30.4%") == 1
    changed = text.replace("3,265", "3,266").replace("30.4%", "304%")
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "unct.txt").write_bytes(changed.encode("utf-8"))
    c = copies.check("unct-2009", folder / "unct.txt")
    assert c.differs == ["para. 21", "para. 36"]
    r = run("sources", "link", str(folder), "--json")
    (row,) = [x for x in r.json() if x["id"] == "unct-2009"]
    assert row["differs"] == "para. 21; para. 36"  # never "para. 21-36": the fourteen between verify
    assert "unct-2009 at para. 21; para. 36;" in r.stderr
    monkeypatch.setenv("HRCLI_SOURCES_DIR", str(folder))
    whole = run("show", "unct-2009", "--passage")
    assert whole.code == 1 and whole.stderr.strip().endswith("its words differ at para. 21; para. 36")
    q = run("quote", "unct-2009", "para. 36")
    assert q.code == 1 and "304% of the seats" in q.stdout and "[UNVERIFIED" in q.stdout
    rid = "unct-p22-asylum-2008"
    fine = run("show", rid, "--passage", "--json")
    assert fine.code == 0 and fine.json()[0]["passage"].startswith("22. ")
    cited = [r for r in run("timeline", "--source", "unct-2009", "--json").json() if r.get("locator") == "para. 21"]
    assert cited, "a bundled record citing para. 21"
    for form in ((), ("--json",)):
        s = run("show", cited[0]["id"], "--passage", *form)
        assert s.code == 1 and cited[0]["id"] in s.stdout  # the record is printed
        assert s.stderr.count("\n") == 1 and "refusing unct-2009 'para. 21'" in s.stderr  # its passage refused
        assert "passage" not in (s.json()[0] if form else {})


def test_a_copy_changed_in_a_long_running_process_is_read_again(refs, tmp_path, monkeypatch):
    """The Python API (a server) holds what it read only while the file's size, times and inode are the same."""
    text = refs["unct-2009"]
    folder = tmp_path / "texts"
    folder.mkdir()
    copy = folder / "unct.txt"
    copy.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    monkeypatch.setenv("HRCLI_SOURCES_DIR", str(folder))
    assert "3,265 foreigners" in passages.quote("unct-2009", "para. 21").text
    st = copy.stat()
    copy.write_bytes(text.replace("3,265", "3,266").replace("\n", "\r\n").encode("utf-8"))  # the same size
    os.utime(copy, ns=(st.st_atime_ns, st.st_mtime_ns))  # and the same mtime: ctime still moves
    with pytest.raises(copies.Refused) as refused:
        passages.quote("unct-2009", "para. 21")
    assert "3,266 foreigners" in refused.value.unverified.text
    assert "para. 22" in passages.quote("unct-2009", "para. 22").locator
    copy.unlink()
    (folder / "again.txt").write_bytes(text.replace("\n", "\r\n").encode("utf-8"))  # another file, in place
    assert "3,265 foreigners" in passages.quote("unct-2009", "para. 21").text


_LIMITED = """
import resource, runpy, sys
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
sys.argv = ["hrcli", *sys.argv[1:]]
runpy.run_module("hrcli", run_name="__main__")
"""


@pytest.mark.parametrize("kind", HOSTILE)
def test_a_hostile_file_ends_in_seconds_within_1_gib_and_the_texts_beside_it_quote(refs, isolated, kind):
    import subprocess
    import sys
    import time

    folder = isolated / "texts"
    folder.mkdir()
    name, data = hostile(kind, passages.resolve("unct-2009", "para. 24", refs["unct-2009"]).text)
    (folder / name).write_bytes(data)
    (folder / "gov.txt").write_bytes(refs["gov-2011"].replace("\n", "\r\n").encode("utf-8"))  # an honest copy
    env = {**os.environ, "HRCLI_DATA_DIR": str(isolated / "d"), "HRCLI_CACHE_DIR": str(isolated / "c")}
    env["HRCLI_CONFIG_DIR"] = str(isolated / "cfg")
    said = []
    for _ in range(2):  # the second call answers from what the first remembered
        start = time.monotonic()
        r = subprocess.run(
            [sys.executable, "-c", _LIMITED, "sources", "link", str(folder), "--json"],
            env=env, capture_output=True, timeout=120,
        )  # fmt: skip
        took = time.monotonic() - start
        assert r.returncode == 0 and b"Traceback" not in r.stderr and b"MemoryError" not in r.stderr, r.stderr
        assert took < 45, (kind, took)  # seconds of a busy machine: before, minutes or a MemoryError
        rows = {row["id"]: row for row in json.loads(r.stdout)}
        assert rows["gov-2011"]["status"] == "found" and rows["gov-2011"]["file"].endswith("gov.txt")
        said.append([ln for ln in r.stderr.decode().splitlines() if name in ln])
    assert said[0] == said[1] and len(said[0]) <= 1
    records = [json.loads(f.read_text()) for f in (isolated / "c" / "hrcli-texts").glob("folder-*.json")]
    remembered = {r["files"][name][5] for r in records if r["recogniser"].startswith("words-")}
    assert remembered in ({None}, {copies.OVER})  # not a copy, and never read again while it is unchanged
    if kind in ("pdf, inflating stream", "docx, nested paragraphs", "text, huge"):  # past the budget: said, once
        assert remembered == {copies.OVER}
        assert said[0] == [f"{folder / name}: too large or too complex to be a copy of a source text; it is"
                           " not read as a copy"]  # fmt: skip


def test_a_file_that_cannot_be_read_is_said_with_its_path(refs, tmp_path, monkeypatch):
    from hrcli import safefile

    folder = tmp_path / "texts"
    folder.mkdir()
    locked = folder / "unct.txt"
    locked.write_bytes(refs["unct-2009"].replace("\n", "\r\n").encode("utf-8"))
    real = safefile.read_bytes

    def read_bytes(path, limit=None):
        if str(path) == str(locked):  # as chmod 000 does for a user who is not root
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, limit)

    monkeypatch.setattr(safefile, "read_bytes", read_bytes)
    monkeypatch.setenv("HRCLI_SOURCES_DIR", str(folder))
    q = run("quote", "unct-2009", "para. 22")
    assert q.code == 1 and q.stderr.count("\n") == 1 and f"{locked}: permission denied" in q.stderr
    monkeypatch.delenv("HRCLI_SOURCES_DIR")
    passages.folder.forget()
    (folder / "gov.txt").write_bytes(refs["gov-2011"].replace("\n", "\r\n").encode("utf-8"))
    r = run("sources", "link", str(folder), "--json")
    assert r.code == 0 and f"{locked}: permission denied; it is not read as a copy" in r.stderr.splitlines()
    (folder / "gov.txt").unlink()
    passages.folder.forget()
    r = run("sources", "link", str(folder), "--json")
    assert r.code == 1 and r.stderr.count("\n") == 1 and f"{locked}: permission denied" in r.stderr
    monkeypatch.setattr(safefile, "read_bytes", real)  # readable again: never remembered as unreadable
    passages.folder.forget()
    monkeypatch.setenv("HRCLI_SOURCES_DIR", str(folder))
    assert run("quote", "unct-2009", "para. 22").code == 0


def test_the_fingerprints_are_those_of_the_texts(refs):
    import importlib.util

    spec = importlib.util.spec_from_file_location("fingerprints_script", REPO / "scripts" / "fingerprints.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    built = {sid: {"sha256": "", "passages": fingerprint.of_text(sid, t)} for sid, t in refs.items()}
    stored = json.loads((REPO / "data" / "fingerprints.json").read_text(encoding="utf-8"))
    assert {k: v["passages"] for k, v in stored.items()} == {k: v["passages"] for k, v in built.items()}
    base = hrcli.load(user=False)
    assert {k: v["sha256"] for k, v in stored.items()} == {s.id: s.sha256 for s in base.sources.values()}
    assert script.render(stored) == (REPO / "data" / "fingerprints.json").read_text(encoding="utf-8")


RAW_FORMS = ["crlf", "trailing newline", "utf-16", "nfd", "bullets as •", "pdf, browser", "pdf, flowed", "html", "docx"]


@pytest.fixture(scope="module")
def raw_names(sources) -> dict[str, str]:
    return {sid: next(sources.glob(f"{n}_*.txt")).name for sid, n in FILES.items()}


@pytest.mark.parametrize("form", RAW_FORMS)
def test_every_passage_verifies_from_an_honest_copy_of_the_raw_text(refs, raw_names, tmp_path, form):
    """The texts as a user has them: the raw document saved another way (its own bullets, page numbers and
    footnotes, not hrcli's parsed paragraphs). Every passage of all five verifies and quotes its words."""
    for sid, text in refs.items():
        path = tmp_path / f"copy-of-{sid}"
        copy_bytes = raw_copies(text, raw_names[sid])
        assert list(copy_bytes) == RAW_FORMS
        path.write_bytes(copy_bytes[form])
        c = copies.check(sid, path)
        assert c is not None and c.verified, (form, sid)
        assert c.differs == [], (form, sid, c.differs)
        for loc in passages.locators(sid, text):
            ref = passages.resolve(sid, loc, text).text
            assert stream(copies.quote(c, loc).text)[0] == stream(ref)[0], (form, sid, loc)


_FIGURE = re.compile(r"(?<![\w.,\-−–])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?")


def _perturb(figure: str, how: str, pick: int) -> str | None:
    """``figure`` changed in one way ('digit', 'point', 'sign', 'percent', 'thousands'), or None."""
    digits = [i for i, c in enumerate(figure) if c.isdigit()]
    if how == "digit":
        i = digits[pick % len(digits)]
        return figure[:i] + str((int(figure[i]) + 1 + pick % 9) % 10) + figure[i + 1 :]
    if how == "point":
        if "." in figure:
            return figure.replace(".", "", 1) if pick % 2 else figure.replace(".", ",", 1)
        body = figure.rstrip("%")
        return body[:-1] + "." + body[-1:] + figure[len(body) :] if len(body) > 1 else None
    if how == "sign":
        return "-" + figure
    if how == "percent":
        return figure[:-1] if figure.endswith("%") else figure + "%"
    if "," in figure:  # thousands
        return figure.replace(",", ".", 1) if pick % 2 else figure.replace(",", "", 1)
    body = figure.split(".")[0].rstrip("%")
    return figure[: len(body) - 3] + "," + figure[len(body) - 3 :] if len(body) >= 4 else None


def _figures(text: str) -> list[re.Match]:
    """The figures of a raw text that are not a paragraph's printed number or a lone page number."""
    out = []
    for m in _FIGURE.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        if not text[line_start : m.start()].strip() and (
            re.match(r"\s*\d+\.\s", line) or not line.strip(" 0123456789") or re.match(r"\s*\d+\s", line)
        ):
            continue  # a paragraph number, a page number or a footnote's label: structure, not a figure
        out.append(m)
    return out


def test_every_figure_of_every_passage_changed_every_way_changes_its_fingerprint(refs):
    """Exhaustive where the property test below samples: each figure in each passage, each way of changing
    it, gives another canonical stream, so the passage's hash no longer verifies."""
    checked = 0
    for sid, text in refs.items():
        for loc in passages.locators(sid, text):
            ref = passages.resolve(sid, loc, text).text
            base = fingerprint.of_passage(ref)["sha"]
            for m in _FIGURE.finditer(ref):
                if m.start() == 0:
                    continue  # the passage's printed number: its lead-in, not its words
                for how in ("digit", "point", "sign", "percent", "thousands"):
                    for pick in (0, 1):
                        changed = _perturb(m.group(0), how, pick)
                        if changed is None or changed == m.group(0):
                            continue
                        bad = ref[: m.start()] + changed + ref[m.end() :]
                        assert fingerprint.of_passage(bad)["sha"] != base, (sid, loc, m.group(0), changed)
                        checked += 1
    assert checked > 1000, checked


@given(
    sid=st.sampled_from(sorted(FILES)),
    which=st.integers(0, 10_000),
    how=st.sampled_from(["digit", "point", "sign", "percent", "thousands"]),
    pick=st.integers(0, 100),
    form=st.sampled_from(["crlf", "html", "nfd"]),
)
@settings(max_examples=examples(100), deadline=None)
def test_a_perturbed_figure_is_refused_at_its_passage_and_only_there(refs, raw_names, sid, which, how, pick, form):
    import tempfile
    from pathlib import Path

    text = refs[sid]
    figures = _figures(text)
    assert figures, sid
    m = figures[which % len(figures)]
    changed = _perturb(m.group(0), how, pick)
    assume(changed is not None and changed != m.group(0))
    bad = text[: m.start()] + changed + text[m.end() :]
    locs = passages.locators(sid, text)
    assume(passages.locators(sid, bad) == locs)
    # the oracle is the reference reading of the changed text, not the matcher: the passages whose words changed
    expected = [loc for loc in locs if passages.resolve(sid, loc, bad).text != passages.resolve(sid, loc, text).text]
    assume(expected)
    copies._READ.clear()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "copy.txt"
        path.write_bytes(raw_copies(bad, raw_names[sid], forms=(form,))[form])
        c = copies.check(sid, path)
        assert c is not None
        assert c.differs == expected, (sid, m.group(0), changed, form)
        assert len(c.verified) == len(locs) - len(expected)


# ---------------------------------------------------------------- no ../shared needed below


def test_the_fingerprints_hold_no_words_of_the_texts():
    stored = json.loads((REPO / "data" / "fingerprints.json").read_text(encoding="utf-8"))
    assert set(stored) == set(FILES)
    for entry in stored.values():
        for fp in entry["passages"].values():
            assert set(fp) <= {"n", "sha", "head", "tail", "head12", "tail12", "lead", "breaks", "hyph"}
            hashes = [fp[k] for k in ("sha", "head", "tail", "head12", "tail12") if k in fp]
            assert len(hashes) == 5 and all(re.fullmatch(r"[0-9a-f]{16}", h) for h in hashes)
            marks = [fp.get("lead", "")] + [m for _, m in fp.get("breaks", ())]
            assert not any(c.isalpha() for m in marks for c in m), marks


MADE_UP = (
    "The committee met in Minsk on 3 May and heard twelve wit-\nnesses about the water-supply plan for the "
    "northern districts.\n• The plan costs 4,500 roubles a year;\n• it ends in 2012."
)


def _made_up_copy(body: str) -> match.Copy:
    return match.Copy(body)


def test_a_passage_is_found_across_page_furniture_and_hyphens():
    fp = fingerprint.of_passage("7. " + MADE_UP.replace("wit-\nnesses", "witnesses"))
    copy = (
        "Another paragraph before it.\n"
        "The committee met in Minsk on 3 May and heard twelve wit-\n"
        "Committee report\n"
        "4\n"
        "GE.12-40000\n"
        "Committee report\n"
        "nesses about the water-\nsupply plan for the northern districts.\n"
        "- The plan costs 4,500 roubles a year;\n"
        "- it ends in 2012.\n"
        "Committee report\n"
    )
    c = match.Copy(copy)
    f = match.find(fp, c)
    assert f is not None
    text, first, last = match.text_of(fp, c, f)
    assert text == (
        "7. The committee met in Minsk on 3 May and heard twelve witnesses about the water-supply plan for the "
        "northern districts.\n• The plan costs 4,500 roubles a year;\n• it ends in 2012."
    )
    assert (first, last) == (2, 10)
    assert match.find(fp, match.Copy(copy.replace("4,500", "4,600"))) is None
    assert match.find(fp, match.Copy(copy.replace("twelve", "twelve brave"))) is None


def test_a_footnote_block_inside_a_paragraph_is_left_out():
    fp = fingerprint.of_passage("Asylum seekers came from Georgia and from Afghanistan in that year.")
    copy = (
        "Asylum seekers came from Georgia and\n1 Source: the national migration office.\n"
        "from Afghanistan in that year.\n"
    )
    c = match.Copy(copy)
    f = match.find(fp, c)
    assert (
        f is not None
        and match.text_of(fp, c, f)[0] == "Asylum seekers came from Georgia and from Afghanistan in that year."
    )


def test_forms_are_read_whatever_the_encoding():
    s = "Belarus’ report – “first” ﬁnal\r\nline two\r\n"
    for enc in ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252"):
        data = s.replace("ﬁ", "fi").encode(enc) if enc == "cp1252" else s.encode(enc)
        form, text = forms.read_form(data, "x.txt")
        assert form == "text" and text.startswith("Belarus’ report – “first”") and "\r" not in text, enc
    assert words(s) == ["belarus", "report", "first", "final", "line", "two"]
    assert forms.sniff(bytes(range(256))) is None


def test_a_saved_web_page_keeps_its_text_and_drops_navigation():
    page = (
        "<!doctype html><html><head><title>T</title><style>p{}</style></head><body>"
        "<nav><a>Home</a><a>Treaty bodies</a></nav><script>var x = 'secret';</script>"
        "<h2>Treaty bodies</h2><p>Belarus reports &amp; <b>cooperates</b>.</p><ul><li>One</li><li>Two</li></ul>"
        "<footer>Diplomatic Missions</footer></body></html>"
    )
    form, text = forms.read_form(page.encode("utf-8"), "page")
    assert form == "html"
    assert text == "Treaty bodies\n\nBelarus reports & cooperates.\n\n• One\n\n• Two\n"


def test_a_docx_is_read_and_a_zip_bomb_is_not(tmp_path):
    data = as_docx([("para. 1", "First paragraph.\n• a bullet")])
    assert forms.read_form(data, "a.docx") == ("docx", "First paragraph.\n\n• a bullet")
    with pytest.raises(hrcli.errors.DataError):
        forms.read_form(b"PK\x03\x04 not really a zip word/", "b.docx")


def test_a_docx_paragraph_is_read_from_its_own_runs_once():
    import io
    import zipfile

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    xml = (
        f"<w:document xmlns:w='{w}'><w:body><w:p><w:r><w:t>Outer starts</w:t></w:r>"
        "<w:r><w:txbxContent><w:p><w:r><w:t>inner box</w:t></w:r></w:p></w:txbxContent></w:r>"
        "<w:r><w:t xml:space='preserve'> outer ends</w:t></w:r></w:p>"
        "<w:p><w:pPr><w:numPr><w:numId w:val='1'/></w:numPr></w:pPr><w:r><w:t>a bullet</w:t></w:r></w:p>"
        "</w:body></w:document>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", xml)
    form, text = forms.read_form(buf.getvalue(), "a.docx")
    assert (form, text) == ("docx", "inner box\n\nOuter starts outer ends\n\n• a bullet")


def test_a_web_page_is_read_in_one_pass_whatever_its_markup():
    import time

    page = (
        "<!doctype html><html><head><title>T</title></head><body><!-- a <p>comment</p> -->"
        "<script>if (a < b) { document.write('<p>no</p>') }</script><div role='navigation'><p>Menu"
        "<div><span>deep</div></div><p>Belarus &amp; the UN: 3&nbsp;265 &lt;persons&gt;<br/>next"
        "<ul><li>one<li>two</ul><p>last <b"
    )
    assert forms.read_form(page.encode(), "p.html") == (
        "html",
        "Belarus & the UN: 3 265 <persons>\nnext\n\n• one\n\n• two\n\nlast\n",
    )
    for hostile_page in (
        "<html><body>" + "<p<a <b x='" * 30000,
        "<html><body>" + "<nav><div>" * 30000 + "</span>" * 60000,
    ):
        start = time.process_time()
        forms.read_form(hostile_page.encode(), "h.html")
        assert time.process_time() - start < 2  # html.parser took minutes on these
    with pytest.raises(forms.OverBudget):
        forms.read_form(b"<html><body>" + b"<p>words and words</p>" * 50000, "big.html", forms.Budget(100_000, 10))
