"""hrcli search: words SQLite could not run are a usage error naming the limit, never an internal error."""

from __future__ import annotations

import pytest

from conftest import ok_json, run
from hrcli.commands.search import MAX_WORD_CHARS, MAX_WORDS


@pytest.mark.parametrize(
    ("words", "needle"),
    [
        (["a" * 60_000], f"at most {MAX_WORD_CHARS:,} characters (got one of 60,000"),
        ([f"w{n}" for n in range(1000)], f"at most {MAX_WORDS} words (got 1,000)"),
        (["izsak", "é" * (MAX_WORD_CHARS + 1)], f"got one of {MAX_WORD_CHARS + 1:,}"),
    ],
)
def test_a_search_sqlite_cannot_run_is_a_usage_error_naming_the_limit(words, needle):
    r = run("search", *words)
    assert r.code == 2, r.stderr
    assert needle in r.stderr and "internal error" not in r.stderr
    assert len(r.stderr.splitlines()) == 1 and len(r.stderr) < 200
    assert r.stdout == ""


def test_a_search_at_the_limits_runs():
    found = ok_json("search", "izsak")
    assert found  # the word finds records
    assert ok_json("search", *(["izsak"] * MAX_WORDS)) == found  # as many words as allowed, all the same word
    assert ok_json("search", "izsak", "x" * MAX_WORD_CHARS) == []  # the longest word allowed: runs, finds nothing


# -- issue 14, written against mutants that survived the suite -----------------------------------------------------


def test_search_treats_underscore_and_percent_as_text(tricky_facts):
    assert [r["id"] for r in ok_json("search", "zq_x")] == ["m-underscore"]
    assert [r["id"] for r in ok_json("search", "5%x")] == ["m-percent"]


# -- survivors of the hand-made mutation run (docs/dev/mutation.md) --------------------------------------


def test_search_folds_accents_in_the_records_as_well_as_in_the_query(isolated):
    facts = isolated / "data" / "facts"
    facts.mkdir(parents=True)
    (facts / "mine.toml").write_text(
        '[[claims]]\nid="m-accent"\nsummary="Čapek and Ñandú wrote"\nsource="gov-2011"\nlocator="p. 1"\n',
        encoding="utf-8",
    )
    assert [r["id"] for r in ok_json("search", "capek nandu")] == ["m-accent"]


def test_a_recommendation_belarus_made_says_so_in_search_and_on_a_page(isolated):
    """Belarus's recommendations to other States are never shown as if made to Belarus: search's table names
    the State that received each, and so does the HTML page (checked against the file, read with csv)."""
    from test_import_upr import DATASETS, dataset_rows

    name = "upr-info-belarus-given.csv"
    (isolated / name).write_bytes((DATASETS / name).read_bytes())
    assert run("import", str(isolated / name)).code == 0
    given = {r["Text"].strip(): r["To"] for r in dataset_rows(name) if r["From"] == "Belarus"}
    assert given
    hits = [h for h in ok_json("search", "--source", "upr-info-belarus-given") if h["kind"] == "recommendation"]
    assert len(hits) == len(given)
    table = run("search", "--source", "upr-info-belarus-given", "--format", "table", env={"COLUMNS": "400"}).stdout
    for h in hits:
        line = next(ln for ln in table.splitlines() if h["id"] in ln)
        assert f"made by Belarus to {given[h['summary']]}" in line, line
    page = run("search", "--source", "upr-info-belarus-given", "--format", "html").stdout
    for to in set(given.values()):
        assert f"to {to}, recommended by Belarus" in page
    assert "; recommended by Belarus" not in page
    # a recommendation Belarus received says nothing of the kind
    name = "upr-info-belarus-received.csv"
    (isolated / name).write_bytes((DATASETS / name).read_bytes())
    assert run("import", str(isolated / name)).code == 0
    table = run("search", "--source", "upr-info-belarus-received", "--format", "table", env={"COLUMNS": "400"}).stdout
    assert "recommendation i-" in table and "made by" not in table and "review)" not in table


def test_search_machine_rows_carry_a_recommendations_two_states(isolated):
    """JSON and CSV say whose review a recommendation is of and who made it, as the table does: the fields every
    listing shares first, in their order, then state_under_review and recommending_state (checked against the
    file, read with csv)."""
    import csv
    import io

    from hrcli.views.records import GENERIC_FIELDS
    from test_import_upr import DATASETS, dataset_rows

    for name in ("upr-info-belarus-given.csv", "upr-info-belarus-received.csv"):
        (isolated / name).write_bytes((DATASETS / name).read_bytes())
        assert run("import", str(isolated / name)).code == 0
    given = {r["Text"].strip(): r["To"] for r in dataset_rows("upr-info-belarus-given.csv") if r["From"] == "Belarus"}
    assert given
    hits = ok_json("search", "--source", "upr-info-belarus-given", "--kind", "recommendation")
    assert len(hits) == len(given)
    for h in hits:
        assert (h["state_under_review"], h["recommending_state"]) == (given[h["summary"]], "Belarus"), h
        assert list(h)[: len(GENERIC_FIELDS)] == list(GENERIC_FIELDS)  # only added, after the others
    got = ok_json("search", "--source", "upr-info-belarus-received", "--kind", "recommendation")
    assert got and {h["state_under_review"] for h in got} == {"Belarus"}
    assert all(h["recommending_state"] and h["recommending_state"] != "Belarus" for h in got)
    r = run("search", "--source", "upr-info-belarus-given", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert list(rows[0]) == [*GENERIC_FIELDS, "state_under_review", "recommending_state"]
    assert {(x["state_under_review"], x["recommending_state"]) for x in rows if x["kind"] == "recommendation"} == {
        (to, "Belarus") for to in given.values()
    }
