"""Planning an import: what is new, what is unchanged, what would be replaced, and every problem, before
anything is written; ``run`` plans and writes under the lock ``hrcli add`` takes.

It streams: rows are read one at a time (``Table.iter_rows``), each compared with the fact base through the
cache (which keeps every record's id and a digest of its content, so no fact file is read to decide), and
the rows an import adds go to its new fact file as they come. That file is then validated with every other,
in one streamed pass that also builds the cache for the files as they will stand. Memory does not grow with
the number of rows: the ids and places of this file's rows are kept in a scratch SQLite file.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import loader, paths
from ..errors import did_you_mean
from .files import record_line
from .mapping import SAMPLE, clean_record, column_map, fields_for, row_id
from .problems import Issue, fix_for
from .table import ERR, KINDS, Table, columns_of

_SLASHED_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{2,4}")
_ID_LINE = re.compile(r'\{"id":"((?:[^"\\]|\\.)*)"')
ORDER = ("sources", "events", "claims", "recommendations", "stats")  # an import file's sections (files.dump)


@dataclass
class Plan:
    """What an import would do. ``problems`` are 'where: field: reason' lines; nothing is written if any."""

    name: str
    kind: str
    target: Path
    added_by_kind: dict[str, int]  # kind -> records to add
    replaced: int
    unchanged: int
    repeated: int
    ignored: list[str]
    problems: list[str]  # every problem, one 'where: field: reason' line each
    rows: int = 0  # rows read from the file
    path: str = ""  # the imported file's resolved path ('' for a stream)
    format: str = ""
    notes: dict[str, str] = field(default_factory=dict)  # column -> why it was left out (said once)
    issues: list[Issue] = field(default_factory=list)  # the problems, structured (see problems.summary)
    # (where, kind, record) of every record to add or replace: kept only when asked (a dry run lists them)
    pending: list[tuple[str, str, dict]] = field(default_factory=list)
    written: Path | None = None  # the import's new fact file, not yet in place (run() moves it there)
    staged: Path | None = None  # the cache for the files as they will stand (cache.stage)

    @property
    def added(self) -> int:
        return sum(self.added_by_kind.values())


def plan(
    table: Table,
    kind: str = "events",
    mapping: list[tuple[str, str]] | None = None,
    preset: list[tuple[str, str]] | None = None,
    replace: bool = False,
    new_topic: bool = False,
    new_body: bool = False,
    keep: bool = True,
) -> Plan:
    """Everything an import would do, validated with every fact file as it would stand; writes nothing.

    A topic or committee code one or two letters from a known one is a problem unless ``new_topic`` or
    ``new_body`` says the file means a new one (validate.unfamiliar). ``keep`` lists the records to add or
    replace in ``Plan.pending``. Raises FactFileError if the user's other files are broken (fix those
    first, as for ``add``).
    """
    p = _plan(table, kind, mapping, preset, replace, new_topic, new_body, keep)
    _drop(p)
    return p


def _plan(
    table: Table,
    kind: str,
    mapping: list[tuple[str, str]] | None,
    preset: list[tuple[str, str]] | None,
    replace: bool,
    new_topic: bool,
    new_body: bool,
    keep: bool,
) -> Plan:
    from .. import cache

    if kind not in KINDS:
        raise did_you_mean(kind, KINDS, "kind")
    fields = fields_for(kind)
    presets = dict(preset or ())
    for fld in presets:
        if fld not in fields:
            raise did_you_mean(fld, fields, f"field for {kind}")
    target = target_for_table(table)
    files = loader.inputs()
    # the fact base as it stands, through its cache: every id with its kind, origin, file and content digest
    base = cache.connect(files, not os.environ.get("HRCLI_NO_CACHE"))
    scratch = _Scratch()
    try:
        return _rows(table, kind, mapping, presets, replace, new_topic, new_body, keep, target, files, base, scratch)
    finally:
        base.close()
        scratch.close()


def target_for_table(table: Table) -> Path:
    from .files import target_for

    return target_for(table.path or table.name)


class _Scratch:
    """This import's rows: id, kind, digest, where it came from, what became of it (new, replace, other) and
    the words a typo check needs; in a temporary SQLite file, so a million rows cost disk, not memory."""

    def __init__(self) -> None:
        import sqlite3
        import tempfile

        fd, self.path = tempfile.mkstemp(prefix="hrcli-import-", suffix=".sqlite")
        os.close(fd)
        self.con = sqlite3.connect(self.path)
        self.con.execute("PRAGMA journal_mode=OFF")
        self.con.execute("PRAGMA synchronous=OFF")
        self.con.execute(
            "CREATE TABLE rows(id TEXT PRIMARY KEY, kind TEXT, digest TEXT, place TEXT, fate TEXT, words TEXT)"
        )
        self.con.execute("CREATE TABLE replaced(id TEXT PRIMARY KEY, json TEXT)")
        self.spools: dict[str, Any] = {}  # kind -> a temporary file of the records to add, one JSON line each

    def spool(self, kind: str) -> Any:
        import tempfile

        if kind not in self.spools:
            self.spools[kind] = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 (closed in close())
        return self.spools[kind]

    def close(self) -> None:
        import contextlib

        self.con.close()
        for fh in self.spools.values():
            fh.close()
        with contextlib.suppress(OSError):
            os.unlink(self.path)


def _words(rec: dict) -> str | None:
    """The record's topics and committee code when any is outside the bundled vocabulary (else None): only
    those can be a typo of a known word."""
    from .. import vocab

    ts = rec.get("topics") if isinstance(rec.get("topics"), list) else [rec.get("topic")]
    topics = [t for t in ts if isinstance(t, str)]
    body = rec.get("body") if isinstance(rec.get("body"), str) else None
    if all(vocab.topic_key(t) in vocab.TOPICS for t in topics) and (
        body is None or vocab.body_key(body) in vocab.BODIES
    ):
        return None
    return json.dumps([topics, body], ensure_ascii=False)


def _rows(
    table: Table,
    kind: str,
    mapping: list[tuple[str, str]] | None,
    presets: dict[str, str],
    replace: bool,
    new_topic: bool,
    new_body: bool,
    keep: bool,
    target: Path,
    files: list[tuple[Path, str]],
    base: Any,
    scratch: _Scratch,
) -> Plan:
    from ..validate import digest

    notes: dict[str, str] = {}
    issues: list[Issue] = []
    batches = []
    if table.sources and kind != "sources":
        src_map, src_ignored = column_map(columns_of(table.sources), "sources", [])
        batches.append(("sources", lambda: iter(table.sources), src_map, src_ignored, {}))
    sample = [r for _w, r in table.head(SAMPLE) if ERR not in r]
    col_map, ignored = column_map(table.columns, kind, mapping or [], sample, notes)
    batches.append((kind, table.iter_rows, col_map, ignored, presets))
    column_of = {f: c for c, f in col_map.items()}
    own_file = os.fsencode(target).decode("utf-8", "backslashreplace")  # as the cache names files

    added: dict[str, int] = {}
    pending: list[tuple[str, str, dict]] = []
    replaced = unchanged = repeated = n_rows = 0
    con = scratch.con
    for k, rows, cmap, _ign, pre in batches:
        for w, raw in rows():
            if k == kind:
                n_rows += 1
            if ERR in raw:
                issues.append(Issue(w, None, raw[ERR]))
                continue
            rec = clean_record(raw, cmap, k, pre)
            rid = rec.get("id") or row_id(table.name, k, raw)
            rec = {"id": rid, **{f: v for f, v in rec.items() if f != "id"}}
            dig = digest(k, rec)
            first = con.execute("SELECT place, digest FROM rows WHERE id = ?", (rid,)).fetchone()
            if first is not None:
                if first[1] == dig:
                    repeated += 1  # the same row twice: one record
                else:
                    issues.append(Issue(w, "id", f"{rid!r} is also the id of {first[0]}, with other content"))
                continue
            fate = "other"
            old = base.execute("SELECT kind, digest, origin, file FROM records WHERE id = ?", (rid,)).fetchone()
            if old is not None:
                old_kind, old_digest, old_origin, old_file = old
                own = old_file == own_file and old_kind == k
                if old_kind == k and old_digest == dig:
                    unchanged += 1
                elif own and replace:
                    fate = "replace"
                    replaced += 1
                    con.execute("INSERT INTO replaced VALUES (?, ?)", (rid, record_line(rec)))
                elif own:
                    issues.append(
                        Issue(w, "id", f"{rid!r} was imported before with other content", "--replace overwrites it")
                    )
                else:
                    origin = "a bundled record" if old_origin == "bundled" else "a record in your files"
                    issues.append(Issue(w, "id", f"{rid!r} is already the id of {origin}"))
            else:
                fate = "new"
                added[k] = added.get(k, 0) + 1
                scratch.spool(k).write(record_line(rec) + "\n")
            words = _words(rec) if fate != "other" else None
            con.execute("INSERT INTO rows VALUES (?,?,?,?,?,?)", (rid, k, dig, w, fate, words))
            if keep and fate != "other":
                pending.append((w, k, rec))

    issues += _typos(con, base, new_topic, new_body)
    p = Plan(
        table.name,
        kind,
        target,
        added,
        replaced,
        unchanged,
        repeated,
        list(dict.fromkeys(c for _k, _r, _m, ign, _p in batches for c in ign)),
        [],
        n_rows,
        table.path,
        table.format,
        notes,
        issues,
        pending,
    )
    if added or replaced:
        _write_and_validate(p, table, files, scratch)
    for i in p.issues:
        if not i.fix:
            i.fix = fix_for(i, column_of, presets)
    p.problems = [str(i) for i in p.issues]
    return p


def _typos(con: Any, base: Any, new_topic: bool, new_body: bool) -> list[Issue]:
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
    topics, bodies = set(vocab.TOPICS), set(vocab.BODIES)
    for (cell,) in base.execute("SELECT topics FROM records WHERE topics IS NOT NULL AND origin != 'bundled'"):
        topics.update(t for t in cell.split(",") if t)
    for (b,) in base.execute("SELECT DISTINCT body FROM records WHERE body IS NOT NULL AND origin != 'bundled'"):
        bodies.add(b)
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


def _write_and_validate(p: Plan, table: Table, files: list[tuple[Path, str]], scratch: _Scratch) -> None:
    """Write the import's fact file as it would stand (earlier records kept, replaced ones in place, new ones
    after) beside its final name, then validate every file with it in one streamed pass that stages the
    cache. The new file's problems become the plan's, by row; any other file's raise FactFileError."""
    import tempfile

    from .. import cache
    from ..safefile import display
    from .files import write_sections

    folder = paths.facts_dir()
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".hrcli-import-", suffix=".tmp", dir=folder)
    os.close(fd)
    p.written = Path(tmp)
    old = p.target if any(path == p.target for path, _o in files) else None
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        write_sections(fh, table.name, table.format, table.path, _sections(old, scratch))
    if old is None:
        # the new file takes its place among the user's files, as loader.user_files orders them
        user = sorted([path for path, o in files if o == "user"] + [p.target])
        files = [(path, o) for path, o in files if o != "user"] + [(path, "user") for path in user]
    try:
        p.staged = cache.stage(files, {p.target: p.written})
        return
    except loader.FactFileError as e:
        problems = e.problems
    shown = display(p.target)
    mine, others = [], []
    for prob in problems:
        got = None
        if getattr(prob, "file", None) == shown and getattr(prob, "record", None):
            got = scratch.con.execute(
                "SELECT place, fate FROM rows WHERE id = ? AND fate != 'other'", (prob.record,)
            ).fetchone()
        (mine if got else others).append((prob, got[0] if got else ""))
    if others:
        _drop(p)
        raise loader.FactFileError([prob for prob, _w in others]) from None
    dates = {}
    for prob, _w in mine:
        if prob.field == "date" and prob.record not in dates:
            dates[prob.record] = _date_of(scratch, prob.record)
    for prob, where in mine:
        fix = ""
        if prob.field == "date" and _SLASHED_DATE.fullmatch(str(dates.get(prob.record) or "")):
            fix = "write it as 2023-05-12 (in 12/05/2023 the order of day and month is unknown)"
        p.issues.append(Issue(where, prob.field, prob.message, fix))
    _drop(p)


def _date_of(scratch: _Scratch, rid: str) -> Any:
    """The date a new or replacing record of this import gives (from the spool or the replaced table)."""
    got = scratch.con.execute("SELECT json FROM replaced WHERE id = ?", (rid,)).fetchone()
    if got:
        return json.loads(got[0]).get("date")
    for fh in scratch.spools.values():
        fh.seek(0)
        for line in fh:
            if line.startswith('{"id":' + json.dumps(rid, ensure_ascii=False) + ","):
                return json.loads(line).get("date")
    return None


def _sections(old: Path | None, scratch: _Scratch) -> Iterator[tuple[str, Iterator[str]]]:
    """(kind, its record lines) for the import's new file: the old file's records first (a replaced one in its
    place), then the new ones, kind by kind in the order ``files.dump`` writes them."""
    kept = _old_lines(old, scratch) if old is not None else {}
    for kind in ORDER:
        spool = scratch.spools.get(kind)
        if spool is not None:
            spool.seek(0)
        yield kind, _chain(kept.get(kind, ()), (line.rstrip("\n") for line in spool) if spool is not None else ())


def _chain(*parts: Any) -> Iterator[str]:
    for part in parts:
        yield from part


def _old_lines(old: Path, scratch: _Scratch) -> dict[str, Any]:
    """The earlier import file's records by kind, as lines: its own lines as they are (read a line at a time
    when it has the layout ``files.dump`` writes), a replaced record's new line in its place."""
    any_replaced = scratch.con.execute("SELECT 1 FROM replaced LIMIT 1").fetchone() is not None

    def swap(line: str) -> str:
        if not any_replaced:
            return line
        m = _ID_LINE.match(line)
        rid = json.loads(f'"{m[1]}"') if m else None
        got = scratch.con.execute("SELECT json FROM replaced WHERE id = ?", (rid,)).fetchone() if rid else None
        return got[0] if got else line

    lines = _layout_lines(old)
    if lines is not None:
        return {k: (swap(line) for line in ls) for k, ls in lines.items()}
    from .files import own_records

    return {k: (swap(record_line(r)) for r in rs) for k, rs in own_records(old).items()}


def _layout_lines(path: Path) -> dict[str, Iterator[str]] | None:
    """An import file's record lines per kind, read lazily, when it has ``files.dump``'s layout; else None."""
    sections: dict[str, tuple[int, int]] = {}  # kind -> (first line, last line), 1-based
    kind, first = None, 0
    with open(path, encoding="utf-8") as fh:
        head = fh.readline()
        if not head.startswith('{"schema"'):
            return None
        for n, line in enumerate(fh, 2):
            line = line.rstrip("\n")
            if kind is None:
                if line.startswith('"') and line.endswith('":['):
                    kind, first = line[1:-3], n + 1
                elif line not in (",", "}"):
                    return None
            elif line in ("]", "]}"):
                if kind in sections or kind not in ORDER:
                    return None
                sections[kind], kind = (first, n - 1), None
            elif not (line.startswith("{") and line.endswith(("}", "},"))):
                return None
    if kind is not None:
        return None

    def read(a: int, b: int) -> Iterator[str]:
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if n > b:
                    return
                if n >= a:
                    yield line.rstrip("\n").removesuffix(",")

    return {k: read(a, b) for k, (a, b) in sections.items()}


def _drop(p: Plan) -> None:
    """Remove what a plan left on disk that will not be used (its written file, its staged cache)."""
    import contextlib

    from .. import cache

    if p.written is not None:
        with contextlib.suppress(OSError):
            os.unlink(p.written)
        p.written = None
    cache.discard(p.staged)
    p.staged = None


def run(
    table: Table,
    kind: str = "events",
    mapping=None,
    preset=None,
    replace: bool = False,
    fmt: str | None = None,
    dry_run: bool = False,
    new_topic: bool = False,
    new_body: bool = False,
) -> Plan:
    """Plan and, unless ``dry_run`` or any row has a problem, write the import: all under the same lock
    as ``hrcli add``, so parallel imports and adds see each other's work and lose nothing. The cache for
    the files as they now stand is the one the plan built while validating: nothing is read twice.
    ``dry_run`` keeps the records it would add in ``Plan.pending``.
    """
    from .. import cache, writer

    if fmt:
        table.format = fmt  # the format the import file records
    with writer.locked(paths.facts_dir()):
        p = _plan(table, kind, mapping, preset, replace, new_topic, new_body, keep=dry_run)
        try:
            if not p.problems and not dry_run and p.written is not None:
                writer.install(p.written, p.target)
                p.written = None
                cache.install(p.staged, loader.inputs())
                p.staged = None
        finally:
            _drop(p)
    return p
