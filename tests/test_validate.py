"""The validator names file, line, record and field for every fault, and rejects each kind of bad fact."""

from __future__ import annotations

import os
import tomllib

import pytest

from conftest import hrcli_process, run
from hrcli.loader import FactFileError, bundled_path, read_files
from hrcli.validate import check

GOOD_EVENT = {"id": "e1", "date": "2009-11", "summary": "s", "source": "src", "locator": "para. 1"}


def problems(data: dict, text: str = "") -> list:
    probs, _ = check(data, "f.toml", text, {"src"})
    return probs


def one(data: dict) -> str:
    probs = problems(data)
    assert len(probs) == 1, probs
    return str(probs[0])


@pytest.mark.parametrize(
    ("change", "field", "needle"),
    [
        ({"source": None}, "source", "missing"),
        ({"locator": None}, "locator", "missing"),
        ({"source": "nope"}, "source", "unknown source 'nope'"),
        ({"date": "2009-13"}, "date", "month 13"),
        ({"date": "2011/2010"}, "date", "ends before it starts"),
        ({"topics": ["asylm"]}, "topics", "unknown topic 'asylm'; did you mean 'asylum'"),
        ({"body": "CATT"}, "body", "unknown committee 'CATT'; did you mean 'CAT'"),
        ({"summary": 5}, "summary", "expected text"),
        ({"status": "finished"}, "status", "unknown status"),
        ({"colour": "red"}, "colour", "unknown field"),
    ],
)
def test_each_fault_is_named(change, field, needle):
    rec = {k: v for k, v in {**GOOD_EVENT, **change}.items() if v is not None}
    msg = one({"events": [rec]})
    assert msg.startswith("f.toml")
    assert "record 'e1'" in msg and f"field '{field}'" in msg and needle in msg


def test_duplicate_id_and_wrong_value_type():
    stat = {
        "id": "s1",
        "topic": "asylum",
        "table": "t",
        "label": "l",
        "value": "91",
        "unit": "persons",
        "source": "src",
        "locator": "para. 22",
    }
    assert "expected integer or number" in one({"stats": [stat]})
    assert "expected integer or number" in one({"stats": [{**stat, "value": True}]})
    assert "duplicate id" in one({"events": [GOOD_EVENT, GOOD_EVENT]})


def test_line_numbers_come_from_the_text():
    text = 'schema = 1\n\n[[events]]\nid = "e1"\ndate = "2009-13"\nsummary = "s"\nsource = "src"\nlocator = "p"\n'
    probs = problems(tomllib.loads(text), text)
    assert probs[0].line == 4 and str(probs[0]).startswith("f.toml:4:")


def test_conflict_needs_two_sides_and_known_fact_refs(tmp_path):
    side = {"source": "src", "locator": "p", "value": 1, "says": "x"}
    c = {"id": "c1", "topic": "upr", "summary": "s", "explanation": "e", "sides": [side]}
    assert "at least two sides" in one({"conflicts": [c]})
    f = tmp_path / "c.toml"
    f.write_text(
        '[[sources]]\nid="src"\ntitle="t"\ndate="2020"\nkind="k"\nissuer="i"\nvoice="user"\ncite="c"\n'
        '[[conflicts]]\nid="c1"\ntopic="upr"\nsummary="s"\nexplanation="e"\n'
        '[[conflicts.sides]]\nsource="src"\nlocator="p"\nvalue=1\nsays="x"\nfact="ghost"\n'
        '[[conflicts.sides]]\nsource="src"\nlocator="p"\nvalue=2\nsays="y"\n'
    )
    with pytest.raises(FactFileError) as e:
        read_files([(f, "user")])
    assert "no record with id 'ghost'" in str(e.value)


def test_sources_may_be_cited_later_in_the_same_file_and_by_later_files(tmp_path):
    a = tmp_path / "a.toml"
    a.write_text(
        '[[events]]\nid="e1"\ndate="2020"\nsummary="s"\nsource="mine"\nlocator="p"\n'
        '[[sources]]\nid="mine"\ntitle="t"\ndate="2020"\nkind="k"\nissuer="i"\nvoice="user"\ncite="c"\n'
    )
    b = tmp_path / "b.toml"
    b.write_text('[[events]]\nid="e2"\ndate="2021"\nsummary="s"\nsource="mine"\nlocator="p"\n')
    recs = read_files([(bundled_path(), "bundled"), (a, "user"), (b, "user")])
    assert {r["id"] for r in recs["events"]} >= {"e1", "e2"}


def test_every_problem_in_every_file_is_reported(tmp_path):
    a = tmp_path / "a.toml"
    a.write_text(
        '[[events]]\nid="e1"\ndate="2020-13"\nsummary="s"\nsource="gov-2011"\nlocator="p"\n'
        '[[events]]\nid="e2"\ndate="2020"\nsummary="s"\nsource="nope"\nlocator="p"\n'
    )
    b = tmp_path / "b.toml"
    b.write_text("this is = = not toml\n")
    with pytest.raises(FactFileError) as e:
        read_files([(bundled_path(), "bundled"), (a, "user"), (b, "user")])
    text = [str(p) for p in e.value.problems]
    assert len(text) == 3
    assert any("'e1'" in t and "month 13" in t for t in text)
    assert any("'e2'" in t and "unknown source 'nope'" in t for t in text)
    assert any(t.startswith(f"{b}:1:") and "not valid TOML" in t for t in text)


def test_bundled_base_has_no_problems():
    recs = read_files([(bundled_path(), "bundled")])
    assert len(recs["sources"]) == 5
    assert sum(len(v) for v in recs.values()) > 450


def test_duplicate_id_does_not_hide_the_records_other_problems():
    text = (
        '[[events]]\nid = "n-1"\ndate = "2020"\nsummary = "s"\nsource = "src"\nlocator = "p"\n\n'
        '[[events]]\nid = "n-1"\ndate = "2020"\nsummary = ""\nsource = "ghost"\nstatus = "maybe"\n'
    )
    probs = problems(tomllib.loads(text), text)
    fields = {p.field for p in probs}
    assert fields == {"id", "summary", "source", "locator", "status"}
    assert {p.line for p in probs} == {9}  # the second record's id line, not the first's


def test_records_without_a_usable_id_are_placed_by_their_header():
    text = '[[events]]\nid = "ok"\ndate = "2020"\nsummary = "s"\nsource = "src"\nlocator = "p"\n\n[[events]]\nid = 5\n'
    probs = problems(tomllib.loads(text), text)
    assert probs and all(p.record == "events[2]" and p.line == 8 for p in probs)
    assert str(probs[0]).startswith("f.toml:8: record 'events[2]'")


def test_a_file_may_cite_a_source_from_a_file_that_sorts_after_it(tmp_path):
    a = tmp_path / "a-mine.toml"
    a.write_text('[[events]]\nid="m1"\ndate="2024"\nsummary="s"\nsource="later"\nlocator="p"\n')
    z = tmp_path / "user.toml"
    z.write_text('[[sources]]\nid="later"\ntitle="t"\ndate="2024"\nkind="k"\nissuer="i"\nvoice="user"\ncite="c"\n')
    recs = read_files([(bundled_path(), "bundled"), (a, "user"), (z, "user")])
    assert "m1" in {r["id"] for r in recs["events"]}


def test_a_broken_source_does_not_cascade_into_unknown_source_errors(tmp_path):
    f = tmp_path / "s.toml"
    f.write_text(
        '[[sources]]\nid="src2"\ntitle="t"\ndate="2024"\nkind="k"\nissuer="i"\nvoice="martian"\ncite="c"\n'
        '[[events]]\nid="e9"\ndate="2024"\nsummary="s"\nsource="src2"\nlocator="p"\n'
    )
    with pytest.raises(FactFileError) as e:
        read_files([(bundled_path(), "bundled"), (f, "user")])
    assert [p.field for p in e.value.problems] == ["voice"]


def test_a_broken_base_says_its_first_problems_the_count_and_how_to_see_all(isolated):
    from hrcli.cli import SHOWN_PROBLEMS

    facts = isolated / "data" / "facts"
    facts.mkdir(parents=True)
    body = "".join(
        f'[[events]]\nid = "zz-bad-{n}"\ndate = "bad"\nsummary = "x"\nsource = "unct-2009"\nlocator = "para. 1"\n'
        for n in range(505)
    )
    (facts / "user.toml").write_text("schema = 1\n" + body, encoding="utf-8")
    r = run("timeline")
    assert r.code == 1
    lines = r.stderr.splitlines()
    assert len(lines) == SHOWN_PROBLEMS + 1
    assert all("field 'date'" in ln for ln in lines[:SHOWN_PROBLEMS])
    assert "'zz-bad-0'" in lines[0] and f"'zz-bad-{SHOWN_PROBLEMS - 1}'" in lines[-2]
    assert f"and {505 - SHOWN_PROBLEMS} more problem(s), 505 in all: 'hrcli validate' lists them all" in lines[-1]
    assert "--bundled-only" in lines[-1]
    # validate itself still lists every one
    r = run("validate", "--json")
    assert r.code == 1 and len(r.json()) == 505


# -- issue 12, hard edges ------------------------------------------------------------------------------------------


def test_validate_dev_zero_is_refused_without_reading(isolated):
    import resource

    def small_memory():
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # old code read /dev/zero until memory ran out

    r = hrcli_process(("validate", "/dev/zero"), isolated, preexec_fn=small_memory, timeout=120)
    assert r.returncode == 1 and b"/dev/zero" in r.stdout and b"device" in r.stdout, r


# -- issue 14, written against mutants that survived the suite -----------------------------------------------------


def test_python_m_validate_goes_through_the_reader(isolated, tmp_path):
    """`python -m hrcli.validate` checks files the way the CLI does: one path, no traceback."""
    import subprocess
    import sys

    a = tmp_path / "a.toml"
    b = tmp_path / "b.toml"
    # b cites a source that a.toml registers after it in argument order: not an unknown source
    a.write_text(
        '[[events]]\nid="x1"\ndate="2024"\nsummary="s"\nsource="src-b"\nlocator="p. 1"\n',
        encoding="utf-8",
    )
    b.write_text(
        '[[sources]]\nid="src-b"\ntitle="T"\ndate="2024"\nkind="report"\nissuer="I"\nvoice="other"\ncite="p."\n'
        '[[conflicts]]\nid="c1"\ntopic="asylum"\nsummary="s"\nexplanation="e"\nsides=[\n'
        ' {source="src-b", locator="p. 1", value=1, says="one", fact="no-such-record"},\n'
        ' {source="src-b", locator="p. 2", value=2, says="two"},\n]\n',
        encoding="utf-8",
    )
    env = {**os.environ}
    r = subprocess.run(
        [sys.executable, "-m", "hrcli.validate", str(a), str(b)], capture_output=True, text=True, env=env
    )
    assert r.returncode == 1
    assert "unknown source" not in r.stdout + r.stderr
    assert "no-such-record" in r.stdout + r.stderr
    r = subprocess.run(
        [sys.executable, "-m", "hrcli.validate", str(tmp_path / "missing.toml")], capture_output=True, text=True
    )
    assert r.returncode == 1 and "Traceback" not in r.stderr and "missing.toml" in r.stdout + r.stderr


def test_a_source_sha256_must_be_64_lower_case_hex_digits():
    from hrcli.validate import check

    src = {"id": "s1", "title": "T", "date": "2024", "kind": "k", "issuer": "I", "voice": "other", "cite": "p."}
    assert check({"sources": [src | {"sha256": "ab" * 32}]})[0] == []
    (problem,) = check({"sources": [src | {"sha256": "AB" * 32}]})[0]
    assert problem.field == "sha256" and "SHA-256" in problem.message


# -- issue 19 (1, 2, 5), the user's own topics and UPR datasets ----------------------------------------------------


# -- validation ----------------------------------------------------------------------------------------------

UPR_SOURCE = {"id": "s", "title": "t", "date": "2024", "kind": "k", "issuer": "i", "voice": "user", "cite": "row"}


def _rec(**kw):
    return {
        "recommendations": [{"id": "r1", "summary": "x", "source": "s", "locator": "row", **kw}],
        "sources": [UPR_SOURCE],
    }


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
    probs, out = check(_rec(response="accepted", cycle="Cycle 3", session=36), origin="user")
    assert not probs
    assert out["recommendations"][0]["cycle"] == 3 and "response_text" not in out["recommendations"][0]
    # a cycle that does not hold the session is a problem, never one of the two chosen
    probs, out = check(_rec(response="accepted", cycle=2, session=36), origin="user")
    assert out["recommendations"] == []
    assert [(p.field, p.message) for p in probs] == [
        ("cycle", "cycle 2 beside session 36, which is in cycle 3 (sessions 27-40); correct one of them")
    ]
    probs, _ = check(_rec(response="accepted", cycle=3, session=45), origin="user")
    assert [p.message for p in probs] == [
        "cycle 3 beside session 45, which is in cycle 4 (sessions 41 on); correct one of them"
    ]
    probs, _ = check(_rec(response="Acepted", cycle="many"), origin="user")
    assert {p.field: p.message for p in probs}.keys() == {"response", "cycle"}
    assert "did you mean 'accepted'" in str(probs[0]) + str(probs[1])
    # a recommendation made outside the UPR gets no cycle from its date
    _, out = check(_rec(date="2010-05"), origin="user")
    assert "cycle" not in out["recommendations"][0]
    _, out = check(_rec(date="2010-05", mechanism="upr"), origin="user")
    assert out["recommendations"][0]["cycle"] == 1
