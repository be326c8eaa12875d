"""``hrcli export``: everything (bundled + user), or a filtered timeline, as toml, json, csv or sqlite."""

import os
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from .. import options as o
from ..errors import DataError, UsageError
from ..formats import biblio_names, export_names
from ..output import err, export_text, say_hidden, write
from ..views.export import export_records
from .common import load_base, require_words

# --format's choices, from hrcli.formats (the one list of format names; the bibliography formats among them)
ExportFormat = Enum("ExportFormat", [(f, f) for f in export_names()], type=str)


HELP = """Export everything (bundled and your own records), or the records that timeline's filters keep
(events, or with --kind claims, recommendations or all of them).

With filters, --kind also takes stat or conflict; the filters keep the same records as in timeline
and search.

toml: a fact file hrcli can read again. json: an object with one array per record kind. csv: of one
kind (--kind event, claim, stat, ...), one table with one header row; of several, one section per
record kind (sources, events, claims, recommendations, stats, conflicts), each with its own header
row and that kind's fields, sections separated by an empty line. sqlite: one table per
record kind with typed columns plus a sources table and full-text indexes (FTS5), ready for
Datasette or pandas (needs PATH); --metadata FILE also writes Datasette metadata (descriptions, canned
queries). html: one self-contained page with a timeline, a filterable table, charts, the disagreements
and the sources. csl-json, bibtex, ris: bibliography items for the sources the selection cites (ids
are the source ids, for pandoc's \\[@unct-2009, para. 22]). Unknown or open date bounds are null; value
holds numbers only, with the source's words in value_text.
PATH '-' or none writes to stdout (not for sqlite). An existing PATH is replaced only with --force;
devices, FIFOs and links to them are never written. In csv, a text cell starting with = + - @ gets a
leading apostrophe so spreadsheets do not run it; --csv-raw keeps cells as stored.
"""


def export(
    ctx: typer.Context,
    path: Annotated[
        Path | None, typer.Argument(metavar="[PATH]", help="Output file ('-' for stdout).", show_default=False)
    ] = None,
    fmt: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help=f"{', '.join(export_names()[:-1])} or {export_names()[-1]}."),
    ] = ExportFormat("json"),
    force: Annotated[bool, typer.Option("--force", help="Replace PATH if it exists.")] = False,
    year_from: o.YearFrom = None,
    year_to: o.YearTo = None,
    mechanism: o.MechanismOpt = None,
    body: o.BodyOpt = None,
    topic: o.TopicOpt = None,
    source: o.SourceOpt = None,
    status: o.StatusOpt = None,
    action: o.ActionOpt = None,
    kind: o.KindOpt = None,
    origin: o.OriginOpt = None,
    voice: o.VoiceOpt = None,
    disputed: o.DisputedOpt = False,
    limit: o.LimitOpt = None,
    all_states: o.AllStatesOpt = False,
    metadata: Annotated[
        Path | None,
        typer.Option("--metadata", help="With --format sqlite: also write Datasette metadata (JSON) to this file."),
    ] = None,
) -> None:
    f = o.query(ctx)
    filtered = f.narrows() or kind is not None or limit is not None
    f = f.replace(limit=limit)
    kinds = o.kinds(kind, o.EXPORT_KINDS)
    to_stdout = path is None or str(path) == "-"
    if fmt is ExportFormat.sqlite and to_stdout:
        raise UsageError("sqlite export needs a PATH, e.g. 'hrcli export --format sqlite hrcli.db'")
    # what the arguments get wrong (exit 2) is said before what the file system refuses (exit 1)
    if metadata is not None and fmt is not ExportFormat.sqlite:
        raise UsageError("--metadata goes with --format sqlite (it describes the database for Datasette)")
    if metadata is not None and _same_file(path, metadata):
        from ..safefile import display

        raise UsageError(
            f"--metadata {display(metadata)} is the database itself; give the metadata its own file, "
            "e.g. --metadata metadata.json"
        )
    _outside_facts(None if to_stdout else path, metadata)
    if not to_stdout:
        _check_target(path, force)
    if metadata is not None:
        _check_target(metadata, force)
    run = o.settings(ctx)
    base = load_base(run)
    require_words(base, f, body)
    recs = export_records(base, f if filtered else None, kinds, all_states)
    say_hidden(base)
    if fmt is ExportFormat.sqlite:
        from ..publish import metadata_json, write_sqlite
        from ..views.export import export_rows, search_rows

        write_sqlite(path, export_rows(recs, base), search_rows(recs, base))
        err(f"wrote {_count(recs)} to {path}")
        if metadata is not None:
            _write(metadata, metadata_json(path, base))
            err(f"wrote Datasette metadata to {metadata}")
        return
    payload = export_text(fmt.value, recs, base, run)
    if to_stdout:
        write(payload)
        return
    _write(path, payload.encode("utf-8"))
    err(f"wrote {_count(recs, fmt.value)} to {path}")


def _count(recs: dict[str, list], fmt: str = "") -> str:
    if fmt in biblio_names():  # a bibliography holds one item per source cited, nothing else
        n = len({s.id for s in recs.get("sources", [])})
        return f"{n} bibliography item{'' if n == 1 else 's'}"
    facts = sum(len(v) for k, v in recs.items() if k != "sources")
    return f"{facts} records and {len(recs.get('sources', []))} sources"


def _outside_facts(*targets: Path | None) -> None:
    """An export into the facts folder would be read back as facts (every id twice): a usage error."""
    from .. import paths
    from ..safefile import display

    for target in targets:
        if target is not None and paths.in_facts(target):
            raise UsageError(
                f"{display(target)} is in your facts folder ({display(paths.facts_dir())}), where every file is "
                "read as facts; export somewhere else"
            )


def _check_target(path: Path, force: bool) -> None:
    """Only a new path, or with --force a regular file (or a link to one); never a device, FIFO or folder."""
    from .. import safefile

    try:
        safefile.destination(path)
    except OSError as e:
        raise DataError(f"{safefile.display(path)}: will not export there: {e.strerror or e}") from None
    if os.path.lexists(path) and not force:
        raise UsageError(f"{safefile.display(path)} exists; add --force to replace it")


def _same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file: spelled differently, through links, or hard-linked."""
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist yet: then only the spelling could make them one
        return False


def _write(path: Path, payload: bytes) -> None:
    from .. import safefile

    try:  # atomic, umask-honouring, and the temporary file is removed on any failure
        safefile.write_bytes(path, payload, prefix=".hrcli-export-")
    except OSError as e:
        raise DataError(f"{safefile.display(path)}: cannot write: {e.strerror or e}") from None


def register(app: typer.Typer) -> None:
    app.command("export", help=HELP)(export)
