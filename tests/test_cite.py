"""hrcli cite (CSL styles via citeproc-py) and the bibliography formats csl-json, bibtex and ris."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time

import pytest

from conftest import REPO, ok_json, run
from hrcli import biblio, cslstyle
from hrcli.model import Source

BIB = ("csl-json", "bibtex", "ris")
HOSTILE = "Evil {x} 50% & #1 a_b $5 ~ ^ \\end{document} \x1b[31mred\x9b \u202eflip"


def test_cite_prints_an_oscola_citation_with_the_paragraph():
    r = run("cite", "unct-p22-asylum-2008", "--style", "oscola", "--format", "csv")
    assert r.code == 0, r.stderr
    [row] = ok_json("cite", "unct-p22-asylum-2008", "--style", "oscola")
    assert row["source"] == "unct-2009" and row["locator"] == "para. 22"
    assert row["citation"].startswith("United Nations Country Team in Belarus, ")
    assert re.search(r"\(2009\) para 22\.$", row["citation"])  # OSCOLA: no full stop after 'para'
    assert row["pandoc"] == "[@unct-2009, para. 22]"
    assert "United Nations Country Team in Belarus" in run("cite", "unct-p22-asylum-2008").stdout  # oscola is default


@pytest.mark.parametrize(
    ("style", "expect"),
    [
        ("apa", "(United Nations Country Team in Belarus, 2009, para. 22)"),
        ("chicago-note-bibliography", "Universal Periodic Review, para. 22."),
    ],
)
def test_other_styles_render_the_same_place(style, expect):
    [row] = ok_json("cite", "unct-p22-asylum-2008", "--style", style)
    assert expect in row["citation"]
    assert row["reference"].startswith("United Nations Country Team in Belarus")


def test_cite_takes_sources_compound_places_and_disagreement_sides():
    rows = ok_json("cite", "mfa-web", "g14-sp-2014-09-izsak-participation", "conflict-upr1-accepted")
    assert rows[0]["id"] == "mfa-web" and rows[0]["locator"] == "" and rows[0]["pandoc"] == "[@mfa-web]"
    # 'OHCHR, para. 6': the section, then the paragraph in the style's own form (OSCOLA: 'para 6')
    assert rows[1]["citation"].endswith(" OHCHR, para 6.") and "para." not in rows[1]["citation"]
    sides = [r for r in rows if r["id"] == "conflict-upr1-accepted"]
    assert len(sides) >= 2 and all(r["locator"] for r in sides)


def test_a_csl_file_is_a_style(isolated):
    path = isolated / "mine.csl"
    shutil.copy(cslstyle.style_path("apa"), path)
    [row] = ok_json("cite", "unct-p22-asylum-2008", "--style", str(path))
    assert row["citation"] == "(United Nations Country Team in Belarus, 2009, para. 22)"
    r = run("cite", "unct-p22-asylum-2008", "--style", str(isolated / "none.csl"))
    assert r.code == 2 and "no such style file" in r.stderr
    (isolated / "bad.csl").write_text("<style>broken", encoding="utf-8")
    r = run("cite", "unct-2009", "--style", str(isolated / "bad.csl"))
    assert (r.code, r.stdout) == (1, "") and "not a CSL style" in r.stderr and len(r.stderr.splitlines()) == 1


def test_cite_error_paths_say_what_to_do():
    r = run("cite", "unct-p22-asylum-200")
    assert (r.code, r.stdout) == (2, "")
    assert "Did you mean 'unct-p22-asylum-2008'" in r.stderr and len(r.stderr.splitlines()) == 1
    r = run("cite", "unct-p22-asylum-2008", "--style", "oscolla")
    assert r.code == 2 and "Did you mean 'oscola'" in r.stderr and "hrcli cite --list-styles" in r.stderr
    r = run("cite")
    assert r.code == 2 and "give one or more" in r.stderr
    r = run("cite", "--list-styles", "oscola")
    assert r.code == 0 and {"oscola", "oscola-no-ibid"} <= set(r.stdout.split())
    assert {r["style"] for r in ok_json("cite", "--list-styles", "chicago", "note")} >= {"chicago-notes-bibliography"}
    assert run("cite", "--list-styles", "no-such-style-word").code == 2


@pytest.mark.parametrize("fmt", BIB)
def test_bibliography_formats_on_sources_cite_and_export_use_the_source_ids(fmt):
    every = run("sources", "--format", fmt)
    assert every.code == 0, every.stderr
    ids = {"gov-2011", "mfa-web", "gov-2014", "gov-2007", "unct-2009"}
    assert _ids(fmt, every.stdout) == ids
    assert _ids(fmt, run("sources", "unct-2009", "--format", fmt).stdout) == {"unct-2009"}
    assert _ids(fmt, run("cite", "unct-p22-asylum-2008", "--format", fmt).stdout) == {"unct-2009"}
    assert _ids(fmt, run("export", "--format", fmt, "--source", "unct-2009").stdout) == {"unct-2009"}
    assert _ids(fmt, run("export", "--format", fmt).stdout) == ids


def _ids(fmt: str, text: str) -> set[str]:
    if fmt == "csl-json":
        return {i["id"] for i in json.loads(text)}
    if fmt == "bibtex":
        return set(re.findall(r"^@\w+\{([^,]+),$", text, re.M))
    return set(re.findall(r"^ID  - (.+)$", text, re.M))


def test_items_keep_only_the_precision_the_date_has():
    items = {i["id"]: i for i in json.loads(run("sources", "--format", "csl-json").stdout)}
    assert items["unct-2009"]["issued"] == {"date-parts": [[2009]]} and items["unct-2009"]["type"] == "report"
    assert items["gov-2014"]["issued"] == {"date-parts": [[2014, 9, 29]]}
    assert items["gov-2011"]["issued"] == {"date-parts": [[2011, 8], [2012]]}  # 2011-08/2012: month kept
    assert items["mfa-web"]["issued"] == {"date-parts": [[2022]]} and "2022 or later" in items["mfa-web"]["note"]
    assert items["mfa-web"]["type"] == "webpage" and items["gov-2007"]["type"] == "report"
    assert items["unct-2009"]["author"] == [{"literal": "United Nations Country Team in Belarus"}]
    assert biblio.issued("2009-21")[0] == {"date-parts": [[2009]], "season": 1}  # a season: CSL's season, the year
    assert biblio.issued("2009?")[0] == {"date-parts": [[2009]], "circa": True}
    assert biblio.issued("/2007") == ({"date-parts": [[2007]]}, "2007 or earlier")
    assert biblio.issued("not a date") == (None, "")
    ris = run("sources", "--format", "ris").stdout
    # RIS has no range: the year it starts in, and the range in a note
    assert "PY  - 2011\nDA  - 2011/08//\nN1  - Date: 2011 to 2012." in ris


@pytest.mark.parametrize(
    ("date", "issued", "bib", "da"),
    [
        ("2011-12", {"date-parts": [[2011, 12]]}, ["date = {2011-12}", "year = {2011}", "month = dec"], "2011/12//"),
        ("2011-12-31", {"date-parts": [[2011, 12, 31]]}, ["date = {2011-12-31}", "month = dec"], "2011/12/31/"),
        ("2011-01", {"date-parts": [[2011, 1]]}, ["date = {2011-01}", "month = jan"], "2011/01//"),
        ("2011-24", {"date-parts": [[2011]], "season": 4}, ["date = {2011-24}", "year = {2011}"], "2011///Winter"),
        ("2011-21", {"date-parts": [[2011]], "season": 1}, ["date = {2011-21}", "year = {2011}"], "2011///Spring"),
        ("2011-23", {"date-parts": [[2011]], "season": 3}, ["date = {2011-23}"], "2011///Autumn"),
        ("2011", {"date-parts": [[2011]]}, ["date = {2011}", "year = {2011}"], "2011///"),
    ],
)
def test_export_keeps_a_user_sources_month_or_season_in_every_bibliography_format(date, issued, bib, da):
    """A December date or a season keeps its month or season in CSL-JSON, BibTeX and RIS (issue 28)."""
    assert run("add", "source", "--id", "mine", "--title", "My report", "--date", date).code == 0
    r = run("add", "event", "--source", "mine", "--date", "2012", "--summary", "Something", "--locator", "p. 1")
    assert r.code == 0, r.stderr
    export = {fmt: run("export", "--format", fmt, "--source", "mine") for fmt in BIB}
    assert all(x.code == 0 for x in export.values()), {f: x.stderr for f, x in export.items()}
    [item] = json.loads(export["csl-json"].stdout)
    assert item["id"] == "mine" and item["issued"] == issued
    lines = [line.strip().rstrip(",") for line in export["bibtex"].stdout.splitlines()]
    assert all(want in lines for want in bib), lines
    months = [line for line in lines if line.startswith("month = ")]
    assert months == ([f"month = {bib[-1][-3:]}"] if len(issued["date-parts"][0]) > 1 else [])
    tags = re.findall(r"^([A-Z][A-Z0-9])  - (.*)$", export["ris"].stdout, re.M)
    assert ("PY", "2011") in tags and ("DA", da) in tags


def test_locators_map_to_csl_labels_or_stay_whole():
    assert biblio.locator("para. 22") == ("paragraph", "22", "")
    assert biblio.locator("paras. 21-22") == ("paragraph", "21-22", "")
    assert biblio.locator("fn. 2") == ("note", "2", "")
    assert biblio.locator("Annex, para. 3") == ("", "", "Annex, para. 3")


def _hostile(sid: str = "evil_1.x") -> Source:
    return Source(
        id=sid, title=HOSTILE + "\nTY  - JOUR\n}\n@misc{injected,", date="2023", kind="report", issuer=HOSTILE,
        voice="user", cite="para. N",
    )  # fmt: skip


def test_bibtex_escapes_every_special_character_and_keeps_braces_balanced():
    out = biblio.bibtex([_hostile()])
    assert len(re.findall(r"^@", out, re.M)) == 1 and "@misc{injected" not in out  # no entry of its own
    title = re.search(r"^  title = \{(.*)\},$", out, re.M)[1]
    for raw, escaped in (("{", r"\{"), ("%", r"\%"), ("&", r"\&"), ("#", r"\#"), ("_", r"\_"), ("$", r"\$")):
        assert escaped in title and raw not in re.sub(r"\\[{}%&#_$]|\\textbackslash\{\}|\\[~^]\{\}", "", title)
    assert r"\textbackslash{}end\{document\}" in title
    assert "\x1b" not in out and "\x9b" not in out and "\u202e" not in out and "\n" not in title
    depth = 0
    for ch in re.sub(r"\\[{}]", "", out):  # unescaped braces balance: no value leaks into the entry
        depth += {"{": 1, "}": -1}.get(ch, 0)
        assert depth >= 0
    assert depth == 0


def test_ris_keeps_one_tag_per_line_and_csl_json_is_json():
    out = biblio.ris([_hostile()])
    lines = out.splitlines()
    assert lines[0] == "TY  - RPRT" and lines[-1] == "ER  - "
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in lines)
    assert [line[:2] for line in lines].count("TY") == 1 and "\x1b" not in out
    [item] = json.loads(biblio.csl_json([_hostile()]))
    assert item["title"].startswith("Evil {x} 50% & #1 a_b $5") and "\n" not in item["title"]


def test_hostile_user_sources_through_the_cli(isolated):
    assert run("add", "source", "--id", "evil", "--title", HOSTILE, "--date", "2023", "--issuer", "A & B").code == 0
    bib = run("sources", "evil", "--format", "bibtex").stdout
    assert r"50\% \& \#1 a\_b \$5" in bib and "author = {{A \\& B}}" in bib
    assert "ID  - evil" in run("sources", "evil", "--format", "ris").stdout
    [row] = ok_json("cite", "evil", "--style", "apa")
    assert "\x1b" not in row["citation"] and row["citation"] == "(A & B, 2023)"
    # an issuer of 'unknown' (add's default) is no author
    assert run("add", "source", "--id", "anon", "--title", "Notes", "--date", "2023").code == 0
    assert "author" not in json.loads(run("sources", "anon", "--format", "csl-json").stdout)[0]


@pytest.mark.parametrize("fmt", ["csl-json", "bibtex"])
def test_pandoc_citeproc_renders_a_markdown_citation_from_the_export(isolated, fmt):
    if shutil.which("pandoc") is None:
        if os.environ.get("CI"):
            pytest.fail("pandoc is missing in CI: .ci/run installs it")
        pytest.skip("pandoc not installed (CI installs it: apt-get install pandoc)")
    bib = isolated / ("hrcli.json" if fmt == "csl-json" else "hrcli.bib")
    bib.write_text(run("sources", "--format", fmt).stdout, encoding="utf-8")
    doc = isolated / "note.md"
    doc.write_text("Asylum applications rose in 2008 [@unct-2009, para. 22].\n", encoding="utf-8")
    r = subprocess.run(
        ["pandoc", "--citeproc", "--bibliography", str(bib), "-t", "plain", "--wrap=none", str(doc)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    assert "(United Nations Country Team in Belarus 2009, para. 22)" in r.stdout
    assert "[WARNING]" not in r.stderr and "not found" not in r.stderr


def test_a_style_that_is_a_folder_or_another_file_is_said_to_be_so(isolated):
    (isolated / "styles.csl").mkdir()
    (isolated / "notes.txt").write_text("not a style\n")
    cases = {
        "/etc": "/etc is a folder; give a .csl style file in it, or a style name",
        str(isolated / "styles.csl"): "styles.csl is a folder",
        str(isolated / "notes.txt"): "notes.txt is not a .csl style file",
        str(isolated / "none"): "no such style file",
    }
    for style, says in cases.items():
        r = run("cite", "unct-2009", "--style", style)
        assert r.code == 2 and says in r.stderr, (style, r.stderr)
        assert "Did you mean" not in r.stderr and len(r.stderr.splitlines()) == 1
    assert run("cite", "unct-2009", "--style", "apa").code == 0  # a style's name is still a name


# The five sources cited at a place, written by hand from the style guides (not copied from hrcli's output):
# OSCOLA 4th ed. (author, 'title' (publisher year), pinpoint 'para 5' with no full stop and no comma after a
# bracket; the bibliography entry is the note without pinpoint or final full stop), APA 7 (a report or web page
# by a group author: year only, sentence-case title, the publisher left out when it is the author; in-text
# '(Author, year, para. 5)'), Chicago 17 notes and bibliography (a full first note: 'Author, Title (Year),
# para. 5.'; a web page's title in quotes with the comma inside). Titles are italic in APA and Chicago and in
# quotes in OSCOLA (a report); hrcli's plain text cannot show italics.
# Where the guide and hrcli differ, hrcli follows its own locator: APA 7 (8.13) would write 'OHCHR section,
# para. 5' for a heading; hrcli names the section as the source's cite field does ('OHCHR, para. 5').
# The agenda item a letter was circulated under is the item's series: APA and Chicago print it after the title.
# Where citeproc-py renders wrongly the item data or the renderer is fixed, never the text: a straight apostrophe
# is stored typographic (citeproc-js typesets it, citeproc-py does not), a subtitle is stored with its capital
# (APA's sentence case), and the comma or full stop after a closing double quote moves inside it (CSL's
# punctuation-in-quote for American English, which citeproc-py does not apply).
GOV = "Government of Belarus"
PR = "Permanent Representative of Belarus to the United Nations"
MFA = "Ministry of Foreign Affairs of the Republic of Belarus"
UNCT = "United Nations Country Team in Belarus"
T11 = "Belarus’ Cooperation with UN Human Rights Mechanisms"
T14 = (
    "Belarus and Human Rights: General Views and Cooperation with United Nations Human Rights Mechanisms from 2012"
    " to 2014"
)
T14_APA = (
    "Belarus and human rights: General views and cooperation with United Nations human rights mechanisms from 2012"
    " to 2014"
)
T07 = "Voluntary Pledges and Commitments of Belarus on Human Rights"
WEB = "The United Nations High Commissioner for Human Rights"
TU = "Submission of the United Nations Country Team in Belarus to the Universal Periodic Review"
CHICAGO = "chicago-notes-bibliography-17th-edition"
PLACES = {
    "gov-2011": "para. 5",
    "mfa-web": "OHCHR, para. 5",
    "gov-2014": "Annex, introduction, para. 5",
    "gov-2007": "Annex, para. 5",
    "unct-2009": "para. 5",
}
BY_HAND = [
    # OSCOLA 4th ed.
    ("oscola", "gov-2011",
     f"{GOV}, ‘{T11}’ (2011–2012) para 5.",
     f"{GOV}, ‘{T11}’ (2011–2012)"),
    ("oscola", "mfa-web",
     f"{MFA}, ‘{WEB}’ (2022) OHCHR, para 5.",
     f"{MFA}, ‘{WEB}’ (2022)"),
    ("oscola", "gov-2014",
     f"{PR}, ‘{T14}’ (United Nations 2014) Annex, introduction, para 5.",
     f"{PR}, ‘{T14}’ (United Nations 2014)"),
    ("oscola", "gov-2007",
     f"{PR}, ‘{T07}’ (United Nations 2007) Annex, para 5.",
     f"{PR}, ‘{T07}’ (United Nations 2007)"),
    ("oscola", "unct-2009",
     f"{UNCT}, ‘{TU}’ (2009) para 5.",
     f"{UNCT}, ‘{TU}’ (2009)"),
    # APA 7
    ("apa", "gov-2011",
     f"({GOV}, 2011–2012, para. 5)",
     f"{GOV}. (2011–2012). Belarus’ cooperation with UN human rights mechanisms."),
    ("apa", "mfa-web",
     f"({MFA}, 2022, OHCHR, para. 5)",
     f"{MFA}. (2022). {WEB}."),
    ("apa", "gov-2014",
     f"({PR}, 2014, Annex, introduction, para. 5)",
     f"{PR}. (2014). {T14_APA} (UN General Assembly, Agenda Item 68 (c)). United Nations."),
    ("apa", "gov-2007",
     f"({PR}, 2007, Annex, para. 5)",
     f"{PR}. (2007). Voluntary pledges and commitments of Belarus on human rights (UN General Assembly, Agenda Item"
     " 105 (e)). United Nations."),
    ("apa", "unct-2009",
     f"({UNCT}, 2009, para. 5)",
     f"{UNCT}. (2009). {TU}."),
    # Chicago 17, notes and bibliography
    (CHICAGO, "gov-2011",
     f"{GOV}, {T11} (2011–2012), para. 5.",
     f"{GOV}. {T11}. 2011–2012."),
    (CHICAGO, "mfa-web",
     f"{MFA}, “{WEB},” 2022, OHCHR, para. 5.",
     f"{MFA}. “{WEB}.” 2022."),
    (CHICAGO, "gov-2014",
     f"{PR}, {T14}, UN General Assembly, Agenda Item 68 (c) (United Nations, 2014), Annex, introduction,"
     " para. 5.",
     f"{PR}. {T14}. UN General Assembly, Agenda Item 68 (c). United Nations, 2014."),
    (CHICAGO, "gov-2007",
     f"{PR}, {T07}, UN General Assembly, Agenda Item 105 (e) (United Nations, 2007), Annex, para. 5.",
     f"{PR}. {T07}. UN General Assembly, Agenda Item 105 (e). United Nations, 2007."),
    (CHICAGO, "unct-2009",
     f"{UNCT}, {TU} (2009), para. 5.",
     f"{UNCT}. {TU}. 2009."),
]  # fmt: skip


def test_the_hand_written_citations_cover_every_source_in_every_style():
    assert len(BY_HAND) == 15
    assert {(style, sid) for style, sid, _, _ in BY_HAND} == {
        (s, i) for s in ("oscola", "apa", CHICAGO) for i in PLACES
    }


@pytest.mark.parametrize(("style", "sid", "note", "reference"), BY_HAND, ids=[f"{s}-{i}" for s, i, _, _ in BY_HAND])
def test_cite_prints_the_hand_written_citation_and_reference(style, sid, note, reference):
    [row] = ok_json("cite", sid, "--style", style, "--locator", PLACES[sid])
    assert (row["citation"], row["reference"]) == (note, reference)
    assert row["locator"] == PLACES[sid] and row["pandoc"] == f"[@{sid}, {PLACES[sid]}]"
    for text in (row["citation"], row["reference"]):
        assert "'" not in text and '"' not in text  # typographic quotes and apostrophes only
        assert not re.search(r"\bNone\b|\bnan\b|\(\)|\s[,.]|,,|\.\.", text), text
        assert re.search(r"\b(19|20)\d\d\b", text)  # every style dates every source
    if style == "oscola":
        assert "para 5" in row["citation"] and "para." not in row["citation"]


def test_locator_is_for_sources_given_by_id():
    r = run("cite", "unct-p22-asylum-2008", "--locator", "para. 5")
    assert (r.code, r.stdout) == (2, "") and "--locator" in r.stderr and len(r.stderr.splitlines()) == 1
    r = run("cite", "unct-2009", "--locator", "  ")
    assert r.code == 2 and "--locator needs a place" in r.stderr
    [row] = ok_json("cite", "unct-2009", "--locator", "para. 12")
    assert row["citation"].endswith("(2009) para 12.")


def _pandoc() -> str:
    if shutil.which("pandoc") is None:
        if os.environ.get("CI"):
            pytest.fail("pandoc is missing in CI: .ci/run installs it")
        pytest.skip("pandoc not installed (CI installs it: apt-get install pandoc)")
    return "pandoc"


@pytest.mark.parametrize("fmt", ["csl-json", "bibtex"])
def test_pandoc_reference_list_dates_every_source(isolated, fmt):
    pandoc = _pandoc()
    bib = isolated / ("hrcli.json" if fmt == "csl-json" else "hrcli.bib")
    bib.write_text(run("sources", "--format", fmt).stdout, encoding="utf-8")
    items = json.loads(run("sources", "--format", "csl-json").stdout)
    assert len(items) == 5
    doc = isolated / "all.md"
    doc.write_text('---\nnocite: "@*"\n---\nThe five sources.\n', encoding="utf-8")
    r = subprocess.run(
        [pandoc, "--citeproc", "--bibliography", str(bib), "-t", "plain", "--wrap=none", str(doc)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0 and "[WARNING]" not in r.stderr, r.stderr
    entries = [p for p in r.stdout.split("\n\n")[1:] if p.strip()]
    assert len(entries) == 5, r.stdout
    for item in items:
        title = item["title"].casefold()
        [entry] = [e for e in entries if title in e.casefold()]
        year = str(item["issued"]["date-parts"][0][0])
        # the year it was issued (2011–2012 for a range, 2022 or '2022–' for 2022 or later), before the title
        assert re.search(rf"\b{year}\b", entry.casefold().split(title)[0]), (item["id"], entry)
        assert "n.d." not in entry and "None" not in entry


def test_ris_reads_back_with_a_ris_parser_one_entry_per_source_with_year_and_title():
    rispy = pytest.importorskip("rispy")
    entries = rispy.loads(run("sources", "--format", "ris").stdout)
    items = {i["id"]: i for i in json.loads(run("sources", "--format", "csl-json").stdout)}
    assert len(items) == 5 and sorted(e["id"] for e in entries) == sorted(items)
    for e in entries:
        item = items[e["id"]]
        assert e["title"] == item["title"] and e["year"] == str(item["issued"]["date-parts"][0][0])
        assert e["authors"] == [item["author"][0]["literal"]]
    by_id = {e["id"]: e for e in entries}
    assert by_id["gov-2011"]["date"] == "2011/08//" and "Date: 2011 to 2012." in by_id["gov-2011"]["notes"]
    assert by_id["gov-2014"]["publisher"] == "United Nations"
    assert by_id["gov-2014"]["tertiary_title"] == "UN General Assembly, agenda item 68 (c)"
    assert any("2022 or later" in n for n in by_id["mfa-web"]["notes"])


def test_bibtex_carries_the_publisher_series_and_open_date():
    bib = run("sources", "--format", "bibtex").stdout
    entry = bib[bib.index("@report{gov-2007,") :].split("\n}\n")[0]
    assert "institution = {United Nations}" in entry and "series = {UN General Assembly, agenda item 105 (e)}" in entry
    web = bib[bib.index("@online{mfa-web,") :].split("\n}\n")[0]
    assert "date = {2022/}" in web and "Web address and date of access not recorded" in web
    assert "date = {2011-08/2012}" in bib  # biblatex's range, the month kept


def test_export_says_how_many_bibliography_items_it_wrote(isolated):
    for fmt, n in (("csl-json", 5), ("bibtex", 5), ("ris", 5)):
        r = run("export", "--format", fmt, str(isolated / f"all.{fmt}"))
        assert r.code == 0 and r.stderr.strip() == f"hrcli: wrote {n} bibliography items to {isolated / f'all.{fmt}'}"
    r = run("export", "--format", "ris", "--source", "unct-2009", str(isolated / "one.ris"))
    assert r.stderr.strip().endswith("wrote 1 bibliography item to " + str(isolated / "one.ris"))
    assert "records" not in r.stderr


def _doubling_style(depth: int = 28) -> str:
    """A CSL style whose macro m0 calls m1 twice, m1 calls m2 twice, ... : 2**depth expansions in about 2 KB."""
    macros = "".join(
        f'<macro name="m{i}"><text macro="m{i + 1}"/><text macro="m{i + 1}"/></macro>' for i in range(depth)
    )
    return (
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">'
        f'{macros}<macro name="m{depth}"><text value="x"/></macro>'
        '<citation><layout><text macro="m0"/></layout></citation>'
        '<bibliography><layout><text macro="m0"/></layout></bibliography></style>'
    )


def test_a_style_whose_macros_double_28_times_ends_at_once_with_one_line(isolated):
    path = isolated / "hostile.csl"
    path.write_text(_doubling_style(28), encoding="utf-8")
    assert path.stat().st_size <= 2048
    assert cslstyle.macro_expansions(str(path)) > cslstyle.MACRO_BUDGET  # counting stops at the budget, at once
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])}
    start = time.monotonic()
    r = subprocess.run(
        [sys.executable, "-m", "hrcli", "cite", "unct-2009", "--style", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert time.monotonic() - start < 20
    assert (r.returncode, r.stdout) == (1, ""), r.stderr
    assert "macros expand more than" in r.stderr and len(r.stderr.splitlines()) == 1
    # a small doubling style is a style like any other: it renders
    path.write_text(_doubling_style(3), encoding="utf-8")
    assert cslstyle.macro_expansions(str(path)) == 2 * (2**4 - 1)  # citation and bibliography, 15 calls each
    [row] = ok_json("cite", "unct-2009", "--style", str(path))
    assert row["citation"] == "x" * 8


def test_the_largest_packaged_styles_are_within_the_macro_budget():
    counts = {name: cslstyle.macro_expansions(cslstyle.style_path(name)) for name in ("oscola", "apa", CHICAGO)}
    assert all(0 < n < cslstyle.MACRO_BUDGET / 5 for n in counts.values()), counts


def test_a_macro_that_calls_itself_or_nothing_is_refused(isolated):
    looping = _doubling_style(2).replace('<macro name="m2"><text value="x"/>', '<macro name="m2"><text macro="m0"/>')
    for text, says in ((looping, "calls itself"), (_doubling_style(2).replace('name="m2"', 'name="m9"'), "'m2'")):
        (isolated / "bad.csl").write_text(text, encoding="utf-8")
        r = run("cite", "unct-2009", "--style", str(isolated / "bad.csl"))
        assert (r.code, r.stdout) == (1, "") and says in r.stderr and len(r.stderr.splitlines()) == 1


def test_rendering_stops_at_the_time_budget(monkeypatch):
    monkeypatch.setattr(cslstyle, "TIME_BUDGET", 1e-4)
    r = run("cite", "unct-2009", "--style", CHICAGO)
    assert (r.code, r.stdout) == (1, "") and "took more than" in r.stderr and len(r.stderr.splitlines()) == 1
    monkeypatch.setattr(cslstyle, "TIME_BUDGET", 30.0)
    assert run("cite", "unct-2009", "--style", CHICAGO).code == 0


def test_each_row_is_a_whole_first_citation_never_ibid():
    """Rows are citations to copy one by one, not a document's run of notes: a second row of the same source
    is whole too (OSCOLA and Chicago would print 'ibid' or a short form after a note of the same source)."""
    for style in ("oscola", CHICAGO):
        rows = ok_json("cite", "g14-sp-2014-09-izsak-participation", "gov-2014", "--locator", "Annex, para. 3",
                       "--style", style)  # fmt: skip
        assert len(rows) == 2 and not any("ibid" in r["citation"].casefold() for r in rows)
        first, second = (r["citation"] for r in rows)
        assert first.startswith(PR) and second.startswith(PR)
        assert "OHCHR, para" in first and "Annex, para" in second and "OHCHR" not in second


# A published dataset's source, as `hrcli import` registers it (UPR Info's export, saved on 2 July 2026), cited at
# one of its rows. Written by hand from the style guides, not copied from hrcli's output. The export states no
# publication date, so each style's form for an undated source read on a known day: APA 7 (10.9 data sets: the
# description '[Data set]' after the title; 8.? 'n.d.'; a retrieval date for an undated source; the publisher left
# out when it is the author; the entry ends with a full stop where no address follows), Chicago 17 (14.12 an access
# date for an undated source, 'n.d.' where the date goes; a data set's title in quotes, like other online
# material, its description after it), OSCOLA 4th ed. (web material: 'title' in quotes, no date to give, the
# pinpoint before the access note, 'accessed 2 July 2026'). The file's name stays as written in every style; the
# row is the pinpoint, where each style puts a page or paragraph. No URL: hrcli does not know where the user got
# the file (a URL set on the source is printed by each style as its own).
UPR = "UPR Info"
TDS = "UPR Info database export: upr-info-belarus-received.csv"
TDS_TITLE = "UPR Info Database Export: upr-info-belarus-received.csv"
DATASET_BY_HAND = [
    ("oscola",
     f"{UPR}, ‘{TDS_TITLE}’ row 5 accessed 2 July 2026.",
     f"{UPR}, ‘{TDS_TITLE}’ accessed 2 July 2026"),
    ("apa",
     f"({UPR}, n.d., row 5)",
     f"{UPR}. (n.d.). {TDS} [Data set]. Retrieved July 2, 2026."),
    (CHICAGO,
     f"{UPR}, “{TDS_TITLE},” data set, n.d., row 5, accessed July 2, 2026.",
     f"{UPR}. “{TDS_TITLE}.” Data set. n.d. Accessed July 2, 2026."),
]  # fmt: skip
DATASET = "upr-info-belarus-received"
DATASETS = REPO / "tests" / "data" / "datasets"


def _import_dataset(folder, name: str = DATASET + ".csv", saved: tuple[int, int, int] = (2026, 7, 2)):
    """Import a published dataset's file saved (its modification day) on ``saved``; its source's id."""
    import datetime as dt

    path = folder / name
    path.write_bytes((DATASETS / name).read_bytes())
    when = dt.datetime(*saved, 12, 0).timestamp()
    os.utime(path, (when, when))
    r = run("import", str(path))
    assert r.code == 0 and "added 1 source" in r.stderr, r.stderr
    [src] = [s for s in ok_json("sources") if s["kind"] == "dataset"]
    return src["id"]


@pytest.mark.parametrize(("style", "note", "reference"), DATASET_BY_HAND, ids=[s for s, _, _ in DATASET_BY_HAND])
def test_cite_prints_the_hand_written_citation_of_a_dataset(isolated, style, note, reference):
    assert _import_dataset(isolated) == DATASET
    [row] = ok_json("cite", DATASET, "--style", style, "--locator", "row 5")
    assert (row["citation"], row["reference"]) == (note, reference)
    assert "2 July 2026" in row["reference"] or "July 2, 2026" in row["reference"]  # the day read, as accessed
    assert "upr-info-belarus-received.csv" in row["reference"] and "Upr-info" not in row["reference"]
    for text in (row["citation"], row["reference"]):
        assert not re.search(r"\bNone\b|\bnan\b|\(\)|\s[,.]|,,|\.\.|n\.d[^.]", text), text


def test_a_dataset_is_registered_undated_with_the_day_it_was_read_as_its_access_date(isolated):
    """Both ways a profile registers a source (UPR Info's columns, the UN datasets' readers)."""
    for name, saved in (("upr-info-belarus-received.csv", (2026, 7, 2)), ("ohchr-voting-belarus.csv", (2025, 1, 9))):
        path = isolated / name
        path.write_bytes((DATASETS / name).read_bytes())
        when = __import__("datetime").datetime(*saved, 12, 0).timestamp()
        os.utime(path, (when, when))
        assert run("import", str(path)).code == 0
    srcs = {s["id"]: s for s in ok_json("sources") if s["kind"] == "dataset"}
    assert len(srcs) == 2
    assert {(s["date"], s["accessed"]) for s in srcs.values()} == {
        ("/2026-07-02", "2026-07-02"),
        ("/2025-01-09", "2025-01-09"),
    }
    items = [i for i in json.loads(run("sources", "--format", "csl-json").stdout) if i["id"] in srcs]
    assert len(items) == 2
    for item in items:
        assert item["type"] == "dataset" and "issued" not in item and "note" not in item  # n.d., nothing made up
        day = srcs[item["id"]]["accessed"]
        assert item["accessed"] == {"date-parts": [[int(p) for p in day.split("-")]]}
        assert re.search(r'<span class="nocase">[a-z-]+\.csv</span>$', item["title"])


def test_a_dataset_in_bibtex_and_ris_has_its_access_date_and_no_publication_year(isolated):
    _import_dataset(isolated)
    bib = run("sources", DATASET, "--format", "bibtex").stdout
    assert bib.startswith("@dataset{upr-info-belarus-received,\n")
    assert "  urldate = {2026-07-02}" in bib.splitlines()
    assert "  title = {UPR Info database export: {upr-info-belarus-received.csv}}," in bib.splitlines()
    assert not re.search(r"^  (date|year|month) = ", bib, re.M)
    tags = re.findall(r"^([A-Z][A-Z0-9])  - (.*)$", run("sources", DATASET, "--format", "ris").stdout, re.M)
    assert ("TY", "DATA") in tags and ("Y2", "2026/07/02/") in tags and ("TI", TDS) in tags
    assert not [t for t, _ in tags if t in ("PY", "DA")]
    rispy = pytest.importorskip("rispy")
    [entry] = rispy.loads(run("sources", DATASET, "--format", "ris").stdout)
    assert entry["type_of_reference"] == "DATA" and entry["access_date"] == "2026/07/02/" and entry["title"] == TDS


@pytest.mark.parametrize("fmt", ["csl-json", "bibtex"])
def test_pandoc_reads_a_datasets_access_date_and_keeps_its_file_name(isolated, fmt):
    pandoc = _pandoc()
    _import_dataset(isolated)
    bib = isolated / ("hrcli.json" if fmt == "csl-json" else "hrcli.bib")
    bib.write_text(run("sources", DATASET, "--format", fmt).stdout, encoding="utf-8")
    r = subprocess.run(
        [pandoc, str(bib), "-f", "csljson" if fmt == "csl-json" else "biblatex", "-t", "csljson"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    [item] = json.loads(r.stdout)
    assert item["accessed"] == {"date-parts": [[2026, 7, 2]]} and "issued" not in item
    assert item["type"] == "dataset" and item["title"].endswith("upr-info-belarus-received.csv")
    doc = isolated / "note.md"
    doc.write_text(f"UPR Info's rows [@{DATASET}, row 5].\n", encoding="utf-8")
    r = subprocess.run(
        [pandoc, "--citeproc", "--bibliography", str(bib), "-t", "plain", "--wrap=none", str(doc)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0 and "[WARNING]" not in r.stderr, r.stderr
    entry = r.stdout.split("\n\n")[-1]
    assert "n.d." in entry and "Accessed July 2, 2026" in entry and "upr-info-belarus-received.csv" in entry


def test_a_datasets_date_the_user_sets_is_its_publication_date_in_every_style(isolated):
    _import_dataset(isolated)
    (facts,) = (isolated / "data" / "facts").glob("import-*.json")
    text = facts.read_text(encoding="utf-8")
    assert text.count('"/2026-07-02"') == 1
    facts.write_text(text.replace('"/2026-07-02"', '"2024-05"'), encoding="utf-8")
    cites = {s: ok_json("cite", DATASET, "--style", s, "--locator", "row 5")[0] for s in ("oscola", "apa", CHICAGO)}
    assert cites["oscola"]["citation"] == f"{UPR}, ‘{TDS_TITLE}’ (May 2024) row 5 accessed 2 July 2026."
    assert cites["apa"]["reference"] == f"{UPR}. (2024). {TDS} [Data set]."  # dated: no retrieval date (APA 8.?)
    assert cites[CHICAGO]["reference"] == f"{UPR}. “{TDS_TITLE}.” Data set. May 2024."
    assert not any("n.d." in c["citation"] + c["reference"] for c in cites.values())
    [item] = json.loads(run("sources", DATASET, "--format", "csl-json").stdout)
    assert item["issued"] == {"date-parts": [[2024, 5]]} and item["accessed"] == {"date-parts": [[2026, 7, 2]]}


@pytest.mark.parametrize(
    ("locator", "oscola", "apa"),
    [
        ("para. 5, para. 6", "(2009) paras 5, 6.", "(United Nations Country Team in Belarus, 2009, paras. 5, 6)"),
        ("paras. 5, 6", "(2009) paras 5, 6.", "(United Nations Country Team in Belarus, 2009, paras. 5, 6)"),
        ("paras. 5-6", "(2009) paras 5–6.", "(United Nations Country Team in Belarus, 2009, paras. 5–6)"),
        ("Annex, para. 5, para. 6", "(2009) Annex, paras 5, 6.",
         "(United Nations Country Team in Belarus, 2009, Annex, paras. 5, 6)"),
        ("Treaty bodies, bullet 2", "(2009) Treaty bodies, bullet 2.",
         "(United Nations Country Team in Belarus, 2009, Treaty bodies, bullet 2)"),
    ],
)  # fmt: skip
def test_a_list_of_paragraphs_is_one_pinpoint_in_each_styles_form(locator, oscola, apa):
    """OSCOLA: 'paras 5, 6' (plural, no full stop, no comma after a bracket), as one 'para 5' is; APA 'paras.'."""
    [row] = ok_json("cite", "unct-2009", "--style", "oscola", "--locator", locator)
    assert row["citation"].endswith(oscola) and row["citation"].count("para") <= 1
    [row] = ok_json("cite", "unct-2009", "--style", "apa", "--locator", locator)
    assert row["citation"] == apa


def test_a_list_locator_is_one_csl_locator_of_one_label():
    assert biblio.locator("para. 5, para. 6") == ("paragraph", "5, 6", "")
    assert biblio.locator("paras. 5, 6") == ("paragraph", "5, 6", "")
    assert biblio.locator("para. 5 and 6") == ("paragraph", "5, 6", "")
    assert biblio.locator("para. 5, p. 6") == ("", "", "para. 5, p. 6")  # two kinds of place: whole
    assert biblio.locator("para. 5, Annex") == ("", "", "para. 5, Annex")
    assert cslstyle.place("Annex, para. 5, para. 6") == ("Annex", "paragraph", "5, 6")
    assert cslstyle.place("Annex, introduction, para. 5") == ("Annex, introduction", "paragraph", "5")


def test_a_file_name_in_a_title_is_never_recased():
    src = Source(id="d", title="Export: data_2024-v2.XLSX", date="2024", kind="dataset", issuer="X", voice="user",
                 cite="row N")  # fmt: skip
    item = biblio.csl_item(src)
    assert item["title"] == 'Export: <span class="nocase">data_2024-v2.XLSX</span>'
    assert biblio.csl_item(Source(**{**_fields(src), "title": "Views: general"}))["title"] == "Views: General"
    assert "title = {Export: {data\\_2024-v2.XLSX}}" in biblio.bibtex([src])
    assert "TI  - Export: data_2024-v2.XLSX\n" in biblio.ris([src])


def _fields(src: Source) -> dict:
    return {k: getattr(src, k) for k in ("id", "title", "date", "kind", "issuer", "voice", "cite")}


def test_a_sources_web_address_and_access_day_are_printed_as_each_style_prints_them(isolated):
    args = ("add", "source", "--id", "page", "--title", "A page", "--date", "2023", "--kind", "web page")
    assert run(*args, "--url", "https://example.org/p", "--accessed", "2024-03-05", "--issuer", "Org").code == 0
    [item] = json.loads(run("sources", "page", "--format", "csl-json").stdout)
    assert item["URL"] == "https://example.org/p" and item["accessed"] == {"date-parts": [[2024, 3, 5]]}
    assert "note" not in item  # the address and access are recorded: nothing to warn of
    [row] = ok_json("cite", "page", "--style", "oscola")
    assert row["reference"] == "Org, ‘A Page’ (2023) <https://example.org/p> accessed 5 March 2024"
    assert "url = {https://example.org/p}" in run("sources", "page", "--format", "bibtex").stdout
    assert "UR  - https://example.org/p\n" in run("sources", "page", "--format", "ris").stdout


@pytest.mark.parametrize(
    "style", ["harvard-cite-them-right", "ieee", "vancouver", "modern-language-association", "nature", "apa"]
)
def test_a_dataset_with_no_address_never_gets_words_about_one(isolated, style):
    """The styles print an access date only beside an address: where a style's words for an address ('Available
    at:', '[Online]. Available:') would be left without one, the entry has no access date rather than them."""
    _import_dataset(isolated)
    [row] = ok_json("cite", DATASET, "--style", style, "--locator", "row 5")
    for text in (row["citation"], row["reference"]):
        assert "hrcli" not in text and not re.search(r"Available|Online|\bURL\b|from\s*[.)]|\(\s*\)", text), text
    assert "upr-info-belarus-received.csv" in row["reference"]
    if style in ("modern-language-association", "apa"):  # an access date alone is each one's form
        assert re.search(r"(Accessed 2 July|Retrieved July 2,) 2026\.$", row["reference"]), row["reference"]


def test_a_tables_source_legend_gives_a_dataset_as_undated_and_read_that_day(isolated):
    """Under a table, a dataset source is 'n.d., read D' (as its citations give it), never 'by D' as if it were
    published by that day; a date the user sets is its publication date there too."""
    _import_dataset(isolated)
    r = run("upr", "--summary", env={"COLUMNS": "200"})
    assert r.code == 0, r.stderr
    (line,) = [x for x in r.stdout.splitlines() if f"{DATASET}:" in x]
    assert line.rstrip().endswith("upr-info-belarus-received.csv (n.d., read 2 Jul 2026)"), line
    assert "by 2 Jul 2026" not in r.stdout
    facts = next((isolated / "data" / "facts").glob("import-*.json"))
    data = json.loads(facts.read_text(encoding="utf-8"))
    (src,) = [s for s in data["sources"] if s["id"] == DATASET]
    src["date"] = "2026-06"
    facts.write_text(json.dumps(data), encoding="utf-8")
    r = run("upr", "--summary", env={"COLUMNS": "200"})
    (line,) = [x for x in r.stdout.splitlines() if f"{DATASET}:" in x]
    assert line.rstrip().endswith("upr-info-belarus-received.csv (Jun 2026)"), line
    # a bound the user knows ('published by June 2026', before the day it was read) is that bound, not n.d.
    src["date"] = "/2026-06"
    facts.write_text(json.dumps(data), encoding="utf-8")
    r = run("upr", "--summary", env={"COLUMNS": "200"})
    (line,) = [x for x in r.stdout.splitlines() if f"{DATASET}:" in x]
    assert line.rstrip().endswith("upr-info-belarus-received.csv (by Jun 2026)"), line
    # the month it was read in ends on or after that day: no date, as its citation has it (one rule, edtf.undated)
    src["date"] = "/2026-07"
    facts.write_text(json.dumps(data), encoding="utf-8")
    r = run("upr", "--summary", env={"COLUMNS": "200"})
    (line,) = [x for x in r.stdout.splitlines() if f"{DATASET}:" in x]
    assert line.rstrip().endswith("upr-info-belarus-received.csv (n.d., read 2 Jul 2026)"), line
    apa = run("cite", DATASET, "--style", "apa", "--format", "json")
    assert apa.code == 0 and "n.d." in apa.stdout, apa.stdout


def test_show_and_the_html_export_cite_an_undated_dataset_as_nd_read_that_day(isolated):
    """`hrcli show`'s 'Cite as' line, the HTML export's source list and `hrcli sources`' Date column give a dataset
    that states no publication date as 'n.d., read D' (as the legend and `hrcli cite` do), never its EDTF '/D'."""
    sid = _import_dataset(isolated)  # saved 2 Jul 2026: its date '/2026-07-02', accessed that day
    rows = ok_json("upr", "--source", sid)
    assert rows, "the dataset's recommendations are listed"
    r = run("show", rows[0]["id"])
    assert r.code == 0, r.stderr
    (line,) = [x for x in r.stdout.splitlines() if x.startswith("Cite as:")]
    assert f"({'n.d., read 2 Jul 2026'}), row " in line, line
    assert "/2026-07-02" not in line
    page = isolated / "all.html"
    assert run("export", str(page), "--format", "html").code == 0
    html = page.read_text(encoding="utf-8")
    assert "n.d., read 2 Jul 2026 · dataset · issued by UPR Info" in html
    assert "/2026-07-02 · dataset" not in html
    r = run("sources", env={"COLUMNS": "200"})
    (line,) = [x for x in r.stdout.splitlines() if x.startswith(sid + " ")]
    assert "n.d., read 2 Jul 2026" in line and "by 2 Jul 2026" not in line, line
    assert any(s["date"] == "/2026-07-02" for s in ok_json("sources"))  # machine formats keep the EDTF
    for args in (("sources", sid), ("show", sid)):  # one source's fields: n.d. first, the EDTF after it
        (line,) = [x for x in run(*args, env={"COLUMNS": "200"}).stdout.splitlines() if x.startswith("date ")]
        assert line.split(None, 1)[1].rstrip() == "n.d., read 2 Jul 2026 (/2026-07-02)", (args, line)
    # a date the user sets is the source's date in all three
    facts = next((isolated / "data" / "facts").glob("import-*.json"))
    data = json.loads(facts.read_text(encoding="utf-8"))
    (src,) = [s for s in data["sources"] if s["id"] == sid]
    src["date"] = "2026-06"
    facts.write_text(json.dumps(data), encoding="utf-8")
    (line,) = [x for x in run("show", rows[0]["id"]).stdout.splitlines() if x.startswith("Cite as:")]
    assert "(2026-06), row " in line, line  # as the bundled documents' dates are cited
    (line,) = [x for x in run("sources", env={"COLUMNS": "200"}).stdout.splitlines() if x.startswith(sid + " ")]
    assert "Jun 2026" in line and "n.d." not in line, line


@pytest.mark.parametrize("name", ["upr-info-belarus-received.csv", "ohchr-voting-belarus.csv"])
def test_a_dataset_read_from_standard_input_is_not_said_to_have_a_modification_date(isolated, name):
    """Standard input has no modification date: its source's note says it was read from standard input that day."""
    import datetime as dt

    r = run("import", "-", "--from-format", "csv", "--name", "mydata", input=(DATASETS / name).read_bytes())
    assert r.code == 0 and "added 1 source" in r.stderr, r.stderr
    [src] = [s for s in ok_json("sources") if s["kind"] == "dataset"]
    assert f"read from standard input on {dt.date.today().isoformat()}" in src["note"], src["note"]
    assert "modification" not in src["note"], src["note"]
