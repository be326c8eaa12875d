"""Which of a table's first rows is its header: the one naming columns hrcli knows, under any title rows."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..validate import SCHEMA
from .mapping import ALIASES, NOT_FIELDS, UPR_ALIASES
from .table import norm

TITLE_ROWS = 10  # rows looked at for the header: a title, a date, a blank row or two above it
# header words of the published datasets (docs/dev/datasets.md) that are no field's name
DATASET_WORDS = frozenset(
    {"country", "state", "participant", "member", "iso2", "iso3", "symbol", "year", "sur", "rs", "to"}
    | {"signature", "ratification", "accession", "recommendation"}
)


def _known(cell: Any, exact: bool = False) -> bool:
    """Whether a cell reads as a column name hrcli knows: a field's, an alias's or a dataset's, or one that
    starts with such a word ('Date of Signature (dd/mm/yyyy)')."""
    key = norm(cell) if isinstance(cell, str) else ""
    words = _words()
    return bool(key) and (key in words or (not exact and key.split("_")[0] in words))


@lru_cache(maxsize=1)
def _words() -> frozenset[str]:
    fields = {f for fields in SCHEMA.values() for f in fields}
    return frozenset(fields | set(ALIASES) | set(UPR_ALIASES) | set(NOT_FIELDS) | DATASET_WORDS)


def header_index(first: list[list[Any]]) -> int:
    """Which of a table's first rows is its header: the first row, unless it fills one cell at most (and that
    is no field's own name) or names no known column, and a row below it (within TITLE_ROWS) names one, with
    more filled cells than every row above it (a title row, a date, a blank row: OHCHR's dashboard export
    has one title row above 'Country, Date of Signature ...')."""
    rows = first[:TITLE_ROWS]
    if not rows or (known(rows[0]) and filled(rows[0]) >= 2) or any(_known(c, exact=True) for c in rows[0]):
        return 0
    widest = filled(rows[0])
    for i, row in enumerate(rows[1:], 1):
        n = filled(row)
        if n > widest and n >= 2 and known(row):
            return i
        widest = max(widest, n)
    return 0


def title_text(rows: list[list[Any]]) -> str:
    """The text of the rows above a header (a title, a date), cells joined by a space: what a profile may read the
    file's subject from (OHCHR's dashboard names its treaty there)."""
    cells = (" ".join(str(c).split()) for row in rows for c in row if c is not None and str(c).strip())
    return " ".join(cells)[:1000]


def filled(row: list[Any]) -> int:
    """How many cells of a row hold something."""
    return sum(1 for c in row if c is not None and str(c).strip())


def known(row: list[Any]) -> bool:
    """Whether a row names a column hrcli knows (see _known)."""
    return any(_known(c) for c in row)
