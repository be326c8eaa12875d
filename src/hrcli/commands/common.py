"""What the subcommands share beyond options: loading the base for this call, checking --source."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import did_you_mean
from ..output import err
from ..settings import Settings
from ..vocab import body_words

if TYPE_CHECKING:
    from ..store import FactBase


def require_source(base: FactBase, source: str | None) -> None:
    """--source must name a registered source. Checked after loading: user files may register sources."""
    if source is not None and source.strip().casefold() not in base.sources:
        raise did_you_mean(source, base.sources, "source")


def require_words(base: FactBase, f, body: str | None = None) -> None:
    """--source, --topic and --body must name what the base knows: the bundled vocabulary or the user's own
    records' topics and committee codes. Checked after loading, for the user's words count; an unknown word is
    a usage error with a suggestion, never a filter that silently keeps nothing."""
    require_source(base, f.source)
    if f.topic is not None:
        known = base.topics()
        if f.topic not in known:
            raise did_you_mean(f.topic, known, "topic")
    if f.body is not None:
        known = base.bodies()
        if f.body not in known:
            raise did_you_mean(body or f.body, [*known, *body_words()], "committee")


def require_state(base: FactBase, f, typed: str | None = None) -> str | None:
    """The other State --state names (``f.of_state``, folded) as the records spell it; a usage error naming the
    States the events are about when none is, and for Belarus (whose events are listed without --state)."""
    if f.of_state is None:
        return None
    from ..cache import fold, is_home_name
    from ..errors import UsageError

    if is_home_name(f.of_state):
        raise UsageError("--state names another State: Belarus's events are listed without it")
    states = base.other_states()
    named = next((s for s in states if fold(s.strip()) == f.of_state), None)
    if named is None:
        if not states:
            raise UsageError(
                "--state names another State, and no event is about one: import a dataset with --all-states"
            )
        raise did_you_mean(typed or f.of_state, states, "State of an event")
    return named


def load_base(settings: Settings) -> FactBase:
    """Load the fact base for a command (bundled + user, or bundled alone under --bundled-only or
    HRCLI_USER=0) and say on stderr what the data layer noted while reading; errors reach cli.main
    as FactFileError."""
    from ..store import load

    base = load(user=settings.user)
    for line in base.notes:
        err(line)
    return base
