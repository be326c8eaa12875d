"""The README's recipes for the UN datasets hrcli recognises (importer/profiles_un.py), run verbatim on files in
the real ones' shape (tests/data/datasets/) saved under the names the recipes use."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

from conftest import run

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "datasets"
# the name a recipe uses -> the fixture in that dataset's shape
FIXTURES = {
    "resolutions.csv": "ohchr-voting-belarus.csv",
    "hr_status_iccpr_op1.csv": "hr_status_iccpr_op1.csv",
    "untc-IV-5-status.csv": "untc-IV-5-status.csv",
    "UnderlyingData_ICESCR_OHCHR_02_07_2026.xls": "UnderlyingData_ICESCR_OHCHR_02_07_2026.xls",
}


def _recipes() -> list[str]:
    """The README's 'Published UN datasets' block: its hrcli import lines, comments cut."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("**Published UN datasets, recognised by their header**", 1)[1].split("```sh", 1)[1]
    block = block.split("```", 1)[0]
    return [line.split("#", 1)[0].strip() for line in block.splitlines() if line.strip().startswith("hrcli import")]


def test_every_recipe_names_a_fixture_and_runs_verbatim(tmp_path, monkeypatch):
    recipes = _recipes()
    assert len(recipes) == len(FIXTURES)
    monkeypatch.chdir(tmp_path)
    for line in recipes:
        args = shlex.split(line)[1:]
        name = args[1]
        shutil.copy(DATA / FIXTURES[name], tmp_path / name)
        r = run(*args)
        assert r.code == 0, (line, r.stderr)
        assert re.search(rf"recognised {re.escape(name)}: ", r.stderr), line
        assert "added 1 source" in r.stderr, line


def test_every_readme_line_importing_a_recognised_fixture_runs_verbatim(tmp_path, monkeypatch):
    """Any README line (in any block) importing a file a fixture stands for runs as written: the import recipes'
    block once showed the dashboard export with a --map that turned its profile off."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = [x.split("#", 1)[0].strip() for x in text.splitlines() if x.strip().startswith("hrcli import ")]
    mine = [x for x in lines if len(shlex.split(x)) > 2 and shlex.split(x)[2] in FIXTURES]
    assert any("UnderlyingData_" in x and "--dry-run" in x for x in mine), mine
    monkeypatch.chdir(tmp_path)
    for line in mine:
        args = shlex.split(line)[1:]
        shutil.copy(DATA / FIXTURES[args[1]], tmp_path / args[1])
        r = run(*args)
        assert r.code == 0, (line, r.stderr)
        assert f"recognised {args[1]}: " in r.stderr, line


def test_a_file_of_no_known_shape_takes_the_generic_path(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("date,summary,source,locator\n2020,Something happened.,unct-2009,para. 1\n", encoding="utf-8")
    r = run("import", str(path))
    assert r.code == 0, r.stderr
    assert "recognised" not in r.stderr and "added 1 event" in r.stderr


def _tidy_copy(tmp_path: Path, belarus: str) -> Path:
    lines = (DATA / "hr_status_iccpr_op1.csv").read_text(encoding="utf-8").splitlines()
    assert any(line.startswith("BY,Belarus,") for line in lines)
    path = tmp_path / "hr_status_iccpr_op1.csv"
    path.write_text("\n".join(belarus if x.startswith("BY,") else x for x in lines) + "\n", encoding="utf-8")
    return path


def test_a_tidy_status_row_with_no_known_status_is_refused_or_read_from_its_flags(tmp_path):
    for status in ("", "denounced"):
        r = run("import", str(_tidy_copy(tmp_path, f"BY,Belarus,1,1992,1,0,{status},")))
        assert r.code == 2 and "nothing was imported" in r.stderr, r.stderr
        assert "status must be one of 'state party', 'signatory state', 'no action'" in r.stderr
    # one flag set: the status it says
    r = run("import", str(_tidy_copy(tmp_path, "BY,Belarus,1,1992,0,0,,")))
    assert r.code == 0, r.stderr
    r = run("treaty", "CCPR", "--json")
    assert r.code == 0, r.stderr
    assert "Belarus became a party to ICCPR-OP1 in 1992" in r.stdout
    assert "Belarus is  to" not in r.stdout


# -- a near miss: a UN dataset's header short by a column is refused, never read through the generic path ---------


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    import csv

    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def _fixture_csv(name: str) -> tuple[list[str], list[list[str]]]:
    import csv

    with open(DATA / name, encoding="utf-8", newline="") as fh:
        header, *rows = list(csv.reader(fh))
    assert rows
    return header, rows


def test_a_un_dataset_missing_a_column_is_refused_with_what_it_lacks(tmp_path):
    from hrcli.importer import un_datasets

    cases = [
        ("hr_status_iccpr_op1.csv", "member", "'member' column"),  # the State a row is about
        ("hr_status_iccpr_op1.csv", "status", "'status' column"),
        ("ohchr-voting-belarus.csv", "yes", "'yes' column"),
        ("ohchr-voting-belarus.csv", "vote_type", "'vote_type' column"),
        ("untc-IV-5-status.csv", "Participant", "'Participant' column"),
        ("untc-IV-5-status.csv", "Ratification, Accession(a), Succession(d)", "column holding 'Ratification'"),
    ]
    for name, gone, said in cases:
        header, rows = _fixture_csv(name)
        at = header.index(gone)
        cut = [c for c in header if c != gone]
        assert un_datasets.detect(cut) is None and un_datasets.near(cut) is not None, (name, gone)
        path = _write_csv(tmp_path / name, cut, [r[:at] + r[at + 1 :] for r in rows])
        r = run("import", str(path))
        assert r.code == 1, (name, gone, r.stderr)
        (line,) = r.stderr.strip().splitlines()
        assert "looks like" in line and f"has no {said}" in line and "--map" in line, line
        assert run("import", "--list", "--json").json() == []
    dash = ["Country", "Date of Signature (dd/mm/yyyy)", "Notes"]
    r = run("import", str(_write_csv(tmp_path / "UnderlyingData_CAT_OHCHR_1_1_2026.csv", dash, [["Belarus", "", ""]])))
    assert r.code == 1 and "has no column starting 'Date of Ratification'" in r.stderr


def test_a_header_close_to_no_dataset_keeps_the_generic_path():
    from hrcli.importer import profiles, un_datasets

    for header in (["date", "summary", "source", "locator"], ["Country", "Population"], ["symbol", "title", "date"]):
        assert un_datasets.near(header) is None and profiles.near(header) is None, header


def test_a_profile_rows_problem_names_no_column_the_file_lacks(isolated):
    """A UN dataset is read whole by its profile: a field problem's fix is the row in the file, never 'correct
    column date' or '--map date=-' (which turns the profile off and fails every row); a --set value's stays."""
    text = (DATA / "ohchr-voting-belarus.csv").read_text(encoding="utf-8")
    assert ",2003-04-17,2003," in text
    path = isolated / "resolutions.csv"
    path.write_text(text.replace(",2003-04-17,2003,", ",2003-04-47,2003,", 1), encoding="utf-8")
    r = run("import", str(path))
    assert r.code != 0
    line = next(x for x in r.stderr.splitlines() if "field 'date'" in x and "'2003-04-47'" in x)
    assert line.endswith("correct the row in the file") and "--map" not in line and "column 'date'" not in line
    r = run("import", str(DATA / "hr_status_iccpr_op1.csv"), "--set", "date=sometime", "--all-states")
    assert r.code != 0 and "correct --set date=..." in r.stderr, r.stderr


def test_a_signature_cell_marks_only_a_succession_to_signature(isolated):
    path = isolated / "untc-IV-4-status.csv"
    head = 'Participant,"Signature, Succession to signature(d)","Ratification, Accession(a), Succession(d)"'
    path.write_text(f"{head}\nBelarus,19 Mar 1968 a,12 Nov 1973\n", encoding="utf-8")
    r = run("import", str(path))
    assert r.code != 0 and "line 2: 'Signature, Succession to signature(d)': unknown marker 'a'" in r.stderr


def test_a_hint_column_counts_only_when_the_header_has_it():
    """UNTC's page table: 'Participant' alone (with a column of no dataset) is no near miss; with its Signature
    column too, the page table lacking its Ratification column is one."""
    from hrcli.importer import un_datasets
    from hrcli.importer.profiles_un import UNTC

    assert un_datasets.near(["Participant", "Remarks"]) is None
    got = un_datasets.near(["Participant", "Signature"])
    assert got is not None and got[0] is UNTC and got[1] == ["column holding 'Ratification'"]
