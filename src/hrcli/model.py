"""Typed records of the fact base. Usable from Python without the CLI: ``hrcli.load()`` returns them.

Every record names the ``source`` (a registered source id) and a ``locator`` (where in it); a
figure or claim is what that source says, never an established truth, so each source carries a
``voice``. Plain slotted classes rather than dataclasses: creating a dataclass costs ~0.6 ms at
import, and import time is most of a reference tool's response time. Their fields, order and defaults
come from the one declaration of every kind, ``hrcli.schema``.
"""

from __future__ import annotations

from typing import Any

from .schema import record_defaults, record_slots

__all__ = [
    "Record",
    "Source",
    "Fact",
    "Stat",
    "Side",
    "Conflict",
    "FACT_KINDS",
    "KINDS",
    "ROW_KINDS",
    "singular",
    "kind_word",
    "OPEN_LO",
    "OPEN_HI",
]

# what a Fact's or Stat's start/end hold for an unknown start or an open end ('/2004', '2009/..'): no day a
# source gives, sorting before and after every real one. edtf.bounds makes them; machine formats say null
OPEN_LO = "0000-01-01"
OPEN_HI = "9999-12-31"

# the record kinds, as fact files name their sections ([[events]], ...): facts (Fact records) and, in file
# order, every kind (sources first, so records may cite them)
FACT_KINDS = ("events", "claims", "recommendations")
KINDS = ("sources", *FACT_KINDS, "stats", "conflicts")
# the one rule for kind words: a row and the command line say the singular (event, stat), the store keeps
# the plural (events, stats); users may type either, in any case
ROW_KINDS = tuple(k[:-1] for k in FACT_KINDS)  # a dated row's kind: event, claim, recommendation


def singular(kind: str) -> str:
    """A store kind as a row names it: ``events`` -> ``event``."""
    return kind[:-1] if kind.endswith("s") else kind


def kind_word(text: str) -> str:
    """What a user typed as a kind, in the one form choices are keyed by: singular, casefolded."""
    k = text.strip().casefold()
    return k[:-1] if k.endswith("s") else k


class Record:
    """Base: keyword construction with defaults, equality, repr and ``to_dict()``."""

    __slots__ = ()
    _defaults: dict[str, Any] = {}

    def __init__(self, **kw: Any) -> None:
        defaults = self._defaults
        try:
            for name in self.__slots__:
                setattr(self, name, kw[name] if name in kw else defaults[name])
        except KeyError as e:
            raise TypeError(f"{type(self).__name__} needs {e.args[0]!r}") from None
        if len(kw) > len(self.__slots__) or not kw.keys() <= set(self.__slots__):
            extra = ", ".join(k for k in kw if k not in self.__slots__)
            raise TypeError(f"{type(self).__name__} got unknown field(s): {extra}")

    def to_dict(self) -> dict[str, Any]:
        """The record's fields, in order (nested sides become dicts)."""
        out = {}
        for name in self.__slots__:
            v = getattr(self, name)
            out[name] = [s.to_dict() for s in v] if name == "sides" else v
        return out

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self.to_dict() == other.to_dict()  # type: ignore[union-attr]

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}(" + ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__slots__) + ")"


class Source(Record):
    """A document the facts cite, with whose voice it speaks in, how to cite a place in it and where to get it
    (``url`` only where the document or reliable evidence gives one; ``find`` says how to look for it)."""

    __slots__ = record_slots("sources")
    _defaults = record_defaults("sources")


class Fact(Record):
    """An event (a pledge is one), a claim or a recommendation (``kind``: events, claims, recommendations).

    ``start``/``end`` are the earliest and latest ISO day the EDTF ``date`` may cover.
    """

    __slots__ = record_slots("events", "claims", "recommendations")
    _defaults = record_defaults("events", "claims", "recommendations")


class Stat(Record):
    """One row of a statistical table: a figure a source gives, with its unit, period and hedge.

    ``value`` is a number, or None when the source gives its figure only in words (``value_text``:
    "over two thirds"); a number is never invented for such words.
    """

    __slots__ = record_slots("stats")
    _defaults = record_defaults("stats")


class Side(Record):
    """One side of a disagreement: the value a source (or hrcli's arithmetic on it, ``derived``) gives."""

    __slots__ = record_slots("sides")
    _defaults = record_defaults("sides")


class Conflict(Record):
    """A recorded disagreement between sources, or between a source and its own arithmetic."""

    __slots__ = record_slots("conflicts")
    _defaults = record_defaults("conflicts")
