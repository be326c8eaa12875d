"""Bibliography items for sources (CSL-JSON, BibTeX, RIS) and CSL locators for records' places.

Pure functions over Source records and locator strings: no printing, no loading. Rendering a CSL style
(citeproc-py) is hrcli.cslstyle. Item ids are the
source ids, so a pandoc citation ``[@unct-2009, para. 22]`` finds the item. Every value is untrusted
(a user's own sources too): each writer escapes what its format needs.
"""

from __future__ import annotations

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
    if "report" in k or "submission" in k or "summary" in k:
        return "report"
    if "letter" in k and "general assembly" in k:  # a letter circulated as a UN document: a UN report
        return "report"
    return "document"  # other letters, non-papers: a document, no more is claimed


def issued(date: str) -> tuple[dict[str, Any] | None, str]:
    """CSL ``issued`` for an EDTF date at the precision it has, and a note for what CSL cannot say
    (edtf.Date.csl); (None, '') for text that is no date."""
    from .edtf import EDTFError, parse

    try:
        return parse(date).csl()
    except (EDTFError, TypeError):
        return None, ""


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
        issued = item.get("issued", {})
        parts = issued.get("date-parts")
        note = item.get("note", "")
        if parts:
            date = "/".join("-".join([str(d[0]), *(f"{p:02d}" for p in d[1:])]) for d in parts)
            if issued.get("season"):  # biblatex reads EDTF seasons: '2011-24' is winter 2011
                date += f"-{20 + issued['season']}"
            if "or later." in note:  # the note may say more (a web page's access) after the date
                date += "/"
            elif "or earlier." in note:
                date = "/" + date
            fields.append(f"  date = {{{date}}}")
            if len(parts) == 1 and not note:  # plain BibTeX styles read year and month only
                fields.append(f"  year = {{{parts[0][0]}}}")
                if len(parts[0]) > 1:  # BibTeX's month macros ('month = dec'), which every style knows
                    fields.append(f"  month = {_BIB_MONTHS[parts[0][1] - 1]}")
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
            # RIS DA is YYYY/MM/DD/other, empty where unknown; a season is the 'other' part ('2011///Winter')
            other = _RIS_SEASONS[item["issued"]["season"] - 1] if item["issued"].get("season") else ""
            tags.append(
                (
                    "DA",
                    "/".join([str(first[0]), *(f"{p:02d}" for p in first[1:]), *[""] * (3 - len(first))]) + "/" + other,
                )
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
