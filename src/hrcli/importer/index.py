"""Each import file's ids and a digest of each record's content, kept beside the cache, so deciding what
a re-import adds reads a small index instead of every import file while the file is unchanged."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .. import loader, paths

FOLDER = "import-ids"  # under the cache folder: derived data, rebuilt whenever it is missing or stale


def digest(kind: str, rec: dict[str, Any]) -> str:
    """A short digest of a record's stored fields (``canon``): equal digests, equal content."""
    import hashlib

    from .mapping import canon

    text = json.dumps(canon(kind, rec), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


def digests(data: Any) -> dict[str, tuple[str, str]]:
    """id -> (kind, digest) for every record of a parsed fact file."""
    from ..validate import SCHEMA

    out: dict[str, tuple[str, str]] = {}
    if not isinstance(data, dict):
        return out
    for kind in SCHEMA:
        recs = data.get(kind)
        for r in recs if isinstance(recs, list) else ():
            if isinstance(r, dict) and isinstance(r.get("id"), str) and r["id"] not in out:
                out[r["id"]] = (kind, digest(kind, r))
    return out


def _where(path: Path) -> Path:
    return paths.cache_dir() / FOLDER / f"{path.name}.ids.json"


def ids(path: Path) -> dict[str, tuple[str, str]]:
    """The ids of an import file, from its index if the file is unchanged (size and mtime), else read and
    indexed anew. Raises FactFileError as ``loader.parse`` does."""
    st = path.stat()
    stamp = [st.st_size, st.st_mtime_ns]
    where = _where(path)
    try:
        stored = json.loads(where.read_text(encoding="utf-8"))
        if stored.get("stamp") == stamp and isinstance(stored.get("ids"), dict):
            return {k: (v[0], v[1]) for k, v in stored["ids"].items()}
    except (OSError, ValueError, TypeError, IndexError, AttributeError):
        pass  # no index, or one from another version: read the file
    got = digests(loader.parse(path, loader.read_text(path)))
    _save(where, stamp, got)
    return got


def _save(where: Path, stamp: list[int], got: dict[str, tuple[str, str]]) -> None:
    from .. import writer

    payload = json.dumps({"stamp": stamp, "ids": got}, ensure_ascii=False, separators=(",", ":"))
    try:
        where.parent.mkdir(parents=True, exist_ok=True)
        writer.write_atomic(where, payload.encode("utf-8"))
    except OSError:
        pass  # an index is a speed-up: without a writable cache folder the file is read each time


def remember(path: Path, records: dict[str, list[dict]]) -> None:
    """Index an import file just written with ``records``, so the next import of it need not read it."""
    got: dict[str, tuple[str, str]] = {}
    for kind, recs in records.items():
        for r in recs:
            got.setdefault(r["id"], (kind, digest(kind, r)))
    try:
        st = path.stat()
    except OSError:
        return
    _save(_where(path), [st.st_size, st.st_mtime_ns], got)
