"""Texts-folder benchmark: `hrcli quote` with a folder holding only the five texts, against a folder that
also holds 600 unrelated files (about 19 MiB), interleaved, as a ratio of medians; the same with CRLF
copies of the texts, which are recognised by their words (the costly path: every file is read and matched).

    python benchmarks/sources_folder.py [--rounds N] [--sources DIR]

Needs the five source texts (default ../shared/sources beside the repository). The first call on the big
folder recognises every file once (printed as "first call"); later calls use what the cache remembers
(each file's size, times and inode) and read only the text they quote. TAB completion of a locator is
measured with a cold cache too: it must never read the folder. Target: big folder <= 2x texts only.
"""

from __future__ import annotations

import argparse
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
REPO = Path(__file__).resolve().parent.parent


def run_once(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    p = subprocess.run(cmd, env=env, capture_output=True)
    elapsed = time.perf_counter() - start
    if p.returncode != 0 or not p.stdout:
        raise SystemExit(f"benchmark case failed ({p.returncode}): {' '.join(cmd)}: {p.stderr.decode()[:200]}")
    return elapsed


def fill(folder: Path, texts: Path, unrelated: int, total_bytes: int, copies: bool = False) -> None:
    """The five texts (with ``copies``: as CRLF copies, recognised by their words, not their bytes), plus
    ``unrelated`` files of prose-like bytes adding up to ``total_bytes``."""
    folder.mkdir(parents=True)
    for t in texts.glob("0*.txt"):
        if copies:
            (folder / f"copy of {t.name}").write_bytes(t.read_bytes().replace(b"\n", b"\r\n"))
        else:
            shutil.copy(t, folder / t.name)
    rng = random.Random(18)
    words = [b"the", b"of", b"and", b"to", b"in", b"report", b"rights", b"council", b"committee", b"session"]
    big = total_bytes // 2 // 10  # ten files of ~1 MiB each, the rest small
    for n in range(unrelated):
        size = big if n < 10 else (total_bytes - 10 * big) // (unrelated - 10)
        line = b" ".join(rng.choice(words) for _ in range(12)) + b"\n"
        (folder / f"unrelated-{n:03d}.txt").write_bytes((line * (size // len(line) + 1))[:size])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=11)
    ap.add_argument("--sources", default=str(REPO.parent / "shared" / "sources"))
    args = ap.parse_args()
    texts = Path(args.sources)
    if not any(texts.glob("004_*.txt")):
        print(f"needs the five source texts in {texts} (give --sources DIR)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="hrcli-bench-") as tmp:
        root = Path(tmp)
        only, big = root / "only", root / "big"
        fill(only, texts, 0, 0)
        fill(big, texts, 600, 19 * 1024 * 1024)
        copies, big_copies = root / "copies", root / "big-copies"
        fill(copies, texts, 0, 0, copies=True)
        fill(big_copies, texts, 600, 19 * 1024 * 1024, copies=True)
        size = sum(p.stat().st_size for p in big.iterdir()) / 2**20
        base = {
            **os.environ,
            "HRCLI_DATA_DIR": str(root / "data"),
            "HRCLI_CACHE_DIR": str(root / "cache"),
            "HRCLI_CONFIG_DIR": str(root / "config"),
        }
        base.pop("HRCLI_NO_CACHE", None)
        quote = [HRCLI, "quote", "unct-2009", "para. 22"]
        tab = [HRCLI]
        tab_env = {"_HRCLI_COMPLETE": "complete_bash", "COMP_WORDS": "hrcli quote unct-2009 para", "COMP_CWORD": "3"}
        cases = {
            "quote, texts only": (quote, {**base, "HRCLI_SOURCES_DIR": str(only)}),
            "quote, big folder": (quote, {**base, "HRCLI_SOURCES_DIR": str(big)}),
            "TAB locator, big folder": (tab, {**base, **tab_env, "HRCLI_SOURCES_DIR": str(big)}),
            "quote a CRLF copy, copies only": (quote, {**base, "HRCLI_SOURCES_DIR": str(copies)}),
            "quote a CRLF copy, big folder": (quote, {**base, "HRCLI_SOURCES_DIR": str(big_copies)}),
        }
        run_once(quote, cases["quote, texts only"][1])  # builds the facts cache
        first = run_once(*cases["quote, big folder"])  # recognises the 605 files once
        run_once(*cases["quote a CRLF copy, copies only"])
        first_copies = run_once(*cases["quote a CRLF copy, big folder"])  # matches the words of 605 files once
        # a cache that has the facts but has never seen the big folder: TAB must not read it either
        cold = {**cases["TAB locator, big folder"][1], "HRCLI_CACHE_DIR": str(root / "cold")}
        run_once(quote, {**cases["quote, texts only"][1], "HRCLI_CACHE_DIR": str(root / "cold")})
        seen = set(os.listdir(root / "cold" / "hrcli-texts"))
        times: dict[str, list[float]] = {name: [] for name in cases}
        times["TAB locator, big folder, cold cache"] = []
        for _ in range(args.rounds):
            order = list(cases)
            random.shuffle(order)
            for name in order:
                times[name].append(run_once(*cases[name]))
            times["TAB locator, big folder, cold cache"].append(run_once(tab, cold))
        if set(os.listdir(root / "cold" / "hrcli-texts")) != seen:
            raise SystemExit("TAB completion recognised the files of the big folder: it must never scan a folder")
        med = {name: statistics.median(t) for name, t in times.items()}
        print(
            f"texts folder, {args.rounds} interleaved rounds, medians; big folder: 605 files, {size:.1f} MiB;"
            f" first call on it (recognises every file) {first * 1000:.0f} ms, with CRLF copies {first_copies:.1f} s"
        )
        print(f"{'case':<40}{'median':>9}")
        for name, m in med.items():
            print(f"{name:<40}{m * 1000:>7.1f}ms")
        ratio = med["quote, big folder"] / med["quote, texts only"]
        tab_ratio = med["TAB locator, big folder, cold cache"] / med["quote, texts only"]
        copy_ratio = med["quote a CRLF copy, big folder"] / med["quote a CRLF copy, copies only"]
        print(f"big folder / texts only, quote: {ratio:.2f} (<= 2: {'yes' if ratio <= 2 else 'NO'})")
        print(f"TAB with a cold cache / quote, texts only: {tab_ratio:.2f} (<= 2: {'yes' if tab_ratio <= 2 else 'NO'})")
        print(f"big folder / copies only, a copy: {copy_ratio:.2f} (<= 2: {'yes' if copy_ratio <= 2 else 'NO'})")
        return 0 if ratio <= 2 and tab_ratio <= 2 and copy_ratio <= 2 else 1


if __name__ == "__main__":
    raise SystemExit(main())
