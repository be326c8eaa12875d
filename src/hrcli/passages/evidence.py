"""What a passage must contain: a record's numbers and dates as regexes that find them in prose."""

from __future__ import annotations

import re
from typing import Any

from ..edtf import EDTFError, Point, parse

__all__ = ["evidence_terms", "number_patterns", "figures_in", "contains_number", "years", "contains_year", "MONTHS"]

NUMBER_WORDS = {
    1: "one",
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
    10: "ten",
    11: "eleven",
    12: "twelve",
    15: "fifteen",
    20: "twenty",
}
MULTIPLES = {1: "once", 2: "twice", 3: "thrice"}
ORDINALS = {
    1: "first",
    2: "second",
    3: "third",
    4: "fourth",
    5: "fifth",
    6: "sixth",
    7: "seventh",
    8: "eighth",
    9: "ninth",
    10: "tenth",
    18: "eighteenth",
    19: "nineteenth",
}


def number_patterns(value: Any) -> list[str]:
    """Regexes that find ``value`` in prose: digits (with or without thousands separators) or words."""
    if isinstance(value, bool):
        return []
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        try:
            value = float(value) if "." in value else int(value)
        except ValueError:
            return []
    pats = []
    if isinstance(value, int):
        if value in MULTIPLES:
            pats.append(r"\b" + MULTIPLES[value] + r"\b")
        digits = str(abs(value))
        grouped = f"{abs(value):,}"
        # not inside a longer number or a decimal ('30.4' holds no 4), but 'No.675' holds 675
        pats.append(r"(?<!\d)(?<!\d[.,])(?:" + re.escape(grouped) + "|" + re.escape(digits) + r")(?!\d|[.,]\d)")
        if value in NUMBER_WORDS:
            pats.append(r"\b" + NUMBER_WORDS[value] + r"\b")
        if value in ORDINALS:
            pats.append(r"\b" + ORDINALS[value] + r"\b")
    else:
        text = repr(value).rstrip("0").rstrip(".")
        pats.append(r"(?<!\d)(?<!\d[.,])" + re.escape(text) + r"(?!\d)")
    return pats


def figures_in(text: str) -> list[str]:
    """The numbers written in digits in ``text``, without thousands separators ('3,200-page' -> '3200')."""
    return [n.replace(",", "") for n in re.findall(r"(?<![\w.])\d(?:[\d,]*\d)?(?:\.\d+)?", text)]


def contains_number(text: str, value: Any) -> bool:
    return any(re.search(p, text, re.I) for p in number_patterns(value))


def _points(date: str) -> tuple[Point, ...]:
    """The known dates of an EDTF date (edtf.Date.points); none for text that is no date."""
    try:
        return parse(date).points
    except (EDTFError, TypeError):
        return ()


def years(date: str) -> list[str]:
    """The years an EDTF date names ('2012/2014' -> ['2012', '2014'], '/2007' -> ['2007'])."""
    return list(dict.fromkeys(f"{p.year:04d}" for p in _points(date)))


def contains_year(text: str, year: str) -> bool:
    """A year is in the text as itself, or inside a span of years that the text gives ('2008-2010')."""
    if re.search(rf"(?<!\d){year}(?!\d)", text):
        return True
    y = int(year)
    for a, b in re.findall(r"(?<!\d)((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)(?!\d)", text):
        if int(a) <= y <= int(b):
            return True
    return False


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def evidence_terms(rec: Any) -> list[str]:
    """Regexes for what to highlight in a record's passage: its figures and the parts of its date."""
    pats: list[str] = []
    value = getattr(rec, "value", None)
    if value is not None:
        pats += number_patterns(value)
    elif getattr(rec, "value_text", ""):  # the source's words for a figure it gives as no number
        pats.append(r"\s+".join(map(re.escape, rec.value_text.split())))
    for side in getattr(rec, "sides", ()) or ():
        pats += number_patterns(side.value)
    for num in figures_in(getattr(rec, "summary", "") or ""):
        pats += number_patterns(num)
    date = getattr(rec, "date", "") or ""
    for y in years(date):
        pats.append(rf"(?<!\d){y}(?!\d)")
    for p in _points(date):  # a season names no month
        if p.month is not None:
            pats.append(r"\b" + MONTHS[p.month - 1] + r"\b")
        if p.day is not None:
            pats.append(rf"(?<![\d.,]){p.day}(?!\d)")
    return list(dict.fromkeys(pats))
