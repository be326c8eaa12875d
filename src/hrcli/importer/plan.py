"""Planning an import: what is new, what is unchanged, what would be replaced, and every problem, before
anything is written; ``run`` plans and writes under the lock ``hrcli add`` takes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .. import loader, paths
from ..errors import did_you_mean
from .files import own_records, target_for, write
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
) -> Plan:
    """Everything an import would do, validated against every fact file as it stands; writes nothing.

    Raises FactFileError if the user's existing files are broken (fix those first, as for ``add``).
    """
    from ..validate import check

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

    # the state as it stands: every file validated, and what this import's own file already holds
    files = loader.inputs()
    existing = loader.read_files(files)
    own = own_records(target) if target.exists() else {}
    own_ids = {r["id"] for rs in own.values() for r in rs}
    by_id = {r["id"]: (k, r) for k, rs in existing.items() for r in rs}

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
                old_kind, old_rec = old
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
                    origin = "a bundled record" if old_rec.get("origin") == "bundled" else "a record in your files"
                    problems.append(f"{w}: field 'id': {rid!r} is already the id of {origin}")
                continue
            add.setdefault(k, []).append(rec)

    # the same validator as every fact file, against every source and id that exists
    sources = {r["id"] for r in existing.get("sources", [])}
    taken = set(by_id)
    new = {k: list(v) for k, v in add.items()}
    for k, rs in repl.items():
        new.setdefault(k, []).extend(rs)
        taken -= {r["id"] for r in rs}
    probs, _ok = check(new, str(target), "", sources, taken, origin="user")
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
    )


def run(
    table: Table,
    kind: str = "events",
    mapping=None,
    preset=None,
    replace: bool = False,
    fmt: str | None = None,
    dry_run: bool = False,
) -> Plan:
    """Plan and, unless ``dry_run`` or any row has a problem, write the import: all under the same lock
    as ``hrcli add``, so parallel imports and adds see each other's work and lose nothing."""
    from .. import writer

    with writer.locked(paths.facts_dir()):
        p = plan(table, kind, mapping, preset, replace)
        if not p.problems and not dry_run:
            write(p, fmt or table.format or "csv")
    return p
