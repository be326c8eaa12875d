"""The command line: each command and filter, every output format parsed back, every error path."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FACT_FIELDS, REC_FIELDS, REPO, SIDE_FIELDS, STAT_FIELDS, by_id, examples, ok_json, run
from hrcli.cli import COMMANDS

REQUIRED = {"id", "date", "summary", "source", "locator"}


# -- timeline and its filters -------------------------------------------------------------------


def test_timeline_is_chronological_and_cited():
    rows = ok_json("timeline")
    assert len(rows) > 150
    assert all(set(r) >= REQUIRED and r["source"] and r["locator"] and r["voice"] for r in rows)
    # an unknown start is null and the record sorts by its known end
    assert all(r["start"] is None or r["start"] > "0001" for r in rows)
    keys = [(r["end"] if r["start"] is None else r["start"]) for r in rows]
    assert keys == sorted(keys)


def test_year_filters_keep_overlapping_ranges():
    rows = ok_json("timeline", "--from", "2010", "--to", "2010")
    assert rows
    assert all(r["start"] <= "2010-12-31" and r["end"] >= "2010-01-01" for r in rows)
    ids = {r["id"] for r in rows}
    assert "g11-upr1-2010-05-review" in ids  # May 2010
    assert "g11-ohchr-visits-2010-2011" not in ids  # a stat, not an event
    assert any(r["date"] == "2010/2011" for r in rows)  # the interval overlaps 2010


@pytest.mark.parametrize(
    ("flag", "value", "field", "expect"),
    [
        ("--mechanism", "upr", "mechanism", "upr"),
        ("--body", "CAT", "body", "CAT"),
        ("--body", "iccpr", "body", "CCPR"),
        ("--source", "mfa-web", "source", "mfa-web"),
        ("--status", "pending", "status", "pending"),
    ],
)
def test_each_filter(flag, value, field, expect):
    rows = ok_json("timeline", flag, value)
    assert rows and all(r[field] == expect for r in rows)


def test_topic_filter_and_combination_and_limit():
    rows = ok_json("timeline", "--topic", "trafficking", "--from", "2007", "--to", "2009")
    assert rows and all("trafficking" in r["topics"].split(",") for r in rows)
    assert len(ok_json("timeline", "--limit", "3")) == 3
    assert ok_json("timeline", "--body", "CAT", "--source", "mfa-web")[0]["date"] == "2018-04"


def test_by_year_counts_and_chart():
    rows = ok_json("timeline", "--by-year")
    counts = {r["year"]: r["events"] for r in rows}
    first_year = lambda r: (r["start"] or r["end"] or "")[:4]  # noqa: E731  (unknown start: null)
    assert counts[2009] == sum(1 for r in ok_json("timeline") if first_year(r) == "2009")
    assert sum(counts.values()) == sum(1 for r in ok_json("timeline") if first_year(r) != "9999")
    table = run("timeline", "--by-year", "--from", "2009", "--to", "2011")
    assert table.code == 0 and "█" in table.stdout and "2010" in table.stdout


def test_empty_result_is_not_an_error():
    r = run("timeline", "--from", "1990", "--to", "1990", "--json")
    assert (r.code, r.stdout.strip()) == (0, "[]")
    t = run("timeline", "--from", "1990", "--to", "1990")
    assert t.code == 0 and t.stdout == "" and "No events match" in t.stderr


# -- the other commands -------------------------------------------------------------------------


def test_invitations_upr_conflicts_search_show_sources():
    inv = ok_json("invitations")
    assert any(r["date"] == "2009-11-13" for r in inv)
    upr = ok_json("upr")
    assert {r["kind"] for r in upr} >= {"event", "claim", "stat"}
    assert all(set(r) >= REQUIRED for r in upr)
    accepted = {r["source"]: r["value"] for r in upr if r["id"] in ("g11-upr1-accepted", "g14-upr1-accepted")}
    assert accepted == {"gov-2011": 75, "gov-2014": 74}
    conf = ok_json("conflicts")
    assert {"id", "side", "value", "source", "locator", "voice"} <= set(conf[0])
    hit = ok_json("search", "izsak")
    assert hit and "Izsák" in hit[0]["summary"]
    assert ok_json("search", "IZSÁK") == hit
    shown = ok_json("show", "g11-upr1-accepted")[0]
    assert shown["value"] == 75 and shown["source_title"].startswith("Belarus") and shown["voice"] == "government"
    srcs = by_id(ok_json("sources"))
    assert srcs["unct-2009"]["voice"] == "un-country-team" and srcs["unct-2009"]["records"] > 100
    one = ok_json("sources", "gov-2014")
    assert one[0]["date"] == "2014-09-29"


def test_stats_lists_topics_with_descriptions():
    rows = by_id([{**r, "id": r["topic"]} for r in ok_json("stats")])
    assert rows["asylum"]["description"] and rows["asylum"]["rows"] >= 15


def test_tables_show_source_and_voice():
    r = run("stats", "trafficking")
    assert r.code == 0
    assert "unct-2009, para. 11" in r.stdout and "UNCT" in r.stdout and "42" in r.stdout
    assert "UN Country Team" in r.stdout  # the legend
    t = run("treaty", "CAT")
    assert "gov-2011, para. 5" in t.stdout and "Gov. BY" in t.stdout
    c = run("conflicts")
    assert "3223" in c.stdout and "hrcli's arithmetic" in c.stdout
    s = run("stats", "asylum")
    assert "█" in s.stdout  # series get a chart


# -- formats ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cmd",
    [
        ["timeline"],
        ["treaty"],
        ["treaty", "CAT"],
        ["invitations"],
        ["upr"],
        ["stats"],
        ["stats", "asylum"],
        ["sources"],
        ["conflicts"],
        ["search", "minsk"],
        ["show", "unct-p26-reception-gomel"],
    ],
)
def test_every_format_parses_back(cmd):
    js = run(*cmd, "--format", "json")
    assert js.code == 0, js.stderr
    data = json.loads(js.stdout)
    assert data and all(isinstance(v, (str, int, float, bool, type(None))) for r in data for v in r.values())
    jl = run(*cmd, "--format", "jsonl")
    assert [json.loads(line) for line in jl.stdout.splitlines()] == data
    cs = run(*cmd, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(cs.stdout)))
    assert len(rows) == len(data) and list(rows[0]) == list(data[0])
    assert rows[0]["id"] == str(data[0]["id"])
    md = run(*cmd, "--format", "md")
    lines = md.stdout.splitlines()
    assert lines[0].startswith("| ") and lines[1].startswith("|---") and len(lines) == len(data) + 2
    assert run(*cmd, "--json").stdout == js.stdout


def test_machine_formats_never_carry_escape_codes():
    for fmt in ("json", "jsonl", "csv", "md"):
        r = run("stats", "asylum", "--format", fmt, env={"FORCE_COLOR": "1", "TERM": "xterm-256color"})
        assert "\x1b" not in r.stdout


def test_no_color_and_dumb_terminal_tables():
    for env in ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, {"TERM": "dumb", "FORCE_COLOR": "1"}):
        r = run("treaty", env=env)
        assert r.code == 0 and "\x1b" not in r.stdout and "CAT" in r.stdout


def test_json_field_names_are_stable():
    assert list(ok_json("timeline", "--limit", "1")[0]) == list(FACT_FIELDS)
    assert list(ok_json("timeline", "--kind", "recommendation", "--limit", "1")[0]) == list(REC_FIELDS)
    assert list(ok_json("stats", "parliament")[0]) == list(STAT_FIELDS)
    assert list(ok_json("conflicts")[0]) == [*SIDE_FIELDS, "scope"]  # export keeps SIDE_FIELDS


def test_default_format_from_env_and_config():
    assert json.loads(run("sources", env={"HRCLI_FORMAT": "json"}).stdout)
    assert run("config", "set", "format", "jsonl").code == 0
    r = run("sources")
    assert len(r.stdout.splitlines()) == 5 and json.loads(r.stdout.splitlines()[0])["id"]
    assert json.loads(run("sources", "--format", "json").stdout)  # a flag beats the config


# -- errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["timelin"], "Did you mean 'timeline'"),
        (["treaty", "CATT"], "Did you mean 'CAT'"),
        (["treaty", "ICCRP"], "Did you mean 'ICCPR'"),
        (["stats", "trafiking"], "Did you mean 'trafficking'"),
        (["stats", "zzz"], "Topics: trafficking"),
        (["show", "g11-upr1-acepted"], "Did you mean 'g11-upr1-accepted'"),
        (["sources", "gov-201"], "Did you mean"),
        (["timeline", "--from", "twenty"], "four-digit year"),
        (["timeline", "--from", "2012", "--to", "2010"], "--from 2012 is after --to 2010"),
        (["timeline", "--mechanism", "treaty-body"], "Did you mean 'treaty-bodies'"),
        (["timeline", "--topic", "asylm"], "Did you mean 'asylum'"),
        (["timeline", "--source", "unct2009"], "Did you mean 'unct-2009'"),
        (["timeline", "--status", "plan"], "Did you mean 'planned'"),
        (["timeline", "--format", "xml"], "xml"),
        (["timeline", "--limit", "-1"], "limit"),
        (["timeline", "--nope"], "No such option"),
    ],
)
def test_usage_errors_exit_2_with_one_line(args, needle):
    r = run(*args)
    assert r.code == 2, (r.code, r.stderr)
    assert r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1
    assert needle in r.stderr
    assert "Traceback" not in r.stderr


def test_version_and_help():
    from hrcli import __version__

    r = run("--version")
    assert (r.code, r.stdout.strip()) == (0, f"hrcli {__version__}")
    assert run().code == 0 and "timeline" in run().stdout


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_has_help_and_is_in_the_readme(name):
    r = run(name, "--help")
    assert r.code == 0 and len(r.stdout) > 100, r.stderr
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"hrcli {name}\b", readme), f"README does not show 'hrcli {name}'"


def test_help_text_brackets_survive_rich_markup():
    r = run("add", "event", "--help")
    assert "Your own id (default: u-DATE-N)" in r.stdout


arg = st.one_of(
    st.sampled_from(
        list(COMMANDS)
        + [
            "--json",
            "--format",
            "csv",
            "md",
            "--from",
            "--to",
            "--body",
            "--topic",
            "--source",
            "--status",
            "--limit",
            "--mechanism",
            "--by-year",
            "CAT",
            "2010",
            "asylum",
            "x",
            "-1",
            "--help",
            "upr",
            "gov-2011",
            "--version",
            "[bold]",
            "",
        ]
    ),
    st.text(max_size=12),
)


@given(st.lists(arg, max_size=6))
@settings(max_examples=examples(120), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_random_arguments_never_crash(args):
    if args[:2] in (["add", "source"], ["add", "event"]) or args[:1] in (["remove"], ["config"], ["export"]):
        args = args[:1]  # writers are fuzzed in test_user with their own folders
    r = run(*args)
    assert r.code in (0, 1, 2), (args, r)
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr, (args, r.stderr)


def test_readme_test_command_is_what_ci_runs():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)\n```", readme, flags=re.S)
    install, test = blocks[0].strip(), blocks[1].strip()
    assert install.endswith("hrcli timeline") and "pip install ." in install
    assert test in ci.splitlines()


def test_ci_runs_every_property_test_at_its_written_example_count():
    """CI=true (which .ci/run exports) selects the `ci` profile, and under it examples(n) is n itself."""
    from hypothesis import settings

    from conftest import profile_name

    assert 'export CI="${CI:-true}"' in (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert profile_name({"CI": "true"}) == "ci" and profile_name({}) == profile_name({"CI": "false"}) == "dev"
    assert profile_name({"CI": "true", "HYPOTHESIS_PROFILE": "dev"}) == "dev"
    current = settings.get_current_profile_name()
    try:
        settings.load_profile("ci")
        assert [examples(n) for n in (60, 120, 500)] == [60, 120, 500]
        settings.load_profile("dev")
        assert [examples(n) for n in (60, 120, 500)] == [12, 24, 100]
    finally:
        settings.load_profile(current)


def test_ctrl_c_exits_130_quietly(monkeypatch):
    import hrcli.commands.common

    def interrupted(*_args):
        raise KeyboardInterrupt

    monkeypatch.setattr(hrcli.commands.common, "load_base", interrupted)
    monkeypatch.setattr("hrcli.commands.timeline.load_base", interrupted)
    r = run("timeline")
    assert (r.code, r.stdout, r.stderr) == (130, "", "")


def test_colour_setting_and_force_color():
    coloured = run("treaty", env={"FORCE_COLOR": "1", "TERM": "xterm-256color"})
    assert "\x1b[" in coloured.stdout  # tables may be coloured when forced
    assert run("config", "set", "color", "never").code == 0
    plain = run("treaty", env={"FORCE_COLOR": "1", "TERM": "xterm-256color"})
    assert "\x1b[" not in plain.stdout and "CAT" in plain.stdout


def test_open_ended_records_reach_their_sources_date_not_later_years():
    later = ok_json("timeline", "--from", "2021", "--to", "2021")
    assert not [r for r in later if r["source"] == "unct-2009"]  # a 2009 document says nothing about 2021
    y2009 = {r["id"] for r in ok_json("timeline", "--from", "2009", "--to", "2009")}
    assert "unct-p30-unhcr-presence-since-1995" in y2009  # 'since 1995', still so in 2009
    assert any(r["date"] == "2022/.." for r in ok_json("timeline", "--from", "2022", "--to", "2022"))


def test_show_uses_the_listing_field_contract():
    ev = ok_json("show", "g11-cat-2009-12-report5")[0]
    listed = by_id(ok_json("treaty", "CAT"))["g11-cat-2009-12-report5"]
    assert {k: ev[k] for k in listed} == listed and ev["kind"] == "event"
    assert ev["source_title"] and ev["source_cite"]
    st = ok_json("show", "g11-upr1-accepted")[0]
    assert st["kind"] == "stat" and st["disputed"] == "conflict-upr1-accepted" and st["qualifier"] is None
    c = ok_json("show", "conflict-upr1-accepted")[0]
    assert (c["side1_source"], c["side2_source"]) == ("gov-2011", "gov-2014")
    assert c["side2_source_title"].startswith("Belarus and human rights") and c["side2_voice"] == "government"


@pytest.mark.parametrize(
    ("args", "env", "code", "needle"),
    [
        (["timeline", "--limit", "99999999999999999999"], None, 2, "limit"),
        (["treaty", "CAT"], {"COLUMNS": "abc"}, 0, "CAT"),
        (["search", "caf\udcff"], None, 0, ""),
        (["timeline", "--json", "--format", "csv"], None, 2, "disagree"),
        (["search", "  "], None, 2, "at least one word"),
    ],
)
def test_odd_inputs_are_handled(args, env, code, needle):
    r = run(*args, env=env)
    assert r.code == code, r
    assert "internal error" not in r.stderr and "Traceback" not in r.stderr
    assert needle in (r.stdout + r.stderr)


def test_status_belongs_to_events_not_to_recommendations():
    recs = [f for f in hrcli_load().facts(("recommendations",)) if f.source == "unct-2009"]
    assert recs and all(f.status == "" for f in recs)
    upr = [r for r in ok_json("search", "compensation fund") if r["kind"] == "recommendation"]
    assert upr and upr[0]["status"] is None
    assert all(r["kind"] == "event" for r in ok_json("timeline", "--status", "done"))


def test_suggestions_are_said_once_and_lists_have_no_repeats():
    r = run("timelin")
    assert r.stderr.count("Did you mean") == 1
    r = run("treaty", "zzzz")
    words = r.stderr.split("Known: ")[1].strip().split(", ")
    assert len(words) == len(set(words))


def hrcli_load():
    import hrcli

    return hrcli.load()


def test_disputed_filter_and_related_records():
    rows = ok_json("timeline", "--disputed")
    ids = {r["id"] for r in rows}
    assert {"g11-upr1-2010-05-review", "g14-upr1-2010-05-review", "g11-cescr-report-pending"} <= ids
    assert "g11-sp-2009-11-13-standing-invitation" not in ids  # 8 in 2009 and 9 later can both hold
    assert all(r["disputed"] for r in rows)
    assert len(ok_json("timeline", "--disputed", "--limit", "2")) == 2
    review = by_id(ok_json("upr"))["g11-upr1-2010-05-review"]
    assert review["disputed"] == "conflict-upr1-accepted"


def test_topic_without_figures_points_to_topics_with_them():
    r = run("stats", "gender")
    assert r.code == 0 and r.stdout == ""
    assert "Topics with figures:" in r.stderr and "asylum" in r.stderr


def test_a_nul_byte_in_an_argument_is_a_usage_error_not_a_crash():
    for args in (("validate", "\x00"), ("search", "a\x00b"), ("export", "x\x00.toml")):
        r = run(*args)
        assert r.code == 2 and "NUL byte" in r.stderr and "internal error" not in r.stderr, args


def _subcommands() -> list[tuple[str, str]]:
    """Every subcommand of a command group (add event, config set, ...), read from the groups themselves."""
    import importlib

    out = []
    for name, (module, _help) in COMMANDS.items():
        mod = importlib.import_module(module)
        for attr in vars(mod).values():
            if isinstance(attr, typer.Typer):
                out += [(name, c.name or c.callback.__name__) for c in attr.registered_commands]
    return out + [("sources", "link")]  # an argument word, not a group: 'hrcli sources link DIR'


def test_the_subcommand_list_is_real():
    subs = _subcommands()
    assert {("add", "event"), ("add", "source"), ("config", "set"), ("config", "get")} <= set(subs)


@pytest.mark.parametrize(("group", "sub"), _subcommands())
def test_every_subcommand_has_help_and_is_in_the_readme(group, sub):
    r = run(group, sub, "--help")
    assert r.code == 0 and len(r.stdout) > 100, r.stderr
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"hrcli {group} {sub}\b", readme), f"README does not show 'hrcli {group} {sub}'"
