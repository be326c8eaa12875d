"""What a command prints, independent of how: View (rows, fields, columns, charts), Column, and the cell
text and row marks that every format shares. Both output (machine formats) and render (rich tables)
build on this module; neither needs the other's internals.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from typing import Any

# C0 controls except tab/newline, DEL, C1 controls, and the bidi overrides that can disguise text
# whole terminal escape sequences (CSI, OSC, two-byte), so no "[31m" is left behind
_ESCAPES = r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]|\x9b[0-?]*[ -/]*[@-~]"
_CONTROL = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
_SURROGATES = "[\ud800-\udfff]"
_CONTROL_ALL = "[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"

DISPUTED = "!"  # the mark of a record or figure that is a side of a recorded disagreement
# one-character row marks for narrow tables, explained under each table that shows one
MARKS = {
    "P": "planned",
    "W": "pending (waiting)",
    "O": "ongoing",
    "C": "pledged (a commitment; nothing said of it being kept)",
    DISPUTED: "disputed ('hrcli conflicts')",
    "n": "has a note ('hrcli show ID')",
    "U": "your own record",
}
_STATUS_MARK = {"planned": "P", "pending": "W", "ongoing": "O", "pledged": "C"}


def marks(status: str | None, disputed: Any = None, note: Any = None, origin: str | None = None) -> str:
    """A row's marks: its status (done has none), disputed, has a note, the user's own record."""
    m = _STATUS_MARK.get(status or "", "")
    return m + (DISPUTED if disputed else "") + ("n" if note else "") + ("U" if origin and origin != "bundled" else "")


def clean(text: Any, keep_newlines: bool = True) -> str:
    """Text safe for a terminal: control and bidi-override characters removed, lone surrogates shown as U+FFFD."""
    s = "" if text is None else str(text)
    if not s.isascii():  # O(1) for a str: ASCII text, the common case, skips the search
        # a lone surrogate is a byte that was not UTF-8 (a file name, an argument): it cannot be printed, so it
        # shows as U+FFFD, as safefile.display shows such a name
        s = re.sub(_SURROGATES, "\ufffd", s)
    if "\x1b" in s or "\x9b" in s:
        s = re.sub(_ESCAPES, "", s)
    return re.sub(_CONTROL if keep_newlines else _CONTROL_ALL, "", s)  # re caches the compiled pattern


# what a character the output cannot show is written as, when stdout is not UTF (PYTHONIOENCODING=ascii or
# latin-1, an old locale): tables and charts for people, not data; an accented letter loses its accent
_PLAIN = {
    "\u2588": "#",  # a bar
    "\u258f": "|",  # an empty bar
    "\u2026": "...",
    "\u2013": "-",
    "\u2014": "-",
    "\u2011": "-",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2022": "*",
    "\u00b7": "*",
    "\u2192": "->",
    "\u00a0": " ",
    "\u2500": "-",
    "\u2502": "|",
}


def unicode_output(encoding: str | None) -> bool:
    """Whether a stream of ``encoding`` takes every character (UTF-8, -16, -32; unknown counts as yes)."""
    import codecs

    try:
        return codecs.lookup(encoding or "utf-8").name.startswith("utf")
    except LookupError:
        return True


def plain(text: str, encoding: str) -> str:
    """``text`` with each character ``encoding`` cannot write as plain characters (see _PLAIN), else '?'."""
    try:
        text.encode(encoding)
        return text
    except UnicodeEncodeError:
        pass
    import unicodedata

    out = []
    for ch in text:
        try:
            ch.encode(encoding)
            out.append(ch)
            continue
        except UnicodeEncodeError:
            pass
        sub = _PLAIN.get(ch)
        if sub is None:
            base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
            sub = base if base and base.isascii() else "?"
        out.append(sub)
    return "".join(out)


# joins the words of one unit a table never breaks across lines (a locator, 'Gov. BY'); render wraps cells
# holding it itself and prints it as a plain space, so what a reader copies is what hrcli takes
UNIT = "\u00a0"
# a locator up to this long is one unit; a longer one may break at its other spaces, never between a word and
# the number it names ('para.' / '5'): a table of records at 80 columns has about 17 characters for it
_LONG_UNIT = 17


def unit(text: str) -> str:
    """``text`` as one unit for a table: its spaces never break. A text longer than _LONG_UNIT keeps only
    each word with the number or letter after it ('para. 5', 'bullet 2', 'fn. a')."""
    if len(text) <= _LONG_UNIT:
        return text.replace(" ", UNIT)
    import re

    return re.sub(r" (?=[0-9]|[A-Za-z](?:\b|$))", UNIT, text)


def place(source: str, locator: str) -> str:
    """A source and the place in it for a table cell: 'gov-2007, Annex, para. 5' may break after the
    source's comma, never inside the locator."""
    return f"{source}, {unit(locator)}" if locator else source


def cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(v)
    return str(v)


def number_text(v: Any) -> str:
    """A figure as people read it: 12 not 12.0, 12,345 not 12345 (small numbers and decimals as given)."""
    if isinstance(v, float) and v.is_integer():
        return str(int(v)) if abs(v) >= 1 else str(v)
    if isinstance(v, int) and not isinstance(v, bool) and abs(v) >= 10000:
        return f"{v:,}"
    return str(v)


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
    blocks_below: int | None = None  # narrower terminals get one block per row (None: render's default)
    # keys of short columns a block prints as labelled lines of their own ('Last report: ...'), not on its head line
    block_lines: Sequence[str] = ()
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

    def all_rows(self) -> list[dict[str, Any]]:
        """What machine formats print: ``records`` when set, else every group's rows, else the rows."""
        if self.records is not None:
            return self.records
        if self.groups:
            return [r for g in self.groups for r in g.rows]
        return self.rows


def terminal_width() -> int:
    """The width to draw for: COLUMNS, else the terminal of stdout, stderr, stdin or the controlling
    terminal (so `hrcli timeline | less` is drawn for the window it is read in), else 120."""
    cols = os.environ.get("COLUMNS", "")
    if cols.isascii() and cols.isdigit() and int(cols) > 0:  # '¹²⁰' is isdigit() but not int()-able
        return int(cols)
    for stream in (sys.stdout, sys.stderr, sys.stdin):
        try:
            return os.get_terminal_size(stream.fileno()).columns or 120
        except (AttributeError, OSError, ValueError):
            continue
    try:
        fd = os.open("/dev/tty", os.O_RDONLY | os.O_NOCTTY)
    except OSError:
        return 120
    try:
        return os.get_terminal_size(fd).columns or 120
    except OSError:
        return 120
    finally:
        os.close(fd)


def wrap_prose(text: str, width: int) -> str:
    """Each line of ``text`` (a paragraph) wrapped at words to ``width``; a word longer than the width
    stays whole on a line of its own (a terminal then folds it, but no word is cut by hrcli)."""
    import textwrap

    out = []
    for para in text.split("\n"):
        lead = para[: len(para) - len(para.lstrip(" "))]
        out.append(
            textwrap.fill(
                para,
                width=max(width, 10),
                subsequent_indent=lead,
                break_long_words=False,
                break_on_hyphens=False,
                drop_whitespace=True,
            )
            if para.strip()
            else para
        )
    return "\n".join(out)


class PlainStream:
    """A stream that cannot take every character (PYTHONIOENCODING=ascii or latin-1): what it cannot take is
    written as plain characters (a bar as '#'), never failing the table. rich draws ASCII borders for it."""

    def __init__(self, stream: Any):
        self._stream, self.encoding = stream, stream.encoding

    def write(self, text: str) -> int:
        return self._stream.write(plain(text, self.encoding))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
