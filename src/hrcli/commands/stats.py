"""``hrcli stats [TOPIC]``: the topics, or a topic's tables (with bar charts for series)."""

from typing import Annotated

import typer

from .. import options as o
from .. import vocab
from ..errors import UsageError
from ..output import Column, View, emit
from . import STAT_FIELDS, load_base, stat_row, topic_conflicts_view

HELP = f"""Statistics. Without TOPIC: the topics with a one-line description and their row counts.
With TOPIC: its tables, each row with its source and place; series get a bar chart, and recorded
disagreements on the topic are listed under them.

Fields: {", ".join(STAT_FIELDS)}. Topic list fields: id, topic, description, rows, tables.
"""


def stats(
    topic: Annotated[
        str | None,
        typer.Argument(
            help="Topic id, e.g. trafficking, asylum, refugees.", autocompletion=o.complete_topic, show_default=False
        ),
    ] = None,
    fmt: o.FormatOpt = None,
    as_json: o.JsonOpt = False,
) -> None:
    form = o.resolve_format(fmt, as_json)
    if topic is not None:
        topic = topic.strip().lower()
        if topic not in vocab.TOPICS:
            import difflib

            close = difflib.get_close_matches(topic, list(vocab.TOPICS), n=1, cutoff=0.5)
            hint = f"Did you mean {close[0]!r}? " if close else ""
            raise UsageError(f"unknown topic {topic!r}. {hint}Topics: {', '.join(vocab.TOPICS)}")
    base = load_base()
    if topic is None:
        emit(topics_view(base), form)
        return
    emit(topic_view(base, topic), form)


def topics_view(base) -> View:
    counts: dict[str, list[int]] = {}
    tables: dict[str, set[str]] = {}
    for s in base.stats():
        counts.setdefault(s.topic, [0])[0] += 1
        tables.setdefault(s.topic, set()).add(s.table)
    rows = [
        {"id": t, "topic": t, "description": d, "rows": counts.get(t, [0])[0], "tables": len(tables.get(t, ()))}
        for t, d in vocab.TOPICS.items()
        if counts.get(t)
    ]
    return View(
        rows=rows,
        fields=("id", "topic", "description", "rows", "tables"),
        legend=False,
        title="Statistics topics ('hrcli stats TOPIC' prints one)",
        columns=(
            Column("topic", "Topic", no_wrap=True),
            Column("description", "Description", ratio=1),
            Column("rows", "Rows", justify="right"),
            Column("tables", "Tables", justify="right"),
        ),
    )


def topic_view(base, topic: str) -> View:
    disputed = base.disputed()
    groups: list[View] = []
    by_table: dict[str, list] = {}
    for s in base.stats(topic):
        by_table.setdefault(s.table, []).append(s)
    cols = (
        Column("label", "Row", ratio=2),
        Column("shown", "Value", justify="right", no_wrap=True),
        Column("unit", "Unit", no_wrap=True),
        Column("date", "Period", no_wrap=True),
        Column("cite", "Source, place", max_width=28),
        Column("voice_short", "Voice", no_wrap=True),
    )
    for table, rows in by_table.items():
        view_rows = [stat_row(s, base, disputed) for s in rows]
        charts = []
        units = {s.unit for s in rows}
        if len(rows) >= 2 and len(units) == 1 and (sum(1 for s in rows if s.date) >= 2 or len(rows) >= 3):
            charts.append((f"{table} ({rows[0].unit})", [(s.label, float(s.value), s.unit) for s in rows]))
        groups.append(View(rows=view_rows, fields=STAT_FIELDS, columns=cols, title=table, charts=charts))
    conflicts = topic_conflicts_view(base, topic, "Recorded disagreements on this topic")
    if conflicts is not None:
        groups.append(conflicts)
    records = [r for g in groups if g.fields == STAT_FIELDS for r in g.rows]
    with_stats = sorted({s.topic for s in base.stats()})
    return View(
        rows=[],
        fields=STAT_FIELDS,
        groups=groups,
        records=records,
        sources=base.sources,
        empty=f"No statistics for topic {topic!r} in the fact base. Topics with figures: {', '.join(with_stats)}",
    )


def register(app: typer.Typer) -> None:
    app.command("stats", help=HELP)(stats)
