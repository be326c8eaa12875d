"""All printing: data to stdout, messages to stderr, in the format the user chose.

Machine formats (json, jsonl, csv, md) are written here without rich, so they never carry colour or
escape codes whatever FORCE_COLOR says. Tables and charts are drawn by ``hrcli.render`` (rich),
imported only when a table is asked for. All text is untrusted: control codes are stripped before
it reaches a terminal, and rich markup is escaped in render; csv and md cells that a spreadsheet would
run as formulas are neutralised (unless --csv-raw), md escapes HTML, JSON escapes C1 and bidi controls.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .errors import OutputError, PipeClosed
from .view import View, cell, clean

FORMATS = ("table", "json", "jsonl", "csv", "md", "html")  # --format, HRCLI_FORMAT; config takes all but html

# Spreadsheets run a cell that starts with one of these as a formula (CSV injection, OWASP): such text
# cells get a leading apostrophe in csv and md output unless --csv-raw. Plain numbers are left alone.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
CSV_RAW = False  # set by cli.main from --csv-raw: cells exactly as stored (control codes are still stripped)
# C1 controls, bidi overrides and line separators: valid in JSON strings, but live on a terminal
_JSON_UNSAFE = "[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]"


def sheet_cell(v: Any) -> str:
    """A csv/md cell a spreadsheet will not run: formula-like text gets a leading apostrophe (unless --csv-raw)."""
    s = clean(cell(v))
    if (
        not CSV_RAW
        and s.startswith(_FORMULA_START)
        and not (isinstance(v, (int, float)) and not isinstance(v, bool))
        and not re.fullmatch(_NUMBER, s)
    ):
        return "'" + s
    return s


def json_text(text: str) -> str:
    """JSON text with C1 controls and bidi overrides written as \\u escapes: the same values, inert on a terminal."""
    if re.search(_JSON_UNSAFE, text) is None:
        return text
    return re.sub(_JSON_UNSAFE, lambda m: f"\\u{ord(m.group()):04x}", text)


def err(message: str) -> None:
    """One line on stderr, prefixed with the program name. A closed or full stderr is not an error of its own."""
    _stderr("hrcli: " + clean(message, keep_newlines=False) + "\n")


def note(message: str) -> None:
    """An informational line on stderr (e.g. 'no matching records')."""
    _stderr(clean(message, keep_newlines=False) + "\n")


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


def drop_stdout() -> None:
    """After a failed write, send what is still buffered to /dev/null so later flushes (and exit) cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def emit(view: View, fmt: str) -> None:
    """Write a view to stdout in ``fmt``. Empty results print nothing to stdout (a note on stderr for tables)."""
    with _stdout_failures():
        _emit(view, fmt)
        sys.stdout.flush()


def _emit(view: View, fmt: str) -> None:
    rows = view.all_rows()
    out = sys.stdout
    if fmt == "json":
        import json

        records = [{k: r.get(k) for k in view.fields} for r in rows]
        # \u escapes on an output that cannot take UTF-8 (latin-1): the same values, nothing lost
        ascii_only = not _utf(out)
        if out.isatty():
            out.write(json_text(json.dumps(records, ensure_ascii=ascii_only, indent=2)) + "\n")
        else:
            out.write(json_text(json.dumps(records, ensure_ascii=ascii_only, separators=(",", ":"))) + "\n")
    elif fmt == "jsonl":
        import json

        ascii_only = not _utf(out)
        for r in rows:
            line = json.dumps({k: r.get(k) for k in view.fields}, ensure_ascii=ascii_only, separators=(",", ":"))
            out.write(json_text(line) + "\n")
    elif fmt == "csv":
        import csv

        w = csv.writer(out, lineterminator="\n")
        w.writerow(view.fields)
        for r in rows:
            w.writerow([sheet_cell(r.get(k)) for k in view.fields])
    elif fmt == "md":
        _markdown(view, rows)
    elif fmt == "html":
        from . import html  # Jinja2 is loaded only for a page

        html.emit(view)
    else:
        if not rows and not any(g.rows for g in view.groups):
            note(view.empty)
            return
        from . import render

        render.view(view)


def _utf(stream: Any) -> bool:
    import codecs

    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "utf-8").name.startswith("utf")
    except LookupError:
        return False


def _md_cell(v: Any) -> str:
    # raw HTML in Markdown is live when rendered (<script>, <img onerror>): escape it; formulas as in csv
    s = sheet_cell(clean(cell(v), keep_newlines=False) if isinstance(v, str) else v)
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return s.replace("\\", "\\\\").replace("|", "\\|")


def _markdown(view: View, rows: list[dict[str, Any]]) -> None:
    out = sys.stdout
    out.write("| " + " | ".join(view.fields) + " |\n")
    out.write("|" + "|".join("---" for _ in view.fields) + "|\n")
    for r in rows:
        out.write("| " + " | ".join(_md_cell(r.get(k)) for k in view.fields) + " |\n")
