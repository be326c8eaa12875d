"""Readers benchmark: peak memory and speed of one pass over every row of a large CSV and a large .xlsx.

    python benchmarks/readers.py [--rows N] [--xlsx-rows N] [--skip-xlsx] [--with-list]

Generates a CSV of ``--rows`` rows (default 1,000,000, with ``benchmarks/import.py``'s ``make_csv``) and a
workbook of ``--xlsx-rows`` rows (default 1,048,576, Excel's last row, header included: three columns,
written with openpyxl's write_only mode), then in a child process each, measured with ``os.wait4``:
``read_table(path)`` and a full ``Table.iter_rows()`` pass (only the reading, none of the import's planning);
the workbook twice: as openpyxl wrote it (no ``<dimension>``) and with one, as Excel and LibreOffice save.
Prints rows/s and peak RSS against a child that only imports hrcli.importer (the floor; the xlsx pass
also imports openpyxl, about 10 MiB).
Targets: each pass well under 150 MiB peak; the CSV pass in a few seconds. ``--with-list`` adds the CSV
read into a list (``Table.rows``, what every row held at once costs) for comparison.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def make_csv(path: Path, rows: int) -> None:
    """The import benchmark's generated UPR-like CSV (one module, one generator)."""
    spec = importlib.util.spec_from_file_location("import_bench", HERE / "import.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.make_csv(path, rows, 2019)


def make_xlsx(path: Path, rows: int) -> None:
    """A workbook of ``rows`` rows (header included) in three text columns.

    openpyxl's write_only mode writes every string inline (no shared strings) and no ``<dimension>``, for
    which openpyxl's own load_workbook parses the whole sheet once more to size it (hrcli's reader does
    not). Three short columns keep Excel's last row within hrcli's 256 MiB bound on what a workbook may
    unpack to.
    """
    import random

    from openpyxl import Workbook

    rng = random.Random(7)
    states = ["Norway", "Brazil", "Côte d'Ivoire", "Türkiye", "México", "Viet Nam", "Österreich", "Ísland"]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("events")
    ws.append(["Date", "Summary", "Source ID"])
    for n in range(rows - 1):
        ws.append([f"{rng.randint(1946, 2019)}-{rng.randint(1, 12):02d}", f"{rng.choice(states)} {n}", "unct-2009"])
    wb.save(path)


def with_dimension(src: Path, dst: Path, rows: int) -> None:
    """The workbook with ``<dimension ref="A1:C{rows}">`` in its sheet, as Excel and LibreOffice write it."""
    import shutil
    import zipfile

    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if not info.filename.startswith("xl/worksheets/sheet"):
                zout.writestr(info, zin.read(info))
                continue
            with zin.open(info) as fin, zout.open(info.filename, "w", force_zip64=True) as fout:
                head = fin.read(1 << 16)
                at = head.index(b"<sheetViews")
                fout.write(head[:at] + b'<dimension ref="A1:C%d"/>' % rows + head[at:])
                shutil.copyfileobj(fin, fout, 1 << 20)


def child(kind: str, path: str) -> int:
    """One measured pass (run in a child process): prints rows and seconds."""
    from hrcli import importer

    if kind == "floor":
        print("0 0")
        return 0
    start = time.perf_counter()
    table = importer.read_table(Path(path))
    if kind == "list":
        n = len(table.rows)
    else:
        n = sum(1 for _ in table.iter_rows())
        assert n == table.count
    print(n, time.perf_counter() - start)
    return 0


def measure(kind: str, path: Path | str) -> tuple[int, float, float]:
    """Rows read, seconds and peak RSS (MiB) of one child process."""
    p = subprocess.Popen([sys.executable, __file__, "--child", kind, str(path)], stdout=subprocess.PIPE, text=True)
    out = p.stdout.read() if p.stdout else ""
    _, status, usage = os.wait4(p.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"the {kind} pass failed")
    rows, secs = out.split()
    return int(rows), float(secs), usage.ru_maxrss / 1024


def report(what: str, rows: int, secs: float, mib: float, floor: float, target: float | None) -> None:
    rate = f"{rows / secs:,.0f} rows/s" if secs else "-"
    verdict = f" (< {target:.0f}: {'yes' if mib < target else 'NO'})" if target else ""
    over = f"{mib - floor:+.0f} over floor"
    print(f"{what:40} {rows:>10,} rows {secs:6.1f} s {rate:>15}  peak {mib:4.0f} MiB{verdict}, {over}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--xlsx-rows", type=int, default=1_048_576)
    ap.add_argument("--skip-xlsx", action="store_true")
    ap.add_argument("--with-list", action="store_true", help="also read the CSV into a list (Table.rows)")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        return child(*a.child)
    tmp = Path(tempfile.mkdtemp(prefix="hrcli-readers-bench-"))
    try:
        _, _, floor = measure("floor", "-")
        print(f"floor (python with hrcli.importer imported): peak {floor:.0f} MiB")
        src = tmp / "rows.csv"
        make_csv(src, a.rows)
        size = src.stat().st_size / 2**20
        report(f"CSV ({size:.0f} MiB), iter_rows()", *measure("iter", src), floor, 150)
        if a.with_list:
            report(f"CSV ({size:.0f} MiB), Table.rows (a list)", *measure("list", src), floor, None)
        if not a.skip_xlsx:
            book = tmp / "rows.xlsx"
            t = time.perf_counter()
            make_xlsx(book, a.xlsx_rows)
            print(f"(wrote a {a.xlsx_rows:,}-row workbook in {time.perf_counter() - t:.0f} s)")
            size = book.stat().st_size / 2**20
            report(f".xlsx ({size:.0f} MiB), no <dimension>", *measure("iter", book), floor, 150)
            sized = tmp / "sized.xlsx"
            with_dimension(book, sized, a.xlsx_rows)
            report(f".xlsx ({size:.0f} MiB), <dimension> as Excel", *measure("iter", sized), floor, 150)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
