"""What ``hrcli export`` writes: the records it holds, as rows by kind (json, csv, sqlite) and as the view
``--format html`` draws (every record, or the filtered ones, every series charted)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..model import FACT_KINDS, Conflict
from ..view import View
from .records import (
    EVENT_FIELDS,
    FACT_FIELDS,
    REC_FIELDS,
    SIDE_FIELDS,
    SOURCE_FIELDS,
    STAT_FIELDS,
    fact_row,
    generic_row,
    side_rows,
    source_row,
    stat_row,
    stat_summary,
)
from .stats import topic_view

if TYPE_CHECKING:
    from ..store import FactBase, Query


def export_view(recs: dict[str, list[Any]], base: FactBase) -> View:
    """All the exported records as one list, with the charts of every topic they hold figures of."""
    disputed = base.disputed()
    rows = [generic_row(r, base, disputed) for kind in FACT_KINDS for r in recs.get(kind, [])]
    stats = recs.get("stats", [])
    rows += [generic_row(s, base, disputed) | {"summary": stat_summary(s)} for s in stats]
    groups: list[View] = []
    for topic in dict.fromkeys(s.topic for s in stats):
        groups += [g for g in topic_view(base, topic).groups if g.charts]
    view = View(rows=[], records=rows, fields=("id", "source"), groups=groups, sources=base.sources)
    for g in view.groups:
        g.rows = []  # charts only: their rows are already among the records
    return view


# each exported kind's fields (a disagreement: one row per side), in the order an export writes the kinds
EXPORT_FIELDS = {
    "sources": SOURCE_FIELDS,
    "events": EVENT_FIELDS,
    "claims": FACT_FIELDS,
    "recommendations": REC_FIELDS,
    "stats": STAT_FIELDS,
    "conflicts": SIDE_FIELDS,
}


def export_records(
    base: FactBase, f: Query | None, kinds: tuple[str, ...] = ("events",), all_states: bool = False
) -> dict[str, list[Any]]:
    """What an export holds: every record (``f`` None; events about other States only with ``all_states``), or
    those of ``kinds`` the query keeps and the sources they cite."""
    if f is None:
        return base.all(all_states)
    recs = base.select(kinds, f)
    used = {s.source for r in recs for s in (r.sides if isinstance(r, Conflict) else (r,))}
    out: dict[str, list[Any]] = {"sources": [s for s in base.sources.values() if s.id in used]}
    for k in kinds:
        out[k] = [x for x in recs if x.kind == k]
    return out


def export_rows(recs: dict[str, list[Any]], base: FactBase) -> dict[str, list[dict]]:
    """The exported records as rows, by kind, each with its kind's export fields (EXPORT_FIELDS)."""
    disputed = base.disputed()
    out: dict[str, list[dict]] = {}
    for kind, items in recs.items():
        fields = EXPORT_FIELDS[kind]
        if kind == "sources":
            out[kind] = [{k: source_row(s)[k] for k in fields} for s in items]
        elif kind == "stats":
            out[kind] = [{k: stat_row(s, base, disputed)[k] for k in fields} for s in items]
        elif kind == "conflicts":
            out[kind] = [{k: r[k] for k in fields} for c in items for r in side_rows(c, base)]
        else:
            out[kind] = [{k: fact_row(x, base, disputed)[k] for k in fields} for x in items]
    return out


def search_rows(recs: dict[str, list[Any]], base: FactBase) -> list[dict]:
    """Every exported record as 'hrcli search' lists it, with the text it searches and a citation whose date
    is written in words, as the tables' legend writes it: what the export's search query answers from."""
    from ..edtf import source_when

    texts = base.search_texts()
    disputed = base.disputed()
    out = []
    for kind, items in recs.items():
        for rec in items:
            r = generic_row(rec, base, disputed)
            src = base.sources.get(r["source"])
            cited = (
                f"{src.issuer}, {src.title} ({source_when(src.date, src.accessed)})" if src is not None else r["source"]
            )
            r["citation"] = cited + (f", {r['locator']}" if r["locator"] else "")
            r["text"] = texts.get((kind, rec.id), "")
            out.append(r)
    return out
