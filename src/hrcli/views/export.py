"""The view ``hrcli export --format html`` draws: every record (or the filtered events), every series charted."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..model import FACT_KINDS
from ..view import View
from .records import generic_row, stat_summary
from .stats import topic_view

if TYPE_CHECKING:
    from ..store import FactBase


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
