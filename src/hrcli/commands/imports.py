"""``hrcli import FILE``: many of the user's own records at once, from CSV, TSV, JSON, JSON Lines or Excel."""

from pathlib import Path
from typing import Annotated

import typer

from .. import options as o
from .. import vocab
from ..errors import EXIT_DATA, EXIT_USAGE, UsageError
from ..output import emit, err, note
from ..view import Column, View

SUMMARY_FIELDS = ("name", "file", "kind", "rows", "added", "replaced", "unchanged", "repeated", "ignored_columns")
PROBLEM_FIELDS = ("where", "field", "problem", "fix")
LIST_FIELDS = ("name", "path", "file", "format", "imported", "records", "kinds")

HELP = """Import your own records from a CSV, TSV, JSON (an array of objects), JSON Lines or Excel (.xlsx, .xls) file,
or from standard input (FILE -, with --from-format).

Columns map to fields by name, ignoring case, spaces and punctuation ('Source ID' is source, 'Topic' is
topics), or as you say with --map COLUMN=FIELD (--map COLUMN=- drops one); --set FIELD=VALUE and
--source fill what the file lacks. Columns that map to no field are named once on stderr and ignored.
Published UPR datasets are recognised by their header and need no flags (one line says which): UPR
Info's database export (cycles 1-2, CSV or .xls; cycle 3 on, Uwazi), OHCHR's Universal Human Rights
Index export and a follow-up tracker's JSON records. Their rows keep the State under review and the
recommending State, UPR Info's action category and issue names (those meaning an hrcli topic as topics),
a locator 'row N', and a source registered for the file. Of a file about many States, Belarus's review
and Belarus's own recommendations are kept and the other rows counted (--all-states keeps them). With
--kind recommendations, other files' UPR Info and UHRI column names map by themselves; their
'Action' (an action category), 'Issue' and 'Type' are ignored unless mapped. Topic lists may use ';' or ','; a
topic may be your own (Death penalty is death-penalty), but one a letter or two from a known topic is
refused as a likely typo unless --new-topic (committee codes: --new-body). Recommendations take the
UPR fields recommending_state, response (Accepted, Supported, Noted, Rejected, ...), cycle and session.
Numbers may carry thousands separators (3,265) or a decimal comma (30,4); dates are EDTF (2023-05-12,
2023-05, 2023), Excel date cells, or 12.05.2023.

Every row is validated first: if any row is bad, nothing is written and the bad rows are named by
line (or .xlsx row) and field with the option that fixes it, one line for the same problem on many
rows, exit 2 (--dry-run --json lists every problem). Rows without an id get one derived from their whole content,
so importing the same file again adds nothing. An id that exists with other content is reported, not
overwritten, unless --replace. A title row above the header, and notes under the rows, are left out; a JSON
object's rows are found with --json-path (cycles.*.recommendations).
Each imported file (told apart by its path, not just its name) becomes
its own fact file, <data dir>/facts/import-NAME-HASH.json; 'hrcli remove --import NAME' takes it back,
'hrcli import --list' lists imports. An Excel workbook with a 'sources' sheet, or a JSON object with a 'sources' array,
brings its own sources.
"""


def import_(
    ctx: typer.Context,
    # text, not Path: typer's Path conversion raises on a NUL byte before hrcli can say what is wrong
    file_arg: Annotated[
        str | None, typer.Argument(metavar="FILE", help="The file to import.", show_default=False)
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            "-k",
            help="What each row is: events, claims, recommendations, stats or sources (default: the recognised"
            " dataset's, else events).",
            metavar="KIND",
            show_default=False,
        ),
    ] = None,
    from_format: Annotated[
        str | None,
        typer.Option(
            "--from-format",
            help="csv, tsv, json, jsonl, xlsx or xls (default: from the extension; required for FILE -).",
        ),
    ] = None,
    sheet: Annotated[
        str | None, typer.Option("--sheet", help="The .xlsx or .xls sheet to read (default: the first).")
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(
            "--encoding",
            help="The text encoding (default: a BOM's, UTF-8, UTF-16, else cp1252 or mac_roman by the text).",
        ),
    ] = None,
    json_path: Annotated[
        str | None,
        typer.Option(
            "--json-path",
            help="Where a JSON object holds the rows: keys joined by '.', '*' for any key (cycles.*.recommendations).",
            metavar="PATH",
        ),
    ] = None,
    mapping: Annotated[
        list[str] | None,
        typer.Option("--map", help="COLUMN=FIELD: take FIELD from COLUMN; COLUMN=- drops it. Repeatable."),
    ] = None,
    preset: Annotated[
        list[str] | None, typer.Option("--set", help="FIELD=VALUE for rows that have no FIELD. Repeatable.")
    ] = None,
    source: Annotated[
        str | None,
        typer.Option("--source", "-s", help="Source id for rows that name none.", autocompletion=o.complete_source),
    ] = None,
    locator_column: Annotated[
        str | None, typer.Option("--locator-column", help="The column that holds the locator.")
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Overwrite records this file imported before whose content changed.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Validate and print what would be added; write nothing.")
    ] = False,
    new_topic: Annotated[
        bool, typer.Option("--new-topic", help="Topics close to a known one are meant as new ones.")
    ] = False,
    new_body: Annotated[
        bool, typer.Option("--new-body", help="Committee codes close to a known one are meant as new ones.")
    ] = False,
    all_states: Annotated[
        bool,
        typer.Option(
            "--all-states",
            help="A recognised UPR dataset about many States: keep every State's rows, each with its State"
            " (default: Belarus's review and Belarus's recommendations to others only).",
        ),
    ] = False,
    list_: Annotated[bool, typer.Option("--list", help="List your imports instead.")] = False,
    fmt: o.FormatOpt = None,
    as_json: o.JsonOpt = False,
) -> None:
    form = o.resolve_format(fmt, as_json)
    from .. import importer

    file = Path(file_arg) if file_arg is not None else None
    if list_:
        if file is not None:
            raise UsageError("--list takes no FILE")
        rows = importer.imports()
        emit(
            View(
                rows=rows,
                fields=LIST_FIELDS,
                columns=(
                    Column("name", "Imported file", ratio=1),
                    Column("path", "From", ratio=2),
                    Column("records", "Records", justify="right"),
                    Column("kinds", "Kinds"),
                    Column("imported", "When", no_wrap=True),
                ),
                title="Your imports",
                legend=False,
                empty="No imports yet.",
            ),
            form,
            o.settings(ctx),
        )
        return
    if file is None:
        raise UsageError("give a FILE to import (or --list)")
    maps = importer.parse_pairs(mapping, "--map")
    if locator_column:
        maps.append((locator_column, "locator"))
    sets = importer.parse_pairs(preset, "--set")
    if source:
        sets.append(("source", source))
    if file_arg == "-":  # standard input: bounded as a file is, its format told
        if not from_format:
            raise UsageError("reading standard input (FILE -) needs --from-format: csv, tsv, json, jsonl, xlsx or xls")
        import sys

        table = importer.rows_from_file(sys.stdin.buffer, from_format, "stdin", encoding, sheet, json_path=json_path)
        file = Path("stdin")
    else:
        table = importer.read_table(file, from_format, encoding, sheet, json_path=json_path)  # the format, told once
    read_as = table.encoding
    if table.read_note:  # a .xls that is CSV text, an .xlsx that is an old .xls: read as what it is
        note(f"{file.name} {table.read_note}")
    if table.found_at:  # a JSON object whose rows are all in one place: said, as --json-path would name it
        note(f"{file.name}: read the rows at {table.found_at} (--json-path chooses others)")
    kind = {"event": "events", "claim": "claims", "recommendation": "recommendations", "stat": "stats"}.get(
        kind or "", kind
    )
    from ..importer import profiles  # the published datasets hrcli knows by their header: only for import

    profile = profiles.detect(table.columns)
    if profile is not None and kind not in (None, profile.kind):
        profile = None  # the user says the rows are of another kind: the generic path, as asked
    kind = kind or (profile.kind if profile is not None else "events")
    if profile is not None:
        note(profile.said(file.name))
    elif not maps:  # a UN dataset recognised by its header reads as its profile says (--map: as you say)
        from ..importer import un_datasets

        un = un_datasets.detect(table.columns)
        if un is not None:
            table, kind = un_datasets.apply(un, table, all_states), un.kind
            note(f"recognised {file.name}: {un.recognised}")
    p = importer.run(
        table,
        kind,
        maps,
        sets,
        replace,
        table.format,
        dry_run,
        new_topic=new_topic,
        new_body=new_body,
        profile=profile,
        all_states=all_states,
    )
    n_rows = p.rows
    if p.nothing_about_home and not p.issues:
        err(f"{file.name}: no row about Belarus: {p.left_out} row(s) left out; --all-states keeps them")
        raise typer.Exit(EXIT_DATA)
    if p.other_mechanisms:
        note(
            f"{file.name}: left out {p.other_mechanisms} row(s) of other mechanisms (treaty bodies, special"
            " procedures): hrcli takes only the UPR's recommendations from this dataset"
        )
    if p.left_out:
        note(
            f"{file.name}: left out {p.left_out} row(s) of other States' reviews that Belarus took no part in"
            " (--all-states keeps them, each with its State)"
        )
    plain = [c for c in p.ignored if c not in p.notes]
    if plain:
        note(f"ignored columns (no field of that name; use --map COLUMN=FIELD): {_first_few(plain)}")
    for col, why in p.notes.items():
        note(f"ignored column {col!r}: {why}")
    if p.date_settled:  # slashed dates of unknown order, read in the order the column's other dates show
        first = "day" if p.date_order == "dmy" else "month"
        note(
            f"{file.name}: read the dates of column {p.date_column!r} with the {first} first, as its dates with a"
            " number above 12 show"
        )
    if table.unsure and not encoding:  # a guess between code pages: said, with the way to choose
        note(f"read {file.name} as {read_as} (a guess; --encoding chooses another)")
    left_out = getattr(table, "ctx", {}).get("left_out", 0)
    if left_out:
        note(f"left out {left_out} row(s) of {file.name} about other States than Belarus")
    if p.issues:
        if dry_run and form != "table":
            rows = [{"where": i.where, "field": i.field or "", "problem": i.message, "fix": i.fix} for i in p.issues]
            emit(View(rows=rows, fields=PROBLEM_FIELDS), form, o.settings(ctx))
        lines, more = importer.summary(p.issues)
        for line in lines:
            err(f"{file.name}: {line}")
        if more:
            err(f"... and {more} more problem(s); 'hrcli import {file.name} --dry-run --json' lists every one")
        err(f"{len(p.issues)} problem(s) in {file.name}; nothing was imported")
        raise typer.Exit(EXIT_USAGE)
    if dry_run:
        rows = [{"where": where, "kind": k, **r} for where, k, r in p.pending]
        for r in rows:
            if isinstance(r.get("topics"), list):
                r["topics"] = ",".join(r["topics"])
        fields = ("where", "kind", *dict.fromkeys(f for r in rows for f in r if f not in ("where", "kind")))
        upr: tuple[Column, ...] = ()
        if kind == "recommendations" and any(r.get(f) for r in rows for f in ("recommending_state", "response")):
            # the table shows how each response will count (the rows keep the file's word, as they are written)
            for r in rows:
                word = str(r.get("response") or "")
                key = vocab.response_key(word) if word else None
                r["response_shown"] = key + (f" ({word})" if word.casefold() != key else "") if key else word
            upr = (
                *([Column("state_under_review", "Under review", max_width=16)] if p.profile is not None else []),
                Column("recommending_state", "State", max_width=20),
                Column("response_shown", "Response", max_width=22),
            )
        emit(
            View(
                rows=rows,
                fields=fields,
                columns=(
                    Column("where", "From", no_wrap=True),
                    Column("id", "Id", no_wrap=True),
                    Column("date", "Date", no_wrap=True),
                    *upr,
                    Column("summary" if kind != "sources" and kind != "stats" else "label", "Record", ratio=1),
                ),
                title=f"Would import from {file.name}",
                legend=False,
                empty="Nothing new to import.",
            ),
            form,
            o.settings(ctx),
        )
        note(_summary_line(p, file.name, dry=True))
        _say_stale(p, file.name)
        return
    summary = {
        "name": p.name,
        "file": str(p.target),
        "kind": kind,
        "rows": n_rows,
        "added": p.added,
        "replaced": p.replaced,
        "unchanged": p.unchanged,
        "repeated": p.repeated,
        "ignored_columns": ",".join(p.ignored),
    }
    line = _summary_line(p, file.name, dry=False, target=p.target)
    note(line)
    _say_stale(p, file.name)
    if form != "table":
        emit(View(rows=[summary], fields=SUMMARY_FIELDS), form, o.settings(ctx))


SHOWN_COLUMNS = 10  # ignored columns named on stderr; the rest are counted


def _first_few(columns: list[str]) -> str:
    """The first columns by name and how many more: a file of 100,000 columns is one short line."""
    shown = ", ".join(columns[:SHOWN_COLUMNS])
    more = len(columns) - SHOWN_COLUMNS
    return f"{shown} and {more:,} more ({len(columns):,} in all)" if more > 0 else shown


def _say_stale(p, name: str) -> None:
    """Note the records this import holds from rows the file no longer has (edited or removed since): they
    stay, and are counted."""
    stale = p.stale
    if stale:
        note(
            f"{stale} record(s) of this import are no longer rows of {name} (edited or removed since an earlier"
            f" import) and are kept; to hold only the file's rows: hrcli remove --import {name}, then import it again"
        )


def _summary_line(p, name: str, dry: bool, target: Path | None = None) -> str:
    kinds = ", ".join(f"{n} {k if n != 1 else k[:-1]}" for k, n in p.added_by_kind.items() if n)
    parts = [f"{name}: {('would add ' if dry else 'added ') + kinds if kinds else 'nothing new'}"]
    if p.replaced:
        parts.append(f"{'would replace' if dry else 'replaced'} {p.replaced}")
    if p.unchanged:
        parts.append(f"{p.unchanged} already present")
    if p.repeated:
        parts.append(f"{p.repeated} repeated row(s) kept once")
    if target is not None and (p.added or p.replaced):
        parts.append(f"in {target}")
    return "; ".join(parts)


def register(app: typer.Typer) -> None:
    app.command("import", help=HELP)(import_)
