"""The UPR views: the counts per cycle and source (FactBase.upr_counts) as a table, the user's recommendations
with the State that made each and the response, and the overview ``hrcli upr`` opens with."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..cycles import COUNT_FIELDS, WHY_MORE, direction
from ..view import DISPUTED, Column, View, marks, place
from ..vocab import VOICE_SHORT
from .records import FACT_COLUMNS, GENERIC_FIELDS, UPR_FIELDS, generic_row, topic_conflicts_view

if TYPE_CHECKING:
    from ..store import FactBase, Query

SUMMARY_FIELDS = COUNT_FIELDS
LIST_FIELDS = (*GENERIC_FIELDS, *UPR_FIELDS)


def summary_row(count: dict[str, Any]) -> dict[str, Any]:
    """A count as the table and the machine formats show it: the disagreements joined, a citation, a short
    voice and a mark."""
    r = dict(count)
    r["disputed"] = ",".join(r["disputed"] or ()) or None
    if r["dataset"] is not None:
        r["cite"] = f"{r['source']}; dataset {r['dataset']}"
    else:
        r["cite"] = place(r["source"], r["locator"]) if r["source"] else ""
    r["voice_short"] = VOICE_SHORT.get(r["voice"] or "", r["voice"] or "")
    # a short mark, explained under the table: disputed, or counted from the user's own dataset
    r["marks"] = DISPUTED if r["disputed"] else marks(None, None, None, r["origin"] or "bundled")
    return r


def summary_view(base: FactBase, query: Query | None = None) -> View:
    """The counts ``query`` keeps, one row per cycle and per source figure."""
    v = View(
        rows=[summary_row(c) for c in base.upr_counts(query)],
        fields=SUMMARY_FIELDS,
        title="UPR recommendations received and accepted, per cycle, as each source counts them",
        columns=(
            Column("cycle", "Cycle", justify="right", no_wrap=True),
            Column("year", "Year", no_wrap=True),
            Column("received", "Received", justify="right", no_wrap=True),
            Column("accepted", "Accepted", justify="right", no_wrap=True),
            Column("marks", "", no_wrap=True),
            Column("cite", "Source, place", ratio=1),
            Column("voice_short", "Voice", no_wrap=True, hide_below=100),
        ),
        sources=base.sources,
        empty="No UPR cycles recorded.",
    )
    if any(r["dataset"] is not None for r in v.rows):
        # a dataset's own responses: noted and other beside accepted (the documents give neither), and why its
        # count can be higher than theirs
        at = next(i for i, c in enumerate(v.columns) if c.key == "accepted") + 1
        unanswered = any(r.get("no_response") for r in v.rows)
        v.columns = (
            *v.columns[:at],
            Column("noted", "Noted", justify="right", no_wrap=True),
            Column("other", "Other", justify="right", no_wrap=True, hide_below=90),
            # rows the file gives no response for: shown when there are any, so the columns add up to Received
            *([Column("no_response", "No resp.", justify="right", no_wrap=True)] if unanswered else []),
            *v.columns[at:],
        )
        v.footer = (WHY_MORE,)
    f = query
    if f is not None and (f.source or f.voice or f.origin or f.disputed or f.year_from or f.year_to):
        v.empty = "No UPR cycle rows match these filters."
    return v


def recommendations_view(
    base: FactBase, query: Query, limit: int | None, disputed: dict[str, list[str]], given: bool = False
) -> tuple[View, int]:
    """The UPR recommendations ``query`` keeps (at most ``limit`` shown), and how many it keeps: those Belarus
    received, or with ``given`` those Belarus made in other States' reviews (``query.state`` then names the
    State under review)."""
    if given:
        from ..cache import names_state

        want = query.state
        recs = [
            r
            for r in base.recommendations(query.replace(state=None, limit=None, all_states=True))
            if direction(r) == "given" and (want is None or names_state(r.state_under_review.strip(), want))
        ]
    else:
        # Belarus's review; with all_states, other States' reviews too (each row then names its State)
        keep = ("received", "other") if query.all_states else ("received",)
        recs = [r for r in base.recommendations(query.replace(limit=None)) if direction(r) in keep]
    rows = [generic_row(r, base, disputed) for r in recs[:limit]]
    title = "Your UPR recommendations, with the State that made each and the response"
    state = Column("recommending_state", "Recommending State", max_width=20)
    if given:
        title = "Recommendations Belarus made in other States' reviews, with that State's response"
        state = Column("state_under_review", "State under review", max_width=20)
    v = View(
        rows=rows,
        fields=LIST_FIELDS,
        title=title,
        columns=(
            Column("cycle", "Cycle", justify="right", no_wrap=True, sub="marks"),
            state,
            Column("response_shown", "Response", max_width=14),
            Column("summary", "Recommendation", ratio=1, sub="ref"),
            Column("cite", "Source, place", max_width=22),
            Column("voice_short", "Voice", no_wrap=True, hide_below=100),
        ),
        sources=base.sources,
        empty="No UPR recommendations match these filters.",
    )
    for r in rows:
        # the counting category, and the dataset's own word beside it when it differs
        word = r["response_text"]
        r["response_shown"] = (r["response"] or "") + (f" ({word})" if word else "")
    if limit is not None and len(recs) > len(rows):
        v.title += f" ({len(rows)} of {len(recs)} shown)"
    return v, len(recs)


def upr_view(
    base: FactBase, query: Query, limit: int | None = None, summary: bool = False, given: bool = False
) -> View:
    """What ``hrcli upr`` prints: the counts alone (``summary``); the recommendations alone when ``query`` asks
    for a cycle, a response or a State; else the counts, then the events and claims, the recommendations, the
    figures and the disagreements, each kept by ``query`` (``limit`` applies to events, claims and
    recommendations). ``given`` lists only the recommendations Belarus made to other States."""
    if summary:
        return summary_view(base, query.replace(limit=limit))
    disputed = base.disputed()
    if given:
        v, total = recommendations_view(base, query, limit, disputed, given=True)
        v.total = total
        v.empty = "No recommendations made by Belarus match these filters."
        return v
    summary_v = summary_view(base, query)
    recs_v, rec_total = recommendations_view(base, query, limit, disputed)
    if query.cycle is not None or query.response is not None or query.state is not None:
        recs_v.total = rec_total
        return recs_v
    facts = base.select(("events", "claims"), query)
    total = len(facts)
    facts = facts[:limit]
    # figures have no status or action: those filters keep events and claims only (as everywhere)
    stats = base.select(("stats",), query)
    fact_rows = [generic_row(r, base, disputed) for r in facts]
    stat_rows = [generic_row(s, base, disputed) for s in stats]
    for r in stat_rows:
        r["shown"] = f"{r['figure']} {r['unit']}"
    events_v = View(
        rows=fact_rows,
        fields=LIST_FIELDS,
        title="UPR: cycles, consultations, implementation claims",
        columns=FACT_COLUMNS,
    )
    stats_v = View(
        rows=stat_rows,
        fields=LIST_FIELDS,
        title="UPR figures, as each source gives them",
        columns=(
            Column("table", "Figure", ratio=1),
            Column("label", "Row", ratio=1),
            Column("shown", "Value", no_wrap=True, justify="right"),
            Column("marks", "", no_wrap=True),
            Column("date", "Date", no_wrap=True),
            Column("cite", "Source, place", max_width=26),
            Column("voice_short", "Voice", no_wrap=True, hide_below=100),
        ),
    )
    conflicts = topic_conflicts_view(base, "upr", "Where the sources disagree on the UPR", query.voice)
    rec_rows = recs_v.rows
    v = View(
        rows=[],
        fields=LIST_FIELDS,
        groups=[summary_v, events_v, *([recs_v] if rec_rows else []), stats_v] + ([conflicts] if conflicts else []),
        records=fact_rows + rec_rows + stat_rows,
        sources=base.sources,
        empty="No UPR records.",
    )
    if limit is not None and total > len(facts):
        events_v.title += f" ({len(facts)} of {total} shown)"
    return v
