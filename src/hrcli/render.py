"""Tables and bar charts for people (rich). Imported only when a table is drawn: rich costs ~50 ms."""

from __future__ import annotations

import os
import re
import sys
from typing import Any

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from . import config
from .edtf import human, human_forms, source_when, undated
from .errors import PipeClosed
from .view import DISPUTED, MARKS, UNIT, Column, PlainStream, View, cell, clean, plain, terminal_width, unicode_output
from .vocab import VOICE_LABELS, VOICE_SHORT

# below this many columns a table of records becomes one block per record: a table would squeeze
# the summary under half the width or break words
BLOCKS_BELOW = 72
# the spaces a cell may break at: any but UNIT, which joins one unit (a locator)
_BREAK = re.compile(r"[^\S\u00a0]+")
# a cell that is a bare number (a count, a year, a percentage): labelled with its header in a block
_NUMBER = re.compile(r"[-+~≈<>]?[0-9][0-9,.\u202f]*%?(?: !)?")  # "!": a disputed figure


class _Console(Console):
    def on_broken_pipe(self) -> None:
        # rich would raise SystemExit(1); a closed pipe (`| head`) is not an error for hrcli
        raise PipeClosed()


def console(file: Any = None) -> Console:
    """The stdout console for data. NO_COLOR and TERM=dumb give plain text."""
    color = use_color()
    width = terminal_width()
    out = file or sys.stdout
    if not unicode_output(getattr(out, "encoding", None)):
        out = PlainStream(out)
    return _Console(
        file=out,
        force_terminal=True if file is not None and color else None,
        no_color=not color,
        color_system="auto" if color else None,
        highlight=False,
        emoji=False,
        markup=False,
        width=width,
        soft_wrap=False,
    )


def safe(value: Any) -> str:
    """Untrusted text made inert: control codes stripped, rich markup escaped."""
    return escape(clean(cell(value)))


def _text(c: Column, r: dict[str, Any]) -> str:
    """A cell's text; a "date" column's EDTF written for people (machine formats keep the EDTF)."""
    if c.key == "date":
        return clean(human(r.get(c.key) or ""))
    return clean(cell(r.get(c.key)))


def _shown(c: Column, r: dict[str, Any], width: int) -> str:
    s = _text(c, r)
    if c.key == "date" and len(s) > 11 and " - " in s:
        s = s.replace(" - ", " -\n", 1)  # an interval takes two short lines, never a break inside a date
    return s


def _units(text: str, width: int) -> Text:
    """A cell holding units (view.unit) wrapped here at the spaces between them, since rich would break at
    UNIT too; printed with plain spaces. A unit wider than the column is folded by rich."""
    import textwrap  # its word splitting knows only ASCII spaces: UNIT stays inside a word

    lines = []
    for para in text.split("\n"):
        lines += textwrap.wrap(para, max(width, 1), break_long_words=False, break_on_hyphens=False) or [""]
    return Text("\n".join(lines).replace(UNIT, " "), no_wrap=True, overflow="fold")


# a place named in prose ('para. 22', 'bullet 2', 'fn. a') is kept whole when a title wraps
_PLACE = re.compile(r"\b(paras?\.|bullets?|fn\.) (?=[0-9A-Za-z])")


def _title(con: Console, title: str) -> None:
    text = _PLACE.sub("\\1" + UNIT, clean(title))
    con.print(_units(text, con.width) if UNIT in text else Text(text), style="bold")


def _cell_text(c: Column, r: dict[str, Any], width: int, col: int | None = None) -> Text:
    # Text objects are never parsed as markup, so bracketed data prints literally
    shown = _shown(c, r, width)
    if UNIT in shown and col is not None:
        t = _units(shown, col)
        if c.sub and r.get(c.sub):
            t.append("\n" + clean(cell(r.get(c.sub))), style="dim")
        return t
    t = Text(shown.replace(UNIT, " "))
    if c.sub and r.get(c.sub):
        t.append("\n" + clean(cell(r.get(c.sub))), style="dim")
    return t


def _longest_word(c: Column, rows: list[dict[str, Any]], width: int) -> int:
    texts = [_shown(c, r, width) for r in rows] + [c.header]
    texts += [clean(cell(r.get(c.sub))) for r in rows if c.sub]
    if c.no_wrap:
        return max((len(line) for t in texts for line in t.splitlines()), default=0)
    return max((len(w) for t in texts for w in _BREAK.split(t)), default=0)


def columns_for(v: View, width: int) -> list[Column]:
    return [c for c in v.columns if width >= c.hide_below]


def _min_width(c: Column, rows: list[dict[str, Any]], width: int) -> int:
    """A column's least width: a stretching (ratio) column its longest word; any other column its
    longest line up to its max_width, so rich never squeezes it into breaking a word."""
    word = _longest_word(c, rows, width)
    if c.ratio:
        return word
    lines = [ln for r in rows for ln in (_shown(c, r, width) + "\n" + cell(r.get(c.sub))).splitlines()]
    natural = max([len(c.header), *map(len, lines)])
    return max(word, min(natural, c.max_width or natural))


def _natural(c: Column, rows: list[dict[str, Any]], width: int) -> int:
    lines = [ln for r in rows for ln in (_shown(c, r, width) + "\n" + cell(r.get(c.sub))).splitlines()]
    natural = max([len(c.header), *map(len, lines)])
    return natural if c.no_wrap else min(natural, max(c.max_width or natural, _longest_word(c, rows, width)))


def plan(v: View, width: int) -> list[int] | None:
    """Column widths for a table within ``width``, or None when it cannot be drawn without breaking a
    word or, for a table of records, without squeezing the summary under half the width.

    rich's own shrinking ignores minimum widths and ratios unless the table fills the screen, and then
    squeezes short columns ('Voice' to 'V'); the widths are set here instead. Stretching (ratio)
    columns give way first, each down to its longest word; then other wrapping columns.
    """
    cols = columns_for(v, width)
    if not cols:
        return []
    padding = 2 * (len(cols) - 1)  # the divider and one space of padding between columns
    widths = [_natural(c, v.rows, width) for c in cols]
    excess = sum(widths) + padding - width
    ratio = [i for i, c in enumerate(cols) if c.ratio]
    others = [i for i, c in enumerate(cols) if not c.ratio and not c.no_wrap]
    for group, final in ((ratio, False), (others, True)):
        # stretching columns give way first, down to their longest word (or, for a table of records,
        # half the width); then the other wrapping columns, down to their longest word
        mins = [
            (_longest_word(c, v.rows, width) if final or c.ratio else widths[i]) if not c.no_wrap else widths[i]
            for i, c in enumerate(cols)
        ]
        if not final and any(c.sub == "ref" for c in cols):
            mins = [max(m, width // 2) if cols[i].ratio else m for i, m in enumerate(mins)]
        # take the excess from the widest columns of the group, never below a column's minimum
        while excess > 0:
            room = [i for i in group if widths[i] > mins[i]]
            if not room:
                break
            widest = max(room, key=lambda i: (widths[i] - mins[i]) / (cols[i].ratio or 1))
            widths[widest] -= 1
            excess -= 1
    if excess > 0:
        return None
    if any(c.sub == "ref" for c in cols):  # a table of records: the summary must get half the width
        summary = sum(w for c, w in zip(cols, widths, strict=True) if c.ratio)
        natural_summary = sum(_natural(c, v.rows, width) for c in cols if c.ratio)
        if summary < min(width // 2, natural_summary):
            return None
    return widths


def _table(v: View, width: int, widths: list[int]) -> Table:
    t = Table(
        box=box.SIMPLE_HEAD,
        show_lines=False,
        header_style="bold",
        title_justify="left",
        expand=False,
        pad_edge=False,
        show_edge=False,  # two more characters for the summary
        collapse_padding=True,  # and one per column: cells are apart by the divider and one space
    )
    cols = columns_for(v, width)
    for c, w in zip(cols, widths, strict=True):
        # each column is as wide as planned, never narrower than its longest word: no word or id breaks
        t.add_column(c.header, no_wrap=c.no_wrap, justify=c.justify, overflow="fold", width=w)
    for r in v.rows:
        t.add_row(*(_cell_text(c, r, width, w) for c, w in zip(cols, widths, strict=True)))
    return t


def blocks(con: Console, v: View) -> None:
    """One block per record, for narrow terminals and --compact: the short fields on one line, then each
    long field (the summary) wrapped at the full width under it, the record id last."""
    if v.title:
        _title(con, v.title)
    long = [c for c in v.columns if c.ratio or c.key in v.block_lines]
    for r in v.rows:
        head = Text()
        for c in v.columns:
            if c in long:
                continue
            s = _text(c, r).replace("\n", " ")
            if c.header and c.key != "date" and _NUMBER.fullmatch(s):
                s = f"{c.header} {s}"  # out of its column a bare number says nothing: 'Received 93'
            if c.sub and r.get(c.sub):
                s = (s + " " + clean(cell(r.get(c.sub)))).strip()
            if s:
                if head:
                    head.append("  ")
                head.append(s, style="bold" if not head else "")
        if UNIT in head.plain:  # a locator on it stays whole, as in a table
            wrapped = _units(head.plain, con.width)
            for span in head.spans:
                wrapped.stylize(span.style, span.start, span.end)
            head = wrapped
        if head:
            con.print(head)
        for c in long:
            body = clean(cell(r.get(c.key)))
            if not body:
                continue
            label = f"{c.header}: " if len(long) > 1 else ""
            if label:  # a labelled field reads as one paragraph: its cell's lines joined
                body = " ".join(body.split("\n"))
            # a locator in it stays whole, as in a table
            t = _units(label + body, con.width - 2) if UNIT in body else Text(label + body)
            if c.sub and r.get(c.sub):
                t.append("\n" + clean(cell(r.get(c.sub))), style="dim")
            con.print(Padding(t, (0, 0, 0, 2), expand=False))
        con.print()


def _marks_key(con: Console, v: View) -> None:
    seen: set[str] = set()
    for g in v.groups or [v]:
        if any(c.key == "marks" or c.sub == "marks" for c in g.columns):  # only marks actually drawn
            seen |= {ch for r in g.rows for ch in str(r.get("marks") or "")}
        if any(c.key == "shown" for c in g.columns) and any(
            str(r.get("shown", "")).endswith(" " + DISPUTED) for r in g.rows
        ):
            seen.add(DISPUTED)  # a disputed figure
    shown = [f"{m} {what}" for m, what in MARKS.items() if m in seen]
    if shown:
        con.print(Text("Marks: " + "; ".join(shown), style="dim"))


def _voices_key(con: Console, shown: set[str]) -> None:
    """What the Voice column's short words stand for ('Gov. BY' Government of Belarus), when one was drawn;
    each short word kept whole on its line."""
    import textwrap

    said = [
        f"{VOICE_SHORT[v]} {VOICE_LABELS[v]}".replace(" ", UNIT, VOICE_SHORT[v].count(" "))
        for v in VOICE_SHORT
        if VOICE_SHORT[v] in shown and VOICE_SHORT[v] != VOICE_LABELS.get(v)
    ]
    if said:
        text = textwrap.fill("Voices: " + "; ".join(said), max(con.width, 20), break_on_hyphens=False)
        con.print(Text(text.replace(UNIT, " "), style="dim", no_wrap=True, overflow="fold"))


def fit(text: str, limit: int | None) -> str:
    """Text cut to ``limit`` characters for a table, saying how much is left out and where to see it."""
    if limit is None or len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit} more characters: see 'hrcli show ID' or --json)"


def _fitted(v: View, below: list[tuple[str, str]]) -> View:
    """``v`` with text longer than View.max_cell cut, so laying out and wrapping stay fast whatever the data.

    A view that prints everything (``max_cell`` None: one record in ``show``) gets a placeholder in the
    table and the whole text in ``below``, printed unwrapped under it (rich's wrapping time grows faster
    than the text).
    """
    import copy

    limit = View.max_cell or 2000
    rows, changed = [], False
    for r in v.rows:
        long = [k for k, val in r.items() if isinstance(val, str) and len(val) > limit]
        if long:
            changed, r = True, dict(r)
            for k in long:
                if v.max_cell is None:
                    below.append((clean(cell(r.get("field", k))), clean(r[k])))
                    r[k] = f"({len(r[k])} characters, in full below)"
                else:
                    r[k] = fit(r[k], limit)
        rows.append(r)
    if not changed:
        return v
    out = copy.copy(v)
    out.rows = rows
    return out


def _shorten(text: str, width: int) -> str:
    """Text cut to ``width`` at a word boundary, marked with an ellipsis: never half a word."""
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0] if " " in text[: width - 1] else text[: width - 1]
    return cut.rstrip(" ,;:(") + "…"


def bars(con: Console, title: str, items: list[tuple[str, float, str]]) -> None:
    """A horizontal bar chart: one bar per (label, value, unit)."""
    items = [(lbl, v, unit) for lbl, v, unit in items if v is not None]  # a missing value has no bar
    if not items:
        return
    top = max((abs(v) for _, v, _ in items), default=0) or 1
    # under half a narrow terminal: labels are cut at a word (with an ellipsis), bars never wrap
    label_w = min(max(len(clean(lbl)) for lbl, _, _ in items), 40, max(12, (con.width or 80) // 2 - 10))
    suffixes = []
    for _label, value, unit in items:
        shown = str(int(value)) if float(value).is_integer() else str(value)
        word = clean(unit)[:-1] if value == 1 and unit.endswith("s") else clean(unit)  # "1 event"
        suffixes.append(f" {shown} {word}")
    # leave room for the longest "value unit" so no bar line wraps
    width = max(10, min(50, (con.width or 80) - label_w - 4 - max(len(s) for s in suffixes)))
    con.print(Text(clean(title), style="bold"))
    for (label, value, _unit), suffix in zip(items, suffixes, strict=True):
        n = round(abs(value) / top * width)
        bar = "█" * n if n else "▏"
        line = Text(f"  {_shorten(clean(label), label_w):<{label_w}} ")
        line.append(bar, style="cyan")
        line.append(suffix)
        con.print(line)
    con.print()


def cited(v: View) -> list[str]:
    """Every source id the drawn tables cite, in order of first use: a row's ``source``, or its ``cites``
    when the row shows text from several records (the treaty overview, a disagreement in search)."""
    used: list[str] = []
    for g in v.groups or [v]:
        for r in g.rows:
            for s in r.get("cites") or (r.get("source"),):
                if s and s not in used:
                    used.append(s)
    return used


def dates_shown(v: View) -> list[str]:
    """The EDTF dates the drawn tables write as words: "date" columns, a row's ``dates`` (dates inside
    other cells), the cited sources' dates."""
    out: list[str] = []
    for g in v.groups or [v]:
        keyed = any(c.key == "date" for c in g.columns)
        for r in g.rows:
            out += [r.get("date")] if keyed else []
            out += list(r.get("dates") or ())
    if v.legend and v.sources:
        out += [
            v.sources[s].date
            for s in cited(v)
            if s in v.sources and not undated(v.sources[s].date, v.sources[s].accessed)
        ]
    return [d for d in out if isinstance(d, str) and d]


def _dates_key(con: Console, v: View) -> None:
    notes = human_forms(dates_shown(v))
    if notes:
        con.print(Text("Dates: " + "; ".join(notes), style="dim"))


def legend(con: Console, v: View) -> None:
    used = cited(v)
    if not used or not v.sources:
        return
    con.print(Text("Sources (whose voice each claim is in):", style="dim"))
    grid = Table.grid(padding=(0, 1), pad_edge=True)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    for sid in used:
        src = v.sources.get(sid)
        if src is None:
            continue
        voice = VOICE_LABELS.get(src.voice, src.voice)
        title = fit(clean(src.title), View.max_cell)
        grid.add_row(
            Text(f" {clean(sid)}:"), Text(f"{clean(voice)}; {title} ({clean(source_when(src.date, src.accessed))})")
        )
    con.print(grid)


def draw(con: Console, v: View) -> None:
    """Draw a view (or its groups) as tables, then its charts, the marks' key and the source legend."""
    width = con.width
    voices: set[str] = set()  # the short voice words drawn in a Voice column, explained under the tables
    for g in v.groups or [v]:
        below: list[tuple[str, str]] = []
        g = _fitted(g, below)
        if g.rows:
            narrow = width < (g.blocks_below or v.blocks_below or BLOCKS_BELOW)
            widths = None if v.compact or g.compact or narrow else plan(g, width)
            if widths is None:
                blocks(con, g)
            else:
                if g.title:  # over the whole width, not wrapped to a narrow table's
                    _title(con, g.title)
                con.print(_table(g, width, widths))
                con.print()
                if any(c.key == "voice_short" for c in columns_for(g, width)):
                    voices |= {str(r.get("voice_short") or "") for r in g.rows}
            for label, text in below:
                con.print(Text(f"{label}:", style="bold"))
                con.file.write(text + "\n\n")
        for title, items in g.charts:
            bars(con, title, items)
    for title, items in v.charts if v.groups else []:
        bars(con, title, items)
    for line in v.footer:
        # a citation to copy: on a terminal wrapped at words to its width; piped, one line to paste whole
        con.print(Text(clean(line, keep_newlines=False)), soft_wrap=not sys.stdout.isatty())
    shown = sum(len(g.rows) for g in v.groups or [v])
    if v.total is not None and v.total > shown:
        con.print(Text(f"{shown} of {v.total} shown (--limit)", style="dim"))
    _marks_key(con, v)
    _voices_key(con, voices)
    _dates_key(con, v)
    if v.legend:
        legend(con, v)


def passage(title: str, text: str, patterns: list[str]) -> None:
    """A source passage under a record, with the record's figures and dates highlighted."""
    import re

    con = console()
    body = Text(clean(text))
    for pat in patterns:
        for m in re.finditer(pat, body.plain, flags=re.I):
            body.stylize("bold reverse", m.start(), m.end())
    con.print()
    con.print(Text(clean(title), style="bold"))
    con.print(body)


def view(v: View, paging: bool = True) -> str | None:
    """Draw a view on stdout, through a pager when it is longer than the terminal (see ``pager``);
    never under ``paging=False`` (--no-pager). Returns a line for stderr when the pager failed (the
    table is then printed without it)."""
    cmd = pager() if paging else None
    if cmd is None:
        draw(console(), v)
        return None
    import io

    buf = io.StringIO()
    draw(console(buf), v)
    text = buf.getvalue()
    try:
        height = os.get_terminal_size(sys.stdout.fileno()).lines
    except OSError:
        height = 24
    if text.count("\n") < height:
        enc = getattr(sys.stdout, "encoding", None)
        sys.stdout.write(text if unicode_output(enc) else plain(text, enc))
        return None
    from .pager import page  # only on a terminal, for a table longer than it

    return page(cmd, text)


def pager() -> str | None:
    """The pager command, as git and gh choose it: only when stdout is a terminal; HRCLI_PAGER (empty:
    none, as --no-pager), else PAGER, else 'less -FRX'."""
    if not sys.stdout.isatty():
        return None
    cmd = os.environ.get("HRCLI_PAGER")
    if cmd is None:
        cmd = os.environ.get("PAGER") or "less -FRX"
    return cmd if cmd.strip() and cmd.strip() != "cat" else None


def use_color() -> bool:
    """Colour for tables only: off under NO_COLOR, TERM=dumb, or the setting ``color = "never"``."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False

    return config.get("color") != "never"
