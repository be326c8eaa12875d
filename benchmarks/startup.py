"""Start-up benchmark: hrcli commands against a bare ``python -c pass``, interleaved, as ratios of medians.

    python benchmarks/startup.py [--rounds N] [--instructions]

Runs every case once per round, in a shuffled order each round, so machine noise hits all cases alike.
Caches are warmed first (the numbers are for the everyday case: a cache built by an earlier call).
It generates a fact base 100x the bundled one (the bundled records cloned 99 times with their dates
spread over 1950-2049, as a user file in a temporary data folder) and measures a filtered query on it
against the same query on the bundled base, plus the peak memory (max RSS) of each.

Wall time depends on what else the machine is doing. ``--instructions`` counts the user-space instructions of
one warm run of each case instead (``perf stat`` where the CPU counter is readable, else valgrind's callgrind,
about 50x slower) with PYTHONHASHSEED fixed: the same code gives the same count on a busy machine, so a ratio
that moved between two commits measured this way moved because of the code. Counts are not times (a cache
miss or a page fault costs no instruction), so compare counts with counts, not with the wall-clock table.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
HRCLI = shutil.which("hrcli", path=str(BIN)) or "hrcli"


def run_once(cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time in seconds and peak RSS in KiB of one process."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    elapsed = time.perf_counter() - start
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        raise SystemExit(f"benchmark case failed ({p.returncode}): {' '.join(cmd)}")
    return elapsed, usage.ru_maxrss


def counter() -> list[str] | None:
    """The command prefix that counts a process's user-space instructions, or None when neither tool works."""
    perf = shutil.which("perf")
    if perf:
        p = subprocess.run([perf, "stat", "-x,", "-e", "instructions:u", "true"], capture_output=True, text=True)
        if p.returncode == 0 and _perf_count(p.stderr) is not None:
            return [perf, "stat", "-x,", "-e", "instructions:u", "--"]
    valgrind = shutil.which("valgrind")
    if valgrind:
        return [valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null"]
    return None


def _perf_count(stderr: str) -> int | None:
    for line in stderr.splitlines():
        field = line.split(",")[0]
        if "instructions" in line and field.isdigit():
            return int(field)
    return None


def count_once(prefix: list[str], cmd: list[str], env: dict[str, str]) -> int:
    """User-space instructions of one run of cmd under the counter prefix."""
    p = subprocess.run([*prefix, *cmd], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        raise SystemExit(f"benchmark case failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr[-2000:]}")
    if any("callgrind" in part for part in prefix):
        found = re.findall(r"Collected : (\d+)", p.stderr)
        return int(found[-1]) if found else 0
    return _perf_count(p.stderr) or 0


def make_big_base(folder: Path, factor: int = 100) -> int:
    """Write bundled-records-times-(factor-1) as the user file share/hrcli/facts/synthetic.toml; return its size.

    Runs in a child process: the parsed data would otherwise sit in this process, and a forked child's
    peak RSS counts the parent's pages until it execs.
    """
    here = str(Path(__file__).parent)
    code = f"import sys; sys.path.insert(0, {here!r}); import startup; startup._make({str(folder)!r}, {factor})"
    subprocess.run([sys.executable, "-c", code], check=True)
    return (folder / "share" / "hrcli" / "facts" / "synthetic.toml").stat().st_size


def _make(folder: str, factor: int) -> None:
    import tomllib

    import tomli_w

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    from hrcli.loader import bundled_path

    data = tomllib.loads(bundled_path().read_text(encoding="utf-8"))
    rng = random.Random(42)
    out: dict[str, list] = {}
    for kind in ("events", "claims", "recommendations", "stats"):
        rows = []
        for n in range(1, factor):
            for rec in data.get(kind, []):
                r = dict(rec)
                r["id"] = f"syn{n}-{rec['id']}"
                if "date" in r or kind == "events":
                    y = rng.randint(1950, 2049)
                    r["date"] = f"{y}" if rng.random() < 0.5 else f"{y}-{rng.randint(1, 12):02d}"
                rows.append(r)
        out[kind] = rows
    path = Path(folder) / "share" / "hrcli" / "facts" / "synthetic.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(tomli_w.dumps(out).encode("utf-8"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=21)
    ap.add_argument("--instructions", action="store_true", help="count instructions, not time")
    a = ap.parse_args()
    prefix = counter() if a.instructions else None
    if a.instructions and prefix is None:
        raise SystemExit("--instructions needs perf (with a readable instructions counter) or valgrind")
    tmp = Path(tempfile.mkdtemp(prefix="hrcli-bench-"))
    try:
        small, big = tmp / "small", tmp / "big"
        small.mkdir()
        big.mkdir()
        size = make_big_base(big)
        # as installed for a user: bytecode compiled (pip does that for a wheel), none of our variables set
        import compileall

        import hrcli

        compileall.compile_dir(str(Path(hrcli.__file__).parent), quiet=1)
        base_env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("HRCLI_", "_HRCLI", "COMP_")) and k != "PYTHONDONTWRITEBYTECODE"
        }
        base_env.update(COLUMNS="100", NO_COLOR="1")
        # a user's own folders, found through platformdirs as for anyone (no HRCLI_* overrides)
        env_small = {
            **base_env,
            "XDG_DATA_HOME": str(small / "share"),
            "XDG_CACHE_HOME": str(small / "cache"),
            "XDG_CONFIG_HOME": str(small / "config"),
        }
        env_big = {
            **base_env,
            "XDG_DATA_HOME": str(big / "share"),
            "XDG_CACHE_HOME": str(big / "cache"),
            "XDG_CONFIG_HOME": str(big / "config"),
        }
        complete = {**env_small, "_HRCLI_COMPLETE": "complete_bash", "COMP_WORDS": "hrcli treaty C", "COMP_CWORD": "2"}
        query = [HRCLI, "timeline", "--from", "2010", "--to", "2010", "--json"]
        cases = {
            "python -c pass": ([sys.executable, "-c", "pass"], env_small),
            "hrcli timeline --json": ([HRCLI, "timeline", "--json"], env_small),
            "hrcli treaty CAT --json": ([HRCLI, "treaty", "CAT", "--json"], env_small),
            "hrcli stats trafficking (table)": ([HRCLI, "stats", "trafficking"], env_small),
            "TAB: hrcli treaty C<TAB>": ([HRCLI], complete),
            "timeline 2010 --json, bundled": (query, env_small),
            "timeline 2010 --json, 100x base": (query, env_big),
        }
        t0 = time.perf_counter()
        for cmd, env in cases.values():  # warm the caches (the 100x one parses ~%d MB once)
            run_once(cmd, env)
        build = time.perf_counter() - t0
        if prefix is not None:
            print_instructions(prefix, cases, build)
            return 0
        times: dict[str, list[float]] = {k: [] for k in cases}
        rss: dict[str, list[int]] = {k: [] for k in cases}
        names = list(cases)
        for _ in range(a.rounds):
            random.shuffle(names)
            for name in names:
                t, m = run_once(*cases[name])
                times[name].append(t)
                rss[name].append(m)
        med = {k: statistics.median(v) for k, v in times.items()}
        floor = med["python -c pass"]
        targets = {
            "hrcli timeline --json": 7,
            "hrcli treaty CAT --json": 7,
            "hrcli stats trafficking (table)": 12,
            "TAB: hrcli treaty C<TAB>": 7,
        }
        print(
            f"hrcli start-up, {a.rounds} interleaved rounds, medians; python: {sys.version.split()[0]}; "
            f"typer {_version('typer')}; warm-up incl. 100x cache build {build:.1f} s"
        )
        print(f"{'case':38} {'median':>9} {'x pass':>7} {'target':>7}  ok")
        for name in cases:
            ratio = med[name] / floor
            tgt = targets.get(name)
            ok = "" if tgt is None else ("yes" if ratio <= tgt else "NO")
            print(f"{name:38} {med[name] * 1000:7.1f}ms {ratio:7.2f} {('<= ' + str(tgt)) if tgt else '':>7}  {ok}")
        scale = med["timeline 2010 --json, 100x base"] / med["timeline 2010 --json, bundled"]
        print(
            f"{'100x base / bundled, same query':38} {'':9} {scale:7.2f} {'<= 2':>7}  {'yes' if scale <= 2 else 'NO'}"
        )
        small_mb = max(rss["timeline 2010 --json, bundled"]) / 1024
        big_mb = max(rss["timeline 2010 --json, 100x base"]) / 1024
        bound = 2 * small_mb + size / 2**20
        print(
            f"peak RSS: bundled {small_mb:.1f} MiB, 100x {big_mb:.1f} MiB; bound 2 x bundled + data "
            f"({size / 2**20:.1f} MiB) = {bound:.1f} MiB  {'yes' if big_mb <= bound else 'NO'}"
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def print_instructions(prefix: list[str], cases: dict, build: float) -> None:
    """One counted run per case (PYTHONHASHSEED fixed so set and dict order, and so the count, repeat)."""
    tool = "callgrind" if any("callgrind" in part for part in prefix) else "perf"
    counts = {name: count_once(prefix, cmd, {**env, "PYTHONHASHSEED": "0"}) for name, (cmd, env) in cases.items()}
    floor = counts["python -c pass"]
    print(
        f"hrcli start-up, instructions ({tool}, user space, one warm run each); python: {sys.version.split()[0]}; "
        f"typer {_version('typer')}; warm-up incl. 100x cache build {build:.1f} s"
    )
    print(f"{'case':38} {'Minstr':>9} {'x pass':>7}")
    for name, n in counts.items():
        print(f"{name:38} {n / 1e6:9.1f} {n / floor:7.2f}")
    scale = counts["timeline 2010 --json, 100x base"] / counts["timeline 2010 --json, bundled"]
    print(f"{'100x base / bundled, same query':38} {'':9} {scale:7.2f}")


def _version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "?"


if __name__ == "__main__":
    sys.exit(main())
