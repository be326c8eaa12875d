"""``hrcli export``: everything (bundled + user), or a filtered timeline, as toml, json, csv or sqlite."""

import os
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .. import options as o
from ..errors import DataError, UsageError
from ..formats import export_names
from ..output import BIBLIOGRAPHIES, err, write
from ..views.records import (
    FACT_FIELDS,
    REC_FIELDS,
    SIDE_FIELDS,
    SOURCE_FIELDS,
    STAT_FIELDS,
    fact_row,
    generic_row,
    side_rows,
    source_row,
    stat_row,
)
from .common import load_base, require_words

if TYPE_CHECKING:
    from ..settings import Settings


# --format's choices, from hrcli.formats (the one list of format names; the bibliography formats among them)
ExportFormat = Enum("ExportFormat", [(f, f) for f in export_names()], type=str)


HELP = """Export everything (bundled and your own records), or the records that timeline's filters keep
(events, or with --kind claims, recommendations or all of them).

With filters, --kind also takes stat or conflict; the filters keep the same records as in timeline
and search.

toml: a fact file hrcli can read again. json: an object with one array per record kind. csv: of one
kind (--kind event, claim, stat, ...), one table with one header row; of several, one section per
record kind (sources, events, claims, recommendations, stats, conflicts), each with its own header
row and that kind's fields, sections separated by an empty line. sqlite: one table per
record kind with typed columns plus a sources table and full-text indexes (FTS5), ready for
Datasette or pandas (needs PATH); --metadata FILE also writes Datasette metadata (descriptions, canned
queries). html: one self-contained page with a timeline, a filterable table, charts, the disagreements
and the sources. csl-json, bibtex, ris: bibliography items for the sources the selection cites (ids
are the source ids, for pandoc's \\[@unct-2009, para. 22]). Unknown or open date bounds are null; value
holds numbers only, with the source's words in value_text.
PATH '-' or none writes to stdout (not for sqlite). An existing PATH is replaced only with --force;
devices, FIFOs and links to them are never written. In csv, a text cell starting with = + - @ gets a
leading apostrophe so spreadsheets do not run it; --csv-raw keeps cells as stored.
"""


def export(
    ctx: typer.Context,
    path: Annotated[
        Path | None, typer.Argument(metavar="[PATH]", help="Output file ('-' for stdout).", show_default=False)
    ] = None,
    fmt: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help=f"{', '.join(export_names()[:-1])} or {export_names()[-1]}."),
    ] = ExportFormat("json"),
    force: Annotated[bool, typer.Option("--force", help="Replace PATH if it exists.")] = False,
    year_from: o.YearFrom = None,
    year_to: o.YearTo = None,
    mechanism: o.MechanismOpt = None,
    body: o.BodyOpt = None,
    topic: o.TopicOpt = None,
    source: o.SourceOpt = None,
    status: o.StatusOpt = None,
    action: o.ActionOpt = None,
    kind: o.KindOpt = None,
    origin: o.OriginOpt = None,
    voice: o.VoiceOpt = None,
    disputed: o.DisputedOpt = False,
    limit: o.LimitOpt = None,
    metadata: Annotated[
        Path | None,
        typer.Option("--metadata", help="With --format sqlite: also write Datasette metadata (JSON) to this file."),
    ] = None,
) -> None:
    f = o.query(ctx)
    filtered = f.narrows() or kind is not None or limit is not None
    f.limit = limit
    kinds = o.kinds(kind, o.EXPORT_KINDS)
    to_stdout = path is None or str(path) == "-"
    if fmt is ExportFormat.sqlite and to_stdout:
        raise UsageError("sqlite export needs a PATH, e.g. 'hrcli export --format sqlite hrcli.db'")
    # what the arguments get wrong (exit 2) is said before what the file system refuses (exit 1)
    if metadata is not None and fmt is not ExportFormat.sqlite:
        raise UsageError("--metadata goes with --format sqlite (it describes the database for Datasette)")
    if metadata is not None and _same_file(path, metadata):
        from ..safefile import display

        raise UsageError(
            f"--metadata {display(metadata)} is the database itself; give the metadata its own file, "
            "e.g. --metadata metadata.json"
        )
    _outside_facts(None if to_stdout else path, metadata)
    if not to_stdout:
        _check_target(path, force)
    if metadata is not None:
        _check_target(metadata, force)
    run = o.settings(ctx)
    base = load_base(run)
    require_words(base, f, body)
    recs = _records(base, f if filtered else None, kinds)
    if fmt is ExportFormat.sqlite:
        _sqlite(path, recs, base)
        err(f"wrote {_count(recs)} to {path}")
        if metadata is not None:
            _write(metadata, _metadata(path, base))
            err(f"wrote Datasette metadata to {metadata}")
        return
    if fmt.value in BIBLIOGRAPHIES:  # items for the sources the selection cites
        payload = BIBLIOGRAPHIES[fmt.value](recs.get("sources", []))
    else:
        payload = {"toml": _toml, "json": _json, "csv": _csv, "html": _html}[fmt.value](recs, base, run)
    if to_stdout:
        write(payload)
        return
    _write(path, payload.encode("utf-8"))
    err(f"wrote {_count(recs)} to {path}")


def _count(recs: dict[str, list]) -> str:
    facts = sum(len(v) for k, v in recs.items() if k != "sources")
    return f"{facts} records and {len(recs.get('sources', []))} sources"


def _records(base, f, kinds: tuple[str, ...] = ("events",)) -> dict[str, list[Any]]:
    """What the export holds: every record, or those of ``kinds`` the query keeps and the sources they cite."""
    if f is not None:
        from ..model import Conflict

        recs = base.select(kinds, f)
        used = {s.source for r in recs for s in (r.sides if isinstance(r, Conflict) else (r,))}
        out: dict[str, list[Any]] = {"sources": [s for s in base.sources.values() if s.id in used]}
        for k in kinds:
            out[k] = [x for x in recs if x.kind == k]
        return out
    return base.all()


def _outside_facts(*targets: Path | None) -> None:
    """An export into the facts folder would be read back as facts (every id twice): a usage error."""
    from .. import paths
    from ..safefile import display

    for target in targets:
        if target is not None and paths.in_facts(target):
            raise UsageError(
                f"{display(target)} is in your facts folder ({display(paths.facts_dir())}), where every file is "
                "read as facts; export somewhere else"
            )


def _check_target(path: Path, force: bool) -> None:
    """Only a new path, or with --force a regular file (or a link to one); never a device, FIFO or folder."""
    from .. import safefile

    try:
        safefile.destination(path)
    except OSError as e:
        raise DataError(f"{safefile.display(path)}: will not export there: {e.strerror or e}") from None
    if os.path.lexists(path) and not force:
        raise UsageError(f"{safefile.display(path)} exists; add --force to replace it")


def _same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file: spelled differently, through links, or hard-linked."""
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist yet: then only the spelling could make them one
        return False


def _write(path: Path, payload: bytes) -> None:
    from .. import safefile

    try:  # atomic, umask-honouring, and the temporary file is removed on any failure
        safefile.write_bytes(path, payload, prefix=".hrcli-export-")
    except OSError as e:
        raise DataError(f"{safefile.display(path)}: cannot write: {e.strerror or e}") from None


def _rows(recs: dict[str, list[Any]], base) -> dict[str, list[dict]]:
    disputed = base.disputed()
    out: dict[str, list[dict]] = {}
    for kind, items in recs.items():
        if kind == "sources":
            out[kind] = [{k: source_row(s)[k] for k in SOURCE_FIELDS} for s in items]
        elif kind == "stats":
            out[kind] = [{k: stat_row(s, base, disputed)[k] for k in STAT_FIELDS} for s in items]
        elif kind == "conflicts":
            out[kind] = [{k: r[k] for k in SIDE_FIELDS} for c in items for r in side_rows(c, base)]
        else:
            fields = _KIND_FIELDS[kind]
            out[kind] = [{k: fact_row(x, base, disputed)[k] for k in fields} for x in items]
    return out


def _json(recs, base, run: "Settings") -> str:
    import json

    from ..machine import json_text

    return json_text(json.dumps(_rows(recs, base), ensure_ascii=False, indent=1)) + "\n"


_KIND_FIELDS = {
    "sources": SOURCE_FIELDS,
    "events": FACT_FIELDS,
    "claims": FACT_FIELDS,
    "recommendations": REC_FIELDS,
    "stats": STAT_FIELDS,
    "conflicts": SIDE_FIELDS,
}


def _csv(recs, base, run: "Settings") -> str:
    """One section per record kind with that kind's own fields (all of them: note, start, end, title):
    a single header over every kind mixed sources with events and dropped what did not fit."""
    import csv
    import io

    from ..machine import sheet_cell

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    rows = _rows(recs, base)
    kinds = [k for k in recs if k != "sources"]
    if len(kinds) == 1:  # one kind asked for: one table a spreadsheet opens as is (its sources are cited by id)
        rows = {kinds[0]: rows[kinds[0]]}
    first = True
    for kind, fields in _KIND_FIELDS.items():
        if not rows.get(kind):
            continue
        if not first:
            buf.write("\n")
        first = False
        w.writerow(fields)
        for r in rows[kind]:
            w.writerow([sheet_cell(r.get(k), run.csv_raw) for k in fields])
    return buf.getvalue()


def _toml(recs, base, run: "Settings") -> str:
    from .. import writer

    plain: dict[str, list[dict]] = {}
    for kind, items in recs.items():
        plain[kind] = [x.to_dict() for x in items]
    return writer.dump_base(plain).decode("utf-8")


_SQL_TYPES = {
    "value": "NUMERIC",
    "records": "INTEGER",
    "side": "INTEGER",
    "derived": "INTEGER",
    "cycle": "INTEGER",
    "session": "INTEGER",
}
# SQL keywords make every query quote them: these fields get plain names in the SQLite export only
SQL_COLUMNS = {"table": "stat_table", "start": "start_date", "end": "end_date", "action": "action_type"}


def _sqlite(path: Path, recs, base) -> None:
    import sqlite3

    from .. import safefile

    rows = _rows(recs, base)
    fields = {
        "sources": SOURCE_FIELDS,
        "events": FACT_FIELDS,
        "claims": FACT_FIELDS,
        "recommendations": REC_FIELDS,
        "stats": STAT_FIELDS,
        "conflict_sides": SIDE_FIELDS,
    }
    try:
        with safefile.replacing(path, prefix=".hrcli-export-") as tmp:
            con = sqlite3.connect(tmp)
            try:
                _fill_sqlite(con, rows, fields, _search_rows(recs, base))
            finally:
                con.close()
    except (OSError, sqlite3.Error) as e:
        msg = getattr(e, "strerror", None) or e
        raise DataError(f"{safefile.display(path)}: cannot write the SQLite export: {msg}") from None


def _search_rows(recs, base) -> list[dict]:
    """Every exported record as 'hrcli search' lists it, with the text it searches and a citation whose date
    is written in words, as the tables' legend writes it: what the export's search query answers from."""
    from ..edtf import human

    texts = base.search_texts()
    disputed = base.disputed()
    out = []
    for kind, items in recs.items():
        for rec in items:
            r = generic_row(rec, base, disputed)
            src = base.sources.get(r["source"])
            cited = f"{src.issuer}, {src.title} ({human(src.date)})" if src is not None else r["source"]
            r["citation"] = cited + (f", {r['locator']}" if r["locator"] else "")
            r["text"] = texts.get((kind, rec.id), "")
            out.append(r)
    return out


def _fill_sqlite(con, rows: dict[str, list[dict]], fields: dict[str, tuple[str, ...]], search: list[dict]) -> None:
    for table, cols in fields.items():
        defs = []
        for c in cols:
            typ = _SQL_TYPES.get(c, "TEXT")
            extra = " PRIMARY KEY" if c == "id" and table != "conflict_sides" else ""
            if c == "source" and table != "sources":
                extra = " REFERENCES sources(id)"
            defs.append(f'"{SQL_COLUMNS.get(c, c)}" {typ}{extra}')
        if table == "conflict_sides":  # one row per side of a conflict
            defs.append('PRIMARY KEY ("id", "side")')
        con.execute(f'CREATE TABLE "{table}" ({", ".join(defs)})')
    con.execute('CREATE TABLE "conflicts" ("id" TEXT PRIMARY KEY, "topic" TEXT, "summary" TEXT, "explanation" TEXT)')
    for table, cols in fields.items():
        data = rows.get("conflicts" if table == "conflict_sides" else table, [])
        ph = ", ".join("?" for _ in cols)
        con.executemany(f'INSERT INTO "{table}" VALUES ({ph})', [[_sql(r.get(c)) for c in cols] for r in data])
    seen = {}
    for r in rows.get("conflicts", []):
        seen.setdefault(r["id"], (r["id"], r["topic"], r["summary"], r["explanation"]))
    con.executemany('INSERT INTO "conflicts" VALUES (?, ?, ?, ?)', list(seen.values()))
    from ..publish import add_fold, add_fts, add_search

    add_fts(con)
    add_search(con, search)
    add_fold(con)
    con.commit()


def _html(recs, base, run: "Settings") -> str:
    from .. import html
    from ..views.export import export_view

    full = "conflicts" in recs  # nothing filtered out: every disagreement
    title = "hrcli: everything" if full else "hrcli: selected events"
    return html.page(export_view(recs, base), base, all_conflicts=full, title=title, argv=run.argv)


def _metadata(db: Path, base) -> bytes:
    import json
    import sqlite3
    from urllib.parse import quote

    from ..publish import metadata

    # a URI: '?', '#' and '%' in the name must be escaped, and bytes that are not UTF-8 kept as bytes
    con = sqlite3.connect(f"file:{quote(os.fsencode(os.path.abspath(db)))}?mode=ro", uri=True)
    try:
        meta = metadata(con, db.stem, base)
    finally:
        con.close()
    text = json.dumps(meta, ensure_ascii=False, indent=2)
    if not text.isascii() and any("\udc80" <= c <= "\udcff" for c in text):
        # a database name with bytes that are not UTF-8: JSON's \u escapes carry it exactly, as Datasette reads it
        text = json.dumps(meta, ensure_ascii=True, indent=2)
    return (text + "\n").encode("utf-8")


def _sql(v: Any) -> Any:
    if isinstance(v, bool):
        return int(v)
    return v


def register(app: typer.Typer) -> None:
    app.command("export", help=HELP)(export)
