"""What every import step shares: the ``Table`` a reader returns, the kinds an import may hold, the limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..errors import DataError
from ..model import FACT_KINDS
from ..safefile import MAX_INPUT_BYTES

KINDS = (*FACT_KINDS, "stats", "sources")  # what an import may hold: no conflicts
# the one input limit, as for fact files: the whole UPR record of all states is ~60 MB
MAX_BYTES = MAX_INPUT_BYTES
ERR = "\x00error"  # a row that could not be read at all carries its reason under this key


@dataclass
class Table:
    """A file's rows as text cells: ``rows`` are (where, {column: value}); ``where`` is 'line N' or 'row N'."""

    name: str
    columns: list[str]
    rows: list[tuple[str, dict[str, Any]]]
    # an Excel workbook or a JSON object may bring its own sources alongside the records
    sources: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    encoding: str = "utf-8"
    format: str = ""  # the input format it was read as (hrcli.formats.INPUT)
    path: str = ""  # the file's resolved path when read from disk: what tells two imports apart

    def iter_rows(self):
        """The data rows, one at a time (a new iterator each call)."""
        return iter(self.rows)

    def head(self, n: int) -> list[tuple[str, dict[str, Any]]]:
        """The first ``n`` data rows."""
        return self.rows[:n]

    @property
    def count(self) -> int | None:
        return len(self.rows)


@lru_cache(maxsize=4096)  # called for every cell of every row (a row's id): a file has few column names
def norm(header: str) -> str:
    """A header as a field name: case-, space- and punctuation-insensitive ('Source ID' -> 'source_id')."""
    import re

    return re.sub(r"[^0-9a-z]+", "_", header.strip().lower()).strip("_")


def check_header(columns: list[str], name: str) -> None:
    """Refuse two columns that name the same field once normalised ('Date' and 'date ')."""
    seen: dict[str, str] = {}
    for c in columns:
        key = norm(c)
        if not key:
            continue
        if key in seen:
            raise DataError(f"{name}: columns {seen[key]!r} and {c!r} have the same name")
        seen[key] = c


def columns_of(rows: list[tuple[str, dict[str, Any]]]) -> list[str]:
    """Every column named by any row, in first-seen order."""
    cols: dict[str, None] = {}
    for _w, r in rows:
        cols.update(dict.fromkeys(c for c in r if c != ERR))
    return list(cols)
