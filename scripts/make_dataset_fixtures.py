"""Write tests/data/datasets/: small files in the exact shape of published datasets (docs/dev/datasets.md).

Headers, encodings, line ends, quoting, codes, numbers and dates follow the real files named in
docs/dev/datasets.md; every sentence (recommendation wording, titles, notes) is made up. Tallies,
symbols and dates of the votes and treaty actions are public facts and are kept as published.

Run once after changing a fixture on purpose (the BIFF .xls needs ``xlwt``, which is not a project
dependency: ``pip install xlwt`` in a venv of your own):

    python scripts/make_dataset_fixtures.py
"""

# ruff: noqa: E501  (one data row a line reads best)
from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "datasets"

# --- UPR Info database export, as saved to CSV (Mac Roman, bare CR, no BOM, no final line end) ---------
UPR_INFO_HEADER = [
    "To",
    "To-Rgrp",
    "To-Org",
    "Text",
    "From",
    "From-Rgrp",
    "From-Org",
    "Response",
    "Action",
    "Issue",
    "Session",
]
BY = ["Belarus", "EEG", "CIS"]

RECEIVED = [  # State under review Belarus; sessions 8 (cycle 1) and 22 (cycle 2)
    [
        *BY,
        "Give the country a human rights institution with real independence, as the Paris Principles ask",
        "Algeria",
        "Africa",
        "AU, OIC, AL",
        "Accepted",
        "3",
        "NHRI",
        "8",
    ],
    [
        *BY,
        "Stop carrying out death sentences at once and then remove capital punishment from its laws",
        "Austria",
        "WEOG",
        "EU",
        "Noted",
        "5",
        "Death penalty",
        "8",
    ],
    [
        *BY,
        "Let non-governmental groups register, meet and work without undue hurdles, including those that defend rights ",
        "Canada",
        "WEOG",
        "OAS, OIF, Commonwealth",
        "Noted",
        "4",
        "Civil society,Freedom of association and peaceful assembly,Human rights defenders",
        "8",
    ],
    [
        *BY,
        "Keep fighting the trade in human beings, women and children above all",
        "C\u00f4te d'Ivoire",
        "Africa",
        "AU, OIF",
        "Accepted",
        "2",
        "Rights of the Child,Trafficking,Women's rights",
        "8",
    ],
    [
        *BY,
        'Give the media room to report freely, and review the rules on "extremist" material',
        "Norway",
        "WEOG",
        "",
        "Accepted",
        "4",
        "Freedom of opinion and expression,Freedom of the press",
        "8",
    ],
    [
        *BY,
        "Invite the special procedures to visit and answer their requests",
        "Latvia",
        "EEG",
        "EU",
        "Accepted",
        "4",
        "Special procedures",
        "22",
    ],
    [
        *BY,
        "Weigh joining the disability convention",
        "Ukraine",
        "EEG",
        "",
        "Accepted",
        "3",
        "Disabilities,International instruments",
        "22",
    ],
    [
        *BY,
        "Ensure that every report of torture in custody is investigated promptly and impartially",
        "Sweden",
        "WEOG",
        "EU",
        "Noted",
        "5",
        "Detention,Torture and other CID treatment",
        "22",
    ],
]

GIVEN = [  # From Belarus to others; sessions 4 (cycle 1), 14 and 17 (cycle 2), 30 (cycle 3)
    [
        "Azerbaijan",
        "EEG",
        "OIC, CIS",
        "Keep schooling open to all and of good quality at every level",
        *BY,
        "Accepted",
        "2",
        "Right to education",
        "4",
    ],
    [
        "Germany",
        "WEOG",
        "EU",
        "Review its stance vis-\u00e0-vis migrants held at the border",
        *BY,
        "Noted",
        "3",
        "Migrants",
        "4",
    ],
    [
        "Argentina",
        "GRULAC",
        "OAS, OEI",
        "Go on working with the special procedures on the disappeared",
        *BY,
        "Accepted",
        "2",
        "Enforced disappearances,Special procedures",
        "14",
    ],
    [
        "United States",
        "WEOG",
        "OAS",
        "Look into every claim that police officers used too much force, and bring them to account ",
        *BY,
        "Noted",
        "4",
        "Human rights violations by state agents,Torture and other CID treatment",
        "14",
    ],
    [
        "China",
        "Asia",
        "",
        "Carry on with its plans to make villages less poor",
        *BY,
        "Accepted",
        "2",
        "ESC rights - general,Poverty",
        "17",
    ],
    [
        "Malta",
        "WEOG",
        "EU, Commonwealth",
        'Adopt a national plan on "trafficking" with a budget of its own',
        *BY,
        "Accepted",
        "4",
        "Trafficking",
        "17",
    ],
    [
        "Poland",
        "EEG",
        "EU",
        "Do more to shield children from violence at home, vis-\u00e0-vis its earlier pledges",
        *BY,
        "Accepted",
        "3",
        "Rights of the Child",
        "30",
    ],
]

MANY = [  # a file about many States: Belarus reviewed in session 8, others reviewed, and Belarus recommending
    [
        "Albania",
        "EEG",
        "OIC, OIF",
        "Strengthen the office of the ombudsperson with staff and funds",
        "Norway",
        "WEOG",
        "",
        "Accepted",
        "4",
        "NHRI",
        "6",
    ],
    [
        "Bhutan",
        "Asia",
        "",
        "Think about ratifying the main human rights covenants",
        "Brazil",
        "GRULAC",
        "OAS",
        "Noted",
        "3",
        "International instruments",
        "6",
    ],
    [
        *BY,
        "End capital punishment and turn every pending death sentence into a prison term",
        "France",
        "WEOG",
        "EU, OIF",
        "Noted",
        "5",
        "Death penalty",
        "8",
    ],
    [
        *BY,
        "Carry on with its programmes for people living with HIV",
        "Cuba",
        "GRULAC",
        "",
        "Accepted",
        "2",
        "HIV - Aids,Right to health",
        "8",
    ],
    [
        *BY,
        "Lift the limits on peaceful gatherings that go beyond what the Covenant allows",
        "Poland",
        "EEG",
        "EU",
        "Noted",
        "5",
        "Freedom of association and peaceful assembly",
        "8",
    ],
    ["Chile", "GRULAC", "OAS, OEI", "Pursue its reforms of the prison system", *BY, "Accepted", "2", "Detention", "5"],
    [
        "Portugal",
        "WEOG",
        "EU",
        "Consider a wider law against discrimination",
        "Slovenia",
        "EEG",
        "EU",
        "Accepted",
        "3",
        "Racial discrimination",
        "6",
    ],
    [
        "Poland",
        "EEG",
        "EU",
        "Fight hate speech online and offline",
        "Turkey",
        "EEG",
        "OIC",
        "Accepted",
        "4",
        "Racial discrimination",
        "9",
    ],
]


def mac_roman_cr(rows: list[list[str]]) -> bytes:
    """What Excel for Mac's 'Save as CSV' wrote: minimal quoting, bare CR between rows, none at the end."""
    import csv

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r").writerows(rows)
    return buf.getvalue().removesuffix("\r").encode("mac_roman")


# --- OHCHR voting records harvest (lszoszk/hrc-voting data/csv/resolutions.csv): UTF-8, LF, final LF ---
VOTING_HEADER = [
    "record_id",
    "symbol",
    "title",
    "statement",
    "date",
    "year",
    "body",
    "collection",
    "vote_type",
    "meeting",
    "meeting_type",
    "agenda_item_no",
    "agenda_item_title",
    "agenda_symbol",
    "agenda_subject",
    "main_sponsors",
    "draft",
    "yes",
    "no",
    "abstain",
    "nonvoting",
    "total",
    "n_rollcall",
    "url_resolution",
    "url_draft",
    "record_url",
]
CHR, HRC = "Commission on Human Rights", "Human Rights Council"
ITEM9 = "Violations of rights anywhere in the world -"
ITEM4 = "Situations that call for the Council\u2019s attention -"
ITEM6 = "Universal periodic review -"


def vote(rid, symbol, title, session, date, body, vtype, meeting, item, item_title, agenda, draft, tally, sponsors=""):
    yes, no, ab, nv, total = tally or ("", "", "", "", "")
    who = "the Commission on Human Rights " if body == CHR else "the Human Rights Council"
    statement = f"adopted by {who} at its {session} session"
    url = f"http://undocs.org/{symbol}" if "/RES/" in symbol and body == HRC else ""
    d = draft.removeprefix("Draft resolution ").split(" ")[0]
    url_draft = f"http://undocs.org/{d}" if draft.startswith("Draft resolution") else ""
    return [rid, symbol, title, statement, date, date[:4], body, "Voting Collection", vtype, meeting, "PLENARY MEETING",
            item, item_title, agenda, "BELARUS", sponsors, draft, yes, no, ab, nv, total,
            total if tally else "0", url, url_draft, f"https://searchlibrary.ohchr.org/record/{rid}"]  # fmt: skip


VOTES = [
    vote("21502", "E/CN.4/RES/2003/14", "Human rights in Belarus : resolution /", "59th", "2003-04-17", CHR, "RECORDED", "E/CN.4/2003/SR.54", "9.", ITEM9, "E/2003/23 (Annex I) -", "Draft resolution E/CN.4/2003/L.38", ("23", "14", "16", "0", "53")),
    vote("21068", "E/CN.4/RES/2004/14", "Human rights in Belarus : resolution /", "60th", "2004-04-15", CHR, "RECORDED", "E/CN.4/2004/SR.50", "9.", ITEM9, "E/2004/23 (Annex I) -", "Draft resolution E/CN.4/2004/L.22", ("23", "13", "17", "0", "53")),
    vote("21397", "E/CN.4/RES/2005/13", "Human rights in Belarus : resolution /", "61st", "2005-04-14", CHR, "RECORDED", "E/CN.4/2005/SR.50", "9.", ITEM9, "E/2005/23 (p. vi) -", "Draft resolution E/CN.4/2005/L.32", ("23", "16", "14", "0", "53")),
    vote("26225", "A/HRC/DEC/15/113", "Belarus: outcome of its universal periodic review : decision /", "15th", "2010-09-23", HRC, "ADOPTED WITHOUT VOTE", "Adopted at the 18th meeting", "6.", ITEM6, "A/HRC/15/60 (Annex III) -", "A/HRC/15/60 (Annex III) -", None),
    vote("26311", "A/HRC/RES/17/24", "Belarus, its human rights situation : resolution /", "17th", "2011-06-17", HRC, "RECORDED", "Adopted at the 35th meeting", "4.", ITEM4, "A/HRC/17/2 (Annex II) -", "Draft resolution A/HRC/17/L.20/Rev.1 as amended", ("21", "5", "19", "2", "47")),
    vote("27112", "A/HRC/DEC/30/101", "Belarus: outcome of its universal periodic review : decision /", "30th", "2015-09-24", HRC, "ADOPTED WITHOUT VOTE", "Adopted at the 22nd meeting", "6.", ITEM6, "A/HRC/30/2 (Annex II) -", "A/HRC/30/2 (Annex II) -", None),
    vote("27040", "A/HRC/RES/29/17", "Human rights in Belarus : resolution /", "29th", "2015-07-02", HRC, "RECORDED", "Adopted at the 44th meeting", "4.", ITEM4, "A/HRC/29/2 (Annex II) -", "Draft resolution A/HRC/29/L.12", ("21", "8", "18", "0", "47")),
    vote("29593", "A/HRC/DEC/46/101", "Belarus: outcome of its universal periodic review : decision /", "46th", "2021-03-16", HRC, "ADOPTED WITHOUT VOTE", "Adopted at the 36th meeting", "6.", ITEM6, "A/HRC/46/2 (Annex II) -", "A/HRC/46/2 (Annex II) -", None),
    vote("29582", "A/HRC/RES/46/20", "Belarus before and after the 2020 presidential election : resolution /", "46th", "2021-03-24", HRC, "RECORDED", "Adopted at the 50th meeting", "4.", ITEM4, "A/HRC/46/2 (Annex II) -", "Draft resolution A/HRC/46/L.19", ("20", "7", "20", "0", "47")),
    vote("29634", "A/HRC/RES/47/19", "Human rights in Belarus : resolution /", "47th", "2021-07-13", HRC, "RECORDED", "Adopted at the 38th meeting", "4.", ITEM4, "A/HRC/47/2 -", "Draft resolution A/HRC/47/L.13", ("21", "7", "19", "0", "47")),
    vote("31971", "A/HRC/RES/58/19", "Human rights in Belarus : resolution /", "58th", "2025-04-03", HRC, "RECORDED", "Adopted at the 57th meeting", "4.", ITEM4, "A/HRC/58/1-", "Draft resolution A/HRC/58/L.10", ("25", "5", "17", "0", "47"), "Poland (on behalf of the European Union)"),
]  # fmt: skip


# the same harvest around the 2020 election resolutions: the resolutions, the rejected amendments to their drafts
# (their own L. symbols, the draft cell saying what they amend and what became of them), a resolution on another
# country whose title mentions Belarus, and rows of other subjects as the 1940s Commission and a 2024 resolution
# left them (non-recorded, with or without tallies; recorded with its tallies left empty)
ITEM1 = "Organizational and procedural matters -"
ITEM4B = "Human rights situations that require the Council\u2019s attention -"
ELECTION = "Human rights in Belarus around the 2020 presidential election and after it"


def row(
    rid,
    symbol,
    title,
    statement,
    date,
    body,
    vtype,
    meeting,
    item,
    item_title,
    agenda,
    subject,
    sponsors,
    draft,
    tally,
    url="",
    url_draft="",
):
    yes, no, ab, nv, total = tally or ("", "", "", "", "")
    return [rid, symbol, title, statement, date, date[:4], body, "Voting Collection", vtype, meeting, "PLENARY MEETING",
            item, item_title, agenda, subject, sponsors, draft, yes, no, ab, nv, total, total if tally else "0",
            url, url_draft, f"https://searchlibrary.ohchr.org/record/{rid}"]  # fmt: skip


def amendment(rid, n, session, date, item, item_title, agenda, subject, sponsor, draft, tally):
    symbol = f"A/HRC/{session}/L.{n}"
    return row(rid, symbol, f"{ELECTION} : amendment /", f"Human Rights Council at its {session}th session", date, HRC,
               "RECORDED", "", item, item_title, agenda, subject, sponsor,
               f"Amendment {symbol} to draft resolution {draft} Rejected by a recorded vote", tally)  # fmt: skip


VOTES_2020 = [
    row("29435", "A/HRC/RES/44/19", "Human rights in Belarus : resolution /", "adopted by the Human Rights Council at its 44th session", "2020-07-17", HRC, "RECORDED", "Adopted at the 28th meeting", "4.", ITEM4B, "A/44/2 (Annex II) -", "BELARUS", "", "Draft resolution A/HRC/44/L.9", ("22", "5", "20", "0", "47"), "http://undocs.org/A/HRC/RES/44/19", "https://undocs.org/A/HRC/44/L.9"),
    row("29455", "A/HRC/RES/45/1", f"{ELECTION} : resolution /", "adopted by the Human Rights Council at its 45th session", "2020-09-18", HRC, "RECORDED", "Adopted at the 10th meeting", "1.", ITEM1, "A/HRC/45/2 (Annex II)", "BELARUS", "", "Draft resolution A/HRC/45/L.1", ("23", "2", "22", "0", "47"), "http://undocs.org/A/HRC/RES/45/1", "http://undocs.org/A/HRC/45/L.1"),
    amendment("30782", 2, 45, "2020-09-18", "1.", ITEM1, "A/HRC/45/2 (Annex II)", "BELARUS", "Russian Federation", "A/HRC/45/L.1", ("6", "21", "20", "0", "47")),
    amendment("30790", 10, 45, "2020-09-18", "1.", ITEM1, "A/HRC/45/2 (Annex II)", "BELARUS", "Russian Federation", "A/HRC/45/L.1", ("2", "21", "24", "0", "47")),
    amendment("30795", 15, 45, "2020-09-18", "1.", ITEM1, "A/HRC/45/2 (Annex II)", "BELARUS", "Russian Federation", "A/HRC/45/L.1", ("10", "20", "17", "0", "47")),
    amendment("30780", 44, 46, "2021-03-24", "4.", ITEM4B, "A/HRC/46/2 (Annex II) -", "HUMAN RIGHTS - BELARUS", "Russian Federation", "A/HRC/46/L.19", ("10", "19", "18", "0", "47")),
    row("29582", "A/HRC/RES/46/20", f"{ELECTION} : resolution /", "adopted by the Human Rights Council at its 46th session", "2021-03-24", HRC, "RECORDED", "Adopted at the 50th meeting", "4.", ITEM4B, "A/HRC/46/2 (Annex II) -", "HUMAN RIGHTS - BELARUS", "", "Draft resolution A/HRC/46/L.19", ("20", "7", "20", "0", "47"), "http://undocs.org/A/HRC/RES/46/20", "http://undocs.org/A/HRC/46/L.19"),
    amendment("30663", 37, 49, "2022-04-01", "4.", ITEM4B, "A/HRC/49/1 -", "HUMAN RIGHTS - ELECTION - BELARUS", "Belarus", "A/HRC/49/L.13", ("5", "20", "22", "0", "47")),
    row("31973", "A/HRC/RES/58/24", "Human rights in Ukraine under the Russian aggression, launched also from the territory of Belarus : resolution /", "adopted by the Human Rights Council at its 58th session", "2025-04-04", HRC, "RECORDED", "Adopted at the 58th meeting", "4.", ITEM4B, "A/HRC/58/1-", "UKRAINE", "Ukraine", "Draft resolution A/HRC/58/L.22", ("25", "4", "18", "0", "47"), "http://undocs.org/A/HRC/RES/58/24", "http://undocs.org/A/HRC/58/L.22"),
    row("25344", "E/HR/RES", "Who sits on a sub-commission on the freedom of the press, and what it does : resolution /", "adopted by the Commission on Human Rights of the Economic and Social Council at its 1st nuclear session", "1946-05-16", CHR, "NON-RECORDED, no voting information available", "E/HR/20, 10 May 1946, 10th meeting", "10.", "Proposals for sub-commissions -", "E/HR/5 -", "FREEDOM OF INFORMATION - TERMS OF REFERENCE", "", "Decisions made during: E/HR/20 pages 2-4,  E/HR/27 pages 1-2", None),
    row("25208", "E/CN.4/RES(II)", "Studying discrimination : resolution /", "adopted by the Commission on Human Rights at its 2nd session", "1947-12-17", CHR, "NON-RECORDED", "E/CN.4/SR.43", "7.", "The sub-commission's report on discrimination and minorities -", "E/CN.4/22/Rev.2 -", "MINORITIES - DISCRIMINATION", "", "See paragraph 35 (a) of the sessional report", ("8", "4", "0", "6", "18"), "", "http://undocs.org/E/CN.4/52"),
    row("25247", "E/CN.4/DEC(II)", "Putting off a definition of the protection of minorities : decision /", "adopted by the Commission on Human Rights at its 2nd session", "1947-12-17", CHR, "NON-RECORDED, adopted unanimously", "E/CN.4/SR.44", "7.", "The sub-commission's report on discrimination and minorities -", "E/CN.4/22/Rev.2 -", "MINORITIES", "", "See paragraph 40 of the sessional report", None),
    row("31527", "A/HRC/RES/56/20", "Human rights where HIV and AIDS are concerned : resolution /", "adopted by the Human Rights Council at its 56th session", "2024-07-12", HRC, "RECORDED", "Adopted at the 37th meeting", "3.", "Promoting and protecting all human rights.-", "A/HRC/56/1-", "HIV/AIDS", "Brazil, Colombia, Portugal, Thailand", "Draft resolution A/HRC/56/L.13 as orally revised", None, "http://undocs.org/A/HRC/RES/56/20", "http://undocs.org/A/HRC/56/L.13"),
]  # fmt: skip
# the 1940s rows' tallies are a non-recorded vote's (8-4-0, 6 not voting): n_rollcall stays 0 as the harvest writes it
VOTES_2020[10][22] = "0"


def pandas_csv(rows: list[list[str]]) -> bytes:
    """A harvest cut down with pandas and saved with DataFrame.to_csv(): a leading unnamed index column, and the
    tally columns written as floats ('23.0') because their empty cells made them float columns (n_rollcall, never
    empty, stays whole)."""
    import csv

    floats = {VOTING_HEADER.index(c) for c in ("yes", "no", "abstain", "nonvoting", "total")}
    out = [["", *VOTING_HEADER]]
    for i, r in enumerate(rows):
        out.append([str(i), *(f"{c}.0" if n in floats and c else c for n, c in enumerate(r))])
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(out)
    return buf.getvalue().encode("utf-8")


def utf8_lf(rows: list[list[str]]) -> bytes:
    """pandas' to_csv: minimal quoting, LF after every row including the last."""
    import csv

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue().encode("utf-8")


# --- UPR Info's later database (Uwazi): CSV export frame from huridocs/uwazi csvExporter.ts; labels inferred ---
UWAZI_HEADER = [
    "Title",
    "Date added",
    "Template",
    "State under Review",
    "Recommending State",
    "Response",
    "Action Category",
    "Issues",
    "Session",
    "Cycle",
    "Document",
    "Geolocation",
    "Documents",
    "Attachments",
    "Published",
]
UWAZI = [
    [
        "Ratify the second optional protocol and abolish capital punishment",
        "2021-03-02",
        "Recommendation",
        "Belarus",
        "Iceland|Portugal",
        "Noted",
        "5",
        "Death penalty|International instruments",
        "36",
        "3",
        "A/HRC/46/5",
        "",
        "",
        "",
        "Published",
    ],
    [
        "Go on with its training of judges on gender-based violence",
        "2021-03-02",
        "Recommendation",
        "Belarus",
        "Kazakhstan",
        "Supported",
        "4",
        "Women's rights|Justice",
        "36",
        "3",
        "A/HRC/46/5",
        "",
        "",
        "",
        "Published",
    ],
    [
        "Guarantee that lawyers can defend clients without fear of losing their licence",
        "2021-03-02",
        "Recommendation",
        "Belarus",
        "Canada",
        "Noted",
        "4",
        "Justice|Human rights defenders",
        "36",
        "3",
        "A/HRC/46/5",
        "",
        "",
        "",
        "Published",
    ],
    [
        "Keep improving access to health care in rural districts",
        "2021-03-02",
        "Recommendation",
        "Belarus",
        "Viet Nam",
        "Supported",
        "2",
        "Right to health",
        "36",
        "3",
        "A/HRC/46/5",
        "",
        "",
        "",
        "Published",
    ],
    [
        "Make sure that every detainee can see a lawyer from the first hour",
        "2021-03-02",
        "Recommendation",
        "Belarus",
        "Austria",
        "Noted",
        "5",
        "Detention|Justice",
        "36",
        "3",
        "A/HRC/46/5",
        "",
        "",
        "",
        "Published",
    ],
]


def utf8_lf_no_final(rows: list[list[str]]) -> bytes:
    """fast-csv's defaults (Uwazi's exporter): ',' and '\\n', quoting only when needed, no row delimiter after the last."""
    return utf8_lf(rows).removesuffix(b"\n")


# --- UN Treaty Collection status, tidy per-treaty CSV (world-politics-datalab): UTF-8, CRLF, no final ---
UNTC_TIDY_HEADER = [
    "iso2",
    "member",
    "state party",
    "year ratification or accession",
    "signatory",
    "no action",
    "status",
    "note",
]
UNTC_TIDY = [
    ["AF", "Afghanistan", "0", "", "0", "1", "no action", ""],
    ["BY", "Belarus", "1", "1992", "0", "0", "state party", ""],
    ["KH", "Cambodia", "0", "", "1", "0", "signatory state", ""],
    ["CI", "Ivory Coast", "1", "1997", "0", "0", "state party", "Listed as C\u00f4te d'Ivoire by the depositary"],
    ["JM", "Jamaica", "1", "1975", "0", "1", "state party", "Left the protocol in 1997"],
    ["PL", "Poland", "1", "1991", "0", "0", "state party", ""],
]


def utf8_crlf_no_final(rows: list[list[str]]) -> bytes:
    import csv

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue().removesuffix("\r\n").encode("utf-8")


# --- UNTC status page table, as copied out of the page (shape inferred, see docs/dev/datasets.md) ---------
UNTC_PAGE_HEADER = ["Participant", "Signature", "Ratification, Accession(a), Succession(d)"]
UNTC_PAGE = [
    ["Belarus", "", "30 Sep 1992 a"],
    ["Cambodia", "27 Sep 2004", ""],
    ["Czech Republic 4", "", "22 Feb 1993 d"],
    ["Poland", "", "7 Nov 1991 a"],
    ["Sweden", "29 Sep 1967", "6 Dec 1971"],
]

# --- OHCHR ratification dashboard "Underlying Data" .xls (BIFF8, title row, Excel serial dates) ---------
DASH_TITLE = "International Covenant on Economic, Social and Cultural Rights - status of ratification"
DASH_HEADER = ["Country", "Date of Signature (dd/mm/yyyy)", "Date of Ratification/Accession"]
DASH = [
    ("Afghanistan", None, dt.date(1983, 1, 24)),
    ("Belarus", dt.date(1968, 3, 19), dt.date(1973, 11, 12)),
    ("Cuba", dt.date(2008, 2, 28), None),
    ("Malaysia", None, None),
    ("Poland", dt.date(1967, 3, 2), dt.date(1977, 3, 18)),
    ("United States of America", dt.date(1977, 10, 5), None),
]
DASH_FOOTER = [
    "Definitions and metadata: see the dashboard's notes page",
    "Database of the United Nations Office of Legal Affairs, as read by OHCHR",
]


def dashboard_xls(path: Path) -> None:
    import xlwt  # only here: not a project dependency

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Underlying Data")
    bold = xlwt.easyxf("font: bold on")
    datefmt = xlwt.easyxf(num_format_str="dd/mm/yyyy")
    sheet.write(0, 0, DASH_TITLE, bold)
    for c, name in enumerate(DASH_HEADER):
        sheet.write(1, c, name, bold)
    for r, (country, sig, rat) in enumerate(DASH, start=2):
        sheet.write(r, 0, country)
        for c, d in ((1, sig), (2, rat)):
            if d is not None:
                sheet.write(r, c, d, datefmt)  # stored as an Excel serial number with a date format
    for i, text in enumerate(DASH_FOOTER, start=len(DASH) + 3):
        sheet.write(i, 0, text)
    book.save(str(path))


def upr_info_xls(path: Path) -> None:
    """UPR Info's own download (PHPExcel, BIFF8): sheet 'UPR Info database export', two Rgrp and two Org columns."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("UPR Info database export")
    header = ["SuR", "Rgrp", "Org", "Recommendation", "RS", "Rgrp", "Org", "Response", "Action", "Issue", "Session"]
    for c, name in enumerate(header):
        sheet.write(0, c, name)
    for r, row in enumerate(RECEIVED[:5] + MANY[:2], start=1):
        for c, cell in enumerate(row):
            sheet.write(r, c, float(cell) if c in (8, 10) else cell)  # Action and Session are numbers there
    book.save(str(path))


# --- a tracker's nested JSON (shape inferred, see docs/dev/datasets.md) ---------------------------------
TRACKER = {
    "tracker": "Belarus UPR follow-up (invented example)",
    "updated": "2026-11-30",
    "state_under_review": "Belarus",
    "cycles": {
        "3": {
            "session": 36,
            "review_date": "2020-11-11",
            "recommendations": [
                {"id": "115.1", "text": "Join the second optional protocol on the death penalty", "recommending_states": ["Iceland", "Portugal"], "position": "Noted", "themes": ["Death penalty"], "status": "not implemented"},
                {"id": "115.2", "text": "Keep cooperating with the treaty bodies on overdue reports", "recommending_states": ["Kazakhstan"], "position": "Supported", "themes": ["Treaty bodies"], "status": "partially implemented"},
                {"id": "115.3", "text": "Protect lawyers from disbarment for defending clients", "recommending_states": ["Canada"], "position": "Noted", "themes": ["Justice", "Human rights defenders"], "status": "not implemented"},
            ],
        },
        "4": {
            "session": 50,
            "review_date": "2025-11-06",
            "recommendations": [
                {"id": "92.4", "text": "Free people held for taking part in peaceful protests", "recommending_states": ["Lithuania"], "position": "Noted", "themes": ["Freedom of association and peaceful assembly"], "status": "not implemented"},
                {"id": "92.9", "text": "Go on improving care for children without parents", "recommending_states": ["Viet Nam"], "position": "Supported", "themes": ["Rights of the Child"], "status": "ongoing"},
            ],
        },
    },
}  # fmt: skip


def votes_2020() -> None:
    """The voting fixtures of the 2020 amendments and of a harvest saved by pandas (no xlwt needed)."""
    (OUT / "ohchr-voting-belarus-2020.csv").write_bytes(utf8_lf([VOTING_HEADER, *VOTES_2020]))
    (OUT / "ohchr-voting-belarus-pandas.csv").write_bytes(pandas_csv([*VOTES[:5], *VOTES_2020[1:4]]))


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "upr-info-belarus-received.csv").write_bytes(mac_roman_cr([UPR_INFO_HEADER, *RECEIVED]))
    (OUT / "upr-info-belarus-given.csv").write_bytes(mac_roman_cr([UPR_INFO_HEADER, *GIVEN]))
    (OUT / "upr-info-sessions-5-9.csv").write_bytes(mac_roman_cr([UPR_INFO_HEADER, *MANY]))
    (OUT / "upr-info-database-belarus-cycle3.csv").write_bytes(utf8_lf_no_final([UWAZI_HEADER, *UWAZI]))
    (OUT / "ohchr-voting-belarus.csv").write_bytes(utf8_lf([VOTING_HEADER, *VOTES]))
    votes_2020()
    (OUT / "hr_status_iccpr_op1.csv").write_bytes(utf8_crlf_no_final([UNTC_TIDY_HEADER, *UNTC_TIDY]))
    (OUT / "untc-IV-5-status.csv").write_bytes(utf8_lf([UNTC_PAGE_HEADER, *UNTC_PAGE]))
    (OUT / "tracker-belarus.json").write_text(json.dumps(TRACKER, indent=2, ensure_ascii=False) + "\n", "utf-8")
    dashboard_xls(OUT / "UnderlyingData_ICESCR_OHCHR_02_07_2026.xls")
    upr_info_xls(OUT / "upr-info-export-belarus.xls")


if __name__ == "__main__":
    main()
