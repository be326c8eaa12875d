"""Shared fixtures: every test runs with its own data, cache and config folders."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from hrcli.cli import main

REPO = Path(__file__).resolve().parent.parent
# HRCLI_TEST_SHARED names another folder (tests/test_readme.py points it at none, as in a fresh clone)
SHARED = Path(os.environ.get("HRCLI_TEST_SHARED") or REPO.parent / "shared")
# every test that needs ../shared skips with this reason, and the summary says it in one line (README)
NEEDS_SOURCES = "needs ../shared beside the repository (the five source texts, the own-words check)"


@pytest.fixture(scope="session")
def sources() -> Path:
    """The folder of the five source texts; without it (or with HRCLI_TEST_NO_SOURCES=1, to try a fresh
    clone) every test that asks for it skips."""
    folder = SHARED / "sources"
    if os.environ.get("HRCLI_TEST_NO_SOURCES") == "1" or not any(folder.glob("004_*.txt")):
        _skip_without_sources()
    return folder


def _skip_without_sources() -> None:
    pytest.skip(NEEDS_SOURCES)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Those skips share the fixture's location, so the summary says it once, not once per test."""
    report = yield
    longrepr = report.longrepr
    if report.skipped and isinstance(longrepr, tuple) and longrepr[2].endswith(NEEDS_SOURCES):
        report.longrepr = (__file__, _skip_without_sources.__code__.co_firstlineno, longrepr[2])
    return report


# Hypothesis profiles. `ci` runs every property test with the example count written in it (today's power);
# `dev`, the default on a developer's machine, runs a fifth of that, so the loop is quick. CI=true selects `ci`;
# HYPOTHESIS_PROFILE=name or pytest's --hypothesis-profile=name choose one explicitly. A profile's max_examples is
# the scale: a test asks for examples(n), n being its count under `ci`.
CI_SCALE = 100
settings.register_profile("ci", max_examples=CI_SCALE)
settings.register_profile("dev", max_examples=CI_SCALE // 5)


def profile_name(environ) -> str:
    """HYPOTHESIS_PROFILE if set, else `ci` under CI=true (CI services and .ci/run set it), else `dev`."""
    return environ.get("HYPOTHESIS_PROFILE") or ("ci" if environ.get("CI", "").lower() in ("true", "1") else "dev")


settings.load_profile(profile_name(os.environ))


def examples(n: int) -> int:
    """n examples under the `ci` profile, the same share of n under any other (at least 10)."""
    return max(min(n, 10), n * settings.default.max_examples // CI_SCALE)


def pytest_report_header(config):
    name = settings.get_current_profile_name()
    return f"hypothesis profile: {name}, property tests run examples(100) = {examples(100)} (CI=true selects ci)"


def _names(words: str) -> tuple[str, ...]:
    return tuple(words.split())


# The machine formats' field names per record kind, in order: an interface (CHANGELOG), so pinned here in
# words, not read from hrcli.views.records; every test that checks a row's fields compares with these.
FACT_FIELDS = _names(
    "id kind date start end status mechanism body action topics summary title source locator voice origin note disputed"
)
REC_FIELDS = FACT_FIELDS + _names("recommending_state response response_text cycle session")
STAT_FIELDS = _names(
    "id topic table label value unit qualifier date start end source locator voice origin note disputed value_text"
)
SIDE_FIELDS = _names("id topic summary side value says source locator voice derived fact explanation value_text")


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str

    def json(self):
        return json.loads(self.stdout)


@pytest.fixture
def lines(monkeypatch):
    """Every JSON fact file in hrcli import's layout is read a line at a time (tests of the streamed path)."""
    from hrcli import loader

    monkeypatch.setattr(loader, "STREAM_FROM", 0)


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Private data/cache/config folders; no colour or format from the developer's environment."""
    monkeypatch.setenv("HRCLI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HRCLI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("HRCLI_CONFIG_DIR", str(tmp_path / "config"))
    for var in (
        "HRCLI_FORMAT",
        "HRCLI_NO_CACHE",
        "HRCLI_DEBUG",
        "HRCLI_SOURCES_DIR",
        "FORCE_COLOR",
        "NO_COLOR",
        "_HRCLI_COMPLETE",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    return tmp_path


def run(*args: str, env: dict | None = None, input: str | None = None) -> Result:
    """Run the whole CLI contract (hrcli.cli.main: exit codes, one-line errors) inside CliRunner's isolation."""
    runner = CliRunner()
    with runner.isolation(input=input, env=env) as streams:
        code = main(list(args))
        sys.stdout.flush()
        sys.stderr.flush()
        out, err = streams[0].getvalue(), streams[1].getvalue()
    return Result(code, out.decode("utf-8"), err.decode("utf-8"))


def ok_json(*args: str) -> list[dict]:
    r = run(*args, "--json")
    assert r.code == 0, r.stderr
    return r.json()


def by_id(rows: list[dict]) -> dict[str, dict]:
    return {r["id"]: r for r in rows}
