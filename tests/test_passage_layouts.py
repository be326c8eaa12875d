"""Each layout's block parser and the locator grammar on small made-up texts (no ../shared needed).

The texts imitate how each bundled document was extracted, with invented sentences: the source id
only picks the layout (and its section headings).
"""

from __future__ import annotations

import pytest

from conftest import run
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


# -- issue 23, hard edges round two --------------------------------------------------------------------------------


MINE = (
    '[[sources]]\nid = "my-rep"\ntitle = "A report"\ndate = "2023-05"\nkind = "report"\nissuer = "me"\n'
    'voice = "other"\ncite = "para. N"\nfile = "report.txt"\n'
)


def _own_text(isolated, monkeypatch):
    """A source of the user's own with a text of three paragraphs (no bundled texts needed)."""
    monkeypatch.delenv("HRCLI_SOURCES_DIR", raising=False)
    facts = isolated / "data" / "facts"
    facts.mkdir(parents=True, exist_ok=True)
    (facts / "report.txt").write_text("One.\n\nTwo.\n\nThree.\n", encoding="utf-8")
    (facts / "mine.toml").write_text(MINE, encoding="utf-8")


# -- locators: ASCII digits only, bounded ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "loc", ["paras. ²-³", "para. ²", "paras. ١-٣", "para. ٣", "paras. 1-" + "9" * 5000, "para. 12345"]
)
def test_locators_take_ascii_digits_only_and_few_of_them(isolated, monkeypatch, loc):
    _own_text(isolated, monkeypatch)
    assert run("quote", "my-rep", "paras. 1-3").stdout == "One.\n\nTwo.\n\nThree.\n"  # the plain form works
    r = run("quote", "my-rep", loc)
    assert r.code == 2 and r.stdout == "", r
    assert "ASCII digits" in r.stderr and len(r.stderr.splitlines()) == 1, r.stderr
    assert "internal error" not in r.stderr


def test_the_locator_rule_in_the_resolver_itself():
    from hrcli.passages import LocatorError, resolve

    text = "One.\n\nTwo.\n\nThree.\n"
    assert resolve("x", "paras. 1-2", text, plain=True).text == "One.\n\nTwo."
    for loc in ("paras. ²-³", "paras. ١-٣", "para. 1" + "0" * 4999):
        with pytest.raises(LocatorError):
            resolve("x", loc, text, plain=True)


# -- issue 22, written against hand mutants (scripts/mutants.py) ---------------------------------------------------


# -- passages: layouts and locators on made-up texts ----------------------------------------------


def text_lines(*ls: str) -> str:
    return "\n".join(ls) + "\n"


WEB_BULLETS = text_lines(
    "Cooperation with human rights treaty bodies",
    "  An invented paragraph.",
    "  • an invented bullet",
    "  • another invented bullet",
    "  A second invented paragraph.",
    "Belarusian Diplomatic Missions",
    "  A navigation line.",
)


def test_web_page_bullets_and_paragraphs_are_counted_apart_from_one_per_section():
    assert passages.locators("mfa-web", WEB_BULLETS) == [
        "Treaty bodies, para. 1",
        "Treaty bodies, bullet 1",
        "Treaty bodies, bullet 2",
        "Treaty bodies, para. 2",
    ]


PLAIN_MENDED = text_lines("First paragraph,", "its second line.", "", "Second paragraph 20052008.", "", "¾ a bullet")


def test_plain_paragraphs_ranges_lines_and_mended_years():
    assert passages.locators("mine", PLAIN_MENDED) == ["para. 1", "para. 2", "para. 3"]
    p = passages.resolve("mine", "paras. 1-2", PLAIN_MENDED)
    assert (p.first, p.last) == (1, 4)
    assert p.text == "First paragraph, its second line.\n\nSecond paragraph 2005-2008."
    assert passages.resolve("mine", "PARA. 3", PLAIN_MENDED).text == "• a bullet"


NUMBERED_OUT_OF_ORDER = text_lines(
    "1. The first invented paragraph ends here.",
    "2. The second one lists things:",
    "5. this five is inside the list, not a paragraph;",
    "and the list ends.",
    "Rights of made-up people",
    "3. The third invented paragraph.",
)


def test_numbered_paragraphs_follow_their_printed_order_and_drop_a_trailing_heading():
    spans = {
        loc: passages.resolve("unct-2009", loc, NUMBERED_OUT_OF_ORDER).lines
        for loc in passages.locators("unct-2009", NUMBERED_OUT_OF_ORDER)
    }
    assert spans == {"para. 1": [1, 1], "para. 2": [2, 4], "para. 3": [6, 6]}


SINGLE_PAGE_BREAK = text_lines(
    " A letter paragraph that",
    "runs on at the margin.",
    "  A page-break join that starts a paragraph.",
    "",
    "  Annex to the letter",
    "",
    " An annex paragraph.",
)


def test_single_spaced_page_break_joins_and_sections():
    assert passages.locators("gov-2007", SINGLE_PAGE_BREAK) == ["Letter, para. 1", "Letter, para. 2", "Annex, para. 1"]


DOUBLE_FOOTNOTE = text_lines(
    "  Belarus and the universal periodic review",
    "",
    " An invented paragraph with a note",
    "",
    "__________",
    "",
    " a An invented note.",
    "",
    " carries on after the note.",
)


def test_double_spaced_headings_and_a_paragraph_resumed_after_its_footnote():
    assert passages.locators("gov-2014", DOUBLE_FOOTNOTE) == ["UPR, para. 1", "fn. a"]
    assert passages.resolve("gov-2014", "UPR, para. 1", DOUBLE_FOOTNOTE).lines == [3, 9]


def test_a_heading_between_double_spaced_paragraphs_opens_its_section():
    body = text_lines(
        "  Annex to the letter",
        "",
        " An invented annex paragraph",
        "",
        "  Belarus and the universal periodic review",
        "",
        " An invented review paragraph.",
    )
    assert passages.locators("gov-2014", body) == ["Annex, introduction, para. 1", "UPR, para. 1"]


def test_a_line_indented_by_one_space_right_after_text_starts_a_single_spaced_paragraph():
    body = text_lines(" A first invented paragraph.", " A second one, after a page-break join.")
    assert passages.locators("gov-2007", body) == ["Letter, para. 1", "Letter, para. 2"]


def test_a_whole_document_passage_spans_its_first_to_its_last_line(isolated):
    facts = isolated / "data" / "facts"
    facts.mkdir(parents=True)
    (facts / "t.txt").write_text("zq one\nzq two\nzq three\n")

    class Src:
        id, origin, file, sha256 = "mine", "user", "t.txt", ""

    class Base:
        sources = {"mine": Src()}

    p = passages.whole(Base(), "mine")
    assert (p.first, p.last) == (1, 3) and p.text == "zq one\nzq two\nzq three"
