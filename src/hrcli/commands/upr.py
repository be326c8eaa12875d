"""``hrcli upr``: review cycles, recommendations received and accepted, implementation, consultations."""

import typer

from .. import options as o
from ..output import Column, View, emit
from . import GENERIC_FIELDS, _num, generic_row, load_base, side_rows

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
        columns=(
            Column("date", "Date", no_wrap=True),
            Column("status_mark", "Status", no_wrap=True),
            Column("summary", "What the source says", ratio=1),
            Column("cite", "Source, place", max_width=26),
            Column("voice_short", "Voice", no_wrap=True),
        ),
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
    conflict_rows = [r for c in base.conflicts("upr") for r in side_rows(c, base)]
    conf_v = View(
        rows=conflict_rows,
        fields=(),
        title="Where the sources disagree on the UPR",
        columns=(
            Column("id", "Disagreement", ratio=1),
            Column("value_shown", "Value", justify="right"),
            Column("says", "Says", ratio=1),
            Column("cite", "Source, place", max_width=30),
        ),
    )
    emit(
        View(
            rows=[],
            fields=GENERIC_FIELDS,
            groups=[events_v, stats_v, conf_v],
            records=fact_rows + stat_rows,
            sources=base.sources,
            empty="No UPR records.",
        ),
        form,
    )


def register(app: typer.Typer) -> None:
    app.command("upr", help=HELP)(upr)
