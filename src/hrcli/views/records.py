"""Records -> rows and Views: the field lists and row builders every listing shares.

Row shapes are the output interface: field names and order are stable (README, 'Output fields').
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..model import OPEN_HI, OPEN_LO, Conflict, Fact, Source, Stat, singular
from ..schema import KINDS
from ..view import DISPUTED, Column, View, marks, number_text, place
from ..vocab import VOICE_SHORT

if TYPE_CHECKING:
    from ..store import FactBase

# the fields of each kind's rows, in order, as hrcli.schema declares them (the export columns): an event's and a
# claim's; a recommendation's, its UPR fields after the fact fields; a figure's; a disagreement's, one row per side;
# a source's
FACT_FIELDS = KINDS["claims"].columns
EVENT_FIELDS = KINDS["events"].columns  # an event's, exported: a vote's or a treaty action's fields follow
DATASET_FIELDS = EVENT_FIELDS[len(FACT_FIELDS) :]
REC_FIELDS = KINDS["recommendations"].columns
UPR_FIELDS = REC_FIELDS[len(FACT_FIELDS) :]
STAT_FIELDS = KINDS["stats"].columns
SIDE_FIELDS = KINDS["sides"].columns
SOURCE_FIELDS = KINDS["sources"].columns

# status, disputed, note and the user's own rows are one-character marks under the date (explained under
# the table), the record id is under its summary (for 'hrcli show ID'), and below 100 columns the voice
# is left to the legend, which names each source's voice: the summary keeps at least half the width
FACT_COLUMNS = (
    Column("date", "Date", no_wrap=True, sub="marks"),
    Column("summary", "What the source says", ratio=1, sub="ref"),
    Column("cite", "Source, place", max_width=22),
    Column("voice_short", "Voice", no_wrap=True, hide_below=100),
)


# how a record's start/end mark an unknown start or an open end (model holds them, for edtf and these rows:
# a machine-format listing reads the cache's bounds and imports no date parser)
UNKNOWN_BOUNDS = (OPEN_LO, OPEN_HI)


def bound(day: str) -> str | None:
    """An ISO day for machine formats: None for an unknown or open bound, which no date parser accepts."""
    return None if not day or day in UNKNOWN_BOUNDS else day


def number(v: Any) -> int | float | None:
    """A value for numeric columns: the number, or None when the source gives words ("over 70%")."""
    return v if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def value_words(v: Any) -> str | None:
    """A value's words when it is not a plain number, for the value_text column beside value."""
    return None if v is None or number(v) is not None else str(v)


def voice_of(base: FactBase, source_id: str) -> str:
    return base.voice(source_id)


def fact_row(f: Fact, base: FactBase, disputed: dict[str, list[str]] | None = None) -> dict[str, Any]:
    voice = voice_of(base, f.source)
    return {
        "id": f.id,
        "kind": singular(f.kind),
        "date": f.date or None,
        "start": bound(f.start),
        "end": bound(f.end),
        "status": f.status or None,
        "mechanism": f.mechanism or None,
        "body": f.body or None,
        "action": f.action or None,
        "topics": ",".join(f.topics),
        "summary": f.summary,
        "title": f.title or None,
        "source": f.source,
        "locator": f.locator,
        "voice": voice,
        "origin": f.origin,
        "note": f.note or None,
        "disputed": ",".join((disputed or {}).get(f.id, ())) or None,
        "state_under_review": f.state_under_review or None,
        "recommending_state": f.recommending_state or None,
        "response": f.response or None,
        "response_text": f.response_text or None,
        "cycle": f.cycle,
        "session": f.session,
        "action_category": f.action_category,
        "issues": f.issues or None,
        **{k: getattr(f, k) if getattr(f, k) not in ("", None) else None for k in DATASET_FIELDS},
        "state": f.state or None,  # an event's other State (a recommendation's: with_states)
        # table-only helpers (not in FACT_FIELDS)
        "status_mark": "" if f.status in ("done", "") else f.status,
        "marks": marks(f.status, (disputed or {}).get(f.id), f.note, f.origin),
        "ref": f.id if f.kind == "events" else f"{singular(f.kind)} {f.id}",
        "cite": place(f.source, f.locator),
        "voice_short": VOICE_SHORT.get(voice, voice),
    }


def stat_row(s: Stat, base: FactBase, disputed: dict[str, list[str]] | None = None) -> dict[str, Any]:
    voice = voice_of(base, s.source)
    shown = stat_value(s)
    return {
        "id": s.id,
        "topic": s.topic,
        "table": s.table,
        "label": s.label,
        "value": s.value,
        "unit": s.unit,
        "qualifier": s.qualifier or None,
        "date": s.date or None,
        "start": bound(s.start),
        "end": bound(s.end),
        "source": s.source,
        "locator": s.locator,
        "voice": voice,
        "origin": s.origin,
        "note": s.note or None,
        "disputed": ",".join((disputed or {}).get(s.id, ())) or None,
        "value_text": s.value_text or None,
        "figure": stat_value(s),
        "shown": shown + (f" {DISPUTED}" if disputed and s.id in disputed else ""),  # explained under the table
        "marks": marks(None, (disputed or {}).get(s.id), s.note, s.origin),
        "ref": s.id,
        "cite": place(s.source, s.locator),
        "voice_short": VOICE_SHORT.get(voice, voice),
    }


def side_rows(c: Conflict, base: FactBase) -> list[dict[str, Any]]:
    rows = []
    for n, s in enumerate(c.sides, 1):
        voice = voice_of(base, s.source)
        rows.append(
            {
                "id": c.id,
                "topic": c.topic,
                "summary": c.summary,
                "side": n,
                "value": number(s.value),
                "value_text": value_words(s.value),
                "says": s.says,
                "source": s.source,
                "locator": s.locator,
                "voice": voice,
                "derived": s.derived,
                "fact": s.fact or None,
                "explanation": c.explanation,
                "cite": place(s.source, s.locator),
                "voice_short": VOICE_SHORT.get(voice, voice),
                "value_shown": number_text(s.value) + (" (hrcli's arithmetic)" if s.derived else ""),
            }
        )
    return rows


def source_row(s: Source) -> dict[str, Any]:
    return {
        "id": s.id,
        "title": s.title,
        "date": s.date,
        "kind": s.kind,
        "issuer": s.issuer,
        "voice": s.voice,
        "cite": s.cite,
        "file": s.file or None,
        "sha256": s.sha256 or None,
        "note": s.note or None,
        "origin": s.origin,
        "find": s.find or None,
        "url": s.url or None,
        "accessed": s.accessed or None,
        "voice_short": VOICE_SHORT.get(s.voice, s.voice),
    }


def facts_view(
    facts: list[Fact],
    base: FactBase,
    title: str,
    empty: str = "No matching records.",
    kinds: tuple[str, ...] = ("events",),
) -> View:
    """Dated facts as a table; the UPR fields follow the fact fields when ``kinds`` (what was asked for, not what
    was found: the fields of a query do not depend on its answer) include recommendations."""
    disputed = base.disputed()
    rows = [fact_row(f, base, disputed) for f in facts]
    for r in rows:
        if r["disputed"]:
            r["status_mark"] = (r["status_mark"] + " disputed").strip()
    return View(
        rows=rows,
        fields=REC_FIELDS if "recommendations" in kinds else FACT_FIELDS,
        columns=FACT_COLUMNS,
        title=title,
        empty=empty,
        sources=base.sources,
    )


def with_states(view: View) -> View:
    """``view`` (and its groups) as a listing asked for every State's events shows it: each row's State (empty:
    Belarus) as a field after the others and a column before what the source says. A text about no State (a
    dataset's theme) has no State: its field ``theme`` says what it is about, and the column 'none: THEME'."""
    themed = any(r.get("theme") for r in (*view.rows, *(r for v in view.groups for r in v.rows)))
    for v in (view, *view.groups):
        if v.fields and "state" not in v.fields:
            v.fields = (*v.fields, "state")
        if themed and v.fields and "theme" not in v.fields:
            v.fields = (*v.fields, "theme")
        keys = [c.key for c in v.columns]
        if keys and "shown_state" not in keys:
            at = keys.index("summary") if "summary" in keys else (keys.index("title") if "title" in keys else 1)
            v.columns = (*v.columns[:at], Column("shown_state", "State", max_width=18), *v.columns[at:])
    from ..cache import is_home_name  # only a listing of every State's records asks

    for r in (*view.rows, *(r for v in view.groups for r in v.rows)):
        r.setdefault("state", None)
        # a recommendation of another State's review that Belarus did not make names that State (cycles.direction)
        under = r.get("state_under_review") if r.get("kind") == "recommendation" else None
        made = str(r.get("recommending_state") or "").split(";")
        if not r["state"] and under and not is_home_name(under) and not any(is_home_name(s) for s in made):
            r["state"] = under
        r["shown_state"] = r["state"] or (f"none: {r['theme']}" if r.get("theme") else None)
    return view


GENERIC_FIELDS = (
    "id",
    "kind",
    "date",
    "summary",
    "source",
    "locator",
    "voice",
    "origin",
    "topics",
    "status",
    "action",
    "mechanism",
    "body",
    "table",
    "label",
    "value",
    "unit",
    "qualifier",
    "disputed",
    "value_text",
)

# search's rows: every listing's fields, then a recommendation's two States as hrcli.schema declares them (the
# UPR fields), so a machine reader tells one Belarus received from one it made (or another State's review's)
SEARCH_FIELDS = (*GENERIC_FIELDS, *(f for f in UPR_FIELDS if f in ("state_under_review", "recommending_state")))


def stat_value(s: Stat) -> str:
    """The figure as people read it: hedge and number, or the source's words when it gave no number."""
    if s.value is None:
        return s.value_text
    return f"{s.qualifier + ' ' if s.qualifier else ''}{number_text(s.value)}"


def stat_summary(s: Stat) -> str:
    return f"{s.table}: {s.label} = {stat_value(s)} {s.unit}"


def generic_row(rec: Any, base: FactBase, disputed: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """Any record as one flat row with the fields every listing shares (search, upr)."""
    if isinstance(rec, Fact):
        r = fact_row(rec, base, disputed)
    elif isinstance(rec, Stat):
        r = stat_row(rec, base, disputed)
        r.update(kind="stat", summary=stat_summary(rec), topics=rec.topic, status=None)
    elif isinstance(rec, Conflict):
        first = rec.sides[0]
        values = " vs ".join(f"{number_text(sd.value)} ({sd.source})" for sd in rec.sides)
        r = {
            "id": rec.id,
            "kind": "conflict",
            "date": None,
            "summary": f"{rec.summary}: {values}",
            "source": first.source,
            "locator": first.locator,
            "voice": voice_of(base, first.source),
            "origin": rec.origin,
            "topics": rec.topic,
            # the summary shows every side's value: the row cites every side's place
            "cite": "; ".join(place(sd.source, sd.locator) for sd in rec.sides),
            "cites": [sd.source for sd in rec.sides],
        }
    else:  # Source
        r = {
            "id": rec.id,
            "kind": "source",
            "date": rec.date,
            "summary": f"{rec.title} ({rec.kind})",
            "source": rec.id,
            "locator": "whole document",
            "voice": rec.voice,
            "origin": rec.origin,
        }
    r.setdefault("status_mark", "" if r.get("status") in (None, "", "done") else r["status"])
    if r.get("disputed"):
        r["status_mark"] = (r["status_mark"] + " disputed").strip()
    r.setdefault("cite", place(r["source"], r["locator"]))
    r.setdefault("voice_short", VOICE_SHORT.get(r["voice"], r["voice"]))
    r["marks"] = marks(r.get("status"), r.get("disputed"), r.get("note"), r.get("origin"))
    r["ref"] = f"{r['kind']} {r['id']}"
    return r


def generic_view(recs: list[Any], base: FactBase, title: str, empty: str) -> View:
    """Records of every kind as search lists them (``SEARCH_FIELDS``)."""
    disputed = base.disputed()
    rows = [generic_row(r, base, disputed) for r in recs]
    for rec, row in zip(recs, rows, strict=True):
        way = whose_review(rec)
        if way:  # a recommendation in another State's review: said under it, never read as one to Belarus
            row["ref"] = f"{row['ref']}; {way}"
    cols = FACT_COLUMNS  # the kind is on the line with the id, under the summary
    return View(rows=rows, fields=SEARCH_FIELDS, columns=cols, title=title, empty=empty, sources=base.sources)


def whose_review(rec: Any) -> str:
    """For a recommendation made in another State's review, whose it is ('made by Belarus to Poland', 'to Chile,
    made by Peru'); '' for one Belarus received and for any other record."""
    from ..cycles import direction

    if not isinstance(rec, Fact) or rec.kind != "recommendations":
        return ""
    way = direction(rec)
    under = (rec.state_under_review or "").strip()
    if way == "given":
        return f"made by Belarus to {under}" if under else "made by Belarus in another State's review"
    if way == "other":
        made = f", made by {rec.recommending_state}" if rec.recommending_state else ""
        return f"to {under}{made} (not Belarus's review)"
    return ""


def kv_view(
    pairs: list[tuple[str, Any]],
    record: dict[str, Any],
    fields: tuple[str, ...],
    title: str,
    base: FactBase | None = None,
) -> View:
    """A record shown to people as Field | Value lines, and to machines as one flat record."""
    rows = [{"field": k, "value": "" if v is None else v} for k, v in pairs if v not in (None, "", ())]
    view = View(
        rows=rows,
        fields=fields,
        columns=(Column("field", "Field", no_wrap=True), Column("value", "Value", ratio=1)),
        title=title,
        records=[record],
        legend=False,
        sources=base.sources if base is not None else {},
    )
    view.max_cell = None  # one record: show every character, however long
    return view


def topic_conflicts_view(base: FactBase, topic: str, title: str, voice: str | None = None) -> View | None:
    """The recorded disagreements on a topic (with a side in ``voice``) as one table (under stats and upr), or None."""
    rows = [r for c in base.conflicts(topic, voice) for r in side_rows(c, base)]
    if not rows:
        return None
    return View(
        rows=rows,
        fields=(),
        title=title,
        columns=(
            # the disagreement's id (one long word) under what each side says, so "Says" gets the width
            Column("value_shown", "Value", justify="right"),
            Column("says", "Says", ratio=1, sub="id"),
            Column("cite", "Source, place", max_width=30),
            Column("voice_short", "Voice", no_wrap=True, hide_below=100),
        ),
    )
