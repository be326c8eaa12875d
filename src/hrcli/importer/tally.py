"""Deciding an import's rows a batch at a time: new, unchanged, replacing, repeated, or clashing with a record
that exists. The fact base is asked through its cache (ids, kinds, files and content digests); this import's
own rows are kept in a scratch SQLite file and the records it adds are spooled to temporary files, so a
million rows cost disk, not memory."""

from __future__ import annotations

import errno
import json
import os
from functools import lru_cache
from typing import Any

from .files import record_line
from .problems import Issue

SCRATCH_NAME = r"hrcli-import-[A-Za-z0-9_]+\.sqlite"  # in the temporary folder (tempfile.gettempdir)


class Scratch:
    """This import's rows: id, kind, digest, where it came from, what became of it (new, replace, other), the
    words a typo check needs, the date as the row gives it (for the fix of a date the validator refuses) and the
    digest of the record as the row made it (``read``: kept beside the import, files.reads_of); in a temporary
    SQLite file, so a million rows cost disk, not memory."""

    def __init__(self) -> None:
        import sqlite3
        import tempfile

        from ..safefile import held_temp, sweep

        sweep(tempfile.gettempdir(), SCRATCH_NAME)  # what imports that were killed left behind
        self.held, path = held_temp("hrcli-import-", ".sqlite")  # held while this process lives
        self.path = str(path)
        self.con = sqlite3.connect(self.path)
        self.con.execute("PRAGMA journal_mode=OFF")
        self.con.execute("PRAGMA synchronous=OFF")
        self.con.execute(
            "CREATE TABLE rows(id TEXT PRIMARY KEY, kind TEXT, digest TEXT, place TEXT, fate TEXT, words TEXT,"
            " date TEXT, read TEXT)"
        )
        self.con.execute("CREATE TABLE replaced(id TEXT PRIMARY KEY, json TEXT)")
        self.spools: dict[str, Any] = {}  # kind -> a temporary file of the records to add, one JSON line each
        self.prev = False  # the digests of the rows as the import's earlier run read them are attached as 'prev'

    def attach(self, reads: Any) -> None:
        """The digests of the records as an earlier run of this import made them from the file's rows (a file
        ``files.stage_reads`` wrote), if there is one: a row that makes the same record again is unchanged,
        whatever the user has made of its record since."""
        if reads is not None and reads.is_file():
            import contextlib
            import sqlite3

            with contextlib.suppress(sqlite3.Error):
                self.con.execute("ATTACH DATABASE ? AS prev", (str(reads),))
                self.con.execute("SELECT 1 FROM prev.read LIMIT 1")
                self.prev = True

    def spool(self, kind: str) -> Any:
        import tempfile

        if kind not in self.spools:
            self.spools[kind] = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 (closed in close())
        return self.spools[kind]

    def close(self) -> None:
        import contextlib

        from ..safefile import release

        self.con.close()
        for fh in self.spools.values():
            fh.close()
        with contextlib.suppress(OSError):
            os.unlink(self.path)
        release(self.held)


class Tally:
    """Rows decided a batch at a time: is each new, unchanged, a replacement, a repeat, or a clash? One query
    per batch asks the cache (the fact base) and the scratch file (this import's earlier rows) about its ids."""

    BATCH = 2000
    CHUNK = 500  # ids per query: within every SQLite's limit on parameters

    def __init__(self, scratch: Scratch, base: Any, replace: bool, keep: bool, own_file: str):
        self.scratch, self.base, self.replace, self.keep, self.own_file = scratch, base, replace, keep, own_file
        self.buf: list[tuple[str, str, Any, bool]] = []  # (where, kind, record or an Issue, id given)
        self.added: dict[str, int] = {}
        self.replaced = self.unchanged = self.repeated = 0
        self.edited = 0  # records replaced by a changed row that the user had edited since the earlier import
        self.uncached = bool(os.environ.get("HRCLI_NO_CACHE"))  # no staged cache to take a new record's digest from
        self.own_seen = 0  # rows whose id this import's file already holds (kept, replaced or clashing)
        self.issues: list[Issue] = []
        self.pending: list[tuple[str, str, dict]] = []

    def add(self, where: str, kind: str, rec: dict, given: bool) -> None:
        self.buf.append((where, kind, rec, given))
        if len(self.buf) >= self.BATCH:
            self.flush()

    def hold(self, rid: str) -> None:
        """A record of the fact base this import keeps as it stands though no row gave it (the source a dataset's
        profile registered on an earlier import, perhaps edited since): one of the import's own, never stale."""
        got = self.base.execute("SELECT file FROM records WHERE id = ?", (rid,)).fetchone()
        if got is not None and got[0] == self.own_file:
            self.own_seen += 1
            self.scratch.con.execute(
                "INSERT OR IGNORE INTO rows VALUES (?,?,?,?,?,?,?,?)", (rid, "", "", "", "other", None, None, None)
            )

    def stale_edited(self) -> int:
        """Of this import's records no row made again (a changed row's record has a new id: the old one goes),
        those the user had edited since the earlier import: their stored digest is not the one the row made."""
        if not self.scratch.prev:
            return 0
        n, con = 0, self.scratch.con
        cur = self.base.execute("SELECT id, digest FROM records WHERE file = ?", (self.own_file,))
        while batch := cur.fetchmany(self.CHUNK):
            ids, q = [i for i, _d in batch], ",".join("?" * len(batch))
            seen = {i for (i,) in con.execute(f"SELECT id FROM rows WHERE id IN ({q})", ids)}
            made = dict(con.execute(f"SELECT id, digest FROM prev.read WHERE id IN ({q})", ids))
            n += sum(1 for i, d in batch if i not in seen and i in made and made[i] != d)
        return n

    def fail(self, issue: Issue) -> None:
        """A row that could not be read: told in its place among the others' problems."""
        self.buf.append((issue.where, "", issue, False))

    def _lookup(self, con: Any, sql: str, ids: list[str]) -> dict[str, tuple]:
        out: dict[str, tuple] = {}
        for n in range(0, len(ids), self.CHUNK):
            part = ids[n : n + self.CHUNK]
            out.update((r[0], r[1:]) for r in con.execute(sql.format(",".join("?" * len(part))), part))
        return out

    def flush(self) -> None:
        from ..validate import digest

        if not self.buf:
            return
        con = self.scratch.con
        ids = list(dict.fromkeys(rec["id"] for _w, _k, rec, _g in self.buf if isinstance(rec, dict)))
        earlier = self._lookup(con, "SELECT id, place, digest FROM rows WHERE id IN ({})", ids)
        old = self._lookup(self.base, "SELECT id, kind, digest, origin, file FROM records WHERE id IN ({})", ids)
        prev = self._lookup(con, "SELECT id, digest FROM prev.read WHERE id IN ({})", ids) if self.scratch.prev else {}
        stored = []
        for w, k, rec, given in self.buf:
            if isinstance(rec, Issue):
                self.issues.append(rec)
                continue
            rid = rec["id"]
            # a derived id is a digest of the whole row already: the same id, the same content
            dig = digest(k, rec) if given or rid in old else rid
            # the record as this row makes it (a new one's is its digest in the staged cache: files.stage_reads)
            read = dig if given or rid in old else digest(k, rec) if self.uncached else None
            if rid in earlier:
                first_place, first_digest = earlier[rid]
                # a derived id is a digest of the whole row as read: the same id is the same row, whatever its
                # locator (its row number) says; kept once, as the first import kept it
                if first_digest == dig or not given:
                    self.repeated += 1  # the same row twice: one record
                else:
                    self.issues.append(Issue(w, "id", f"{rid!r} is also the id of {first_place}, with other content"))
                continue
            earlier[rid] = (w, dig)
            fate = "other"
            if rid in old:
                old_kind, old_digest, old_origin, old_file = old[rid]
                self.own_seen += old_file == self.own_file
                own = old_file == self.own_file and old_kind == k
                made = prev[rid][0] if own and rid in prev else None  # the record as the earlier run made it
                if old_kind == k and (old_digest == dig or made == dig):
                    self.unchanged += 1  # the row makes the same record as before: the user's edits of it kept
                elif own and self.replace:
                    fate = "replace"
                    self.replaced += 1
                    self.edited += made is not None and made != old_digest
                    con.execute("INSERT INTO replaced VALUES (?, ?)", (rid, record_line(rec)))
                elif own:
                    again = f"{rid!r} was imported before with other content"
                    self.issues.append(Issue(w, "id", again, "--replace overwrites it"))
                else:
                    origin = "a bundled record" if old_origin == "bundled" else "a record in your files"
                    self.issues.append(Issue(w, "id", f"{rid!r} is already the id of {origin}"))
            else:
                fate = "new"
                self.added[k] = self.added.get(k, 0) + 1
                self.scratch.spool(k).write(record_line(rec) + "\n")
            date = rec.get("date") if isinstance(rec.get("date"), str) else None
            stored.append((rid, k, dig, w, fate, _words(rec) if fate != "other" else None, date, read))
            if self.keep and fate != "other":
                self.pending.append((w, k, rec))
        con.executemany("INSERT INTO rows VALUES (?,?,?,?,?,?,?,?)", stored)
        self.buf.clear()


def _words(rec: dict) -> str | None:
    ts = rec.get("topics") if isinstance(rec.get("topics"), list) else [rec.get("topic")]
    body = rec.get("body") if isinstance(rec.get("body"), str) else None
    return _unusual(tuple(t for t in ts if isinstance(t, str)), body)


@lru_cache(maxsize=1024)  # a large file repeats a few combinations of topics on every row
def _unusual(topics: tuple[str, ...], body: str | None) -> str | None:
    """The record's topics and committee code when any is outside the bundled vocabulary (else None): only
    those can be a typo of a known word."""
    from .. import vocab

    if all(vocab.topic_key(t) in vocab.TOPICS for t in topics) and (
        body is None or vocab.body_key(body) in vocab.BODIES
    ):
        return None
    return json.dumps([list(topics), body], ensure_ascii=False)


# ---- a scratch file the disk could not take: one error naming the temporary folder ------------------------------


_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}


def is_full(e: BaseException) -> bool:
    """A write the disk (or a quota) could not take, from a file object (no file named) or SQLite."""
    import sqlite3

    if isinstance(e, sqlite3.Error):
        return "full" in str(e) or "disk I/O" in str(e)
    return isinstance(e, OSError) and e.filename is None and e.errno in _FULL


def temp_full(e: BaseException) -> OSError:
    """The error to report: the temporary folder named, as a file would be (cli prints 'NAME: reason')."""
    import tempfile

    why = getattr(e, "strerror", None) or str(e)
    return OSError(
        getattr(e, "errno", None) or errno.ENOSPC,
        f"cannot write this import's temporary files: {why}",
        tempfile.gettempdir(),
    )
