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
or from standard input (FILE -, with --from-format). An import from standard input is named stdin-<the first 12
hex digits of its content's SHA-256>, so different piped data is another import and the same data again adds
nothing; --name NAME names it yourself (piping an edited version under that name updates it, as a file's).

Columns map to fields by name, ignoring case, spaces and punctuation ('Source ID' is source, 'Topic' is
topics), or as you say with --map COLUMN=FIELD (--map COLUMN=- drops one); --set FIELD=VALUE and
--source fill what the file lacks. Columns that map to no field are named once on stderr and ignored.
Published UPR datasets are recognised by their header and need no flags (one line says which): UPR
Info's database export (cycles 1-2, CSV or .xls; cycle 3 on, Uwazi), OHCHR's Universal Human Rights
Index export and a follow-up tracker's JSON records. Their rows keep the State under review and the
recommending State, UPR Info's action category and issue names (those meaning an hrcli topic as topics),
a locator 'row N', and a source registered for the file. Of a file about many States, Belarus's review
and Belarus's own recommendations are kept and the other rows counted (--all-states keeps them). A header
short of a recognised dataset's by a column it needs (a State, the response, the text) is refused with what it
lacks, never read by the generic path (--map reads it as your own table); one short of a column that only
leaves a field empty (Session, Action, Issue) is read by the profile, with a note. With
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
overwritten, unless --replace, which makes the import hold exactly the file's rows (those gone from the file
removed). A recognised dataset imported again always holds what the file now says, one line saying what
changed. A title row above the header, and notes under the rows, are left out; a JSON
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
        bool,
        typer.Option(
            "--replace",
            help="Make the import hold exactly the file's rows: records it imported before whose content changed"
            " are overwritten, those no longer in the file removed (a recognised dataset always is).",
        ),
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
    name: Annotated[
        str | None,
        typer.Option(
            "--name",
            help="FILE -: the name the import from standard input goes by (default: stdin-<fingerprint of its"
            " content>, so other data is another import and the same data again adds nothing).",
            metavar="NAME",
        ),
    ] = None,
    all_states: Annotated[
        bool,
        typer.Option(
            "--all-states",
            help="A recognised dataset about many States: keep every State's rows, each with its State (default:"
            " Belarus's rows, Belarus's review and Belarus's recommendations to others only). Listings show the"
            " others only with their own --all-states.",
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
    if name is not None and file_arg != "-":
        raise UsageError("--name is for standard input (FILE -): an imported file goes by its own name and path")
    if file_arg == "-":  # standard input: bounded as a file is, its format told
        if not from_format:
            raise UsageError("reading standard input (FILE -) needs --from-format: csv, tsv, json, jsonl, xlsx or xls")
        table = _from_stdin(importer, name, from_format, encoding, sheet, json_path)
        file = Path(table.name)
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
    un = None
    if profile is None and not maps:  # a UN dataset recognised by its header reads as its profile says
        from ..importer import un_datasets

        un = un_datasets.detect(table.columns, file.name)
        if un is None:  # a header short of a dataset's by a column or two: refused, or read by it with a note
            profile = _near_miss(file.name, table.columns, kind)
    kind = kind or (profile.kind if profile is not None else "events")
    if profile is not None:
        note(profile.said(file.name, maps))
    elif un is not None:
        table, kind = un_datasets.apply(un, table, all_states, sets), un.kind
        note(f"recognised {file.name}: {un.recognised}")
        if table.unread:  # type: ignore[attr-defined]
            note(f"ignored columns ({un.dataset} is read without them): {_first_few(table.unread)}")  # type: ignore[attr-defined]
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
    left_out = getattr(table, "ctx", {}).get("left_out", 0)
    if p.no_records and not p.issues:  # a recognised dataset with nothing to import: no empty source registered
        others = p.left_out or left_out
        if others:
            err(f"{file.name}: no row about Belarus: {others} row(s) left out; --all-states keeps them")
        elif p.pledges:
            err(
                f"{file.name}: holds {p.pledges} voluntary pledge(s) (a State's own commitments, not recommendations"
                " made to it or by it): hrcli imports UPR Info's recommendations, not its pledges; nothing imported"
            )
        elif p.other_mechanisms:
            err(
                f"{file.name}: no UPR recommendation: {p.other_mechanisms} row(s) of other mechanisms (treaty"
                " bodies, special procedures) left out; nothing imported"
            )
        else:
            err(f"{file.name}: no rows under the header; nothing imported")
        raise typer.Exit(EXIT_DATA)
    if p.pledges:
        note(
            f"{file.name}: left out {p.pledges} voluntary pledge(s) (a State's own commitments, not recommendations"
            " made to it or by it)"
        )
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
    if left_out:
        # a row left out may be about another State or about none (a thematic resolution): said as what it is not
        note(f"left out {left_out} row(s) of {file.name} not about Belarus (--all-states keeps them)")
    if p.others_named and un is None and profile is None:  # a user's own file: its rows that listings leave out
        note(
            f"{file.name}: {p.others_named} event(s) name another State than Belarus in 'state': listed only with"
            " --all-states"
        )
    told = getattr(table, "ctx", {}).get("date_order")
    if told:  # a treaty status table's slashed dates read in the order its other dates show
        first = "day" if told[0] == "dmy" else "month"
        note(f"{file.name}: read its slashed dates with the {first} first, as {told[1]!r} ({told[2]}) shows")
    if getattr(table, "ctx", {}).get("treaty_note"):  # --set treaty contradicting the file's name or title
        note(f"{file.name}: {table.ctx['treaty_note']}")  # type: ignore[attr-defined]
    undated = getattr(table, "ctx", {}).get("undated", 0)
    if undated:  # a status the file gives no date: never the day it was read presented as the data's
        read = "today, the day it was read (standard input has no modification day)"
        read = read if file_arg == "-" else "the day the file was read (its modification day)"
        note(
            f"{file.name}: {undated} status row(s) carry no date: dated 'by' {read}; --set date=YYYY-MM-DD says the"
            " day the data is as of"
        )
    if p.issues:
        if dry_run and form != "table":
            rows = [{"where": i.where, "field": i.field or "", "problem": i.message, "fix": i.fix} for i in p.issues]
            emit(View(rows=rows, fields=PROBLEM_FIELDS), form, o.settings(ctx))
        lines, more = importer.summary(p.issues)
        for line in lines:
            err(f"{file.name}: {line}")
        if more:
            err(f"... and {more} more problem(s); 'hrcli import {file.name} --dry-run --json' lists every one")
        # the problems are the grouped lines above (and those not shown), not the rows they were found in
        n, rows = len(lines) + more, len({i.where for i in p.issues})
        where = f"{rows} rows of {file.name}" if rows > n else file.name
        err(f"{n} problem(s) in {where}; nothing was imported")
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
        _say_stale(p, file.name, file_arg == "-")
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
    _say_stale(p, file.name, file_arg == "-")
    if p.added and p.recognised and p.path:  # a renamed copy or a second download: every row now there twice
        from ..importer.files import copies_of

        for other in copies_of(p.path, p.target)[:1]:
            note(
                f"{file.name}: its rows were already present from the import of {other}, the same file's bytes;"
                f" 'hrcli remove --import {file.name}' takes this copy back"
            )
    if form != "table":
        emit(View(rows=[summary], fields=SUMMARY_FIELDS), form, o.settings(ctx))


SHOWN_COLUMNS = 10  # ignored columns named on stderr; the rest are counted
# what a UPR profile's field is, in a refusal's words
_FIELD_WORDS = {
    "state_under_review": "the State under review, which tells a recommendation Belarus received from one it made",
    "recommending_state": "the recommending State, which tells a recommendation Belarus made from one it received",
    "response": "the response",
    "summary": "the recommendation's text",
}


def _near_miss(name: str, columns: list[str], kind: str | None):
    """A header that holds most of a published dataset's columns but not all (no --map given): refused (exit 1)
    with what it looks like and what it lacks, so it never imports through the generic path with none of the
    profile's protections (the State columns tell the direction); where only columns that leave a field empty are
    missing, the UPR profile that reads it (said in a note). None when the header is close to no dataset."""
    from ..errors import DataError
    from ..importer import profiles, un_datasets

    fix = "add it, or import with --map COLUMN=FIELD (one per column) to read it as your own table"
    hit = profiles.near(columns)
    if hit is not None and kind in (None, hit[0].kind):
        p, lacking = hit
        if set(lacking) <= p.optional:
            said = ", ".join(repr(p.label(c)) for c in lacking)
            empty = ", ".join(p.columns[c] if p.columns.get(c, "-") != "-" else "issues and topics" for c in lacking)
            note(f"{name}: no {said} column; read as {p.title} all the same, its rows without {empty}")
            return p
        col = next(c for c in lacking if c not in p.optional)
        what = _FIELD_WORDS.get(p.columns.get(col, ""), p.columns.get(col, ""))
        raise DataError(
            f"{name} looks like a {p.title} ({p.publisher}) but has no {p.label(col)!r} column"
            f"{f' ({what})' if what else ''}; {fix}"
        )
    un = un_datasets.near(columns)
    if un is not None and kind in (None, un[0].kind):
        p, lacking = un
        raise DataError(f"{name} looks like {p.recognised} but has no {' and no '.join(lacking)}; {fix}")
    return None


def _from_stdin(importer, name: str | None, fmt: str, encoding: str | None, sheet: str | None, json_path: str | None):
    """Standard input as a table named ``name``, else ``stdin-`` and the first 12 hex digits of its bytes' SHA-256:
    an import is told apart by its name as a file is by its path, so two different piped datasets are two imports
    and piping the same bytes again is the same import (nothing new)."""
    import hashlib
    import sys

    if name is not None and not any(c.isalnum() for c in name):
        raise UsageError(f"--name {name!r} holds no letter or digit to name the import by")
    digest = hashlib.sha256()

    class Hashing:  # the bytes as they are read (once, into the table's own copy), hashed on the way
        def read(self, n: int = -1) -> bytes:
            data = sys.stdin.buffer.read(n)
            digest.update(data)
            return data

    table = importer.rows_from_file(Hashing(), fmt, name or "stdin", encoding, sheet, json_path=json_path)
    table.name = name or f"stdin-{digest.hexdigest()[:12]}"
    return table


def _first_few(columns: list[str]) -> str:
    """The first columns by name and how many more: a file of 100,000 columns is one short line."""
    shown = ", ".join(columns[:SHOWN_COLUMNS])
    more = len(columns) - SHOWN_COLUMNS
    return f"{shown} and {more:,} more ({len(columns):,} in all)" if more > 0 else shown


def _say_stale(p, name: str, piped: bool = False) -> None:
    """Note the records this import holds from rows the file (or what was piped under ``--name``) no longer has
    (edited or removed since): they stay, and are counted."""
    stale = p.stale
    if stale and not p.sync:  # (an import that holds the file's rows removes them: its summary line says so)
        what, rows = (f"in the data piped as {name}", "piped rows") if piped else (f"rows of {name}", "file's rows")
        note(
            f"{stale} record(s) of this import are no longer {what} (edited or removed since an earlier"
            f" import) and are kept; --replace makes the import hold only the {rows}"
        )


def _summary_line(p, name: str, dry: bool, target: Path | None = None) -> str:
    kinds = ", ".join(f"{n} {k if n != 1 else k[:-1]}" for k, n in p.added_by_kind.items() if n)
    parts = [f"{name}: {('would add ' if dry else 'added ') + kinds if kinds else 'nothing new'}"]
    if p.replaced:
        parts.append(f"{'would replace' if dry else 'replaced'} {p.replaced}")
    if p.edited:  # the user's own edits of those records go with them: said, never silently
        were = "would be" if dry else "were"
        parts.append(f"{p.edited} record(s) you edited {were} replaced or removed by the file's rows")
    gone = p.stale - p.stale_other if p.sync else 0
    if gone:
        parts.append(f"{'would remove' if dry else 'removed'} {gone} no longer in the file (changed or gone)")
    if p.sync and p.stale_other:  # in the file still, but left out by the State filter this time
        parts.append(
            f"{'would remove' if dry else 'removed'} {p.stale_other} not about Belarus (imported before with"
            " --all-states; give it again to keep them)"
        )
    if p.unchanged:
        parts.append(f"{p.unchanged} already present")
    if p.repeated:
        parts.append(f"{p.repeated} repeated row(s) kept once")
    if target is not None and (p.added or p.replaced or (p.sync and p.stale)):
        parts.append(f"in {target}")
    return "; ".join(parts)


def register(app: typer.Typer) -> None:
    app.command("import", help=HELP)(import_)
