"""Which 8-bit code page a text file that is not UTF-8 is in: Windows-1252, Mac Roman or Windows-1251.

Both decode almost any bytes, so decoding without an error tells nothing: "vis-\\x88-vis" is "vis-ˆ-vis" in
cp1252 and "vis-à-vis" in Mac Roman (UPR Info's database exports were saved by Excel for Mac: Mac Roman with
bare CR line ends, docs/dev/datasets.md). ``guess`` reads each non-ASCII byte in both code pages with the
bytes either side of it and scores what a person would write: a lower-case letter (or a capital at the start
of a word or in a word of capitals) scores, half as much alone (a word of one letter); a capital after a
lower-case letter, a spacing accent (ˆ ˜ ¨), a maths sign (≠ √ ∂), a control character or a sign inside a
word ("C™te") counts against; quotes on the side of a word they open or close score well, dashes and common
signs elsewhere a little. The code page that reads the file more plausibly by a clear margin (``SURE``) is
taken without a word; a narrow one is taken and said ("unsure"); an even one is refused with the choices,
unless the file has bare CR line ends, Mac Roman's own, and Mac Roman reads it no worse. One pass, at most
``SCORED`` bytes scored: linear in size.

Windows-1251 (Cyrillic: what Excel on a Russian or Belarusian Windows saves) reads a Latin file's accents as
Cyrillic letters inside Latin words ("Coopйrer"), and the Latin code pages read a Cyrillic file as runs of
accented letters ("Ëóêàøåíêî"). So a letter whose neighbours are both non-ASCII letters counts against a Latin
code page (a word of three accented letters in a row is another script), and a Cyrillic letter beside an ASCII
letter counts against Windows-1251; a Cyrillic word of one letter ("vis-а-vis") tells nothing. Windows-1251 is
no candidate for a file where it reads no byte as a letter ("vis-€-vis"), or reads none plausibly. Code pages
that read every non-ASCII byte of the file alike (cp1252 and cp1251 on a file whose only such bytes are curly
quotes) are one reading: the first is kept.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Iterator

CANDIDATES = ("cp1252", "mac_roman", "cp1251")
CYRILLIC = frozenset({"cp1251"})  # code pages whose letters above 0x7F are of another script than ASCII's
SURE = 1.5  # the score margin above which the better code page is taken without a note
SCORED = 20_000  # non-ASCII bytes scored at most: enough evidence, and a bounded cost

# common in text: quotes, dashes, ellipsis, bullets, currency and a few signs (U+00A0: no-break space)
_COMMON = set("\u00a0\u2013\u2014\u2026\u2022\u20ac\u00a3\u00a2\u00a5\u00a9\u00ae\u00b0\u00b1"
              "\u00a7\u00b6\u00b7\u00ab\u00bb\u00bf\u00a1\u2122\u00d7\u00f7\u00b5")  # fmt: skip
_LOWER, _UPPER, _OPEN, _CLOSE, _APOS, _COMMONC, _BAD, _OTHER = range(8)


def _classes(codec: str) -> list[int]:
    """Each byte's class when read in ``codec`` (ASCII: letters by case, anything else OTHER)."""
    out = []
    for b in range(256):
        try:
            ch = bytes([b]).decode(codec)
        except UnicodeDecodeError:
            out.append(_BAD)
            continue
        cat = unicodedata.category(ch)
        if cat == "Ll":
            out.append(_LOWER)
        elif cat in ("Lu", "Lt"):
            out.append(_UPPER)
        elif b < 0x80:
            out.append(_OTHER)
        elif ch == "\u2019":
            out.append(_APOS)  # an apostrophe, or a closing single quote
        elif ch in "\u201c\u2018":
            out.append(_OPEN)
        elif ch == "\u201d":
            out.append(_CLOSE)
        elif ch in _COMMON:
            out.append(_COMMONC)
        else:  # Lm (ˆ ˜), Sk (¨ ¯ ˘), Sm (≠ √), So, Cc: not what a table of text holds
            out.append(_BAD)
    return out


def score(chunks: Iterable[bytes], codec: str, limit: int = SCORED) -> float:
    """How plausibly ``codec`` reads the non-ASCII bytes of ``chunks`` (see the module docstring)."""
    import re

    cls = _classes(codec)
    cyrillic = codec in CYRILLIC
    total, seen = 0.0, 0
    letters = (_LOWER, _UPPER)
    held = b""  # the last bytes of the chunks so far: the last one is scored when its next byte is known
    for data in [*chunks, b""]:
        end = not data
        buf = held + data
        stop = len(buf) if end else len(buf) - 1
        for m in re.compile(rb"[\x80-\xff]").finditer(buf, max(len(held) - 1, 0), stop):  # in C: ASCII costs a scan
            seen += 1
            if seen > limit:
                return total
            i = m.start()
            c = cls[buf[i]]
            p = cls[buf[i - 1]] if i else _OTHER
            n = cls[buf[i + 1]] if i + 1 < len(buf) else _OTHER
            inner = p in letters, n in letters
            high = i > 0 and buf[i - 1] >= 0x80, i + 1 < len(buf) and buf[i + 1] >= 0x80
            if c in letters and cyrillic and ((inner[0] and not high[0]) or (inner[1] and not high[1])):
                total -= 1  # a Cyrillic letter inside a Latin word: "Coopйrer"
            elif c in letters and not cyrillic and inner == (True, True) and high == (True, True):
                total -= 1  # the middle of a run of accented letters: a word of another script
            elif c in letters:
                if inner == (False, False):  # a word of one letter: "à", but also "ñ" for a dash
                    total += 0 if cyrillic else 0.5  # Cyrillic text has longer words to tell it
                else:
                    total += -1 if c == _UPPER and p == _LOWER else 1
            elif c == _APOS:  # don’t, or the end of a quotation
                total += 1.5 if inner == (True, True) or inner == (True, False) else 0.5
            elif c == _OPEN:
                total += 1.5 if inner == (False, True) else 0.5
            elif c == _CLOSE:
                total += 1.5 if inner == (True, False) else 0.5
            elif c == _COMMONC:  # within a word ("C™te") it stands for a letter of another code page
                total += -1 if inner == (True, True) else 0.5
            else:
                total -= 1
        held = buf[-2:]
    return total


class Undecided(Exception):
    """Neither code page reads the file plausibly enough: carries the one-line reason."""


def guess(chunks: Callable[[], Iterator[bytes]], readable: list[str], bare_cr: bool) -> tuple[str, bool]:
    """The code page of the bytes ``chunks()`` gives (a new pass each call) among ``readable`` (those that
    decode the whole file), and whether the choice is sure. Raises Undecided (with each reading of the first
    word holding a non-ASCII byte) when it cannot be told."""
    if not readable:
        raise Undecided(f"none of {', '.join(CANDIDATES)} reads it")
    readable = _distinct_readings(chunks(), readable)
    scores = {c: score(chunks(), c) for c in readable}
    # a Cyrillic code page stands on its letters: one that reads none plausibly is no candidate
    readable = [c for c in readable if c not in CYRILLIC or scores[c] > 0] or readable
    ranked = sorted(readable, key=lambda c: -scores[c])
    best = ranked[0]
    margin = scores[best] - scores[ranked[1]] if len(ranked) > 1 else SURE
    if scores[best] > 0 and margin >= SURE:
        return best, True
    if scores[best] > 0 and margin > 0:
        return best, False
    if bare_cr and "mac_roman" in readable and scores["mac_roman"] >= scores[best]:
        return "mac_roman", False  # CR alone ends lines only in files saved on a Mac
    head = b""
    for chunk in chunks():  # the first few KiB, however the file is cut into chunks
        head += chunk
        if len(head) >= 4096:
            break
    raise Undecided(_readings(head[:4096], readable))


def _distinct_readings(chunks: Iterable[bytes], readable: list[str]) -> list[str]:
    """``readable`` less each code page that reads every non-ASCII byte of the file as an earlier one does, and
    less a Cyrillic code page that reads none of them as a letter."""
    ascii_bytes = bytes(range(0x80))
    high: set[int] = set()
    for chunk in chunks:
        high.update(chunk.translate(None, ascii_bytes))  # in C: the bytes above 0x7F
    used = bytes(sorted(high))
    kept: dict[str, str] = {}
    for codec in readable:
        text = used.decode(codec)
        if codec in CYRILLIC and not any(ch.isalpha() for ch in text):
            continue  # no Cyrillic letter at all: signs alone ("vis-€-vis") make no Cyrillic file
        kept.setdefault(text, codec)
    return [c for c in readable if c in kept.values()]


def _readings(sample: bytes, readable: list[str]) -> str:
    """'cp1252 reads "vis-ˆ-vis", mac_roman "vis-à-vis"': the first word with a non-ASCII byte."""
    import re

    m = re.search(rb"[^\s,;\t\"]*[\x80-\xff][^\s,;\t\"]*", sample)
    if not m:
        return "no 8-bit code page reads it plausibly"
    word = m.group()[:40]
    said = [f'{c} reads "{word.decode(c, "replace")}"' for c in readable]
    return ", ".join(said)
