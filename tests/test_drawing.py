"""Tests that guard the drawing (issue 22): what the html page and the tables show, each written against a
hand mutant (scripts/mutants.py) that the rest of the suite let through."""

from __future__ import annotations

import io
import re

import pytest

from conftest import ok_json, run
from hrcli import html, render, store
from hrcli.view import View
from test_html import Page, page

# a user file with what the bundled data lacks: a disagreement whose sides speak in different voices, one
# side of it derived by hrcli's arithmetic, and a source that only that disagreement cites
FIXTURE = """
[[sources]]
id = "m-only-in-a-conflict"
title = "A made-up source that no record cites"
date = "2015-03-01"
kind = "report"
issuer = "Nobody"
voice = "other"
cite = "para. N"

[[events]]
id = "m-disputed-event"
date = "2005-06-01"
summary = "zq an event that is one side of a disagreement"
source = "gov-2011"
locator = "para. 7"

[[conflicts]]
id = "m-mixed-voices"
topic = "asylum"
summary = "zq a figure two voices give differently"
explanation = "Two documents, two voices."
sides = [
  { source = "gov-2011", locator = "para. 7", value = 10, says = "ten", fact = "m-disputed-event" },
  { source = "unct-2009", locator = "para. 8", value = 12, says = "twelve" },
  { source = "m-only-in-a-conflict", locator = "para. 1", value = 11, says = "eleven", derived = true },
]
"""


@pytest.fixture
def mine(isolated):
    facts = isolated / "data" / "facts"
    facts.mkdir(parents=True)
    (facts / "mine.toml").write_text(FIXTURE, encoding="utf-8")
    return facts / "mine.toml"


def articles(raw: str) -> dict[str, str]:
    """conflict id -> the text of its article on the page."""
    out = {}
    for art in re.findall(r'<article class="conflict".*?</article>', raw, flags=re.S):
        text = Page(art).text()
        cid = re.search(r"(\S+) · topic", text)
        assert cid, text
        out[cid.group(1)] = art
    return out


# -- html: disagreements ---------------------------------------------------------------------------


def test_disputed_timeline_page_lists_every_disagreement_its_rows_are_sides_of():
    rows = ok_json("timeline", "--disputed")
    wanted = {c for r in rows for c in r["disputed"].split(",")}
    assert wanted
    r = run("timeline", "--disputed", "--format", "html")
    assert r.code == 0, r.stderr
    assert set(articles(r.stdout)) == wanted
    p = Page(r.stdout)
    # every disputed row says so in the table and is flagged on the timeline
    for n, row in enumerate(rows, 1):
        assert "disputed: " + row["disputed"].replace(",", ", ") in p.rows[f"rec-{n}"]
    flagged = [m for m in p.marks() if "disputed" in m["class"].split()]
    assert len(flagged) == len(p.marks()) == sum(1 for row in rows if row["date"])
    assert len([t for t, a in p.tags if t == "path" and a.get("class") == "flag"]) == len(flagged)


def test_each_side_of_a_disagreement_is_drawn_in_its_own_voice_with_arithmetic_said(mine):
    r = run("conflicts", "--format", "html")
    assert r.code == 0, r.stderr
    art = articles(r.stdout)["m-mixed-voices"]
    sides = Page(art)
    classes = [a["class"] for t, a in sides.tags if t == "div" and a.get("class", "").startswith("side ")]
    assert classes == ["side v-government", "side v-un-country-team", "side v-other"]
    text = sides.text()
    for says in ("ten", "twelve", "eleven"):
        assert says in text
    assert text.count("(hrcli's arithmetic)") == 1
    assert "Government of Belarus" in text and "UN Country Team" in text
    # the table's rows (one per side) say which figure is hrcli's arithmetic, too
    rows = Page(r.stdout).rows
    assert sum("eleven: 11 (hrcli's arithmetic)" in t for t in rows.values()) == 1
    # a source that only a disagreement cites is still in the page's sources
    assert 'id="sources"' in r.stdout and "A made-up source that no record cites" in r.stdout


def test_a_page_of_rows_cites_the_sources_of_their_disagreements(mine):
    base = store.load()
    row = ok_json("timeline", "--from", "2005", "--to", "2005", "--source", "gov-2011")
    row = [x for x in row if x["id"] == "m-disputed-event"]
    assert row and row[0]["disputed"] == "m-mixed-voices"
    v = View(row, fields=list(row[0]))
    raw = html.page(v, base)
    assert set(articles(raw)) == {"m-mixed-voices"}
    dts = [t for tag, t in Page(raw).texts if tag == "dt"]
    assert {d.split(":")[0] for d in dts} == {"gov-2011", "unct-2009", "m-only-in-a-conflict"}


# -- html: the timeline ----------------------------------------------------------------------------


def _item(n, date, mechanism="upr", source="gov-2011", **kw):
    r = {"id": f"x{n}", "kind": "event", "date": date, "start": None, "end": None, "mechanism": mechanism}
    r.update(source=source, locator="para. 1", voice="government", summary=f"zq {n}", **kw)
    return html._item(n, r)


def _marks(*items):
    tl = html.timeline(list(items), store.load(user=False))
    return {m["id"]: m for lane in tl["lanes"] for m in lane["marks"]}, tl


def test_timeline_runs_left_to_right_in_date_order_and_ticks_follow_the_years():
    marks, tl = _marks(_item(1, "2005-01-10"), _item(2, "2010-06-01"), _item(3, "2008"))
    assert marks["x1"]["x0"] < marks["x3"]["x0"] < marks["x3"]["x1"] < marks["x2"]["x0"]
    xs = [t["x"] for t in tl["ticks"]]
    assert xs == sorted(xs) and [t["year"] for t in tl["ticks"]] == sorted(t["year"] for t in tl["ticks"])
    assert tl["years"] == (2005, 2010)


def test_shapes_uncertainty_open_ends_and_their_horizon():
    marks, _ = _marks(
        _item(1, "2005-01-10?"),
        _item(2, "2005-05"),
        _item(3, "2006/.."),  # open end: drawn up to the source's date (gov-2011: 2011)
        _item(4, "../2006"),
        _item(5, "2005/2007"),
    )
    assert [marks[f"x{n}"]["shape"] for n in range(1, 6)] == ["point", "range", "open-end", "open-start", "interval"]
    assert marks["x1"]["uncertain"] and not marks["x2"]["uncertain"]
    # the open end runs to the source's horizon (2011), well past its start year
    per_year = marks["x5"]["w"] / 3
    assert marks["x3"]["w"] > 4 * per_year


def test_marks_that_overlap_in_a_lane_stack_on_separate_rows():
    marks, tl = _marks(_item(1, "2005/2008"), _item(2, "2006/2009"), _item(3, "2012"))
    assert marks["x1"]["row"] != marks["x2"]["row"]
    assert marks["x1"]["cy"] != marks["x2"]["cy"]
    assert marks["x3"]["row"] == 0  # room again after both


def test_open_start_rows_are_drawn_not_counted_undated():
    rows = ok_json("timeline", "--disputed")
    open_start = [r for r in rows if r["date"] and r["start"] is None]
    assert open_start  # '/2004': the machine row says null for an unknown start
    p = page("timeline", "--disputed")
    assert len(p.marks()) == len(rows)
    assert "undated records" not in p.text()


def test_undated_records_and_the_users_records_are_counted_on_the_page(mine):
    rows = [
        {"id": "u1", "kind": "event", "date": None, "summary": "zq no date", "source": "gov-2011", "origin": "user"},
        {"id": "u2", "kind": "event", "date": "2005", "summary": "zq dated", "source": "gov-2011", "origin": "bundled"},
    ]
    raw = html.page(View(rows, fields=list(rows[0])), store.load(user=False))
    text = " ".join(Page(raw).text().split())
    assert "1 undated records are in the table only" in text
    assert "1 of the records come from the reader's own fact files" in text


# -- html: charts, tables without citations, the command line --------------------------------------


def test_the_largest_bar_of_a_chart_fills_the_plot_and_the_others_are_in_proportion():
    v = View([], fields=["x"], charts=[("zq chart", [("a", 40, "events"), ("b", 10, "events")])])
    (chart,) = html.charts(v)
    plot = html.CHART_W - html.CHART_LABEL_W - 110
    assert [b["w"] for b in chart["bars"]] == [plot, plot / 4]


def test_a_table_without_citations_keeps_every_field_as_a_column():
    rows = [{"topic": "asylum", "rows": 3, "tables": 1}, {"topic": "upr", "rows": 5, "tables": 2}]
    p = Page(html.page(View(rows, fields=["topic", "rows", "tables"])))
    assert [t for tag, t in p.texts if tag == "th"] == ["topic", "rows", "tables"]


def test_the_page_heading_is_the_command_without_its_format():
    args = ["timeline", "--format", "html", "--limit", "3"]
    assert html.query(args, without_format=True) == "hrcli timeline --limit 3"
    assert html.query(["timeline", "-f", "html", "-n", "2"], without_format=True) == "hrcli timeline -n 2"
    assert html.query(args) == "hrcli timeline --format html --limit 3"


def test_control_codes_in_data_never_reach_the_page():
    rows = [{"id": "c1", "date": "2005", "summary": "zq \x1b[31mred\x1b[0m \x07bell", "source": "gov-2011"}]
    raw = html.page(View(rows, fields=list(rows[0])))
    assert "\x1b" not in raw and "\x07" not in raw and "red" in raw


# -- tables (render.py) ----------------------------------------------------------------------------


def test_a_table_of_records_shows_each_rows_citation_marks_voice_legend_and_what_a_limit_left_out():
    rows = ok_json("timeline", "--disputed")
    r = run("timeline", "--disputed", "--limit", "2")
    assert r.code == 0, r.stderr
    out = r.stdout
    assert f"2 of {len(rows)} shown (--limit)" in out
    assert "Voice" in out.splitlines()[0] + out.splitlines()[1] and "UNCT" in out
    # the marks under a date, and their key
    assert re.search(r"^\s*!", out, flags=re.M) and "Marks: ! " in out
    # the legend: every cited source, with its voice spelled out
    assert "Sources (whose voice each claim is in):" in out
    assert "unct-2009: UN Country Team;" in out


def test_compact_blocks_keep_every_summary():
    rows = ok_json("timeline", "--disputed", "--limit", "3")
    out = run("timeline", "--disputed", "--limit", "3", "--compact").stdout
    flat = " ".join(out.split())
    for row in rows:
        assert " ".join(row["summary"].split()) in flat


def test_a_long_text_is_cut_with_a_note_in_a_list_and_printed_whole_by_show():
    text = "zq " + "word " * 600
    cut = render.fit(text, 100)
    assert cut.startswith(text[:100]) and f"({len(text) - 100} more characters: see 'hrcli show ID'" in cut
    buf = io.StringIO()
    con = render.console(buf)
    v = View([{"field": "summary", "value": text}], fields=["field", "value"])
    v.columns = (render.Column("field", "Field", no_wrap=True), render.Column("value", "Value", ratio=1))
    v.max_cell = None  # as `show` prints one record
    v.legend = False
    render.draw(con, v)
    assert text.strip() in buf.getvalue()


def test_bars_are_in_proportion_to_the_largest_and_say_one_event_not_one_events():
    buf = io.StringIO()
    con = render.console(buf)
    render.bars(con, "zq", [("a", 4, "events"), ("b", 2, "events"), ("c", 1, "events")])
    lines = [ln for ln in buf.getvalue().splitlines() if "█" in ln]
    n = [ln.count("█") for ln in lines]
    assert n[:2] == [50, 25]  # the largest takes the room there is (at most 50), the others in proportion
    assert lines[2].rstrip().endswith(" 1 event") and lines[0].rstrip().endswith(" 4 events")


def test_color_never_in_the_config_turns_colour_off_for_tables():
    def drawn() -> str:
        buf = io.StringIO()
        render.console(buf).print(render.Text("zq", style="bold"))
        return buf.getvalue()

    assert "\x1b[" in drawn()
    assert run("config", "set", "color", "never").code == 0
    assert "\x1b[" not in drawn()


def test_a_disputed_figure_in_a_stats_table_is_explained_in_the_marks_key():
    out = run("stats", "asylum").stdout
    assert re.search(r"\d !  ", out) and "Marks: ! disputed" in out


def test_a_disagreement_found_by_search_has_every_sides_source_in_the_legend(mine):
    rows = ok_json("search", "zq", "figure", "--kind", "conflict")
    assert [(r["id"], r["source"]) for r in rows] == [("m-mixed-voices", "gov-2011")]
    out = run("search", "zq", "figure", "--kind", "conflict").stdout
    legend = out.split("Sources (whose voice each claim is in):")[1]
    for sid in ("gov-2011", "unct-2009", "m-only-in-a-conflict"):
        assert f" {sid}:" in legend


def test_narrow_terminals_get_blocks_and_the_voice_column_only_from_100_columns(monkeypatch):
    def drawn(columns: int) -> str:
        monkeypatch.setenv("COLUMNS", str(columns))
        r = run("timeline", "--disputed", "--limit", "2")
        assert r.code == 0, r.stderr
        return r.stdout

    def header(columns: int) -> str:
        return next(ln for ln in drawn(columns).splitlines() if "What the source says" in ln)

    assert "What the source says" not in drawn(65)  # one block per record below 72 columns
    assert "Voice" not in header(80)
    assert "Voice" in header(100)
