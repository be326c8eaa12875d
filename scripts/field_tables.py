"""Rewrite the field tables of docs/facts-format.md from hrcli.schema, the one declaration of every record kind.

    python scripts/field_tables.py [DOC]

Each table stands between ``<!-- fields: NAME -->`` and ``<!-- /fields -->``; the text around them is the
docs' own. tests/test_schema.py fails when a table and the declaration differ.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from hrcli import schema, vocab

DOC = Path(__file__).resolve().parent.parent / "docs" / "facts-format.md"
# the closed vocabularies the docs spell out: {words} in code, {plain} as text
CLOSED = {"statuses": vocab.STATUSES, "mechanisms": vocab.MECHANISMS, "actions": vocab.ACTIONS, "voices": vocab.VOICES}


def _need(f: schema.Field) -> str:
    return f.need or ("required" if f.required else "optional")


def _meaning(f: schema.Field) -> str:
    words = tuple(CLOSED.get(f.vocab or "", ()))
    return f.doc.format(words=", ".join(f"`{w}`" for w in words), plain=", ".join(words))


def _table(rows: list[tuple[str, str, str]]) -> str:
    lines = ["| field | | meaning |", "|---|---|---|"]
    lines += [f"| {name} | {need} | {doc} |" for name, need, doc in rows]
    return "\n".join(lines)


def _rows(kind: str, skip: set[str] | frozenset[str] = frozenset()) -> list[tuple[str, str, str]]:
    return [(f.name, _need(f), _meaning(f)) for f in schema.file_fields(kind) if f.name not in skip]


def tables() -> dict[str, str]:
    """The docs' field tables by block name: events, claims and recommendations share one ("facts"), the
    recommendations' UPR fields have their own ("upr"), an event's vote and treaty-status fields theirs ("votes")."""
    events = schema.KINDS["events"].by_name
    facts = [
        (f.name, "required for events" if events[f.name].required and not f.required else _need(f), _meaning(f))
        for f in schema.file_fields("claims")
    ]
    claims = {f.name for f in schema.file_fields("claims")}
    return {
        "sources": _table(_rows("sources")),
        "facts": _table(facts),
        "upr": _table(_rows("recommendations", claims)),
        "votes": _table(_rows("events", claims)),
        "stats": _table(_rows("stats")),
        "conflicts": _table(_rows("conflicts")),
        "sides": _table(_rows("sides")),
    }


def rewrite(text: str) -> str:
    """``text`` with every field table replaced by the declared one."""
    made = tables()

    def block(m: re.Match) -> str:
        return f"<!-- fields: {m[1]} -->\n{made[m[1]]}\n<!-- /fields -->"

    return re.sub(r"<!-- fields: (\w+) -->\n.*?<!-- /fields -->", block, text, flags=re.S)


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else DOC
    old = path.read_text(encoding="utf-8")
    new = rewrite(old)
    if new != old:
        path.write_text(new, encoding="utf-8")
        print(f"rewrote the field tables of {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
