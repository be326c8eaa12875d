"""Locators to passages: turn (source, locator) into the text it points at, with its file and lines.

Usable from Python without the CLI::

    from hrcli import passages
    p = passages.quote("unct-2009", "para. 22")      # finds the text (HRCLI_SOURCES_DIR or a linked folder)
    p.text, p.file, p.first, p.last
    passages.resolve("unct-2009", "para. 22", text)   # or resolve against a text you already hold

One job per module: ``layouts`` (block parsers per source layout), ``locate`` (the locator grammar
and its resolution), ``texts`` (finding the texts on disk by sha256), ``folder`` (what each
file of a texts folder is, remembered in the cache so a big folder is read once), ``lookup`` (a source's passages
through the fact base), ``evidence`` (a record's numbers and dates as search terms).

Locators follow each source's ``cite`` field: ``para. N``, ``Section, para. N``, ``Section, bullet N``,
``fn. a``, ranges ``paras. 21-22``. The texts are never bundled; they are found by sha256.
"""

from __future__ import annotations

from .copies import Refused, link
from .evidence import MONTHS, contains_number, contains_year, evidence_terms, figures_in, number_patterns, years
from .locate import LocatorError, Passage, check, locators, resolve, summary
from .lookup import for_record, quote, source_locators, whole
from .texts import find_text, linked_dir, save_link, scan, texts_dir

__all__ = [
    "Passage",
    "LocatorError",
    "resolve",
    "check",
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
    "Refused",
    "save_link",
    "evidence_terms",
    "number_patterns",
    "figures_in",
    "contains_number",
    "years",
    "contains_year",
    "MONTHS",
]
