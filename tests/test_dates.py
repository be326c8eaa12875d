"""Dates written for people (tables, the page): every form in the fact base, and a round trip that proves
the words say exactly what the EDTF says: no more precision, no more certainty, nothing lost."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hrcli.edtf import FORM_NOTES, EDTFError, bounds, human, human_forms

FACTS = Path(__file__).resolve().parent.parent / "data" / "facts.toml"
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
SEASONS = {"spring": 21, "summer": 22, "autumn": 23, "winter": 24}


def stored_dates() -> list[str]:
    data = tomllib.loads(FACTS.read_text(encoding="utf-8"))
    out = set()
    for table in data.values():
        for rec in table if isinstance(table, list) else []:
            if isinstance(rec, dict) and isinstance(rec.get("date"), str):
                out.add(rec["date"])
    return sorted(out)


def shape(d: str) -> str:
    return re.sub("[0-9]", "9", d)


# one example of every shape of date the fact base holds, as a person should read it
EXPECTED = {
    "2009": "2009",
    "2011-08": "Aug 2011",
    "2009-11-13": "13 Nov 2009",
    "2015-21": "spring 2015",
    "2020?": "2020?",
    "/2007-04-09": "by 9 Apr 2007",
    "/2009-05": "by May 2009",
    "/2004": "by 2004",
    "2022/..": "2022 on",
    "2002-09/..": "Sep 2002 on",
    "2014-09-29/..": "29 Sep 2014 on",
    "1995/2000": "1995-2000",
    "2007-05/2009": "May 2007 - 2009",
    "2013-04/2013-06": "Apr-Jun 2013",
    "2006-10/2007-04": "Oct 2006 - Apr 2007",
    "2000/2007-04-09": "2000 - 9 Apr 2007",
    # forms the fact base does not hold (yet)
    "2013-04-03/2013-05-09": "3 Apr-9 May 2013",
    "2013-04-03/2013-04-09": "3-9 Apr 2013",
    "2015-21/2015-22": "spring-summer 2015",
    "2009?/2010": "2009?-2010",
    "2009~": "about 2009",
    "2009-05%": "about May 2009?",
    "2009/": "from 2009 (end unknown)",
    "../2009": "until 2009",
}


@pytest.mark.parametrize(("text", "words"), EXPECTED.items())
def test_examples(text, words):
    assert human(text) == words


def test_every_shape_in_the_fact_base_has_an_example():
    missing = {shape(d) for d in stored_dates()} - {shape(d) for d in EXPECTED}
    assert not missing, f"add an example of each to EXPECTED: {sorted(missing)}"


def _one_back(words: str) -> str:
    q = ""
    if words.startswith("about "):
        words, q = words[len("about ") :], "~"
    if words.endswith("?"):
        words, q = words[:-1], "%" if q else "?"
    parts = words.split(" ")
    if len(parts) == 3:
        return f"{parts[2]}-{MONTHS.index(parts[1]) + 1:02d}-{int(parts[0]):02d}{q}"
    if len(parts) == 2:
        mo = SEASONS[parts[0]] if parts[0] in SEASONS else MONTHS.index(parts[0]) + 1
        return f"{parts[1]}-{mo:02d}{q}"
    assert re.fullmatch("[0-9]{4}", parts[0]), words
    return parts[0] + q


def back(words: str) -> str:
    """The EDTF that ``words`` say, read as a person would: the inverse of human()."""
    if words.startswith("by "):
        return "/" + _one_back(words[3:])
    if words.startswith("until "):
        return "../" + _one_back(words[6:])
    if words.endswith(" on"):
        return _one_back(words[:-3]) + "/.."
    if words.startswith("from ") and words.endswith(" (end unknown)"):
        return _one_back(words[5 : -len(" (end unknown)")]) + "/"
    if " - " in words:
        a, b = words.split(" - ")
        return f"{_one_back(a)}/{_one_back(b)}"
    if words.count("-") == 1:  # '1995-2000', 'Apr-Jun 2013', '3 Apr-9 May 2013': the shared tail said once
        a, b = (p.split(" ") for p in words.split("-"))
        return f"{_one_back(' '.join(a + b[len(a) :]))}/{_one_back(' '.join(b))}"
    return _one_back(words)


@pytest.mark.parametrize("text", [*stored_dates(), *EXPECTED])
def test_every_stored_date_reads_back_the_same(text):
    assert back(human(text)) == text


_year = st.integers(1900, 2099).map(lambda y: f"{y:04d}")
_q = st.sampled_from(["", "?", "~", "%"])


@st.composite
def one_date(draw):
    y = draw(_year)
    kind = draw(st.sampled_from(["y", "m", "d", "s"]))
    if kind == "y":
        return y + draw(_q)
    if kind == "s":
        return f"{y}-{draw(st.integers(21, 24))}"
    mo = draw(st.integers(1, 12))
    if kind == "m":
        return f"{y}-{mo:02d}" + draw(_q)
    return f"{y}-{mo:02d}-{draw(st.integers(1, 28)):02d}" + draw(_q)


@st.composite
def any_date(draw):
    a = draw(one_date())
    form = draw(st.sampled_from(["one", "span", "by", "until", "on", "from"]))
    if form == "one":
        return a
    if form == "by":
        return "/" + a
    if form == "until":
        return "../" + a
    if form == "on":
        return a + "/.."
    if form == "from":
        return a + "/"
    b = draw(one_date())
    lo, hi = sorted([a, b], key=lambda d: bounds(d)[0])
    return f"{lo}/{hi}"


@given(any_date())
def test_round_trip(text):
    try:
        bounds(text)
    except EDTFError:
        return  # an interval that ends before it starts: shown as stored, tested below
    assert back(human(text)) == text


@pytest.mark.parametrize("text", ["", "2009-13", "2013-06/2013-04", "soon", "2009-21?"])
def test_what_is_not_a_date_is_shown_as_stored(text):
    assert human(text) == text


def test_the_key_explains_only_forms_shown():
    assert human_forms(["2009", "2011-08", "2015-21", "1995/2000", "not a date"]) == []
    assert human_forms(["/2004"]) == [FORM_NOTES["by"]]
    assert human_forms(["2022/..", "2020?"]) == [FORM_NOTES["on"], FORM_NOTES["?"]]
    assert human_forms(["2009~"]) == [FORM_NOTES["about"]]
    assert human_forms(["2009/"]) == [FORM_NOTES["from"]]
    assert human_forms(["../2009"]) == [FORM_NOTES["until"]]


@pytest.mark.parametrize("cols", ["60", "120"])
def test_tables_write_dates_in_words_and_machine_formats_keep_edtf(isolated, cols):
    from conftest import ok_json, run

    by_id = {r["id"]: r for r in ok_json("timeline", "--kind", "all")}
    for rid, edtf, words in [
        ("g14-upr2-2015-spring-review", "2015-21", "spring 2015"),
        ("g07-wgad-visit", "/2007-04-09", "by 9 Apr 2007"),
        ("mfa-bilateral-eu-2020-suspended", "2020?", "2020?"),
        ("mfa-sdgs-focus", "2022/..", "2022 on"),
    ]:
        assert by_id[rid]["date"] == edtf  # json keeps EDTF
        csv = run("show", rid, "--format", "csv").stdout
        assert f",{edtf}," in csv or f'"{edtf}"' in csv
        table = run("show", rid, env={"COLUMNS": cols}).stdout
        assert (words if words == edtf else f"{words} ({edtf})") in table  # show: words, then the EDTF
    table = run("timeline", "--kind", "all", env={"COLUMNS": cols}).stdout
    lines = table.splitlines()
    for words in ("spring 2015", "by 9 Apr 2007", "2022 on"):
        assert any(line.startswith(words) for line in lines), words
    assert "2015-21" not in table and "/2007-04-09" not in table and "2022/.." not in table
    assert table.count("Dates: ") == 1  # the forms explained once, under the table
    key = " ".join(table[table.index("Dates: ") :].split("Sources")[0].split())
    assert "'by D'" in key and "'D on'" in key and "'?'" in key
