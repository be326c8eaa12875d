"""Closed vocabularies: the words a fact file may use for bodies, mechanisms, topics and statuses.

This is program vocabulary (what the codes mean), not facts about Belarus: facts live in data/facts.toml.
"""

from __future__ import annotations

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
