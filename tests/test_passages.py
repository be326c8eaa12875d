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
from conftest import SHARED
from hrcli import passages

TEXTS = SHARED / "sources"


@pytest.fixture(scope="module")
def base():
    return hrcli.load(user=False, cache=False)


@pytest.fixture(scope="module")
def texts(base):
    by_hash = passages.scan(TEXTS)
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


def _own_years(rec, src) -> set[str]:
    """Years of a record's date that come from the source's own date, not from the passage: the record
    is dated as of the source (claims, pledges), runs up to it ('since May 2007', written in 2009:
    '2007-05/2009'), or starts at it and stays open (planned as of the source: '2009/..')."""
    own = passages.years(src.date)
    if rec.date == src.date:
        return set(own)
    if "/" not in rec.date:
        return set()
    start, end = rec.date.split("/", 1)
    if end in own:
        return {end}
    if start in own and end == "..":
        return {start}
    return set()


def _referred(note: str, source: str, texts: dict[str, str]) -> list[str]:
    """The passages a note points to in the same source ('Dated by the project's period (para. 54).')."""
    out = []
    for loc in re.findall(r"\bparas?\. \d+(?:-\d+)?", note):
        with contextlib.suppress(passages.LocatorError):
            out.append(passages.resolve(source, loc, texts[source]).text)
    return out


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
            own = _own_years(rec, base.sources[source])
            for y in passages.years(rec.date):
                if y in own or passages.contains_year(text, y) or y in note:
                    continue
                if not any(passages.contains_year(t, y) for t in _referred(note, source, texts)):
                    found.append(f"{rid}: year {y} of {rec.date!r} is not in {source} {locator} nor in its note")
        elif what == "figures":
            # a figure the summary states in digits is the source's figure (or the note says where it is from)
            for num in passages.figures_in(rec.summary):
                if not _found(text, num) and num not in (rec.note or ""):
                    found.append(f"{rid}: {num} in its summary is not in {source} {locator} nor in its note")
        elif what == "value":
            note = rec.note or ""
            if not passages.contains_number(text, rec.value) and not passages.contains_number(note, rec.value):
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
