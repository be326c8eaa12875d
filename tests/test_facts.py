"""The fact base's corrections, asserted through `show --json` and the listings.

Each expectation was checked against the document in ../shared/sources/; docs/dev/audit-2026-12.md and
docs/dev/audit-2026-12-fresh-reading.md list what was wrong before."""

from __future__ import annotations

import pytest

from conftest import by_id, ok_json

# -- issue 10, corrections from the expert audit (docs/dev/audit-2026-12.md) ---------------------------------------


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
    # side, a count from 2009 and another after a 2014 widening, different measures, one period inside another,
    # a first *project* after a seminar and a request (issue 21), a report decided on and sent the same month
    assert not ids & {
        "conflict-upr1-implemented",
        "conflict-smuggling-protocol-status",
        "conflict-sp-invited-count",
        "conflict-sr-trafficking-visit-date",
        "conflict-core-document-date",
        "conflict-refugee-housing-period",
        "conflict-trafficking-trend",
        "conflict-national-referral-system",
        "conflict-ohchr-first-ta-project",
        "conflict-upr1-midterm-report-date",
    }
    assert ids == {
        "conflict-upr1-accepted",
        "conflict-asylum-total",
        "conflict-asylum-2008-increase",
        "conflict-cescr-report-date",
        "conflict-parliament-last-elections",
    }  # README: "Five recorded cases"


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


# -- the second expert reading (issue 21); docs/dev/audit-2026-12.md, section "Second reading" ---------------


def test_first_ta_project_and_earlier_ohchr_work_are_not_disputed():
    """gov-2014 OHCHR, para. 1 speaks of a first *project*; gov-2011 paras. 7 and 9 give a seminar and a request."""
    ids = (
        "g14-ohchr-2013-04-first-ta-project",
        "g11-ohchr-2010-07-training-minsk",
        "g11-ohchr-2010-12-cooperation-request",
    )
    recs = {i: ok_json("show", i)[0] for i in ids}
    assert all(r["disputed"] is None for r in recs.values())
    assert "no disagreement" in recs[ids[0]]["note"]
    assert ids[0] in recs[ids[1]]["note"] and ids[0] in recs[ids[2]]["note"]
    assert not {r["id"] for r in ok_json("timeline", "--disputed")} & set(ids)


def test_intermediate_report_decision_says_only_what_the_bullet_says():
    """UPR, bullet 1: a decision 'regarding' the report's preparation, not a decision to prepare it."""
    decision = ok_json("show", "g14-upr-consult-round1-2012-02-decision")[0]
    report = ok_json("show", "g14-upr1-2012-02-midterm-report")[0]
    assert "concerning the preparation" in decision["summary"] and "would be prepared" not in decision["summary"]
    assert (decision["date"], report["date"]) == ("2012-02", "2012-02")
    assert decision["disputed"] is None and report["disputed"] is None
    assert "g14-upr1-2012-02-midterm-report" in decision["note"]


def test_nhrap_support_invitation_is_a_past_act_before_the_2017_mission():
    """mfa-web OHCHR, para. 4: the invitation, then the October 2017 needs-assessment mission."""
    inv = ok_json("show", "mfa-ohchr-nhrap-support-invited")[0]
    assert (inv["kind"], inv["date"], inv["status"], inv["action"]) == ("event", "/2017-10", "done", "invitation")
    mission = ok_json("show", "mfa-ohchr-2017-10-needs-mission")[0]
    assert inv["end"] <= mission["end"]


def test_gov2011_dated_from_its_august_2011_event():
    """Para. 13 reports an August 2011 invitation: the 'to date' claims are as of August 2011 or later."""
    assert by_id(ok_json("sources"))["gov-2011"]["date"] == "2011-08/2012"
    rows = ok_json("timeline", "--source", "gov-2011", "--kind", "all")
    order = [r["id"] for r in rows]
    august = order.index("g11-hc-2011-08-invitation")
    for rid in ("g11-upr1-majority-implemented", "g11-upr1-over-70-percent-implemented", "g11-cescr-report-pending"):
        assert by_id(rows)[rid]["date"] == "2011-08/2012"
        assert (
            order.index(rid) > august or by_id(rows)[rid]["start"] == by_id(rows)["g11-hc-2011-08-invitation"]["start"]
        )


def test_widened_2014_invitation_was_issued_only_the_reply_is_pending():
    """gov-2014 OHCHR, para. 4: Belarus invited (done) and is awaiting a response (pending)."""
    inv = ok_json("show", "g14-sp-2014-invitation-expanded")[0]
    reply = ok_json("show", "g14-sp-invitation-awaiting-response")[0]
    assert (inv["date"], inv["status"]) == ("2014", "done")
    assert reply["status"] == "pending" and "g14-sp-invitation-awaiting-response" in inv["note"]


def test_fixed_unct_summaries_keep_the_sources_words():
    p28 = _summary("unct-p28-interests-refusal-clause")  # 'allows for denials ... without clearly stated reasons'
    assert "permits refusals without clearly stated reasons" in p28 and "unexplained" not in p28
    p62 = _summary("unct-p62-project-assessment")  # 'significantly contributed to strengthening', women trafficking
    assert "contributed significantly to strengthening" in p62 and "trafficking in women" in p62
    assert "built" not in p62
    p2 = _summary("unct-p2-statelessness-accession-considered")  # UNHCR lobbied
    assert "UNHCR's own lobbying" in p2 and "backed by" not in p2
    for rid in (
        "unct-p69-accept-returning-nationals",
        "unct-p69-safe-dignified-return",
        "unct-p69-no-punishment-for-departure",
    ):
        s = _summary(rid)
        assert s.startswith("As a country of origin") and "more attention" in s and "where applicable" in s


def test_local_integration_phase_one_has_one_status():
    """Para. 29 ('will be implemented in 2009-2010') and para. 47 ('Currently') of the same document."""
    p29 = ok_json("show", "unct-p29-local-integration-phase1")[0]
    p47 = ok_json("show", "unct-p47-local-integration-phase1")[0]
    assert p29["status"] == p47["status"] == "ongoing"
    assert p29["date"] == p47["date"] == "2009/2010"


def test_pledges_are_belarus_own_commitments_not_recommendations():
    """gov-2007's annex pledges (and gov-2014's stated plans with OHCHR) are found by --action pledge by default."""
    rows = ok_json("timeline", "--source", "gov-2007", "--action", "pledge")
    assert len(rows) == 20 and {r["kind"] for r in rows} == {"event"}
    assert len([r for r in rows if r["locator"].startswith("Annex")]) == 19
    assert {r["date"] for r in rows} == {"2007-04-09"}
    recs = ok_json("timeline", "--kind", "recommendation")
    assert recs and not [r for r in recs if r["action"] == "pledge"]
    plans = by_id(ok_json("timeline", "--source", "gov-2014", "--action", "pledge"))
    assert set(plans) == {"g14-pledge-ohchr-judicial-practice", "g14-pledge-ohchr-disability"}
    assert {(r["status"], r["date"]) for r in plans.values()} == {("planned", "2014-09-29/..")}


def test_hiv_laws_and_testing_ban_are_cross_noted_not_disputed():
    """Para. 6 (no special laws and provisions for people living with HIV) against para. 9 (HIV testing ban)."""
    p6 = ok_json("show", "unct-p6-no-special-hiv-laws")[0]
    p9 = ok_json("show", "unct-p9-hiv-testing-ban")[0]
    assert "unct-p9-hiv-testing-ban" in p6["note"] and "unct-p6-no-special-hiv-laws" in p9["note"]
    assert p6["disputed"] is None and p9["disputed"] is None


# -- issue 21, the fresh reading (docs/dev/audit-2026-12-fresh-reading.md) -----------------------------------------


def show(record_id: str) -> dict:
    return ok_json("show", record_id)[0]


@pytest.mark.parametrize(
    "record_id",
    [
        "unct-p26-reception-vitebsk",
        "unct-p26-reception-gomel",
        "unct-p26-reception-brest",
        "unct-p26-reception-minsk2-airport",
    ],
)
def test_reception_places_are_dated_to_the_submission(record_id):
    """Para. 26 gives the places as the facilities' current capacity: a figure as of late 2009, not timeless."""
    row = show(record_id)
    assert row["date"] == "2009"
    assert "currently" in row["note"]


@pytest.mark.parametrize(
    "record_id",
    [
        "unct-p15-reception-offices-oblasts",
        "unct-p20-hiv-policy-score-laws",
        "unct-p20-hiv-policy-score-implementation",
        "unct-p32-ct-units-count",
    ],
)
def test_undated_figures_carry_the_bound_of_their_own_records(record_id):
    """Each figure existed by the submission, like the event or claim it belongs to (all dated /2009)."""
    assert show(record_id)["date"] == "/2009"


def test_hiv_scores_stay_the_national_reports():
    note = show("unct-p20-hiv-policy-score-laws")["note"]
    assert "national HIV report" in note and "relayed by the UNCT" in note


def test_reception_offices_opener_is_not_invented():
    """Para. 15 says the offices 'were opened'; it does not say the Commission opened them."""
    rec = show("unct-p15-commission-reception-offices")
    assert "Commission opened" not in rec["summary"]
    assert "does not say who opened" in rec["note"]


def test_universal_access_targets_keep_their_scope():
    """Para. 6: the targets envisage universal access for Belarusian citizens, people living with HIV included."""
    summary = show("unct-p6-universal-access-targets")["summary"]
    assert "Belarusian citizens" in summary and "people living with HIV" in summary


@pytest.mark.parametrize(
    ("record_id", "overstated"),
    [
        ("unct-p43-hiv-ta-civil-society-participation", "set up partnership platforms"),
        ("unct-p43-hiv-ta-reproductive-health", "strengthened the ability"),
    ],
)
def test_joint_team_gave_technical_assistance_not_results(record_id, overstated):
    """Para. 43 lists areas in which the Joint UN Team on AIDS gave technical assistance, not outcomes."""
    summary = show(record_id)["summary"]
    assert "technical assistance" in summary
    assert overstated not in summary


def test_remaining_refugees_attribution_is_explained():
    """Para. 23: the 357 sit in the sentence after the state-statistics figure, which is not repeated there."""
    row = show("unct-p23-refugees-remaining")
    assert (row["value"], row["date"]) == (357, "2009-10-01")
    assert "this population" in row["note"]


def test_asylum_rise_note_keeps_the_units_apart():
    """Paras. 21-22 count persons for 2007 and applications for 2008; the 69% compares the two."""
    note = show("unct-p22-asylum-2008-increase")["note"]
    assert "conflict-asylum-2008-increase" in note and "applications" in note and "asylum-seekers" in note
