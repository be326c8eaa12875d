"""``hrcli treaty [CODE]``: the treaty committees, or one committee's reporting history."""

from typing import Annotated

import typer

from .. import options as o
from .. import vocab
from ..errors import UsageError
from ..output import emit
from ..view import Column, View, place
from ..views.records import FACT_FIELDS, facts_view, with_states
from .common import load_base, require_state

# a committee's history: the fact fields, then the treaty and the State's standing a status dataset gives
HISTORY_FIELDS = (*FACT_FIELDS, "treaty", "treaty_status")

OVERVIEW_FIELDS = (
    "id",
    "date",
    "summary",
    "source",
    "locator",
    "voice",
    "committee",
    "treaty",
    "treaty_abbr",
    "last_report",
    "last_report_id",
    "last_dialogue",
    "last_dialogue_id",
    "pending",
    "pending_id",
    "records",
)

HELP = f"""Treaty bodies: one row per committee, or CODE's full reporting history.

The overview's "pending" is the latest pending or planned item with nothing done recorded after it.

CODE is case-insensitive: a committee code (CAT, CERD, CEDAW, CCPR, CRC, CESCR, CRPD, CORE for the
common core document), a treaty abbreviation (ICCPR, ICESCR, ICERD, ...) or a word (torture, children).
--voice keeps the records from sources in that voice, as in timeline.
Treaty status imported from a published dataset (UN Treaty Collection, OHCHR's ratification dashboard)
is listed with the history, cited to that dataset: treaty names the instrument (ICCPR-OP1 under CCPR),
treaty_status the State's standing as the dataset gives it (party, signatory, no-action; only party is a
ratification).
Overview fields: {", ".join(OVERVIEW_FIELDS)}. History fields: {", ".join(HISTORY_FIELDS)}.
The date, summary, source and locator of an overview row are those of one record: the committee's latest
record of something done (if none, its latest record).
"""

_REPORT = {"report", "core-document"}


def treaty(
    ctx: typer.Context,
    code: Annotated[
        str | None,
        typer.Argument(
            help="Committee code, treaty abbreviation or word.", autocompletion=o.complete_body, show_default=False
        ),
    ] = None,
    voice: o.VoiceOpt = None,
    all_states: o.AllStatesOpt = False,
    of_state: o.OfStateOpt = None,
    fmt: o.FormatOpt = None,
    as_json: o.JsonOpt = False,
) -> None:
    form = o.resolve_format(fmt, as_json)
    run = o.settings(ctx)
    if (all_states or of_state is not None) and code is None:
        raise UsageError("--all-states goes with a CODE: the overview is Belarus's (hrcli treaty CCPR --all-states)")
    body = base = None
    if code is not None and vocab.body_lookup(code) is None and vocab.body_key(code) not in vocab.BODIES:
        # a committee code the user's own records hold (SPT, CMW from an OPCAT or ICMW status file)
        base = load_base(run)
        if vocab.body_key(code) not in base.bodies():
            o.committee(code)  # the bundled codes' suggestion
        body = vocab.body_key(code)
    elif code is not None:
        body = o.committee(code)
    f = o.filters(body=body, voice=voice, all_states=all_states, of_state=of_state)
    base = base or load_base(run)
    require_state(base, f, of_state)
    if body is not None:
        bundled = vocab.BODIES.get(body)
        recs = base.select(("events", "claims"), f)
        v = facts_view(
            recs,
            base,
            f"{body}: your own committee code"
            if bundled is None
            else f"{body}: {bundled[0]}" + ("" if body == "CORE" else f" ({bundled[1]})"),
            f"No records for {body} in the fact base.",
        )
        v.fields = HISTORY_FIELDS
        if all_states or of_state is not None:
            with_states(v)
        emit(v, form, run, base)
        return
    emit(overview(base, f.voice), form, run, base)


def _start(r) -> str:
    from ..edtf import known_range

    return known_range(r.start, r.end)[0]


def _latest(recs, pred):
    """The record that reaches latest (by the end of its date range, then its start)."""
    hits = [r for r in recs if pred(r)]
    return max(hits, key=lambda r: (r.end, _start(r))) if hits else None


def overview(base, voice: str | None = None) -> View:
    from ..edtf import human

    rows = []
    for code, (name, treaty_name, abbr, _w) in vocab.BODIES.items():
        recs = base.facts(("events", "claims"), body=code, voice=voice)
        rep = _latest(recs, lambda r: r.action in _REPORT and r.status == "done")
        dia = _latest(recs, lambda r: r.action == "dialogue" and r.status == "done")
        # a plan or pending item counts only if nothing done for this committee is recorded after it began
        last_done = max((_start(r) for r in recs if r.status == "done"), default="")
        pen = _latest(
            recs,
            lambda r, after=last_done: (
                (r.status in {"pending", "planned"} or r.action == "report-pending") and _start(r) > after
            ),
        )
        # the row cites the latest thing done (what its summary leads with), else the latest of any kind
        last = _latest(recs, lambda r: r.status == "done") or _latest(recs, lambda r: True)
        rows.append(
            {
                "id": code,
                "date": last.date if last else None,
                # the text its source and locator cite: a summary stitched from several records (a user's
                # planned event among them) would carry one document's citation for another's words
                "summary": last.summary if last else "no records",
                "source": last.source if last else None,
                "locator": last.locator if last else None,
                "voice": base.voice(last.source) if last else None,
                "committee": name,
                "treaty": treaty_name,
                "treaty_abbr": abbr,
                "last_report": rep.date if rep else None,
                "last_report_id": rep.id if rep else None,
                "last_dialogue": dia.date if dia else None,
                "last_dialogue_id": dia.id if dia else None,
                "pending": pen.summary if pen else None,
                "pending_id": pen.id if pen else None,
                "records": len(recs),
                # table cells: dates written for people (the fields above keep EDTF), explained by ``dates``
                "report_cell": f"{human(rep.date)}\n({place(rep.source, rep.locator)})" if rep else "",
                "dialogue_cell": f"{human(dia.date)}\n({place(dia.source, dia.locator)})" if dia else "",
                "pending_cell": f"{human(pen.date)}: {pen.summary}\n({place(pen.source, pen.locator)})" if pen else "",
                "dates": [r.date for r in (rep, dia, pen) if r],
                # the cells cite these records (not ``last``): the legend must name each of their sources
                "cites": [r.source for r in (rep, dia, pen) if r],
            }
        )
    cols = (
        Column("id", "Code", no_wrap=True),
        Column("committee", "Committee", ratio=1, max_width=24),
        # the citations under the dates get the width they need; the pending summary wraps
        Column("report_cell", "Last report"),
        Column("dialogue_cell", "Last dialogue"),
        Column("pending_cell", "Pending / planned", ratio=2),
    )
    v = View(
        rows=rows, fields=OVERVIEW_FIELDS, columns=cols, title="UN treaty bodies and Belarus", sources=base.sources
    )
    # under 120 columns three citations side by side wrap each over three or four lines: one block a committee,
    # each date with its label on a line of its own (the table's headers are not there to say which is which)
    v.blocks_below = 120
    v.block_lines = ("report_cell", "dialogue_cell")
    return v


def register(app: typer.Typer) -> None:
    app.command("treaty", help=HELP)(treaty)
