"""``hrcli validate [FILE...]``: check fact files and report every problem."""

from pathlib import Path
from typing import Annotated

import typer

from .. import loader
from .. import options as o
from ..errors import EXIT_DATA
from ..output import emit, err, note
from ..view import Column, View

FIELDS = ("file", "line", "record", "field", "message")

HELP = f"""Check fact files and report every problem with file, line (where possible), record id and field.

Without FILE: the bundled base and all your files. With FILE: those files, read after the bundled base
(so they may cite its sources). Exits 1 when there are problems. Fields: {", ".join(FIELDS)}.
"""


def validate(
    ctx: typer.Context,
    files: Annotated[
        list[Path] | None, typer.Argument(metavar="[FILE]...", help="Fact files to check.", show_default=False)
    ] = None,
    fmt: o.FormatOpt = None,
    as_json: o.JsonOpt = False,
) -> None:
    form = o.resolve_format(fmt, as_json)
    if files:
        inputs = loader.inputs(user=False)
        inputs += [(p, "user") for p in files if p.resolve() != loader.bundled_path().resolve()]
    else:
        notes: list[str] = []
        inputs = loader.inputs(notes=notes)
        for line in notes:
            err(line)
    n = 0
    try:
        for _record in loader.stream(inputs):  # a record at a time: a large import is never held whole
            n += 1
        problems = []
    except loader.FactFileError as e:
        problems = e.problems
    rows = [
        {"file": p.file, "line": p.line, "record": p.record, "field": p.field, "message": p.message, "text": str(p)}
        for p in problems
    ]
    if problems:
        emit(
            View(
                rows=rows,
                fields=FIELDS,
                columns=(Column("text", "Problem", ratio=1),),
                legend=False,
                title=f"{len(problems)} problem(s)",
            ),
            form,
            o.settings(ctx),
        )
        raise typer.Exit(EXIT_DATA)
    if form != "table":
        emit(View(rows=[], fields=FIELDS), form, o.settings(ctx))
    note(f"ok: {len(inputs)} file(s), {n} record(s), no problems")


def register(app: typer.Typer) -> None:
    app.command("validate", help=HELP)(validate)
