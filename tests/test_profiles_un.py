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
