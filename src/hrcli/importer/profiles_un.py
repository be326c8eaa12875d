"""The UN's own datasets as profiles (see ``profiles``): OHCHR's voting records, UN Treaty Collection status tables
and OHCHR's ratification dashboard export.

Where each profile's column names come from is docs/dev/datasets.md (the section named at each profile): real
files read byte for byte, or the code that reads them. A vote becomes an event with its symbol, body, vote type and
tallies; a treaty status row an event naming the treaty and its committee, with the dataset's status (``party``,
``signatory``, ``no-action``: only ``party`` is a ratification), dated at the precision the file gives.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import chain
from typing import Any

from ..errors import UsageError
from .dates import DayOrder, dashboard_date, dashboard_refusal, depositary_date
from .mapping import cell_text
from .profile import Profile, register_source  # noqa: F401 (the UN datasets register theirs)
from .table import ERR, Row, norm
from .treaties import (
    DASH_TREATY,
    FOOTNOTE,
    MTDSG,
    TIDY_NAMES,
    TREATY_BODY,
    known_treaty,
    not_a_state,
    tidy_treaty,
    treaty_in_title,
    untc_treaty,
)

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

_TALLIES = ("yes", "no", "abstain", "nonvoting")


def _votes(rows: Iterator[Row], ctx: dict[str, Any]) -> Iterator[Row]:
    from . import voting

    for where, raw in rows:
        if ERR in raw:
            yield where, raw
            continue
        r = {norm(k): cell_text(v) for k, v in raw.items()}
        symbol, body = r.get("symbol", ""), r.get("body", "")
        body = voting.BODY_NAMES.get(" ".join(body.replace(".", "").split()).casefold(), body)
        about = voting.about_belarus(r)
        if not _keep(ctx, about):
            continue
        what = voting.kind(r)
        upr = what != "amendment" and "universal periodic review" in r.get("title", "").casefold()
        rec: dict[str, Any] = {
            "date": r.get("date") or r.get("year", ""),
            "mechanism": "upr" if upr else voting.ADOPTED.get(body, ""),
            "action": what,
            "title": voting.title_of(r.get("title", "")),
            "symbol": symbol,
            "adopted_by": body,
            "vote_type": r.get("vote_type", ""),
        }
        tally = {k: voting.whole(r.get(k)) for k in _TALLIES}
        # a recorded vote needs its three tallies (or none: the harvest leaves a few empty); any tally given (a
        # non-recorded vote's too) is a whole number
        given = [tally[k] is not None for k in voting.VOTE_WORDS]
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
            f"{tally[k]} {w}" for k, w in voting.VOTE_WORDS.items() if tally[k] is not None
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
        # another subject than Belarus: a State's (as the title names it), else a theme's, never given as a State
        if not about:
            state = voting.state_of(r)
            if state:
                rec["state"] = state
            else:
                rec["theme"] = r.get("agenda_subject", "") or rec["title"] or "none named"
        yield where, rec


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


def _which_treaty(ctx: dict[str, Any], named: str | None, how: str) -> str:
    """The treaty a status file is about: ``--set treaty=CODE`` first (it wins, as --set does over a profile), then
    its name (``named``), else a title row above its header. A name and a title that disagree are refused: which
    one is right cannot be told."""
    given, title = ctx.get("set", {}).get("treaty", ""), ctx.get("title", "")
    titled = treaty_in_title(title) if title else None
    if given:
        code = known_treaty(given)
        if code is None:
            raise UsageError(f"--set treaty={given}: no treaty hrcli knows; one of {', '.join(TREATY_BODY)}")
        said = [f"its {w} says {c}" for w, c in (("name", named), ("title row", titled)) if c and c != code]
        ctx["treaty_note"] = f"--set treaty={given} files its rows under {code}, but {' and '.join(said)}" * bool(said)
        return code
    if named and titled and named != titled:
        raise UsageError(
            f"{ctx['name']}: its name says {named} but its title row says {titled} ({title[:80]!r}); name the file"
            " after the treaty it is about"
        )
    code = named or titled
    if code is None:
        raise UsageError(
            f"{ctx['name']}: {how} (or a title row above the header naming the treaty in full), or say it with"
            " --set treaty=CODE"
        )
    return code


def _as_of(ctx: dict[str, Any]) -> tuple[str, str]:
    """The date of a status the file does not date, and how to say it: the day the user says the data is as of
    (--set date=...), else 'by' the day the file was read (an interval of unknown start: the status held at some
    time no later than that; never that day presented as the data's). Counted in ctx['undated']."""
    given = ctx.get("set", {}).get("date", "")
    if given:
        return given, f"as of {given}"
    ctx["undated"] = ctx.get("undated", 0) + 1
    return f"/{ctx['date_read']}", "undated: at some time before the file was read"


STANDING = "ongoing"  # a status given without a date (no action, a signatory): how things stood, never 'done'

# the status word -> the 0/1 column that says the same
_TIDY_FLAG = {"state party": "state_party", "signatory state": "signatory", "no action": "no_action"}


def _tidy(rows: Iterator[Row], ctx: dict[str, Any]) -> Iterator[Row]:
    code = _which_treaty(
        ctx,
        tidy_treaty(ctx["name"]),
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
        if year:  # a year, also as a table saved through pandas writes it ('1992.0')
            m = re.fullmatch(r"(\d{4})(?:\.0+)?", year)
            if not m:
                yield where, {ERR: f"'year ratification or accession': not a year: {year!r} (write it as 1992)"}
                continue
            year = m[1]
        rec: dict[str, Any] = {"treaty_status": status} if status else {}
        if status == "party" and year:
            rec["date"] = year
            said = f"{state} became a party to {code} in {year} (ratification or accession; the file does not say)"
        else:
            word = {"party": "a party", "signatory": "a signatory, not a party", "no-action": "neither a signatory"}
            said = f"{state} is {word.get(status, r.get('status', '?'))}"
            said += " nor a party" if status == "no-action" else ""
            rec["date"], when = _as_of(ctx)
            rec["status"] = STANDING
            said += f" to {code}, as the file says ({when})"
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
    reads=(
        "iso2",
        "member",
        "state_party",
        "year_ratification_or_accession",
        "signatory",
        "no_action",
        "status",
        "note",
    ),
)


# ---- UN Treaty Collection status page table (datasets.md §5, inferred: Participant, Signature, Ratification...) --


_UNTC_SHAPES = "write it as UNTC does, 30 Sep 1992, or 1992-09-30, a marker such as a or d after it"


def _untc(rows: Iterator[Row], ctx: dict[str, Any]) -> Iterator[Row]:
    named, found = untc_treaty(ctx["name"])
    code = _which_treaty(
        ctx,
        named,
        "a UN Treaty Collection page table names its treaty only by the page: put its mtdsg_no in the file name"
        f" (untc-IV-5-status.csv){f', not {found} (no human-rights treaty)' if found else ''},"
        f" one of {', '.join(MTDSG)}",
    )
    days = DayOrder(rows, lambda r: [] if ERR in r else [*map(cell_text, r.values())])  # of the slashed dates
    for where, raw in days:
        if ERR in raw:
            yield where, raw
            continue
        cells = {norm(k): cell_text(v) for k, v in raw.items()}
        state = FOOTNOTE.sub("", cells.get("participant", ""))
        if not state and any(v for k, v in cells.items() if k != "participant"):
            yield where, {ERR: "a row with dates names no State (its 'Participant' cell is empty)"}
            continue
        if not_a_state(state):
            if any(v for k, v in cells.items() if k != "participant"):
                yield where, {ERR: f"{state[:40]!r} in 'Participant' is no State's name, yet the row holds dates"}
            continue  # a note under the table
        home = _is_state(state)
        if not _keep(ctx, home):
            continue
        # 'Signature', or 'Signature, Succession to signature(d)' on the Covenants' pages
        sign = next((k for k in raw if norm(k).startswith("signature")), "Signature")
        # 'Ratification, Accession(a), Succession(d)', or 'Formal confirmation(c), Accession(a), Ratification'
        head = next(
            (k for k in raw if k != sign and ("ratification" in norm(k) or "accession" in norm(k))), "Ratification"
        )
        said = {sign: cells.get(norm(sign), ""), head: cells.get(norm(head), "")}
        order, problem = days.read(said)
        if problem:  # the same line for every such row: one grouped problem
            yield where, {ERR: problem}
            continue
        ctx["date_order"] = days.used
        read = {col: depositary_date(v, order) for col, v in said.items()}
        # a cell that is no day, a marker the page does not use, a row with no date: a problem, never a dropped row
        bad = [col for col, got in read.items() if got is None]
        if bad:
            yield where, {ERR: f"{bad[0]!r}: {said[bad[0]]!r} is not a date ({_UNTC_SHAPES})"}
            continue
        (day, sign_mark), (acted_day, mark) = (got or ("", "") for got in read.values())
        if sign_mark not in ("", "d"):  # a signature cell marks only a succession to signature (d)
            yield where, {ERR: f"{sign!r}: unknown marker {sign_mark!r} after the date (the page's: d)"}
            continue
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
            if sign_mark == "d":
                rec["summary"] = f"{state}: succession to the signature of {code}."
                rec["note"] = "the depositary marks it a succession to signature (d): the State took over a signature"
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
    # 'Ratification, Accession(a), Succession(d)'; the CRPD's 'Formal confirmation(c), Accession(a), Ratification'
    contains=("ratification",),
    reads=("participant", "signature"),
    hints=("signature",),
    labels={"participant": "Participant", "ratification": "Ratification"},
)


# ---- OHCHR ratification dashboard "Underlying Data" (datasets.md §6, inferred from a reader: Country,
# Date of Signature (dd/mm/yyyy), Date of Ratification/Accession; file UnderlyingData_<TREATY>_OHCHR_<d>_<m>_<y>) --

_DASH_NAME = re.compile(r"UnderlyingData_([A-Za-z0-9-]+)_OHCHR_(\d{1,2})_(\d{1,2})_(\d{4})", re.IGNORECASE)


_DAY = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
# a column naming each row's treaty: a researcher's own table, never overridden by the file's name
_TREATY_COLUMNS = ("treaty", "convention", "instrument", "treaty_name", "treaty_code")


def _dash_shape(cols: list[str], name: str) -> bool:
    """OHCHR's export by its full shape: the header's own 'Date of Signature (dd/mm/yyyy)', or the export's file
    name; 'Country' beside a 'Date of signature' column is too common a table to be taken for it."""
    return "date_of_signature_dd_mm_yyyy" in cols or bool(_DASH_NAME.search(name))


def _dashboard(rows: Iterator[Row], ctx: dict[str, Any]) -> Iterator[Row]:
    m = _DASH_NAME.search(ctx["name"])
    named = m[1].upper() if m else ""
    named = DASH_TREATY.get(named, named)
    rows = iter(rows)
    first = next(rows, None)
    per_row = next((k for k in (first[1] if first else {}) if norm(k) in _TREATY_COLUMNS), None)
    code = ""
    if per_row is None or ctx.get("set", {}).get("treaty"):
        code = _which_treaty(
            ctx,
            named if named in TREATY_BODY else None,
            "OHCHR's dashboard names its treaty in the file name"
            f" (UnderlyingData_<TREATY>_OHCHR_<dd>_<mm>_<yyyy>.xls), <TREATY> one of {', '.join(TREATY_BODY)}",
        )
    as_of = f"{m[4]}-{int(m[3]):02d}-{int(m[2]):02d}" if m else ""  # else per undated row kept (_as_of counts it)
    for where, raw in chain([first] if first else [], rows):
        if ERR in raw:
            yield where, raw
            continue
        cells = {norm(k): v for k, v in raw.items()}
        state = FOOTNOTE.sub("", cell_text(cells.get("country")))
        sign_col = next((k for k in raw if norm(k).startswith("date_of_signature")), None)
        ratif_col = next((k for k in raw if norm(k).startswith("date_of_ratification")), None)
        sign, ratif = raw.get(sign_col) if sign_col else None, raw.get(ratif_col) if ratif_col else None
        if not state:
            if cell_text(sign) or cell_text(ratif):  # dates of no State: a broken row, never a dropped one
                yield where, {ERR: "a row with dates names no State (its 'Country' cell is empty)"}
            continue
        if not_a_state(state):
            if cell_text(sign) or cell_text(ratif):
                yield where, {ERR: f"{state[:40]!r} in 'Country' is no State's name, yet the row holds dates"}
            continue  # a note under the table ('Source: OHCHR', 'Last updated ...'): no State, never counted
        row_code = code
        if per_row is not None and not code:
            said = cell_text(raw.get(per_row))
            row_code = known_treaty(said) or ""
            if not row_code:
                yield where, {ERR: f"{per_row!r}: {said!r} is no treaty hrcli knows (one of {', '.join(TREATY_BODY)})"}
                continue
        home = _is_state(state)
        if not _keep(ctx, home):
            continue
        signed, acted = dashboard_date(sign, cell_text(sign)), dashboard_date(ratif, cell_text(ratif))
        bad = [c for c, d in ((sign_col, signed), (ratif_col, acted)) if d and not _DAY.fullmatch(d)]
        if bad:
            cell = cell_text(raw.get(bad[0]))
            yield where, {ERR: f"{bad[0]!r}: {dashboard_refusal(cell)}"}
            continue
        code_here = row_code
        if signed:
            rec: dict[str, Any] = {"date": signed, "action": "signature", "summary": f"{state} signed {code_here}."}
            if not acted:
                rec["treaty_status"] = "signatory"
            yield where, _of(_treaty(code_here, where, rec), home, state)
        if acted:
            rec = {"date": acted, "treaty_status": "party", "action": "ratification"}
            rec["summary"] = f"{state} ratified or acceded to {code_here}."
            rec["note"] = "the dashboard's date of ratification or accession (it does not say which)"
            yield where, _of(_treaty(code_here, where, rec), home, state)
        if not signed and not acted:
            day, when = (as_of, f"on {as_of}") if as_of else _as_of(ctx)
            rec = {"date": day, "treaty_status": "no-action", "status": STANDING}
            rec["summary"] = f"{state} has neither signed nor become a party to {code_here}, as the dashboard says"
            rec["summary"] += f" {when}." if as_of else f" ({when})."
            yield where, _of(_treaty(code_here, where, rec), home, state)


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
    shape=_dash_shape,
    reads=("country", *_TREATY_COLUMNS),
)

PROFILES = (VOTES, TIDY, UNTC, DASHBOARD)
