"""``hrcli votes``: the Human Rights Council's and the Commission's resolutions and decisions on Belarus, with
their tallies, from imported voting records."""

from typing import Annotated

import typer

from .. import options as o
from ..output import emit, note
from ..views.votes import VOTE_FIELDS, votes_view
from .common import load_base, require_source

HELP = f"""Resolutions and decisions on Belarus of the Human Rights Council and, before it, the Commission on
Human Rights, with their votes: yes-no-abstain (and members not voting) for a recorded vote, else how
it was adopted (ADOPTED WITHOUT VOTE). The table is followed by a chart of the votes in favour, against and
abstaining over the years.

Amendments to the drafts (their own L. symbols, most rejected) are other texts than the resolutions:
--amendments lists them too, each marked with the draft it amends and what became of it (action
'amendment', fields amends and outcome); they are never charted as a resolution's votes.

The votes come from OHCHR's voting records, imported with no flags: 'hrcli import resolutions.csv'
(the OHCHR search library's Voting collection; only the rows on Belarus are kept). Each row cites the
dataset and the file's line. Two datasets holding the same vote (symbol and date) are listed row by
row but charted once, naming how many give it; where they give different tallies, the chart shows each
value with its sources and a line under the table (on stderr for --json, --format csv ...) says what
each source gives. The UPR outcome
decisions are listed here and under 'hrcli upr'.
Filters (--from, --to, --source, --voice, --limit) keep the same records as in timeline.
Fields: {", ".join(VOTE_FIELDS)}.
"""


def votes(
    ctx: typer.Context,
    year_from: o.YearFrom = None,
    year_to: o.YearTo = None,
    source: o.SourceOpt = None,
    voice: o.VoiceOpt = None,
    limit: o.LimitOpt = None,
    amendments: Annotated[
        bool, typer.Option("--amendments", help="List the amendments to the drafts too, marked as amendments.")
    ] = False,
    all_states: o.AllStatesOpt = False,
    fmt: o.FormatOpt = None,
    as_json: o.JsonOpt = False,
) -> None:
    form = o.resolve_format(fmt, as_json)
    f = o.query(ctx)
    run = o.settings(ctx)
    base = load_base(run)
    require_source(base, source)
    view = votes_view(base, f, limit, amendments)
    emit(view, form, run, base)
    if form != "table":  # the table says it under the charts; a program's rows stay one per record, each its own
        for line in view.disagreements:
            note(line)


def register(app: typer.Typer) -> None:
    app.command("votes", help=HELP)(votes)
