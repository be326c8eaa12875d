"""``hrcli invitations``: special procedures — invitations, mandates invited, visits, the country mandate."""

import typer

from .. import options as o
from ..output import emit
from . import FACT_FIELDS, facts_view, load_base, require_source

HELP = f"""Special procedures: the standing invitation and each invited mandate, visits made and initiated,
renewed invitations, and the country mandate with the Government's stated position on it.

Fields: {", ".join(FACT_FIELDS)}.
"""


def invitations(
    status: o.StatusOpt = None,
    source: o.SourceOpt = None,
    limit: o.LimitOpt = None,
    fmt: o.FormatOpt = None,
    as_json: o.JsonOpt = False,
) -> None:
    form = o.resolve_format(fmt, as_json)
    f = o.filters(status=status)
    base = load_base()
    require_source(base, source)
    f.source = source
    recs = [
        r
        for r in base.facts(("events", "claims"), f)
        if r.mechanism == "special-procedures" or r.action == "mandate" or "invitations" in r.topics
    ]
    if limit is not None:
        recs = recs[:limit]
    emit(
        facts_view(
            recs,
            base,
            "Special procedures: invitations, visits and the country mandate",
            "No special-procedures records match.",
        ),
        form,
    )


def register(app: typer.Typer) -> None:
    app.command("invitations", help=HELP)(invitations)
