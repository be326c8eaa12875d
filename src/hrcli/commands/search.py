"""``hrcli search TEXT``: full-text search, case- and accent-insensitive, over every record."""

from typing import Annotated

import typer

from .. import options as o
from ..errors import UsageError, did_you_mean
from ..model import Conflict, Source, Stat
from ..output import emit
from ..views.records import GENERIC_FIELDS, generic_view
from .common import load_base, require_words

HELP = f"""Full-text search over all facts, statistics, disagreements and sources. Every word must match,
ignoring case and accents ('izsak' finds Izsák). Results in date order. Narrow them with --source,
--voice (government, un-country-team, user, other), --topic and --kind (event, claim, recommendation,
stat, conflict, source); a disagreement is kept when any of its sides matches --source or --voice.

Fields: {", ".join(GENERIC_FIELDS)}.
"""


def search(
    ctx: typer.Context,
    text: Annotated[list[str], typer.Argument(help="Words to look for.", show_default=False)],
    source: o.SourceOpt = None,
    voice: Annotated[
        str | None, typer.Option("--voice", help="government, un-country-team, user or other.", show_default=False)
    ] = None,
    topic: o.TopicOpt = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind", "-k", help="event, claim, recommendation, stat, conflict or source.", show_default=False
        ),
    ] = None,
    limit: o.LimitOpt = None,
    compact: o.CompactOpt = False,
    fmt: o.FormatOpt = None,
    as_json: o.JsonOpt = False,
) -> None:
    form = o.resolve_format(fmt, as_json)
    from .. import vocab

    query = " ".join(text)
    if not query.split():
        raise UsageError("search needs at least one word, e.g. hrcli search izsak")
    f = o.filters(topic=topic, source=source)
    kinds = o.kinds(kind, o.SEARCH_KINDS, default="all")
    if voice is not None:
        voice = voice.strip().casefold()
        if voice not in vocab.VOICES:
            raise did_you_mean(voice, vocab.VOICES, "voice")
    run = o.settings(ctx)
    base = load_base(run)
    require_words(base, f)
    hits = [r for r in base.search(query, kinds) if _keep(r, base, f.source, voice, f.topic)]
    v = generic_view(hits[:limit], base, f"Search: {query}", f"Nothing matches {query!r}.")
    v.total, v.compact = len(hits), compact
    emit(v, form, run, base)


def _keep(rec, base, source: str | None, voice: str | None, topic: str | None) -> bool:
    if isinstance(rec, Conflict):
        cited = [s.source for s in rec.sides]
        topics: tuple = (rec.topic,)
    elif isinstance(rec, Source):
        cited, topics = [rec.id], ()
    else:
        cited = [rec.source]
        topics = (rec.topic,) if isinstance(rec, Stat) else rec.topics
    if source is not None and source not in cited:
        return False
    if voice is not None and voice not in {base.voice(s) for s in cited}:
        return False
    return topic is None or topic in topics


def register(app: typer.Typer) -> None:
    app.command("search", help=HELP)(search)
