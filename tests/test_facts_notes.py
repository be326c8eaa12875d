"""What a record's summary and note let a reader take away: hedges and limits kept, aims not read as results,
drafts not listed as adopted, and the cross-references between records whose statements can all hold but
read apart would mislead (a note, never a [[conflicts]] entry). Asserted through ``hrcli show --json``.

Each expectation was checked against its passage in ../shared/sources/; docs/dev/reading-2026-12-fresh.md
logs the passage and what changed.
"""

from __future__ import annotations

import re

import pytest

from conftest import by_id, ok_json


def show(record_id: str) -> dict:
    return ok_json("show", record_id)[0]


def referenced(note: str) -> list[str]:
    """The record ids a note points to ('record unct-p66-...', 'records a, b and c')."""
    sources = {s["id"] for s in ok_json("sources")}
    ids = [i for i in re.findall(r"\b(?:unct|g07|g11|g14|mfa)-[a-z0-9-]*[a-z0-9]", note) if i not in sources]
    assert ids, f"the note points to no record: {note!r}"
    return ids


# ------------------------------------------------------------------ unct-2009


def test_full_compliance_with_the_trafficking_protocol_points_to_the_gaps_listed_later():
    """Para. 4: only the trafficking protocol is fully complied with; paras. 33-34 and 64-65 still list gaps in
    protecting victims (rehabilitation centre, compensation fund, referral system, State funding)."""
    note = show("unct-p4-smuggling-protocol-compliance")["note"]
    assert "paras. 33-34" in note and "64-65" in note
    gaps = referenced(note)
    assert {"unct-p33-state-rehab-centre", "unct-p64-state-compensation-fund"} <= set(gaps)
    for rid in gaps:
        assert show(rid)["source"] == "unct-2009"  # each pointer lands on a record of the same submission


def test_draft_resolutions_are_not_listed_as_adopted_resolutions():
    """Para. 31: Belarus tabled two draft resolutions; the paragraph does not say they were adopted."""
    rec = show("unct-p31-ga-draft-resolutions")
    assert rec["action"] != "resolution"
    assert "not resolutions adopted" in rec["note"]
    adopted = by_id(ok_json("timeline", "--action", "resolution", "--kind", "all"))
    assert "g07-ga-res-61-180-2006" in adopted  # the filter still finds the adopted ones
    assert "unct-p31-ga-draft-resolutions" not in adopted
    assert "unct-p31-ga-draft-resolutions" in by_id(ok_json("timeline", "--mechanism", "general-assembly"))


def test_more_prosecutions_points_to_the_case_and_victim_counts_of_para_11():
    """Para. 32 gives no prosecution figures; para. 11 counts cases revealed (159 in 2005) and victims falling."""
    note = show("unct-p32-more-prosecutions")["note"]
    assert "no figures" in note and "Para. 11" in note and "159" in note
    assert set(referenced(note)) == {"unct-p11-criminal-cases-2005", "unct-p11-victims-decreasing-since-2005"}
    for rid in referenced(note):
        assert show(rid)["locator"] == "para. 11"


def test_iom_prosecution_strand_is_about_trafficking_in_women():
    """Para. 57: the prosecution strand targets crimes of trafficking in women."""
    assert "trafficking in women" in show("unct-p57-iom-three-strands")["summary"]


def test_voluntary_return_programme_states_an_aim_and_the_control_side():
    """Para. 59: the programme serves a migration system that eases legal migration and tightens control of
    irregular migration; its training aims to equip the authorities (an aim, not a result)."""
    summary = show("unct-p59-avr-objectives")["summary"]
    assert "control of irregular" in summary
    assert "aims to" in summary
    assert "trains authorities" not in summary


# ------------------------------------------------------------------ government documents


def test_council_election_says_who_votes_and_that_no_document_reports_the_result():
    """gov-2007 Letter, paras. 1-2: a candidature for the May 2007 Council elections, sent to the General
    Assembly's President with pledges under resolution 60/251; none of the five documents gives the outcome."""
    election = show("g07-hrc-elections-2007-05")
    assert "General Assembly" in election["note"] and "60/251" in election["note"]
    assert "None of the five documents reports the outcome" in election["note"]
    candidature = show("g07-hrc-candidature-2007-2010")
    assert "None of the five documents reports the outcome" in candidature["note"]
    assert "g07-hrc-elections-2007-05" in referenced(candidature["note"])
    found = by_id(ok_json("search", "General", "Assembly", "--action", "election"))
    assert "g07-hrc-elections-2007-05" in found


@pytest.mark.parametrize("record_id", ["mfa-ohchr-trafficking-projects", "mfa-ohchr-trafficking-cooperation"])
def test_mfa_trafficking_projects_point_to_the_first_project_of_2013(record_id):
    """mfa-web OHCHR, para. 3 (long cooperation, a number of projects) against gov-2014 OHCHR, para. 1 (the
    April-June 2013 project was the first with OHCHR): both can hold, and the note bounds the projects."""
    note = show(record_id)["note"]
    assert "g14-ohchr-2013-04-first-ta-project" in referenced(note)
    assert "2013" in note and "no disagreement is recorded" in note
    assert show("g14-ohchr-2013-04-first-ta-project")["date"].startswith("2013-04")


def test_first_ohchr_project_points_back_to_the_mfa_projects():
    note = show("g14-ohchr-2013-04-first-ta-project")["note"]
    assert "mfa-ohchr-trafficking-projects" in referenced(note)


NOT_PARTY_2009 = {
    "unct-p2-not-party-1954-statelessness",
    "unct-p2-not-party-1961-statelessness",
    "unct-p2-not-party-1997-european-nationality",
    "unct-p66-migrant-workers-convention-not-ratified",
}


@pytest.mark.parametrize(
    "record_id", ["g07-party-almost-all-instruments", "g14-treaties-party-to-most", "mfa-tb-party-almost-all"]
)
def test_party_to_almost_all_points_to_what_unct_2009_says_is_missing(record_id):
    """unct-2009 para. 2 (statelessness conventions, European Convention on Nationality) and para. 66 (migrant
    workers' convention): instruments Belarus was not party to, beside the Government's 'almost all'/'most'."""
    note = show(record_id)["note"]
    assert "(para. 2)" in note and "(para. 66)" in note
    assert set(referenced(note)) == NOT_PARTY_2009
    for rid in NOT_PARTY_2009:
        assert show(rid)["action"] == "not-party"


def test_aim_of_resolution_61_166_is_the_governments_account():
    """gov-2007 Annex, para. 7: the Government says what its resolutions seek; the aim is not the title's."""
    summary = show("g07-ga-res-61-166-2006")["summary"]
    assert "the Government presents it as" in summary
    assert "which seeks" not in summary


def test_the_2007_pledge_on_the_special_procedures_review_is_found_by_topic():
    """gov F10 (gov-2007 Annex, para. 15): the pledge to help review the special procedures system had no topic,
    so a reader listing the pledges on cooperation with the mechanisms missed it."""
    (rec,) = ok_json("show", "g07-pledge-hrc-development-special-procedures")
    assert rec["topics"] == "cooperation"
    ids = [r["id"] for r in ok_json("timeline", "--topic", "cooperation", "--action", "pledge")]
    assert "g07-pledge-hrc-development-special-procedures" in ids
