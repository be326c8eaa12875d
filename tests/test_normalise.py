"""The one canonical form both sides of a passage are reduced to: equal exactly when words and figures are."""

from __future__ import annotations

import unicodedata

import pytest

from hrcli.passages import fingerprint, match
from hrcli.passages.normalise import stream


def canon(text: str) -> str:
    return stream(text)[0]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("applications rose by 3,265 in all", "applications rose by 3 265 in all"),
        ("applications rose by 3,265 in all", "applications rose by 3\u202f265 in all"),
        ("women held 30.4% of the seats", "women held 30.4 % of the\r\nseats"),
        ("the Izsák report", unicodedata.normalize("NFD", "the Izsák report")),
        ("a ﬁnal word", "a final word"),
        ("the fol-\nlowing rights:\n• legal aid;", "the following rights:\n¾ legal aid;"),
        ("rights:\n\uf0b7 legal aid", "rights: legal aid"),
        ("in 2005-2008 there", "in 2005–\n2008 there"),
        ("refugees² came", "refugees came"),
    ],
)
def test_what_layout_changes_is_the_same_form(a, b):
    assert canon(a) == canon(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("held 30.4% of the seats", "held 304% of the seats"),
        ("comprise 31.82% of all", "comprise 3.182% of all"),
        ("91, which is 40% more", "91, which is 40 more"),
        ("a fall (9 in all)", "a fall (-9 in all)"),
        ("a fall (9 in all)", "a fall (−9 in all)"),
        ("in all 3,265 foreigners", "in all 3.265 foreigners"),
        ("in all 3,265 foreigners", "in all 3265 foreigners"),
        ("in all 3,265 foreigners", "in all 32,65 foreigners"),
        ("bullet ¾ of it", "bullet ½ of it"),
    ],
)
def test_a_changed_figure_is_another_form(a, b):
    assert canon(a) != canon(b)


def test_the_stream_points_back_at_the_text():
    text = "Izsa\u0301k: 3 265 (−9), 40%"
    s, where = stream(text)
    assert s == "izsák3,265-940%"
    assert len(where) == len(s) and where == sorted(where)
    assert text[where[s.index(",")]] == " " and text[where[s.index("-")]] == "−"


def test_a_copy_with_a_changed_figure_is_refused_and_the_same_figure_spaced_verifies():
    ref = "22. The total number of applications in 2008 was 3,265, which is 40% more than in 2007."
    fp = fingerprint.of_passage(ref)
    spaced = "Another line.\nThe total number of applications in\n2008 was 3 265, which is 40 % more than in 2007.\n"
    assert match.find(fp, match.Copy(spaced)) is not None
    for bad in ("3 265, which is 40 more", "3.265, which is 40% more", "-3,265, which is 40% more"):
        assert match.find(fp, match.Copy(spaced.replace("3 265, which is 40 % more", bad))) is None, bad
