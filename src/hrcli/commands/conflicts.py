"""``hrcli conflicts``: every recorded disagreement, each side with its value and source."""

from typing import Annotated

import typer

from .. import options as o
from ..output import emit
from ..view import Column, View
from ..views.records import SIDE_FIELDS, side_rows
from .common import load_base, require_words

# whether a disagreement's sides cite two documents or one (its figures against each other or against
# hrcli's arithmetic on them): the table says it in each disagreement's title, machine formats in 'scope'
SCOPES = {"between": "between documents", "within": "within one document"}
FIELDS = (*SIDE_FIELDS, "scope")

HELP = f"""Every recorded disagreement: between two documents, or within one (a document against itself, or
against hrcli's arithmetic on its own figures; sides marked derived are that arithmetic). One row per side.
--topic, --source and --voice keep a disagreement (all its sides) when its topic matches, or any side
cites that source or speaks in that voice, as in search. --scope between keeps the disagreements between
documents, --scope within those inside one; each title says which.

Fields: {", ".join(FIELDS)} (scope: between or within).
"""


def scope(c) -> str:
    """'between' when a disagreement's sides cite more than one document, else 'within'."""
    return "between" if len({s.source for s in c.sides}) > 1 else "within"


def _complete_scope(incomplete: str) -> list[str]:
    return [s for s in SCOPES if s.startswith(incomplete.casefold())]


def conflicts(
    ctx: typer.Context,
    topic: o.TopicOpt = None,
    source: o.SourceOpt = None,
    voice: o.VoiceOpt = None,
    where: Annotated[
        str | None,
        typer.Option(
            "--scope",
            help="between (documents) or within (one document).",
            autocompletion=_complete_scope,
            show_default=False,
        ),
    ] = None,
    fmt: o.FormatOpt = None,
    as_json: o.JsonOpt = False,
) -> None:
    form = o.resolve_format(fmt, as_json)
    if where is not None:
        from ..errors import did_you_mean

        where = where.strip().casefold()
        if where not in SCOPES:
            raise did_you_mean(where, SCOPES, "scope")
    f = o.query(ctx)
    run = o.settings(ctx)
    base = load_base(run)
    require_words(base, f)
    groups = []
    records = []
    for c in base.select(("conflicts",), f):
        kind = scope(c)
        if where is not None and kind != where:
            continue
        rows = [r | {"scope": kind} for r in side_rows(c, base)]
        records += rows
        cited = list(dict.fromkeys(s.source for s in c.sides))
        what = f"within {cited[0]}" if kind == "within" else f"between {', '.join(cited[:-1])} and {cited[-1]}"
        groups.append(
            View(
                rows=rows,
                fields=FIELDS,
                title=f"{c.id} ({what}): {c.summary}\n{c.explanation}",
                columns=(
                    Column("value_shown", "Value", justify="right", no_wrap=True),
                    Column("says", "What is said", ratio=2),
                    Column("cite", "Source, place", max_width=34),
                    Column("voice_short", "Voice", no_wrap=True, hide_below=100),
                ),
            )
        )
    emit(
        View(
            rows=[],
            fields=FIELDS,
            groups=groups,
            records=records,
            sources=base.sources,
            empty="No recorded disagreements match.",
        ),
        form,
        run,
        base,
    )


def register(app: typer.Typer) -> None:
    app.command("conflicts", help=HELP)(conflicts)
