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
from .dates import cell_date
from .mapping import cell_text
from .profile import Profile
from .table import ERR, Row, Table, norm

STATE = "Belarus"

# a treaty as hrcli abbreviates it -> its committee (an optional protocol's is its treaty's; OPCAT's the SPT)
TREATY_BODY = {
    "ICCPR": "CCPR",
    "ICCPR-OP1": "CCPR",
    "ICCPR-OP2": "CCPR",
    "ICESCR": "CESCR",
    "ICESCR-OP": "CESCR",
    "ICERD": "CERD",
    "CEDAW": "CEDAW",
    "CEDAW-OP": "CEDAW",
    "CAT": "CAT",
    "OPCAT": "SPT",
    "CRC": "CRC",
    "OP-CRC-AC": "CRC",
    "OP-CRC-SC": "CRC",
    "OP-CRC-IC": "CRC",
    "CRPD": "CRPD",
    "CRPD-OP": "CRPD",
    "ICMW": "CMW",
    "CED": "CED",
}
# the tidy status files' names (github.com/world-politics-datalab/humanrights-treaties-ratification-status:
# hr_status_<name>.csv, one per treaty; the treaty is named nowhere else)
TIDY_NAMES = {
    "iccpr": "ICCPR",
    "iccpr_op1": "ICCPR-OP1",
    "iccpr_op2": "ICCPR-OP2",
    "icescr": "ICESCR",
    "icescr_op": "ICESCR-OP",
    "icerd": "ICERD",
    "cedaw": "CEDAW",
    "op_cedaw": "CEDAW-OP",
    "cat": "CAT",
    "opcat": "OPCAT",
    "crc": "CRC",
    "op_crc_ac": "OP-CRC-AC",
    "op_crc_sc": "OP-CRC-SC",
    "op_crc_ic": "OP-CRC-IC",
    "crpd": "CRPD",
    "op_crpd": "CRPD-OP",
    "icmw": "ICMW",
    "cped": "CED",
}
# UNTC's chapter-and-number of each treaty (the mtdsg_no of its status page)
MTDSG = {
    "IV-2": "ICERD",
    "IV-3": "ICESCR",
    "IV-3-a": "ICESCR-OP",
    "IV-4": "ICCPR",
    "IV-5": "ICCPR-OP1",
    "IV-12": "ICCPR-OP2",
    "IV-8": "CEDAW",
    "IV-8-b": "CEDAW-OP",
    "IV-9": "CAT",
    "IV-9-b": "OPCAT",
    "IV-11": "CRC",
    "IV-11-b": "OP-CRC-AC",
    "IV-11-c": "OP-CRC-SC",
    "IV-11-d": "OP-CRC-IC",
    "IV-13": "ICMW",
    "IV-15": "CRPD",
    "IV-15-a": "CRPD-OP",
    "IV-16": "CED",
}
# the tidy file's `status` (trusted over its 0/1 flags, which disagree with it on some rows: datasets.md §5)
TIDY_STATUS = {"state party": "party", "signatory state": "signatory", "no action": "no-action"}
# UNTC's marker after a date: what the State did (case matters: 'a' accession, 'A' acceptance)
UNTC_MARK = {"": "ratification", "a": "accession", "d": "succession", "A": "acceptance", "AA": "approval"}
_UNTC_DATE = re.compile(r"(\d{1,2} [A-Z][a-z]{2} \d{4})\s*([A-Za-z]{0,2})")
_FOOTNOTE = re.compile(r"\s+\d+(?:,\s*\d+)*$")
_MONTHS = {m: i for i, m in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun"), 1)} | {
    m: i for i, m in enumerate(("Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 7)
}


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


def _of(rec: dict[str, Any], about_state: bool, state: str) -> dict[str, Any]:
    """A record kept about another State (--all-states) says which, in ``state`` (empty: Belarus), so no listing
    shows it as Belarus's."""
    if not about_state:
        rec["state"] = state.strip() or "another State (the file names none)"
    return rec


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
_TALLIES = ("yes", "no", "abstain", "nonvoting")


def _votes(rows: Iterator[Row], ctx: dict[str, Any]) -> Iterator[Row]:
    from . import voting

    for where, raw in rows:
        if ERR in raw:
            yield where, raw
            continue
        r = {norm(k): cell_text(v) for k, v in raw.items()}
        symbol, body = r.get("symbol", ""), r.get("body", "")
        body = _BODY_NAMES.get(" ".join(body.replace(".", "").split()).casefold(), body)
        about = voting.about_belarus(r)
        if not _keep(ctx, about):
            continue
        what = voting.kind(r)
        upr = what != "amendment" and "universal periodic review" in r.get("title", "").casefold()
        rec: dict[str, Any] = {
            "date": r.get("date") or r.get("year", ""),
            "mechanism": "upr" if upr else _ADOPTED.get(body, ""),
            "action": what,
            "title": voting.title_of(r.get("title", "")),
            "symbol": symbol,
            "adopted_by": body,
            "vote_type": r.get("vote_type", ""),
        }
        tally = {k: voting.whole(r.get(k)) for k in _TALLIES}
        # a recorded vote needs its three tallies (or none: the harvest leaves a few empty); any tally given (a
        # non-recorded vote's too) is a whole number
        given = [tally[k] is not None for k in _VOTE_WORDS]
        if any(n is False for n in tally.values()) or (voting.needs_tallies(rec["vote_type"]) and 0 < sum(given) < 3):
            yield where, {ERR: f"a recorded vote needs whole tallies 0-{voting.MOST_VOTES} (yes, no, abstain)"}
            continue
        gap = voting.needs_tallies(rec["vote_type"]) and not any(given)
        if gap:
            rec["note"] = "a recorded vote whose tallies the file leaves empty"
        rec.update({k: n for k, n in tally.items() if n is not None})
        if voting.outcome(r):
            rec["outcome"] = voting.outcome(r)
        said = "a recorded vote of " + ", ".join(
            f"{tally[k]} {w}" for k, w in _VOTE_WORDS.items() if tally[k] is not None
        )
        how = said if tally["yes"] is not None else (rec["vote_type"].lower() or "no vote recorded")
        how = "a recorded vote, its tallies not in the file" if gap else how
        became = rec.get("outcome", "").replace("-", " ")
        if what != "amendment" and tally["yes"] is None and became and became not in how:
            how = f"{became} ({how})"  # 'adopted (non-recorded, adopted unanimously)' reads as an adoption
        if what == "amendment":  # what became of it first: an amendment is most often rejected
            became = became or "put to the vote"
            how = f"{became} by {said}" if tally["yes"] is not None else f"{became} ({how})"
            if voting.amends(r):
                rec["amends"] = voting.amends(r)
                symbol = f"{symbol} to draft {rec['amends']}"
        on = "the outcome of the UPR of Belarus" if upr else "human rights in Belarus" if about else "its subject"
        kind = "text" if what == "other" else what  # a presidential statement, or a text the file does not name
        rec["summary"] = f"{body or 'A UN body'} {kind} {symbol} on {on}: {how}."
        if not about:
            rec["summary"] = f"{body or 'A UN body'} {kind} {symbol} ({rec['title']}): {how}."
        # another subject than Belarus: the dataset's subject names it (a State, or a theme)
        yield where, _of(rec, about, r.get("agenda_subject", ""))


VOTES = Profile(
    "ohchr-voting",
    "OHCHR (UN Human Rights Office)",
    "OHCHR search library, Voting collection",
    "events",
    "OHCHR voting records (symbol, body, vote type, yes/no/abstain)",
    ("symbol", "title", "date", "body", "vote_type", "yes", "no", "abstain"),
    _votes,
    labels={"vote_type": "vote_type"},
)


# ---- UN Treaty Collection status, tidy per-treaty file (datasets.md §5: world-politics-datalab/
# humanrights-treaties-ratification-status, hr_status_iccpr_op1.csv) --------------------------------------------


def _treaty(code: str, where: str, rec: dict[str, Any]) -> dict[str, Any]:
    rec["treaty"] = code
    rec["body"] = TREATY_BODY[code]
    rec["mechanism"] = "treaties"
    return rec


def _tidy_treaty(name: str) -> str:
    m = re.fullmatch(r"hr_status_(\w+)\.\w+", Path(name).name.lower())
    code = TIDY_NAMES.get(m[1]) if m else None
    if code is None:
        raise UsageError(
            f"{name}: a UN Treaty Collection status table names its treaty only in the file name; name it"
            f" hr_status_<treaty>.csv, <treaty> one of {', '.join(TIDY_NAMES)}"
        )
    return code


# the status word -> the 0/1 column that says the same
_TIDY_FLAG = {"state party": "state_party", "signatory state": "signatory", "no action": "no_action"}


def _tidy(rows: Iterator[Row], ctx: dict[str, Any]) -> Iterator[Row]:
    code = _tidy_treaty(ctx["name"])
    for where, raw in rows:
        if ERR in raw:
            yield where, raw
            continue
        r = {norm(k): cell_text(v) for k, v in raw.items()}
        state = r.get("member", "")
        home = _is_state(state)
        if not _keep(ctx, home):
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
        yield where, _of(_treaty(code, where, rec), home, state)


TIDY = Profile(
    "untc-status",
    "UN Treaty Collection (as tidied by the World Politics Datalab)",
    "Human rights treaties: ratification status",
    "events",
    "a UN Treaty Collection status table (state party, year, signatory, no action, status)",
    # member: the State a row is about (a file without it cannot tell Belarus's row from the others')
    ("member", "state_party", "year_ratification_or_accession", "signatory", "no_action", "status"),
    _tidy,
)


# ---- UN Treaty Collection status page table (datasets.md §5, inferred: Participant, Signature, Ratification...) --


def _untc_date(text: str) -> tuple[str, str] | None:
    """'30 Sep 1992 a' -> ('1992-09-30', 'a'); None for an empty or unreadable cell."""
    m = _UNTC_DATE.search(text)
    if not m:
        return None
    d, mon, y = m[1].split()
    if mon not in _MONTHS:
        return None
    return f"{y}-{_MONTHS[mon]:02d}-{int(d):02d}", m[2]


def _untc_treaty(name: str) -> str:
    m = re.search(r"(IV-\d+(?:-[a-z]{1,2}(?![a-z]))?)", Path(name).name, re.IGNORECASE)
    key = next((k for k in MTDSG if m and k.lower() == m[1].lower()), None)
    if key is None:
        raise UsageError(
            f"{name}: a UN Treaty Collection page table names its treaty only by the page: put its mtdsg_no in the"
            f" file name (untc-IV-5-status.csv), one of {', '.join(MTDSG)}"
        )
    return MTDSG[key]


def _untc(rows: Iterator[Row], ctx: dict[str, Any]) -> Iterator[Row]:
    code = _untc_treaty(ctx["name"])
    for where, raw in rows:
        if ERR in raw:
            yield where, raw
            continue
        cells = {norm(k): cell_text(v) for k, v in raw.items()}
        state = _FOOTNOTE.sub("", cells.get("participant", ""))
        home = _is_state(state)
        if not _keep(ctx, home):
            continue
        last = next((v for k, v in cells.items() if k.startswith("ratification")), "")
        signed, acted = _untc_date(cells.get("signature", "")), _untc_date(last)
        if signed:
            rec: dict[str, Any] = {"date": signed[0], "action": "signature"}
            if not acted:
                rec["treaty_status"] = "signatory"
            rec["summary"] = f"{state} signed {code}."
            yield where, _of(_treaty(code, where, rec), home, state)
        if acted:
            how = UNTC_MARK.get(acted[1], acted[1])
            rec = {"date": acted[0], "treaty_status": "party", "summary": f"{state}: {how} of {code}."}
            # hrcli's actions name ratification and accession; a succession or acceptance keeps its word in the note
            rec["action"] = how if how in ("ratification", "accession") else "ratification"
            if rec["action"] != how:
                rec["note"] = f"the depositary marks it {how} ({acted[1]}), which makes the State a party"
            yield where, _of(_treaty(code, where, rec), home, state)


UNTC = Profile(
    "untc-page",
    "UN Treaty Collection",
    "Status of Treaties (depositary status page)",
    "events",
    "a UN Treaty Collection status page table (Participant, Signature, Ratification...)",
    ("participant",),
    _untc,
    prefix=("ratification",),
    hints=("signature",),
    labels={"participant": "Participant", "ratification": "Ratification"},
)


# ---- OHCHR ratification dashboard "Underlying Data" (datasets.md §6, inferred from a reader: Country,
# Date of Signature (dd/mm/yyyy), Date of Ratification/Accession; file UnderlyingData_<TREATY>_OHCHR_<d>_<m>_<y>) --

_DASH_NAME = re.compile(r"UnderlyingData_([A-Za-z0-9-]+)_OHCHR_(\d{1,2})_(\d{1,2})_(\d{4})", re.IGNORECASE)
_DASH_TREATY = {"CESCR": "ICESCR", "CCPR": "ICCPR", "CERD": "ICERD", "CMW": "ICMW", "CPED": "CED", "OP-CAT": "OPCAT"}


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
    code = m[1].upper() if m else ""
    code = _DASH_TREATY.get(code, code)
    if code not in TREATY_BODY:
        raise UsageError(
            f"{ctx['name']}: OHCHR's dashboard names its treaty only in the file name"
            f" (UnderlyingData_<TREATY>_OHCHR_<dd>_<mm>_<yyyy>.xls), <TREATY> one of {', '.join(TREATY_BODY)}"
        )
    as_of = f"{m[4]}-{int(m[3]):02d}-{int(m[2]):02d}" if m else ctx["date_read"]
    for where, raw in rows:
        if ERR in raw:
            yield where, raw
            continue
        cells = {norm(k): v for k, v in raw.items()}
        state = cell_text(cells.get("country"))
        if state.startswith(("Definitions and metadata", "Database of the")) or not state:
            continue  # the notes under the table
        home = _is_state(state)
        if not _keep(ctx, home):
            continue
        sign = next((v for k, v in cells.items() if k.startswith("date_of_signature")), None)
        ratif = next((v for k, v in cells.items() if k.startswith("date_of_ratification")), None)
        signed, acted = _dash_date(sign), _dash_date(ratif)
        if signed:
            rec: dict[str, Any] = {"date": signed, "action": "signature", "summary": f"{state} signed {code}."}
            if not acted:
                rec["treaty_status"] = "signatory"
            yield where, _of(_treaty(code, where, rec), home, state)
        if acted:
            rec = {"date": acted, "treaty_status": "party", "action": "ratification"}
            rec["summary"] = f"{state} ratified or acceded to {code}."
            rec["note"] = "the dashboard's date of ratification or accession (it does not say which)"
            yield where, _of(_treaty(code, where, rec), home, state)
        if not signed and not acted:
            rec = {"date": as_of, "treaty_status": "no-action"}
            rec["summary"] = f"{state} has neither signed nor become a party to {code}, as the dashboard says."
            yield where, _of(_treaty(code, where, rec), home, state)


DASHBOARD = Profile(
    "ohchr-ratification",
    "OHCHR (UN Human Rights Office)",
    "Status of ratification interactive dashboard, underlying data",
    "events",
    "OHCHR's ratification dashboard export (Country, Date of Signature, Date of Ratification/Accession)",
    ("country",),
    _dashboard,
    prefix=("date_of_signature", "date_of_ratification"),
    labels={
        "country": "Country",
        "date_of_signature": "Date of Signature",
        "date_of_ratification": "Date of Ratification",
    },
)

PROFILES = (VOTES, TIDY, UNTC, DASHBOARD)
