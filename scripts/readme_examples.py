"""Re-run README's examples and keep its figures true: ``python scripts/readme_examples.py`` rewrites them,
``--check`` only compares (exit 1 naming what drifted; tests/test_readme.py runs it).

- Examples: in every fenced block, each ``$ hrcli ...`` line is run as ``sh`` runs it (pipes included) in
  an 80-column terminal's width (``COLUMNS=80``, piped: no pager, no colour), on the bundled facts alone
  (empty data, config and cache folders), stdout and stderr together; what follows it up to the next
  ``$`` line is its output. An output README trims ends with a line ``…``: only the lines above it are
  kept (rewritten as the first as many lines of the real output). A command README shows no output for
  is not run. One that needs what is missing here (the source texts in ../shared/sources, a program such as
  jq) is left as it is and named.
- Figures: "over N tests" is the number of tests pytest collects, rounded down to a hundred.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
SOURCES = ROOT.parent / "shared" / "sources"
TRIM = "…"
WIDTH = "80"
_FENCE = re.compile(r"^```")
_TESTS = re.compile(r"over ([0-9][0-9,]*) tests")


def _env(home: Path) -> dict[str, str]:
    bindir = os.path.dirname(sys.executable)  # the venv's hrcli
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HRCLI_", "PAGER", "LINES"))}
    env.update(
        {
            "PATH": bindir + os.pathsep + env.get("PATH", ""),
            "COLUMNS": WIDTH,
            "HRCLI_DATA_DIR": str(home / "data"),
            "HRCLI_CONFIG_DIR": str(home / "config"),
            "HRCLI_CACHE_DIR": str(home / "cache"),
            "NO_COLOR": "1",
            "LC_ALL": "C.UTF-8",
            "PYTHONIOENCODING": "utf-8",
        }
    )
    if SOURCES.is_dir():
        env["HRCLI_SOURCES_DIR"] = str(SOURCES)
    return env


def _needs(command: str) -> str | None:
    """What ``command`` needs that is not here, or None."""
    if ("quote" in command.split() or "--passage" in command.split()) and not SOURCES.is_dir():
        return "the source texts (../shared/sources)"
    for tool in re.findall(r"\|\s*([A-Za-z0-9_-]+)", command):
        if shutil.which(tool) is None:
            return tool
    return None


def _run(command: str, env: dict[str, str]) -> list[str]:
    r = subprocess.run(
        ["sh", "-c", command + " 2>&1"], env=env, cwd=ROOT, capture_output=True, text=True, encoding="utf-8"
    )
    return [line.rstrip() for line in r.stdout.rstrip("\n").split("\n")] if r.stdout.strip() else []


def examples(lines: list[str]) -> list[tuple[int, int, str]]:
    """Each README example: (index of its ``$`` line, index after its last output line, command)."""
    out = []
    fenced = False
    current: list[int] = []
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            if fenced:
                out += _segments(lines, current, i)
                current = []
            fenced = not fenced
        elif fenced and line.startswith("$ hrcli "):
            current.append(i)
    return out


def _segments(lines: list[str], starts: list[int], end: int) -> list[tuple[int, int, str]]:
    out = []
    for n, i in enumerate(starts):
        stop = starts[n + 1] if n + 1 < len(starts) else end
        out.append((i, stop, lines[i][2:]))
    return out


def _command(text: str) -> str:
    """The command of a ``$`` line, without the comment README adds after two or more spaces."""
    return re.sub(r"\s{2,}#.*$", "", text).strip()


def refresh(lines: list[str], env: dict[str, str]) -> tuple[list[str], list[str], list[str]]:
    """README's lines with every example's output as it is now; the commands that drifted; those left as
    they are (with what they need)."""
    new = list(lines)
    drifted, left = [], []
    for start, stop, text in reversed(examples(lines)):
        shown = lines[start + 1 : stop]
        if not shown:
            continue  # README shows no output for it
        command = _command(text)
        need = _needs(command)
        if need is not None:
            left.append(f"{command} (needs {need})")
            continue
        real = _run(command, env)
        if shown[-1].strip() == TRIM:
            kept = len(shown) - 1
            want = real[:kept] + [TRIM] if len(real) > kept else real
        else:
            want = real
        if want != [line.rstrip() for line in shown]:
            drifted.append(command)
            new[start + 1 : stop] = want
    return new, drifted[::-1], left[::-1]


def test_count() -> int:
    """How many tests pytest collects."""
    r = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-n", "0", "-p", "no:cacheprovider"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    m = re.search(r"^([0-9]+) tests? collected", r.stdout, re.M)
    if m is None:
        raise SystemExit("pytest collected nothing:\n" + r.stdout[-2000:] + r.stderr[-2000:])
    return int(m[1])


def figures(text: str, tests: int) -> str:
    """README's figures made true: 'over N tests', N the collected count rounded down to a hundred."""
    return _TESTS.sub(f"over {tests // 100 * 100:,} tests", text)


def main(argv: list[str]) -> int:
    check = "--check" in argv
    text = README.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="hrcli-readme-") as home:
        new_lines, drifted, left = refresh(text.split("\n"), _env(Path(home)))
    tests = test_count()
    new = figures("\n".join(new_lines), tests)
    if not _TESTS.search(text):
        drifted.append("the test count (README says 'over N tests' nowhere)")
    elif figures(text, tests) != text:
        drifted.append("the test count ('over N tests')")
    for command in left:
        print(f"not checked: {command}")
    if check:
        for command in drifted:
            print(f"README drifted: {command}")
        if drifted:
            print("run python scripts/readme_examples.py to refresh README")
        return 1 if drifted else 0
    if new != text:
        README.write_text(new, encoding="utf-8")
    for command in drifted:
        print(f"refreshed: {command}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
