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


# -- issue 12, hard edges ------------------------------------------------------------------------------------------


def test_export_never_replaces_a_device_fifo_or_folder(isolated):
    fifo = isolated / "pipe"
    os.mkfifo(fifo)
    to_device = isolated / "full-link"
    to_device.symlink_to("/dev/full")  # a link in our own folder: even old code could only replace the link
    folder = isolated / "folder"
    folder.mkdir()
    dangling = isolated / "dangling"
    dangling.symlink_to(isolated / "nowhere" / "x.json")
    for target in (fifo, to_device, folder, dangling):
        for fmt in ("json", "sqlite"):
            r = run("export", "--format", fmt, "--force", str(target))
            assert r.code == 1 and len(r.stderr.strip().splitlines()) == 1, (target, r)
            assert "not a regular file" in r.stderr or "link to nothing" in r.stderr, r.stderr
    assert fifo.is_fifo() and to_device.is_symlink() and folder.is_dir() and dangling.is_symlink()
    assert not [p for p in isolated.iterdir() if p.name.startswith(".hrcli-export-")]


def test_a_failed_export_leaves_no_temporary_file(isolated, monkeypatch):
    def refuse(*_a):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    for fmt in ("json", "sqlite", "csv"):
        r = run("export", "--format", fmt, str(isolated / f"out.{fmt}"))
        assert r.code == 1 and "No space left" in r.stderr, r
    monkeypatch.undo()
    assert not [p for p in isolated.iterdir() if p.name.startswith(".hrcli-export-") or p.name.startswith("out.")]


# -- issue 23, hard edges round two --------------------------------------------------------------------------------


# -- export: the metadata never replaces the database --------------------------------------------------------


@pytest.mark.parametrize("spell", ["same", "relative", "link", "hardlink"])
def test_export_metadata_to_the_database_path_is_refused(isolated, monkeypatch, spell):
    import os

    monkeypatch.chdir(isolated)
    db = isolated / "x.db"
    assert run("export", "--format", "sqlite", str(db)).code == 0
    before = db.read_bytes()
    meta = {"same": str(db), "relative": "./sub/../x.db", "link": "ln.db", "hardlink": "hard.db"}[spell]
    (isolated / "sub").mkdir()
    os.symlink(db, isolated / "ln.db")
    os.link(db, isolated / "hard.db")
    r = run("export", "--format", "sqlite", str(db), "--metadata", meta, "--force")
    assert r.code == 2 and "is the database itself" in r.stderr and len(r.stderr.splitlines()) == 1, r
    assert db.read_bytes() == before
    # a database not yet there, named twice in two spellings: only the paths can tell (nothing to compare yet)
    r = run("export", "--format", "sqlite", "new.db", "--metadata", "sub/../new.db")
    assert r.code == 2 and "is the database itself" in r.stderr and not (isolated / "new.db").exists(), r
    r = run("export", "--format", "sqlite", str(db), "--metadata", "meta.json", "--force")  # its own file: fine
    assert r.code == 0 and (isolated / "meta.json").read_bytes().startswith(b"{"), r.stderr
