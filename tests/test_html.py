"""--format html and export --format html: one self-contained, escaped page of what the command selected."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from conftest import ok_json, run
from hrcli import __version__


class Page(HTMLParser):
    """The parts of a page the tests look at: every start tag with its attributes, and text by element."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.texts: list[tuple[str, str]] = []  # (innermost open tag, text)
        self._open: list[str] = []
        self._row: list[str] | None = None
        self.rows: dict[str, str] = {}  # table row id -> its text
        self._row_id = ""
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        self.tags.append((tag, a))
        if tag == "tr" and a.get("id", "").startswith("rec-"):
            self._row, self._row_id = [], a["id"]
        if tag not in ("circle", "rect", "line", "path", "meta", "br", "input"):
            self._open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        if tag == "tr" and self._row is not None:
            self.rows[self._row_id] = "".join(self._row)
            self._row = None
        while self._open and self._open.pop() != tag:
            pass

    def handle_data(self, data):
        self.texts.append((self._open[-1] if self._open else "", data))
        if self._row is not None:
            self._row.append(data)

    def marks(self) -> list[dict[str, str]]:
        return [a for t, a in self.tags if t == "g" and "mark" in a.get("class", "").split()]

    def tags_attr(self, tag: str, attr: str) -> str:
        return " | ".join(a.get(attr, "") for t, a in self.tags if t == tag)

    def text(self) -> str:
        return "".join(t for _, t in self.texts)


def page(*args: str) -> Page:
    r = run(*args, "--format", "html")
    assert r.code == 0, r.stderr
    assert r.stdout.startswith("<!DOCTYPE html>") and r.stdout.rstrip().endswith("</html>")
    return Page(r.stdout)


def assert_self_contained(raw: str) -> None:
    """No request to any server: nothing loads from a URL, no stylesheet link, no CSS url() or @import."""
    p = Page(raw)
    for tag, attrs in p.tags:
        assert tag not in ("link", "img", "iframe", "object", "embed", "base"), tag
        assert "src" not in attrs, (tag, attrs)
        if "href" in attrs:
            assert attrs["href"].startswith("#"), attrs["href"]
    scripts = [a for t, a in p.tags if t == "script"]
    assert len(scripts) == 1
    assert "url(" not in raw and "@import" not in raw and "@font-face" not in raw
    # the only http(s) string is the SVG namespace, which no browser fetches
    assert set(re.findall(r"https?://[^\s\"'<>]+", raw)) <= {"http://www.w3.org/2000/svg"}


@pytest.mark.parametrize(
    "args",
    [
        ("timeline",),
        ("timeline", "--body", "CAT"),
        ("timeline", "--from", "2013", "--to", "2013", "--source", "gov-2014"),
        ("timeline", "--disputed"),
        ("timeline", "--mechanism", "upr", "--limit", "7"),
    ],
)
def test_one_timeline_mark_and_one_table_row_per_event_selected(args):
    events = ok_json(*args)
    p = page(*args)
    marks = p.marks()
    assert len(marks) == len(events) > 0
    assert len(p.rows) == len(events)
    by_row = {m["data-row"]: m for m in marks}
    for n, e in enumerate(events, 1):
        row = p.rows[f"rec-{n}"]
        assert e["id"] in row and e["summary"] in row and f"{e['source']}, {e['locator']}" in row
        m = by_row[f"rec-{n}"]
        # hover/focus shows summary and citation; colour follows whose voice it is
        assert m["data-summary"] == e["summary"] and m["data-cite"] == f"{e['source']}, {e['locator']}"
        assert f"v-{e['voice']}" in m["class"].split() and m["data-date"] == e["date"]
        assert m["tabindex"] == "0"
        assert ("disputed" in m["class"].split()) == bool(e["disputed"])


def test_page_shows_query_version_sources_and_is_self_contained():
    r = run("timeline", "--body", "CAT", "--format", "html")
    assert_self_contained(r.stdout)
    p = Page(r.stdout)
    text = p.text()
    assert "hrcli timeline --body CAT --format html" in text and f"hrcli {__version__}" in text
    used = {e["source"] for e in ok_json("timeline", "--body", "CAT")}
    sources = {s["id"]: s for s in ok_json("sources")}
    for sid in used:
        s = sources[sid]
        assert f"{sid}: {s['title']}" in text and s["cite"] in text and s["issuer"] in text
    assert "Voice: Government of Belarus" in text
    assert [a for t, a in p.tags if t == "html"][0]["lang"] == "en"
    assert any(t == "meta" and a.get("name") == "viewport" for t, a in p.tags)  # phones


def test_lanes_follow_mechanisms_and_dates_are_drawn_as_precise_as_given(isolated):
    facts = isolated / "data" / "facts"
    facts.mkdir(parents=True)
    (facts / "shapes.toml").write_text(
        """
[[sources]]
id = "my-src"
title = "My notes"
date = "2023"
kind = "notes"
issuer = "me"
voice = "user"
cite = "para. N"

[[events]]
id = "u-day"
date = "2023-05-12"
summary = "A day"
source = "my-src"
locator = "para. 1"
mechanism = "upr"

[[events]]
id = "u-month"
date = "2023-06"
summary = "A month"
source = "my-src"
locator = "para. 2"
mechanism = "upr"

[[events]]
id = "u-interval"
date = "2023-01/2023-03"
summary = "From January to March"
source = "my-src"
locator = "para. 3"
mechanism = "national"

[[events]]
id = "u-open"
date = "2023-02/.."
summary = "Still going"
source = "my-src"
locator = "para. 4"
mechanism = "national"

[[events]]
id = "u-unknown-start"
date = "/2023-04"
summary = "Until April"
source = "my-src"
locator = "para. 5"

[[events]]
id = "u-uncertain"
date = "2023-08?"
summary = "Perhaps August"
source = "my-src"
locator = "para. 6"
mechanism = "upr"
""",
        encoding="utf-8",
    )
    p = page("timeline", "--source", "my-src")
    shapes = {m["data-summary"]: set(m["class"].split()) for m in p.marks()}
    assert shapes["A day"] >= {"point", "v-user"}
    assert shapes["A month"] >= {"range"}
    assert shapes["From January to March"] >= {"interval"}
    assert shapes["Still going"] >= {"open-end"}
    assert shapes["Until April"] >= {"open-start"}
    assert shapes["Perhaps August"] >= {"range", "uncertain"}
    lanes = [a["aria-label"] for t, a in p.tags if t == "g" and a.get("class") == "lane"]
    assert lanes == ["UPR: 3 records", "National: 2 records", "No mechanism: 1 records"]


HOSTILE = '<script>alert("pwned")</script><img src=x onerror=alert(1)>'


def test_hostile_user_text_is_shown_as_text_never_run(isolated):
    facts = isolated / "data" / "facts"
    facts.mkdir(parents=True)
    (facts / "hostile.toml").write_text(
        f"""
[[sources]]
id = "evil-src"
title = '''{HOSTILE} title'''
date = "2023"
kind = "notes"
issuer = '''"><svg onload=alert(2)>'''
voice = "user"
cite = "para. N"

[[events]]
id = "u-evil"
date = "2023-05-12"
summary = '''{HOSTILE}'''
title = '''</title><script>alert(3)</script>'''
note = "x"
source = "evil-src"
locator = '''para. 1" onmouseover="alert(4)'''
mechanism = "upr"
""",
        encoding="utf-8",
    )
    for args in (("timeline", "--format", "html"), ("search", "pwned", "--format", "html")):
        r = run(*args)
        assert r.code == 0, r.stderr
        assert_self_contained(r.stdout)  # exactly one script element (ours), no img, no src
        p = Page(r.stdout)
        assert all(not k.startswith("on") for _, a in p.tags for k in a), "an event-handler attribute got in"
        assert [t for t, _ in p.tags].count("script") == 1 and "svg" not in [t for t, a in p.tags if "onload" in a]
        assert any(HOSTILE in row for row in p.rows.values())  # the summary, as text in its row
        assert HOSTILE in p.text() and '"><svg onload=alert(2)>' in p.text()
        mark = next(m for m in p.marks() if m["data-summary"] == HOSTILE)
        assert mark["data-cite"] == 'evil-src, para. 1" onmouseover="alert(4)'
        assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;" in r.stdout


def test_every_listing_command_writes_a_page_of_its_records():
    for args, n in (
        (("treaty", "CESCR"), len(ok_json("treaty", "CESCR"))),
        (("invitations",), len(ok_json("invitations"))),
        (("search", "izsak"), len(ok_json("search", "izsak"))),
        (("upr",), len(ok_json("upr"))),
        (("stats", "asylum"), len(ok_json("stats", "asylum"))),
        (("conflicts",), len(ok_json("conflicts"))),
        (("treaty",), 8),
    ):
        p = page(*args)
        assert len(p.rows) == n, args
    # treaty history: events and claims on the timeline; upr's stat rows are in the table, not on the timeline
    cescr = ok_json("treaty", "CESCR")
    assert len(page("treaty", "CESCR").marks()) == sum(1 for r in cescr if r["date"])
    upr = ok_json("upr")
    assert len(page("upr").marks()) == sum(1 for r in upr if r["kind"] in ("event", "claim") and r["date"])
    izsak = page("search", "izsak")
    assert "Rita Izsák" in izsak.text()


def test_upr_page_shows_both_counts_of_accepted_recommendations_side_by_side():
    p = page("upr")
    text = p.text()
    sides = [r for r in ok_json("conflicts") if r["id"] == "conflict-upr1-accepted"]
    assert len(sides) == 2
    articles = [a for t, a in p.tags if t == "article"]
    assert articles, "no disagreement shown"
    for s in sides:
        assert s["says"] in text and f"{s['source']}, {s['locator']}" in text
    assert {"75", "74"} <= {t.strip() for tag, t in p.texts if tag == "div"}


def test_stats_series_are_bar_charts_with_the_source_values():
    import hrcli
    from hrcli.views.stats import topic_view

    for topic in ("parliament", "asylum", "returns", "upr"):
        p = page("stats", topic)
        drawn = [a["aria-label"] for t, a in p.tags if t == "svg" and a.get("role") == "img"]
        view = topic_view(hrcli.load(), topic)
        want = [c for g in view.groups for c in g.charts]
        assert want and len(drawn) == len(want), topic
        for label, (title, series) in zip(drawn, want, strict=True):
            assert label.startswith(title)
            for name, value, unit in series:
                shown = str(int(value)) if float(value).is_integer() else str(value)
                assert f"{name} {shown} {unit}" in label, (topic, name)
    p = page("stats", "parliament")
    assert "After the 2008 elections (share of members) 31.82 percent" in p.tags_attr("svg", "aria-label")
    assert [t for tag, t in p.texts if tag == "h1"] == ["hrcli stats parliament"]
    # the disagreement on a topic is listed with it
    asylum = page("stats", "asylum")
    assert "conflict-asylum-total" in asylum.text() and "3265" in asylum.text() and "3223" in asylum.text()


def test_filters_and_lists_without_citations_still_make_a_page():
    by_year = page("timeline", "--by-year", "--from", "2006", "--to", "2009")
    assert "29" in by_year.text() and not by_year.marks()
    topics = page("stats")
    assert "trafficking" in topics.text()
    assert run("timeline", "--body", "CAT", "--from", "1990", "--to", "1991", "--format", "html").code == 0


def test_export_html_holds_everything(isolated):
    out = isolated / "all.html"
    r = run("export", "--format", "html", str(out))
    assert r.code == 0, r.stderr
    raw = out.read_text(encoding="utf-8")
    assert_self_contained(raw)
    p = Page(raw)
    full = {k: v for k, v in __import__("json").loads(run("export").stdout).items()}
    dated = sum(1 for k in ("events", "claims", "recommendations") for x in full[k] if x["date"])
    assert len(p.marks()) == dated
    assert len(p.rows) == sum(len(full[k]) for k in ("events", "claims", "recommendations", "stats"))
    conflicts = {c["id"] for c in full["conflicts"]}
    assert len([a for t, a in p.tags if t == "article"]) == len(conflicts) > 0
    assert all(c in p.text() for c in conflicts)
    assert len([a for t, a in p.tags if t == "div" and a.get("class") == "source"]) == 5
    assert len([a for t, a in p.tags if t == "svg" and a.get("role") == "img"]) >= 5  # stats series
    assert "hrcli export --format html" in p.text()
    # filtered: the events kept, the sources they cite
    cat = isolated / "cat.html"
    assert run("export", "--format", "html", "--body", "CAT", str(cat)).code == 0
    assert len(Page(cat.read_text(encoding="utf-8")).marks()) == len(ok_json("timeline", "--body", "CAT"))


MINE = """
[[sources]]
id = "my-src"
title = "My notes"
date = "2024"
kind = "notes"
issuer = "me"
voice = "user"
cite = "para. N"

[[conflicts]]
id = "my-disagreement"
topic = "asylum"
summary = "my own count"
explanation = "counted differently"
sides = [
  {{source = "my-src", locator = "para. 1", value = 1, says = "one", fact = "{fact}"}},
  {{source = "{other}", locator = "{locator}", value = 2, says = "two", fact = "{fact}"}},
]
"""


def test_bundled_only_holds_for_a_page_too(isolated):
    """--bundled-only reaches the page: a broken file of the user's is not read, and the page's sources and
    disagreements come from the same (bundled) base as its rows, never from a base the renderer loads."""
    facts = isolated / "data" / "facts"
    facts.mkdir(parents=True)
    (facts / "broken.toml").write_text("[[events]\nid = ", encoding="utf-8")
    assert run("timeline", "--json").code == 1
    r = run("--bundled-only", "timeline", "--format", "html")
    assert r.code == 0 and r.stdout.startswith("<!DOCTYPE html>"), r.stderr
    assert run("timeline", "--json").code == 1  # the flag held for that one call only
    (facts / "broken.toml").unlink()
    event = ok_json("--bundled-only", "timeline")[0]
    (facts / "mine.toml").write_text(
        MINE.format(fact=event["id"], other=event["source"], locator=event["locator"]), encoding="utf-8"
    )
    mine = page("timeline", "--disputed").text()
    assert "my-disagreement" in mine and "my-src: My notes" in mine  # the user's base, when it is read
    rows = ok_json("--bundled-only", "timeline", "--disputed")
    bundled = page("--bundled-only", "timeline", "--disputed")
    assert len(bundled.rows) == len(rows) > 0
    assert "my-disagreement" not in bundled.text() and "my-src" not in bundled.text()
    conflicts = {c["id"] for c in ok_json("--bundled-only", "conflicts")}
    shown = {c for r in rows for c in (r["disputed"] or "").split(",") if c}
    assert shown <= conflicts and all(c in bundled.text() for c in shown)


def test_planned_pending_ongoing_and_pledged_are_drawn_unlike_done_and_the_legend_says_so():
    events = ok_json("timeline", "--kind", "all")
    p = page("timeline", "--kind", "all")
    raw = run("timeline", "--kind", "all", "--format", "html").stdout
    by_row = {m["data-row"]: m for m in p.marks()}
    letters = {"planned": "P", "pending": "W", "ongoing": "O", "pledged": "C"}
    seen = set()
    for n, e in enumerate(events, 1):
        mark = by_row.get(f"rec-{n}")
        if mark is None:
            continue
        classes = mark["class"].split()
        status = e["status"] or "done"
        assert (f"st-{status}" in classes) == (status != "done"), (e["id"], classes)
        seen.add(status)
    assert seen == {"done", "planned", "pending", "ongoing", "pledged"}, seen
    # each mark that is not done carries its letter; a planned one its stripes, an ongoing one its white line
    for status, letter in letters.items():
        group = re.search(rf'<g class="mark [^"]*st-{status}".*?</g>', raw, re.S)
        assert group and '<text class="badge"' in group[0] and f">{letter}</text>" in group[0], status
        assert ('class="hatch"' in group[0]) == (status == "planned")
    done = re.search(r'<g class="mark (?:(?!st-)[^"])*" tabindex.*?</g>', raw, re.S)
    assert done and "badge" not in done[0] and "hatch" not in done[0]
    legend = re.search(r'<ul class="legend".*?</ul>', raw, re.S)[0]
    for word in ("planned", "pending", "ongoing", "pledged"):
        assert word in legend


def test_records_notes_are_on_the_page():
    events = ok_json("timeline", "--body", "CAT")
    noted = [e for e in events if e["note"]]
    assert noted
    p = page("timeline", "--body", "CAT")
    for n, e in enumerate(events, 1):
        assert (f"Note: {e['note']}" in p.rows[f"rec-{n}"]) == bool(e["note"]), e["id"]
    # and on an export page, for figures too
    text = run("export", "--kind", "stat", "--topic", "parliament", "--format", "html").stdout
    note = next(s["note"] for s in ok_json("stats", "parliament") if s["note"])
    assert "Note: " + note.replace("'", "&#39;") in text


def test_the_timeline_says_it_scrolls_on_a_narrow_screen():
    raw = run("timeline", "--format", "html").stdout
    hint = re.search(r'<p class="scroll-hint"[^>]*>(.*?)</p>', raw, re.S)
    assert hint and "sideways" in hint[1]
    # shown only where the timeline is wider than the screen, with a fade on its right edge
    css = raw[raw.index("<style>") : raw.index("</style>")]
    narrow = css[css.index("@media (max-width: 48rem)") :]
    assert ".scroll-hint { display: block; }" in narrow and ".scroll-box::after" in narrow
    assert ".scroll-hint { display: none;" in css[: css.index("@media (max-width: 48rem)")]


def test_a_note_is_shown_as_text_and_an_address_in_it_is_not_a_link(isolated):
    facts = isolated / "data" / "facts"
    facts.mkdir(parents=True)
    (facts / "n.toml").write_text(
        """
[[sources]]
id = "n-src"
title = "t"
date = "2023"
kind = "notes"
issuer = "me"
voice = "user"
cite = "para. N"

[[events]]
id = "u-noted"
date = "2023-05-12"
summary = "s"
note = '''see <script>alert(1)</script> at https://example.org/x'''
source = "n-src"
locator = "para. 1"
""",
        encoding="utf-8",
    )
    raw = run("timeline", "--format", "html").stdout
    assert_self_contained(raw)
    row = next(text for text in Page(raw).rows.values() if "u-noted" in text)
    assert "Note: see <script>alert(1)</script> at https://example.org/x" in row  # as the reader sees it
    assert "&lt;script&gt;" in raw
