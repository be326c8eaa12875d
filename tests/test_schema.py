"""hrcli.schema, the one declaration of every record kind's fields (issue 28, item 1): each field is declared once,
and validation, the model, the views' rows, the CSV headers, the SQLite tables and their Datasette metadata, the
cache's columns and the field tables of docs/facts-format.md agree with it.

The docs' tables are committed text: checking validation against them (a field the docs call required is refused
when missing, an optional one is not) tests the declaration from outside it, so a field made optional by mistake
fails here even though every derived list follows it."""

from __future__ import annotations

import csv
import io
import re
import sqlite3
import tomllib
from pathlib import Path

import pytest

from conftest import run
from hrcli import cache, model, publish, schema
from hrcli.validate import SCHEMA, SIDE_SCHEMA, check
from hrcli.views import records as views

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "facts-format.md"
BUNDLED = tomllib.loads((ROOT / "data" / "facts.toml").read_text(encoding="utf-8"))
RECORD_KINDS = ("sources", "events", "claims", "recommendations", "stats", "conflicts")

# a user's recommendation with every UPR field, so the export has a value in each column
MINE = """
[[recommendations]]
id = "mine-rec-1"
summary = "A State recommended ratifying a convention."
source = "unct-2009"
locator = "para. 1"
date = "2015"
mechanism = "upr"
recommending_state = "Chile"
response = "Supported"
cycle = 2
session = 19

[[recommendations]]
id = "mine-rec-2"
summary = "Another State recommended a visit."
source = "unct-2009"
locator = "para. 2"
date = "2015"
mechanism = "upr"
recommending_state = "Peru"
response = "Noted"
session = 22
"""


def _doc_tables() -> dict[str, list[tuple[str, str]]]:
    """The committed docs' field tables: block name -> [(field, required or optional ...)]."""
    text = DOC.read_text(encoding="utf-8")
    out = {}
    for name, body in re.findall(r"<!-- fields: (\w+) -->\n(.*?)<!-- /fields -->", text, flags=re.S):
        rows = [line.split(" | ") for line in body.splitlines()[2:]]
        out[name] = [(r[0].lstrip("| "), r[1]) for r in rows]
    return out


def _valid(kind: str) -> dict:
    """A bundled record of ``kind`` (a conflict with its sides) that passes the checks as it stands."""
    recs = BUNDLED[kind]
    assert recs, kind
    return dict(recs[0])


def _problems(kind: str, rec: dict) -> list:
    data = {"sources": BUNDLED["sources"]} if kind != "sources" else {}
    data[kind] = [rec] if kind != "sources" else [*BUNDLED["sources"][1:], rec]
    probs, _out = check(data, origin="bundled")
    return probs


def test_every_field_of_every_kind_is_declared_once():
    assert set(schema.KINDS) == {*RECORD_KINDS, "sides"}
    for kind in schema.KINDS.values():
        names = [f.name for f in kind.fields]
        assert names and len(names) == len(set(names)), kind.name
        assert len(kind.columns) == len(set(kind.columns)), kind.name
        # every column is the kind's own field or a row-only one (a side's: or its conflict's)
        got = [f.name for f in schema.export_fields(kind.name)]
        assert got == list(kind.columns)
        own = {f.name for f in kind.fields if f.export}
        others = set(schema.ROW_ONLY) | (
            {f.name for f in schema.KINDS["conflicts"].fields} if kind.name == "sides" else set()
        )
        assert own <= set(kind.columns) <= own | others, kind.name
    for f in (f for k in schema.KINDS.values() for f in k.fields):
        assert f.required in (True, False, None) and f.types and f.sql in ("TEXT", "INTEGER", "NUMERIC"), f


def test_the_model_holds_each_kinds_fields_with_its_defaults():
    classes = {"sources": model.Source, "stats": model.Stat, "conflicts": model.Conflict, "sides": model.Side}
    classes |= dict.fromkeys(model.FACT_KINDS, model.Fact)
    assert set(classes) == set(schema.KINDS)
    for kind, cls in classes.items():
        declared = schema.KINDS[kind]
        assert set(declared.slots) <= set(cls.__slots__), kind
        for f in declared.fields:
            assert (f.name in cls._defaults) is (f.default is not schema.NEEDED), (kind, f.name)
    # a record built without what has no default is refused; with it, every default is filled in
    with pytest.raises(TypeError, match="needs 'summary'"):
        model.Fact(kind="events", id="x", source="s", locator="l")
    f = model.Fact(kind="events", id="x", summary="s", source="s", locator="l")
    assert (f.status, f.topics, f.cycle, f.origin) == ("done", (), None, "bundled")


def test_validation_takes_each_field_as_declared():
    for kind in RECORD_KINDS:
        rules = SCHEMA[kind]
        declared = schema.file_fields(kind)
        assert declared and list(rules) == [f.name for f in declared]
        for f in declared:
            assert rules[f.name][:2] == (f.types, bool(f.required)), (kind, f.name)
    assert list(SIDE_SCHEMA) == [f.name for f in schema.file_fields("sides")]


def _field_tables():
    """scripts/field_tables.py, which writes the docs' tables from the declaration."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("field_tables", ROOT / "scripts" / "field_tables.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_docs_tables_are_the_declaration():
    text = DOC.read_text(encoding="utf-8")
    assert _field_tables().rewrite(text) == text, "run: python scripts/field_tables.py"
    tables = _doc_tables()
    documented = {name for rows in tables.values() for name, _need in rows}
    for kind in schema.KINDS:
        names = {f.name for f in schema.file_fields(kind)}
        assert names and names <= documented, kind
    # the fields the docs were missing
    assert {"explanation", "related", "sides"} <= documented


@pytest.mark.parametrize("kind", RECORD_KINDS)
def test_what_the_docs_call_required_is_refused_when_missing(kind):
    """Docs and checks agree, field by field: a required field left out is a problem, an optional one is not,
    and a field the docs do not name is unknown."""
    tables = _doc_tables()
    block = {"events": "facts", "claims": "facts", "recommendations": "facts"}.get(kind, kind)
    rows = dict(tables[block]) | (dict(tables["upr"]) if kind == "recommendations" else {})
    assert rows
    rec = _valid(kind)
    assert _problems(kind, rec) == []
    for name, need in rows.items():
        without = {k: v for k, v in rec.items() if k != name}
        probs = [p for p in _problems(kind, without) if p.field == name]
        # "required for events"; "required unless value_text" (a figure without a number gives its words)
        required = need == "required" or need == f"required for {kind}" or need == "required unless value_text"
        if name == "id" or name not in rec and not required:
            continue  # a record without its id is found by its [[kind]] line; an absent optional field: nothing
        assert bool(probs) is required, (kind, name, need, probs)
    probs = _problems(kind, rec | {"zzzzzz": "x"})
    assert [p.message for p in probs if p.field == "zzzzzz"] == ["unknown field"]


def test_a_figure_is_a_number_or_words_never_a_number_in_text():
    stat = _valid("stats") | {"value": 12}
    assert _problems("stats", stat) == []
    assert _problems("stats", stat | {"value": 1.5}) == []
    probs = _problems("stats", stat | {"value": "12"})
    assert [p.field for p in probs] == ["value"] and "expected integer or number" in probs[0].message
    # a side's value may be the source's words, and derived is true or false, never a word
    side = _valid("conflicts")["sides"][0]
    conflict = _valid("conflicts")
    assert _problems("conflicts", conflict | {"sides": [side | {"value": "over 70%"}, *conflict["sides"][1:]]}) == []
    probs = _problems("conflicts", conflict | {"sides": [side | {"derived": "yes"}, *conflict["sides"][1:]]})
    assert [p.field for p in probs] == ["sides[1].derived"]


def test_a_cycle_or_session_is_a_number_as_files_write_it():
    rec = _valid("recommendations") | {"mechanism": "upr"}
    for good in (2, "2nd", "Cycle II"):
        assert _problems("recommendations", rec | {"cycle": good}) == [], good
    assert [p.field for p in _problems("recommendations", rec | {"cycle": 2.5})] == ["cycle"]
    for bad in (["9"], 9.5):  # neither a list nor a fraction is a session's number or its words
        probs = _problems("recommendations", rec | {"session": bad})
        assert [(p.field, p.message.split(", got")[0]) for p in probs] == [("session", "expected integer or text")]


def test_topics_are_a_list_and_a_conflicts_related_too():
    """One topic given as text would be read letter by letter; a list of one is the form."""
    rec = _valid("events")
    assert _problems("events", rec | {"topics": ["upr"]}) == []
    probs = _problems("events", rec | {"topics": "upr"})
    assert [p.field for p in probs] == ["topics"] and "expected list" in probs[0].message
    conflict = _valid("conflicts")
    assert [p.field for p in _problems("conflicts", conflict | {"related": "x"})] == ["related"]


@pytest.fixture
def exported(isolated):
    facts = isolated / "data" / "facts"
    facts.mkdir(parents=True)
    (facts / "mine.toml").write_text(MINE, encoding="utf-8")
    db = isolated / "out.db"
    r = run("export", "--format", "sqlite", str(db), "--metadata", str(isolated / "meta.json"))
    assert r.code == 0, r.stderr
    con = sqlite3.connect(db)
    yield con, isolated / "meta.json"
    con.close()


def test_sqlite_columns_are_the_declared_columns_with_their_types(exported):
    con, _meta = exported
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE '%fts%'")]
    # the record tables, in order, then the two the canned search query answers from and the one the canned UPR
    # count reads (not record kinds)
    assert tables == [*publish.SQL_TABLES, publish.SEARCH_TABLE, publish.FOLD_TABLE, publish.DIRECTION_TABLE]
    for table, kind in publish.SQL_TABLES.items():
        info = con.execute(f'PRAGMA table_info("{table}")').fetchall()
        assert [(c[1], c[2]) for c in info] == [(f.column, f.sql) for f in schema.export_fields(kind)], table


def test_each_sql_type_fits_the_values_the_rows_hold(exported):
    """A declared SQL type is the type of the column's values: numbers in INTEGER or NUMERIC, text in TEXT (a cycle
    stored as text would sort 10 before 9 and miss '= 2' comparisons in pandas)."""
    from hrcli import load
    from hrcli.views.export import export_rows

    base = load()
    rows = export_rows(base.all(), base)
    seen = set()
    for kind, items in rows.items():
        declared = {f.name: f for f in schema.export_fields("sides" if kind == "conflicts" else kind)}
        for r in items:
            for name, v in r.items():
                if v is None:
                    continue
                want = {str: "TEXT", bool: "INTEGER", int: ("INTEGER", "NUMERIC"), float: "NUMERIC"}[type(v)]
                assert declared[name].sql in want, (kind, name, v, declared[name].sql)
                seen.add((kind, name))
    assert {("recommendations", "cycle"), ("recommendations", "session"), ("stats", "value")} <= seen
    assert ("conflicts", "derived") in seen and ("conflicts", "side") in seen
    con, _meta = exported
    sessions = [r[0] for r in con.execute("SELECT session FROM recommendations WHERE session IS NOT NULL ORDER BY 1")]
    assert sessions == [19, 22]
    assert con.execute("SELECT count(*) FROM recommendations WHERE cycle = 2").fetchone()[0] == 2


def test_datasette_metadata_describes_every_column_once(exported):
    import json

    con, meta = exported
    tables = json.loads(meta.read_text(encoding="utf-8"))["databases"]["out"]["tables"]
    for table, kind in publish.SQL_TABLES.items():
        cols = [f.column for f in schema.export_fields(kind)]
        assert list(tables[table]["columns"]) == cols, table
        assert all(tables[table]["columns"].values()), table
    # one text per column name, whatever the kind declares it in
    texts: dict[str, set[str]] = {}
    for kind in schema.KINDS:
        for f in schema.export_fields(kind):
            texts.setdefault(f.column, set()).add(f.about)
    assert texts and all(len(t) == 1 for t in texts.values()), {c: t for c, t in texts.items() if len(t) > 1}
    assert {c: t.pop() for c, t in texts.items()} == publish.COLUMNS


def test_csv_headers_are_each_kinds_declared_columns(isolated):
    r = run("export", "--format", "csv")
    assert r.code == 0, r.stderr
    sections = [list(csv.reader(io.StringIO(part))) for part in r.stdout.split("\n\n")]
    headers = [s[0] for s in sections]
    want = [list(schema.KINDS[k].columns) for k in ("sources", "events", "claims", "recommendations", "stats", "sides")]
    assert headers == want
    assert (*views.FACT_FIELDS, *views.UPR_FIELDS) == views.REC_FIELDS and views.UPR_FIELDS


def test_the_rows_every_listing_builds_hold_the_declared_columns():
    from hrcli import load

    base = load()
    disputed = base.disputed()
    built = {
        "events": views.fact_row(base.all()["events"][0], base, disputed),
        "recommendations": views.fact_row(base.all()["recommendations"][0], base, disputed),
        "stats": views.stat_row(base.all()["stats"][0], base, disputed),
        "sources": views.source_row(next(iter(base.sources.values()))),
        "sides": views.side_rows(base.all()["conflicts"][0], base)[0],
    }
    for kind, row in built.items():
        assert set(schema.KINDS[kind].columns) <= row.keys(), (kind, set(schema.KINDS[kind].columns) - row.keys())


def test_the_cache_filters_on_declared_fields():
    cols = re.search(r"CREATE TABLE records\((.*?)\);", cache._SCHEMA_SQL, re.S)[1]
    names = [c.split()[0] for c in cols.replace("\n", " ").split(",") if c.strip()]
    bookkeeping = {"ord", "text", "json", "sort", "file", "digest"}
    declared = {f.name for k in schema.KINDS.values() for f in k.fields}
    assert names and set(names) - bookkeeping <= declared, set(names) - bookkeeping - declared
