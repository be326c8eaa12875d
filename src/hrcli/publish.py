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


def fill(con: Any, rows: dict[str, list[dict]], search: list[dict]) -> None:
    """Make the export's tables in an empty database and fill them from ``rows`` (record kind -> export rows, as
    views.export.export_rows gives them), with the full-text indexes and the tables the ``search`` query answers
    from (``search``: every record as 'hrcli search' lists it, views.export.search_rows)."""
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
    add_search(con, search)
    add_fold(con)
    add_direction(con, rows.get("recommendations", []))
    con.commit()


def _conflicts(rows: dict[str, list[dict]]) -> list[dict]:
    """Each disagreement once, from its sides' rows."""
    seen: dict[str, dict] = {}
    for r in rows.get("conflicts", []):
        seen.setdefault(r["id"], r)
    return list(seen.values())


def _sql(v: Any) -> Any:
    return int(v) if isinstance(v, bool) else v


def write_sqlite(path: Any, rows: dict[str, list[dict]], search: list[dict]) -> None:
    """The SQLite export of ``rows`` at ``path``, replaced atomically; DataError when it cannot be written."""
    import sqlite3

    from . import safefile
    from .errors import DataError

    try:
        with safefile.replacing(path, prefix=".hrcli-export-") as tmp:
            con = sqlite3.connect(tmp)
            try:
                fill(con, rows, search)
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


# what the search query reads: one row per exported record as 'hrcli search' lists it, with the text the CLI
# searches (case- and accent-folded, from the same fields) and a citation whose date is in the same words
SEARCH_TABLE = "search_index"
SEARCH_COLUMNS = ("kind", "id", "date", "summary", "source", "locator", "voice", "citation", "text")


def add_search(con: Any, rows: list[dict[str, Any]]) -> None:
    """Add the hidden ``search_index`` table the ``search`` query reads (``rows``: dicts of SEARCH_COLUMNS)."""
    cols = ", ".join(f'"{c}" TEXT' for c in SEARCH_COLUMNS)
    con.execute(f'CREATE TABLE "{SEARCH_TABLE}" ({cols}, PRIMARY KEY ("kind", "id"))')
    ph = ", ".join("?" for _ in SEARCH_COLUMNS)
    con.executemany(f'INSERT INTO "{SEARCH_TABLE}" VALUES ({ph})', [[r.get(c) for c in SEARCH_COLUMNS] for r in rows])


# which way each recommendation goes, as 'hrcli upr' decides it (cycles.direction: Belarus however a dataset spells
# it, 'BÉLARUS' and 'Byelorussian SSR' too, which SQL's lower() cannot fold): the canned UPR count reads it
DIRECTION_TABLE = "upr_direction"


def add_direction(con: Any, recs: list[dict[str, Any]]) -> None:
    """Add the hidden ``upr_direction`` table: each recommendation's id and ``received``, ``given`` or ``other``,
    computed here by the CLI's own rule so the SQL never re-implements its spellings."""
    from types import SimpleNamespace

    from .cycles import direction

    con.execute(f'CREATE TABLE "{DIRECTION_TABLE}" ("id" TEXT PRIMARY KEY, "direction" TEXT NOT NULL)')
    fields = ("recommending_state", "state_under_review")
    rows = [(r["id"], direction(SimpleNamespace(**{f: r.get(f) for f in fields}))) for r in recs]
    con.executemany(f'INSERT INTO "{DIRECTION_TABLE}" VALUES (?, ?)', rows)


FOLD_TABLE = "search_fold"
# the characters the search query folds as hrcli folds text (casefold, NFKD, accents dropped): Latin, Greek,
# Cyrillic, combining marks, typographic punctuation, ligatures and full-width forms
_FOLDED = (
    (0x80, 0x250),
    (0x300, 0x370),
    (0x370, 0x530),
    (0x1E00, 0x1F00),
    (0x2000, 0x2070),
    (0xFB00, 0xFB07),
    (0xFF00, 0xFFF0),
)


def fold_rows() -> list[tuple[str, str]]:
    """(character, what it folds to) for each character of _FOLDED that folding changes."""
    from .cache import fold

    out = []
    for lo, hi in _FOLDED:
        for code in range(lo, hi):
            ch = chr(code)
            if fold(ch) != ch:
                out.append((ch, fold(ch)))
    return out


def add_fold(con: Any) -> None:
    """Add the hidden ``search_fold`` table: how the search query folds the words it is given."""
    con.execute(f'CREATE TABLE "{FOLD_TABLE}" ("ch" TEXT PRIMARY KEY, "folded" TEXT)')
    con.executemany(f'INSERT INTO "{FOLD_TABLE}" VALUES (?, ?)', fold_rows())


# 'hrcli search' stems each word (store.stem) and keeps a record whose text holds every stem: the same in SQL
_STEM_SQL = (
    "case when w = 'children' then 'child' when w in ('women', 'woman') then 'wom'"
    " when length(w) > 4 and substr(w, -3) = 'ies' then substr(w, 1, length(w) - 3)"
    " when length(w) > 3 and substr(w, -1) = 'y' and substr(w, -2, 1) not in ('a', 'e', 'i', 'o', 'u')"
    " then substr(w, 1, length(w) - 1)"
    " when length(w) > 4 and substr(w, -2) = 'es' and (substr(w, -3, 1) in ('s', 'x') or substr(w, -4, 2)"
    " in ('ch', 'sh')) then substr(w, 1, length(w) - 2)"
    " when length(w) > 3 and substr(w, -1) = 's' and substr(w, -2) not in ('ss', 'us', 'is')"
    " then substr(w, 1, length(w) - 1)"
    " else w end"
)


def search_sql() -> str:
    """The ``search`` query: the rows 'hrcli search Q' lists (every word of :q, case, accents and plural
    ignored, anywhere in the record's text). No words finds nothing; no character is a syntax error."""
    spaces = "replace(replace(replace(coalesce(:q, ''), char(9), ' '), char(10), ' '), char(13), ' ')"
    return (
        # fold :q a character at a time (search_fold, else lower()), then split it at spaces
        f"with recursive q(s) as (select {spaces}),"
        " folding(i, out) as (select 1, '' union all select i + 1, out || coalesce((select folded from"
        f' "{FOLD_TABLE}" where ch = substr((select s from q), i, 1)), lower(substr((select s from q), i, 1)))'
        " from folding where i <= length((select s from q))),"
        " split(word, rest) as ("
        " select '', trim((select out from folding order by i desc limit 1)) || ' '"
        " union all select substr(rest, 1, instr(rest, ' ') - 1), ltrim(substr(rest, instr(rest, ' ') + 1))"
        " from split where rest != ''),"
        f" stems(s) as (select {_STEM_SQL} from (select word as w from split where word != ''))"
        " select id, kind, date, summary, source, locator, voice, citation"
        f' from "{SEARCH_TABLE}" r'
        " where exists (select 1 from stems)"
        " and not exists (select 1 from stems where instr(r.text, stems.s) = 0)"
        " order by date, id"
    )


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
        if table.endswith("_fts") or "_fts_" in table or table in (SEARCH_TABLE, FOLD_TABLE, DIRECTION_TABLE):
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


def _search_query(present: list[str]) -> dict[str, Any] | None:
    """Search every record as 'hrcli search' does, each row with its source, place, voice and citation."""
    if SEARCH_TABLE not in present or FOLD_TABLE not in present:
        return None
    return {
        "title": "Search every record",
        "description": "Records whose text has all the words of q, as 'hrcli search' finds them (case, accents"
        " and plural ignored: izsak finds Izsák, child finds children), each with its source, the place in it,"
        " whose voice it is (government, un-country-team, user) and a citation. A row is what that source says,"
        " not settled fact. An empty q finds nothing.",
        "sql": search_sql(),
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
    if "recommendations" in present and DIRECTION_TABLE in present:
        # the rows a UPR dataset holds, counted as 'hrcli upr --summary' counts them, to read beside the figures above
        q["upr_recommendations_by_cycle"] = {
            "title": "UPR recommendations by cycle, source and response",
            "description": "Recommendations of Belarus's own review that carry a UPR cycle (from an imported dataset"
            " such as UPR Info's or the Universal Human Rights Index; those Belarus made to other States, and other"
            " States' reviews, are left out, Belarus however the dataset spells it, as 'hrcli upr' decides: the"
            " hidden upr_direction table), counted per cycle and source: received (rows) and how many were"
            " answered accepted, noted, pending or other, in the source's voice. Read them beside the documents'"
            " own figures (upr_figures_by_source): the two are never added together.",
            "sql": (
                "select cycle, source, voice, count(*) as received, sum(r = 'accepted') as accepted,"
                " sum(r = 'noted') as noted, sum(r = 'pending') as pending, sum(r = 'other') as other,"
                " sum(r = '') as no_response from (select *, coalesce(response, '') as r from recommendations)"
                f' where cycle is not null and id in (select id from "{DIRECTION_TABLE}"'
                " where direction = 'received')"
                " group by cycle, source, voice order by cycle, source"
            ),
        }
    return q
