"""What a person reads on a terminal: the pager never swallows output (issue 20.4)."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import threading

import pytest


def on_terminal(args, env_extra, rows=10, cols=80, cwd=None):
    """Run hrcli with stdout on a pseudo-terminal; return (exit code, what the terminal showed, stderr)."""
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "HRCLI_PAGER", "PAGER", "LINES")}
    env.update(env_extra)
    shown = bytearray()

    def drain():
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            shown.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "hrcli", *args],
            stdin=subprocess.DEVNULL,
            stdout=slave,
            stderr=subprocess.PIPE,
            env=env,
            timeout=60,
            cwd=cwd,
        )
    finally:
        os.close(slave)
    reader.join(10)
    os.close(master)
    return proc.returncode, shown.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")


@pytest.fixture
def failing_pager(tmp_path):
    script = tmp_path / "pager-that-fails"
    script.write_text("#!/bin/sh\nexit 1\n")
    script.chmod(0o755)
    return str(script)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"PAGER": "nosuch-pager-20"}, "not found"),
        ({"HRCLI_PAGER": "nosuch-pager-20 -R"}, "not found"),
        ({"PAGER": "{failing}"}, "failed (exit 1)"),
        ({"PAGER": "nosuch-pager-20 $HOME"}, "failed (exit 127)"),  # the shell's business: known by its exit
        # a pipeline whose first step fails and whose last succeeds exits 0: known because nothing read the table
        ({"PAGER": "nosuch-pager-20 | cat"}, "read none of the output"),
        ({"PAGER": "{failing} | cat"}, "read none of the output"),
        ({"PAGER": "true"}, "read none of the output"),
    ],
)
def test_a_pager_that_is_missing_or_fails_never_swallows_the_table(isolated, failing_pager, env, says):
    env = {k: v.replace("{failing}", failing_pager) for k, v in env.items()}
    code, shown, stderr = on_terminal(["timeline", "--limit", "20"], env)
    assert code == 0
    assert "What the source says" in shown and "20 of" in shown  # the whole table, on the terminal
    lines = [ln for ln in stderr.splitlines() if ln.startswith("hrcli:")]
    assert len(lines) == 1 and says in lines[0] and "--no-pager" in lines[0], stderr


@pytest.mark.slow
def test_a_working_pager_gets_the_table_once(isolated):
    code, shown, stderr = on_terminal(["timeline", "--limit", "20"], {"PAGER": "cat"})  # cat: no pager at all
    assert code == 0 and shown.count("What the source says") == 1 and "hrcli:" not in stderr
    code, shown, stderr = on_terminal(["timeline", "--limit", "20"], {"PAGER": "tr a-z A-Z"})
    assert code == 0 and "WHAT THE SOURCE SAYS" in shown and "What the source says" not in shown
    assert "hrcli:" not in stderr
    # a pipeline that reads the table, or stops early (head): what it showed stands, nothing printed twice
    code, shown, stderr = on_terminal(["timeline", "--limit", "20"], {"PAGER": "tr a-z A-Z | cat"})
    assert code == 0 and "WHAT THE SOURCE SAYS" in shown and "What the source says" not in shown
    assert "hrcli:" not in stderr
    code, shown, stderr = on_terminal(["timeline", "--limit", "200"], {"PAGER": "head -c 100 | tr a-z A-Z"})
    assert code == 0 and "TIMELINE" in shown and "Timeline" not in shown and "hrcli:" not in stderr


# -- completion in a real bash ---------------------------------------------------------------------


def bash_complete(words: list[str], tmp_path) -> list[str]:
    """Source hrcli's bash completion script in a real bash, complete the last of ``words`` (as the
    user typed them, quoting included) and return the words bash would insert, each read back by bash."""
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    bindir = os.path.dirname(sys.executable)  # where pip put the hrcli script
    script = subprocess.run(
        [sys.executable, "-m", "hrcli"], env={**os.environ, "_HRCLI_COMPLETE": "source_bash"}, capture_output=True
    ).stdout.decode()
    (tmp_path / "complete.bash").write_text(script)
    program = (
        f"source {shlex.quote(str(tmp_path / 'complete.bash'))}\n"
        # bash keeps each word of COMP_WORDS as typed, backslashes included
        f"COMP_WORDS=({' '.join(shlex.quote(w) for w in words)}); COMP_CWORD={len(words) - 1}\n"
        "_hrcli_completion hrcli\n"
        # insert each candidate as bash would, then let bash split the line: it must stay one argument
        'for c in "${COMPREPLY[@]}"; do eval "set -- $c"; echo "$#:$1"; done\n'
    )
    env = {**os.environ, "PATH": bindir + os.pathsep + os.environ.get("PATH", "")}
    r = subprocess.run([bash, "--norc", "--noprofile", "-c", program], env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    out = []
    for line in r.stdout.splitlines():
        n, _, word = line.partition(":")
        assert n == "1", f"bash would split {word!r} into {n} arguments"
        out.append(word)
    return out


@pytest.mark.slow
def test_bash_completes_values_with_spaces_as_one_word(isolated, tmp_path):
    got = bash_complete(["hrcli", "stats", "asylum", "--table", "Asylum-"], tmp_path)
    assert got and all(w.startswith("Asylum-") for w in got) and any(" " in w for w in got)
    # a word already typed with an escaped space goes on from there
    whole = got[0]
    cut = whole[: whole.index(" ") + 1]
    assert bash_complete(["hrcli", "stats", "asylum", "--table", cut.replace(" ", "\\ ")], tmp_path)[0] == whole
    got = bash_complete(["hrcli", "quote", "mfa-web", "Treaty"], tmp_path)
    assert got and all(w.startswith("Treaty bodies, para. ") for w in got)
    assert bash_complete(["hrcli", "treaty", "CE"], tmp_path) == ["CERD", "CEDAW", "CESCR"]  # plain ones unchanged


def test_zsh_and_fish_get_values_with_spaces_whole(isolated):
    """zsh gets each value double-quoted, fish one value a line (fish escapes what it inserts)."""
    for shell, needle in (("zsh", '"Treaty bodies, para. 1"'), ("fish", "\\nTreaty bodies, para. 1\\n")):
        env = {
            **os.environ,
            "_HRCLI_COMPLETE": f"complete_{shell}",
            "_TYPER_COMPLETE_ARGS": "hrcli quote mfa-web Treaty",
            "_TYPER_COMPLETE_FISH_ACTION": "get-args",
        }
        out = subprocess.run([sys.executable, "-m", "hrcli"], env=env, capture_output=True, text=True).stdout
        assert needle.replace("\\n", "\n").strip("\n") in out, out
        if shell == "fish":
            assert "Treaty bodies, para. 1" in out.splitlines()


# -- prose wrapped at words on a terminal, one line a paragraph in a pipe -----------------------------


def plain(shown: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", shown).replace("\r\n", "\n")  # colour, and the terminal's CR


def whole_words(text: str, shown: str) -> list[str]:
    """The words of ``text`` that appear on no line of ``shown`` whole (broken by a wrap)."""
    lines = [set(line.split()) for line in plain(shown).splitlines()]
    return [w for w in text.split() if not any(w in words for words in lines)]


def widest(shown: str) -> int:
    return max(len(line) for line in plain(shown).splitlines())


@pytest.mark.slow
@pytest.mark.parametrize("cols", [60, 80, 120])
def test_show_wraps_its_citation_lines_at_words(isolated, cols):
    import json

    from conftest import run

    rec = json.loads(run("show", "g14-upr1-2012-02-midterm-report", "--json").stdout)[0]
    code, shown, _ = on_terminal(["--no-pager", "show", "g14-upr1-2012-02-midterm-report"], {"COLUMNS": str(cols)})
    assert code == 0 and "Cite as:" in shown and "Whose claim:" in shown
    cite = "Cite as: " + rec["citation"]
    assert len(cite) > 60  # long enough to need wrapping at 60 columns
    assert not whole_words(cite, shown)
    whose = shown[shown.index("Whose claim:") :]
    assert not whole_words("Whose claim: what this source says, not settled fact.", whose)
    assert widest(shown) <= cols
    piped = run("show", "g14-upr1-2012-02-midterm-report", env={"COLUMNS": str(cols)}).stdout
    assert cite in piped.splitlines()  # piped: one line, to paste whole


@pytest.mark.slow
@pytest.mark.parametrize("cols", [60, 80, 120])
def test_quote_wraps_the_passage_at_words(isolated, sources, cols):
    from conftest import run

    env = {"HRCLI_SOURCES_DIR": str(sources)}
    piped = run("quote", "unct-2009", "para. 22", env=env).stdout
    assert len(piped.splitlines()) == 1 and len(piped) > 2 * cols  # one line a paragraph
    code, shown, _ = on_terminal(["quote", "unct-2009", "para. 22"], {**env, "COLUMNS": str(cols)})
    assert code == 0 and not whole_words(piped, shown)
    assert widest(shown) <= cols and len(shown.splitlines()) > 1


@pytest.mark.parametrize("cols", [60, 80, 120])
def test_every_number_in_the_upr_summary_has_its_label(isolated, cols):
    import json
    import re

    from conftest import run

    rows = json.loads(run("upr", "--summary", "--json").stdout)
    out = run("upr", "--summary", env={"COLUMNS": str(cols)}).stdout
    labels = {"Cycle", "Year", "Received", "Accepted"}
    numbers = 0
    if cols < 72:  # one block a row: each number next to its label
        for line in out.splitlines():
            if not line or line.startswith(" ") or "Marks:" in line or "Dates:" in line:
                continue
            words = line.split()
            for i, w in enumerate(words):
                if re.fullmatch("[0-9]+", w):
                    numbers += 1
                    assert i > 0 and words[i - 1] in labels, f"{w} unlabelled in {line!r}"
    else:  # a table: the header names each column
        header = next(line for line in out.splitlines() if "Received" in line)
        assert labels <= set(header.split())
        numbers = sum(len(re.findall(r"(?<![\w,.-])[0-9]+(?![\w-])", line)) for line in out.splitlines()[2:])
    received = [r for r in rows if r.get("received") is not None]
    assert received and numbers >= 4 * len(received)  # cycle, year, received, accepted of each


# -- help: paragraphs that reflow, one line per command -----------------------------------------------


def _prose(help_text: str) -> list[list[str]]:
    """The paragraphs of a --help text's prose (above its first panel), each a list of its lines."""
    top = help_text.split("╭", 1)[0]
    paras, cur = [], []
    for line in top.splitlines():
        if line.strip() and not line.strip().startswith("Usage:"):
            cur.append(line.rstrip())
        elif cur:
            paras.append(cur)
            cur = []
    return paras + ([cur] if cur else [])


def _every_command():
    from hrcli.cli import COMMANDS

    return [[name] for name in COMMANDS] + [["add", "source"], ["add", "event"], ["config", "set"]]


@pytest.mark.parametrize("cols", [60, 80, 120])
def test_help_prose_reflows_to_the_terminal(isolated, cols):
    """No line of a help paragraph ends where the next line's first word would still have fit."""
    from conftest import run

    for words in _every_command():
        r = run(*words, "--help", env={"COLUMNS": str(cols)})
        if r.code != 0:
            continue  # a group without that subcommand
        for para in _prose(r.stdout):
            for line, after in zip(para, para[1:], strict=False):
                if after.lstrip().startswith(("- ", "* ", "• ")) or after.startswith("   "):
                    continue  # a list item or an indented example starts a line on purpose
                first = after.split()[0]
                assert len(line) + 1 + len(first) > cols - 1, f"{' '.join(words)} --help at {cols}: {line!r}"


def test_root_help_lists_each_command_on_one_line_at_80(isolated):
    from conftest import run
    from hrcli.cli import COMMANDS

    out = run("--help", env={"COLUMNS": "80"}).stdout
    panel = out[out.index("Commands") :].split("╰")[0].splitlines()[1:]
    names = [line.strip("│ ").split()[0] for line in panel]
    assert sorted(names) == sorted(COMMANDS)  # every row starts with a command: none took a second line
    for name, (_module, one_line) in COMMANDS.items():
        assert any(one_line in line for line in panel), name


def test_brackets_in_help_are_printed_as_written():
    from rich.text import Text

    from hrcli.cli import reflow

    text = "Use [bold]x[/bold] or [/] or a\nlist:\n- [required] one\n- two, \\[@already] escaped"
    shown = Text.from_markup(reflow(text)).plain
    assert shown == "Use [bold]x[/bold] or [/] or a list:\n- [required] one\n- two, [@already] escaped"


def test_short_help_flag_and_zsh_completion_show_the_tidied_help(isolated):
    """The help texts are tidied only when a call may show them (start-up): -h, -h in a cluster and the
    shells that show each choice's help must get the same tidied text as --help."""
    from conftest import run
    from hrcli.cli import COMMANDS

    assert run("-h", env={"COLUMNS": "80"}).stdout == run("--help", env={"COLUMNS": "80"}).stdout
    for words in (["treaty"], ["cite"]):
        full = run(*words, "--help", env={"COLUMNS": "80"})
        assert full.code == 0 and run(*words, "-h", env={"COLUMNS": "80"}).stdout == full.stdout
    zsh = run(env={"_HRCLI_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "hrcli "})
    for name, (_module, one_line) in COMMANDS.items():
        shown = one_line.replace(":", "\\\\:").replace("'", "''")  # as typer's zsh script quotes it
        assert f'"{name}":"{shown}"' in zsh.stdout, name


def test_may_show_help_is_eager_not_blind():
    from hrcli.cli import _may_show_help

    assert _may_show_help(["treaty", "--help"]) and _may_show_help(["-h"]) and _may_show_help(["treaty", "-jh"])
    assert not _may_show_help(["treaty", "CAT", "--json"]) and not _may_show_help(["search", "--head", "x"])


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize("args", [["stats", "asylum"], ["search", "izsak"], ["timeline", "--from", "2014"]])
def test_tables_and_bars_fall_back_to_plain_characters_on_an_output_that_is_not_utf(isolated, encoding, args):
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    r = subprocess.run([sys.executable, "-m", "hrcli", *args], env=env, capture_output=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert b"cannot write output" not in r.stderr
    out = r.stdout.decode(encoding)  # every byte is of that encoding
    assert out.count("\n") > 3
    if args[0] == "stats":
        assert "#####" in out  # the bars, as plain characters
    if args[0] == "search":
        assert ("Izsák" if encoding == "latin-1" else "Izsak") in out  # an accent where the output can show it


def test_a_table_on_a_terminal_that_is_not_utf_shows_plain_bars(isolated):
    code, shown, err = on_terminal(["stats", "asylum"], {"PYTHONIOENCODING": "ascii"}, rows=500, cols=100)
    assert code == 0, err
    assert "#####" in shown and "\ufffd" not in shown
