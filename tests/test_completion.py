"""Shell completion offers only what the command then takes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import bash_completions, ok_json, run, topic_rows
from hrcli import options, store
from hrcli.commands.upr import complete_state
from test_stream import HEADER as STREAM_HEADER

STATES = ["a\nb", "\u202eevil", "Germany", "Côte d'Ivoire"]
NO_FLAGS = SimpleNamespace(params={})  # what completion's context holds when no flag was typed before


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
    offered = complete_state(NO_FLAGS, "")
    assert offered  # the plain names are offered
    assert {"Germany", "Côte d'Ivoire"} <= set(offered)
    assert not any(w in offered for w in ("ab", "evil", "a\nb", "\u202eevil"))
    for value in offered:
        r = run("upr", "--state", value, "--json")
        assert r.code == 0, (value, r.stderr)
    assert complete_state(NO_FLAGS, "ev") == [] and complete_state(NO_FLAGS, "a") == []


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


# -- issue 12, hard edges ------------------------------------------------------------------------------------------


def test_completion_descriptions_carry_no_escape_sequences(isolated):
    import subprocess
    import sys

    title = "Evil \x1b]0;pwned\x07 \x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\ \x9b31m"
    assert run("add", "source", "--id", "evil", "--title", title, "--date", "2023").code == 0
    for shell in ("zsh", "fish"):
        env = {
            **os.environ,
            "_HRCLI_COMPLETE": f"complete_{shell}",
            "_TYPER_COMPLETE_ARGS": "hrcli timeline --source ev",
            "_TYPER_COMPLETE_FISH_ACTION": "get-args",
        }
        r = subprocess.run([sys.executable, "-m", "hrcli"], capture_output=True, text=True, env=env, timeout=60)
        assert "evil" in r.stdout and "link" in r.stdout, (shell, r)
        assert "\x1b" not in r.stdout and "\x07" not in r.stdout and "\x9b" not in r.stdout, shell


# -- issue 19.6, hand mutants of the streaming import --------------------------------------------------------------


def test_a_users_own_topic_is_described_by_how_many_records_use_it(isolated):
    ev = isolated / "ev.csv"
    ev.write_text(STREAM_HEADER + topic_rows(3, ids=True, topic="Death penalty"), encoding="utf-8")
    assert run("import", str(ev), "--new-topic").code == 0
    assert store.load().topics()["death-penalty"] == "your own topic (3 records)"


def test_ids_by_prefix_are_every_id_that_starts_so_up_to_the_limit(isolated):
    csv = isolated / "ev.csv"
    csv.write_text(STREAM_HEADER + "".join(topic_rows(1, i, ids=True).replace(f"my-{i}", f"my-{w}") for i, w in
                                    enumerate(["a", "z", "zz", "z9"], 1)), encoding="utf-8")  # fmt: skip
    assert run("import", str(csv)).code == 0
    base = store.load()
    assert sorted(base.ids(prefix="my-")) == ["my-a", "my-z", "my-z9", "my-zz"]
    assert sorted(base.ids(prefix="my-z")) == ["my-z", "my-z9", "my-zz"]
    assert len(base.ids(prefix="my-", limit=2)) == 2 and base.ids(prefix="my-q") == []


# -- issue 22, written against hand mutants (scripts/mutants.py) ---------------------------------------------------


def test_completions_read_committees_in_any_case_and_strip_escapes_from_titles(isolated):
    # re-spelt as typed: the shell drops a value that does not start as typed ('CAT' after 'ca' was lost)
    assert "cat" in [c for c, _n in options.complete_body("ca")]
    assert "CAT" in [c for c, _n in options.complete_body("CA")]
    facts = isolated / "data" / "facts"
    facts.mkdir(parents=True)
    (facts / "user.toml").write_text(
        '[[sources]]\nid = "zq-src"\ntitle = "zq \\u001b]0;owned\\u0007 title"\ndate = "2020"\nkind = "report"\n'
        'issuer = "me"\nvoice = "user"\ncite = "p. N"\n'
    )
    ((sid, title),) = options.complete_source("zq-")
    assert sid == "zq-src" and "\x1b" not in title and "\x07" not in title


# -- issue 19 (1, 2, 5), the user's own topics and UPR datasets ----------------------------------------------------


def test_completion_offers_own_topics_bodies_responses_states(imported):
    assert "death-penalty" in bash_completions("hrcli timeline --topic de", 3)
    assert "Death-penalty" in bash_completions("hrcli stats Death", 2)  # the shell keeps what starts as typed
    assert bash_completions("hrcli upr --response a", 3) == ["accepted"]
    assert bash_completions("hrcli upr --state Ger", 3) == ["Germany"]
    run("add", "event", "--date", "2023", "--summary", "x", "--source", "ngo-upr", "--locator", "r", "--body", "SPT")
    assert "SPT" in bash_completions("hrcli timeline --body S", 3)


def test_completion_keeps_what_was_typed_in_another_case_or_separator(imported):
    """The shell keeps only values that start as typed, so each value is re-spelt to begin with the typed word
    (in its case, with its separator): a lower-case State, an upper-case response, a lower-case committee code,
    a topic typed with '_' all complete, to a word every filter takes as the same."""
    assert bash_completions("hrcli upr --state ger", 3) == ["germany"]
    assert bash_completions("hrcli upr --state CÔ", 3) == ["CÔte\\ d\\'Ivoire"]
    assert bash_completions("hrcli upr --response A", 3) == ["Accepted"]
    assert "cat" in bash_completions("hrcli timeline --body ca", 3)
    assert bash_completions("hrcli stats death_", 2) == ["death_penalty"]
    assert bash_completions("hrcli timeline --topic 'Death p", 3) == ["Death\\ penalty"]
    assert ok_json("upr", "--state", "germany", "--response", "Accepted", "--cycle", "1")
    assert ok_json("timeline", "--kind", "recommendation", "--topic", "death_penalty", "--body", "cat") == []


def test_upr_state_completion_offers_the_states_of_the_direction_asked_for(isolated):
    """upr --state offers the States that recommended to Belarus (never Belarus, never a State it only
    recommended to); after --given, the States Belarus recommended to: each then taken by the command (checked
    against the files, read with csv)."""
    from test_import_upr import DATASETS, dataset_rows

    names = ("upr-info-belarus-given.csv", "upr-info-belarus-received.csv", "upr-info-sessions-5-9.csv")
    for name in names:  # the file of many States' reviews with every State's rows
        (isolated / name).write_bytes((DATASETS / name).read_bytes())
        assert run("import", str(isolated / name), "--all-states").code == 0
    rows = [r for name in names for r in dataset_rows(name)]
    made = {r["From"].strip() for r in rows if r["To"] == "Belarus" and r["From"] != "Belarus"}
    to = {r["To"].strip() for r in rows if r["From"] == "Belarus"}
    assert made and to and to - made  # some States Belarus recommended to never recommended to it here
    # and some State recommended only in another State's review
    assert {r["From"].strip() for r in rows if "Belarus" not in (r["To"], r["From"])} - made
    import shlex

    offered = [shlex.split(w)[0] for w in bash_completions("hrcli upr --state ", 3)]  # as the shell reads them
    assert set(offered) == made
    given = [shlex.split(w)[0] for w in bash_completions("hrcli upr --given --state ", 4)]
    assert set(given) == to
    for s in made:
        assert run("upr", "--state", s, "--json").code == 0, s
    for s in to:
        assert run("upr", "--given", "--state", s, "--json").code == 0, s
