"""``hrcli show ID``: one record, every field, with the full citation of its source(s)."""

from typing import Annotated

import typer

from .. import options as o
from ..errors import did_you_mean
from ..model import Conflict, Fact, Source, Stat
from ..output import emit
from ..output import passage as print_passage  # the option --passage is `passage` in show()
from ..view import number_text
from ..views.records import (
    EVENT_FIELDS,
    FACT_FIELDS,
    REC_FIELDS,
    SOURCE_FIELDS,
    STAT_FIELDS,
    fact_row,
    kv_view,
    side_rows,
    source_row,
    stat_row,
)
from ..vocab import VOICE_LABELS
from .common import load_base

HELP = """One record (event, claim, recommendation, statistic, disagreement or source) with every field
and the full citation: document title, date, issuer, whose voice, and how to find the place.

Fields: those of the record's listing (timeline, stats, sources), then source_title, source_date,
source_issuer, source_cite, citation (one line to paste: issuer, title, date, place). A
disagreement gives id, kind, topic, summary, explanation, then for each side N: sideN_value (a
number, or null when the source gives words), sideN_value_text, sideN_says, sideN_source,
sideN_locator, sideN_voice, sideN_derived, sideN_fact, sideN_source_title, sideN_source_date.

--passage also prints the text the locator points at, with the record's figures and dates
highlighted, read from your copy of the source documents (HRCLI_SOURCES_DIR, or 'hrcli sources link
DIR'). Machine formats then add passage and passage_lines (first and last line of the file); a
disagreement adds sideN_passage and sideN_passage_lines for each side.
"""


def _citation(src, prefix: str = "source_") -> dict:
    if src is None:
        return {}
    return {
        f"{prefix}title": src.title,
        f"{prefix}date": src.date,
        f"{prefix}issuer": src.issuer,
        f"{prefix}cite": src.cite,
    }


def show(
    ctx: typer.Context,
    record_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="A record id (see any --json output).", autocompletion=o.complete_id, show_default=False
        ),
    ],
    passage: Annotated[
        bool, typer.Option("--passage", "-p", help="Also print the passage of the source that the record cites.")
    ] = False,
    fmt: o.FormatOpt = None,
    as_json: o.JsonOpt = False,
) -> None:
    form = o.resolve_format(fmt, as_json)
    run = o.settings(ctx)
    base = load_base(run)
    rec = base.get(record_id)
    if rec is None:
        raise did_you_mean(record_id, base.ids(), "record id")
    found, refused = _passages(base, rec) if passage else ([], [])
    disputed = base.disputed()
    if isinstance(rec, Fact):
        row = fact_row(rec, base, disputed)
        # every field: an event's own vote and treaty-status fields too
        fields = {"recommendations": REC_FIELDS, "events": EVENT_FIELDS}.get(rec.kind, FACT_FIELDS)
        d = {k: row[k] for k in fields} | _citation(base.sources.get(rec.source))
    elif isinstance(rec, Stat):
        row = stat_row(rec, base, disputed)
        d = {k: row[k] for k in STAT_FIELDS} | {"kind": "stat"} | _citation(base.sources.get(rec.source))
    elif isinstance(rec, Conflict):
        d = {
            "id": rec.id,
            "kind": "conflict",
            "topic": rec.topic,
            "summary": rec.summary,
            "explanation": rec.explanation,
        }
        for side in side_rows(rec, base):
            n = side["side"]
            for k in ("value", "value_text", "says", "source", "locator", "voice", "derived", "fact"):
                d[f"side{n}_{k}"] = side[k]
            src = base.sources.get(side["source"])
            if src is not None:
                d[f"side{n}_source_title"], d[f"side{n}_source_date"] = src.title, src.date
    else:  # base.get returns one of the five record types: this is a Source
        row = source_row(rec)
        d = {k: row[k] for k in SOURCE_FIELDS} | {"kind": "source"}
    if getattr(rec, "imported_from", ""):
        d["imported_from"] = rec.imported_from
    footer = []
    if isinstance(rec, (Fact, Stat)):
        src = base.sources.get(rec.source)
        if src is not None:
            d["citation"] = citation(src, rec.locator)
            footer = [f"Cite as: {d['citation']}", whose(src, rec.origin)]
    elif isinstance(rec, Conflict):
        for side in rec.sides:
            src = base.sources.get(side.source)
            if src is not None:
                what = "hrcli's arithmetic on " if side.derived else ""
                footer.append(f"Side {number_text(side.value)}: {what}{citation(src, side.locator)}")
    else:
        d["citation"] = citation(rec, "")
        footer = [f"Cite as: {d['citation']}"]
    pairs = [(k, _dated(k, v)) for k, v in d.items() if k != "citation"]  # the citation is printed under it
    from ..edtf import source_when, undated

    if d.get("kind") == "source" and undated(rec.date, rec.accessed):  # n.d., as its citation gives it
        pairs = [(k, f"{source_when(rec.date, rec.accessed)} ({rec.date})" if k == "date" else v) for k, v in pairs]
    voice = d.get("voice")
    if voice:
        pairs.append(("whose voice", VOICE_LABELS.get(voice, voice)))
    if found and form != "table":
        for prefix, p in found:
            d[f"{prefix}passage"], d[f"{prefix}passage_lines"] = p.text, p.lines
    v = kv_view(pairs, d, tuple(d), f"{rec.id}")
    v.footer = footer
    emit(v, form, run, base)
    if found and form == "table":
        from ..passages import evidence_terms

        terms = evidence_terms(rec)
        for _prefix, p in found:
            title = f"{p.source}, {p.locator} ({p.file}, lines {p.first}-{p.last})"
            print_passage(title, p.text, terms)
    if refused:  # the record is printed; its passage is not, and the call fails
        raise refused[0]


def _dated(field: str, value):
    """A date field for the table: in words, with the EDTF as stored after it ('spring 2015 (2015-21)')."""
    if not isinstance(value, str) or not (field == "date" or field.endswith("_date")):
        return value
    from ..edtf import human

    words = human(value)
    return value if words == value else f"{words} ({value})"


def _passages(base, rec) -> tuple[list, list]:
    """(field prefix, Passage) for each place the record cites, resolved before anything is printed; and the
    refusals of those whose words in the user's copy differ (the record still prints)."""
    from .. import passages

    if isinstance(rec, Source):
        wanted = [("", lambda: passages.whole(base, rec.id))]
    elif isinstance(rec, Conflict):
        wanted = [
            (
                f"side{n}_",
                lambda n=n, side=side: passages.for_record(base, f"{rec.id} (side {n})", side.source, side.locator),
            )
            for n, side in enumerate(rec.sides, 1)
        ]
    else:
        wanted = [("", lambda: passages.for_record(base, rec.id, rec.source, rec.locator))]
    found, refused = [], []
    for prefix, get in wanted:
        try:
            found.append((prefix, get()))
        except passages.Refused as e:
            refused.append(e)
    return found, refused


def citation(src, locator: str) -> str:
    """One ready-to-paste line: issuer, document title, date and the place in it. A dataset that states no date
    is 'n.d., read D' (edtf.source_when, as the legend and 'hrcli cite' give it), never its EDTF '/D'."""
    from ..edtf import source_when, undated

    when = source_when(src.date, src.accessed) if undated(src.date, src.accessed) else src.date
    return f'{src.issuer}, "{src.title}" ({when})' + (f", {locator}" if locator else "") + "."


def whose(src, origin: str) -> str:
    """Whose claim a record is: what its source says, never settled fact."""
    voice = VOICE_LABELS.get(src.voice, src.voice)
    mine = " You added this record yourself." if origin != "bundled" else ""
    return f"Whose claim: {src.issuer} ({voice}); what this source says, not settled fact.{mine}"


def register(app: typer.Typer) -> None:
    app.command("show", help=HELP)(show)
