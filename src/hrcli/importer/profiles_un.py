"""The UN's own datasets as profiles (see ``profiles``): OHCHR's voting records, UN Treaty Collection status tables
and OHCHR's ratification dashboard export.

Where each profile's column names come from is docs/dev/datasets.md (the section named at each profile): real
files read byte for byte, or the code that reads them. A vote becomes an event with its symbol, body, vote type and
tallies; a treaty status row an event naming the treaty and its committee, with the dataset's status (``party``,
``signatory``, ``no-action``: only ``party`` is a ratification), dated at the precision the file gives.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import UsageError
from .dates import cell_date, depositary_date
from .mapping import cell_text
from .profile import Profile
from .table import ERR, Row, Table, norm
from .treaties import MTDSG, TIDY_NAMES, TREATY_BODY, treaty_in_title

STATE = "Belarus"

# the tidy file's `status` (trusted over its 0/1 flags, which disagree with it on some rows: datasets.md §5)
TIDY_STATUS = {"state party": "party", "signatory state": "signatory", "no action": "no-action"}
# UNTC's marker after a date: what the State did (case matters: 'a' accession, 'A' acceptance)
# ('s' a definitive signature and 'c' a formal confirmation, on the pages of treaties that allow them)
UNTC_MARK = {
    "": "ratification",
    "a": "accession",
    "d": "succession",
    "A": "acceptance",
    "AA": "approval",
    "c": "formal confirmation",
    "s": "definitive signature",
}
_FOOTNOTE = re.compile(r"\s+\d+(?:,\s*\d+)*$")


def register_source(profile: Profile, table: Table) -> dict[str, Any]:
    """The source a profile's rows cite: the dataset, its publisher, the file and the day it was read (the file's
    modification day, so importing it again registers the same source; edit the date if you read it another day)."""
    import datetime as dt
    import os

    from .mapping import slug

    day = dt.date.today()
    if table.path:
        with contextlib.suppress(OSError):
            day = dt.date.fromtimestamp(os.stat(table.path).st_mtime)
    stem = slug(Path(table.name).stem)[:40].strip("-")
    return {
        # the file's name alone where it already starts with the profile's ('ohchr-voting-belarus', not twice)
        "id": (stem if stem.startswith(profile.key) else f"{profile.key}-{stem}")[:80].strip("-"),
        "title": f"{profile.dataset}: {table.name}",
        "date": day.isoformat(),
        "kind": "dataset",
        "issuer": profile.publisher,
        "voice": "other",
        "cite": "the line (CSV) or row (spreadsheet) of the file a record came from",
        "note": f"{profile.recognised}; the date is the day {table.name} was read (its modification date)",
    }


def _is_state(name: str) -> bool:
    """Whether a row's State is Belarus, however the dataset spells it: the one test the UPR profiles and the
    counts use (cycles.is_home_name: 'Republic of Belarus', 'Bélarus', the Byelorussian SSR)."""
    from ..cycles import is_home_name

    return is_home_name(name)


def _keep(ctx: dict[str, Any], about_state: bool) -> bool:
    if about_state or ctx["all_states"]:
        return True
    ctx["left_out"] += 1
    return False


# ---- OHCHR voting records (datasets.md §4: github.com/lszoszk/hrc-voting, data/csv/resolutions.csv) -------------

_ADOPTED = {
    "Human Rights Council": "hrc",
    "Commission on Human Rights": "chr",
    "General Assembly": "general-assembly",
}
# the body as files write it, short or long, to the name the votes view lists
_BODY_NAMES = {
    "hrc": "Human Rights Council",
    "human rights council": "Human Rights Council",
    "chr": "Commission on Human Rights",
    "commission on human rights": "Commission on Human Rights",
    "ga": "General Assembly",
    "unga": "General Assembly",
    "general assembly": "General Assembly",
}
_VOTE_WORDS = {"yes": "in favour", "no": "against", "abstain": "abstaining"}


def _count(v: Any) -> int | None:
    s = cell_text(v)
    try:
        return int(float(s)) if s else None
    except ValueError:
        return None


_MOST_VOTES = 200  # more than any UN body's members present and voting


def _plausible(cell: str) -> bool:
    """A recorded vote's tally: a whole number of votes, 0 to _MOST_VOTES, written as digits."""
    return cell.strip().isdigit() and int(cell) <= _MOST_VOTES


def _votes(rows: Iterator[Row], ctx: dict[str, Any]) -> Iterator[Row]:
    for where, raw in rows:
        if ERR in raw:
            yield where, raw
            continue
        r = {norm(k): cell_text(v) for k, v in raw.items()}
        title, symbol, body = r.get("title", ""), r.get("symbol", ""), r.get("body", "")
        body = _BODY_NAMES.get(" ".join(body.replace(".", "").split()).casefold(), body)
        about = "BELARUS" in r.get("agenda_subject", "").upper() or STATE.casefold() in title.casefold()
        if not _keep(ctx, about):
            continue
        upr = "universal periodic review" in title.casefold()
        what = "resolution" if "/RES/" in symbol else "decision" if "/DEC/" in symbol else "other"
        rec: dict[str, Any] = {
            "date": r.get("date") or r.get("year", ""),
            "mechanism": "upr" if upr else _ADOPTED.get(body, ""),
            "action": what,
            # the catalogue's title without its ' : resolution /' tail
            "title": re.sub(r"\s*:\s*(?:resolution|decision|amendment)\s*/\s*$", "", title).replace("\u00a0", " "),
            "symbol": symbol,
            "adopted_by": body,
            "vote_type": r.get("vote_type", ""),
        }
        tally = {k: _count(r.get(k)) for k in ("yes", "no", "abstain", "nonvoting")}
        if "RECORDED" in rec["vote_type"].upper():
            bad = [k for k in ("yes", "no", "abstain") if not _plausible(r.get(k, ""))]
            if bad:
                yield where, {ERR: f"a recorded vote needs whole tallies 0-{_MOST_VOTES} (yes, no, abstain)"}
                continue
        rec.update({k: n for k, n in tally.items() if n is not None})
        said = "a recorded vote of " + ", ".join(
            f"{tally[k]} {w}" for k, w in _VOTE_WORDS.items() if tally[k] is not None
        )
        how = said if tally["yes"] is not None else (rec["vote_type"].lower() or "no vote recorded")
        on = "the outcome of the UPR of Belarus" if upr else "human rights in Belarus" if about else "its subject"
        kind = "amendment" if what == "other" else what
        rec["summary"] = f"{body or 'A UN body'} {kind} {symbol} on {on}: {how}."
        if not about:
            rec["summary"] = f"{body or 'A UN body'} {kind} {symbol} ({rec['title']}): {how}."
        yield where, rec


VOTES = Profile(
    "ohchr-voting",
    "OHCHR (UN Human Rights Office)",
    "OHCHR search library, Voting collection",
    "events",
    "OHCHR voting records (symbol, body, vote type, yes/no/abstain)",
    ("symbol", "title", "date", "body", "vote_type", "yes", "no", "abstain"),
    _votes,
)


# ---- UN Treaty Collection status, tidy per-treaty file (datasets.md §5: world-politics-datalab/
# humanrights-treaties-ratification-status, hr_status_iccpr_op1.csv) --------------------------------------------


def _treaty(code: str, where: str, rec: dict[str, Any]) -> dict[str, Any]:
    rec["treaty"] = code
    rec["body"] = TREATY_BODY[code]
    rec["mechanism"] = "treaties"
    return rec


def _tidy_treaty(name: str) -> str | None:
    m = re.fullmatch(r"hr_status_(\w+)\.\w+", Path(name).name.lower())
    return TIDY_NAMES.get(m[1]) if m else None


def _which_treaty(ctx: dict[str, Any], named: str | None, how: str) -> str:
    """The treaty a status file is about: from its name (``named``), else from a title row above its header. A name
    and a title that disagree are refused: which one is right cannot be told."""
    title = ctx.get("title", "")
    titled = treaty_in_title(title) if title else None
    if named and titled and named != titled:
        raise UsageError(
            f"{ctx['name']}: its name says {named} but its title row says {titled} ({title[:80]!r}); name the file"
            " after the treaty it is about"
        )
    code = named or titled
    if code is None:
        raise UsageError(f"{ctx['name']}: {how} (or a title row above the header naming the treaty in full)")
    return code


# the status word -> the 0/1 column that says the same
_TIDY_FLAG = {"state party": "state_party", "signatory state": "signatory", "no action": "no_action"}


def _tidy(rows: Iterator[Row], ctx: dict[str, Any]) -> Iterator[Row]:
    code = _which_treaty(
        ctx,
        _tidy_treaty(ctx["name"]),
        "a UN Treaty Collection status table names its treaty only in the file name; name it"
        f" hr_status_<treaty>.csv, <treaty> one of {', '.join(TIDY_NAMES)}",
    )
    for where, raw in rows:
        if ERR in raw:
            yield where, raw
            continue
        r = {norm(k): cell_text(v) for k, v in raw.items()}
        state = r.get("member", "")
        if not state and any(r.get(k) for k in ("status", "year_ratification_or_accession", "note")):
            yield where, {ERR: "a row with a status names no State (its 'member' cell is empty)"}
            continue
        if not _keep(ctx, _is_state(state)):
            continue
        status = TIDY_STATUS.get(" ".join(r.get("status", "").split()).casefold(), "")
        if not status:  # an empty or unknown status: the 0/1 flags when exactly one is set
            flags = [TIDY_STATUS[w] for w in TIDY_STATUS if r.get(_TIDY_FLAG[w], "").strip() == "1"]
            others = [r.get(_TIDY_FLAG[w], "").strip() for w in TIDY_STATUS]
            if len(flags) != 1 or any(v not in ("0", "1") for v in others):
                allowed = ", ".join(repr(w) for w in TIDY_STATUS)
                yield where, {ERR: f"status must be one of {allowed} (or exactly one of the 0/1 flags set)"}
                continue
            status = flags[0]
        year = r.get("year_ratification_or_accession", "")
        rec: dict[str, Any] = {"treaty_status": status} if status else {}
        if status == "party" and year:
            rec["date"] = year
            said = f"{state} became a party to {code} in {year} (ratification or accession; the file does not say)"
        else:
            rec["date"] = ctx["date_read"]
            word = {"party": "a party", "signatory": "a signatory, not a party", "no-action": "neither a signatory"}
            said = f"{state} is {word.get(status, r.get('status', '?'))}"
            said += " nor a party" if status == "no-action" else ""
            said += f" to {code}, as the file says on the day it was read"
        rec["summary"] = said + "."
        if r.get("note"):
            rec["note"] = r["note"]
        yield where, _treaty(code, where, rec)


TIDY = Profile(
    "untc-status",
    "UN Treaty Collection (as tidied by the World Politics Datalab)",
    "Human rights treaties: ratification status",
    "events",
    "a UN Treaty Collection status table (state party, year, signatory, no action, status)",
    ("state_party", "year_ratification_or_accession", "signatory", "no_action", "status"),
    _tidy,
)


# ---- UN Treaty Collection status page table (datasets.md §5, inferred: Participant, Signature, Ratification...) --


_UNTC_SHAPES = "write it as UNTC does, 30 Sep 1992, or 1992-09-30, a marker such as a or d after it"


def _untc_treaty(name: str) -> str | None:
    m = re.search(r"(IV-\d+(?:-[a-z]{1,2}(?![a-z]))?)", Path(name).name, re.IGNORECASE)
    key = next((k for k in MTDSG if m and k.lower() == m[1].lower()), None)
    return MTDSG[key] if key else None


def _untc(rows: Iterator[Row], ctx: dict[str, Any]) -> Iterator[Row]:
    code = _which_treaty(
        ctx,
        _untc_treaty(ctx["name"]),
        "a UN Treaty Collection page table names its treaty only by the page: put its mtdsg_no in the file name"
        f" (untc-IV-5-status.csv), one of {', '.join(MTDSG)}",
    )
    for where, raw in rows:
        if ERR in raw:
            yield where, raw
            continue
        cells = {norm(k): cell_text(v) for k, v in raw.items()}
        state = _FOOTNOTE.sub("", cells.get("participant", ""))
        if not state and any(v for k, v in cells.items() if k != "participant"):
            yield where, {ERR: "a row with dates names no State (its 'Participant' cell is empty)"}
            continue
        if not _keep(ctx, _is_state(state)):
            continue
        sign = next((k for k in raw if norm(k) == "signature"), "Signature")
        head = next((k for k in raw if norm(k).startswith("ratification")), "Ratification")
        read = {sign: depositary_date(cells.get("signature", "")), head: depositary_date(cells.get(norm(head), ""))}
        # a cell that is no day, a marker the page does not use, a row with no date: a problem, never a dropped row
        bad = [col for col, got in read.items() if got is None]
        if bad:
            yield where, {ERR: f"{' and '.join(repr(c) for c in bad)}: not a date ({_UNTC_SHAPES})"}
            continue
        (day, _m), (acted_day, mark) = (got or ("", "") for got in read.values())
        if mark not in UNTC_MARK:
            marks = ", ".join(m for m in UNTC_MARK if m)
            yield where, {ERR: f"{head!r}: unknown marker {mark!r} after the date (the page's: {marks})"}
            continue
        if not day and not acted_day:
            yield where, {ERR: f"neither {sign!r} nor {head!r} holds a date ({_UNTC_SHAPES})"}
            continue
        signed = (day, "") if day else None
        acted = (acted_day, mark) if acted_day else None
        if signed:
            rec: dict[str, Any] = {"date": signed[0], "action": "signature"}
            if not acted:
                rec["treaty_status"] = "signatory"
            rec["summary"] = f"{state} signed {code}."
            yield where, _treaty(code, where, rec)
        if acted:
            how = UNTC_MARK.get(acted[1], acted[1])
            rec = {"date": acted[0], "treaty_status": "party", "summary": f"{state}: {how} of {code}."}
            # hrcli's actions name ratification and accession; a succession or acceptance keeps its word in the note
            rec["action"] = how if how in ("ratification", "accession") else "ratification"
            if rec["action"] != how:
                rec["note"] = f"the depositary marks it {how} ({acted[1]}), which makes the State a party"
            yield where, _treaty(code, where, rec)


UNTC = Profile(
    "untc-page",
    "UN Treaty Collection",
    "Status of Treaties (depositary status page)",
    "events",
    "a UN Treaty Collection status page table (Participant, Signature, Ratification...)",
    ("participant",),
    _untc,
    prefix=("ratification",),
)


# ---- OHCHR ratification dashboard "Underlying Data" (datasets.md §6, inferred from a reader: Country,
# Date of Signature (dd/mm/yyyy), Date of Ratification/Accession; file UnderlyingData_<TREATY>_OHCHR_<d>_<m>_<y>) --

_DASH_NAME = re.compile(r"UnderlyingData_([A-Za-z0-9-]+)_OHCHR_(\d{1,2})_(\d{1,2})_(\d{4})", re.IGNORECASE)
# a file name's treaty as OHCHR may write it (its dashboard's own abbreviations, or the committee's code) -> hrcli's
_DASH_TREATY = {
    "CESCR": "ICESCR",
    "CCPR": "ICCPR",
    "CERD": "ICERD",
    "CMW": "ICMW",
    "ICRMW": "ICMW",
    "CED": "CPED",
    "SPT": "OPCAT",
    "OP-CAT": "OPCAT",
    "CAT-OP": "OPCAT",
    "ICCPR-OP2-DP": "ICCPR-OP2",
    "CRC-OP-AC": "OP-CRC-AC",
    "CRC-OP-SC": "OP-CRC-SC",
    "CRC-OP-IC": "OP-CRC-IC",
}


def _dash_date(v: Any) -> str:
    """A dashboard date cell: a date cell or serial day number (importer.dates), or text in the header's own order,
    dd/mm/yyyy (so 12/05/2023 is 12 May, which a slashed date of unknown order could not say)."""
    text = cell_text(v)
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if m:
        return f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}"
    return cell_date(v, text) if text else ""


def _dashboard(rows: Iterator[Row], ctx: dict[str, Any]) -> Iterator[Row]:
    m = _DASH_NAME.search(ctx["name"])
    named = m[1].upper() if m else ""
    named = _DASH_TREATY.get(named, named)
    code = _which_treaty(
        ctx,
        named if named in TREATY_BODY else None,
        "OHCHR's dashboard names its treaty in the file name"
        f" (UnderlyingData_<TREATY>_OHCHR_<dd>_<mm>_<yyyy>.xls), <TREATY> one of {', '.join(TREATY_BODY)}",
    )
    as_of = f"{m[4]}-{int(m[3]):02d}-{int(m[2]):02d}" if m else ctx["date_read"]
    for where, raw in rows:
        if ERR in raw:
            yield where, raw
            continue
        cells = {norm(k): v for k, v in raw.items()}
        state = cell_text(cells.get("country"))
        sign = next((v for k, v in cells.items() if k.startswith("date_of_signature")), None)
        ratif = next((v for k, v in cells.items() if k.startswith("date_of_ratification")), None)
        if state.startswith(("Definitions and metadata", "Database of the")):
            continue  # the notes under the table
        if not state:
            if cell_text(sign) or cell_text(ratif):  # dates of no State: a broken row, never a dropped one
                yield where, {ERR: "a row with dates names no State (its 'Country' cell is empty)"}
            continue
        if not _keep(ctx, _is_state(state)):
            continue
        signed, acted = _dash_date(sign), _dash_date(ratif)
        if signed:
            rec: dict[str, Any] = {"date": signed, "action": "signature", "summary": f"{state} signed {code}."}
            if not acted:
                rec["treaty_status"] = "signatory"
            yield where, _treaty(code, where, rec)
        if acted:
            rec = {"date": acted, "treaty_status": "party", "action": "ratification"}
            rec["summary"] = f"{state} ratified or acceded to {code}."
            rec["note"] = "the dashboard's date of ratification or accession (it does not say which)"
            yield where, _treaty(code, where, rec)
        if not signed and not acted:
            rec = {"date": as_of, "treaty_status": "no-action"}
            rec["summary"] = f"{state} has neither signed nor become a party to {code}, as the dashboard says."
            yield where, _treaty(code, where, rec)


DASHBOARD = Profile(
    "ohchr-ratification",
    "OHCHR (UN Human Rights Office)",
    "Status of ratification interactive dashboard, underlying data",
    "events",
    "OHCHR's ratification dashboard export (Country, Date of Signature, Date of Ratification/Accession)",
    ("country",),
    _dashboard,
    prefix=("date_of_signature", "date_of_ratification"),
)

PROFILES = (VOTES, TIDY, UNTC, DASHBOARD)
