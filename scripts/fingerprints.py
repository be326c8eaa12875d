"""Write data/fingerprints.json: hashes of every bundled passage, from the texts in ../shared/sources.

Run after a change to the texts, the layouts or the locator grammar:
    python scripts/fingerprints.py [SOURCES_DIR]
The texts themselves never enter the repository; only these hashes and layout offsets do.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from hrcli import passages
from hrcli.passages import fingerprint
from hrcli.store import load

REPO = Path(__file__).resolve().parent.parent


def build(folder: Path) -> dict:
    out = {}
    base = load()
    for src in base.sources.values():
        if src.origin != "bundled" or not src.sha256:
            continue
        path = passages.find_text(src, folder)
        text = passages.texts.read_text(path)
        out[src.id] = {"sha256": src.sha256, "passages": fingerprint.of_text(src.id, text)}
    return out


def render(data: dict) -> str:
    """One passage a line, in document order, so a change to the texts shows as a readable diff."""
    lines = ["{"]
    for i, (sid, entry) in enumerate(data.items()):
        lines.append(f'  {json.dumps(sid)}: {{"sha256": {json.dumps(entry["sha256"])}, "passages": {{')
        items = list(entry["passages"].items())
        for j, (loc, fp) in enumerate(items):
            comma = "," if j < len(items) - 1 else ""
            lines.append(f"    {json.dumps(loc, ensure_ascii=False)}: {json.dumps(fp, ensure_ascii=False)}{comma}")
        lines.append("  }}" + ("," if i < len(data) - 1 else ""))
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "sources"
    target = REPO / "data" / "fingerprints.json"
    target.write_text(render(build(folder)), encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
