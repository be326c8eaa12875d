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


# -- issue 33: labels that stay, units that never break ---------------------------------------------------


def _shown(args: list[str], cols: int) -> str:
    """What a terminal of ``cols`` columns shows of ``hrcli ARGS`` (a pseudo-terminal, no pager)."""
    from test_terminal import on_terminal, plain

    code, shown, stderr = on_terminal(["--no-pager", *args], {"COLUMNS": str(cols)}, rows=200, cols=cols)
    assert code == 0, stderr
    return plain(shown)


@pytest.mark.slow
@pytest.mark.parametrize("cols", [60, 80, 120])
def test_treaty_overview_says_which_date_is_the_last_report_and_which_the_last_dialogue(cols):
    rows = [r for r in ok_json("treaty") if r["last_report"] or r["last_dialogue"]]
    assert rows
    out = _shown(["treaty"], cols)
    if cols >= 120:  # a table: its headers say it
        header = next(line for line in out.splitlines() if line.startswith("Code"))
        assert "Last report" in header and "Last dialogue" in header
        return
    blocks = [b.splitlines() for b in out.split("\n\n")]
    for r in rows:
        block = next(b for b in blocks if r["id"] in [line.strip() for line in b])
        lines = [line.strip() for line in block[[line.strip() for line in block].index(r["id"]) :]]
        for key, label in (("last_report", "Last report: "), ("last_dialogue", "Last dialogue: ")):
            said = [line for line in lines if line.startswith(label)]
            assert len(said) == (1 if r[key] else 0), (r["id"], key, block)


def _cited(args: list[str]) -> set[tuple[str, str]]:
    rows = ok_json(*args)
    return {(r["source"], r["locator"]) for r in rows if r.get("source") and r.get("locator")}


@pytest.mark.slow
@pytest.mark.parametrize("cols", [60, 80, 120])
@pytest.mark.parametrize(
    "args", [["timeline"], ["treaty"], ["treaty", "CAT"], ["stats", "trafficking"], ["upr"], ["conflicts"]]
)
def test_a_locator_never_breaks_inside_itself(args, cols):
    """A short locator ('Annex, para. 5') is whole on one line; a longer one may break after a comma, never
    between a word and its number ('para.' / '5')."""
    from hrcli.view import _LONG_UNIT

    cited = _cited(args)
    assert cited
    lines = [" ".join(line.split()) for line in _shown(args, cols).splitlines()]
    text = "\n".join(lines)
    for source, locator in cited:
        if len(locator) <= _LONG_UNIT:
            assert any(locator in line for line in lines), (source, locator, cols)
        for pair in re.findall(r"\S+ (?:[0-9][^\s,)]*|[A-Za-z]\b)", locator):
            assert any(pair in line for line in lines), (source, pair, cols)
            assert not re.search(re.escape(pair.split()[0]) + r"\n" + re.escape(pair.split()[1]), text)


@pytest.mark.slow
@pytest.mark.parametrize("cols", [60, 80, 120])
def test_gov_by_is_one_unit_explained_under_the_table(cols):
    out = _shown(["timeline", "--from", "2007", "--to", "2009"], cols)
    lines = out.splitlines()
    assert not any(line.rstrip().endswith("Gov.") for line in lines)
    voice_column = any(line.split()[-1:] == ["Voice"] for line in lines)
    if cols >= 100:
        assert voice_column and any("Gov. BY" in line for line in lines if not line.startswith("Voices:"))
        key = next(line for line in lines if line.startswith("Voices:"))
        assert "Gov. BY Government of Belarus" in key and "UNCT UN Country Team" in key
    else:  # no Voice column, nothing to explain: the legend names each source's voice
        assert not voice_column and not any(line.startswith("Voices:") for line in lines)


def test_a_figure_never_repeats_its_table_name():
    """A single figure is named by its label alone when the label starts with its table's name."""
    from hrcli.store import load
    from hrcli.views.stats import OTHER, topic_view

    base = load(user=False)
    repeats = [s for s in base.stats() if s.label.casefold().startswith(s.table.casefold())]
    assert repeats  # a label that starts with its table's name is there to repeat
    for topic in {s.topic for s in repeats}:
        other = next(g for g in topic_view(base, topic).groups if g.title == OTHER)
        for r in other.rows:
            assert r["figure"].casefold().count(r["table"].casefold()) == 1, r["figure"]
