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
from collections.abc import Sequence
from typing import Any

from .errors import OutputError, PipeClosed

FORMATS = ("table", "json", "jsonl", "csv", "md", "html")

# C0 controls except tab/newline, DEL, C1 controls, and the bidi overrides that can disguise text
# whole terminal escape sequences (CSI, OSC, two-byte), so no "[31m" is left behind
_ESCAPES = r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]|\x9b[0-?]*[ -/]*[@-~]"
_CONTROL = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
_CONTROL_ALL = "[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"

# Spreadsheets run a cell that starts with one of these as a formula (CSV injection, OWASP): such text
# cells get a leading apostrophe in csv and md output unless --csv-raw. Plain numbers are left alone.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
CSV_RAW = False  # set by cli.main from --csv-raw: cells exactly as stored (control codes are still stripped)
# C1 controls, bidi overrides and line separators: valid in JSON strings, but live on a terminal
_JSON_UNSAFE = "[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]"

VOICE_LABELS = {
    "government": "Government of Belarus",
    "un-country-team": "UN Country Team",
    "user": "user's source",
    "other": "other",
}


# one-character row marks for narrow tables, explained under each table that shows one
MARKS = {
    "P": "planned",
    "W": "pending (waiting)",
    "O": "ongoing",
    "!": "disputed ('hrcli conflicts')",
    "n": "has a note ('hrcli show ID')",
    "U": "your own record",
}
_STATUS_MARK = {"planned": "P", "pending": "W", "ongoing": "O"}


def marks(status: str | None, disputed: Any = None, note: Any = None, origin: str | None = None) -> str:
    """A row's marks: its status (done has none), disputed, has a note, the user's own record."""
    m = _STATUS_MARK.get(status or "", "")
    return m + ("!" if disputed else "") + ("n" if note else "") + ("U" if origin and origin != "bundled" else "")


def clean(text: Any, keep_newlines: bool = True) -> str:
    """Text safe for a terminal: control and bidi-override characters removed."""
    s = "" if text is None else str(text)
    if "\x1b" in s or "\x9b" in s:
        s = re.sub(_ESCAPES, "", s)
    return re.sub(_CONTROL if keep_newlines else _CONTROL_ALL, "", s)  # re caches the compiled pattern


def sheet_cell(v: Any) -> str:
    """A csv/md cell a spreadsheet will not run: formula-like text gets a leading apostrophe (unless --csv-raw)."""
    s = clean(_cell(v))
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


def write(text: str) -> None:
    """Data to stdout, flushed. A closed pipe raises PipeClosed, any other failure OutputError (exit 1)."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise PipeClosed() from None
    except (OSError, UnicodeEncodeError) as e:
        drop_stdout()
        raise _output_error(e) from None


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


class Column:
    """A table column: the record field it shows, its header, and layout hints for rich.

    ``sub`` names a field drawn dim on a line of its own under the cell (a record's id under its
    summary, status marks under its date); ``hide_below`` drops the column on terminals narrower than
    that (what it shows is then in the legend, or in the cell of another column).
    """

    __slots__ = ("key", "header", "ratio", "no_wrap", "justify", "max_width", "sub", "hide_below")

    def __init__(
        self,
        key: str,
        header: str,
        ratio: int | None = None,
        no_wrap: bool = False,
        justify: str = "left",
        max_width: int | None = None,
        sub: str | None = None,
        hide_below: int = 0,
    ) -> None:
        self.key, self.header, self.ratio, self.no_wrap = key, header, ratio, no_wrap
        self.justify, self.max_width, self.sub, self.hide_below = justify, max_width, sub, hide_below


class View:
    """What a command prints: rows (flat dicts), the field order for machine formats, and how to draw a table.

    ``groups`` holds several tables under one command; ``records``, when set, is what machine formats
    print instead of the table rows; ``charts`` are (title, [(label, value, unit)]) bar charts.
    ``compact`` draws one block per record instead of a table; ``total``, when more records matched
    than ``rows`` holds (--limit), makes the table end with "N of M shown".
    """

    compact = False
    total: int | None = None
    footer: Sequence[str] = ()  # lines printed under the table (a citation to copy): one logical line each
    # table cells longer than this are cut (rich's layout time grows with the text); None prints all (show)
    max_cell: int | None = 2000

    def __init__(
        self,
        rows: list[dict[str, Any]],
        fields: Sequence[str],
        columns: Sequence[Column] = (),
        title: str = "",
        empty: str = "No matching records.",
        legend: bool = True,
        charts: list[tuple[str, list[tuple[str, float, str]]]] | None = None,
        groups: list[View] | None = None,
        sources: dict[str, Any] | None = None,
        records: list[dict[str, Any]] | None = None,
    ) -> None:
        self.rows, self.fields, self.columns, self.title, self.empty = rows, fields, columns, title, empty
        self.legend, self.charts, self.groups = legend, charts or [], groups or []
        self.sources, self.records = sources or {}, records


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(v)
    return str(v)


def _all_rows(view: View) -> list[dict[str, Any]]:
    if view.records is not None:
        return view.records
    if view.groups:
        return [r for g in view.groups for r in g.rows]
    return view.rows


def emit(view: View, fmt: str) -> None:
    """Write a view to stdout in ``fmt``. Empty results print nothing to stdout (a note on stderr for tables)."""
    try:
        _emit(view, fmt)
        sys.stdout.flush()
    except BrokenPipeError:
        raise PipeClosed() from None
    except (OSError, UnicodeEncodeError) as e:
        drop_stdout()
        raise _output_error(e) from None


def _emit(view: View, fmt: str) -> None:
    rows = _all_rows(view)
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
    s = sheet_cell(clean(_cell(v), keep_newlines=False) if isinstance(v, str) else v)
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return s.replace("\\", "\\\\").replace("|", "\\|")


def _markdown(view: View, rows: list[dict[str, Any]]) -> None:
    out = sys.stdout
    out.write("| " + " | ".join(view.fields) + " |\n")
    out.write("|" + "|".join("---" for _ in view.fields) + "|\n")
    for r in rows:
        out.write("| " + " | ".join(_md_cell(r.get(k)) for k in view.fields) + " |\n")


def use_color() -> bool:
    """Colour for tables only: off under NO_COLOR, TERM=dumb, or the setting ``color = "never"``."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    from . import config

    return config.get("color") != "never"
