"""Every file hrcli reads or writes goes through here: bounded reads, atomic writes that behave like a plain one.

Writes go to a temporary file beside the target and are renamed over it, so a reader (or a crash) sees the
old file or the whole new one. Unlike a bare ``mkstemp`` (always 0600), the result gets the permissions a
plain ``open()`` would give: the umask for a new file, the old file's mode for a replaced one. A symlink
keeps its link (its target is written). Anything that is not a regular file (a device such as /dev/full,
a FIFO, a socket, a folder, or a link to one) is refused, whatever ``--force`` says. The temporary file
is removed on every failure, Ctrl-C included.

Reads never block and never run away: a FIFO, a device or a folder is refused before any byte is read, and a
file larger than ``MAX_INPUT_BYTES`` is refused with one line.
"""

from __future__ import annotations

import errno
import io
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, BinaryIO

# Every input file (fact files, config). The bundled base is 0.2 MB, the 100x benchmark base ~20 MB, a
# 100,000-row import ~30 MB; the same bound as `hrcli import` puts on the files it reads.
MAX_INPUT_BYTES = 256 * 1024 * 1024
MAX_INPUT_LABEL = "256 MiB"


class NotRegularFile(OSError):
    """The path is a device, FIFO, socket, folder or dangling link: hrcli neither reads nor replaces it."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _refuse(path: Path | str, what: str) -> NotRegularFile:
    return NotRegularFile(errno.EINVAL, f"it is {what}, not a regular file", str(path))


def destination(path: Path | str) -> Path:
    """Where writing ``path`` lands: the path itself if nothing is there, or the regular file it is (or links to).

    Raises NotRegularFile for a device, FIFO, socket, folder, a link to one of these, or a dangling link.
    """
    try:
        st = os.stat(path)  # follows links: /proc/self/fd/1 or a link to /dev/null is judged by what it reaches
    except FileNotFoundError:
        if os.path.islink(path):
            raise NotRegularFile(errno.ENOENT, "it is a link to nothing (dangling link)", str(path)) from None
        return Path(path)
    if not stat.S_ISREG(st.st_mode):
        raise _refuse(path, _kind(st.st_mode))
    return Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)


def _mode_for(final: Path) -> int:
    """A replaced file keeps its mode; a new one gets what open() would give under the current umask."""
    try:
        return stat.S_IMODE(os.stat(final).st_mode)
    except OSError:
        return _new_mode()


def _new_mode() -> int:
    """What open() gives a new file under the current umask."""
    mask = os.umask(0o022)  # the only way to read the umask; set straight back
    os.umask(mask)
    return 0o666 & ~mask


@contextmanager
def replacing(path: Path | str, prefix: str = ".hrcli-") -> Iterator[Path]:
    """Yield a temporary path beside ``path``'s destination; on success it replaces the destination atomically.

    On any failure (an exception, Ctrl-C) the temporary file and an SQLite journal beside it are removed.
    """
    import tempfile

    final = destination(path)
    parent = final.parent if str(final.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=parent)
    try:
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, _mode_for(final))
        finally:
            os.close(fd)
        yield Path(tmp)
        destination(path)  # still not a device/FIFO: the check above may be a while ago (an export builds first)
        os.replace(tmp, final)
    except BaseException:
        for leftover in (tmp, tmp + "-journal"):
            with suppress(OSError):
                os.unlink(leftover)
        raise


def write_bytes(path: Path | str, payload: bytes, prefix: str = ".hrcli-") -> None:
    """Write ``payload`` to ``path`` atomically (see the module docstring); OSError on failure."""
    with replacing(path, prefix) as tmp, open(tmp, "wb") as fh:
        fh.write(payload)
        fh.flush()
        os.fsync(fh.fileno())


def install(tmp: Path | str, path: Path | str, own: bool = False) -> None:
    """Put a finished temporary file (made beside ``path``) in ``path``'s place atomically, with the mode a plain
    write would give (see the module docstring); OSError on failure, when ``tmp`` is left for the caller.

    ``own``: ``path`` is a name hrcli keeps for itself and can make again (a cache file): whatever stands there
    (a link, a FIFO, an older file) is replaced by name, never followed or written through; the file gets a new
    file's mode and is not synced to disk first."""
    final = Path(path) if own else destination(path)
    if hasattr(os, "chmod"):
        os.chmod(tmp, _new_mode() if own else _mode_for(final))
    if not own:
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    os.replace(tmp, final)


def _open_regular(path: Path | str, limit: int) -> int:
    """A descriptor on the regular file at ``path`` of at most ``limit`` bytes (see read_bytes for what it raises)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)  # O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting
    except FileNotFoundError:
        if os.path.islink(path):
            raise NotRegularFile(errno.ENOENT, "it is a link to nothing (dangling link)", str(path)) from None
        raise
    except IsADirectoryError:
        raise _refuse(path, "a folder") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _refuse(path, _kind(st.st_mode))
        if st.st_size > limit:
            raise OSError(errno.EFBIG, _too_big(st.st_size, limit), str(path))
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_bytes(path: Path | str, limit: int | None = None) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes. Never blocks on a FIFO or reads a device.

    Raises NotRegularFile (device, FIFO, folder, dangling link), a too-large OSError (EFBIG), or the
    OSError of the failed open/read.
    """
    limit = MAX_INPUT_BYTES if limit is None else limit
    fd = _open_regular(path, limit)
    try:
        chunks, total = [], 0
        while True:  # read to the end, but never past the limit (a file may grow while we read it)
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise OSError(errno.EFBIG, _too_big(total, limit), str(path))
        return b"".join(chunks)
    finally:
        os.close(fd)


class _Capped(io.FileIO):
    """A regular file that refuses to be read past ``limit`` bytes (a file may grow while it is read)."""

    def __init__(self, fd: int, limit: int, path: str):
        super().__init__(fd, "rb", closefd=True)
        self._limit, self._path = limit, path

    def _check(self) -> None:
        if self.tell() > self._limit:
            raise OSError(errno.EFBIG, _too_big(self.tell(), self._limit), self._path)

    def readinto(self, b: Any) -> int | None:
        n = super().readinto(b)
        self._check()
        return n

    def read(self, size: int | None = -1) -> bytes | None:
        if size is None or size < 0:
            return self.readall()
        data = super().read(size)
        self._check()
        return data

    def readall(self) -> bytes:
        chunks = []
        while chunk := self.read(1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)


def open_regular(path: Path | str, limit: int | None = None) -> BinaryIO:
    """``path`` opened for reading in binary, refused as ``read_bytes`` refuses it; reading (or seeking and
    reading) past ``limit`` bytes raises the same too-large OSError. For files read in more than one pass."""
    limit = MAX_INPUT_BYTES if limit is None else limit
    fd = _open_regular(path, limit)
    return io.BufferedReader(_Capped(fd, limit, str(path)), 1 << 16)


def _too_big(size: int, limit: int) -> str:
    label = MAX_INPUT_LABEL if limit == MAX_INPUT_BYTES else f"{limit} bytes"
    return f"it is larger than hrcli's limit of {label} for an input file ({size} bytes or more)"


def display(path: Path | str) -> str:
    """A path as text that can always be printed: bytes that are not UTF-8 are shown as U+FFFD."""
    return os.fsencode(path).decode("utf-8", "replace")


# A temporary file a process is still using is locked (flock) by it; one no process holds was left by a process
# that was stopped before it could remove it (kill -9, SIGTERM, a power cut). Files younger than this are left
# alone all the same: a file is locked just after it is made.
STALE_AFTER = 60  # seconds
STALE_UNLOCKED = 86400  # where files cannot be locked (no fcntl): a day


def held_temp(prefix: str, suffix: str, folder: Path | str | None = None) -> tuple[int, Path]:
    """``tempfile.mkstemp``, locked for as long as the returned descriptor stays open (``release`` it once the
    file is renamed or removed): ``sweep`` leaves the file alone while its maker lives."""
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=folder)
    try:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except (ImportError, OSError):  # no fcntl (Windows), or a file system without locks: age alone decides
        pass
    return fd, Path(tmp)


@contextmanager
def no_interrupt() -> Iterator[None]:
    """Hold back Ctrl-C (SIGINT) for the few statements inside: a temporary file made and its name handed to the
    code that removes it, with no moment between where an interrupt would leave it behind unnamed. A Ctrl-C
    meanwhile is raised as soon as the block ends."""
    import signal

    if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal masks
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def release(fd: int | None) -> None:
    """Close a descriptor from ``held_temp`` (its file may be gone or renamed by now)."""
    if fd is not None:
        with suppress(OSError):
            os.close(fd)


def sweep(folder: Path | str, pattern: str) -> int:
    """Remove the regular files in ``folder`` whose names match ``pattern`` (a regular expression) that no live
    process holds (see ``held_temp``): what stopped processes left behind. How many were removed."""
    import re
    import time

    try:
        import fcntl
    except ImportError:
        fcntl = None  # type: ignore[assignment]
    try:
        with os.scandir(folder) as it:
            entries = [e for e in it if re.fullmatch(pattern, e.name)]
    except OSError:
        return 0
    removed = 0
    now = time.time()
    for e in entries:
        try:
            if not e.is_file(follow_symlinks=False):
                continue
            age = now - e.stat(follow_symlinks=False).st_mtime
            if fcntl is None:
                if age > STALE_UNLOCKED:
                    os.unlink(e.path)
                    removed += 1
                continue
            if age < STALE_AFTER:
                continue
            fd = os.open(e.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # BlockingIOError while its maker holds it
                os.unlink(e.path)
                removed += 1
            finally:
                os.close(fd)
        except OSError:
            continue
    return removed
