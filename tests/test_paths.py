"""Where hrcli keeps data, cache and config: environment variables, empty ones, wrong kinds of path."""

from __future__ import annotations

from conftest import add_source, run

# -- issue 12, hard edges ------------------------------------------------------------------------------------------


def test_a_facts_path_that_is_a_file_is_reported(isolated, monkeypatch):
    (isolated / "data").mkdir()
    (isolated / "data" / "facts").write_text("not a folder")
    for args in (
        ("timeline", "--json"),
        ("search", "izsak", "--json"),
    ):  # reading goes on with the bundled facts, but says so
        r = run(*args)
        assert r.code == 0 and r.json() and "is not a folder" in r.stderr, r
    monkeypatch.setenv("HRCLI_DATA_DIR", str(isolated / "data" / "facts"))  # the variable names a file
    r = run("search", "izsak", "--json")
    assert r.code == 0 and r.json() and "is not a folder" in r.stderr and "facts" in r.stderr


def test_empty_environment_variables_count_as_unset(isolated, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(isolated / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(isolated / "xdg-config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(isolated / "xdg-cache"))
    for var in ("HRCLI_DATA_DIR", "HRCLI_CONFIG_DIR", "HRCLI_CACHE_DIR", "HRCLI_FORMAT", "HRCLI_NO_CACHE", "NO_COLOR"):
        monkeypatch.setenv(var, "")
    r = run("treaty", "CAT", "--format", "csv")
    assert r.code == 0 and r.stdout.startswith("id,"), r
    assert add_source().code == 0
    assert (isolated / "xdg-data" / "hrcli" / "facts" / "user.toml").is_file()
    assert list((isolated / "xdg-cache" / "hrcli").rglob("facts-*.sqlite"))  # cache used: empty NO_COLOR/NO_CACHE
    assert run("timeline", "--limit", "1").code == 0


def test_a_cache_dir_variable_naming_a_file_is_reported(isolated, monkeypatch):
    (isolated / "afile").write_text("x")
    monkeypatch.setenv("HRCLI_CACHE_DIR", str(isolated / "afile"))
    r = run("treaty", "CAT", "--json")
    assert r.code == 0 and r.json()  # still works, from memory
    assert "HRCLI_CACHE_DIR" in r.stderr and "not a folder" in r.stderr
    assert (isolated / "afile").read_text() == "x"
