"""The core UN human-rights treaties as the status datasets name them (``profiles_un``): hrcli's abbreviation of
each treaty and optional protocol, its committee, the names the status files give it (a tidy file's name, UNTC's
mtdsg_no, a dashboard file's code) and its full title, which a title row above a status table is searched for; and
how a status table writes what is not a treaty's name: a State's footnote numbers, notes under the table, a
browser's copy of the file."""

from __future__ import annotations

import re
from pathlib import Path

__all__ = [
    "DASH_TREATY",
    "FOOTNOTE",
    "MTDSG",
    "TIDY_NAMES",
    "TREATY_BODY",
    "TREATY_TITLES",
    "copy_name",
    "known_treaty",
    "not_a_state",
    "tidy_treaty",
    "untc_treaty",
    "treaty_in_title",
]

# a treaty as hrcli abbreviates it -> its committee (an optional protocol's is its treaty's; OPCAT's the SPT)
TREATY_BODY = {
    "ICCPR": "CCPR",
    "ICCPR-OP1": "CCPR",
    "ICCPR-OP2": "CCPR",
    "ICESCR": "CESCR",
    "ICESCR-OP": "CESCR",
    "ICERD": "CERD",
    "CEDAW": "CEDAW",
    "CEDAW-OP": "CEDAW",
    "CAT": "CAT",
    "OPCAT": "SPT",
    "CRC": "CRC",
    "OP-CRC-AC": "CRC",
    "OP-CRC-SC": "CRC",
    "OP-CRC-IC": "CRC",
    "CRPD": "CRPD",
    "CRPD-OP": "CRPD",
    "ICMW": "CMW",
    "CPED": "CED",
}
# the tidy status files' names (github.com/world-politics-datalab/humanrights-treaties-ratification-status:
# hr_status_<name>.csv, one per treaty; the treaty is named nowhere else)
TIDY_NAMES = {
    "iccpr": "ICCPR",
    "iccpr_op1": "ICCPR-OP1",
    "iccpr_op2": "ICCPR-OP2",
    "icescr": "ICESCR",
    "icescr_op": "ICESCR-OP",
    "icerd": "ICERD",
    "cedaw": "CEDAW",
    "op_cedaw": "CEDAW-OP",
    "cat": "CAT",
    "opcat": "OPCAT",
    "crc": "CRC",
    "op_crc_ac": "OP-CRC-AC",
    "op_crc_sc": "OP-CRC-SC",
    "op_crc_ic": "OP-CRC-IC",
    "crpd": "CRPD",
    "op_crpd": "CRPD-OP",
    "icmw": "ICMW",
    "cped": "CPED",
}
# UNTC's chapter-and-number of each treaty (the mtdsg_no of its status page)
MTDSG = {
    "IV-2": "ICERD",
    "IV-3": "ICESCR",
    "IV-3-a": "ICESCR-OP",
    "IV-4": "ICCPR",
    "IV-5": "ICCPR-OP1",
    "IV-12": "ICCPR-OP2",
    "IV-8": "CEDAW",
    "IV-8-b": "CEDAW-OP",
    "IV-9": "CAT",
    "IV-9-b": "OPCAT",
    "IV-11": "CRC",
    "IV-11-b": "OP-CRC-AC",
    "IV-11-c": "OP-CRC-SC",
    "IV-11-d": "OP-CRC-IC",
    "IV-13": "ICMW",
    "IV-15": "CRPD",
    "IV-15-a": "CRPD-OP",
    "IV-16": "CPED",
}


# each treaty's title, as the UN writes it: what a title row above a status table is searched for (the longest
# title found wins, so the Optional Protocol to a covenant is not the covenant)
TREATY_TITLES = {
    "ICERD": "International Convention on the Elimination of All Forms of Racial Discrimination",
    "ICCPR": "International Covenant on Civil and Political Rights",
    "ICCPR-OP1": "Optional Protocol to the International Covenant on Civil and Political Rights",
    "ICCPR-OP2": "Second Optional Protocol to the International Covenant on Civil and Political Rights",
    "ICESCR": "International Covenant on Economic, Social and Cultural Rights",
    "ICESCR-OP": "Optional Protocol to the International Covenant on Economic, Social and Cultural Rights",
    "CEDAW": "Convention on the Elimination of All Forms of Discrimination against Women",
    "CEDAW-OP": "Optional Protocol to the Convention on the Elimination of All Forms of Discrimination against Women",
    "CAT": "Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment",
    "OPCAT": "Optional Protocol to the Convention against Torture",
    "CRC": "Convention on the Rights of the Child",
    "OP-CRC-AC": "Optional Protocol to the Convention on the Rights of the Child on the involvement of children in"
    " armed conflict",
    "OP-CRC-SC": "Optional Protocol to the Convention on the Rights of the Child on the sale of children",
    "OP-CRC-IC": "Optional Protocol to the Convention on the Rights of the Child on a communications procedure",
    "ICMW": "International Convention on the Protection of the Rights of All Migrant Workers and Members of Their"
    " Families",
    "CRPD": "Convention on the Rights of Persons with Disabilities",
    "CRPD-OP": "Optional Protocol to the Convention on the Rights of Persons with Disabilities",
    "CPED": "International Convention for the Protection of All Persons from Enforced Disappearance",
}


def _words(text: str) -> str:
    """Text as titles are compared: case, punctuation and spacing ignored."""
    return " " + " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split()) + " "


def treaty_in_title(title: str) -> str | None:
    """The treaty a title row names by its full title (the longest found), else None."""
    said = _words(title)
    found = [code for code, full in TREATY_TITLES.items() if _words(full) in said]
    return max(found, key=lambda c: len(TREATY_TITLES[c])) if found else None


# a file name's treaty as OHCHR may write it (its dashboard's own abbreviations, or the committee's code) -> hrcli's
DASH_TREATY = {
    "CESCR": "ICESCR",
    "CCPR": "ICCPR",
    "CERD": "ICERD",
    "CMW": "ICMW",
    "ICRMW": "ICMW",
    "CED": "CPED",
    "SPT": "OPCAT",
    "CAT-OP": "OPCAT",
    "ICCPR-OP2-DP": "ICCPR-OP2",
    # the committee's style for the protocols too, as for the treaties (CCPR -> ICCPR)
    "CCPR-OP1": "ICCPR-OP1",
    "CCPR-OP2": "ICCPR-OP2",
    "CCPR-OP2-DP": "ICCPR-OP2",
    "CESCR-OP": "ICESCR-OP",
    "OP-CEDAW": "CEDAW-OP",
    "OP-CRPD": "CRPD-OP",
    "OP-CAT": "OPCAT",
    "CRC-OP-AC": "OP-CRC-AC",
    "CRC-OP-SC": "OP-CRC-SC",
    "CRC-OP-IC": "OP-CRC-IC",
}


def known_treaty(text: str) -> str | None:
    """hrcli's code for a treaty however a status file or the user writes it: hrcli's own (ICCPR-OP1), a dashboard
    file's or a committee's style (CCPR-OP1, CAT-OP), a tidy file's name (iccpr_op1) or UNTC's mtdsg_no (IV-5)."""
    t = " ".join(text.split())
    up = t.upper()
    if up in TREATY_BODY:
        return up
    if up in DASH_TREATY:
        return DASH_TREATY[up]
    if t.lower() in TIDY_NAMES:
        return TIDY_NAMES[t.lower()]
    return next((code for k, code in MTDSG.items() if k.lower() == t.lower()), None)


# footnote numbers after a State's name, spaced or glued as copying the page's superscripts gives them ('Belarus 3',
# 'Belarus3', 'Belarus 3 4', 'Belarus 2, 5'); no State's name ends in a number
FOOTNOTE = re.compile(r"(?<=[^\W\d])\s*\d{1,3}(?:\s*,?\s*\d{1,3})*$")
# a cell in a table's State column that is no State's name: a note or footer under the table ('Source: OHCHR',
# 'Last updated 02/07/2026', '* Signature only', a URL, 'Definitions and metadata: ...')
NOTE_WORDS = ("source", "note", "last updated", "updated", "definitions", "database", "footnote", "http", "www.")
NOTE_WORDS += ("see ", "as of", "status as at", "declarations", "reservations", "total")


def not_a_state(name: str) -> bool:
    """Whether a State column's cell is a note or footer rather than a State's name (after its footnote numbers
    are cut): it holds a colon, a digit or a mark no name has, starts as notes do, or runs on as names never do."""
    low = name.casefold()
    return (
        bool(re.search(r"[:\d*#=/@]", name))
        or low.startswith(NOTE_WORDS)
        or len(name.split()) > 8
        or name.endswith(".")
    )


def copy_name(name: str) -> str:
    """A file's name without what a second download or a copy adds ('hr_status_cat (1).csv', 'IV-5 - Copy.csv')."""
    path = Path(name)
    stem = re.sub(r"(?:\s*-\s*copy|\s+copy)?(?:\s*\(\d+\))?$", "", path.stem, flags=re.IGNORECASE)
    return stem + path.suffix


def tidy_treaty(name: str) -> str | None:
    m = re.fullmatch(r"hr_status_(\w+)\.\w+", copy_name(Path(name).name).lower())
    return TIDY_NAMES.get(m[1]) if m else None


def untc_treaty(name: str) -> tuple[str | None, str]:
    """The treaty a page table's file name names by its mtdsg_no, and the number found: the longest known number
    the name's starts ('IV-5-en' is IV-5, 'IV-11-b' IV-11-b), so a suffix after it ('-en', '-status') is no part."""
    m = re.search(r"IV-\d+(?:-[a-z0-9]+)*", copy_name(Path(name).name), re.IGNORECASE)
    if not m:
        return None, ""
    parts = m[0].split("-")
    for n in range(len(parts), 1, -1):
        key = next((k for k in MTDSG if k.lower() == "-".join(parts[:n]).lower()), None)
        if key:
            return MTDSG[key], key
    return None, "-".join(parts[:2])
