"""``hrcli upr`` and the counts it shows: FactBase.upr_counts answers them for a Query, the command only
parses its options and hands the result to output; an unknown response word is a usage error."""

from __future__ import annotations

import json
import sqlite3

import pytest

import hrcli
from conftest import bash_completions, by_id, ok_json, run
from hrcli import vocab
from hrcli.store import Query


@pytest.mark.parametrize("summary", [(), ("--summary",)])
def test_an_unknown_response_is_a_usage_error_never_every_record(imported, summary):  # noqa: F811
    """`upr --response WORD` with a word that is no response: exit 2 and one line naming the responses,
    or the closest one, as the other filters do; no record on stdout."""
    far = run("upr", *summary, "--response", "zzz", "--json")
    assert (far.code, far.stdout) == (2, "")
    (line,) = far.stderr.splitlines()
    assert line.startswith("hrcli: unknown response 'zzz'")
    assert vocab.RESPONSES and all(word in line for word in vocab.RESPONSES)
    near = run("upr", *summary, "--response", "acepted", "--json")
    assert (near.code, near.stdout) == (2, "")
    assert near.stderr.splitlines() == ["hrcli: unknown response 'acepted'. Did you mean 'accepted'?"]


def test_an_unknown_response_keeps_no_record_through_the_api(imported):  # noqa: F811
    base = hrcli.load()
    every = base.recommendations()
    assert len(every) == 8
    assert base.recommendations(response="zzz") == []
    assert base.select(("recommendations",), Query(response="zzz")) == []
    # a file's own word for a category is that category
    assert [r.id for r in base.recommendations(response="Supported")] == [
        r.id for r in every if r.response == "accepted"
    ]


def _shown(rows: list[dict]) -> list[tuple]:
    return [(r["cycle"], r["year"], r["received"], r["accepted"], r["source"], r["dataset"]) for r in rows]


@pytest.mark.parametrize(
    ("flags", "query", "keep"),
    [
        ((), {}, lambda c: True),
        (("--cycle", "1"), {"cycle": 1}, lambda c: c["cycle"] == 1),
        (("--source", "gov-2014"), {"source": "gov-2014"}, lambda c: c["source"] == "gov-2014"),
        (("--voice", "other"), {"voice": "other"}, lambda c: c["voice"] == "other"),
        (("--origin", "user"), {"origin": "user"}, lambda c: c["origin"] == "user"),
        (("--disputed",), {"disputed": True}, lambda c: bool(c["disputed"])),
        (
            ("--from", "2015", "--to", "2020"),
            {"year_from": 2015, "year_to": 2020},
            lambda c: c["source"] and 2015 <= c["year"] <= 2020,
        ),
    ],
)
def test_upr_counts_are_what_the_summary_shows(imported, flags, query, keep):  # noqa: F811
    base = hrcli.load()
    counts = base.upr_counts(Query(**query))
    assert counts
    assert counts == [c for c in base.upr_counts() if keep(c)]
    assert _shown(counts) == _shown(ok_json("upr", "--summary", *flags))
    # --limit keeps the first rows of the same answer
    assert _shown(base.upr_counts(Query(**query, limit=1))) == _shown(counts[:1])
    assert _shown(ok_json("upr", "--summary", *flags, "--limit", "1")) == _shown(counts[:1])


def test_upr_counts_keep_the_documents_figures_and_each_dataset_apart(imported):  # noqa: F811
    base = hrcli.load()
    counts = base.upr_counts()
    assert {(c["cycle"], c["received"], c["accepted"], c["source"]) for c in counts if c["origin"] == "bundled"} >= {
        (1, 93, 75, "gov-2011"),
        (1, 93, 74, "gov-2014"),
    }
    assert [(c["cycle"], c["received"], c["accepted"]) for c in counts if c["dataset"]] == [
        (1, 5, 2),
        (2, 2, 1),
        (3, 1, 0),
    ]
    # the second cycle has no figure of the documents: its row is there, empty, and goes once a filter asks
    empty = [c for c in counts if c["source"] is None]
    assert [(c["cycle"], c["received"]) for c in empty] == [(2, None)]
    assert not [c for c in base.upr_counts(Query(voice="government")) if c["source"] is None]
    assert [c["cycle"] for c in base.upr_counts(Query(cycle=2))] == [2, 2]
    # a disagreement a figure is a side of is named by its id
    assert all(c["disputed"] for c in base.upr_counts(Query(disputed=True)))
    # the filters of records (a status, an action, a topic) do not apply to a count
    assert base.upr_counts(Query(status="done", action="review", topic="upr")) == counts
    assert len(base.upr_counts(limit=2)) == 2


# -- issue 19 (1, 2, 5), the user's own topics and UPR datasets ----------------------------------------------------


def test_imported_issue_names_with_apostrophes_are_topics(tmp_path, imported):
    path = tmp_path / "issues.csv"
    path.write_text('Text,From,Response,Session,Issue\nInvented i1,Chile,Accepted,8,"Women\'s rights; HIV/AIDS"\n')
    r = run(
        "import",
        str(path),
        "--kind",
        "recommendations",
        "--source",
        "ngo-upr",
        "--set",
        "locator=r",
        "--map",
        "Issue=topics",
    )
    assert r.code == 0, r.stderr
    assert len(ok_json("upr", "--state", "chile")) == 1
    assert [x["summary"] for x in ok_json("timeline", "--kind", "recommendation", "--topic", "women's rights")] == [
        "Invented i1"
    ]


def test_cycles_from_sessions_and_dates():
    assert [vocab.cycle_of_session(n) for n in (1, 8, 12, 13, 22, 26, 27, 36, 40, 41, 50)] == [
        1,
        1,
        1,
        2,
        2,
        2,
        3,
        3,
        3,
        4,
        4,
    ]
    assert vocab.cycle_of_dates("2010-05-12", "2010-05-12") == 1
    assert vocab.cycle_of_dates("2012-03-01", "2012-03-31") == 1  # adopted by the Council after session 12
    assert vocab.cycle_of_dates("2022-06-01", "2022-06-30") == 3
    assert vocab.cycle_of_dates("2022-01-01", "2022-12-31") is None  # the year holds the third and the fourth
    assert vocab.ordinal("3rd") == 3 and vocab.ordinal("Cycle II") == 2 and vocab.ordinal("Session 36") == 36


# -- the CLI: import, list, filter, count ------------------------------------------------------------------------


def test_summary_counts_each_dataset_beside_the_documents(imported):
    rows = ok_json("upr", "--summary")
    gov = [r for r in rows if r["dataset"] is None and r["source"]]
    # the five documents' figures are untouched: nothing of the dataset is added to them
    assert {(r["cycle"], r["received"], r["accepted"], r["source"]) for r in gov} == {
        (1, 93, 75, "gov-2011"),
        (1, 93, 74, "gov-2014"),
        (3, 266, 156, "mfa-web"),
    }
    assert all(r["voice"] == "government" and r["origin"] == "bundled" for r in gov)
    mine = [r for r in rows if r["dataset"] is not None]
    assert [(r["cycle"], r["received"], r["accepted"]) for r in mine] == [(1, 5, 2), (2, 2, 1), (3, 1, 0)]
    assert {(r["dataset"], r["source"], r["voice"], r["origin"]) for r in mine} == {
        (imported.name, "ngo-upr", "other", "user")
    }
    # each cycle: the documents' rows first, the dataset's under them
    order = [(r["cycle"], r["dataset"] is not None) for r in rows]
    assert order == sorted(order)
    assert [r["cycle"] for r in ok_json("upr", "--summary", "--cycle", "2")] == [2, 2]
    table = run("upr", "--summary")
    assert f"ngo-upr; dataset {imported.name}" in table.stdout and "U your own record" in table.stdout


def test_list_and_filter_recommendations(imported):
    acc = ok_json("upr", "--response", "accepted")
    assert sorted(r["recommending_state"] for r in acc) == ["Brazil", "Germany", "Norway"]
    assert {r["response_text"] for r in acc} == {None, "Supported", "Accept"}
    assert all(r["kind"] == "recommendation" and r["source"] == "ngo-upr" and r["voice"] == "other" for r in acc)
    assert ok_json("upr", "--response", "Supported") == acc  # a file's word for the category
    noted = ok_json("upr", "--response", "noted", "--cycle", "1")
    assert sorted(r["recommending_state"] for r in noted) == ["France", "Sweden"]
    assert [r["response"] for r in ok_json("upr", "--state", "GERMANY")] == ["accepted", "other"]
    assert [r["session"] for r in ok_json("upr", "--state", "côte d'ivoire")] == [36]
    bad = run("upr", "--response", "acepted")
    assert bad.code == 2 and "did you mean 'accepted'" in bad.stderr.lower()
    bad = run("upr", "--state", "Germani")
    assert bad.code == 2 and "Germany" in bad.stderr
    assert run("upr", "--summary", "--state", "Germany").code == 2
    everything = ok_json("upr")
    assert sum(r["kind"] == "recommendation" for r in everything) == 8
    assert {"recommending_state", "response", "response_text", "cycle", "session"} <= everything[0].keys()


def test_fields_in_every_format_and_export(imported, tmp_path):
    one = ok_json("upr", "--state", "Norway")[0]
    shown = ok_json("show", one["id"])[0]
    assert (shown["recommending_state"], shown["response"], shown["response_text"], shown["cycle"]) == (
        "Norway",
        "accepted",
        "Supported",
        1,
    )
    csv_out = run("upr", "--state", "Norway", "--format", "csv").stdout
    assert "recommending_state,response,response_text,cycle,session" in csv_out.splitlines()[0]
    assert "Norway,accepted,Supported,1,8" in csv_out
    assert "Supported" in run("upr", "--state", "Norway", "--format", "md").stdout
    assert "Supported" in run("upr", "--state", "Norway", "--format", "html").stdout
    timeline = ok_json("timeline", "--kind", "recommendation", "--origin", "user")
    assert len(timeline) == 8 and all("response" in r for r in timeline)
    db, meta = tmp_path / "x.db", tmp_path / "m.json"
    assert run("export", "--format", "sqlite", str(db), "--metadata", str(meta)).code == 0
    con = sqlite3.connect(db)
    types = {r[1]: r[2] for r in con.execute("PRAGMA table_info(recommendations)")}
    assert types["cycle"] == types["session"] == "INTEGER" and types["response"] == "TEXT"
    got = con.execute(
        "SELECT response, count(*) FROM recommendations WHERE origin = 'user' GROUP BY response ORDER BY 1"
    ).fetchall()
    assert got == [("accepted", 3), ("noted", 3), ("other", 1), ("pending", 1)]
    cols = json.loads(meta.read_text())["databases"]["x"]["tables"]["recommendations"]["columns"]
    assert {"recommending_state", "response", "response_text", "cycle", "session"} <= cols.keys()
    exported = run("export", "--kind", "recommendations", "--format", "csv").stdout
    header = next(line for line in exported.splitlines() if line.startswith("id,"))
    assert {"recommending_state", "response", "response_text", "cycle", "session"} <= set(header.split(","))
    assert "Supported" in exported  # the file's own word, kept beside the counted response


# -- the user's own topics and committees in add, import, filters, stats and completion --------------------------


def test_own_topics_in_filters_stats_and_api(imported):
    rows = ok_json("timeline", "--kind", "all", "--topic", "Death penalty")
    assert len(rows) == 3 and {r["topics"] for r in rows} == {"death-penalty"}
    assert ok_json("timeline", "--kind", "all", "--topic", "DEATH_PENALTY") == rows
    assert len(ok_json("search", "invented", "--topic", "death penalty")) == 3
    bad = run("timeline", "--topic", "death-penalti")
    assert bad.code == 2 and "death-penalty" in bad.stderr
    import hrcli

    base = hrcli.load()
    assert len(base.facts(("recommendations",), topic="Death Penalty")) == 3
    assert "death-penalty" in base.topics() and "trafficking" in base.topics()
    assert run("stats", "Death penalty").code == 0  # a known topic, even without figures


def test_add_refuses_a_near_miss_unless_new(imported):
    common = ("add", "event", "--date", "2023-05", "--summary", "x", "--source", "ngo-upr", "--locator", "row")
    r = run(*common, "--topic", "traffiking")
    assert r.code == 2 and "'trafficking'" in r.stderr and "--new-topic" in r.stderr
    r = run(*common, "--topic", "Death penaltie")  # near the user's own topic, too
    assert r.code == 2 and "'death-penalty'" in r.stderr
    assert run(*common, "--topic", "traffiking", "--new-topic").code == 0
    r = run(*common, "--body", "CRD")
    assert r.code == 2 and "did you mean 'CERD'?" in r.stderr and "--new-body" in r.stderr
    r = run(*common, "--body", "tortur")  # a word hrcli knows for a committee, mistyped: not a new code TORTUR
    assert r.code == 2 and "did you mean 'torture'?" in r.stderr
    assert run(*common, "--body", "torture").code == 0  # stored as CAT
    assert run(*common, "--body", "cmw", "--topic", "Migrant workers").code == 0
    rows = ok_json("timeline", "--body", "CMW")
    assert [r["body"] for r in rows] == ["CMW"] and rows[0]["topics"] == "migrant-workers"
    assert ok_json("timeline", "--body", "cmw") == rows
    assert run("timeline", "--body", "CMX").code == 2


def test_state_ignores_accents_as_people_type_them(imported):
    """'Cote d'Ivoire' and 'COTE D'IVOIRE' are the State the dataset writes 'Côte d'Ivoire': in --state,
    its completion and the Python API."""
    import hrcli

    want = [r["id"] for r in ok_json("upr", "--state", "Côte d'Ivoire")]
    assert want and [r["id"] for r in ok_json("upr", "--state", "cote d'ivoire")] == want
    assert [r["id"] for r in ok_json("upr", "--state", "COTE D'IVOIRE")] == want
    assert [r.id for r in hrcli.load().recommendations(state="Cote d'Ivoire")] == want
    assert bash_completions("hrcli upr --state cote", 3) == ["cote\\ d\\'ivoire"]


def test_summary_rows_follow_source_voice_origin_and_years(imported):
    """`upr --summary --source ngo-upr` is that dataset's rows, not every row with the filter ignored."""
    everything = ok_json("upr", "--summary")
    mine = ok_json("upr", "--summary", "--source", "ngo-upr")
    assert mine and {r["source"] for r in mine} == {"ngo-upr"}
    assert mine == [r for r in everything if r["source"] == "ngo-upr"]
    assert {r["voice"] for r in ok_json("upr", "--summary", "--voice", "government")} == {"government"}
    assert {r["origin"] for r in ok_json("upr", "--summary", "--origin", "user")} == {"user"}
    assert {r["year"] for r in ok_json("upr", "--summary", "--from", "2014", "--to", "2016")} == {2015}


def test_state_finds_a_recommendation_several_states_made(tmp_path, imported):
    """A recommendation UHRI lists under two States ('Australia; Canada') is made by each of them."""
    path = tmp_path / "joint.csv"
    path.write_text('Text,From,Response,Session\nInvented joint,"- Australia\n- Fiji",Supported,22\n', encoding="utf-8")
    r = run("import", str(path), "--kind", "recommendations", "--source", "ngo-upr", "--set", "locator=r")
    assert r.code == 0, r.stderr
    for state in ("Australia", "fiji"):
        assert [x["summary"] for x in ok_json("upr", "--state", state)] == ["Invented joint"]
    assert "Australia; Fiji" not in bash_completions("hrcli upr --state A", 3) and "Australia" in bash_completions(
        "hrcli upr --state A", 3
    )


def test_imported_rows_keep_their_ids_and_show(imported):
    rows = by_id(ok_json("upr", "--cycle", "3"))
    assert len(rows) == 1
    (rec,) = rows.values()
    assert rec["recommending_state"] == "Côte d'Ivoire" and rec["response"] == "pending"


def test_upr_filters_are_query_fields_shared_with_the_api(imported):
    import hrcli
    from hrcli.store import Query

    q = Query(topic="Death Penalty", response="Supported", state=" GERMANY ", cycle="2")
    assert (q.topic, q.response, q.state, q.cycle) == ("death-penalty", "accepted", "germany", 2)
    base = hrcli.load()
    for flt in ({"response": "accepted"}, {"state": "Germany"}, {"cycle": 1, "response": "noted"}):
        via_query = [r.id for r in base.select(("recommendations",), Query(scope="upr", **flt))]
        assert via_query == [r.id for r in base.recommendations(**flt)]
        assert via_query and via_query == [r["id"] for r in ok_json("upr", *_flags(flt))]
    # the upr scope keeps the imported dataset's rows whatever its topic, and timeline sees the same rows
    scoped = {r.id for r in base.select(("recommendations",), Query(scope="upr"))}
    assert scoped == {r["id"] for r in ok_json("upr") if r["kind"] == "recommendation"}
    assert scoped <= {r["id"] for r in ok_json("timeline", "--kind", "recommendation")}


def test_api_takes_a_cycle_as_files_write_it(imported):
    """The Python API reads a cycle as the validator does ('2nd', 'Cycle II'), or says what it wants."""
    import hrcli
    from hrcli.store import Query

    base = hrcli.load()
    second = [r.id for r in base.recommendations(cycle=2)]
    assert second and [r.id for r in base.recommendations(cycle="2nd")] == second
    assert Query(cycle="Cycle II").cycle == 2
    with pytest.raises(ValueError, match="UPR cycle"):
        Query(cycle="soon")


def _flags(flt: dict) -> list[str]:
    return [x for k, v in flt.items() for x in (f"--{k}", str(v))]


# -- direction: what Belarus received, what it made (published datasets, issue 29) ------------------------------


def _import_dataset(tmp_path, name: str, *flags: str) -> list[dict[str, str]]:
    from test_import_upr import copy, dataset_rows

    r = run("import", str(copy(tmp_path, name)), *flags)
    assert r.code == 0, r.stderr
    return dataset_rows(name)


def _counted(rows: list[dict[str, str]], keep) -> dict[int, dict[str, int]]:
    """Per cycle, the rows ``keep`` keeps: received, accepted, noted, counted from the file itself."""
    out: dict[int, dict[str, int]] = {}
    for row in rows:
        if not keep(row):
            continue
        c = out.setdefault(vocab.cycle_of_session(int(row["Session"])), {"received": 0, "accepted": 0, "noted": 0})
        c["received"] += 1
        c["accepted"] += row["Response"] == "Accepted"
        c["noted"] += row["Response"] == "Noted"
    return out


def _received(row: dict[str, str]) -> bool:
    return row["To"] == "Belarus"


def _uwazi_counted(rows: list[dict[str, str]]) -> dict[int, dict[str, int]]:
    """Per cycle, as the Uwazi export gives it: every row is Belarus's; Supported counts as accepted."""
    out: dict[int, dict[str, int]] = {}
    for r in rows:
        assert r["State under Review"] == "Belarus"
        c = out.setdefault(int(r["Cycle"]), {"received": 0, "accepted": 0, "noted": 0})
        c["received"] += 1
        c["accepted"] += vocab.response_key(r["Response"]) == "accepted"
        c["noted"] += vocab.response_key(r["Response"]) == "noted"
    return out


def _dataset_counts(name: str) -> dict[int, dict[str, int]]:
    rows = [r for r in ok_json("upr", "--summary") if r["dataset"] == name]
    return {r["cycle"]: {k: r[k] for k in ("received", "accepted", "noted")} for r in rows}


def test_recommendations_belarus_made_are_never_counted_or_listed_as_received(tmp_path):
    """UPR Info's export of Belarus's recommendations to others (From = Belarus) once imported as received:
    now none is counted or listed under upr, and --given lists each with the State it was made to."""
    name = "upr-info-belarus-given.csv"
    # the old recipe's way in, dropping 'To': refused, so these rows can never lose their State under review
    (tmp_path / "old").mkdir()
    from test_import_upr import copy

    dropped = run("import", str(copy(tmp_path / "old", name)), "--kind", "recommendations", "--map", "To=-")
    assert dropped.code == 2 and "State under review" in dropped.stderr
    rows = _import_dataset(tmp_path, name)
    assert rows and all(r["From"] == "Belarus" and r["To"] != "Belarus" for r in rows)
    assert _dataset_counts(name) == {}
    assert not [r for r in ok_json("upr") if r.get("kind") == "recommendation"]
    given = ok_json("upr", "--given")
    assert len(given) == len(rows)
    assert sorted(r["state_under_review"] for r in given) == sorted(r["To"] for r in rows)
    assert {r["recommending_state"] for r in given} == {"Belarus"}
    poland = ok_json("upr", "--given", "--state", "poland")
    assert [r["state_under_review"] for r in poland] == ["Poland"]
    assert run("upr", "--given", "--summary").code == 2


def test_summary_counts_received_accepted_noted_as_the_file_holds_them(tmp_path):
    name = "upr-info-belarus-received.csv"
    rows = _import_dataset(tmp_path, name)
    want = _counted(rows, lambda r: r["To"] == "Belarus")
    assert want and _dataset_counts(name) == want
    table = run("upr", "--summary")
    assert table.code == 0 and "UPR Info splits a recommendation into its parts" in " ".join(table.stdout.split())
    assert "Noted" in table.stdout.splitlines()[1]  # the dataset's noted count has a column of its own


def test_a_file_about_many_states_counts_only_belarus_review_and_lists_its_own_apart(tmp_path):
    name = "upr-info-sessions-5-9.csv"
    rows = _import_dataset(tmp_path, name)
    received = _counted(rows, lambda r: r["To"] == "Belarus")
    assert received and _dataset_counts(name) == received
    listed = [r for r in ok_json("upr") if r.get("kind") == "recommendation"]
    assert sorted(r["recommending_state"] for r in listed) == sorted(r["From"] for r in rows if r["To"] == "Belarus")
    assert {r["state_under_review"] for r in listed} == {"Belarus"}
    given = ok_json("upr", "--given")
    assert [(r["state_under_review"], r["recommending_state"]) for r in given] == [
        (r["To"], r["From"]) for r in rows if r["From"] == "Belarus"
    ]


def test_all_states_rows_of_other_reviews_are_neither_received_nor_given(tmp_path):
    name = "upr-info-sessions-5-9.csv"
    rows = _import_dataset(tmp_path, name, "--all-states")
    assert _dataset_counts(name) == _counted(rows, lambda r: r["To"] == "Belarus")
    assert len(ok_json("upr", "--given")) == sum(r["From"] == "Belarus" for r in rows)
    listed = [r for r in ok_json("upr") if r.get("kind") == "recommendation"]
    assert len(listed) == sum(r["To"] == "Belarus" for r in rows)


def test_the_uwazi_export_counts_supported_as_accepted(tmp_path):
    from test_import_upr import UWAZI_FILE

    rows = _import_dataset(tmp_path, UWAZI_FILE)
    want = _uwazi_counted(rows)
    assert want and _dataset_counts(UWAZI_FILE) == want


def test_the_readme_recipe_for_upr_datasets_runs_as_written(tmp_path, monkeypatch):
    """README's recipe, each line as written, on the fixtures under the names it uses: every command succeeds,
    each dataset's counts are those of its file, and Belarus's own recommendations are --given alone."""
    import re
    import shlex
    from pathlib import Path

    from test_import_upr import DATASETS, dataset_rows

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- recipe: upr-datasets .*?-->\n```sh\n(.*?)```", readme, re.S)
    assert block
    lines = [shlex.split(ln, comments=True) for ln in block[1].splitlines()]
    lines = [a for a in lines if a]
    assert len(lines) >= 5 and all(a[0] == "hrcli" for a in lines)
    files = [a[2] for a in lines if a[1] == "import"]
    assert files
    for name in files:
        (tmp_path / name).write_bytes((DATASETS / name).read_bytes())
    monkeypatch.chdir(tmp_path)
    for args in lines:
        r = run(*args[1:])
        assert r.code == 0, (args, r.stderr)
        assert (r.stdout if args[1] != "import" else r.stderr).strip(), args
    for name in files:
        rows = dataset_rows(name)
        assert _dataset_counts(name) == (_uwazi_counted(rows) if "Title" in rows[0] else _counted(rows, _received))
    # every dataset source README names for `upr --summary --source` is one the recipe registers
    named = re.findall(r"hrcli upr\s+--summary --source ([\w-]+)", readme)
    assert named
    sources = {x["id"] for x in ok_json("sources")}
    assert set(named) <= sources, (named, sorted(sources))
    given = ok_json("upr", "--given")
    assert sorted(r["state_under_review"] for r in given) == sorted(
        r["To"]
        for name in files
        if "Title" not in dataset_rows(name)[0]
        for r in dataset_rows(name)
        if r["From"] == "Belarus"
    )


def test_state_knows_the_states_that_recommended_to_belarus_and_points_to_given_for_the_others(tmp_path):
    """--state without --given names the States of received rows only: a State Belarus recommended to is
    pointed to `upr --given --state`, Belarus itself to --given, a typo gets the received rows' names."""
    from test_import_upr import DATASETS, dataset_rows

    name = "upr-info-belarus-given.csv"
    (tmp_path / name).write_bytes((DATASETS / name).read_bytes())
    assert run("import", str(tmp_path / name)).code == 0
    to = sorted({r["To"] for r in dataset_rows(name) if r["From"] == "Belarus"})
    assert to and "Belarus" not in to
    for state in to:
        r = run("upr", "--state", state.lower())
        assert r.code == 2, r.stderr
        assert f"{state} is a State Belarus made recommendations to" in r.stderr, r.stderr
        assert f"hrcli upr --given --state {state.lower()}" in r.stderr.replace("'", "")
        assert "Known: Belarus" not in r.stderr
        assert run("upr", "--given", "--state", state.lower()).code == 0
    r = run("upr", "--state", "belarus")
    assert r.code == 2 and "hrcli upr --given" in r.stderr, r.stderr
    name = "upr-info-belarus-received.csv"
    (tmp_path / name).write_bytes((DATASETS / name).read_bytes())
    assert run("import", str(tmp_path / name)).code == 0
    frm = sorted({r["From"] for r in dataset_rows(name) if r["To"] == "Belarus"}, key=str.casefold)
    r = run("upr", "--state", "zzzzzz")
    assert r.code == 2 and "Known: " in r.stderr
    assert r.stderr.split("Known: ")[1].strip().split(", ") == frm
    assert run("upr", "--state", frm[0]).code == 0


def test_summary_columns_add_up_to_received_when_a_row_has_no_response(isolated):
    """A UPR Info Uwazi row with an empty Response is received but answered nothing: its own count (no_response,
    a 'No resp.' column), so accepted + noted + other + no_response = received, as counted from the file."""
    import csv
    import io

    from test_import_upr import DATASETS

    name = "upr-info-database-belarus-cycle3.csv"
    text = (DATASETS / name).read_bytes().decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    at = rows[0].index("Response")
    for i, word in ((1, ""), (4, ""), (5, "Supported in part")):  # two answered nothing, one answered otherwise
        rows[i][at] = word
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    (isolated / name).write_bytes(buf.getvalue().rstrip("\n").encode("utf-8"))  # as Uwazi: no last line end
    r = run("import", str(isolated / name))
    assert r.code == 0, r.stderr
    body = rows[1:]
    want_none = sum(1 for x in body if not x[at].strip())
    assert want_none == 2
    got = [x for x in ok_json("upr", "--summary") if x["dataset"] == name]
    assert len(got) == 1
    c = got[0]
    assert c["received"] == len(body)
    assert c["accepted"] == sum(1 for x in body if vocab.response_key(x[at]) == "accepted")
    assert c["noted"] == sum(1 for x in body if vocab.response_key(x[at]) == "noted")
    assert c["no_response"] == want_none
    assert c["received"] == c["accepted"] + c["noted"] + c["other"] + c["no_response"]
    assert all(c[k] >= 1 for k in ("accepted", "noted", "other"))
    table = run("upr", "--summary", env={"COLUMNS": "160"})
    assert table.code == 0 and "No resp." in table.stdout.splitlines()[1], table.stdout
    line = next(x for x in table.stdout.splitlines() if "dataset" in x)
    numbers = [int(w) for w in line.split() if w.isdigit()]
    assert numbers[2:7] == [c["received"], c["accepted"], c["noted"], c["other"], c["no_response"]], line


def test_given_state_with_no_given_rows_says_none_are_imported_not_an_empty_known_list(isolated):
    """`upr --given --state X` before any recommendation Belarus made is imported says so and where to get them;
    once some are, an unknown State still gets the known ones."""
    assert ok_json("upr", "--given") == []
    r = run("upr", "--given", "--state", "poland")
    assert r.code == 2, r.stderr
    assert "no recommendations made by Belarus are imported" in r.stderr, r.stderr
    assert "Published datasets" in r.stderr and "Known:" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    from test_import_upr import DATASETS

    name = "upr-info-belarus-given.csv"
    (isolated / name).write_bytes((DATASETS / name).read_bytes())
    assert run("import", str(isolated / name)).code == 0
    r = run("upr", "--given", "--state", "zzzzzz")
    assert r.code == 2 and "Known: " in r.stderr and "no recommendations" not in r.stderr, r.stderr
