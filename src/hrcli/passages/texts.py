"""Finding and reading the source texts on disk.

The texts are never bundled. They are found by their sha256 (recorded in each ``[[sources]]`` entry)
in ``HRCLI_SOURCES_DIR`` or in the folder registered with ``hrcli sources link DIR``; a file that
carries a source's name but not its hash is refused, never silently used. What each file of that
folder is, is remembered in the cache (``folder``), so a big folder is read once, not on every call.
A user's source with ``file = "..."`` is read from the facts folder (or the texts folder), never
from outside them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..errors import DataError
from .folder import forget, lookup
from .folder import scan as scan_files

__all__ = ["HOW", "find_text", "texts_dir", "scan", "linked_dir", "save_link", "read_text"]

HOW = "set HRCLI_SOURCES_DIR to the folder holding the source texts, or run 'hrcli sources link DIR'"


def _link_file() -> Path:
    from .. import paths

    return paths.config_file().parent / "sources.toml"


_MAX_LINK = 64 * 1024  # sources.toml holds one folder name


def linked_dir() -> Path | None:
    """The folder registered with ``hrcli sources link``, if any.

    ``sources.toml`` is read like every other input: never a FIFO or device, never past a small limit, and
    a broken one (bad TOML, nested too deep) is one line saying how to repair it.
    """
    from ..safefile import read_bytes

    p = _link_file()
    redo = "remove it and run 'hrcli sources link DIR' again"
    try:
        raw = read_bytes(p, _MAX_LINK)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as e:
        raise DataError(f"cannot read {p}: {e.strerror or e}; {redo}") from None
    import tomllib

    try:
        d = tomllib.loads(raw.decode("utf-8")).get("dir")
    except (UnicodeDecodeError, ValueError, RecursionError):  # ValueError: TOMLDecodeError, a 4,300-digit integer
        raise DataError(f"{p}: broken; {redo}") from None
    return Path(d) if isinstance(d, str) and d and "\0" not in d else None


def texts_dir() -> Path | None:
    """Where to look for source texts: HRCLI_SOURCES_DIR, else the linked folder."""
    env = os.environ.get("HRCLI_SOURCES_DIR")
    if env:
        return Path(env)
    return linked_dir()


_MAX_TEXT = 20 * 1024 * 1024  # a source text is a few dozen kB; do not hash a stray disk image
# what scan() remembers for a file is its sha256: a change to how files are recognised renames this
RECOGNISER = "sha256"


def _sha256(data: bytes) -> str:
    import hashlib  # loads OpenSSL: only on the passage path

    return hashlib.sha256(data).hexdigest()


def _recognise(path: Path) -> str:
    return _sha256(_bytes(path))


def scan(folder: Path) -> dict[str, Path]:
    """sha256 -> file for every regular file (not hidden) in ``folder``; names do not matter. What each file
    is, is remembered in the cache, so an unchanged file is hashed once, not on every call."""
    return scan_files(folder, _recognise, RECOGNISER, _MAX_TEXT)


def _inside(path: Path, root: Path) -> bool:
    real, top = os.path.realpath(path), os.path.realpath(root)
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def _user_file(src: Any) -> Path:
    """A user source's ``file``: inside the facts folder or the folder of source texts, never outside both.

    An absolute path, a ``..`` or a link that leads out of them is refused: a fact file (an imported one, say)
    must not make hrcli print /etc/hostname as a source's words.
    """
    from pathlib import PurePath

    from .. import paths

    facts = paths.facts_dir()
    refuse = DataError(
        f"refusing {src.file!r} as the text of source {src.id}: 'file' must be a path inside your facts folder"
        f" ({facts}) or the folder of source texts; copy the text there"
    )
    if os.path.isabs(src.file) or ".." in PurePath(src.file).parts or "\0" in src.file:
        raise refuse
    roots = [facts]
    try:
        linked = texts_dir()
    except DataError:
        linked = None  # a broken sources.toml does not stop a text in the facts folder
    if linked is not None:
        roots.append(linked)
    for root in roots:
        p = root / src.file
        if os.path.lexists(p):
            if not _inside(p, root):
                raise refuse
            return p
    return facts / src.file


def find_text(src: Any, folder: Path | None = None, scan_folder: bool = True) -> Path:
    """The file holding source ``src``'s text. Raises DataError (one line) when there is none or it differs.

    ``scan_folder=False`` answers only from what earlier calls recognised (one stat per remembered file, no
    reading): for TAB completion, which must never read a folder of unrelated files.
    """
    if src.origin != "bundled" and src.file:
        p = _user_file(src)
        if not p.is_file():
            raise DataError(f"no text for source {src.id}: {p} (its 'file') does not exist or is not a regular file")
        try:
            data = _bytes(p) if src.sha256 else b""
        except OSError as e:
            raise DataError(f"cannot read source text {p}: {e.strerror or e}") from None
        if src.sha256 and _sha256(data) != src.sha256:
            raise DataError(f"refusing {p} for source {src.id}: its sha256 differs from the one the source records")
        return p
    if not src.sha256:
        raise DataError(f'source {src.id} names no text: give it file = "..." (relative to your facts folder)')
    folder = folder if folder is not None else texts_dir()
    if folder is None:
        raise DataError(f"no source texts: {HOW}")
    remembered = lookup(folder, RECOGNISER, src.sha256)
    if remembered is not None and _verified(remembered, src.sha256):
        return remembered
    if not scan_folder:
        raise DataError(f"source {src.id}: no text recognised in {folder} yet")
    hit = scan(folder).get(src.sha256)
    if hit is not None and not _verified(hit, src.sha256):
        forget(folder, RECOGNISER)  # the record said otherwise: read every file again
        hit = scan(folder).get(src.sha256)
        hit = hit if hit is not None and _verified(hit, src.sha256) else None
    if hit is not None:
        return hit
    named = folder / src.file if src.file else None
    if named is not None and named.is_file():
        raise DataError(
            f"refusing {named} for source {src.id}: its sha256 differs from the recorded {src.sha256[:12]}..."
            " (a different edition or a changed file)"
        )
    raise DataError(f"no text of source {src.id} (sha256 {src.sha256[:12]}...) in {folder}; {HOW}")


def _verified(path: Path, sha256: str) -> bool:
    """The file still hashes to ``sha256`` (a remembered result is a shortcut to the file, never proof)."""
    try:
        return _recognise(path) == sha256
    except OSError:
        return False


def _bytes(path: Path) -> bytes:
    """A text's bytes through the bounded reader every input uses: never a FIFO or device, never past the limit."""
    from ..safefile import read_bytes

    return read_bytes(path, _MAX_TEXT)


def read_text(path: Path) -> str:
    """A source text as str; unreadable, binary or not UTF-8 is a one-line DataError."""
    try:
        data = _bytes(path)
    except OSError as e:
        raise DataError(f"cannot read source text {path}: {e.strerror or e}") from None
    try:
        if b"\0" in data:
            raise UnicodeError
        return data.decode("utf-8")
    except UnicodeError:
        raise DataError(f"cannot read source text {path}: it is not UTF-8 text (a binary file?)") from None


def save_link(folder: Path) -> Path:
    """Register ``folder`` (absolute) as where the source texts live."""
    import tomli_w

    from .. import safefile

    p = _link_file()
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        safefile.write_bytes(p, tomli_w.dumps({"dir": str(folder)}).encode("utf-8"), prefix=".sources-")
    except OSError as e:
        raise DataError(f"{p}: cannot write: {e.strerror or e}") from None
    return p
