"""Planning an import: what is new, what is unchanged, what would be replaced, and every problem, before
anything is written; ``run`` plans and writes under the lock ``hrcli add`` takes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import loader, paths
from ..errors import did_you_mean
from ..safefile import display
from .files import dump, merged, own_records, target_for, write
from .index import digest, digests, ids
from .mapping import SAMPLE, canon, clean_record, column_map, fields_for, row_id
from .problems import Issue, fix_for
from .table import ERR, KINDS, Table, columns_of

_SLASHED_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{2,4}")


@dataclass
class Plan:
    """What an import would do. ``problems`` are 'where: field: reason' lines; nothing is written if any."""

    name: str
    kind: str
    target: Path
    add: dict[str, list[dict]]  # kind -> records to add
    replace: dict[str, list[dict]]
    unchanged: int
    repeated: int
    ignored: list[str]
    problems: list[str]  # every problem, one 'where: field: reason' line each
    keep: dict[str, list[dict]]  # records already in this import's file (kept; replaced ones updated in place)
    where: dict[str, str]  # record id -> line/row it came from
    path: str = ""  # the imported file's resolved path ('' for a stream)
    format: str = ""
    files: list[tuple[Path, str]] = field(default_factory=list)  # every fact file as it would stand
    base: dict[str, list[dict]] = field(default_factory=dict)  # their records, validated once ({} if problems)
    payload: bytes = b""  # the import's file as validated, to be written as it is
    notes: dict[str, str] = field(default_factory=dict)  # column -> why it was left out (said once)
    issues: list[Issue] = field(default_factory=list)  # the problems, structured (see problems.summary)

    @property
    def added(self) -> int:
        return sum(len(v) for v in self.add.values())

    @property
    def replaced(self) -> int:
        return sum(len(v) for v in self.replace.values())


def plan(
    table: Table,
    kind: str = "events",
    mapping: list[tuple[str, str]] | None = None,
    preset: list[tuple[str, str]] | None = None,
    replace: bool = False,
    new_topic: bool = False,
    new_body: bool = False,
) -> Plan:
    """Everything an import would do, validated with every fact file as it would stand; writes nothing.

    A topic or committee code one or two letters from a known one is a problem unless ``new_topic`` or
    ``new_body`` says the file means a new one (validate.unfamiliar).

    Every file is validated once, together with the import's file as it would be written (the same
    ``loader.read_files`` every command reads through); the result is ``Plan.base``, which ``run`` hands
    to the cache. When nothing is new or replaced, nothing changes, and no file is validated again.
    Raises FactFileError if the user's other files are broken (fix those first, as for ``add``).
    """
    if kind not in KINDS:
        raise did_you_mean(kind, KINDS, "kind")
    fields = fields_for(kind)
    presets = dict(preset or ())
    for fld in presets:
        if fld not in fields:
            raise did_you_mean(fld, fields, f"field for {kind}")
    target = target_for(table.path or table.name)
    where: dict[str, str] = {}

    # the ids as they stand, parsed but not yet validated (that happens once, below, on the result)
    files = loader.inputs()
    by_id, own_ids = _ids(files, target)

    batches = []
    notes: dict[str, str] = {}
    issues: list[Issue] = []
    if table.sources and kind != "sources":
        src_map, src_ignored = column_map(columns_of(table.sources), "sources", [])
        batches.append(("sources", table.sources, src_map, src_ignored, {}))
    sample = [r for _w, r in table.rows[:SAMPLE] if ERR not in r]
    col_map, ignored = column_map(table.columns, kind, mapping or [], sample, notes)
    batches.append((kind, table.rows, col_map, ignored, presets))
    column_of = {f: c for c, f in col_map.items()}

    add: dict[str, list[dict]] = {}
    repl: dict[str, list[dict]] = {}
    unchanged = repeated = 0
    for k, rows, cmap, _ign, pre in batches:
        seen_here: dict[str, tuple[str, dict]] = {}
        for w, raw in rows:
            if ERR in raw:
                issues.append(Issue(w, None, raw[ERR]))
                continue
            rec = clean_record(raw, cmap, k, pre)
            rid = rec.get("id") or row_id(table.name, k, raw)
            rec = {"id": rid, **{f: v for f, v in rec.items() if f != "id"}}
            if rid in seen_here:
                first_where, first = seen_here[rid]
                if canon(k, first) == canon(k, rec):
                    repeated += 1  # the same row twice: one record
                else:
                    issues.append(Issue(w, "id", f"{rid!r} is also the id of {first_where}, with other content"))
                continue
            seen_here[rid] = (w, rec)
            where[rid] = w
            old = by_id.get(rid)
            if old is not None:
                old_kind, old_digest, old_origin = old
                if old_kind == k and old_digest == digest(k, rec):
                    unchanged += 1
                    continue
                if rid in own_ids and old_kind == k and replace:
                    repl.setdefault(k, []).append(rec)
                    continue
                if rid in own_ids and old_kind == k:
                    again = f"{rid!r} was imported before with other content"
                    issues.append(Issue(w, "id", again, "--replace overwrites it"))
                else:
                    origin = "a bundled record" if old_origin == "bundled" else "a record in your files"
                    issues.append(Issue(w, "id", f"{rid!r} is already the id of {origin}"))
                continue
            add.setdefault(k, []).append(rec)

    # the same validator as every fact file, on every file as it would stand after the import
    new = {k: [*add.get(k, []), *repl.get(k, [])] for k in (*add, *repl)}
    issues += _typos(new, files, where, new_topic, new_body)
    by_id.clear()  # the other files' parsed records: free them before every file is read again, validated
    if add or repl:
        files, base, probs, payload, own = _validate(files, target, table, add, repl)
    else:
        # nothing new (the same file again): no file changes, so none is read and validated again
        base, probs, payload, own = {}, [], b"", {}
    dates = {r["id"]: r.get("date") for rs in new.values() for r in rs}
    for p in probs:
        at = where.get(p.record or "", p.record or "?")
        msg = p.message
        fix = ""
        if p.field == "date" and _SLASHED_DATE.fullmatch(str(dates.get(p.record or "") or "")):
            fix = "write it as 2023-05-12 (in 12/05/2023 the order of day and month is unknown)"
        issues.append(Issue(at, p.field, msg, fix))
    for i in issues:
        if not i.fix:
            i.fix = fix_for(i, column_of, presets)
    problems = [str(i) for i in issues]

    all_ignored = list(dict.fromkeys(c for _k, _r, _m, ign, _p in batches for c in ign))
    return Plan(
        table.name,
        kind,
        target,
        add,
        repl,
        unchanged,
        repeated,
        all_ignored,
        problems,
        own,
        where,
        table.path,
        table.format,
        files,
        base,
        payload,
        notes,
        issues,
    )


def _only_known(rec: dict, topics: set[str], bodies: set[str]) -> bool:
    """Every topic and committee code of ``rec`` is in the bundled vocabulary (no typo of anything is possible)."""
    from .. import vocab

    ts = rec.get("topics") if isinstance(rec.get("topics"), list) else [rec.get("topic")]
    if any(isinstance(t, str) and vocab.topic_key(t) not in topics for t in ts):
        return False
    body = rec.get("body")
    return not isinstance(body, str) or vocab.body_key(body) in bodies


def _typos(
    new: dict, files: list[tuple[Path, str]], where: dict[str, str], new_topic: bool, new_body: bool
) -> list[Issue]:
    """A problem per word of the new records that looks like a typo of a known topic or committee code (known:
    the bundled vocabulary and every word the other records use), naming the first row and how many share it.

    The other files' records are read only when a new record uses a word outside the bundled vocabulary: an
    import in hrcli's own words reads no other file (the index keeps ids, not words)."""
    from ..validate import SCHEMA, known_words, unfamiliar

    if new_topic and new_body:
        return []
    rows = [r for rs in new.values() for r in rs]
    topics, bodies = known_words(())  # the bundled vocabulary
    if all(_only_known(r, topics, bodies) for r in rows):
        return []
    others = []
    for path, _origin in files:
        data = loader.parse(path, loader.read_text(path))
        for kind in SCHEMA:
            recs = data.get(kind) if isinstance(data, dict) else None
            others += [r for r in (recs if isinstance(recs, list) else ()) if isinstance(r, dict)]
    topics, bodies = known_words(others)
    out = []
    for r in rows:
        for fld, msg in unfamiliar(r, topics, bodies, new_topic, new_body):
            # "…; did you mean 'x'? (--new-topic if it is a new one)": the option is the fix; rows sharing the
            # same word become one line where the problems are grouped
            text, _sep, fix = msg.partition(" (")
            out.append(Issue(where.get(r["id"], r["id"]), fld, text, fix.rstrip(")")))
    return out


def _ids(files: list[tuple[Path, str]], target: Path) -> tuple[dict[str, tuple[str, str, str]], set[str]]:
    """Every record id in ``files``: (kind, digest of its stored content, origin), and the ids ``target``
    (this import's own file) holds now. An import file's ids come from its index (``index.ids``) while
    the file is unchanged, so a re-import does not read every import file again. A file that does not
    parse is reported as every command reports it (all problems of all files), by validating them all."""
    from .files import PREFIX

    out: dict[str, tuple[str, str, str]] = {}
    own: set[str] = set()
    for path, origin in files:
        indexed = origin == "user" and path.name.startswith(PREFIX) and path.suffix == ".json"
        try:
            known = ids(path) if indexed else digests(loader.parse(path, loader.read_text(path)))
        except loader.FactFileError:
            loader.read_files(files)  # raises, naming every problem
            raise
        for rid, (kind, dig) in known.items():
            out.setdefault(rid, (kind, dig, origin))
            if path == target and kind in KINDS:
                own.add(rid)
    return out, own


def _validate(
    files: list[tuple[Path, str]], target: Path, table: Table, add: dict, repl: dict
) -> tuple[list[tuple[Path, str]], dict[str, list[dict]], list, bytes, dict]:
    """Validate every file once, with ``target`` as the import would write it: the files as they would be,
    their records ({} if any problem), the problems of the import's new records, the bytes to write and
    the records the import's file already held (read only when something is added or replaced).

    Problems anywhere else (the user's other files, the import's earlier records) raise FactFileError.
    """
    overrides = {}
    payload = b""
    own: dict[str, list[dict]] = {}
    if add or repl:
        own = own_records(target) if any(p == target for p, _o in files) else {}
        payload = dump(table.name, table.format, merged(own, add, repl), table.path)
        overrides[target] = payload.decode("utf-8")
        if all(p != target for p, _o in files):
            # the new file takes its place among the user's files, as loader.user_files orders them
            user = sorted([p for p, o in files if o == "user"] + [target])
            files = [(p, o) for p, o in files if o != "user"] + [(p, "user") for p in user]
    try:
        return files, loader.read_files(files, overrides=overrides), [], payload, own
    except loader.FactFileError as e:
        ours = {r["id"] for part in (add, repl) for rs in part.values() for r in rs}
        shown = display(target)
        mine = [p for p in e.problems if getattr(p, "file", None) == shown and getattr(p, "record", None) in ours]
        others = [p for p in e.problems if p not in mine]
        if others:
            raise loader.FactFileError(others) from None
        return files, {}, mine, b"", own


def run(
    table: Table,
    kind: str = "events",
    mapping=None,
    preset=None,
    replace: bool = False,
    fmt: str | None = None,
    dry_run: bool = False,
    release: bool = False,
    new_topic: bool = False,
    new_body: bool = False,
) -> Plan:
    """Plan and, unless ``dry_run`` or any row has a problem, write the import: all under the same lock
    as ``hrcli add``, so parallel imports and adds see each other's work and lose nothing.

    ``release=True`` empties ``table.rows`` once planned (keep peak memory down for a large file).
    """
    from .. import writer

    fmt = fmt or table.format or "csv"
    with writer.locked(paths.facts_dir()):
        p = plan(table, kind, mapping, preset, replace, new_topic, new_body)
        if release:
            table.rows, table.sources = [], []
        if not p.problems and not dry_run and (p.added or p.replaced):
            write(p, fmt)
            p.payload = b""  # written: not needed while the cache is built
            # the cache for the files as they now stand, from the records the plan validated: the next
            # command is as fast as every later one, and no file is read and validated a second time
            if loader.inputs() == p.files:
                from ..cache import warm

                warm(p.files, p.base)
    return p
