"""Bulk import: rows of a CSV, TSV, JSON, JSON Lines or Excel file become the user's own records.

The steps, each usable from Python:

- ``read_table(path, ...)`` reads the file into a ``Table`` (header, and rows with the line or row
  number they came from), handling BOMs, CRLF and bare CR, Windows-1252 and UTF-16.
- ``plan(table, ...)`` maps columns to fields, cleans values, gives every row a stable id, and
  validates every record with the same validator as every fact file. It writes nothing.
- ``run(table, ...)`` plans and writes the import's own JSON fact file (``facts/import-NAME.json``)
  atomically, under the same lock as ``hrcli add``.

Ids not given by the file are derived from the row's whole content as read (every column, mapped or
not), so importing the same file twice adds nothing the second time. An id that exists with other
content is a conflict, reported and never overwritten unless ``replace=True``.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import loader, paths
from .errors import DataError, UsageError, did_you_mean
from .model import FACT_KINDS
from .safefile import MAX_INPUT_BYTES
from .validate import SCHEMA

__all__ = ["Table", "Plan", "FORMATS", "KINDS", "MAX_BYTES", "read_table", "plan", "run", "write", "imports", "forget"]

FORMATS = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}
FORMATS[".xlsx"] = "xlsx"
KINDS = (*FACT_KINDS, "stats", "sources")  # what an import may hold: no conflicts
# the one input limit, as for fact files: the whole UPR record of all states is ~60 MB
MAX_BYTES = MAX_INPUT_BYTES
PREFIX = "import-"
_ERR = "\x00error"  # a row that could not be read at all carries its reason under this key

# header words that mean a field under another name (after lower-casing and joining words with "_")
ALIASES = {"source_id": "source", "topic": "topics", "record_id": "id"}
_SPLIT = re.compile(r"\s*[;,]\s*")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:[,\u00a0\u202f' ]\d{3})+(?:\.\d+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d{1,2}")
_DOTTED_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_SLASHED_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{2,4}")


@dataclass
class Table:
    """A file's rows as text cells: ``rows`` are (where, {column: value}); ``where`` is 'line N' or 'row N'."""

    name: str
    columns: list[str]
    rows: list[tuple[str, dict[str, Any]]]
    # an Excel workbook or a JSON object may bring its own sources alongside the records
    sources: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    encoding: str = "utf-8"


@dataclass
class Plan:
    """What an import would do. ``problems`` are 'where: field: reason' lines; nothing is written if any."""

    name: str
    kind: str
    target: Path
    add: dict[str, list[dict]]  # kind -> records to add
    replace: dict[str, list[dict]]
    unchanged: int
    repeated: int
    ignored: list[str]
    problems: list[str]
    keep: dict[str, list[dict]]  # records already in this import's file (kept; replaced ones updated in place)
    where: dict[str, str]  # record id -> line/row it came from

    @property
    def added(self) -> int:
        return sum(len(v) for v in self.add.values())

    @property
    def replaced(self) -> int:
        return sum(len(v) for v in self.replace.values())


# -- reading -----------------------------------------------------------------------------------------


def detect_format(path: Path, given: str | None) -> str:
    if given:
        return given
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UsageError(
            f"cannot tell the format of {path.name} from its extension;"
            " give --from-format csv, tsv, json, jsonl or xlsx"
        )
    return fmt


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, through the same bounded, non-blocking reader as every fact file."""
    from .safefile import display, read_bytes

    try:
        return read_bytes(path, MAX_BYTES)
    except OSError as e:
        raise DataError(f"{display(path)}: cannot read: {e.strerror or e}") from None


def decode(raw: bytes, encoding: str | None, name: str) -> tuple[str, str]:
    """Text and the encoding used: the one given, else a BOM's, else UTF-8, else UTF-16 or Windows-1252."""
    import codecs

    if encoding:
        try:
            return raw.decode(encoding), encoding
        except LookupError:
            raise UsageError(f"unknown encoding {encoding!r}; try utf-8, cp1252, utf-16 or latin-1") from None
        except UnicodeDecodeError as e:
            raise DataError(f"{name}: not {encoding} text (bad byte at offset {e.start})") from None
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


def read_table(path: Path, fmt: str | None = None, encoding: str | None = None, sheet: str | None = None) -> Table:
    """Read a file into a Table. Raises DataError (unreadable, malformed) or UsageError (bad options)."""
    path = Path(path)
    raw = _read_bytes(path)  # first: a folder or FIFO is named as such, whatever its extension
    fmt = detect_format(path, fmt)
    if fmt == "xlsx":
        return _read_xlsx(raw, path.name, sheet)
    if sheet:
        raise UsageError("--sheet is for .xlsx files")
    text, enc = decode(raw, encoding, path.name)
    if fmt in ("csv", "tsv"):
        table = _read_delimited(text, path.name, "\t" if fmt == "tsv" else None)
    elif fmt == "jsonl":
        table = _read_jsonl(text, path.name)
    else:
        table = _read_json(text, path.name)
    table.encoding = enc
    return table


def _read_delimited(text: str, name: str, delimiter: str | None) -> Table:
    import csv
    import io

    if delimiter is None:
        first = text.split("\n", 1)[0].split("\r", 1)[0]
        # spreadsheets in locales with a decimal comma save CSV with ';' between cells
        delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
        if header is None:
            return Table(name, [], [])
        columns = [h.strip().lstrip("\ufeff") for h in header]
        _check_header(columns, name)
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
                    rows.append((where, {_ERR: f"{len(cells)} cells but the header has {len(columns)}"}))
                    continue
            rows.append((where, dict(zip(columns, cells, strict=False))))
    except csv.Error as e:
        raise DataError(f"{name}: line {reader.line_num}: not valid CSV: {e}") from None
    return Table(name, columns, rows)


def _check_header(columns: list[str], name: str) -> None:
    seen: dict[str, str] = {}
    for c in columns:
        key = norm(c)
        if not key:
            continue
        if key in seen:
            raise DataError(f"{name}: columns {seen[key]!r} and {c!r} have the same name")
        seen[key] = c


def _read_jsonl(text: str, name: str) -> Table:
    rows: list[tuple[str, dict[str, Any]]] = []
    columns: dict[str, None] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except (ValueError, RecursionError) as e:
            msg = _json_problem(e)
            rows.append((f"line {n}", {_ERR: f"not valid JSON: {msg}"}))
            continue
        if not isinstance(obj, dict):
            rows.append((f"line {n}", {_ERR: "not a JSON object"}))
            continue
        columns.update(dict.fromkeys(obj))
        rows.append((f"line {n}", obj))
    return Table(name, list(columns), rows)


def _json_problem(e: Exception) -> str:
    if isinstance(e, json.JSONDecodeError):
        return e.msg
    if isinstance(e, RecursionError):
        return "nested too deeply"
    return "a number too long to read" if "digits" in str(e) else str(e)


def _read_json(text: str, name: str) -> Table:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise DataError(f"{name}: line {e.lineno}: not valid JSON: {e.msg}") from None
    except (ValueError, RecursionError) as e:  # an integer of 4,300+ digits, or brackets nested too deep
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
        columns.update(dict.fromkeys(k for k in obj if k != _ERR))
    return Table(name, list(columns), items, sources=sources)


def _items(arr: Any, name: str, key: str) -> list[tuple[str, dict[str, Any]]]:
    if not isinstance(arr, list):
        raise DataError(f"{name}: {key or 'the top level'} must be an array of objects")
    label = f"{key} item" if key else "item"
    return [(f"{label} {n}", o if isinstance(o, dict) else {_ERR: "not an object"}) for n, o in enumerate(arr, 1)]


def _read_xlsx(raw: bytes, name: str, sheet: str | None) -> Table:
    try:
        import openpyxl  # only this path needs it: start-up of every other command is unchanged
    except ImportError:  # pragma: no cover - a dependency of hrcli
        raise DataError("reading .xlsx needs the openpyxl package: pip install openpyxl") from None
    import io
    import zipfile

    try:
        wb = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
        raise DataError(f"{name}: not a readable .xlsx workbook ({e})") from None
    try:
        names = wb.sheetnames
        if sheet is not None and sheet not in names:
            raise did_you_mean(sheet, names, "sheet")
        ws = wb[sheet] if sheet is not None else wb.worksheets[0]
        columns, rows = _sheet_rows(ws, name)
        sources: list = []
        src_sheet = next((n for n in names if n.strip().lower() == "sources"), None)
        if src_sheet is not None and src_sheet != ws.title:
            _cols, sources = _sheet_rows(wb[src_sheet], name, label=f"{src_sheet} row")
    finally:
        wb.close()
    return Table(name, columns, rows, sources=sources, encoding="xlsx")


def _sheet_rows(ws: Any, name: str, label: str = "row") -> tuple[list[str], list[tuple[str, dict[str, Any]]]]:
    it = ws.iter_rows(values_only=True)
    header = next(it, None)
    if header is None:
        return [], []
    columns = ["" if h is None else str(h).strip() for h in header]
    while columns and not columns[-1]:
        columns.pop()
    _check_header(columns, name)
    rows = []
    for n, cells in enumerate(it, 2):
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue
        rows.append((f"{label} {n}", {c: v for c, v in zip(columns, cells, strict=False) if c}))
    return columns, rows


# -- mapping and cleaning ----------------------------------------------------------------------------


def norm(header: str) -> str:
    """A header as a field name: case-, space- and punctuation-insensitive ('Source ID' -> 'source_id')."""
    return re.sub(r"[^0-9a-z]+", "_", header.strip().lower()).strip("_")


def parse_pairs(pairs: list[str] | None, flag: str) -> list[tuple[str, str]]:
    out = []
    for p in pairs or ():
        if "=" not in p:
            raise UsageError(f"{flag} wants NAME=VALUE, not {p!r}")
        k, v = p.split("=", 1)
        out.append((k.strip(), v.strip()))
    return out


def column_map(columns: list[str], kind: str, explicit: list[tuple[str, str]]) -> tuple[dict[str, str], list[str]]:
    """Column -> field for one kind, and the columns that map to nothing (ignored, but part of the id)."""
    fields = _fields(kind)
    by_norm = {norm(c): c for c in columns}
    mapping: dict[str, str] = {}
    for col, fld in explicit:
        if fld not in fields:
            raise did_you_mean(fld, fields, f"field for {kind}")
        actual = col if col in columns else by_norm.get(norm(col))
        if actual is None:
            if not columns:
                raise UsageError(f"no column {col!r}: the file has no header row")
            raise did_you_mean(col, columns, "column")
        mapping[actual] = fld
    taken = set(mapping.values())
    for c in columns:
        if c in mapping:
            continue
        key = norm(c)
        fld = key if key in fields else ALIASES.get(key, key)
        if fld in fields and fld not in taken:
            mapping[c] = fld
            taken.add(fld)
    ignored = [c for c in columns if c not in mapping and c]
    return mapping, ignored


def _fields(kind: str) -> list[str]:
    # conflicts are judgements, not rows: they are not importable; `derived` belongs to conflict sides
    return [f for f in SCHEMA[kind] if f != "sides"]


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, (list, tuple)):
        return "; ".join(_text(x) for x in v)
    import datetime as dt

    if isinstance(v, dt.datetime):
        return v.date().isoformat() if (v.hour, v.minute, v.second) == (0, 0, 0) else v.isoformat(timespec="minutes")
    if isinstance(v, dt.date):
        return v.isoformat()
    s = str(v).replace("\r\n", "\n").replace("\r", "\n")
    return s.strip()


def _number(v: Any) -> int | float | str:
    """A spreadsheet cell as a number: thousands separators and a decimal comma understood; else the text."""
    if isinstance(v, bool):
        return _text(v)
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        return int(v) if v.is_integer() else v
    s = _text(v).replace("\u2212", "-")
    if s.endswith("%"):
        s = s[:-1].strip()
    if _THOUSANDS.fullmatch(s):
        s = re.sub(r"[,\u00a0\u202f' ]", "", s)
    elif _DECIMAL_COMMA.fullmatch(s):
        s = s.replace(",", ".")
    try:
        return int(s)
    except ValueError:
        pass
    try:
        f = float(s)
    except ValueError:
        return _text(v)
    import math

    return f if math.isfinite(f) else _text(v)


def _date(v: Any) -> str:
    import datetime as dt

    if isinstance(v, (dt.date, dt.datetime)):
        return _text(v)
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        n = int(v)
        if n == v and 1000 <= n <= 2999:
            return str(n)  # a year typed as a number
        if n == v and 2999 < n < 2958466:
            # an Excel serial day number (the cell lost its date format)
            return (dt.date(1899, 12, 30) + dt.timedelta(days=n)).isoformat()
    s = _text(v)
    m = _DOTTED_DATE.fullmatch(s)
    if m:  # 12.05.2023: day.month.year, the only order written with dots
        d, mo, y = (int(x) for x in m.groups())
        try:
            return dt.date(y, mo, d).isoformat()
        except ValueError:
            return s
    return s


def clean_record(raw: dict[str, Any], mapping: dict[str, str], kind: str, preset: dict[str, str]) -> dict[str, Any]:
    """One row as a record of ``kind``: mapped, cleaned, with --set values where the row has none."""
    rec: dict[str, Any] = {}
    for col, fld in mapping.items():
        v = raw.get(col)
        if fld == "topics":
            items = v if isinstance(v, list) else _SPLIT.split(_text(v))
            val: Any = [_text(t).lower() for t in items if _text(t)]
        elif fld == "value":
            val = _number(v)
        elif fld == "date":
            val = _date(v)
        else:
            val = _text(v)
        if val not in ("", [], None):
            rec[fld] = val
    for fld, val in preset.items():
        if fld not in rec and val != "":
            rec[fld] = _SPLIT.split(val) if fld == "topics" else (_number(val) if fld == "value" else val)
    if kind == "stats" and "value" in rec and "unit" not in rec:
        raw_v = next((raw.get(c) for c, f in mapping.items() if f == "value"), None)
        if isinstance(raw_v, str) and raw_v.strip().endswith("%"):
            rec["unit"] = "percent"
    return rec


def row_id(name: str, kind: str, raw: dict[str, Any]) -> str:
    """A stable id from the row's whole content as read: every column, mapped or not, in any order."""
    cells = sorted((norm(str(k)), _text(v)) for k, v in raw.items())
    digest = hashlib.sha256(json.dumps([kind, cells], ensure_ascii=False).encode("utf-8")).hexdigest()
    return f"i-{slug(name)[:24].strip('-')}-{digest[:16]}"


def slug(name: str) -> str:
    return re.sub(r"[^0-9a-z]+", "-", name.lower()).strip("-") or "import"


def target_for(name: str) -> Path:
    """The fact file an import of ``name`` writes: one per imported file name."""
    return paths.facts_dir() / f"{PREFIX}{slug(name)}.json"


def canon(kind: str, rec: dict[str, Any]) -> dict[str, Any]:
    """A record's stored fields, for comparing the same id across imports (defaults dropped)."""
    out = {}
    for k in SCHEMA[kind]:
        v = rec.get(k)
        if isinstance(v, tuple):
            v = list(v)
        if v in (None, "", [], ()):
            continue
        if k == "status" and kind == "events" and v == "done":
            continue
        out[k] = v
    return out


# -- planning -------------------------------------------------------------------------------------------


def plan(
    table: Table,
    kind: str = "events",
    mapping: list[tuple[str, str]] | None = None,
    preset: list[tuple[str, str]] | None = None,
    replace: bool = False,
) -> Plan:
    """Everything an import would do, validated against every fact file as it stands; writes nothing.

    Raises FactFileError if the user's existing files are broken (fix those first, as for ``add``).
    """
    from .validate import check

    if kind not in KINDS:
        raise did_you_mean(kind, KINDS, "kind")
    fields = _fields(kind)
    presets = dict(preset or ())
    for fld in presets:
        if fld not in fields:
            raise did_you_mean(fld, fields, f"field for {kind}")
    target = target_for(table.name)
    problems: list[str] = []
    where: dict[str, str] = {}

    # the state as it stands: every file validated, and what this import's own file already holds
    files = loader.inputs()
    existing = loader.read_files(files)
    own = _own_records(target) if target.exists() else {}
    own_ids = {r["id"] for rs in own.values() for r in rs}
    by_id = {r["id"]: (k, r) for k, rs in existing.items() for r in rs}

    batches = []
    if table.sources and kind != "sources":
        src_map, src_ignored = column_map(_columns(table.sources), "sources", [])
        batches.append(("sources", table.sources, src_map, src_ignored, {}))
    col_map, ignored = column_map(table.columns, kind, mapping or [])
    batches.append((kind, table.rows, col_map, ignored, presets))

    add: dict[str, list[dict]] = {}
    repl: dict[str, list[dict]] = {}
    unchanged = repeated = 0
    for k, rows, cmap, _ign, pre in batches:
        seen_here: dict[str, tuple[str, dict]] = {}
        for w, raw in rows:
            if _ERR in raw:
                problems.append(f"{w}: {raw[_ERR]}")
                continue
            rec = clean_record(raw, cmap, k, pre)
            rid = rec.get("id") or row_id(table.name, k, raw)
            rec = {"id": rid, **{f: v for f, v in rec.items() if f != "id"}}
            if rid in seen_here:
                first_where, first = seen_here[rid]
                if canon(k, first) == canon(k, rec):
                    repeated += 1  # the same row twice: one record
                else:
                    problems.append(f"{w}: field 'id': {rid!r} is also the id of {first_where}, with other content")
                continue
            seen_here[rid] = (w, rec)
            where[rid] = w
            old = by_id.get(rid)
            if old is not None:
                old_kind, old_rec = old
                if old_kind == k and canon(k, old_rec) == canon(k, rec):
                    unchanged += 1
                    continue
                if rid in own_ids and old_kind == k and replace:
                    repl.setdefault(k, []).append(rec)
                    continue
                if rid in own_ids and old_kind == k:
                    problems.append(
                        f"{w}: field 'id': {rid!r} was imported before with other content; --replace overwrites it"
                    )
                else:
                    origin = "a bundled record" if old_rec.get("origin") == "bundled" else "a record in your files"
                    problems.append(f"{w}: field 'id': {rid!r} is already the id of {origin}")
                continue
            add.setdefault(k, []).append(rec)

    # the same validator as every fact file, against every source and id that exists
    sources = {r["id"] for r in existing.get("sources", [])}
    taken = set(by_id)
    new = {k: list(v) for k, v in add.items()}
    for k, rs in repl.items():
        new.setdefault(k, []).extend(rs)
        taken -= {r["id"] for r in rs}
    probs, _ok = check(new, str(target), "", sources, taken, origin="user")
    dates = {r["id"]: r.get("date") for rs in new.values() for r in rs}
    for p in probs:
        at = where.get(p.record or "", p.record or "?")
        msg = p.message
        if p.field == "date" and _SLASHED_DATE.fullmatch(str(dates.get(p.record or "") or "")):
            msg += "; write it as 2023-05-12 (in 12/05/2023 the order of day and month is unknown)"
        problems.append(f"{at}: {('field ' + repr(p.field) + ': ') if p.field else ''}{msg}")

    all_ignored = list(dict.fromkeys(c for _k, _r, _m, ign, _p in batches for c in ign))
    return Plan(table.name, kind, target, add, repl, unchanged, repeated, all_ignored, problems, own, where)


def _columns(rows: list[tuple[str, dict[str, Any]]]) -> list[str]:
    cols: dict[str, None] = {}
    for _w, r in rows:
        cols.update(dict.fromkeys(c for c in r if c != _ERR))
    return list(cols)


def _own_records(target: Path) -> dict[str, list[dict]]:
    """The records an earlier import of the same file wrote, as stored."""
    data = loader.parse(target, loader.read_text(target))
    return {k: list(data.get(k, [])) for k in ("sources", *KINDS) if isinstance(data.get(k), list)}


# -- writing --------------------------------------------------------------------------------------------


def dump(name: str, fmt: str, records: dict[str, list[dict]]) -> bytes:
    """A JSON fact file, one record per line, so problems can name the line of a record."""
    import datetime as dt

    head = {
        "schema": 1,
        "import": {
            "file": name,
            "format": fmt,
            "imported": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        },
    }
    parts = [json.dumps(head, ensure_ascii=False)[:-1]]
    for k in ("sources", *FACT_KINDS, "stats"):
        rs = records.get(k)
        if not rs:
            continue
        body = ",\n".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in rs)
        parts.append(f',\n"{k}":[\n{body}\n]')
    parts.append("}\n")
    return "".join(parts).encode("utf-8")


def run(
    table: Table,
    kind: str = "events",
    mapping=None,
    preset=None,
    replace: bool = False,
    fmt: str = "csv",
    dry_run: bool = False,
) -> Plan:
    """Plan and, unless ``dry_run`` or any row has a problem, write the import: all under the same lock
    as ``hrcli add``, so parallel imports and adds see each other's work and lose nothing."""
    from . import writer

    with writer.locked(paths.facts_dir()):
        p = plan(table, kind, mapping, preset, replace)
        if not p.problems and not dry_run:
            write(p, fmt)
    return p


def write(p: Plan, fmt: str) -> Path:
    """Write a planned import's fact file: earlier records of the same file kept, replaced ones updated.

    Call it holding ``writer.locked(paths.facts_dir())``, with a plan made under that same lock (``run``).
    """
    from . import writer

    if p.problems:
        raise DataError("the import has problems; nothing written")
    if not p.added and not p.replaced:
        return p.target
    replaced = {r["id"]: r for rs in p.replace.values() for r in rs}
    merged: dict[str, list[dict]] = {}
    for k in ("sources", *KINDS):
        rs = [replaced.get(r["id"], r) for r in p.keep.get(k, [])]
        rs += p.add.get(k, [])
        if rs:
            merged[k] = rs
    writer.write_atomic(p.target, dump(p.name, fmt, merged))
    return p.target


def imports() -> list[dict[str, Any]]:
    """The user's imports: name, file, when, and how many records of each kind."""
    out = []
    for path in loader.user_files(paths.facts_dir()):
        if not (path.name.startswith(PREFIX) and path.suffix == ".json"):
            continue
        try:
            data = loader.parse(path, loader.read_text(path))
        except loader.FactFileError:
            continue
        meta = data.get("import") if isinstance(data, dict) else None
        if not isinstance(meta, dict):
            continue
        counts = {k: len(data[k]) for k in KINDS if isinstance(data.get(k), list) and data[k]}
        out.append(
            {
                "name": str(meta.get("file", "")),
                "file": str(path),
                "format": meta.get("format"),
                "imported": meta.get("imported"),
                "records": sum(counts.values()),
                "kinds": ",".join(f"{k}:{n}" for k, n in counts.items()),
            }
        )
    return out


def remove_record(record_id: str, path: Path) -> str:
    """Remove one record from an import's file (``path``); returns its kind. Refuses if still cited."""
    from . import writer

    with writer.locked(path.parent):
        data = loader.parse(path, loader.read_text(path))
        meta = data.get("import") if isinstance(data.get("import"), dict) else {}
        records = {k: list(data.get(k, [])) for k in KINDS if isinstance(data.get(k), list)}
        kind = next((k for k, rs in records.items() if any(r.get("id") == record_id for r in rs)), None)
        if kind is None:
            raise DataError(f"{record_id!r} is not in {path}")
        records[kind] = [r for r in records[kind] if r.get("id") != record_id]
        payload = dump(str(meta.get("file", path.stem)), str(meta.get("format", "")), records)
        # the state without the record must still be valid (nothing else may cite it)
        try:
            loader.read_files(loader.inputs(), overrides={path: payload.decode("utf-8")})
        except loader.FactFileError as e:
            first = "; ".join(str(p) for p in e.problems[:3])
            raise UsageError(f"{record_id!r} is still cited: {first}") from None
        writer.write_atomic(path, payload)
    return kind


def forget(name: str) -> dict[str, Any]:
    """Remove one import (by the imported file's name, or its import file's name). Refuses if still cited."""
    from . import writer

    known = imports()
    hit = [i for i in known if name in (i["name"], Path(i["file"]).name, Path(i["file"]).stem)]
    if not hit:
        hit = [i for i in known if slug(name) == slug(i["name"])]
    if not hit:
        raise did_you_mean(name, [i["name"] for i in known] or ["(no imports)"], "import")
    imp = hit[0]
    path = Path(imp["file"])
    with writer.locked(path.parent):
        rest = [(p, origin) for p, origin in loader.inputs() if p != path]
        try:
            loader.read_files(rest)
        except loader.FactFileError as e:
            first = "; ".join(str(p) for p in e.problems[:3])
            raise UsageError(f"other records still cite what import {imp['name']!r} brought: {first}") from None
        try:
            path.unlink()
        except OSError as e:
            raise DataError(f"{path}: cannot remove: {e.strerror or e}") from None
    return imp
