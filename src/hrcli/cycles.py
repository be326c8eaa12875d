"""UPR cycles and the recommendations counted in each: the five documents' figures per cycle and source, and
beside them (never added to them) the count of each UPR dataset the user imported. ``FactBase.upr_counts``
answers these for a Query; ``hrcli upr --summary`` shows them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .cache import HOME, HOME_NAMES, is_home_name, upr_direction  # noqa: F401 (Belarus's names: the cache's)
from .model import OPEN_HI, OPEN_LO

if TYPE_CHECKING:
    from .store import FactBase, Query

# the stats tables that hold each source's count of recommendations, one row per cycle and source
RECEIVED = "UPR recommendations received"
ACCEPTED = "UPR recommendations accepted"

# a count's fields, in order; origin and dataset tell the five documents' figures (bundled) from the counts of a
# dataset the user imported; disputed lists the ids of the disagreements a figure is a side of
COUNT_FIELDS = (
    "cycle",
    "year",
    "received",
    "accepted",
    "noted",
    "other",
    "no_response",
    "source",
    "locator",
    "voice",
    "disputed",
    "origin",
    "dataset",
)


# why a dataset's count can be higher than the documents': said once under the counts
WHY_MORE = (
    "A dataset counts its rows: UPR Info splits a recommendation into its parts, one row each, so its count"
    " can exceed the one the Government or the Working Group report gives."
)


def direction(rec: Any) -> str:
    """Which way a recommendation goes: ``given``, ``received`` or ``other`` (cache.upr_direction, the one rule,
    read off a record's two States)."""
    return upr_direction(getattr(rec, "state_under_review", ""), getattr(rec, "recommending_state", ""))


def _year(rec: Any) -> int | None:
    """edtf.Date.filed_year read off the bounds the cache holds (a listing imports no date parser): the
    start's year, else a 'by D' date's D; none for no date or an open start ('../D')."""
    if rec.start and rec.start != OPEN_LO:
        return int(rec.start[:4])
    return None if not rec.end or rec.end == OPEN_HI or rec.date.startswith("..") else int(rec.end[:4])


def cycles(base: FactBase) -> dict[int, int]:
    """Cycle number by year, from the review events the documents give (done or planned).

    The reviews fall in distinct years (2010, 2015, 2020), so the n-th year is the n-th cycle.
    """
    years = sorted(
        {y for f in base.facts(("events",), mechanism="upr") if f.action == "review" and (y := _year(f)) is not None}
    )
    return {y: n for n, y in enumerate(years, 1)}


def counts(base: FactBase, query: Query | None = None) -> list[dict[str, Any]]:
    """One row per cycle and per source figure (a cycle with no figures keeps a row with empty values), then
    each imported dataset's own rows per cycle, in cycle order: the rows ``query`` keeps (see ``keeps``), at
    most its limit. Each row has the COUNT_FIELDS."""
    rows = _figures(base)
    if query is not None:
        rows = [r for r in rows if keeps(query, r)]
        rows = rows[: query.limit]
    return rows


def keeps(query: Query, row: dict[str, Any]) -> bool:
    """Whether a count passes the filters that mean something for it: the cycle, source, voice, origin,
    disputed and the years (a cycle's year). A cycle's empty row stays only when none but the cycle is given.
    The others (a status, an action, a response, a State, words, a topic) belong to records, not to counts."""
    if query.cycle is not None and row["cycle"] != query.cycle:
        return False
    asked = (query.source, query.voice, query.origin, query.year_from, query.year_to)
    if row["source"] is None:
        return all(a is None for a in asked) and not query.disputed
    year = row["year"]
    return (
        (query.source is None or row["source"] == query.source)
        and (query.voice is None or row["voice"] == query.voice)
        and (query.origin is None or row["origin"] == query.origin)
        and (not query.disputed or bool(row["disputed"]))
        and (query.year_from is None or (year is not None and year >= query.year_from))
        and (query.year_to is None or (year is not None and year <= query.year_to))
    )


def _figures(base: FactBase) -> list[dict[str, Any]]:
    by_year = cycles(base)
    disputed = base.disputed()
    rows: dict[tuple, dict[str, Any]] = {}
    for s in base.stats("upr"):
        if s.table not in (RECEIVED, ACCEPTED):
            continue
        year = _year(s)
        # a count belongs to the latest cycle held by its year (an acceptance can come after the review)
        known = [y for y in by_year if year is not None and y <= year]
        cycle_year = max(known) if known else year
        if cycle_year is not None and cycle_year not in by_year:
            by_year[cycle_year] = len(by_year) + 1
        key = (cycle_year, s.source, s.locator)
        row = rows.setdefault(
            key,
            {
                "cycle": by_year.get(cycle_year) if cycle_year is not None else None,
                "year": cycle_year,
                "received": None,
                "accepted": None,
                "source": s.source,
                "locator": s.locator,
                "voice": base.voice(s.source),
                "disputed": [],
                "origin": s.origin,
                "dataset": None,
            },
        )
        row["received" if s.table == RECEIVED else "accepted"] = s.value
        row["disputed"] += [c for c in disputed.get(s.id, ()) if c not in row["disputed"]]
    out = list(rows.values())
    have = {r["cycle"] for r in out}
    for year, n in by_year.items():
        if n not in have:
            out.append(dict.fromkeys(COUNT_FIELDS) | {"cycle": n, "year": year, "disputed": [], "origin": "bundled"})
    imported = _datasets(base, {n: y for y, n in by_year.items()})
    # the documents' figures first in each cycle, then each imported dataset's counts: beside them, never merged
    return sorted(out + imported, key=lambda r: (r["cycle"] is None, r["cycle"] or 0, r["dataset"] is not None))


def _datasets(base: FactBase, year_of: dict[int, int]) -> list[dict[str, Any]]:
    """One row per cycle, imported dataset and source: the UPR recommendations Belarus received that the user's
    records hold (received) and those answered accepted, noted and otherwise (pending, partly accepted), and those
    the file gives no response for (no_response: the four add up to received), in that source's voice.
    Recommendations Belarus made to other States, and other States' reviews, are never counted
    here (``direction``). A recommendation without a known cycle is counted in a row of its own (cycle empty).
    Records added by hand count as 'your own records'."""
    groups: dict[tuple, dict[str, Any]] = {}
    for r in base.recommendations(origin="user", all_states=True):  # every one, told apart here
        if direction(r) != "received":
            continue
        name = r.imported_from or "your own records"
        row = groups.setdefault(
            (r.cycle, name, r.source),
            {
                "cycle": r.cycle,
                "year": year_of.get(r.cycle) if r.cycle is not None else None,
                "received": 0,
                "accepted": 0,
                "noted": 0,
                "other": 0,
                "no_response": 0,
                "source": r.source,
                "locator": None,
                "voice": base.voice(r.source),
                "disputed": [],
                "origin": r.origin,
                "dataset": name,
            },
        )
        row["received"] += 1
        row["accepted"] += r.response == "accepted"
        row["noted"] += r.response == "noted"
        row["other"] += bool(r.response) and r.response not in ("accepted", "noted")
        row["no_response"] += not r.response  # the file gives none: counted, so the columns add up to received
    return list(groups.values())
