"""Shell completion offers only what the command then takes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import run
from hrcli import options
from hrcli.commands.upr import complete_state

STATES = ["a\nb", "\u202eevil", "Germany", "Côte d'Ivoire"]


def _recommendations(isolated: Path) -> None:
    facts = isolated / "data" / "facts"
    facts.mkdir(parents=True, exist_ok=True)
    recs = "".join(
        f'[[recommendations]]\nid = "zz-rec-{n}"\ndate = "2010"\nsource = "unct-2009"\nlocator = "para. 1"\n'
        f'summary = "a recommendation"\nmechanism = "upr"\nrecommending_state = {json.dumps(s)}\n'
        f'response = "accepted"\ncycle = 1\n'
        for n, s in enumerate(STATES)
    )
    (facts / "user.toml").write_text("schema = 1\n" + recs, encoding="utf-8")
    assert run("validate").code == 0, run("validate").stderr


def test_state_completion_offers_only_names_state_takes(isolated):
    _recommendations(isolated)
    offered = complete_state("")
    assert offered  # the plain names are offered
    assert {"Germany", "Côte d'Ivoire"} <= set(offered)
    assert not any(w in offered for w in ("ab", "evil", "a\nb", "\u202eevil"))
    for value in offered:
        r = run("upr", "--state", value, "--json")
        assert r.code == 0, (value, r.stderr)
    assert complete_state("ev") == [] and complete_state("a") == []


def test_remove_completion_offers_only_the_users_own_ids(isolated):
    r = run("add", "event", "--date", "2025", "--summary", "mine", "--source", "unct-2009", "--locator", "para. 1")
    assert r.code == 0, r.stderr
    mine = r.stdout.strip()
    assert mine
    offered = options.complete_own_id("")
    assert offered == [mine]
    bundled = options.complete_id("unct-")
    assert bundled  # what show and cite offer: bundled ids
    assert options.complete_own_id("unct-") == []
    assert _bash("hrcli remove ", 2) == [mine]  # what TAB offers after remove, through the shell's completion
    assert "unct-2009" in _bash("hrcli show unct-20", 2)[0]  # show still offers bundled ids
    for value in offered:
        assert run("remove", value).code == 0


def _bash(words: str, cword: int) -> list[str]:
    env = {**os.environ, "_HRCLI_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
    r = subprocess.run([sys.executable, "-m", "hrcli"], env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return [line for line in r.stdout.splitlines() if line]
