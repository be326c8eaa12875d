"""Files hrcli writes: replaced atomically, with the umask, keeping a symlink the user made."""

from __future__ import annotations

import os

from conftest import add_source, facts_dir, ok_json, run

# -- issue 12, hard edges ------------------------------------------------------------------------------------------


def _umask(mask):
    import contextlib

    @contextlib.contextmanager
    def cm():
        old = os.umask(mask)
        try:
            yield
        finally:
            os.umask(old)

    return cm()


def test_files_hrcli_creates_honour_the_umask(isolated):
    (isolated / "rows.csv").write_text("date,summary,source,locator\n2024,s,gov-2011,p. 1\n", encoding="utf-8")
    with _umask(0o022):
        assert add_source().code == 0
        assert run("import", str(isolated / "rows.csv")).code == 0
        assert run("config", "set", "format", "json").code == 0
        assert run("export", "--format", "json", str(isolated / "out.json")).code == 0
        assert run("export", "--format", "sqlite", str(isolated / "out.db")).code == 0
    made = [facts_dir(isolated) / "user.toml", isolated / "config" / "config.toml", isolated / "out.json"]
    made += list(facts_dir(isolated).glob("import-*.json"))
    assert len(made) == 4
    for f in made:
        assert f.stat().st_mode & 0o777 == 0o644, f
    assert (isolated / "out.db").stat().st_mode & 0o777 == 0o644
    with _umask(0o027):
        assert run("export", "--format", "csv", str(isolated / "team.csv")).code == 0
    assert (isolated / "team.csv").stat().st_mode & 0o777 == 0o640
    (isolated / "out.json").chmod(0o600)  # a replaced file keeps the mode its owner gave it
    assert run("export", "--force", str(isolated / "out.json")).code == 0
    assert (isolated / "out.json").stat().st_mode & 0o777 == 0o600


def test_a_symlinked_user_file_keeps_its_link(isolated):
    synced = isolated / "synced"
    synced.mkdir()
    facts_dir(isolated).mkdir(parents=True)
    (synced / "user.toml").write_text("schema = 1\n", encoding="utf-8")
    (facts_dir(isolated) / "user.toml").symlink_to(synced / "user.toml")
    assert add_source().code == 0
    assert (facts_dir(isolated) / "user.toml").is_symlink()
    assert "my-src" in (synced / "user.toml").read_text(encoding="utf-8")
    assert any(s["id"] == "my-src" for s in ok_json("sources"))


# -- issue 14, written against mutants that survived the suite -----------------------------------------------------


def test_sources_link_writes_its_file_atomically_with_the_umask(isolated, tmp_path, sources):
    import shutil

    texts = tmp_path / "texts"
    shutil.copytree(sources, texts)
    old = os.umask(0o022)
    try:
        r = run("sources", "link", str(texts))
        assert r.code == 0, r.stderr
    finally:
        os.umask(old)
    (f,) = (isolated / "config").glob("sources.toml")
    assert f.stat().st_mode & 0o777 == 0o644 and str(texts) in f.read_text(encoding="utf-8")
    assert [p.name for p in (isolated / "config").iterdir() if p.name.startswith(".")] == []
