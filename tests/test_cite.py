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
