"""``hrcli search [TEXT]``: full-text search, case- and accent-insensitive, over every record, with the
filters every listing shares; without words, what the filters select."""

from typing import Annotated

import typer

from .. import options as o
from ..errors import UsageError
from ..output import emit
from ..views.records import SEARCH_FIELDS, generic_view, with_states
from .common import load_base, require_words

HELP = f"""Full-text search over all facts, statistics, disagreements and sources. Every word must match,
ignoring case, accents and plural ('izsak' finds Izsák, 'child' and 'children' find the same). Results
in date order. Narrow them with the filters of timeline (--from, --to, --mechanism, --body, --topic,
--source, --voice, --status, --action, --origin, --disputed): they keep the same records here as
there. --kind: event, claim, recommendation, stat, conflict, source or all (the default). A
disagreement is kept when any of its sides matches --source or --voice. With filters and no words,
search lists every record the filters keep.

Fields: {", ".join(SEARCH_FIELDS)} (a recommendation's State under review and the State that made it).
"""


def search(
    ctx: typer.Context,
    text: Annotated[
        list[str] | None,
        typer.Argument(help="Words to look for (none: list what the filters keep).", show_default=False),
    ] = None,
    year_from: o.YearFrom = None,
    year_to: o.YearTo = None,
    mechanism: o.MechanismOpt = None,
    body: o.BodyOpt = None,
    source: o.SourceOpt = None,
    voice: o.VoiceOpt = None,
    topic: o.TopicOpt = None,
    status: o.StatusOpt = None,
    action: o.ActionOpt = None,
    origin: o.OriginOpt = None,
    disputed: o.DisputedOpt = False,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind", "-k", help="event, claim, recommendation, stat, conflict, source or all.", show_default=False
        ),
    ] = None,
    limit: o.LimitOpt = None,
    all_states: o.AllStatesOpt = False,
    compact: o.CompactOpt = False,
    fmt: o.FormatOpt = None,
    as_json: o.JsonOpt = False,
) -> None:
    form = o.resolve_format(fmt, as_json)
    from ..safefile import display

    query = display(" ".join(text or ()))  # bytes that are not UTF-8 match nothing; SQLite cannot take them
    _bounded(query)
    f = o.query(ctx, words=query)
    if not f.narrows() and kind is None:
        raise UsageError(
            "search needs at least one word or a filter, e.g. hrcli search izsak, hrcli search --topic children"
        )
    kinds = o.kinds(kind, o.SEARCH_KINDS, default="all")
    run = o.settings(ctx)
    base = load_base(run)
    require_words(base, f, body)
    hits = base.select(kinds, f)
    what = query.strip() or _described(ctx)
    v = generic_view(hits[:limit], base, f"Search: {what}", f"Nothing matches {what!r}.")
    if all_states:
        with_states(v)
    v.total, v.compact = len(hits), compact
    emit(v, form, run, base)


# Every word is one LIKE pattern in one query: SQLite refuses a pattern over 50,000 bytes and a query of about
# 1,000 conditions. No record's text holds a longer word or needs more words to be found.
MAX_WORDS = 100
MAX_WORD_CHARS = 1000


def _bounded(query: str) -> None:
    """A usage error, naming the limit, for a search SQLite could not run."""
    words = query.split()
    if len(words) > MAX_WORDS:
        raise UsageError(f"search takes at most {MAX_WORDS} words (got {len(words):,})")
    longest = max(words, key=len, default="")
    if len(longest) > MAX_WORD_CHARS:
        raise UsageError(
            f"search takes words of at most {MAX_WORD_CHARS:,} characters (got one of {len(longest):,}: "
            f"{longest[:20]}...)"
        )


def _described(ctx: typer.Context) -> str:
    """The filters as typed, for the title of a word-less search."""
    parts = []
    for name, value in ctx.params.items():
        if name in ("text", "limit", "compact", "fmt", "as_json", "kind") or value in (None, False):
            continue
        flag = {"year_from": "from", "year_to": "to"}.get(name, name)
        parts.append(f"--{flag}" if value is True else f"--{flag} {value}")
    return " ".join(parts)


def register(app: typer.Typer) -> None:
    app.command("search", help=HELP)(search)
