"""The views that answer questions: `upr --summary` (counts per cycle and source) and `stats TOPIC`
(series first with their charts, single figures in one table, `--table NAME`)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest

import hrcli
from conftest import REPO, STAT_FIELDS, ok_json, run

SUMMARY = [
    "cycle",
    "year",
    "received",
    "accepted",
    "noted",
    "other",
    "no_response",
    "source",
    "locator",
    "voice",
    "disputed",
    "origin",
    "dataset",
]


def test_upr_summary_one_row_per_cycle_and_source_figure():
    rows = ok_json("upr", "--summary")
    assert [list(r) for r in rows] == [SUMMARY] * len(rows)
    got = [tuple(r.values()) for r in rows]
    assert got == [
        (
            1,
            2010,
            93,
            75,
            None,
            None,
            None,
            "gov-2011",
            "para. 6",
            "government",
            "conflict-upr1-accepted",
            "bundled",
            None,
        ),
        (
            1,
            2010,
            93,
            74,
            None,
            None,
            None,
            "gov-2014",
            "UPR, para. 1",
            "government",
            "conflict-upr1-accepted",
            "bundled",
            None,
        ),
        # a cycle the documents give no figures for (its review is a bundled event)
        (2, 2015, None, None, None, None, None, None, None, None, None, "bundled", None),
        (
            3,
            2020,
            266,
            156,
            None,
            None,
            None,
            "mfa-web",
            "HRC mechanisms, para. 2",
            "government",
            None,
            "bundled",
            None,
        ),
    ]


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "md", "table"])
def test_upr_summary_in_every_format(fmt):
    r = run("upr", "--summary", "--format", fmt)
    assert r.code == 0, r.stderr
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(r.stdout)))
        assert [(x["cycle"], x["received"], x["accepted"], x["source"]) for x in rows] == [
            ("1", "93", "75", "gov-2011"),
            ("1", "93", "74", "gov-2014"),
            ("2", "", "", ""),
            ("3", "266", "156", "mfa-web"),
        ]
    elif fmt == "jsonl":
        rows = [json.loads(line) for line in r.stdout.splitlines()]
        assert [(x["cycle"], x["accepted"]) for x in rows] == [(1, 75), (1, 74), (2, None), (3, 156)]
    elif fmt == "md":
        assert r.stdout.splitlines()[0] == "| " + " | ".join(SUMMARY) + " |"
        assert "| 3 | 2020 | 266 | 156 |  |  |  | mfa-web |" in r.stdout  # the documents give no noted count
    else:
        lines = r.stdout.splitlines()
        row75 = next(line for line in lines if " 75 " in line)
        assert "93" in row75 and " ! " in row75 and "gov-2011, para. 6" in row75
        assert "! disputed" in r.stdout  # the mark is explained under the table
        assert any(line.split()[:2] == ["2", "2015"] and len(line.split()) == 2 for line in lines)


def test_summary_table_leads_upr():
    out = run("upr").stdout
    assert out.index("per cycle, as each source counts them") < out.index("UPR: cycles, consultations")
    # machine formats of plain `upr` keep their records and fields
    assert {r["kind"] for r in ok_json("upr")} >= {"event", "claim", "stat"}


def _titles(out: str) -> list[str]:
    return [line.strip() for line in out.splitlines() if line and not line.startswith(" ")]


def test_stats_series_first_each_with_chart_then_other_figures():
    out = run("stats", "asylum").stdout
    titles = _titles(out)
    other = titles.index("Other figures")
    series = [t for t in titles[:other] if t.startswith(("Asylum", "Asylum-seekers"))]
    # every series title appears twice: its table, then its chart
    assert {t for t in series} == {
        "Asylum applications by period (persons)",
        "Asylum applications by year (the source switches unit within this series: persons, then applications)",
        "Asylum-seekers in 2008 by origin (persons)",
    }
    assert all(series.count(t) == 2 for t in set(series))
    assert titles.index("Recorded disagreements on this topic") > other
    single = out[out.index("Other figures") : out.index("Recorded disagreements")]
    assert "3265" in single and "40" in single  # the stated total and the stated rise are single figures


def test_stats_machine_fields_unchanged_and_every_row_once():
    rows = ok_json("stats", "trafficking")
    assert all(list(r) == list(STAT_FIELDS) for r in rows)
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)) == len(hrcli.load(user=False).stats("trafficking"))


def test_series_and_single_figures_come_from_the_data():
    from hrcli.views.stats import split_tables

    stats = hrcli.load(user=False).stats()
    series, singles = split_tables(stats)
    assert all(len(rows) >= 2 for rows in series.values()) and all(len(r) == 1 for r in singles.values())
    assert len(stats) == sum(len(r) for r in series.values()) + len(singles)
    assert "Justice standards project (2007-2009): total expenditure" in singles
    assert "Assisted voluntary returns by destination" in series


def test_table_option_prints_one_table():
    rows = ok_json("stats", "asylum", "--table", "asylum applications by YEAR")
    assert {r["table"] for r in rows} == {"Asylum applications by year"}
    assert [r["value"] for r in rows] == [950, 434, 151, 54, 91, 90]
    other = ok_json("stats", "projects", "--table", "Other figures")
    assert {r["unit"] for r in other} == {"USD", "areas", "volumes", "pages", "copies", "CDs"}
    one = ok_json("stats", "projects", "--table", "Justice standards project (2007-2009): total expenditure")
    assert [(r["value"], r["unit"], r["locator"]) for r in one] == [(850000, "USD", "para. 54")]
    table = run("stats", "returns", "--table", "Assisted voluntary returns by destination").stdout
    assert "Georgia" in table and "█" in table and "Other figures" not in table and "Recorded" not in table


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["stats", "asylum", "--table", "Asylum aplications by year"], "Did you mean 'Asylum applications by year'?"),
        (["stats", "--table", "Other figures"], "--table needs a TOPIC"),
    ],
)
def test_table_option_usage_errors(args, message):
    r = run(*args)
    assert r.code == 2 and message in r.stderr and r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1


def test_table_names_are_completed():
    env = {
        **os.environ,
        "_HRCLI_COMPLETE": "complete_bash",
        "COMP_WORDS": "hrcli stats asylum --table Asylum",
        "COMP_CWORD": "4",
    }
    r = subprocess.run([sys.executable, "-m", "hrcli"], env=env, capture_output=True, text=True, cwd=REPO)
    assert r.returncode == 0, r.stderr
    names = [n.replace("\\ ", " ") for n in r.stdout.splitlines()]  # bash gets spaces escaped: one word each
    assert "Asylum applications by year" in names and "Asylum-seekers in 2008 by origin" in names
    assert all(n.startswith("Asylum") for n in names)


def test_open_bounds_are_edtfs_and_machine_formats_say_null():
    from hrcli import edtf
    from hrcli.views import records

    assert records.UNKNOWN_BOUNDS == (edtf.OPEN_LO, edtf.OPEN_HI)
    days = (edtf.OPEN_LO, edtf.OPEN_HI, "", "2011-05-01")
    assert [records.bound(d) for d in days] == [None, None, None, "2011-05-01"]
