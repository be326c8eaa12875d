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
from .mapping import canon, clean_record, column_map, fields_for, row_id
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
    problems: list[str]
    keep: dict[str, list[dict]]  # records already in this import's file (kept; replaced ones updated in place)
    where: dict[str, str]  # record id -> line/row it came from
    path: str = ""  # the imported file's resolved path ('' for a stream)
    format: str = ""
    files: list[tuple[Path, str]] = field(default_factory=list)  # every fact file as it would stand
    base: dict[str, list[dict]] = field(default_factory=dict)  # their records, validated once ({} if problems)
    payload: bytes = b""  # the import's file as validated, to be written as it is

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
    to the cache. Raises FactFileError if the user's other files are broken (fix those first, as for ``add``).
    """
    if kind not in KINDS:
        raise did_you_mean(kind, KINDS, "kind")
    fields = fields_for(kind)
    presets = dict(preset or ())
    for fld in presets:
        if fld not in fields:
            raise did_you_mean(fld, fields, f"field for {kind}")
    target = target_for(table.path or table.name)
    problems: list[str] = []
    where: dict[str, str] = {}

    # the ids as they stand, parsed but not yet validated (that happens once, below, on the result)
    files = loader.inputs()
    by_id, own_ids = _ids(files, target)

    batches = []
    if table.sources and kind != "sources":
        src_map, src_ignored = column_map(columns_of(table.sources), "sources", [])
        batches.append(("sources", table.sources, src_map, src_ignored, {}))
    col_map, ignored = column_map(table.columns, kind, mapping or [])
    batches.append((kind, table.rows, col_map, ignored, presets))

    add: dict[str, list[dict]] = {}
    repl: dict[str, list[dict]] = {}
    unchanged = repeated = 0
    for k, rows, cmap, _ign, pre in batches:
        seen_here: dict[str, tuple[str, dict]] = {}
        for w, raw in rows:
            if ERR in raw:
                problems.append(f"{w}: {raw[ERR]}")
                continue
            rec = clean_record(raw, cmap, k, pre)
            rid = rec.get("id") or row_id(table.name, k, raw)
            rec = {"id": rid, **{f: v for f, v in rec.items() if f != "id"}}
            if rid in seen_here:
                first_where, first = seen_here[rid]
                if canon(k, first) == canon(k, rec):
                    repeated += 1  # the same row twice: one record
                else:
                    problems.append(f"{w}: field 'id': {rid!r} is also the id of {first_where}, with other content")
                continue
            seen_here[rid] = (w, rec)
            where[rid] = w
            old = by_id.get(rid)
            if old is not None:
                old_kind, old_rec, old_origin = old
                if old_kind == k and canon(k, old_rec) == canon(k, rec):
                    unchanged += 1
                    continue
                if rid in own_ids and old_kind == k and replace:
                    repl.setdefault(k, []).append(rec)
                    continue
                if rid in own_ids and old_kind == k:
                    problems.append(
                        f"{w}: field 'id': {rid!r} was imported before with other content; --replace overwrites it"
                    )
                else:
                    origin = "a bundled record" if old_origin == "bundled" else "a record in your files"
                    problems.append(f"{w}: field 'id': {rid!r} is already the id of {origin}")
                continue
            add.setdefault(k, []).append(rec)

    # the same validator as every fact file, on every file as it would stand after the import
    new = {k: [*add.get(k, []), *repl.get(k, [])] for k in (*add, *repl)}
    problems += _typos(new, by_id, where, new_topic, new_body)
    by_id.clear()  # the other files' parsed records: free them before every file is read again, validated
    files, base, probs, payload, own = _validate(files, target, table, add, repl)
    dates = {r["id"]: r.get("date") for rs in new.values() for r in rs}
    for p in probs:
        at = where.get(p.record or "", p.record or "?")
        msg = p.message
        if p.field == "date" and _SLASHED_DATE.fullmatch(str(dates.get(p.record or "") or "")):
            msg += "; write it as 2023-05-12 (in 12/05/2023 the order of day and month is unknown)"
        problems.append(f"{at}: {('field ' + repr(p.field) + ': ') if p.field else ''}{msg}")

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
    )


def _typos(new: dict, by_id: dict, where: dict[str, str], new_topic: bool, new_body: bool) -> list[str]:
    """One line per word of the new records that looks like a typo of a known topic or committee code (known:
    the bundled vocabulary and every word the other records use), naming the first row and how many share it."""
    from ..validate import known_words, unfamiliar

    if new_topic and new_body:
        return []
    topics, bodies = known_words(r for _k, r, _o in by_id.values())
    seen: dict[tuple[str, str], list[str]] = {}
    for rs in new.values():
        for r in rs:
            for fld, msg in unfamiliar(r, topics, bodies, new_topic, new_body):
                seen.setdefault((fld, msg), []).append(where.get(r["id"], r["id"]))
    out = []
    for (fld, msg), at in seen.items():
        more = f" (and {len(at) - 1} more row{'s' if len(at) > 2 else ''})" if len(at) > 1 else ""
        out.append(f"{at[0]}{more}: field {fld!r}: {msg}")
    return out


def _ids(files: list[tuple[Path, str]], target: Path) -> tuple[dict[str, tuple[str, dict, str]], set[str]]:
    """Every record id in ``files``: (kind, record as stored, origin), and the ids ``target`` (this import's
    own file) holds now. A file that does not parse is reported as every command reports it (all problems
    of all files), by validating them all."""
    from ..validate import SCHEMA

    out: dict[str, tuple[str, dict, str]] = {}
    own: set[str] = set()
    for path, origin in files:
        try:
            data = loader.parse(path, loader.read_text(path))
        except loader.FactFileError:
            loader.read_files(files)  # raises, naming every problem
            raise
        for kind in SCHEMA:
            recs = data.get(kind) if isinstance(data, dict) else None
            for r in recs if isinstance(recs, list) else ():
                if isinstance(r, dict) and isinstance(r.get("id"), str):
                    out.setdefault(r["id"], (kind, r, origin))
                    if path == target and kind in KINDS:
                        own.add(r["id"])
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
        if not p.problems and not dry_run:
            write(p, fmt)
            p.payload = b""  # written: not needed while the cache is built
            # the cache for the files as they now stand, from the records the plan validated: the next
            # command is as fast as every later one, and no file is read and validated a second time
            if loader.inputs() == p.files:
                from ..cache import warm

                warm(p.files, p.base)
    return p
