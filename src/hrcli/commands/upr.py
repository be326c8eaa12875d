"""``hrcli upr``: review cycles, recommendations received and accepted, implementation, consultations."""

from typing import Annotated, Any

import typer

from .. import options as o
from ..output import emit
from ..view import DISPUTED, Column, View
from ..views.records import FACT_COLUMNS, GENERIC_FIELDS, generic_row, topic_conflicts_view
from ..vocab import VOICE_SHORT
from .common import load_base, require_source

SUMMARY_FIELDS = ("cycle", "year", "received", "accepted", "source", "locator", "voice", "disputed")

# the stats tables that hold each source's count of recommendations, one row per cycle and source
RECEIVED = "UPR recommendations received"
ACCEPTED = "UPR recommendations accepted"

HELP = f"""Universal Periodic Review: the cycles, recommendations received and accepted (both values where
sources disagree), implementation claims, mid-term reporting and national consultations.

The table view opens with one row per cycle and per source figure; --summary prints only that.
Filters (--from, --to, --source, --voice, --status, --action, --origin, --disputed) keep the same
events, claims and figures below it as in timeline and search; --status and --action keep events
and claims only (figures have neither). --limit applies to
the events and claims.

Fields: {", ".join(GENERIC_FIELDS)} (kind is event, claim or stat; stat rows carry table/label/value/unit).
With --summary: {", ".join(SUMMARY_FIELDS)}.
"""


def upr(
    ctx: typer.Context,
    summary: Annotated[
        bool,
        typer.Option(
            "--summary",
            help="Only the recommendations received and accepted: one row per cycle and per source figure.",
        ),
    ] = False,
    year_from: o.YearFrom = None,
    year_to: o.YearTo = None,
    source: o.SourceOpt = None,
    status: o.StatusOpt = None,
    action: o.ActionOpt = None,
    origin: o.OriginOpt = None,
    voice: o.VoiceOpt = None,
    disputed: o.DisputedOpt = False,
    limit: o.LimitOpt = None,
    fmt: o.FormatOpt = None,
    as_json: o.JsonOpt = False,
) -> None:
    form = o.resolve_format(fmt, as_json)
    f = o.filters(
        year_from=year_from,
        year_to=year_to,
        source=source,
        status=status,
        action=action,
        origin=origin,
        voice=voice,
        disputed=disputed,
        scope="upr",
    )
    run = o.settings(ctx)
    base = load_base(run)
    require_source(base, source)
    disputed = base.disputed()
    summary_v = summary_view(base, disputed)
    if summary:
        emit(summary_v, form, run, base)
        return
    facts = base.select(("events", "claims"), f)
    total = len(facts)
    facts = facts[:limit]
    # figures have no status or action: those filters keep events and claims only (as everywhere)
    stats = base.select(("stats",), f)
    fact_rows = [generic_row(r, base, disputed) for r in facts]
    stat_rows = [generic_row(s, base, disputed) for s in stats]
    for r in stat_rows:
        r["shown"] = f"{r['figure']} {r['unit']}"
    events_v = View(
        rows=fact_rows,
        fields=GENERIC_FIELDS,
        title="UPR: cycles, consultations, implementation claims",
        columns=FACT_COLUMNS,
    )
    stats_v = View(
        rows=stat_rows,
        fields=GENERIC_FIELDS,
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
    conflicts = topic_conflicts_view(base, "upr", "Where the sources disagree on the UPR", f.voice)
    v = View(
        rows=[],
        fields=GENERIC_FIELDS,
        groups=[summary_v, events_v, stats_v] + ([conflicts] if conflicts else []),
        records=fact_rows + stat_rows,
        sources=base.sources,
        empty="No UPR records.",
    )
    if limit is not None and total > len(facts):
        events_v.title += f" ({len(facts)} of {total} shown)"
    emit(v, form, run, base)


def _year(date: str) -> int | None:
    head = date.lstrip("/")[:4]
    return int(head) if head.isdigit() else None


def cycles(base: Any) -> dict[int, int]:
    """Cycle number by year, from the review events the documents give (done or planned).

    The reviews fall in distinct years (2010, 2015, 2020), so the n-th year is the n-th cycle.
    """
    years = sorted(
        {
            y
            for f in base.facts(("events",), mechanism="upr")
            if f.action == "review" and (y := _year(f.date)) is not None
        }
    )
    return {y: n for n, y in enumerate(years, 1)}


def summary_rows(base: Any, disputed: dict[str, list[str]]) -> list[dict[str, Any]]:
    """One row per cycle and per source figure; a cycle with no figures keeps a row with empty values."""
    by_year = cycles(base)
    rows: dict[tuple, dict[str, Any]] = {}
    for s in base.stats("upr"):
        if s.table not in (RECEIVED, ACCEPTED):
            continue
        year = _year(s.date) if s.date else None
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
            },
        )
        row["received" if s.table == RECEIVED else "accepted"] = s.value
        row["disputed"] += [c for c in disputed.get(s.id, ()) if c not in row["disputed"]]
    out = list(rows.values())
    have = {r["cycle"] for r in out}
    for year, n in by_year.items():
        if n not in have:
            out.append(dict.fromkeys(SUMMARY_FIELDS) | {"cycle": n, "year": year})
    out.sort(key=lambda r: (r["cycle"] is None, r["cycle"] or 0))
    for r in out:
        r["disputed"] = ",".join(r["disputed"] or ()) or None
        r["cite"] = f"{r['source']}, {r['locator']}" if r["source"] else ""
        r["voice_short"] = VOICE_SHORT.get(r["voice"] or "", r["voice"] or "")
        r["marks"] = DISPUTED if r["disputed"] else ""  # a short mark, explained under the table
    return out


def summary_view(base: Any, disputed: dict[str, list[str]]) -> View:
    return View(
        rows=summary_rows(base, disputed),
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


def register(app: typer.Typer) -> None:
    app.command("upr", help=HELP)(upr)
