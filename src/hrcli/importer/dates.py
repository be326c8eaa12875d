"""A spreadsheet cell as a date: the one reader of the dates an import's rows bring.

ISO text passes as written (the validator checks it as EDTF, edtf.parse); a date or datetime cell, a year
typed as a number, an Excel serial day number, day.month.year and slashed dates become ISO days. A slashed
date whose day and month cannot be told apart stays as written, and ``slashed_fix`` says what it may mean.
"""

from __future__ import annotations

import math
import re
from typing import Any

__all__ = ["cell_date", "datetime_text", "slashed_fix"]

_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
# day and month in either order; a year of two or three digits matches too, to be refused with a hint
_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2,4})")
_SLASHED_ISO = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")


def datetime_text(v: Any) -> str | None:
    """A date or datetime cell in ISO form (a datetime at midnight is its day), None for any other cell."""
    import datetime as dt

    if isinstance(v, dt.datetime):
        return v.date().isoformat() if (v.hour, v.minute, v.second) == (0, 0, 0) else v.isoformat(timespec="minutes")
    if isinstance(v, dt.date):
        return v.isoformat()
    return None


def cell_date(v: Any, text: str) -> str:
    """The date to store for a cell ``v`` whose trimmed text is ``text`` (mapping.cell_text)."""
    import datetime as dt

    if isinstance(v, dt.date):  # a datetime too: its text is already ISO
        return text
    if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v):
        n = int(v)
        if n == v and 1000 <= n <= 2999:
            return str(n)  # a year typed as a number
        if n == v and 2999 < n < 2958466:
            # an Excel serial day number (the cell lost its date format)
            return (dt.date(1899, 12, 30) + dt.timedelta(days=n)).isoformat()
    s = text
    m = _DOTTED.fullmatch(s)
    if m:  # 12.05.2023: day.month.year, the only order written with dots
        d, mo, y = (int(x) for x in m.groups())
    elif m := _SLASHED_ISO.fullmatch(s):  # 2023/05/25: a year first is always followed by the month
        y, mo, d = (int(x) for x in m.groups())
    elif (m := _SLASHED.fullmatch(s)) and len(m[3]) == 4:
        # 25/05/2023 or 05/25/2023: only a number above 12 tells the day; 12/05/2023 stays as written, and
        # the validator refuses it with a hint (slashed_fix)
        a, b, y = (int(x) for x in m.groups())
        if a > 12 >= b:
            d, mo = a, b
        elif b > 12 >= a:
            d, mo = b, a
        else:
            return s
    else:
        return s
    try:
        return dt.date(y, mo, d).isoformat()
    except ValueError:
        return s


def slashed_fix(cell: str) -> str:
    """What a slashed date the validator refused may mean, in the form to write ('' for a cell that is none):
    '03/04/2019' is 2019-04-03 or 2019-03-04."""
    m = _SLASHED.fullmatch(cell)
    if not m:
        return ""
    a, b, year = m.groups()
    if len(year) != 4:
        return f"write it as YYYY-MM-DD (in {cell} the order of day and month, and the century, are unknown)"
    first, second = f"{year}-{int(b):02d}-{int(a):02d}", f"{year}-{int(a):02d}-{int(b):02d}"
    unknown = f"in {cell} the order of day and month is unknown"
    return f"write it as {first} if {a} is the day, or {second} if it is the month ({unknown})"
