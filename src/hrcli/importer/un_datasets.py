"""The UN's datasets (OHCHR voting records, UN Treaty Collection status tables, OHCHR's ratification dashboard),
recognised by their header, so ``hrcli import FILE`` needs no flags. (The UPR datasets, read column by column
through the generic mapping, are in ``profiles``; these rows are read whole by each profile's reader.)

A profile maps the dataset's columns to fields, names the source it registers (publisher, dataset, file, date read)
and says in one line what it recognised. ``detect(header)`` finds the profile whose columns a header has (None:
the generic path, columns mapped by name); ``apply(profile, table)`` is the table as that profile reads it: rows
whose columns are hrcli's fields, the registered source among its sources. Loaded only by ``hrcli import``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .profile import Profile
from .table import Row, Table, row_locator


def _profiles() -> tuple[Profile, ...]:
    from .profiles_un import PROFILES as UN

    return (*UN,)


PROFILES: tuple[Profile, ...] = _profiles()
__all__ = ["PROFILES", "Profile", "apply", "detect"]


def detect(header: list[str], name: str = "") -> Profile | None:
    """The profile whose columns ``header`` has (the first that fits; some also look at the file's ``name``), else
    None."""
    return next((p for p in PROFILES if p.matches(header, name)), None)


def near(header: list[str]) -> tuple[Profile, list[str]] | None:
    """A near miss: the profile whose columns ``header`` holds most of (two or more, at least two thirds, its
    hints counted) but not all it needs, with those it lacks as the dataset spells them; None when none is close."""
    best: tuple[float, Profile, list[str]] | None = None
    for p in PROFILES:
        got, total, lacking = p.lacks(header)
        if not lacking or got < max(2, -(-2 * total // 3)):
            continue
        if best is None or got / total > best[0]:
            best = (got / total, p, lacking)
    return (best[1], best[2]) if best else None


def apply(profile: Profile, table: Table, all_states: bool = False, sets: list[tuple[str, str]] | None = None) -> Table:
    """``table`` read through ``profile``: its records as rows of fields, the dataset's source registered. Rows about
    other States than Belarus are left out unless ``all_states``; after a pass, ``table.left_out`` (an attribute
    set here) says how many. ``sets`` (--set FIELD=VALUE) may name what the file does not: the treaty a status
    file is about, the day its dateless statuses are as of."""
    from .profile import register_source

    source = register_source(profile, table)
    ctx: dict[str, Any] = {"name": table.name, "all_states": all_states, "left_out": 0, "date_read": source["accessed"]}
    ctx["set"] = dict(sets or ())
    ctx["title"] = table.title  # a title row above the header: where a status file may name its treaty
    out = Table(
        table.name,
        [],
        sources=[("source", source)],
        encoding=table.encoding,
        format=table.format,
        path=table.path,
        reader=lambda: _records(profile, table, ctx, source["id"]),
    )
    out.columns = _columns(profile)
    out.unread = profile.unread(table.columns)  # type: ignore[attr-defined]
    out.profile = profile  # type: ignore[attr-defined]
    out.ctx = ctx  # type: ignore[attr-defined]
    return out


def _columns(profile: Profile) -> list[str]:
    from ..schema import KINDS

    return [f.name for f in KINDS[profile.kind].fields if f.required is not None]


def _records(profile: Profile, table: Table, ctx: dict[str, Any], source: str) -> Iterator[Row]:
    import json

    ctx["left_out"] = ctx["undated"] = 0
    first: dict[str, str] = {}  # a record's content -> the row it was first read from
    seen: dict[str, int] = {}  # each row read -> its number under the header (for a reader that gives none)
    for where, rec in profile.read(table.iter_rows(), ctx):
        rec.setdefault("source", source)
        # an identical repeated row cites its first row: the same id, so the import keeps it once. The row as a
        # spreadsheet shows it (table.row_locator: header row 1, blank rows counted), as the UPR profiles cite
        key = json.dumps(rec, sort_keys=True, default=str)
        rec.setdefault("locator", first.setdefault(key, row_locator(where, seen.setdefault(where, len(seen) + 1))))
        yield where, rec
