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
    """A committee as the CLI reads it: CAT, cat, ICCPR or a word such as torture; a user's own code any case."""
    if not isinstance(text, str):
        return text
    from .vocab import body_key

    return body_key(text)


def _topic(text: str | None) -> str | None:
    """A topic as every comparison takes it: any case, spaces, hyphens and underscores alike (vocab.topic_key)."""
    if not isinstance(text, str):
        return text
    from .vocab import topic_key

    return topic_key(text)


class Filters:
    """What a query keeps. Years are inclusive; a record is kept when its date range overlaps.

    Names are case-insensitive, as on the command line: ``body`` takes a code, a treaty abbreviation
    or a word (``"cat"``, ``"ICCPR"``, ``"torture"``) or a user's own code (``"cmw"``); topics ignore case
    and take spaces, hyphens and underscores alike (``"Death penalty"`` is ``death-penalty``); mechanisms,
    sources, statuses, actions and origins any case.
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
        self.topic, self.source, self.status = _topic(topic), _lower(source), _lower(status)
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

    def recommendations(
        self,
        filters: Filters | None = None,
        cycle: int | None = None,
        response: str | None = None,
        state: str | None = None,
        **kw: Any,
    ) -> list[Fact]:
        """UPR recommendations, oldest first: those in the UPR mechanism or carrying any UPR field (a response,
        a recommending State, a cycle or a session). ``response`` is a counting category or a file's word for
        it (``"Supported"`` is accepted); ``state`` a recommending State, any case."""
        from .vocab import response_key

        f = filters or Filters(**kw)
        extra = [
            "(mechanism = 'upr' OR json_extract(json, '$.response') IS NOT NULL"
            " OR json_extract(json, '$.recommending_state') IS NOT NULL OR json_extract(json, '$.cycle') IS NOT NULL"
            " OR json_extract(json, '$.session') IS NOT NULL)"
        ]
        args: list[Any] = []
        if cycle is not None:
            extra.append("json_extract(json, '$.cycle') = ?")
            args.append(int(cycle))
        if response is not None:
            extra.append("json_extract(json, '$.response') = ?")
            args.append(response_key(response) or response.strip().casefold())
        if state is None:
            return self._rows(("recommendations",), f, " AND ".join(extra), tuple(args))
        # States are compared casefolded in Python: SQLite's lower() folds ASCII only (Côte d'Ivoire)
        want = state.strip().casefold()
        saved, f.limit = f.limit, None
        try:
            rows = self._rows(("recommendations",), f, " AND ".join(extra), tuple(args))
        finally:
            f.limit = saved
        hits = [r for r in rows if r.recommending_state.strip().casefold() == want]
        return hits if saved is None else hits[:saved]

    def states(self) -> list[str]:
        """The recommending States the records name, sorted (for suggestions and completion)."""
        got = self._con.execute(
            "SELECT DISTINCT json_extract(json, '$.recommending_state') FROM records WHERE kind = 'recommendations'"
        )
        return sorted({r[0] for r in got if r[0]}, key=str.casefold)

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

    def topics(self) -> dict[str, str]:
        """Every known topic: the bundled vocabulary (with its descriptions), then the topics the records carry
        (the user's own, described by how many records use them), each in its compared form (vocab.topic_key)."""
        from .vocab import TOPICS

        counts: dict[str, int] = {}
        sql = "SELECT topics FROM records WHERE topics IS NOT NULL AND origin != 'bundled'"
        for (joined,) in self._con.execute(sql):
            for t in joined.strip(",").split(","):
                if t and t not in TOPICS:
                    counts[t] = counts.get(t, 0) + 1
        mine = {t: f"your own topic ({n} record{'s' if n != 1 else ''})" for t, n in sorted(counts.items())}
        return {**TOPICS, **mine}

    def bodies(self) -> dict[str, str]:
        """Every known committee code: the bundled ones (with their names), then the user's own codes."""
        from .vocab import BODIES

        mine = sorted(
            b
            for (b,) in self._con.execute("SELECT DISTINCT body FROM records WHERE body IS NOT NULL AND body != ''")
            if b not in BODIES
        )
        return {**{c: v[0] for c, v in BODIES.items()}, **{b: "your own committee code" for b in mine}}

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
