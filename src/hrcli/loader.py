"""Find and read fact files: the bundled base and the user's ``facts/*.toml`` and ``facts/*.json``
(JSON fact files are what ``hrcli import`` writes: the same records, faster to parse), validated together.
"""

from __future__ import annotations

from pathlib import Path

from .errors import FactFileError

__all__ = ["bundled_path", "user_files", "inputs", "read_files", "FactFileError", "FACT_SUFFIXES"]

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
        from . import paths

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


def read_files(paths: list[tuple[Path, str]], overrides: dict[Path, str] | None = None) -> dict[str, list[dict]]:
    """Read and validate files given as (path, origin), in order; later files may cite earlier sources.

    ``overrides`` gives the text a file would have (to check a change before writing it).
    Raises FactFileError listing every problem in every file.
    """
    from .validate import check

    out: dict[str, list[dict]] = {}
    problems: list = []
    parsed: list[tuple[Path, str, str, dict]] = []
    for path, origin in paths:
        try:
            text = overrides[path] if overrides and path in overrides else read_text(path)
            parsed.append((path, origin, text, parse(path, text)))
        except FactFileError as e:
            problems += e.problems
    # every file may cite a source registered in any file, whatever order the files load in
    sources = {r["id"] for _p, _o, _t, data in parsed for r in _listed(data, "sources")}
    seen: set[str] = set()
    for path, origin, text, data in parsed:
        probs, recs = check(data, display(path), text, sources, seen, origin=origin)
        problems += probs
        imported = _imported_from(data)
        if imported:
            for rs in recs.values():
                for r in rs:
                    r["imported_from"] = imported
        for kind, rs in recs.items():
            out.setdefault(kind, []).extend(rs)
    problems += _dangling(out)
    if problems:
        raise FactFileError(problems)
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


def _dangling(recs: dict[str, list[dict]]) -> list:
    """Conflict sides may name the record carrying their value: that record must exist."""
    ids = {r["id"] for rs in recs.values() for r in rs}
    out = [
        _problem("<fact base>", None, c["id"], f"sides[{n}].fact", f"no record with id {s['fact']!r}")
        for c in recs.get("conflicts", [])
        for n, s in enumerate(c["sides"], 1)
        if s.get("fact") and s["fact"] not in ids
    ]
    out += [
        _problem("<fact base>", None, c["id"], "related", f"no record with id {r!r}")
        for c in recs.get("conflicts", [])
        for r in c.get("related", [])
        if not isinstance(r, str) or r not in ids
    ]
    return out
