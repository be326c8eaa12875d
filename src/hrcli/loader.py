"""Find and read fact files: the bundled base and the user's ``facts/*.toml`` and ``facts/*.json``
(JSON fact files are what ``hrcli import`` writes: the same records, faster to parse), validated together.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from . import paths
from .errors import FactFileError

__all__ = [
    "bundled_path",
    "user_files",
    "inputs",
    "read_files",
    "stream",
    "check_files",
    "raw_records",
    "header",
    "FactFileError",
    "FACT_SUFFIXES",
]

FACT_SUFFIXES = (".toml", ".json")


def _problem(*args):
    from .validate import Problem  # the validator loads only when files are actually read

    return Problem(*args)


def bundled_path() -> Path:
    """The bundled ``facts.toml``: inside the installed package, or the repo's ``data/`` in a dev install."""
    here = Path(__file__).parent
    packaged = here / "data" / "facts.toml"
    if packaged.is_file():
        return packaged
    # editable installs do not see hatchling's force-include: fall back to the source tree
    return here.parent.parent / "data" / "facts.toml"


def user_files(facts_dir: Path, notes: list[str] | None = None) -> list[Path]:
    """The user's fact files (every ``*.toml`` and ``*.json`` entry), in a stable order. A missing folder means none.

    A folder that cannot be listed raises FactFileError: silently showing no user facts would look like
    an answer. Entries that are not regular files (a FIFO, a dangling link) are listed so that reading
    them reports the problem instead of hiding the file. Hidden names (editors' ``.#user.toml`` lock
    links, hrcli's own temporary files) are not fact files. What the caller should tell the user
    (a facts path that is a file) is appended to ``notes``: this layer never prints.
    """
    import os

    try:
        with os.scandir(facts_dir) as it:
            names = [e.name for e in it if e.name.endswith(FACT_SUFFIXES) and not e.name.startswith(".")]
    except FileNotFoundError:
        return []
    except NotADirectoryError:
        # nothing there can hold facts, so reading goes on, but never silently (HRCLI_DATA_DIR naming a file)
        if notes is not None:
            notes.append(f"{display(facts_dir)}: is not a folder, so none of your own facts were read")
        return []
    except OSError as e:
        msg = f"cannot list your facts folder: {e.strerror or e}"
        raise FactFileError([_problem(display(facts_dir), None, None, None, msg)]) from None
    return sorted(facts_dir / n for n in names)


def inputs(user: bool = True, facts_dir: Path | None = None, notes: list[str] | None = None) -> list[tuple[Path, str]]:
    """Every file the fact base is read from, as (path, origin): the bundled base, then the user's fact files
    (from ``facts_dir``, by default the data folder's ``facts/``) unless ``user`` is False. Notes for the
    user go to ``notes`` (see user_files)."""
    files = [(bundled_path(), "bundled")]
    if user:
        folder = facts_dir if facts_dir is not None else paths.facts_dir()
        files += [(p, "user") for p in user_files(folder, notes)]
    return files


def display(path: Path | str) -> str:
    """A path as printable text (bytes that are not UTF-8 shown as U+FFFD)."""
    from .safefile import display as shown

    return shown(path)


def read_text(path: Path) -> str:
    """Read a fact file as UTF-8, turning every failure into a FactFileError with one clear line.

    Bounded and non-blocking (see safefile.read_bytes): a FIFO, device, folder, dangling link or a file
    above the size limit is refused before it can hang or exhaust memory.
    """
    from .safefile import read_bytes

    try:
        raw = read_bytes(path)
    except OSError as e:
        raise FactFileError([_problem(display(path), None, None, None, f"cannot read: {e.strerror or e}")]) from None
    if b"\x00" in raw:
        raise FactFileError([_problem(display(path), None, None, None, "binary data, not a TOML text file")])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise FactFileError(
            [_problem(display(path), None, None, None, f"not UTF-8 text (bad byte at offset {e.start})")]
        ) from None


def parse(path: Path, text: str) -> dict:
    """A fact file's data: TOML, or JSON for a ``.json`` file (same structure)."""
    if path.suffix == ".json":
        return _parse_json(path, text)
    import tomllib

    try:
        return tomllib.loads(text)
    except RecursionError:
        raise FactFileError([_problem(display(path), None, None, None, "nested too deeply to read")]) from None
    except ValueError as e:
        if not isinstance(e, tomllib.TOMLDecodeError):  # e.g. an integer of more than 4,300 digits
            msg = f"not usable TOML: {str(e).split(';')[0]}"
            raise FactFileError([_problem(display(path), None, None, None, msg)]) from None
        # tomllib says "... (at line 12, column 5)": keep that, it is the useful part
        msg = str(e)
        line = None
        if "(at line " in msg:
            try:
                line = int(msg.rsplit("(at line ", 1)[1].split(",")[0])
            except ValueError:
                line = None
        raise FactFileError([_problem(display(path), line, None, None, f"not valid TOML: {msg}")]) from None


def _parse_json(path: Path, text: str) -> dict:
    import json

    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise FactFileError([_problem(display(path), e.lineno, None, None, f"not valid JSON: {e.msg}")]) from None
    except (ValueError, RecursionError) as e:  # brackets nested too deep, or an integer of 4,300+ digits
        why = "nested too deeply" if isinstance(e, RecursionError) else "a number too long to read"
        raise FactFileError([_problem(display(path), None, None, None, f"not valid JSON: {why}")]) from None


# a JSON fact file this large is read line by line when it has the layout ``hrcli import`` writes (one record
# per line), so memory stays flat however many records it holds; smaller ones, and any other layout, whole
STREAM_FROM = 4 * 1024 * 1024
MAX_STREAMED_BYTES = 4 * 1024 * 1024 * 1024  # an import file read line by line: disk, not memory, bounds it


def read_files(paths: list[tuple[Path, str]], overrides: dict[Path, str | Path] | None = None) -> dict[str, list[dict]]:
    """Read and validate files given as (path, origin), in order; later files may cite earlier sources.

    ``overrides`` gives the text a file would have (to check a change before writing it), or another path
    to read in its place. Raises FactFileError listing every problem in every file.
    """
    out: dict[str, list[dict]] = {}
    for _path, kind, rec, _raw in stream(paths, overrides):
        out.setdefault(kind, []).append(rec)
    return out


def check_files(paths: list[tuple[Path, str]], overrides: dict[Path, str | Path] | None = None) -> None:
    """Validate files as ``read_files`` does, keeping no record: FactFileError listing every problem."""
    for _record in stream(paths, overrides):
        pass


def raw_records(path: Path) -> Iterator[tuple[str, dict]]:
    """(kind, record) for every record of one file as it is written, parsed but not validated (a large import
    file a line at a time). Raises FactFileError when the file cannot be read or parsed."""
    lines = _Lines.open(path, path) if path.suffix == ".json" else None
    if lines is not None:
        yield from lines.raw()
        return
    data = parse(path, read_text(path))
    if isinstance(data, dict):
        from .validate import SCHEMA

        for kind in SCHEMA:
            recs = data.get(kind)
            yield from ((kind, r) for r in (recs if isinstance(recs, list) else ()) if isinstance(r, dict))


def record_lines(path: Path) -> dict[str, Iterator[str]] | None:
    """A file in the layout ``hrcli import`` writes, whatever its size: each kind's record lines as written
    (without the comma after them), read lazily; None for any other layout (or a file that cannot be read)."""
    lines = _Lines.open(path, path, least=0)
    return None if lines is None else {kind: lines.of_kind(kind) for kind in lines.kinds}


def header(path: Path) -> dict:
    """A fact file's top-level values other than its records (``schema``, an import's ``import`` table), read
    from its first line when it is a large import file. Raises FactFileError as ``parse`` does."""
    if path.suffix == ".json":
        first = _first_line(path)
        if first is not None:
            return first
    data = parse(path, read_text(path))
    if not isinstance(data, dict):
        return {}
    from .validate import SCHEMA

    return {k: v for k, v in data.items() if k not in SCHEMA}


def _first_line(path: Path) -> dict | None:
    """The header an import file's first line holds (``{"schema": 1, "import": {...},``), or None."""
    import json
    import os
    import stat

    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        with open(path, "rb") as fh:
            line = fh.readline(1 << 20).decode("utf-8").rstrip("\n")
        data = json.loads(line.removesuffix(",") + "}") if line.startswith('{"schema"') else None
    except (OSError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("import"), dict) else None


def stream(paths: list[tuple[Path, str]], overrides: dict[Path, str | Path] | None = None) -> Reading:
    """The records of ``paths``, validated as ``read_files`` validates them, one at a time (see ``Reading``)."""
    return Reading(paths, overrides or {})


class Reading:
    """Every file's records, checked one at a time: iterate for (path, kind, record, raw) with ``record``
    normalised and ``raw`` as the file has it. ``sources`` holds every file's source records as written
    (unchecked), read first because any file may cite a source of any other. A large import file is read
    line by line (``STREAM_FROM``), so nothing holds all its records. The iteration raises FactFileError at
    its end, listing every problem of every file, after yielding every record that passed."""

    def __init__(self, paths: list[tuple[Path, str]], overrides: dict[Path, str | Path]):
        self.problems: list = []
        self.sources: list[dict] = []
        # (path, origin, parsed data and its text, or a _Lines reader and '')
        self._files: list[tuple[Path, str, Any, str]] = []
        for path, origin in paths:
            try:
                self._files.append((path, origin, *_open(path, overrides.get(path))))
            except FactFileError as e:
                self.problems += e.problems
        for _path, _origin, data, _text in self._files:
            self.sources += data.sources if isinstance(data, _Lines) else _listed(data, "sources")
        self._names = _import_names([(p, d.header if isinstance(d, _Lines) else d) for p, _o, d, _t in self._files])

    def __iter__(self) -> Iterator[tuple[Path, str, dict, dict]]:
        from .validate import Records, check

        known = {r["id"] for r in self.sources}
        seen: set[str] = set()
        conflicts: list[dict] = []
        files, self._files = self._files, []  # iterated once: each file's records are freed as it is done
        while files:
            path, origin, data, text = files.pop(0)
            shown = display(path)
            if isinstance(data, _Lines):
                rs = Records(shown, known, seen, origin)
                for kind, rec, index, line in data.records(rs):
                    got = rs.record(kind, rec, index, line)
                    if got is not None:
                        yield path, kind, _mark(got, self._names.get(path, ""), conflicts), rec
                self.problems += rs.problems
                continue
            probs, recs = check(data, shown, text, known, seen, origin=origin)
            self.problems += probs
            imported = self._names.get(path, "")
            for kind, checked in recs.items():
                raw = {r.get("id"): r for r in _listed(data, kind)}
                for r in checked:
                    yield path, kind, _mark(r, imported, conflicts), raw.get(r["id"], r)
            del data, recs
        self.problems += _dangling(conflicts, seen)
        if self.problems:
            raise FactFileError(self.problems)


def _mark(r: dict, imported: str, conflicts: list[dict]) -> dict:
    """A checked record with the file it was imported from; disagreements kept for the dangling check."""
    if imported:
        r["imported_from"] = imported
    if "sides" in r:
        conflicts.append(r)
    return r


def _open(path: Path, override: str | Path | None) -> tuple[Any, str]:
    """A file's parsed data and text, or a line reader for a large import file (``_Lines``) and ''."""
    if isinstance(override, str):
        return parse(path, override), override
    real = override if override is not None else path
    if path.suffix == ".json":
        lines = _Lines.open(real, path)
        if lines is not None:
            return lines, ""
    text = read_text(real)
    return parse(path, text), text


class _Lines:
    """A JSON fact file in the layout ``hrcli import`` writes (``importer.files.dump``), read a line at a time:

        {"schema": 1, "import": {...},
        "events":[
        {...record...},
        {...record...}
        ]}

    ``open`` checks the layout in one pass that keeps only the source records; any other layout is read whole."""

    def __init__(self, real: Path, shown: str, header: dict, kinds: list[str], sources: list[dict]):
        self.real, self.shown, self.header, self.kinds, self.sources = real, shown, header, kinds, sources

    @classmethod
    def open(cls, real: Path, path: Path, least: int | None = None) -> _Lines | None:
        """The reader of ``real`` (shown as ``path``) when it has the layout and at least ``least`` bytes
        (``STREAM_FROM`` unless given), else None. FactFileError when it is larger than can be read."""
        import json
        import os
        import stat

        try:
            st = os.stat(real)
        except OSError:
            return None  # read_text names the problem
        if not stat.S_ISREG(st.st_mode) or st.st_size < (STREAM_FROM if least is None else least):
            return None
        shown = display(path)
        if st.st_size > MAX_STREAMED_BYTES:
            msg = f"larger than {MAX_STREAMED_BYTES >> 30} GiB"
            raise FactFileError([_problem(shown, None, None, None, msg)])
        sources: list[dict] = []
        kinds: list[str] = []
        try:
            with open(real, "rb") as fh:
                header = json.loads(fh.readline().decode("utf-8").rstrip("\n").removesuffix(",") + "}")
                if not isinstance(header, dict) or "import" not in header:
                    return None
                kind = None
                for raw in fh:
                    line = raw.rstrip(b"\n")
                    if kind is None:
                        if line == b",":
                            continue
                        if line.startswith(b'"') and line.endswith(b'":['):
                            kind = line[1:-3].decode("utf-8")
                            if kind in kinds or kind in header:
                                return None  # a section twice: what a whole-file read keeps is the last
                            kinds.append(kind)
                            continue
                        if line == b"}":
                            continue
                        return None
                    if line in _SECTION_ENDS:
                        kind = None
                    elif not (line.startswith(b"{") and line.endswith((b"}", b"},"))):
                        return None
                    elif kind == "sources":
                        rec = json.loads(line.rstrip(b","))
                        if isinstance(rec, dict) and isinstance(rec.get("id"), str):
                            sources.append(rec)
                if kind is not None:
                    return None
        except (OSError, ValueError, RecursionError):
            return None  # read whole, which names the problem
        return cls(real, shown, header, kinds, sources)

    def _lines(self) -> Iterator[tuple[str, int, bytes]]:
        """(kind, line number, the line without the comma after it) for every record line of the file."""
        kind = None
        with open(self.real, "rb") as fh:
            fh.readline()
            for n, raw in enumerate(fh, 2):
                line = raw.rstrip(b"\n")
                if kind is None:
                    if line.startswith(b'"') and line.endswith(b'":['):
                        kind = line[1:-3].decode("utf-8")
                elif line in _SECTION_ENDS:
                    kind = None
                else:
                    yield kind, n, line.rstrip(b",")

    def of_kind(self, kind: str) -> Iterator[str]:
        """The record lines of one kind, as written."""
        return (line.decode("utf-8") for k, _n, line in self._lines() if k == kind)

    def raw(self) -> Iterator[tuple[str, dict]]:
        """(kind, record) for every record, unchecked; FactFileError at the first line that is not JSON."""
        import json

        from .validate import SCHEMA

        for kind, n, line in self._lines():
            try:
                rec = json.loads(line)
            except (ValueError, RecursionError) as e:
                raise FactFileError([_problem(self.shown, n, None, None, _not_json(e))]) from None
            if kind in SCHEMA and isinstance(rec, dict):
                yield kind, rec

    def records(self, rs: Any) -> Iterator[tuple[str, Any, int, int]]:
        """(kind, record, index in its section, line) for every record line; problems of a line go to ``rs``."""
        import json

        from .validate import SCHEMA

        rs.top([*self.header, *self.kinds], self.header.get("schema", 1), 1)
        section, index = None, 0
        for kind, n, line in self._lines():
            if kind != section:
                section, index = kind, 0
            try:
                rec = json.loads(line)
            except (ValueError, RecursionError) as e:
                rs.problems.append(_problem(self.shown, n, None, None, _not_json(e)))
                continue
            if kind in SCHEMA:
                yield kind, rec, index, n
            index += 1


_SECTION_ENDS = (b"]", b"],", b"]}")  # "]," ends a section another follows, "]}" the file


def _not_json(e: Exception) -> str:
    import json

    return f"not valid JSON: {e.msg if isinstance(e, json.JSONDecodeError) else 'not readable'}"


def _import_names(files: list[tuple[Path, Any]]) -> dict[Path, str]:
    """Each import file's ``imported_from``: the imported file's name, or, when two imports came from files of
    the same name in different folders, the name with the path it came from (so each dataset stays apart)."""
    names = {path: _imported_from(data) for path, data in files}
    names = {p: n for p, n in names.items() if n}
    count: dict[str, int] = {}
    for n in names.values():
        count[n] = count.get(n, 0) + 1
    out = {}
    for path, data in files:
        name = names.get(path)
        if name is None:
            continue
        meta = data.get("import") if isinstance(data, dict) else None
        where = meta.get("path") if isinstance(meta, dict) else None
        out[path] = f"{name} ({where})" if count[name] > 1 and isinstance(where, str) and where else name
    return out


def _imported_from(data: object) -> str:
    """The file name an ``hrcli import`` file came from (its ``import.file``), or ''."""
    meta = data.get("import") if isinstance(data, dict) else None
    name = meta.get("file") if isinstance(meta, dict) else None
    return name if isinstance(name, str) else ""


def _listed(data: object, kind: str) -> list[dict]:
    """The records of one kind that carry a text id (for a first pass over sources)."""
    recs = data.get(kind) if isinstance(data, dict) else None
    return [r for r in recs if isinstance(r, dict) and isinstance(r.get("id"), str)] if isinstance(recs, list) else []


def _dangling(conflicts: list[dict], ids: set[str]) -> list:
    """Conflict sides may name the record carrying their value: that record must exist."""
    out = [
        _problem("<fact base>", None, c["id"], f"sides[{n}].fact", f"no record with id {s['fact']!r}")
        for c in conflicts
        for n, s in enumerate(c["sides"], 1)
        if s.get("fact") and s["fact"] not in ids
    ]
    out += [
        _problem("<fact base>", None, c["id"], "related", f"no record with id {r!r}")
        for c in conflicts
        for r in c.get("related", [])
        if not isinstance(r, str) or r not in ids
    ]
    return out
