"""A text as the stream of its letters and digits: what a passage's fingerprint is computed over.

NFKC (ligatures such as 'ﬁ' become 'fi'), case-folded, letters and digits only. Spaces, punctuation,
line ends and hyphens vanish, so a copy with other line breaks, a word broken by a hyphen at a line
end, or an extraction's stray space inside a word ('cr iticized') gives the same stream.
"""

from __future__ import annotations

import unicodedata

__all__ = ["stream", "words"]


def stream(text: str) -> tuple[str, list[int]]:
    """The letters and digits of ``text``, normalised, and for each the index of the character it came from."""
    out: list[str] = []
    where: list[int] = []
    for i, c in enumerate(text):
        if c.isascii():
            if c.isalnum():
                out.append(c.lower())
                where.append(i)
            continue
        for d in unicodedata.normalize("NFKC", c).casefold():
            if d.isalnum():
                out.append(d)
                where.append(i)
    return "".join(out), where


def words(text: str) -> list[str]:
    """``text``'s words, normalised; a word broken by a hyphen at a line end is joined again."""
    import re

    joined = re.sub(r"(?<=[^\W\d_])[-\u00ad]\s*\n\s*(?=[^\W\d_])", "", text)
    folded = unicodedata.normalize("NFKC", joined).casefold()
    return re.findall(r"[^\W_]+", folded)
