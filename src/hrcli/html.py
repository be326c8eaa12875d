"""``--format html``: one self-contained page (inline CSS, script and SVG; no request to any server).

Imported only when html is asked for: Jinja2 costs ~30 ms to import and no other path needs it. The
template (``templates/report.html.j2``) does all markup with autoescaping on, so every piece of data,
bundled or the user's, reaches the page as text. This module only computes what to show and where:
timeline geometry, bar charts, the sources and disagreements a page cites.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from typing import Any

from ._version import __version__
from .cycles import is_home_name
from .edtf import bounds, horizon, known_range, parse, source_when, undated
from .model import ROW_KINDS
from .view import View, clean, number_text
from .vocab import VOICE_LABELS, VOICE_SHORT

LANES = {
    "treaty-bodies": "Treaty bodies",
    "treaties": "Treaties",
    "special-procedures": "Special procedures",
    "upr": "UPR",
    "ohchr": "OHCHR",
    "hrc": "Human Rights Council",
    "general-assembly": "General Assembly",
    "chr": "Commission on HR",
    "un-agencies": "UN agencies",
    "national": "National",
    "bilateral": "Bilateral",
    "regional": "Regional",
    "": "No mechanism",
}

# SVG geometry, in viewBox units (the SVG scales to the page width; a phone scrolls it sideways)
WIDTH, LABEL_W, RIGHT, AXIS_H, ROW_H, LANE_PAD = 1100, 160, 36, 28, 16, 6
POINT_R, MIN_BAR, OPEN_TAIL = 4.5, 5.0, 26.0
# a mark that is not done is drawn differently (see the legend) and carries the letter the terminal shows
STATUS_LETTER = {"planned": "P", "pending": "W", "ongoing": "O", "pledged": "C"}
BADGE_W = 10.0


def _text(v: Any) -> str:
    """Data as plain text (control codes stripped); the template escapes it."""
    return clean("" if v is None else v)


def _inert(v: Any) -> Any:
    """Data as escaped text in which an address (http://...) is not one string: the page reads and copies
    the same, but nothing that scans the page for links (or a future template slip) finds one to follow."""
    from markupsafe import Markup, escape

    return Markup(str(escape(_text(v))).replace("://", "<span>:</span>//"))


def query(argv: Sequence[str] = (), without_format: bool = False) -> str:
    """The command line ``argv`` that produced this page, as a user would type it (or without its --format html)."""
    args = list(argv)
    if without_format:
        for i in range(len(args) - 1, -1, -1):
            if args[i] in ("--format", "-f") and i + 1 < len(args):
                del args[i : i + 2]
            elif args[i] in ("--format=html", "-fhtml"):
                del args[i]
    return "hrcli " + shlex.join(args) if args else "hrcli"


def _summary(r: dict[str, Any]) -> str:
    if "side" in r and "says" in r:  # one side of a disagreement
        return f"{r['says']}: {number_text(r['value'])}" + (" (hrcli's arithmetic)" if r.get("derived") else "")
    if r.get("summary"):
        return r["summary"]
    if r.get("label") is not None and r.get("value") is not None:
        q = f"{r['qualifier']} " if r.get("qualifier") else ""
        return f"{r.get('table') or ''}: {r['label']} = {q}{number_text(r['value'])} {r.get('unit') or ''}".strip()
    return ""


def _bound(date: str | None, side: int) -> str:
    """The EDTF bound (0000-01-01 / 9999-12-31 for unknown or open) of a date, or '' if there is none."""
    if not date:
        return ""
    try:
        return bounds(date)[side]
    except ValueError:
        return ""


def _upr_notes(r: dict[str, Any]) -> list[str]:
    """A UPR recommendation's own fields as words under its summary: cycle, session, who made it, the response."""
    out = []
    if r.get("cycle") is not None or r.get("session") is not None:
        out.append(
            " ".join(
                x
                for x in (
                    f"UPR cycle {r['cycle']}" if r.get("cycle") is not None else "UPR",
                    f"(session {r['session']})" if r.get("session") is not None else "",
                )
                if x
            )
        )
    under = (r.get("state_under_review") or "").strip()
    if r.get("recommending_state") and under and not is_home_name(under):
        # another State's review (a recommendation Belarus made, or one kept with import --all-states)
        out.append(f"to {under}, recommended by {r['recommending_state']}")
    elif r.get("recommending_state"):
        out.append(f"recommended by {r['recommending_state']}")
    if r.get("response"):
        word = f" ({r['response_text']})" if r.get("response_text") else ""
        out.append(f"response: {r['response']}{word}")
    return out


def _item(n: int, r: dict[str, Any]) -> dict[str, Any]:
    kind = r.get("kind") or ("side" if "side" in r else "stat" if "label" in r else "")
    voice = r.get("voice") or ""
    notes = [r["status"]] if r.get("status") not in (None, "", "done") else []
    if r.get("disputed"):
        notes.append("disputed: " + r["disputed"].replace(",", ", "))
    if r.get("state"):  # a record about another State (shown with --all-states): said first, never left to guess
        notes.insert(0, f"about {r['state']}, not Belarus")
    elif r.get("theme"):  # a text about no State (a dataset's theme), not about Belarus either
        notes.insert(0, f"about no State (theme: {r['theme']}), not Belarus")
    notes += _upr_notes(r)
    return {
        "key": f"rec-{n}",
        "id": _text(r.get("id")),
        "kind": _text(kind),
        "date": _text(r.get("date")),
        # machine rows say null for an unknown or open bound; the timeline draws those from the date
        "start": r.get("start") or _bound(r.get("date"), 0),
        "end": r.get("end") or _bound(r.get("date"), 1),
        "summary": _text(_summary(r)),
        "title": _text(r.get("title")),
        "source": _text(r.get("source")),
        "locator": _text(r.get("locator")),
        "voice": _text(voice),
        "voice_label": _text(VOICE_LABELS.get(voice, voice)),
        "voice_short": _text(VOICE_SHORT.get(voice, voice)),
        "voice_class": voice if voice in VOICE_LABELS else "other",
        "mechanism": _text(r.get("mechanism")),
        "body": _text(r.get("body")),
        "status": _text(r.get("status") or ""),
        "disputed": bool(r.get("disputed")),
        "notes": _text("; ".join(notes)),
        # the table shows the status as a tag of its own: under the summary, what else there is to know
        "flags": _text("; ".join(n for n in notes if n != r.get("status"))),
        "note": _inert(r.get("note")),
        "origin": _text(r.get("origin")),
        # hrcli quote, show --passage: the cited text, with its lines in the file
        "passage": _text(r.get("passage")),
        "passage_lines": "-".join(str(n) for n in r.get("passage_lines") or ()),
    }


# -- the timeline ---------------------------------------------------------------------------------


def _horizon(base: Any, source: str) -> str | None:
    """The last day a source can vouch for (an open end is 'still so when written')."""
    src = base.sources.get(source) if base is not None else None
    if src is None:
        return None
    try:
        return horizon(src.date)
    except ValueError:
        return None


def _shape(date: str) -> str:
    """How a date is drawn (edtf.Date.shape): a point, a range, an interval, open-end or open-start."""
    return parse(date).shape


def _days(iso: str) -> int:
    from datetime import date

    return date.fromisoformat(iso).toordinal()


def timeline(items: list[dict[str, Any]], base: Any) -> dict[str, Any] | None:
    """Lanes of marks for the dated facts among ``items``: x positions, bars, stacking rows."""
    dated = [it for it in items if it["kind"] in ROW_KINDS and it["start"] and it["end"]]
    if not dated:
        return None
    ends: dict[str, tuple[str, str]] = {}
    years: list[int] = []
    for it in dated:
        lo, hi = it["start"], it["end"]
        # an open end with no known source is drawn as far as its start
        known_lo, known_hi = known_range(lo, hi, _horizon(base, it["source"]) or lo)
        ends[it["key"]] = (known_lo, known_hi)
        years += [int(known_lo[:4]), int(known_hi[:4])]
    y0, y1 = min(years), max(years) + 1
    d0, d1 = _days(f"{y0:04d}-01-01"), _days(f"{y1:04d}-01-01")
    plot = WIDTH - LABEL_W - RIGHT

    def x(iso: str, end_of_day: bool = False) -> float:
        return round(LABEL_W + (_days(iso) + (1 if end_of_day else 0) - d0) / (d1 - d0) * plot, 1)

    step = 1 if y1 - y0 <= 16 else 2 if y1 - y0 <= 32 else 5
    ticks = [{"x": x(f"{y:04d}-01-01"), "year": y} for y in range(y0, y1 + 1) if y % step == 0]
    order = {m: i for i, m in enumerate(LANES)}
    by_lane: dict[str, list[dict[str, Any]]] = {}
    for it in dated:
        by_lane.setdefault(it["mechanism"], []).append(it)
    lanes, top = [], AXIS_H
    for mech in sorted(by_lane, key=lambda m: (order.get(m, len(order)), m)):
        rows_end: list[float] = []  # right edge of the last mark in each stacking row
        marks = []
        for it in by_lane[mech]:
            lo, hi = ends[it["key"]]
            shape = _shape(it["date"])
            x0, x1 = x(lo), x(hi, end_of_day=True)
            if shape == "point":
                x0 = x1 = round((x0 + x1) / 2, 1)
            elif x1 - x0 < MIN_BAR:
                mid = (x0 + x1) / 2
                x0, x1 = round(mid - MIN_BAR / 2, 1), round(mid + MIN_BAR / 2, 1)
            tail = OPEN_TAIL if shape in ("open-end", "open-start") else 0
            left = x0 - POINT_R - (tail if shape == "open-start" else 0)
            right = x1 + POINT_R + (tail if shape == "open-end" else 0)
            letter = STATUS_LETTER.get(it["status"], "")
            badge_x = round(right + 1, 1)
            if letter:
                right += BADGE_W
            row = next((i for i, e in enumerate(rows_end) if e < left), None)
            if row is None:
                rows_end.append(right)
                row = len(rows_end) - 1
            else:
                rows_end[row] = right
            marks.append(
                {
                    **it,
                    "shape": shape,
                    "uncertain": any(q in it["date"] for q in "?~%"),
                    "x0": x0,
                    "x1": x1,
                    "w": round(x1 - x0, 1),
                    "row": row,
                    "tail": tail,
                    "letter": letter,
                    "badge_x": badge_x,
                }
            )
        height = max(1, len(rows_end)) * ROW_H + 2 * LANE_PAD
        for m in marks:
            m["cy"] = top + LANE_PAD + m["row"] * ROW_H + ROW_H / 2
            m["hatch"] = _hatch(m) if m["status"] == "planned" else ""
        label = LANES.get(mech, mech)
        lanes.append({"id": mech, "label": label, "top": top, "height": height, "marks": marks})
        top += height
    return {
        "width": WIDTH,
        "height": top + 4,
        "label_w": LABEL_W,
        "right": WIDTH - RIGHT,
        "ticks": ticks,
        "lanes": lanes,
        "count": len(dated),
        "years": (y0, y1 - 1),
    }


def _hatch(m: dict[str, Any]) -> str:
    """Diagonal stripes inside a planned mark, as one SVG path (drawn, not a pattern: the page has no url())."""
    cy = m["cy"]
    if m["shape"] == "point":
        x = m["x0"]
        return f"M{x - 3.1:.1f} {cy + 3.1:.1f} L{x + 3.1:.1f} {cy - 3.1:.1f}"
    x0, x1, h = m["x0"], m["x0"] + m["w"], 8.0
    parts = []
    x = x0 - h
    while x < x1:
        # the stripe from (x, bottom) to (x + h, top), cut to the bar's left and right edges
        lo, hi = max(0.0, x0 - x), min(h, x1 - x)
        if lo < hi:
            parts.append(f"M{x + lo:.1f} {cy + 4 - lo:.1f} L{x + hi:.1f} {cy + 4 - hi:.1f}")
        x += 3.5
    return " ".join(parts)


# -- bar charts -----------------------------------------------------------------------------------

CHART_LABEL_W, CHART_W, BAR_H = 300, 760, 20


def charts(view: View) -> list[dict[str, Any]]:
    """Every series the view charts (stats tables, events per year) as horizontal SVG bars."""
    out = []
    specs = [c for g in view.groups for c in g.charts] + list(view.charts)
    for title, series in specs:
        if not series:
            continue
        top = max((abs(v) for _, v, _ in series), default=0) or 1
        plot = CHART_W - CHART_LABEL_W - 110
        bars = []
        for i, (label, value, unit) in enumerate(series):
            lbl = _text(label)
            bars.append(
                {
                    "label": lbl,
                    "short": lbl if len(lbl) <= 44 else lbl[:43] + "…",
                    "value": _text(number_text(value)),
                    "unit": _text(unit),
                    "y": i * (BAR_H + 6),
                    "w": max(1.0, round(abs(value) / top * plot, 1)),
                }
            )
        out.append(
            {
                "title": _text(title),
                "bars": bars,
                "height": len(bars) * (BAR_H + 6),
                "label_w": CHART_LABEL_W,
                "width": CHART_W,
            }
        )
    return out


# -- what the page cites --------------------------------------------------------------------------


def _conflict_ids(view: View, rows: list[dict[str, Any]]) -> list[str]:
    ids: dict[str, None] = {}
    every = list(rows) + [r for g in view.groups for r in g.rows] + list(view.rows)
    for r in every:
        if "side" in r and "says" in r or r.get("kind") == "conflict":
            ids[r["id"]] = None
        for c in (r.get("disputed") or "").split(","):
            if c:
                ids[c] = None
    return list(ids)


def disagreements(base: Any, wanted: list[str] | None) -> list[dict[str, Any]]:
    """The recorded disagreements (all, or those named), each side with value, words, citation, voice."""
    if base is None:
        return []
    out = []
    pick = None if wanted is None else set(wanted)
    for c in base.conflicts():
        if pick is not None and c.id not in pick:
            continue
        sides = []
        for s in c.sides:
            voice = base.voice(s.source)
            sides.append(
                {
                    "value": _text(number_text(s.value)),
                    "derived": bool(s.derived),
                    "says": _text(s.says),
                    "source": _text(s.source),
                    "locator": _text(s.locator),
                    "voice_label": _text(VOICE_LABELS.get(voice, voice)),
                    "voice_class": voice if voice in VOICE_LABELS else "other",
                    "fact": _text(s.fact),
                }
            )
        out.append(
            {
                "id": _text(c.id),
                "topic": _text(c.topic),
                "summary": _text(c.summary),
                "explanation": _text(c.explanation),
                "sides": sides,
            }
        )
    return out


def sources(base: Any, view: View, used: list[str]) -> list[dict[str, Any]]:
    srcs = view.sources or (base.sources if base is not None else {})
    out = []
    for sid in used:
        s = srcs.get(sid)
        if s is None:
            continue
        out.append(
            {
                "id": _text(s.id),
                "title": _text(s.title),
                # the page writes dates as EDTF, but a source that states none is 'n.d., read D', as cited
                "date": _text(source_when(s.date, s.accessed) if undated(s.date, s.accessed) else s.date),
                "kind": _text(s.kind),
                "issuer": _text(s.issuer),
                "voice_label": _text(VOICE_LABELS.get(s.voice, s.voice)),
                "voice_class": s.voice if s.voice in VOICE_LABELS else "other",
                "cite": _text(s.cite),
                "note": _text(s.note),
                "find": _text(s.find),
                "url": _text(s.url),  # shown as text, not a link: the page never carries a live link from data
                "origin": _text(s.origin),
            }
        )
    return out


# -- the page -------------------------------------------------------------------------------------


def page(view: View, base: Any = None, all_conflicts: bool = False, title: str = "", argv: Sequence[str] = ()) -> str:
    """The whole HTML document for a view. ``base``, the fact base the view's rows came from, supplies the
    sources and disagreements the page cites (none without one: a page never loads data); ``argv`` is the
    command line that made it."""
    rows = view.all_rows()
    items = [_item(n, r) for n, r in enumerate(rows, 1)]
    cited = "source" in (view.fields or ()) or any("source" in r for r in rows)
    generic = None
    if not cited:  # lists without citations (topic list, events per year): a plain table of their fields
        generic = {
            "fields": [_text(f) for f in view.fields],
            "rows": [[_text(number_text(r.get(f)) if r.get(f) is not None else "") for f in view.fields] for r in rows],
        }
    conflicts = disagreements(base, None if all_conflicts else _conflict_ids(view, rows))
    used: dict[str, None] = {}
    for it in items:
        if it["source"]:
            used[it["source"]] = None
    for c in conflicts:
        for s in c["sides"]:
            used[s["source"]] = None
    heading = title or view.title or query(argv, without_format=True)
    tl = timeline(items, base)
    voices = sorted(
        {it["voice_class"] for it in items if it["voice"]} | {s["voice_class"] for c in conflicts for s in c["sides"]}
    )
    from jinja2 import Environment

    env = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    from importlib.resources import files

    template = env.from_string((files("hrcli") / "templates" / "report.html.j2").read_text(encoding="utf-8"))
    return template.render(
        heading=_text(heading).split("\n")[0],
        query=_text(query(argv)),
        version=__version__,
        items=items if cited else [],
        generic=generic,
        timeline=tl,
        charts=charts(view),
        conflicts=conflicts,
        sources=sources(base, view, list(used)),
        voices=[(v, VOICE_LABELS[v]) for v in voices],
        user_records=sum(1 for it in items if it["origin"] == "user"),
        undated=sum(1 for it in items if it["kind"] in ROW_KINDS and not it["start"]),
    )
