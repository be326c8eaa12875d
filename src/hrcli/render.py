"""Tables and bar charts for people (rich). Imported only when a table is drawn: rich costs ~50 ms."""

from __future__ import annotations

import os
import sys
from typing import Any

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from .output import VOICE_LABELS, PipeClosed, View, _cell, clean, use_color


class _Console(Console):
    def on_broken_pipe(self) -> None:
        # rich would raise SystemExit(1); a closed pipe (`| head`) is not an error for hrcli
        raise PipeClosed()


def console() -> Console:
    """The stdout console for data. NO_COLOR and TERM=dumb give plain text."""
    color = use_color()
    cols = os.environ.get("COLUMNS", "")
    width = None if sys.stdout.isatty() else (int(cols) if cols.isdigit() and int(cols) > 0 else 120)
    return _Console(
        file=sys.stdout,
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
    return escape(clean(_cell(value)))


def _table(v: View) -> Table:
    t = Table(
        title=safe(v.title) if v.title else None,
        box=box.SIMPLE_HEAD,
        show_lines=False,
        header_style="bold",
        title_justify="left",
        expand=False,
    )
    for c in v.columns:
        t.add_column(
            c.header, ratio=c.ratio, no_wrap=c.no_wrap, justify=c.justify, overflow="fold", max_width=c.max_width
        )
    for r in v.rows:
        # Text objects are never parsed as markup, so bracketed data prints literally
        t.add_row(*(Text(clean(_cell(r.get(c.key)))) for c in v.columns))
    return t


def bars(con: Console, title: str, items: list[tuple[str, float, str]]) -> None:
    """A horizontal bar chart: one bar per (label, value, unit)."""
    if not items:
        return
    top = max((abs(v) for _, v, _ in items), default=0) or 1
    label_w = min(max(len(clean(lbl)) for lbl, _, _ in items), 40)
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
        line = Text(f"  {clean(label)[:label_w]:<{label_w}} ")
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
        grid.add_row(Text(f" {clean(sid)}:"), Text(f"{clean(voice)}; {clean(src.title)} ({clean(src.date)})"))
    con.print(grid)


def view(v: View) -> None:
    """Draw a view (or its groups) as tables, then its charts and the source legend."""
    con = console()
    for g in v.groups or [v]:
        if g.rows:
            con.print(_table(g))
        for title, items in g.charts:
            bars(con, title, items)
    for title, items in v.charts if v.groups else []:
        bars(con, title, items)
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
