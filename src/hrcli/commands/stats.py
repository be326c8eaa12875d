"""``hrcli stats [TOPIC]``: the topics, or a topic's tables (with bar charts for series)."""

from typing import Annotated

import typer

from .. import options as o
from .. import vocab
from ..errors import UsageError, closest
from ..output import emit
from ..views.records import STAT_FIELDS
from ..views.stats import OTHER, split_tables, topic_view, topics_view
from .common import load_base

HELP = f"""Statistics. Without TOPIC: the topics with a one-line description and their row counts.
With TOPIC: its series first (several rows of one quantity over years, countries or places), each
with a bar chart; then the topic's single figures in one "Other figures" table; then the recorded
disagreements on the topic. --table NAME prints one table only. --voice keeps the topic's figures from
sources in that voice, and the disagreements with a side in it, as in search; without TOPIC, it lists
the topics with figures in that voice and counts only those.

Fields: {", ".join(STAT_FIELDS)}. Topic list fields: id, topic, description, rows, tables.
"""


def complete_table(ctx: typer.Context, incomplete: str) -> list[str]:
    """Table names of the topic already typed (all topics' when none is)."""
    try:
        from ..store import load

        topic = vocab.topic_key(ctx.params.get("topic") or "") or None
        series, singles = split_tables(load().stats(topic))
        names = [*series, OTHER, *singles] if topic else [*series, *singles]
    except Exception:  # completion must never fail loudly
        return []
    inc = incomplete.casefold()
    return [n for n in dict.fromkeys(names) if n.casefold().startswith(inc)]


def stats(
    ctx: typer.Context,
    topic: Annotated[
        str | None,
        typer.Argument(
            help="Topic id, e.g. trafficking, asylum, refugees.", autocompletion=o.complete_topic, show_default=False
        ),
    ] = None,
    table: Annotated[
        str | None,
        typer.Option(
            "--table",
            help="Print only this table of the topic: a series name, a single figure's name, or 'Other figures'.",
            autocompletion=complete_table,
            metavar="NAME",
        ),
    ] = None,
    voice: o.VoiceOpt = None,
    fmt: o.FormatOpt = None,
    as_json: o.JsonOpt = False,
) -> None:
    form = o.resolve_format(fmt, as_json)
    voice = o.filters(voice=voice).voice
    if topic is None and table is not None:
        raise UsageError("--table needs a TOPIC, e.g. 'hrcli stats asylum --table \"Asylum applications by year\"'")
    run = o.settings(ctx)
    base = load_base(run)
    if topic is not None:
        topic = vocab.topic_key(topic)  # 'Death penalty' is death-penalty, as in every filter
        known = base.topics()  # the bundled topics and the user's own
        if topic not in known:
            close = closest(topic, known)
            hint = f"Did you mean {close!r}? " if close else ""
            raise UsageError(f"unknown topic {topic!r}. {hint}Topics: {', '.join(known)}")
    if topic is None:
        emit(topics_view(base, voice), form, run, base)
        return
    emit(topic_view(base, topic, table, voice), form, run, base)


def register(app: typer.Typer) -> None:
    app.command("stats", help=HELP)(stats)
