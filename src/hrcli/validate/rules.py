"""The rules a fact file's fields are checked by: each field's type, requiredness and vocabulary (``SCHEMA``,
from ``hrcli.schema``, the one declaration of every kind) and one Problem per fault (``Checker``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .. import edtf, schema, vocab

ID_RE = re.compile(r"[a-z0-9][a-z0-9._-]{0,79}")
# a web address: scheme http(s), a host, then printable ASCII with no space, quote or angle bracket
_URL_RE = re.compile(r"https?://[A-Za-z0-9.-]+(?::\d{1,5})?(?:[/?#][!#-&(-;=?-~]*)?")

# the closed vocabularies a declared field names; every other rule name is checked by Checker.fields
_CLOSED: dict[str, Any] = {
    "statuses": vocab.STATUSES,
    "mechanisms": vocab.MECHANISMS,
    "actions": vocab.ACTIONS,
    "voices": vocab.VOICES,
    "treaty_status": schema.TREATY_STATUSES,
}
RULES = ("source", "edtf", "sha256", "relpath", "url", "topic", "body", "response", "cycle", "session")


def _rules(kind: str) -> dict[str, tuple[tuple[type, ...], bool, Any]]:
    """field -> (accepted python types, required, vocabulary or rule name or None), as hrcli.schema declares."""
    out = {}
    for f in schema.file_fields(kind):
        if f.vocab is not None and f.vocab not in _CLOSED and f.vocab not in RULES:
            raise AssertionError(f"{kind}.{f.name}: no check for vocabulary {f.vocab!r}")
        out[f.name] = (f.types, bool(f.required), _CLOSED.get(f.vocab, f.vocab) if f.vocab else None)
    return out


# sources first (records later in a file may cite them), in the declaration's order of kinds
SCHEMA: dict[str, dict[str, tuple[tuple[type, ...], bool, Any]]] = {k: _rules(k) for k in schema.KINDS if k != "sides"}
SIDE_SCHEMA = _rules("sides")
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


class Checker:
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
                close = nearest(name, schema)
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
                    close = nearest(val, self.sources)
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
                        close = nearest(str(item), voc)
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
                    close = nearest(str(item), vocab.TOPICS)
                    msg = f"unknown topic {item!r}" + (f"; did you mean {close!r}?" if close else "")
                    if self.open:
                        msg = f"topic {item!r} is not a word: use letters and digits joined by '-' (at most 60)"
            elif what == "body":
                code = vocab.body_key(item)
                if code not in vocab.BODIES and not (self.open and vocab.body_ok(code)):
                    close = nearest(item, vocab.BODIES)
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


def nearest(word: str, choices) -> str | None:
    from ..errors import closest

    return closest(word, choices)
