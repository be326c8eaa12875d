"""Typed records of the fact base. Usable from Python without the CLI: ``hrcli.load()`` returns them.

Every record names the ``source`` (a registered source id) and a ``locator`` (where in it); a
figure or claim is what that source says, never an established truth, so each record also carries
the source's ``voice``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

__all__ = ["Source", "Fact", "Stat", "Side", "Conflict", "RECORD_TYPES", "KIND_OF"]


@dataclass(slots=True)
class Source:
    """A document the facts cite, with whose voice it speaks in and how to cite a place in it."""

    id: str
    title: str
    date: str
    kind: str
    issuer: str
    voice: str
    cite: str
    file: str = ""
    note: str = ""
    origin: str = "bundled"


@dataclass(slots=True)
class Fact:
    """An event, a claim or a recommendation/pledge (``kind`` says which)."""

    kind: str  # "events" | "claims" | "recommendations"
    id: str
    summary: str
    source: str
    locator: str
    date: str = ""
    status: str = "done"
    mechanism: str = ""
    body: str = ""
    action: str = ""
    topics: tuple[str, ...] = ()
    title: str = ""
    note: str = ""
    origin: str = "bundled"
    start: str = ""  # earliest ISO day the date may cover (derived from date)
    end: str = ""  # latest ISO day (derived)


@dataclass(slots=True)
class Stat:
    """One row of a statistical table: a figure a source gives, with its unit and period."""

    id: str
    topic: str
    table: str
    label: str
    value: int | float
    unit: str
    source: str
    locator: str
    date: str = ""
    qualifier: str = ""  # "over", "almost", ... as the source words it
    note: str = ""
    origin: str = "bundled"
    start: str = ""
    end: str = ""
    kind: str = "stats"


@dataclass(slots=True)
class Side:
    """One side of a disagreement: the value a source (or its own arithmetic) gives."""

    source: str
    locator: str
    value: str | int | float
    says: str
    fact: str = ""  # id of the record that carries this value, if any
    derived: bool = False  # True when the value is hrcli's arithmetic on the source's own figures


@dataclass(slots=True)
class Conflict:
    """A recorded disagreement between sources, or between a source and its own arithmetic."""

    id: str
    topic: str
    summary: str
    explanation: str
    sides: tuple[Side, ...] = field(default_factory=tuple)
    origin: str = "bundled"
    kind: str = "conflicts"


RECORD_TYPES: dict[str, type] = {
    "sources": Source,
    "events": Fact,
    "claims": Fact,
    "recommendations": Fact,
    "stats": Stat,
    "conflicts": Conflict,
}
KIND_OF = {name: name for name in RECORD_TYPES}


def field_names(cls: type) -> list[str]:
    """Field names of a record class, in declaration order."""
    return [f.name for f in fields(cls)]
