"""hrcli config and the config file: precedence, hostile files, parallel writers."""

from __future__ import annotations

import pytest

from conftest import examples, nested_toml, run

# -- issue 12, hard edges ------------------------------------------------------------------------------------------


def test_random_nested_config_files_never_crash(isolated):
    from hypothesis import HealthCheck, given, settings

    cfg = isolated / "config" / "config.toml"
    cfg.parent.mkdir(parents=True)

    @given(nested_toml())
    @settings(max_examples=examples(60), deadline=None, suppress_health_check=list(HealthCheck))
    def check(text):
        cfg.write_text(text, encoding="utf-8")
        for args in (("config", "list", "--json"), ("timeline", "--limit", "1"), ("config", "set", "color", "never")):
            r = run(*args)
            assert r.code in (0, 1), (text[:80], args, r)
            assert "Traceback" not in r.stderr and "internal error" not in r.stderr, (text[:80], args, r.stderr)
            if r.code == 1:
                assert len(r.stderr.strip().splitlines()) == 1 and "config.toml" in r.stderr, r.stderr

    check()


# -- issue 23, hard edges round two --------------------------------------------------------------------------------


# -- config: parallel writers, a hostile config.toml ----------------------------------------------------------


@pytest.mark.slow
def test_parallel_config_sets_on_different_keys_lose_nothing(isolated):
    import os
    import subprocess
    import sys
    import tomllib

    env = {**os.environ, "HRCLI_CONFIG_DIR": str(isolated / "config")}
    cfg = isolated / "config" / "config.toml"
    for n in range(20):
        cfg.unlink(missing_ok=True)
        fmt, color = ("json", "never") if n % 2 else ("csv", "auto")
        procs = [
            subprocess.Popen([sys.executable, "-m", "hrcli", "config", "set", k, v], env=env, stderr=subprocess.PIPE)
            for k, v in (("format", fmt), ("color", color))
        ]
        assert [p.wait(timeout=60) for p in procs] == [0, 0], [p.stderr.read() for p in procs]
        for p in procs:
            p.stderr.close()
        assert tomllib.loads(cfg.read_text(encoding="utf-8")) == {"format": fmt, "color": color}, n


@pytest.mark.parametrize(
    "text, why",
    [
        ("format = " + "[" * 3000 + "]" * 3000 + "\n", "nested too deeply"),
        ("x = " + "{a = " * 2000 + "1" + "}" * 2000 + "\n", "nested too deeply"),
        ("format = " + "9" * 5000 + "\n", "digits"),
    ],
)
def test_a_hostile_config_file_is_one_line_naming_it(isolated, text, why):
    cfg = isolated / "config" / "config.toml"
    cfg.parent.mkdir(parents=True)
    cfg.write_text(text, encoding="utf-8")
    for args in (("config", "list"), ("timeline", "--limit", "1"), ("config", "set", "format", "json")):
        r = run(*args)
        assert r.code == 1 and r.stdout == "", (args, r)
        assert len(r.stderr.splitlines()) == 1 and str(cfg) in r.stderr and why in r.stderr, r.stderr
    assert cfg.read_text(encoding="utf-8") == text  # set never replaced a file it could not read


# -- issue 14, written against mutants that survived the suite -----------------------------------------------------


def test_hrcli_format_beats_the_config_file_and_the_config_beats_the_default(monkeypatch):
    assert run("config", "set", "format", "csv").code == 0
    r = run("sources")
    assert r.stdout.startswith("id,title,")
    monkeypatch.setenv("HRCLI_FORMAT", "jsonl")
    r = run("sources")
    assert r.stdout.startswith("{") and len(r.stdout.splitlines()) == 5
    assert run("sources", "--format", "md").stdout.startswith("| id |")  # and an option beats both


# -- issue 22, written against hand mutants (scripts/mutants.py) ---------------------------------------------------


# -- options ---------------------------------------------------------------------------------------


def test_an_unknown_hrcli_format_is_a_usage_error_and_the_config_file_format_is_used(monkeypatch):
    monkeypatch.setenv("HRCLI_FORMAT", "jsn")
    r = run("timeline", "--limit", "1")
    assert r.code == 2 and "json" in r.stderr
    monkeypatch.delenv("HRCLI_FORMAT")
    assert run("config", "set", "format", "csv").code == 0
    assert run("timeline", "--limit", "1").stdout.startswith("id,")
