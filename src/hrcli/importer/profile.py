"""What a UN dataset profile is (see ``un_datasets``, their registry): the columns that tell it, how its rows read."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .table import Row, Table, norm


class Profile:
    """One dataset's shape. ``needs``: the header's columns (as ``norm`` spells them) that tell it; ``read(rows,
    ctx)`` turns the file's rows into records (each a dict of fields, ``locator`` and ``source`` filled by
    ``apply``), counting the rows about other States in ``ctx['left_out']``. ``prefix``: words some column's header
    starts with; ``contains``: words some column's header holds; ``shape(header, name)``: a last test of the whole
    shape (the file's name too), for a profile whose columns alone are too common to tell it. ``reads``: the
    starts of the columns its reader reads (with ``contains``), so the others are named as ignored; None: not told."""

    __slots__ = (
        "key",
        "publisher",
        "dataset",
        "kind",
        "recognised",
        "needs",
        "read",
        "prefix",
        "hints",
        "labels",
        "contains",
        "shape",
        "reads",
    )

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
        contains: tuple[str, ...] = (),
        shape: Callable[[list[str], str], bool] | None = None,
        reads: tuple[str, ...] | None = None,
    ):
        self.key, self.publisher, self.dataset, self.kind = key, publisher, dataset, kind
        self.recognised, self.needs, self.read, self.prefix = recognised, needs, read, prefix
        # columns the dataset has that it can do without (a near miss counts them as what it looks like), and
        # the header's own spelling of a column where it is not the plain one
        self.hints, self.labels = hints, labels or {}
        self.contains, self.shape, self.reads = contains, shape, reads

    def unread(self, header: list[str]) -> list[str]:
        """The columns of ``header`` (named ones) this profile's reader does not read: said, never dropped silently."""
        if self.reads is None:
            return []
        read = (*self.reads, *self.prefix)
        return [
            c
            for c in header
            if norm(c) and not norm(c).startswith(read) and not any(w in norm(c) for w in self.contains)
        ]

    def matches(self, header: list[str], name: str = "") -> bool:
        cols = [norm(c) for c in header]
        have = set(cols)
        if not all(n in have for n in self.needs):
            return False
        # a column whose header starts so (UNTC's last column lists its markers: 'Ratification, Accession(a), ...')
        if not all(any(c.startswith(p) for c in cols) for p in self.prefix):
            return False
        # ... or holds the word anywhere ('Formal confirmation(c), Accession(a), Ratification' on the CRPD's page)
        if not all(any(w in c for c in cols) for w in self.contains):
            return False
        return self.shape is None or self.shape(cols, name)

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
        lacking += [
            f"column holding {self.labels.get(w, w.replace('_', ' '))!r}"
            for w in self.contains
            if not any(w in c for c in cols)
        ]
        total = len(self.needs) + len(self.prefix) + len(self.contains) + len(self.hints)
        # a hint is a column's start ('Signature, Succession to signature(d)' on the Covenants' pages)
        got = total - len(lacking) - sum(1 for h in self.hints if not any(c.startswith(h) for c in cols))
        return got, total, lacking

    def __repr__(self) -> str:
        return f"Profile({self.key!r})"


# ---- the source a dataset's rows cite (the UN profiles; the UPR profiles take its dates) -------------------------


def read_day(path: Any) -> dt.date:
    """The day a dataset's file was read: its modification day (the day it was downloaded or saved, so importing
    it again registers the same source), today for standard input or a file that cannot be asked."""
    import os

    if path:
        with contextlib.suppress(OSError, ValueError, OverflowError):
            return dt.date.fromtimestamp(os.stat(path).st_mtime)
    return dt.date.today()


def read_said(path: Any, day: dt.date, name: str = "") -> str:
    """How the day a dataset was read is known, for its source's note: a file's modification date, or the day
    standard input (which has none) was read."""
    if not path:
        return f"read from standard input on {day.isoformat()}"
    return f"read on {day.isoformat()} ({name}'s modification date)" if name else f"read {day}, its modification date"


def dataset_dates(day: dt.date) -> dict[str, str]:
    """A dataset source's dates: a published export states no publication date, so ``date`` says only that it was
    published by the day it was read (``/DAY``: its horizon is that day; citations give it as n.d.) and ``accessed``
    is that day (the citations' access date). A user who knows the publication date sets ``date``."""
    return {"date": f"/{day.isoformat()}", "accessed": day.isoformat()}


def register_source(profile: Profile, table: Table) -> dict[str, Any]:
    """The source a profile's rows cite: the dataset, its publisher, the file and the day it was read (the file's
    modification day, so importing it again registers the same source; edit the dates if you know better)."""
    from .mapping import slug

    day = read_day(table.path)
    stem = slug(Path(table.name).stem)[:40].strip("-")
    return {
        # the file's name alone where it already starts with the profile's ('ohchr-voting-belarus', not twice)
        "id": (stem if stem.startswith(profile.key) else f"{profile.key}-{stem}")[:80].strip("-"),
        "title": f"{profile.dataset}: {table.name}",
        **dataset_dates(day),
        "kind": "dataset",
        "issuer": profile.publisher,
        "voice": "other",
        "cite": "row N: the row of the file as a spreadsheet shows it, its header being row 1",
        "note": f"{profile.recognised}; {read_said(table.path, day, table.name)}; the file"
        " states no publication date: set the date if you know it",
    }
