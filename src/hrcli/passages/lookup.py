"""A bundled or user source's passages through the fact base: the text found on disk, resolved."""

from __future__ import annotations

from typing import Any

from ..errors import DataError
from .locate import LocatorError, Passage, check, locators, resolve, split_lines
from .texts import HOW, find_text, read_text, texts_dir

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
    try:
        path, copied = _find(src)
    except DataError:
        check(locator)  # a locator no text could have is the user's to fix first, text or no text (exit 2)
        raise
    if copied is not None:
        from .copies import quote as quote_copy

        return quote_copy(copied, locator)
    return resolve(src.id, locator, read_text(path), str(path), plain=src.origin != "bundled")


def _find(src: Any, scan_folder: bool = True) -> tuple[Any, Any]:
    """(path, None) for the reference text itself (by sha256) or a user's file; else (None, Copied) for a
    user's copy of a bundled source recognised by its words. Raises DataError when there is neither.

    ``scan_folder=False`` reads no file of the folder but one already recognised (for TAB completion)."""
    try:
        return find_text(src, scan_folder=scan_folder), None
    except DataError:
        from .copies import best, recognised
        from .fingerprint import load

        folder = texts_dir()
        if src.origin != "bundled" or folder is None or src.id not in load():
            raise
        copied = best(src.id, recognised(folder, src.id, scan_folder))
        if copied is None:
            from .copies import unread

            why = "".join(f"; {p}: {reason}" for p, reason in (unread(folder) if scan_folder else [])[:3])
            raise DataError(
                f"no text of source {src.id} in {folder}: no file there holds its words"
                f" (as text, web page, PDF or .docx, whatever its name){why}; {HOW}"
            ) from None
        return None, copied


def source_locators(base: Any, source_id: str, scan_folder: bool = True) -> list[str]:
    """Every locator of ``source_id``'s text, found on disk (``scan_folder=False``: only a text or copy
    already recognised, never reading a folder; see ``find_text``)."""
    src = _source(base, source_id)
    path, copied = _find(src, scan_folder)
    if copied is not None:
        return list(copied.found)
    return locators(src.id, read_text(path), plain=src.origin != "bundled")


def whole(base: Any, source_id: str) -> Passage:
    """A source's whole text, as its own 'passage'."""
    src = _source(base, source_id)
    path, copied = _find(src)
    if copied is not None:
        from .copies import whole as whole_copy

        return whole_copy(copied)
    text = read_text(path)
    n = len(split_lines(text.rstrip("\n")))
    return Passage(src.id, "whole document", str(path), text.rstrip("\n"), 1, n)


def for_record(base: Any, rec_id: str, source_id: str, locator: str) -> Passage:
    """A record's passage; an unresolvable locator is a DataError naming the record, source and locator."""
    try:
        return quote(source_id, locator, base)
    except LocatorError as e:
        raise DataError(f"record {rec_id}: locator {locator!r} does not resolve in {source_id}: {e}") from None
