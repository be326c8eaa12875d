"""Every locator lands on its passage: the resolver against the five texts in ../shared/sources/.

The whole-base proof resolves the locator of every bundled record (events, claims, recommendations,
stats, every side of every conflict) and checks that the passage supports it. Exceptions are read
from the record itself (a conflict side marked ``derived``; a year its ``note`` accounts for), never
from a list here.
"""

from __future__ import annotations

import contextlib
import re

import pytest

import hrcli
from conftest import examples, facts_dir, run
from hrcli import passages


@pytest.fixture(scope="module")
def base():
    return hrcli.load(user=False, cache=False)


@pytest.fixture(scope="module")
def texts(base, sources):
    by_hash = passages.scan(sources)
    return {s.id: by_hash[s.sha256].read_text(encoding="utf-8") for s in base.sources.values()}


def _body(text: str) -> str:
    # a printed paragraph number ('22. The total ...') is not evidence for a figure
    return re.sub(r"(?m)^\d{1,2}\. ", "", text)


def evidence(base, texts) -> list[tuple[str, str, str, str, str]]:
    """(record, source, locator, what must be found, why) for every check the base must pass."""
    out = []
    for f in base.facts():
        out.append((f.id, f.source, f.locator, "date", f))
        out.append((f.id, f.source, f.locator, "figures", f))
    for s in base.stats():
        out.append((s.id, s.source, s.locator, "date", s))
        out.append((s.id, s.source, s.locator, "value", s))
    for c in base.conflicts():
        for n, side in enumerate(c.sides, 1):
            out.append((f"{c.id} side {n}", side.source, side.locator, "side", (side, c)))
    return out


def _checked_parts(rec, src) -> list[str]:
    """The parts of a record's date that its passage must carry (each part's year, and its month if it
    has one). Parts that come from the source's own date are left out: the record is dated as of the
    source (claims, pledges), runs up to it ('since May 2007', written in 2009: '2007-05/2009'), or
    starts at it and stays open (planned as of the source: '2009/..')."""
    date = rec.date.strip("?~%")
    if not date or date == src.date:
        return []
    if "/" not in date:
        return [date]
    start, end = date.split("/", 1)
    own = {src.date, *passages.years(src.date)}
    if end in own:
        end = ""
    elif start in own and end == "..":
        start = ""
    return [p for p in (start, end) if p not in ("", "..")]


def _date_words(part: str) -> list[str]:
    """'2009-11-13' -> ['2009', 'November']; seasons ('2015-21') keep only the year."""
    out = [part[:4]]
    if len(part) >= 7 and 1 <= int(part[5:7]) <= 12:
        out.append(passages.MONTHS[int(part[5:7]) - 1])
    return out


def _referred(note: str, source: str, texts: dict[str, str]) -> list[str]:
    """The passages a note points to in the same source ('Dated by the project's period (para. 54).')."""
    out = []
    for loc in re.findall(r"\bparas?\. \d+(?:-\d+)?", note):
        with contextlib.suppress(passages.LocatorError):
            out.append(passages.resolve(source, loc, texts[source]).text)
    return out


def _counted(note: str, value) -> bool:
    """A figure the source does not write but the record counts is explained in its note, in words
    ('Counted from the list of ten countries'); a note that merely repeats the digits explains nothing."""
    words = [p for p in passages.number_patterns(value) if not p.startswith("(?<!")]
    return any(re.search(p, note or "", re.I) for p in words)


def _figures(value) -> list[str]:
    """The numbers a side's value names ('13 families (79 persons), 2007-2008' -> 13, 79, 2007, 2008)."""
    if not isinstance(value, str):
        return [str(value)]
    # an EDTF month ('2009-05') is a year and a month name in prose
    value = re.sub(r"\b(\d{4})-(\d\d)\b", lambda m: f"{m[1]} {passages.MONTHS[int(m[2]) - 1]}", value)
    return [n for n in re.findall(r"[A-Z][a-z]+|\d[\d,]*(?:\.\d+)?", value) if n[0].isdigit() or n in passages.MONTHS]


def _found(text: str, num: str) -> bool:
    num = num.replace(",", "")
    if num in passages.MONTHS:
        return re.search(rf"\b{num}\b", text) is not None
    if re.fullmatch(r"(19|20)\d\d", num):
        return passages.contains_year(text, num)
    return passages.contains_number(text, num.rstrip(",."))


def problems(base, texts, shift: int = 0) -> list[str]:
    """What in the base is not supported by its passage (``shift`` moves every locator's number)."""
    found = []
    for rid, source, locator, what, rec in evidence(base, texts):
        if shift:
            locator = re.sub(r"\d+", lambda m: str(int(m[0]) + shift), locator)
        try:
            p = passages.resolve(source, locator, texts[source])
        except passages.LocatorError as e:
            found.append(f"{rid}: {source} {locator!r} does not resolve: {e}")
            continue
        text = _body(p.text)
        if what == "date":
            note = rec.note or ""
            for part in _checked_parts(rec, base.sources[source]):
                for w in _date_words(part):
                    if _found(text, w) or w in note or any(_found(t, w) for t in _referred(note, source, texts)):
                        continue
                    found.append(f"{rid}: {w} of {rec.date!r} is not in {source} {locator} nor in its note")
        elif what == "figures":
            # a figure the summary states in digits is the source's figure (or the note says where it is from)
            for num in passages.figures_in(rec.summary):
                if re.fullmatch(r"(19|20)\d\d", num) and (num in (rec.note or "")):
                    continue  # a year, like a date's, may be accounted for by the note
                if not _found(text, num) and not _counted(rec.note, num):
                    found.append(f"{rid}: {num} in its summary is not in {source} {locator} nor in its note")
        elif what == "value" and rec.value is None:  # the source gave words, not a number: they must be there
            if " ".join(rec.value_text.split()).casefold() not in " ".join(text.split()).casefold():
                found.append(f"{rid}: value_text {rec.value_text!r} is not in {source} {locator}")
        elif what == "value":
            note = rec.note or ""
            if not passages.contains_number(text, rec.value) and not _counted(note, rec.value):
                found.append(f"{rid}: value {rec.value} is not in {source} {locator} nor in its note")
        elif what == "side":
            side, conflict = rec
            # a derived side is hrcli's arithmetic: the figures it is computed from must be there instead
            nums = _figures(side.says) if side.derived else _figures(side.value)
            for num in nums:
                if not _found(text, num) and not _found(conflict.explanation, num):
                    kind = "derived from" if side.derived else "value"
                    found.append(f"{rid}: {num} ({kind}) is not in {source} {locator} nor in the explanation")
    return found


def test_every_bundled_locator_lands_on_its_supporting_passage(base, texts):
    found = problems(base, texts)
    assert not found, f"{len(found)} problems:\n" + "\n".join(found)


def _checkable(base, texts) -> set[str]:
    """Records the proof can test at all: they carry a figure or a date that is not the source's own."""
    out = set()
    for rid, source, _locator, what, rec in evidence(base, texts):
        if (
            (what == "date" and _checked_parts(rec, base.sources[source]))
            or (what == "figures" and passages.figures_in(rec.summary))
            or what in ("value", "side")
        ):
            out.add(rid.split(" side ")[0])
    return out


@pytest.mark.parametrize("shift", [1, -1])
def test_shifted_locators_fail(base, texts, shift):
    """Moving every locator one paragraph makes the proof fail for most of the records it can check."""
    checkable = _checkable(base, texts)
    flagged = {p.split(":")[0].split(" side ")[0] for p in problems(base, texts, shift=shift)}
    assert len(checkable) > 250
    assert len(flagged & checkable) > 0.75 * len(checkable), (len(flagged & checkable), len(checkable))
    assert {"unct-p21-asylum-total", "unct-p22-asylum-2008", "unct-p36-women-2008"} <= flagged


def test_one_record_moved_by_one_paragraph_is_caught(base, texts):
    rec = base.get("unct-p22-asylum-2008")
    for locator, ok in (("para. 22", True), ("para. 23", False), ("para. 21", False)):
        text = _body(passages.resolve("unct-2009", locator, texts["unct-2009"]).text)
        assert passages.contains_number(text, rec.value) is ok, locator


# ---------------------------------------------------------------- the resolver, quirk by quirk


def q(texts, source, locator):
    return passages.resolve(source, locator, texts[source])


def test_unct_numbered_paragraphs_and_ranges(texts):
    p = q(texts, "unct-2009", "para. 22")
    assert (p.first, p.last) == (148, 152)
    assert p.text.startswith("22. The total number of asylum applications in 2008 was 91")
    assert p.text.endswith("Iran (9 persons).") and "\n" not in p.text
    assert len(passages.locators("unct-2009", texts["unct-2009"])) == 70  # paras 1-69 and fn. 2
    both = q(texts, "unct-2009", "paras. 21-22")
    assert (both.first, both.last) == (145, 152) and both.text.count("\n\n") == 1


def test_unct_artefacts_stay_out_of_paragraphs(texts):
    p48 = q(texts, "unct-2009", "para. 48")
    assert "Soderkoping" not in p48.text and "receptive towards the integration" in p48.text
    fn2 = q(texts, "unct-2009", "fn. 2")
    assert (fn2.first, fn2.last) == (394, 400) and "Soderkoping" in fn2.text
    p24 = q(texts, "unct-2009", "para. 24")
    assert "large families (a large family" in p24.text  # the page-number line '1' is not in it
    p20 = q(texts, "unct-2009", "para. 20")
    assert "Rights of refugees" not in p20.text and p20.last == 143  # the heading after it is not either
    p34 = q(texts, "unct-2009", "para. 34")
    assert "¾" not in p34.text and p34.text.count("\n• ") == 3
    assert "2005-2008 – 354 persons" in q(texts, "unct-2009", "para. 21").text  # '20052008' in the file
    assert "for the years 2008-2010" in q(texts, "unct-2009", "para. 37").text
    with pytest.raises(passages.LocatorError):
        q(texts, "unct-2009", "fn. 1")  # marker only: the extraction has no text for it
    with pytest.raises(passages.LocatorError):
        q(texts, "unct-2009", "para. 70")


def test_every_concrete_locator_a_cite_guide_offers_resolves(base, texts):
    """The guide in each source's ``cite`` names only locators its text has ('fn. 1' of unct-2009 has none)."""
    for src in base.sources.values():
        offered = [loc for loc in re.findall(r"'([^']+)'", src.cite) if not loc.endswith(" N")]
        for loc in offered:
            q(texts, src.id, loc)  # raises LocatorError when the guide promises what the text lacks
    assert "fn. 1" not in base.sources["unct-2009"].cite


def test_gov2011_double_spaced_paragraphs(texts):
    locs = passages.locators("gov-2011", texts["gov-2011"])
    assert locs == [f"para. {n}" for n in range(1, 15)]
    assert q(texts, "gov-2011", "para. 3").text.startswith("On November 13, 2009")
    p14 = q(texts, "gov-2011", "para. 14")
    assert p14.text.startswith("Belarus’ second UPR cycle is due in 2015") and (p14.first, p14.last) == (82, 84)


def test_gov2014_sections_bullets_and_footnotes(texts):
    intro6 = q(texts, "gov-2014", "Annex, introduction, para. 6")
    assert (intro6.first, intro6.last) == (103, 118)
    assert "Available from" not in intro6.text and "to provide assistance in establishing" in intro6.text
    assert q(texts, "gov-2014", "fn. a").text.startswith("a Available from http://mfa.gov.by/press")
    assert q(texts, "gov-2014", "fn. c").first == 206
    assert q(texts, "gov-2014", "UPR, bullet 2").text.startswith("• Second round (December 2013)")
    b2 = q(texts, "gov-2014", "Treaty bodies, bullet 2")
    assert (b2.first, b2.last) == (207, 209) and "August 2013" in b2.text
    assert q(texts, "gov-2014", "Treaty bodies, para. 2").text.startswith("In 2015 and 2016")
    assert q(texts, "gov-2014", "OHCHR, para. 1").text.startswith("Over the period from April to June 2013")
    assert q(texts, "gov-2014", "Letter, para. 2").text.endswith("agenda item 68 (c).")
    assert q(texts, "gov-2014", "upr,  BULLET 4").locator == "upr,  BULLET 4"  # spacing and case do not matter
    counts = {}
    for loc in passages.locators("gov-2014", texts["gov-2014"]):
        head = loc.rpartition(" ")[0]
        counts[head] = counts.get(head, 0) + 1
    # as the source's cite field says: 2 letter paragraphs, 6 before the first heading, 4 rounds, 2 reports, 7
    assert counts == {
        "Letter, para.": 2,
        "Annex, introduction, para.": 6,
        "fn.": 3,
        "UPR, para.": 3,
        "UPR, bullet": 4,
        "Treaty bodies, para.": 3,
        "Treaty bodies, bullet": 2,
        "OHCHR, para.": 7,
    }


def test_gov2007_page_break_joins_start_paragraphs(texts):
    locs = passages.locators("gov-2007", texts["gov-2007"])
    assert locs == [f"Letter, para. {n}" for n in (1, 2, 3)] + [f"Annex, para. {n}" for n in range(1, 22)]
    p10 = q(texts, "gov-2007", "Annex, para. 10")
    assert p10.text.startswith("Sharing principles of non-interference") and p10.first == 76
    assert q(texts, "gov-2007", "Annex, para. 9").last == 75
    assert q(texts, "gov-2007", "Annex, para. 19").text.startswith("At the national level")
    assert q(texts, "gov-2007", "Annex, para. 21").text.endswith("in this sphere.")


def test_mfa_sections_and_navigation_tail(texts):
    locs = passages.locators("mfa-web", texts["mfa-web"])
    heads = {}
    for loc in locs:
        head = loc.rpartition(" ")[0]
        heads[head] = heads.get(head, 0) + 1
    assert heads == {
        "Introduction, para.": 5,
        "Treaty bodies, para.": 3,
        "OHCHR, para.": 6,
        "HRC mechanisms, para.": 6,
        "HRC mechanisms, bullet": 9,
        "Bilateral dialogues, para.": 2,
    }
    assert q(texts, "mfa-web", "Treaty bodies, para. 2").text == "Currently, Belarus has no delays in reporting."
    last = q(texts, "mfa-web", "Bilateral dialogues, para. 2")
    assert "Missions" not in last.text and last.last == 64


def test_plain_layout_counts_blank_line_paragraphs():
    text = "Title line\n\nFirst para\ncontinues.\n\n\nSecond para.\n"
    assert passages.locators("x", text, plain=True) == ["para. 1", "para. 2", "para. 3"]
    p = passages.resolve("x", "para. 2", text, plain=True)
    assert (p.text, p.first, p.last) == ("First para continues.", 3, 4)


def test_unreadable_locator_lists_what_the_source_has(texts):
    with pytest.raises(passages.LocatorError) as e:
        q(texts, "unct-2009", "page 3")
    assert "para. 22" in e.value.known
    assert passages.summary(e.value.known) == "para. 1-69; fn. 2"


def test_numbers_in_prose():
    assert passages.contains_number("a total of 3,265 foreigners", 3265)
    assert passages.contains_number("invitation to nine mandate holders", 9)
    assert passages.contains_number("Adopted thrice since 2000", 3)
    assert passages.contains_number("comprise 31.82% of all", 31.82)
    assert not passages.contains_number("holding 30.4% of the seats", 4)
    assert not passages.contains_number("3,265 foreigners", 265)
    assert passages.contains_year("for the years 2008-2010 and", "2009")
    assert not passages.contains_year("in 20052008 it", "2005")


def test_the_passages_package_stays_in_the_data_layer():
    """It imports only from the domain and data layers: never views, renderers, output, cli or commands."""
    import ast
    from pathlib import Path

    upper = {"view", "render", "html", "output", "cli", "options", "commands"}
    for path in Path(passages.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.level == 2 or (node.module or "").startswith("hrcli")):
                module = (node.module or "").removeprefix("hrcli").lstrip(".")
                names = [module] if module else [a.name for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name.removeprefix("hrcli.") for a in node.names if a.name.startswith("hrcli.")]
            else:
                continue
            assert not upper & {n.split(".")[0] for n in names}, (path.name, ast.unparse(node))


# -- issue 12, hard edges ------------------------------------------------------------------------------------------


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
