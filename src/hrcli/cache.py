"""The cache of the fact base: one SQLite file per set of inputs, its schema, filling it and finding it again.

Loading parses and validates every input file (bundled + user) and writes the records into an
SQLite file in hrcli's own subfolder of the cache folder, named by a key over every input's path,
inode, size, mtime and ctime, hrcli's version and a stamp of the code that shapes the rows: any change
to any input makes a new key (ctime moves on every write, even one that puts the old size and mtime
back), and so does any change to the rules that build the rows. Clean-up touches only files
of hrcli's own naming in that subfolder, so a cache folder shared with other files is safe. Later
runs open that file read-only (store.py queries it). The cache holds plain JSON text (never pickle or
marshal); a missing, corrupt or unwritable cache only costs a rebuild, in memory if need be.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from . import loader, paths
from ._version import __version__
from .model import FACT_KINDS, KINDS

CACHE_FORMAT = "12"
CACHE_SUBDIR = "hrcli-facts"  # hrcli owns this subfolder of the cache folder, and nothing outside it
_CACHE_NAME = r"facts-[0-9a-f]{8}-[0-9]+\.sqlite"
# the modules whose code shapes the cached rows (reading, checking, normalising, dating, filling): a change to
# any of them must rebuild the cache, even at the same version (an editable install, a patched copy)
_SHAPING = (
    "cache.py",
    "loader.py",
    "validate/__init__.py",
    "validate/rules.py",
    "edtf.py",
    "vocab.py",
    "model.py",
    "schema.py",
)
BATCH = 5000  # rows inserted at a time: a large fact base streams through in bounded memory


def fold(text: str) -> str:
    """Case- and accent-insensitive form of text, for search (Izsák -> izsak)."""
    import re
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.casefold())
    if decomposed.isascii():
        return decomposed
    # test only the non-ASCII characters: a per-character loop made this most of a large cache build
    combining = unicodedata.combining
    return re.sub(r"[^\x00-\x7f]", lambda m: "" if combining(m[0]) else m[0], decomposed)


def names_state(cell: str, want: str) -> bool:
    """Whether a State's name, or a '; ' list of them, names ``want`` (folded): a whole name, or its leading
    word(s), as other filters match ('korea' finds 'Korea, Republic of', 'bolivia' 'Bolivia (Plurinational State
    of)'; 'bol' finds nothing)."""
    for name in (fold(s.strip()) for s in cell.split(";")):
        if name == want or (name.startswith(want) and name[len(want) : len(want) + 1] in (" ", ",", "(")):
            return True
    return False


# the State hrcli is about, casefolded: only its review's recommendations count as received (cycles), and an
# event about another State is left out of listings unless asked for (store)
HOME = "belarus"
# Belarus as the datasets spell it, after ``is_home_name`` folded case and accents and took off "Republic of"
HOME_NAMES = frozenset(
    {"belarus", "byelorussian ssr", "belorussian ssr", "byelorussian soviet socialist republic", "bssr"}
    # in Russian and Belarusian (a dataset's rows written in Cyrillic): Belarus, Byelorussia, the Byelorussian SSR
    | {"беларусь", "белоруссия", "белорусская сср", "беларуская сср", "бсср"}
)
_SEEN: dict[str, bool] = {}  # a State's name -> whether it is Belarus's (a few hundred names at most)


def is_home_name(state: object) -> bool:
    """Whether a State's name is Belarus's: any case, accents ('Bélarus'), 'Republic of Belarus', 'Belarus
    (Republic of)', 'Belarus, Republic of' or the Byelorussian SSR, in English or in Russian and Belarusian
    ('Беларусь', 'Белоруссия', 'Республика Беларусь', 'Рэспубліка Беларусь')."""
    if not isinstance(state, str):
        return False
    key = state.strip().casefold()
    if key == HOME:
        return True
    got = _SEEN.get(key)
    if got is None:
        import re

        s = re.sub(r"\s+", " ", fold(key).replace(".", "")).strip()
        s = re.sub(r"^((the )?republic of|республика|рэспубліка) ", "", s)
        s = re.sub(r"\s*(\((the )?republic of\)|, (the )?republic of)$", "", s)
        got = _SEEN[key] = s in HOME_NAMES
    return got


def upr_direction(under: object, made: object) -> str:
    """Which way a recommendation goes, from its State under review and its recommending State(s) as stored
    ('; '-joined): ``given`` (Belarus made it: never received, whatever its State under review says, an empty one
    included), ``received`` (made in Belarus's review; no State under review is one; several countries
    concerned, UHRI's 'Belarus; Ukraine', with Belarus among them is one) or ``other`` (another State's review,
    kept with ``import --all-states``). The one rule: cycles.direction, the cache's hiding and its States."""
    if any(is_home_name(s) for s in str(made or "").split(";")):
        return "given"
    under = str(under or "").strip()
    return "received" if not under or any(is_home_name(s) for s in under.split(";")) else "other"


def _other_state(kind: str, r: dict) -> str:
    """The other State a record is about, or '': an event whose ``state`` is not Belarus's (a home name is
    stored empty, as the documents have it), or a recommendation of another State's review that Belarus did not
    make (kept with ``import --all-states``; upr_direction 'other')."""
    if kind == "events" and r.get("state"):
        if is_home_name(r["state"]):
            r["state"] = ""
            return ""
        return r["state"]
    if kind != "recommendations":
        return ""
    under = r.get("state_under_review")
    return under if upr_direction(under, r.get("recommending_state")) == "other" else ""


def _upr_states(r: dict, other: str) -> list[tuple[str, str]]:
    """The States ``upr --state`` takes from a recommendation (upr_direction): a received one's recommending
    State(s) ('state'), a given one's State under review ('given_state', for ``upr --given --state``); none from
    another State's review."""
    made = str(r.get("recommending_state") or "")
    if upr_direction(r.get("state_under_review"), made) == "given":
        under = str(r.get("state_under_review") or "").strip()
        return [("given_state", under)] if under else []
    return [] if other or not made.strip() else [("state", made)]


def _code_stamp(folder: Path | None = None) -> str:
    """A CRC-32 over the source of the modules that shape cached rows (about 0.05 ms for ~50 kB)."""
    import zlib  # already loaded by the interpreter's start-up in practice; hashlib would load OpenSSL

    here = folder if folder is not None else Path(__file__).parent
    crc = 0
    for name in _SHAPING:
        try:
            crc = zlib.crc32((here / name).read_bytes(), crc)
        except OSError:  # no source beside the bytecode: the version in the key still separates releases
            crc = zlib.crc32(f"{name}|missing".encode(), crc)
    return f"code-{crc:08x}"


def _key(files: list[tuple[Path, str]]) -> str:
    """Every input's path, inode, size, mtime and ctime, hrcli's version and the stamp of the code that shapes
    the cached rows: the cache is valid only for these.

    Paths that are not UTF-8 are kept apart by their escaped bytes (the key is stored as text).
    """
    parts = [CACHE_FORMAT, __version__, _code_stamp()]
    for p, origin in files:
        name = os.fsencode(p).decode("utf-8", "backslashreplace")
        try:
            st = p.stat()
            real = os.fsencode(p.resolve()).decode("utf-8", "backslashreplace")
            parts.append(f"{real}|{origin}|{st.st_dev}|{st.st_ino}|{st.st_size}|{st.st_mtime_ns}|{st.st_ctime_ns}")
        except OSError:
            parts.append(f"{name}|missing")
    return "\n".join(parts)


def _cache_file(key: str) -> Path:
    import zlib  # already loaded by the interpreter's start-up in practice; hashlib would load OpenSSL

    return paths.cache_dir() / CACHE_SUBDIR / f"facts-{zlib.crc32(key.encode()):08x}-{len(key)}.sqlite"


def _is_regular(path: Path) -> bool:
    """True only for a regular file that is not a link: a FIFO would block sqlite's open, a link lead elsewhere."""
    import stat

    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _search_text(kind: str, r: dict) -> str:
    parts = [
        r.get(k, "")
        for k in (
            "id",
            "summary",
            "title",
            "note",
            "locator",
            "source",
            "topic",
            "table",
            "label",
            "explanation",
            "body",
            "mechanism",
            "action",
        )
    ]
    parts += list(r.get("topics", ()))
    for s in r.get("sides", ()):
        parts += [str(s.get("value", "")), s.get("says", ""), s.get("source", "")]
    if "value" in r:
        parts.append(str(r["value"]))
    return fold(" ".join(p for p in parts if p))


_SCHEMA_SQL = """
CREATE TABLE meta(k TEXT PRIMARY KEY, v TEXT);
CREATE TABLE records(
  ord INTEGER PRIMARY KEY, kind TEXT NOT NULL, id TEXT NOT NULL,
  start TEXT, end TEXT, source TEXT, body TEXT, mechanism TEXT, status TEXT,
  topics TEXT, origin TEXT, text TEXT, json TEXT NOT NULL, sort TEXT,
  file TEXT, digest TEXT, other INTEGER);
CREATE TABLE words(what TEXT, word TEXT, n INTEGER, PRIMARY KEY(what, word));
"""
# made once the rows are in: building an index in one sort is much faster than keeping it up row by row
_INDEX_SQL = """
CREATE UNIQUE INDEX records_id ON records(id);
CREATE INDEX records_kind_start ON records(kind, start);
CREATE INDEX records_kind_end ON records(kind, end);
"""


def _source_horizons(sources: list[dict]) -> dict[str, str]:
    """Each source's horizon (edtf.horizon), from the source records as the files have them (a bad date is the
    validator's to report: its source then has no horizon)."""
    from .edtf import EDTFError, horizon

    out = {}
    for src in sources:
        try:
            out[src["id"]] = horizon(src["date"])
        except (EDTFError, KeyError, TypeError, ValueError):
            continue
    return out


def _when(
    r: dict, horizons: dict[str, str], open_dated: dict[str, str] | None = None
) -> tuple[str | None, str | None, str | None]:
    """A record's filter start and end (edtf.known_range) and its sort key: known start, then recorded end. A
    record its source does not date (edtf.undated_record) keeps its unknown start for the filters (--from never holds
    it) and sorts where it is listed, by the day it was seen."""
    from .edtf import known_range, undated_record

    src = r.get("source") or ""
    span = known_range(r.get("start"), r.get("end"), horizons.get(src))
    if span is None:
        return None, None, None
    if open_dated and src in open_dated and undated_record(r.get("start"), r.get("end"), open_dated[src]):
        return r["start"], span[1], f"{span[0]}|{r['end']}"
    return span[0], span[1], f"{span[0]}|{r['end']}"


def _fill(con: Any, key: str, reading: loader.Reading) -> None:
    """Fill an empty database from ``reading`` (loader.stream), a batch at a time, in the order the files give
    (bundled first): ``ord`` keeps that order. Raises FactFileError (from the reading) when any file has a
    problem; the caller discards the database."""
    from .validate import digest

    con.executescript(_SCHEMA_SQL)
    horizons = _source_horizons(reading.sources)
    # sources published only 'by' a day (a dataset's '/D'): their records may be undated (_when)
    open_dated = {
        src["id"]: src["date"] for src in reading.sources if str(src.get("date") or "").startswith("/") and "id" in src
    }
    insert = (
        "INSERT INTO records(ord,kind,id,start,end,source,body,mechanism,status,topics,origin,text,json,sort,"
        "file,digest,other) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
    )
    batch = []
    # ``ord``, the order every listing falls back on, is by kind (KINDS' order), then the files' order: the
    # records arrive file by file, so each kind counts in its own range
    count = {k: n << 40 for n, k in enumerate(KINDS)}
    # the user's own topics, every committee code and recommending State, counted once here: completion
    # and suggestions then read a few rows instead of every record
    words: dict[tuple[str, str], int] = {}
    for path, kind, r, raw in reading:
        topics = r.get("topics") or ((r["topic"],) if r.get("topic") else ())
        start, end, sort = _when(r, horizons, open_dated)
        count[kind] += 1
        found = [("topic", t) for t in topics] if r.get("origin") != "bundled" else []
        found += [("body", r["body"])] if r.get("body") else []
        other = _other_state(kind, r)
        if kind == "recommendations":
            found += _upr_states(r, other)
        if other:  # counted, so a listing knows whether it has any to leave out
            found.append(("other_state", other))
        elif kind == "events" and r.get("theme"):  # a text about no State (a dataset's theme): not Belarus's either
            other = r["theme"]
            found.append(("other_theme", other))
        for word in found:
            words[word] = words.get(word, 0) + 1
        batch.append(
            (
                count[kind],
                kind,
                r["id"],
                start,
                end,
                r.get("source"),
                r.get("body"),
                r.get("mechanism"),
                (r.get("status") or None) if kind in FACT_KINDS else None,
                "," + ",".join(topics) + "," if topics else None,
                r.get("origin"),
                _search_text(kind, r),
                json.dumps(r, ensure_ascii=False, separators=(",", ":")),
                sort,
                os.fsencode(path).decode("utf-8", "backslashreplace"),
                # what an import compares a row with: a digest of the record's stored fields as the file has them
                digest(kind, raw),
                1 if other else None,
            )
        )
        if len(batch) >= BATCH:
            con.executemany(insert, batch)
            batch.clear()
    con.executemany(insert, batch)
    con.executemany("INSERT INTO words VALUES (?,?,?)", [(w, t, n) for (w, t), n in words.items()])
    con.executescript(_INDEX_SQL)
    con.executemany("INSERT INTO meta VALUES (?,?)", [("key", key), ("format", CACHE_FORMAT)])
    con.commit()


def _open_cached(path: Path, key: str) -> Any | None:
    if not _is_regular(path):
        return None
    import sqlite3

    uri = os.fsdecode(path).replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    try:
        con = sqlite3.connect(f"file:{uri}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        # a cache file is data only: never run schema-defined SQL functions or triggers from it
        con.execute("PRAGMA trusted_schema=OFF")
        meta = dict(con.execute("SELECT k, v FROM meta").fetchall())
        if meta.get("key") != key or meta.get("format") != CACHE_FORMAT:
            con.close()
            return None
        return con
    except sqlite3.Error:
        con.close()
        return None


def _build(files: list[tuple[Path, str]], key: str, cache: bool, notes: list[str] | None) -> Any:
    import sqlite3

    if cache:
        try:
            opened = _open_cached(_place(_stage(files, None, key, notes), key), key)
            if opened is not None:
                return opened
        except (OSError, sqlite3.Error):
            pass  # unwritable or full cache folder: fall through to memory
    con = sqlite3.connect(":memory:")
    _fill(con, key, loader.stream(files))
    return con


def _folder(notes: list[str] | None) -> Path:
    """hrcli's own cache subfolder, made if need be (OSError when it cannot be)."""
    folder = paths.cache_dir() / CACHE_SUBDIR
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        if os.environ.get("HRCLI_CACHE_DIR") and notes is not None:  # the user's setting names a file
            notes.append(f"HRCLI_CACHE_DIR ({paths.cache_dir()}) is not a folder; working without a cache")
        raise
    return folder


def _stage(
    files: list[tuple[Path, str]], overrides: dict[Path, str | Path] | None, key: str, notes: list[str] | None
) -> Path:
    """A new cache file for ``files`` (as ``overrides`` would make them), filled under a temporary name in the
    cache folder: its path, for the caller to rename into place. Raises FactFileError (nothing left behind)
    when a file has a problem, OSError or sqlite3.Error when the cache folder cannot take it."""
    import sqlite3

    from .safefile import held_temp, sweep

    folder = _folder(notes)
    sweep(folder, _TEMP_NAME)  # caches of processes that were stopped while building them
    fd, staged = held_temp(".facts-", ".tmp", folder)
    _HELD[str(staged)] = fd  # held until it is placed or discarded
    tmp = str(staged)
    try:
        con = sqlite3.connect(tmp)
        try:
            # a file no one reads until it is renamed into place: no journal, no syncing, a larger page cache
            con.execute("PRAGMA journal_mode=OFF")
            con.execute("PRAGMA synchronous=OFF")
            con.execute("PRAGMA cache_size=-65536")
            _fill(con, key, loader.stream(files, overrides))
        finally:
            con.close()
    except BaseException:
        discard(Path(tmp))  # no journal to remove: journal_mode is OFF
        raise
    return Path(tmp)


def stage(files: list[tuple[Path, str]], overrides: dict[Path, str | Path]) -> Path | None:
    """Validate ``files`` as they would stand after a change (``overrides``: a file's new text, or the path of
    a file that will replace it) and build their cache, not yet in place: ``install`` puts it there once the
    change is made, ``discard`` drops it. None when the cache folder cannot be written (the files were
    validated all the same). Raises FactFileError naming every problem; nothing is left behind then."""
    import sqlite3

    if not os.environ.get("HRCLI_NO_CACHE"):
        try:
            return _stage(files, overrides, "", None)
        except (OSError, sqlite3.Error):
            pass
    loader.check_files(files, overrides)
    return None


def install(staged: Path | None, files: list[tuple[Path, str]]) -> None:
    """Put a cache from ``stage`` in place for ``files`` as they now stand (the change is made)."""
    import sqlite3

    if staged is None:
        return
    key = _key(files)
    try:
        con = sqlite3.connect(staged)
        try:
            con.execute("UPDATE meta SET v = ? WHERE k = 'key'", (key,))
            con.commit()
        finally:
            con.close()
        _place(staged, key)
    except (OSError, sqlite3.Error):
        discard(staged)  # a speed-up only: the next command builds it


def _place(staged: Path, key: str) -> Path:
    """Rename a filled cache to the name of ``key`` (atomic: a reader sees the old file or this one; the mode a
    plain write gives, not mkstemp's 0600) and remove the caches of earlier inputs."""
    from . import safefile  # not loaded when the cache is warm

    final = _cache_file(key)
    safefile.install(staged, final, own=True)  # a link or FIFO at the name is replaced, never followed
    safefile.release(_HELD.pop(str(staged), None))
    _clean_old(final.parent, final)
    return final


def discard(staged: Path | None) -> None:
    """Remove a staged cache that will not be used."""
    import contextlib

    from .safefile import release

    if staged is not None:
        with contextlib.suppress(OSError):
            os.unlink(staged)
        release(_HELD.pop(str(staged), None))


# a cache being built under a temporary name; one no process holds was left by a process that was stopped
_TEMP_NAME = r"\.facts-[A-Za-z0-9_]+\.tmp"
_HELD: dict[str, int] = {}  # staged cache -> the descriptor that locks it (safefile.held_temp)


def _clean_old(folder: Path, keep: Path) -> None:
    """Remove caches of earlier inputs: only regular files with hrcli's cache names, in hrcli's own subfolder."""
    import contextlib
    import re

    for entry in os.scandir(folder):
        if re.fullmatch(_CACHE_NAME, entry.name) and entry.name != keep.name and entry.is_file(follow_symlinks=False):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def connect(files: list[tuple[Path, str]], use_cache: bool = True, notes: list[str] | None = None) -> Any:
    """An SQLite connection holding the records of ``files`` ((path, origin), in order): the cache file made
    for exactly these inputs and this code, else a new one (in memory when the cache cannot be written,
    or when ``use_cache`` is False). Raises FactFileError when a file is unreadable or invalid. What the
    user should hear (a cache folder that is a file) is appended to ``notes``: this layer never prints."""
    key = _key(files)
    con = None
    if use_cache:
        try:
            con = _open_cached(_cache_file(key), key)
        except OSError:
            con = None
    if con is None:
        con = _build(files, key, use_cache, notes)
    return con
