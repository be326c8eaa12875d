"""Statistics views: the topic list, and a topic's series, single figures and disagreements."""

from __future__ import annotations

import re

from .. import vocab
from ..errors import UsageError, did_you_mean
from ..view import Column, View
from .records import STAT_FIELDS, stat_row, topic_conflicts_view

OTHER = "Other figures"


def topics_view(base, voice: str | None = None) -> View:
    """The topics with figures, their rows and tables counted (of sources in ``voice`` only, when given)."""
    counts: dict[str, list[int]] = {}
    tables: dict[str, set[str]] = {}
    for s in base.stats(None, voice):
        counts.setdefault(s.topic, [0])[0] += 1
        tables.setdefault(s.topic, set()).add(s.table)
    rows = [
        {"id": t, "topic": t, "description": d, "rows": counts.get(t, [0])[0], "tables": len(tables.get(t, ()))}
        for t, d in {**vocab.TOPICS, **{t: "your own topic" for t in counts if t not in vocab.TOPICS}}.items()
        if counts.get(t)
    ]
    return View(
        rows=rows,
        fields=("id", "topic", "description", "rows", "tables"),
        legend=False,
        title="Statistics topics ('hrcli stats TOPIC' prints one)"
        + (f", counting the figures of sources in the voice {voice!r}" if voice else ""),
        empty=f"No statistics from sources in the voice {voice!r}." if voice else "No matching records.",
        columns=(
            Column("topic", "Topic", no_wrap=True),
            Column("description", "Description", ratio=1),
            Column("rows", "Rows", justify="right"),
            Column("tables", "Tables", justify="right"),
        ),
    )


def split_tables(stats: list) -> tuple[dict[str, list], dict[str, list]]:
    """Series (tables with several rows: one quantity over years, countries or places) and single figures
    (tables of one row), each in the order the documents give them. Decided by the data alone."""
    by_table: dict[str, list] = {}
    for s in stats:
        by_table.setdefault(s.table, []).append(s)
    series = {name: rows for name, rows in by_table.items() if len(rows) > 1}
    singles = {name: rows for name, rows in by_table.items() if len(rows) == 1}
    return series, singles


def _units(rows: list) -> list[str]:
    return list(dict.fromkeys(s.unit for s in rows))


def _series_title(name: str, rows: list) -> str:
    units = _units(rows)
    if len(units) == 1:
        return f"{name} ({units[0]})"
    # the source itself changes what it counts inside the series: say so rather than hide it
    return f"{name} (the source switches unit within this series: {', then '.join(units)})"


def _chart_items(rows: list) -> list[tuple[str, float, str]]:
    labels = [s.label for s in rows]
    repeated = {lbl for lbl in labels if labels.count(lbl) > 1}
    return [
        (f"{s.label}, {s.source}" if s.label in repeated else s.label, float(s.value), s.unit)
        for s in rows
        if isinstance(s.value, (int, float)) and not isinstance(s.value, bool)
    ]


SERIES_COLUMNS = (
    Column("label", "Row", ratio=2),
    Column("shown", "Value", justify="right", no_wrap=True),
    Column("unit", "Unit", no_wrap=True),
    Column("date", "Period", no_wrap=True),
    Column("cite", "Source, place", max_width=28),
    Column("voice_short", "Voice", no_wrap=True, hide_below=100),
)
# single figures: the same columns, the row named by its table and label
OTHER_COLUMNS = (Column("figure", "Figure", ratio=2), *SERIES_COLUMNS[1:])


def _series_view(base, name: str, rows: list, disputed) -> View:
    # oldest first where the rows are dated; undated rows keep the document's order, after dated ones
    from ..edtf import known_range

    rows = sorted(rows, key=lambda s: (not s.start, (known_range(s.start, s.end) or ("",))[0]))
    title = _series_title(name, rows)
    charts = [(title, _chart_items(rows))] if _chart_items(rows) else []
    view_rows = [stat_row(s, base, disputed) for s in rows]
    return View(rows=view_rows, fields=STAT_FIELDS, columns=SERIES_COLUMNS, title=title, charts=charts)


def _figure_name(table: str, label: str) -> str:
    """A single figure's name for people: its table, plus its label when the label says more (the label
    alone when it holds the table's name: never the name twice)."""
    if table.casefold() in label.casefold():
        return label
    words = [w for w in re.findall(r"\w+", label.casefold()) if len(w) > 3]
    known = set(re.findall(r"\w+", table.casefold()))
    if not words or sum(w in known for w in words) / len(words) >= 0.6:
        return table
    return f"{table}: {label}"


def _other_view(base, singles: dict[str, list], disputed, title: str = OTHER) -> View:
    rows = []
    for name, (s,) in singles.items():
        r = stat_row(s, base, disputed)
        r["figure"] = _figure_name(name, s.label)
        rows.append(r)
    return View(rows=rows, fields=STAT_FIELDS, columns=OTHER_COLUMNS, title=title)


def topic_view(base, topic: str, table: str | None = None, voice: str | None = None) -> View:
    disputed = base.disputed()
    series, singles = split_tables(base.stats(topic, voice))
    with_stats = sorted({s.topic for s in base.stats()})
    empty = f"No statistics for topic {topic!r} in the fact base. Topics with figures: {', '.join(with_stats)}"
    if voice is not None:
        empty = f"No statistics for topic {topic!r} from sources in the voice {voice!r}."
    groups: list[View] = []
    if table is not None:
        wanted = table.strip().casefold()
        names = {n.casefold(): n for n in [*series, *([OTHER] if singles else []), *singles]}
        if not names:
            raise UsageError(f"topic {topic!r} has no statistics tables. Topics with figures: {', '.join(with_stats)}")
        if wanted not in names:
            raise did_you_mean(table, list(names.values()), "table")
        name = names[wanted]
        if name in series:
            groups.append(_series_view(base, name, series[name], disputed))
        elif name == OTHER:
            groups.append(_other_view(base, singles, disputed))
        else:
            groups.append(_other_view(base, {name: singles[name]}, disputed, title=name))
    else:
        groups += [_series_view(base, name, rows, disputed) for name, rows in series.items()]
        if singles:
            groups.append(_other_view(base, singles, disputed))
        conflicts = topic_conflicts_view(base, topic, "Recorded disagreements on this topic", voice)
        if conflicts is not None:
            groups.append(conflicts)
    records = [r for g in groups if g.fields == STAT_FIELDS for r in g.rows]
    return View(rows=[], fields=STAT_FIELDS, groups=groups, records=records, sources=base.sources, empty=empty)
