"""Corrections from the expert audit (issue 10), asserted through the CLI.

Each expectation was checked against the document in ../shared/sources/; docs/dev/audit-2026-12.md
lists what was wrong before.
"""

from __future__ import annotations

from conftest import by_id, ok_json


def test_one_adoption_date_for_the_2008_2010_state_programme():
    """Para. 40: enacted by Decree No 624 of 6 December 2007. Para. 12 gives only the period it covers."""
    rows = by_id(ok_json("timeline", "--source", "unct-2009", "--topic", "trafficking"))
    decree = rows["unct-p40-decree-624-state-programme"]
    assert (decree["date"], decree["action"], decree["locator"]) == ("2007-12-06", "decree", "para. 40")
    period = rows["unct-p12-state-programme-2008-2010"]
    assert period["date"] == "2008/2010" and "adopt" not in period["summary"].lower()
    assert "unct-p40-decree-624-state-programme" in period["note"]


def test_report_period_is_not_an_event_date():
    """A national report 'for 2006-2007' was not written in 2006/2007; the source says only that it existed."""
    report = ok_json("show", "unct-p16-hiv-national-report-2006-2007")[0]
    assert report["date"] == "/2009"
    cis = ok_json("show", "unct-p31-cis-programme-2007-2010")[0]  # the record is the drafting, undated
    assert cis["date"] == "/2009" and cis["status"] == "done"


def test_smuggling_protocol_ratification_has_its_own_event():
    rows = by_id(ok_json("timeline", "--mechanism", "treaties", "--source", "unct-2009"))
    ev = rows["unct-p66-smuggling-protocol-ratification"]
    assert (ev["action"], ev["date"], ev["locator"]) == ("ratification", "/2009", "para. 66")


def test_disagreements_are_real_ones():
    ids = {r["id"] for r in ok_json("conflicts")}
    # 'a majority' and 'over 70%' and 'over two thirds' can all hold; para. 4's 'signing' covers a ratified protocol
    # values that can all hold are not a disagreement: floors that agree, a plan that slipped, an undated
    # side, a count from 2009 and another after a 2014 widening, different measures, one period inside another
    assert not ids & {
        "conflict-upr1-implemented",
        "conflict-smuggling-protocol-status",
        "conflict-sp-invited-count",
        "conflict-sr-trafficking-visit-date",
        "conflict-core-document-date",
        "conflict-refugee-housing-period",
        "conflict-trafficking-trend",
        "conflict-national-referral-system",
    }
    assert ids == {
        "conflict-upr1-accepted",
        "conflict-asylum-total",
        "conflict-asylum-2008-increase",
        "conflict-cescr-report-date",
        "conflict-parliament-last-elections",
        "conflict-ohchr-first-ta-project",
        "conflict-upr1-midterm-report-date",
    }  # README: "Seven recorded cases"


def test_first_technical_assistance_project_against_2010_cooperation():
    sides = [r for r in ok_json("conflicts") if r["id"] == "conflict-ohchr-first-ta-project"]
    assert {(r["source"], r["locator"], r["value_text"]) for r in sides} == {
        ("gov-2014", "OHCHR, para. 1", "2013-04/2013-06"),
        ("gov-2011", "para. 7", "2010-07"),
        ("gov-2011", "para. 9", "2010-12"),
    }
    ta = ok_json("show", "g14-ohchr-2013-04-first-ta-project")[0]
    assert ta["disputed"] == "conflict-ohchr-first-ta-project"


def test_intermediate_upr_report_submitted_the_month_it_was_decided():
    sides = [r for r in ok_json("conflicts") if r["id"] == "conflict-upr1-midterm-report-date"]
    assert {r["locator"] for r in sides} == {"UPR, para. 2", "UPR, bullet 1"}
    assert all(r["source"] == "gov-2014" for r in sides)


def test_asylum_total_says_what_is_missing():
    expl = next(r["explanation"] for r in ok_json("conflicts") if r["id"] == "conflict-asylum-total")
    assert "1995" in expl and "no end date" in expl
    assert "which period" not in expl


def _summary(rid: str) -> str:
    return ok_json("show", rid)[0]["summary"]


def test_summaries_keep_the_sources_hedges_and_attribution():
    """A reader sees the summary in a list, not the note: hedge and whose figure it is belong in the summary."""
    housing = _summary("unct-p24-housing-employment-problem")
    assert "Refugees keep raising" in housing and "some refugees" in housing and "in some cases" in housing
    assert "can be considered one of the best" in _summary("unct-p10-new-law-assessment")
    assert _summary("unct-p11-destinations-2008").startswith("According to Ministry of Interior information and IOM")
    assert "In UNHCR's opinion" in _summary("unct-p22-rising-trend-access")
    assert "In UNHCR's view" in _summary("unct-p45-local-integration-most-viable")
    assert "a majority" in _summary("g11-upr1-majority-implemented")
    assert _summary("unct-p16-no-hiv-nhri").startswith("As cited by the UNCT, the national HIV report")


def test_invitation_counts_both_returned_without_a_dispute():
    rows = {r["id"]: r for r in ok_json("stats", "invitations")}
    assert (rows["g11-sp-invited-2009"]["value"], rows["g11-sp-invited-2009"]["date"]) == (8, "2009-11-13")
    assert (rows["mfa-sp-invited"]["value"], rows["mfa-sp-invited"]["date"]) == (9, "2022/..")
    assert {r["unit"] for r in rows.values()} == {"mandates"}
    assert all(r["disputed"] is None for r in rows.values())


def test_undated_core_document_is_not_given_the_non_papers_period():
    core = ok_json("show", "g14-core-document")[0]
    assert core["date"] == "/2014-09-29" and core["disputed"] is None


def test_findings_dated_to_their_survey_or_report():
    assert ok_json("show", "unct-p38-domestic-violence-accepted")[0]["date"] == "2007/2008"
    assert ok_json("show", "unct-p16-no-hiv-nhri")[0]["date"] == "2006/2007"
    assert ok_json("show", "mfa-bilateral-eu-2020-suspended")[0]["date"] == "2020?"
