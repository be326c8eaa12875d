"""Writing the user's files: one lock, parallel writers and kills leave every file parseable."""

from __future__ import annotations

import os
import tomllib

import pytest

from conftest import add_source, facts_dir, run

# -- issue 12, hard edges ------------------------------------------------------------------------------------------


# -- concurrency: parallel adds, and a writer killed mid-write ------------------------------------------------


@pytest.mark.slow
def test_parallel_adds_and_imports_with_sigkill_leave_every_file_parseable(isolated):
    import json
    import random
    import signal
    import subprocess
    import sys

    assert add_source().code == 0
    env = {**os.environ, "HRCLI_DATA_DIR": str(isolated / "data"), "HRCLI_CACHE_DIR": str(isolated / "cache")}
    rng = random.Random(12)
    procs = []
    for n in range(12):
        if n % 2:
            args = ["add", "event", "--date", "2025", "--summary", f"event {n}", "--source", "my-src", "--locator", "p"]
        else:
            rows = "".join(f"2025,event {n} row {k},my-src,p. {k}\n" for k in range(200))
            (isolated / f"batch{n}.csv").write_text("date,summary,source,locator\n" + rows, encoding="utf-8")
            args = ["import", str(isolated / f"batch{n}.csv")]
        procs.append(
            subprocess.Popen(
                [sys.executable, "-m", "hrcli", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
        )
    killed = set()
    for n, p in enumerate(procs):
        if n % 3 == 0:
            import time

            time.sleep(rng.uniform(0.05, 0.4))
            p.send_signal(signal.SIGKILL)
            killed.add(n)
    codes = {n: p.wait(timeout=120) for n, p in enumerate(procs)}
    for p in procs:
        p.communicate()
    data = tomllib.loads((facts_dir(isolated) / "user.toml").read_text(encoding="utf-8"))
    landed = {e["summary"] for e in data.get("events", [])}
    for f in facts_dir(isolated).glob("import-*.json"):  # every file parses
        landed |= {e["summary"] for e in json.loads(f.read_text(encoding="utf-8")).get("events", [])}
    for n, c in codes.items():  # every completed write is there, whole
        if c == 0:
            want = {f"event {n}"} if n % 2 else {f"event {n} row {k}" for k in range(200)}
            assert want <= landed, n
        elif n % 2 == 0:  # a killed import is all or nothing
            assert not any(x.startswith(f"event {n} row ") for x in landed) or all(
                f"event {n} row {k}" in landed for k in range(200)
            ), n
    assert all(c == 0 for n, c in codes.items() if n not in killed), codes
    assert run("validate").code == 0
    for f in facts_dir(isolated).iterdir():  # a killed writer leaves at most a hidden temporary file
        assert f.name.startswith(".") or f.name == "user.toml" or f.name.startswith("import-batch"), f


# -- issue 14, written against mutants that survived the suite -----------------------------------------------------


def test_writers_hold_one_lock_on_the_data_folder(isolated):
    """add/remove/import take folder/.lock through filelock: a second holder waits (here: times out)."""
    import filelock

    from hrcli import writer

    folder = isolated / "data" / "facts"
    with writer.locked(folder), pytest.raises(filelock.Timeout):
        filelock.FileLock(folder / ".lock", timeout=0.05).acquire()
    with filelock.FileLock(folder / ".lock", timeout=0.05):  # released after the block
        pass


def test_a_user_toml_too_large_to_read_back_is_never_written(isolated, monkeypatch):
    from hrcli import safefile

    monkeypatch.setattr(safefile, "MAX_INPUT_BYTES", 300_000)  # the bundled base (~0.2 MB) still reads
    r = run("add", "event", "--date", "2024", "--summary", "x" * 400_000, "--source", "gov-2011", "--locator", "p. 1")
    assert r.code == 1 and "not written" in r.stderr
    assert not (isolated / "data" / "facts" / "user.toml").exists()
