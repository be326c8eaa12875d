"""What a person reads on a terminal: the pager never swallows output (issue 20.4)."""

from __future__ import annotations

import os
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
