"""``hrcli upr``: review cycles, recommendations received and accepted, implementation, consultations."""

from typing import Annotated

import typer

from .. import options as o
from .. import vocab
from ..errors import UsageError, did_you_mean
from ..output import emit
from ..view import clean
from ..views.upr import LIST_FIELDS, SUMMARY_FIELDS, upr_view
from .common import load_base, require_source

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
--summary). Only recommendations made in Belarus's own review count as received; those Belarus made
in other States' reviews (a UPR Info export's rows whose From is Belarus) are listed by --given alone,
with the State under review (--state then names that State), and are never counted or listed here.

Fields: {", ".join(LIST_FIELDS)} (kind is event, claim, recommendation or stat; stat rows carry
table/label/value/unit). With --summary: {", ".join(SUMMARY_FIELDS)}.
"""


def complete_response(incomplete: str) -> list[tuple[str, str]]:
    # as typed: the shell keeps only what starts so, and --response takes any case
    return [(w, d) for r, d in vocab.RESPONSES.items() if (w := vocab.as_typed(r, incomplete))]


def complete_state(ctx: typer.Context, incomplete: str) -> list[str]:
    """The States --state takes: those that recommended to Belarus, or with --given (typed before it) those
    Belarus recommended to."""
    try:
        from ..cache import fold
        from ..store import load

        states = load().states(given=bool(ctx.params.get("given")))
    except Exception:  # completion must never fail loudly
        return []
    # as typed ('ger' -> 'germany', 'cote' -> "cote d'ivoire"): the shell keeps only what starts so, and
    # --state ignores case and accents. A name holding control or bidi characters is not offered: cleaned
    # for the shell it would be another name, which --state refuses
    return [w for st in states if (w := vocab.as_typed(st, incomplete, fold)) and clean(w, keep_newlines=False) == w][
        :200
    ]


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
    given: Annotated[
        bool,
        typer.Option(
            "--given",
            help="Only the recommendations Belarus made in other States' reviews (--state: the State under review).",
        ),
    ] = False,
    limit: o.LimitOpt = None,
    all_states: o.AllStatesOpt = False,
    fmt: o.FormatOpt = None,
    as_json: o.JsonOpt = False,
) -> None:
    form = o.resolve_format(fmt, as_json)
    if response is not None and vocab.response_key(response) is None:
        raise did_you_mean(response, vocab.RESPONSES, "response")
    if summary and given:
        raise UsageError("--summary counts what Belarus received; --given lists what it made: use one of them")
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
    from ..cache import fold, names_state  # how the Query compares States: case and accents ignored

    if given and state is not None:
        from ..cycles import direction

        under = sorted(
            {r.state_under_review.strip() for r in base.recommendations() if direction(r) == "given"}, key=str.casefold
        )
        if not under:  # nothing to choose from: say so, never "Known: " and an empty list
            raise UsageError(
                "no recommendations made by Belarus are imported (import a UPR dataset of them: README,"
                " Published datasets)"
            )
        if not any(names_state(s, f.state) for s in under):
            raise did_you_mean(state, under, "State under review of a recommendation Belarus made")
    elif state is not None:
        _received_state(base, state, f.state, fold)
    v = upr_view(base, f, limit, summary=summary, given=given)
    if summary or given:  # counts of Belarus's review and Belarus's own recommendations: no other State's to show
        base.hidden.clear()
    if all_states and not summary:
        from ..views.records import with_states

        with_states(v)
    emit(v, form, run, base)


def _received_state(base, state: str, folded: str | None, fold) -> None:
    """Refuse a --state that recommended nothing to Belarus: the States Belarus made recommendations to are
    found with --given (said so, with the command), and the names suggested are those of the received rows
    only (never Belarus, which recommends only in others' reviews)."""
    import shlex

    from ..cache import names_state
    from ..cycles import direction, is_home_name

    recs = base.recommendations()
    received = {
        s.strip()
        for r in recs
        if direction(r) == "received"
        for s in (getattr(r, "recommending_state", "") or "").split(";")
        if s.strip()
    }
    if any(names_state(s, folded) for s in received):
        return
    if is_home_name(state):
        raise UsageError("Belarus recommends only in other States' reviews: hrcli upr --given lists them")
    under = {u: fold(u) for r in recs if direction(r) == "given" and (u := (r.state_under_review or "").strip())}
    named = next((u for u, key in under.items() if key == folded), None)
    if named:
        raise UsageError(
            f"{named} is a State Belarus made recommendations to, not one that recommended to Belarus:"
            f" hrcli upr --given --state {shlex.quote(state)}"
        )
    if not received:
        raise UsageError(
            f"unknown recommending State {state!r}: no recommendation to Belarus you hold names the State that"
            " made it (a published UPR dataset does: see README, 'Published datasets')"
        )
    raise did_you_mean(state, sorted(received, key=str.casefold), "recommending State")


# the options a --summary row cannot answer (parameter names; the flags are read from their declarations)
_NOT_SUMMARY = ("status", "action")


def register(app: typer.Typer) -> None:
    app.command("upr", help=HELP)(upr)
