"""Regenerate completions/ from the app: ``python scripts/completions.py`` (``--check`` only compares)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILES = {"bash": "hrcli.bash", "zsh": "_hrcli", "fish": "hrcli.fish"}


def generate(shell: str) -> str:
    """The completion script typer makes for ``shell`` (run as ``python -m hrcli``; it names itself hrcli)."""
    env = {**os.environ, "_HRCLI_COMPLETE": f"source_{shell}"}
    out = subprocess.run([sys.executable, "-m", "hrcli"], env=env, capture_output=True, text=True, check=True)
    return out.stdout


def main(argv: list[str]) -> int:
    stale = []
    for shell, name in FILES.items():
        path = ROOT / "completions" / name
        text = generate(shell)
        if "--check" in argv:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if stale:
        print("stale completion scripts: " + ", ".join(stale) + " (run python scripts/completions.py)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
