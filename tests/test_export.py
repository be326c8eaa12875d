"""hrcli export: never into the facts folder, where the export would be read back as facts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import run


def _facts(isolated: Path) -> Path:
    return isolated / "data" / "facts"


def _add_one() -> None:
    r = run("add", "event", "--date", "2025", "--summary", "mine", "--source", "unct-2009", "--locator", "para. 1")
    assert r.code == 0, r.stderr


def _refused(r, what: str) -> None:
    assert r.code == 2, r.stderr
    assert len(r.stderr.splitlines()) == 1
    assert f"{what} is in your facts folder" in r.stderr and "export somewhere else" in r.stderr
    assert run("validate").code == 0  # and every command still works


@pytest.mark.parametrize("fmt", ["toml", "json", "csv", "sqlite"])
def test_an_export_into_the_facts_folder_is_refused(isolated, fmt):
    _add_one()
    before = {p.name: p.read_bytes() for p in _facts(isolated).iterdir()}
    target = _facts(isolated) / f"everything.{fmt}"
    _refused(run("export", "--format", fmt, str(target)), str(target))
    assert {p.name: p.read_bytes() for p in _facts(isolated).iterdir()} == before
    elsewhere = isolated / f"everything.{fmt}"
    assert run("export", "--format", fmt, str(elsewhere)).code == 0 and elsewhere.stat().st_size > 0


def test_force_over_user_toml_however_it_is_named_is_refused(isolated, monkeypatch):
    _add_one()
    user = _facts(isolated) / "user.toml"
    kept = user.read_bytes()
    link = isolated / "link.toml"
    link.symlink_to(user)
    hard = isolated / "hard.toml"
    os.link(user, hard)
    sub = _facts(isolated) / "sub"
    sub.mkdir()
    monkeypatch.chdir(sub)
    for target in (str(user), "../user.toml", "new.toml", str(link), str(hard)):
        _refused(run("export", "--format", "toml", "--force", target), target)
    assert user.read_bytes() == kept
    assert not (sub / "new.toml").exists()


def test_sqlite_metadata_into_the_facts_folder_is_refused(isolated):
    meta = _facts(isolated) / "metadata.json"
    _facts(isolated).mkdir(parents=True)
    r = run("export", "--format", "sqlite", str(isolated / "x.db"), "--metadata", str(meta))
    _refused(r, str(meta))
    assert not meta.exists() and not (isolated / "x.db").exists()
