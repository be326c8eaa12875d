"""hrcli votes and the OHCHR voting-records profile (issue 29, item 3): the fixture in the real file's shape
(tests/data/datasets/ohchr-voting-belarus.csv, docs/dev/datasets.md §4) imports with no flags, and every tally,
symbol and count is checked against the file itself, read here with csv."""

from __future__ import annotations

import csv
import shutil
import sqlite3
from pathlib import Path

import pytest

from conftest import ok_json, run

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
        assert vote["voice"] == "other" and vote["locator"].startswith("line ")
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
    assert "left out 2 row(s) of resolutions.csv about other States than Belarus" in said
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
