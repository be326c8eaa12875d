"""Tests that guard the importer, the passages and the shared options (issue 22): each was written against a
hand mutant (scripts/mutants.py) that the rest of the suite let through. Small made-up inputs, no ../shared."""

from __future__ import annotations

import io

import pytest

from conftest import ok_json, run
from hrcli import importer, options, passages
from hrcli.errors import UsageError
from hrcli.importer.mapping import clean_record
from hrcli.passages import evidence


def table(data: bytes, fmt: str = "csv"):
    return importer.rows_from_file(io.BytesIO(data), fmt, "t.csv")


def records(text: str, kind: str = "events", preset=()):
    t = table(text.encode("utf-8"))
    cmap, _ignored = importer.column_map(t.columns, kind, [])
    return [clean_record(raw, cmap, kind, dict(preset)) for _w, raw in t.rows]


# -- importer: cells to values ---------------------------------------------------------------------


def test_a_dotted_date_is_day_month_year():
    recs = records("date,summary\n12.05.2023,a\n1.2.2010,b\n31.12.2009,c\n")
    assert [r["date"] for r in recs] == ["2023-05-12", "2010-02-01", "2009-12-31"]


def test_a_slashed_date_is_read_only_where_its_order_is_certain():
    """25/05/2023 can only be day/month (there is no month 25) and 2023/05/25 only year/month/day; 12/05/2023
    stays as written, for the validator to refuse with its hint."""
    recs = records("date,summary\n25/05/2023,a\n05/25/2023,b\n2023/05/25,c\n12/05/2023,d\n31/02/2023,e\n2010/2011,f\n")
    assert [r["date"] for r in recs] == [
        "2023-05-25",
        "2023-05-25",
        "2023-05-25",
        "12/05/2023",
        "31/02/2023",
        "2010/2011",
    ]


def test_spreadsheet_numbers_for_dates_are_years_or_excel_day_serials():
    import datetime as dt

    assert importer.mapping._date(2011) == "2011"
    assert importer.mapping._date(45058) == "2023-05-12"  # Excel's serial day for 12 May 2023
    assert importer.mapping._date(dt.date(2023, 5, 12)) == "2023-05-12"
    # an Excel date cell comes as a datetime at midnight: a day, not a time
    assert importer.mapping._date(dt.datetime(2023, 5, 12)) == "2023-05-12"


def test_figures_as_spreadsheets_write_them():
    n = importer.mapping._number
    assert [n("1,234"), n("12 345"), n("3,5"), n("30,4%"), n("−7"), n("12%")] == [1234, 12345, 3.5, 30.4, -7, 12]


def test_a_percent_cell_gives_the_unit_and_topics_are_lower_case():
    (rec,) = records("topic,table,label,value,source,locator\nasylum,T,L,12%,unct-2009,para. 1\n", kind="stats")
    assert rec["value"] == 12 and rec["unit"] == "percent"
    (rec,) = records("date,summary,Topics\n2011,a,Asylum; UPR\n")
    assert rec["topics"] == ["asylum", "upr"]


def test_a_preset_fills_only_rows_without_a_value_and_aliases_map_headers():
    recs = records(
        "date,summary,Source ID,Record ID\n2011,a,gov-2011,r1\n2012,b,,r2\n", preset=[("source", "unct-2009")]
    )
    assert [(r["id"], r["source"]) for r in recs] == [("r1", "gov-2011"), ("r2", "unct-2009")]


def test_a_rows_id_does_not_depend_on_the_order_of_its_columns():
    a = table(b"date,summary,extra\n2011,a,x\n").rows[0][1]
    b = table(b"extra,summary,date\nx,a,2011\n").rows[0][1]
    assert importer.row_id("t.csv", "events", a) == importer.row_id("t.csv", "events", b)
    assert importer.row_id("t.csv", "events", a) != importer.row_id("t.csv", "claims", a)


# -- importer: readers -----------------------------------------------------------------------------


def test_semicolon_csv_windows_1252_and_line_numbers_of_rows():
    t = table("date;summary\n2011;Caf\u00e9 \u20ac5\n\n2012;b\n".encode("cp1252"))
    assert t.encoding == "cp1252" and t.columns == ["date", "summary"]
    assert [(w, r["summary"]) for w, r in t.rows] == [("line 2", "Caf\u00e9 \u20ac5"), ("line 4", "b")]


def test_a_row_with_more_cells_than_the_header_is_a_problem_not_cut_short():
    t = table(b"date,summary\n2011,a,surplus\n2012,b,\n")
    assert t.rows[0] == ("line 2", {"\x00error": "3 cells but the header has 2"})
    assert t.rows[1][1] == {"date": "2012", "summary": "b"}  # an empty extra cell is no problem


def test_json_lines_are_numbered_from_one():
    t = table(b'{"date": "2011"}\n\nnot json\n', "jsonl")
    assert [w for w, _r in t.rows] == ["line 1", "line 3"]


# -- importer: planning and files ------------------------------------------------------------------


def test_the_same_id_twice_with_other_content_is_a_problem(isolated):
    p = isolated / "dup.csv"
    p.write_text("id,date,summary,source,locator\nx1,2011,a,gov-2011,para. 1\nx1,2012,b,gov-2011,para. 2\n")
    r = run("import", str(p))
    assert r.code != 0 and "'x1' is also the id of line 2, with other content" in r.stderr


def test_a_changed_row_is_not_unchanged_and_replace_is_needed_to_overwrite_it(isolated):
    p = isolated / "ch.csv"
    p.write_text("id,date,summary,source,locator\nx1,2011,a,gov-2011,para. 1\n")
    assert run("import", str(p)).code == 0
    p.write_text("id,date,summary,source,locator\nx1,2011,changed,gov-2011,para. 1\n")
    r = run("import", str(p))
    assert r.code != 0 and "--replace overwrites it" in r.stderr
    assert [e["summary"] for e in ok_json("timeline", "--origin", "user")] == ["a"]
    assert run("import", str(p), "--replace").code == 0
    assert [e["summary"] for e in ok_json("timeline", "--origin", "user")] == ["changed"]


def test_a_slashed_date_gets_the_hint_to_write_it_in_iso_order(isolated):
    p = isolated / "sl.csv"
    p.write_text("date,summary,source,locator\n12/05/2023,a,gov-2011,para. 1\n")
    r = run("import", str(p))
    assert r.code != 0 and "write it as 2023-05-12" in r.stderr


def test_files_of_the_same_name_in_two_folders_are_two_imports(isolated):
    assert importer.target_for("/a/upr.csv") != importer.target_for("/b/upr.csv")


def test_an_import_is_found_by_a_name_spelled_another_way(isolated):
    p = isolated / "My UPR File.csv"
    p.write_text("date,summary,source,locator\n2011,a,gov-2011,para. 1\n")
    assert run("import", str(p)).code == 0
    assert importer.find("my-upr-file-csv")["name"] == "My UPR File.csv"


# -- passages: layouts and locators on made-up texts ----------------------------------------------


def lines(*ls: str) -> str:
    return "\n".join(ls) + "\n"


WEB = lines(
    "Cooperation with human rights treaty bodies",
    "  An invented paragraph.",
    "  • an invented bullet",
    "  • another invented bullet",
    "  A second invented paragraph.",
    "Belarusian Diplomatic Missions",
    "  A navigation line.",
)


def test_web_page_bullets_and_paragraphs_are_counted_apart_from_one_per_section():
    assert passages.locators("mfa-web", WEB) == [
        "Treaty bodies, para. 1",
        "Treaty bodies, bullet 1",
        "Treaty bodies, bullet 2",
        "Treaty bodies, para. 2",
    ]


PLAIN = lines("First paragraph,", "its second line.", "", "Second paragraph 20052008.", "", "¾ a bullet")


def test_plain_paragraphs_ranges_lines_and_mended_years():
    assert passages.locators("mine", PLAIN) == ["para. 1", "para. 2", "para. 3"]
    p = passages.resolve("mine", "paras. 1-2", PLAIN)
    assert (p.first, p.last) == (1, 4)
    assert p.text == "First paragraph, its second line.\n\nSecond paragraph 2005-2008."
    assert passages.resolve("mine", "PARA. 3", PLAIN).text == "• a bullet"


NUMBERED = lines(
    "1. The first invented paragraph ends here.",
    "2. The second one lists things:",
    "5. this five is inside the list, not a paragraph;",
    "and the list ends.",
    "Rights of made-up people",
    "3. The third invented paragraph.",
)


def test_numbered_paragraphs_follow_their_printed_order_and_drop_a_trailing_heading():
    spans = {
        loc: passages.resolve("unct-2009", loc, NUMBERED).lines for loc in passages.locators("unct-2009", NUMBERED)
    }
    assert spans == {"para. 1": [1, 1], "para. 2": [2, 4], "para. 3": [6, 6]}


SINGLE = lines(
    " A letter paragraph that",
    "runs on at the margin.",
    "  A page-break join that starts a paragraph.",
    "",
    "  Annex to the letter",
    "",
    " An annex paragraph.",
)


def test_single_spaced_page_break_joins_and_sections():
    assert passages.locators("gov-2007", SINGLE) == ["Letter, para. 1", "Letter, para. 2", "Annex, para. 1"]


DOUBLE = lines(
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
    assert passages.locators("gov-2014", DOUBLE) == ["UPR, para. 1", "fn. a"]
    assert passages.resolve("gov-2014", "UPR, para. 1", DOUBLE).lines == [3, 9]


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


def test_a_users_text_that_changed_since_its_sha256_was_recorded_is_refused(isolated):
    from hrcli.errors import DataError

    facts = isolated / "data" / "facts"
    facts.mkdir(parents=True)
    (facts / "t.txt").write_text("zq changed text\n")

    class Src:
        id, origin, file = "mine", "user", "t.txt"
        sha256 = "0" * 64

    with pytest.raises(DataError, match="sha256 differs"):
        passages.texts.find_text(Src())


# -- options ---------------------------------------------------------------------------------------


def test_an_unknown_hrcli_format_is_a_usage_error_and_the_config_file_format_is_used(monkeypatch):
    monkeypatch.setenv("HRCLI_FORMAT", "jsn")
    r = run("timeline", "--limit", "1")
    assert r.code == 2 and "json" in r.stderr
    monkeypatch.delenv("HRCLI_FORMAT")
    assert run("config", "set", "format", "csv").code == 0
    assert run("timeline", "--limit", "1").stdout.startswith("id,")


@pytest.mark.parametrize("word", ["events", "Event", "CLAIMS"])
def test_kind_words_are_read_in_any_case_and_number(word):
    assert options.kinds(word) in (("events",), ("claims",))


def test_kind_all_is_every_kind_of_record_and_search_all_includes_disagreements():
    assert set(options.kinds("all")) == {"events", "claims", "recommendations"}
    assert "conflicts" in options.kinds("all", options.SEARCH_KINDS)


@pytest.mark.parametrize("text", ["²⁰¹⁰", "20100", "201"])
def test_a_year_is_four_ascii_digits(text):
    with pytest.raises(UsageError):
        options.year(text, "--from")


@pytest.mark.parametrize("flag", ["mechanism", "action", "origin", "status"])
def test_an_unknown_filter_word_is_a_usage_error_not_an_empty_result(flag):
    with pytest.raises(UsageError):
        options.filters(**{flag: "zqzqzq"})


def test_filters_keep_the_limit_the_years_and_the_mechanism_where_they_belong():
    f = options.filters(year_from="2005", year_to="2010", mechanism="UPR", limit=3)
    assert (f.year_from, f.year_to, f.mechanism, f.limit) == (2005, 2010, "upr", 3)


def test_bundled_only_reaches_the_commands_through_the_context(isolated):
    facts = isolated / "data" / "facts"
    facts.mkdir(parents=True)
    (facts / "user.toml").write_text(
        '[[events]]\nid = "zq-mine"\ndate = "2011"\nsummary = "zq"\nsource = "gov-2011"\nlocator = "para. 1"\n'
    )
    assert "zq-mine" in {r["id"] for r in ok_json("timeline", "--origin", "user")}
    assert ok_json("--bundled-only", "timeline", "--origin", "user") == []


def test_completions_read_committees_in_any_case_and_strip_escapes_from_titles(isolated):
    # re-spelt as typed: the shell drops a value that does not start as typed ('CAT' after 'ca' was lost)
    assert "cat" in [c for c, _n in options.complete_body("ca")]
    assert "CAT" in [c for c, _n in options.complete_body("CA")]
    facts = isolated / "data" / "facts"
    facts.mkdir(parents=True)
    (facts / "user.toml").write_text(
        '[[sources]]\nid = "zq-src"\ntitle = "zq \\u001b]0;owned\\u0007 title"\ndate = "2020"\nkind = "report"\n'
        'issuer = "me"\nvoice = "user"\ncite = "p. N"\n'
    )
    ((sid, title),) = options.complete_source("zq-")
    assert sid == "zq-src" and "\x1b" not in title and "\x07" not in title


def test_a_heading_between_double_spaced_paragraphs_opens_its_section():
    body = lines(
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
    body = lines(" A first invented paragraph.", " A second one, after a page-break join.")
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
