"""``hrcli show ID``: one record, every field, with the full citation of its source."""

from typing import Annotated

import typer

from .. import options as o
from ..errors import did_you_mean
from ..model import Conflict, Source
from ..output import VOICE_LABELS, emit
from . import kv_view, load_base

HELP = """One record (event, claim, recommendation, statistic, disagreement or source) with every field
and the full citation: document title, date, issuer, whose voice, and how to find the place.

Fields: the record's own fields, then source_title, source_date, source_issuer, voice, source_cite.
"""


def show(
    record_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="A record id (see any --json output).", autocompletion=o.complete_id, show_default=False
        ),
    ],
    fmt: o.FormatOpt = None,
    as_json: o.JsonOpt = False,
) -> None:
    form = o.resolve_format(fmt, as_json)
    base = load_base()
    rec = base.get(record_id)
    if rec is None:
        raise did_you_mean(record_id, base.ids(), "record id")
    d = rec.to_dict()
    if isinstance(rec, Conflict):
        sides = d.pop("sides")
        for n, s in enumerate(sides, 1):
            for k, v in s.items():
                d[f"side{n}_{k}"] = v
        src_id = rec.sides[0].source
    elif isinstance(rec, Source):
        src_id = rec.id
    else:
        src_id = rec.source
    if "topics" in d:
        d["topics"] = ",".join(d["topics"])
    src = base.sources.get(src_id)
    if src is not None and not isinstance(rec, Source):
        d.update(
            source_title=src.title,
            source_date=src.date,
            source_issuer=src.issuer,
            voice=src.voice,
            source_cite=src.cite,
        )
    pairs = list(d.items())
    if src is not None:
        pairs.append(("whose voice", VOICE_LABELS.get(src.voice, src.voice)))
    emit(kv_view(pairs, d, tuple(d), f"{rec.id}"), form)


def register(app: typer.Typer) -> None:
    app.command("show", help=HELP)(show)
