"""Locators to passages: turn (source, locator) into the text it points at, with its file and lines.

Usable from Python without the CLI::

    from hrcli import passages
    p = passages.quote("unct-2009", "para. 22")      # finds the text (HRCLI_SOURCES_DIR or a linked folder)
    p.text, p.file, p.first, p.last
    passages.resolve("unct-2009", "para. 22", text)   # or resolve against a text you already hold

Each bundled document has its own layout (how its paragraphs, headings, bullets and footnotes look in
the extracted text), and each layout implements the locator grammar that the source's ``cite`` field
describes: ``para. N``, ``Section, para. N``, ``Section, bullet N``, ``fn. a``, ranges ``paras. 21-22``.
Extraction artefacts are handled here, never in the data: double spacing (000, 002), page-break joins
(003), page-number lines, footnote blocks inside a paragraph (002, 004), ``¾`` bullets, and years
split by a lost line-end dash (``20052008``). A user's own source with ``file = "..."`` gets the plain
layout: ``para. N`` counts blank-line-separated paragraphs.

The texts are never bundled. They are found by their sha256 (recorded in each ``[[sources]]`` entry)
in ``HRCLI_SOURCES_DIR`` or in the folder registered with ``hrcli sources link DIR``; a file that
carries a source's name but not its hash is refused, never silently used.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from .errors import DataError

__all__ = [
    "Passage",
    "LocatorError",
    "resolve",
    "locators",
    "summary",
    "quote",
    "whole",
    "for_record",
    "source_locators",
    "find_text",
    "texts_dir",
    "scan",
    "linked_dir",
    "link",
    "save_link",
    "evidence_terms",
]

HOW = "set HRCLI_SOURCES_DIR to the folder holding the source texts, or run 'hrcli sources link DIR'"


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


# ---------------------------------------------------------------- blocks: what each line is

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


# ---------------------------------------------------------------- layouts: blocks to locators

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


def _parse_locator(locator: str) -> tuple[str | None, str, str, str | None]:
    m = _LOC_RE.match(" ".join(locator.split()))
    if not m:
        raise LocatorError(f"cannot read locator {locator!r} (e.g. 'para. 3', 'UPR, bullet 2', 'fn. a')")
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


def _layout(source_id: str, plain: bool = False) -> tuple:
    if plain or source_id not in LAYOUTS:
        return PLAIN
    return LAYOUTS[source_id]


def _split(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def locators(source_id: str, text: str, plain: bool = False) -> list[str]:
    """Every locator the text of ``source_id`` has, in document order."""
    return list(_units(_split(text), _layout(source_id, plain)))


def resolve(source_id: str, locator: str, text: str, file: str = "", plain: bool = False) -> Passage:
    """The passage ``locator`` points at in ``text`` (the source's whole file). Raises LocatorError."""
    lines = _split(text)
    units = _units(lines, _layout(source_id, plain))
    try:
        section, word, a, b = _parse_locator(locator)
    except LocatorError as e:
        raise LocatorError(str(e), list(units)) from None
    folded = {k.casefold(): k for k in units}

    def one(label: str) -> list[int]:
        key = f"{section}, {word} {label}" if section else f"{word} {label}"
        found = folded.get(" ".join(key.split()).casefold())
        if found is None:
            raise LocatorError(f"{source_id} has no {key!r}", list(units))
        return units[found]

    if b is None:
        nums = one(a)
        text_out = _reflow(lines, nums)
    else:
        if not (a.isdigit() and b.isdigit() and int(a) < int(b) <= int(a) + 20):
            raise LocatorError(f"cannot read the range in locator {locator!r}")
        parts = [one(str(k)) for k in range(int(a), int(b) + 1)]
        nums = [k for p in parts for k in p]
        text_out = "\n\n".join(_reflow(lines, p) for p in parts)
    return Passage(source_id, locator, file, text_out, min(nums), max(nums))


# ---------------------------------------------------------------- finding the texts


def _link_file() -> Path:
    from . import paths

    return paths.config_file().parent / "sources.toml"


def linked_dir() -> Path | None:
    """The folder registered with ``hrcli sources link``, if any."""
    try:
        raw = _link_file().read_bytes()
    except OSError:
        return None
    import tomllib

    try:
        d = tomllib.loads(raw.decode("utf-8")).get("dir")
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        raise DataError(f"{_link_file()}: broken; run 'hrcli sources link DIR' again") from None
    return Path(d) if isinstance(d, str) and d else None


def texts_dir() -> Path | None:
    """Where to look for source texts: HRCLI_SOURCES_DIR, else the linked folder."""
    env = os.environ.get("HRCLI_SOURCES_DIR")
    if env:
        return Path(env)
    return linked_dir()


_SCANNED: dict[str, dict[str, Path]] = {}
_MAX_TEXT = 20 * 1024 * 1024  # a source text is a few dozen kB; do not hash a stray disk image


def _sha256(data: bytes) -> str:
    import hashlib  # loads OpenSSL: only on the passage path

    return hashlib.sha256(data).hexdigest()


def scan(folder: Path) -> dict[str, Path]:
    """sha256 -> file for every regular file (not hidden) in ``folder``; names do not matter."""
    key = str(folder)
    if key in _SCANNED:
        return _SCANNED[key]
    found: dict[str, Path] = {}
    try:
        entries = sorted(folder.iterdir())
    except OSError as e:
        raise DataError(f"cannot read source texts folder {folder}: {e.strerror or e}") from None
    for p in entries:
        try:
            if p.name.startswith(".") or not p.is_file() or p.stat().st_size > _MAX_TEXT:
                continue
            found.setdefault(_sha256(_bytes(p)), p)
        except OSError:
            continue
    _SCANNED[key] = found
    return found


def find_text(src: Any, folder: Path | None = None) -> Path:
    """The file holding source ``src``'s text. Raises DataError (one line) when there is none or it differs."""
    if src.origin != "bundled" and src.file:
        from . import paths

        p = paths.facts_dir() / src.file
        if not p.is_file():
            raise DataError(f"no text for source {src.id}: {p} (its 'file') does not exist or is not a regular file")
        try:
            data = _bytes(p) if src.sha256 else b""
        except OSError as e:
            raise DataError(f"cannot read source text {p}: {e.strerror or e}") from None
        if src.sha256 and _sha256(data) != src.sha256:
            raise DataError(f"refusing {p} for source {src.id}: its sha256 differs from the one the source records")
        return p
    if not src.sha256:
        raise DataError(f'source {src.id} names no text: give it file = "..." (relative to your facts folder)')
    folder = folder if folder is not None else texts_dir()
    if folder is None:
        raise DataError(f"no source texts: {HOW}")
    by_hash = scan(folder)
    if src.sha256 in by_hash:
        return by_hash[src.sha256]
    named = folder / src.file if src.file else None
    if named is not None and named.is_file():
        raise DataError(
            f"refusing {named} for source {src.id}: its sha256 differs from the recorded {src.sha256[:12]}..."
            " (a different edition or a changed file)"
        )
    raise DataError(f"no text of source {src.id} (sha256 {src.sha256[:12]}...) in {folder}; {HOW}")


def _bytes(path: Path) -> bytes:
    """A text's bytes through the bounded reader every input uses: never a FIFO or device, never past the limit."""
    from .safefile import read_bytes

    return read_bytes(path, _MAX_TEXT)


def _read(path: Path) -> str:
    try:
        return _bytes(path).decode("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise DataError(f"cannot read source text {path}: {getattr(e, 'strerror', None) or e}") from None


def _source(base: Any, source_id: str) -> Any:
    src = base.sources.get(source_id)
    if src is None:
        from .errors import did_you_mean

        raise did_you_mean(source_id, base.sources, "source")
    return src


def quote(source_id: str, locator: str, base: Any = None) -> Passage:
    """The passage of ``source_id`` at ``locator``, from the texts hrcli can find. Raises LocatorError or DataError."""
    if base is None:
        from .store import load

        base = load()
    src = _source(base, source_id)
    path = find_text(src)
    return resolve(src.id, locator, _read(path), str(path), plain=src.origin != "bundled")


def source_locators(base: Any, source_id: str) -> list[str]:
    src = _source(base, source_id)
    return locators(src.id, _read(find_text(src)), plain=src.origin != "bundled")


def whole(base: Any, source_id: str) -> Passage:
    """A source's whole text, as its own 'passage'."""
    src = _source(base, source_id)
    path = find_text(src)
    text = _read(path)
    n = len(_split(text.rstrip("\n")))
    return Passage(src.id, "whole document", str(path), text.rstrip("\n"), 1, n)


def for_record(base: Any, rec_id: str, source_id: str, locator: str) -> Passage:
    """A record's passage; an unresolvable locator is a DataError naming the record, source and locator."""
    try:
        return quote(source_id, locator, base)
    except LocatorError as e:
        raise DataError(f"record {rec_id}: locator {locator!r} does not resolve in {source_id}: {e}") from None


def link(folder: Path, sources: list[Any]) -> list[tuple[str, str, str]]:
    """Check ``folder`` against the sources' hashes: (id, status, file) per source; status is
    'found', 'differs' (a file with its name but another hash) or 'missing'."""
    by_hash = scan(folder)
    rows = []
    for s in sources:
        if not s.sha256:
            continue
        if s.sha256 in by_hash:
            rows.append((s.id, "found", str(by_hash[s.sha256])))
        elif s.file and (folder / s.file).is_file():
            rows.append((s.id, "differs", str(folder / s.file)))
        else:
            rows.append((s.id, "missing", ""))
    return rows


def save_link(folder: Path) -> Path:
    """Register ``folder`` (absolute) as where the source texts live."""
    import tomli_w

    from . import safefile

    p = _link_file()
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        safefile.write_bytes(p, tomli_w.dumps({"dir": str(folder)}).encode("utf-8"), prefix=".sources-")
    except OSError as e:
        raise DataError(f"{p}: cannot write: {e.strerror or e}") from None
    return p


# ---------------------------------------------------------------- what a passage must contain

NUMBER_WORDS = {
    1: "one",
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
    10: "ten",
    11: "eleven",
    12: "twelve",
    15: "fifteen",
    20: "twenty",
}
MULTIPLES = {1: "once", 2: "twice", 3: "thrice"}
ORDINALS = {
    1: "first",
    2: "second",
    3: "third",
    4: "fourth",
    5: "fifth",
    6: "sixth",
    7: "seventh",
    8: "eighth",
    9: "ninth",
    10: "tenth",
    18: "eighteenth",
    19: "nineteenth",
}


def number_patterns(value: Any) -> list[str]:
    """Regexes that find ``value`` in prose: digits (with or without thousands separators) or words."""
    if isinstance(value, bool):
        return []
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        try:
            value = float(value) if "." in value else int(value)
        except ValueError:
            return []
    pats = []
    if isinstance(value, int):
        if value in MULTIPLES:
            pats.append(r"\b" + MULTIPLES[value] + r"\b")
        digits = str(abs(value))
        grouped = f"{abs(value):,}"
        # not inside a longer number or a decimal ('30.4' holds no 4), but 'No.675' holds 675
        pats.append(r"(?<!\d)(?<!\d[.,])(?:" + re.escape(grouped) + "|" + re.escape(digits) + r")(?!\d|[.,]\d)")
        if value in NUMBER_WORDS:
            pats.append(r"\b" + NUMBER_WORDS[value] + r"\b")
        if value in ORDINALS:
            pats.append(r"\b" + ORDINALS[value] + r"\b")
    else:
        text = repr(value).rstrip("0").rstrip(".")
        pats.append(r"(?<!\d)(?<!\d[.,])" + re.escape(text) + r"(?!\d)")
    return pats


def figures_in(text: str) -> list[str]:
    """The numbers written in digits in ``text``, without thousands separators ('3,200-page' -> '3200')."""
    return [n.replace(",", "") for n in re.findall(r"(?<![\w.])\d(?:[\d,]*\d)?(?:\.\d+)?", text)]


def contains_number(text: str, value: Any) -> bool:
    return any(re.search(p, text, re.I) for p in number_patterns(value))


def years(date: str) -> list[str]:
    """The years an EDTF date names ('2012/2014' -> ['2012', '2014'], '/2007' -> ['2007'])."""
    return list(dict.fromkeys(re.findall(r"(?<!\d)(\d{4})(?!\d)", date or "")))


def contains_year(text: str, year: str) -> bool:
    """A year is in the text as itself, or inside a span of years that the text gives ('2008-2010')."""
    if re.search(rf"(?<!\d){year}(?!\d)", text):
        return True
    y = int(year)
    for a, b in re.findall(r"(?<!\d)((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)(?!\d)", text):
        if int(a) <= y <= int(b):
            return True
    return False


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def evidence_terms(rec: Any) -> list[str]:
    """Regexes for what to highlight in a record's passage: its figures and the parts of its date."""
    pats: list[str] = []
    value = getattr(rec, "value", None)
    if value is not None:
        pats += number_patterns(value)
    elif getattr(rec, "value_text", ""):  # the source's words for a figure it gives as no number
        pats.append(r"\s+".join(map(re.escape, rec.value_text.split())))
    for side in getattr(rec, "sides", ()) or ():
        pats += number_patterns(side.value)
    for num in figures_in(getattr(rec, "summary", "") or ""):
        pats += number_patterns(num)
    date = getattr(rec, "date", "") or ""
    for y in years(date):
        pats.append(rf"(?<!\d){y}(?!\d)")
    for mm, dd in re.findall(r"\d{4}-(\d\d)(?:-(\d\d))?", date):
        if 1 <= int(mm) <= 12:
            pats.append(r"\b" + MONTHS[int(mm) - 1] + r"\b")
        if dd:
            pats.append(rf"(?<![\d.,]){int(dd)}(?!\d)")
    return list(dict.fromkeys(pats))
