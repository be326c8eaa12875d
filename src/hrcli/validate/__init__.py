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

__all__ = ["Problem", "check", "SCHEMA"]

ID_RE = re.compile(r"[a-z0-9][a-z0-9._-]{0,79}")

# field -> (accepted python types, required, vocabulary or None)
_STR = (str,)
_COMMON_FACT = {
    "id": (_STR, True, None),
    "summary": (_STR, True, None),
    "source": (_STR, True, "source"),
    "locator": (_STR, True, None),
    "status": (_STR, False, vocab.STATUSES),
    "mechanism": (_STR, False, vocab.MECHANISMS),
    "body": (_STR, False, vocab.BODIES),
    "action": (_STR, False, vocab.ACTIONS),
    "topics": ((list,), False, vocab.TOPICS),
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
        "file": (_STR, False, None),
        "sha256": (_STR, False, "sha256"),
        "note": (_STR, False, None),
    },
    "events": {**_COMMON_FACT, "date": (_STR, True, "edtf")},
    "claims": {**_COMMON_FACT, "date": (_STR, False, "edtf")},
    "recommendations": {**_COMMON_FACT, "date": (_STR, False, "edtf")},
    "stats": {
        "id": (_STR, True, None),
        "topic": (_STR, True, vocab.TOPICS),
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
        "topic": (_STR, True, vocab.TOPICS),
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


def _type_name(types: tuple[type, ...]) -> str:
    return " or ".join(
        {str: "text", int: "integer", float: "number", list: "list", bool: "true/false"}[t] for t in types
    )


class _Checker:
    def __init__(self, file: str, text: str, known_sources: set[str], seen_ids: set[str]):
        self.file, self.text = file, text
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
    c = _Checker(file, text, set(known_sources), seen)
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
            ok = True
            if rid is not None and not ID_RE.fullmatch(rid):
                c.fail(rid, "id", "ids use lower-case letters, digits, '.', '_' and '-' (at most 80)")
                ok = False
            elif rid is not None:
                if rid in seen:
                    c.fail(rid, "id", "duplicate id")
                    ok = False  # its other fields are still checked: every problem is reported
                seen.add(rid)
            ok = c.fields(rec, SCHEMA[kind], rid) and ok
            if ok and kind == "sources":
                c.sources.add(rid)
            if ok and kind == "conflicts":
                ok = _sides_ok(c, rec, rid)
            if ok and kind == "stats" and "value" not in rec and not str(rec.get("value_text", "")).strip():
                c.fail(rid, "value", "missing (give a number, or the source's words in value_text)")
                ok = False
            if ok:
                out[kind].append(_normalise(kind, rec, origin))
    return c.problems, out


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
        r["topics"] = tuple(r.get("topics", ()))
        # done/planned/pending describe events; a claim or a recommendation has no status unless given
        r.setdefault("status", "done" if kind == "events" else "")
    if kind != "sources" and r.get("date"):
        r["start"], r["end"] = edtf.bounds(r["date"])
    if kind == "conflicts":
        r["sides"] = [dict(s) for s in r["sides"]]
    return r
