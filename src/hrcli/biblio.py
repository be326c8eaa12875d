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
    "plain_title",
]

# CSL type -> BibTeX (biblatex) entry type, RIS type (biblatex has no 'document': misc, which pandoc 2.17
# reads as an untyped item and newer pandoc as a document)
_BIBTEX_TYPE = {"report": "report", "webpage": "online", "document": "misc", "dataset": "dataset"}
_RIS_TYPE = {"report": "RPRT", "webpage": "ELEC", "document": "GEN", "dataset": "DATA"}
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
_NUMBER = re.compile(r"[0-9]+[A-Za-z]?(?:\s*[-\u2013]\s*[0-9]+[A-Za-z]?)?")  # '6', '6a', '6-7' in a list of places
_LIST = re.compile(r"\s*(?:,|&|\band\b)\s*")


def csl_type(kind: str) -> str:
    """The CSL type a source's kind reads as: a dataset, a web page, a report or submission, else a document."""
    k = kind.casefold()
    if k in ("dataset", "data set"):  # a published dataset's file (hrcli import registers its source so)
        return "dataset"
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
    the UN as publisher, the agenda item as its series). A source read on a known day (``accessed``: a dataset's
    file) has that access date, and no issued date where its date says only that it was published by then (a
    dataset's ``/DAY``): the styles print n.d. A file name in the title stays as written (never title-cased)."""
    # one line each, no control codes: the same text in every format, inert on a terminal
    kind = " ".join(_plain(src.kind).split())
    item: dict[str, Any] = {
        "id": src.id,
        "type": csl_type(kind),
        # a straight apostrophe is typeset as one (CSL processors in JavaScript do this; citeproc-py does not),
        # and a subtitle starts with a capital, as a sentence-case title is stored (APA prints it as stored)
        "title": _nocase_files(_subtitle(_apostrophes(" ".join(_plain(src.title).split())))),
    }
    if src.issuer and src.issuer.strip().casefold() != "unknown":  # 'unknown' is add's default, not a name
        item["author"] = [{"literal": " ".join(_plain(src.issuer).split())}]
    from .edtf import undated

    accessed, _ = issued(getattr(src, "accessed", "") or "")
    date, caveat = (None, "") if undated(src.date, getattr(src, "accessed", None)) else issued(src.date or "")
    if date is not None:
        item["issued"] = date
    if item["type"] == "dataset":  # APA 7's description, '[Data set]' (CSL's own term is 'Dataset')
        item["genre"] = "data set"
    item.update(_published(kind))
    url = " ".join(_plain(getattr(src, "url", "") or "").split())
    if url:
        item["URL"] = url
    if accessed is not None and "date-parts" in accessed and len(accessed["date-parts"]) == 1:
        item["accessed"] = {"date-parts": accessed["date-parts"]}
    notes = [f"Date: {caveat}."] if caveat else []
    if item["type"] == "webpage" and not url:
        notes.append("Web address and date of access not recorded.")  # the page may have changed since
    if notes:
        item["note"] = " ".join(notes)
    return item


# a file name in a title ('UPR Info database export: upr-info-belarus.csv'): kept as written in every style
_FILE_NAME = re.compile(r"(?<![\w.-])[\w][\w.-]*\.(?:csv|tsv|txt|json|jsonl|xlsx|xls|ods|xml|html?|pdf)(?![\w-])", re.I)


def _nocase_files(title: str) -> str:
    """Each file name in a title inside CSL's <span class="nocase">, which styles never re-case (pandoc and
    citeproc-py read it; RIS and BibTeX writers use ``plain_title`` and braces instead)."""
    return _FILE_NAME.sub(lambda m: f'<span class="nocase">{m[0]}</span>', title)


_NOCASE = re.compile(r'<span class="nocase">(.*?)</span>')


def plain_title(title: str) -> str:
    """A CSL title without its nocase markup: the text a reader sees."""
    return _NOCASE.sub(r"\1", title)


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
    """A subtitle's first letter as a capital: 'Belarus and human rights: general views' -> '...: General views'
    (a file name after the colon stays as written: 'UPR Info database export: upr-info-belarus.csv')."""
    return re.sub(
        r"(:\s+)([a-z])",
        lambda m: m[0] if _FILE_NAME.match(text, m.start(2)) else m[1] + m[2].upper(),
        text,
    )


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

    A list of places of one kind is one locator: 'para. 5, para. 6' and 'paras. 5, 6' -> ('paragraph', '5, 6',
    ''), which each style prints in its own form (OSCOLA 'paras 5, 6'). A compound place ('Annex, para. 3',
    'Treaty bodies, bullet 2') has no CSL label: it comes back whole as ``rest``, to be printed after the
    citation as it is.
    """
    text = (text or "").strip()
    m = _SIMPLE.fullmatch(text)
    if m and m["word"].casefold() in _LABELS:
        return _LABELS[m["word"].casefold()], m["num"], ""
    parts = [p.strip() for p in _LIST.split(text)]
    first = _SIMPLE.fullmatch(parts[0]) if len(parts) > 1 else None
    if first and first["word"].casefold() in _LABELS:
        label, numbers = _LABELS[first["word"].casefold()], [first["num"]]
        for part in parts[1:]:
            m = _SIMPLE.fullmatch(part)
            if m and _LABELS.get(m["word"].casefold()) == label:
                numbers.append(m["num"])
            elif _NUMBER.fullmatch(part):
                numbers.append(part)
            else:
                return "", "", text
        return label, ", ".join(numbers), ""
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
        fields.append(f"  title = {{{_bib_title(item['title'])}}}")
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
        if item.get("URL"):
            fields.append(f"  url = {{{bib_text(item['URL'])}}}")
        if item.get("accessed"):  # biblatex's access date (pandoc reads it as CSL 'accessed')
            fields.append(f"  urldate = {{{_iso(item['accessed']['date-parts'][0])}}}")
        if note:
            fields.append(f"  note = {{{bib_text(note)}}}")
        out.append(f"@{_BIBTEX_TYPE[item['type']]}{{{bib_key(item['id'])},\n" + ",\n".join(fields) + "\n}\n")
    return "\n".join(out)


def _bib_title(title: str) -> str:
    """A title as BibTeX: escaped, and a CSL nocase span (a file name) in braces, which no style re-cases."""
    parts = _NOCASE.split(" ".join(_plain(title).split()))  # text, nocase text, text, ...
    esc = ["".join(_BIB_ESCAPES.get(ch, ch) for ch in p) for p in parts]
    return "".join(f"{{{p}}}" if i % 2 else p for i, p in enumerate(esc) if p)


def _iso(parts: list[int]) -> str:
    """CSL date-parts of one day, month or year as ISO 8601: [2026, 7, 2] -> '2026-07-02'."""
    return "-".join([str(parts[0]), *(f"{p:02d}" for p in parts[1:])])


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
        tags.append(("TI", plain_title(item["title"])))
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
        if item.get("URL"):
            tags.append(("UR", item["URL"]))
        if item.get("accessed"):  # RIS's access date (Zotero and rispy read Y2 so), as DA writes a date
            day = item["accessed"]["date-parts"][0]
            tags.append(("Y2", "/".join([str(day[0]), *(f"{p:02d}" for p in day[1:]), *[""] * (3 - len(day))]) + "/"))
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
