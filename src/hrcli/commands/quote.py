"""``hrcli quote SOURCE LOCATOR``: the passage a locator points at, read from the user's copy of the text."""

from typing import Annotated

import typer

from .. import options as o
from ..errors import DataError, UsageError, closest
from ..output import emit, prose
from ..view import View, clean
from .common import load_base

HELP = """The passage of a source document that a locator points at, e.g. hrcli quote unct-2009 "para. 22".

The documents are not shipped with hrcli: set HRCLI_SOURCES_DIR to the folder holding your copies, or
run 'hrcli sources link DIR' once. A copy is recognised by its words, whatever its name or form (text,
saved web page, PDF, .docx); each passage is verified against a fingerprint of the reference text, and
one that differs is refused (exit 1), its words in your copy printed under an UNVERIFIED mark so you
see what differs. Locators follow each source's 'cite' field (hrcli sources ID): 'para. N',
'Section, para. N', 'Section, bullet N', 'fn. a', 'paras. 21-22'.

Table output is the passage alone. Fields: source, locator, file, passage, passage_lines (first and
last line of the file, or of the text extracted from a PDF, page or .docx; 1-based).
"""

FIELDS = ("source", "locator", "file", "passage", "passage_lines")


def quote(
    ctx: typer.Context,
    source: Annotated[
        str,
        typer.Argument(metavar="SOURCE", help="A source id, e.g. unct-2009.", autocompletion=o.complete_source),
    ],
    locator: Annotated[
        str,
        typer.Argument(
            metavar="LOCATOR", help="Where in the source, e.g. 'para. 22'.", autocompletion=o.complete_locator
        ),
    ],
    fmt: o.FormatOpt = None,
    as_json: o.JsonOpt = False,
) -> None:
    form = o.resolve_format(fmt, as_json)
    from .. import passages

    run = o.settings(ctx)
    try:
        base = load_base(run)
    except DataError:
        _check(locator)  # a locator no text could have is the first thing to fix (exit 2), before a broken file
        raise
    try:
        p = passages.quote(source, locator, base)
    except passages.LocatorError as e:
        raise UsageError(_hint(str(e), locator, e.known)) from None
    except passages.Refused as e:
        u = e.unverified
        if u is not None and form == "table":  # what the copy says there, so the user sees what differs
            where = f"{u.locator} ({u.file}, lines {u.first}-{u.last})"
            mark = f"[UNVERIFIED: your copy's words at {where}; they differ from the text it cites]"
            prose(f"{mark}\n{clean(u.text)}\n")
        raise
    if form == "table":
        prose(clean(p.text) + "\n")
        return
    emit(View(rows=[p.to_dict()], fields=FIELDS, legend=False), form, run, base)


def _check(locator: str) -> None:
    from .. import passages

    try:
        passages.check(locator)
    except passages.LocatorError as e:
        raise UsageError(str(e)) from None


def _hint(message: str, locator: str, known: list[str]) -> str:
    """The error with a suggestion: the nearest locator when the wording is off, else what the source has."""
    import re

    from ..passages import summary

    heads = {k.rpartition(" ")[0].casefold() for k in known}
    wording_ok = " ".join(re.sub(r"\w+$", "", locator.strip()).split()).casefold() in heads
    close = None if wording_ok else closest(locator, known)
    if close:
        return f"{message}. Did you mean {close!r}?"
    return f"{message}. It has: {summary(known)}" if known else message


def register(app: typer.Typer) -> None:
    app.command("quote", help=HELP)(quote)
