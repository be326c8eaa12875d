"""Bulk import: rows of a CSV, TSV, JSON, JSON Lines or Excel (.xlsx, .xls) file become the user's own records.

One job per module, each usable from Python:

- ``readers``: ``read_table(path, ...)`` or ``rows_from_file(fp, format, ...)`` reads a file (or any
  binary file object) into a ``Table`` (header, and rows with the line or row number they came from)
  that streams: ``iter_rows()`` is a new pass holding one row at a time, ``head(n)`` the first rows,
  ``count`` the rows the last pass saw; ``xlsx`` and ``xls`` are the bounded Excel readers; ``stream`` is
  where the bytes come from (read again for each pass) and which encoding they are in, ``charset`` which
  8-bit code page (cp1252 or Mac Roman) a text is in; ``header`` finds the header under any title rows.
- ``mapping``: columns to fields (``--map COLUMN=-`` drops one; UPR Info's and OHCHR's UHRI column
  names map by themselves), cells to clean values, and a row's stable id.
- ``problems``: an import's problems, the same one on many rows told once, each with its fix.
- ``plan``: ``plan(table, ...)`` validates every record with the same validator as every fact file and
  says what is new, unchanged or replaced, writing nothing; ``run(table, ...)`` plans and writes under
  the same lock as ``hrcli add``. Both stream: rows are compared with the fact base through its cache
  and written as they come, so memory stays flat however many rows a file has.
- ``files``: the import's own JSON fact file (``facts/import-NAME-HASH.json``), listing imports and
  taking one, or one record, back.

Ids not given by the file are derived from the row's whole content as read (every column, mapped or
not), so importing the same file twice adds nothing the second time. An id that exists with other
content is a conflict, reported and never overwritten unless ``replace=True``.

This is the data layer: it returns or raises (DataError, UsageError), and never prints.
"""

from __future__ import annotations

from .files import dump, file_of, find, forget, imports, remove_record, target_for
from .mapping import DROP, canon, clean_record, column_map, parse_pairs, row_id, slug
from .plan import Plan, plan, run
from .problems import Issue, summary
from .readers import decode, detect_format, read_table, rows_from_file
from .table import KINDS, MAX_BYTES, Table, norm

__all__ = [
    "Table",
    "Plan",
    "Issue",
    "summary",
    "DROP",
    "KINDS",
    "MAX_BYTES",
    "read_table",
    "rows_from_file",
    "detect_format",
    "decode",
    "norm",
    "parse_pairs",
    "column_map",
    "clean_record",
    "canon",
    "row_id",
    "slug",
    "plan",
    "run",
    "dump",
    "target_for",
    "imports",
    "find",
    "forget",
    "file_of",
    "remove_record",
]
