"""An import's problems, told so a person can act on them: the same problem on many rows is one line
with the rows as ranges, distinct problems up to ``LIMIT`` lines and then counted, each with the
option or command that fixes it."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

LIMIT = 20  # distinct problems listed before the rest are counted: a bad file's report fits a screen
_QUOTED = re.compile(r"'[^']*'")
_NUMBER = re.compile(r"\d+")
_WHERE = re.compile(r"(.*?)(\d+)")


@dataclass
class Issue:
    """One problem of one row: where ('line 5', 'row 3', 'item 2'), the field (or None), what, the fix."""

    where: str
    field: str | None
    message: str
    fix: str = ""

    def text(self) -> str:
        """The problem without its place: "field 'date': month 13 out of range; <fix>"."""
        head = f"field {self.field!r}: " if self.field else ""
        return f"{head}{self.message}{'; ' + self.fix if self.fix else ''}"

    def __str__(self) -> str:
        return f"{self.where}: {self.text()}"


def fix_for(issue: Issue, column_of: dict[str, str], presets: dict[str, str]) -> str:
    """The option or command that fixes ``issue`` ('' when the message already says it)."""
    f, msg = issue.field, issue.message
    col = column_of.get(f or "")
    if f is None:
        return "correct the row in the file"
    if msg.startswith("missing"):
        if f == "source":
            return "add --source ID or --set source=ID ('hrcli sources' lists them)"
        return f"add a column named {f!r}, --map COLUMN={f} or --set {f}=VALUE"
    if f == "source" and msg.startswith("unknown source"):
        where = f"column {col!r}" if col else "--source/--set source"
        return f"fix {where}, or add the source first with 'hrcli add source' ('hrcli sources' lists them)"
    if f == "id":
        if "imported before" in msg:
            return "--replace overwrites it"
        if col:
            return f"give the rows ids of their own in column {col!r}, or leave it out with --map {col}=-"
        return "remove the record it clashes with ('hrcli remove'), or rename this file's rows"
    if col:
        return f"correct column {col!r}, --map another column to {f!r}, or leave it out with --map {col}=-"
    if f in presets:
        return f"correct --set {f}=..."
    return ""


def _key(i: Issue) -> tuple[str, str, str]:
    # the same problem with another value, number or id on each row ("unknown action '1'", "'2'") is one
    return (i.field or "", _NUMBER.sub("#", _QUOTED.sub("'...'", i.message)), i.fix)


def _rows(wheres: list[str]) -> str:
    """'line 5' or 'lines 2-170 (169 rows)' or 'lines 2-4, 9 (4 rows)'; other places joined as they are."""
    if len(wheres) == 1:
        return wheres[0]
    parts = [_WHERE.fullmatch(w) for w in wheres]
    labels = {m.group(1).strip() for m in parts if m}
    if len(labels) != 1 or not all(parts):
        shown = ", ".join(wheres[:3]) + (", ..." if len(wheres) > 3 else "")
        return f"{shown} ({len(wheres)} rows)"
    label = labels.pop()
    nums = sorted({int(m.group(2)) for m in parts if m})
    runs: list[tuple[int, int]] = []
    for n in nums:
        if runs and n == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    spans = [f"{a}-{b}" if a != b else str(a) for a, b in runs]
    shown = ", ".join(spans[:4]) + (", ..." if len(spans) > 4 else "")
    plural = label + ("es" if label.endswith("x") else "s")
    return f"{plural} {shown} ({len(wheres)} rows)"


def summary(issues: list[Issue], limit: int = LIMIT) -> tuple[list[str], int]:
    """One line per distinct problem (rows as ranges), at most ``limit`` lines; and how many more there are."""
    groups: dict[tuple[str, str, str], list[Issue]] = {}
    for i in issues:
        groups.setdefault(_key(i), []).append(i)
    lines = []
    for same in groups.values():
        first = same[0]
        head = f"field {first.field!r}: " if first.field else ""
        more = " (and other values on the other rows)" if any(i.message != first.message for i in same) else ""
        fix = f"; {first.fix}" if first.fix else ""
        lines.append(f"{_rows([i.where for i in same])}: {head}{first.message}{more}{fix}")
    return lines[:limit], max(0, len(lines) - limit)


def typos(con: Any, base: Any, new_topic: bool, new_body: bool) -> list[Issue]:
    """A problem per row whose topic or committee code looks like a typo of a known one (known: the bundled
    vocabulary and every word the user's records use, read from the cache, not the files)."""
    from .. import vocab
    from ..validate import unfamiliar

    if new_topic and new_body:
        return []
    groups = [
        (json.loads(words), ids)
        for words, ids in con.execute("SELECT words, count(*) FROM rows WHERE words IS NOT NULL GROUP BY words")
    ]
    if not groups:
        return []  # every new record is in hrcli's own words: nothing else is read
    # the words the cache counted when it was built (the user's topics, every committee code): a few rows
    topics = set(vocab.TOPICS) | {w for (w,) in base.execute("SELECT word FROM words WHERE what = 'topic'")}
    bodies = set(vocab.BODIES) | {w for (w,) in base.execute("SELECT word FROM words WHERE what = 'body'")}
    out = []
    for (ts, body), _n in groups:
        rec: dict[str, Any] = {"topics": ts} if ts else {}
        if body is not None:
            rec["body"] = body
        found = unfamiliar(rec, topics, bodies, new_topic, new_body)
        if not found:
            continue
        words = json.dumps([ts, body], ensure_ascii=False)
        places = [w for (w,) in con.execute("SELECT place FROM rows WHERE words = ? ORDER BY rowid", (words,))]
        for fld, msg in found:
            # "…; did you mean 'x'? (--new-topic if it is a new one)": the option is the fix; rows sharing the
            # same word become one line where the problems are grouped
            text, _sep, fix = msg.partition(" (")
            out += [Issue(w, fld, text, fix.rstrip(")")) for w in places]
    return out
