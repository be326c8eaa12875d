"""Readers: the bytes of a CSV, TSV, JSON, JSON Lines or Excel (.xlsx, .xls) file become a ``Table`` that streams.

``read_table(path, ...)`` reads a file on disk through the bounded reader every fact file uses,
``rows_from_file(fp, format, ...)`` any binary file object (an open file, ``io.BytesIO``, stdin); see
``stream`` for when bytes are held in memory and when read again. A pass over CSV, TSV, JSON Lines or a
workbook's sheet holds one row at a time; JSON (an array, or an object with 'sources' and one kind) is
parsed whole (at most MAX_BYTES), or the arrays a ``json_path`` reaches in it. Text is decoded as given,
else from a BOM, UTF-16, UTF-8, or Windows-1252 or Mac Roman as ``charset`` tells them apart; BOMs, CRLF and
bare CR are understood. A title row above the header (``header``) and notes under the rows
(``table.without_footer``) are not rows. A problem in the header is raised by the reader; a
row that cannot be parsed at all (not valid CSV) raises when a pass reaches it.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import DataError, UsageError, did_you_mean
from ..formats import INPUT, INPUT_SUFFIXES
from .header import TITLE_ROWS, filled, header_index, known, title_text
from .stream import Source, choose, path_source, spool
from .table import ERR, KINDS, Line, Row, Table, check_header, distinct, without_footer

# a JSON cell holding lists in lists deeper than this is no value a record can take
MAX_CELL_DEPTH = 8


def _choices() -> str:
    return f"{', '.join(INPUT[:-1])} or {INPUT[-1]}"


def detect_format(path: Path, given: str | None = None) -> str:
    """The input format: ``given`` (checked against hrcli.formats.INPUT), else from the file's extension."""
    if given:
        return _known(given)
    fmt = INPUT_SUFFIXES.get(Path(path).suffix.lower())
    if fmt is None:
        raise UsageError(
            f"cannot tell the format of {Path(path).name} from its extension; give --from-format {_choices()}"
        )
    return fmt


def _text_table(src: Source, path: Path) -> str:
    """A .txt file's format from its first line: 'tsv' with a TAB in it (Excel's "Unicode Text" save: UTF-16
    with a BOM; its "Text (Tab delimited)"), else '' (the extension decides: a usage error)."""
    import codecs

    if Path(path).suffix.lower() != ".txt":
        return ""
    with src.reading() as fh:
        head = fh.read(4096)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = head[: len(head) // 2 * 2].decode("utf-16", errors="replace")
    else:
        text = head.decode("latin-1")  # the delimiters are ASCII in every encoding sniffed here but UTF-16
    line = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    return "tsv" if "\t" in line else ""


def _known(fmt: str) -> str:
    if fmt not in INPUT:
        raise did_you_mean(fmt, sorted(INPUT), "import format")
    return fmt


def read_table(
    path: Path,
    fmt: str | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
    json_path: str | None = None,
) -> Table:
    """Read a file into a Table. Raises DataError (unreadable, malformed) or UsageError (bad options)."""
    path = Path(path)
    if fmt:
        _known(fmt)  # an unknown --from-format is a usage error before any reading
    src = path_source(path)
    fmt = fmt or _text_table(src, path) or detect_format(path)
    if sheet and fmt not in ("xlsx", "xls"):
        raise UsageError("--sheet is for .xlsx and .xls files")
    if json_path and fmt != "json":
        raise UsageError("--json-path is for JSON files")
    table = _read(src, fmt, path.name, encoding, sheet, json_path)
    table.path = str(path.resolve())
    return table


def rows_from_file(
    fp: BinaryIO,
    format: str,
    name: str = "<input>",
    encoding: str | None = None,
    sheet: str | None = None,
    json_path: str | None = None,
) -> Table:
    """Read a binary file object of one input ``format`` into a Table named ``name`` (for messages and ids).

    The stream is read to its end now, into a copy the table owns (see the module docstring).
    """
    fmt = _known(format)
    if sheet and fmt not in ("xlsx", "xls"):
        raise UsageError("--sheet is for .xlsx and .xls files")
    if json_path and fmt != "json":
        raise UsageError("--json-path is for JSON files")
    return _read(spool(fp, name), fmt, name, encoding, sheet, json_path)


# how a workbook's bytes begin: OLE2 (BIFF8 .xls), a bare BIFF2-5 stream's BOF record, a zip (.xlsx)
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BIFF_BOF = (b"\x09\x00", b"\x09\x02", b"\x09\x04", b"\x09\x08")
_ZIP = b"PK\x03\x04"
_SNIFF = 4096  # bytes looked at to tell a workbook from text


def _sniff(src: Source) -> str:
    """What a file named as a workbook holds, from its first bytes: 'xls', 'xlsx', 'html' (a web page or XML
    saved under a workbook's name), 'csv' or 'tsv' (text), or '' (none of these: the workbook reader says why)."""
    with src.reading() as fh:
        head = fh.read(_SNIFF)
    if head.startswith(_OLE2) or head.startswith(_BIFF_BOF):
        return "xls"
    if head.startswith(_ZIP):
        return "xlsx"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text (Excel's 'Unicode text' is tab-separated)
        text = head.decode("utf-16", errors="ignore")
    elif b"\x00" in head:
        return ""
    else:
        text = head.decode("utf-8", errors="ignore") or head.decode("cp1252", errors="ignore")
    text = text.lstrip("\ufeff \t\r\n")
    if text.startswith("<"):
        return "html"
    if not text or not all(ch.isprintable() or ch in "\t\r\n" for ch in text):
        return ""
    line = text.splitlines()[0] if text.splitlines() else ""
    return "tsv" if line.count("\t") > max(line.count(","), line.count(";")) else "csv"


_AS_WORKBOOK = {"xls": "an Excel 97-2003 workbook (.xls)", "xlsx": "an Excel workbook (.xlsx)"}


def _read(
    src: Source, fmt: str, name: str, encoding: str | None, sheet: str | None, json_path: str | None = None
) -> Table:
    with src.reading() as fh:
        if not fh.read(1):
            raise DataError(f"{name}: the file is empty (0 bytes); nothing to import")
    if fmt in ("xls", "xlsx"):
        # a download saved under a workbook's name is often another thing: read what it is, and say so
        held = _sniff(src)
        if held == "html":
            raise DataError(
                f"{name}: a web page or XML, not {_AS_WORKBOOK[fmt]}; open it in a spreadsheet and save it as"
                " .xlsx or .csv"
            )
        if not held:
            raise DataError(
                f"{name}: not {_AS_WORKBOOK[fmt]}, nor text: it does not begin as either; check that the download"
                " is complete, or give --from-format"
            )
        if held and held != fmt:
            if sheet and held not in ("xls", "xlsx"):
                raise UsageError(f"{name} is {held.upper()} text, not a workbook: it has no sheets (--sheet)")
            what = _AS_WORKBOOK.get(held, f"{held.upper()} text")
            try:
                table = _read(src, held, name, encoding, sheet, json_path)
            except DataError as e:
                raise DataError(f"{e} (it is named .{fmt} but begins as {what})") from None
            table.read_note = f"is {what}, not {_AS_WORKBOOK[fmt]}: read as {held} (--from-format chooses another)"
            return table
    if fmt == "xlsx":
        from .xlsx import read_xlsx

        return read_xlsx(src, name, sheet)
    if fmt == "xls":
        from .xls import read_xls

        return read_xls(src, name, sheet)
    codec, enc, sure = choose(src, encoding, name)
    if fmt in ("csv", "tsv"):
        table = _read_delimited(src, codec, name, "\t" if fmt == "tsv" else None)
    elif fmt == "jsonl":
        table = _read_jsonl(src, codec, name)
    else:
        with src.reading() as fh:
            raw = fh.read()
        text = raw.decode(codec)  # checked by _choose
        del raw
        table = _read_json(text, name, json_path)
    table.encoding, table.format, table.unsure = enc, fmt, not sure
    return table


def decode(raw: bytes, encoding: str | None, name: str) -> tuple[str, str]:
    """Text and the encoding used: the one given, else a BOM's, else UTF-8, else UTF-16 or Windows-1252."""
    codec, enc, _sure = choose(Source(lambda: io.BytesIO(raw), name), encoding, name)
    return raw.decode(codec), enc


def _read_delimited(src: Source, codec: str, name: str, delimiter: str | None) -> Table:
    import csv
    from itertools import chain

    with src.text(codec, name) as text:
        first: list[str] = []  # up to the first line with a ',' or ';' (a title row above the header may have none)
        for line in text:  # a line ends at CR, LF or CRLF
            first.append(line)
            if ";" in line or "," in line or "\t" in line or len(first) >= TITLE_ROWS:
                break
        if delimiter is None:
            # spreadsheets in locales with a decimal comma save CSV with ';' between cells, and Excel's
            # "Unicode Text" (often renamed .csv) has TABs
            line = first[-1] if first else ""
            counts = {",": line.count(","), ";": line.count(";"), "\t": line.count("\t")}
            delimiter = max(counts, key=lambda d: counts[d]) if max(counts.values()) else ","
        reader = csv.reader(_no_bom(chain(first, text)), delimiter=delimiter)
        top: list[list[str]] = []
        try:
            for cells in reader:
                top.append([c.strip() for c in cells])
                if len(top) >= TITLE_ROWS or (filled(top[0]) >= 2 and known(top[0])):
                    break  # a first row of known names is the header: read no further now
        except csv.Error as e:
            if not top:
                raise DataError(f"{name}: line {reader.line_num}: not valid CSV: {e}") from None
            # the pass that reaches this row says so
    if not top:
        return Table(name, [], [])
    skip = header_index(top)  # rows above the header: a title
    header = [h.lstrip("\ufeff") for h in top[skip]]
    columns = distinct(header)  # a second 'Rgrp' is 'Rgrp (2)', as the workbook readers name it
    check_header(columns, name)
    sep = delimiter

    def cells_of() -> Iterator[Row | None]:
        with src.text(codec, name) as text:
            reader = csv.reader(_no_bom(text), delimiter=sep)
            try:
                for _ in range(skip + 1):
                    next(reader, None)  # the title rows and the header, read above
                last, width = reader.line_num, len(columns)
                for row, cells in enumerate(reader, skip + 2):  # the row a spreadsheet shows (header: skip + 1)
                    start, last = last + 1, reader.line_num
                    # joined, then stripped: one call for the row, not one per cell (a million rows)
                    if not "".join(cells).strip():
                        yield None
                        continue
                    where = Line(start, row)
                    if len(cells) == width and [c.strip() for c in cells] == header:
                        yield where, {ERR: "repeats the header row (were two files joined?)"}
                        continue
                    if len(cells) > width and "".join(cells[width:]).strip():
                        yield where, {ERR: f"{len(cells)} cells but the header has {width}"}
                        continue
                    yield where, dict(zip(columns, cells, strict=False))  # a short row: its cells
            except csv.Error as e:
                raise DataError(f"{name}: line {reader.line_num}: not valid CSV: {e}") from None

    def rows() -> Iterator[Row]:
        return without_footer(cells_of(), len(columns))

    table = Table(name, columns, reader=rows)
    table.title = title_text(top[:skip])
    return table


def _no_bom(lines: Iterable[str]) -> Iterator[str]:
    """Lines without a byte order mark at their start: two files joined have one at the start of the second,
    which would glue itself to the first cell (and keep a quoted cell's quotes)."""
    for line in lines:
        yield line[1:] if line.startswith("\ufeff") else line


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


def _read_jsonl(src: Source, codec: str, name: str) -> Table:
    def rows() -> Iterator[Row]:
        with src.text(codec, name) as text:
            n = 0
            for piece in text:  # up to CR, LF or CRLF; splitlines() then cuts where str.splitlines() would
                for line in piece.splitlines():
                    n += 1
                    if not line.strip():
                        continue
                    try:
                        obj = _loads(line)
                    except (ValueError, RecursionError) as e:
                        yield f"line {n}", {ERR: f"not valid JSON: {_json_problem(e)}"}
                        continue
                    yield _row(f"line {n}", obj)

    # the columns are every key of any row: one pass now collects them (and counts the rows)
    columns: dict[str, None] = {}
    count = 0
    for _where, row in rows():
        count += 1
        if ERR not in row:
            columns.update(dict.fromkeys(row))
    return Table(name, list(columns), reader=rows, count=count)


def _read_json(text: str, name: str, json_path: str | None = None) -> Table:
    try:
        data = _loads(text)
    except json.JSONDecodeError as e:
        raise DataError(f"{name}: line {e.lineno}: not valid JSON: {e.msg}") from None
    except (ValueError, RecursionError) as e:  # an integer of 4,300+ digits, NaN, 1e999, brackets nested too deep
        raise DataError(f"{name}: not valid JSON: {_json_problem(e)}") from None
    sources: list = []
    if json_path:
        items = _at_path(data, json_path, name)
    elif isinstance(data, dict):
        # {"sources": [...], "events": [...]}: an export that brings its own sources
        kinds = [k for k in data if k in KINDS]
        if not kinds or len([k for k in kinds if k != "sources"]) > 1:
            found = _arrays(data)
            shape = _one_shape(found) if not kinds else ""
            if shape:  # every array of rows in one place of one shape (cycles.3.recommendations, cycles.4...)
                table = _read_json(text, name, shape)
                table.found_at = shape
                return table
            hint = f"; its rows may be at {', '.join(found[:3])}: give --json-path PATH" if found else ""
            raise DataError(
                f"{name}: expected an array of objects, or an object with 'sources' and one record kind{hint}"
            )
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
    table = Table(name, list(columns), items, sources=sources)
    if isinstance(data, dict):  # what the object says of all its rows (a tracker's state_under_review)
        table.top = {k: v for k, v in data.items() if isinstance(v, (str, int, float)) and not isinstance(v, bool)}
    return table


# what an object on the way to the rows says of all of them (a tracker's cycle object: {"cycle": 3, "session":
# 36, "recommendations": [...]}): carried into each row that has no such column of its own
CARRIED = ("cycle", "session")


def _at_path(data: Any, path: str, name: str) -> list[tuple[str, dict[str, Any]]]:
    """The rows of the arrays ``path`` reaches: keys joined by '.', '*' for every key of an object (or item of
    an array), a number for an array's item (from 1). Each '*' over an object's keys puts the key it matched in
    a column named by the key before it, less a plural 's' ('cycles.*.recommendations': a row of cycles.3 has
    cycle = '3'), unless the row has that column. A '*' over an array names nothing: an item's position is no
    cycle. The 'cycle' and 'session' an object on the way says of itself are carried into its rows (they win
    over a key: {"cycles": [{"cycle": 3, "recommendations": [...]}]} gives cycle 3, never 1)."""
    steps = path.split(".")
    if not all(steps):
        raise UsageError(f"--json-path {path!r}: keys joined by '.', none empty (e.g. cycles.*.recommendations)")
    found: list[tuple[str, Any, dict[str, Any]]] = [("", data, _carried(data, {}))]
    for i, step in enumerate(steps):
        label = (steps[i - 1][:-1] if steps[i - 1].endswith("s") else steps[i - 1]) if i else "key"
        nxt = []
        for where, node, bound in found:
            named = False  # whether the step's key names the value it reaches (an object's key, not a position)
            if isinstance(node, dict):
                keys = list(node) if step == "*" else [step] if step in node else []
                pairs = [(k, node[k]) for k in keys]
                named = step == "*"
            elif isinstance(node, list):
                if step == "*":
                    pairs = [(str(n), v) for n, v in enumerate(node, 1)]
                elif step.isdigit() and 1 <= int(step) <= len(node):
                    pairs = [(step, node[int(step) - 1])]
                else:
                    pairs = []
            else:
                pairs = []
            for k, v in pairs:
                here = {**bound, label: k} if named else bound
                nxt.append((f"{where}.{k}" if where else k, v, _carried(v, here)))
        found = nxt
    if not found:
        raise DataError(f"{name}: --json-path {path}: nothing there")
    rows: list[tuple[str, dict[str, Any]]] = []
    for where, node, bound in found:
        for label, obj in _items(node, name, where):
            if ERR not in obj and bound:
                obj = {**{k: v for k, v in bound.items() if k not in obj}, **obj}
            rows.append((label, obj))
    return rows


def _carried(node: Any, bound: dict[str, Any]) -> dict[str, Any]:
    """``bound`` with the CARRIED values an object on the way to the rows gives of itself (numbers or text)."""
    if not isinstance(node, dict):
        return bound
    own = {k: v for k in CARRIED if isinstance(v := node.get(k), (str, int)) and not isinstance(v, bool) and v != ""}
    return {**bound, **own} if own else bound


def _arrays(data: Any, where: str = "", depth: int = 0) -> list[str]:
    """Paths to the arrays of objects inside a JSON object, a few levels down: what --json-path may name."""
    out: list[str] = []
    if depth > 4:
        return out
    if isinstance(data, dict):
        for k, v in data.items():
            at = f"{where}.{k}" if where else str(k)
            if isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
                # objects that each hold an array of objects ({"cycles": [{"cycle": 3, "recommendations": [...]}]})
                # are no rows: their arrays are (cycles.*.recommendations); where only some do, both are listed
                inner = [_arrays(x, f"{at}.*", depth + 1) for x in v]
                if any(inner):
                    out.extend(dict.fromkeys(p for paths in inner for p in paths))
                if not all(inner):
                    out.append(at)
            elif isinstance(v, dict):
                out.extend(_arrays(v, at, depth + 1))
            if len(out) >= 10:
                break
    return out


def _one_shape(found: list[str]) -> str:
    """The one path that reaches every array of rows ``_arrays`` found, where they differ in at most one key
    ('cycles.3.recommendations', 'cycles.4.recommendations' -> 'cycles.*.recommendations'); '' where they are
    not of one shape (or were too many to list all), and the user must say which with --json-path."""
    if not found or len(found) >= 10:
        return ""
    steps = [p.split(".") for p in found]
    if len({len(s) for s in steps}) != 1:
        return ""
    differ = [i for i in range(len(steps[0])) if len({s[i] for s in steps}) > 1]
    stars = {i for s in steps for i, part in enumerate(s) if part == "*"}  # an array's items, found by _arrays
    if len(differ) + len(stars - set(differ)) > 1 or any("*" in part and part != "*" for s in steps for part in s):
        return ""
    return ".".join("*" if i in differ else part for i, part in enumerate(steps[0]))


def _items(arr: Any, name: str, key: str) -> list[tuple[str, dict[str, Any]]]:
    if not isinstance(arr, list):
        raise DataError(f"{name}: {key or 'the top level'} must be an array of objects")
    label = f"{key} item" if key else "item"
    return [_row(f"{label} {n}", o) for n, o in enumerate(arr, 1)]
