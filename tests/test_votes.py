"""hrcli votes and the OHCHR voting-records profile (issue 29, item 3): the fixture in the real file's shape
(tests/data/datasets/ohchr-voting-belarus.csv, docs/dev/datasets.md §4) imports with no flags, and every tally,
symbol and count is checked against the file itself, read here with csv."""

from __future__ import annotations

import csv
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from conftest import ok_json, run
from hrcli.views.votes import VOTE_FIELDS

DATA = Path(__file__).parent / "data" / "datasets"
VOTES = DATA / "ohchr-voting-belarus.csv"
BODIES = {"Human Rights Council", "Commission on Human Rights"}


def _rows(path: Path = VOTES) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _on_belarus(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return [r for r in rows if "BELARUS" in r["agenda_subject"].upper() and r["body"] in BODIES]


def _n(cell: str) -> int | None:
    return int(cell) if cell.strip() else None


def _imported(path: Path = VOTES) -> str:
    r = run("import", str(path))
    assert r.code == 0, r.stderr
    return r.stderr


def test_voting_records_import_with_no_flags_and_say_what_they_are():
    said = _imported()
    assert "recognised ohchr-voting-belarus.csv: OHCHR voting records" in said
    assert "ignored column" not in said  # nothing the profile reads is reported as dropped
    expected = _on_belarus(_rows())
    assert expected
    assert f"added 1 source, {len(expected)} events" in said
    # the source it registers is named after the file once, not 'ohchr-voting-ohchr-voting-belarus'
    assert {r["source"] for r in ok_json("votes")} == {"ohchr-voting-belarus"}


def test_votes_lists_every_resolution_and_decision_with_its_tally():
    _imported()
    expected = {r["symbol"]: r for r in _on_belarus(_rows())}
    assert expected
    got = {r["symbol"]: r for r in ok_json("votes")}
    assert set(got) == set(expected)
    for symbol, row in expected.items():
        vote = got[symbol]
        for k in ("yes", "no", "abstain", "nonvoting"):
            assert vote[k] == _n(row[k]), (symbol, k)
        assert vote["date"] == row["date"]
        assert vote["adopted_by"] == row["body"]
        assert vote["vote_type"] == row["vote_type"]
        assert vote["action"] == ("resolution" if "/RES/" in symbol else "decision")
        assert vote["voice"] == "other" and vote["locator"].startswith("row ")
    # the file's line: the locator points at the row the tally came from
    lines = VOTES.read_text(encoding="utf-8").splitlines()
    some = next(iter(got.values()))
    assert some["symbol"] in lines[int(some["locator"].split()[1]) - 1]


def test_recorded_votes_are_counted_and_charted_per_year():
    _imported()
    recorded = [r for r in _on_belarus(_rows()) if r["vote_type"].startswith("RECORDED")]
    assert recorded
    rows = ok_json("votes")
    assert sum(r["yes"] or 0 for r in rows) == sum(int(r["yes"]) for r in recorded)
    assert sum(r["no"] or 0 for r in rows) == sum(int(r["no"]) for r in recorded)
    table = run("votes", env={"COLUMNS": "140"})
    assert table.code == 0
    first = recorded[0]
    assert f"{first['yes']}-{first['no']}-{first['abstain']}" in table.stdout
    assert "Votes in favour" in table.stdout and "Votes against" in table.stdout
    since = ok_json("votes", "--from", "2011")
    assert len(since) == sum(1 for r in _on_belarus(_rows()) if int(r["year"]) >= 2011)


def test_votes_as_csv_have_the_declared_fields():
    _imported()
    r = run("votes", "--format", "csv")
    assert r.code == 0
    got = list(csv.DictReader(r.stdout.splitlines()))
    assert len(got) == len(_on_belarus(_rows()))
    assert {"symbol", "yes", "no", "abstain", "nonvoting", "vote_type", "adopted_by"} <= set(got[0])


def test_the_upr_outcome_decisions_appear_under_upr():
    _imported()
    outcomes = [r["symbol"] for r in _rows() if "universal periodic review" in r["title"].casefold()]
    assert outcomes
    upr = {r.get("summary", "") for r in ok_json("upr")}
    for symbol in outcomes:
        assert any(symbol in s for s in upr), symbol
    # and Council resolutions are not UPR records
    resolutions = [r["symbol"] for r in _on_belarus(_rows()) if "/RES/" in r["symbol"]]
    assert resolutions and not any(sym in s for sym in resolutions for s in upr)


def test_a_file_about_many_states_keeps_belarus_and_says_how_many_it_left_out(tmp_path):
    rows = _rows()
    other = dict(rows[0], record_id="1", symbol="A/HRC/RES/99/1", agenda_subject="MYANMAR")
    other["title"] = "Situation of human rights in Myanmar : resolution /"
    path = tmp_path / "resolutions.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows([*rows, other, other | {"record_id": "2", "symbol": "A/HRC/RES/99/2"}])
    said = _imported(path)
    assert "left out 2 row(s) of resolutions.csv not about Belarus (--all-states keeps them)" in said
    symbols = {r["symbol"] for r in ok_json("votes")}
    assert symbols == {r["symbol"] for r in _on_belarus(rows)}


def test_the_sqlite_export_holds_the_tallies(tmp_path):
    _imported()
    out = tmp_path / "hrcli.sqlite"
    r = run("export", str(out), "--format", "sqlite")
    assert r.code == 0, r.stderr
    con = sqlite3.connect(out)
    got = dict(con.execute("SELECT symbol, votes_yes FROM events WHERE symbol IS NOT NULL"))
    con.close()
    expected = {r["symbol"]: _n(r["yes"]) for r in _on_belarus(_rows())}
    assert expected and got == expected


def test_with_a_map_the_file_is_read_as_the_user_says(tmp_path):
    # --map turns recognition off: the generic path, as before
    path = tmp_path / "v.csv"
    shutil.copy(VOTES, path)
    r = run("import", str(path), "--map", "symbol=title", "--dry-run", "--source", "unct-2009")
    assert "recognised" not in r.stderr


def test_detection_needs_the_voting_columns():
    from hrcli.importer.profiles_un import VOTES as PROFILE
    from hrcli.importer.un_datasets import detect

    header = list(_rows()[0])
    assert detect(header) is PROFILE
    for col in ("vote_type", "yes", "symbol"):
        assert detect([c for c in header if c != col]) is None, col


def _with(tmp_path: Path, change: dict[str, str], at: int = 0) -> Path:
    """A copy of the fixture with one Belarus recorded-vote row's cells changed."""
    rows = _rows()
    i = [n for n, r in enumerate(rows) if r in _on_belarus(rows) and r["vote_type"] == "RECORDED"][at]
    rows[i] = rows[i] | change
    path = tmp_path / "resolutions.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return path


def test_a_recorded_vote_with_an_empty_or_impossible_tally_is_a_row_problem(tmp_path):
    for change in ({"yes": ""}, {"yes": "1e3"}, {"no": "-5"}, {"abstain": "2.5"}, {"yes": "201"}):
        r = run("import", str(_with(tmp_path, change)))
        assert r.code == 2 and "nothing was imported" in r.stderr, (change, r.stderr)
        assert "a recorded vote needs whole tallies" in r.stderr, change
        assert "Traceback" not in r.stderr
    # the votes command still answers (nothing was imported) and never crashes
    r = run("votes")
    assert "internal error" not in r.stderr


def test_the_chart_skips_a_missing_value():
    from io import StringIO

    from rich.console import Console

    from hrcli.render import bars

    con = Console(file=StringIO(), width=80)
    bars(con, "Votes", [("2003 A", 23, "votes"), ("2004 B", None, "votes")])
    out = con.file.getvalue()
    assert "2003 A" in out and "2004 B" not in out


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("HRC", "Human Rights Council"),
        ("Human Rights Council", "Human Rights Council"),
        ("CHR", "Commission on Human Rights"),
        ("Commission on Human Rights", "Commission on Human Rights"),
        ("General Assembly", "General Assembly"),
        ("GA", "General Assembly"),
    ],
)
def test_a_body_written_short_or_as_the_general_assembly_is_listed(tmp_path, written, name):
    rows = [r | {"body": written} for r in _on_belarus(_rows())]
    assert rows
    path = tmp_path / "resolutions.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    _imported(path)
    r = run("votes")
    assert r.code == 0, r.stderr
    assert "No votes recorded" not in r.stdout + r.stderr
    shown = ok_json("votes")
    assert {v["symbol"] for v in shown} == {v["symbol"] for v in rows}
    assert {v["adopted_by"] for v in shown} == {name}


def test_an_identical_repeated_row_is_kept_once(tmp_path):
    rows = _rows()
    twice = _on_belarus(rows)[0]
    path = tmp_path / "resolutions.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows([*rows, twice])
    said = _imported(path)
    assert "1 repeated row(s) kept once" in said
    shown = [r["symbol"] for r in ok_json("votes")]
    assert shown.count(twice["symbol"]) == 1
    assert len(shown) == len(_on_belarus(rows))


# ---- the 2020 file: amendments, another country's resolution, non-recorded votes (redteam F2, F3, F21) ---------

VOTES_2020 = DATA / "ohchr-voting-belarus-2020.csv"
PANDAS = DATA / "ohchr-voting-belarus-pandas.csv"


def _kind(row: dict[str, str]) -> str:
    """The text a row voted on, by the catalogue's title tail (the test's own reading of the file)."""
    return row["title"].rstrip(" /").rsplit(" ", 1)[-1]


def _subject_is_belarus(row: dict[str, str]) -> bool:
    return "BELARUS" in row["agenda_subject"].split(" - ")


def test_amendments_are_amendments_listed_only_when_asked_and_never_charted():
    said = _imported(VOTES_2020)
    rows = [r for r in _rows(VOTES_2020) if _subject_is_belarus(r)]
    amendments = {r["symbol"]: r for r in rows if _kind(r) == "amendment"}
    texts = {r["symbol"] for r in rows if _kind(r) != "amendment"}
    assert amendments and texts and f"{len(rows)} events" in said
    # by default: the resolutions and decisions only
    assert {r["symbol"] for r in ok_json("votes")} == texts
    # asked for: each amendment as what it is, with the draft it amends and what became of it
    shown = {r["symbol"]: r for r in ok_json("votes", "--amendments")}
    assert set(shown) == texts | set(amendments)
    for symbol, row in amendments.items():
        got = shown[symbol]
        assert got["action"] == "amendment", symbol
        assert got["amends"] == row["draft"].split(" to draft resolution ")[1].split()[0]
        assert got["outcome"] == "rejected" and "Rejected" in row["draft"]
        assert "amendment" in got["summary"] and "rejected" in got["summary"]
    assert all(shown[s]["action"] == "resolution" and shown[s]["outcome"] == "adopted" for s in texts)
    # the table marks them; the charts of votes hold the resolutions' tallies only
    for args in ((), ("--amendments",)):
        table = run("votes", *args, env={"COLUMNS": "200"})
        assert table.code == 0, table.stderr
        listing, charts = table.stdout.split("Votes in favour", 1)
        assert not any(symbol in charts for symbol in amendments), args
        assert all(symbol in charts for symbol in texts), args
        marked = [line for line in listing.splitlines() if "[Amendment to" in line]
        assert len(marked) == (len(amendments) if args else 0), args
        assert all(", rejected]" in line for line in marked)
        # left out, they are counted under the table with the option that lists them
        note = f"{len(amendments)} amendment(s) to the drafts not listed"
        assert (note in table.stdout) is not bool(args) and ("--amendments" in table.stdout) is not bool(args)


def test_every_tally_and_date_printed_matches_the_file():
    _imported(VOTES_2020)
    expected = {r["symbol"]: r for r in _rows(VOTES_2020) if _subject_is_belarus(r)}
    got = {r["symbol"]: r for r in ok_json("votes", "--amendments")}
    assert expected and set(got) == set(expected)
    for symbol, row in expected.items():
        for k in ("yes", "no", "abstain", "nonvoting"):
            assert got[symbol][k] == _n(row[k]), (symbol, k)
        assert got[symbol]["date"] == row["date"] and got[symbol]["vote_type"] == row["vote_type"]


def test_a_title_that_mentions_belarus_is_not_a_vote_on_belarus():
    rows = _rows(VOTES_2020)
    other = [r for r in rows if "belarus" in r["title"].casefold() and not _subject_is_belarus(r)]
    assert other  # the Ukraine resolution's title names Belarus; its subject is Ukraine
    said = _imported(VOTES_2020)
    left = len(rows) - sum(_subject_is_belarus(r) for r in rows)
    assert f"left out {left} row(s)" in said
    shown = {r["symbol"] for r in ok_json("votes", "--amendments")}
    assert shown and not shown & {r["symbol"] for r in other}


@pytest.mark.parametrize(
    ("title", "about"),
    [
        ("Situation of human rights in Belarus : resolution /", True),
        ("Human rights situation  in Belarus : resolution /", True),
        ("Outcome of the universal periodic review : Belarus : decision /", True),
        ("Situation of human rights in Ukraine stemming from the aggression, also from Belarus : resolution /", False),
        ("Cooperation with Belarus and Ukraine on technical assistance : resolution /", False),
    ],
)
def test_without_a_subject_a_title_on_the_country_pattern_decides(title, about):
    from hrcli.importer.voting import about_belarus

    assert about_belarus({"title": title, "agenda_subject": ""}) is about
    # a subject, where the row has one, decides over the title
    assert about_belarus({"title": title, "agenda_subject": "HUMAN RIGHTS - UKRAINE"}) is False
    assert about_belarus({"title": title, "agenda_subject": "BELARUS - SPECIAL RAPPORTEURS"}) is True


def test_non_recorded_votes_and_empty_recorded_tallies_import_with_all_states():
    rows = _rows(VOTES_2020)
    non_recorded = [r for r in rows if r["vote_type"].startswith("NON-RECORDED")]
    assert non_recorded and any(not r["yes"] for r in non_recorded) and any(r["yes"] for r in non_recorded)
    r = run("import", str(VOTES_2020), "--all-states")
    assert r.code == 0, r.stderr
    assert f"added 1 source, {len(rows)} events" in r.stderr
    # listed with --all-states, each with its subject; only the votes on Belarus are charted
    table = run("votes", "--all-states", env={"COLUMNS": "200"})
    listing, charts = table.stdout.split("Votes in favour", 1)
    others = [r["symbol"] for r in rows if not _subject_is_belarus(r) and r["yes"]]
    assert others and all(s in listing for s in others) and not any(s in charts for s in others)
    # each is the text the catalogue names, though the oldest symbols ('E/HR/RES', 'E/CN.4/DEC(II)') hide it
    from hrcli.importer.voting import kind

    assert [kind(r) for r in non_recorded] == [_kind(r) for r in non_recorded]
    assert {_kind(r) for r in non_recorded} == {"resolution", "decision"}


def test_a_non_recorded_adoption_on_belarus_is_kept_without_tallies(tmp_path):
    path = _with(tmp_path, {k: "" for k in ("yes", "no", "abstain", "nonvoting", "total")})
    text = path.read_text(encoding="utf-8").replace(",RECORDED,", ',"NON-RECORDED, adopted unanimously",', 1)
    path.write_text(text, encoding="utf-8")
    changed = next(r for r in _rows(path) if r["vote_type"].startswith("NON-RECORDED"))
    _imported(path)
    got = next(v for v in ok_json("votes") if v["symbol"] == changed["symbol"])
    assert [got[k] for k in ("yes", "no", "abstain", "nonvoting")] == [None] * 4
    assert got["vote_type"] == changed["vote_type"] and got["outcome"] == "adopted"
    assert "adopted" in got["summary"] and "recorded vote" not in got["summary"].replace("non-recorded", "")
    table = run("votes", env={"COLUMNS": "200"})
    line = next(s for s in table.stdout.splitlines() if changed["symbol"] in s)
    assert "Non-recorded, adopted unanimously" in line


def test_a_harvest_saved_by_pandas_imports_its_float_tallies_as_whole_numbers(tmp_path):
    raw = PANDAS.read_text(encoding="utf-8")
    assert ",23.0," in raw  # the shape: tallies written as floats
    rows = _rows(PANDAS)
    _imported(PANDAS)
    got = {r["symbol"]: r for r in ok_json("votes", "--amendments")}
    assert got and set(got) == {r["symbol"] for r in rows}
    for row in rows:
        for k in ("yes", "no", "abstain", "nonvoting"):
            want = int(float(row[k])) if row[k] else None
            assert got[row["symbol"]][k] == want and (want is None or isinstance(got[row["symbol"]][k], int))
    # a true fraction is still refused
    bad = tmp_path / "cut.csv"
    bad.write_text(raw.replace(",23.0,", ",23.5,", 1), encoding="utf-8")
    r = run("import", str(bad))
    assert r.code == 2 and "a recorded vote needs whole tallies" in r.stderr


def test_a_corrected_file_imported_again_at_the_same_path_holds_one_tally_per_vote(tmp_path):
    """An upstream correction of one tally, re-downloaded to the same path: votes lists the vote once, with the
    corrected tally (the old one removed, said in the import's one line)."""
    rows = _rows()
    path = tmp_path / "resolutions.csv"
    shutil.copy(VOTES, path)
    _imported(path)
    fixed = next(r for r in _on_belarus(rows) if r["abstain"].strip() and int(r["abstain"]) > 0)
    fixed["abstain"], fixed["nonvoting"] = str(int(fixed["abstain"]) - 1), str(int(fixed["nonvoting"] or 0) + 1)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    said = _imported(path)
    assert "added 1 event; removed 1 no longer in the file (changed or gone)" in said, said
    shown = [r for r in ok_json("votes") if r["symbol"] == fixed["symbol"]]
    assert [(r["abstain"], r["nonvoting"]) for r in shown] == [(_n(fixed["abstain"]), _n(fixed["nonvoting"]))]
    assert len(ok_json("votes")) == len(_on_belarus(rows))


def _excel_saved(tmp_path: Path, rows: list[dict[str, str]], form: str) -> Path:
    """The file as Excel writes it back: UTF-8 with a BOM, CRLF, dates in the locale's order (UK 17/04/2003,
    US 4/17/2003)."""
    out = []
    for r in rows:
        y, m, d = r["date"].split("-")
        out.append(r | {"date": f"{d}/{m}/{y}" if form == "uk" else f"{int(m)}/{int(d)}/{y}"})
    path = tmp_path / f"resolutions-excel-{form}.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\r\n")
        w.writeheader()
        w.writerows(out)
    return path


@pytest.mark.parametrize("form", ["uk", "us"])
def test_dates_saved_by_excel_in_a_locales_order_are_read_in_the_order_the_column_shows(tmp_path, form):
    """03/04/2025 alone could be either day; the same column's 17/04/2003 (or 4/17/2003) settles it, said once;
    04/04/2023-like dates (day = month) are one day whichever comes first. They were refused row by row."""
    rows = _rows()
    ambiguous = [r for r in rows if int(r["date"][5:7]) <= 12 and int(r["date"][8:]) <= 12]
    assert ambiguous and len(ambiguous) < len(rows)
    said = _imported(_excel_saved(tmp_path, rows, form))
    first = "day" if form == "uk" else "month"
    assert said.count(f"read the dates of column 'date' with the {first} first") == 1
    got = {r["symbol"]: r["date"] for r in ok_json("votes")}
    assert got == {r["symbol"]: r["date"] for r in _on_belarus(rows)}


def test_a_column_whose_dates_never_tell_day_from_month_is_one_problem_with_both_readings(tmp_path):
    rows = [
        r for r in _rows() if int(r["date"][5:7]) <= 12 and int(r["date"][8:]) <= 12 and r["date"][5:7] != r["date"][8:]
    ]
    assert len(rows) >= 2
    r = run("import", str(_excel_saved(tmp_path, rows, "uk")))
    assert r.code == 2
    lines = [ln for ln in r.stderr.splitlines() if "field 'date'" in ln]
    assert len(lines) == 1 and f"({len(rows)} rows)" in lines[0], r.stderr
    y, m, d = rows[0]["date"].split("-")
    assert "no date has a number above 12 to tell whether the day or the month comes first" in lines[0]
    assert f"{d}/{m}/{y} is {y}-{m}-{d} if {int(d)} is the day, {y}-{d}-{m} if it is the month" in lines[0]


# ---- two overlapping voting files: the charts draw a vote once, or show where the files differ -----------------


def _harvest(path: Path, rows: list[dict[str, str]]) -> Path:
    """A voting-records file in the fixture's shape (its header, LF lines), its text cells in our own words."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(_rows()[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(
            r | {"title": "Rights situation in Belarus : text adopted /", "statement": "voted in plenary"} for r in rows
        )
    return path


def _recorded() -> list[dict[str, str]]:
    rows = [r for r in _on_belarus(_rows()) if r["vote_type"] == "RECORDED" and r["yes"].strip()]
    assert len(rows) >= 3
    return rows


def _chart(out: str, title: str) -> list[str]:
    """The bar lines of one chart in a drawn table."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(title))
    bars = []
    for line in lines[start + 1 :]:
        if not line.strip():
            break
        bars.append(line)
    assert bars
    return bars


def _two_harvests(tmp_path: Path, second: list[dict[str, str]]) -> tuple[str, str, str]:
    first = _recorded()[:2]
    _imported(_harvest(tmp_path / "harvest-may.csv", first))
    _imported(_harvest(tmp_path / "harvest-june.csv", second))
    a, b = (sorted({r["source"] for r in ok_json("votes") if "harvest-" + m in r["source"]}) for m in ("may", "june"))
    assert len(a) == len(b) == 1
    table = run("votes", env={"COLUMNS": "200"})
    assert table.code == 0, table.stderr
    assert "Sources differ" not in table.stderr  # said once, under the table
    return a[0], b[0], table.stdout


def test_a_vote_in_two_agreeing_datasets_is_charted_once_naming_both(tmp_path):
    rows = _recorded()
    shared, only = rows[0], rows[2]
    may, june, out = _two_harvests(tmp_path, [shared, only])
    # the machine rows stay one per record, each citing its own dataset
    listed = [(r["symbol"], r["source"]) for r in ok_json("votes")]
    assert sorted(s for s, _ in listed if s == shared["symbol"]) == [shared["symbol"]] * 2
    assert {src for s, src in listed if s == shared["symbol"]} == {may, june}
    for key, title in (("yes", "Votes in favour"), ("no", "Votes against"), ("abstain", "Votes abstaining")):
        bars = _chart(out, title)
        drawn = [b for b in bars if shared["symbol"] in b]
        assert len(drawn) == 1, (title, bars)
        assert f" {shared[key]} vote" in drawn[0] and "in 2 datasets" in drawn[0], drawn
        alone = [b for b in bars if only["symbol"] in b]
        assert len(alone) == 1 and "datasets" not in alone[0]
    assert "Sources differ" not in out
    assert "Sources differ" not in run("votes", "--json").stderr


def test_datasets_that_disagree_on_a_tally_are_both_charted_with_their_sources(tmp_path):
    shared = _recorded()[0]
    corrected = shared | {"abstain": str(int(shared["abstain"]) + 2), "nonvoting": ""}
    may, june, out = _two_harvests(tmp_path, [corrected])
    abstaining = [b for b in _chart(out, "Votes abstaining") if shared["symbol"] in b]
    assert len(abstaining) == 2, abstaining
    for value, source in ((shared["abstain"], may), (corrected["abstain"], june)):
        assert any(f" {value} votes per {source} (sources differ)" in b for b in abstaining), abstaining
    # a tally they agree on is still one bar, given by both
    yes = [b for b in _chart(out, "Votes in favour") if shared["symbol"] in b]
    assert len(yes) == 1 and "in 2 datasets" in yes[0]
    # one line under the table names the symbol, what each source says and where
    line = next(x for x in out.splitlines() if x.startswith(f"Sources differ on {shared['symbol']}"))
    abstain, nonvoting = line.split(": ", 1)[1].split(" | ")
    assert abstain.startswith("abstain ") and nonvoting.startswith("nonvoting ")
    for value, source in ((shared["abstain"], may), (corrected["abstain"], june)):
        assert f"{value} in {source}, row 2" in abstain, line
    assert f"{_n(shared['nonvoting'])} in {may}, row 2" in nonvoting and f"none given in {june}" in nonvoting
    assert " yes " not in line  # the tallies they agree on are not said to differ
    # machine rows keep each record's own tally, nothing merged or added; the same line goes to stderr
    got = sorted((r["source"], r["abstain"]) for r in ok_json("votes") if r["symbol"] == shared["symbol"])
    assert got == sorted([(may, int(shared["abstain"])), (june, int(corrected["abstain"]))])
    for form in ("json", "csv"):
        r = run("votes", "--format", form)
        assert r.code == 0 and r.stderr.splitlines() == [line], (form, r.stderr)
        assert "Sources differ" not in r.stdout
    keys = {frozenset(r) for r in ok_json("votes")}
    assert len(keys) == 1 and set(next(iter(keys))) == set(VOTE_FIELDS)


@pytest.mark.parametrize("form", ["table", "html"])
def test_the_title_of_a_listing_with_other_states_says_so(form):
    """Markdown prints no title: the table and HTML do."""
    rows = _rows(VOTES_2020)
    others = [r["symbol"] for r in rows if not _subject_is_belarus(r)]
    assert others
    assert run("import", str(VOTES_2020), "--all-states").code == 0
    every = run("votes", "--all-states", "--format", form, env={"COLUMNS": "200"})
    assert every.code == 0, every.stderr
    assert any(s in every.stdout for s in others)  # the listing holds other States' votes ...
    assert "on Belarus and other States (--all-states)" in every.stdout  # ... and its title says so
    own = run("votes", "--format", form, env={"COLUMNS": "200"})
    assert "Resolutions and decisions on Belarus:" in own.stdout and "other States" not in own.stdout


def test_a_thematic_row_left_out_is_never_called_another_state(tmp_path):
    """A resolution on a theme (its subject names no State) is left out as not about Belarus, not as another
    State's."""
    rows = _rows()
    theme = dict(rows[0], record_id="1", symbol="A/HRC/RES/99/3", agenda_subject="FREEDOM OF OPINION AND EXPRESSION")
    theme["title"] = "Freedom of opinion and expression : resolution /"
    path = tmp_path / "resolutions.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows([*rows, theme])
    said = _imported(path)
    assert "left out 1 row(s) of resolutions.csv not about Belarus" in said
    assert "other States" not in said
    assert {r["symbol"] for r in ok_json("votes")} == {r["symbol"] for r in _on_belarus(rows)}


def test_an_amendment_is_told_by_its_draft_cell_when_the_title_lost_the_catalogue_s_tail(tmp_path):
    """A copy of the harvest whose titles were tidied (no ': amendment /' tail): the draft cell's 'Amendment ...'
    still makes each row an amendment, never a resolution on Belarus."""
    rows = _rows(VOTES_2020)
    amendments = {r["symbol"] for r in rows if _kind(r) == "amendment"}
    assert amendments
    for r in rows:
        r["title"] = r["title"].replace(" : amendment /", "")
    path = tmp_path / "resolutions.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    _imported(path)
    shown = {r["symbol"]: r for r in ok_json("votes", "--amendments")}
    assert {s for s, r in shown.items() if r["action"] == "amendment"} == amendments
    assert not amendments & {r["symbol"] for r in ok_json("votes")}  # not listed unless asked


def test_a_vote_cites_the_row_a_spreadsheet_shows(tmp_path):
    """A dataset row's locator is the row a spreadsheet shows (header row 1, a blank row counted, a cell of three
    lines one row), as the UPR profiles give it, never the text line where the record starts (G6)."""
    with open(DATA / "ohchr-voting-belarus.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    at = header.index("title")
    body[1][at] = f"{body[1][at]}\nsecond line of the title\nthird line"  # a cell of three lines in row 3
    body.insert(2, [])  # a blank row 4
    path = tmp_path / "ohchr-voting-belarus.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows([header, *body])
    # what a spreadsheet shows: each csv row is one row (a blank line is an empty row), the header row 1
    with open(path, encoding="utf-8", newline="") as fh:
        shown = {r[header.index("symbol")]: f"row {n}" for n, r in enumerate(csv.reader(fh), 1) if r}
    assert path.read_text(encoding="utf-8").count("\n") > len(shown) + 2  # lines and rows differ
    r = run("import", str(path))
    assert r.code == 0, r.stderr
    got = {x["symbol"]: x["locator"] for x in ok_json("votes")}
    mine = {s: got[s] for s in got if s in shown}
    assert len(mine) >= 3 and all(mine[s] == shown[s] for s in mine), mine
    assert mine["E/CN.4/RES/2005/13"] == "row 5"
    cite = next(s for s in ok_json("sources") if s["id"].startswith("ohchr-voting"))
    assert "row" in cite["cite"] and "line" not in cite["cite"]


def test_the_table_says_how_each_text_was_adopted_and_a_non_recorded_tally_is_not_charted(tmp_path):
    """A NON-RECORDED vote with tallies (hundreds in the real harvest) is marked non-recorded in the table's Vote
    column and listed with its tallies, never charted beside the recorded votes; recorded and without-vote texts
    say so."""
    text = VOTES.read_bytes().decode("utf-8")
    (line,) = [ln for ln in text.splitlines() if ",A/HRC/RES/47/19," in ln]
    assert ",RECORDED," in line
    path = tmp_path / "resolutions.csv"
    path.write_bytes(text.replace(line, line.replace(",RECORDED,", ",NON-RECORDED,", 1)).encode("utf-8"))
    _imported(path)
    rows = {r["symbol"]: r for r in ok_json("votes")}
    nr = rows["A/HRC/RES/47/19"]
    assert nr["vote_type"] == "NON-RECORDED" and nr["yes"] is not None  # the machine rows as the file gives them
    table = run("votes", env={"COLUMNS": "150"})
    assert table.code == 0, table.stderr
    out = table.stdout.splitlines()
    (row,) = [ln for ln in out if "A/HRC/RES/47/19" in ln and "2021" in ln and "█" not in ln]
    assert re.search(rf"non-recorded\s+{nr['yes']}-{nr['no']}-{nr['abstain']}\b", row), row
    kinds = {"RECORDED": "recorded", "ADOPTED WITHOUT VOTE": "without vote"}
    checked = 0
    for symbol, r in rows.items():
        want = kinds.get(r["vote_type"] or "")
        if want is None:
            continue
        (row,) = [ln for ln in out if f" {symbol} " in ln and "█" not in ln]
        assert re.search(rf"{symbol}\s+{want}\b", row) and "non-recorded" not in row, row
        checked += 1
    assert checked >= 2
    bars = [ln for ln in out if "█" in ln]
    assert bars and not any("A/HRC/RES/47/19" in ln for ln in bars)
    recorded = [s for s, r in rows.items() if r["vote_type"] == "RECORDED" and r["yes"] is not None]
    assert recorded and all(any(s in ln for ln in bars) for s in recorded)
    assert "1 non-recorded vote(s): tallies listed as the file gives them, not charted" in table.stdout


def test_a_filter_that_keeps_no_vote_never_says_to_import_votes(isolated):
    """With votes imported, a filter that keeps none says so; the advice to import voting records is for a fact
    base that holds none."""
    r = run("votes")
    assert r.code == 0 and "No votes recorded: import OHCHR's voting records" in r.stdout + r.stderr
    assert run("import", str(DATA / "ohchr-voting-belarus.csv")).code == 0
    r = run("votes", "--from", "2090")
    assert r.code == 0, r.stderr
    assert "No votes match these filters." in r.stdout + r.stderr
    assert "import OHCHR" not in r.stdout + r.stderr


@pytest.mark.parametrize("width", ["60", "80", "90", "100", "160"])
def test_every_width_shows_each_votes_source_and_row(isolated, width):
    """Who said it and where is never dropped to fit a terminal: each vote's dataset and row are drawn at every
    width, as a column or in the row's block."""
    rows = _on_belarus(_rows())
    assert rows
    assert run("import", str(DATA / "ohchr-voting-belarus.csv")).code == 0
    r = run("votes", env={"COLUMNS": width})
    assert r.code == 0, r.stderr
    flat = " ".join(r.stdout.split())
    listed = [x["locator"] for x in ok_json("votes")]
    assert listed
    for place in listed:
        assert f"ohchr-voting-belarus, {place}" in flat, (width, place)
