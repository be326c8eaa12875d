"""``hrcli upr``: review cycles, recommendations received and accepted, implementation, consultations."""

from typing import Annotated, Any

import typer

from .. import options as o
from .. import vocab
from ..errors import UsageError, did_you_mean
from ..model import OPEN_HI, OPEN_LO
from ..output import emit
from ..view import DISPUTED, Column, View, marks
from ..views.records import FACT_COLUMNS, GENERIC_FIELDS, UPR_FIELDS, generic_row, topic_conflicts_view
from ..vocab import VOICE_SHORT
from .common import load_base, require_source

# origin and dataset tell the five documents' figures (bundled) from the counts of a dataset the user imported
SUMMARY_FIELDS = (
    "cycle",
    "year",
    "received",
    "accepted",
    "source",
    "locator",
    "voice",
    "disputed",
    "origin",
    "dataset",
)
LIST_FIELDS = (*GENERIC_FIELDS, *UPR_FIELDS)

# the stats tables that hold each source's count of recommendations, one row per cycle and source
RECEIVED = "UPR recommendations received"
ACCEPTED = "UPR recommendations accepted"

HELP = f"""Universal Periodic Review: the cycles, recommendations received and accepted (both values where
sources disagree), implementation claims, mid-term reporting and national consultations.

The table view opens with one row per cycle and per source figure; --summary prints only that.
Under the five documents' figures, each UPR dataset you imported (recommendations with a response,
a recommending State, a cycle or a session) gets its own row per cycle: the rows it holds (received)
and those answered accepted, with its source and whose voice that is; it is never added to the
documents' figures. Filters (--from, --to, --source, --voice, --status, --action, --origin, --disputed)
keep the same events, claims, recommendations and figures below it as in timeline and search;
--status and --action keep events and claims only (figures have neither). --source, --voice, --origin,
--disputed, --from and --to also narrow the summary's rows. --limit applies to the events, claims and
recommendations.

Your UPR recommendations are listed with the recommending State and the response; --cycle,
--response (accepted, noted, pending, other) and --state list only them (--cycle also narrows
--summary).

Fields: {", ".join(LIST_FIELDS)} (kind is event, claim, recommendation or stat; stat rows carry
table/label/value/unit). With --summary: {", ".join(SUMMARY_FIELDS)}.
"""


def complete_response(incomplete: str) -> list[tuple[str, str]]:
    # as typed: the shell keeps only what starts so, and --response takes any case
    return [(w, d) for r, d in vocab.RESPONSES.items() if (w := vocab.as_typed(r, incomplete))]


def complete_state(incomplete: str) -> list[str]:
    try:
        from ..cache import fold
        from ..store import load
        from ..view import clean  # a State's name is the dataset's text: no escape sequences into the shell

        states = load().states()
    except Exception:  # completion must never fail loudly
        return []
    # as typed ('ger' -> 'germany', 'cote' -> "cote d'ivoire"): the shell keeps only what starts so, and
    # --state ignores case and accents
    return [clean(w, keep_newlines=False) for st in states if (w := vocab.as_typed(st, incomplete, fold))][:200]


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
    cycle: Annotated[
        int | None,
        typer.Option(
            "--cycle", help="Only recommendations of this UPR cycle (1-4); with --summary, its rows.", min=1, max=9
        ),
    ] = None,
    response: Annotated[
        str | None,
        typer.Option(
            "--response",
            help="Only recommendations answered so: accepted, noted, pending or other (Supported counts as accepted).",
            autocompletion=complete_response,
        ),
    ] = None,
    state: Annotated[
        str | None,
        typer.Option(
            "--state",
            help="Only recommendations made by this State (case and accents ignored).",
            autocompletion=complete_state,
        ),
    ] = None,
    limit: o.LimitOpt = None,
    fmt: o.FormatOpt = None,
    as_json: o.JsonOpt = False,
) -> None:
    form = o.resolve_format(fmt, as_json)
    if response is not None and vocab.response_key(response) is None:
        raise did_you_mean(response, vocab.RESPONSES, "response")
    if summary and (response is not None or state is not None):
        raise UsageError("--summary counts every response and State; drop --response/--state, or drop --summary")
    if summary:
        # a summary row is a count per cycle and source: it has no status or action of its own
        moot = [p.opts[0] for p in ctx.command.params if p.name in _NOT_SUMMARY and ctx.params.get(p.name) is not None]
        if moot:
            raise UsageError(
                f"--summary counts per cycle and source: {', '.join(moot)} do{'es' if len(moot) == 1 else ''} "
                "not apply to it (--cycle, --from, --to, --source, --voice, --origin and --disputed do); drop "
                f"{'it' if len(moot) == 1 else 'them'} or drop --summary"
            )
    f = o.query(ctx, scope="upr")
    run = o.settings(ctx)
    base = load_base(run)
    require_source(base, source)
    from ..cache import fold  # how the Query compares States: case and accents ignored

    if state is not None and f.state not in {fold(s.strip()) for s in base.states()}:
        raise did_you_mean(state, base.states(), "recommending State")
    disputed = base.disputed()
    summary_v = summary_view(base, disputed, cycle, f)
    if summary:
        summary_v.rows = summary_v.rows[:limit]
        if f.source or f.voice or f.origin or f.disputed or f.year_from or f.year_to:
            summary_v.empty = "No UPR cycle rows match these filters."
        emit(summary_v, form, run, base)
        return
    recs = base.recommendations(f)
    rec_total = len(recs)
    rec_rows = [generic_row(r, base, disputed) for r in recs[:limit]]
    recs_v = View(
        rows=rec_rows,
        fields=LIST_FIELDS,
        title="Your UPR recommendations, with the State that made each and the response",
        columns=(
            Column("cycle", "Cycle", justify="right", no_wrap=True, sub="marks"),
            Column("recommending_state", "Recommending State", max_width=20),
            Column("response_shown", "Response", max_width=14),
            Column("summary", "Recommendation", ratio=1, sub="ref"),
            Column("cite", "Source, place", max_width=22),
            Column("voice_short", "Voice", no_wrap=True, hide_below=100),
        ),
        sources=base.sources,
        empty="No UPR recommendations match these filters.",
    )
    for r in rec_rows:
        # the counting category, and the dataset's own word beside it when it differs
        word = r["response_text"]
        r["response_shown"] = (r["response"] or "") + (f" ({word})" if word else "")
    if limit is not None and rec_total > len(rec_rows):
        recs_v.title += f" ({len(rec_rows)} of {rec_total} shown)"
    if cycle is not None or response is not None or state is not None:
        recs_v.total = rec_total
        emit(recs_v, form, run, base)
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
    conflicts = topic_conflicts_view(base, "upr", "Where the sources disagree on the UPR", f.voice)
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
    emit(v, form, run, base)


# the options a --summary row cannot answer (parameter names; the flags are read from their declarations)
_NOT_SUMMARY = ("status", "action")


def _year(rec: Any) -> int | None:
    """edtf.Date.filed_year read off the bounds the cache holds (a listing imports no date parser): the
    start's year, else a 'by D' date's D; none for no date or an open start ('../D')."""
    if rec.start and rec.start != OPEN_LO:
        return int(rec.start[:4])
    return None if not rec.end or rec.end == OPEN_HI or rec.date.startswith("..") else int(rec.end[:4])


def cycles(base: Any) -> dict[int, int]:
    """Cycle number by year, from the review events the documents give (done or planned).

    The reviews fall in distinct years (2010, 2015, 2020), so the n-th year is the n-th cycle.
    """
    years = sorted(
        {y for f in base.facts(("events",), mechanism="upr") if f.action == "review" and (y := _year(f)) is not None}
    )
    return {y: n for n, y in enumerate(years, 1)}


def summary_rows(base: Any, disputed: dict[str, list[str]]) -> list[dict[str, Any]]:
    """One row per cycle and per source figure; a cycle with no figures keeps a row with empty values."""
    by_year = cycles(base)
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
            out.append(dict.fromkeys(SUMMARY_FIELDS) | {"cycle": n, "year": year, "origin": "bundled"})
    imported = dataset_rows(base, {n: y for y, n in by_year.items()})
    # the documents' figures first in each cycle, then each imported dataset's counts: beside them, never merged
    out = sorted(out + imported, key=lambda r: (r["cycle"] is None, r["cycle"] or 0, r["dataset"] is not None))
    for r in out:
        r["disputed"] = ",".join(r["disputed"] or ()) or None
        if r["dataset"] is not None:
            r["cite"] = f"{r['source']}; dataset {r['dataset']}"
        else:
            r["cite"] = f"{r['source']}, {r['locator']}" if r["source"] else ""
        r["voice_short"] = VOICE_SHORT.get(r["voice"] or "", r["voice"] or "")
        # a short mark, explained under the table: disputed, or counted from the user's own dataset
        r["marks"] = DISPUTED if r["disputed"] else marks(None, None, None, r["origin"] or "bundled")
    return out


def dataset_rows(base: Any, year_of: dict[int, int]) -> list[dict[str, Any]]:
    """One row per cycle, imported dataset and source: the UPR recommendations the user's records hold
    (received) and those answered accepted, in that source's voice. A recommendation without a known
    cycle is counted in a row of its own (cycle empty). Records added by hand count as 'your own records'."""
    groups: dict[tuple, dict[str, Any]] = {}
    for r in base.recommendations(origin="user"):
        name = r.imported_from or "your own records"
        row = groups.setdefault(
            (r.cycle, name, r.source),
            {
                "cycle": r.cycle,
                "year": year_of.get(r.cycle) if r.cycle is not None else None,
                "received": 0,
                "accepted": 0,
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
    return list(groups.values())


def summary_view(base: Any, disputed: dict[str, list[str]], cycle: int | None = None, f: Any = None) -> View:
    rows = summary_rows(base, disputed)
    if cycle is not None:
        rows = [r for r in rows if r["cycle"] == cycle]
    if f is not None:
        rows = [r for r in rows if _keeps(f, r)]
    return View(
        rows=rows,
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


def _keeps(f: Any, row: dict[str, Any]) -> bool:
    """Whether a summary row passes the filters that mean something for a count: source, voice, origin,
    disputed and the years (a cycle's year). A cycle's empty row stays only when none of them is given."""
    asked = (f.source, f.voice, f.origin, f.year_from, f.year_to)
    if row["source"] is None:
        return all(a is None for a in asked) and not f.disputed
    year = row["year"]
    return (
        (f.source is None or row["source"] == f.source)
        and (f.voice is None or row["voice"] == f.voice)
        and (f.origin is None or row["origin"] == f.origin)
        and (not f.disputed or bool(row["disputed"]))
        and (f.year_from is None or (year is not None and year >= f.year_from))
        and (f.year_to is None or (year is not None and year <= f.year_to))
    )


def register(app: typer.Typer) -> None:
    app.command("upr", help=HELP)(upr)
