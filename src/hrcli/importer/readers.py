"""Readers: the bytes of a CSV, TSV, JSON, JSON Lines or Excel file become a ``Table``.

``rows_from_file(fp, format, ...)`` reads any binary file object (an open file, ``io.BytesIO``),
``read_table(path, ...)`` a file on disk through the bounded reader every fact file uses. Text is
decoded from a BOM, UTF-8, UTF-16 or Windows-1252; BOMs, CRLF and bare CR are understood.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import DataError, UsageError
from .table import ERR, KINDS, MAX_BYTES, Table, check_header

# a JSON cell holding lists in lists deeper than this is no value a record can take
MAX_CELL_DEPTH = 8


def _choices() -> str:
    from ..formats import INPUT

    return f"{', '.join(INPUT[:-1])} or {INPUT[-1]}"


def detect_format(path: Path, given: str | None = None) -> str:
    """The input format: ``given`` (checked against hrcli.formats.INPUT), else from the file's extension."""
    from ..formats import INPUT_SUFFIXES

    if given:
        return _known(given)
    fmt = INPUT_SUFFIXES.get(Path(path).suffix.lower())
    if fmt is None:
        raise UsageError(
            f"cannot tell the format of {Path(path).name} from its extension; give --from-format {_choices()}"
        )
    return fmt


def _known(fmt: str) -> str:
    from ..formats import INPUT

    if fmt not in INPUT:
        from ..errors import did_you_mean

        raise did_you_mean(fmt, sorted(INPUT), "import format")
    return fmt


def read_bytes(path: Path) -> bytes:
    """The file's bytes, through the same bounded, non-blocking reader as every fact file."""
    from ..safefile import display
    from ..safefile import read_bytes as bounded

    try:
        return bounded(path, MAX_BYTES)
    except OSError as e:
        raise DataError(f"{display(path)}: cannot read: {e.strerror or e}") from None


def read_table(path: Path, fmt: str | None = None, encoding: str | None = None, sheet: str | None = None) -> Table:
    """Read a file into a Table. Raises DataError (unreadable, malformed) or UsageError (bad options)."""
    import io

    path = Path(path)
    if fmt:
        _known(fmt)  # an unknown --from-format is a usage error before any reading
    raw = read_bytes(path)  # then: a folder or FIFO is named as such, whatever its extension
    fmt = fmt or detect_format(path)
    if fmt == "xlsx" or sheet:
        table = rows_from_file(io.BytesIO(raw), fmt, path.name, encoding, sheet)
    else:
        held = [raw]
        del raw  # the text replaces the bytes as soon as it is decoded
        table = _from_bytes(held, fmt, path.name, encoding)
    table.path = str(path.resolve())
    return table


def rows_from_file(
    fp: BinaryIO, format: str, name: str = "<input>", encoding: str | None = None, sheet: str | None = None
) -> Table:
    """Read a binary file object of one input ``format`` into a Table named ``name`` (for messages and ids)."""
    fmt = _known(format)
    if fmt == "xlsx":
        from .xlsx import read_xlsx

        return read_xlsx(fp, name, sheet)
    if sheet:
        raise UsageError("--sheet is for .xlsx files")
    raw = fp.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise DataError(f"{name}: larger than hrcli's limit of {MAX_BYTES // (1 << 20)} MiB for an input file")
    held = [raw]
    del raw
    return _from_bytes(held, fmt, name, encoding)


def _from_bytes(held: list[bytes], fmt: str, name: str, encoding: str | None) -> Table:
    """A text format's Table from its bytes, handed over in a list so they are freed once decoded."""
    raw = held.pop()
    text, enc = decode(raw, encoding, name)
    del raw
    if fmt in ("csv", "tsv"):
        table = _read_delimited(text, name, "\t" if fmt == "tsv" else None)
    elif fmt == "jsonl":
        table = _read_jsonl(text, name)
    else:
        table = _read_json(text, name)
    table.encoding, table.format = enc, fmt
    return table


def decode(raw: bytes, encoding: str | None, name: str) -> tuple[str, str]:
    """Text and the encoding used: the one given, else a BOM's, else UTF-8, else UTF-16 or Windows-1252."""
    import codecs

    if encoding:
        try:
            if not codecs.lookup(encoding)._is_text_encoding:  # base64, rot13: codecs, not text encodings
                raise LookupError(encoding)
            return raw.decode(encoding), encoding
        except LookupError:
            raise UsageError(f"unknown encoding {encoding!r}; try utf-8, cp1252, utf-16 or latin-1") from None
        except UnicodeDecodeError as e:
            raise DataError(f"{name}: not {encoding} text (bad byte at offset {e.start})") from None
        except UnicodeError as e:  # punycode, idna: their own errors, without an offset
            raise DataError(f"{name}: not {encoding} text ({str(e).splitlines()[0][:200]})") from None
    if raw.startswith(codecs.BOM_UTF8):
        return _strict(raw[3:], "utf-8", name), "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(raw, "utf-16", name), "utf-16"
    sample = raw[:4096]
    # UTF-16 without a BOM: ASCII text leaves every other byte zero
    if len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4 and sample[0::2].count(0) == 0:
        return _strict(raw, "utf-16-le", name), "utf-16-le"
    if len(sample) >= 4 and sample[0::2].count(0) > len(sample) // 4 and sample[1::2].count(0) == 0:
        return _strict(raw, "utf-16-be", name), "utf-16-be"
    if b"\x00" in sample:
        raise DataError(f"{name}: looks binary (NUL bytes), not a text table; for Excel use a .xlsx file")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        # spreadsheet programs on Windows save CSV in this code page when not told otherwise
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as e:
        raise DataError(
            f"{name}: neither UTF-8 nor Windows-1252 (bad byte at offset {e.start}); give --encoding"
        ) from None


def _strict(raw: bytes, enc: str, name: str) -> str:
    try:
        return raw.decode(enc)
    except UnicodeDecodeError as e:
        raise DataError(f"{name}: not {enc} text (bad byte at offset {e.start}); give --encoding") from None


_BARE_CR = re.compile(r"\r(?!\n)")


def _lines(text: str) -> Iterator[str]:
    """The text's lines with their ends, one at a time."""
    start, n = 0, len(text)
    while start < n:
        end = text.find("\n", start)
        if end < 0:
            yield text[start:]
            return
        yield text[start : end + 1]
        start = end + 1


def _read_delimited(text: str, name: str, delimiter: str | None) -> Table:
    import csv
    import io

    if delimiter is None:
        end = text.find("\n")
        first = (text if end < 0 else text[:end]).split("\r", 1)[0]  # not text.split: a copy of the rest
        # spreadsheets in locales with a decimal comma save CSV with ';' between cells
        delimiter = ";" if first.count(";") > first.count(",") else ","
    # a StringIO holds a copy of the text four bytes a character: lines cut from the text as the
    # reader asks keep a large file's memory down; a file whose lines end with a bare CR needs it
    lines = io.StringIO(text, newline="") if _BARE_CR.search(text) else _lines(text)
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        header = next(reader, None)
        if header is None:
            return Table(name, [], [])
        columns = [h.strip().lstrip("\ufeff") for h in header]
        check_header(columns, name)
        rows = []
        last = reader.line_num
        for cells in reader:
            start, last = last + 1, reader.line_num
            if not any(c.strip() for c in cells):
                continue
            where = f"line {start}"
            if len(cells) > len(columns):
                extra = cells[len(columns) :]
                if any(c.strip() for c in extra):
                    rows.append((where, {ERR: f"{len(cells)} cells but the header has {len(columns)}"}))
                    continue
            rows.append((where, dict(zip(columns, cells, strict=False))))
    except csv.Error as e:
        raise DataError(f"{name}: line {reader.line_num}: not valid CSV: {e}") from None
    return Table(name, columns, rows)


def _finite(text: str) -> float:
    f = float(text)
    if f - f != 0:  # inf or nan: JSON has no such number, and no record field can hold one
        raise ValueError(f"{text} is not a finite number")
    return f


def _no_constant(word: str) -> Any:
    raise ValueError(f"{word} is not a JSON number")


def _loads(text: str) -> Any:
    return json.loads(text, parse_float=_finite, parse_constant=_no_constant)


def _json_problem(e: Exception) -> str:
    if isinstance(e, json.JSONDecodeError):
        return e.msg
    if isinstance(e, RecursionError):
        return "nested too deeply"
    return "a number too long to read" if "digits" in str(e) else str(e)


def _too_deep(obj: dict[str, Any]) -> str:
    """The first column whose cell nests lists or objects deeper than MAX_CELL_DEPTH, or ''."""
    for key, value in obj.items():
        level = [value]
        for _depth in range(MAX_CELL_DEPTH + 1):
            level = [
                x for v in level if isinstance(v, (list, dict)) for x in (v.values() if isinstance(v, dict) else v)
            ]
            if not level:
                break
        else:
            return str(key)
    return ""


def _row(where: str, obj: Any) -> tuple[str, dict[str, Any]]:
    if not isinstance(obj, dict):
        return where, {ERR: "not a JSON object" if where.startswith("line") else "not an object"}
    deep = _too_deep(obj)
    if deep:
        return where, {ERR: f"column {deep!r}: nested more than {MAX_CELL_DEPTH} levels deep, not a value"}
    return where, obj


def _read_jsonl(text: str, name: str) -> Table:
    rows: list[tuple[str, dict[str, Any]]] = []
    columns: dict[str, None] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = _loads(line)
        except (ValueError, RecursionError) as e:
            rows.append((f"line {n}", {ERR: f"not valid JSON: {_json_problem(e)}"}))
            continue
        where, row = _row(f"line {n}", obj)
        if ERR not in row:
            columns.update(dict.fromkeys(row))
        rows.append((where, row))
    return Table(name, list(columns), rows)


def _read_json(text: str, name: str) -> Table:
    try:
        data = _loads(text)
    except json.JSONDecodeError as e:
        raise DataError(f"{name}: line {e.lineno}: not valid JSON: {e.msg}") from None
    except (ValueError, RecursionError) as e:  # an integer of 4,300+ digits, NaN, 1e999, brackets nested too deep
        raise DataError(f"{name}: not valid JSON: {_json_problem(e)}") from None
    sources: list = []
    if isinstance(data, dict):
        # {"sources": [...], "events": [...]}: an export that brings its own sources
        kinds = [k for k in data if k in KINDS]
        if not kinds or len([k for k in kinds if k != "sources"]) > 1:
            raise DataError(f"{name}: expected an array of objects, or an object with 'sources' and one record kind")
        sources = _items(data.get("sources", []), name, "sources")
        rest = [k for k in kinds if k != "sources"]
        items = _items(data[rest[0]], name, rest[0]) if rest else []
    elif isinstance(data, list):
        items = _items(data, name, "")
    else:
        raise DataError(f"{name}: expected an array of objects")
    columns: dict[str, None] = {}
    for _w, obj in items:
        columns.update(dict.fromkeys(k for k in obj if k != ERR))
    return Table(name, list(columns), items, sources=sources)


def _items(arr: Any, name: str, key: str) -> list[tuple[str, dict[str, Any]]]:
    if not isinstance(arr, list):
        raise DataError(f"{name}: {key or 'the top level'} must be an array of objects")
    label = f"{key} item" if key else "item"
    return [_row(f"{label} {n}", o) for n, o in enumerate(arr, 1)]
