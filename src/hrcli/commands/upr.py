"""``hrcli upr``: review cycles, recommendations received and accepted, implementation, consultations."""

import typer

from .. import options as o
from ..output import Column, View, emit
from . import FACT_COLUMNS, GENERIC_FIELDS, _num, generic_row, load_base, topic_conflicts_view

HELP = f"""Universal Periodic Review: the cycles, recommendations received and accepted (both values where
sources disagree), implementation claims, mid-term reporting and national consultations.

Fields: {", ".join(GENERIC_FIELDS)} (kind is event, claim or stat; stat rows carry table/label/value/unit).
"""


def upr(
    fmt: o.FormatOpt = None,
    as_json: o.JsonOpt = False,
) -> None:
    form = o.resolve_format(fmt, as_json)
    base = load_base()
    disputed = base.disputed()
    facts = [r for r in base.facts(("events", "claims")) if r.mechanism == "upr" or "upr" in r.topics]
    stats = base.stats("upr")
    fact_rows = [generic_row(r, base, disputed) for r in facts]
    stat_rows = [generic_row(s, base, disputed) for s in stats]
    for r in stat_rows:
        r["shown"] = f"{r['qualifier'] + ' ' if r.get('qualifier') else ''}{_num(r['value'])} {r['unit']}"
    events_v = View(
        rows=fact_rows,
        fields=GENERIC_FIELDS,
        title="UPR: cycles, consultations, implementation claims",
        columns=FACT_COLUMNS,
    )
    stats_v = View(
        rows=stat_rows,
        fields=GENERIC_FIELDS,
        title="UPR recommendations, as each source counts them",
        columns=(
            Column("table", "Cycle", ratio=1),
            Column("label", "Figure", ratio=1),
            Column("shown", "Value", no_wrap=True, justify="right"),
            Column("status_mark", "", no_wrap=True),
            Column("cite", "Source, place", max_width=26),
            Column("voice_short", "Voice", no_wrap=True),
        ),
    )
    conflicts = topic_conflicts_view(base, "upr", "Where the sources disagree on the UPR")
    emit(
        View(
            rows=[],
            fields=GENERIC_FIELDS,
            groups=[events_v, stats_v] + ([conflicts] if conflicts else []),
            records=fact_rows + stat_rows,
            sources=base.sources,
            empty="No UPR records.",
        ),
        form,
    )


def register(app: typer.Typer) -> None:
    app.command("upr", help=HELP)(upr)
