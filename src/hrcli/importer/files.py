"""An import's own fact file: naming it, writing it, listing imports, and taking one (or one record) back.

Each imported file is its own import, ``facts/import-NAME-HASH.json``: NAME from the file's name (cut
short so the whole stays well within a file name's 255 bytes), HASH from its resolved path, so
``a/upr.csv``, ``b/upr.csv`` and ``UPR.csv`` are three imports that never touch each other's records.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import Any

from .. import loader, paths
from ..errors import DataError, UsageError, did_you_mean
from ..model import FACT_KINDS
from .mapping import slug
from .table import KINDS

PREFIX = "import-"
ORDER = ("sources", *FACT_KINDS, "stats")  # an import file's sections, in the order they are written
_ID_LINE = re.compile(r'\{"id":"((?:[^"\\]|\\.)*)"')  # the id at the start of a record line
MAX_NAME = 80  # characters of the file's name kept in the import file's name


def target_for(source: str | Path) -> Path:
    """The fact file an import of ``source`` (a resolved path, or a bare name for a stream) writes."""
    import hashlib
    import os

    name = slug(Path(source).name)[:MAX_NAME].strip("-") or "import"
    digest = hashlib.sha256(os.fsencode(str(source))).hexdigest()[:10]
    return paths.facts_dir() / f"{PREFIX}{name}-{digest}.json"


def own_records(target: Path, data: Any = None) -> dict[str, list[dict]]:
    """The records an earlier import of the same file wrote, as stored (from ``data``, its parsed content)."""
    if data is None:
        data = loader.parse(target, loader.read_text(target))
    if not isinstance(data, dict):
        return {}
    return {k: list(data.get(k, [])) for k in ("sources", *KINDS) if isinstance(data.get(k), list)}


def _not_utf8(text: str) -> bool:
    """Whether ``text`` holds lone surrogates (bytes that were not UTF-8, a JSON "\udcff"): only escapes carry them."""
    import re

    return not text.isascii() and re.search("[\ud800-\udfff]", text) is not None


def record_line(r: dict) -> str:
    line = json.dumps(r, ensure_ascii=False, separators=(",", ":"))
    # a lone surrogate cannot be UTF-8: escaped, the file still reads back, and the validator names the row
    return json.dumps(r, separators=(",", ":")) if _not_utf8(line) else line


IDS = 2  # how this hrcli derives row ids (mapping.row_id): 2 = with the file's path; files without "ids" are 1


def _header(name: str, fmt: str, path: str, ids: int = IDS) -> str:
    import datetime as dt

    from ..safefile import display

    meta: dict[str, Any] = {"file": display(name)}  # shown to people (imported_from): printable
    if path:
        meta["path"] = path  # the import's identity: exact, bytes that are not UTF-8 included (as \u escapes)
    meta["format"] = fmt
    meta["imported"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    if ids != 1:
        meta["ids"] = ids
    return json.dumps({"schema": 1, "import": meta}, ensure_ascii=_not_utf8(path))[:-1]


def write_sections(
    fh: Any, name: str, fmt: str, path: str, sections: Iterable[tuple[str, Iterable[str]]], ids: int = IDS
) -> None:
    """Write a JSON fact file to the text file ``fh`` a record at a time: ``sections`` gives each kind's records
    as JSON lines (``record_line``); a kind with none is left out. One record per line, so problems can name the
    line of a record and a large file can be read back a line at a time (loader)."""
    fh.write(_header(name, fmt, path, ids))
    for kind, lines in sections:
        started = False
        for line in lines:
            fh.write(f',\n"{kind}":[\n{line}' if not started else f",\n{line}")
            started = True
        if started:
            fh.write("\n]")
    fh.write("}\n")


def dump(name: str, fmt: str, records: dict[str, list[dict]], path: str = "") -> bytes:
    """A JSON fact file, one record per line (see ``write_sections``)."""
    import io

    out = io.StringIO()
    write_sections(out, name, fmt, path, ((k, (record_line(r) for r in records.get(k) or ())) for k in ORDER))
    return out.getvalue().encode("utf-8")


def _meta(path: Path) -> tuple[dict[str, Any], dict[str, int]] | None:
    """An import file's ``import`` table and how many records of each kind it holds (a record at a time)."""
    try:
        header = loader.header(path)
        meta = header.get("import") if isinstance(header, dict) else None
        if not isinstance(meta, dict):
            return None
        counts: dict[str, int] = {}
        for kind, _r in loader.raw_records(path):
            counts[kind] = counts.get(kind, 0) + 1
    except loader.FactFileError:
        return None
    return meta, counts


def imports() -> list[dict[str, Any]]:
    """The user's imports: name, import file, the imported file's path, when, and how many records of each kind."""
    out = []
    for path in loader.user_files(paths.facts_dir()):
        if not (path.name.startswith(PREFIX) and path.suffix == ".json"):
            continue
        got = _meta(path)
        if got is None:
            continue
        meta, counts = got
        counts = {k: counts[k] for k in KINDS if counts.get(k)}
        out.append(
            {
                "name": str(meta.get("file", "")),
                "file": str(path),
                "path": str(meta.get("path", "")),
                "format": meta.get("format"),
                "imported": meta.get("imported"),
                "records": sum(counts.values()),
                "kinds": ",".join(f"{k}:{n}" for k, n in counts.items()),
            }
        )
    return out


def file_of(record_id: str) -> Path:
    """The import file that holds ``record_id``; DataError if none does."""
    for imp in imports():
        path = Path(imp["file"])
        try:
            if any(r.get("id") == record_id for kind, r in loader.raw_records(path) if kind in KINDS):
                return path
        except loader.FactFileError:
            continue
    raise DataError(f"{record_id!r} is in none of your imports")


def remove_record(record_id: str, path: Path | None = None) -> str:
    """Remove one record from an import's file (``path``, else the one holding it); returns its kind.
    Refuses if still cited. The file is rewritten a record at a time beside itself, checked with every other
    file, then put in place."""
    import os
    import tempfile
    from itertools import groupby

    from .. import writer

    path = path if path is not None else file_of(record_id)
    with writer.locked(path.parent):
        header = loader.header(path)
        meta = header.get("import") if isinstance(header.get("import"), dict) else {}
        found: list[str] = []

        def kept(group: Iterable[tuple[str, dict]]) -> Iterator[str]:
            for kind, r in group:
                if r.get("id") == record_id and not found:
                    found.append(kind)
                    continue
                yield record_line(r)

        # one pass: the file's sections come in order, each a run of one kind
        grouped = groupby((kr for kr in loader.raw_records(path) if kr[0] in KINDS), key=lambda kr: kr[0])
        sections_ = ((kind, kept(group)) for kind, group in grouped)

        fd, name = tempfile.mkstemp(prefix=".hrcli-import-", suffix=".tmp", dir=path.parent)
        tmp = Path(name)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                args = (str(meta.get("file", path.stem)), str(meta.get("format", "")), str(meta.get("path", "")))
                write_sections(fh, *args, sections_, ids=meta.get("ids", 1) if meta.get("ids") in (1, 2) else 1)
            if not found:
                raise DataError(f"{record_id!r} is not in {path}")
            # nothing else may cite it; problems the fact base has anyway (another broken file) are not this one's
            caused, _standing = writer.new_problems(loader.inputs(), overrides={path: tmp})
            if caused:
                first = "; ".join(str(p) for p in caused[:3])
                raise UsageError(f"{record_id!r} is still cited: {first}")
            writer.install(tmp, path)
        finally:
            if tmp.exists():
                tmp.unlink()
    return found[0]


def find(name: str) -> dict[str, Any]:
    """The one import ``name`` means: the imported file's name or path, or the import file's name.

    UsageError when none matches (with a suggestion) or when several do (naming each, to choose by file).
    """
    known = imports()
    try:
        resolved = str(Path(name).resolve()) if name else ""
    except (OSError, ValueError):  # a NUL byte, a loop of links: then it is no path of ours
        resolved = ""
    hit = [i for i in known if name in (i["name"], Path(i["file"]).name, Path(i["file"]).stem, i["file"])]
    hit = hit or [i for i in known if i["path"] and i["path"] == resolved]
    hit = hit or [i for i in known if slug(name) == slug(i["name"])]
    if not hit:
        raise did_you_mean(name, [i["name"] for i in known] or ["(no imports)"], "import")
    if len(hit) > 1:
        which = "; ".join(f"{Path(i['file']).name} (from {i['path'] or i['name']})" for i in hit)
        raise UsageError(f"{name!r} matches {len(hit)} imports: {which}; give the import file's name")
    return hit[0]


def forget(name: str) -> dict[str, Any]:
    """Remove one import (see ``find`` for the names it takes). Refuses if still cited."""
    from .. import writer

    imp = find(name)
    path = Path(imp["file"])
    with writer.locked(path.parent):
        rest = [(p, origin) for p, origin in loader.inputs() if p != path]
        caused, standing = writer.new_problems(rest)
        if caused:
            first = "; ".join(str(p) for p in caused[:3])
            raise UsageError(f"other records still cite what import {imp['name']!r} brought: {first}")
        # problems of other files, there before and after: the command names them, it does not stop for them
        imp = {**imp, "standing": [p for p in standing if getattr(p, "file", "") != loader.display(path)]}
        try:
            path.unlink()
        except OSError as e:
            raise DataError(f"{path}: cannot remove: {e.strerror or e}") from None
        reads_of(path).unlink(missing_ok=True)
    return imp


def sections(old: Path | None, scratch: Any, sync: bool = False) -> Iterator[tuple[str, Iterator[str]]]:
    """(kind, its record lines) for the import's new file: the old file's records first (a replaced one in its
    place; with ``sync``, only those this import read again), then the new ones, kind by kind in the order
    ``files.dump`` writes them."""
    kept = _old_lines(old, scratch, sync) if old is not None else {}
    for kind in ORDER:
        spool = scratch.spools.get(kind)
        if spool is not None:
            spool.seek(0)
        yield kind, chain(kept.get(kind, ()), (line.rstrip("\n") for line in spool) if spool is not None else ())


def _old_lines(old: Path, scratch: Any, sync: bool = False) -> dict[str, Any]:
    """The earlier import file's records by kind, as lines: its own lines as they are (read a line at a time
    when it has the layout ``files.dump`` writes), a replaced record's new line in its place; with ``sync``, a
    record whose id this import did not read (its row changed or gone from the file) is left out."""
    any_replaced = scratch.con.execute("SELECT 1 FROM replaced LIMIT 1").fetchone() is not None

    def rid_of(line: str) -> str | None:
        m = _ID_LINE.match(line)
        return json.loads(f'"{m[1]}"') if m else None

    def swap(line: str) -> str:
        if not any_replaced:
            return line
        rid = rid_of(line)
        got = scratch.con.execute("SELECT json FROM replaced WHERE id = ?", (rid,)).fetchone() if rid else None
        return got[0] if got else line

    def read(line: str) -> bool:
        rid = rid_of(line)
        return rid is None or scratch.con.execute("SELECT 1 FROM rows WHERE id = ?", (rid,)).fetchone() is not None

    lines = loader.record_lines(old)
    if lines is None:
        lines = {k: (record_line(r) for r in rs) for k, rs in own_records(old).items()}
    if sync:
        return {k: (swap(line) for line in ls if read(line)) for k, ls in lines.items()}
    return {k: (swap(line) for line in ls) for k, ls in lines.items()}


def id_scheme(target: Path) -> int:
    """How the rows of the import written to ``target`` get their ids: its file's ``ids`` (1 when it has none,
    an import made before ids carried the file's path), or this hrcli's for a new import."""
    if not target.exists():
        return IDS
    try:
        meta = loader.header(target).get("import")
    except loader.FactFileError:
        return IDS
    ids = meta.get("ids", 1) if isinstance(meta, dict) else 1
    return ids if ids in (1, 2) else IDS


def reads_of(target: Path) -> Path:
    """Where an import keeps the digest of each record as the file's row made it (a hidden file beside the
    import's, never read as facts): an unchanged row is told from a user's edit of its record by it."""
    return target.with_name(f".{target.stem}.read")


def stage_reads(target: Path, scratch: Any, sync: bool, staged: Path | None) -> Path:
    """The digests of this run's rows (and, unless ``sync``, those an earlier run kept) in a new file beside
    ``target``, to take ``reads_of(target)``'s place once the import is in (plan.run). A new record's digest is
    the one the ``staged`` cache computed for it, as it is written."""
    import contextlib
    import os
    import sqlite3
    import tempfile

    scratch.con.commit()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=".hrcli-import-", suffix=".tmp", dir=target.parent)
    os.close(fd)
    con = sqlite3.connect(name)
    try:
        con.execute("CREATE TABLE read(id TEXT PRIMARY KEY, digest TEXT)")
        con.execute("ATTACH DATABASE ? AS s", (scratch.path,))
        con.execute("INSERT OR IGNORE INTO read SELECT id, read FROM s.rows WHERE read IS NOT NULL")
        if staged is not None:
            con.execute("ATTACH DATABASE ? AS c", (str(staged),))
            con.execute(
                "INSERT OR IGNORE INTO read SELECT r.id, c.digest FROM s.rows r JOIN c.records c ON c.id = r.id"
                " WHERE r.read IS NULL AND r.fate = 'new'"
            )
        if not sync and scratch.prev:
            with contextlib.suppress(sqlite3.Error):
                con.execute("ATTACH DATABASE ? AS o", (str(reads_of(target)),))
                con.execute("INSERT OR IGNORE INTO read SELECT id, digest FROM o.read")
        con.commit()
    except BaseException:
        con.close()
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    con.close()
    return Path(name)


def source_id_for(base: Any, want: str, target: Path) -> tuple[str, bool]:
    """The id of the source a recognised dataset's import at ``target`` registers, and whether the fact base
    already holds it (then kept as it stands, the user's edits with it). ``want`` is the profile's id, from the
    file's name: another import's source of that id (a same-named file in another folder) is never shared, so
    this import's gets the import file's hash after it, and keeps it."""
    import os

    own = os.fsencode(target).decode("utf-8", "backslashreplace")
    mine = f"{want}-{target.stem.rsplit('-', 1)[-1][:6]}"

    def file_of_(rid: str) -> str | None:
        got = base.execute("SELECT file FROM records WHERE id = ?", (rid,)).fetchone()
        return None if got is None else str(got[0] or "")

    there, there_mine = file_of_(want), file_of_(mine)
    if there_mine is not None and (there_mine == own or there != own):
        return mine, True
    if there is None or there == own or not Path(there).name.startswith(PREFIX):
        return want, there is not None  # new, this import's own, or one the user registered in a file of theirs
    return mine, False


def copies_of(path: str, target: Path) -> list[str]:
    """The paths of files imported before (other imports) whose bytes are those of ``path``: a renamed copy, a
    browser's second download ('6-9 (1).csv' beside '6-9.csv'). Only files of the same size are read."""
    import filecmp
    import os

    try:
        size = os.path.getsize(path)
    except OSError:
        return []
    out = []
    for f in loader.user_files(paths.facts_dir()):
        if not f.name.startswith(PREFIX) or f == target:
            continue
        try:
            meta = loader.header(f).get("import")
            other = str(meta.get("path") or "") if isinstance(meta, dict) else ""
            if other and other != path and os.path.getsize(other) == size and filecmp.cmp(path, other, shallow=False):
                out.append(other)
        except (OSError, loader.FactFileError, AttributeError):
            continue
    return out
