"""Find a bundled passage in a user's copy by its fingerprint, and print it from the copy's own words.

The copy's text is reduced to its stream (``normalise``). A passage starts where a word of the copy
starts and its head anchor's hash matches, and ends where a word ends and its tail anchor's hash
matches. Between them, lines a printed page puts inside a paragraph (running headers and footers,
page numbers, dates, file names, a footnote block) may sit: they are dropped as whole lines of the
copy, and the passage counts as found only when what is left hashes to the passage's fingerprint.
Nothing that does not verify is ever returned, so a changed figure is 'not found', never printed.
Anchors of ``K_SHORT`` characters are the fallback when furniture falls inside the first or last ``K``.
Paragraph numbers play no part: the anchors start after a passage's number, so a copy with or without
them matches alike.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from .fingerprint import K_SHORT, K, digest
from .normalise import stream

__all__ = ["Copy", "find", "Found", "text_of", "nearest", "words_at"]

_MAX_JUNK = 4000  # stream characters of headers, footers and notes that may sit inside one passage
_MAX_PAIRS = 64  # (head, tail) pairs tried for one passage: an honest copy has one or two
_MAX_LINES = 400  # lines inside one candidate span: a passage with its page furniture has far fewer
_MAX_TRIES = 256  # ways of dropping lines hashed for one candidate span


class Found:
    """Where a passage verified in a copy: its stream span and the copy lines dropped from inside it."""

    __slots__ = ("start", "end", "drop")

    def __init__(self, start: int, end: int, drop: tuple[int, ...]):
        self.start, self.end, self.drop = start, end, drop


class Copy:
    """A user's copy, indexed for anchor look-ups: its text, stream and line structure."""

    def __init__(self, text: str):
        self.text = text
        self.stream, self.where = stream(text)
        s, w = self.stream, self.where
        self.starts = [p for p in range(len(s)) if p == 0 or w[p] - w[p - 1] > 1]
        self.ends = [q for q in range(1, len(s) + 1) if q == len(s) or w[q] - w[q - 1] > 1]
        # each line of the text as a stream span [a, b), and which lines look like page furniture
        self.line_start: list[int] = []  # stream offset of each line's first character
        self.line_pos: list[int] = []  # text offset of each line
        pos = 0
        self.lines = text.split("\n")
        for line in self.lines:
            self.line_start.append(bisect.bisect_left(w, pos))
            self.line_pos.append(pos)
            pos += len(line) + 1
        self.line_start.append(len(s))
        self._heads: dict[int, dict[str, list[int]]] = {}
        self._tails: dict[int, dict[str, list[int]]] = {}
        self._furniture: set[int] | None = None

    def heads(self, k: int) -> dict[str, list[int]]:
        """digest of the ``k`` stream characters from a word start -> those starts."""
        if k not in self._heads:
            s = self.stream
            self._heads[k] = _index((s[p : p + k], p) for p in self.starts if p + k <= len(s))
        return self._heads[k]

    def tails(self, k: int) -> dict[str, list[int]]:
        """digest of the ``k`` stream characters up to a word end -> those ends."""
        if k not in self._tails:
            s = self.stream
            self._tails[k] = _index((s[q - k : q], q) for q in self.ends if q >= k)
        return self._tails[k]

    def furniture(self) -> set[int]:
        """Lines that look like a printed page's furniture: page numbers, dates, file names, document
        symbols, and any short line that recurs (a running header or footer)."""
        if self._furniture is None:
            seen: dict[str, int] = {}
            keys = []
            for line in self.lines:
                key = stream(line)[0]
                keys.append(key)
                if key and len(key) <= 80:
                    seen[key] = seen.get(key, 0) + 1
            out = set()
            for i, line in enumerate(self.lines):
                t = line.strip()
                if (
                    (keys[i] and seen.get(keys[i], 0) > 1)
                    or re.fullmatch(r"(?:page\s*)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?", t, re.I)
                    or re.fullmatch(r"[\d./\- ]{6,10}(?:\s+\d\d?:\d\d(?::\d\d)?)?", t)
                    or re.fullmatch(r"\S+\.(?:pdf|docx?|html?|txt)", t, re.I)
                    or re.fullmatch(r"(?:GE\.|A/|E/|CRC/|CCPR/)\S+(?:\s+\(E\))?(?:\s+\S+)?", t)
                ):
                    out.add(i)
            self._furniture = out
        return self._furniture

    def _lines_inside(self, a: int, b: int) -> list[int]:
        """The lines whose stream span lies wholly inside [a, b), is not empty, and holds neither end."""
        first = bisect.bisect_left(self.line_start, a)
        out = []
        for i in range(first, len(self.lines)):
            la, lb = self.line_start[i], self.line_start[i + 1]
            if la >= b:
                break
            if la > a and lb < b and lb > la:
                out.append(i)
        return out

    def span_stream(self, f: Found) -> str:
        s = self.stream[f.start : f.end]
        for i in sorted(f.drop, reverse=True):
            la, lb = self.line_start[i] - f.start, self.line_start[i + 1] - f.start
            s = s[:la] + s[lb:]
        return s


def _index(windows: Any) -> dict[str, list[int]]:
    """digest -> offsets, in order, for (window, offset) pairs: each distinct window is hashed once."""
    same: dict[str, list[int]] = {}
    for w, at in windows:
        same.setdefault(w, []).append(at)
    idx: dict[str, list[int]] = {}
    for w, ats in same.items():
        idx.setdefault(digest(w), []).extend(ats)
    for ats in idx.values():
        ats.sort()  # two windows of one digest: never in practice, but the offsets stay in order
    return idx


def find(fp: dict[str, Any], copy: Copy, short: bool = True) -> Found | None:
    """Where the passage ``fp`` verifies in ``copy``, or None. ``short=False``: by its full anchors only
    (a first pass over a copy: a file that holds no passage by them is no copy, and its short anchors are
    never indexed)."""
    n = fp["n"]
    found = _anchored(fp, copy, min(K, n), fp["head"], fp["tail"])
    if found is None and short and "head12" in fp:
        found = _anchored(fp, copy, K_SHORT, fp["head12"], fp["tail12"])
    return found


def _anchored(fp: dict[str, Any], copy: Copy, k: int, head: str, tail: str) -> Found | None:
    n = fp["n"]
    heads = copy.heads(k).get(head, [])
    if not heads:
        return None  # the tails are never indexed for a file that holds no passage's head
    tails = copy.tails(k).get(tail, [])
    ends = set(tails)
    for s in heads:  # the passage as one unbroken run first: a closer look never beats it
        if s + n in ends and digest(copy.stream[s : s + n]) == fp["sha"]:
            return Found(s, s + n, ())
    pairs = 0
    for s in heads:
        lo = bisect.bisect_left(tails, s + n + 1)
        for e in tails[lo:]:
            if e > s + n + _MAX_JUNK:
                break
            pairs += 1
            if pairs > _MAX_PAIRS:
                return None  # a copy built to defeat the matcher: its passage is not found
            found = _without_furniture(fp, copy, s, e)
            if found:
                return found
    return None


def _without_furniture(fp: dict[str, Any], copy: Copy, s: int, e: int) -> Found | None:
    """Drop whole lines from inside [s, e) until ``fp``'s length is left and its hash verifies: first the
    lines that look like page furniture, then any one run of lines (a footnote block), then both."""
    excess = (e - s) - fp["n"]
    inside = copy._lines_inside(s, e)
    if len(inside) > _MAX_LINES:
        return None
    size = {i: copy.line_start[i + 1] - copy.line_start[i] for i in inside}
    furn = tuple(i for i in inside if i in copy.furniture())
    tried: set[tuple[int, ...]] = set()

    def attempt(drop: tuple[int, ...]) -> Found | None:
        if drop in tried or sum(size[i] for i in drop) != excess or len(tried) >= _MAX_TRIES:
            return None
        tried.add(drop)
        f = Found(s, e, drop)
        return f if digest(copy.span_stream(f)) == fp["sha"] else None

    if furn and (f := attempt(furn)):
        return f
    rest = [i for i in inside if i not in furn]
    pos = {line: k for k, line in enumerate(inside)}  # blank lines are not inside: a run may cross them

    def next_to(a: int, b: int) -> bool:
        return all(i in furn for i in inside[pos[a] + 1 : pos[b]])  # page furniture may sit inside a run

    for base in ((), furn):
        left = excess - sum(size[i] for i in base)
        if left <= 0:
            continue
        for x in range(len(rest)):
            total = 0
            for y in range(x, len(rest)):
                if y > x and not next_to(rest[y - 1], rest[y]):
                    break  # a run is consecutive lines
                total += size[rest[y]]
                if total > left:
                    break
                if total == left and (f := attempt(tuple(sorted((*base, *rest[x : y + 1]))))):
                    return f
    return None


def text_of(fp: dict[str, Any], copy: Copy, f: Found) -> tuple[str, int, int]:
    """The passage in the copy's own words, laid out as the reference prints it; and its first and last
    lines in the copy (1-based). Page furniture dropped, line-end hyphens mended, bullets on their lines."""
    w = copy.where
    first = bisect.bisect_right(copy.line_start, f.start) - 1
    last = bisect.bisect_right(copy.line_start, f.end - 1) - 1
    pieces: list[tuple[str, int]] = []  # (text, stream offset of its first character, relative to the passage)
    cum = 0
    for i in range(first, last + 1):
        if i in f.drop:
            continue
        line = copy.lines[i]
        lo = w[f.start] - copy.line_pos[i] if i == first else 0
        hi = w[f.end - 1] + 1 - copy.line_pos[i] if i == last else len(line)
        if i == last:
            while hi < len(line) and not line[hi].isspace():  # the passage's closing punctuation
                hi += 1
        piece = line[lo:hi].replace("\u00ad", "-")
        pieces.append((piece, cum))
        cum += len(stream(piece)[0])
    body = ""
    hyph = set(fp.get("hyph", ()))
    for piece, offset in pieces:
        piece = piece.strip()
        if not piece:
            continue
        if body.endswith("-") and len(body) > 1 and body[-2].isalpha() and piece[:1].isalpha():
            body = body if offset in hyph else body[:-1]  # a word broken at the line end, or a real hyphen
        elif body.endswith(("-", "–")) and body[-2:-1].isdigit() and piece[:1].isdigit():
            pass  # '2005-' + '2008'
        elif body:
            body += " "
        body += piece
    body = re.sub(r"\s+", " ", body)
    _, where = stream(body)
    for offset, mark in reversed(fp.get("breaks", ())):
        if not 0 < offset < len(where):
            continue
        prev_end, at = where[offset - 1] + 1, where[offset]
        between = body[prev_end:at]
        keep = re.match(r"\S*", between).group(0) if re.search(r"\s", between) else ""
        body = body[:prev_end] + keep + "\n" + mark + body[at:]
    return fp.get("lead", "") + body, first + 1, last + 1


def nearest(fp: dict[str, Any], copy: Copy, before: Found | None, after: Found | None) -> tuple[int, int] | None:
    """Where a passage that did not verify most likely sits in ``copy`` (a stream span), to show the user the
    copy's own words there: between its anchors when they are found, else between the passages around it
    that verified; None when neither says. Never a verification: the words there differ."""
    n = fp["n"]
    lo = before.end if before is not None else 0
    hi = after.start if after is not None else len(copy.stream)
    for k, head, tail in ((min(K, n), fp["head"], fp["tail"]), (K_SHORT, fp.get("head12"), fp.get("tail12"))):
        if head is None:
            continue
        heads = [s for s in copy.heads(k).get(head, []) if lo <= s < hi]
        tails = [e for e in copy.tails(k).get(tail, []) if lo < e <= hi]
        pairs = [(abs((e - s) - n), s, e) for s in heads[:50] for e in tails[:50] if n // 2 <= e - s <= 2 * n + 200]
        if pairs:
            _, s, e = min(pairs)
            return s, e
        if heads:
            return heads[0], min(hi, heads[0] + n)
        if tails:
            return max(lo, tails[-1] - n), tails[-1]
    if before is not None and after is not None and 0 < hi - lo <= 2 * n + 200:
        return lo, hi
    return None


def words_at(copy: Copy, start: int, end: int) -> tuple[str, int, int]:
    """The copy's own text over the stream span [start, end), its whitespace collapsed; and its first and
    last lines in the copy (1-based)."""
    w = copy.where
    a, b = w[start], w[end - 1] + 1
    while b < len(copy.text) and not copy.text[b].isspace():  # the closing punctuation
        b += 1
    first = bisect.bisect_right(copy.line_pos, a) - 1
    last = bisect.bisect_right(copy.line_pos, b - 1) - 1
    return " ".join(copy.text[a:b].split()), first + 1, last + 1
