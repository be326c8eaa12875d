"""The EDTF date value (hrcli.edtf): parsed once, it agrees with the reference `edtf` package on every form hrcli
accepts, and its bounds, words, CSL date-parts, shape and years are functions of it (issue 28)."""

from __future__ import annotations

import time

import edtf as ref
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from hrcli import biblio, html, passages
from hrcli.edtf import (
    FORM_NOTES,
    OPEN_HI,
    OPEN_LO,
    Date,
    EDTFError,
    Point,
    bounds,
    filed_year,
    horizon,
    human,
    human_forms,
    parse,
    year_bounds,
)


def ref_bounds(text: str) -> tuple[str, str]:
    e = ref.parse_edtf(text)
    lo, hi = e.lower_strict(), e.upper_strict()
    fmt = lambda t: time.strftime("%Y-%m-%d", t) if isinstance(t, time.struct_time) else None  # noqa: E731
    return fmt(lo) or OPEN_LO, fmt(hi) or OPEN_HI


@pytest.mark.parametrize(
    ("text", "lo", "hi"),
    [
        ("2009-11-13", "2009-11-13", "2009-11-13"),
        ("2009-12", "2009-12-01", "2009-12-31"),
        ("2011", "2011-01-01", "2011-12-31"),
        ("2010/2011", "2010-01-01", "2011-12-31"),
        ("2014-11/2014-12", "2014-11-01", "2014-12-31"),
        ("2016/..", "2016-01-01", OPEN_HI),
        ("/2007-04-09", OPEN_LO, "2007-04-09"),
        ("2015-21", "2015-03-01", "2015-05-31"),
        ("2008-02", "2008-02-01", "2008-02-29"),
        ("2009~", "2009-01-01", "2009-12-31"),
    ],
)
def test_known_forms(text, lo, hi):
    assert bounds(text) == (lo, hi)


@pytest.mark.parametrize(
    "text",
    [
        "",
        " 2009",
        "2009-13",
        "2009-02-30",
        "2011/2010",
        "09",
        "2009/2010/2011",
        "../..",
        "2009-11-13T10:00",
        "spring 2015",
        "2009-25",
        "2010-05/2010-04",
        "2015-21?",
    ],
)
def test_rejects(text):
    with pytest.raises(EDTFError):
        bounds(text)


years = st.integers(1000, 2999).map(lambda y: f"{y:04d}")


@st.composite
def single(draw):
    y = draw(years)
    kind = draw(st.sampled_from(["y", "ym", "ymd", "season"]))
    if kind == "y":
        s = y
    elif kind == "ym":
        s = f"{y}-{draw(st.integers(1, 12)):02d}"
    elif kind == "season":
        return f"{y}-{draw(st.integers(21, 24))}"  # EDTF allows no qualifier on a season
    else:
        s = f"{y}-{draw(st.integers(1, 12)):02d}-{draw(st.integers(1, 28)):02d}"
    return s + draw(st.sampled_from(["", "", "?", "~", "%"]))


@given(single())
@settings(max_examples=examples(300), deadline=None)
def test_single_dates_match_reference(text):
    assert bounds(text) == ref_bounds(text)


@given(single(), single())
@settings(max_examples=examples(300), deadline=None)
def test_intervals_match_reference(a, b):
    text = f"{a}/{b}"
    try:
        ours = bounds(text)
    except EDTFError:
        # we reject intervals that end before they start; the reference must agree they run backwards
        lo, hi = ref_bounds(a)[0], ref_bounds(b)[1]
        assert hi < lo
        return
    assert ours == ref_bounds(text)


@given(single())
@settings(max_examples=examples(100), deadline=None)
def test_open_intervals_match_reference(a):
    assert bounds(f"{a}/..") == ref_bounds(f"{a}/..")
    assert bounds(f"../{a}") == ref_bounds(f"../{a}")


@given(st.text(alphabet="0123456789-/.~?% X", max_size=24))
@settings(max_examples=examples(500), deadline=None)
def test_we_accept_only_what_the_reference_accepts(text):
    try:
        bounds(text)
    except EDTFError:
        return
    ref.parse_edtf(text)  # raises if our subset accepted something that is not EDTF


def test_known_range_is_the_one_rule_for_where_a_record_sits():
    from hrcli.edtf import horizon, known_range

    assert known_range(None, None) is None
    assert known_range("2009-01-01", "2009-12-31", "2011-12-31") == ("2009-01-01", "2009-12-31")
    # an open end reaches the source's horizon, never before the record's start
    assert known_range("2009-01-01", OPEN_HI, "2011-12-31") == ("2009-01-01", "2011-12-31")
    assert known_range("2015-01-01", OPEN_HI, "2011-12-31") == ("2015-01-01", "2015-01-01")
    assert known_range("2009-01-01", OPEN_HI) == ("2009-01-01", OPEN_HI)
    # an unknown start sits at the known end
    assert known_range(OPEN_LO, "2004-06-30") == ("2004-06-30", "2004-06-30")
    assert horizon("2022/..") == "2022-12-31" and horizon("2011/2012") == "2012-12-31"


def test_month_lengths_are_calendars_for_every_year_a_date_can_have():
    import calendar

    from hrcli.edtf import _days_in

    wrong = [(y, m) for y in range(10000) for m in range(1, 13) if _days_in(y, m) != calendar.monthrange(y, m)[1]]
    assert wrong == []
    assert bounds("2000-02") == ("2000-02-01", "2000-02-29") and bounds("1900-02")[1] == "1900-02-28"
    with pytest.raises(EDTFError):
        bounds("2100-02-29")


# -- the value: parse() once, every reading a function of it ---------------------------------------


def ref_point(text: str) -> tuple[int, int | None, int | None, int | None, str]:
    """(year, month, day, season, qualifier) of one date as the reference package reads it."""
    e = ref.parse_edtf(text)
    d = getattr(e, "date", e)
    season = getattr(d, "season", None)
    month = None if season else getattr(d, "_month", None)
    day = getattr(d, "_day", None)
    q = ""
    if getattr(e, "ua", None) is not None:
        q = {(True, False): "?", (False, True): "~"}.get((e.ua.is_uncertain, e.ua.is_approximate), "%")
    return int(d.year), month and int(month), day and int(day), season and int(season), q


def fields(p: Point) -> tuple:
    return p.year, p.month, p.day, p.season, p.qualifier


@given(single())
@settings(max_examples=examples(300), deadline=None)
def test_a_date_round_trips_and_its_fields_are_the_references(text):
    d = parse(text)
    assert str(d) == text == str(ref.parse_edtf(text))
    assert not d.interval and d.start is d.end
    assert fields(d.start) == ref_point(text)
    assert d.bounds == (d.start.first, d.start.last) == bounds(text)


@given(single(), single(), st.sampled_from(["point", "", ".."]), st.sampled_from(["point", "", ".."]))
@settings(max_examples=examples(300), deadline=None)
def test_an_interval_round_trips_with_its_open_and_unknown_ends(a, b, left, right):
    text = f"{a if left == 'point' else left}/{b if right == 'point' else right}"
    try:
        d = parse(text)
    except EDTFError:
        assert "point" not in (left, right) or (left == right == "point" and bounds(b)[1] < bounds(a)[0])
        return
    assert str(d) == text and d.interval
    assert (d.start is None, d.open_start) == (left != "point", left == "..")
    assert (d.end is None, d.open_end) == (right != "point", right == "..")
    if d.start is not None:
        assert fields(d.start) == ref_point(a)
    if d.end is not None:
        assert fields(d.end) == ref_point(b)
    if "" not in (left, right):  # the reference guesses an unknown end ten years on; we leave it open
        assert d.bounds == ref_bounds(text)
    assert d.bounds == (d.start.first if d.start else OPEN_LO, d.end.last if d.end else OPEN_HI)


def test_the_value_is_read_only_and_cached():
    d = parse("2011-12")
    with pytest.raises(AttributeError):
        d.start = None  # type: ignore[misc]
    with pytest.raises(AttributeError):
        d.start.month = 11  # type: ignore[union-attr,misc]
    with pytest.raises(AttributeError):
        del d.start.month  # type: ignore[union-attr]
    assert parse("2011-12") is d and d == Date(Point(2011, 12)) and hash(d) == hash(Date(Point(2011, 12)))
    assert d != parse("2011-11") and repr(d) == "Date('2011-12')"


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2000-02", "2000-02-01", "2000-02-29"),  # divisible by 400: leap
        ("1900-02", "1900-02-01", "1900-02-28"),  # by 100, not 400: not leap
        ("2004-02", "2004-02-01", "2004-02-29"),
        ("2100-02", "2100-02-01", "2100-02-28"),
        ("2004-02-29", "2004-02-29", "2004-02-29"),
        ("2011-12", "2011-12-01", "2011-12-31"),
        ("2011-11", "2011-11-01", "2011-11-30"),
        ("2011-01", "2011-01-01", "2011-01-31"),
        ("2011-24", "2011-12-01", "2011-12-31"),  # winter is December of its year (as the edtf package says)
        ("2011-21", "2011-03-01", "2011-05-31"),
        ("2011-22", "2011-06-01", "2011-08-31"),
        ("2011-23", "2011-09-01", "2011-11-30"),
    ],
)
def test_month_and_season_edges(text, first, last):
    assert parse(text).bounds == (first, last) == ref_bounds(text)


def test_year_zero_is_a_leap_year_as_in_the_proleptic_gregorian_calendar():
    assert parse("0000-02").bounds == ("0000-02-01", "0000-02-29") and parse("0000-02-29").start.day == 29


@pytest.mark.parametrize("text", ["1900-02-29", "2011-02-29", "2011-04-31", "2011-00", "2011-12-00", "2011-24-01"])
def test_impossible_days_and_months_are_refused(text):
    with pytest.raises(EDTFError):
        parse(text)


@pytest.mark.parametrize(
    ("text", "parts", "words", "shape", "filed", "years"),
    [
        ("2011-12", ({"date-parts": [[2011, 12]]}, ""), "Dec 2011", "range", 2011, ["2011"]),
        ("2011-12-31", ({"date-parts": [[2011, 12, 31]]}, ""), "31 Dec 2011", "point", 2011, ["2011"]),
        ("2011-24", ({"date-parts": [[2011]], "season": 4}, ""), "winter 2011", "range", 2011, ["2011"]),
        ("2011-21", ({"date-parts": [[2011]], "season": 1}, ""), "spring 2011", "range", 2011, ["2011"]),
        ("2011-22", ({"date-parts": [[2011]], "season": 2}, ""), "summer 2011", "range", 2011, ["2011"]),
        ("2011-23", ({"date-parts": [[2011]], "season": 3}, ""), "autumn 2011", "range", 2011, ["2011"]),
        ("2011?", ({"date-parts": [[2011]], "circa": True}, ""), "2011?", "range", 2011, ["2011"]),
        ("2011-12~", ({"date-parts": [[2011, 12]], "circa": True}, ""), "about Dec 2011", "range", 2011, ["2011"]),
        ("2011%", ({"date-parts": [[2011]], "circa": True}, ""), "about 2011?", "range", 2011, ["2011"]),
        ("2010/2011-12", ({"date-parts": [[2010], [2011, 12]]}, ""), "2010 - Dec 2011", "interval", 2010,
         ["2010", "2011"]),
        ("2011-21/2011-24", ({"date-parts": [[2011], [2011]]}, ""), "spring-winter 2011", "interval", 2011, ["2011"]),
        ("2011-12-03/2011-12-09", ({"date-parts": [[2011, 12, 3], [2011, 12, 9]]}, ""), "3-9 Dec 2011", "interval",
         2011, ["2011"]),
        ("2010?/2011", ({"date-parts": [[2010], [2011]]}, ""), "2010?-2011", "interval", 2010, ["2010", "2011"]),
        ("2022/..", ({"date-parts": [[2022]]}, "2022 or later"), "2022 on", "open-end", 2022, ["2022"]),
        ("2022-12/", ({"date-parts": [[2022, 12]]}, "2022 or later"), "from Dec 2022 (end unknown)", "open-end", 2022,
         ["2022"]),
        ("/2007-12", ({"date-parts": [[2007, 12]]}, "2007 or earlier"), "by Dec 2007", "open-start", 2007, ["2007"]),
        ("../2007", ({"date-parts": [[2007]]}, "2007 or earlier"), "until 2007", "open-start", None, ["2007"]),
    ],
)  # fmt: skip
def test_every_reading_is_a_function_of_the_value(text, parts, words, shape, filed, years):
    d = parse(text)
    assert d.csl() == parts and biblio.issued(text) == parts
    assert d.words == human(text) == words
    assert (d.shape, html._shape(text)) == (shape, shape)
    assert d.filed_year == filed_year(text) == filed
    assert d.years == passages.years(text) == years
    assert d.year_bounds == year_bounds(text) == (int(d.bounds[0][:4]), int(d.bounds[1][:4]))


def test_open_and_unknown_ends_differ_only_where_they_should():
    by, until = parse("/2007"), parse("../2007")
    assert by.bounds == until.bounds == (OPEN_LO, "2007-12-31")
    assert (by.open_start, until.open_start) == (False, True)
    assert (by.words, until.words) == ("by 2007", "until 2007")
    assert (by.forms, until.forms) == ({"by"}, {"until"})
    on, unknown = parse("2022/.."), parse("2022/")
    assert on.bounds == unknown.bounds == ("2022-01-01", OPEN_HI)
    assert (on.open_end, unknown.open_end) == (True, False)
    assert (on.forms, unknown.forms) == ({"on"}, {"from"})
    assert horizon("2022/..") == horizon("2022/") == "2022-12-31"


@pytest.mark.parametrize(
    ("text", "forms"),
    [
        ("2009", set()),
        ("2009?", {"?"}),
        ("2009~", {"about"}),
        ("2009%", {"?", "about"}),
        ("2009?/2010~", {"?", "about"}),
    ],
)
def test_qualifiers_say_unsure_and_approximate(text, forms):
    d = parse(text)
    assert d.forms == forms
    assert ("?" in d.words) == ("?" in forms) and ("about " in d.words) == ("about" in forms)
    assert human_forms([text]) == [FORM_NOTES[k] for k in FORM_NOTES if k in forms]


def test_the_passage_terms_of_a_date_name_its_month_and_day_never_a_seasons():
    from types import SimpleNamespace

    terms = lambda date: passages.evidence_terms(SimpleNamespace(date=date))  # noqa: E731
    assert terms("2011-12-09") == [r"(?<!\d)2011(?!\d)", r"\bDecember\b", r"(?<![\d.,])9(?!\d)"]
    assert terms("2011-24") == terms("2011") == [r"(?<!\d)2011(?!\d)"]
    assert terms("2011-01/2012-12") == [r"(?<!\d)2011(?!\d)", r"(?<!\d)2012(?!\d)", r"\bJanuary\b", r"\bDecember\b"]
    assert terms("not a date") == []


@given(single(), single(), st.sampled_from(["point", "", "..", "single"]), st.sampled_from(["point", "", ".."]))
@settings(max_examples=examples(200), deadline=None)
def test_upr_files_a_record_under_the_values_year_from_the_bounds_the_cache_holds(a, b, left, right):
    from types import SimpleNamespace

    from hrcli.cycles import _year

    text = a if left == "single" else f"{a if left == 'point' else left}/{b if right == 'point' else right}"
    try:
        d = parse(text)
    except EDTFError:
        return
    lo, hi = d.bounds
    assert _year(SimpleNamespace(date=text, start=lo, end=hi)) == d.filed_year
    assert _year(SimpleNamespace(date="", start="", end="")) is None


@pytest.mark.parametrize(
    ("text", "year"),
    [("2010", 2010), ("2010-05/", 2010), ("2010/..", 2010), ("/2010-05", 2010), ("../2010", None), ("2009/2010", 2009)],
)
def test_upr_files_each_form_as_the_value_does(text, year):
    from types import SimpleNamespace

    from hrcli.cycles import _year

    lo, hi = bounds(text)
    assert _year(SimpleNamespace(date=text, start=lo, end=hi)) == parse(text).filed_year == year
