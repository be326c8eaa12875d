"""What a record's summary and note let a reader take away: hedges and limits kept, aims not read as results,
drafts not listed as adopted, and the cross-references between records whose statements can all hold but
read apart would mislead (a note, never a [[conflicts]] entry). Asserted through ``hrcli show --json``.

Each expectation was checked against its passage in ../shared/sources/; docs/dev/reading-2026-12-fresh.md
logs the passage and what changed.
"""

from __future__ import annotations

import re

from conftest import by_id, ok_json


def show(record_id: str) -> dict:
    return ok_json("show", record_id)[0]


def referenced(note: str) -> list[str]:
    """The record ids a note points to ('record unct-p66-...', 'records a, b and c')."""
    ids = re.findall(r"\b(?:unct|g07|g11|g14|mfa)-[a-z0-9-]*[a-z0-9]", note)
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
