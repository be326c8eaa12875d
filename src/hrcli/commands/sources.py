"""``hrcli sources [ID]``: the documents every fact cites, and how to cite a place in each."""

from contextlib import suppress
from typing import Annotated

import typer

from .. import formats
from .. import options as o
from ..errors import DataError, UsageError, did_you_mean
from ..model import FACT_KINDS
from ..output import bibliography, emit, emit_confirm, note
from ..settings import Settings
from ..view import Column, View
from ..views.records import SOURCE_FIELDS, kv_view, source_row
from .common import load_base

HELP = f"""The source documents: id, title, date (EDTF), kind, issuer, whose voice, and how to cite a place.

Fields: {", ".join(SOURCE_FIELDS)}, records (how many facts cite it).

sha256 identifies the text of the document that the locators count in.

'hrcli sources link DIR' registers the folder holding your copy of the texts (for 'hrcli quote' and
'hrcli show ID --passage'; HRCLI_SOURCES_DIR overrides it). A copy is recognised by its words, whatever
its name, form (text, saved web page, PDF, .docx) or layout; each passage is verified against a
fingerprint of the reference text. Fields: id, status (found: every passage verified; differs: some
are not, listed in differs; missing), file, form, verified (N of M passages), differs.

--format csl-json, bibtex or ris prints bibliography items (ids are the source ids) for pandoc and
reference managers: 'hrcli sources --format csl-json > hrcli.json', then \\[@unct-2009, para. 22].
"""


def sources(
    ctx: typer.Context,
    source_id: Annotated[
        str | None,
        typer.Argument(
            metavar="ID", help="A source id, e.g. unct-2009.", autocompletion=o.complete_source, show_default=False
        ),
    ] = None,
    folder: Annotated[
        str | None,
        typer.Argument(metavar="[DIR]", help="With 'link': the folder holding the source texts.", show_default=False),
    ] = None,
    fmt: o.BiblioFormatOpt = None,
    as_json: o.JsonOpt = False,
) -> None:
    form = o.resolve_format(fmt, as_json)
    bib = form if form in formats.biblio_names() else None
    base = None
    if source_id == "link" and folder is None:  # a user may name a source 'link': then it is shown
        with suppress(DataError):  # a base that cannot be read: 'link' asks for its DIR
            base = load_base(o.settings(ctx))
    if source_id == "link" and (base is None or "link" not in base.sources):
        if bib:
            raise UsageError(
                f"'hrcli sources link' reports which texts it found, not {bib} items: use table, json, ..."
            )
        link(folder, form, o.settings(ctx))
        return
    if folder is not None:
        raise UsageError(f"unexpected extra argument {folder!r} (only 'hrcli sources link DIR' takes a folder)")
    run = o.settings(ctx)
    base = base or load_base(run)
    if bib:
        if source_id is not None and source_id.strip().casefold() not in base.sources:
            raise did_you_mean(source_id, base.sources, "source")
        chosen = [s for s in base.sources.values() if source_id is None or s.id == source_id.strip().casefold()]
        bibliography(bib, chosen)
        return
    counts: dict[str, int] = {}
    for f in base.facts(FACT_KINDS, all_states=True):  # every record citing it, whichever State
        counts[f.source] = counts.get(f.source, 0) + 1
    for s in base.stats():
        counts[s.source] = counts.get(s.source, 0) + 1
    fields = (*SOURCE_FIELDS, "records")
    if source_id is not None:
        src = base.sources.get(source_id.strip().casefold())  # ids are lower-case
        if src is None:
            raise did_you_mean(source_id, base.sources, "source")
        rec = {**source_row(src), "records": counts.get(src.id, 0)}
        pairs = [(k, rec[k]) for k in fields]
        from ..edtf import source_when, undated

        if undated(src.date, src.accessed):  # the table says n.d. as citations do; the machine formats the EDTF
            pairs = [(k, f"{source_when(src.date, src.accessed)} ({v})" if k == "date" else v) for k, v in pairs]
        emit(kv_view(pairs, {k: rec[k] for k in fields}, fields, f"Source {src.id}"), form, run, base)
        return
    from ..edtf import source_when, undated

    # the table's Date is 'n.d., read D' for a source that states no date, as its citations give it (the
    # machine formats keep the EDTF date); a dated source's date still gets its form's note under the table
    rows = [
        {
            **source_row(s),
            "records": counts.get(s.id, 0),
            "when": source_when(s.date, s.accessed),
            "dates": () if undated(s.date, s.accessed) else (s.date,),
        }
        for s in base.sources.values()
    ]
    cols = (
        Column("id", "Id", no_wrap=True),
        Column("title", "Title", ratio=3),
        Column("when", "Date", no_wrap=True),
        Column("voice_short", "Voice", no_wrap=True),
        Column("records", "Facts", justify="right"),
        Column("cite", "How to cite a place", ratio=3),
    )
    emit(View(rows=rows, fields=fields, columns=cols, title="Sources", legend=False), form, run, base)


LINK_FIELDS = ("id", "status", "file", "form", "verified", "differs")


def link(folder: str | None, form: str, run: Settings) -> None:
    """Check a folder against every source's sha256 and, if any text is there, remember it."""
    import os
    from pathlib import Path

    from .. import passages

    if not folder:
        raise UsageError("give the folder holding the source texts: hrcli sources link DIR")
    from ..safefile import display

    path = Path(folder).expanduser().resolve()  # the name's bytes as given, even those that are not UTF-8
    if not path.is_dir():
        raise UsageError(f"not a folder: {display(folder)}")
    if display(path) != str(path):
        # sources.toml is UTF-8 text: it cannot hold such a name, and another folder's name must not stand in
        raise UsageError(
            f"{display(path)}: the folder's name has bytes that are not UTF-8, which sources.toml cannot hold; "
            "rename the folder, or name it per call with HRCLI_SOURCES_DIR"
        )
    base = load_base(run)
    rows = passages.link(path, list(base.sources.values()))
    found = [r for r in rows if r["status"] != "missing"]
    if not found:
        why = "".join(f"; {p}: {reason}" for p, reason in passages.copies.unread(path)[:3])
        raise DataError(
            f"none of the source texts is in {path} (files are recognised by their words, as text, web page,"
            f" PDF or .docx, whatever their names){why}"
        )
    saved = passages.save_link(path)
    cols = (
        Column("id", "Source", no_wrap=True),
        Column("status", "Status", no_wrap=True),
        Column("form", "Form", no_wrap=True),
        Column("verified", "Passages verified", no_wrap=True),
        Column("differs", "Differs at"),
        Column("file", "File"),
    )
    view = View(rows=rows, fields=LINK_FIELDS, columns=cols, title=f"Source texts in {path}", legend=False)
    # the link is saved: a stdout that cannot take the report must not make it look as if it were not
    emit_confirm(view, form, run, base, what="the report")
    note(f"linked {path} ({len(found)} of {len(rows)} sources found); saved in {saved}")
    if os.environ.get("HRCLI_SOURCES_DIR"):
        note("HRCLI_SOURCES_DIR is set and takes precedence over the linked folder while it is")
    for unread_path, why in passages.copies.unread(path):
        note(f"{unread_path}: {why}; it is not read as a copy")
    for r in rows:
        if r["status"] == "differs" and r["differs"]:
            note(f"{r['file']}: its words differ from {r['id']} at {r['differs']}; those passages will not quote")
        elif r["status"] == "differs":
            note(f"{r['file']} is not the text {r['id']} cites (its sha256 differs); it will not be used")


def register(app: typer.Typer) -> None:
    app.command("sources", help=HELP)(sources)
