"""``hrcli add source|event``: the user's own sources and dated facts, validated before anything is written."""

import re
from typing import Annotated

import typer

from .. import options as o
from .. import vocab
from ..errors import did_you_mean
from ..output import confirm, err

HELP = """Add your own source or event to your fact file (<data dir>/facts/user.toml).

Everything is validated first: a bad date or an unknown source exits 2 and leaves every file as it
was. Writes are atomic and locked, so parallel 'hrcli add' calls never lose an entry.
"""

add_app = typer.Typer(help=HELP, no_args_is_help=True)


@add_app.command("source")
def add_source(
    source_id: Annotated[str, typer.Option("--id", help="Short id, e.g. hrc-2023-report (lower-case, digits, . _ -).")],
    title: Annotated[str, typer.Option("--title", help="The document's title.")],
    date: Annotated[str, typer.Option("--date", help="EDTF date, e.g. 2023-05-12, 2023-05 or 2023.")],
    kind: Annotated[str, typer.Option("--kind", help="What kind of document, e.g. 'UN report'.")] = "document",
    issuer: Annotated[str, typer.Option("--issuer", help="Who issued it.")] = "unknown",
    voice: Annotated[
        str, typer.Option("--voice", help="Whose claims: government, un-country-team, user, other.")
    ] = "user",
    cite: Annotated[
        str, typer.Option("--cite", help="How to cite a place in it (what a locator looks like).")
    ] = "para. N",
    note: Annotated[str | None, typer.Option("--note", help="Anything a reader should know.")] = None,
    find: Annotated[
        str | None, typer.Option("--find", help="Where a reader can get the document (publisher, what to search for).")
    ] = None,
    url: Annotated[str | None, typer.Option("--url", help="The document's web address (http:// or https://).")] = None,
    accessed: Annotated[
        str | None, typer.Option("--accessed", help="EDTF day you read or retrieved it (the citations' access date).")
    ] = None,
) -> None:
    """Register a source document your events can cite."""
    from .. import writer

    if voice not in vocab.VOICES:
        raise did_you_mean(voice, vocab.VOICES, "voice")
    rec = {"id": source_id, "title": title, "date": date, "kind": kind, "issuer": issuer, "voice": voice, "cite": cite}
    for key, val in (("note", note), ("find", find), ("url", url), ("accessed", accessed)):
        if val:
            rec[key] = val
    writer.add("sources", rec)
    err(f"added source {source_id} to {writer.user_file()}")
    confirm(source_id + "\n", "the id")


def _new_id(date: str):
    slug = re.sub(r"[^0-9a-z]+", "-", date.lower()).strip("-") or "undated"

    def make(taken: set[str]) -> str:
        n = 1
        while f"u-{slug}-{n}" in taken:
            n += 1
        return f"u-{slug}-{n}"

    return make


@add_app.command("event")
def add_event(
    date: Annotated[
        str, typer.Option("--date", help="EDTF date: 2023-05-12, 2023-05, 2023, 2022/2023, 2023-21 (spring).")
    ],
    summary: Annotated[str, typer.Option("--summary", help="What the source says, in your words.")],
    source: Annotated[
        str, typer.Option("--source", help="A source id (yours or bundled).", autocompletion=o.complete_source)
    ],
    locator: Annotated[str, typer.Option("--locator", help="Where in the source: para. 12, p. 3, section 2 ...")],
    mechanism: o.MechanismOpt = None,
    body: o.BodyOpt = None,
    topic: Annotated[
        list[str] | None,
        typer.Option(
            "--topic",
            "-t",
            help="Topic, a bundled one or your own (death-penalty); repeat for several.",
            autocompletion=o.complete_topic,
        ),
    ] = None,
    status: o.StatusOpt = None,
    action: Annotated[str | None, typer.Option("--action", help="report, dialogue, visit, invitation, ...")] = None,
    title: Annotated[str | None, typer.Option("--title", help="Exact name of a document, law or resolution.")] = None,
    note: Annotated[str | None, typer.Option("--note", help="Anything a reader should know.")] = None,
    record_id: Annotated[str | None, typer.Option("--id", help="Your own id (default: u-DATE-N).")] = None,
    new_topic: Annotated[
        bool, typer.Option("--new-topic", help="A --topic close to a known one is meant as new.")
    ] = False,
    new_body: Annotated[
        bool, typer.Option("--new-body", help="A --body close to a known committee code is meant as new.")
    ] = False,
) -> None:
    """Add a dated event citing one of your sources (or a bundled one)."""
    from .. import writer

    rec: dict = {"date": date, "summary": summary, "source": source, "locator": locator}
    if body is not None:
        # a bundled committee by any of its names (torture is CAT), else the user's own code (cmw is CMW)
        rec["body"] = vocab.body_key(body)
    for key, val in (
        ("mechanism", mechanism),
        ("status", status),
        ("action", action),
        ("title", title),
        ("note", note),
    ):
        if val is not None:
            rec[key] = val
    if topic:
        rec["topics"] = list(topic)
    if record_id is not None:
        rec = {"id": record_id, **rec}
    done = writer.add("events", rec, make_id=_new_id(date), new_topic=new_topic, new_body=new_body)
    err(f"added event {done['id']} to {writer.user_file()}")
    confirm(done["id"] + "\n", "the id")


def register(app: typer.Typer) -> None:
    app.add_typer(add_app, name="add", help="Add your own source or event to your fact file.")
