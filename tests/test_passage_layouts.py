"""Each layout's block parser and the locator grammar on small made-up texts (no ../shared needed).

The texts imitate how each bundled document was extracted, with invented sentences: the source id
only picks the layout (and its section headings).
"""

from __future__ import annotations

import pytest

from hrcli import passages
from hrcli.passages.layouts import LAYOUTS, PLAIN, layout_for


def text(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def spans(source: str, body: str) -> dict[str, tuple[int, int]]:
    """locator -> (first, last) line of its passage, in document order."""
    out = {}
    for loc in passages.locators(source, body):
        p = passages.resolve(source, loc, body)
        out[loc] = (p.first, p.last)
    return out


# gov-2011 and gov-2014: a blank line after every line; ' ' + capital opens a paragraph
DOUBLE = text(
    "A MADE-UP SUMMARY OF COOPERATION",  # 1 title at the margin
    "",
    " The first paragraph starts with one space and",  # 3
    "",
    "carries on at the margin after a blank line.",  # 5
    "",
    " The second paragraph is short.",  # 7
    "",
)


def test_double_spacing_blank_lines_delimit_nothing():
    assert spans("gov-2011", DOUBLE) == {"para. 1": (3, 5), "para. 2": (7, 7)}
    p = passages.resolve("gov-2011", "para. 1", DOUBLE)
    assert p.text == "The first paragraph starts with one space and carries on at the margin after a blank line."


# gov-2014: sections by heading, bullets, and a footnote block that interrupts a paragraph
SECTIONS = text(
    " A covering letter sentence that ends here.",  # 1
    "",
    "  Annex to the letter of an invented date",  # 3 heading -> 'Annex, introduction'
    "",
    " The annex opens with a sentence that a note",  # 5
    "",
    "__________________",  # 7 the footnote rule
    "",
    " a Invented note text, at an invented address.",  # 9
    "",
    " b A second invented note.",  # 11
    "",
    " interrupts, and it resumes after the notes.",  # 13 one space + lower case: the paragraph resumes
    "",
    "  Belarus and the universal periodic review",  # 15 heading -> 'UPR'
    "",
    "• A first made-up round of talks,",  # 17
    "",
    "held over two lines.",  # 19
    "",
    "• A second made-up round.",  # 21
    "",
    " A closing paragraph of the section.",  # 23
    "",
    "(Signed) Somebody",  # 25 not a paragraph
)


def test_sections_bullets_and_a_footnote_block_inside_a_paragraph():
    assert spans("gov-2014", SECTIONS) == {
        "Letter, para. 1": (1, 1),
        "Annex, introduction, para. 1": (5, 13),
        "fn. a": (9, 9),
        "fn. b": (11, 11),
        "UPR, bullet 1": (17, 19),
        "UPR, bullet 2": (21, 21),
        "UPR, para. 1": (23, 23),
    }
    para = passages.resolve("gov-2014", "Annex, introduction, para. 1", SECTIONS).text
    assert para == "The annex opens with a sentence that a note interrupts, and it resumes after the notes."
    assert passages.resolve("gov-2014", "fn. a", SECTIONS).text == "a Invented note text, at an invented address."
    bullet = passages.resolve("gov-2014", "UPR, bullet 1", SECTIONS)
    assert bullet.text == "• A first made-up round of talks, held over two lines."
    # the grammar forgives case and spacing, never the section
    assert passages.resolve("gov-2014", "upr,  Bullet 2", SECTIONS).text == "• A second made-up round."
    with pytest.raises(passages.LocatorError, match="no 'bullet 2'"):
        passages.resolve("gov-2014", "bullet 2", SECTIONS)


# gov-2007: blank-line paragraphs; an indented line right after text is a page-break join
SINGLE = text(
    " The covering letter runs over",  # 1
    "two lines.",  # 2
    "",
    "  Annex to the letter",  # 4 two spaces after a blank line, no full stop: a heading
    "",
    " An annex paragraph that a page break",  # 6
    "cuts short.",  # 7
    "  A new paragraph joined to it by the extraction.",  # 8 page-break join: a paragraph of its own
    "",
    "   A TITLE INDENTED BY THREE",  # 10 three spaces: a heading, never a paragraph
    "",
    " A paragraph.",  # 12
    "",
    "  Two spaces after a blank line, yet it ends",  # 14 ends like prose: a paragraph, not a heading
    "like a sentence.",  # 15
)


def test_page_break_joins_start_a_paragraph():
    assert spans("gov-2007", SINGLE) == {
        "Letter, para. 1": (1, 2),
        "Annex, para. 1": (6, 7),
        "Annex, para. 2": (8, 8),
        "Annex, para. 3": (12, 12),
        "Annex, para. 4": (14, 15),
    }
    annex = passages.resolve("gov-2007", "Annex, para. 1", SINGLE)
    assert annex.text == "An annex paragraph that a page break cuts short."


# mfa-web: a paragraph a line, indented by a no-break space; headings at the margin; a navigation tail
WEB = text(
    "An invented page title",  # 1
    "\u00a0 An opening paragraph.",  # 2
    "Cooperation with the Human Rights Council",  # 3 -> 'HRC mechanisms'
    "\u00a0 A paragraph on invented visits.",  # 4
    "• A made-up mandate",  # 5
    "• Another made-up mandate",  # 6
    "Belarusian Diplomatic Missions",  # 7 where the site's navigation begins
    "\u00a0 A navigation link",  # 8
    "• Another link",  # 9
)


def test_web_page_sections_and_navigation_tail():
    assert spans("mfa-web", WEB) == {
        "Introduction, para. 1": (2, 2),
        "HRC mechanisms, para. 1": (4, 4),
        "HRC mechanisms, bullet 1": (5, 5),
        "HRC mechanisms, bullet 2": (6, 6),
    }
    with pytest.raises(passages.LocatorError):
        passages.resolve("mfa-web", "HRC mechanisms, bullet 3", WEB)  # the tail's bullet belongs to no section


# unct-2009: printed numbers, page-number lines, a footnote block, '¾' bullets, merged years
NUMBERED = text(
    "I. Introduction",  # 1 heading
    "1. The first numbered paragraph opens here",  # 2
    "12",  # 3 a page number (no blank line after it)
    "and ends after a page number.",  # 4
    "2. The second paragraph lists two items:",  # 5
    "¾ an invented first item;",  # 6
    "¾ an invented second item, from 20052008.",  # 7 '2005-2008' with the dash lost
    " 3. The third paragraph carries a marker1 and",  # 8
    "1",  # 9 a footnote number: a blank line follows
    "",
    "An invented footnote at the margin.",  # 11
    " goes on after the note to its end.",  # 12 indented: the paragraph resumes
    "An unmarked heading",  # 13 trails para. 3 without a full stop: not part of it
    "7. Out of order, so not a paragraph",  # 14 nor part of para. 3: no full stop ends it
    "4. The fourth paragraph, about 20102008.",  # 15 years in falling order were never a span
)


def test_numbered_paragraphs_page_numbers_footnotes_and_bullets():
    assert spans("unct-2009", NUMBERED) == {
        "para. 1": (2, 4),
        "para. 2": (5, 7),
        "para. 3": (8, 12),
        "fn. 1": (11, 11),
        "para. 4": (15, 15),
    }
    q = lambda loc: passages.resolve("unct-2009", loc, NUMBERED).text  # noqa: E731
    assert q("para. 1") == "1. The first numbered paragraph opens here and ends after a page number."
    assert q("para. 2") == "2. The second paragraph lists two items:\n• an invented first item;\n" + (
        "• an invented second item, from 2005-2008."
    )
    assert q("para. 3") == "3. The third paragraph carries a marker1 and goes on after the note to its end."
    assert q("footnote 1") == q("fn. 1") == "An invented footnote at the margin."
    assert q("para. 4") == "4. The fourth paragraph, about 20102008."


def test_ranges_and_their_limits():
    both = passages.resolve("unct-2009", "paras. 1-2", NUMBERED)
    assert (both.first, both.last) == (2, 7) and both.text.count("\n\n") == 1
    assert passages.resolve("unct-2009", "paras. 2–3", NUMBERED).text.startswith("2. ")  # an en dash too
    for bad in ("paras. 3-1", "paras. 1-30", "paras. a-b"):
        with pytest.raises(passages.LocatorError, match="cannot read the range"):
            passages.resolve("unct-2009", bad, NUMBERED)
    with pytest.raises(passages.LocatorError, match="no 'para. 5'"):
        passages.resolve("unct-2009", "paras. 3-5", NUMBERED)  # every paragraph of a range must exist


def test_a_missing_locator_is_a_clear_error_listing_what_the_text_has():
    with pytest.raises(passages.LocatorError) as e:
        passages.resolve("unct-2009", "para. 9", NUMBERED)
    assert str(e.value) == "unct-2009 has no 'para. 9'"
    assert passages.summary(e.value.known) == "para. 1-4; fn. 1"
    with pytest.raises(passages.LocatorError) as e:
        passages.resolve("unct-2009", "page 3", NUMBERED)
    assert str(e.value).startswith("cannot read locator 'page 3' (e.g. 'para. 3'")
    assert e.value.known == passages.locators("unct-2009", NUMBERED)


def test_a_users_text_gets_the_plain_layout():
    body = text("A heading", "", "One paragraph", "over two lines.", "", "", "Another.")
    assert layout_for("unct-2009", plain=True) is PLAIN and layout_for("my-own") is PLAIN
    assert layout_for("unct-2009") is LAYOUTS["unct-2009"]
    assert spans("my-own", body) == {"para. 1": (1, 1), "para. 2": (3, 4), "para. 3": (7, 7)}
    assert passages.resolve("unct-2009", "para. 2", body, plain=True).text == "One paragraph over two lines."


def test_windows_line_ends_change_nothing():
    assert spans("unct-2009", NUMBERED.replace("\n", "\r\n")) == spans("unct-2009", NUMBERED)
