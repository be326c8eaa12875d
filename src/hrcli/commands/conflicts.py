"""``hrcli conflicts``: every recorded disagreement, each side with its value and source."""

import typer

from .. import options as o
from ..output import emit
from ..view import Column, View
from ..views.records import SIDE_FIELDS, side_rows
from .common import load_base, require_words

HELP = f"""Every recorded disagreement: between two documents, or between a document and its own arithmetic
(sides marked derived are hrcli's arithmetic on that source's figures). One row per side.
--topic, --source and --voice keep a disagreement (all its sides) when its topic matches, or any side
cites that source or speaks in that voice, as in search.

Fields: {", ".join(SIDE_FIELDS)}.
"""


def conflicts(
    ctx: typer.Context,
    topic: o.TopicOpt = None,
    source: o.SourceOpt = None,
    voice: o.VoiceOpt = None,
    fmt: o.FormatOpt = None,
    as_json: o.JsonOpt = False,
) -> None:
    form = o.resolve_format(fmt, as_json)
    f = o.query(ctx)
    run = o.settings(ctx)
    base = load_base(run)
    require_words(base, f)
    groups = []
    records = []
    for c in base.select(("conflicts",), f):
        rows = side_rows(c, base)
        records += rows
        groups.append(
            View(
                rows=rows,
                fields=SIDE_FIELDS,
                title=f"{c.id}: {c.summary}\n{c.explanation}",
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
            fields=SIDE_FIELDS,
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
