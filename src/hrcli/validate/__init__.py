"""Check a parsed fact file: one clear Problem per fault, naming the file, line, record and field.

The same rules serve the bundled base and a user's own files. ``check()`` never raises on bad data;
it returns the problems and the records that passed, normalised (dates bounded, defaults filled).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .. import edtf, vocab
from ..model import FACT_KINDS

__all__ = ["Problem", "check", "Records", "SCHEMA", "known_words", "unfamiliar", "canon", "digest"]

ID_RE = re.compile(r"[a-z0-9][a-z0-9._-]{0,79}")
# a web address: scheme http(s), a host, then printable ASCII with no space, quote or angle bracket
_URL_RE = re.compile(r"https?://[A-Za-z0-9.-]+(?::\d{1,5})?(?:[/?#][!#-&(-;=?-~]*)?")

# field -> (accepted python types, required, vocabulary or None)
_STR = (str,)
_COMMON_FACT = {
    "id": (_STR, True, None),
    "summary": (_STR, True, None),
    "source": (_STR, True, "source"),
    "locator": (_STR, True, None),
    "status": (_STR, False, vocab.STATUSES),
    "mechanism": (_STR, False, vocab.MECHANISMS),
    "body": (_STR, False, "body"),
    "action": (_STR, False, vocab.ACTIONS),
    "topics": ((list,), False, "topic"),
    "title": (_STR, False, None),
    "note": (_STR, False, None),
}
SCHEMA: dict[str, dict[str, tuple[tuple[type, ...], bool, Any]]] = {
    "sources": {
        "id": (_STR, True, None),
        "title": (_STR, True, None),
        "date": (_STR, True, "edtf"),
        "kind": (_STR, True, None),
        "issuer": (_STR, True, None),
        "voice": (_STR, True, vocab.VOICES),
        "cite": (_STR, True, None),
        "file": (_STR, False, "relpath"),
        "sha256": (_STR, False, "sha256"),
        "note": (_STR, False, None),
        "find": (_STR, False, None),
        "url": (_STR, False, "url"),
    },
    "events": {**_COMMON_FACT, "date": (_STR, True, "edtf")},
    "claims": {**_COMMON_FACT, "date": (_STR, False, "edtf")},
    "recommendations": {
        **_COMMON_FACT,
        "date": (_STR, False, "edtf"),
        # a UPR recommendation as the published datasets give it (docs/facts-format.md)
        "recommending_state": (_STR, False, None),
        "response": (_STR, False, "response"),
        "response_text": (_STR, False, None),
        "cycle": ((int, str), False, "cycle"),
        "session": ((int, str), False, "session"),
    },
    "stats": {
        "id": (_STR, True, None),
        "topic": (_STR, True, "topic"),
        "table": (_STR, True, None),
        "label": (_STR, True, None),
        # a number, or (when the source gives none) its words in value_text: one of the two is required
        "value": ((int, float), False, None),
        "value_text": (_STR, False, None),
        "unit": (_STR, True, None),
        "source": (_STR, True, "source"),
        "locator": (_STR, True, None),
        "date": (_STR, False, "edtf"),
        "qualifier": (_STR, False, None),
        "note": (_STR, False, None),
    },
    "conflicts": {
        "id": (_STR, True, None),
        "topic": (_STR, True, "topic"),
        "summary": (_STR, True, None),
        "explanation": (_STR, True, None),
        "sides": ((list,), True, None),
        "related": ((list,), False, None),
    },
}
SIDE_SCHEMA = {
    "source": (_STR, True, "source"),
    "locator": (_STR, True, None),
    "value": ((str, int, float), True, None),
    "says": (_STR, True, None),
    "fact": (_STR, False, None),
    "derived": ((bool,), False, None),
}
# `import` describes where an `hrcli import` file came from (file, format, kind, when)
TOP_LEVEL = {"schema", "import", *SCHEMA}


@dataclass(frozen=True, slots=True)
class Problem:
    """One fault in a fact file."""

    file: str
    line: int | None
    record: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        what = " ".join(
            x
            for x in (f"record {self.record!r}" if self.record else "", f"field {self.field!r}" if self.field else "")
            if x
        )
        return f"{where}: {what + ': ' if what else ''}{self.message}"


def _usable_number(v: int | float) -> bool:
    if isinstance(v, float):
        return v == v and abs(v) != float("inf")
    return -(2**63) <= v < 2**63


def _shown(val: str) -> str:
    return repr(val) if len(repr(val)) <= 60 else repr(val)[:57] + "..."


def _type_name(types: tuple[type, ...]) -> str:
    return " or ".join(
        {str: "text", int: "integer", float: "number", list: "list", bool: "true/false"}[t] for t in types
    )


class _Checker:
    def __init__(self, file: str, text: str, known_sources: set[str], seen_ids: set[str], origin: str = "bundled"):
        self.file, self.text = file, text
        # the bundled base keeps to the closed vocabulary; a user's records may coin topics and committee codes
        self.open = origin != "bundled"
        self.sources = set(known_sources)
        self.seen = seen_ids
        self.problems: list[Problem] = []
        self._ids: dict[str, list[int]] | None = None
        self._headers: dict[str, list[int]] = {}
        self.where: tuple[str | None, int | None] = (None, None)  # the record being checked and its line

    def _scan(self) -> None:
        """Index the raw text once: the lines of every `id = "..."` and of every [[kind]] header."""
        self._ids = {}
        for n, line in enumerate(self.text.splitlines(), 1):
            # TOML `id = "..."`, or a JSON fact file's one-record-per-line `{"id": "..."`
            m = re.match(r'\s*id\s*=\s*"([^"]*)"', line) or re.match(r'\s*\{\s*"id"\s*:\s*"([^"\\]*)"', line)
            if m:
                self._ids.setdefault(m[1], []).append(n)
            h = re.match(r"\s*\[\[\s*([A-Za-z_]+)\s*\]\]", line)
            if h:
                self._headers.setdefault(h[1], []).append(n)

    def enter(self, kind: str, index: int, rid: str | None, occurrence: int) -> None:
        """Point problems at a record: its id line (the nth, for a repeated id), else its [[kind]] header."""
        if self._ids is None:
            self._scan()
        ids = self._ids or {}
        line = None
        if rid is not None and len(ids.get(rid, ())) > occurrence:
            line = ids[rid][occurrence]
        elif len(self._headers.get(kind, ())) > index:
            line = self._headers[kind][index]
        self.where = (rid if rid is not None else f"{kind}[{index + 1}]", line)

    def fail(self, rid: str | None, fld: str | None, msg: str) -> None:
        if rid is None or rid == self.where[0]:
            record, line = self.where
        else:
            record, line = rid, None
        self.problems.append(Problem(self.file, line, record, fld, msg))

    def fields(self, rec: dict, schema: dict, rid: str | None, prefix: str = "") -> bool:
        ok = True
        for name in rec:
            if name not in schema:
                close = _close(name, schema)
                self.fail(rid, prefix + name, "unknown field" + (f"; did you mean {close!r}?" if close else ""))
                ok = False
        for name, (types, required, voc) in schema.items():
            if name not in rec:
                if required:
                    self.fail(rid, prefix + name, "missing")
                    ok = False
                continue
            val = rec[name]
            # TOML booleans are ints in Python: never accept True as a number
            if not isinstance(val, types) or (isinstance(val, bool) and bool not in types):
                shown = repr(val) if len(repr(val)) <= 60 else repr(val)[:57] + "..."
                self.fail(rid, prefix + name, f"expected {_type_name(types)}, got {type(val).__name__} {shown}")
                ok = False
                continue
            if isinstance(val, (int, float)) and not isinstance(val, bool) and not _usable_number(val):
                # TOML allows inf, nan and integers of any size; no figure is one, and they break SQLite and charts
                self.fail(rid, prefix + name, "number must be finite and between -2**63 and 2**63")
                ok = False
                continue
            if isinstance(val, str) and not val.isascii() and re.search("[\ud800-\udfff]", val):
                # a lone surrogate: bytes that were not UTF-8 (an argument, a JSON \\udcff escape); no file can hold it
                self.fail(rid, prefix + name, "holds bytes that are not UTF-8 text (shown as \ufffd); retype it")
                ok = False
            elif isinstance(val, str) and required and not val.strip():
                self.fail(rid, prefix + name, "empty")
                ok = False
            elif voc == "source":
                if val not in self.sources:
                    close = _close(val, self.sources)
                    self.fail(
                        rid, prefix + name, f"unknown source {val!r}" + (f"; did you mean {close!r}?" if close else "")
                    )
                    ok = False
            elif voc == "edtf":
                try:
                    edtf.bounds(val)
                except edtf.EDTFError as e:
                    self.fail(rid, prefix + name, str(e))
                    ok = False
            elif voc == "sha256":
                if not re.fullmatch(r"[0-9a-f]{64}", val):
                    self.fail(rid, prefix + name, f"expected 64 lower-case hex digits (a SHA-256), got {val!r}")
                    ok = False
            elif voc == "relpath":
                # read and printed by quote/show --passage: never a path that leaves the user's folders
                parts = re.split(r"[/\\]", val)
                if val.startswith(("/", "\\", "~")) or re.match(r"[A-Za-z]:", val) or ".." in parts or "\0" in val:
                    self.fail(
                        rid,
                        prefix + name,
                        f"must be a path inside your facts folder (no leading '/', no '..'), got {_shown(val)}",
                    )
                    ok = False
            elif voc == "url":
                # printed, exported and shown as a link on the HTML page: a web address and nothing else
                if not _URL_RE.fullmatch(val):
                    self.fail(rid, prefix + name, f"expected an http:// or https:// address, got {_shown(val)}")
                    ok = False
            elif voc in ("topic", "body", "response", "cycle", "session"):
                ok = self._word(rid, prefix + name, voc, val) and ok
            elif isinstance(voc, (dict, tuple)):
                items = val if isinstance(val, list) else [val]
                for item in items:
                    if not isinstance(item, str) or item not in voc:
                        close = _close(str(item), voc)
                        what = {id(vocab.BODIES): "committee", id(vocab.TOPICS): "topic"}.get(id(voc), name)
                        self.fail(
                            rid,
                            prefix + name,
                            f"unknown {what} {item!r}" + (f"; did you mean {close!r}?" if close else ""),
                        )
                        ok = False
        return ok

    def _word(self, rid: str | None, fld: str, what: str, val: Any) -> bool:
        """A topic, committee, response, cycle or session: known, or (in a user's file) well-formed."""
        items = val if isinstance(val, list) else [val]
        for item in items:
            msg = None
            if what == "topic":
                key = vocab.topic_key(item) if isinstance(item, str) else ""
                if key not in vocab.TOPICS and not (self.open and vocab.topic_ok(key)):
                    close = _close(str(item), vocab.TOPICS)
                    msg = f"unknown topic {item!r}" + (f"; did you mean {close!r}?" if close else "")
                    if self.open:
                        msg = f"topic {item!r} is not a word: use letters and digits joined by '-' (at most 60)"
            elif what == "body":
                code = vocab.body_key(item)
                if code not in vocab.BODIES and not (self.open and vocab.body_ok(code)):
                    close = _close(item, vocab.BODIES)
                    msg = f"unknown committee {item!r}" + (f"; did you mean {close!r}?" if close else "")
                    if self.open:
                        msg += " (your own committee code: 2-16 letters, digits or '-', starting with a letter)"
            elif what == "response":
                if vocab.response_key(item) is None:
                    close = vocab.near_miss(item.strip().casefold(), vocab.RESPONSE_WORDS)
                    msg = f"unknown response {item!r}" + (
                        f"; did you mean {close!r}?" if close else f"; known: {', '.join(vocab.RESPONSE_WORDS)}"
                    )
            else:  # cycle or session: a number as files write it (3, '3rd', 'Cycle 3', 'third')
                n = vocab.ordinal(item)
                top = 9 if what == "cycle" else 200
                if n is None or not 1 <= n <= top:
                    msg = f"expected a UPR {what} number (1 to {top}), got {item!r}"
            if msg:
                self.fail(rid, fld, msg)
                return False
        return True


def _close(word: str, choices) -> str | None:
    from ..errors import closest

    return closest(word, choices)


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
    c = _Checker(file, text, set(known_sources), seen, origin)
    out: dict[str, list[dict]] = {k: [] for k in SCHEMA}
    if not isinstance(data, dict):
        c.fail(None, None, "not a table of records")
        return c.problems, out
    for key in data:
        if key not in TOP_LEVEL:
            close = _close(key, TOP_LEVEL)
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


def _record(c: _Checker, kind: str, rec: dict, rid: str | None, origin: str) -> dict | None:
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
    if ok and kind == "stats" and "value" not in rec and not str(rec.get("value_text", "")).strip():
        c.fail(rid, "value", "missing (give a number, or the source's words in value_text)")
        ok = False
    return _normalise(kind, rec, origin) if ok else None


class Records:
    """Check a fact file one record at a time (a large import file read line by line), by the same rules as
    ``check``: ``top(data)`` for the file's top-level keys, then ``record(kind, rec, line)`` for each record,
    which returns it normalised or None; ``problems`` collects every fault."""

    def __init__(self, file: str, known_sources, seen_ids: set[str], origin: str = "user"):
        self._c = _Checker(file, "", set(known_sources), seen_ids, origin)
        self._origin = origin
        self.problems = self._c.problems

    def top(self, keys, schema_v: Any = 1, line: int | None = None) -> None:
        c = self._c
        c.where = (None, line)
        for key in keys:
            if key not in TOP_LEVEL:
                close = _close(key, TOP_LEVEL)
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


def _sides_ok(c: _Checker, rec: dict, rid: str | None) -> bool:
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
        typed = rec["body"].strip().casefold()
        close = None if vocab.body_key(rec["body"]).casefold() in words else vocab.near_miss(typed, words)
        close = words[close] if close else None
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
