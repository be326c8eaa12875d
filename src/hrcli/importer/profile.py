"""What a UN dataset profile is (see ``un_datasets``, their registry): the columns that tell it, how its rows read."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from .table import Row, norm


class Profile:
    """One dataset's shape. ``needs``: the header's columns (as ``norm`` spells them) that tell it; ``read(rows,
    ctx)`` turns the file's rows into records (each a dict of fields, ``locator`` and ``source`` filled by
    ``apply``), counting the rows about other States in ``ctx['left_out']``."""

    __slots__ = ("key", "publisher", "dataset", "kind", "recognised", "needs", "read", "prefix", "hints", "labels")

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
        hints: tuple[str, ...] = (),
        labels: dict[str, str] | None = None,
    ):
        self.key, self.publisher, self.dataset, self.kind = key, publisher, dataset, kind
        self.recognised, self.needs, self.read, self.prefix = recognised, needs, read, prefix
        # columns the dataset has that it can do without (a near miss counts them as what it looks like), and
        # the header's own spelling of a column where it is not the plain one
        self.hints, self.labels = hints, labels or {}

    def matches(self, header: list[str]) -> bool:
        cols = [norm(c) for c in header]
        have = set(cols)
        if not all(n in have for n in self.needs):
            return False
        # a column whose header starts so (UNTC's last column lists its markers: 'Ratification, Accession(a), ...')
        return all(any(c.startswith(p) for c in cols) for p in self.prefix)

    def lacks(self, header: list[str]) -> tuple[int, int, list[str]]:
        """How close ``header`` is: (columns of the dataset it has, of its columns and hints in all, the needed
        ones it lacks as the dataset spells them)."""
        cols = [norm(c) for c in header]
        have = set(cols)
        lacking = [f"{self.labels.get(n, n.replace('_', ' '))!r} column" for n in self.needs if n not in have]
        lacking += [
            f"column starting {self.labels.get(p, p.replace('_', ' '))!r}"
            for p in self.prefix
            if not any(c.startswith(p) for c in cols)
        ]
        total = len(self.needs) + len(self.prefix) + len(self.hints)
        got = total - len(lacking) - sum(1 for h in self.hints if h not in have)
        return got, total, lacking

    def __repr__(self) -> str:
        return f"Profile({self.key!r})"
