"""All printing: data to stdout, messages to stderr, in the format the user chose.

The one writer of stdout and stderr. ``RENDERERS`` maps each format name (from ``hrcli.formats``) to
its renderer: machine formats in ``hrcli.machine`` (no rich, so never colour or escape codes), tables
and charts in ``hrcli.render`` (rich), the page in ``hrcli.html``; each is imported only when its
format is asked for. Control codes are stripped from every message before it reaches a terminal.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from .errors import OutputError, PipeClosed
from .formats import biblio_names, export_names, output_names
from .settings import Settings
from .view import View, clean, terminal_width, wrap_prose


def err(message: str) -> None:
    """One line on stderr, prefixed with the program name. A closed or full stderr is not an error of its own.
    On a terminal the line wraps at words to its width (see ``on_terminal``)."""
    _stderr(on_terminal("hrcli: " + clean(message, keep_newlines=False), indent=7) + "\n")


def note(message: str) -> None:
    """An informational line on stderr (e.g. 'no matching records')."""
    _stderr(on_terminal(clean(message, keep_newlines=False)) + "\n")


def on_terminal(line: str, indent: int = 0) -> str:
    """``line`` wrapped at words to the terminal's width when stderr is a terminal (a terminal would cut
    it mid-word), the lines after the first indented by ``indent``; a place ('para. 22') stays whole.
    Anywhere else (a pipe, a log file) it stays one line, to grep and paste whole."""
    try:
        if not sys.stderr.isatty():
            return line
    except (AttributeError, ValueError):
        return line
    from .view import UNIT, terminal_width

    width = terminal_width()
    if len(line) <= width:
        return line
    import re
    import textwrap

    text = re.sub(r"\b(paras?\.|bullets?|fn\.) (?=[0-9A-Za-z])", "\\1" + UNIT, line)
    wrapped = textwrap.fill(
        text, width, subsequent_indent=" " * min(indent, width // 3), break_long_words=False, break_on_hyphens=False
    )
    return wrapped.replace(UNIT, " ")


def _stderr(line: str) -> None:
    try:
        sys.stderr.write(line)
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass  # nowhere left to say it; the exit code still tells


def _output_error(e: BaseException) -> OutputError:
    if isinstance(e, UnicodeEncodeError):
        enc = getattr(sys.stdout, "encoding", None) or e.encoding
        return OutputError(
            f"cannot write output: the output encoding ({enc}) cannot show {e.object[e.start : e.start + 1]!r}; "
            "set PYTHONIOENCODING=utf-8 or use a UTF-8 locale"
        )
    return OutputError(f"cannot write output: {getattr(e, 'strerror', None) or e}")


@contextmanager
def _stdout_failures() -> Iterator[None]:
    """A closed pipe becomes PipeClosed (silent); any other failure to write stdout OutputError (exit 1)."""
    try:
        yield
    except BrokenPipeError:
        raise PipeClosed() from None
    except (OSError, UnicodeEncodeError) as e:
        drop_stdout()
        raise _output_error(e) from None


def write(text: str) -> None:
    """Data to stdout, flushed. A closed pipe raises PipeClosed, any other failure OutputError (exit 1)."""
    with _stdout_failures():
        sys.stdout.write(text)
        sys.stdout.flush()


def prose(text: str) -> None:
    """Text people read (a passage): on a terminal wrapped at words to its width, piped one line a paragraph."""
    if _isatty():
        text = wrap_prose(text, terminal_width())
    write(text)


def _isatty() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def confirm(text: str, what: str = "the result") -> None:
    """Print what a command that has already done its work returns (a new id). Never fails the command:
    a retry after a lost confirmation would do the work twice. A failure is reported on stderr."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except (OSError, UnicodeEncodeError) as e:
        drop_stdout()
        if not isinstance(e, BrokenPipeError):
            err(f"done, but could not print {what}: {getattr(e, 'strerror', None) or e}")


def emit_confirm(
    view: View, fmt: str, settings: Settings | None = None, base: Any = None, what: str = "the result"
) -> None:
    """``emit`` for a command that has already done its work (``sources link`` saved the link): like
    ``confirm``, a failure to print is reported on stderr and never fails the command."""
    try:
        emit(view, fmt, settings, base)
    except PipeClosed:
        drop_stdout()
    except OutputError as e:
        why = str(e).removeprefix("cannot write output: ")
        err(f"done, but could not print {what}: {why}")


def drop_stdout() -> None:
    """After a failed write, send what is still buffered to /dev/null so later flushes (and exit) cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


# format name -> how to draw a view on stdout (datasette-style registry). The names come from
# hrcli.formats (the one list); a renderer module is imported only when its format is asked for.
def _json(view: View, out: Any, settings: Settings, base: Any) -> None:
    from .machine import json_array

    json_array(view, out)


def _jsonl(view: View, out: Any, settings: Settings, base: Any) -> None:
    from .machine import json_lines

    json_lines(view, out)


def _csv(view: View, out: Any, settings: Settings, base: Any) -> None:
    from .machine import csv_table

    csv_table(view, out, settings.csv_raw)


def _md(view: View, out: Any, settings: Settings, base: Any) -> None:
    from .machine import markdown

    markdown(view, out, settings.csv_raw)


def _html(view: View, out: Any, settings: Settings, base: Any) -> None:
    from . import html  # Jinja2 is loaded only for a page

    out.write(html.page(view, base, argv=settings.argv))


def _table(view: View, out: Any, settings: Settings, base: Any) -> None:
    if not view.all_rows() and not any(g.rows for g in view.groups):
        note(view.empty)
        return
    from . import render

    problem = render.view(view, paging=settings.pager)
    if problem:
        err(problem)


RENDERERS: dict[str, Callable[[View, Any, Settings, Any], None]] = {
    "table": _table,
    "json": _json,
    "jsonl": _jsonl,
    "csv": _csv,
    "md": _md,
    "html": _html,
}
assert set(RENDERERS) == set(output_names()), "every --format name needs a renderer, and only those"


# bibliography format -> its text for a list of Source records (hrcli.biblio, imported only when asked for):
# items for the sources a selection cites, not a view of rows
def _csl_json(sources: list[Any]) -> str:
    from .biblio import csl_json

    return csl_json(sources)


def _bibtex(sources: list[Any]) -> str:
    from .biblio import bibtex

    return bibtex(sources)


def _ris(sources: list[Any]) -> str:
    from .biblio import ris

    return ris(sources)


BIBLIOGRAPHIES: dict[str, Callable[[list[Any]], str]] = {"csl-json": _csl_json, "bibtex": _bibtex, "ris": _ris}
assert set(BIBLIOGRAPHIES) == set(biblio_names()), "every bibliography format needs a writer, and only those"


# export format -> the text of a whole export (records by kind, the fact base they came from, the settings): the
# bibliographies (items for the sources the selection cites) and these, each imported only when asked for
def _export_json(recs: dict[str, list[Any]], base: Any, settings: Settings) -> str:
    from .machine import export_json
    from .views.export import export_rows

    return export_json(export_rows(recs, base))


def _export_csv(recs: dict[str, list[Any]], base: Any, settings: Settings) -> str:
    from .machine import export_csv
    from .views.export import EXPORT_FIELDS, export_rows

    rows = export_rows(recs, base)
    kinds = [k for k in recs if k != "sources"]
    if len(kinds) == 1:  # one kind asked for: one table a spreadsheet opens as is (its sources are cited by id)
        rows = {kinds[0]: rows[kinds[0]]}
    return export_csv(rows, EXPORT_FIELDS, settings.csv_raw)


def _export_toml(recs: dict[str, list[Any]], base: Any, settings: Settings) -> str:
    from .writer import dump_base

    return dump_base({kind: [x.to_dict() for x in items] for kind, items in recs.items()}).decode("utf-8")


def _export_html(recs: dict[str, list[Any]], base: Any, settings: Settings) -> str:
    from . import html
    from .views.export import export_view

    full = "conflicts" in recs  # nothing filtered out: every disagreement
    title = "hrcli: everything" if full else "hrcli: selected events"
    return html.page(export_view(recs, base), base, all_conflicts=full, title=title, argv=settings.argv)


EXPORTS: dict[str, Callable[[dict[str, list[Any]], Any, Settings], str]] = {
    "toml": _export_toml,
    "json": _export_json,
    "csv": _export_csv,
    "html": _export_html,
}


def _export_bibliography(fmt: str) -> Callable[[dict[str, list[Any]], Any, Settings], str]:
    def items(recs: dict[str, list[Any]], base: Any, settings: Settings) -> str:
        return BIBLIOGRAPHIES[fmt](recs.get("sources", []))

    return items


EXPORTS.update({name: _export_bibliography(name) for name in BIBLIOGRAPHIES})
assert set(EXPORTS) | {"sqlite"} == set(export_names()), "every export format but sqlite (a database) needs a writer"


def export_text(fmt: str, recs: dict[str, list[Any]], base: Any, settings: Settings) -> str:
    """The text of an export of ``recs`` in ``fmt`` (any export format but sqlite)."""
    return EXPORTS[fmt](recs, base, settings)


def bibliography(fmt: str, sources: list[Any]) -> None:
    """Write the bibliography items of ``sources`` in ``fmt`` (csl-json, bibtex, ris) to stdout."""
    write(BIBLIOGRAPHIES[fmt](sources))


def passage(title: str, text: str, patterns: list[str]) -> None:
    """A source passage under a record (show --passage, in a table), its figures and dates highlighted."""
    from . import render

    with _stdout_failures():
        render.passage(title, text, patterns)
        sys.stdout.flush()


def emit(view: View, fmt: str, settings: Settings | None = None, base: Any = None) -> None:
    """Write a view to stdout in ``fmt``. Empty results print nothing to stdout (a note on stderr for tables).

    ``base`` is the fact base the view's rows came from: the html page cites its sources and
    disagreements (a renderer draws what it is handed and never loads data itself).
    """
    with _stdout_failures():
        RENDERERS[fmt](view, sys.stdout, settings or Settings(), base)
        sys.stdout.flush()
    say_hidden(base)


def say_hidden(base: Any) -> None:
    """The one line saying how many events about other States the view's queries left out (store.FactBase.hidden),
    once, and how to see them."""
    hidden = getattr(base, "hidden", None)
    if hidden:
        n = len(hidden)
        hidden.clear()
        err(
            f"left out {n} record{'s' if n != 1 else ''} not about Belarus (their state names another State, or"
            " they are about a theme); --all-states shows them, each with its State or theme"
        )
