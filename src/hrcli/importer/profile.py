"""What a UN dataset profile is (see ``un_datasets``, their registry): the columns that tell it, how its rows read."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from .table import Row, norm


class Profile:
    """One dataset's shape. ``needs``: the header's columns (as ``norm`` spells them) that tell it; ``read(rows,
    ctx)`` turns the file's rows into records (each a dict of fields, ``locator`` and ``source`` filled by
    ``apply``), counting the rows about other States in ``ctx['left_out']``."""

    __slots__ = ("key", "publisher", "dataset", "kind", "recognised", "needs", "read", "prefix")

    def __init__(
        self,
        key: str,
        publisher: str,
        dataset: str,
        kind: str,
        recognised: str,
        needs: tuple[str, ...],
        read: Callable[[Iterator[Row], dict[str, Any]], Iterator[Row]],
        prefix: tuple[str, ...] = (),
    ):
        self.key, self.publisher, self.dataset, self.kind = key, publisher, dataset, kind
        self.recognised, self.needs, self.read, self.prefix = recognised, needs, read, prefix

    def matches(self, header: list[str]) -> bool:
        cols = [norm(c) for c in header]
        have = set(cols)
        if not all(n in have for n in self.needs):
            return False
        # a column whose header starts so (UNTC's last column lists its markers: 'Ratification, Accession(a), ...')
        return all(any(c.startswith(p) for c in cols) for p in self.prefix)

    def __repr__(self) -> str:
        return f"Profile({self.key!r})"
