"""``hrcli timeline``: every dated event, oldest first, with combinable filters."""

import typer

from .. import options as o
from ..errors import UsageError
from ..output import emit
from ..view import View
from ..views.records import FACT_FIELDS, facts_view, with_states
from .common import load_base, require_state, require_words

HELP = f"""Every dated event across all mechanisms, oldest first (--kind all adds claims and recommendations).

A record is kept when its date range overlaps --from/--to. An unknown start ('/2004') counts from the
year of its known end; an open end ('2009/..', still so when written) reaches its source's date, not
every later year. Filters combine and keep the same records in search, export, upr and invitations;
names are case-insensitive. --topic keeps records tagged with that topic. --voice keeps records from
sources in that voice. --origin user lists your own records.
--by-year draws a bar chart of events per year instead of the list. Fields: {", ".join(FACT_FIELDS)}.
"""


def timeline(
    ctx: typer.Context,
    year_from: o.YearFrom = None,
    year_to: o.YearTo = None,
    mechanism: o.MechanismOpt = None,
    body: o.BodyOpt = None,
    topic: o.TopicOpt = None,
    source: o.SourceOpt = None,
    status: o.StatusOpt = None,
    action: o.ActionOpt = None,
    kind: o.KindOpt = None,
    origin: o.OriginOpt = None,
    voice: o.VoiceOpt = None,
    disputed: o.DisputedOpt = False,
    limit: o.LimitOpt = None,
    all_states: o.AllStatesOpt = False,
    of_state: o.OfStateOpt = None,
    compact: o.CompactOpt = False,
    by_year: bool = typer.Option(False, "--by-year", help="Count events per year (a bar chart in a table)."),
    fmt: o.FormatOpt = None,
    as_json: o.JsonOpt = False,
) -> None:
    form = o.resolve_format(fmt, as_json)
    if by_year and (all_states or of_state is not None):
        raise UsageError("--by-year counts Belarus's events; --all-states goes with the list, which names each State")
    f = o.query(ctx)
    kinds = o.kinds(kind)
    run = o.settings(ctx)
    base = load_base(run)
    require_words(base, f, body)
    require_state(base, f, of_state)
    events = base.select(kinds, f)
    if by_year:
        dates = {sid: s.date for sid, s in base.sources.items()}
        emit(by_year_view(events, limit, f.year_from, f.year_to, dates), form, run, base)
        return
    what = "events" if kinds == ("events",) else "records"
    v = facts_view(events[:limit], base, "Timeline", f"No {what} match these filters.", kinds)
    if all_states or of_state is not None:
        with_states(v)
    v.total, v.compact = len(events), compact
    emit(v, form, run, base)


def by_year_view(
    events,
    limit: int | None,
    year_from: int | None = None,
    year_to: int | None = None,
    source_dates: dict[str, str] | None = None,
) -> View:
    """Events per year: each event counts once, in its first year (or the year of its known end when its
    start is unknown); years outside --from/--to are not shown. An event its source does not date (a dataset's
    status 'by' the day the file was read: edtf.undated_record) is in no year: counted apart, under the chart."""
    from ..edtf import known_range, undated_record

    counts: dict[int, int] = {}
    apart = 0
    for e in events:
        if source_dates and undated_record(e.start, e.end, source_dates.get(e.source or "")):
            apart += 1
            continue
        y = int(known_range(e.start, e.end)[0][:4])
        if (year_from is not None and y < year_from) or (year_to is not None and y > year_to):
            continue
        counts[y] = counts.get(y, 0) + 1
    years = sorted(counts)
    rows = [{"year": y, "events": counts[y]} for y in years]
    if limit is not None:
        rows = rows[:limit]
    chart = [(str(r["year"]), float(r["events"]), "events") for r in rows]
    # people get the chart alone; machine formats get the rows
    view = View(
        rows=[],
        records=rows,
        fields=("year", "events"),
        legend=False,
        charts=[("Events per year (each event in its first year)", chart)],
        empty="No events match these filters.",
    )
    if apart:
        view.footer = (
            f"{apart} undated event(s) not charted: statuses a dataset gives without a date, known only to hold by"
            " the day its file was read",
        )
    return view


def register(app: typer.Typer) -> None:
    app.command("timeline", help=HELP)(timeline)
