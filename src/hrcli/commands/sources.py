"""``hrcli sources [ID]``: the documents every fact cites, and how to cite a place in each."""

from typing import Annotated

import typer

from .. import options as o
from ..errors import did_you_mean
from ..output import Column, View, emit
from . import SOURCE_FIELDS, kv_view, load_base, source_row

HELP = f"""The source documents: id, title, date (EDTF), kind, issuer, whose voice, and how to cite a place.

Fields: {", ".join(SOURCE_FIELDS)}, records (how many facts cite it).
"""


def sources(
    source_id: Annotated[
        str | None,
        typer.Argument(
            metavar="ID", help="A source id, e.g. unct-2009.", autocompletion=o.complete_source, show_default=False
        ),
    ] = None,
    fmt: o.FormatOpt = None,
    as_json: o.JsonOpt = False,
) -> None:
    form = o.resolve_format(fmt, as_json)
    base = load_base()
    counts: dict[str, int] = {}
    for f in base.facts(("events", "claims", "recommendations")):
        counts[f.source] = counts.get(f.source, 0) + 1
    for s in base.stats():
        counts[s.source] = counts.get(s.source, 0) + 1
    fields = (*SOURCE_FIELDS, "records")
    if source_id is not None:
        src = base.sources.get(source_id)
        if src is None:
            raise did_you_mean(source_id, base.sources, "source")
        rec = {**source_row(src), "records": counts.get(src.id, 0)}
        pairs = [(k, rec[k]) for k in fields]
        emit(kv_view(pairs, {k: rec[k] for k in fields}, fields, f"Source {src.id}"), form)
        return
    rows = [{**source_row(s), "records": counts.get(s.id, 0)} for s in base.sources.values()]
    cols = (
        Column("id", "Id", no_wrap=True),
        Column("title", "Title", ratio=3),
        Column("date", "Date", no_wrap=True),
        Column("voice_short", "Voice", no_wrap=True),
        Column("records", "Facts", justify="right"),
        Column("cite", "How to cite a place", ratio=3),
    )
    emit(View(rows=rows, fields=fields, columns=cols, title="Sources", legend=False), form)


def register(app: typer.Typer) -> None:
    app.command("sources", help=HELP)(sources)
