"""The one canonical form of a text: what a passage's fingerprint is computed over, on both sides.

The same function reads the reference text (``fingerprint``, ``scripts/fingerprints.py``) and a user's copy
(``match``), so two texts give the same stream exactly when their words and figures are the same:

- Words: letters and digits only, case-folded; spaces, punctuation, line ends and hyphens vanish, so other
  line breaks, a word broken by a hyphen at a line end, or an extraction's stray space inside a word ('cr
  iticized') change nothing.
- Unicode is composed before it is compared: a letter and its combining marks are normalised together (NFKC,
  as NFC then compatibility), so a decomposed copy (NFD, as macOS and some PDFs give it) equals a composed
  one, and a ligature ('ﬁ') its letters. Normalising a character alone never composes an accent.
- Layout glyphs are not words: a bullet of any kind ('•', '▪', a symbol font's private-use glyph, or the
  extraction's '¾') standing alone is dropped BEFORE compatibility normalisation, which would turn '¾' into
  the digits 3 and 4; superscript footnote marks ('¹', 'ᵃ') are dropped too.
- Figures are kept whole: a decimal point or a comma between two digits, and a thousands separator (a space,
  no-break or thin space between digit groups of three) as ',' so that '3,265' and '3 265' agree while '30.4'
  and '304', or '31.82' and '3.182', never do; a sign before a number ('-9', '−9', '+9'; a dash between two
  digits is a range and vanishes like a hyphen); every per cent sign.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["stream", "words", "BULLETS"]

# glyphs a layout uses as a list bullet: dropped when they stand alone (a space or line start on each side)
BULLETS = frozenset("•◦▪▫●○■□►▸‣⁃∙·*¾➢➤✓✔–—-") | frozenset(chr(c) for c in range(0xF000, 0xF100))
_SPACE = " \t\u00a0\u2009\u202f\u2007"
_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u2009\u202f\u2007]\d{3})+(?![\d]|[.,]\d)")
_SIGNS = "-−–+"
_SUPER = ("<super>", "<sub>")


def _thousand_spaces(text: str) -> set[int]:
    """Indices of the spaces that separate a number's digit groups ('3 265'), read as ',' in the stream."""
    out: set[int] = set()
    for m in _THOUSANDS.finditer(text):
        out.update(m.start() + i for i, c in enumerate(m.group(0)) if not c.isdigit())
    return out


def _alone(text: str, i: int) -> bool:
    """Whether the character at ``i`` stands alone: whitespace (or the text's ends) on both sides."""
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + 1] if i + 1 < len(text) else "\n"
    return before.isspace() and after.isspace()


# what the stream looks at: runs of ASCII letters and digits (taken whole), the ASCII marks a figure may
# hold, a space between two digits (perhaps a thousands separator), and every other character one by one
_TOKEN = re.compile(r"[A-Za-z0-9]+|[%.,+\-]|(?<=\d)[ \u00a0\u2009\u202f\u2007](?=\d)|[^\x00-\x7f]")


def stream(text: str) -> tuple[str, list[int]]:
    """``text``'s canonical stream, and for each of its characters the index in ``text`` it came from."""
    out: list[str] = []
    where: list[int] = []
    spaces = _thousand_spaces(text)
    n = len(text)
    done = 0  # characters before this were taken with the cluster of a letter and its combining marks
    for m in _TOKEN.finditer(text):
        i, j = m.start(), m.end()
        if i < done:
            continue
        c = text[i]
        if c.isascii() and c.isalnum():
            if j < n and unicodedata.combining(text[j]):
                j -= 1  # the run's last letter composes with the marks after it
                out.append(text[i:j].lower())
                where.extend(range(i, j))
                _cluster(text, j, out, where)
                done = _cluster_end(text, j)
                continue
            out.append(m.group(0).lower())
            where.extend(range(i, j))
            continue
        if c == "%":
            out.append("%")
            where.append(i)
        elif c in ".,":
            if 0 < i < n - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
                out.append(c)  # a decimal point, or a comma in a figure
                where.append(i)
        elif c in _SIGNS:
            if i < n - 1 and text[i + 1].isdigit() and (i == 0 or not text[i - 1].isalnum()):
                out.append("+" if c == "+" else "-")  # a sign; a dash between digits is a range
                where.append(i)
        elif i in spaces:
            out.append(",")  # a thousands separator, as a comma
            where.append(i)
        elif not c.isascii() and not c.isspace():
            if c in BULLETS and _alone(text, i):
                continue  # dropped before NFKC would turn '¾' into digits
            _cluster(text, i, out, where)
            done = _cluster_end(text, i)
    return "".join(out), where


def _cluster_end(text: str, i: int) -> int:
    """The end of the cluster at ``i``: the character and the combining marks after it."""
    j = i + 1
    while j < len(text) and unicodedata.combining(text[j]):
        j += 1
    return j


def _cluster(text: str, i: int, out: list[str], where: list[int]) -> None:
    """The character at ``i`` with its combining marks, composed and compatibility-normalised together."""
    c = text[i]
    if unicodedata.decomposition(c).startswith(_SUPER):
        return  # a superscript footnote mark
    for d in unicodedata.normalize("NFKC", text[i : _cluster_end(text, i)]).casefold():
        if d.isalnum() or d == "%":
            out.append(d)
            where.append(i)


def words(text: str) -> list[str]:
    """``text``'s words, normalised; a word broken by a hyphen at a line end is joined again."""
    joined = re.sub(r"(?<=[^\W\d_])[-\u00ad]\s*\n\s*(?=[^\W\d_])", "", text)
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFC", joined)).casefold()
    return re.findall(r"[^\W_]+", folded)
