"""hrcli cite (CSL styles via citeproc-py) and the bibliography formats csl-json, bibtex and ris."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import pytest

from conftest import ok_json, run
from hrcli import biblio
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
    # 'OHCHR, para. 6' has no CSL label: it follows the citation whole
    assert rows[1]["citation"].endswith(", OHCHR, para. 6.")
    sides = [r for r in rows if r["id"] == "conflict-upr1-accepted"]
    assert len(sides) >= 2 and all(r["locator"] for r in sides)


def test_a_csl_file_is_a_style(isolated):
    path = isolated / "mine.csl"
    shutil.copy(biblio.style_path("apa"), path)
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
    assert items["mfa-web"]["type"] == "webpage" and items["gov-2007"]["type"] == "document"
    assert items["unct-2009"]["author"] == [{"literal": "United Nations Country Team in Belarus"}]
    assert biblio.issued("2009-21")[0] == {"date-parts": [[2009]], "season": 1}  # a season: CSL's season, the year
    assert biblio.issued("2009?")[0] == {"date-parts": [[2009]], "circa": True}
    assert biblio.issued("/2007") == ({"date-parts": [[2007]]}, "2007 or earlier")
    assert biblio.issued("not a date") == (None, "")
    ris = run("sources", "--format", "ris").stdout
    assert "PY  - 2011" not in ris and "N1  - Date: 2011 to 2012." in ris  # RIS has no range: no year is picked


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
