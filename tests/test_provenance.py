"""Provenance in sight and every record reachable: citations to paste, the user's own rows marked,
broken user files, case-insensitive names, filters for each record kind, and the pager."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from conftest import by_id, ok_json, run
from test_layout import add_user_plan

# -- show: a citation to paste, and whose claim it is --------------------------------------------


def test_show_ends_with_a_citation_to_paste_and_whose_claim():
    r = run("show", "unct-p36-women-2008", env={"COLUMNS": "80"})
    lines = r.stdout.rstrip().splitlines()
    src = by_id(ok_json("sources"))["unct-2009"]
    stat = ok_json("show", "unct-p36-women-2008")[0]
    cite = f'{src["issuer"]}, "{src["title"]}" ({src["date"]}), {stat["locator"]}.'
    assert lines[-2] == f"Cite as: {cite}"  # one line, whatever the width
    assert lines[-1].startswith("Whose claim: United Nations Country Team in Belarus (UN Country Team)")
    assert stat["citation"] == cite
    mine = add_user_plan()
    out = run("show", mine.upper()).stdout  # ids in any case
    assert "You added this record yourself." in out and 'My notes" (2024), p. 2.' in out


def test_show_disagreement_cites_every_side():
    out = run("show", "conflict-upr1-accepted").stdout
    assert "Side 75: Government of Belarus" in out and "(2011-08/2012), para. 6." in out
    assert "Side 74: " in out and "UPR, para. 1." in out


# -- the user's own rows ---------------------------------------------------------------------------


def test_user_rows_are_marked_and_listed():
    mine = add_user_plan()
    rows = ok_json("timeline", "--origin", "user")
    assert [r["id"] for r in rows] == [mine]
    out = run("timeline", "--origin", "USER", env={"COLUMNS": "80"}).stdout
    assert "PU" in out and "U your own record" in out
    assert all(r["origin"] == "bundled" for r in ok_json("timeline", "--origin", "bundled"))


def test_broken_user_file_names_the_way_out(isolated):
    add_user_plan()
    user = isolated / "data" / "facts" / "user.toml"
    user.write_text(user.read_text(encoding="utf-8") + "\n[[events]\n", encoding="utf-8")
    r = run("timeline")
    assert r.code == 1 and str(user) in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "--bundled-only" in r.stderr and "HRCLI_USER=0" in r.stderr
    alone = run("--bundled-only", "timeline", "--json")
    assert alone.code == 0 and all(x["origin"] == "bundled" for x in alone.json())
    env = run("timeline", "--json", env={"HRCLI_USER": "0"})
    assert env.code == 0 and len(env.json()) == len(alone.json())
    assert run("treaty").code == 1  # never silently without the user's data


def test_bundled_only_leaves_user_records_out():
    mine = add_user_plan()
    assert mine in {r["id"] for r in ok_json("timeline")}
    assert mine not in {r["id"] for r in run("--bundled-only", "timeline", "--json").json()}


# -- names in any case; did you mean ----------------------------------------------------------------


def test_names_are_case_insensitive_in_the_cli():
    assert ok_json("show", "G14-CORE-DOCUMENT")[0]["id"] == "g14-core-document"
    assert ok_json("timeline", "--topic", "UPR", "--source", "GOV-2014") == ok_json(
        "timeline", "--topic", "upr", "--source", "gov-2014"
    )
    assert ok_json("timeline", "--mechanism", "UPR", "--status", "Planned") == ok_json(
        "timeline", "--mechanism", "upr", "--status", "planned"
    )
    assert ok_json("sources", "UNCT-2009")[0]["id"] == "unct-2009"


def test_names_are_case_insensitive_in_python():
    import hrcli

    base = hrcli.load()
    cat = [e.id for e in base.events(body="CAT")]
    assert cat and [e.id for e in base.events(body="cat")] == cat == [e.id for e in base.events(body="torture")]
    assert [e.id for e in base.events(topic="UPR")] == [e.id for e in base.events(topic="upr")]
    assert base.get("G14-CORE-DOCUMENT").id == "g14-core-document"
    assert {e.action for e in base.events(action="visit")} == {"visit"}


def test_show_suggests_close_ids_and_remove_only_the_users():
    for typo in ("g14-core-documen", "G14-CORE-DOCUMEN"):
        r = run("show", typo)
        assert r.code == 2 and "Did you mean 'g14-core-document'?" in r.stderr
    mine = add_user_plan()
    r = run("remove", mine[:-1] + "9")
    assert r.code == 2 and f"Did you mean {mine!r}?" in r.stderr
    r = run("remove", "g14-core-documen")
    assert r.code == 2 and "g14-core-document" not in r.stderr
    assert run("remove", mine.upper()).code == 0
    assert mine not in {x["id"] for x in ok_json("timeline")}


# -- every record kind reachable ----------------------------------------------------------------------


def test_timeline_kind_all_finds_what_search_finds_in_one_document():
    tl = {r["id"] for r in ok_json("timeline", "--kind", "all", "--source", "unct-2009", "--topic", "statelessness")}
    found = {r["id"] for r in ok_json("search", "stateless") if r["source"] == "unct-2009" and r["kind"] != "stat"}
    assert found and tl == found
    kinds = {r["kind"] for r in ok_json("timeline", "--kind", "all")}
    assert kinds == {"event", "claim", "recommendation"}
    assert {r["kind"] for r in ok_json("timeline", "--kind", "claims")} == {"claim"}
    assert {r["kind"] for r in ok_json("timeline")} == {"event"}
    bad = run("timeline", "--kind", "claimz")
    assert bad.code == 2 and "Did you mean 'claim'?" in bad.stderr


def test_action_filter():
    visits = ok_json("timeline", "--action", "visit")
    assert visits and all(r["action"] == "visit" for r in visits)
    assert ok_json("invitations", "--action", "visit") == [r for r in visits if r in ok_json("invitations")]
    bad = run("timeline", "--action", "visti")
    assert bad.code == 2 and "Did you mean 'visit'?" in bad.stderr


@pytest.mark.parametrize("fmt", ["json", "csv", "md", "jsonl"])
def test_search_filters_in_every_format(fmt):
    every = ok_json("search", "refugees")
    got = ok_json("search", "refugees", "--source", "unct-2009", "--kind", "recommendation")
    assert got and all(r["source"] == "unct-2009" and r["kind"] == "recommendation" for r in got)
    assert {r["id"] for r in got} < {r["id"] for r in every}
    out = run("search", "refugees", "--source", "unct-2009", "--kind", "recommendation", "--format", fmt).stdout
    assert all(r["id"] in out for r in got)
    assert not any(r["id"] in out for r in every if r not in got and r["kind"] != "recommendation")
    voices = {r["voice"] for r in ok_json("search", "upr", "--voice", "un-country-team")}
    assert voices == {"un-country-team"}
    topics = ok_json("search", "asylum", "--topic", "refugees")
    assert topics and all("refugees" in (r["topics"] or "").split(",") for r in topics)


def test_invitations_take_the_common_filters():
    rows = ok_json("invitations", "--from", "2014", "--to", "2014", "--limit", "2")
    assert len(rows) == 2 and all(r["end"] >= "2014" for r in rows)
    assert all(r["source"] == "mfa-web" for r in ok_json("invitations", "--source", "mfa-web"))


# -- the pager --------------------------------------------------------------------------------------


def _in_terminal(args, tmp_path, extra_env, rows=10):
    """Run hrcli with stdout on a pseudo-terminal of ``rows`` lines; return what the pager received."""
    import fcntl
    import pty
    import struct
    import termios

    paged = tmp_path / "paged.txt"
    paged.unlink(missing_ok=True)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, 80, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "HRCLI_PAGER", "PAGER")}
    env.update({k: v.replace("{paged}", str(paged)) for k, v in extra_env.items()})
    try:
        subprocess.run(
            [sys.executable, "-m", "hrcli", *args], stdout=slave, stderr=subprocess.PIPE, env=env, timeout=60
        )
    finally:
        os.close(slave)
        os.close(master)
    return paged.read_text(encoding="utf-8") if paged.exists() else None


@pytest.mark.slow
def test_long_tables_go_through_the_pager_on_a_terminal_only(isolated):
    got = _in_terminal(["timeline", "--limit", "20"], isolated, {"PAGER": "cat > {paged}"})
    assert got is not None and "What the source says" in got and "20 of" in got
    plain = re.sub(r"\x1b\[[0-9;]*m", "", got)  # colour goes to the pager (less -R shows it)
    assert max(len(line) for line in plain.splitlines()) <= 80  # drawn for the terminal's width
    assert _in_terminal(["timeline", "--limit", "20"], isolated, {"HRCLI_PAGER": "", "PAGER": "cat > {paged}"}) is None
    assert _in_terminal(["--no-pager", "timeline", "-n", "20"], isolated, {"PAGER": "cat > {paged}"}) is None
    assert _in_terminal(["timeline", "--limit", "1"], isolated, {"PAGER": "cat > {paged}"}, rows=60) is None
    piped = subprocess.run(
        [sys.executable, "-m", "hrcli", "timeline", "--limit", "20"],
        capture_output=True,
        env={**os.environ, "PAGER": f"cat > {isolated / 'paged.txt'}"},
        timeout=60,
    )
    assert piped.returncode == 0 and "What the source says" in piped.stdout.decode()
    assert not (isolated / "paged.txt").exists()


def test_upr_takes_the_common_filters():
    every = ok_json("upr")
    got = ok_json("upr", "--source", "gov-2014")
    assert got and all(r["source"] == "gov-2014" for r in got) and len(got) < len(every)
    late = ok_json("upr", "--from", "2020")
    assert late and all((r["date"] or "9999")[:4] >= "2020" or "/" in r["date"] for r in late)
    facts = [r for r in every if r["kind"] != "stat"]
    limited = ok_json("upr", "--limit", "2")
    assert [r["id"] for r in limited if r["kind"] != "stat"] == [r["id"] for r in facts[:2]]
    assert f"2 of {len(facts)} shown" in run("upr", "--limit", "2").stdout


def test_filtered_export_takes_kind_action_origin():
    import json

    d = json.loads(run("export", "--kind", "all", "--source", "unct-2009", "--topic", "statelessness").stdout)
    tl = {r["id"] for r in ok_json("timeline", "--kind", "all", "--source", "unct-2009", "--topic", "statelessness")}
    assert {r["id"] for k in ("events", "claims", "recommendations") for r in d[k]} == tl
    assert [s["id"] for s in d["sources"]] == ["unct-2009"]
    visits = json.loads(run("export", "--action", "visit").stdout)
    assert visits["events"] and all(r["action"] == "visit" for r in visits["events"])
    mine = add_user_plan()
    assert [r["id"] for r in json.loads(run("export", "--origin", "user").stdout)["events"]] == [mine]
