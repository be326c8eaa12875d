"""Changes to the user's own fact file (``facts/user.toml``): validated first, then written atomically
(temp file + rename) under an exclusive file lock, so concurrent ``hrcli add`` calls never lose an entry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import tomli_w

from . import loader, paths, safefile
from .errors import DataError, UsageError
from .model import KINDS
from .validate import SCHEMA, check, known_words, unfamiliar

USER_FILE = "user.toml"


def user_file() -> Path:
    return paths.facts_dir() / USER_FILE


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder/.lock`` while reading, checking and writing the user's files.

    filelock (a well-kept library, on every platform) waits for another hrcli holding it; imported only here,
    where writing happens.
    """
    from filelock import FileLock

    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock = FileLock(folder / ".lock")
        lock.acquire()
    except OSError as e:
        raise DataError(f"{folder}: cannot use the data folder: {e.strerror or e}") from None
    try:
        yield
    finally:
        lock.release()


def _read_user(path: Path) -> dict:
    if not path.exists():
        return {"schema": 1}
    text = loader.read_text(path)
    return loader.parse(path, text)


def _raw_inputs() -> list[tuple[Path, str, dict]]:
    """(file, kind, record) of every input (bundled, then the user's), parsed but not validated, a record at a
    time; FactFileError naming every file that cannot be parsed, once all were tried."""
    problems: list = []
    for p, _origin in loader.inputs():
        try:
            for kind, r in loader.raw_records(p):
                yield p, kind, r
        except loader.FactFileError as e:
            problems += e.problems
    if problems:
        raise loader.FactFileError(problems)


def _context() -> tuple[set[str], set[str], tuple[set[str], set[str]]]:
    """Source ids, record ids and the topics and committee codes (validate.known_words) of every input as it stands.

    Files must parse, but need not validate: a file citing a source that is gone must not stop the user
    from adding that source back (the new record itself is fully checked against these ids).
    """

    sources: set[str] = set()
    ids: set[str] = set()

    def records():
        for _p, kind, r in _raw_inputs():
            if isinstance(r.get("id"), str):
                ids.add(r["id"])
                if kind == "sources":
                    sources.add(r["id"])
            yield r

    words = known_words(records())
    return sources, ids, words


def _cites(r: dict, source_id: str) -> bool:
    sides = r.get("sides") if isinstance(r.get("sides"), list) else []
    return r.get("source") == source_id or any(isinstance(s, dict) and s.get("source") == source_id for s in sides)


def _citing(source_id: str) -> list[str]:
    """'record id (file)' for every record in any readable input file that cites ``source_id``.

    A file that cannot be parsed is skipped (the command names it): one broken file of the user's must not
    block removing from another."""
    out = []
    for p, _origin in loader.inputs():
        try:
            out += [
                f"{r.get('id', '?')} ({p.name})"
                for kind, r in loader.raw_records(p)
                if kind != "sources" and _cites(r, source_id)
            ]
        except loader.FactFileError:
            continue
    return out


def _key(p: Any) -> tuple:
    # a problem as itself, not where it stands: removing a line above it moves it, it is still the same one
    return (
        getattr(p, "file", None),
        getattr(p, "record", None),
        getattr(p, "field", None),
        getattr(p, "message", str(p)),
    )


def new_problems(files: list[tuple[Path, str]], overrides: dict[Path, str] | None = None) -> tuple[list, list]:
    """Check a change before making it: ``files`` and ``overrides`` give the fact base as it would be.

    Returns (caused, standing): the problems it would have that the change causes, and those the fact base
    has anyway (a broken file of the user's elsewhere). Validates twice only when the first check fails.
    """
    try:
        loader.check_files(files, overrides)
        return [], []
    except loader.FactFileError as e:
        after = e.problems
    try:
        loader.check_files(loader.inputs())
        before: list = []
    except loader.FactFileError as e:
        before = e.problems
    known = {_key(p) for p in before}
    return [p for p in after if _key(p) not in known], before


def _dump(data: dict) -> bytes:
    ordered = {"schema": 1}
    for k in KINDS:
        if data.get(k):
            ordered[k] = data[k]
    return tomli_w.dumps(ordered).encode("utf-8")


def write_atomic(path: Path, payload: bytes) -> None:
    if len(payload) > safefile.MAX_INPUT_BYTES:  # hrcli could not read it back: every command would fail
        raise DataError(
            f"{safefile.display(path)}: not written: {len(payload):,} bytes is above the {safefile.MAX_INPUT_LABEL}"
            " limit for a fact file; split the input"
        )
    try:  # honours the umask, keeps a symlinked user.toml a link, never writes into a FIFO or device
        safefile.write_bytes(path, payload, prefix=".user-")
    except OSError as e:
        raise DataError(f"{safefile.display(path)}: cannot write: {e.strerror or e}") from None


def install(tmp: Path, path: Path) -> None:
    """Put a fact file written in full beside ``path`` (a large import, written a record at a time) in its place."""
    try:
        safefile.install(tmp, path)
    except OSError as e:
        raise DataError(f"{safefile.display(path)}: cannot write: {e.strerror or e}") from None


def add(
    kind: str,
    record: dict,
    make_id: Callable[[set[str]], str] | None = None,
    new_topic: bool = False,
    new_body: bool = False,
) -> dict:
    """Validate ``record`` against every other input, then append it to user.toml. Returns the record.

    A record that does not validate raises UsageError and leaves every file untouched; so does a topic or
    committee one or two letters from a known one, unless ``new_topic``/``new_body`` say it is meant.
    """
    path = user_file()
    with locked(path.parent):
        data = _read_user(path)
        sources, ids, words = _context()  # everything must parse before anything is added
        if make_id is not None and "id" not in record:
            record = {"id": make_id(ids), **record}
        probs, _ = check({kind: [record]}, str(path), "", sources, set(ids), origin="user")
        if probs:
            raise UsageError("; ".join(f"{p.field + ': ' if p.field else ''}{p.message}" for p in probs[:5]))
        typos = unfamiliar(record, *words, new_topic=new_topic, new_body=new_body)
        if typos:
            raise UsageError("; ".join(f"{fld}: {msg}" for fld, msg in typos))
        data[kind] = [*data.get(kind, []), record]
        write_atomic(path, _dump(data))
    return record


def remove(record_id: str) -> str | None:
    """Remove a record from user.toml; returns its kind, or None when user.toml has no such record.

    Refuses a source still cited by any file."""
    path = user_file()
    with locked(path.parent):
        data = _read_user(path)
        for kind in KINDS:
            recs = data.get(kind, [])
            hit = [r for r in recs if isinstance(r, dict) and r.get("id") == record_id]
            if not hit:
                continue
            if kind == "sources":
                # every file counts, not only user.toml: a hand-written file citing a removed source would
                # make every command fail until the user edits files by hand
                users = _citing(record_id)
                if users:
                    more = f" and {len(users) - 5} more" if len(users) > 5 else ""
                    raise UsageError(
                        f"source {record_id!r} is still cited by {', '.join(users[:5])}{more}; remove those first"
                    )
            data[kind] = [r for r in recs if not (isinstance(r, dict) and r.get("id") == record_id)]
            write_atomic(path, _dump(data))
            return kind
    return None


def dump_base(recs: dict[str, list[dict]]) -> bytes:
    """TOML for export: records as a fact file (derived fields dropped), readable by hrcli again."""
    out: dict = {"schema": 1}
    for k in KINDS:
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


__all__ = ["add", "remove", "user_file", "locked", "dump_base", "write_atomic", "new_problems"]
