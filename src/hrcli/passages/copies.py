"""A user's own copy of a bundled source: recognised by its words, whatever its name, form or layout.

A file that is byte for byte the reference text is found by sha256 (``texts``). Any other file in the
texts folder is read in its form (``forms``) and each of the source's passages is looked for by its
fingerprint (``match``): the copy with the most verified passages is the source's copy. A passage
that does not verify in it (a changed figure, another edition) is refused; the others still quote.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .._version import __version__
from ..errors import DataError
from .fingerprint import load
from .locate import Passage, summary, units
from .match import Copy, Found, find, text_of

__all__ = ["Copied", "best", "recognised", "read_copy", "quote", "whole", "check", "link"]

_READ: dict[str, tuple[str, Copy] | None] = {}
MAX_COPY = 20 * 1024 * 1024  # a document's PDF is a few MB at most; a disk image in the folder is not read


class Copied:
    """A copy of source ``source`` in ``path`` (form 'text', 'html', 'pdf' or 'docx'): where each passage verified."""

    def __init__(self, source: str, path: Path, form: str, copy: Copy, found: dict[str, Found | None]):
        self.source, self.path, self.form, self.copy, self.found = source, path, form, copy, found

    @property
    def verified(self) -> list[str]:
        return [k for k, f in self.found.items() if f is not None]

    @property
    def differs(self) -> list[str]:
        return [k for k, f in self.found.items() if f is None]


def read_copy(path: Path) -> tuple[str, Copy] | None:
    """(form, indexed text) of a file, or None when it is no text hrcli can read (binary, damaged)."""
    key = str(path)
    if key not in _READ:
        from ..safefile import read_bytes
        from .forms import read_form

        try:  # the bounded reader every input uses: never a FIFO or device, never past the limit
            form, text = read_form(read_bytes(path, MAX_COPY), path.name)
            _READ[key] = (form, Copy(text))
        except (OSError, DataError):
            _READ[key] = None
    return _READ[key]


def check(source_id: str, path: Path) -> Copied | None:
    """Every passage of bundled source ``source_id`` looked for in the file ``path``."""
    got = read_copy(path)
    fps = load().get(source_id)
    if got is None or fps is None:
        return None
    form, copy = got
    return Copied(source_id, path, form, copy, {loc: find(fp, copy) for loc, fp in fps["passages"].items()})


def _which(path: Path) -> str | None:
    """The bundled source ``path`` is a copy of (the one with the most verified passages), or None."""
    top, most = None, 0
    for source_id in load():
        c = check(source_id, path)
        if c is not None and len(c.verified) > most:
            top, most = source_id, len(c.verified)
    return top


def _recogniser() -> str:
    """Names the rules of recognising a copy: another release or other fingerprints forget every result."""
    import json
    import zlib

    return f"words-{__version__}-{zlib.crc32(json.dumps(load(), sort_keys=True).encode()):08x}"


def recognised(folder: Path, source_id: str, scan_folder: bool = True) -> list[Path]:
    """The files of ``folder`` that are copies of ``source_id``. Reading and matching a file (a PDF, a web
    page) is costly, so what each file is, is remembered in the cache (``folder`` module) and an unchanged
    file is never read again; ``scan_folder=False`` answers from that memory alone (TAB completion)."""
    from .folder import remembered, scan_all

    if not scan_folder:
        return remembered(folder, _recogniser()).get(source_id, [])
    return scan_all(folder, _which, _recogniser(), MAX_COPY).get(source_id, [])


def best(source_id: str, files: list[Path]) -> Copied | None:
    """Of ``files``, the copy of ``source_id`` with the most verified passages; None if none has one."""
    top: Copied | None = None
    for p in files:
        c = check(source_id, p)
        if c is not None and c.verified and (top is None or len(c.verified) > len(top.verified)):
            top = c
    return top


def _passage(c: Copied, loc: str) -> tuple[str, int, int]:
    f = c.found[loc]
    if f is None:
        raise DataError(
            f"refusing {c.source} {loc!r} from {c.path}: the words there differ from the text it cites"
            " (a changed figure or another edition); its other passages still quote"
        )
    return text_of(load()[c.source]["passages"][loc], c.copy, f)


def quote(c: Copied, locator: str) -> Passage:
    """The passage at ``locator`` from the copy. Raises LocatorError, or DataError where it differs."""
    parts = [_passage(c, u) for u in units(c.source, locator, list(c.found))]
    text = "\n\n".join(p[0] for p in parts)
    return Passage(c.source, locator, str(c.path), text, min(p[1] for p in parts), max(p[2] for p in parts))


def whole(c: Copied) -> Passage:
    """The source's whole text from the copy: every passage, verified, in order."""
    if c.differs:
        raise DataError(f"refusing {c.source} from {c.path}: its words differ at {summary(c.differs)}")
    parts = [_passage(c, loc) for loc in c.found]
    return Passage(c.source, "whole document", str(c.path), "\n\n".join(p[0] for p in parts), 1, len(c.copy.lines))


def link(folder: Path, sources: list[Any]) -> list[dict[str, Any]]:
    """Check ``folder`` for a copy of each source: one row per source with its status ('found': every
    passage verified; 'differs': some do not, listed; 'missing'), file, form and 'N of M' verified."""
    from .texts import scan

    by_hash = scan(folder)
    fps = load()
    rows = []
    for s in sources:
        if not s.sha256:
            continue
        total = len(fps[s.id]["passages"]) if s.id in fps else 0
        row = {"id": s.id, "status": "missing", "file": "", "form": "", "verified": "", "differs": ""}
        if s.sha256 in by_hash:
            row.update(status="found", file=str(by_hash[s.sha256]), form="text", verified=f"{total} of {total}")
        elif s.id in fps and (c := best(s.id, recognised(folder, s.id))) is not None:
            row.update(file=str(c.path), form=c.form, verified=f"{len(c.verified)} of {total}")
            row.update(status="differs" if c.differs else "found", differs=summary(c.differs))
        elif s.file and (folder / s.file).is_file():
            row.update(status="differs", file=str(folder / s.file))  # a user's source: its sha256 differs
        rows.append(row)
    return rows
