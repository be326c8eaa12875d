"""Finding and reading the source texts on disk.

The texts are never bundled. They are found by their sha256 (recorded in each ``[[sources]]`` entry)
in ``HRCLI_SOURCES_DIR`` or in the folder registered with ``hrcli sources link DIR``; a file that
carries a source's name but not its hash is refused, never silently used. A user's source with
``file = "..."`` is read from the facts folder.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..errors import DataError

__all__ = ["HOW", "find_text", "texts_dir", "scan", "linked_dir", "save_link", "read_text"]

HOW = "set HRCLI_SOURCES_DIR to the folder holding the source texts, or run 'hrcli sources link DIR'"


def _link_file() -> Path:
    from .. import paths

    return paths.config_file().parent / "sources.toml"


def linked_dir() -> Path | None:
    """The folder registered with ``hrcli sources link``, if any."""
    try:
        raw = _link_file().read_bytes()
    except OSError:
        return None
    import tomllib

    try:
        d = tomllib.loads(raw.decode("utf-8")).get("dir")
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        raise DataError(f"{_link_file()}: broken; run 'hrcli sources link DIR' again") from None
    return Path(d) if isinstance(d, str) and d else None


def texts_dir() -> Path | None:
    """Where to look for source texts: HRCLI_SOURCES_DIR, else the linked folder."""
    env = os.environ.get("HRCLI_SOURCES_DIR")
    if env:
        return Path(env)
    return linked_dir()


_SCANNED: dict[str, dict[str, Path]] = {}
_MAX_TEXT = 20 * 1024 * 1024  # a source text is a few dozen kB; do not hash a stray disk image


def _sha256(data: bytes) -> str:
    import hashlib  # loads OpenSSL: only on the passage path

    return hashlib.sha256(data).hexdigest()


def scan(folder: Path) -> dict[str, Path]:
    """sha256 -> file for every regular file (not hidden) in ``folder``; names do not matter."""
    key = str(folder)
    if key in _SCANNED:
        return _SCANNED[key]
    found: dict[str, Path] = {}
    try:
        entries = sorted(folder.iterdir())
    except OSError as e:
        raise DataError(f"cannot read source texts folder {folder}: {e.strerror or e}") from None
    for p in entries:
        try:
            if p.name.startswith(".") or not p.is_file() or p.stat().st_size > _MAX_TEXT:
                continue
            found.setdefault(_sha256(_bytes(p)), p)
        except OSError:
            continue
    _SCANNED[key] = found
    return found


def find_text(src: Any, folder: Path | None = None) -> Path:
    """The file holding source ``src``'s text. Raises DataError (one line) when there is none or it differs."""
    if src.origin != "bundled" and src.file:
        from .. import paths

        p = paths.facts_dir() / src.file
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
    by_hash = scan(folder)
    if src.sha256 in by_hash:
        return by_hash[src.sha256]
    named = folder / src.file if src.file else None
    if named is not None and named.is_file():
        raise DataError(
            f"refusing {named} for source {src.id}: its sha256 differs from the recorded {src.sha256[:12]}..."
            " (a different edition or a changed file)"
        )
    raise DataError(f"no text of source {src.id} (sha256 {src.sha256[:12]}...) in {folder}; {HOW}")


def _bytes(path: Path) -> bytes:
    """A text's bytes through the bounded reader every input uses: never a FIFO or device, never past the limit."""
    from ..safefile import read_bytes

    return read_bytes(path, _MAX_TEXT)


def read_text(path: Path) -> str:
    """A source text as str; unreadable or not UTF-8 is a one-line DataError."""
    try:
        return _bytes(path).decode("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise DataError(f"cannot read source text {path}: {getattr(e, 'strerror', None) or e}") from None


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
