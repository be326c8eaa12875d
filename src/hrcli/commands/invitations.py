"""``hrcli invitations``: special procedures — invitations, mandates invited, visits, the country mandate."""

from typing import TYPE_CHECKING

import typer

from .. import options as o
from ..output import emit
from ..views.records import FACT_FIELDS, facts_view
from .common import load_base, require_source

if TYPE_CHECKING:
    from ..store import Filters

HELP = f"""Special procedures: the standing invitation and each invited mandate, visits made and initiated,
renewed invitations, and the country mandate with the Government's stated position on it.

Filters (--from, --to, --topic, --source, --status, --action, --origin, --limit) work as in timeline.
Fields: {", ".join(FACT_FIELDS)}.
"""


@o.shared_options("year_from", "year_to", "topic", "source", "status", "action", "origin", "limit", "compact")
def invitations(f: "Filters", form: str, source: str | None, limit: int | None, compact: bool) -> None:
    run = o.current()
    base = load_base(run)
    require_source(base, source)
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
