"""The third reading of the fact base (issue 34), asserted through the CLI.

Each expectation was checked against its passage in ../shared/sources/; docs/dev/reading-2026-12.md
says, for each, what the passage says and what was wrong before.
"""

from __future__ import annotations

import pytest

from conftest import by_id, ok_json, run

PLEDGES_2007 = 19  # gov-2007, Annex, paras. 1-21: the annex's pledges, one record each


def show(record_id: str) -> dict:
    (row,) = ok_json("show", record_id)
    return row


# -- Misleading ------------------------------------------------------------------------------------


def test_gov2014_statement_of_principle_is_a_government_position():
    """gov-2014, Annex, introduction, para. 6: the Government's own principle, not a recommendation to Belarus."""
    rec = show("g14-pos-international-efforts-principles")
    assert (rec["kind"], rec["action"], rec["voice"]) == ("claim", "position", "government")
    assert rec["locator"] == "Annex, introduction, para. 6"
    # the id it had is still found: in the record's note (search) and by show's suggestion
    found = ok_json("search", "g14-rec-international-efforts-principles")
    assert [r["id"] for r in found] == ["g14-pos-international-efforts-principles"]
    gone = run("show", "g14-rec-international-efforts-principles")
    assert gone.code == 2 and "g14-pos-international-efforts-principles" in gone.stderr


def test_recommendations_hold_no_government_position():
    recs = ok_json("timeline", "--kind", "recommendation")
    assert recs
    assert not [r for r in recs if r["action"] == "position" or r["voice"] == "government"]


def test_the_2007_pledges_are_pledged_not_done():
    pledges = [
        r
        for r in ok_json("timeline", "--source", "gov-2007", "--action", "pledge")
        if r["id"].startswith("g07-pledge-")
    ]
    assert len(pledges) == PLEDGES_2007
    for r in pledges:
        assert show(r["id"])["status"] == "pledged", r["id"]


def test_status_done_no_longer_selects_a_pledge_and_status_pledged_selects_them_all():
    done = ok_json("timeline", "--status", "done", "--action", "pledge")
    # only the act of transmitting the pledges with the letter (Letter, para. 2) was done
    assert [r["id"] for r in done] == ["g07-pledges-submitted-res-60-251"]
    pledged = ok_json("timeline", "--status", "pledged")
    assert len(pledged) == PLEDGES_2007
    assert {(r["source"], r["action"]) for r in pledged} == {("gov-2007", "pledge")}


def test_a_pledge_shows_its_status_in_tables_and_on_the_html_page():
    r = run("timeline", "--source", "gov-2007", "--action", "pledge")
    assert r.code == 0 and "C pledged" in r.stdout  # the mark, explained under the table
    page = run("timeline", "--source", "gov-2007", "--action", "pledge", "--format", "html").stdout
    assert page.count('<span class="status-tag st-pledged">pledged</span>') == PLEDGES_2007
    csv = run("timeline", "--status", "pledged", "--format", "csv").stdout.splitlines()
    assert len(csv) == PLEDGES_2007 + 1 and all(",pledged," in line for line in csv[1:])


def test_cis_training_centre_keeps_the_limit_of_its_training():
    """Para. 32: the CIS base institution for training law-enforcement staff in migration and counter-trafficking."""
    assert "in migration and in combating trafficking" in show("unct-p32-intl-training-centre")["summary"]


# -- Omission --------------------------------------------------------------------------------------


def test_para12_acknowledged_growth_has_a_record_of_its_own():
    rec = show("unct-p12-growth-acknowledged")
    assert (rec["source"], rec["locator"], rec["kind"]) == ("unct-2009", "para. 12", "claim")
    assert "Government" in rec["summary"] and "rise in trafficking cases" in rec["summary"]
    assert "unct-p11-victims-decreasing-since-2005" in rec["note"]
    assert "unct-p12-growth-acknowledged" in show("unct-p11-victims-decreasing-since-2005")["note"]


# -- Smaller ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("record_id", ["unct-p36-elections-2004", "unct-p36-women-2004"])
def test_records_resting_on_the_last_elections_phrase_are_disputed(record_id):
    assert show(record_id)["disputed"] == "conflict-parliament-last-elections"


def test_trafficking_protocol_signature_comes_before_its_ratification():
    rows = ok_json("timeline", "--source", "unct-2009", "--topic", "treaties")
    ids = [r["id"] for r in rows]
    sig, rat = "unct-p4-trafficking-protocol-signature", "unct-p4-palermo-protocol-ratification-2003"
    assert sig in ids and rat in ids and ids.index(sig) < ids.index(rat)
    rec = show(sig)
    assert rec["end"] <= show(rat)["start"] == "2003-05-03"


def test_considering_accession_is_not_an_accession():
    accessions = ok_json("timeline", "--action", "accession")
    assert accessions
    assert "unct-p2-statelessness-accession-considered" not in by_id(accessions)
    assert show("unct-p2-statelessness-accession-considered")["action"] != "accession"


def test_para10_gap_is_an_assessment_and_the_recommendation_is_para50_alone():
    gap = show("unct-p10-travel-documents-gap")
    assert (gap["kind"], gap["action"]) == ("claim", "assessment")
    recs = [r for r in ok_json("timeline", "--kind", "recommendation") if "travel document" in r["summary"]]
    assert [r["locator"] for r in recs] == ["para. 50"]


def test_project_assessment_credits_consolidated_efforts_not_less_migration():
    summary = show("unct-p62-project-assessment")["summary"]
    assert "consolidating efforts to combat trafficking in women and to reduce illegal migration" in summary
    assert "to reducing illegal migration" not in summary


def test_expulsion_safeguard_keeps_must_ensure():
    summary = show("unct-p68-expulsion-due-process")["summary"]
    assert "must ensure" in summary and "should" not in summary


def test_commission_mandate_is_an_entitlement_about_childrens_rights():
    summary = show("unct-p14-commission-mandate")["summary"]
    assert "is empowered to" in summary and "protect children's rights" in summary
    assert "oversees public bodies" not in summary


def test_government_help_to_refugees_is_a_capacity():
    assert "is able to give notable help" in show("unct-p29-employment-housing-main-problems")["summary"]


def test_social_housing_is_for_permanently_registered_recognised_refugees():
    summary = show("unct-p24-social-housing-eligibility")["summary"]
    assert "Recognised refugees with permanent registration" in summary


def test_pledge_on_special_procedures_is_about_their_review_for_the_councils_sake():
    summary = show("g07-pledge-hrc-development-special-procedures")["summary"]
    assert "review of the special procedures" in summary and "so that the Council works effectively" in summary


def test_gov2007_visit_initiative_is_found_as_an_invitation():
    rows = by_id(ok_json("timeline", "--source", "gov-2007", "--action", "invitation"))
    rec = rows.get("g07-sr-trafficking-visit-initiated")
    assert rec and rec["locator"] == "Annex, para. 5" and rec["mechanism"] == "special-procedures"
    assert show("g07-sr-trafficking-visit-2007-planned")["action"] == "visit"


def test_general_assembly_decision_on_the_country_mandate_is_under_its_mechanism():
    rows = ok_json("timeline", "--mechanism", "general-assembly", "--from", "2007", "--to", "2007")
    ended = [r for r in rows if r["source"] == "gov-2011" and r["locator"] == "para. 1"]
    assert [r["id"] for r in ended] == ["g11-ga-2007-country-mandate-ended"]
    assert ended[0]["date"] == "2007" and ended[0]["action"] == "mandate"


def test_higher_no_visit_figure_keeps_over_10_beside_it():
    rec = show("mfa-sp-western-no-visit-15y")
    assert rec["value"] == 15 and "over 10" in rec["table"] + rec["label"]


def test_asylum_total_explanation_allows_a_cut_off_within_2009():
    (c,) = [r for r in ok_json("show", "conflict-asylum-total")]
    assert "part-way through 2009" in c["explanation"] and "42 applicants after 2008" in c["explanation"]


def test_cescr_disagreement_shows_its_assumption():
    c = show("conflict-cescr-report-date")
    assert "if both documents mean one report" in c["summary"]
    assert "holds only on an assumption" in c["explanation"]


def test_asylum_chart_marks_the_part_year():
    rows = ok_json("stats", "asylum", "--table", "Asylum applications by year")
    (partial,) = [r for r in rows if r["date"] == "2009-01/2009-09"]
    assert "part year" in partial["label"]
    chart = run("stats", "asylum", "--table", "Asylum applications by year").stdout
    bars = [line for line in chart.splitlines() if "█" in line]
    assert bars and any("part year" in b and b.rstrip().endswith("90 applications") for b in bars)


def test_events_at_ohchrs_invitation_are_two_series():
    intl, regional = show("g11-ohchr-events-2011"), show("g14-ohchr-regional-events-2012-2013")
    assert intl["table"] != regional["table"]
    assert intl["table"].startswith("International") and regional["table"].startswith("Regional")
