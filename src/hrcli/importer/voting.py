"""How a row of OHCHR's voting records is read (docs/dev/datasets.md §4; the profile is profiles_un.VOTES): whether
it is about Belarus, what kind of text was voted on (a resolution, a decision, an amendment to a draft), what became
of it, and its tallies as whole numbers.

The harvest's columns (github.com/lszoszk/hrc-voting, data/csv/resolutions.csv): ``agenda_subject`` names the
country in capitals (``BELARUS``, ``HUMAN RIGHTS - BELARUS``, ``BELARUS - SPECIAL RAPPORTEURS``); ``title`` ends
with the catalogue's ``: resolution /``, ``: decision /`` or ``: amendment /``; an amendment's ``draft`` cell says
what it amends and what became of it (``Amendment A/HRC/45/L.2 to draft resolution A/HRC/45/L.1 Rejected by a
recorded vote``); ``statement`` starts ``adopted by the Human Rights Council ...`` for what was adopted.
"""

from __future__ import annotations

import re
from typing import Any

MOST_VOTES = 200  # more than any UN body's members present and voting

# a country resolution's or UPR outcome's title on Belarus (the catalogue's words, or a file's own): a title that
# merely mentions Belarus ('... in Ukraine ..., including from the territory of Belarus') is not one
_ON_BELARUS = re.compile(
    r"(?:the\s+)?(?:(?:question|situation)\s+of\s+)?human\s+rights(?:\s+situation)?\s+in\s+belarus\b"
    r"|outcome\s+of\s+the\s+universal\s+periodic\s+review\s*:\s*belarus\b"
    r"|belarus\b",
    re.IGNORECASE,
)
_TAIL = re.compile(r"\s*:?\s*\b(resolution|decision|amendment|presidential statement)\s*/\s*$", re.IGNORECASE)
# what became of it, in the words the harvest writes (any case; 'Rejected by record vote.', 'REJECTED as orally
# revised ...', 'Withdrawn by main sponser', 'Not considered by the council', 'No action by vote')
_OUTCOMES = (
    ("rejected", "rejected"),
    ("adopted", "adopted"),
    ("withdrawn", "withdrawn"),
    ("not considered", "not-considered"),
    ("not acted upon", "not-considered"),
    ("no action", "no-action"),
)
# the draft an amendment amends: 'Amendment A/HRC/45/L.2 to draft resolution A/HRC/45/L.1 ...', 'Amendment to
# A/HRC/39/L.4 A/HRC/39/L.40 ...', '... to draft resolution L.1 ...' (written short)
_AMENDS = re.compile(r"\bto\s+(?:draft\s+(?:resolution|decision)\s+)?([A-Z]+/[\w./()-]*\d|L\.\d+(?:/Rev\.\d+)?)", re.I)


# the body as a file names it (long) -> hrcli's mechanism code
ADOPTED = {
    "Human Rights Council": "hrc",
    "Commission on Human Rights": "chr",
    "General Assembly": "general-assembly",
}
# the body as files write it, short or long, to the name the votes view lists
BODY_NAMES = {
    "hrc": "Human Rights Council",
    "human rights council": "Human Rights Council",
    "chr": "Commission on Human Rights",
    "commission on human rights": "Commission on Human Rights",
    "ga": "General Assembly",
    "unga": "General Assembly",
    "general assembly": "General Assembly",
}
VOTE_WORDS = {"yes": "in favour", "no": "against", "abstain": "abstaining"}


def _subjects(cell: str) -> list[str]:
    return [s.strip() for s in re.split(r"\s+-\s+|;", cell) if s.strip()]


def about_belarus(r: dict[str, str]) -> bool:
    """Whether a row is a vote on Belarus: by its subject where the row has one (one of its ' - ' parts names
    Belarus), else by a title on the pattern of the country resolutions and UPR outcomes (the title starts so)."""
    from ..cycles import is_home_name

    subject = r.get("agenda_subject", "").strip()
    if subject:
        return any(is_home_name(s) for s in _subjects(subject))
    title = " ".join(r.get("title", "").replace("\u00a0", " ").split())
    return bool(_ON_BELARUS.match(title))


# the small words a State's name may hold in lower case ('Bosnia and Herzegovina', 'Islamic Republic of Iran')
_SMALL = {"and", "of", "the", "de", "del", "d'", "la"}


def _as_name(part: str) -> str:
    """A subject part written in capitals as a name ('SRI LANKA' -> 'Sri Lanka')."""
    words = part.casefold().split()
    return " ".join(w if w in _SMALL and i else w[:1].upper() + w[1:] for i, w in enumerate(words))


def state_of(r: dict[str, str]) -> str:
    """The State a row not about Belarus is about, or '' (a thematic text, or unsure). No list of States: a
    subject part is a State's name when the subject says so ('HUMAN RIGHTS - ETHIOPIA', the title naming it), or
    when the title names that part as a place, capitalised, after 'in', 'to', 'Government of' or a UPR outcome's
    ':' ('Cooperation and assistance to Ukraine ...', 'Outcome of the universal periodic review : Poland');
    'MINORITIES' (a theme), 'SOUTHERN AFRICA' written 'in southern Africa' (not a name there) and a subject the
    title does not name stay ''."""
    subject = r.get("agenda_subject", "").strip()
    parts = [p.strip() for p in re.split(r"\s+-\s+", subject) if p.strip()]
    title = " ".join(r.get("title", "").replace("\u00a0", " ").split())
    for part in parts:
        if not part.isupper() or not re.search(r"[A-Z]{3}", part):  # the catalogue's capitals: a subject heading
            continue
        name = re.escape(_as_name(part)).replace(r"\ ", r"\s+")
        # the name as the title writes it: each word capitalised but the small ones (matched case-insensitively,
        # then checked, so 'in southern Africa' is no name)
        # 'HUMAN RIGHTS - ETHIOPIA': the part after it is a State's where the title names it anywhere ('... the
        # Tigray region of Ethiopia'); 'HUMAN RIGHTS - CLIMATE CHANGE' ('... and climate change') is a theme
        anywhere = len(parts) == 2 and parts[0].casefold() == "human rights" and part is parts[1]
        lead = r"\b" if anywhere else r"(?:\b(?:in|to|[Gg]overnment\s+of)\s+(?:the\s+)?|review\s*:\s*)"
        for m in re.finditer(rf"{lead}({name})\b", title, re.I):
            words = m[1].split()
            if all(w[:1].isupper() or (w.casefold() in _SMALL and i) for i, w in enumerate(words)):
                return " ".join(words)
    return ""


def title_of(title: str) -> str:
    """The catalogue's title without its ' : resolution /' tail."""
    return _TAIL.sub("", title).replace("\u00a0", " ").strip()


def kind(r: dict[str, str]) -> str:
    """``amendment`` (the catalogue's ': amendment /' or a draft cell 'Amendment ...'), else ``resolution`` or
    ``decision`` by the catalogue's word or the symbol (``/RES/``, ``/DEC/``), else ``other`` (a presidential
    statement)."""
    m = _TAIL.search(r.get("title", ""))
    said = m[1].casefold() if m else ""
    if said == "amendment" or r.get("draft", "").strip().casefold().startswith("amendment"):
        return "amendment"
    if said in ("resolution", "decision"):  # the catalogue's word: 'E/HR/RES' has no '/RES/'
        return said
    symbol = r.get("symbol", "")
    return "resolution" if "/RES/" in symbol else "decision" if "/DEC/" in symbol else "other"


def amends(r: dict[str, str]) -> str:
    """The draft an amendment amends, as its draft cell names it ('' when it does not)."""
    draft = r.get("draft", "")
    m = _AMENDS.search(draft.split(r.get("symbol", "") or "\0", 1)[-1])
    return m[1] if m else ""


def outcome(r: dict[str, str]) -> str:
    """What became of the text, only as the file says it: the draft cell's word for an amendment ('Rejected by a
    recorded vote'), the statement's for the rest ('adopted by the Human Rights Council'), else the vote type's
    (WITHDRAWN, NOT CONSIDERED); '' when the file says none."""
    for cell in (r.get("draft", "") if kind(r) == "amendment" else "", r.get("statement", ""), r.get("vote_type", "")):
        low = " ".join(cell.split()).casefold()
        for words, word in _OUTCOMES:
            if re.search(rf"\b{words}\b", low):
                return word
    return ""


def whole(cell: Any) -> int | None | bool:
    """A tally cell: its whole number (``23``, ``23.0`` or ``23,0`` as a spreadsheet or pandas writes it), None
    when empty, False when it is not a whole number of votes 0 to MOST_VOTES (``2.5``, ``-5``, ``1e3``, ``201``)."""
    s = ("" if cell is None else str(cell)).strip()
    if not s:
        return None
    m = re.fullmatch(r"(\d{1,4})(?:[.,]0+)?", s)
    if not m or int(m[1]) > MOST_VOTES:
        return False
    return int(m[1])


def needs_tallies(vote_type: str) -> bool:
    """A recorded vote ('RECORDED', 'RECORDED, adopted at a closed meeting') has tallies; 'NON-RECORDED ...',
    'ADOPTED WITHOUT VOTE', 'WITHDRAWN' need none."""
    return vote_type.strip().upper().startswith("RECORDED")
