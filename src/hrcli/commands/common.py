"""What the subcommands share beyond options: loading the base for this call, checking --source."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..settings import Settings

if TYPE_CHECKING:
    from ..store import FactBase


def require_source(base: FactBase, source: str | None) -> None:
    """--source must name a registered source. Checked after loading: user files may register sources."""
    if source is not None and source.strip().casefold() not in base.sources:
        from ..errors import did_you_mean

        raise did_you_mean(source, base.sources, "source")


def load_base(settings: Settings) -> FactBase:
    """Load the fact base for a command (bundled + user, or bundled alone under --bundled-only or
    HRCLI_USER=0) and say on stderr what the data layer noted while reading; errors reach cli.main
    as FactFileError."""
    from ..output import err
    from ..store import load

    base = load(user=settings.user)
    for line in base.notes:
        err(line)
    return base
