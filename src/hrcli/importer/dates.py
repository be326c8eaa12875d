"""A spreadsheet cell as a date: the one reader of the dates an import's rows bring.

ISO text passes as written (the validator checks it as EDTF, edtf.parse); a date or datetime cell, a year
typed as a number, an Excel serial day number, day.month.year, slashed dates, a datetime at midnight as text
("2010-07-15 00:00:00", as pandas and R write a date column) and dates with a month's English name ("15 July
2010", "15-Jul-2010", "July 15, 2010") become ISO days. A slashed date whose day and month cannot be told
apart (both 12 or under, and not equal) is read in the order its column settles (``column_order``: another
cell of the column with a number above 12), else stays as written, and ``slashed_fix`` says what it may mean.
"""

from __future__ import annotations

import math
import re
from typing import Any

__all__ = [
    "DayOrder",
    "dashboard_refusal",
    "ambiguous",
    "cell_date",
    "column_order",
    "dashboard_date",
    "datetime_text",
    "depositary_ambiguous",
    "depositary_date",
    "depositary_order",
    "slashed_fix",
    "undecided_fix",
]

# five digits, as text: an Excel serial day number (1927-05-18 to 2173-10-14), never an EDTF date (a year of
# five digits is written Y12345)
_SERIAL = re.compile(r"\d{5}(?:\.0+)?")
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
# day and month in either order; a year of two or three digits matches too, to be refused with a hint
_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2,4})")
_SLASHED_ISO = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
# an ISO day with a time of midnight: '2010-07-15 00:00:00', '2010-07-15T00:00:00Z', '2010-07-15T00:00+00:00'
_MIDNIGHT = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]00:00(?::00(?:\.0+)?)?(?:Z|[+-]00:?00)?")
_MONTHS = {m: n for n, names in enumerate(
    [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
     ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
     ("december", "dec")], 1) for m in names}  # fmt: skip
_DAY_NAMED = re.compile(r"(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ -](\d{4})")  # 15 July 2010, 15-Jul-2010
_NAMED_DAY = re.compile(r"([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})")  # July 15, 2010; Jul 15 2010
_DAY_NAMED_SHORT = re.compile(r"(\d{1,2})[ -]([A-Za-z]{3,9})[ -](\d{2})")  # 15-Jul-10, refused with a hint
ORDERS = ("dmy", "mdy")
# a treaty depositary's date cell (UN Treaty Collection status pages): '30 Sep 1992', or a date in another shape
# this module reads (1992-09-30, 30.09.1992); then the action's marker ('a' accession, 'd' succession, 'AA'
# approval ...) and footnote numbers ('30 Sep 1992 a 3', '30 Sep 1992 2, 5'), after spaces or none
# The same cell as a spreadsheet writes it back once opened and saved (the date became a date cell; a cell with a
# marker stays text): '19-Mar-68' or '19-Mar-1968' (Excel's d-mmm-yy), '3/19/1968' or '3/19/68' (a short date
# whose day is over 12), or an Excel serial day number ('24916').
_DEPOSITARY = re.compile(
    r"(?P<date>\d{1,2}[ -][A-Za-z]{3,9}\.?[ -](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2}(?:[T ]00:00(?::00)?)?"
    r"|[A-Za-z]{3,9}\.? \d{1,2},? \d{4}|\d{1,2}-\d{1,2}-\d{4}|\d{1,2}[./]\d{1,2}[./]\d{4}"
    r"|\d{1,2}/\d{1,2}/\d{2}|\d{4}/\d{1,2}/\d{1,2}|\d{5}(?:\.0+)?)"
    r"(?: ?(?P<mark>[A-Za-z]{1,2})(?: ?_N)?| _N)?".replace("_N", r"\d{1,3}(?: ?, ?\d{1,3})*")
)
# A two-digit year in a depositary's date is 1946 or later: the UN Secretary-General has been depositary since
# 1946, so '68' is 1968 and '05' 2005 (the human-rights treaties were opened from 1965 on).
_FIRST_DEPOSITARY_YEAR = 1946


def _full_year(yy: str) -> int:
    """A depositary date's year: four digits as written; two by the rule above (46-99: 19xx, 00-45: 20xx)."""
    y = int(yy)
    if len(yy) != 2:
        return y
    return 1900 + y if 1900 + y >= _FIRST_DEPOSITARY_YEAR else 2000 + y


_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october")
_MONTH_NAMES += ("november", "december")


def datetime_text(v: Any) -> str | None:
    """A date or datetime cell in ISO form (a datetime at midnight is its day), None for any other cell."""
    import datetime as dt

    if isinstance(v, dt.datetime):
        return v.date().isoformat() if (v.hour, v.minute, v.second) == (0, 0, 0) else v.isoformat(timespec="minutes")
    if isinstance(v, dt.date):
        return v.isoformat()
    return None


def _slashed(text: str) -> tuple[int, int, int] | None:
    """The two numbers and the year of a slashed date with a four-digit year ('03/04/2019'), else None."""
    m = _SLASHED.fullmatch(text) if "/" in text else None
    return (int(m[1]), int(m[2]), int(m[3])) if m and len(m[3]) == 4 else None


def ambiguous(v: Any) -> bool:
    """Whether a cell is a slashed date whose order of day and month only its column can tell ('03/04/2019')."""
    got = _slashed(v.strip()) if isinstance(v, str) else None
    return got is not None and got[0] <= 12 and got[1] <= 12 and got[0] != got[1]


def column_order(cells: Any) -> str:
    """The order the slashed dates of a column are written in: 'dmy' when one of them has a first number above
    12 (and none a second), 'mdy' the other way, '' when none tells, 'both' when they disagree (not one order).
    Stops at the first disagreement; one pass otherwise, holding nothing."""
    seen = set()
    for v in cells:
        got = _slashed(v.strip()) if isinstance(v, str) else None
        if got is None:
            continue
        a, b, _y = got
        if a > 12 >= b:
            seen.add("dmy")
        elif b > 12 >= a:
            seen.add("mdy")
        if len(seen) == 2:
            return "both"
    return seen.pop() if seen else ""


def cell_date(v: Any, text: str, order: str = "") -> str:
    """The date to store for a cell ``v`` whose trimmed text is ``text`` (mapping.cell_text); ``order`` ('dmy'
    or 'mdy', from column_order) reads a slashed date whose numbers are both 12 or under."""
    import datetime as dt

    if isinstance(v, dt.date):  # a datetime too: its text is already ISO
        return text
    if isinstance(v, str) and _SERIAL.fullmatch(text):
        v = float(text)  # a CSV column of Excel serial day numbers (saved from a sheet whose dates lost their format)
    if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v):
        n = int(v)
        if n == v and 1000 <= n <= 2999:
            return str(n)  # a year typed as a number
        if n == v and 2999 < n < 2958466:
            # an Excel serial day number (the cell lost its date format)
            return (dt.date(1899, 12, 30) + dt.timedelta(days=n)).isoformat()
    s = text
    if isinstance(v, str) and (m := _MIDNIGHT.fullmatch(s)):
        return m[1]  # a date saved with its time of midnight: the day (the validator checks it)
    m = _DOTTED.fullmatch(s)
    if m:  # 12.05.2023: day.month.year, the only order written with dots
        d, mo, y = (int(x) for x in m.groups())
    elif m := _SLASHED_ISO.fullmatch(s):  # 2023/05/25: a year first is always followed by the month
        y, mo, d = (int(x) for x in m.groups())
    elif (m := _SLASHED.fullmatch(s)) and len(m[3]) == 4:
        # 25/05/2023 or 05/25/2023: only a number above 12 tells the day; 12/05/2023 stays as written, and
        # the validator refuses it with a hint (slashed_fix)
        a, b, y = (int(x) for x in m.groups())
        if a > 12 >= b or (a == b) or (order == "dmy" and a <= 12 and b <= 12):
            d, mo = a, b  # 04/04/2023 is one day whichever comes first
        elif b > 12 >= a or (order == "mdy" and a <= 12 and b <= 12):
            d, mo = b, a
        else:
            return s
    elif (m := _DAY_NAMED.fullmatch(s)) and m[2].lower() in _MONTHS:
        d, mo, y = int(m[1]), _MONTHS[m[2].lower()], int(m[3])
    elif (m := _NAMED_DAY.fullmatch(s)) and m[1].lower() in _MONTHS:
        d, mo, y = int(m[2]), _MONTHS[m[1].lower()], int(m[3])
    else:
        return s
    try:
        return dt.date(y, mo, d).isoformat()
    except ValueError:
        return s


def _depositary_slashed(text: str) -> tuple[int, int] | None:
    """The two numbers of a depositary cell's slashed date ('3/4/1968 a' -> (3, 4)), None for any other cell."""
    m = _DEPOSITARY.fullmatch(" ".join(text.split()))
    got = re.fullmatch(r"(\d{1,2})/(\d{1,2})/\d{2,4}", m["date"]) if m else None
    return (int(got[1]), int(got[2])) if got else None


def depositary_order(text: str) -> str:
    """'mdy' or 'dmy' when a depositary cell's slashed date can be read only one way (3/19/1968: the month
    first), '' for any other cell."""
    got = _depositary_slashed(text)
    if got is None:
        return ""
    a, b = got
    return "dmy" if a > 12 >= b else "mdy" if b > 12 >= a else ""


def depositary_ambiguous(text: str) -> bool:
    """Whether a depositary cell is a slashed date only the order of its column can read (3/4/1968)."""
    got = _depositary_slashed(text)
    return got is not None and got[0] <= 12 and got[1] <= 12 and got[0] != got[1]


def depositary_date(text: str, order: str = "") -> tuple[str, str] | None:
    """A treaty depositary's date cell as (ISO day, marker): '30 Sep 1992 a' -> ('1992-09-30', 'a'); the same for
    '1992-09-30 a', '30 September 1992', '30 Sep 1992 d 4' (a footnote) or any spacing (no-break spaces too), and
    as a spreadsheet saves it: '30-Sep-92', '9/30/1992', '33877' (a two-digit year is 1946 or later), 'Sep 30,
    1992', '1992-09-30 00:00:00', '30-09-1992' (day first, as with dots). ``order`` ('dmy' or 'mdy', the table's:
    depositary_order) reads a slashed date whose day and month are both 12 or under; without it such a date is
    None (depositary_ambiguous tells it apart). ('', '') for an empty cell; None for a cell that is no whole day
    (the caller reports the row)."""
    import datetime as dt

    t = " ".join(text.split())  # str.split() splits at no-break spaces too
    if not t:
        return "", ""
    m = _DEPOSITARY.fullmatch(t)
    if not m:
        return None
    date = m["date"]
    named = re.fullmatch(r"(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ -](\d+)", date)
    if named:  # 30 Sep 1992, 19-Mar-68: a month named in English, in full or cut short ('Sept.')
        d, mon, y = named[1], named[2].casefold(), _full_year(named[3])
        n = next((i for i, name in enumerate(_MONTH_NAMES, 1) if len(mon) >= 3 and name.startswith(mon)), 0)
        date = f"{y:04d}-{n:02d}-{int(d):02d}" if n else ""
    elif (short := _SLASHED.fullmatch(date)) and len(short[3]) == 2:  # 3/19/68: the day told by being over 12
        date = cell_date(date, f"{short[1]}/{short[2]}/{_full_year(short[3])}", order)
    elif dashed := re.fullmatch(r"(\d{1,2})-(\d{1,2})-(\d{4})", date):  # 30-09-1992: day first, as with dots
        date = cell_date(date, f"{dashed[1]}.{dashed[2]}.{dashed[3]}")
    else:
        date = cell_date(date, date, order)
    try:
        return dt.date.fromisoformat(date).isoformat(), m["mark"] or ""
    except ValueError:  # 31 Feb, month 13, or a slashed date whose order of day and month is unknown
        return None


def slashed_fix(cell: str) -> str:
    """What a slashed date the validator refused may mean, in the form to write ('' for a cell that is none):
    '03/04/2019' is 2019-04-03 or 2019-03-04."""
    m = _SLASHED.fullmatch(cell)
    named = _DAY_NAMED_SHORT.fullmatch(cell)
    if named and named[2].lower() in _MONTHS:  # 15-Jul-10: Excel's d-mmm-yy
        return f"write it as YYYY-MM-DD (in {cell} the century is unknown: a year of two digits)"
    if not m:
        return ""
    a, b, year = m.groups()
    if len(year) != 4:
        return f"write it as YYYY-MM-DD (in {cell} the order of day and month, and the century, are unknown)"
    first, second = f"{year}-{int(b):02d}-{int(a):02d}", f"{year}-{int(a):02d}-{int(b):02d}"
    unknown = f"in {cell} the order of day and month is unknown"
    return f"write it as {first} if {a} is the day, or {second} if it is the month ({unknown})"


def dashboard_date(v: Any, text: str) -> str:
    """An OHCHR dashboard date cell ``v`` (trimmed text ``text``): a date cell or serial day number (cell_date), or
    text in the header's own order, dd/mm/yyyy (so 12/05/2023 is 12 May, which a slashed date of unknown order
    could not say); a datetime at midnight as a table saved through pandas writes it is its day."""
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if m:  # a month over 12 is no dd/mm/yyyy date: the cell stays as written, for the caller to refuse
        return f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}" if int(m[2]) <= 12 else text
    m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})[ T]00:00(?::00(?:\.0+)?)?Z?", text)
    if m:
        return m[1]
    if isinstance(v, str) and text:  # the forms a treaty status page's cells take (19-Mar-68, 19-03-1968 ...)
        got = depositary_date(text)
        if got is not None and not got[1]:
            return got[0]
    return cell_date(v, text) if text else ""


def dashboard_refusal(cell: str) -> str:
    """Why a dashboard date cell is refused, the cell quoted as written: '03/19/1968' is no dd/mm/yyyy (month 19)."""
    us = re.fullmatch(r"\d{1,2}/(\d{1,2})/\d{4}", cell)
    why = f"month {int(us[1])}" if us and int(us[1]) > 12 else "not a date"
    return f"{cell!r} is not dd/mm/yyyy, as the export writes its dates: {why}"


def undecided_fix(column: str, order: str, cell: str) -> str:
    """What to do with the slashed dates of a column that does not settle the order of day and month (``order``
    from column_order: '' or 'both'; ``cell``: its first such date): the same for all its rows, so the problem is
    one line."""
    a, b, year = cell.split("/")
    day_first, month_first = f"{year}-{int(b):02d}-{int(a):02d}", f"{year}-{int(a):02d}-{int(b):02d}"
    why = (
        "some dates have the day first and others the month"
        if order == "both"
        else "no date has a number above 12 to tell whether the day or the month comes first"
    )
    return (
        f"in column {column!r} {why}: write them as YYYY-MM-DD ({cell} is {day_first} if {int(a)} is the"
        f" day, {month_first} if it is the month)"
    )


class DayOrder:
    """The order of day and month of a treaty status table's slashed dates (a sheet saved by Excel writes all of
    them in its locale's), told by any date that can be read one way only (3/19/1968), in any row, of any State.
    Iterate it for the rows; ``read`` a row's date cells. The rest of the table is read ahead once, at the first
    date of unknown order (a status page holds a few hundred rows), and only then."""

    def __init__(self, rows: Any, cells_of: Any) -> None:
        self.rows, self.cells_of = rows, cells_of  # the table's rows; a row's cells (none for a broken row)
        self.told: dict[str, tuple[str, str]] = {}  # 'dmy'/'mdy' -> (the first cell that tells it, its row)
        self.used: tuple[str, str, str] | None = None  # (order, cell, row) once a date was read by it

    def _tell(self, where: str, cells: Any) -> None:
        for v in cells:
            got = depositary_order(v)
            if got and got not in self.told:
                self.told[got] = (v, where)

    def __iter__(self) -> Any:
        """The rows, each told on the way; the rest read ahead (once) at the first date of unknown order."""
        rows, looked = iter(self.rows), False
        while (item := next(rows, None)) is not None:
            cells = self.cells_of(item[1])
            self._tell(item[0], cells)
            if not looked and any(depositary_ambiguous(v) for v in cells):
                looked, rest = True, list(rows)
                for w, r in rest:
                    self._tell(w, self.cells_of(r))
                rows = iter(rest)
            yield item

    def read(self, cells: dict[str, str]) -> tuple[str, str]:
        """The order to read a row's date cells ({column: cell}) in, and the problem when one of them needs an
        order the table does not settle ('' when none)."""
        order = next(iter(self.told)) if len(self.told) == 1 else ""
        unsure = [col for col, v in cells.items() if depositary_ambiguous(v)]
        if not unsure:
            return order, ""
        if order:
            self.used = (order, *self.told[order])
            return order, ""
        why = (
            f"the table's dates disagree ({self.told['dmy'][0]!r} has the day first, {self.told['mdy'][0]!r} the month)"
            if len(self.told) == 2
            else "no date of the table has a number above 12 to tell"
        )
        return "", f"{cells[unsure[0]]!r} in {unsure[0]!r} may be dd/mm/yyyy or mm/dd/yyyy: {why}"
