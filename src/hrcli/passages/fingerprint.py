"""Fingerprints of the bundled sources' passages: hashes of their words, never the words.

For each locator of a bundled source, ``data/fingerprints.json`` records the hash of the passage's
canonical stream (``normalise``: the one form both sides are reduced to; words and whole figures), its
length, hashes of its first and last ``K`` characters (the anchors the matcher looks for in a user's
copy; shorter ones as a fallback), and layout only: the passage's lead-in (a printed paragraph number, a
bullet or an opening quote), the stream offsets where the reference layout starts a new line (with that
line's bullet), and where a hyphen sits between two letters.
``scripts/fingerprints.py`` writes the file from ``../shared/sources``; a test checks it against them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .normalise import stream

__all__ = ["K", "K_SHORT", "digest", "of_passage", "of_text", "load", "bundled_path"]

K = 32  # anchor length in stream characters: long enough to be unique in a document
K_SHORT = 12  # the fallback anchors, for a page break or a footnote that falls within a passage's first or last K
_LEAD = re.compile(r"^\s*(?:\d{1,3}\.\s+)?[^\w]*")
_BREAK_MARK = re.compile(r"[^\w]*")


def digest(s: str) -> str:
    """A 64-bit hash of a stream: the fingerprint's unit."""
    import hashlib  # loads OpenSSL: only on the passage path

    return hashlib.blake2b(s.encode("utf-8"), digest_size=8).hexdigest()


def of_passage(text: str) -> dict[str, Any]:
    """One passage's fingerprint (``text`` as the resolver prints it: reflowed, bullets on their own lines)."""
    lead = _LEAD.match(text).group(0)
    body = text[len(lead) :]
    s, where = stream(body)
    k = min(K, len(s))
    fp: dict[str, Any] = {"n": len(s), "sha": digest(s), "head": digest(s[:k]), "tail": digest(s[len(s) - k :])}
    if len(s) > K_SHORT:
        fp["head12"], fp["tail12"] = digest(s[:K_SHORT]), digest(s[len(s) - K_SHORT :])
    if lead:
        fp["lead"] = lead
    breaks = []
    for m in re.finditer(r"\n", body):
        mark = _BREAK_MARK.match(body, m.end()).group(0)
        breaks.append([_offset(where, m.end()), mark])
    if breaks:
        fp["breaks"] = breaks
    hyph = [_offset(where, m.start()) for m in re.finditer(r"(?<=[^\W\d_])-(?=[^\W\d_])", body)]
    if hyph:
        fp["hyph"] = hyph
    return fp


def _offset(where: list[int], index: int) -> int:
    """How many stream characters come before ``index`` in the text."""
    import bisect

    return bisect.bisect_left(where, index)


def of_text(source_id: str, text: str) -> dict[str, Any]:
    """Every locator of a bundled source's reference text -> its passage's fingerprint."""
    from .locate import locators, resolve

    return {loc: of_passage(resolve(source_id, loc, text).text) for loc in locators(source_id, text)}


def bundled_path() -> Path:
    """``fingerprints.json``: inside the installed package, or the repo's ``data/`` in a dev install."""
    here = Path(__file__).parent.parent
    packaged = here / "data" / "fingerprints.json"
    if packaged.is_file():
        return packaged
    return here.parent.parent / "data" / "fingerprints.json"  # editable installs do not see force-include


_LOADED: dict[str, Any] = {}


def load() -> dict[str, Any]:
    """source id -> {"sha256": ..., "passages": {locator: fingerprint}} for the bundled sources."""
    if not _LOADED:
        import json

        from ..errors import DataError

        path = bundled_path()
        try:
            _LOADED.update(json.loads(path.read_bytes().decode("utf-8")))
        except (OSError, ValueError) as e:
            raise DataError(f"cannot read the passage fingerprints {path}: {e}; reinstall hrcli") from None
    return _LOADED
