"""The EDTF subset parser agrees with the reference `edtf` package on every form hrcli accepts."""

from __future__ import annotations

import time

import edtf as ref
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from hrcli.edtf import OPEN_HI, OPEN_LO, EDTFError, bounds


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
