"""The fact base as the program queries it: Filters, FactBase and load() (the Python API).

Records come from an SQLite connection that cache.py opens (a cache file kept for these exact inputs,
or a fresh build); the queries here let its indexes pick only the rows a filter keeps.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from . import loader
from .cache import connect, fold
from .loader import FactFileError
from .model import FACT_KINDS, KINDS, Conflict, Fact, Side, Source, Stat

__all__ = ["load", "FactBase", "Filters", "FactFileError", "fold"]


def _lower(text: str | None) -> str | None:
    return text.strip().casefold() if isinstance(text, str) else text


def _body(text: str | None) -> str | None:
    """A committee as the CLI reads it: CAT, cat, ICCPR or a word such as torture; else as given."""
    if not isinstance(text, str):
        return text
    from .vocab import body_lookup

    return body_lookup(text) or text


class Filters:
    """What a query keeps. Years are inclusive; a record is kept when its date range overlaps.

    Names are case-insensitive, as on the command line: ``body`` takes a code, a treaty abbreviation
    or a word (``"cat"``, ``"ICCPR"``, ``"torture"``); topics, mechanisms, sources, statuses, actions
    and origins any case.
    """

    __slots__ = ("year_from", "year_to", "mechanism", "body", "topic", "source", "status", "origin", "limit", "action")

    def __init__(
        self,
        year_from: int | None = None,
        year_to: int | None = None,
        mechanism: str | None = None,
        body: str | None = None,
        topic: str | None = None,
        source: str | None = None,
        status: str | None = None,
        origin: str | None = None,
        limit: int | None = None,
        action: str | None = None,
    ) -> None:
        self.year_from, self.year_to, self.mechanism, self.body = year_from, year_to, _lower(mechanism), _body(body)
        self.topic, self.source, self.status = _lower(topic), _lower(source), _lower(status)
        self.origin, self.limit, self.action = _lower(origin), limit, _lower(action)


def load(user: bool = True, data_dir: Path | str | None = None, cache: bool = True) -> FactBase:
    """Load the bundled fact base, plus the user's own files unless ``user=False``.

    ``data_dir`` overrides the user data folder (whose ``facts/*.toml`` are read). Raises
    FactFileError naming every problem when any file is unreadable or invalid. What the user should
    hear while it still works (a facts folder that is a file) is in the result's ``notes``.
    """
    notes: list[str] = []
    files = loader.inputs(user, Path(data_dir) / "facts" if data_dir is not None else None, notes)
    con = connect(files, cache and not os.environ.get("HRCLI_NO_CACHE"), notes)
    return FactBase(con, [p for p, _ in files], notes)


def _fact(d: dict) -> Fact:
    d["topics"] = tuple(d.get("topics", ()))
    return Fact(**d)


def _conflict(d: dict) -> Conflict:
    d["sides"] = tuple(Side(**s) for s in d["sides"])
    d["related"] = tuple(d.get("related", ()))
    return Conflict(**d)


_MAKE = {
    "sources": lambda d: Source(**d),
    "events": _fact,
    "claims": _fact,
    "recommendations": _fact,
    "stats": lambda d: Stat(**d),
    "conflicts": _conflict,
}


class FactBase:
    """Query the loaded facts. Every method returns typed records (see hrcli.model)."""

    def __init__(self, con: Any, files: list[Path], notes: list[str] | None = None):
        self._con = con
        self.files = files
        self.notes = notes or []  # warnings from loading, for the caller to show (the data layer never prints)
        self._sources: dict[str, Source] | None = None

    def _rows(
        self,
        kinds: tuple[str, ...],
        f: Filters | None = None,
        extra: str = "",
        args: tuple = (),
        order: str = "sort, ord",
    ) -> list[Any]:
        where = [f"kind IN ({','.join('?' * len(kinds))})"]
        params: list[Any] = list(kinds)
        if f is not None:
            if f.year_from is not None:
                where.append("end >= ?")
                params.append(f"{f.year_from:04d}-01-01")
            if f.year_to is not None:
                where.append("start <= ?")
                params.append(f"{f.year_to:04d}-12-31")
            for col, val in (
                ("mechanism", f.mechanism),
                ("body", f.body),
                ("source", f.source),
                ("status", f.status),
                ("origin", f.origin),
            ):
                if val is not None:
                    where.append(f"{col} = ?")
                    params.append(val)
            if f.action is not None:  # not a cache column: matched in the record's JSON
                where.append("json_extract(json, '$.action') = ?")
                params.append(f.action)
            if f.topic is not None:
                where.append("topics LIKE ?")
                params.append(f"%,{f.topic},%")
        if extra:
            where.append(extra)
            params += list(args)
        sql = f"SELECT kind, json FROM records WHERE {' AND '.join(where)} ORDER BY {order}"
        if f is not None and f.limit is not None:
            sql += f" LIMIT {int(f.limit)}"
        return [_MAKE[k](json.loads(j)) for k, j in self._con.execute(sql, params)]

    @property
    def sources(self) -> dict[str, Source]:
        """Registered sources by id (bundled and the user's)."""
        if self._sources is None:
            self._sources = {s.id: s for s in self._rows(("sources",), order="ord")}
        return self._sources

    def voice(self, source_id: str) -> str:
        """Whose voice a source speaks in ('government', 'un-country-team', 'user', ...)."""
        s = self.sources.get(source_id)
        return s.voice if s else ""

    def events(self, filters: Filters | None = None, **kw: Any) -> list[Fact]:
        """Dated events, oldest first. Keyword arguments are Filters fields."""
        return self._rows(("events",), filters or Filters(**kw))

    def facts(self, kinds: tuple[str, ...] = FACT_KINDS, filters: Filters | None = None, **kw: Any) -> list[Fact]:
        """Events, claims and recommendations (or the kinds named), oldest first."""
        return self._rows(kinds, filters or Filters(**kw))

    def count(self, kinds: tuple[str, ...] = ("events",), filters: Filters | None = None, **kw: Any) -> int:
        """How many records of these kinds a query keeps, whatever its limit."""
        f = filters or Filters(**kw)
        saved, f.limit = f.limit, None
        try:
            return len(self._rows(kinds, f))
        finally:
            f.limit = saved

    def stats(self, topic: str | None = None) -> list[Stat]:
        """Statistics rows, in file order (tables keep the order the documents give)."""
        return self._rows(("stats",), Filters(topic=topic), order="ord")

    def conflicts(self, topic: str | None = None) -> list[Conflict]:
        """Recorded disagreements."""
        return self._rows(("conflicts",), Filters(topic=topic), order="ord")

    def get(self, record_id: str) -> Any | None:
        """One record of any kind by id, or None."""
        # ids are lower-case (the validator insists), so any case finds them
        got = self._rows(KINDS, None, "id = ?", (_lower(record_id),))
        return got[0] if got else None

    def ids(self, origin: str | None = None) -> list[str]:
        """Every record id (or those of one origin: 'user', 'bundled'), for suggestions and completion."""
        if origin is None:
            return [r[0] for r in self._con.execute("SELECT id FROM records ORDER BY ord")]
        return [r[0] for r in self._con.execute("SELECT id FROM records WHERE origin = ? ORDER BY ord", (origin,))]

    def search(self, text: str, kinds: tuple[str, ...] | None = None) -> list[Any]:
        """Records whose text contains every word of ``text``, case- and accent-insensitively."""
        words = fold(text).split()
        kinds = kinds or (*FACT_KINDS, "stats", "conflicts", "sources")
        if not words:
            return []
        like = " AND ".join("text LIKE ? ESCAPE '\\'" for _ in words)
        pats = tuple("%" + w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%" for w in words)
        return self._rows(kinds, None, like, pats, order="sort, ord")

    def all(self) -> dict[str, list[Any]]:
        """Every record, grouped by kind, in file order."""
        out: dict[str, list[Any]] = {}
        for k in KINDS:
            out[k] = self._rows((k,), order="ord")
        return out

    def disputed(self) -> dict[str, list[str]]:
        """Map of record id -> ids of conflicts in which it is a side."""
        out: dict[str, list[str]] = {}
        for c in self.conflicts():
            for rid in dict.fromkeys([*(s.fact for s in c.sides if s.fact), *c.related]):
                out.setdefault(rid, []).append(c.id)
        return out
