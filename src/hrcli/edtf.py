"""A small EDTF (ISO 8601-2) subset: the date forms hrcli's fact files use.

Supported: ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, seasons ``YYYY-21``..``YYYY-24``, a trailing
qualifier ``?`` ``~`` or ``%``, and intervals ``A/B`` whose ends may be open (``..``) or unknown
(empty). The ``edtf`` package validates the full standard but costs ~90 ms to import, so the tests
cross-check this parser against it instead of shipping it.
"""

from __future__ import annotations

import re
from functools import lru_cache  # re imports functools already: no start-up cost

__all__ = ["EDTFError", "bounds", "human", "human_forms", "year_bounds", "horizon", "known_range", "OPEN_LO", "OPEN_HI"]

OPEN_LO = "0000-01-01"
OPEN_HI = "9999-12-31"

# [0-9], not \d: \d also matches other scripts' digits (٢٠٢٣), which would be stored as the date's text
_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?([?~%])?")
# season -> (first month, last month); winter follows the edtf package: December of that year
_SEASONS = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 12)}


class EDTFError(ValueError):
    """A date string outside the supported EDTF subset."""


_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in(year: int, month: int) -> int:
    """Days in a month of the proleptic Gregorian calendar (year 0 a leap year), as calendar.monthrange
    says: importing calendar cost every table ~0.5% of its start-up, since human() checks each date."""
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return 29 if month == 2 and leap else _DAYS[month]


def _one(text: str) -> tuple[str, str]:
    m = _DATE.fullmatch(text)
    if not m:
        raise EDTFError(f"not an EDTF date: {text!r} (expected e.g. 2009, 2009-11, 2009-11-13, 2010/2011)")
    year, month, day = int(m[1]), m[2], m[3]
    if month is None:
        return f"{year:04d}-01-01", f"{year:04d}-12-31"
    mo = int(month)
    if day is None:
        if 1 <= mo <= 12:
            last = _days_in(year, mo)
            return f"{year:04d}-{mo:02d}-01", f"{year:04d}-{mo:02d}-{last:02d}"
        if mo in _SEASONS:
            if m[4]:
                raise EDTFError(f"a season takes no ?, ~ or % qualifier: {text!r}")
            first, final = _SEASONS[mo]
            last = _days_in(year, final)
            return f"{year:04d}-{first:02d}-01", f"{year:04d}-{final:02d}-{last:02d}"
        raise EDTFError(f"month {mo:02d} out of range in {text!r}")
    if not 1 <= mo <= 12:
        raise EDTFError(f"month {mo:02d} out of range in {text!r}")
    d = int(day)
    if not 1 <= d <= _days_in(year, mo):
        raise EDTFError(f"day {d:02d} out of range in {text!r}")
    iso = f"{year:04d}-{mo:02d}-{d:02d}"
    return iso, iso


@lru_cache(maxsize=8192)  # every record's date, at every cache build: a large import repeats few dates
def bounds(text: str) -> tuple[str, str]:
    """Return the earliest and latest ISO day a date or interval may cover.

    Open or unknown ends stretch to OPEN_LO / OPEN_HI. Raises EDTFError for anything else,
    including an interval that ends before it starts.
    """
    if not isinstance(text, str) or not text or text != text.strip():
        raise EDTFError(f"not an EDTF date: {text!r}")
    if "/" not in text:
        return _one(text)
    start, _, end = text.partition("/")
    if "/" in end or (start in {"", ".."} and end in {"", ".."}):
        raise EDTFError(f"not an EDTF interval: {text!r}")
    lo = OPEN_LO if start in {"", ".."} else _one(start)[0]
    hi = OPEN_HI if end in {"", ".."} else _one(end)[1]
    if start not in {"", ".."} and end not in {"", ".."} and _one(end)[1] < _one(start)[0]:
        raise EDTFError(f"interval ends before it starts: {text!r}")
    return lo, hi


def year_bounds(text: str) -> tuple[int, int]:
    """The first and last calendar year a date may fall in (open ends give 0 and 9999)."""
    lo, hi = bounds(text)
    return int(lo[:4]), int(hi[:4])


def horizon(source_date: str) -> str:
    """The last day a source can vouch for: its date's end, or the end of its first year when open ('2022/..')."""
    lo, hi = bounds(source_date)
    return hi if hi != OPEN_HI else lo[:4] + "-12-31"


def known_range(start: str | None, end: str | None, source_horizon: str | None = None) -> tuple[str, str] | None:
    """Where a record sits in time, for --from/--to, ordering, per-year counts and charts: its known days.

    The one home of the rule. ``start``/``end`` are the record's bounds (see bounds()); None when it has no
    date. An open end ('2009/..') means 'still so when the source was written': it reaches the source's
    horizon (never before the start), not every later year. An unknown start ('/2004') is not 'any time
    before': the record sits at its known end.
    """
    if not start or not end:
        return None
    hi = max(source_horizon, start) if end == OPEN_HI and source_horizon else end
    lo = hi if start == OPEN_LO else start
    return lo, hi


# dates written for people (tables, the page); machine formats keep the EDTF text
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_SEASON_NAMES = {21: "spring", 22: "summer", 23: "autumn", 24: "winter"}
# what each form that is not plain calendar words means, for the line under a table
FORM_NOTES = {
    "by": "'by D': ended by D, start not known",
    "on": "'D on': began D and still so when the source was written",
    "?": "'?': the source is unsure of the date",
    "about": "'about D': the date is approximate",
    "from": "'from D (end unknown)': began D, end not known",
    "until": "'until D': began at some time before",
}


def _words(text: str) -> tuple[str, str]:
    """One date as words and its qualifier ('' '?' '~' '%'); the words never say more than the text."""
    m = _DATE.fullmatch(text)
    if not m:
        raise EDTFError(f"not an EDTF date: {text!r}")
    year, month, day, q = m[1], m[2], m[3], m[4] or ""
    if month is None:
        return year, q
    mo = int(month)
    if day is None:
        if 1 <= mo <= 12:
            return f"{_MONTHS[mo - 1]} {year}", q
        if mo in _SEASON_NAMES:
            return f"{_SEASON_NAMES[mo]} {year}", q
        raise EDTFError(f"month {mo:02d} out of range in {text!r}")
    if not 1 <= mo <= 12:
        raise EDTFError(f"month {mo:02d} out of range in {text!r}")
    return f"{int(day)} {_MONTHS[mo - 1]} {year}", q


def _qualified(words: str, q: str) -> str:
    # '?' uncertain, '~' approximate, '%' both (ISO 8601-2)
    return {"": words, "?": words + "?", "~": "about " + words, "%": "about " + words + "?"}[q]


def _span(a: str, b: str, qa: str, qb: str) -> str:
    """Two known ends: the shared year (and month) said once when neither end is qualified."""
    if not qa and not qb:
        wa, wb = a.split(" "), b.split(" ")
        if len(wa) == len(wb) >= 2 and wa[-1] == wb[-1]:  # same year: 'Apr-Jun 2013', 'spring-summer 2015'
            if len(wa) == 3 and wa[1] == wb[1]:  # same month: '3-9 Apr 2007'
                return f"{wa[0]}-{wb[0]} {wa[1]} {wa[2]}"
            return f"{' '.join(wa[:-1])}-{' '.join(wb[:-1])} {wa[-1]}"
    x, y = _qualified(a, qa), _qualified(b, qb)
    return f"{x}-{y}" if " " not in x + y else f"{x} - {y}"


@lru_cache(maxsize=4096)  # a table asks for each date several times while it lays itself out
def human(text: str | None) -> str:
    """An EDTF date or interval written for people: '2015-21' -> 'spring 2015', '/2007-04-09' -> 'by 9 Apr
    2007', '2022/..' -> '2022 on', '2013-04/2013-06' -> 'Apr-Jun 2013', '2009?' -> '2009?'.

    Never more precise or more certain than the text: a year stays a year, a qualifier stays. Text outside
    the supported subset (or empty) is returned as given, so a table never fails on a date.
    """
    if not text:
        return text or ""
    try:
        bounds(text)  # the same checks as everywhere else: a bad date is shown as stored
        if "/" not in text:
            return _qualified(*_words(text))
        start, _, end = text.partition("/")
        if start == "":
            return "by " + _qualified(*_words(end))
        if start == "..":
            return "until " + _qualified(*_words(end))
        if end == "..":
            return _qualified(*_words(start)) + " on"
        if end == "":
            return "from " + _qualified(*_words(start)) + " (end unknown)"
        (a, qa), (b, qb) = _words(start), _words(end)
        return _span(a, b, qa, qb)
    except EDTFError:
        return text


def human_forms(texts) -> list[str]:
    """The notes (FORM_NOTES) that the human() forms of ``texts`` need, in FORM_NOTES order: only forms shown."""
    seen: set[str] = set()
    for t in texts:
        if not t or not isinstance(t, str):
            continue
        try:
            bounds(t)
        except EDTFError:
            continue  # shown as stored: nothing to explain
        h = human(t)
        if h.startswith("by "):
            seen.add("by")
        if h.startswith("until "):
            seen.add("until")
        if h.endswith(" on"):
            seen.add("on")
        if h.endswith(" (end unknown)"):
            seen.add("from")
        if "?" in h:
            seen.add("?")
        if "about " in h:
            seen.add("about")
    return [FORM_NOTES[k] for k in FORM_NOTES if k in seen]
