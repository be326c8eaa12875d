"""README stays true: its example outputs are what hrcli prints now, and its figures are counted, not typed."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

import pytest

from conftest import REPO


def _script():
    spec = importlib.util.spec_from_file_location("readme_examples", REPO / "scripts" / "readme_examples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_readme_examples_and_figures_have_not_drifted():
    r = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "readme_examples.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stdout + r.stderr


def test_every_example_block_is_found_and_only_hrcli_lines_are_commands():
    ex = _script().examples((REPO / "README.md").read_text(encoding="utf-8").split("\n"))
    commands = [c for _, _, c in ex]
    assert len(commands) >= 10 and all(c.startswith("hrcli ") for c in commands)
    assert "hrcli upr --summary" in commands and "hrcli treaty tortur" in commands


def test_an_example_is_rewritten_and_a_trimmed_one_keeps_its_length(tmp_path):
    m = _script()
    env = m._env(tmp_path)
    real = m._run("hrcli treaty", env)
    assert len(real) > 5
    text = [
        "```",
        "$ hrcli treaty tortur",
        "hrcli: something else",
        "$ hrcli treaty",
        real[0],
        real[1],
        "…",
        "$ hrcli treaty  # a comment README adds",
        "wrong first line",
        "…",
        "$ hrcli treaty CAT",
        "```",
    ]
    new, drifted, left = m.refresh(text, env)
    assert drifted == ["hrcli treaty tortur", "hrcli treaty"] and left == []
    assert new[2] == "hrcli: unknown committee 'tortur'. Did you mean 'torture'?"
    assert new[4:7] == [real[0], real[1], "…"]  # the right first lines, trimmed: unchanged
    assert new[8:10] == [real[0], "…"]  # as many lines as README kept (one), then the mark
    assert new[-2:] == ["$ hrcli treaty CAT", "```"]  # no output shown: not run


def test_the_test_count_is_rounded_down_to_a_hundred():
    m = _script()
    assert m.figures("it has over 1,000 tests now", 1201) == "it has over 1,200 tests now"
    assert m.figures("over 900 tests", 1099) == "over 1,000 tests"


@pytest.mark.slow
def test_without_shared_the_tests_that_need_it_skip_under_one_line(tmp_path):
    """README: without ../shared the tests that read the source texts skip, under one line of the summary."""
    import re

    r = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-n", "0", "-rs", "-p", "no:cacheprovider"]
        + [
            "tests/test_data.py::test_summaries_are_in_own_words",
            "tests/test_sources_folder.py",
            "tests/test_quote.py",
        ],
        cwd=REPO,
        env={**os.environ, "HRCLI_TEST_SHARED": str(tmp_path / "no-shared")},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stdout[-3000:]
    skipped = [line for line in r.stdout.splitlines() if line.startswith("SKIPPED")]
    counted = re.search(r"([0-9]+) skipped", r.stdout)
    assert counted and int(counted[1]) > 2  # several tests, the own-words check among them
    assert len(skipped) == 1, skipped
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "skip, under one line of the summary" in " ".join(readme.split())
