"""output.py, the one writer of stderr: a one-line message wraps at words on a terminal, stays one line in a pipe."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import run


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
