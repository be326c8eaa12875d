"""``hrcli invitations``: special procedures — invitations, mandates invited, visits, the country mandate."""

import typer

from .. import options as o
from ..output import emit
from ..views.records import FACT_FIELDS, facts_view, with_states
from .common import load_base, require_words

HELP = f"""Special procedures: the standing invitation and each invited mandate, visits made and initiated,
renewed invitations, and the country mandate with the Government's stated position on it.

Filters (--from, --to, --topic, --source, --voice, --status, --action, --origin, --disputed,
--limit) keep the same records as in timeline.
Fields: {", ".join(FACT_FIELDS)}.
"""


def invitations(
    ctx: typer.Context,
    year_from: o.YearFrom = None,
    year_to: o.YearTo = None,
    topic: o.TopicOpt = None,
    source: o.SourceOpt = None,
    status: o.StatusOpt = None,
    action: o.ActionOpt = None,
    origin: o.OriginOpt = None,
    voice: o.VoiceOpt = None,
    disputed: o.DisputedOpt = False,
    limit: o.LimitOpt = None,
    all_states: o.AllStatesOpt = False,
    compact: o.CompactOpt = False,
    fmt: o.FormatOpt = None,
    as_json: o.JsonOpt = False,
) -> None:
    form = o.resolve_format(fmt, as_json)
    f = o.query(ctx, scope="special-procedures")
    run = o.settings(ctx)
    base = load_base(run)
    require_words(base, f)
    recs = base.select(("events", "claims"), f)
    v = facts_view(
        recs[:limit],
        base,
        "Special procedures: invitations, visits and the country mandate",
        "No special-procedures records match.",
    )
    if all_states:
        with_states(v)
    v.total, v.compact = len(recs), compact
    emit(v, form, run, base)


def register(app: typer.Typer) -> None:
    app.command("invitations", help=HELP)(invitations)
