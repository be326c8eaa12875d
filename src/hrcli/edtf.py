"""A small EDTF (ISO 8601-2) subset: the date forms hrcli's fact files use, parsed once into a value.

Supported: ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, seasons ``YYYY-21``..``YYYY-24``, a trailing
qualifier ``?`` ``~`` or ``%``, and intervals ``A/B`` whose ends may be open (``..``) or unknown
(empty). ``parse(text)`` gives a ``Date`` (an interval of ``Point``s); its bounds, its words for tables,
its CSL date-parts, the shape it is drawn with and the years it names are all read off that value.
The ``edtf`` package validates the full standard but costs ~90 ms to import, so the tests cross-check
this parser against it instead of shipping it.
"""

from __future__ import annotations

from functools import lru_cache  # re imports functools already: no start-up cost
from typing import Any

from .model import OPEN_HI, OPEN_LO  # the bounds of an unknown start and an open end, as records hold them

__all__ = [
    "EDTFError",
    "Point",
    "Date",
    "parse",
    "bounds",
    "human",
    "human_forms",
    "year_bounds",
    "filed_year",
    "horizon",
    "known_range",
    "undated",
    "OPEN_LO",
    "OPEN_HI",
]


# season -> (first month, last month); winter follows the edtf package: December of that year
_SEASONS = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 12)}
_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_SEASON_NAMES = {21: "spring", 22: "summer", 23: "autumn", 24: "winter"}
_ENDS = ("", "..")  # an interval's unknown and open ends, as written


class EDTFError(ValueError):
    """A date string outside the supported EDTF subset."""


def _days_in(year: int, month: int) -> int:
    """Days in a month of the proleptic Gregorian calendar (year 0 a leap year), as calendar.monthrange
    says: importing calendar cost every table ~0.5% of its start-up, since human() checks each date."""
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return 29 if month == 2 and leap else _DAYS[month]


class _Frozen:
    """Slotted and read-only once made (plain classes: a dataclass costs its creation at every start-up)."""

    __slots__ = ()

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def _key(self) -> tuple:
        return tuple(getattr(self, s) for s in self.__slots__)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._key() == other._key()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"


class Point(_Frozen):
    """One date: a year, with a month (1-12) or a season (21-24), a day within a month, a qualifier.

    ``qualifier`` is '' (as stated), '?' (uncertain), '~' (approximate) or '%' (both). ``first`` and
    ``last`` are the ISO days it may cover.
    """

    __slots__ = ("year", "month", "day", "season", "qualifier", "first", "last")
    year: int
    month: int | None
    day: int | None
    season: int | None
    qualifier: str
    first: str
    last: str

    def __init__(
        self,
        year: int,
        month: int | None = None,
        day: int | None = None,
        season: int | None = None,
        qualifier: str = "",
    ) -> None:
        s = object.__setattr__
        s(self, "year", year)
        s(self, "month", month)
        s(self, "day", day)
        s(self, "season", season)
        s(self, "qualifier", qualifier)
        y = f"{year:04d}"
        if day is not None:
            first = last = f"{y}-{month:02d}-{day:02d}"
        elif month is not None:
            first, last = f"{y}-{month:02d}-01", f"{y}-{month:02d}-{_days_in(year, month):02d}"
        elif season is not None:
            lo, hi = _SEASONS[season]
            first, last = f"{y}-{lo:02d}-01", f"{y}-{hi:02d}-{_days_in(year, hi):02d}"
        else:
            first, last = f"{y}-01-01", f"{y}-12-31"
        s(self, "first", first)
        s(self, "last", last)

    def __str__(self) -> str:
        out = f"{self.year:04d}"
        if self.season is not None:
            out += f"-{self.season}"
        elif self.month is not None:
            out += f"-{self.month:02d}"
            if self.day is not None:
                out += f"-{self.day:02d}"
        return out + self.qualifier

    @property
    def words(self) -> str:
        """The date as people write it, no more precise than it is: '2009', 'Dec 2009', 'winter 2009', '9 Dec 2009'."""
        y = f"{self.year:04d}"
        if self.season is not None:
            return f"{_SEASON_NAMES[self.season]} {y}"
        if self.month is None:
            return y
        if self.day is None:
            return f"{_MONTHS[self.month - 1]} {y}"
        return f"{self.day} {_MONTHS[self.month - 1]} {y}"

    @property
    def qualified(self) -> str:
        """The words with the qualifier said: '?' uncertain, '~' approximate, '%' both (ISO 8601-2)."""
        w, q = self.words, self.qualifier
        return {"": w, "?": w + "?", "~": "about " + w, "%": "about " + w + "?"}[q]

    @property
    def parts(self) -> list[int]:
        """CSL date-parts at the precision given: [year], [year, month] or [year, month, day] (a season: [year])."""
        if self.month is None:
            return [self.year]
        return [self.year, self.month] if self.day is None else [self.year, self.month, self.day]

    @property
    def csl_season(self) -> int | None:
        """CSL's season number (1 spring, 2 summer, 3 autumn, 4 winter), None when the date is no season."""
        return None if self.season is None else self.season - 20


def _point(text: str) -> Point:
    """One date of the subset, checked as the standard says (a real month and day, no qualified season)."""
    q = text[-1:] if text[-1:] in ("?", "~", "%") else ""
    bits = (text[:-1] if q else text).split("-")
    if (
        len(bits) > 3
        or len(bits[0]) != 4
        or any(len(b) != 2 for b in bits[1:])
        or not all(b.isascii() and b.isdigit() for b in bits)  # not \d: other scripts' digits (٢٠٢٣) are no date
    ):
        raise EDTFError(f"not an EDTF date: {text!r} (expected e.g. 2009, 2009-11, 2009-11-13, 2010/2011)")
    year = int(bits[0])
    if len(bits) == 1:
        return Point(year, qualifier=q)
    mo = int(bits[1])
    if len(bits) == 2:
        if 1 <= mo <= 12:
            return Point(year, mo, qualifier=q)
        if mo in _SEASONS:
            if q:
                raise EDTFError(f"a season takes no ?, ~ or % qualifier: {text!r}")
            return Point(year, season=mo)
        raise EDTFError(f"month {mo:02d} out of range in {text!r}")
    if not 1 <= mo <= 12:
        raise EDTFError(f"month {mo:02d} out of range in {text!r}")
    d = int(bits[2])
    if not 1 <= d <= _days_in(year, mo):
        raise EDTFError(f"day {d:02d} out of range in {text!r}")
    return Point(year, mo, d, qualifier=q)


class Date(_Frozen):
    """A date or an interval of dates: ``start`` and ``end`` are Points (the same one for a single date).

    An interval's end that is no Point is open ('..', ``open_start``/``open_end``: 'any time before' /
    'still so') or unknown (empty). ``bounds`` are the earliest and latest ISO days it may cover, an open or
    unknown end stretching to OPEN_LO / OPEN_HI.
    """

    __slots__ = ("start", "end", "interval", "open_start", "open_end", "bounds")
    start: Point | None
    end: Point | None
    interval: bool
    open_start: bool
    open_end: bool
    bounds: tuple[str, str]

    def __init__(
        self,
        start: Point | None,
        end: Point | None = None,
        interval: bool = False,
        open_start: bool = False,
        open_end: bool = False,
    ) -> None:
        s = object.__setattr__
        if not interval:
            end = start
        s(self, "start", start)
        s(self, "end", end)
        s(self, "interval", interval)
        s(self, "open_start", open_start and start is None)
        s(self, "open_end", open_end and end is None)
        s(self, "bounds", (start.first if start else OPEN_LO, end.last if end else OPEN_HI))

    def __str__(self) -> str:
        if not self.interval:
            return str(self.start)
        a = str(self.start) if self.start else ".." if self.open_start else ""
        b = str(self.end) if self.end else ".." if self.open_end else ""
        return f"{a}/{b}"

    @property
    def points(self) -> tuple[Point, ...]:
        """The known dates, in the order written."""
        if not self.interval:
            return (self.start,)  # type: ignore[return-value]
        return tuple(p for p in (self.start, self.end) if p is not None)

    @property
    def year_bounds(self) -> tuple[int, int]:
        """The first and last calendar year the date may fall in (open ends give 0 and 9999)."""
        lo, hi = self.bounds
        return int(lo[:4]), int(hi[:4])

    @property
    def years(self) -> list[str]:
        """The years the date names, as written ('2012/2014' -> ['2012', '2014'], '/2007' -> ['2007'])."""
        return list(dict.fromkeys(f"{p.year:04d}" for p in self.points))

    @property
    def filed_year(self) -> int | None:
        """The year a date is filed under: its start's, or a 'by D' date's D; none for an open start ('../D')."""
        if self.start is not None:
            return self.start.year
        return None if self.open_start else self.end.year  # type: ignore[union-attr]

    @property
    def shape(self) -> str:
        """How the date is drawn: 'point' (a day), 'range' (a month, season or year: somewhere in it),
        'interval' (from/to), 'open-end' or 'open-start' (an open or unknown end)."""
        if self.interval:
            if self.end is None:
                return "open-end"
            if self.start is None:
                return "open-start"
            return "interval"
        return "point" if self.start.day is not None else "range"  # type: ignore[union-attr]

    @property
    def words(self) -> str:
        """The date for people ('spring 2015', 'by 9 Apr 2007', '2022 on', 'Apr-Jun 2013', 'about 2009'):
        never more precise or more certain than the text (see human())."""
        a, b = self.start, self.end
        if not self.interval:
            return a.qualified  # type: ignore[union-attr]
        if a is None:
            return ("until " if self.open_start else "by ") + b.qualified  # type: ignore[union-attr]
        if b is None:
            return a.qualified + " on" if self.open_end else "from " + a.qualified + " (end unknown)"
        if not a.qualifier and not b.qualifier:
            wa, wb = a.words.split(" "), b.words.split(" ")
            if len(wa) == len(wb) >= 2 and wa[-1] == wb[-1]:  # same year: 'Apr-Jun 2013', 'spring-summer 2015'
                if len(wa) == 3 and wa[1] == wb[1]:  # same month: '3-9 Apr 2007'
                    return f"{wa[0]}-{wb[0]} {wa[1]} {wa[2]}"
                return f"{' '.join(wa[:-1])}-{' '.join(wb[:-1])} {wa[-1]}"
        x, y = a.qualified, b.qualified
        return f"{x}-{y}" if " " not in x + y else f"{x} - {y}"

    @property
    def forms(self) -> set[str]:
        """The FORM_NOTES keys that the date's words need explained."""
        out = set()
        if self.interval and self.start is None:
            out.add("until" if self.open_start else "by")
        if self.interval and self.end is None:
            out.add("on" if self.open_end else "from")
        qualifiers = {p.qualifier for p in self.points}
        if qualifiers & {"?", "%"}:
            out.add("?")
        if qualifiers & {"~", "%"}:
            out.add("about")
        return out

    def csl(self) -> tuple[dict[str, Any], str]:
        """CSL ``issued`` at the precision the date has, and a note for what CSL cannot say.

        '2009' -> [[2009]]; '2014-09-29' -> [[2014, 9, 29]]; '2011-24' -> [[2011]] with season 4 (winter);
        '2011/2012' -> a range; '2022/..' -> 2022 with the note '2022 or later'; an uncertain '2009?' keeps
        2009 with 'circa'. Nothing more precise than the date is ever made up.
        """
        a, b = self.start, self.end
        if not self.interval:
            out: dict[str, Any] = {"date-parts": [a.parts]}  # type: ignore[union-attr]
            if a.season is not None:  # type: ignore[union-attr]
                out["season"] = a.csl_season  # type: ignore[union-attr]
            if a.qualifier:  # type: ignore[union-attr]
                out["circa"] = True
            return out, ""
        if a is None:  # '/2007' or '../2007': by then
            return {"date-parts": [b.parts]}, f"{b.year} or earlier"  # type: ignore[union-attr]
        if b is None:
            return {"date-parts": [a.parts]}, f"{a.year} or later"
        return {"date-parts": [a.parts, b.parts]}, ""


@lru_cache(maxsize=8192)  # every record's date, at every cache build: a large import repeats few dates
def parse(text: str) -> Date:
    """The Date a text says; EDTFError for anything outside the subset, an interval that ends before it starts too."""
    if not isinstance(text, str) or not text or text != text.strip():
        raise EDTFError(f"not an EDTF date: {text!r}")
    if "/" not in text:
        return Date(_point(text))
    start, _, end = text.partition("/")
    if "/" in end or (start in _ENDS and end in _ENDS):
        raise EDTFError(f"not an EDTF interval: {text!r}")
    a = None if start in _ENDS else _point(start)
    b = None if end in _ENDS else _point(end)
    if a is not None and b is not None and b.last < a.first:
        raise EDTFError(f"interval ends before it starts: {text!r}")
    return Date(a, b, True, start == "..", end == "..")


def bounds(text: str) -> tuple[str, str]:
    """Return the earliest and latest ISO day a date or interval may cover.

    Open or unknown ends stretch to OPEN_LO / OPEN_HI. Raises EDTFError for anything else,
    including an interval that ends before it starts.
    """
    return parse(text).bounds


def year_bounds(text: str) -> tuple[int, int]:
    """The first and last calendar year a date may fall in (open ends give 0 and 9999)."""
    return parse(text).year_bounds


def filed_year(text: str) -> int | None:
    """The year a date is filed under (Date.filed_year); None for none, or for text that is no date."""
    try:
        return parse(text).filed_year
    except EDTFError:
        return None


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


def undated_record(start: str | None, end: str | None, source_date: str | None) -> bool:
    """A record the source does not date: an unknown start ('/D') ending on the day its source was read, the
    source itself published only 'by' that day (a dataset's '/D'). 'By the day the file was read' says when the
    record was seen, not when it happened: it is no event of D's year (no bar of D's year in a chart) and
    --from/--to keep it only when the whole range up to D is inside them."""
    if start != OPEN_LO or not end or not source_date or not source_date.startswith("/"):
        return False
    try:
        return end == horizon(source_date)
    except EDTFError:
        return False


# what each form that is not plain calendar words means, for the line under a table
FORM_NOTES = {
    "by": "'by D': ended by D, start not known",
    "on": "'D on': began D and still so when the source was written",
    "?": "'?': the source is unsure of the date",
    "about": "'about D': the date is approximate",
    "from": "'from D (end unknown)': began D, end not known",
    "until": "'until D': began at some time before",
}


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
        return parse(text).words
    except EDTFError:
        return text


def human_forms(texts) -> list[str]:
    """The notes (FORM_NOTES) that the human() forms of ``texts`` need, in FORM_NOTES order: only forms shown."""
    seen: set[str] = set()
    for t in texts:
        if not t or not isinstance(t, str):
            continue
        try:
            seen |= parse(t).forms
        except EDTFError:
            continue  # shown as stored: nothing to explain
    return [FORM_NOTES[k] for k in FORM_NOTES if k in seen]


def undated(date: str | None, accessed: str | None) -> bool:
    """A source that states no publication date (a dataset export: its ``date`` only 'by' the day it was read,
    that day its ``accessed``): an unknown start and an end on or after the access day ('/2026-07' read on
    2 July 2026 too). Cited as n.d., never as published that day; a bound the user knows, before the day it was
    read ('/2026-06'), is a date. The one rule for citations, tables, show and html."""
    date = date or ""
    if not accessed or not date.startswith(("/", "../")):
        return False
    try:
        end, day = parse(date).end, parse(accessed).start
    except EDTFError:
        return False
    return end is not None and day is not None and list(end.parts) >= list(day.parts)[: len(end.parts)]


def source_when(date: str | None, accessed: str | None) -> str:
    """A source's date as people read it in a citation or a legend: its publication date in words, or
    'n.d., read D' for an undated one (never the EDTF '/D', which no citation style knows)."""
    return f"n.d., read {human(accessed)}" if undated(date, accessed) else human(date)
