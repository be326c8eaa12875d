"""Import benchmark: a generated 100,000-row CSV of events through ``hrcli import``, then queries after it.

    python benchmarks/import.py [--rows N] [--rounds N] [--last-year YYYY] [--import-only] [--xlsx]

Prints the import's wall time and peak memory (targets: <= 30 s, <= 500 MiB on the 2-core machine; with
``--rows 1000000``: <= 150 s, <= 500 MiB; ``--xlsx`` the same rows as an Excel workbook, e.g.
``--rows 1048575``, Excel's last row), the same import again (adds nothing: it must not re-validate
every file), and one more row appended (adds one), each a child process measured with ``os.wait4``; then,
interleaved against a bare ``python -c pass``: ``hrcli timeline --from 2020 --json`` with the bundled base
alone and with the import (target: <= 2x), and ``hrcli --version`` and a TAB completion (which do not
touch the data) in both folders, whose start-up must not move.

The generated events are dated 1946 to --last-year (default 2019), so by default the query's answer is
the same size with and without the import, and the ratio measures the cost of carrying 100,000 more
records, not of printing more of them. ``--last-year 2024`` shows the cost when the import adds rows to
the answer too.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
HRCLI = shutil.which("hrcli", path=str(BIN)) or "hrcli"
STATES = ["Norway", "Brazil", "Côte d'Ivoire", "Türkiye", "México", "Viet Nam", "Österreich", "Ísland"]
THEMES = ["rights of the child", "freedom of expression", "death penalty", "trafficking, asylum", "torture"]


CPU: dict[str, float] = {}  # the last process's CPU seconds (user + system): fairer than wall time on a busy machine


def run_once(cmd: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    """Wall time (s), peak RSS (KiB) and exit code of one process (its CPU time in ``CPU['last']``)."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    CPU["last"] = usage.ru_utime + usage.ru_stime
    return time.perf_counter() - start, usage.ru_maxrss, os.waitstatus_to_exitcode(status)


HEADER = ["Date", "Summary", "Source ID", "Locator", "Topics", "Recommending State", "Response", "Cycle"]


def make_csv(path: Path, rows: int, last_year: int) -> None:
    """A UPR-recommendation-like export: accents, quoted commas, columns hrcli has no field for."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        w.writerows(generated(rows, last_year))


def make_xlsx(path: Path, rows: int, last_year: int) -> None:
    """The same rows as ``make_csv`` in an Excel workbook (openpyxl's write_only mode: flat memory)."""
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("recommendations")
    ws.append(HEADER)
    for row in generated(rows, last_year):
        ws.append(row)
    wb.save(path)


def generated(rows: int, last_year: int):
    """The benchmark's rows, the same for a seed whatever the file format."""
    rng = random.Random(7)
    for n in range(rows):
        y = rng.randint(1946, last_year)
        state = rng.choice(STATES)
        yield (
            [
                f"{y}-{rng.randint(1, 12):02d}" if rng.random() < 0.7 else str(y),
                f"{state} recommended action on the {rng.choice(THEMES)} (row {n}), as Rita Izsák noted",
                "unct-2009",
                f"para. {n % 69 + 1}",
                rng.choice(["children", "asylum; refugees", "trafficking, gender", ""]),
                state,
                rng.choice(["Supported", "Noted"]),
                rng.randint(1, 4),
            ]
        )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--last-year", type=int, default=2019)
    ap.add_argument("--import-only", action="store_true", help="measure the imports, not the queries after")
    ap.add_argument("--xlsx", action="store_true", help="import an Excel workbook of the same rows (import only)")
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="hrcli-import-bench-"))
    try:
        base_env = {k: v for k, v in os.environ.items() if not k.startswith(("HRCLI_", "_HRCLI", "COMP_"))}
        base_env.update(COLUMNS="100", NO_COLOR="1")
        envs = {}
        for name in ("bundled", "imported"):
            d = tmp / name
            envs[name] = {
                **base_env,
                "HRCLI_DATA_DIR": str(d / "data"),
                "HRCLI_CACHE_DIR": str(d / "cache"),
                "HRCLI_CONFIG_DIR": str(d / "config"),
            }
        if a.xlsx:
            src = tmp / "upr-recommendations.xlsx"
            make_xlsx(src, a.rows, a.last_year)
            a.import_only = True
        else:
            src = tmp / "upr-recommendations.csv"
            make_csv(src, a.rows, a.last_year)
        secs, kib, code = run_once([HRCLI, "import", str(src)], envs["imported"])
        if code != 0:
            raise SystemExit(f"import failed with exit code {code}")
        mib = kib / 1024
        limit = 150 if a.rows >= 1_000_000 else 30
        print(
            f"import of {a.rows:,} {'.xlsx' if a.xlsx else 'CSV'} rows ({src.stat().st_size / 2**20:.1f} MiB), "
            "cache built included: "
            f"{secs:.1f} s (<= {limit}: {'yes' if secs <= limit else 'NO'}; CPU {CPU['last']:.1f} s), "
            f"peak {mib:.0f} MiB "
            f"(<= 500: {'yes' if mib <= 500 else 'NO'})"
        )

        def again(what: str) -> None:
            secs, kib, code = run_once([HRCLI, "import", str(src)], envs["imported"])
            print(f"{what}: {secs:.1f} s (CPU {CPU['last']:.1f} s), peak {kib / 1024:.0f} MiB, exit {code}")

        again("the same import again (adds nothing)")  # it must add nothing
        if a.xlsx:
            return 0
        with src.open("a", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerow(["2019-01", "one more row", "unct-2009", "para. 1", "", "Norway", "Noted", 1])
        again("the file with one more row (adds one)")
        if a.import_only:
            return 0

        query = ["timeline", "--from", "2020", "--json"]
        complete = {"_HRCLI_COMPLETE": "complete_bash", "COMP_WORDS": "hrcli treaty C", "COMP_CWORD": "2"}
        cases = {
            "python -c pass": ([sys.executable, "-c", "pass"], envs["bundled"]),
            "timeline --from 2020 --json, bundled": ([HRCLI, *query], envs["bundled"]),
            "timeline --from 2020 --json, +import": ([HRCLI, *query], envs["imported"]),
            "hrcli --version, bundled": ([HRCLI, "--version"], envs["bundled"]),
            "hrcli --version, +import": ([HRCLI, "--version"], envs["imported"]),
            "TAB treaty C, bundled": ([HRCLI], {**envs["bundled"], **complete}),
            "TAB treaty C, +import": ([HRCLI], {**envs["imported"], **complete}),
        }
        for cmd, env in cases.values():  # warm caches: the everyday case
            run_once(cmd, env)
        times: dict[str, list[float]] = {k: [] for k in cases}
        names = list(cases)
        for _ in range(a.rounds):
            random.shuffle(names)
            for name in names:
                t, _m, code = run_once(*cases[name])
                if code != 0:
                    raise SystemExit(f"{name} failed with exit code {code}")
                times[name].append(t)
        med = {k: statistics.median(v) for k, v in times.items()}
        floor = med["python -c pass"]
        print(f"{a.rounds} interleaved rounds, medians; events dated 1946-{a.last_year}")
        print(f"{'case':40} {'median':>9} {'x pass':>7}")
        for name in cases:
            print(f"{name:40} {med[name] * 1000:7.1f}ms {med[name] / floor:7.2f}")
        for what, target in (("timeline --from 2020 --json", 2.0), ("hrcli --version", 1.15), ("TAB treaty C", 1.15)):
            r = med[f"{what}, +import"] / med[f"{what}, bundled"]
            print(f"{what}: with import / bundled alone = {r:.2f} (<= {target}: {'yes' if r <= target else 'NO'})")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
