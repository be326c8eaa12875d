"""The .xls (BIFF, Excel 97-2003) reader, bounded: xlrd holds a sheet's every cell in memory, so the
workbook is refused, in one line, before xlrd builds a sheet whose cell records number more than
``MAX_CELLS`` (counted from the records themselves), and a file larger than ``MAX_XLS_BYTES`` is refused
before it is opened. xlrd is imported only here, for a .xls file: start-up of every command is unchanged.

UPR Info served its database export as a BIFF8 workbook that xlrd 2 calls corrupt ("Workbook corruption:
seen[3] == 4") though its data read cleanly, so it is opened with ``ignore_workbook_corruption=True``
(docs/dev/datasets.md). Date cells (an Excel serial number with a date format) become dates; a title row
above the header and notes under the rows are found as for every format (table.header_index,
table.without_footer). Two header cells of the same text (UPR Info's two ``Rgrp`` and ``Org``: the State
under review's and the recommending State's) are told apart as ``Rgrp`` and ``Rgrp (2)``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..errors import DataError, did_you_mean
from .header import TITLE_ROWS, header_index, title_text
from .table import ERR, Row, Table, check_header, distinct, without_footer

if TYPE_CHECKING:
    from .stream import Source

MAX_XLS_BYTES = 64 * 1024 * 1024  # a BIFF8 sheet holds at most 65,536 rows: the largest real ones are a few MiB
MAX_CELLS = 5_000_000  # cells in the sheets read; xlrd keeps ~40 bytes a cell
# BIFF cell records xlrd keeps without formatting: NUMBER, RK, LABELSST, LABEL, BOOLERR, FORMULA, RSTRING,
# and the BIFF2-4 forms of them; MULRK (0x00BD) holds (length - 6) / 6 cells
_CELL_RECORDS = frozenset({0x0203, 0x027E, 0x00FD, 0x0204, 0x0205, 0x0006, 0x0406, 0x0206, 0x00D6,
                           0x0001, 0x0002, 0x0003, 0x0004, 0x0005})  # fmt: skip


def read_xls(src: Source, name: str, sheet: str | None = None) -> Table:
    """The first sheet (or ``sheet``) of a BIFF workbook as a Table, and a sheet named 'sources' if it has one."""
    try:
        import xlrd
    except ImportError:  # pragma: no cover - a dependency of hrcli
        raise DataError("reading .xls needs the xlrd package: pip install xlrd") from None
    with src.reading() as fp:
        data = fp.read(MAX_XLS_BYTES + 1)
    if len(data) > MAX_XLS_BYTES:
        raise DataError(f"{name}: refused: a .xls file larger than {MAX_XLS_BYTES // (1 << 20)} MiB")
    try:
        book = xlrd.open_workbook(
            file_contents=data, on_demand=True, ragged_rows=True, ignore_workbook_corruption=True, logfile=_Quiet()
        )
    except Exception as e:  # noqa: BLE001 - xlrd raises many kinds on a file that is not a workbook: one line
        raise DataError(f"{name}: not a readable .xls workbook: {_reason(e)}") from None
    del data
    try:
        names = book.sheet_names()
        if sheet is not None and sheet not in names:
            raise did_you_mean(sheet, names, "sheet")
        index = names.index(sheet) if sheet is not None else 0
        if not names:
            return Table(name, [], [], encoding="xls", format="xls")
        src_index = next((i for i, n in enumerate(names) if n.strip().lower() == "sources"), None)
        wanted = [index] + ([src_index] if src_index is not None and src_index != index else [])
        cells = sum(_cell_records(book, i) for i in wanted)
        if cells > MAX_CELLS:
            raise DataError(f"{name}: refused: the workbook has more than {MAX_CELLS:,} cells to read")
        grids = [_grid(book, i, name) for i in wanted]
    finally:
        book.release_resources()
    columns, first, body, title = grids[0]
    sources: list[Row] = []
    if len(grids) > 1:
        s_columns, s_first, s_body, _title = grids[1]
        sources = list(_rows(s_columns, s_first, s_body, f"{names[src_index]} row"))

    def rows() -> Iterator[Row]:
        return _rows(columns, first, body)

    table = Table(name, columns, sources=sources, encoding="xls", format="xls", reader=rows)
    table.title = title
    return table


class _Quiet:
    """xlrd's log: its warnings about a damaged workbook it reads anyway are not the user's business."""

    def write(self, _text: str) -> None:
        pass


def _reason(e: Exception) -> str:
    """Why xlrd could not read a workbook, in words: its own message for what it checks (encrypted, no workbook
    stream); anything else it trips on (an index, a struct) is a damaged or cut-short file, never Python's words.
    What to do follows."""
    import xlrd
    from xlrd.compdoc import CompDocError

    text = str(e).splitlines()[0][:200] if isinstance(e, (xlrd.XLRDError, CompDocError)) and str(e) else ""
    what = text or "the file is damaged or cut short (a download that stopped early: download it again)"
    return f"{what}; open it in a spreadsheet and save it again, or save it as .csv"


def _cell_records(book: Any, index: int) -> int:
    """The cells a sheet's records hold, counted before xlrd builds them."""
    import struct

    mem, pos = book.mem, book._sh_abs_posn[index]
    end, n = len(mem), 0
    while pos + 4 <= end:
        rc, length = struct.unpack_from("<HH", mem, pos)
        if rc in _CELL_RECORDS:
            n += 1
        elif rc == 0x00BD:  # MULRK
            n += max((length - 6) // 6, 0)
        elif rc == 0x000A:  # EOF: the sheet ends
            break
        pos += 4 + length
    return n


def _value(ctype: int, v: Any, datemode: int) -> Any:
    import xlrd

    if ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if ctype == xlrd.XL_CELL_DATE:
        try:
            d = xlrd.xldate.xldate_as_datetime(v, datemode)
        except Exception:  # noqa: BLE001 - a date cell out of Excel's range: its number
            return v
        return d.date() if (d.hour, d.minute, d.second) == (0, 0, 0) else d
    if ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(v)
    if ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(v, "#ERROR")
    return v


def _grid(book: Any, index: int, name: str) -> tuple[list[str], int, list[list[Any]], str]:
    """A sheet's header, the row number of its first row below the header, those rows' values, and the text of
    any title rows above the header."""
    try:
        sh = book.sheet_by_index(index)
        mode = book.datemode
        values = [
            [_value(t, v, mode) for t, v in zip(sh.row_types(r), sh.row_values(r), strict=False)]
            for r in range(sh.nrows)
        ]
        book.unload_sheet(index)
    except DataError:
        raise
    except Exception as e:  # noqa: BLE001 - a damaged record: one line
        raise DataError(f"{name}: not a readable .xls workbook: {_reason(e)}") from None
    if not values:
        return [], 1, [], ""
    skip = header_index(values[:TITLE_ROWS])
    columns = _distinct(["" if h is None else str(h).strip() for h in values[skip]])
    check_header(columns, name)
    return columns, skip + 2, values[skip + 1 :], title_text(values[:skip])


def _distinct(columns: list[str]) -> list[str]:
    """The header less its empty cells at the end, same texts told apart (table.distinct)."""
    while columns and not columns[-1]:
        columns.pop()
    return distinct(columns)


def _rows(columns: list[str], first: int, body: list[list[Any]], label: str = "row") -> Iterator[Row]:
    width = len(columns)

    def cells() -> Iterator[Row | None]:
        for n, values in enumerate(body, first):
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                yield None
                continue
            if len(values) > width and any(v is not None and str(v).strip() for v in values[width:]):
                yield f"{label} {n}", {ERR: f"{len(values)} cells but the header has {width}"}
                continue
            values = values + [None] * (width - len(values))  # a ragged row: its missing cells are empty
            yield f"{label} {n}", {c: v for c, v in zip(columns, values, strict=False) if c}

    return without_footer(cells(), width)
