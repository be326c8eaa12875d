"""Corrections from the fresh reading of unct-2009 paras. 1-35 and of the refugees, children and HIV
records (issue 21), asserted through the CLI.

Each expectation was checked against the document in ../shared/sources/;
docs/dev/audit-2026-12-fresh-reading.md lists what was wrong before.
"""

from __future__ import annotations

import pytest

from conftest import ok_json


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
