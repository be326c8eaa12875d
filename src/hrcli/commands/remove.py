"""``hrcli remove ID``: remove one of the user's own records. Bundled facts are read-only."""

from typing import Annotated

import typer

from .. import options as o
from ..errors import UsageError, did_you_mean
from ..output import err
from . import load_base

HELP = """Remove one of your own records (from <data dir>/facts/user.toml) by id.

Bundled facts are read-only. Records in your other, hand-written fact files are left to you to edit.
"""


def remove(
    record_id: Annotated[
        str, typer.Argument(metavar="ID", help="Id of your record.", autocompletion=o.complete_id, show_default=False)
    ],
) -> None:
    from .. import writer

    base = load_base()
    rec = base.get(record_id)
    if rec is None:
        raise did_you_mean(record_id, base.ids(), "record id")
    if rec.origin == "bundled":
        raise UsageError(f"{record_id!r} is a bundled fact, which is read-only; only your own records can be removed")
    try:
        kind = writer.remove(record_id)
    except KeyError:
        raise UsageError(
            f"{record_id!r} is in one of your hand-written files, not in {writer.user_file()}; "
            "edit that file to remove it"
        ) from None
    err(f"removed {kind.rstrip('s')} {record_id} from {writer.user_file()}")


def register(app: typer.Typer) -> None:
    app.command("remove", help=HELP)(remove)
