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
from .table import Row, Table


def _profiles() -> tuple[Profile, ...]:
    from .profiles_un import PROFILES as UN

    return (*UN,)


PROFILES: tuple[Profile, ...] = _profiles()
__all__ = ["PROFILES", "Profile", "apply", "detect"]


def detect(header: list[str]) -> Profile | None:
    """The profile whose columns ``header`` has (the first that fits), else None."""
    return next((p for p in PROFILES if p.matches(header)), None)


def apply(profile: Profile, table: Table, all_states: bool = False) -> Table:
    """``table`` read through ``profile``: its records as rows of fields, the dataset's source registered. Rows about
    other States than Belarus are left out unless ``all_states``; after a pass, ``table.left_out`` (an attribute
    set here) says how many."""
    from .profiles_un import register_source

    source = register_source(profile, table)
    ctx: dict[str, Any] = {"name": table.name, "all_states": all_states, "left_out": 0, "date_read": source["date"]}
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
    out.profile = profile  # type: ignore[attr-defined]
    out.ctx = ctx  # type: ignore[attr-defined]
    return out


def _columns(profile: Profile) -> list[str]:
    from ..schema import KINDS

    return [f.name for f in KINDS[profile.kind].fields if f.required is not None]


def _records(profile: Profile, table: Table, ctx: dict[str, Any], source: str) -> Iterator[Row]:
    import json

    ctx["left_out"] = 0
    first: dict[str, str] = {}  # a record's content -> the line it was first read from
    for where, rec in profile.read(table.iter_rows(), ctx):
        rec.setdefault("source", source)
        # an identical repeated row cites its first line: the same id, so the import keeps it once
        key = json.dumps(rec, sort_keys=True, default=str)
        rec.setdefault("locator", first.setdefault(key, where))
        yield where, rec
