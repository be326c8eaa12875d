"""Running the pager a long table goes through on a terminal (render.pager chooses it, as git and gh do), never
at the cost of the output: a pager that is missing, fails or reads nothing leaves the text printed on stdout
all the same. Imported only when stdout is a terminal and the table is longer than it."""

from __future__ import annotations

import os
import sys

from .view import clean


def _missing(cmd: str) -> bool:
    """Whether a pager command names a program that is not there (checked before the shell says so
    in its own words). A command the shell must interpret (pipes, variables) is left to the shell."""
    import shlex
    import shutil

    try:
        words = shlex.split(cmd)
    except ValueError:
        return False
    if not words or any(ch in cmd for ch in "|&;<>()$`") or "=" in words[0]:
        return False
    return shutil.which(words[0]) is None


def page(cmd: str, text: str) -> str | None:
    """Send ``text`` through the pager ``cmd``. A pager that is missing, cannot start, fails (exits
    non-zero) or reads none of the text (a pipeline whose first step failed while its last succeeded,
    ``nosuch | cat``) would lose the output: the text is then written to stdout as it is, and the
    returned line says why."""
    import subprocess

    shown = clean(cmd, keep_newlines=False)
    fix = "set HRCLI_PAGER to a pager you have, or use --no-pager"
    if _missing(cmd):
        sys.stdout.write(text)
        return f"pager '{shown}' not found, so printed without it ({fix})"
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")  # as git: quit if one screen, keep colours, leave the screen as it is
    sys.stdout.flush()
    # hrcli keeps its own copy of the pipe's read end: the pager's exit status tells nothing of a pipeline's
    # first step (sh has no pipefail), but what is still unread in the pipe when the pager is gone does
    read_end, write_end = os.pipe()
    try:
        proc = subprocess.Popen(cmd, shell=True, stdin=read_end, env=env)  # noqa: S602 (the user's pager)
    except OSError as e:
        os.close(read_end)
        os.close(write_end)
        sys.stdout.write(text)
        return f"pager '{shown}' could not start ({e.strerror or e}), so printed without it ({fix})"
    try:
        written = _feed(proc, write_end, text.encode("utf-8", "replace"))
        while True:
            try:
                code = proc.wait()
                break
            except KeyboardInterrupt:  # Ctrl-C is for the pager, as in git
                continue
        unread = _unread(read_end)
    finally:
        os.close(read_end)
    if code not in (0, 130) and code >= 0:
        sys.stdout.write(text)
        return f"pager '{shown}' failed (exit {code}), so printed without it ({fix})"
    if written and unread == written:  # the reader stopping early (q, Ctrl-C) has read the first screen at least
        sys.stdout.write(text)
        return f"pager '{shown}' read none of the output (did a step of it fail?), so printed without it ({fix})"
    return None


def _feed(proc, fd: int, data: bytes) -> int:
    """Write ``data`` to the pager's pipe until it is all written or the pager has exited (a pager that stops
    reading, as less does when the reader quits, must not leave hrcli waiting); close it. Returns the bytes
    written."""
    import select

    os.set_blocking(fd, False)
    done = 0
    try:
        while done < len(data):
            try:
                done += os.write(fd, data[done : done + 65536])
            except BlockingIOError:
                if proc.poll() is not None:
                    break
                try:
                    select.select([], [fd], [], 0.05)
                except KeyboardInterrupt:  # Ctrl-C is for the pager
                    continue
            except OSError:
                break
    finally:
        os.close(fd)
    return done


def _unread(fd: int) -> int | None:
    """Bytes still waiting in a pipe (FIONREAD); None where that cannot be asked."""
    try:
        import fcntl
        import struct
        import termios

        return struct.unpack("i", fcntl.ioctl(fd, termios.FIONREAD, b"\0\0\0\0"))[0]
    except (ImportError, OSError):
        return None
