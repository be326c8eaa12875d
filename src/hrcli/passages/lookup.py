"""A bundled or user source's passages through the fact base: the text found on disk, resolved."""

from __future__ import annotations

from typing import Any

from ..errors import DataError
from .locate import LocatorError, Passage, locators, resolve, split_lines
from .texts import find_text, read_text

__all__ = ["quote", "whole", "for_record", "source_locators"]


def _source(base: Any, source_id: str) -> Any:
    src = base.sources.get(source_id)
    if src is None:
        from ..errors import did_you_mean

        raise did_you_mean(source_id, base.sources, "source")
    return src


def quote(source_id: str, locator: str, base: Any = None) -> Passage:
    """The passage of ``source_id`` at ``locator``, from the texts hrcli can find. Raises LocatorError or DataError."""
    if base is None:
        from ..store import load

        base = load()
    src = _source(base, source_id)
    path = find_text(src)
    return resolve(src.id, locator, read_text(path), str(path), plain=src.origin != "bundled")


def source_locators(base: Any, source_id: str) -> list[str]:
    """Every locator of ``source_id``'s text, found on disk."""
    src = _source(base, source_id)
    return locators(src.id, read_text(find_text(src)), plain=src.origin != "bundled")


def whole(base: Any, source_id: str) -> Passage:
    """A source's whole text, as its own 'passage'."""
    src = _source(base, source_id)
    path = find_text(src)
    text = read_text(path)
    n = len(split_lines(text.rstrip("\n")))
    return Passage(src.id, "whole document", str(path), text.rstrip("\n"), 1, n)


def for_record(base: Any, rec_id: str, source_id: str, locator: str) -> Passage:
    """A record's passage; an unresolvable locator is a DataError naming the record, source and locator."""
    try:
        return quote(source_id, locator, base)
    except LocatorError as e:
        raise DataError(f"record {rec_id}: locator {locator!r} does not resolve in {source_id}: {e}") from None
