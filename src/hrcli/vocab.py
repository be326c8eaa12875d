"""Closed vocabularies: the words a fact file may use for bodies, mechanisms, topics and statuses.

This is program vocabulary (what the codes mean), not facts about Belarus: facts live in data/facts.toml.
"""

from __future__ import annotations

from functools import lru_cache  # re imports functools already: no start-up cost
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

# code -> (committee, treaty, treaty abbreviation, extra words a user may type)
BODIES: dict[str, tuple[str, str, str, tuple[str, ...]]] = {
    "CAT": (
        "Committee against Torture",
        "Convention against Torture",
        "UNCAT",
        ("torture",),
    ),
    "CERD": (
        "Committee on the Elimination of Racial Discrimination",
        "International Convention on the Elimination of All Forms of Racial Discrimination",
        "ICERD",
        ("racial", "race", "racism"),
    ),
    "CEDAW": (
        "Committee on the Elimination of Discrimination against Women",
        "Convention on the Elimination of All Forms of Discrimination against Women",
        "CEDAW",
        ("women",),
    ),
    "CCPR": (
        "Human Rights Committee",
        "International Covenant on Civil and Political Rights",
        "ICCPR",
        ("hrc-committee", "civil", "political"),
    ),
    "CRC": (
        "Committee on the Rights of the Child",
        "Convention on the Rights of the Child",
        "UNCRC",
        ("child", "children"),
    ),
    "CESCR": (
        "Committee on Economic, Social and Cultural Rights",
        "International Covenant on Economic, Social and Cultural Rights",
        "ICESCR",
        ("economic", "social", "cultural"),
    ),
    "CRPD": (
        "Committee on the Rights of Persons with Disabilities",
        "Convention on the Rights of Persons with Disabilities",
        "UNCRPD",
        ("disability", "disabilities"),
    ),
    "CORE": (
        "Common core document (all treaty bodies)",
        "all the core human rights treaties",
        "HRI/CORE",
        ("core", "common-core"),
    ),
}
# the UN's other treaty bodies: no bundled record is theirs, so they are not in BODIES, but they are real committee
# codes (a treaty status file names them: CPED's CED, ICMW's CMW, OPCAT's SPT), never taken for a typo of a bundled
# one (CED is one letter from CERD)
UN_COMMITTEES: dict[str, str] = {
    "CED": "Committee on Enforced Disappearances",
    "CMW": "Committee on Migrant Workers",
    "SPT": "Subcommittee on Prevention of Torture",
}

MECHANISMS: dict[str, str] = {
    "treaty-bodies": "Reporting to and dialogue with the UN treaty committees",
    "treaties": "Becoming (or not being) party to international instruments",
    "special-procedures": "Special rapporteurs, working groups, invitations and visits",
    "upr": "Universal Periodic Review of the Human Rights Council",
    "ohchr": "Office of the UN High Commissioner for Human Rights",
    "hrc": "Human Rights Council (membership, pledges, positions)",
    "general-assembly": "UN General Assembly resolutions and conferences",
    "chr": "Former UN Commission on Human Rights",
    "un-agencies": "Projects and work of UN agencies and IOM in Belarus",
    "national": "National laws, programmes, decrees and institutions",
    "bilateral": "Bilateral human-rights dialogues",
    "regional": "Regional bodies and processes (CIS, CSTO, EU neighbourhood)",
}

# topic id -> one-line description (shown by `hrcli stats`)
TOPICS: dict[str, str] = {
    "trafficking": "Trafficking in human beings: cases, victims, programmes",
    "asylum": "Asylum applications by period, year and origin",
    "refugees": "Recognised refugees, naturalisation and housing",
    "returns": "IOM assisted voluntary return: migrants counselled and returned",
    "reception": "Reception facilities for asylum-seekers and their places",
    "parliament": "Women in parliament",
    "upr": "Universal Periodic Review: recommendations received, accepted, implemented",
    "hiv": "HIV policy scores and criminal-law provisions",
    "projects": "Project budgets, print runs and outputs",
    "children": "Child protection: surveys, commissions, reception offices",
    "development": "Development rankings (Human Development Index)",
    "cooperation": "Counts of visits, events and contacts with OHCHR",
    "gender": "Gender equality plans and institutions",
    "statelessness": "Statelessness conventions and risks",
    "migration": "Migration management, travel documents, border monitoring",
    "justice": "Administration of justice and juvenile justice",
    "discrimination": "Racial discrimination, xenophobia and intolerance",
    "disability": "Rights of persons with disabilities",
    "citizenship": "Citizenship and naturalisation law",
    "treaties": "Counts of instruments Belarus is party to",
    "invitations": "Invitations to special procedures mandate holders",
    "torture": "Prevention of torture",
    "women": "Women's rights and violence against women",
    "politicization": "Government positions on politicization and country mandates",
    "reporting": "Reports to and dialogues with the UN treaty bodies",
}

STATUSES: dict[str, str] = {
    "done": "happened, as the source tells it",
    "planned": "announced or expected at the time of the source",
    "pending": "started but awaiting an outcome at the time of the source",
    "ongoing": "under way at the time of the source",
    "pledged": "committed to in the source; the record says nothing of whether it was kept",
}

ACTIONS: tuple[str, ...] = (
    "report",
    "dialogue",
    "report-pending",
    "core-document",
    "visit",
    "invitation",
    "mission",
    "mandate",
    "review",
    "recommendations",
    "implementation",
    "consultation",
    "mid-term-report",
    "accession",
    "ratification",
    "signature",
    "adoption",
    "not-party",
    "resolution",
    "candidature",
    "pledge",
    "recommendation",
    "position",
    "assessment",
    "conference",
    "seminar",
    "training",
    "participation",
    "project",
    "programme",
    "law",
    "decree",
    "institution",
    "agreement",
    "survey",
    "election",
    "decision",
    "dialogue-bilateral",
    "other",
)

# how each voice is named: in full (VOICES, fact files and show), as a label (tables, legends, pages) and short
# (a table's narrow Voice column)
VOICE_LABELS = {
    "government": "Government of Belarus",
    "un-country-team": "UN Country Team",
    "user": "user's source",
    "other": "other",
}
VOICE_SHORT = {"government": "Gov. BY", "un-country-team": "UNCT", "user": "user", "other": "other"}
VOICES: dict[str, str] = {
    "government": "Government of Belarus",
    "un-country-team": "UN Country Team in Belarus",
    "user": "added by the user",
    "other": "other",
}


def _voice_key(word: str) -> str:
    return "".join(ch for ch in word.casefold() if ch.isascii() and ch.isalnum())


# every way a table or a page names a voice, as --voice takes it: the name, the label and the short
# form, any case, spaces, dots and hyphens not counted ('UNCT', 'Gov. BY', 'un country team')
_VOICE_WORDS = {_voice_key(w): v for v in VOICES for w in (v, VOICE_LABELS[v], VOICE_SHORT[v], VOICES[v])}
# what a miss is compared with for a suggestion: each voice's name and the words the tables print
VOICE_CHOICES = (*VOICES, *(VOICE_SHORT[v] for v in VOICES if VOICE_SHORT[v] != v))


def voice_name(word: str) -> str | None:
    """The voice a user's word names ('UNCT', 'gov. by', 'Government of Belarus'), or None."""
    return _VOICE_WORDS.get(_voice_key(word))


# the shape of a record kind as it appears in a fact file: [[events]], [[claims]], ...
KINDS: dict[str, str] = {
    "events": "dated things done, planned or pending",
    "claims": "standing assertions and positions, as of the source's date",
    "recommendations": "recommendations the documents make (a pledge is an event)",
    "stats": "figures, as rows of tables grouped by topic",
    "conflicts": "disagreements between sources, or within one",
}


def body_lookup(text: str) -> str | None:
    """Resolve what a user typed (CAT, icescr, torture) to a committee code, or None."""
    t = text.strip().casefold()
    for code, (name, treaty, abbr, words) in BODIES.items():
        if t in {code.casefold(), abbr.casefold(), name.casefold(), treaty.casefold(), *words}:
            return code
    return None


def body_words() -> list[str]:
    """Every word body_lookup accepts, for suggestions and completion."""
    out: list[str] = []
    for code, (_n, _t, abbr, words) in BODIES.items():
        for w in (code, abbr, *words):
            if w not in out:
                out.append(w)
    return out


# -- the user's own topics and committees ---------------------------------------------------------------

# spaces, '_' and the punctuation of published issue names ("HIV/AIDS", "Children (rights of the)") separate
# words; an apostrophe is part of its word ("Women's rights" is womens-rights) and '&' is "and". ',' and ';'
# are not here: they separate topics in a list, and one inside a topic stays a mistake the validator names.
_TOPIC_SEP = str.maketrans(
    {" ": "-", "_": "-", "\t": "-", "/": "-", "(": "-", ")": "-", "'": "", "\u2019": "", "\u02bc": "", "&": "-and-"}
)


@lru_cache(maxsize=4096)  # asked for every topic of every row of a large import: few distinct words
def topic_key(text: str) -> str:
    """A topic as hrcli compares it: case ignored, and spaces, hyphens and underscores the same
    (``Death penalty``, ``death_penalty`` and ``death-penalty`` are one topic), as are '/' and brackets, with
    apostrophes dropped and '&' read as "and" (``Women's rights`` is ``womens-rights``). The one normaliser of
    topic words: the validator stores this form, and every filter, completion and the Python API compare with it."""
    import re

    return re.sub(r"-{2,}", "-", text.strip().casefold().translate(_TOPIC_SEP)).strip("-")


def as_typed(value: str, typed: str, fold: Callable[[str], str] = str.casefold) -> str | None:
    """``value`` re-spelt to begin exactly as ``typed`` when the two agree under ``fold`` (else None).

    Shells keep only completions that start as typed, case and separators included; a filter that folds
    its words takes the re-spelt value as the same word (``ger`` -> ``germany``, ``death_`` ->
    ``death_penalty``, ``ca`` -> ``cat``). A separator typed last stands for the value's own; otherwise the
    shortest head is replaced (``Death`` -> ``Death-penalty``). After a lower-case word the rest is lower case."""
    want = fold(typed)
    if not fold(value).startswith(want):
        return None
    if value.startswith(typed):
        return value
    heads = [n for n in range(len(value) + 1) if fold(value[:n]) == want]
    if not heads:
        return None
    # a last typed character the fold drops (a separator) stands for the value's own: replace the longest head
    trailing_separator = bool(typed) and fold(typed[:-1]) == want
    rest = value[heads[-1] if trailing_separator else heads[0] :]
    return typed + (rest.lower() if typed.islower() else rest)


def topic_ok(key: str) -> bool:
    """A normalised topic a user may coin: letters and digits (any script) joined by single hyphens, at most 60."""
    import re

    return 0 < len(key) <= 60 and re.fullmatch(r"[^\W_]+(?:-[^\W_]+)*", key) is not None


def body_key(text: str) -> str:
    """A committee as hrcli stores and compares it: a bundled code for any word ``body_lookup`` knows (cat,
    ICESCR, torture), else the text in upper case (a user's own code: cmw -> CMW)."""
    return body_lookup(text) or text.strip().upper()


def body_ok(code: str) -> bool:
    """A code a user may coin for a committee or body beyond the bundled ones (CMW, CED, SPT, WGAD, ...)."""
    import re

    return re.fullmatch(r"[A-Z][A-Z0-9-]{1,15}", code) is not None


def edits(a: str, b: str, limit: int = 2) -> int:
    """Levenshtein distance between two words, or ``limit + 1`` once it is surely above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def near_miss(word: str, known) -> str | None:
    """The known word ``word`` is probably a misspelling of, or None: a word that is not itself known and is one
    letter away from a known one (two letters for words of six or more), e.g. ``traffiking`` -> ``trafficking``.
    Short words get one letter only: ``hiv`` and ``hive`` are different topics far more often than typos."""
    if word in known:
        return None
    limit = 2 if len(word) >= 6 else 1
    best = None
    for k in sorted(known):  # the same answer every time a word is as near to two known ones
        d = edits(word, k, limit)
        if d <= limit and (best is None or d < best[0]):
            best = (d, k)
    return best[1] if best else None


# -- UPR recommendations: responses and cycles ---------------------------------------------------------------

# what a State under review answered, normalised for counting. An explicit table, never a guess: only a
# response listed under accepted counts as accepted. "Noted" is the Council's word since the second cycle for
# a recommendation the State does not support; first-cycle files say "Rejected" or "Not accepted" for the
# same thing. A partial acceptance is neither accepted nor noted in the official tallies, so it is "other"
# (its word is kept in response_text); "Pending" is a response deferred to the Council's plenary.
RESPONSES: dict[str, str] = {
    "accepted": "the State under review supported (accepted) the recommendation",
    "noted": "the State under review noted (did not support, or rejected) it",
    "pending": "the State under review deferred its answer (to be given before the Council adopts the outcome)",
    "other": "any other answer (partially accepted, general response, no response): the file's word is kept",
}
RESPONSE_WORDS: dict[str, str] = {
    "accepted": "accepted",
    "accept": "accepted",
    "supported": "accepted",
    "support": "accepted",
    "agreed": "accepted",
    "noted": "noted",
    "note": "noted",
    "rejected": "noted",
    "reject": "noted",
    "not accepted": "noted",
    "not supported": "noted",
    "pending": "pending",
    "deferred": "pending",
    "other": "other",
    "partially accepted": "other",
    "partially supported": "other",
    "accepted in part": "other",
    "supported in part": "other",
    "general response": "other",
    "no response": "other",
    "no clear position": "other",
}


def response_key(text: str) -> str | None:
    """The counting category (accepted, noted, pending, other) of a response as a file words it, or None when
    the word is not in RESPONSE_WORDS (the validator then refuses it, with a suggestion). A response given in
    parts, as UPR Info writes a recommendation the State split (``Supported/Noted``; UHRI's list of two,
    ``Supported; Noted``), is ``other`` when its parts fall in different categories; every part must be in
    the table."""
    import re

    parts = [re.sub(r"[\s_-]+", " ", p.strip().casefold()).strip(" .") for p in re.split(r"[/;]", text)]
    keys = {RESPONSE_WORDS.get(p) for p in parts}
    if None in keys:
        return None
    return keys.pop() if len(keys) == 1 else "other"


# the UPR Working Group sessions of each cycle and the day its first session opened. Checked against OHCHR and
# UPR Info (December 2026): session 1 opened on 7 April 2008 and the first cycle ended with session 12 (October
# 2011); the second ran from session 13 (21 May 2012) to 26 (November 2016), the third from 27 (1 May 2017) to 40
# (24 January - 3 February 2022, announced as closing the third cycle), and session 41 (7-18 November 2022) opened
# the fourth. Belarus was reviewed at sessions 8 (2010), 22 (2015) and 36 (2020).
UPR_CYCLES: tuple[tuple[int, int, str], ...] = (
    (1, 1, "2008-04-07"),
    (2, 13, "2012-05-21"),
    (3, 27, "2017-05-01"),
    (4, 41, "2022-11-07"),
)


def cycle_of_session(session: int) -> int | None:
    """The UPR cycle a Working Group session belongs to: 1-12 first, 13-26 second, 27-40 third, 41 on fourth."""
    if session < 1:
        return None
    return max(c for c, first, _day in UPR_CYCLES if session >= first)


def cycle_of_dates(start: str, end: str) -> int | None:
    """The UPR cycle of a record dated from ``start`` to ``end`` (ISO days), or None when the dates span two
    cycles or come before the first. A cycle runs from its first session to the next cycle's first, so an
    outcome adopted by the Council months after the last session of a cycle still counts in that cycle."""

    def one(day: str) -> int | None:
        hits = [c for c, _first, opened in UPR_CYCLES if day[:10] >= opened]
        return max(hits) if hits else None

    if not start or not end or start[:1] == "." or end[:1] == ".":
        return None
    a, b = one(start), one(end)
    return a if a == b else None


# a number as written in a cell: a sign (not a hyphen after a word: 'session-12'), digits, a fraction, an exponent
_NUMBER = r"(?:(?<!\w)[-+])?\d+(?:[.,]\d+)*(?:e[-+]?\d+)?"


def whole(number: str) -> int | None:
    """A whole number written as such ('12', '12.0'); None for '-5', '2.5', '1e5', '1,000'."""
    import re

    return int(number.split(".")[0]) if re.fullmatch(r"\d+(?:\.0+)?", number) else None


def first_whole(text: str) -> int | None:
    """The first number in ``text`` ('12th session', '- 12th session - Belarus': 12) if it is a whole number
    written as one; None when there is none or it is signed, a fraction or an exponent ('-5', '2.5', '1e5')."""
    import re

    m = re.search(_NUMBER, text.casefold())
    return whole(m.group()) if m else None


def ordinal(text: object) -> int | None:
    """A cycle or session number as files write it (3, "3", "3rd", "Cycle 3", "third", "III"), or None."""
    import re

    if isinstance(text, bool):
        return None
    if isinstance(text, int):
        return text
    if isinstance(text, float):
        return int(text) if text.is_integer() else None
    if not isinstance(text, str):
        return None
    t = text.strip().casefold()
    words = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5}
    nums = re.findall(_NUMBER, t)
    if len(nums) == 1:
        return whole(nums[0])
    if nums:
        return None
    hits = [words[w] for w in re.findall(r"[a-z]+", t) if w in words]
    return hits[0] if len(hits) == 1 else None
