"""Tables for people: every cited source in the legend, each row's citation matching its text, and layouts
that read at 60, 80 and 100 columns."""

from __future__ import annotations

import re

import pytest

from conftest import ok_json, run

LEGEND = "Sources (whose voice each claim is in):"

# every command that draws a table citing sources (stats TOPIC for each topic with figures is added below)
TABLE_COMMANDS = [
    ["timeline"],
    ["timeline", "--from", "2013", "--to", "2013"],
    ["treaty"],
    ["treaty", "CAT"],
    ["treaty", "CESCR"],
    ["invitations"],
    ["upr"],
    ["upr", "--summary"],
    ["conflicts"],
    ["search", "upr"],
    ["search", "asylum"],
]


def _stats_topics() -> list[list[str]]:
    return [["stats", r["topic"]] for r in ok_json("stats")]


def add_user_plan():
    """A user's own source and a planned CAT event citing it, newer than anything bundled."""
    assert (
        run("add", "source", "--id", "my-src", "--title", "My notes", "--date", "2024", "--voice", "government").code
        == 0
    )
    r = run(
        "add",
        "event",
        "--date",
        "2030",
        "--summary",
        "Belarus plans another CAT report",
        "--source",
        "my-src",
        "--locator",
        "p. 2",
        "--body",
        "CAT",
        "--mechanism",
        "treaty-bodies",
        "--status",
        "planned",
        "--action",
        "report",
    )
    assert r.code == 0, r.stderr
    return r.stdout.strip()


def _body_and_legend(out: str) -> tuple[str, str]:
    assert LEGEND in out, out[-500:]
    body, _, legend = out.partition(LEGEND)
    return body, legend


@pytest.mark.parametrize("with_user", [False, True])
def test_every_cited_source_is_in_the_legend(with_user):
    if with_user:
        add_user_plan()
    ids = [s["id"] for s in ok_json("sources")]
    for args in TABLE_COMMANDS + _stats_topics():
        r = run(*args, env={"COLUMNS": "200"})
        assert r.code == 0, (args, r.stderr)
        body, legend = _body_and_legend(r.stdout)
        in_legend = set(re.findall(r"^\s*([a-z0-9][a-z0-9._-]*):", legend, re.M))
        for sid in ids:
            if re.search(rf"(?<![\w-]){re.escape(sid)}(?![\w-])", body):
                assert sid in in_legend, (args, sid, sorted(in_legend))


def test_treaty_overview_cites_what_each_cell_shows():
    """Bug: the CAT row cited gov-2011 para. 5 in its cell but the legend listed only other documents."""
    body, legend = _body_and_legend(run("treaty", env={"COLUMNS": "200"}).stdout)
    cat = ok_json("treaty")[0]
    assert cat["id"] == "CAT"
    for rid in (cat["last_report_id"], cat["last_dialogue_id"]):
        rec = ok_json("show", rid)[0]
        assert f"{rec['source']}, {rec['locator']}" in body
        assert f"{rec['source']}:" in legend


def test_treaty_overview_row_text_matches_its_citation():
    """Bug: with a user's planned event, the row's summary held the user's words under a bundled citation."""
    uid = add_user_plan()
    rows = {r["id"]: r for r in ok_json("treaty")}
    cat = rows["CAT"]
    assert cat["pending_id"] == uid
    assert "another CAT report" not in cat["summary"]
    # every row's summary, date, source and locator are one record's
    for code, row in rows.items():
        if row["records"]:
            history = {(r["summary"], r["date"], r["source"], r["locator"]) for r in ok_json("treaty", code)}
            assert (row["summary"], row["date"], row["source"], row["locator"]) in history, code
    body, legend = _body_and_legend(run("treaty", env={"COLUMNS": "200"}).stdout)
    assert "my-src, p. 2" in body and "my-src:" in legend


def test_search_conflict_row_cites_every_side():
    rows = [r for r in ok_json("search", "accepted") if r["kind"] == "conflict"]
    assert rows
    r = run("search", "accepted", env={"COLUMNS": "200"})
    body, legend = _body_and_legend(r.stdout)
    for c in rows:
        for side in ok_json("conflicts"):
            if side["id"] == c["id"]:
                assert f"{side['source']}:" in legend


# -- layout at 60, 80 and 100 columns -------------------------------------------------------------

WIDTHS = (60, 80, 100)
DRAWING = set("─━│┃█▏ ")


def _tokens(text: str) -> set[str]:
    # a chart label cut at a word ends with an ellipsis: the word before it must still be whole
    return {t.rstrip("…") for t in text.split() if not set(t) <= DRAWING and t != "…"}


def _known(args: list[str]) -> set[str]:
    """Every whole word the command can print: its output where nothing needs to wrap, and its JSON."""
    wide = run(*args, env={"COLUMNS": "1000"}).stdout
    known = _tokens(wide)
    for rec in ok_json(*args):
        for v in rec.values():
            if isinstance(v, str):
                known |= _tokens(v)
    return known | {t + ":" for t in known}  # narrow blocks label a field with its header


STATS_TOPICS = ["trafficking", "asylum", "refugees", "returns", "parliament", "upr", "hiv", "projects", "cooperation"]


@pytest.mark.parametrize(
    "args",
    TABLE_COMMANDS
    + [["stats"], ["sources"], ["show", "g14-core-document"], ["show", "conflict-asylum-total"]]
    + [["stats", t] for t in STATS_TOPICS],
)
def test_no_word_or_id_breaks_at_60_80_100(args):
    known = _known(args)
    for width in WIDTHS:
        out = run(*args, env={"COLUMNS": str(width)}).stdout
        assert out
        # show's citation lines are one line each on purpose (the terminal wraps them; a paste stays whole)
        pasted = ("Cite as: ", "Whose claim: ", "Side ")
        assert max(len(line.rstrip()) for line in out.splitlines() if not line.startswith(pasted)) <= width
        broken = _tokens(out) - known
        assert not broken, (args, width, sorted(broken)[:10])


def _summary_width(out: str) -> int:
    """The width of the 'What the source says' column (a table), or of the longest summary line (blocks)."""
    for line in out.splitlines():
        if "What the source says" in line and "Source, place" in line:
            return line.index("Source, place") - line.index("What the source says") - 2
    return max(len(line) - 2 for line in out.splitlines() if line.startswith("  ") and not line.startswith("   "))


@pytest.mark.parametrize("args", [["timeline"], ["treaty", "CAT"], ["invitations"], ["search", "upr"], ["upr"]])
@pytest.mark.parametrize("width", WIDTHS)
def test_summary_takes_at_least_half_the_width(args, width):
    out = run(*args, env={"COLUMNS": str(width)}).stdout
    assert _summary_width(out) >= width // 2 - 2, out[:800]
    if width >= 80:
        assert "What the source says" in out  # a table, not blocks


def test_marks_are_short_and_explained():
    add_user_plan()
    out = run("treaty", "CAT", env={"COLUMNS": "80"}).stdout
    assert "disputed " not in out.split("Marks:")[0]  # no status words in the rows
    assert "P planned" in out and "U your own record" in out
    row = [line for line in out.splitlines() if line.startswith("2030")]
    assert row, out
    nxt = out.splitlines()[out.splitlines().index(row[0]) + 1]
    assert nxt.split()[0] == "PU"  # planned, the user's own


def test_limit_says_how_many_are_shown():
    out = run("timeline", "--limit", "3", env={"COLUMNS": "80"}).stdout
    total = len(ok_json("timeline"))
    assert f"3 of {total} shown" in out
    assert "shown" not in run("timeline", "--from", "2013", "--to", "2013", env={"COLUMNS": "80"}).stdout
    assert f"of {len(ok_json('search', 'upr'))} shown" in run("search", "upr", "-n", "2").stdout


def test_compact_is_one_block_per_record():
    out = run("timeline", "--compact", "--limit", "2", env={"COLUMNS": "100"}).stdout
    assert "What the source says" not in out
    ids = [r["id"] for r in ok_json("timeline", "--limit", "2")]
    assert all(f"  {i}" in out for i in ids)


def test_piped_width_comes_from_columns(monkeypatch):
    from hrcli import render

    monkeypatch.setenv("COLUMNS", "77")
    assert render.terminal_width() == 77
    monkeypatch.delenv("COLUMNS")
    w = render.terminal_width()  # a terminal of the test run, or 120 without one
    assert w > 0
