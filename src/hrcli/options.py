"""Options shared by every command (one output contract, like sqlite-utils) and their completions."""

import os
from enum import Enum
from typing import Annotated

import typer

from . import vocab
from .errors import UsageError, did_you_mean
from .formats import biblio_names, output_names
from .model import FACT_KINDS, kind_word
from .settings import Settings
from .view import clean

# --format's choices, from hrcli.formats (the one list of format names)
Format = Enum("Format", [(f, f) for f in output_names()], type=str)


def settings(ctx: typer.Context) -> Settings:
    """This call's Settings: cli's root callback puts them on the typer context (``ctx.obj``); the
    defaults when a command runs under an app without that callback."""
    obj = ctx.find_root().obj
    return obj if isinstance(obj, Settings) else Settings()


FORMAT_HELP = (
    "Output format: table (default), json, jsonl, csv, md or html (one self-contained page). In csv and "
    "md, text starting with = + - @ gets a leading apostrophe so spreadsheets do not run it; add --csv-raw "
    "to keep cells as stored."
)
FormatOpt = Annotated[Format | None, typer.Option("--format", "-f", help=FORMAT_HELP, show_default=False)]


def __getattr__(name: str):
    """``BiblioFormat`` and ``BiblioFormatOpt`` (--format of sources and cite: the output formats and the
    bibliography ones), made when one of those commands is registered: creating an Enum class costs every
    other call start-up (about 0.3% of ``hrcli timeline --json``, counted in instructions)."""
    if name not in ("BiblioFormat", "BiblioFormatOpt"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    biblio = Enum("BiblioFormat", [(f, f) for f in (*output_names(), *biblio_names())], type=str)
    opt = Annotated[
        biblio | None,
        typer.Option(
            "--format",
            "-f",
            help=FORMAT_HELP
            + f" Or {', '.join(biblio_names())}: bibliography items for the sources cited (ids are the source ids).",
            show_default=False,
        ),
    ]
    globals().update(BiblioFormat=biblio, BiblioFormatOpt=opt)
    return globals()[name]


JsonOpt = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]


def resolve_format(fmt: Enum | None, as_json: bool) -> str:
    """The format to use: --json, then --format, then HRCLI_FORMAT, then the config file, then table.

    A bibliography format (BiblioFormatOpt) is only ever given with --format, never a default."""
    if as_json:
        if fmt is not None and fmt.value != "json":
            raise UsageError(f"--json and --format {fmt.value} disagree; give one of them")
        return "json"
    if fmt is not None:
        return fmt.value
    env = os.environ.get("HRCLI_FORMAT")
    if env:
        if env not in output_names():
            raise did_you_mean(env, output_names(), "format in HRCLI_FORMAT")
        return env
    from . import config

    return config.get("format") or "table"


# -- completions: fast, no data loading where the vocabulary is in code ---------------------------


def complete_body(incomplete: str) -> list[tuple[str, str]]:
    """Committee codes (the treaty command's CODE): the bundled committees, which hrcli describes."""
    return [(w, name) for c, (name, *_r) in vocab.BODIES.items() if (w := vocab.as_typed(c, incomplete))]


def _known(what: str) -> dict[str, str]:
    """Topics or committee codes the fact base knows (bundled and the user's own); the vocabulary alone when the
    data cannot be read (completion must never fail loudly)."""
    try:
        from .store import load

        base = load()
        return base.topics() if what == "topic" else base.bodies()
    except Exception:
        return dict(vocab.TOPICS) if what == "topic" else {c: v[0] for c, v in vocab.BODIES.items()}


def complete_any_body(incomplete: str) -> list[tuple[str, str]]:
    """--body: the bundled committees and the user's own codes (CMW, SPT, ...)."""
    # as typed: the shell drops what does not start so ('cmw' completes to 'cmw', which --body takes as CMW)
    return [
        (clean(w, keep_newlines=False), clean(d, keep_newlines=False))
        for c, d in _known("body").items()
        if (w := vocab.as_typed(c, incomplete))
    ]


def complete_topic(incomplete: str) -> list[tuple[str, str]]:
    """Topics, the user's own included, as stored (death-penalty); what was typed is compared the same way."""
    # the shell keeps only words that start as typed: 'Death' completes to 'Death-penalty', the same topic
    typed = incomplete.lstrip()
    return [
        (clean(w, keep_newlines=False), d)  # a user's topic is their text: no escape sequences into the shell
        for t, d in _known("topic").items()
        if (w := vocab.as_typed(t, typed, vocab.topic_key))
    ]


def complete_mechanism(incomplete: str) -> list[tuple[str, str]]:
    return [(m, d) for m, d in vocab.MECHANISMS.items() if m.startswith(incomplete)]


def complete_status(incomplete: str) -> list[tuple[str, str]]:
    return [(s, d) for s, d in vocab.STATUSES.items() if s.startswith(incomplete)]


def complete_action(incomplete: str) -> list[str]:
    return [a for a in vocab.ACTIONS if a.startswith(incomplete)]


def complete_source(incomplete: str) -> list[tuple[str, str]]:
    try:
        from .store import load

        srcs = load().sources
    except Exception:  # completion must never fail loudly
        return []
    # a user's title may carry terminal escapes (OSC title, hyperlinks): zsh/fish print it
    return [(s.id, clean(s.title, keep_newlines=False)[:60]) for s in srcs.values() if s.id.startswith(incomplete)]


def complete_locator(ctx: typer.Context, incomplete: str) -> list[str]:
    """A source's locators: from its text when an earlier command recognised it, else those the fact base cites."""
    source = (ctx.params or {}).get("source")
    if not source:
        return []
    try:
        from .store import load

        base = load()
        try:
            from . import passages

            # never scan the texts folder on TAB: only a text an earlier command recognised is read
            known = passages.source_locators(base, source, scan_folder=False)
        except Exception:  # no texts here: offer what the records cite
            cited = [r.locator for r in base.facts(source=source, all_states=True)] + [
                s.locator for s in base.stats() if s.source == source
            ]
            known = list(dict.fromkeys(cited))
    except Exception:
        return []
    inc = incomplete.casefold()
    return [loc for loc in known if loc.casefold().startswith(inc)][:200]


def complete_id(incomplete: str) -> list[str]:
    try:
        from .store import load

        return load().ids(prefix=incomplete, limit=200)
    except Exception:
        return []


def complete_own_id(incomplete: str) -> list[str]:
    """The user's own record ids (what ``remove`` takes; bundled ones it refuses)."""
    try:
        from .store import load

        return [i for i in load().ids(origin="user") if i.startswith(incomplete)][:200]
    except Exception:
        return []


# -- filters shared by every listing command -----------------------------------------------------------

YearFrom = Annotated[
    str | None, typer.Option("--from", help="Keep records whose dates overlap this year or later.", metavar="YEAR")
]
YearTo = Annotated[
    str | None, typer.Option("--to", help="Keep records whose dates overlap this year or earlier.", metavar="YEAR")
]
MechanismOpt = Annotated[
    str | None,
    typer.Option(
        "--mechanism",
        "-m",
        help="treaty-bodies, special-procedures, upr, ohchr, hrc, general-assembly, national, ...",
        autocompletion=complete_mechanism,
    ),
]
BodyOpt = Annotated[
    str | None,
    typer.Option(
        "--body",
        "-b",
        help="Committee code (CAT, CERD, CEDAW, CCPR, CRC, CESCR, CRPD; your own, e.g. CMW) or treaty (ICCPR, ...).",
        autocompletion=complete_any_body,
    ),
]
TopicOpt = Annotated[
    str | None,
    typer.Option(
        "--topic",
        "-t",
        help="Topic (see 'hrcli stats'), yours included; case, spaces, '-' and '_' do not matter.",
        autocompletion=complete_topic,
    ),
]
SourceOpt = Annotated[
    str | None, typer.Option("--source", "-s", help="Source id (see 'hrcli sources').", autocompletion=complete_source)
]
StatusOpt = Annotated[
    str | None,
    typer.Option("--status", help="done, planned, pending, ongoing or pledged.", autocompletion=complete_status),
]
VoiceOpt = Annotated[
    str | None,
    typer.Option(
        "--voice",
        help="Whose voice: government (Gov. BY), un-country-team (UNCT), user or other, any case"
        " (a disagreement: any side's).",
        autocompletion=lambda incomplete: [v for v in vocab.VOICES if v.startswith(incomplete)],
        show_default=False,
    ),
]
DisputedOpt = Annotated[
    bool, typer.Option("--disputed", help="Only records a recorded disagreement involves (and the disagreements).")
]
AllStatesOpt = Annotated[
    bool,
    typer.Option(
        "--all-states",
        help="Also the events about other States than Belarus (a dataset imported with --all-states), each with its"
        " State.",
    ),
]


def complete_other_state(incomplete: str) -> list[str]:
    try:
        from .cache import fold
        from .store import load

        states = load().other_states()
    except Exception:  # completion must never fail loudly
        return []
    return [w for st in states if (w := vocab.as_typed(st, incomplete, fold)) and clean(w, keep_newlines=False) == w][
        :200
    ]


OfStateOpt = Annotated[
    str | None,
    typer.Option(
        "--state",
        help="Only the events about this other State (a dataset imported with --all-states), each with its State.",
        autocompletion=complete_other_state,
        show_default=False,
    ),
]
LimitOpt = Annotated[int | None, typer.Option("--limit", "-n", help="Show at most N records.", min=0, max=10**9)]
ActionOpt = Annotated[
    str | None,
    typer.Option(
        "--action", "-a", help="What was done: report, dialogue, visit, invitation, ...", autocompletion=complete_action
    ),
]
OriginOpt = Annotated[
    str | None, typer.Option("--origin", help="user (your own records) or bundled.", metavar="user|bundled")
]
KindOpt = Annotated[
    str | None,
    typer.Option(
        "--kind", "-k", help="event (the default), claim, recommendation, or all of them.", show_default=False
    ),
]
CompactOpt = Annotated[
    bool, typer.Option("--compact", help="One block per record, the summary at full width (always below 72 columns).")
]

# what --kind accepts -> the store's record kinds
KIND_WORDS = {
    "event": ("events",),
    "claim": ("claims",),
    "recommendation": ("recommendations",),
    "all": FACT_KINDS,
}
SEARCH_KINDS = {**KIND_WORDS, "stat": ("stats",), "conflict": ("conflicts",), "source": ("sources",)}
SEARCH_KINDS["all"] = (*FACT_KINDS, "stats", "conflicts", "sources")
# export writes figures and disagreements too; its sources always come with what cites them
EXPORT_KINDS = {**KIND_WORDS, "stat": ("stats",), "conflict": ("conflicts",)}


def kinds(kind: str | None, choices: dict[str, tuple[str, ...]] = KIND_WORDS, default: str = "event"):
    """The store kinds --kind names (singular or plural, any case)."""
    k = kind_word(kind or default)
    if k not in choices:
        raise did_you_mean(kind or "", choices, "kind")
    return choices[k]


def year(text: str | None, flag: str) -> int | None:
    if text is None:
        return None
    t = text.strip()
    if not (t.isascii() and t.isdigit() and len(t) == 4):  # '²⁰¹⁰' is isdigit() but not a number int() reads
        raise UsageError(f"{flag} wants a four-digit year such as 2010, not {text!r}")
    return int(t)


def committee(text: str) -> str:
    """The committee code for what the user typed (CAT, icescr, torture); UsageError with a suggestion if none."""
    code = vocab.body_lookup(text)
    if code is None:
        raise did_you_mean(text, vocab.body_words(), "committee")
    return code


def query(ctx: typer.Context, **fixed):
    """filters() of the listing options this command declares, as given, plus what the command fixes itself
    (``scope``, ``words``). ``ctx.params`` holds exactly the parameters in the command's signature, and those
    named as a Query field are its filters: the signature stays the one list of what a command takes."""
    from .store import Query

    # the limit stays the command's: it counts what it does not show
    given = {name: value for name, value in ctx.params.items() if name in Query.__slots__ and name != "limit"}
    return filters(**given, **fixed)


def filters(
    *,
    year_from: str | None = None,
    year_to: str | None = None,
    mechanism: str | None = None,
    body: str | None = None,
    topic: str | None = None,
    source: str | None = None,
    status: str | None = None,
    limit: int | None = None,
    action: str | None = None,
    origin: str | None = None,
    voice: str | None = None,
    disputed: bool = False,
    words: str | None = None,
    scope: str | None = None,
    cycle: int | None = None,
    response: str | None = None,
    state: str | None = None,
    all_states: bool = False,
    of_state: str | None = None,
):
    """Check what the user typed and build the store's Query (one for every listing command); unknown
    names raise UsageError with a suggestion.

    Names are case-insensitive (CAT, cat; UPR, upr).

    Source ids are checked by commands.require_source once the data (and the user's sources) is loaded.
    """
    from .store import Query

    yf, yt = year(year_from, "--from"), year(year_to, "--to")
    if yf is not None and yt is not None and yf > yt:
        raise UsageError(f"--from {yf} is after --to {yt}")
    # the words the tables print name a voice too ('UNCT', 'Gov. BY')
    voice = (vocab.voice_name(voice) or voice) if voice is not None else None
    # Query normalises every word once (strip, casefold; a committee word to its code): check what it keeps
    f = Query(
        year_from=yf,
        year_to=yt,
        mechanism=mechanism,
        body=body,
        topic=topic,
        source=source,
        status=status,
        limit=limit,
        action=action,
        origin=origin,
        voice=voice,
        disputed=disputed,
        words=words,
        scope=scope,
        cycle=cycle,
        response=response,
        state=state,
        all_states=all_states,
        of_state=of_state,
    )
    if f.voice is not None and f.voice not in vocab.VOICES:
        raise did_you_mean(f.voice, vocab.VOICE_CHOICES, "voice")
    if f.mechanism is not None and f.mechanism not in vocab.MECHANISMS:
        raise did_you_mean(f.mechanism, vocab.MECHANISMS, "mechanism")
    if f.action is not None and f.action not in vocab.ACTIONS:
        raise did_you_mean(f.action, vocab.ACTIONS, "action")
    if f.origin is not None and f.origin not in ("user", "bundled"):
        raise did_you_mean(f.origin, ("user", "bundled"), "origin")
    # topics and committees may be the user's own: commands.common.require_words checks them once the data is loaded
    if f.status is not None and f.status not in vocab.STATUSES:
        raise did_you_mean(f.status, vocab.STATUSES, "status")
    return f
