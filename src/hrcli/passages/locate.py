"""The locator grammar and its resolution: turn (source, locator, text) into a Passage.

Each layout's blocks become locators in the spelling the source's ``cite`` field describes:
``para. N``, ``Section, para. N``, ``Section, bullet N``, ``fn. a``, ranges ``paras. 21-22``.
A passage's text is reflowed: ``¾`` bullets become ``•`` on their own line and years split by a lost
line-end dash (``20052008``) are mended.
"""

from __future__ import annotations

import re
from typing import Any

from .layouts import STOP, layout_for

__all__ = ["Passage", "LocatorError", "resolve", "units", "check", "locators", "summary", "split_lines"]


class LocatorError(ValueError):
    """A locator that the source's text does not have; ``known`` lists the ones it has."""

    def __init__(self, message: str, known: list[str] | None = None):
        super().__init__(message)
        self.known = known or []


class Passage:
    """The text a locator points at: ``text`` (reflowed), ``file``, and ``first``/``last`` 1-based lines."""

    __slots__ = ("source", "locator", "file", "text", "first", "last")

    def __init__(self, source: str, locator: str, file: str, text: str, first: int, last: int):
        self.source, self.locator, self.file, self.text, self.first, self.last = (
            source,
            locator,
            file,
            text,
            first,
            last,
        )

    @property
    def lines(self) -> list[int]:
        return [self.first, self.last]

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "locator": self.locator,
            "file": self.file,
            "passage": self.text,
            "passage_lines": self.lines,
        }

    def __repr__(self) -> str:
        return f"Passage({self.source!r}, {self.locator!r}, lines {self.first}-{self.last})"


_KIND_WORD = {"para": "para.", "bullet": "bullet", "footnote": "fn."}


def _units(lines: list[str], layout: tuple) -> dict[str, list[int]]:
    """Every locator the text has (canonical spelling) -> the line numbers of its passage."""
    parse, section, headings = layout
    out: dict[str, list[int]] = {}
    counts: dict[tuple[str | None, str], int] = {}
    for b in parse(lines):
        kind, nums = b[0], b[1]
        if kind in ("heading", "title"):
            text = " ".join(lines[k - 1].strip() for k in nums)
            for pat, name in headings:
                if re.match(pat, text):
                    if name == STOP:
                        return out
                    section = name
                    break
            continue
        if kind == "other":
            continue
        if kind == "footnote":
            out[f"fn. {b[2]}"] = nums
            continue
        if len(b) > 2:  # printed paragraph number
            label = b[2]
        else:
            key = (section, kind)
            counts[key] = counts.get(key, 0) + 1
            label = str(counts[key])
        loc = f"{_KIND_WORD[kind]} {label}"
        out[f"{section}, {loc}" if section else loc] = nums
    return out


_YEARS_JOINED = re.compile(r"\b((?:19|20)\d\d)((?:19|20)\d\d)\b")


def _reflow(lines: list[str], nums: list[int]) -> str:
    """One passage as readable text: lines joined, list items on their own line, artefacts repaired."""
    out = ""
    for k in nums:
        s = re.sub(r"\s+", " ", lines[k - 1].strip())
        if s.startswith("¾"):  # the extraction's rendering of a bullet
            s = "•" + s[1:]
        if out and s.startswith(("•", "- ")):
            out += "\n" + s
        else:
            out += (" " if out else "") + s
    # a line-end dash lost when the extraction merged two lines: '20052008' was '2005-2008'
    return _YEARS_JOINED.sub(lambda m: f"{m[1]}-{m[2]}" if m[2] > m[1] else m[0], out)


_LOC_RE = re.compile(
    r"^(?:(?P<section>.+?),\s*)?(?P<kind>paras?\.?|bullets?|fn\.?|footnote)\s*(?P<a>\w+)(?:\s*[-–]\s*(?P<b>\w+))?$",
    re.I,
)


MAX_LABEL_DIGITS = 4  # no document has 10,000 paragraphs; a longer number is a typo or an attack
_LABEL_RE = re.compile(rf"[0-9]{{1,{MAX_LABEL_DIGITS}}}|[A-Za-z]{{1,4}}[0-9]{{0,{MAX_LABEL_DIGITS}}}")


def _parse_locator(locator: str) -> tuple[str | None, str, str, str | None]:
    m = _LOC_RE.match(" ".join(locator.split()))
    if not m:
        raise LocatorError(f"cannot read locator {locator!r} (e.g. 'para. 3', 'UPR, bullet 2', 'fn. a')")
    for label in (m["a"], m["b"]):
        # \w also matches '²' and '١' (int() fails on one, reads the other) and any run of digits
        if label is not None and not _LABEL_RE.fullmatch(label):
            raise LocatorError(
                f"cannot read locator {locator!r}: a number is 1 to {MAX_LABEL_DIGITS} ASCII digits "
                "(e.g. 'para. 3', 'paras. 21-22'), a footnote a letter or two"
            )
    kind = m["kind"].lower().rstrip(".s")
    word = {"para": "para.", "bullet": "bullet", "fn": "fn.", "footnote": "fn."}[kind]
    return m["section"], word, m["a"], m["b"]


def summary(known: list[str]) -> str:
    """Locators compressed for a message: 'para. 1-69; fn. 2'."""
    spans: dict[str, list[str]] = {}
    for loc in known:
        head, _, label = loc.rpartition(" ")
        spans.setdefault(head, []).append(label)
    return "; ".join(f"{h} {v[0]}" + (f"-{v[-1]}" if len(v) > 1 else "") for h, v in spans.items())


def split_lines(text: str) -> list[str]:
    """``text`` as lines, whatever its line ends."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def locators(source_id: str, text: str, plain: bool = False) -> list[str]:
    """Every locator the text of ``source_id`` has, in document order."""
    return list(_units(split_lines(text), layout_for(source_id, plain)))


def units(source_id: str, locator: str, known: list[str]) -> list[str]:
    """The canonical locators (from ``known``) that ``locator`` names: one, or each of a range's.
    Raises LocatorError."""
    try:
        section, word, a, b = _parse_locator(locator)
    except LocatorError as e:
        raise LocatorError(str(e), list(known)) from None
    _check_range(locator, a, b)
    folded = {k.casefold(): k for k in known}

    def one(label: str) -> str:
        key = f"{section}, {word} {label}" if section else f"{word} {label}"
        found = folded.get(" ".join(key.split()).casefold())
        if found is None:
            raise LocatorError(f"{source_id} has no {key!r}", list(known))
        return found

    if b is None:
        return [one(a)]
    return [one(str(k)) for k in range(int(a), int(b) + 1)]


def check(locator: str) -> tuple[str | None, str, str, str | None]:
    """(section, word, first label, last label or None) of a locator that some text could have, whatever the
    text: the grammar and a range's bounds. Raises LocatorError (with no known locators) otherwise."""
    section, word, a, b = _parse_locator(locator)
    _check_range(locator, a, b)
    return section, word, a, b


def _check_range(locator: str, a: str, b: str | None) -> None:
    if b is not None and not (
        a.isascii() and a.isdigit() and b.isascii() and b.isdigit() and int(a) < int(b) <= int(a) + 20
    ):
        raise LocatorError(f"cannot read the range in locator {locator!r}")


def resolve(source_id: str, locator: str, text: str, file: str = "", plain: bool = False) -> Passage:
    """The passage ``locator`` points at in ``text`` (the source's whole file). Raises LocatorError."""
    lines = split_lines(text)
    found = _units(lines, layout_for(source_id, plain))
    parts = [found[u] for u in units(source_id, locator, list(found))]
    nums = [k for p in parts for k in p]
    text_out = "\n\n".join(_reflow(lines, p) for p in parts)
    return Passage(source_id, locator, file, text_out, min(nums), max(nums))
