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
    if any(c.isdigit() for c in text):
        for m in _THOUSANDS.finditer(text):
            out.update(m.start() + i for i, c in enumerate(m.group(0)) if not c.isdigit())
    return out


def _alone(text: str, i: int) -> bool:
    """Whether the character at ``i`` stands alone: whitespace (or the text's ends) on both sides."""
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + 1] if i + 1 < len(text) else "\n"
    return before.isspace() and after.isspace()


def stream(text: str) -> tuple[str, list[int]]:
    """``text``'s canonical stream, and for each of its characters the index in ``text`` it came from."""
    out: list[str] = []
    where: list[int] = []
    spaces = _thousand_spaces(text)
    n = len(text)
    i = 0
    while i < n:
        c = text[i]
        if c.isascii() and not (i + 1 < n and unicodedata.combining(text[i + 1])):
            if c.isalnum():
                out.append(c.lower())
                where.append(i)
            elif c == "%":
                out.append("%")
                where.append(i)
            elif (
                i < n - 1
                and text[i + 1].isdigit()
                and (
                    (c in ".," and i > 0 and text[i - 1].isdigit())  # a decimal point or a thousands separator
                    or (c in "-+" and (i == 0 or not text[i - 1].isalnum()))  # a sign
                )
            ):
                out.append(c)
                where.append(i)
            elif c == " " and i in spaces:
                out.append(",")
                where.append(i)
            i += 1
            continue
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1  # a letter and its combining marks are composed together
        if c in BULLETS and j == i + 1 and _alone(text, i):
            i = j
            continue
        if i in spaces:
            out.append(",")
            where.append(i)
            i = j
            continue
        if c in _SIGNS and j < n and text[j].isdigit() and (i == 0 or not text[i - 1].isalnum()):
            out.append("-" if c != "+" else "+")
            where.append(i)
            i = j
            continue
        if unicodedata.decomposition(c).startswith(_SUPER):
            i = j  # a superscript footnote mark
            continue
        for d in unicodedata.normalize("NFKC", text[i:j]).casefold():
            if d.isalnum() or d == "%":
                out.append(d)
                where.append(i)
        i = j
    return "".join(out), where


def words(text: str) -> list[str]:
    """``text``'s words, normalised; a word broken by a hyphen at a line end is joined again."""
    joined = re.sub(r"(?<=[^\W\d_])[-\u00ad]\s*\n\s*(?=[^\W\d_])", "", text)
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFC", joined)).casefold()
    return re.findall(r"[^\W_]+", folded)
