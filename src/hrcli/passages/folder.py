"""What each file of a texts folder is, remembered between calls.

Recognising a file means reading it whole (hashing it; reading a PDF or a web page costs far more), so a
folder of hundreds of unrelated or large files would be read again on every ``quote``. The result for each
file (which text it is, or none) is kept in ``hrcli-texts/`` under the cache folder, one JSON file per texts
folder, keyed on each file's name, device, inode, size, mtime and ctime: an unchanged file is never read
again, a new or changed one is read once. ``lookup`` answers from what is remembered with one ``stat`` per
remembered file and never lists or reads the folder, so TAB completion can use it. A missing, corrupt or
unwritable record only costs a rescan. Data layer: returns or raises, never prints.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from ..errors import DataError
from ..safefile import MAX_INPUT_BYTES

__all__ = ["scan", "scan_all", "remembered", "lookup", "forget", "SUBDIR"]

SUBDIR = "hrcli-texts"  # hrcli owns this subfolder of the cache folder, and nothing outside it
_FORMAT = 1
_NAME = "folder-{:08x}-{}.json"
DENIED = "!permission-denied"  # the result under which files this user may not read are listed
_KEEP = 32  # remembered folders: the oldest record beyond these is removed
# a record of 100,000 files is 10 to 35 MB, by the length of their names: the bound of any file hrcli reads,
# the same on writing (a record that could not be read back is not written)
_MAX_RECORD = MAX_INPUT_BYTES
_SCANNED: dict[tuple[str, str], dict[str, list]] = {}  # in this process: (folder, recogniser) -> name -> entry

Recognise = Callable[[Path], "str | None"]


def _enabled() -> bool:
    return not os.environ.get("HRCLI_NO_CACHE")  # the same switch as the facts cache


def _record_file(folder: Path, recogniser: str) -> Path:
    import zlib

    from .. import paths

    # one record per folder and way of recognising (by sha256, by words): they never overwrite each other
    real = os.fsencode(os.path.realpath(folder)) + b"\0" + recogniser.encode("utf-8")
    return paths.cache_dir() / SUBDIR / _NAME.format(zlib.crc32(real), len(real))


def _signature(st: os.stat_result) -> list[int]:
    # ctime moves on every write, even one that puts the old size and mtime back
    return [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def _load(folder: Path, recogniser: str) -> dict[str, list]:
    """name -> [dev, ino, size, mtime_ns, ctime_ns, result]; {} when nothing valid is remembered."""
    if not _enabled():
        return {}
    import json

    from ..safefile import read_bytes

    try:
        data = json.loads(read_bytes(_record_file(folder, recogniser), _MAX_RECORD))
    except (OSError, ValueError, RecursionError):
        return {}
    if (
        not isinstance(data, dict)
        or data.get("format") != _FORMAT
        or data.get("recogniser") != recogniser
        or data.get("folder") != os.fsdecode(os.path.realpath(folder))  # a crc collision is another folder
        or not isinstance(data.get("files"), dict)
    ):
        return {}
    good = {}
    for name, entry in data["files"].items():
        if (
            isinstance(entry, list)
            and len(entry) == 6
            and all(isinstance(v, int) for v in entry[:5])
            and (entry[5] is None or isinstance(entry[5], str))
        ):
            good[name] = entry
    return good


def _save(folder: Path, recogniser: str, files: dict[str, list]) -> None:
    """Remember ``files`` for ``folder``; any failure is silent (the record is only a shortcut)."""
    if not _enabled():
        return
    import json

    from .. import safefile

    target = _record_file(folder, recogniser)
    payload = {
        "format": _FORMAT,
        "recogniser": recogniser,
        "folder": os.fsdecode(os.path.realpath(folder)),
        "files": files,
    }
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_symlink() or (target.exists() and not target.is_file()):
            target.unlink()  # our own name in our own folder; never write through a link or into a FIFO
        # ensure_ascii: a file name that is not UTF-8 (a lone surrogate) round-trips as an escape
        data = json.dumps(payload, separators=(",", ":")).encode("ascii")
        if len(data) > _MAX_RECORD:
            return
        safefile.write_bytes(target, data, prefix=".texts-")
        _clean_old(target.parent, target)
    except (OSError, ValueError):
        pass


def _clean_old(folder: Path, keep: Path) -> None:
    """Keep the records of the most recently used folders: only regular files of hrcli's naming in its subfolder."""
    import re

    mine = []
    for entry in os.scandir(folder):
        if re.fullmatch(r"folder-[0-9a-f]{8}-[0-9]+\.json", entry.name) and entry.is_file(follow_symlinks=False):
            try:
                mine.append((entry.stat(follow_symlinks=False).st_mtime_ns, entry.path))
            except OSError:
                continue
    for _mtime, path in sorted(mine, reverse=True)[_KEEP:]:
        if path != str(keep):
            with suppress(OSError):
                os.unlink(path)


def scan_all(folder: Path, recognise: Recognise, recogniser: str, limit: int) -> dict[str, list[Path]]:
    """result -> files (in name order) for every regular file (not hidden, at most ``limit`` bytes) in ``folder``.

    ``recognise(path)`` says what a file is (or None, or raises OSError); ``recogniser`` names that function's
    rules, so a change to them forgets every remembered result. Files whose size, times and inode are unchanged
    since a previous call (in this process, or remembered in the cache) are not read again; a changed one is.
    """
    key = (str(folder), recogniser)
    memo = _SCANNED.get(key)  # in this process, as on disk: a file is known by its name and identity
    known = memo if memo is not None else _load(folder, recogniser)
    try:
        names = sorted(os.listdir(folder))
    except OSError as e:
        raise DataError(f"cannot read source texts folder {folder}: {e.strerror or e}") from None
    files: dict[str, list] = {}
    found: dict[str, list[Path]] = {}
    changed = False
    for name in names:
        if name.startswith("."):
            continue
        path = folder / name
        try:
            st = os.stat(path)  # follows links: a link to a text counts, a link to a device does not
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode):
            continue
        sig = _signature(st)
        old = known.get(name)
        if old is not None and old[:5] == sig:
            result = old[5]
        else:
            changed = True
            result = None
            if st.st_size <= limit:
                try:
                    result = recognise(path)
                    after = os.stat(path)
                except PermissionError:
                    found.setdefault(DENIED, []).append(path)  # said to the user, never remembered
                    continue
                except OSError:
                    continue  # unreadable now; perhaps not next time: not remembered
                if _signature(after) != sig:
                    continue  # changed while being read: read it again next time
        files[name] = [*sig, result]
        if result:
            found.setdefault(result, []).append(path)
    if changed or files.keys() != known.keys():
        _save(folder, recogniser, files)
    _SCANNED[key] = files
    return found


def scan(folder: Path, recognise: Recognise, recogniser: str, limit: int) -> dict[str, Path]:
    """result -> the first file (in name order) recognised as it; see ``scan_all``."""
    return {r: files[0] for r, files in scan_all(folder, recognise, recogniser, limit).items()}


def remembered(folder: Path, recogniser: str) -> dict[str, list[Path]]:
    """result -> files remembered as it in ``folder`` that are still unchanged; never lists or reads the folder."""
    out: dict[str, list[Path]] = {}
    entries = _load(folder, recogniser)
    for name in sorted(entries):
        entry = entries[name]
        if not entry[5] or os.sep in name or name.startswith("."):
            continue
        path = folder / name
        try:
            st = os.stat(path)
        except (OSError, ValueError):  # ValueError: a NUL in a name read back from the record
            continue
        if stat.S_ISREG(st.st_mode) and _signature(st) == entry[:5]:
            out.setdefault(entry[5], []).append(path)
    return out


def lookup(folder: Path, recogniser: str, result: str) -> Path | None:
    """The first file remembered as ``result`` in ``folder`` if it is still unchanged; never lists or reads it."""
    files = remembered(folder, recogniser).get(result)
    return files[0] if files else None


def forget(folder: Path | None = None, recogniser: str | None = None) -> None:
    """Drop this process's memory of scans (of ``folder``, or of all); with ``recogniser``, the cache record
    of ``folder`` for it too (a remembered result that proved wrong: the next scan reads every file again)."""
    for key in list(_SCANNED):
        if folder is None or key[0] == str(folder):
            del _SCANNED[key]
    if recogniser is not None and folder is not None:
        with suppress(OSError):
            target = _record_file(folder, recogniser)
            if target.is_file() and not target.is_symlink():
                target.unlink()
