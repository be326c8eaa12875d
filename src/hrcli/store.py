"""The fact base as the program queries it: Query (what a listing keeps), FactBase and load() (the Python API).

Records come from an SQLite connection that cache.py opens (a cache file kept for these exact inputs,
or a fresh build); the queries here let its indexes pick only the rows a filter keeps.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from . import loader
from .cache import connect, fold, names_state
from .loader import FactFileError
from .model import FACT_KINDS, KINDS, OPEN_LO, Conflict, Fact, Side, Source, Stat
from .vocab import BODIES, TOPICS, body_key, ordinal, response_key, topic_key

# every kind search looks in, in the order a listing gives them
ALL_KINDS = (*FACT_KINDS, "stats", "conflicts", "sources")

__all__ = ["load", "FactBase", "Query", "Filters", "FactFileError", "fold", "stem"]


def _lower(text: str | None) -> str | None:
    return text.strip().casefold() if isinstance(text, str) else text


def _body(text: str | None) -> str | None:
    """A committee as the CLI reads it: CAT, cat, ICCPR or a word such as torture; a user's own code any case."""
    if not isinstance(text, str):
        return text

    return body_key(text)


def _topic(text: str | None) -> str | None:
    """A topic as every comparison takes it: any case, spaces, hyphens and underscores alike (vocab.topic_key)."""
    if not isinstance(text, str):
        return text

    return topic_key(text)


def _cycle(value: int | str | None) -> int | None:
    """A UPR cycle as files write it (2, '2', '2nd', 'Cycle II'); ValueError for anything else."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value

    n = ordinal(value)
    if n is None:
        raise ValueError(f"not a UPR cycle: {value!r} (give 1 to 9, '2nd' or 'Cycle II')")
    return n


def _response(text: str | None) -> str | None:
    """A response as counted: the category of a file's word (Supported is accepted), else the word casefolded."""
    if not isinstance(text, str):
        return text

    return response_key(text) or text.strip().casefold()


# a recommendation of the review: in the UPR mechanism or carrying any UPR field (an imported dataset's rows)
_UPR_FIELDS = (
    "(mechanism = 'upr' OR json_extract(json, '$.response') IS NOT NULL"
    " OR json_extract(json, '$.recommending_state') IS NOT NULL OR json_extract(json, '$.cycle') IS NOT NULL"
    " OR json_extract(json, '$.session') IS NOT NULL)"
)

# What each command's own scope is, beyond the kinds it shows: upr lists what belongs to the review,
# invitations the special procedures. A scope is a condition on the record, like any other filter.
SCOPES = {
    "upr": "(mechanism = 'upr' OR topics LIKE '%,upr,%' OR " + _UPR_FIELDS + ")",
    "special-procedures": "(mechanism = 'special-procedures' OR json_extract(json, '$.action') = 'mandate'"
    " OR topics LIKE '%,invitations,%')",
}

# words whose plural is not the singular plus -s/-es/-ies: the stem both forms contain
_IRREGULAR = {"children": "child", "women": "wom", "woman": "wom"}


def stem(word: str) -> str:
    """A search word cut to the part its singular and plural share, so 'child' and 'children',
    'country' and 'countries', 'visit' and 'visits' find the same records (words match inside the text)."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3]
    if len(word) > 3 and word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1]
    if len(word) > 4 and word.endswith("es") and word[:-2].endswith(("s", "x", "ch", "sh")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


class Query:
    """What a query keeps: every command that lists records (timeline, search, export, upr, invitations,
    the HTML page) selects through one of these, so the same filters keep the same records everywhere.

    Years are inclusive; a record is kept when its date range overlaps. Names are case-insensitive, as
    on the command line: ``body`` takes a code, a treaty abbreviation or a word (``"cat"``, ``"ICCPR"``,
    ``"torture"``) or a user's own code (``"cmw"``); topics ignore case and take spaces, hyphens and
    underscores alike (``"Death penalty"`` is ``death-penalty``); mechanisms, sources, voices, statuses,
    actions and origins any case.
    ``topic`` keeps records tagged with that topic (a figure or disagreement by its one topic);
    ``words`` keeps records whose text holds every word (case, accents and plural ignored);
    ``source`` and ``voice`` keep a disagreement when any side cites that source or speaks in that voice;
    ``disputed`` keeps the records a recorded disagreement involves, and the disagreements themselves;
    ``cycle``, ``response`` (a counting category or a file's word for it, ``"Supported"`` is accepted) and
    ``state`` (a recommending State, any case) keep UPR recommendations that carry them.
    Events about another State than Belarus (a dataset's rows kept with ``import --all-states``: ``state`` set)
    are left out unless ``all_states``; the ids left out are in ``FactBase.hidden``. ``of_state`` (any case)
    keeps only the events about that other State.

    Frozen: a Query is a value (equal to, and hashed as, another with the same fields), so a method that asks
    for a variant (without the limit, with a cycle) makes one with ``replace`` (``dataclasses.replace``'s
    contract) and the caller's Query never changes. Written out rather than made by ``@dataclass``: that
    decorator writes its methods' source and compiles it on every start, ~11 million instructions (3-4% of
    a command) for the one Query every command makes.
    """

    __slots__ = (
        "year_from", "year_to", "mechanism", "body", "topic", "source", "status", "origin", "limit",
        "action", "voice", "disputed", "words", "scope", "cycle", "response", "state", "all_states", "of_state",
    )  # fmt: skip

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
        voice: str | None = None,
        disputed: bool = False,
        words: str | None = None,
        scope: str | None = None,
        cycle: int | None = None,
        response: str | None = None,
        state: str | None = None,
        all_states: bool = False,
        of_state: str | None = None,
    ) -> None:
        # every name in its compared form; each step gives the same again for its own result (replace re-runs it)
        shaped = (
            year_from,
            year_to,
            _lower(mechanism),
            _body(body),
            _topic(topic),
            _lower(source),
            _lower(status),
            _lower(origin),
            limit,
            _lower(action),
            _lower(voice),
            bool(disputed),
            words if words and words.split() else None,
            scope,
            _cycle(cycle),
            _response(response),
            fold(state.strip()) if isinstance(state, str) else state,  # Cote d'Ivoire is Côte d'Ivoire
            bool(all_states),
            fold(of_state.strip()) if isinstance(of_state, str) else of_state,  # an event's other State
        )
        for name, value in zip(self.__slots__, shaped, strict=True):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: a Query is frozen (make a variant with replace())")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}: a Query is frozen")

    def _fields(self) -> tuple[Any, ...]:
        return tuple(getattr(self, n) for n in self.__slots__)

    def __eq__(self, other: object) -> bool:
        return self._fields() == other._fields() if type(other) is type(self) else NotImplemented  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return "Query(" + ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__slots__) + ")"

    def replace(self, **changes: Any) -> Query:
        """A new Query: these fields changed, the others as they are (TypeError for a name that is no field)."""
        return type(self)(**{n: getattr(self, n) for n in self.__slots__} | changes)

    def narrows(self) -> bool:
        """Whether anything but the limit (or every State's events) is asked for (an export of everything is not
        filtered)."""
        return any(getattr(self, n) not in (None, False) for n in self.__slots__ if n not in ("limit", "all_states"))


Filters = Query  # the name the Python API has had since 0.1


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
        self._others: bool | None = None  # whether any event is about another State (known once asked)
        # the events about other States that queries left out (their ids), for the one line a command says
        self.hidden: set[str] = set()

    def others(self) -> bool:
        """Whether any event is not about Belarus: another State's, or a theme's (one look at the word counts)."""
        if self._others is None:
            got = self._con.execute(
                "SELECT 1 FROM words WHERE what IN ('other_state', 'other_theme') LIMIT 1"
            ).fetchone()
            self._others = got is not None
        return self._others

    def other_states(self) -> list[str]:
        """The States other than Belarus that events are about, each once, sorted (for suggestions)."""
        got = self._con.execute("SELECT word FROM words WHERE what = 'other_state'")
        return sorted({w for (w,) in got if w}, key=str.casefold)

    def _rows(
        self,
        kinds: tuple[str, ...],
        f: Query | None = None,
        extra: str = "",
        args: tuple = (),
        order: str = "sort, ord",
        everyone: bool = False,
    ) -> list[Any]:
        where = [f"kind IN ({','.join('?' * len(kinds))})"]
        params: list[Any] = list(kinds)
        after: list[Any] = []  # tests SQL cannot make on a column (a disagreement's sides, disputed records)
        if f is not None:
            # a start left unknown in the cache is an undated record (cache._when, edtf.undated_record): kept only when
            # the range holds all of it, from any time up to its day: no --from, and --to not before that day
            if f.year_from is not None:
                where.append("end >= ? AND start > ?")
                params += [f"{f.year_from:04d}-01-01", OPEN_LO]
            if f.year_to is not None:
                where.append("start <= ? AND (start > ? OR end <= ?)")
                params += [f"{f.year_to:04d}-12-31", OPEN_LO, f"{f.year_to:04d}-12-31"]
            for col, val in (
                ("mechanism", f.mechanism),
                ("body", f.body),
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
            if f.scope is not None:
                where.append(SCOPES[f.scope])
            cited: set[str] | None = None
            if f.source is not None:
                cited = {f.source}
            if f.voice is not None:
                voiced = {s.id for s in self.sources.values() if s.voice == f.voice}
                cited = voiced if cited is None else cited & voiced
            if cited is not None:
                # a record by the source it cites, a source by its own id; a disagreement by any side (below)
                ph = ",".join("?" * len(cited))
                where.append(f"(source IN ({ph}) OR (kind = 'sources' AND id IN ({ph})) OR kind = 'conflicts')")
                params += [*cited, *cited]
                after.append(
                    lambda r, cited=cited: not isinstance(r, Conflict) or any(s.source in cited for s in r.sides)
                )
            if f.disputed:
                involved = self.disputed()
                after.append(lambda r: isinstance(r, Conflict) or r.id in involved)
            if f.cycle is not None:
                where.append("json_extract(json, '$.cycle') = ?")
                params.append(f.cycle)
            if f.response is not None:
                where.append("json_extract(json, '$.response') = ?")
                params.append(f.response)
            if f.state is not None:
                # States are compared folded (case, accents) in Python: SQLite's lower() folds ASCII only; a
                # recommendation several States made lists them with '; ' (as the import joins UHRI's list)
                after.append(lambda r, want=f.state: names_state(getattr(r, "recommending_state", "") or "", want))
            if f.of_state is not None:  # the events of one other State (a dataset imported with --all-states)
                after.append(lambda r, want=f.of_state: fold((getattr(r, "state", "") or "").strip()) == want)
            if f.words is not None:
                words = [stem(w) for w in fold(f.words).split()]
                where += ["text LIKE ? ESCAPE '\\'"] * len(words)
                params += ["%" + w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%" for w in words]
        if extra:
            where.append(extra)
            params += list(args)
        if (
            not everyone
            and ("events" in kinds or "recommendations" in kinds)
            and not (f is not None and (f.all_states or f.of_state is not None))
            and self.others()
        ):
            # a record about another State is left out (and its id kept in ``hidden``, for the line that says so)
            cond = "other IS NULL"
            sql = f"SELECT kind, json FROM records WHERE {' AND '.join(where)} AND NOT {cond}"
            hid = [_MAKE[k](json.loads(j)) for k, j in self._con.execute(sql, params)]
            self.hidden.update(r.id for r in hid if all(keep(r) for keep in after))
            where.append(cond)
        sql = f"SELECT kind, json FROM records WHERE {' AND '.join(where)} ORDER BY {order}"
        limit = f.limit if f is not None else None
        if limit is not None and not after:
            sql += f" LIMIT {int(limit)}"
        out = [_MAKE[k](json.loads(j)) for k, j in self._con.execute(sql, params)]
        if after:
            out = [r for r in out if all(keep(r) for keep in after)]
            if limit is not None:
                out = out[:limit]
        return out

    def select(self, kinds: tuple[str, ...], query: Query | None = None) -> list[Any]:
        """The records of these kinds that ``query`` keeps, oldest first (undated first among equals)."""
        return self._rows(kinds, query or Query())

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

    def events(self, filters: Query | None = None, **kw: Any) -> list[Fact]:
        """Dated events, oldest first. Keyword arguments are Filters fields."""
        return self._rows(("events",), filters or Query(**kw))

    def facts(self, kinds: tuple[str, ...] = FACT_KINDS, filters: Query | None = None, **kw: Any) -> list[Fact]:
        """Events, claims and recommendations (or the kinds named), oldest first."""
        return self._rows(kinds, filters or Query(**kw))

    def count(self, kinds: tuple[str, ...] = ("events",), filters: Query | None = None, **kw: Any) -> int:
        """How many records of these kinds a query keeps, whatever its limit."""
        return len(self._rows(kinds, (filters or Query(**kw)).replace(limit=None)))

    def recommendations(
        self,
        filters: Query | None = None,
        cycle: int | None = None,
        response: str | None = None,
        state: str | None = None,
        **kw: Any,
    ) -> list[Fact]:
        """UPR recommendations, oldest first: those in the UPR mechanism or carrying any UPR field (a response,
        a recommending State, a cycle or a session). ``response`` is a counting category or a file's word for
        it (``"Supported"`` is accepted); ``state`` a recommending State, any case. The three may also be
        given in the Query."""
        given = {n: v for n, v in (("cycle", cycle), ("response", response), ("state", state)) if v is not None}
        return self._rows(("recommendations",), (filters or Query(**kw)).replace(**given), _UPR_FIELDS)

    def upr_counts(self, filters: Query | None = None, **kw: Any) -> list[dict[str, Any]]:
        """UPR recommendations received and accepted per cycle: one row per cycle and per source figure of the
        documents (a cycle with no figures keeps a row with empty values), and beside them, never added to them,
        each imported dataset's count (its rows, those answered accepted). Rows are dicts of
        ``hrcli.cycles.COUNT_FIELDS``; the query keeps them by cycle, source, voice, origin, disputed and the
        years (a cycle's year), at most its limit; its other filters concern records, not counts."""
        from .cycles import counts  # loaded by the one command that counts

        return counts(self, filters or Query(**kw))

    def states(self, given: bool = False) -> list[str]:
        """The States that made the recommendations Belarus received (``given``: the States under review of those
        Belarus made), each once (a cell 'A; B' names two), sorted (for completion); from the cache's count of
        them, not every record."""
        got = self._con.execute("SELECT word FROM words WHERE what = ?", ("given_state" if given else "state",))
        return sorted({s.strip() for (w,) in got if w for s in w.split(";") if s.strip()}, key=str.casefold)

    def stats(self, topic: str | None = None, voice: str | None = None) -> list[Stat]:
        """Statistics rows (of a topic, in a voice), in file order (tables keep the order the documents give)."""
        return self._rows(("stats",), Query(topic=topic, voice=voice), order="ord")

    def conflicts(self, topic: str | None = None, voice: str | None = None) -> list[Conflict]:
        """Recorded disagreements (of a topic; with a side in a voice)."""
        return self._rows(("conflicts",), Query(topic=topic, voice=voice), order="ord")

    def get(self, record_id: str) -> Any | None:
        """One record of any kind by id, or None."""
        # ids are lower-case (the validator insists), so any case finds them
        got = self._rows(KINDS, None, "id = ?", (_lower(record_id),), everyone=True)
        return got[0] if got else None

    def topics(self) -> dict[str, str]:
        """Every known topic: the bundled vocabulary (with its descriptions), then the topics the records carry
        (the user's own, described by how many records use them), each in its compared form (vocab.topic_key)."""
        counts = {
            t: n for t, n in self._con.execute("SELECT word, n FROM words WHERE what = 'topic'") if t not in TOPICS
        }
        mine = {t: f"your own topic ({n} record{'s' if n != 1 else ''})" for t, n in sorted(counts.items())}
        return {**TOPICS, **mine}

    def bodies(self) -> dict[str, str]:
        """Every known committee code: the bundled ones (with their names), then the user's own codes."""
        mine = sorted(b for (b,) in self._con.execute("SELECT word FROM words WHERE what = 'body'") if b not in BODIES)
        return {**{c: v[0] for c, v in BODIES.items()}, **{b: "your own committee code" for b in mine}}

    def ids(self, origin: str | None = None, prefix: str | None = None, limit: int = -1) -> list[str]:
        """Every record id (or those of one origin: 'user', 'bundled'; or those starting with ``prefix``, at most
        ``limit``), for suggestions and completion."""
        if prefix is not None:
            # ids are lower-case ASCII (the validator insists): a range of the id index, not a scan
            sql = "SELECT id FROM records WHERE id >= ? AND id < ? ORDER BY ord LIMIT ?"
            return [r[0] for r in self._con.execute(sql, (prefix, prefix + "\x7f", limit))]
        if origin is None:
            return [r[0] for r in self._con.execute("SELECT id FROM records ORDER BY ord")]
        return [r[0] for r in self._con.execute("SELECT id FROM records WHERE origin = ? ORDER BY ord", (origin,))]

    def search_texts(self) -> dict[tuple[str, str], str]:
        """Each record's searched text, keyed on (kind, id): what ``words`` matches, folded (see ``fold``)."""
        return {(k, i): t for k, i, t in self._con.execute("SELECT kind, id, text FROM records")}

    def search(self, text: str, kinds: tuple[str, ...] | None = None) -> list[Any]:
        """Records whose text contains every word of ``text``, ignoring case, accents and plural."""
        if not text.split():
            return []
        return self._rows(kinds or ALL_KINDS, Query(words=text))

    def all(self, all_states: bool = False) -> dict[str, list[Any]]:
        """Every record, grouped by kind, in file order (events about other States only with ``all_states``)."""
        out: dict[str, list[Any]] = {}
        for k in KINDS:
            out[k] = self._rows((k,), order="ord", everyone=all_states)
        return out

    def disputed(self) -> dict[str, list[str]]:
        """Map of record id -> ids of conflicts in which it is a side."""
        out: dict[str, list[str]] = {}
        for c in self.conflicts():
            for rid in dict.fromkeys([*(s.fact for s in c.sides if s.fact), *c.related]):
                out.setdefault(rid, []).append(c.id)
        return out
