"""Renderers of the machine formats (json, jsonl, csv, md): a View to text on a stream, without rich.

They never carry colour or escape codes whatever FORCE_COLOR says. All text is untrusted: csv and md
cells that a spreadsheet would run as formulas are neutralised (unless --csv-raw), md escapes HTML,
JSON escapes C1 and bidi controls.
"""

from __future__ import annotations

import re
from typing import Any

from .view import View, cell, clean

# Spreadsheets run a cell that starts with one of these as a formula (CSV injection, OWASP): such text
# cells get a leading apostrophe in csv and md output unless --csv-raw. Plain numbers are left alone.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
# C1 controls, bidi overrides and line separators: valid in JSON strings, but live on a terminal; and lone
# surrogates (a file name's bytes that are not UTF-8), which no UTF-8 output can carry but an escape can
_JSON_UNSAFE = "[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]"


# A spreadsheet whose list separator is ';' (or ',') splits an unquoted 'x;=HYPERLINK(...)' into two cells,
# the second a formula: such a part after a separator gets the apostrophe too (spaces before it count).
_FORMULA_AFTER_SEP = re.compile(r"[;,]\s*(?=[=+\-@])")


def _after_separators(s: str) -> str:
    def fix(m: re.Match) -> str:
        rest = s[m.end() :]
        part = re.split(r"[;,]", rest, maxsplit=1)[0].strip()
        return m.group() if re.fullmatch(_NUMBER, part) else m.group() + "'"

    return _FORMULA_AFTER_SEP.sub(fix, s)


def sheet_cell(v: Any, raw: bool = False) -> str:
    """A csv/md cell a spreadsheet will not run: formula-like text gets a leading apostrophe, and so does
    each formula-like part after a ';' or ',' inside it (unless ``raw``, --csv-raw)."""
    s = clean(cell(v))
    if raw or (isinstance(v, (int, float)) and not isinstance(v, bool)):
        return s
    if ("," in s or ";" in s) and _FORMULA_AFTER_SEP.search(s):
        s = _after_separators(s)
    if s.startswith(_FORMULA_START) and not re.fullmatch(_NUMBER, s):
        return "'" + s
    return s


# The same characters in UTF-8 (lone surrogates as 'surrogatepass' writes them): U+007F is 7f, C1 controls
# c2 80-9f, surrogates ed a0-bf (ed also starts Hangul), U+2028-202E e2 80 a8-ae, U+2066-2069 e2 81 a6-a9.
_UNSAFE_E2 = rb"\xe2(?:\x80[\xa8-\xae]|\x81[\xa6-\xa9])"


def _may_be_unsafe(text: str) -> bool:
    """False only when ``text`` holds nothing _JSON_UNSAFE matches. Scanning the bytes is about a quarter of
    the instructions of that regex over the text (compiling its surrogate range alone costs ~2M), and
    nearly every output has none of these characters, so most calls stop here."""
    b = text.encode("utf-8", "surrogatepass")
    return b"\x7f" in b or b"\xc2" in b or b"\xed" in b or re.search(_UNSAFE_E2, b) is not None


def json_text(text: str) -> str:
    """JSON text with C1 controls and bidi overrides written as \\u escapes: the same values, inert on a terminal."""
    if not _may_be_unsafe(text) or re.search(_JSON_UNSAFE, text) is None:
        return text
    return re.sub(_JSON_UNSAFE, lambda m: f"\\u{ord(m.group()):04x}", text)


def _utf(stream: Any) -> bool:
    import codecs

    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "utf-8").name.startswith("utf")
    except LookupError:
        return False


def json_array(view: View, out: Any) -> None:
    import json

    records = [{k: r.get(k) for k in view.fields} for r in view.all_rows()]
    # \u escapes on an output that cannot take UTF-8 (latin-1): the same values, nothing lost
    ascii_only = not _utf(out)
    if out.isatty():
        out.write(json_text(json.dumps(records, ensure_ascii=ascii_only, indent=2)) + "\n")
    else:
        out.write(json_text(json.dumps(records, ensure_ascii=ascii_only, separators=(",", ":"))) + "\n")


def json_lines(view: View, out: Any) -> None:
    import json

    ascii_only = not _utf(out)
    for r in view.all_rows():
        line = json.dumps({k: r.get(k) for k in view.fields}, ensure_ascii=ascii_only, separators=(",", ":"))
        out.write(json_text(line) + "\n")


def csv_table(view: View, out: Any, raw: bool = False) -> None:
    import csv

    w = csv.writer(out, lineterminator="\n")
    w.writerow(view.fields)
    for r in view.all_rows():
        w.writerow([sheet_cell(r.get(k), raw) for k in view.fields])


_MD_ESCAPE = r"[\\|\[\]()!]"  # one pass, backslash included: no escape in the text can undo ours


def _md_cell(v: Any, raw: bool) -> str:
    # raw HTML in Markdown is live when rendered (<script>, <img onerror>): escape it; formulas as in csv
    if isinstance(v, str):
        # a line end inside a cell would end the table's row: it becomes a <br> (below), words never glued
        v = clean(re.sub(r"\r\n?", "\n", cell(v)).replace("\t", " ")).strip("\n")
    s = sheet_cell(v, raw)
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")  # also kills autolinks <http://...>
    # links and images ([x](javascript:...), ![](http://tracker)) stay text: their punctuation is escaped
    return re.sub(_MD_ESCAPE, r"\\\g<0>", s).replace("\n", "<br>")


def markdown(view: View, out: Any, raw: bool = False) -> None:
    out.write("| " + " | ".join(view.fields) + " |\n")
    out.write("|" + "|".join("---" for _ in view.fields) + "|\n")
    for r in view.all_rows():
        out.write("| " + " | ".join(_md_cell(r.get(k), raw) for k in view.fields) + " |\n")


# -- hrcli export: every record kind at once, each kind with its own fields (rows from views.export.export_rows) --
def export_json(rows: dict[str, list[dict]]) -> str:
    """An object with one array of rows per record kind."""
    import json

    return json_text(json.dumps(rows, ensure_ascii=False, indent=1)) + "\n"


def export_csv(rows: dict[str, list[dict]], fields: dict[str, tuple[str, ...]], raw: bool = False) -> str:
    """One section per record kind (in ``fields``' order) with that kind's own fields (all of them: note, start,
    end, title), each with its header row, sections separated by an empty line: a single header over every kind
    mixed sources with events and dropped what did not fit."""
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    first = True
    for kind, names in fields.items():
        if not rows.get(kind):
            continue
        if not first:
            buf.write("\n")
        first = False
        w.writerow(names)
        for r in rows[kind]:
            w.writerow([sheet_cell(r.get(k), raw) for k in names])
    return buf.getvalue()
