"""``hrcli search TEXT``: full-text search, case- and accent-insensitive, over every record."""

from typing import Annotated

import typer

from .. import options as o
from ..errors import UsageError
from ..output import emit
from . import GENERIC_FIELDS, generic_view, load_base

HELP = f"""Full-text search over all facts, statistics, disagreements and sources. Every word must match,
ignoring case and accents ('izsak' finds Izsák). Results in date order.

Fields: {", ".join(GENERIC_FIELDS)}.
"""


def search(
    text: Annotated[list[str], typer.Argument(help="Words to look for.", show_default=False)],
    limit: o.LimitOpt = None,
    fmt: o.FormatOpt = None,
    as_json: o.JsonOpt = False,
) -> None:
    form = o.resolve_format(fmt, as_json)
    query = " ".join(text)
    if not query.split():
        raise UsageError("search needs at least one word, e.g. hrcli search izsak")
    base = load_base()
    hits = base.search(query)
    if limit is not None:
        hits = hits[:limit]
    emit(generic_view(hits, base, f"Search: {query}", f"Nothing matches {query!r}."), form)


def register(app: typer.Typer) -> None:
    app.command("search", help=HELP)(search)
