"""The one registry of format names: what ``--format``, ``export``, ``config`` and ``import`` accept.

Names only (domain layer): which renderer draws a format is ``hrcli.output``'s business, which reader
parses an input format is the importer's. Everything that lists, checks or completes a format name
reads it from here.
"""

from __future__ import annotations

__all__ = [
    "Format",
    "OUTPUT",
    "EXPORT",
    "BIBLIO",
    "INPUT",
    "INPUT_SUFFIXES",
    "output_names",
    "default_names",
    "export_names",
    "biblio_names",
]


class Format:
    """One format name and what it is for. A plain class, not a dataclass: every call reads this module,
    and importing dataclasses and generating its methods costs ~2 ms of start-up (measured)."""

    __slots__ = ("name", "machine", "default_ok", "export_only", "description")

    def __init__(
        self, name: str, machine: bool, default_ok: bool, export_only: bool = False, description: str = ""
    ) -> None:
        self.name = name
        self.machine = machine  # for pipes and programs: no colour, no pager, no width
        self.default_ok = default_ok  # may be the default format (config set format, HRCLI_FORMAT)
        self.export_only = export_only  # written by `hrcli export` only (a file, not a view on stdout)
        self.description = description

    def __repr__(self) -> str:
        return f"Format({self.name!r})"


# Order is the order help and completion list them.
OUTPUT: tuple[Format, ...] = (
    Format("table", machine=False, default_ok=True, description="a readable table for people"),
    Format("json", machine=True, default_ok=True, description="one JSON array of records"),
    Format("jsonl", machine=True, default_ok=True, description="one JSON object per line"),
    Format("csv", machine=True, default_ok=True, description="comma-separated, one header row"),
    Format("md", machine=True, default_ok=True, description="a Markdown table"),
    Format("html", machine=True, default_ok=False, description="one self-contained page"),
)
# `hrcli export` also writes these (files of the whole base, not views)
EXPORT: tuple[Format, ...] = (
    Format("toml", machine=True, default_ok=False, export_only=True, description="a fact file hrcli reads again"),
    Format("sqlite", machine=True, default_ok=False, export_only=True, description="a SQLite database"),
)
# bibliographies of the sources a selection cites (sources, cite, export): for pandoc and reference managers
BIBLIO: tuple[Format, ...] = (
    Format("csl-json", machine=True, default_ok=False, description="CSL-JSON items (pandoc, Zotero, citeproc)"),
    Format("bibtex", machine=True, default_ok=False, description="BibTeX/biblatex entries"),
    Format("ris", machine=True, default_ok=False, description="RIS records (reference managers)"),
)
# `hrcli import` reads these; suffix -> format name
INPUT_SUFFIXES: dict[str, str] = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".xlsx": "xlsx",
    ".xls": "xls",
}
INPUT: tuple[str, ...] = ("csv", "tsv", "json", "jsonl", "xlsx", "xls")


def output_names() -> tuple[str, ...]:
    """Every ``--format`` name of the listing commands."""
    return tuple(f.name for f in OUTPUT)


def default_names() -> tuple[str, ...]:
    """The names that may be a default format (config, HRCLI_FORMAT)."""
    return tuple(f.name for f in OUTPUT if f.default_ok)


def export_names() -> tuple[str, ...]:
    """What ``hrcli export --format`` takes: the whole-base files, then the view formats it writes."""
    return ("toml", "json", "csv", "sqlite", "html", *biblio_names())


def biblio_names() -> tuple[str, ...]:
    """The bibliography formats: items for the sources a selection cites, ids equal to source ids."""
    return tuple(f.name for f in BIBLIO)


def is_machine(name: str) -> bool:
    return any(f.name == name and f.machine for f in (*OUTPUT, *EXPORT, *BIBLIO))
