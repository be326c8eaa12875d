"""Changes to the user's own fact file (``facts/user.toml``): validated first, then written atomically
(temp file + rename) under an exclusive file lock, so concurrent ``hrcli add`` calls never lose an entry.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import tomli_w

from . import loader, paths
from .errors import DataError, UsageError
from .validate import SCHEMA, check

USER_FILE = "user.toml"
_ORDER = ("sources", "events", "claims", "recommendations", "stats", "conflicts")


def user_file() -> Path:
    return paths.facts_dir() / USER_FILE


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder/.lock`` (fcntl on POSIX, msvcrt on Windows)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fh = open(folder / ".lock", "a+b")  # noqa: SIM115 - held for the duration of the block
    except OSError as e:
        raise DataError(f"{folder}: cannot use the data folder: {e.strerror or e}") from None
    try:
        try:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        except ImportError:  # pragma: no cover - Windows
            import msvcrt

            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_LOCK, 1)
        yield
    finally:
        fh.close()  # closing releases the lock


def _read_user(path: Path) -> dict:
    if not path.exists():
        return {"schema": 1}
    text = loader.read_text(path)
    return loader.parse(path, text)


def _context() -> tuple[set[str], set[str]]:
    """Source ids and record ids of every input as it stands; raises FactFileError if any file is broken."""
    files = [(loader.bundled_path(), "bundled")]
    files += [(p, "user") for p in loader.user_files(paths.facts_dir())]
    recs = loader.read_files(files)
    sources = {r["id"] for r in recs.get("sources", [])}
    ids = {r["id"] for rs in recs.values() for r in rs}
    return sources, ids


def _dump(data: dict) -> bytes:
    ordered = {"schema": 1}
    for k in _ORDER:
        if data.get(k):
            ordered[k] = data[k]
    return tomli_w.dumps(ordered).encode("utf-8")


def write_atomic(path: Path, payload: bytes) -> None:
    try:
        fd, tmp = tempfile.mkstemp(prefix=".user-", suffix=".tmp", dir=path.parent)
    except OSError as e:
        raise DataError(f"{path.parent}: cannot write to the data folder: {e.strerror or e}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise DataError(f"{path}: cannot write: {e.strerror or e}") from None


def add(kind: str, record: dict, make_id: Callable[[set[str]], str] | None = None) -> dict:
    """Validate ``record`` against every other input, then append it to user.toml. Returns the record.

    A record that does not validate raises UsageError and leaves every file untouched.
    """
    path = user_file()
    with locked(path.parent):
        data = _read_user(path)
        sources, ids = _context()  # everything must be valid before anything is added
        if make_id is not None and "id" not in record:
            record = {"id": make_id(ids), **record}
        probs, _ = check({kind: [record]}, str(path), "", sources, set(ids), origin="user")
        if probs:
            raise UsageError("; ".join(f"{p.field + ': ' if p.field else ''}{p.message}" for p in probs[:5]))
        data[kind] = [*data.get(kind, []), record]
        write_atomic(path, _dump(data))
    return record


def remove(record_id: str) -> str:
    """Remove a record from user.toml; returns its kind. Refuses sources still cited."""
    path = user_file()
    with locked(path.parent):
        data = _read_user(path)
        for kind in _ORDER:
            recs = data.get(kind, [])
            hit = [r for r in recs if isinstance(r, dict) and r.get("id") == record_id]
            if not hit:
                continue
            if kind == "sources":
                users = [
                    r.get("id")
                    for k in _ORDER
                    if k != "sources"
                    for r in data.get(k, [])
                    if isinstance(r, dict)
                    and (
                        r.get("source") == record_id
                        or any(s.get("source") == record_id for s in r.get("sides", []) if isinstance(s, dict))
                    )
                ]
                if users:
                    raise UsageError(
                        f"source {record_id!r} is still cited by {', '.join(map(str, users[:5]))}; remove those first"
                    )
            data[kind] = [r for r in recs if not (isinstance(r, dict) and r.get("id") == record_id)]
            write_atomic(path, _dump(data))
            return kind
    raise KeyError(record_id)


def dump_base(recs: dict[str, list[dict]]) -> bytes:
    """TOML for export: records as a fact file (derived fields dropped), readable by hrcli again."""
    out: dict = {"schema": 1}
    for k in _ORDER:
        rows = []
        for r in recs.get(k, []):
            rows.append(
                {
                    f: (list(v) if isinstance(v, tuple) else v)
                    for f, v in r.items()
                    if f in SCHEMA[k] and v not in ("", None, (), [])
                }
            )
        if rows:
            out[k] = rows
    return tomli_w.dumps(out).encode("utf-8")


__all__ = ["add", "remove", "user_file", "locked", "dump_base", "write_atomic"]
