"""The fact base says what the documents say: figures and dates per topic and committee, via the CLI.

Each expected value below was read off the source documents in ../shared/sources/; the locator
is asserted too, because a figure without its place is not citable.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

import hrcli
from conftest import NEEDS_SOURCES, REPO, SHARED, by_id, ok_json, run


def stat(topic: str) -> dict[str, dict]:
    return by_id(ok_json("stats", topic))


def test_trafficking_figures():
    s = stat("trafficking")
    assert (s["unct-p11-trafficking-cases-2008"]["value"], s["unct-p11-trafficking-cases-2008"]["locator"]) == (
        42,
        "para. 11",
    )
    assert s["unct-p11-criminal-cases-2005"]["value"] == 159 and s["unct-p11-criminal-cases-2005"]["date"] == "2005"
    assert s["unct-p12-victims-recognised"]["value"] == 3000 and s["unct-p12-victims-recognised"]["qualifier"] == "over"
    assert s["unct-p12-victims-reintegration"]["value"] == 1819
    # para. 57 restates the 1,819 of para. 12: one row, at its first place, noting the restatement
    assert [r["id"] for r in s.values() if r["value"] == 1819] == ["unct-p12-victims-reintegration"]
    assert s["unct-p12-victims-reintegration"]["locator"] == "para. 12"
    assert "para. 57" in s["unct-p12-victims-reintegration"]["note"]
    assert s["unct-p32-ct-units-count"]["value"] == 7
    assert s["g14-trafficking-seminar-2013-05-countries"]["value"] == 22
    assert s["unct-p3-palermo-signatories-2000"]["value"] == 80
    assert all(r["voice"] in {"government", "un-country-team"} for r in s.values())


def test_asylum_figures_and_periods():
    s = stat("asylum")
    periods = {
        s[i]["date"]: s[i]["value"]
        for i in ("unct-p21-asylum-1995-2000", "unct-p21-asylum-2001-2004", "unct-p21-asylum-2005-2008")
    }
    assert periods == {"1995/2000": 2220, "2001/2004": 649, "2005/2008": 354}
    assert s["unct-p21-asylum-total"]["value"] == 3265
    years = {
        s[i]["label"][:4]: s[i]["value"]
        for i in s
        if s[i]["table"] == "Asylum applications by year" and s[i]["unit"] != "percent"
    }
    assert years == {"1998": 950, "2000": 434, "2004": 151, "2007": 54, "2008": 91, "2009": 90}
    assert s["unct-p22-asylum-2009-jan-sep"]["date"] == "2009-01/2009-09"
    assert s["unct-p22-asylum-2008-increase"]["value"] == 40
    # para. 21 counts persons, para. 22 counts applications: the units say so
    assert s["unct-p21-asylum-2007"]["unit"] == "persons" and s["unct-p22-asylum-2008"]["unit"] == "applications"
    origins = {s[i]["label"]: s[i]["value"] for i in s if s[i]["table"] == "Asylum-seekers in 2008 by origin"}
    assert origins == {"Afghanistan": 31, "Georgia": 14, "Ukraine": 10, "Iran": 9}
    assert {r["source"] for r in s.values()} == {"unct-2009"}
    assert {r["voice"] for r in s.values()} == {"un-country-team"}


def test_refugee_figures():
    s = stat("refugees")
    assert s["unct-p23-refugees-recognised"]["value"] == 812
    assert s["unct-p23-refugees-recognised"]["date"] == "2009-10-01"
    assert s["unct-p23-refugees-children"]["value"] == 205
    assert s["unct-p23-refugees-remaining"]["value"] == 357
    assert s["unct-p23-refugees-naturalised"]["value"] == 106
    assert s["unct-p29-social-housing-persons-2007-2008"]["value"] == 79


def test_returns_add_up_to_the_stated_total():
    s = stat("returns")
    assert s["unct-p60-avr-counselled"]["value"] == 202
    assert s["unct-p60-avr-assisted"]["value"] == 109
    dest = {r["label"]: r["value"] for r in s.values() if r["table"] == "Assisted voluntary returns by destination"}
    assert dest["Georgia"] == 38 and dest["Vietnam"] == 18 and dest["Pakistan"] == 13
    assert len(dest) == 19
    assert sum(dest.values()) == s["unct-p60-avr-assisted"]["value"]  # the document's own arithmetic holds here
    assert all(r["locator"] == "para. 60" for r in s.values())


def test_reception_places():
    s = stat("reception")
    places = {r["label"].split(" (")[0]: r["value"] for r in s.values()}
    assert places == {"Vitebsk": 30, "Gomel": 26, "Brest": 12, "Minsk-2 International airport": 12}
    assert {r["unit"] for r in s.values()} == {"places"}


def test_women_in_parliament():
    s = stat("parliament")
    assert s["unct-p36-women-target"]["value"] == 30
    assert (s["unct-p36-women-2004"]["value"], s["unct-p36-women-2004"]["date"]) == (30.4, "2004")
    assert (s["unct-p36-women-2008"]["value"], s["unct-p36-women-2008"]["date"]) == (31.82, "2008")
    assert {r["unit"] for r in s.values()} == {"percent"}


def test_upr_counts_per_source():
    s = stat("upr")
    assert (s["g11-upr1-received"]["value"], s["g11-upr1-accepted"]["value"]) == (93, 75)
    assert (s["g14-upr1-received"]["value"], s["g14-upr1-accepted"]["value"]) == (93, 74)
    assert (s["mfa-upr3-received"]["value"], s["mfa-upr3-accepted"]["value"]) == (266, 156)
    assert s["g11-upr1-accepted"]["locator"] == "para. 6" and s["g14-upr1-accepted"]["locator"] == "UPR, para. 1"
    # both values are marked as disputed, never one picked silently
    assert s["g11-upr1-accepted"]["disputed"] == s["g14-upr1-accepted"]["disputed"] == "conflict-upr1-accepted"


def test_other_topics():
    hiv = stat("hiv")
    assert hiv["unct-p20-hiv-policy-score-laws"]["value"] == 8
    assert hiv["unct-p20-hiv-policy-score-implementation"]["value"] == 7
    assert hiv["unct-p8-art157-transmission-max"]["value"] == 7
    proj = stat("projects")
    assert proj["unct-p54-justice-project-expenditure"]["value"] == 850000
    assert proj["unct-p54-justice-project-expenditure"]["unit"] == "USD"
    assert proj["unct-p56-compendium-copies"]["value"] == 8000
    assert proj["unct-p56-compendium-pages"]["value"] == 3200
    assert proj["unct-p56-database-cds"]["value"] == 10000
    dev = stat("development")
    assert dev["mfa-hdi-2020-rank"]["value"] == 53 and dev["mfa-hdi-2020-very-high-countries"]["value"] == 66
    kids = stat("children")
    assert kids["unct-p38-children-violence-parents"]["value"] == 50
    assert kids["unct-p38-children-violence-parents"]["qualifier"] == "almost"
    coop = stat("cooperation")
    assert (
        coop["g11-ohchr-visits-2010-2011"]["value"] == 4 and coop["g11-ohchr-visits-2010-2011"]["date"] == "2010/2011"
    )


def _history(code: str) -> list[dict]:
    return ok_json("treaty", code)


def _has(rows, date: str, action: str, source: str, status: str = "done") -> bool:
    return any(
        r["date"] == date and r["action"] == action and r["source"] == source and r["status"] == status for r in rows
    )


@pytest.mark.parametrize(
    ("code", "date", "action", "source", "status"),
    [
        ("CAT", "2009-12", "report", "gov-2011", "done"),  # fifth periodic report
        ("CAT", "2018-04", "dialogue", "mfa-web", "done"),
        ("CAT", "2015/2016", "report", "gov-2014", "planned"),
        ("CERD", "2013-08", "report", "gov-2014", "done"),  # 18th-19th
        ("CERD", "2017-11", "dialogue", "mfa-web", "done"),
        ("CEDAW", "2011", "dialogue", "gov-2011", "done"),  # seventh report presented
        ("CEDAW", "2016-10", "dialogue", "mfa-web", "done"),
        ("CCPR", "2018-10", "dialogue", "mfa-web", "done"),
        ("CCPR", "2015/2016", "report", "gov-2014", "planned"),
        ("CRC", "2011", "dialogue", "gov-2011", "done"),
        ("CRC", "2020-01", "dialogue", "mfa-web", "done"),
        ("CESCR", "2010-11", "report", "gov-2011", "done"),
        ("CESCR", "2013-11", "report", "gov-2014", "done"),
        ("CESCR", "2022-02", "dialogue", "mfa-web", "done"),
        ("CRPD", "2022/..", "report-pending", "mfa-web", "pending"),
    ],
)
def test_committee_history(code, date, action, source, status):
    assert _has(_history(code), date, action, source, status)


def test_treaty_codes_accept_abbreviations_and_words():
    assert ok_json("treaty", "ICCPR") == ok_json("treaty", "ccpr")
    assert ok_json("treaty", "torture") == ok_json("treaty", "CAT")
    assert ok_json("treaty", "ICESCR") == ok_json("treaty", "CESCR")
    assert ok_json("treaty", "icerd") == ok_json("treaty", "CERD")


def test_treaty_overview_rows():
    rows = by_id(ok_json("treaty"))
    assert set(rows) == {"CAT", "CERD", "CEDAW", "CCPR", "CRC", "CESCR", "CRPD", "CORE"}
    assert rows["CESCR"]["last_dialogue"] == "2022-02"
    assert rows["CERD"]["last_report"] == "2013-08"
    assert rows["CRPD"]["pending"] and rows["CRPD"]["pending_id"]
    for r in rows.values():
        assert {"id", "date", "summary", "source", "locator"} <= set(r)


def test_treaty_status_dates():
    facts = by_id(ok_json("timeline", "--mechanism", "treaties"))
    dates = {r["date"] for r in facts.values() if r["action"] == "accession"}
    assert "2001-08" in dates  # 1951 Convention and 1967 Protocol
    assert any(r["date"] == "2003-05-03" and r["action"] == "ratification" for r in facts.values())  # Palermo
    claims = hrcli.load().facts(("claims",), mechanism="treaties")
    not_party = " ".join(c.summary + " " + c.title for c in claims if c.action == "not-party")
    for instrument in ("1954", "1961", "1997"):
        assert instrument in not_party


def test_special_procedures():
    rows = ok_json("invitations")
    standing = [r for r in rows if r["date"] == "2009-11-13"]
    assert standing and standing[0]["source"] == "gov-2011" and standing[0]["locator"] == "para. 3"
    mandates = [r for r in rows if r["source"] == "mfa-web" and r["locator"].startswith("HRC mechanisms, bullet")]
    assert len({r["locator"] for r in mandates}) == 9
    titles = " ".join(r["title"] or "" for r in mandates).lower()
    for word in (
        "religion",
        "health",
        "violence against women",
        "migrants",
        "education",
        "food",
        "racism",
        "slavery",
        "sale of children",
    ):
        assert word in titles
    assert any(r["date"] == "2014" and r["source"] == "gov-2014" for r in rows)  # renewed, wider invitation
    assert any(r["date"] == "2009-05" and r["action"] == "visit" for r in rows)  # trafficking rapporteur
    assert any(r["date"] == "2007" and r["action"] == "mandate" for r in rows)  # country mandate not renewed
    assert any(
        r["action"] == "position" and "mandate" in r["summary"].lower() and r["source"] == "mfa-web" for r in rows
    )


def test_upr_consultation_rounds_and_statuses():
    rows = [r for r in ok_json("upr") if r["kind"] == "event"]
    rounds = {r["date"]: r["status"] for r in rows if r["locator"].startswith("UPR, bullet")}
    assert rounds["2012-02"] == "done" and rounds["2013-12"] == "done" and rounds["2014-03"] == "done"
    assert rounds["2014-11/2014-12"] == "planned"
    assert any(r["date"] == "2015-21" and r["status"] == "planned" for r in rows)  # spring 2015, second cycle
    assert any(r["date"] == "2012-02" and r["action"] == "mid-term-report" for r in rows)


def test_hrc_candidature_and_resolutions():
    rows = ok_json("timeline", "--source", "gov-2007")
    text = " ".join(r["summary"] + " " + (r["title"] or "") for r in rows)
    for number in ("61/180", "61/166", "59/175", "2003/61"):
        assert number in text
    assert any(r["action"] == "candidature" and r["date"] == "2007-04-09" for r in rows)
    assert any(r["date"] == "2007-05" and r["status"] == "planned" for r in rows)
    # the annex pledges are Belarus's own commitments: events (the act of pledging), not recommendations
    pledges = [f for f in hrcli.load().facts(("events",), source="gov-2007") if f.action == "pledge"]
    assert len([p for p in pledges if p.locator.startswith("Annex")]) == 19


def test_unct_recommendations_are_listed():
    recs = [f for f in hrcli.load().facts(("recommendations",), source="unct-2009")]
    locs = {f.locator for f in recs}
    for para in (49, 50, 51, 52, 64, 68, 69):
        assert f"para. {para}" in locs


@pytest.mark.parametrize(
    ("cid", "values"),
    [
        ("conflict-upr1-accepted", {75, 74}),
        ("conflict-asylum-total", {3265, 3223}),
        ("conflict-asylum-2008-increase", {40, 68.5}),
        ("conflict-cescr-report-date", {"2010-11", "2013-11"}),
    ],
)
def test_recorded_disagreements(cid, values):
    sides = [r for r in ok_json("conflicts") if r["id"] == cid]
    # a number in value, or the source's words in value_text
    assert {r["value"] if r["value"] is not None else r["value_text"] for r in sides} == values
    assert all(r["source"] and r["locator"] for r in sides)


def test_derived_sides_hold_their_arithmetic():
    """A side marked derived is our arithmetic: it must follow from the source's own figures."""
    s = stat("asylum")
    total = sum(
        s[i]["value"] for i in ("unct-p21-asylum-1995-2000", "unct-p21-asylum-2001-2004", "unct-p21-asylum-2005-2008")
    )
    pct = (s["unct-p22-asylum-2008"]["value"] - s["unct-p21-asylum-2007"]["value"]) / s["unct-p21-asylum-2007"]["value"]
    derived = {r["id"]: r["value"] for r in ok_json("conflicts") if r["derived"]}
    assert derived["conflict-asylum-total"] == total == 3223
    assert derived["conflict-asylum-2008-increase"] == round(pct * 100, 1)


# -- rules every record follows -----------------------------------------------------------------

LOCATOR = {
    "gov-2011": r"para\. ([1-9]|1[0-4])",
    "gov-2007": r"(Letter, para\. [1-3]|Annex, paras?\. ([1-9]|1\d|2[01])([-,] ?([1-9]|1\d|2[01]))*)",
    "gov-2014": r"(Letter, para\. [12]|Annex, introduction, para\. [1-6]|UPR, (para\. [1-3]|bullet [1-4])"
    r"|Treaty bodies, (para\. [1-3]|bullet [12])|OHCHR, para\. [1-7]|fn\. [a-c])",
    "mfa-web": r"(Introduction, para\. [1-5]|Treaty bodies, para\. [1-3]|OHCHR, para\. [1-6]"
    r"|HRC mechanisms, (para\. [1-6]|bullet [1-9])(-[1-9])?|Bilateral dialogues, para\. [12])",
    "unct-2009": r"(paras?\. ([1-9]|[1-5]\d|6[0-9])((-| and |, )([1-9]|[1-5]\d|6[0-9]))*|fn\. [12])",
}


def test_every_locator_follows_its_source_convention():
    base = hrcli.load(user=False)
    bad = []
    for kind, recs in base.all().items():
        for r in recs:
            if kind == "sources":
                continue
            places = [(s.source, s.locator) for s in r.sides] if kind == "conflicts" else [(r.source, r.locator)]
            for src, loc in places:
                for part in loc.split("; "):
                    if not re.fullmatch(LOCATOR[src], part):
                        bad.append((r.id, src, loc))
    assert not bad


def test_every_source_has_a_voice_and_citation_rule():
    srcs = hrcli.load(user=False).sources
    assert set(srcs) == {"gov-2011", "mfa-web", "gov-2014", "gov-2007", "unct-2009"}
    assert {s.id for s in srcs.values() if s.voice == "government"} == {"gov-2011", "mfa-web", "gov-2014", "gov-2007"}
    assert srcs["unct-2009"].voice == "un-country-team"
    assert all(s.cite and s.title and s.date for s in srcs.values())


def test_every_topic_named_by_the_issue_has_stats():
    topics = {r["topic"] for r in ok_json("stats")}
    assert {"trafficking", "asylum", "refugees", "returns", "reception", "parliament", "upr"} <= topics


def test_plans_are_marked():
    rows = ok_json("timeline", "--status", "planned")
    assert rows and all(r["status"] == "planned" for r in rows)
    assert any(r["date"] == "2015" and r["source"] == "gov-2011" for r in rows)  # second UPR cycle due in 2015


def test_bundled_file_validates():
    r = run("validate")
    assert r.code == 0, r.stderr
    assert "no problems" in r.stderr


@pytest.mark.skipif(not (SHARED / "tools" / "own_words.py").exists(), reason=NEEDS_SOURCES)
def test_summaries_are_in_own_words():
    out = subprocess.run(
        [sys.executable, str(SHARED / "tools" / "own_words.py"), "data/facts.toml"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout
    assert out.stdout.strip().endswith("0 shared run(s) of 12+ words")


# the one place a document itself switches unit inside a series (paras. 21-22: asylum-seekers, then
# applications): kept as one series, and the view says so. Any other mixed table is a data error.
UNIT_SWITCHES = {("asylum", "Asylum applications by year"): {"persons", "applications"}}


def test_every_stats_table_has_one_unit():
    tables: dict[tuple[str, str], set[str]] = {}
    for s in hrcli.load(user=False).stats():
        tables.setdefault((s.topic, s.table), set()).add(s.unit)
    mixed = {k: v for k, v in tables.items() if len(v) > 1}
    assert mixed == UNIT_SWITCHES
