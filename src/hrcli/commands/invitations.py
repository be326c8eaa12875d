"""``hrcli invitations``: special procedures — invitations, mandates invited, visits, the country mandate."""

import typer

from .. import options as o
from ..output import emit
from ..views.records import FACT_FIELDS, facts_view
from .common import load_base, require_words

HELP = f"""Special procedures: the standing invitation and each invited mandate, visits made and initiated,
renewed invitations, and the country mandate with the Government's stated position on it.

Filters (--from, --to, --topic, --source, --status, --action, --origin, --limit) work as in timeline.
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
    limit: o.LimitOpt = None,
    compact: o.CompactOpt = False,
    fmt: o.FormatOpt = None,
    as_json: o.JsonOpt = False,
) -> None:
    form = o.resolve_format(fmt, as_json)
    f = o.filters(
        year_from=year_from, year_to=year_to, topic=topic, source=source, status=status, action=action, origin=origin
    )
    run = o.settings(ctx)
    base = load_base(run)
    require_words(base, f)
    recs = [
        r
        for r in base.facts(("events", "claims"), f)
        if r.mechanism == "special-procedures" or r.action == "mandate" or "invitations" in r.topics
    ]
    v = facts_view(
        recs[:limit],
        base,
        "Special procedures: invitations, visits and the country mandate",
        "No special-procedures records match.",
    )
    v.total, v.compact = len(recs), compact
    emit(v, form, run, base)


def register(app: typer.Typer) -> None:
    app.command("invitations", help=HELP)(invitations)
