"""The votes view: the Human Rights Council's and the Commission on Human Rights' resolutions and decisions on
Belarus with their tallies, as the imported voting records give them (an event with a symbol or a vote type), and
a chart of the votes in favour, against and abstaining over the years.

An amendment to a draft (action ``amendment``: its own L. symbol, the draft it amends, what became of it) is another
text than the resolution: listed only when asked for, marked as one, and never charted as the resolution's tally."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..view import Column, View
from .records import voice_of, with_states

if TYPE_CHECKING:
    from ..store import FactBase, Query

VOTE_FIELDS = (
    "id",
    "date",
    "symbol",
    "adopted_by",
    "action",
    "vote_type",
    "yes",
    "no",
    "abstain",
    "nonvoting",
    "outcome",
    "amends",
    "title",
    "summary",
    "source",
    "locator",
    "voice",
)
# the bodies whose votes are listed: the Council and the Commission before it (mechanism as the profile sets it,
# or the UPR's outcome decisions, adopted by the Council)
BODIES = ("Human Rights Council", "Commission on Human Rights", "General Assembly")
SHORT = {"Commission on Human Rights": "Commission", "General Assembly": "Assembly"}
TALLY = (("yes", "in favour"), ("no", "against"), ("abstain", "abstaining"))


def is_vote(r: Any) -> bool:
    """An event of a voting record adopted by the Council or the Commission: about Belarus, or about the other
    State or the theme it names (kept with --all-states)."""
    if not (r.symbol or r.vote_type) or r.adopted_by not in BODIES:
        return False
    return bool(r.state or r.theme) or "belarus" in f"{r.title} {r.summary}".casefold()


def kind(r: Any) -> str | None:
    """How a text was adopted, in the table's Vote column: 'recorded' (each State's vote recorded),
    'non-recorded' (counted, no State's vote recorded), 'without vote', another vote type in its own words."""
    t = " ".join((r.vote_type or "").replace("-", " ").split()).upper()
    if not t:
        return None
    if t.startswith("RECORDED"):
        return "recorded"
    if t.startswith("NON RECORDED"):
        return "non-recorded"
    return "without vote" if "WITHOUT" in t else t.lower()


def tally(r: Any) -> str:
    """'23-14-16' (yes-no-abstain) where the file gives the tallies; otherwise the vote type's words where they say
    more than the Vote column ('Non-recorded, adopted unanimously'; 'Recorded, no tallies': the file leaves them
    empty), nothing where they say only that ('ADOPTED WITHOUT VOTE')."""
    if r.yes is None:
        if kind(r) == "recorded":
            return "Recorded, no tallies"  # the file leaves them empty
        words = (r.vote_type or "").capitalize()
        return (
            ""
            if " ".join(words.replace("-", " ").split()).lower() in ("adopted without vote", "non recorded")
            else words
        )
    return "-".join(str(n if n is not None else "?") for n in (r.yes, r.no, r.abstain))


def is_amendment(r: Any) -> bool:
    return r.action == "amendment"


def marked(r: Any) -> str | None:
    """The table's title: an amendment says it is one, what it amends and what became of it."""
    if not is_amendment(r):
        return r.title or None
    to = f" to {r.amends}" if r.amends else ""
    became = f", {r.outcome.replace('-', ' ')}" if r.outcome else ""
    return f"[Amendment{to}{became}] {r.title}".rstrip()


def same_votes(recorded: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The recorded votes grouped by vote (symbol and date), in the order first met: two datasets that hold the
    same vote (an overlapping harvest, a corrected copy saved under another name) give one group of two rows."""
    groups: dict[Any, list[dict[str, Any]]] = {}
    for n, r in enumerate(recorded):
        key = (r["symbol"], r["date"]) if r["symbol"] else n  # a vote with no symbol is its own
        groups.setdefault(key, []).append(r)
    return list(groups.values())


def _votes(n: Any) -> str:
    return "vote" if n == 1 else "votes"  # the chart makes '1 vote' of a unit ending in 'votes' only


def _named(rows: list[dict[str, Any]]) -> str:
    return ", ".join(dict.fromkeys(r["source"] for r in rows))


def chart(groups: list[list[dict[str, Any]]], key: str) -> list[tuple[str, Any, str]]:
    """One bar per vote for the tally ``key``: the datasets that agree on it give one bar, naming how many they
    are when more than one; where they differ, a bar for each value, each naming its sources, marked as differing
    (never one value picked)."""
    bars: list[tuple[str, Any, str]] = []
    for group in groups:
        label = f"{group[0]['date'][:4]} {group[0]['symbol']}"
        values: dict[Any, list[dict[str, Any]]] = {}
        for r in group:
            values.setdefault(r[key], []).append(r)
        if len(values) == 1:
            n = len({r["source"] for r in group})
            value = group[0][key]
            bars.append((label, value, f"{_votes(value)} (in {n} datasets)" if n > 1 else "votes"))
            continue
        for value, rows in values.items():
            bars.append((label, value, f"{_votes(value)} per {_named(rows)} (sources differ)"))
    return bars


def disagreement(group: list[dict[str, Any]]) -> str | None:
    """One line under the table when the records of one vote give different tallies: the symbol, and for each
    tally that differs what each source (and its place) says."""
    parts = []
    for key in ("yes", "no", "abstain", "nonvoting"):
        values: dict[Any, list[dict[str, Any]]] = {}
        for r in group:
            values.setdefault(r[key], []).append(r)
        if len(values) > 1:
            said = "; ".join(
                f"{'none given' if value is None else value} in {', '.join(r['cite'] for r in rows)}"
                for value, rows in values.items()
            )
            parts.append(f"{key} {said}")
    if not parts:
        return None
    first = group[0]
    return f"Sources differ on {first['symbol']} ({first['date']}): " + " | ".join(parts) + "."


class VotesView(View):
    """The votes view; ``disagreements`` are its lines on votes whose datasets give different tallies (under the
    table, and on stderr for the machine formats, whose rows keep each record as its source gives it)."""

    disagreements: tuple[str, ...] = ()


def votes_view(
    base: FactBase, query: Query, limit: int | None = None, amendments: bool = False, state: str | None = None
) -> VotesView:
    """The votes ``query`` keeps; ``state``: the other State --state names, as the records spell it."""
    every = [r for r in base.select(("events",), query) if is_vote(r)]
    recs = [r for r in every if amendments or not is_amendment(r)]
    hidden = len(every) - len(recs)
    total = len(recs)
    rows = []
    for r in recs[:limit]:
        voice = voice_of(base, r.source)
        row: dict[str, Any] = {
            "id": r.id,
            "date": r.date or None,
            "symbol": r.symbol or None,
            "adopted_by": r.adopted_by or None,
            "action": r.action or None,
            "vote_type": r.vote_type or None,
            **{k: getattr(r, k) for k in ("yes", "no", "abstain", "nonvoting")},
            "outcome": r.outcome or None,
            "amends": r.amends or None,
            "title": r.title or None,
            "summary": r.summary,
            "source": r.source,
            "locator": r.locator,
            "voice": voice,
            "tally": tally(r),
            "vote_kind": kind(r),
            "body_short": SHORT.get(r.adopted_by, "Council"),
            "cite": f"{r.source}, {r.locator}",
            "shown_title": marked(r),
            "state": r.state or None,
            "theme": r.theme or None,
        }
        rows.append(row)
    # the resolutions' and decisions' tallies on Belarus only: an amendment's is not the resolution's support, and
    # another State's resolution (listed with --all-states) is no point on Belarus's line
    # and a non-recorded vote's tallies are listed, never charted beside the recorded votes' (no State's vote
    # was recorded: README, hrcli votes)
    recorded = [
        r
        for r in rows
        if r["yes"] is not None
        and r["action"] != "amendment"
        and not r["state"]
        and not r["theme"]
        and r["vote_kind"] in (None, "recorded")
    ]
    unrecorded = sum(r["yes"] is not None and r["vote_kind"] == "non-recorded" for r in rows)
    same = same_votes(recorded)
    charts = [(f"Votes {words} ({r_key})", chart(same, r_key)) for r_key, words in TALLY]
    differ = [line for group in same if (line := disagreement(group))]
    v = VotesView(
        rows=rows,
        fields=VOTE_FIELDS,
        columns=(
            Column("date", "Date", no_wrap=True),
            Column("body_short", "Body", no_wrap=True, hide_below=90),  # the symbol says it too (E/CN.4, A/HRC)
            Column("symbol", "Symbol", no_wrap=True),
            Column("vote_kind", "Vote", no_wrap=True),
            Column("tally", "Yes-No-Abst.", no_wrap=True, justify="right"),
            Column("nonvoting", "Not voting", justify="right", hide_below=100),
            Column("shown_title", "Title", ratio=1),
            Column("cite", "Source, place", max_width=30),  # who said it and where: never hidden
        ),
        title="Resolutions and decisions on "
        + (state if state else "Belarus" + (" and other States (--all-states)" if query.all_states else ""))
        + ": Human Rights Council and Commission on Human Rights"
        + (" (and the General Assembly)" if any(r["adopted_by"] == BODIES[2] for r in rows) else "")
        + ("; amendments marked, not charted" if amendments else ""),
        # votes held but none the filters keep: never the advice to import what is there
        empty=(
            "No votes match these filters."
            if every or (not rows and any(is_vote(r) for r in base.events(all_states=True)))
            else "No votes recorded: import OHCHR's voting records (hrcli import resolutions.csv)."
        ),
        charts=charts if recorded else [],
        sources=base.sources,
    )
    v.disagreements = tuple(differ)
    if hidden:
        differ.append(f"{hidden} amendment(s) to the drafts not listed (not the resolutions): --amendments lists them.")
    if unrecorded:
        differ.append(
            f"{unrecorded} non-recorded vote(s): tallies listed as the file gives them, not charted (no State's"
            " vote was recorded)."
        )
    v.footer = tuple(differ)
    if limit is not None and total > len(rows):
        v.total = total
    if query.all_states or state:
        with_states(v)
    return v
