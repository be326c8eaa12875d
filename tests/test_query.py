"""One query model (issue 20): the same filters keep the same records in every listing command."""

import csv
import io

import pytest

from conftest import ok_json, run
from hrcli import options
from hrcli.errors import UsageError

FILTER_SETS = [
    ["--topic", "children"],
    ["--from", "2009", "--to", "2011", "--voice", "government"],
    ["--body", "CAT"],
    ["--source", "unct-2009", "--status", "ongoing"],
    ["--mechanism", "special-procedures", "--action", "visit"],
    ["--disputed"],
    ["--origin", "bundled", "--topic", "upr", "--voice", "un-country-team"],
]
FACTS = ("event", "claim", "recommendation")


def ids(*args: str) -> list[str]:
    r = run(*args, "--json")
    assert r.code == 0, r
    return [row["id"] for row in r.json()]


@pytest.mark.parametrize("filters", FILTER_SETS, ids=" ".join)
def test_same_filters_same_records_in_timeline_search_and_export(filters):
    listed = ids("timeline", "--kind", "all", *filters)
    assert listed, f"{filters} select nothing: the comparison would prove nothing"
    found = run("search", "--kind", "all", *filters, "--json").json()
    assert [r["id"] for r in found if r["kind"] in FACTS] == listed
    exported = run("export", "--kind", "all", *filters, "--format", "json").json()
    assert sorted(r["id"] for k in ("events", "claims", "recommendations") for r in exported[k]) == sorted(listed)
    # and one kind at a time: timeline's default (events) is search's and export's --kind event
    events = ids("timeline", *filters)
    assert ids("search", "--kind", "event", *filters) == events
    assert [r["id"] for r in run("export", *filters, "--format", "json").json()["events"]] == events


@pytest.mark.parametrize("filters", [["--from", "2010", "--to", "2015"], ["--voice", "government", "--status", "done"]])
def test_upr_and_invitations_keep_what_timeline_keeps_within_their_scope(filters):
    every = run("timeline", "--kind", "all", *filters, "--json").json()
    upr = [r["id"] for r in run("upr", *filters, "--json").json() if r["kind"] in ("event", "claim")]
    in_upr = [
        r["id"]
        for r in every
        if r["kind"] in ("event", "claim") and (r["mechanism"] == "upr" or "upr" in r["topics"].split(","))
    ]
    assert upr and upr == in_upr
    inv = ids("invitations", *filters)
    in_sp = [
        r["id"]
        for r in every
        if r["kind"] in ("event", "claim")
        and (r["mechanism"] == "special-procedures" or r["action"] == "mandate" or "invitations" in r["topics"])
    ]
    assert inv and inv == in_sp


def test_voice_on_every_listing_command_keeps_only_that_voice():
    for cmd in (["timeline", "--kind", "claim"], ["search", "--kind", "event"], ["upr"]):
        rows = run(*cmd, "--voice", "un-country-team", "--json").json()
        assert rows and {r["voice"] for r in rows} == {"un-country-team"}, cmd
    # the special procedures are in the Government's documents alone
    assert {r["voice"] for r in run("invitations", "--voice", "government", "--json").json()} == {"government"}
    assert run("invitations", "--voice", "un-country-team", "--json").json() == []
    exported = run("export", "--voice", "government", "--kind", "all", "--format", "json").json()
    assert {r["voice"] for k in ("events", "claims", "recommendations") for r in exported[k]} == {"government"}
    # treaty CODE and conflicts too: a disagreement is kept, all its sides, when any side speaks in that voice
    assert {r["voice"] for r in run("treaty", "CAT", "--voice", "government", "--json").json()} == {"government"}
    assert run("treaty", "CAT", "--voice", "un-country-team", "--json").json() == []
    sides = run("conflicts", "--json").json()
    unct = {r["id"] for r in sides if r["voice"] == "un-country-team"}
    kept = run("conflicts", "--voice", "un-country-team", "--json").json()
    assert unct and {r["id"] for r in kept} == unct and len(kept) == sum(1 for r in sides if r["id"] in unct)
    assert {r["id"] for r in run("search", "--kind", "conflict", "--voice", "un-country-team", "--json").json()} == unct
    # trafficking has figures in both voices
    figures = run("stats", "trafficking", "--voice", "government", "--json").json()
    assert figures and {r["voice"] for r in figures} == {"government"}
    assert {r["id"] for r in figures} == {
        r["id"]
        for r in run("search", "--kind", "stat", "--topic", "trafficking", "--voice", "government", "--json").json()
    }
    assert len(run("stats", "trafficking", "--json").json()) > len(figures)
    bad = run("timeline", "--voice", "govt")
    assert bad.code == 2 and "government" in bad.stderr


def test_search_without_words_lists_what_the_filters_keep():
    r = run("search", "--topic", "children", "--kind", "event")
    assert r.code == 0, r
    assert ids("search", "--topic", "children", "--kind", "event") == ids("timeline", "--topic", "children")
    # stats and disagreements carry one topic each, and are kept by it
    kinds = {row["kind"] for row in run("search", "--topic", "asylum", "--json").json()}
    assert {"event", "stat", "conflict"} <= kinds
    assert len(ids("search", "--kind", "source")) == len(run("sources", "--json").json())  # a kind is a filter too
    nothing = run("search")
    assert nothing.code == 2 and "word or a filter" in nothing.stderr


def test_search_words_ignore_plural():
    assert ids("search", "child") == ids("search", "children")
    assert ids("search", "visit", "--kind", "event") == ids("search", "visits", "--kind", "event")
    assert ids("search", "country") == ids("search", "countries")


def test_a_one_kind_csv_export_is_one_table():
    for kind in ("claim", "event", "stat", "conflict"):
        text = run("export", "--kind", kind, "--format", "csv").stdout
        rows = list(csv.reader(io.StringIO(text)))
        assert rows and all(rows), f"{kind}: an empty line splits the table into sections"
        assert sum(1 for row in rows if row[0] == "id") == 1, kind
        assert len({len(row) for row in rows}) == 1, kind
    # a whole-base export keeps one section per kind
    whole = run("export", "--format", "csv").stdout
    assert sum(1 for row in csv.reader(io.StringIO(whole)) if row and row[0] == "id") == 6


def test_statistics_rows_carry_their_date_in_every_format():
    dated = {r["id"]: r["date"] for r in run("search", "--kind", "stat", "--topic", "upr", "--json").json()}
    assert dated and all(dated.values())
    for fmt in ("csv", "md", "jsonl"):
        out = run("upr", "--format", fmt).stdout
        for sid, date in list(dated.items())[:3]:
            line = next(ln for ln in out.splitlines() if sid in ln)
            assert date in line, (fmt, line)
    table = run("upr", env={"COLUMNS": "160"}).stdout
    figures = table[table.index("UPR figures") :]
    from hrcli.edtf import human

    # tables write the date for people (May 2010); the machine formats above keep EDTF
    assert "Date" in figures.splitlines()[1] and human("2010-05") in figures


def test_disputed_keeps_exactly_the_records_a_disagreement_involves():
    every = run("timeline", "--kind", "all", "--json").json()
    assert any(r["disputed"] for r in every)  # else "exactly the disputed ones" holds of nothing
    assert ids("timeline", "--kind", "all", "--disputed") == [r["id"] for r in every if r["disputed"]]
    found = run("search", "--disputed", "--json").json()
    assert any(r["kind"] == "conflict" for r in found) and any(r["kind"] != "conflict" for r in found)
    conflicts = {r["id"] for r in run("conflicts", "--json").json()}
    assert {r["id"] for r in found if r["kind"] == "conflict"} == conflicts
    assert all(r["disputed"] for r in found if r["kind"] != "conflict")


# one value per listing filter, each something the base knows (the command may still refuse the mix later)
FILTER_ARGS = {
    "year_from": ("--from", "2010"),
    "year_to": ("--to", "2015"),
    "mechanism": ("--mechanism", "upr"),
    "body": ("--body", "CAT"),
    "topic": ("--topic", "children"),
    "source": ("--source", "unct-2009"),
    "status": ("--status", "done"),
    "action": ("--action", "visit"),
    "origin": ("--origin", "bundled"),
    "voice": ("--voice", "government"),
    "disputed": ("--disputed",),
    "cycle": ("--cycle", "2"),
    "response": ("--response", "accepted"),
    "state": ("--state", "Norway"),
    "all_states": ("--all-states",),
    "of_state": ("--state", "Norway"),  # timeline's: an event's other State
}
# what each command fixes itself beside the options it declares
FIXED = {"search": {"words"}, "upr": {"scope"}, "invitations": {"scope"}}


@pytest.mark.parametrize("name", ["timeline", "search", "export", "invitations", "upr", "conflicts"])
def test_every_filter_a_command_declares_reaches_its_query_and_no_other(name, monkeypatch):
    import typer

    from hrcli import options
    from hrcli.cli import build_app

    params = {p.name for p in typer.main.get_command(build_app()).commands[name].params}
    declared = params & set(FILTER_ARGS)
    assert declared, name
    seen: list[dict] = []
    real = options.filters
    monkeypatch.setattr(options, "filters", lambda **kw: seen.append(kw) or real(**kw))
    run(name, *(a for p in sorted(declared) for a in FILTER_ARGS[p]), "--format", "json")
    (given,) = seen
    assert set(given) == declared | FIXED.get(name, set())
    for p in declared:  # each as typed on the command line
        typed = FILTER_ARGS[p][1:] or (True,)
        assert str(given[p]) == str(typed[0]), p


def test_stats_topic_list_counts_only_the_figures_of_the_voice_asked_for():
    every = {r["topic"]: r for r in run("stats", "--json").json()}
    for voice in ("government", "un-country-team"):
        listed = run("stats", "--voice", voice, "--json").json()
        assert listed and len(listed) <= len(every)
        for row in listed:
            mine = run("search", "--kind", "stat", "--topic", row["topic"], "--voice", voice, "--json").json()
            assert row["rows"] == len(mine) > 0 and row["tables"] == len({r["table"] for r in mine})
            assert row["description"] == every[row["topic"]]["description"]
    # every topic's figures are in one voice or the other: the two lists together count them all
    both = [r for v in ("government", "un-country-team") for r in run("stats", "--voice", v, "--json").json()]
    assert sum(r["rows"] for r in both) == sum(r["rows"] for r in every.values())


@pytest.mark.parametrize(
    ("args", "keep"),
    [
        (["--source", "gov-2014"], lambda r: r["source"] == "gov-2014"),
        (["--voice", "government"], lambda r: r["voice"] == "government"),
        (["--disputed"], lambda r: bool(r["disputed"])),
        # a cycle with no figures has no source: its empty row goes once any of these is given
        (["--origin", "bundled"], lambda r: r["origin"] == "bundled" and r["source"] is not None),
        (["--from", "2015"], lambda r: r["source"] is not None and r["year"] >= 2015),
    ],
)
def test_upr_summary_applies_the_filters_its_rows_carry(args, keep):
    every = run("upr", "--summary", "--json").json()
    kept = run("upr", "--summary", *args, "--json").json()
    assert kept == [r for r in every if keep(r)] and kept
    assert len(kept) < len(every)
    assert run("upr", "--summary", "--origin", "user", "--json").json() == []
    assert run("upr", "--summary", "--limit", "2", "--json").json() == every[:2]


@pytest.mark.parametrize(
    "args",
    [
        ["--status", "done"],
        ["--action", "review"],
        ["--status", "done", "--action", "review"],
    ],
)
def test_upr_summary_refuses_the_filters_its_rows_cannot_answer(args):
    r = run("upr", "--summary", *args)
    assert r.code == 2 and r.stdout == "" and r.stderr.count("\n") == 1, r
    named = [a for a in args if a.startswith("--")]
    assert all(n in r.stderr.split("(")[0] for n in named) and "--cycle" in r.stderr
    assert run("upr", *args).code == 0  # without --summary they keep records as in timeline


@pytest.mark.parametrize(
    ("word", "name"),
    [
        ("UNCT", "un-country-team"),
        ("unct", "un-country-team"),
        ("UN Country Team", "un-country-team"),
        ("Gov. BY", "government"),
        ("gov by", "government"),
        ("GOV.BY", "government"),
    ],
)
def test_voice_takes_the_words_the_tables_print(word, name):
    """The Voice column prints 'UNCT' and 'Gov. BY': --voice takes them, any case, as the voice's name."""
    assert ids("timeline", "--voice", word) == ids("timeline", "--voice", name) != []
    assert ids("treaty", "CAT", "--voice", word) == ids("treaty", "CAT", "--voice", name)
    assert ids("stats", "--voice", word) == ids("stats", "--voice", name)


@pytest.mark.parametrize(
    ("typed", "suggested"), [("untc", "UNCT"), ("gov. bx", "Gov. BY"), ("goverment", "government")]
)
def test_a_mistyped_voice_is_refused_with_a_suggestion(typed, suggested):
    r = run("timeline", "--voice", typed)
    assert r.code == 2 and f"Did you mean '{suggested}'?" in r.stderr, r.stderr


# -- issue 14, written against mutants that survived the suite -----------------------------------------------------


def test_to_and_from_are_inclusive_years_and_stop_at_the_boundary(tricky_facts):
    to = {r["id"] for r in ok_json("timeline", "--to", "2031")}
    assert "m-pipe" in to and "m-next-year" not in to
    frm = {r["id"] for r in ok_json("timeline", "--from", "2032")}
    assert "m-next-year" in frm and "m-pipe" not in frm


@pytest.mark.parametrize(
    "args",
    [
        ("search", "zq"),
        ("invitations",),
        ("timeline",),
        ("timeline", "--by-year"),
    ],
)
def test_limit_is_honoured(tricky_facts, args):
    full = ok_json(*args)
    assert len(full) > 2, args
    limited = ok_json(*args, "--limit", "2")
    assert limited == full[:2]


def test_from_after_to_is_refused_even_by_one_year():
    r = run("timeline", "--from", "2011", "--to", "2010")
    assert r.code == 2 and "--from 2011 is after --to 2010" in r.stderr
    assert run("timeline", "--from", "2010", "--to", "2010").code == 0


def test_a_name_far_from_every_choice_is_still_matched_by_its_first_three_letters():
    r = run("timeline", "--topic", "trazzzzzzzzzzzz")
    assert r.code == 2 and "Did you mean 'trafficking'?" in r.stderr


# -- issue 22, written against hand mutants (scripts/mutants.py) ---------------------------------------------------


@pytest.mark.parametrize("word", ["events", "Event", "CLAIMS"])
def test_kind_words_are_read_in_any_case_and_number(word):
    assert options.kinds(word) in (("events",), ("claims",))


def test_kind_all_is_events_claims_and_recommendations_and_search_all_adds_disagreements():
    assert set(options.kinds("all")) == {"events", "claims", "recommendations"}
    assert "conflicts" in options.kinds("all", options.SEARCH_KINDS)


@pytest.mark.parametrize("text", ["²⁰¹⁰", "20100", "201"])
def test_a_year_is_four_ascii_digits(text):
    with pytest.raises(UsageError):
        options.year(text, "--from")


@pytest.mark.parametrize("flag", ["mechanism", "action", "origin", "status"])
def test_an_unknown_filter_word_is_a_usage_error_not_an_empty_result(flag):
    with pytest.raises(UsageError):
        options.filters(**{flag: "zqzqzq"})


def test_filters_keep_the_limit_the_years_and_the_mechanism_where_they_belong():
    f = options.filters(year_from="2005", year_to="2010", mechanism="UPR", limit=3)
    assert (f.year_from, f.year_to, f.mechanism, f.limit) == (2005, 2010, "upr", 3)
