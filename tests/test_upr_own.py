"""Issue 19 (1, 2, 5): the user's own topics and committee codes, the UPR recommendation fields, and imported
UPR datasets counted beside (never merged with) the five documents' figures."""

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from conftest import by_id, ok_json, run
from hrcli import vocab
from hrcli.validate import check

# made-up rows: mixed spellings of the responses, three sessions (first, second and third cycle)
CSV = """Recommendation,Recommending State,Response,Session,Issues
Invented recommendation one,Germany,Accepted,8,Death penalty
Invented recommendation two,France,Noted,8,Elections
Invented recommendation three,Norway,Supported,8,Freedom of expression
Invented recommendation four,Sweden,Rejected,8,death_penalty
Invented recommendation five,Germany,Partially accepted,8,Human rights defenders
Invented recommendation six,Brazil,Accept,22,trafficking
Invented recommendation seven,Canada,Not accepted,22,DEATH-PENALTY
Invented recommendation eight,Côte d'Ivoire,Pending,36,Elections
"""
MAP = (
    "--kind",
    "recommendations",
    "--map",
    "Recommendation=summary",
    "--map",
    "Recommending State=recommending_state",
    "--map",
    "Issues=topics",
    "--source",
    "ngo-upr",
    "--set",
    "locator=row",
    "--set",
    "mechanism=upr",
)


@pytest.fixture
def imported(tmp_path):
    r = run("add", "source", "--id", "ngo-upr", "--title", "Invented UPR dataset", "--date", "2024", "--voice", "other")
    assert r.code == 0, r.stderr
    path = tmp_path / "upr-belarus.csv"
    path.write_text(CSV, encoding="utf-8")
    r = run("import", str(path), *MAP)
    assert r.code == 0, r.stderr
    return path


# -- domain: one normaliser, explicit tables ---------------------------------------------------------------


def test_topic_key_ignores_case_spaces_hyphens_underscores():
    assert {vocab.topic_key(t) for t in ("Death penalty", "death-penalty", "DEATH_PENALTY", " death  penalty ")} == {
        "death-penalty"
    }
    assert vocab.topic_key("trafficking") == "trafficking"  # bundled topics are already in the compared form
    assert not vocab.topic_ok(vocab.topic_key("a,b")) and vocab.topic_ok("свобода-слова")


def test_topic_key_reads_the_issue_names_datasets_publish():
    """UPR Info and UHRI name issues with apostrophes, '&', '/' and brackets: each is a topic, not refused."""
    assert vocab.topic_key("Women's rights") == vocab.topic_key("Women’s rights") == "womens-rights"
    assert vocab.topic_key("Equality & non-discrimination") == "equality-and-non-discrimination"
    assert (
        vocab.topic_key("HIV/AIDS") == "hiv-aids"
        and vocab.topic_key("Children (rights of the)") == "children-rights-of-the"
    )
    for name in ("Women's rights", "ESC rights - general", "Equality & non-discrimination", "HIV/AIDS"):
        assert vocab.topic_ok(vocab.topic_key(name)), name
    assert not vocab.topic_ok(vocab.topic_key("a;b"))  # a list separator inside a topic is still a mistake


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


def test_near_miss_is_one_or_two_letters_from_a_known_word():
    assert vocab.near_miss("traffiking", vocab.TOPICS) == "trafficking"
    assert vocab.near_miss("trafficking", vocab.TOPICS) is None  # known words are not misses
    assert vocab.near_miss("death-penalty", vocab.TOPICS) is None  # far from everything: simply new
    assert vocab.near_miss("hive", vocab.TOPICS) == "hiv"  # one letter
    assert vocab.near_miss("hivex", vocab.TOPICS) is None  # short words: one letter only


@pytest.mark.parametrize(
    ("word", "category"),
    [
        ("Accepted", "accepted"),
        ("Supported", "accepted"),
        ("accept", "accepted"),
        ("Noted", "noted"),
        ("Rejected", "noted"),
        ("Not accepted", "noted"),
        ("Partially accepted", "other"),
        ("partially-supported", "other"),
        ("Pending", "pending"),
        ("Acepted", None),
        # a recommendation answered in parts (UPR Info writes "Supported/Noted"): neither accepted nor noted
        ("Supported/Noted", "other"),
        ("Accepted / Rejected", "other"),
        ("Supported/Supported", "accepted"),
        ("Supported/Acepted", None),
        ("Supported; Noted", "other"),  # a bulleted UHRI cell of two positions, as the import joins it
    ],
)
def test_response_table(word, category):
    assert vocab.response_key(word) == category


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


# -- validation ----------------------------------------------------------------------------------------------

SRC = {"id": "s", "title": "t", "date": "2024", "kind": "k", "issuer": "i", "voice": "user", "cite": "row"}


def _rec(**kw):
    return {"recommendations": [{"id": "r1", "summary": "x", "source": "s", "locator": "row", **kw}], "sources": [SRC]}


def test_user_topics_open_bundled_closed():
    probs, out = check(_rec(topics=["Death penalty"], body="cmw"), origin="user")
    assert not probs
    assert out["recommendations"][0]["topics"] == ("death-penalty",) and out["recommendations"][0]["body"] == "CMW"
    probs, _ = check(_rec(topics=["death-penalty"]), origin="bundled")
    assert [p.field for p in probs] == ["topics"]
    probs, _ = check(_rec(topics=["a, b"]), origin="user")
    assert [p.field for p in probs] == ["topics"]


def test_upr_fields_normalised_and_checked():
    probs, out = check(_rec(response="Supported", session="36th", recommending_state="Chile"), origin="user")
    assert not probs
    r = out["recommendations"][0]
    assert (r["response"], r["response_text"], r["session"], r["cycle"]) == ("accepted", "Supported", 36, 3)
    probs, out = check(_rec(response="accepted", cycle=2, session=36), origin="user")
    assert out["recommendations"][0]["cycle"] == 2 and "response_text" not in out["recommendations"][0]
    probs, _ = check(_rec(response="Acepted", cycle="many"), origin="user")
    assert {p.field: p.message for p in probs}.keys() == {"response", "cycle"}
    assert "did you mean 'accepted'" in str(probs[0]) + str(probs[1])
    # a recommendation made outside the UPR gets no cycle from its date
    _, out = check(_rec(date="2010-05"), origin="user")
    assert "cycle" not in out["recommendations"][0]
    _, out = check(_rec(date="2010-05", mechanism="upr"), origin="user")
    assert out["recommendations"][0]["cycle"] == 1


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


def test_import_refuses_a_near_miss_once_unless_new(tmp_path, imported):
    path = tmp_path / "t.csv"
    path.write_text("date,summary,topics\n2023,a,traffiking\n2023,b,traffiking\n2023,c,Elections\n")
    r = run("import", str(path), "--source", "ngo-upr", "--set", "locator=row")
    assert r.code == 2
    lines = [x for x in r.stderr.splitlines() if "traffiking" in x]
    assert len(lines) == 1 and "lines 2-3 (2 rows)" in lines[0] and "did you mean 'trafficking'" in lines[0]
    assert "--new-topic" in lines[0]
    r = run("import", str(path), "--source", "ngo-upr", "--set", "locator=row", "--new-topic")
    assert r.code == 0, r.stderr
    assert len(ok_json("timeline", "--topic", "traffiking")) == 2


def _complete(words: str, cword: int) -> list[str]:
    env = {**os.environ, "_HRCLI_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
    r = subprocess.run([sys.executable, "-m", "hrcli"], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    return r.stdout.splitlines()


def test_completion_offers_own_topics_bodies_responses_states(imported):
    assert "death-penalty" in _complete("hrcli timeline --topic de", 3)
    assert "Death-penalty" in _complete("hrcli stats Death", 2)  # the shell keeps what starts as typed
    assert _complete("hrcli upr --response a", 3) == ["accepted"]
    assert _complete("hrcli upr --state Ger", 3) == ["Germany"]
    run("add", "event", "--date", "2023", "--summary", "x", "--source", "ngo-upr", "--locator", "r", "--body", "SPT")
    assert "SPT" in _complete("hrcli timeline --body S", 3)


def test_completion_keeps_what_was_typed_in_another_case_or_separator(imported):
    """The shell keeps only values that start as typed, so each value is re-spelt to begin with the typed word
    (in its case, with its separator): a lower-case State, an upper-case response, a lower-case committee code,
    a topic typed with '_' all complete, to a word every filter takes as the same."""
    assert _complete("hrcli upr --state ger", 3) == ["germany"]
    assert _complete("hrcli upr --state CÔ", 3) == ["CÔte\\ d\\'Ivoire"]
    assert _complete("hrcli upr --response A", 3) == ["Accepted"]
    assert "cat" in _complete("hrcli timeline --body ca", 3)
    assert _complete("hrcli stats death_", 2) == ["death_penalty"]
    assert _complete("hrcli timeline --topic 'Death p", 3) == ["Death\\ penalty"]
    assert ok_json("upr", "--state", "germany", "--response", "Accepted", "--cycle", "1")
    assert ok_json("timeline", "--kind", "recommendation", "--topic", "death_penalty", "--body", "cat") == []


def test_state_ignores_accents_as_people_type_them(imported):
    """'Cote d'Ivoire' and 'COTE D'IVOIRE' are the State the dataset writes 'Côte d'Ivoire': in --state,
    its completion and the Python API."""
    import hrcli

    want = [r["id"] for r in ok_json("upr", "--state", "Côte d'Ivoire")]
    assert want and [r["id"] for r in ok_json("upr", "--state", "cote d'ivoire")] == want
    assert [r["id"] for r in ok_json("upr", "--state", "COTE D'IVOIRE")] == want
    assert [r.id for r in hrcli.load().recommendations(state="Cote d'Ivoire")] == want
    assert _complete("hrcli upr --state cote", 3) == ["cote\\ d\\'ivoire"]


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
    assert "Australia; Fiji" not in _complete("hrcli upr --state A", 3) and "Australia" in _complete(
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


def test_import_near_miss_of_a_users_own_topic_reads_the_other_files(tmp_path, imported):
    """A word outside the bundled vocabulary is checked against the topics of the user's other files too."""
    first = tmp_path / "a.csv"
    first.write_text("date,summary,topics\n2023,a,Death penalty\n")
    assert run("import", str(first), "--source", "ngo-upr", "--set", "locator=row").code == 0
    second = tmp_path / "b.csv"
    second.write_text("date,summary,topics\n2023,b,death-penalti\n")
    r = run("import", str(second), "--source", "ngo-upr", "--set", "locator=row")
    assert r.code == 2 and "did you mean 'death-penalty'" in r.stderr
