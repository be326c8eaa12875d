"""Column mapping and cleaning: which column fills which field, each cell as the field's value, a row's id."""

from __future__ import annotations

import hashlib
import json
import math
import re
from typing import Any

from ..errors import UsageError, did_you_mean
from ..validate import SCHEMA, canon  # noqa: F401  (canon: where importers have always found it)
from ..vocab import first_whole
from .dates import cell_date, datetime_text
from .table import norm

# header words that mean a field under another name (after lower-casing and joining words with "_")
ALIASES = {"source_id": "source", "topic": "topics", "record_id": "id"}
DROP = "-"  # --map COLUMN=- : the column is not wanted (it still counts towards a row's derived id)

# Column names of the two exports UPR researchers meet most, as ``norm`` spells them, for rows of
# recommendations. Evidence (read 2026-12, not guessed):
# - UPR Info's database export: header ``To,To-Rgrp,To-Org,Text,From,From-Rgrp,From-Org,Response,
#   Action,Issue,Session`` (github.com/rochelleterman/uprs, upr-info/Data/CSVs/1-5.csv, a download
#   of sessions 1-5). ``Action`` there is UPR Info's action category, 1 (minimal) to 5 (specific),
#   not hrcli's ``action``; ``Issue`` is a comma-separated list of UPR Info's own issue names.
# - OHCHR's Universal Human Rights Index full export (dataex.ohchr.org/uhri/export-results/
#   export-full-en.xlsx), whose columns a published pipeline reads, after janitor::clean_names, as
#   text, countries_concerned, reccomending_body, document_symbol, document_publication_date,
#   upr_session, upr_reccomending_states, upr_position, type (github.com/CeHDI-Foundation/
#   UPR-Health-Explorer, code/02_prep_UHRI_recommendations_refactored.qmd; the export's own
#   spelling "Reccomending" is kept, the correct spelling is accepted too).
# The brief's spellings of the same (State under Review, Recommending State, Response, Cycle) are
# added. A target field this version's schema lacks leaves the column ignored and reported.
UPR_ALIASES = {
    "text": "summary",
    "recommendation": "summary",
    "from": "recommending_state",
    "recommending_state": "recommending_state",
    "recommending_states": "recommending_state",
    "upr_reccomending_states": "recommending_state",
    "upr_recommending_states": "recommending_state",
    "response": "response",
    "upr_position": "response",
    "position": "response",
    "session": "session",
    "upr_session": "session",
    "cycle": "cycle",
    "upr_cycle": "cycle",
    # UHRI: the date of the document (the Working Group report) that holds the recommendation
    "document_publication_date": "date",
}
# columns whose name is a field's, or looks like one, but whose meaning in those exports is another:
# never mapped without --map, named once with what they are
NOT_FIELDS = {
    "action": "UPR Info's action category (1-5), not hrcli's action",
    "action_category": "UPR Info's action category (1-5), not hrcli's action",
    "issue": "the dataset's own issue names; --map {col}=topics to keep them as topics",
    "issues": "the dataset's own issue names; --map {col}=topics to keep them as topics",
    "themes": "the dataset's own theme names; --map {col}=topics to keep them as topics",
    "type": "UHRI's document type, not a field of a record",
}
_CLOSED = {"action": "ACTIONS", "mechanism": "MECHANISMS", "status": "STATUSES"}
SAMPLE = 200  # cells looked at before a column that shares a closed field's name is trusted with it
_SPLIT = re.compile(r"\s*[;,]\s*")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:[,\u00a0\u202f' ]\d{3})+(?:\.\d+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d{1,2}")


def parse_pairs(pairs: list[str] | None, flag: str) -> list[tuple[str, str]]:
    """``--map``/``--set`` values as (name, value) pairs; UsageError for one without '='."""
    out = []
    for p in pairs or ():
        if "=" not in p:
            raise UsageError(f"{flag} wants NAME=VALUE, not {p!r}")
        k, v = p.split("=", 1)
        out.append((k.strip(), v.strip()))
    return out


def column_map(
    columns: list[str],
    kind: str,
    explicit: list[tuple[str, str]],
    sample: list[dict[str, Any]] | None = None,
    notes: dict[str, str] | None = None,
) -> tuple[dict[str, str], list[str]]:
    """Column -> field for one kind, and the columns that map to nothing (ignored, but part of the id).

    ``--map COLUMN=-`` drops a column. Without --map a column maps by name (``ALIASES``; for
    recommendations also ``UPR_ALIASES``), except columns that mean something else in published
    datasets (``NOT_FIELDS``) and a column named like a closed field (action, mechanism, status) none
    of whose first ``sample`` cells is one of its words. Why each such column was left out goes into
    ``notes`` (column -> reason), to be said once.
    """
    fields = fields_for(kind)
    by_norm = {norm(c): c for c in columns}
    mapping: dict[str, str] = {}
    dropped: set[str] = set()
    unwanted: set[str] = set()  # dropped with --map COLUMN=-: not reported as ignored
    for col, fld in explicit:
        if not fld:
            raise UsageError(
                f"--map {col}= names no field: --map {col}=- drops the column, --map {col}=FIELD maps it"
                f" (fields for {kind}: {', '.join(fields)})"
            )
        if fld != DROP and fld not in fields:
            raise did_you_mean(fld, fields, f"field for {kind} (or - to drop the column)")
        actual = col if col in columns else by_norm.get(norm(col))
        if actual is None:
            if not columns:
                raise UsageError(f"no column {col!r}: the file has no header row")
            raise did_you_mean(col, columns, "column")
        if fld == DROP:
            dropped.add(actual)
            unwanted.add(actual)
            mapping.pop(actual, None)
        else:
            mapping[actual] = fld
            dropped.discard(actual)
            unwanted.discard(actual)
    taken = set(mapping.values())
    aliases = {**ALIASES, **(UPR_ALIASES if kind == "recommendations" else {})}
    for c in columns:
        if c in mapping or c in dropped:
            continue
        key = norm(c)
        if kind == "recommendations" and key in NOT_FIELDS:
            if notes is not None:
                notes[c] = NOT_FIELDS[key].format(col=c)
            dropped.add(c)
            continue
        fld = key if key in fields else aliases.get(key, key)
        if fld not in fields:
            if notes is not None and key in aliases:
                notes[c] = f"would be {aliases[key]!r}, a field this version of hrcli does not have"
            continue
        if fld in taken:
            continue
        if fld in _CLOSED and sample is not None and not _fits(c, fld, sample):
            if notes is not None:
                notes[c] = f"its values are not hrcli {fld} words; --map {c}={fld} to use it anyway"
            dropped.add(c)
            continue
        mapping[c] = fld
        taken.add(fld)
    ignored = [c for c in columns if c not in mapping and c and c not in unwanted]
    return mapping, ignored


def _fits(col: str, fld: str, sample: list[dict[str, Any]]) -> bool:
    """Whether any of the first cells of ``col`` is a word of the closed field ``fld`` (True if all empty)."""
    from .. import vocab

    words = getattr(vocab, _CLOSED[fld], None)
    if not words:
        return True
    seen = [cell_text(r.get(col)) for r in sample[:SAMPLE]]
    seen = [v for v in seen if v]
    return not seen or any(v in words or v.lower() in words for v in seen)


def fields_for(kind: str) -> list[str]:
    """The fields a row of ``kind`` may fill."""
    # conflicts are judgements, not rows: they are not importable; `derived` belongs to conflict sides
    return [f for f in SCHEMA[kind] if f != "sides"]


def cell_text(v: Any) -> str:
    """A cell as trimmed text: numbers without a needless '.0', dates in ISO form, lists joined with '; '."""
    if type(v) is str:  # nearly every cell: the first test, for a large file's sake
        return (v.replace("\r\n", "\n").replace("\r", "\n") if "\r" in v else v).strip()
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, (list, tuple)):
        return "; ".join(cell_text(x) for x in v)
    iso = datetime_text(v)
    if iso is not None:
        return iso
    s = str(v).replace("\r\n", "\n").replace("\r", "\n")
    return s.strip()


def _number(v: Any) -> int | float | str:
    """A spreadsheet cell as a number: thousands separators and a decimal comma understood; else the text."""
    if isinstance(v, bool):
        return cell_text(v)
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        if not math.isfinite(v):  # NaN or infinity is no figure: leave it as text for the validator to name
            return cell_text(v)
        return int(v) if v.is_integer() else v
    s = cell_text(v).replace("\u2212", "-")
    if s.endswith("%"):
        s = s[:-1].strip()
    if _THOUSANDS.fullmatch(s):
        s = re.sub(r"[,\u00a0\u202f' ]", "", s)
    elif _DECIMAL_COMMA.fullmatch(s):
        s = s.replace(",", ".")
    try:
        return int(s)
    except ValueError:
        pass
    try:
        f = float(s)
    except ValueError:
        return cell_text(v)
    return f if math.isfinite(f) else cell_text(v)


_NAMES_CYCLE = re.compile(r"\bcycle\b", re.IGNORECASE)
# UHRI's '- 36th session - Cycle 3': a session and its cycle in one cell
_SESSION_AND_CYCLE = re.compile(r"\bsession\b.*\bcycle\s*(\d+)", re.IGNORECASE | re.DOTALL)


def _whole(v: Any) -> int | str:
    """A cell as a whole number: 12, 12.0, '12', 'Session 12', '- 12th session - ...' (UHRI) are 12."""
    if isinstance(v, int) and not isinstance(v, bool):
        return v
    if isinstance(v, float) and v.is_integer():
        return int(v)
    s = cell_text(v)
    n = first_whole(s)  # '-5', '2.5' and '1e5' stay as written: the validator refuses them, by row
    return n if n is not None and n < 10**9 else s


def _date(v: Any, order: str = "") -> str:
    """A date cell as the date to store (importer.dates, the one reader of cell dates); ``order``: the column's
    order of day and month (dates.column_order), if it settled one."""
    return cell_date(v, cell_text(v), order)


def _bullets(v: Any) -> list[str] | None:
    """The values of a cell written as a bulleted list, one '- ' item a line (as UHRI exports every
    column: '- Belarus', '- Australia\\n- Canada'); None for any other cell."""
    if type(v) is not str or not v.lstrip().startswith("-"):
        return None
    lines = [ln.strip() for ln in cell_text(v).split("\n") if ln.strip()]
    if not lines or not all(ln == "-" or ln.startswith("- ") for ln in lines):
        return None
    return [ln[2:].strip() for ln in lines if ln[2:].strip()]


def clean_record(
    raw: dict[str, Any], mapping: dict[str, str], kind: str, preset: dict[str, str], date_order: str = ""
) -> dict[str, Any]:
    """One row as a record of ``kind``: mapped, cleaned, with --set values where the row has none; a slashed date
    whose day and month cannot be told apart is read in ``date_order`` ('dmy' or 'mdy') if given."""
    rec: dict[str, Any] = {}
    for col, fld in mapping.items():
        v = raw.get(col)
        listed = _bullets(v)
        if listed is not None and fld != "topics":
            v = "; ".join(listed)  # several States in one cell stay one text, each named once
        if fld == "topics":
            # bulleted items are whole topics (a UHRI theme may hold a comma); else ';' or ',' separate them
            items = listed if listed is not None else v if isinstance(v, list) else _SPLIT.split(cell_text(v))
            val: Any = [cell_text(t).lower() for t in items if cell_text(t)]
        elif fld == "value":
            val = _number(v)
        elif fld == "date":
            val = _date(v, date_order)
        elif int in SCHEMA[kind].get(fld, ((),))[0]:
            val = _whole(v)  # '12th session' -> 12; a cell with no number ('n/a') stays as written
        else:
            val = cell_text(v)
        if fld == "session" and isinstance(val, int) and _NAMES_CYCLE.search(cell_text(v)):
            both = _SESSION_AND_CYCLE.search(cell_text(v))
            if both:  # the session is the first number, the cycle the one after 'Cycle'
                rec["session"] = val
                if "cycle" not in mapping.values():
                    rec["cycle"] = int(both[1])
                continue
            # 'Cycle 1' in a Session column names the cycle, not Working Group session 1
            if "cycle" not in mapping.values():
                rec["cycle"] = val
            continue
        if val not in ("", [], None):
            rec[fld] = val
    for fld, val in preset.items():
        if fld not in rec and val != "":
            rec[fld] = _SPLIT.split(val) if fld == "topics" else (_number(val) if fld == "value" else val)
    if kind == "stats" and "value" in rec and "unit" not in rec:
        raw_v = next((raw.get(c) for c, f in mapping.items() if f == "value"), None)
        if isinstance(raw_v, str) and raw_v.strip().endswith("%"):
            rec["unit"] = "percent"
    return rec


def row_id(name: str, kind: str, raw: dict[str, Any], where: str = "") -> str:
    """A stable id from the row's whole content as read: every column, mapped or not, in any order, and
    ``where`` the file is (its resolved path): the same row in ``a/upr.csv`` and ``b/upr.csv`` is two records,
    one in each import. Imports made before ids carried the path (no ``ids: 2`` in their file) keep ``where``
    empty, so importing their file again still finds its rows."""
    cells = sorted((norm(str(k)), cell_text(v)) for k, v in raw.items())
    content: list[Any] = [kind, cells, where] if where else [kind, cells]
    # surrogatepass: a JSON "\udcff" escape is refused by the validator, with its row, not here
    digest = hashlib.sha256(json.dumps(content, ensure_ascii=False).encode("utf-8", "surrogatepass")).hexdigest()
    return f"i-{slug(name)[:24].strip('-')}-{digest[:16]}"


def slug(name: str) -> str:
    """A name as lower-case words joined by '-' ('import' when nothing is left)."""
    return re.sub(r"[^0-9a-z]+", "-", name.lower()).strip("-") or "import"
