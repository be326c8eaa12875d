"""Check a parsed fact file: one clear Problem per fault, naming the file, line, record and field.

The same rules serve the bundled base and a user's own files. ``check()`` never raises on bad data;
it returns the problems and the records that passed, normalised (dates bounded, defaults filled).
"""

from __future__ import annotations

from typing import Any

from .. import edtf, vocab
from ..model import FACT_KINDS
from .rules import ID_RE, SCHEMA, SIDE_SCHEMA, TOP_LEVEL, Checker, Problem, nearest

__all__ = [
    "Problem",
    "check",
    "Records",
    "SCHEMA",
    "SIDE_SCHEMA",
    "TOP_LEVEL",
    "ID_RE",
    "known_words",
    "unfamiliar",
    "canon",
    "digest",
]


def check(
    data: dict,
    file: str = "<data>",
    text: str = "",
    known_sources: set[str] | frozenset[str] = frozenset(),
    seen_ids: set[str] | None = None,
    origin: str = "bundled",
) -> tuple[list[Problem], dict[str, list[dict]]]:
    """Validate one parsed fact file.

    ``known_sources`` are source ids registered by other files; ``seen_ids`` collects ids across
    files so a duplicate anywhere is caught. Returns (problems, records by kind); a record with a
    problem is left out of the records.
    """
    seen = seen_ids if seen_ids is not None else set()
    c = Checker(file, text, set(known_sources), seen, origin)
    out: dict[str, list[dict]] = {k: [] for k in SCHEMA}
    if not isinstance(data, dict):
        c.fail(None, None, "not a table of records")
        return c.problems, out
    for key in data:
        if key not in TOP_LEVEL:
            close = nearest(key, TOP_LEVEL)
            c.fail(None, key, "unknown section" + (f"; did you mean [[{close}]]?" if close else ""))
    schema_v = data.get("schema", 1)
    if schema_v != 1:
        c.fail(None, "schema", f"unsupported schema version {schema_v!r} (this hrcli reads 1)")
    # sources first, so records later in the same file may cite them
    repeats: dict[str, int] = {}
    for kind in SCHEMA:
        recs = data.get(kind, [])
        if not isinstance(recs, list) or not all(isinstance(r, dict) for r in recs):
            c.where = (None, None)
            c.fail(None, kind, f"must be an array of tables ([[{kind}]])")
            continue
        for index, rec in enumerate(recs):
            rid = rec.get("id") if isinstance(rec.get("id"), str) else None
            c.enter(kind, index, rid, repeats.get(rid, 0) if rid is not None else 0)
            if rid is not None:
                repeats[rid] = repeats.get(rid, 0) + 1
            got = _record(c, kind, rec, rid, origin)
            if got is not None:
                out[kind].append(got)
    return c.problems, out


def _record(c: Checker, kind: str, rec: dict, rid: str | None, origin: str) -> dict | None:
    """One record checked (problems go to ``c``): normalised, or None when it has a problem."""
    ok = True
    if rid is not None and not ID_RE.fullmatch(rid):
        c.fail(rid, "id", "ids use lower-case letters, digits, '.', '_' and '-' (at most 80)")
        ok = False
    elif rid is not None:
        if rid in c.seen:
            c.fail(rid, "id", "duplicate id")
            ok = False  # its other fields are still checked: every problem is reported
        c.seen.add(rid)
    ok = c.fields(rec, SCHEMA[kind], rid) and ok
    if ok and kind == "sources":
        c.sources.add(rid)
    if ok and kind == "conflicts":
        ok = _sides_ok(c, rec, rid)
    if ok and kind == "recommendations":
        ok = _cycle_holds_session(c, rec, rid)
    if ok and kind == "stats" and "value" not in rec and not str(rec.get("value_text", "")).strip():
        c.fail(rid, "value", "missing (give a number, or the source's words in value_text)")
        ok = False
    return _normalise(kind, rec, origin) if ok else None


class Records:
    """Check a fact file one record at a time (a large import file read line by line), by the same rules as
    ``check``: ``top(data)`` for the file's top-level keys, then ``record(kind, rec, line)`` for each record,
    which returns it normalised or None; ``problems`` collects every fault."""

    def __init__(self, file: str, known_sources, seen_ids: set[str], origin: str = "user"):
        self._c = Checker(file, "", set(known_sources), seen_ids, origin)
        self._origin = origin
        self.problems = self._c.problems

    def top(self, keys, schema_v: Any = 1, line: int | None = None) -> None:
        c = self._c
        c.where = (None, line)
        for key in keys:
            if key not in TOP_LEVEL:
                close = nearest(key, TOP_LEVEL)
                c.fail(None, key, "unknown section" + (f"; did you mean [[{close}]]?" if close else ""))
        if schema_v != 1:
            c.fail(None, "schema", f"unsupported schema version {schema_v!r} (this hrcli reads 1)")

    def record(self, kind: str, rec: Any, index: int, line: int | None) -> dict | None:
        c = self._c
        if not isinstance(rec, dict):
            c.where = (None, line)
            c.fail(None, kind, f"must be an array of tables ([[{kind}]])")
            return None
        rid = rec.get("id") if isinstance(rec.get("id"), str) else None
        c.where = (rid if rid is not None else f"{kind}[{index + 1}]", line)
        return _record(c, kind, rec, rid, self._origin)


def _cycle_holds_session(c: Checker, rec: dict, rid: str | None) -> bool:
    """A recommendation giving both a cycle and a Working Group session: the session must be one of that cycle's
    (vocab.UPR_CYCLES): 'Cycle 1' beside session 36, which is in the third, is a broken row, not a choice between
    them. A cycle after the last one the table knows is taken on trust for a session of that last one."""
    cycle, session = vocab.ordinal(rec.get("cycle")), vocab.ordinal(rec.get("session"))
    if cycle is None or session is None:
        return True
    held = vocab.cycle_of_session(session)
    last = vocab.UPR_CYCLES[-1][0]
    if held is None or held == cycle or (held == last and cycle > last):
        return True
    firsts = {n: first for n, first, _day in vocab.UPR_CYCLES}
    span = f"{firsts[held]}-{firsts[held + 1] - 1}" if held + 1 in firsts else f"{firsts[held]} on"
    c.fail(
        rid,
        "cycle",
        f"cycle {cycle} beside session {session}, which is in cycle {held} (sessions {span}); correct one of them",
    )
    return False


def _sides_ok(c: Checker, rec: dict, rid: str | None) -> bool:
    sides = rec["sides"]
    if len(sides) < 2:
        c.fail(rid, "sides", "a disagreement needs at least two sides")
        return False
    ok = True
    for i, side in enumerate(sides, 1):
        if not isinstance(side, dict):
            c.fail(rid, f"sides[{i}]", "must be a table with source, locator, value, says")
            ok = False
        elif not c.fields(side, SIDE_SCHEMA, rid, prefix=f"sides[{i}]."):
            ok = False
    return ok


def _normalise(kind: str, rec: dict, origin: str) -> dict:
    r = dict(rec)
    r["origin"] = origin
    if kind in FACT_KINDS:
        r["kind"] = kind
        # topics in the one form every comparison uses (bundled topics are already in it)
        r["topics"] = tuple(dict.fromkeys(vocab.topic_key(t) for t in r.get("topics", ())))
        if r.get("body"):
            r["body"] = vocab.body_key(r["body"])
        # done/planned/pending describe events; a claim or a recommendation has no status unless given
        r.setdefault("status", "done" if kind == "events" else "")
    if kind != "sources" and r.get("date"):
        r["start"], r["end"] = edtf.bounds(r["date"])
    if kind in ("stats", "conflicts"):
        r["topic"] = vocab.topic_key(r["topic"])
    if kind == "conflicts":
        r["sides"] = [dict(s) for s in r["sides"]]
    if kind == "recommendations":
        _upr(r)
    return r


def _upr(r: dict) -> None:
    """A recommendation's response as a counting category (its own word kept in response_text when it differs),
    and its cycle: as given, else (for a UPR recommendation) from its Working Group session, else from its dates
    when they fall in one cycle."""
    if r.get("response"):
        word = r["response"].strip()
        r["response"] = vocab.response_key(word)
        if word.casefold() != r["response"] and not r.get("response_text"):
            r["response_text"] = word
    for f in ("cycle", "session"):
        if f in r:
            r[f] = vocab.ordinal(r[f])
    upr = r.get("mechanism") == "upr" or any(r.get(f) for f in ("response", "recommending_state", "session"))
    if r.get("cycle") is None and upr:  # a recommendation made elsewhere has no UPR cycle to derive
        cycle = vocab.cycle_of_session(r["session"]) if r.get("session") else None
        if cycle is None and r.get("start") and r.get("end"):
            cycle = vocab.cycle_of_dates(r["start"], r["end"])
        if cycle is not None:
            r["cycle"] = cycle


def known_words(records) -> tuple[set[str], set[str]]:
    """The topics and committee codes that records (parsed fact-file dicts, valid or not) already use, in their
    compared forms, with the bundled vocabulary: what a new record's words are checked against."""
    topics, bodies = set(vocab.TOPICS), set(vocab.BODIES)
    for r in records:
        ts = r.get("topics") if isinstance(r.get("topics"), list) else [r.get("topic")]
        topics.update(vocab.topic_key(t) for t in ts if isinstance(t, str))
        if isinstance(r.get("body"), str):
            bodies.add(vocab.body_key(r["body"]))
    return topics, bodies


def unfamiliar(
    rec: dict, topics: set[str], bodies: set[str], new_topic: bool = False, new_body: bool = False
) -> list[tuple[str, str]]:
    """(field, message) for each word of a new record that is not known but one or two letters from a known one
    (``traffiking``): most likely a typo, which would split a topic in two. ``new_topic``/``new_body`` say the user
    means a new word. A word far from every known one is simply new."""
    out = []
    if not new_topic:
        ts = rec.get("topics") if isinstance(rec.get("topics"), list) else [rec.get("topic")]
        for t in ts:
            key = vocab.topic_key(t) if isinstance(t, str) else ""
            close = vocab.near_miss(key, topics) if key else None
            if close:
                fld = "topics" if "topics" in rec else "topic"
                out.append((fld, f"unknown topic {t!r}; did you mean {close!r}? (--new-topic if it is a new one)"))
    if not new_body and isinstance(rec.get("body"), str):
        # codes and the words hrcli knows for them (torture, children): 'tortur' must not become a code TORTUR
        words = {w.casefold(): w for w in (*vocab.body_words(), *bodies)}
        # the UN's other committees are known (CED is no typo of CERD), suggested only when nothing else is near
        others = {w.casefold(): w for w in vocab.UN_COMMITTEES}
        typed = rec["body"].strip().casefold()
        key = vocab.body_key(rec["body"]).casefold()
        close = None
        if key not in words and key not in others:
            close = vocab.near_miss(typed, words) or vocab.near_miss(typed, others)
        close = (words | others)[close] if close else None
        if close:
            out.append(
                ("body", f"unknown committee {rec['body']!r}; did you mean {close!r}? (--new-body if it is new)")
            )
    return out


def canon(kind: str, rec: dict[str, Any]) -> dict[str, Any]:
    """A record's stored fields, for comparing the same id across imports (defaults dropped)."""
    out = {}
    for k in SCHEMA[kind]:
        v = rec.get(k)
        if isinstance(v, tuple):
            v = list(v)
        if v in (None, "", [], ()):
            continue
        if k == "status" and kind == "events" and v == "done":
            continue
        out[k] = v
    return out


def digest(kind: str, rec: dict[str, Any]) -> str:
    """A short digest of a record's stored fields (``canon``): equal digests, equal content. The cache keeps one
    per record of the user's, so an import tells an unchanged row from a changed one without reading files."""
    import hashlib
    import json

    text = json.dumps(canon(kind, rec), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()
