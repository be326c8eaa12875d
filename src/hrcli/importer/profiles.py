"""Dataset profiles: published files recognised by their header, so ``hrcli import FILE`` needs no flags.

A profile names the columns that tell its dataset apart (``signature``: every one must be in the header, as
``norm`` spells it), which field each column fills (``columns``; ``-`` keeps a column out without a word), the
values every row gets (``fixed``), the source it registers (publisher and dataset; the file and the day it was
read are added), and says in one line what it recognised. ``detect(header)`` gives the first profile whose
signature the header holds, or None: an unknown file keeps the generic path.

The registry is ``PROFILES``, a tuple: a module of other profiles adds its own with one line there. This module
is imported only by ``hrcli import`` (through ``hrcli.importer``), never at start-up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .table import norm

HOME = "Belarus"  # the State whose review hrcli is about: the only one whose rows count as received

# UPR Info's issue names (and the tracker's themes) that mean what an hrcli topic means; the dataset's own word
# is always kept in ``issues``. Names as UPR Info writes them (docs/dev/datasets.md §1); casefolded here.
UPR_TOPICS = {
    "rights of the child": "children",
    "trafficking": "trafficking",
    "women's rights": "women",
    "disabilities": "disability",
    "hiv - aids": "hiv",
    "torture and other cid treatment": "torture",
    "justice": "justice",
    "racial discrimination": "discrimination",
    "migrants": "migration",
    "international instruments": "treaties",
    "treaty bodies": "reporting",
    "special procedures": "invitations",
    "upr process": "upr",
    "statelessness": "statelessness",
    "asylum-seekers - refugees": "refugees",
}


@dataclass(frozen=True)
class Profile:
    """One published dataset's shape (see the module's docstring)."""

    name: str  # short id, also the start of the source id it registers
    title: str  # what it is, as the one line says
    kind: str
    signature: frozenset[str]
    columns: dict[str, str]  # column as ``norm`` spells it -> field ('-' drops it)
    publisher: str
    dataset: str
    fixed: dict[str, str] = field(default_factory=dict)
    issue_column: str = ""  # the column of the dataset's own issue names: kept in ``issues``, mapped to topics
    separator: str = ","  # how a multi-value cell joins its values
    topics: dict[str, str] = field(default_factory=dict)
    home: str = ""  # rows carry a State under review: only HOME's (and those HOME made) are kept by default
    # the column naming the mechanism a row comes from, in every spelling the profile maps: only the UPR's rows
    # are kept; a file without it tells the UPR's rows by their UPR cells (``upr_cells``: one filled at least)
    body_columns: frozenset[str] = frozenset()
    upr_cells: tuple[str, ...] = ()
    # how one State cell lists several States beyond ``separator`` (a regular expression): a tracker's "Iceland,
    # Portugal", UHRI's "- Canada - Austria" on one line. A comma before a name's form ('Korea, Republic of') is
    # no separator.
    state_split: str = ""
    cite: str = "row N: the row of the file, its header being row 1"
    noted: dict[str, str] = field(default_factory=dict)  # column -> label: its cell kept in the record's note
    # a JSON object's key beside its rows naming the State under review of them all (the tracker's): another
    # State's is carried into every row that names none, so those rows are left out (or kept under it)
    top_state: str = ""
    # signature columns whose absence only leaves a field empty (a near miss lacking only these imports with a note;
    # lacking any other, above all a State's column, which tells the direction, it is refused: ``near``)
    optional: frozenset[str] = frozenset()
    labels: dict[str, str] = field(default_factory=dict)  # a column as the dataset spells it, where not plain

    def label(self, column: str) -> str:
        """A signature column as the dataset's header spells it ('To', 'State under Review')."""
        return self.labels.get(column) or column.replace("_", " ").capitalize()

    def mapping(self, columns: list[str]) -> list[tuple[str, str]]:
        """(column as the file spells it, field) for every column of the header this profile maps or drops."""
        return [(c, self.columns[norm(c)]) for c in columns if norm(c) in self.columns]

    def finish(
        self, rec: dict[str, Any], raw: dict[str, Any], where: str, mapped: frozenset[str] = frozenset()
    ) -> dict[str, Any]:
        """A cleaned record made this dataset's: its fixed values, a locator naming its row, multi-value
        cells joined with '; ', its issues kept and those that mean an hrcli topic as topics. A column in
        ``mapped`` (as ``norm`` spells it: the user's --map, dropped or sent to a field) is the user's: its cell
        is read as they say, never here."""
        for fld, val in self.fixed.items():
            rec.setdefault(fld, val)
        if not rec.get("locator") or rec.get("locator") == "row":
            rec["locator"] = where
        for col, label in self.noted.items():
            if col in mapped:
                continue
            cell = next((v for c, v in raw.items() if norm(c) == col), None)
            if isinstance(cell, str) and cell.strip() and not rec.get("note"):
                rec["note"] = f"{label}: {cell.strip()}"
        for fld in ("recommending_state", "state_under_review"):
            v = rec.get(fld)
            if isinstance(v, str) and v:
                names = v.split(self.separator) if self.separator != "," else [v]
                names = [n for part in names for n in split_states(part, self.state_split)]
                # a thesaurus value under its parent (Uwazi's 'EEG::Belarus'): the State is the child
                rec[fld] = "; ".join(n.rsplit("::", 1)[-1].strip() for n in names if n.rsplit("::", 1)[-1].strip())
        if self.issue_column and self.issue_column not in mapped:
            cell = next((v for c, v in raw.items() if norm(c) == self.issue_column), None)
            words = _words(cell, self.separator)
            if words:
                rec["issues"] = "; ".join(words)
                # an issue under its group (Uwazi's 'Women & children::Rights of the Child') means its child's topic
                found = sorted({t for w in words if (t := self.topics.get(w.rsplit("::", 1)[-1].strip().casefold()))})
                if found:
                    rec["topics"] = sorted({*rec.get("topics", ()), *found})
        return rec

    def cut_short(self, raw: dict[str, Any], columns: list[str], fmt: str) -> str:
        """Why a row of a CSV file is not whole (fewer cells than the header names: a download ended mid-row),
        else ''."""
        if fmt not in ("csv", "tsv"):
            return ""  # a spreadsheet's empty cells are not stored, and a JSON record names only what it has
        named = [c for c in columns if c]
        have = sum(c in raw for c in named)
        return f"{have} cells but the header has {len(named)} (a row cut short?)" if have < len(named) else ""

    def bad_action(self, rec: dict[str, Any]) -> str:
        """Why a row's action category is not one of UPR Info's (1-5), else ''."""
        v = rec.get("action_category")
        if v is None or (isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 5):
            return ""
        return f"{v!r} is not one of UPR Info's action categories (1-5)"

    def is_pledge(self, rec: dict[str, Any]) -> bool:
        """Whether a row is a State's voluntary pledge, as UPR Info's pledges export holds them (same header as its
        recommendations): Response 'Voluntary Pledge', or the State under review its own recommending State."""
        from ..cache import fold

        if str(rec.get("response") or "").strip().casefold() == "voluntary pledge":
            return True
        under, made = (fold(str(rec.get(f) or "").strip()) for f in ("state_under_review", "recommending_state"))
        return bool(under) and under == made

    def from_upr(self, raw: dict[str, Any]) -> bool:
        """Whether a row is a UPR recommendation, where the dataset also holds treaty bodies' and special
        procedures' (UHRI): its body cell, in any spelling of that column, names the UPR (an empty cell counts
        as the UPR's). A file with no body column: a row is the UPR's when one of its UPR cells is filled."""
        if not self.body_columns:
            return True
        cells = {norm(c): v for c, v in raw.items()}
        body = [cells[c] for c in self.body_columns if c in cells]
        if not body:
            return not self.upr_cells or any(_words(cells.get(c), "\n") for c in self.upr_cells)
        words = " ".join(w for cell in body for w in _words(cell, "\n")).casefold().replace("-", " ")
        return not words.strip() or "upr" in words.split() or "universal periodic review" in words

    def keeps(self, rec: dict[str, Any]) -> bool:
        """Whether a row is about ``home``: its review, or a recommendation ``home`` made (True without ``home``,
        and for a row with no State under review: the plan tells a recognised file's empty cell as a problem)."""
        if not self.home:
            return True
        from ..cache import upr_direction  # the one rule: Belarus among the countries concerned (UHRI) too

        return upr_direction(rec.get("state_under_review"), rec.get("recommending_state")) != "other"

    def source(self, file_name: str, path: Any = None) -> dict[str, Any]:
        """The source this dataset's rows cite: the publisher, the dataset, the file and the day it was read (the
        file's modification day, as the UN datasets' sources say: profile.dataset_dates)."""
        from .profile import dataset_dates, read_day, read_said

        read = read_day(path)
        stem = re.sub(r"[^0-9a-z]+", "-", file_name.lower()).strip("-")
        return {
            "id": source_id(self, file_name),
            "title": f"{self.dataset}: {file_name}",
            **dataset_dates(read),
            "kind": "dataset",
            "issuer": self.publisher,
            "voice": "other",
            "cite": self.cite,
            # standard input has no modification date: the day it was read is today's
            "note": f"registered by hrcli import from {file_name} ({read_said(path, read)}; profile"
            f" {self.name}, file {stem}); the file states no publication date: set the date if you know it. Edit it"
            " as you wish: importing the file again keeps your edits",
        }

    def said(self, file_name: str, mapping: list[tuple[str, str]] | None = None) -> str:
        """The one line saying what was recognised and what is kept (the user's ``mapping`` winning)."""
        cols = {**self.columns, **{norm(c): f for c, f in mapping or ()}}
        read = self.issue_column and self.issue_column not in {norm(c) for c, _f in mapping or ()}
        kept = sorted({f for f in cols.values() if f != "-"} | ({"issues", "topics"} if read else set()))
        return f"{file_name}: recognised {self.title} ({self.publisher}); keeps {', '.join(kept)}"


def source_id(profile: Profile, file_name: str) -> str:
    """The id of the source a profile registers for a file: the profile's name and the file's, at most 80."""
    stem = re.sub(r"[^0-9a-z]+", "-", file_name.lower().rsplit(".", 1)[0]).strip("-") or "file"
    return (stem if stem.startswith(profile.name) else f"{profile.name}-{stem}")[:80].strip("-")


def is_home(state: Any) -> bool:
    """Whether a State's name is HOME's, any case, accents, spaces or form ('Republic of Belarus', the
    Byelorussian SSR: cycles.is_home_name)."""
    from ..cycles import is_home_name

    return is_home_name(state)


# the part after a comma that is a State name's form, not another State: 'Korea, Republic of', 'Congo, Democratic
# Republic of the', 'Bahamas, The', 'Macedonia, the former Yugoslav Republic of' (ISO's and the UN's inverted names)
_FORM = re.compile(r"^(the|.*\bof( the)?)$", re.IGNORECASE)


def split_states(cell: str, pattern: str) -> list[str]:
    """The States a cell lists: split at ``pattern`` (none: the cell is one State), a part after a comma that
    is the previous name's form joined back to it ('Iceland, Portugal' is two States, 'Korea, Republic of' one;
    'Iceland; the Netherlands' two)."""
    if not pattern:
        return [cell.strip()] if cell.strip() else []
    out: list[str] = []
    tokens = re.split(f"({pattern})", cell)
    for i in range(0, len(tokens), 2):
        part = tokens[i].strip()
        if not part:
            continue
        after_comma = i > 0 and tokens[i - 1].strip() == ","
        if out and after_comma and (part[0].islower() or _FORM.match(part)):
            out[-1] = f"{out[-1]}, {part}"
        else:
            out.append(part)
    return out


def _words(cell: Any, sep: str) -> list[str]:
    if isinstance(cell, (list, tuple)):
        items = [str(x) for x in cell]
    elif cell is None:
        return []
    else:
        items = str(cell).replace("\r\n", "\n").split(sep)
    words = [w.strip() for w in items if w and w.strip()]
    if sep == "\n" and words and all(w.startswith("-") for w in words):  # UHRI's bullets: '- Death penalty'
        words = [w[1:].strip() for w in words if w[1:].strip()]
    return words


# what UPR Info's database export is, however saved (.csv or as served, .xls): who publishes it, how its cells
# list States and issues, which columns it can do without
_UPR_INFO_EXPORT: dict[str, Any] = dict(
    publisher="UPR Info",
    dataset="UPR Info database export",
    fixed={"mechanism": "upr"},
    issue_column="issue",
    separator=",",
    topics=UPR_TOPICS,
    home=HOME,
    optional=frozenset({"action", "issue", "session"}),
)

# UPR Info's database export as researchers keep it (the .csv saved from Excel, duplicate names made unique):
# header To,To-Rgrp,To-Org,Text,From,From-Rgrp,From-Org,Response,Action,Issue,Session. Seen in
# github.com/rochelleterman/uprs (commit 986898e), v.2/Data/CSVs/6-9.csv (docs/dev/datasets.md §1).
UPR_INFO_CSV = Profile(
    name="upr-info",
    title="UPR Info database export, cycles 1-2",
    kind="recommendations",
    signature=frozenset({"to", "text", "from", "response", "action", "issue", "session"}),
    columns={
        "to": "state_under_review",
        "text": "summary",
        "from": "recommending_state",
        "response": "response",
        "action": "action_category",
        "issue": "-",
        "session": "session",
        "to_rgrp": "-",
        "to_org": "-",
        "from_rgrp": "-",
        "from_org": "-",
    },
    **_UPR_INFO_EXPORT,
)

# The same export as UPR Info served it (.xls, one sheet "UPR Info database export"): header
# SuR | Rgrp | Org | Recommendation | RS | Rgrp | Org | Response | Action | Issue | Session, Rgrp and Org twice.
# Seen in github.com/rochelleterman/uprs (commit 986898e), v.2/Data/XLSs/6-9.xls (docs/dev/datasets.md §1).
UPR_INFO_XLS = Profile(
    name="upr-info",
    title="UPR Info database export, cycles 1-2 (as served)",
    kind="recommendations",
    signature=frozenset({"sur", "recommendation", "rs", "response", "action", "issue", "session"}),
    columns={
        "sur": "state_under_review",
        "recommendation": "summary",
        "rs": "recommending_state",
        "response": "response",
        "action": "action_category",
        "issue": "-",
        "session": "session",
        # the two regional groups and memberships: the State under review's, then the recommending State's (the
        # readers name a header's second column of the same name 'Rgrp (2)'; pandas names it 'Rgrp.1')
        "rgrp": "-",
        "org": "-",
        "rgrp_2": "-",
        "org_2": "-",
        "rgrp_1": "-",
        "org_1": "-",
    },
    **_UPR_INFO_EXPORT,
    labels={"sur": "SuR", "rs": "RS"},
)

# UPR Info's database from cycle 3 on (Uwazi): Uwazi's CSV frame Title, Date added, Template, <properties>,
# Geolocation, Documents, Attachments, Published (github.com/huridocs/uwazi, app/api/csv/csvExporter.ts); the
# property labels are inferred, not seen (docs/dev/datasets.md §2). Recognised by the frame's fixed columns and the
# two States.
UPR_INFO_UWAZI = Profile(
    name="upr-info",
    title="UPR Info database export, cycle 3 on (Uwazi)",
    kind="recommendations",
    signature=frozenset({"title", "template", "state_under_review", "recommending_state", "response"}),
    columns={
        "title": "summary",
        "state_under_review": "state_under_review",
        "recommending_state": "recommending_state",
        "response": "response",
        "action_category": "action_category",
        "issues": "-",
        "session": "session",
        "cycle": "cycle",
        "date_added": "-",
        "template": "-",
        "document": "-",
        "geolocation": "-",
        "documents": "-",
        "attachments": "-",
        "published": "-",
    },
    publisher="UPR Info",
    dataset="UPR Info database (Uwazi) export",
    fixed={"mechanism": "upr"},
    issue_column="issues",
    separator="|",
    topics=UPR_TOPICS,
    home=HOME,
    optional=frozenset({"template"}),
    labels={"state_under_review": "State under Review", "recommending_state": "Recommending State"},
)

# OHCHR's Universal Human Rights Index full export (dataex.ohchr.org/uhri/export-results/export-full-en.xlsx): Text,
# Countries concerned, Reccomending body, Document symbol, Document publication date, UPR Session, UPR Reccomending
# States, UPR Position, Type (spelling kept), read by github.com/CeHDI-Foundation/UPR-Health-Explorer,
# code/02_prep_UHRI_recommendations_refactored.qmd (commit 1a44461); capitals inferred (docs/dev/datasets.md §3).
UHRI = Profile(
    name="uhri",
    title="OHCHR Universal Human Rights Index export",
    kind="recommendations",
    signature=frozenset({"text", "countries_concerned", "upr_position"}),
    columns={
        "text": "summary",
        "countries_concerned": "state_under_review",
        "upr_reccomending_states": "recommending_state",
        "upr_recommending_states": "recommending_state",
        "upr_position": "response",
        "upr_session": "session",
        "document_publication_date": "date",
        "type": "-",
        "themes": "-",
        "reccomending_body": "-",
        "recommending_body": "-",
        "document_symbol": "-",
    },
    publisher="OHCHR",
    dataset="Universal Human Rights Index",
    fixed={"mechanism": "upr"},
    home=HOME,
    labels={"upr_position": "UPR Position"},
    body_columns=frozenset({"reccomending_body", "recommending_body"}),
    # its Themes, '- '-bulleted one a line: kept in issues, those meaning an hrcli topic as topics
    issue_column="themes",
    separator="\n",
    topics=UPR_TOPICS,
    upr_cells=("upr_session", "upr_position", "upr_reccomending_states", "upr_recommending_states"),
    # datasets.md §3: several States in one cell, each '- '-bulleted, on lines of their own or one line
    # ('- Canada - Austria - Guinea-Bissau'); a hyphen inside a name has no space around it
    state_split=r"\s+-\s+",
)

# A tracker's follow-up JSON: records with id, text, recommending_states (a list), position, themes (a list) and
# status. No public sample was found: the layout is the one of tests/data/datasets/tracker-belarus.json
# (docs/dev/datasets.md §7, inferred). Its records sit under cycles.<n>.recommendations: an array of them (or the
# path option of the JSON reader) is what this profile reads. Every record is about the State the object's
# state_under_review names (Belarus where it names none).
TRACKER = Profile(
    name="tracker",
    title="UPR follow-up tracker (JSON)",
    kind="recommendations",
    signature=frozenset({"text", "recommending_states", "position", "themes"}),
    columns={
        "text": "summary",
        "recommending_states": "recommending_state",
        "position": "response",
        "themes": "-",
        "status": "-",
        "id": "-",
    },
    publisher="UPR follow-up tracker",
    dataset="UPR follow-up tracker",
    fixed={"mechanism": "upr"},
    issue_column="themes",
    topics=UPR_TOPICS,
    cite="item N: the N-th recommendation of the array read",
    noted={"status": "implementation status in the tracker"},
    home=HOME,
    top_state="state_under_review",
    optional=frozenset({"themes"}),
    # recommending_states as one string ("Iceland, Portugal", "Iceland; Portugal") as well as a list
    state_split=r"[;,]",
)

# the registry: first match wins (a profile of votes or treaty status adds itself here, one line)
PROFILES: tuple[Profile, ...] = (UPR_INFO_CSV, UPR_INFO_XLS, UPR_INFO_UWAZI, UHRI, TRACKER)


def detect(header: list[str]) -> Profile | None:
    """The profile whose signature the header holds (names compared as ``norm`` spells them), or None."""
    names = {norm(c) for c in header}
    return next((p for p in PROFILES if p.signature <= names), None)


def near(header: list[str]) -> tuple[Profile, list[str]] | None:
    """A near miss: the profile whose signature the header holds most of (two or more of its columns and at least
    two thirds of them) but not all, with the columns it lacks (as ``norm`` spells them); None when no profile is
    that close. ``detect`` first: a header that holds a whole signature is no near miss."""
    names = {norm(c) for c in header}
    best: tuple[float, Profile] | None = None
    for p in PROFILES:
        have = len(p.signature & names)
        if have < max(2, -(-2 * len(p.signature) // 3)) or have == len(p.signature):
            continue
        if best is None or have / len(p.signature) > best[0]:
            best = (have / len(p.signature), p)
    return (best[1], sorted(best[1].signature - names)) if best else None
