"""``hrcli remove ID``: remove one of the user's own records. Bundled facts are read-only."""

from typing import Annotated

import typer

from .. import options as o
from ..errors import DataError, UsageError, did_you_mean
from ..loader import FactFileError
from ..output import err
from .common import load_base

HELP = """Remove one of your own records (from <data dir>/facts/user.toml) by id, or a whole import
with --import NAME (the imported file's name; see 'hrcli import --list').

Bundled facts are read-only. Records in your other, hand-written fact files are left to you to edit.
"""


def remove(
    ctx: typer.Context,
    record_id: Annotated[
        str | None,
        typer.Argument(metavar="ID", help="Id of your record.", autocompletion=o.complete_own_id, show_default=False),
    ] = None,
    import_name: Annotated[
        str | None, typer.Option("--import", help="Remove everything one import added.", metavar="NAME")
    ] = None,
) -> None:
    from .. import writer

    if import_name is not None:
        if record_id is not None:
            raise UsageError("give an ID or --import NAME, not both")
        from .. import importer

        imp = importer.forget(import_name)
        err(f"removed import {imp['name']} ({imp['records']} record(s)): {imp['file']}")
        _standing(imp.get("standing", []))
        return
    if record_id is None:
        raise UsageError("give the ID of one of your records, or --import NAME")
    try:
        base = load_base(o.settings(ctx))
        broken: list = []
    except FactFileError as e:
        base = None  # a broken fact base must not lock the user out of the command that repairs it
        broken = e.problems
    rec = base.get(record_id) if base is not None else None
    if base is not None and rec is None:
        # only the user's own records can be removed: suggest only those
        mine = base.ids(origin="user")
        if not mine:
            raise UsageError(f"no record {record_id!r}, and you have no records of your own to remove")
        raise did_you_mean(record_id, mine, "record id of yours")
    if rec is not None and rec.origin == "bundled":
        raise UsageError(f"{record_id!r} is a bundled fact, which is read-only; only your own records can be removed")
    if rec is not None:
        record_id = rec.id  # as stored (ids are lower-case; the user may have typed another case)
    if rec is not None and rec.imported_from:
        from .. import importer

        path = importer.file_of(rec.id)  # the import that holds it: file names need not be unique
        kind = importer.remove_record(rec.id, path)
        err(f"removed {kind.rstrip('s')} {rec.id} from {path}")
        return
    kind = writer.remove(record_id)
    if kind is None and base is None:
        # the fact base could not be read, so which file holds the id is unknown: try the imports too
        from .. import importer

        try:
            path = importer.file_of(record_id)
        except DataError:
            raise UsageError(
                f"no record {record_id!r} in {writer.user_file()} or your imports; other files were not searched "
                f"because {broken[0] if broken else 'your fact base cannot be read'}"
            ) from None
        kind = importer.remove_record(record_id, path)
        err(f"removed {kind.rstrip('s')} {record_id} from {path}")
        _standing(broken)
        return
    if kind is None:
        raise UsageError(
            f"{record_id!r} is in one of your hand-written files, not in {writer.user_file()}; "
            "edit that file to remove it"
        )
    err(f"removed {kind.rstrip('s')} {record_id} from {writer.user_file()}")
    _standing(broken)


def _standing(problems: list) -> None:
    """Name a problem the fact base had before the removal and still has: the user's next step, not this one's."""
    if problems:
        more = f" (and {len(problems) - 1} more; 'hrcli validate' lists them)" if len(problems) > 1 else ""
        err(f"note: still to fix, not caused by this removal: {problems[0]}{more}")


def register(app: typer.Typer) -> None:
    app.command("remove", help=HELP)(remove)
