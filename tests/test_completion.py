"""Shell completion offers only what the command then takes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

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


# -- zsh and fish, driven in the real shells (bash: tests/test_terminal.py) -----------------------------------

ROOT = Path(__file__).resolve().parent.parent
BIN = os.path.dirname(sys.executable)  # where pip put the hrcli script

# zsh in a pseudo-terminal (zpty), with completions/ on $fpath as README says: type the words, press TAB once,
# then a key bound to a widget that prints how zsh splits the line and the last word as it reads it back
_ZSH_DRIVER = r"""
zmodload zsh/zpty
zpty -b z zsh -f -i
zpty -w z 'PS1="> "; fpath=('${(q)COMPDIR}' $fpath); autoload -Uz compinit; compinit -u -D'
zpty -w z 'got() { local w=(${(z)BUFFER}); print -r -- "=""=GOT${#w}:${(Q)w[-1]}=""=END" }'
zpty -w z 'zle -N got; bindkey "^G" got'
zpty -w -n z "$TYPED"$'\t'
sleep 2
zpty -w -n z $'\a'
zpty -r -m z out '*==GOT*==END*'
print -r -- "$out"
zpty -d z
"""


def zsh_complete(typed: str, tmp_path: Path) -> tuple[int, str]:
    """What a real zsh makes of ``typed`` after one TAB: (the number of words on the line, the last one)."""
    import re
    import shutil

    zsh = shutil.which("zsh")
    if zsh is None:
        pytest.skip("zsh is not installed")
    (tmp_path / "driver.zsh").write_text(_ZSH_DRIVER)
    env = {**os.environ, "PATH": BIN + os.pathsep + os.environ.get("PATH", ""), "TYPED": typed}
    env["COMPDIR"] = str(ROOT / "completions")
    r = subprocess.run([zsh, "-f", str(tmp_path / "driver.zsh")], env=env, capture_output=True, timeout=60)
    got = re.findall(r"==GOT([0-9]+):(.*?)==END", r.stdout.decode("utf-8", "replace").replace("\r", ""))
    assert got, r.stdout[-2000:]
    return int(got[-1][0]), got[-1][1]


@pytest.mark.slow
def test_zsh_completes_values_with_spaces_as_one_word(isolated, tmp_path):
    assert zsh_complete("hrcli treaty CES", tmp_path) == (3, "CESCR")  # on the first TAB
    n, word = zsh_complete("hrcli stats asylum --table Asylum-s", tmp_path)
    assert (n, word) == (5, "Asylum-seekers in 2008 by origin")
    n, word = zsh_complete("hrcli quote mfa-web Treaty", tmp_path)
    assert n == 4 and word.startswith("Treaty bodies, para.")  # the common part of every candidate, one word
    assert zsh_complete("hrcli quote mfa-web Treaty\\ bodies,\\ para.\\ ", tmp_path)[0] == 4


def fish_complete(typed: str) -> list[tuple[int, str]]:
    """Each candidate a real fish offers for ``typed``, as (the words fish reads back once it is inserted,
    escaped as fish inserts it, the candidate)."""
    import shutil

    fish = shutil.which("fish")
    if fish is None:
        pytest.skip("fish is not installed")
    program = (
        f"source {ROOT / 'completions' / 'hrcli.fish'}\n"
        "for c in (complete -C $TYPED | string replace -r '\\t.*' '')\n"
        '  set -l words (eval "string join \\n -- "(string escape -- $c))\n'
        '  echo (count $words)":"$c\n'
        "end\n"
    )
    env = {**os.environ, "PATH": BIN + os.pathsep + os.environ.get("PATH", ""), "TYPED": typed}
    r = subprocess.run([fish, "--no-config", "-c", program], env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    out = []
    for line in r.stdout.splitlines():
        n, _, word = line.partition(":")
        out.append((int(n), word))
    return out


@pytest.mark.slow
def test_fish_completes_values_with_spaces_as_one_word(isolated):
    got = fish_complete("hrcli quote mfa-web Treaty")
    assert got and all(w.startswith("Treaty bodies, para. ") for _, w in got)
    assert all(n == 1 for n, _ in got)  # inserted, each stays one argument
    got = fish_complete("hrcli stats asylum --table Asylum-s")
    assert got == [(1, "Asylum-seekers in 2008 by origin")]
    # a word typed with escaped spaces goes on from there
    assert [w for _, w in fish_complete("hrcli quote mfa-web Treaty\\ bodies,\\ para.\\ 2")] == [
        "Treaty bodies, para. 2"
    ]
    assert sorted(w for _, w in fish_complete("hrcli treaty CE")) == ["CEDAW", "CERD", "CESCR"]  # fish sorts
