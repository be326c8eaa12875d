"""The core UN human-rights treaties as the status datasets name them (``profiles_un``): hrcli's abbreviation of
each treaty and optional protocol, its committee, the names the status files give it (a tidy file's name, UNTC's
mtdsg_no) and its full title, which a title row above a status table is searched for."""

from __future__ import annotations

import re

__all__ = ["MTDSG", "TIDY_NAMES", "TREATY_BODY", "TREATY_TITLES", "treaty_in_title"]

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
