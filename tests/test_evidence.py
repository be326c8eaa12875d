"""passages.evidence: the years, months and figures a passage gives as evidence for a record."""

from __future__ import annotations

from hrcli.passages import evidence

# -- issue 22, written against hand mutants (scripts/mutants.py) ---------------------------------------------------


def test_a_years_span_includes_its_first_and_last_year():
    text = "during 2008-2010 the office"
    assert all(evidence.contains_year(text, y) for y in ("2008", "2009", "2010"))
    assert not evidence.contains_year(text, "2011")


def test_evidence_finds_the_month_the_grouped_figure_and_its_summary_figures():
    class Rec:
        value = 3200
        summary = "zq 1,500 people"
        date = "2011-12-05"

    pats = evidence.evidence_terms(Rec())
    import re

    text = "On 5 December 2011, 3,200 people and 1,500 more"
    for needle in ("December", "3,200", "1,500", "2011", "5"):
        assert any(re.search(p, needle) for p in pats), needle
    assert not any(re.search(p, "November") for p in pats)
    assert evidence.figures_in(text) == ["5", "2011", "3200", "1500"]
