"""Make the SQLite export ready to publish with Datasette: full-text indexes and a metadata file.

Used only by ``hrcli export --format sqlite``. Each record table gets an FTS5 index named
``<table>_fts`` over its text columns, with external content (``content="<table>"``): that is the
shape Datasette (and sqlite-utils) detect, so every table page gets a search box and
``?_search=``. The tokenizer folds accents (``remove_diacritics 2``): ``izsak`` finds Izsák.
"""

from __future__ import annotations

from typing import Any

from ._version import __version__
from .schema import KINDS, column_descriptions, export_fields
from .vocab import VOICE_LABELS

# the text a reader searches: summaries, titles, labels and notes (and a disagreement's words)
FTS_COLUMNS = ("summary", "title", "label", "stat_table", "says", "explanation", "note", "issuer", "value_text")
FTS_TOKENIZER = "unicode61 remove_diacritics 2"

TABLES = {
    "sources": "The five source documents (and any of your own): title, date, issuer, whose voice it is, how to cite "
    "a place in it. Every other row names one of these in its source column.",
    "events": "Dated events: what was done, planned, pending or pledged, each as one source says it, "
    "with the place in it.",
    "claims": "Standing assertions and positions, as of the source's date: what a source says, not settled truth.",
    "recommendations": "Recommendations a document makes, as its source words them (pledges are events).",
    "stats": "Figures as each source gives them: one row per table row, with unit, period and the source's hedge.",
    "conflicts": "Recorded disagreements: between two documents, or between a document and its own arithmetic.",
    "conflict_sides": "One row per side of a disagreement: the value, what is said, and where (join on conflicts).",
}

# each column's description for Datasette, from the one declaration of every kind's fields (hrcli.schema)
COLUMNS = column_descriptions()

# the export's tables, in the order they are made: table -> the declared kind whose export columns it holds
# (a conflict's sides are the rows of conflict_sides; conflicts holds each disagreement once)
SQL_TABLES = {
    "sources": "sources",
    "events": "events",
    "claims": "claims",
    "recommendations": "recommendations",
    "stats": "stats",
    "conflict_sides": "sides",
    "conflicts": "conflicts",
}


def create_table(table: str) -> str:
    """``CREATE TABLE`` for one export table: the kind's export columns with their declared SQL names and types,
    the record id as primary key (a side: its conflict's id and its number) and every source a reference."""
    kind = SQL_TABLES[table]
    defs = []
    for f in export_fields(kind):
        extra = " PRIMARY KEY" if f.name == "id" and kind != "sides" else ""
        if f.name == "source" and kind != "sources":
            extra = " REFERENCES sources(id)"
        defs.append(f'"{f.column}" {f.sql}{extra}')
    if kind == "sides":  # one row per side of a conflict
        defs.append('PRIMARY KEY ("id", "side")')
    return f'CREATE TABLE "{table}" ({", ".join(defs)})'


def fill(con: Any, rows: dict[str, list[dict]]) -> None:
    """Make the export's tables in an empty database and fill them from ``rows`` (record kind -> export rows, as
    views.export.export_rows gives them), with the full-text indexes."""
    for table in SQL_TABLES:
        con.execute(create_table(table))
    # an export's conflict rows are its sides' rows; the conflicts table holds each disagreement once
    own = {"conflict_sides": rows.get("conflicts", []), "conflicts": _conflicts(rows)}
    for table, kind in SQL_TABLES.items():
        cols = KINDS[kind].columns
        data = own[table] if table in own else rows.get(kind, [])
        ph = ", ".join("?" for _ in cols)
        con.executemany(f'INSERT INTO "{table}" VALUES ({ph})', [[_sql(r.get(c)) for c in cols] for r in data])
    add_fts(con)
    con.commit()


def _conflicts(rows: dict[str, list[dict]]) -> list[dict]:
    """Each disagreement once, from its sides' rows."""
    seen: dict[str, dict] = {}
    for r in rows.get("conflicts", []):
        seen.setdefault(r["id"], r)
    return list(seen.values())


def _sql(v: Any) -> Any:
    return int(v) if isinstance(v, bool) else v


def write_sqlite(path: Any, rows: dict[str, list[dict]]) -> None:
    """The SQLite export of ``rows`` at ``path``, replaced atomically; DataError when it cannot be written."""
    import sqlite3

    from . import safefile
    from .errors import DataError

    try:
        with safefile.replacing(path, prefix=".hrcli-export-") as tmp:
            con = sqlite3.connect(tmp)
            try:
                fill(con, rows)
            finally:
                con.close()
    except (OSError, sqlite3.Error) as e:
        msg = getattr(e, "strerror", None) or e
        raise DataError(f"{safefile.display(path)}: cannot write the SQLite export: {msg}") from None


def metadata_json(db: Any, base: Any) -> bytes:
    """The Datasette metadata of the exported database at ``db`` (a Path), as the JSON file's bytes."""
    import json
    import os
    import sqlite3
    from urllib.parse import quote

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


def _columns(con: Any, table: str) -> list[str]:
    return [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')]


def _tables(con: Any) -> list[str]:
    return [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid")]


def add_fts(con: Any) -> list[str]:
    """Add ``<table>_fts`` (FTS5, accent-folding) to every record table; return the index names."""
    made = []
    for table in [t for t in _tables(con) if t in TABLES]:
        cols = [c for c in _columns(con, table) if c in FTS_COLUMNS]
        if not cols:
            continue
        quoted = ", ".join(f'"{c}"' for c in cols)
        con.execute(
            f'CREATE VIRTUAL TABLE "{table}_fts" USING fts5({quoted}, content="{table}", tokenize=\'{FTS_TOKENIZER}\')'
        )
        con.execute(f'INSERT INTO "{table}_fts"(rowid, {quoted}) SELECT rowid, {quoted} FROM "{table}"')
        made.append(f"{table}_fts")
    return made


def metadata(con: Any, database: str, base: Any) -> dict[str, Any]:
    """Datasette metadata for the exported database ``database`` (the file name without .db)."""
    srcs = [s for s in base.sources.values() if s.origin == "bundled"]
    mine = [s for s in base.sources.values() if s.origin != "bundled"]
    lines = [
        f"{s.id}: {s.title} ({s.date}; {s.issuer}) - voice: {VOICE_LABELS.get(s.voice, s.voice)}" for s in srcs + mine
    ]
    description = (
        "How Belarus has engaged with the UN human-rights machinery, as five documents tell it. Every row names its "
        "source document and the place in it, and whose voice the claim is in: four documents are the Government of "
        "Belarus speaking about itself, one is the UN Country Team. A figure is what that source says, never settled "
        "truth; where the documents disagree, every side is recorded (conflicts, conflict_sides). Sources: "
        + "; ".join(lines)
        + f". Exported by hrcli {__version__}."
    )
    tables: dict[str, Any] = {}
    present = _tables(con)
    for table, about in TABLES.items():
        if table not in present:
            continue
        cols = _columns(con, table)
        entry: dict[str, Any] = {
            "description": about,
            "columns": {c: COLUMNS[c] for c in cols if c in COLUMNS},
        }
        if f"{table}_fts" in present:
            entry["fts_table"] = f"{table}_fts"
        tables[table] = entry
    for table in present:
        if table.endswith("_fts") or "_fts_" in table:
            tables.setdefault(table, {})["hidden"] = True
    return {
        "title": "Belarus and the UN human-rights machinery (hrcli)",
        "description": description,
        "source": "Five documents: " + ", ".join(s.id for s in srcs),
        "databases": {
            database: {
                "description": "One table per record kind, a sources table, and full-text indexes (_fts).",
                "tables": tables,
                "queries": _queries(present),
            }
        },
        # with datasette-mcp installed, Datasette is an MCP server: this lets an assistant run the canned
        # queries above (search cites each row), not only SQL it writes itself
        "plugins": {"datasette-mcp": {"canned_queries": True}},
    }


# what the search query returns from each record table: (kind, summary expression)
_SEARCHED = {
    "events": "summary",
    "claims": "summary",
    "recommendations": "summary",
    "stats": "stat_table || ': ' || label || ' ' || coalesce(nullif(qualifier, '') || ' ', '')"
    " || coalesce(value, value_text, '') || coalesce(' ' || nullif(unit, ''), '')",
}


def _search_query(present: list[str]) -> dict[str, Any] | None:
    """Full-text search over every record table with an index, each row with its source, place, voice, citation."""
    parts = [
        f"select id, '{table}' as kind, date, {summary} as summary, source, locator, voice from \"{table}\""
        f' where rowid in (select rowid from "{table}_fts" where "{table}_fts" match escape_fts(:q))'
        for table, summary in _SEARCHED.items()
        if table in present and f"{table}_fts" in present
    ]
    if not parts or "sources" not in present:
        return None
    return {
        "title": "Search every record",
        "description": "Records whose text has all the words of q (case- and accent-insensitive: izsak finds Izsák),"
        " each with its source, the place in it, whose voice it is (government, un-country-team, user) and a"
        " citation. A row is what that source says, not settled fact.",
        "sql": (
            "select r.id, r.kind, r.date, r.summary, r.source, r.locator, r.voice,"
            " s.issuer || ', ' || s.title || ' (' || s.date || ')'"
            " || case when r.locator != '' then ', ' || r.locator else '' end as citation"
            " from (" + " union all ".join(parts) + ") r left join sources s on s.id = r.source"
            " order by r.date, r.id"
        ),
    }


def _queries(present: list[str]) -> dict[str, Any]:
    q: dict[str, Any] = {}
    search = _search_query(present)
    if search is not None:
        q["search"] = search
    if "conflicts" in present and "conflict_sides" in present:
        q["disagreements"] = {
            "title": "Every disagreement with its sides",
            "description": "Each recorded disagreement, one row per side: value, what is said, source, place, voice.",
            "sql": (
                "select c.id, c.topic, c.summary, s.side, coalesce(s.value, s.value_text) as value, s.derived, s.says,"
                " s.source, s.locator, s.voice,"
                " c.explanation from conflicts c join conflict_sides s on s.id = c.id order by c.id, s.side"
            ),
        }
    if "events" in present and "claims" in present:
        cols = "date, status, summary, source, locator, voice, id, start_date, end_date"
        q["committee_history"] = {
            "title": "A treaty committee's history",
            "description": "Every event and claim for one committee (CAT, CERD, CEDAW, CCPR, CRC, CESCR, CRPD, CORE),"
            " oldest first, each with its source and place.",
            "sql": (
                "select date, status, summary, source, locator, voice, id from ("
                # an event has columns a claim has not (a vote's, a treaty status'): the shared ones, by name
                f" select {cols} from events where body = upper(:body)"
                f" union all select {cols} from claims where body = upper(:body))"
                " order by coalesce(start_date, end_date), id"
            ),
        }
    if "stats" in present:
        q["upr_figures_by_source"] = {
            "title": "UPR figures by source",
            "description": "The Universal Periodic Review figures (recommendations received, accepted, ...) as each"
            " source counts them, grouped by source.",
            "sql": (
                "select source, voice, stat_table, label, qualifier, value, value_text, unit, date, locator, disputed,"
                " id from stats where topic = 'upr' order by source, stat_table, id"
            ),
        }
    if "recommendations" in present:
        # the rows a UPR dataset holds, counted as 'hrcli upr --summary' counts them, to read beside the figures above
        q["upr_recommendations_by_cycle"] = {
            "title": "UPR recommendations by cycle, source and response",
            "description": "Recommendations that carry a UPR cycle (from an imported dataset such as UPR Info's or"
            " the Universal Human Rights Index), counted per cycle and source: received (rows) and how many were"
            " answered accepted, noted, pending or other, in the source's voice. Read them beside the documents'"
            " own figures (upr_figures_by_source): the two are never added together.",
            "sql": (
                "select cycle, source, voice, count(*) as received, sum(r = 'accepted') as accepted,"
                " sum(r = 'noted') as noted, sum(r = 'pending') as pending, sum(r = 'other') as other,"
                " sum(r = '') as no_response from (select *, coalesce(response, '') as r from recommendations)"
                " where cycle is not null group by cycle, source, voice order by cycle, source"
            ),
        }
    return q
