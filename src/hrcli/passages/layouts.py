"""Block parsers, one per source layout: which lines of an extracted text are titles, headings,
paragraphs, bullets and footnotes, and the section headings each bundled source is cited by.

Extraction artefacts are handled here, never in the data: double spacing (000, 002), page-break joins
(003), page-number lines and footnote blocks inside a paragraph (002, 004). A user's own source with
``file = "..."`` gets the plain layout: blank-line-separated paragraphs.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["LAYOUTS", "PLAIN", "STOP", "layout_for"]

# A block is [type, [line numbers]]; types: title, heading, para, bullet, footnote (with a label), other.


def _blank(s: str) -> bool:
    return not s.strip()


def _double_spaced(lines: list[str]) -> list[list]:
    """000 and 002: a blank line follows every line, so blank lines delimit nothing. A paragraph starts
    on a line of one space and a capital; continuation lines start at the margin; two or more leading
    spaces make a heading; '•' a bullet; '____' opens a footnote block (' a Available ...') that may
    sit inside a paragraph, which resumes on a line of one space and a lower-case letter."""
    blocks: list[list] = []
    cur: list | None = None
    in_notes = False
    for n, raw in enumerate(lines, 1):
        s = raw.rstrip()
        if _blank(s):
            continue
        if re.match(r"_{5,}\s*$", s):
            in_notes, cur = True, None
            continue
        if in_notes:
            m = re.match(r" ?([a-z])\s+\S", s)
            if m and not re.match(r" ?[a-z]{2}", s):
                blocks.append(["footnote", [n], m.group(1)])
                continue
            in_notes = False
        body = s.lstrip(" ")
        indent = len(s) - len(body)
        if body.startswith("•"):
            cur = ["bullet", [n]]
            blocks.append(cur)
        elif body.startswith(("(Signed)", "[")):
            cur = None
            blocks.append(["other", [n]])
        elif indent >= 2:
            cur = ["heading", [n]]
            blocks.append(cur)
        elif indent == 1 and body[:1].islower() and _resumable(blocks):
            cur = _resumable(blocks)
            cur[1].append(n)  # a paragraph resumed after a footnote block
        elif indent == 1:
            cur = ["para", [n]]
            blocks.append(cur)
        elif cur is not None:
            cur[1].append(n)
        else:
            cur = ["title", [n]]
            blocks.append(cur)
    return blocks


def _resumable(blocks: list[list]) -> list | None:
    for b in reversed(blocks):
        if b[0] in ("para", "bullet"):
            return b
        if b[0] != "footnote":
            return None
    return None


def _single_spaced(lines: list[str]) -> list[list]:
    """003: paragraphs separated by blank lines, starting with one space. A line with two or more leading
    spaces right after text is a page-break join and starts a new paragraph (lines 76 and 129) unless it
    has three (a title); after a blank line, two or more leading spaces make a title or heading."""
    blocks: list[list] = []
    cur: list | None = None
    for n, raw in enumerate(lines, 1):
        s = raw.rstrip()
        if _blank(s):
            cur = None
            continue
        body = s.lstrip(" ")
        indent = len(s) - len(body)
        if body.startswith(("(Signed)", "[")):
            cur = None
            blocks.append(["other", [n]])
        elif indent >= 3 or (indent == 2 and cur is None and not _sentence_end(lines, n)):
            cur = ["heading", [n]]
            blocks.append(cur)
        elif cur is None or (indent >= 1 and cur[0] != "heading"):
            cur = ["para", [n]]
            blocks.append(cur)
        else:
            cur[1].append(n)
    return blocks


def _sentence_end(lines: list[str], n: int) -> bool:
    """Whether the text block that starts on line n ends like prose (a full stop), not like a heading."""
    i = n - 1
    last = lines[i]
    while i < len(lines) and not _blank(lines[i]):
        last = lines[i]
        i += 1
    return last.rstrip().endswith((".", ":", ";"))


def _web_page(lines: list[str]) -> list[list]:
    """001: one paragraph per line, indented by two spaces, '•' bullets; headings start at the margin."""
    blocks: list[list] = []
    for n, raw in enumerate(lines, 1):
        s = raw.rstrip()
        if _blank(s):
            continue
        body = s.lstrip()  # paragraphs are indented by a no-break space and a space
        if body.startswith("•"):
            blocks.append(["bullet", [n]])
        elif s[:1].isspace():
            blocks.append(["para", [n]])
        else:
            blocks.append(["heading", [n]])
    return blocks


_UNCT_HEADING = re.compile(r"(?:[IVX]+|[A-H])\. \S|Introduction\s*$")


def _numbered(lines: list[str]) -> list[list]:
    """004: paragraphs printed 'N. ' (sometimes after a space), in order. Between them sit headings
    ('II. ...', 'B. ...', 'Rights of refugees ...'); a bare number line is a page-break artefact, and
    one followed by a blank line opens that footnote's text, which runs until the paragraph resumes
    on an indented line. '¾' lines are bullets of the paragraph they sit in."""
    blocks: list[list] = []
    cur: list | None = None
    expect = 1
    i = 0
    while i < len(lines):
        n = i + 1
        s = lines[i].rstrip()
        body = s.lstrip(" ")
        m = re.match(r"(\d{1,2})\. \S", body)
        if m and int(m.group(1)) == expect:
            cur = ["para", [n], str(expect)]
            blocks.append(cur)
            expect += 1
        elif re.fullmatch(r"\d{1,2}", body):
            # a page-number line; followed by a blank line it is a footnote number with its text
            if i + 1 < len(lines) and _blank(lines[i + 1]):
                note = ["footnote", [], body]
                j = i + 2
                while j < len(lines) and not lines[j].startswith(" ") and not _blank(lines[j]):
                    note[1].append(j + 1)
                    j += 1
                if note[1]:
                    blocks.append(note)
                i = j
                continue
        elif _blank(s) or _UNCT_HEADING.match(body):
            if cur is not None and not _blank(s):
                cur = None
        elif cur is not None:
            cur[1].append(n)
        i += 1
    # headings without a marker ('Rights of persons living with HIV/AIDS') trail the paragraph before
    # them: a paragraph ends with its last full stop, semicolon or colon
    for b in blocks:
        if b[0] != "para":
            continue
        while len(b[1]) > 1 and not lines[b[1][-1] - 1].rstrip().endswith((".", ";", ":", "”", '"')):
            b[1].pop()
    return blocks


def _plain(lines: list[str]) -> list[list]:
    """A user's text: paragraphs are runs of non-blank lines separated by blank lines."""
    blocks: list[list] = []
    cur: list | None = None
    for n, raw in enumerate(lines, 1):
        if _blank(raw):
            cur = None
        elif cur is None:
            cur = ["para", [n]]
            blocks.append(cur)
        else:
            cur[1].append(n)
    return blocks


# ---------------------------------------------------------------- layouts: parser, first section, headings

STOP = "<stop>"

# source id -> (block parser, first section, [(heading pattern, section name, or None to keep, or STOP)])
LAYOUTS: dict[str, tuple[Any, str | None, list[tuple[str, str | None]]]] = {
    "gov-2011": (_double_spaced, None, []),
    "gov-2014": (
        _double_spaced,
        "Letter",
        [
            (r"Annex to the letter", "Annex, introduction"),
            (r"Belarus and the universal periodic review", "UPR"),
            (r"Belarus and the United Nations treaty bodies", "Treaty bodies"),
            (r"Belarus and the Office of the United Nations High Commissioner", "OHCHR"),
        ],
    ),
    "gov-2007": (_single_spaced, "Letter", [(r"Annex to the letter", "Annex")]),
    "mfa-web": (
        _web_page,
        "Introduction",
        [
            (r"Cooperation with human rights treaty bodies", "Treaty bodies"),
            (r"Cooperation with the Office of the UN High Commissioner", "OHCHR"),
            (r"Cooperation with the Human Rights Council", "HRC mechanisms"),
            (r"Bilateral human rights dialogues", "Bilateral dialogues"),
            (r"Belarusian Diplomatic Missions", STOP),  # the site's navigation tail
        ],
    ),
    "unct-2009": (_numbered, None, []),
}
PLAIN = (_plain, None, [])


def layout_for(source_id: str, plain: bool = False) -> tuple:
    """The layout of ``source_id``'s text: a bundled source's own, else (or with ``plain``) the plain one."""
    if plain or source_id not in LAYOUTS:
        return PLAIN
    return LAYOUTS[source_id]
