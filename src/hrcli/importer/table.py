"""What every import step shares: the ``Table`` a reader returns, the kinds an import may hold, the limits."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache
from itertools import islice
from typing import Any

from ..errors import DataError
from ..model import FACT_KINDS
from ..safefile import MAX_INPUT_BYTES

KINDS = (*FACT_KINDS, "stats", "sources")  # what an import may hold: no conflicts
# the one input limit, as for fact files: the whole UPR record of all states is ~60 MB
MAX_BYTES = MAX_INPUT_BYTES
ERR = "\x00error"  # a row that could not be read at all carries its reason under this key


Row = tuple[str, dict[str, Any]]


class Line(str):
    """A delimited file's 'line N' (where a row starts, for problems) that also knows the row a spreadsheet
    shows it as (``row``: the header's is 1, blank rows counted, a quoted cell's line ends inside one row)."""

    row: int

    def __new__(cls, line: int, row: int) -> Line:
        self = super().__new__(cls, f"line {line}")
        self.row = row
        return self


class Table:
    """A file's rows as text cells, each (where, {column: value}); ``where`` is 'line N' or 'row N'.

    A reader's table streams: ``iter_rows()`` reads the file again on each call and holds one row at a
    time, ``head(n)`` reads only the first rows, ``count`` is the number of rows the last complete pass
    saw. ``rows`` is the whole list, read once when first asked for (or given to the constructor).
    """

    def __init__(
        self,
        name: str,
        columns: list[str],
        rows: list[Row] | None = None,
        sources: list[Row] | None = None,
        encoding: str = "utf-8",
        format: str = "",  # the input format it was read as (hrcli.formats.INPUT)
        path: str = "",  # the file's resolved path when read from disk: what tells two imports apart
        *,
        reader: Callable[[], Iterator[Row]] | None = None,  # a new pass over the file's rows
        count: int | None = None,
    ):
        self.name, self.columns = name, columns
        # an Excel workbook or a JSON object may bring its own sources alongside the records
        self.sources = [] if sources is None else sources
        self.encoding, self.format, self.path = encoding, format, path
        self._rows, self._reader = rows, reader
        self.count = count
        self.unsure = False  # the encoding was a guess between code pages: say which was used
        self.found_at = ""  # a JSON object's rows were found by their one shape (no --json-path): where
        self.top: dict[str, Any] = {}  # a JSON object's values beside its arrays of rows (key -> scalar)
        self.title = ""  # the text of any title rows above the header (header.title_text)
        self.read_note = ""  # what the reader found the file to be, when not what its name says (import says it)

    def __repr__(self) -> str:
        held = f"{len(self._rows)} rows" if self._rows is not None else "streamed"
        return f"Table({self.name!r}, {len(self.columns)} columns, {held}, format={self.format!r})"

    @property
    def rows(self) -> list[Row]:
        if self._rows is None:
            self._rows = list(self.iter_rows())
        return self._rows

    @rows.setter
    def rows(self, rows: list[Row]) -> None:
        self._rows, self._reader = rows, None

    def iter_rows(self) -> Iterator[Row]:
        """A new pass over the rows; when it runs to the end, ``count`` is the number it gave."""
        return self._counted(self._rows if self._rows is not None else self._reader)

    def _counted(self, source: list[Row] | Callable[[], Iterator[Row]] | None) -> Iterator[Row]:
        rows = iter(source) if isinstance(source, list) else source() if source is not None else iter(())
        n = 0
        try:
            for row in rows:
                n += 1
                yield row
        finally:
            close = getattr(rows, "close", None)
            if close is not None:
                close()  # a pass left early closes its file now, not when collected
        self.count = n

    def head(self, n: int) -> list[Row]:
        """The first ``n`` rows, without reading further."""
        if self._rows is not None:
            return self._rows[:n]
        if self._reader is None:
            return []
        rows = self._reader()
        try:
            return list(islice(rows, max(n, 0)))
        finally:
            close = getattr(rows, "close", None)
            if close is not None:
                close()


@lru_cache(maxsize=4096)  # called for every cell of every row (a row's id): a file has few column names
def norm(header: str) -> str:
    """A header as a field name: case-, space- and punctuation-insensitive ('Source ID' -> 'source_id')."""
    import re

    return re.sub(r"[^0-9a-z]+", "_", header.strip().lower()).strip("_")


def distinct(columns: list[str]) -> list[str]:
    """Header cells of the same text told apart, as every reader names them: the second 'Rgrp' is 'Rgrp (2)'
    (UPR Info's export has Rgrp and Org twice: the State under review's, then the recommending State's)."""
    seen: dict[str, int] = {}
    out = []
    for c in columns:
        seen[c] = seen.get(c, 0) + 1
        out.append(f"{c} ({seen[c]})" if c and seen[c] > 1 else c)
    return out


def check_header(columns: list[str], name: str) -> None:
    """Refuse two columns that name the same field once normalised ('Date' and 'date '; two of the very same
    text are told apart first, ``distinct``)."""
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


def without_footer(rows: Iterator[Row | None], width: int) -> Iterator[Row]:
    """A pass's rows (None for a blank row) less a footer: rows after the last blank row that each hold one
    cell of text of three words or more, up to the end (notes under a table: 'Definitions and metadata:
    ...'). Such a row that more data follows, or that no blank row parts from the data above, is a row."""
    held: list[Row] | None = None  # rows after a blank row that may be a footer
    for row in rows:
        if row is None:
            if held:
                yield from held
            held = []
            continue
        if held is not None and width >= 2 and _note(row[1]):
            held.append(row)
            continue
        if held:
            yield from held
        held = None
        yield row


def _note(row: dict[str, Any]) -> bool:
    """Whether a row reads as a note: one cell of text, of three words or more (a country alone is a row)."""
    values = [v for v in row.values() if v is not None and (not isinstance(v, str) or v.strip())]
    return ERR not in row and len(values) == 1 and isinstance(values[0], str) and len(values[0].split()) >= 3


def row_number(where: str, n: int) -> int:
    """A row's number as a spreadsheet shows it, the header's being 1 and blank rows counted: a CSV row's own
    (``Line.row``: its line number counts the lines of a cell that holds line ends, so it is not the
    row's), an .xlsx or .xls row's own, else the ``n``-th row under the header."""
    row = getattr(where, "row", None)
    if isinstance(row, int):
        return row
    head, _sep, num = where.partition(" ")
    return int(num) if head == "row" and num.isdigit() else n + 1


def row_locator(where: str, n: int) -> str:
    """The locator of the ``n``-th row read: ``row N`` for a table's row, the item for a JSON array's."""
    return f"row {row_number(where, n)}" if where.startswith(("line ", "row ")) else where
