"""Planning an import: what is new, what is unchanged, what would be replaced, and every problem, before
anything is written; ``run`` plans and writes under the lock ``hrcli add`` takes.

It streams: rows are read one at a time (``Table.iter_rows``), each compared with the fact base through the
cache (which keeps every record's id and a digest of its content, so no fact file is read to decide), and
the rows an import adds go to its new fact file as they come. That file is then validated with every other,
in one streamed pass that also builds the cache for the files as they will stand. Memory does not grow with
the number of rows: the ids and places of this file's rows are kept in a scratch SQLite file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import loader, paths
from ..cache import is_home_name
from ..errors import UsageError, did_you_mean
from .dates import ORDERS, ambiguous, column_order, slashed_fix, undecided_fix
from .files import id_scheme, reads_of, source_id_for, stage_reads, target_for
from .mapping import SAMPLE, clean_record, column_map, fields_for, row_id
from .problems import Issue, fix_for, typos
from .table import ERR, KINDS, Table, columns_of, norm, row_locator
from .tally import Scratch, Tally, is_full, temp_full


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
    rows: int = 0  # rows read from the file
    path: str = ""  # the imported file's resolved path ('' for a stream)
    format: str = ""
    notes: dict[str, str] = field(default_factory=dict)  # column -> why it was left out (said once)
    issues: list[Issue] = field(default_factory=list)  # the problems, structured (see problems.summary)
    # (where, kind, record) of every record to add or replace: kept only when asked (a dry run lists them)
    pending: list[tuple[str, str, dict]] = field(default_factory=list)
    written: Path | None = None  # the import's new fact file, not yet in place (run() moves it there)
    held: int | None = None  # a descriptor locking ``written`` while this process lives (safefile.held_temp)
    staged: Path | None = None  # the cache for the files as they will stand (cache.stage)
    stale: int = 0  # records this import's file holds from rows the file no longer has (edited or removed since)
    stale_other: int = 0  # of those, other States' records an earlier run kept with --all-states, left out now
    # the import holds exactly the file's rows: a changed record replaced, a stale one removed (a recognised
    # dataset, always; any file with --replace)
    sync: bool = False
    profile: Any = None  # the dataset profile the file was recognised by (profiles.Profile), if any
    left_out: int = 0  # rows of a recognised dataset about other States' reviews, left out (see all_states)
    other_mechanisms: int = 0  # rows of a recognised UPR dataset from another mechanism (UHRI), left out
    pledges: int = 0  # rows of a recognised UPR dataset that are a State's own voluntary pledges, left out
    others_named: int = 0  # events kept whose ``state`` names another State than Belarus (listed with --all-states)
    kept: int = 0  # rows of the file's kind that became records (a recognised dataset's after leaving out)
    date_column: str = ""  # the column read as the records' dates
    # its order of day and month ('dmy', 'mdy'; '' none told, 'both' not one) when it has slashed dates whose
    # numbers are both 12 or under; '' when it has none
    date_order: str = ""
    date_settled: bool = False  # such dates were met, and the column's other dates settled their order

    recognised: bool = False  # a published dataset recognised by its header (a UPR profile or a UN dataset's)
    edited: int = 0  # of the replaced, records the user had edited since the earlier import (their edits gone)
    reads: Path | None = None  # the digests of the rows as read, to keep beside the import (files.stage_reads)

    @property
    def nothing_about_home(self) -> bool:
        """A recognised dataset whose every row was left out as another State's: nothing to import, not even
        its source."""
        return self.profile is not None and self.left_out > 0 and not self.kept

    @property
    def no_records(self) -> bool:
        """A recognised dataset none of whose rows became a record (none under its header, every one about
        another State or from another mechanism): nothing is written, not even its source."""
        return self.recognised and not self.kept

    @property
    def problems(self) -> list[str]:
        """Every problem, one 'where: field: reason' line each (made when asked: a file with a problem on each
        of a million rows holds the problems once, not twice)."""
        return [str(i) for i in self.issues]

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
    profile: Any = None,
    all_states: bool = False,
) -> Plan:
    """Everything an import would do, validated with every fact file as it would stand; writes nothing.

    A topic or committee code one or two letters from a known one is a problem unless ``new_topic`` or
    ``new_body`` says the file means a new one (validate.unfamiliar). ``keep`` lists the records to add or
    replace in ``Plan.pending``. ``profile`` (profiles.Profile) maps the columns of a recognised dataset,
    registers its source and keeps only the rows about Belarus unless ``all_states``. Raises FactFileError if the
    user's other files are broken (fix those first, as for ``add``).
    """
    made: list[Plan] = []
    try:
        return _plan(table, kind, mapping, preset, replace, new_topic, new_body, keep, made, profile, all_states)
    finally:
        for p in made:
            _drop(p)


def _plan(
    table: Table,
    kind: str,
    mapping: list[tuple[str, str]] | None,
    preset: list[tuple[str, str]] | None,
    replace: bool,
    new_topic: bool,
    new_body: bool,
    keep: bool,
    made: list[Plan],
    profile: Any = None,
    all_states: bool = False,
) -> Plan:
    """The plan, appended to ``made`` as soon as it exists: what it leaves on disk is the caller's to drop,
    whatever stops it (Ctrl-C included)."""
    import sqlite3

    from .. import cache

    if kind not in KINDS:
        raise did_you_mean(kind, KINDS, "kind")
    fields = fields_for(kind)
    presets = dict(preset or ())
    for fld in presets:
        if fld not in fields:
            raise did_you_mean(fld, fields, f"field for {kind}")
    target = target_for(table.path or table.name)
    files = loader.inputs()
    # the fact base as it stands, through its cache: every id with its kind, origin, file and content digest
    base = cache.connect(files, not os.environ.get("HRCLI_NO_CACHE"))
    try:
        scratch = Scratch()
    except BaseException as e:
        base.close()
        if is_full(e):
            raise temp_full(e) from None
        raise
    try:
        return _rows(
            table,
            kind,
            mapping,
            presets,
            replace,
            new_topic,
            new_body,
            keep,
            target,
            files,
            base,
            scratch,
            made,
            profile,
            all_states,
        )
    except (OSError, sqlite3.Error) as e:
        if is_full(e):  # the scratch file or a spool in the temporary folder: not stdout's failure
            raise temp_full(e) from None
        raise
    finally:
        base.close()
        scratch.close()


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
    scratch: Scratch,
    made: list[Plan],
    profile: Any = None,
    all_states: bool = False,
) -> Plan:
    notes: dict[str, str] = {}
    issues: list[Issue] = []
    batches = []
    mapped: frozenset[str] = frozenset()
    registered = []  # the ids of a profile's sources an earlier run of this import registered (kept as they stand)
    # a recognised dataset (a UPR profile, or a UN dataset read by un_datasets.apply) is what the file now says:
    # importing it again replaces changed rows and removes those gone; any other file does so with --replace
    sync = replace or profile is not None or getattr(table, "profile", None) is not None
    sources = list(table.sources)
    if getattr(table, "profile", None) is not None and "source" not in presets:
        for _w, src in sources:  # a UN dataset's source (its records cite this dict's id: un_datasets.apply)
            src["id"], there = source_id_for(base, src["id"], target)
            registered += [src["id"]] if there else []
        sources = [(w, src) for w, src in sources if src["id"] not in registered]
    if profile is not None:
        # a recognised dataset: its columns mapped (the user's --map after, so it wins), its source registered
        # once (a source of that id already there, perhaps edited by the user, is kept as it is)
        under = {norm(c) for c, f in profile.mapping(table.columns) if f == "state_under_review"}
        for col, fld in mapping or []:
            if profile.home and norm(col) in under and fld != "state_under_review":
                raise UsageError(
                    f"--map {col}={fld}: in {profile.title}, {col!r} is the State under review, which tells the"
                    " recommendations Belarus received from those it made; it cannot be dropped or remapped"
                )
        mapped = frozenset(norm(c) for c, _f in mapping or [])  # the user's: read as they say (Profile.finish)
        mapping = [*profile.mapping(table.columns), *(mapping or [])]
        from .profiles import is_home  # only a recognised dataset loads the profiles

        top = str(getattr(table, "top", {}).get(profile.top_state) or "").strip() if profile.top_state else ""
        if top and not is_home(top) and "state_under_review" not in presets:
            presets = {**presets, "state_under_review": top}  # another State's review, said once for all rows
        if "source" not in presets:
            src = profile.source(table.name, table.path)
            src["id"], there = source_id_for(base, src["id"], target)
            if not there:
                sources.append(("source", src))
            else:
                registered.append(src["id"])  # kept as it stands: one of this import's records, not a stale one
            presets = {**presets, "source": src["id"]}
    if sources and kind != "sources":
        src_map, src_ignored = column_map(columns_of(sources), "sources", [])
        batches.append(("sources", lambda: iter(sources), src_map, src_ignored, {}))
    sample = [r for _w, r in table.head(SAMPLE) if ERR not in r]
    col_map, ignored = column_map(table.columns, kind, mapping or [], sample, notes)
    batches.append((kind, table.iter_rows, col_map, ignored, presets))
    column_of = {f: c for c, f in col_map.items()}

    scheme = id_scheme(target)
    scratch.attach(reads_of(target))
    t = Tally(scratch, base, sync, keep, own_file=os.fsencode(target).decode("utf-8", "backslashreplace"))
    for rid in registered:
        t.hold(rid)
    n_rows = left_out = other_mechanisms = kept = pledges = others_named = 0
    under_col = next((c for c, f in col_map.items() if f == "state_under_review"), "") if profile else ""
    action_col = next((c for c, f in col_map.items() if f == "action_category"), "")
    fix = f"fill column {under_col!r} in the file" if under_col else ""
    row_word = presets.get("locator") == "row"  # --set locator=row: each row's own number, not the word
    date_col = column_of.get("date", "")
    order: str | None = None  # the date column's order of day and month, settled at its first ambiguous date
    for k, rows, cmap, _ign, pre in batches:
        for w, raw in rows():
            if k == kind:
                n_rows += 1
            if ERR in raw:
                t.fail(Issue(w, None, raw[ERR]))
                continue
            if k == kind and order is None and date_col and ambiguous(raw.get(date_col)):
                # one more pass, only for a file that has such a date: what the column's other dates say
                order = column_order(r.get(date_col) for _w, r in table.iter_rows() if ERR not in r)
            rec = clean_record(raw, cmap, k, pre, order if order in ORDERS else "")
            if k == kind:
                if row_word and rec.get("locator") == "row":
                    rec["locator"] = row_locator(w, n_rows)
                if profile is not None:
                    short = profile.cut_short(raw, table.columns, table.format)
                    if short:  # a recognised dataset's row cut off (a download ended mid-row): never a record
                        t.fail(Issue(w, None, short, "download the file again, or complete the row"))
                        continue
                    rec = profile.finish(rec, raw, row_locator(w, n_rows), mapped)
                    bad = profile.bad_action(rec)
                    if bad:
                        t.fail(Issue(w, "action_category", bad, f"correct it in the file, or --map {action_col}=-"))
                        continue
                    if not profile.from_upr(raw):  # a treaty body's or special procedure's: never a UPR count
                        other_mechanisms += 1
                        continue
                    if profile.is_pledge(rec):  # a State's own pledge: neither received nor made to another
                        pledges += 1
                        continue
                    if under_col and not rec.get("state_under_review"):
                        # a recognised dataset's row that names no State under review: whose review it is is
                        # unknown, never silently Belarus's (counted as received)
                        t.fail(Issue(w, "state_under_review", "empty: the State under review is not named", fix))
                        continue
                    if not all_states and not profile.keeps(rec):
                        left_out += 1  # another State's review: neither received nor given by Belarus
                        continue
            if k == kind:
                kept += 1
                if k == "events" and rec.get("state") and not is_home_name(str(rec["state"])):
                    others_named += 1
            given = bool(rec.get("id"))
            rid = rec["id"] if given else row_id(table.name, k, raw, table.path if scheme == 2 else "")
            rec = {"id": rid, **{f: v for f, v in rec.items() if f != "id"}}
            t.add(w, k, rec, given)
    t.flush()
    held = base.execute("SELECT count(*) FROM records WHERE file = ?", (t.own_file,)).fetchone()[0]
    issues += t.issues
    added, replaced, unchanged, repeated, pending = t.added, t.replaced, t.unchanged, t.repeated, t.pending

    issues += typos(scratch.con, base, new_topic, new_body)
    p = Plan(
        table.name,
        kind,
        target,
        added,
        replaced,
        unchanged,
        repeated,
        list(dict.fromkeys(c for _k, _r, _m, ign, _p in batches for c in ign)),
        n_rows,
        table.path,
        table.format,
        notes,
        issues,
        pending,
    )
    made.append(p)
    p.stale = held - t.own_seen
    p.sync = sync
    p.recognised = profile is not None or getattr(table, "profile", None) is not None
    if sync and p.recognised and not all_states:  # other States' records: this run read none of them again
        sql = "SELECT count(*) FROM records WHERE file = ? AND other"
        p.stale_other = min(p.stale, base.execute(sql, (t.own_file,)).fetchone()[0])
    p.profile, p.left_out, p.other_mechanisms, p.kept = profile, left_out, other_mechanisms, kept
    p.pledges, p.others_named, p.edited = pledges, others_named, t.edited
    if sync and p.stale > p.stale_other:  # a changed row's record goes: the user's edit of it too, said
        p.edited += t.stale_edited()
    p.date_column, p.date_order, p.date_settled = date_col, order or "", order in ORDERS
    if (added or replaced or (sync and p.stale)) and not p.no_records:
        _write_and_validate(p, table, files, scratch)
    if not p.issues and not p.no_records:
        p.reads = stage_reads(target, scratch, sync, p.staged)
    un = getattr(table, "profile", None) is not None  # a UN dataset read whole by its profile: no column is a field
    for i in p.issues:
        if not i.fix:
            # the profile's fields are made from the file's own columns: a fix names the row, never a column the
            # file lacks or a --map that turns the profile off
            mine = not un or i.field in ("id", "source") or i.field in presets  # a fix the user's flags give
            i.fix = fix_for(i, {} if un else column_of, presets) if mine else ""
            i.fix = i.fix or ("correct the row in the file" if un else "")
    return p


def _write_and_validate(p: Plan, table: Table, files: list[tuple[Path, str]], scratch: Scratch) -> None:
    """Write the import's fact file as it would stand (earlier records kept, replaced ones in place, new ones
    after) beside its final name, then validate every file with it in one streamed pass that stages the
    cache. The new file's problems become the plan's, by row; any other file's raise FactFileError."""
    from ..safefile import display, held_temp, no_interrupt, sweep

    folder = paths.facts_dir()
    folder.mkdir(parents=True, exist_ok=True)
    sweep(folder, r"\.hrcli-import-[A-Za-z0-9_]+\.tmp")  # what imports that were killed left behind
    with no_interrupt():  # a Ctrl-C between making the file and naming it in the plan would leave it behind
        p.held, p.written = held_temp(".hrcli-import-", ".tmp", folder)
    try:
        problems = _write_and_stage(p, table, files, scratch)
    except BaseException as e:  # Ctrl-C or a full disk: nothing of this import stays behind
        _drop(p)
        if isinstance(e, OSError) and e.filename is None:
            # a write with no file named would read as stdout's failure: name the file being written
            raise OSError(e.errno, e.strerror or str(e), str(p.target)) from None
        raise
    if not problems:
        return
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
    first = ""  # the first slashed date of unknown order
    for prob, where in mine:
        fix = ""
        if prob.field == "date":
            date = scratch.con.execute("SELECT date FROM rows WHERE id = ?", (prob.record,)).fetchone()[0]
            if ambiguous(str(date or "")):
                first = first or str(date)  # every such row gets the fix the first has: one line for them all
                fix = undecided_fix(p.date_column, p.date_order, first)
            else:
                fix = slashed_fix(str(date or ""))
        p.issues.append(Issue(where, prob.field, prob.message, fix))
    _drop(p)


def _write_and_stage(p: Plan, table: Table, files: list[tuple[Path, str]], scratch: Scratch) -> list:
    """Write the import's file to ``p.written`` and stage the cache with it: the problems validation found."""
    from .. import cache
    from .files import sections, write_sections

    old = p.target if any(path == p.target for path, _o in files) else None
    with open(p.written, "w", encoding="utf-8", newline="\n") as fh:  # type: ignore[arg-type]
        write_sections(fh, table.name, table.format, table.path, sections(old, scratch, p.sync), id_scheme(p.target))
    if old is None:
        # the new file takes its place among the user's files, as loader.user_files orders them
        user = sorted([path for path, o in files if o == "user"] + [p.target])
        files = [(path, o) for path, o in files if o != "user"] + [(path, "user") for path in user]
    try:
        p.staged = cache.stage(files, {p.target: p.written})  # type: ignore[dict-item]
        return []
    except loader.FactFileError as e:
        return e.problems


def _drop(p: Plan) -> None:
    """Remove what a plan left on disk that will not be used (its written file, its staged cache)."""
    import contextlib

    from .. import cache
    from ..safefile import release

    if p.written is not None:
        with contextlib.suppress(OSError):
            os.unlink(p.written)
        p.written = None
    release(p.held)
    p.held = None
    cache.discard(p.staged)
    p.staged = None
    if p.reads is not None:
        p.reads.unlink(missing_ok=True)
        p.reads = None


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
    profile: Any = None,
    all_states: bool = False,
) -> Plan:
    """Plan and, unless ``dry_run`` or any row has a problem, write the import: all under the same lock
    as ``hrcli add``, so parallel imports and adds see each other's work and lose nothing. The cache for
    the files as they now stand is the one the plan built while validating: nothing is read twice.
    ``dry_run`` keeps the records it would add in ``Plan.pending``.
    """
    from .. import cache, writer

    if fmt:
        table.format = fmt  # the format the import file records
    made: list[Plan] = []
    with writer.locked(paths.facts_dir()):
        try:
            p = _plan(table, kind, mapping, preset, replace, new_topic, new_body, dry_run, made, profile, all_states)
            if not p.issues and not dry_run and p.written is not None:
                writer.install(p.written, p.target)
                p.written = None
                cache.install(p.staged, loader.inputs())
                p.staged = None
            if not p.issues and not dry_run and p.reads is not None and p.target.exists():
                os.replace(p.reads, reads_of(p.target))
                p.reads = None
        finally:
            for q in made:
                _drop(q)
    return p
