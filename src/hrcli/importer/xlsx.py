"""The Excel reader, bounded: a workbook is a zip of XML, and a small one can unpack to gigabytes.

Before openpyxl sees a workbook, every XML part is streamed once through expat (no tree kept) and
the workbook is refused, in one line, when it passes any of these limits:

- ``MAX_UNPACKED``: the parts' uncompressed sizes, as the zip declares them and as actually read, and
  ``MAX_HELD`` for the parts openpyxl holds whole (all but the sheets, which are read a row at a time);
- ``MAX_SHARED_STRINGS``: entries in the shared-strings table (openpyxl holds them all in memory);
- ``MAX_CELLS``: cells written in all its sheets together;
- ``MAX_ROW`` / ``MAX_COLUMN``: Excel's own last row and column (a row numbered 2,000,000,000 would
  otherwise make the reader walk every missing row before it);
- ``MAX_GRID``: rows x header columns the reader walks in one sheet.

XML that does not parse, or that declares a DTD (entity expansion), is refused too.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, BinaryIO

from ..errors import DataError, did_you_mean
from .header import TITLE_ROWS, header_index, title_text
from .table import ERR, Row, Table, check_header, distinct, without_footer

if TYPE_CHECKING:
    from .stream import Source

# bytes, all parts together. The sheet is read a row at a time, so this bounds time, not memory: a sheet of
# Excel's last row in a dozen text columns unpacks to about 1 GiB
MAX_UNPACKED = 2 * 1024 * 1024 * 1024
# bytes of the parts openpyxl reads whole (shared strings, styles, the workbook itself): every part but the sheets
MAX_HELD = 256 * 1024 * 1024
MAX_PARTS = 10_000
MAX_SHARED_STRINGS = 1_000_000
MAX_CELLS = 20_000_000  # Excel's last row in 19 columns
MAX_ROW = 1_048_576  # Excel's last row
MAX_COLUMN = 16_384  # Excel's last column, XFD
MAX_GRID = 50_000_000


class _Refused(Exception):
    """Raised inside an expat handler to stop the scan; carries the one-line reason."""


def _col(ref: str) -> int:
    n = 0
    for ch in ref:
        if not ch.isalpha():
            break
        n = n * 26 + (ord(ch.upper()) - 64)
        if n > MAX_COLUMN:
            break
    return n


class _Counted:
    """A part's stream that counts what is actually read, against the workbook's whole allowance."""

    def __init__(self, fh: Any, budget: list[int], held: list[int] | None = None):
        self.fh, self.budget, self.held = fh, budget, held

    def read(self, n: int = -1) -> bytes:
        data = self.fh.read(n if n and n > 0 else 1 << 16)
        self.budget[0] -= len(data)
        if self.budget[0] < 0:
            raise _Refused(f"unpacks to more than {MAX_UNPACKED // (1 << 20)} MiB")
        if self.held is not None:
            self.held[0] -= len(data)
            if self.held[0] < 0:
                raise _Refused(f"unpacks to more than {MAX_HELD // (1 << 20)} MiB outside its sheets")
        return data


def _is_sheet(name: str) -> bool:
    return name.lower().startswith("xl/worksheets/") and name.lower().endswith(".xml")


def _scan(zf: Any) -> int:
    """Check every XML part against the limits; the highest row number any sheet uses."""
    from xml.parsers import expat

    infos = zf.infolist()
    if len(infos) > MAX_PARTS:
        raise _Refused(f"holds {len(infos)} parts, more than {MAX_PARTS:,}")
    declared = sum(i.file_size for i in infos)
    if declared > MAX_UNPACKED:
        raise _Refused(f"unpacks to {declared:,} bytes, more than {MAX_UNPACKED // (1 << 20)} MiB")
    held_declared = sum(i.file_size for i in infos if not _is_sheet(i.filename))
    if held_declared > MAX_HELD:
        raise _Refused(f"unpacks to {held_declared:,} bytes outside its sheets, more than {MAX_HELD // (1 << 20)} MiB")
    budget, held = [MAX_UNPACKED], [MAX_HELD]
    counts = {"cells": 0, "strings": 0, "top": 0}
    for info in infos:
        if not info.filename.lower().endswith((".xml", ".rels")):
            continue
        state = {"row": 0}

        def start(tag: str, attrs: dict[str, str], state: dict[str, int] = state) -> None:
            local = tag.rpartition("}")[2]
            if local == "c":
                counts["cells"] += 1
                if counts["cells"] > MAX_CELLS:
                    raise _Refused(f"has more than {MAX_CELLS:,} cells")
                if _col(attrs.get("r", "")) > MAX_COLUMN:
                    raise _Refused(f"cell {attrs['r'][:20]!r} is beyond Excel's last column (XFD)")
            elif local == "row":
                r = attrs.get("r")
                try:
                    state["row"] = int(r) if r is not None else state["row"] + 1
                except ValueError:
                    raise _Refused(f"row number {r[:20]!r} is not a number") from None
                if not 0 < state["row"] <= MAX_ROW:
                    raise _Refused(f"row {state['row']:,} is beyond Excel's last row ({MAX_ROW:,})")
                counts["top"] = max(counts["top"], state["row"])
            elif local == "si":
                counts["strings"] += 1
                if counts["strings"] > MAX_SHARED_STRINGS:
                    raise _Refused(f"has more than {MAX_SHARED_STRINGS:,} shared strings")

        def doctype(*_args: Any, part: str = info.filename) -> None:
            raise _Refused(f"{part} declares a DTD, which a workbook never needs")

        parser = expat.ParserCreate(namespace_separator="}")
        parser.StartElementHandler = start
        parser.StartDoctypeDeclHandler = doctype
        try:
            with zf.open(info) as fh:
                parser.ParseFile(_Counted(fh, budget, None if _is_sheet(info.filename) else held))
        except expat.ExpatError as e:
            raise _Refused(f"malformed XML in {info.filename} ({expat.ErrorString(e.code)}, line {e.lineno})") from None
    return counts["top"]


def read_xlsx(src: Source, name: str, sheet: str | None = None) -> Table:
    """The first sheet (or ``sheet``) of a workbook as a streaming Table, and a sheet named 'sources' if it
    has one (read now, as a list). The workbook is checked and opened once; each pass reads the sheet's part."""
    with src.reading() as fp:
        top = _scan_or_refuse(fp, name)
        wb = _workbook(fp, name)
        try:
            names = wb.sheetnames
            if sheet is not None and sheet not in names:
                raise did_you_mean(sheet, names, "sheet")
            ws = wb[sheet] if sheet is not None else wb.worksheets[0]
            columns, at, title = _header(ws, name, top)
            # what a pass needs, kept from the workbook: the part's name, the strings, how dates are told
            book = (ws._shared_strings, wb.epoch, wb._date_formats, wb._timedelta_formats)
            part = ws._worksheet_path
            src_sheet = next((n for n in names if n.strip().lower() == "sources"), None)
            other = None
            if src_sheet is not None and src_sheet != ws.title:
                ss = wb[src_sheet]
                other = (ss._worksheet_path, *_header(ss, name, top)[:2], f"{src_sheet} row")
        finally:
            wb.close()
    sources = []
    if other:
        part_s, cols_s, at_s, label_s = other
        sources = list(
            without_footer(_sheet_rows(src, part_s, book, name, top, cols_s, at_s, label_s), len(cols_s or ()))
        )

    def rows() -> Iterator[Row]:
        return without_footer(_sheet_rows(src, part, book, name, top, columns, at), len(columns or ()))

    table = Table(name, columns or [], sources=sources, encoding="xlsx", format="xlsx", reader=rows)
    table.title = title
    return table


def _scan_or_refuse(fp: BinaryIO, name: str) -> int:
    import zipfile

    try:
        with zipfile.ZipFile(fp) as zf:
            return _scan(zf)
    except _Refused as e:
        raise DataError(f"{name}: refused: the workbook {e}") from None
    except Exception as e:  # noqa: BLE001 - not a zip, a damaged zip: one line for each
        raise DataError(f"{name}: not a readable .xlsx workbook ({_reason(e)})") from None


def _workbook(fp: BinaryIO, name: str) -> Any:
    try:
        import openpyxl  # noqa: F401 - only this path needs it: start-up of every other command is unchanged
    except ImportError:  # pragma: no cover - a dependency of hrcli
        raise DataError("reading .xlsx needs the openpyxl package: pip install openpyxl") from None
    try:
        fp.seek(0)
        reader = _reader_class()(fp, read_only=True, keep_vba=False, data_only=True, keep_links=True)
        reader.read()  # openpyxl.load_workbook(fp, read_only=True, data_only=True), less the sizing
        return reader.wb
    except Exception as e:  # noqa: BLE001 - openpyxl raises many kinds on a damaged workbook: one line for each
        raise DataError(f"{name}: not a readable .xlsx workbook ({_reason(e)})") from None


def _reader_class() -> type:
    """openpyxl's ExcelReader, whose read-only sheets do not size themselves: a sheet without a
    ``<dimension>`` (as openpyxl itself writes them) would be parsed whole for it, in pure Python when
    defusedxml is installed, keeping an element per row (~100 MiB at Excel's last row). hrcli never asks
    a sheet its size: the scan bounds the rows, the header the columns."""
    from openpyxl.packaging.relationship import get_dependents, get_rels_path
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    class Sheet(ReadOnlyWorksheet):
        def _get_size(self) -> None:
            pass

    class Reader(ExcelReader):
        def read_worksheets(self) -> None:  # ExcelReader's read-only branch, with Sheet
            for sheet, rel in self.parser.find_sheets():
                if rel.target not in self.valid_files:
                    continue
                if "chartsheet" in rel.Type:
                    self.read_chartsheet(sheet, rel)
                    continue
                rels_path = get_rels_path(rel.target)
                if rels_path in self.valid_files:
                    get_dependents(self.archive, rels_path)  # read, as openpyxl does: a damaged one is refused
                ws = Sheet(self.wb, sheet.name, rel.target, self.shared_strings)
                ws.sheet_state = sheet.state
                self.wb._sheets.append(ws)

    return Reader


def _reason(e: Exception) -> str:
    text = str(e).splitlines()[0] if str(e) else type(e).__name__
    return text[:200]


def _header(ws: Any, name: str, top: int) -> tuple[list[str] | None, int, str]:
    """The sheet's header row as column names (None: no rows at all), checked, its row number: the first row, or
    the row under a title (table.header_index), and the title rows' text; refused when rows x columns is more
    than MAX_GRID."""
    try:
        first = list(ws.iter_rows(max_row=TITLE_ROWS, max_col=MAX_COLUMN, values_only=True))
    except Exception as e:  # noqa: BLE001 - a damaged cell: one line
        raise DataError(f"{name}: not a readable .xlsx workbook ({_reason(e)})") from None
    if not first:
        return None, 1, ""
    at = header_index([list(r) for r in first])
    columns = ["" if h is None else str(h).strip() for h in first[at]]
    while columns and not columns[-1]:
        columns.pop()
    columns = distinct(columns)  # a second 'Rgrp' is 'Rgrp (2)', as in the other readers
    check_header(columns, name)
    width = max(len(columns), 1)
    if top * width > MAX_GRID:
        raise DataError(f"{name}: refused: {top:,} rows x {width:,} columns is more than {MAX_GRID:,} cells to read")
    return columns, at + 1, title_text([list(r) for r in first[:at]])


def _sheet_rows(
    src: Source,
    part: str,
    book: tuple,
    name: str,
    top: int,
    columns: list[str] | None,
    at: int = 1,
    label: str = "row",
) -> Iterator[Row | None]:
    """One pass over a sheet's rows below the header (row ``at``), as openpyxl's read-only ``iter_rows(
    values_only=True)`` gives them (None for a blank row), but each row freed once read: openpyxl's own pass
    keeps an emptied element per row (a million rows, ~100 MiB), and with defusedxml installed parses in pure
    Python. The workbook passed the scan (no DTD, every bound) and has not changed since, so the standard
    parser is safe here."""
    if columns is None:
        return
    import zipfile
    from xml.etree.ElementTree import iterparse

    from openpyxl.worksheet._reader import DATA_TAG, FORMULA_TAG, ROW_TAG, VALUE_TAG, WorkSheetParser

    width, last, expect = max(len(columns), 1), max(top, at + 1), at + 1  # bounded by the scan and the header
    strings, epoch, date_formats, timedelta_formats = book
    with src.reading() as fp:
        try:
            with zipfile.ZipFile(fp) as zf, zf.open(part) as xml:
                parser = WorkSheetParser(
                    xml,
                    strings,
                    data_only=True,
                    epoch=epoch,
                    date_formats=date_formats,
                    timedelta_formats=timedelta_formats,
                )
                data = None
                for event, el in iterparse(xml, events=("start", "end")):
                    if event == "start":
                        data = el if el.tag == DATA_TAG else data
                        continue
                    if el.tag != ROW_TAG:
                        continue
                    n, cells = parser.parse_row(el)
                    # a formula whose value was never saved (a workbook written by a program that does not
                    # compute formulas, as openpyxl itself): its cell reads as empty, which it is not
                    unsaved = [
                        cell["column"]
                        for c, cell in zip(el, cells, strict=False)
                        if cell["value"] is None and c.find(FORMULA_TAG) is not None and _unsaved_value(c, VALUE_TAG)
                    ]
                    el.clear()
                    if data is not None:
                        data.clear()  # the rows read so far: this one
                    if n > last:
                        break
                    if n < expect:  # the header, or a row out of order: openpyxl passes over them too
                        continue
                    if n > expect:
                        yield None  # rows left out of the sheet are blank rows
                    expect = n + 1
                    values: list[Any] = [None] * width
                    for cell in cells:
                        if 1 <= cell["column"] <= width:
                            values[cell["column"] - 1] = cell["value"]
                    shown = [columns[c - 1] for c in unsaved if 1 <= c <= width and columns[c - 1]]
                    if shown:
                        yield f"{label} {n}", {ERR: _unsaved(shown)}
                        continue
                    if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                        yield None
                        continue
                    yield f"{label} {n}", {c: v for c, v in zip(columns, values, strict=False) if c}
        except DataError:
            raise
        except Exception as e:  # noqa: BLE001 - a damaged cell (a date out of range, a bad number): one line
            raise DataError(f"{name}: not a readable .xlsx workbook ({_reason(e)})") from None


def _unsaved_value(c: Any, value_tag: str) -> bool:
    """Whether a formula cell lacks its saved value: no <v>, or an empty one where only a text result (t="str")
    may be empty (openpyxl writes <v></v>; a program that computes formulas writes the value)."""
    v = c.find(value_tag)
    return v is None or (not v.text and c.get("t") != "str")


def _unsaved(columns: list[str]) -> str:
    named = ", ".join(repr(c) for c in columns)
    what = f"column {named} holds a formula" if len(columns) == 1 else f"columns {named} hold formulas"
    return (
        f"{what} with no saved value; open the workbook in Excel or LibreOffice and save it (that saves each"
        " formula's value), or type the values"
    )
