"""Events about other States than Belarus (a UN dataset imported with --all-states): each carries its State
(the event field ``state``; empty: Belarus), every listing leaves them out unless --all-states and says in one
stderr line how many it left out, and with --all-states each row shows its State. Counts are computed from the
fixtures (tests/data/datasets/)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from conftest import run

DATA = Path(__file__).parent / "data" / "datasets"
UNTC_FILE = DATA / "untc-IV-5-status.csv"
TIDY_FILE = DATA / "hr_status_iccpr_op1.csv"
VOTES_FILE = DATA / "ohchr-voting-belarus.csv"
NOTE = "not about Belarus ("


def _untc() -> tuple[int, int]:
    """The UNTC fixture's events: (Belarus's, the other States'), one per filled Signature or Ratification cell."""
    with open(UNTC_FILE, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))[1:]
    mine = others = 0
    for state, *cells in rows:
        n = sum(1 for c in cells if c.strip())
        if state.strip() == "Belarus":
            mine += n
        else:
            others += n
    return mine, others


def _import_all(path: Path = UNTC_FILE) -> None:
    r = run("import", str(path), "--all-states")
    assert r.code == 0, r.stderr


def _dataset_rows(rows: list[dict]) -> list[dict]:
    return [x for x in rows if x.get("treaty") or x["source"].startswith("untc")]


def test_an_event_about_another_state_carries_it_and_belarus_has_none():
    mine, others = _untc()
    assert mine > 0 and others > 0
    _import_all()
    r = run("treaty", "CCPR", "--json", "--all-states")
    assert r.code == 0, r.stderr
    rows = [x for x in r.json() if x["source"].startswith("untc")]
    assert len(rows) == mine + others
    assert sum(1 for x in rows if x["state"] is None) == mine
    for x in rows:  # the State a row is about is the one its summary names
        if x["state"] is None:
            assert x["summary"].startswith("Belarus")
        else:
            assert x["summary"].startswith(x["state"]) and x["state"] != "Belarus"
    assert NOTE not in r.stderr  # nothing was left out


def test_every_listing_leaves_other_states_out_and_says_how_many():
    mine, others = _untc()
    _import_all()
    for args in (("treaty", "CCPR"), ("timeline",), ("search", "--body", "CCPR"), ("timeline", "--body", "ccpr")):
        r = run(*args, "--json")
        assert r.code == 0, r.stderr
        got = [x for x in r.json() if x["source"].startswith("untc")]
        assert len(got) == mine, args
        assert all(x.get("state") is None for x in got), args
        assert f"left out {others} records {NOTE}" in r.stderr, args
        assert "--all-states shows them" in r.stderr
        assert len([ln for ln in r.stderr.splitlines() if NOTE in ln]) == 1  # one line, once
        shown = run(*args, "--json", "--all-states")
        assert len([x for x in shown.json() if x["source"].startswith("untc")]) == mine + others, args
        assert NOTE not in shown.stderr


def test_the_table_shows_a_state_column_only_when_asked():
    _import_all()
    r = run("treaty", "CCPR", "--all-states")
    assert r.code == 0, r.stderr
    assert "State" in r.stdout.splitlines()[1] and "Poland" in r.stdout
    plain = run("treaty", "CCPR")
    assert "Poland" not in plain.stdout and "State " not in plain.stdout.splitlines()[1]


def test_the_treaty_overview_is_belarus_s_and_all_states_needs_a_code():
    _import_all()
    r = run("treaty", "--json")
    assert r.code == 0 and NOTE in r.stderr
    assert "Poland" not in r.stdout and "Sweden" not in r.stdout
    r = run("treaty", "--all-states")
    assert r.code == 2 and "goes with a CODE" in r.stderr


def test_export_leaves_them_out_unless_asked_and_then_names_each_state(tmp_path):
    mine, others = _untc()
    _import_all()
    r = run("export", "--format", "json")
    assert r.code == 0 and f"left out {others} records" in r.stderr
    events = [e for e in json.loads(r.stdout)["events"] if e["source"].startswith("untc")]
    assert len(events) == mine
    r = run("export", "--format", "json", "--all-states")
    events = [e for e in json.loads(r.stdout)["events"] if e["source"].startswith("untc")]
    assert len(events) == mine + others and NOTE not in r.stderr
    assert {e["state"] for e in events} - {None} == {"Cambodia", "Czech Republic", "Poland", "Sweden"}
    r = run("export", "--format", "csv", "--kind", "event", "--all-states", "--body", "CCPR")
    header, *lines = list(csv.reader(r.stdout.splitlines()))
    states = [row[header.index("state")] for row in lines]
    assert states.count("Poland") == 1 and states.count("") >= mine


def test_show_names_the_state_of_the_record_asked_for():
    _import_all()
    rows = run("timeline", "--json", "--all-states", "--body", "CCPR").json()
    poland = next(x for x in rows if x["state"] == "Poland")
    r = run("show", poland["id"], "--json")
    assert r.code == 0 and r.json()[0]["state"] == "Poland"


def test_a_tidy_status_file_marks_each_other_state():
    with open(TIDY_FILE, encoding="utf-8", newline="") as fh:
        members = [r["member"] for r in csv.DictReader(fh)]
    others = [m for m in members if m != "Belarus"]
    assert others
    _import_all(TIDY_FILE)
    rows = _dataset_rows(run("treaty", "CCPR", "--json", "--all-states").json())
    assert sorted(x["state"] for x in rows if x["state"]) == sorted(others)
    # 'is a party' is never said of Belarus for another State's row
    assert all(x["summary"].startswith(x["state"] or "Belarus") for x in rows)


def test_votes_on_other_subjects_are_named_and_hidden_by_default(tmp_path):
    text = VOTES_FILE.read_text(encoding="utf-8")
    header, first = text.splitlines()[:2]
    other = first.replace("Human rights in Belarus", "Human rights in Myanmar").replace(",BELARUS,", ",MYANMAR,")
    other = other.replace("E/CN.4/RES/2003/14", "E/CN.4/RES/2003/99").replace("21502", "99999")
    assert other != first and "BELARUS" not in other.upper().replace("BELARUS :", "")
    path = tmp_path / "resolutions.csv"
    path.write_text(f"{header}\n{first}\n{other}\n", encoding="utf-8")
    _import_all(path)
    r = run("votes", "--json")
    assert [x["symbol"] for x in r.json()] == ["E/CN.4/RES/2003/14"] and "left out 1 record" in r.stderr
    r = run("votes", "--json", "--all-states")
    got = {x["symbol"]: x["state"] for x in r.json()}
    assert got == {"E/CN.4/RES/2003/14": None, "E/CN.4/RES/2003/99": "Myanmar"}  # as its title names it


def test_without_other_states_nothing_changes():
    r = run("import", str(UNTC_FILE))  # Belarus's rows only
    assert r.code == 0, r.stderr
    for args in (("timeline", "--json"), ("treaty", "CCPR", "--json"), ("search", "--body", "CCPR", "--json")):
        now = run(*args)
        assert now.code == 0 and NOTE not in now.stderr, args
        assert now.json() and all("state" not in x for x in now.json()), args  # the field comes with --all-states


def test_recommendations_of_other_states_reviews_are_left_out_unless_asked():
    """A UPR dataset imported with --all-states keeps other States' reviews: listings leave them out (said), and
    with --all-states each names the State reviewed; the counts and --given are never touched by them."""
    name = DATA / "upr-info-sessions-5-9.csv"
    raw = name.read_bytes()
    rows = list(csv.DictReader(raw.decode("mac_roman").replace("\r", "\n").splitlines()))
    others = [r for r in rows if r["To"] != "Belarus" and r["From"] != "Belarus"]
    ours = [r for r in rows if r not in others]
    assert others and ours
    _import_all(name)
    r = run("search", "--origin", "user", "--kind", "recommendation", "--json")
    assert len(r.json()) == len(ours) and f"left out {len(others)} records {NOTE}" in r.stderr
    r = run("search", "--origin", "user", "--kind", "recommendation", "--json", "--all-states")
    got = r.json()
    assert len(got) == len(rows) and NOTE not in r.stderr
    assert sorted(x["state"] for x in got if x["state"]) == sorted(o["To"] for o in others)
    # upr: Belarus's review only, and its counts, whatever was kept
    summary = run("upr", "--summary", "--json")
    assert NOTE not in summary.stderr
    assert run("upr", "--summary", "--json", "--all-states").stdout == summary.stdout
    given = run("upr", "--given", "--json")
    assert NOTE not in given.stderr and len(given.json()) == sum(1 for r in rows if r["From"] == "Belarus")
    listed = run("upr", "--all-states", "--json", "--cycle", "1").json()
    assert {x["state"] for x in listed} - {None} == {o["To"] for o in others}
    plain = run("upr", "--json", "--cycle", "1").json()
    assert plain and all(x["state_under_review"] in (None, "Belarus") for x in plain)


def test_by_year_counts_belarus_s_events_only():
    _import_all()
    r = run("timeline", "--by-year", "--all-states")
    assert r.code == 2 and "--by-year counts Belarus's events" in r.stderr
    r = run("timeline", "--by-year", "--json")
    assert r.code == 0 and NOTE in r.stderr


def test_the_python_api_leaves_them_out_unless_asked():
    import hrcli

    mine, others = _untc()
    _import_all()
    base = hrcli.load()
    plain = [e for e in base.events(body="CCPR") if e.source.startswith("untc")]
    every = [e for e in base.events(body="CCPR", all_states=True) if e.source.startswith("untc")]
    assert len(plain) == mine and len(every) == mine + others
    assert len(base.hidden) == others and {e.state for e in every} - {""} == {
        "Cambodia",
        "Czech Republic",
        "Poland",
        "Sweden",
    }


def test_the_html_page_says_which_state_a_record_is_about():
    _import_all()
    page = run("export", "--format", "html", "--all-states").stdout
    assert "about Poland, not Belarus" in page and "about Sweden, not Belarus" in page
    plain = run("export", "--format", "html")
    assert "Poland: accession" not in plain.stdout and "about Poland" not in plain.stdout and NOTE in plain.stderr


def _votes_about(tmp_path: Path, rows: list[tuple[str, str, str]]) -> Path:
    """The voting fixture's first (Belarus) row, then one row per (symbol, title, agenda subject) in its shape."""
    with open(VOTES_FILE, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header, first = list(reader.fieldnames or ()), next(reader)
    path = tmp_path / "resolutions.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, header, lineterminator="\n")
        w.writeheader()
        w.writerow(first)
        for n, (symbol, title, subject) in enumerate(rows):
            w.writerow({**first, "record_id": str(90000 + n), "symbol": symbol, "title": title,
                        "agenda_subject": subject})  # fmt: skip
    return path


# (symbol, title, agenda subject, the State it is about or '' for a theme): the harvest's subjects in capitals
SUBJECTS = [
    ("A/HRC/RES/90/1", "Protection of Minorities : resolution /", "MINORITIES", ""),
    ("A/HRC/RES/90/2", "Status of women in the world : resolution /", "WOMEN'S STATUS", ""),
    ("A/HRC/RES/90/3", "Cooperation and assistance to Ukraine in the field of human rights : resolution /",
     "UKRAINE", "Ukraine"),
    ("A/HRC/RES/90/4", "Situation of human rights in the Tigray region of Ethiopia : resolution /",
     "HUMAN RIGHTS - ETHIOPIA", "Ethiopia"),
    ("A/HRC/RES/90/5", "Human rights and climate change : resolution /", "HUMAN RIGHTS - CLIMATE CHANGE", ""),
    ("A/HRC/RES/90/6", "Racial discrimination in southern Africa : resolution /", "SOUTHERN AFRICA", ""),
    ("A/HRC/RES/90/7", "Place of the next session : decision /", "", ""),
    ("A/HRC/DEC/90/8", "Outcome of the universal periodic review : Sri Lanka : decision /", "SRI LANKA", "Sri Lanka"),
]  # fmt: skip


def test_a_thematic_vote_has_no_state_and_a_country_vote_names_its_state(tmp_path):
    """A resolution about a theme ('MINORITIES') is not about a State: its ``state`` is empty and its ``theme``
    says the subject; one about a country names it as its title does; both are left out unless --all-states, and
    the line says they are not about Belarus, never that themes are 'other States'."""
    assert SUBJECTS
    _import_all(_votes_about(tmp_path, [s[:3] for s in SUBJECTS]))
    r = run("votes", "--json")
    assert r.code == 0 and len(r.json()) == 1
    assert f"left out {len(SUBJECTS)} records not about Belarus" in r.stderr and "other States" not in r.stderr
    r = run("votes", "--json", "--all-states")
    got = {x["symbol"]: (x["state"] or "", x["theme"] or "") for x in r.json()}
    for symbol, _title, subject, state in SUBJECTS:
        assert got[symbol][0] == state, symbol
        # a row with no State has a theme: its subject (or, where the file names none, its title)
        assert bool(got[symbol][1]) == (not state), symbol
        if subject and not state:
            assert got[symbol][1] == subject
    page = run("export", "--format", "html", "--all-states").stdout
    assert "about MINORITIES" not in page and "theme: MINORITIES" in page and "about Ukraine, not Belarus" in page
    table = run("votes", "--all-states", env={"COLUMNS": "200"}).stdout
    assert "none: MINORITIES" in table


def test_a_users_own_event_naming_another_state_is_said_at_import_and_hidden_for_the_true_reason(tmp_path):
    """A user's CSV of events with a ``state`` column: the import says how many name another State (listed only
    with --all-states); a listing's line never says they came from a dataset imported with --all-states."""
    states = ["Belarus", "BELARUS", "Republic of Belarus", "Poland", "", " Belarus "]
    path = tmp_path / "ev-states.csv"
    lines = ["date,summary,source,locator,state"]
    lines += [f"2021-01-0{n + 1},Own event {n},gov-2014,p. 1,{s}" for n, s in enumerate(states)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    others = sum(1 for s in states if s.strip() and "belarus" not in s.casefold())
    assert others == 1
    r = run("import", str(path))
    assert r.code == 0, r.stderr
    assert f"ev-states.csv: {others} event(s) name another State than Belarus" in r.stderr
    r = run("timeline", "--json", "--from", "2021", "--to", "2021")
    assert r.code == 0 and f"left out {others} record not about Belarus" in r.stderr
    assert "dataset" not in r.stderr
    assert len([x for x in r.json() if x["summary"].startswith("Own event")]) == len(states) - others


def _untc_per_state() -> dict[str, int]:
    """The UNTC fixture's events per other State (its name without the page's footnote number), one per filled
    Signature or Ratification cell."""
    import re

    with open(UNTC_FILE, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))[1:]
    return {
        re.sub(r"\s*\d+$", "", state.strip()): sum(1 for c in cells if c.strip())
        for state, *cells in rows
        if state.strip() != "Belarus"
    }


def test_state_selects_the_events_of_one_other_state_in_treaty_and_timeline():
    per_state = {s: n for s, n in _untc_per_state().items() if n}
    assert len(per_state) > 1
    _import_all()
    for state, n in per_state.items():
        for args in (("treaty", "CCPR"), ("timeline", "--body", "CCPR")):
            r = run(*args, "--state", state.upper(), "--json")  # any case
            assert r.code == 0, (args, r.stderr)
            assert len(r.json()) == n and {x["state"] for x in r.json()} == {state}, (args, state)
            assert NOTE not in r.stderr
    state = next(iter(per_state))
    table = run("treaty", "CCPR", "--state", state, env={"COLUMNS": "200"}).stdout
    assert "State" in table.splitlines()[1] and state in table


def test_state_names_another_state_the_events_are_about():
    _import_all()
    state = next(s for s, n in _untc_per_state().items() if n)
    r = run("timeline", "--state", state[:-1] + "X")
    assert r.code == 2 and f"'{state[:-1]}X'. Did you mean '{state}'" in r.stderr  # as typed
    r = run("treaty", "CCPR", "--state", "Belarus")
    assert r.code == 2 and "Belarus's events are listed without it" in r.stderr
    assert run("treaty", "--state", state).code == 2  # the overview is Belarus's


def test_votes_state_lists_one_other_subject_with_its_name_in_the_title(tmp_path):
    path = DATA / "ohchr-voting-belarus-2020.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        ukraine = [r["symbol"] for r in csv.DictReader(fh) if r["agenda_subject"].strip() == "UKRAINE"]
    assert ukraine
    _import_all(path)
    rows = run("votes", "--state", "ukraine", "--json").json()
    assert [x["symbol"] for x in rows] == ukraine and {x["state"] for x in rows} == {"Ukraine"}  # as its title names it
    table = run("votes", "--state", "Ukraine", env={"COLUMNS": "200"}).stdout
    assert "Resolutions and decisions on Ukraine:" in table and "Belarus:" not in table.splitlines()[0]


def test_state_completion_offers_the_other_states_the_events_are_about():
    import shlex

    from conftest import bash_completions

    _import_all()
    states = {s for s, n in _untc_per_state().items() if n}
    assert states
    offered = {shlex.split(w)[0] for w in bash_completions("hrcli timeline --state ", 3)}
    assert offered == states  # never Belarus, whose events are listed without --state
    assert bash_completions("hrcli treaty CCPR --state pol", 4) == ["poland"]  # as typed


def test_an_event_whose_state_is_belarus_spelled_otherwise_is_belarus_s(isolated):
    facts = isolated / "data" / "facts"
    facts.mkdir(parents=True, exist_ok=True)
    spellings = ["Belarus", "Republic of Belarus", "BÉLARUS"]
    events = "".join(
        f'[[events]]\nid = "zz-ev-{n}"\ndate = "2020"\nsource = "unct-2009"\nlocator = "para. 1"\n'
        f'summary = "an event of mine"\nstate = {json.dumps(s)}\n'
        for n, s in enumerate(spellings)
    )
    (facts / "user.toml").write_text("schema = 1\n" + events, encoding="utf-8")
    r = run("timeline", "--json", "--origin", "user")
    assert r.code == 0, r.stderr
    mine = [x for x in r.json() if x["id"].startswith("zz-ev-")]
    assert len(mine) == len(spellings)  # none hidden as another State's
    assert all(x.get("state") is None for x in mine)  # stored empty, as the documents have Belarus
    assert NOTE not in r.stderr
