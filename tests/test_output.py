"""output.py, the one writer of stderr: a one-line message wraps at words on a terminal, stays one line in a pipe."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import add_source, hrcli_process, ok_json, run


def on_a_terminal(args: list[str], cols: int, env_extra: dict | None = None) -> tuple[int, str]:
    """Run hrcli with stdout and stderr on a pseudo-terminal of ``cols`` columns; return (exit code, shown)."""
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, cols, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "PAGER")}
    env.update({"HRCLI_PAGER": "", **(env_extra or {})})
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "hrcli", *args], stdin=subprocess.DEVNULL, stdout=slave, stderr=slave, env=env
        )
    finally:
        os.close(slave)
    shown = bytearray()
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown.extend(chunk)
    os.close(master)
    return proc.returncode, shown.decode("utf-8", "replace").replace("\r\n", "\n")


MESSAGES = [
    ["search"],  # a usage error: what search needs, with two examples
    ["quote", "mfa-web", "Bilateral dialogues, para. 99"],
]


@pytest.mark.parametrize("cols", [60, 80, 120])
@pytest.mark.parametrize("args", MESSAGES, ids=" ".join)
def test_a_message_wraps_at_words_on_a_terminal_and_stays_one_line_in_a_pipe(isolated, args, cols):
    piped = run(*args, env={"COLUMNS": str(cols)})
    assert piped.code != 0 and piped.stderr.count("\n") == 1 and piped.stderr.startswith("hrcli: ")
    message = piped.stderr.rstrip("\n")
    assert len(message) > 60  # long enough to need wrapping at 60 columns
    code, shown = on_a_terminal(args, cols)
    assert code == piped.code
    lines = shown.rstrip("\n").split("\n")
    assert all(len(line) <= cols for line in lines), lines
    assert (len(lines) > 1) == (len(message) > cols)
    assert " ".join(line.strip() for line in lines) == " ".join(message.split())  # every word whole, in order
    assert all(line.startswith(" " * 7) for line in lines[1:])  # one message: the lines after the first indented
    for place in ("para. 99", "para. 1"):
        if place in message:
            assert any(place in line for line in lines)


# -- issue 12, hard edges ------------------------------------------------------------------------------------------


# -- stdout and stderr that cannot take output ------------------------------------------------------
def _closed(fds):
    def close():
        for fd in fds:
            os.close(fd)

    return close


@pytest.mark.parametrize("args", [("timeline",), ("timeline", "--json"), ("stats", "asylum"), ("--help",)])
def test_closed_or_full_stdout_is_one_line_and_exit_1(isolated, args):
    import subprocess

    closed = hrcli_process(args, isolated, stdout=None, stderr=subprocess.PIPE, preexec_fn=_closed([1]))
    assert closed.returncode == 1 and closed.stderr.decode().count("\n") == 1, closed
    assert b"Traceback" not in closed.stderr and b"cannot write output" in closed.stderr
    with open("/dev/full", "wb") as full:  # opened for writing only: every write fails with ENOSPC
        r = hrcli_process(args, isolated, stdout=full, stderr=subprocess.PIPE)
    assert r.returncode == 1 and b"No space left" in r.stderr and r.stderr.count(b"\n") == 1, r
    both = hrcli_process(args, isolated, stdout=None, stderr=None, preexec_fn=_closed([1, 2]))
    assert both.returncode == 1


def test_full_stderr_with_good_stdout_still_gives_the_data(isolated):
    import subprocess

    with open("/dev/full", "wb") as full:
        r = hrcli_process(("treaty", "CAT", "--json"), isolated, stdout=subprocess.PIPE, stderr=full)
    assert r.returncode == 0 and any(row["body"] == "CAT" for row in __import__("json").loads(r.stdout))


def test_work_done_exits_0_even_if_the_confirmation_cannot_be_printed(isolated):
    import subprocess

    assert add_source().code == 0
    add = ("add", "event", "--date", "2025", "--summary", "once", "--source", "my-src", "--locator", "p")
    closed = hrcli_process(add, isolated, stdout=None, stderr=subprocess.PIPE, preexec_fn=_closed([1]))
    assert closed.returncode == 0 and b"could not print the id" in closed.stderr, closed
    with open("/dev/full", "wb") as full:
        add2 = ("add", "source", "--id", "s2", "--title", "T", "--date", "2023")
        r = hrcli_process(add2, isolated, stdout=full, stderr=subprocess.PIPE)
    assert r.returncode == 0 and b"could not print the id" in r.stderr, r
    assert [e["summary"] for e in ok_json("timeline", "--from", "2025")] == ["once"]
    assert "s2" in {s["id"] for s in ok_json("sources")}


def test_latin1_output_keeps_json_exact_and_says_what_else_cannot_be_shown(isolated):
    import json

    env = {"PYTHONIOENCODING": "latin-1"}
    r = hrcli_process(("search", "izsak", "--json"), isolated, env=env)
    assert r.returncode == 0 and r.stdout.isascii()  # \u escapes: exact values in any encoding
    utf8 = hrcli_process(("search", "izsak", "--json"), isolated)
    assert json.loads(r.stdout.decode("latin-1")) == json.loads(utf8.stdout)
    timeline = hrcli_process(("timeline", "--json"), isolated, env=env)
    assert timeline.returncode == 0 and json.loads(timeline.stdout.decode("latin-1"))
    csv_out = hrcli_process(("timeline", "--format", "csv"), isolated, env=env)
    assert csv_out.returncode == 1 and b"PYTHONIOENCODING=utf-8" in csv_out.stderr
    assert b"Traceback" not in csv_out.stderr and b"internal error" not in csv_out.stderr


# -- issue 23, hard edges round two --------------------------------------------------------------------------------


# -- sources link: saved is saved, even when stdout cannot take the report ------------------------------------
@pytest.mark.parametrize("fmt", ["table", "json"])
def test_sources_link_to_a_full_stdout_saves_and_exits_0_saying_the_report_was_lost(isolated, sources, fmt):
    with open("/dev/full", "wb") as full:
        r = hrcli_process(("sources", "link", str(sources), "--format", fmt), isolated, stdout=full)
    assert r.returncode == 0, r.stderr
    assert b"done, but could not print the report" in r.stderr and b"No space left" in r.stderr, r.stderr
    assert (isolated / "config" / "sources.toml").is_file()
    assert run("quote", "unct-2009", "para. 22").code == 0  # the link is there and works
