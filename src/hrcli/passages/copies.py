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
from .folder import DENIED
from .forms import Budget, OverBudget
from .locate import Passage, units
from .match import Copy, Found, find, nearest, text_of, words_at

__all__ = ["Copied", "Refused", "best", "recognised", "read_copy", "quote", "whole", "check", "link", "listed"]
__all__ += ["unread", "OVER"]

# in this process: path -> (the file's identity when read, what it held); a changed file is read again
_READ: dict[str, tuple[tuple[int, ...], tuple[str, Copy] | str | None]] = {}
_READ_KEEP = 16  # files held at once (each up to ~16 MB indexed): a long-running process does not keep them all
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


def _identity(path: Path) -> tuple[int, ...]:
    """What changes when a file does: device, inode, size, mtime and ctime (ctime moves on every write)."""
    import os

    st = os.stat(path)
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


OVER = "!over-budget"  # what a file too large or too complex to be a copy is remembered as
_SECONDS = 10.0  # reading one copy, and matching it against every source, each take at most this long


def _budget() -> Budget:
    """A copy's budget: a few times the longest source's text, and ``_SECONDS``."""
    longest = max((sum(fp["n"] for fp in e["passages"].values()) for e in load().values()), default=0)
    return Budget(10 * longest + 65536, _SECONDS)


def _read(path: Path) -> tuple[str, Copy] | str | None:
    """(form, indexed text) of a file; OVER for a file past its budget; None when it is no text hrcli can
    read (binary, damaged). Raises PermissionError. Kept for this process while the file's identity (size,
    times, inode) is unchanged; a changed file is read again."""
    key = str(path)
    try:
        ident = _identity(path)
    except OSError:
        return None
    held = _READ.get(key)
    if held is not None and held[0] == ident:
        return held[1]
    from ..safefile import read_bytes
    from .forms import read_form

    got: tuple[str, Copy] | str | None
    try:  # the bounded reader every input uses: never a FIFO or device, never past the limit
        budget = _budget()
        form, text = read_form(read_bytes(path, MAX_COPY), path.name, budget)
        got = (form, Copy(text))
        budget.check()
    except OverBudget:
        got = OVER
    except PermissionError:
        raise
    except (OSError, DataError):
        got = None
    try:
        if _identity(path) != ident:
            return got  # changed while being read: not kept
    except OSError:
        return got
    _READ.pop(key, None)
    while len(_READ) >= _READ_KEEP:
        del _READ[next(iter(_READ))]
    _READ[key] = (ident, got)
    return got


def read_copy(path: Path) -> tuple[str, Copy] | None:
    """(form, indexed text) of a file, or None when it is no text hrcli can read (binary, damaged, past its
    budget, or not readable by this user)."""
    try:
        got = _read(path)
    except PermissionError:
        return None
    return got if isinstance(got, tuple) else None


def check(source_id: str, path: Path, budget: Budget | None = None) -> Copied | None:
    """Every passage of bundled source ``source_id`` looked for in the file ``path``; with ``budget``,
    within it (else OverBudget)."""
    got = read_copy(path)
    fps = load().get(source_id)
    if got is None or fps is None:
        return None
    form, copy = got
    found: dict[str, Found | None] = {}
    for short in (False, True):  # the short anchors only for a file that holds a passage by its full ones
        for loc, fp in fps["passages"].items():
            if budget is not None:
                budget.check()
            if found.get(loc) is None:
                found[loc] = find(fp, copy, short)
        if not any(found.values()):
            break
    return Copied(source_id, path, form, copy, found)


def _which(path: Path) -> str | None:
    """The bundled source ``path`` is a copy of (the one with the most verified passages), None, or OVER
    for a file too large or too complex to be a copy (remembered as such). Raises PermissionError."""
    if _read(path) == OVER:
        return OVER
    budget = _budget()
    top, most = None, 0
    try:
        for source_id in load():
            c = check(source_id, path, budget)
            if c is not None and len(c.verified) > most:
                top, most = source_id, len(c.verified)
    except OverBudget:
        return OVER
    return top


def unread(folder: Path) -> list[tuple[Path, str]]:
    """(file, why) for each file of ``folder`` not read as a copy: 'permission denied', or 'too large or too
    complex to be a copy of a source text'. From the folder's scan (``recognised``), never a new read."""
    from .folder import scan_all

    found = scan_all(folder, _which, _recogniser(), MAX_COPY)
    why = {DENIED: "permission denied", OVER: "too large or too complex to be a copy of a source text"}
    return [(p, text) for key, text in why.items() for p in found.get(key, [])]


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


class Refused(DataError):
    """A passage of a copy that does not verify. ``unverified`` is the copy's own words where the passage
    most likely sits (a Passage, never to be quoted as the source's words), or None when hrcli cannot tell."""

    def __init__(self, message: str, unverified: Passage | None):
        super().__init__(message)
        self.unverified = unverified


def listed(locs: list[str]) -> str:
    """Locators for a message, each named: never a range that would take in passages between them."""
    return "; ".join(locs)


def _unverified(c: Copied, loc: str) -> Passage | None:
    """The copy's own words where the refused passage ``loc`` most likely sits."""
    order = list(c.found)
    i = order.index(loc)
    before = next((c.found[k] for k in reversed(order[:i]) if c.found[k] is not None), None)
    after = next((c.found[k] for k in order[i + 1 :] if c.found[k] is not None), None)
    span = nearest(load()[c.source]["passages"][loc], c.copy, before, after)
    if span is None:
        return None
    text, first, last = words_at(c.copy, *span)
    return Passage(c.source, loc, str(c.path), text, first, last)


def _passage(c: Copied, loc: str) -> tuple[str, int, int]:
    f = c.found[loc]
    if f is None:
        raise Refused(
            f"refusing {c.source} {loc!r} from {c.path}: the words there differ from the text it cites"
            " (a changed figure or another edition); its other passages still quote",
            _unverified(c, loc),
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
        raise DataError(f"refusing {c.source} from {c.path}: its words differ at {listed(c.differs)}")
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
            row.update(status="differs" if c.differs else "found", differs=listed(c.differs))
        elif s.file and (folder / s.file).is_file():
            row.update(status="differs", file=str(folder / s.file))  # a user's source: its sha256 differs
        rows.append(row)
    return rows
