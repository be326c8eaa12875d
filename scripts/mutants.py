"""Hand-made mutants: apply each to a copy of the tree and run tests; a mutant is killed when a test fails.

    python scripts/mutants.py [--only 3,7] [--jobs 2] [TEST ...]      (default: tests, without slow ones)

Not part of CI (a full run takes many minutes). Each mutant is one edit a plausible bug would make,
chosen where issue 14's review found the suite blind; docs/dev/mutation.md records the last run.
The copies live in a temporary folder beside a link to ../shared, so tests find the source texts.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# (file under src/hrcli, text, its replacement)
MUTANTS: list[tuple[str, str, str]] = [
    # the survivors named in issue 14
    ("view.py", 'if v is None:\n        return ""', 'if v is None:\n        return "None"'),
    ("commands/common.py", '"date": f.date or None,', '"date": f.start or None,'),
    ("output.py", 'return s.replace("\\\\", "\\\\\\\\").replace("|", "\\\\|")', 'return s.replace("\\\\", "\\\\\\\\")'),
    (
        "commands/common.py",
        "        voice = voice_of(base, s.source)\n        rows.append(",
        "        voice = voice_of(base, c.sides[0].source)\n        rows.append(",
    ),
    ("store.py", 'params.append(f"{f.year_to:04d}-12-31")', 'params.append(f"{f.year_to + 1:04d}-01-01")'),
    ("store.py", 'where.append("start <= ?")', 'where.append("start < ?")'),
    ("store.py", 'where.append("end >= ?")', 'where.append("end > ?")'),
    ("commands/search.py", "hits[:limit]", "hits"),
    ("commands/invitations.py", "recs[:limit]", "recs"),
    ("commands/timeline.py", "        rows = rows[:limit]", "        pass"),
    (
        "options.py",
        '    env = os.environ.get("HRCLI_FORMAT")\n',
        # the config file wins over HRCLI_FORMAT
        '    env = None if __import__("hrcli.config", fromlist=["get"]).get("format")'
        ' else os.environ.get("HRCLI_FORMAT")\n',
    ),
    ("store.py", '.replace("%", "\\\\%").replace("_", "\\\\_")', ""),
    ("writer.py", '"", sources, set(ids), origin="user")', '"", sources, set(), origin="user")'),
    (
        "cache.py",
        'if meta.get("key") != key or meta.get("format") != CACHE_FORMAT:',
        'if meta.get("format") != CACHE_FORMAT:',
    ),
    ("cache.py", 'if meta.get("key") != key or meta.get("format") != CACHE_FORMAT:', 'if meta.get("key") != key:'),
    ("cache.py", "{st.st_size}|{st.st_mtime_ns}|", "{st.st_size}|"),
    ("cache.py", "parts = [CACHE_FORMAT, __version__, _code_stamp()]", "parts = [CACHE_FORMAT, __version__]"),
    # dates, filters, the store
    (
        "cache.py",
        "return span[0], span[1], f\"{span[0]}|{r['end']}\"",
        'return span[0], r["end"], f"{span[0]}|{r[\'end\']}"',
    ),
    ("edtf.py", "hi = max(source_horizon, start) if end == OPEN_HI and source_horizon else end", "hi = end"),
    ("edtf.py", "lo = hi if start == OPEN_LO else start", "lo = start"),
    ("store.py", 'params.append(f"%,{f.topic},%")', 'params.append(f"%{f.topic}%")'),
    ("store.py", '("origin", f.origin),', ""),
    ("cache.py", 'return fold(" ".join(p for p in parts if p))', 'return " ".join(p for p in parts if p)'),
    ("store.py", "saved, f.limit = f.limit, None", "saved = f.limit"),
    (
        "store.py",
        "self.topic, self.source, self.status = _lower(topic), _lower(source), _lower(status)",
        "self.topic, self.source, self.status = topic, source, status",
    ),
    (
        "store.py",
        "for rid in dict.fromkeys([*(s.fact for s in c.sides if s.fact), *c.related]):",
        "for rid in dict.fromkeys([s.fact for s in c.sides if s.fact]):",
    ),
    # output
    (
        "output.py",
        'out.write(json_text(json.dumps(records, ensure_ascii=ascii_only, separators=(",", ":"))) + "\\n")',
        'out.write(json.dumps(records, ensure_ascii=ascii_only, separators=(",", ":")) + "\\n")',
    ),
    ("output.py", 's = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")', "pass"),
    ("output.py", "w.writerow(view.fields)", "pass"),
    ("view.py", '"U" if origin and origin != "bundled" else ""', '""'),
    # options
    (
        "options.py",
        "if yf is not None and yt is not None and yf > yt:",
        "if yf is not None and yt is not None and yf > yt + 1:",
    ),
    ("options.py", 'if fmt is not None and fmt.value != "json":', "if False:"),
    # writer
    ("writer.py", "if len(payload) > safefile.MAX_INPUT_BYTES:", "if False:"),
    ("writer.py", "                if users:\n", "                if False:\n"),
    # validate, loader, errors
    ("validate.py", "if rid in seen:", "if False:"),
    ("validate.py", "if len(sides) < 2:", "if len(sides) < 1:"),
    ("validate.py", 'r.setdefault("status", "done" if kind == "events" else "")', 'r.setdefault("status", "done")'),
    ("validate.py", "if isinstance(val, str) and required and not val.strip():", "if False:"),
    ("validate.py", 'if not re.fullmatch(r"[0-9a-f]{64}", val):', "if False:"),
    ("loader.py", "    problems += _dangling(out)\n", ""),
    ("validate.py", 'return v == v and abs(v) != float("inf")', "return True"),
    ("errors.py", "if not close and len(word) >= 3:", "if False:"),
    ("writer.py", "            return kind\n    return None", "            return kind\n    return 'events'"),
    ("options.py", 'raise did_you_mean(text, vocab.body_words(), "committee")', "return text"),
    ("commands/common.py", '"end": bound(f.end),', '"end": f.end,'),
]


def run_one(n: int, work: Path, tests: list[str]) -> tuple[int, str]:
    file, old, new = MUTANTS[n]
    copy = work / f"m{n}"
    shutil.copytree(REPO, copy, ignore=shutil.ignore_patterns(".git", ".venv", "__pycache__", ".hypothesis"))
    target = copy / "src" / "hrcli" / file
    text = target.read_text(encoding="utf-8")
    if old not in text:
        shutil.rmtree(copy)
        return n, "not applied"
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(copy / "src")}
    cmd = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-m", "not slow", *tests]
    r = subprocess.run(cmd, cwd=copy, env=env, capture_output=True, text=True, check=False)
    shutil.rmtree(copy)
    return n, "killed" if r.returncode != 0 else "SURVIVED"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", default="", help="comma-separated mutant numbers")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--check", action="store_true", help="only say which mutants no longer apply")
    ap.add_argument("tests", nargs="*", default=["tests"])
    a = ap.parse_args()
    picked = [int(x) for x in a.only.split(",") if x] or list(range(len(MUTANTS)))
    if a.check:
        stale = [n for n in picked if MUTANTS[n][1] not in (REPO / "src" / "hrcli" / MUTANTS[n][0]).read_text()]
        print(f"{len(picked) - len(stale)} apply; stale: {stale}")
        return 1 if stale else 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "copies"
        work.mkdir()
        (work / "shared").symlink_to(REPO.parent / "shared")  # tests look for the source texts in ../shared
        with ThreadPoolExecutor(a.jobs) as ex:
            results = sorted(ex.map(lambda n: run_one(n, work, a.tests), picked))
    for n, verdict in results:
        file, old, _new = MUTANTS[n]
        print(f"{n}\t{verdict}\t{file}\t{old.strip().splitlines()[0][:70]}")
    killed = sum(v == "killed" for _, v in results)
    alive = sum(v == "SURVIVED" for _, v in results)
    print(f"killed {killed}, survived {alive}, not applied {len(results) - killed - alive}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
