"""Treaty status from published datasets (issue 29, item 4): UN Treaty Collection status tables (the tidy
per-treaty file and the status page table) and OHCHR's ratification dashboard export become treaty events naming
the treaty and its committee, with the dataset's status; only a party is ratified. Counts and dates are computed
here from the fixtures themselves (tests/data/datasets/, docs/dev/datasets.md §5-6)."""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
from pathlib import Path

import pytest

from conftest import ok_json, run
from hrcli.importer import read_table
from hrcli.importer.profiles_un import DASHBOARD, TIDY, UNTC
from hrcli.importer.table import ERR, Table
from hrcli.importer.treaties import TREATY_TITLES, treaty_in_title
from hrcli.importer.un_datasets import apply, detect

DATA = Path(__file__).parent / "data" / "datasets"
TIDY_FILE = DATA / "hr_status_iccpr_op1.csv"
UNTC_FILE = DATA / "untc-IV-5-status.csv"
DASH_FILE = DATA / "UnderlyingData_ICESCR_OHCHR_02_07_2026.xls"


def _csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _records(profile, path: Path) -> list[dict]:
    """Every State's records as the profile reads the file (all_states: nothing left out)."""
    return [rec for _w, rec in apply(profile, read_table(path), all_states=True).iter_rows()]


def test_each_fixture_is_recognised_by_its_header():
    assert detect(list(_csv(TIDY_FILE)[0])) is TIDY
    assert detect(list(_csv(UNTC_FILE)[0])) is UNTC
    assert detect(["Country", "Date of Signature (dd/mm/yyyy)", "Date of Ratification/Accession"]) is DASHBOARD
    # a column short of the shape is the generic path
    tidy = list(_csv(TIDY_FILE)[0])
    assert detect([c for c in tidy if c != "no action"]) is None
    assert detect(["Participant", "Signature"]) is None
    assert detect(["Country", "Date of Signature (dd/mm/yyyy)"]) is None


def test_tidy_status_keeps_the_files_status_and_only_parties_are_ratified():
    rows = _csv(TIDY_FILE)
    recs = _records(TIDY, TIDY_FILE)
    assert len(recs) == len(rows) > 0
    want = {"state party": "party", "signatory state": "signatory", "no action": "no-action"}
    for row, rec in zip(rows, recs, strict=True):
        assert rec["treaty_status"] == want[row["status"]], row["member"]
        assert rec["treaty"] == "ICCPR-OP1" and rec["body"] == "CCPR"
        if row["status"] == "state party":
            assert rec["date"] == row["year ratification or accession"]  # a year stays a year
        else:
            assert rec["date"] != row["year ratification or accession"]
    parties = sum(1 for r in recs if r["treaty_status"] == "party")
    assert parties == sum(1 for r in rows if r["status"] == "state party")
    # the flags disagree with status on some rows (datasets.md): status is what counts
    assert any(r["no action"] == "1" and r["status"] == "state party" for r in rows)


def test_tidy_status_imports_belarus_under_its_committee_with_no_flags():
    rows = _csv(TIDY_FILE)
    belarus = [r for r in rows if r["member"] == "Belarus"]
    assert len(belarus) == 1
    r = run("import", str(TIDY_FILE))
    assert r.code == 0, r.stderr
    assert "recognised hr_status_iccpr_op1.csv: a UN Treaty Collection status table" in r.stderr
    assert f"left out {len(rows) - 1} row(s)" in r.stderr
    mine = [x for x in ok_json("treaty", "CCPR") if x["treaty"]]
    assert len(mine) == 1
    ev = mine[0]
    assert ev["date"] == belarus[0]["year ratification or accession"] and ev["treaty"] == "ICCPR-OP1"
    assert ev["treaty_status"] == "party" and ev["voice"] == "other" and ev["source"].startswith("untc-status")
    # beside the documents' own history of the committee
    assert any(x["source"] in ("gov-2011", "gov-2014", "mfa-web") for x in ok_json("treaty", "CCPR"))


@pytest.mark.parametrize("spelling", ["Republic of Belarus", "Belarus (Republic of)", "Bélarus", "Byelorussian SSR"])
def test_a_status_file_spelling_belarus_otherwise_keeps_its_row(isolated, spelling):
    """The UN datasets know Belarus as the UPR profiles and the counts do (cycles.is_home_name), not by one
    spelling: a row under another spelling was left out as another State's."""
    rows = _csv(TIDY_FILE)
    text = TIDY_FILE.read_bytes().decode("utf-8").replace(",Belarus,", f",{spelling},")
    assert spelling in text
    path = isolated / TIDY_FILE.name
    path.write_bytes(text.encode("utf-8"))
    r = run("import", str(path))
    assert r.code == 0, r.stderr
    assert f"left out {len(rows) - 1} row(s)" in r.stderr
    assert [x["treaty_status"] for x in ok_json("treaty", "CCPR") if x["treaty"]] == ["party"]


def test_a_tidy_file_must_name_its_treaty(tmp_path):
    path = tmp_path / "status.csv"
    path.write_bytes(TIDY_FILE.read_bytes())
    r = run("import", str(path))
    assert r.code == 2 and "hr_status_<treaty>.csv" in r.stderr


def _untc_cell(text: str) -> tuple[str, str] | None:
    m = re.match(r"(\d+) (\w+) (\d{4})\s*(\w*)$", text.strip())
    if not m:
        return None
    day = dt.datetime.strptime(f"{m[1]} {m[2]} {m[3]}", "%d %b %Y").date().isoformat()
    return day, m[4]


def test_untc_page_table_signatures_and_ratifications_at_their_day():
    rows = _csv(UNTC_FILE)
    last = [c for c in rows[0] if c.startswith("Ratification")][0]
    recs = _records(UNTC, UNTC_FILE)
    acted = [r for r in rows if r[last].strip()]
    signed_only = [r for r in rows if r["Signature"].strip() and not r[last].strip()]
    assert acted and signed_only
    parties = [r for r in recs if r.get("treaty_status") == "party"]
    assert len(parties) == len(acted)
    assert sum(1 for r in recs if r.get("treaty_status") == "signatory") == len(signed_only)
    assert sum(1 for r in recs if r.get("action") == "signature") == sum(1 for r in rows if r["Signature"].strip())
    assert sorted(r["date"] for r in parties) == sorted(_untc_cell(r[last])[0] for r in acted)
    marks = {"a": "accession", "": "ratification"}
    for row in acted:
        day, mark = _untc_cell(row[last])
        rec = next(r for r in parties if r["date"] == day)
        assert rec["action"] == marks.get(mark, "ratification")
        assert rec["treaty"] == "ICCPR-OP1" and rec["body"] == "CCPR"
    # a footnote number after a name is not part of it
    assert all(not re.search(r"\d", r["summary"].split(":")[0]) for r in parties)


def test_untc_imports_belarus_accession_with_no_flags():
    rows = _csv(UNTC_FILE)
    last = [c for c in rows[0] if c.startswith("Ratification")][0]
    day, mark = _untc_cell(next(r for r in rows if r["Participant"] == "Belarus")[last])
    r = run("import", str(UNTC_FILE))
    assert r.code == 0, r.stderr
    mine = [x for x in ok_json("treaty", "CCPR") if x["treaty"] == "ICCPR-OP1"]
    assert [(x["date"], x["action"], x["treaty_status"]) for x in mine] == [
        (day, "accession" if mark == "a" else "ratification", "party")
    ]


def _serial(n: float) -> str:
    return (dt.date(1899, 12, 30) + dt.timedelta(days=int(n))).isoformat()


def _dashboard_rows() -> tuple[list[str], list[list]]:
    xlrd = pytest.importorskip("xlrd")
    book = xlrd.open_workbook(str(DASH_FILE))
    sh = book.sheet_by_index(0)
    at = next(i for i in range(sh.nrows) if str(sh.cell_value(i, 0)).strip() == "Country")
    header = [str(c) for c in sh.row_values(at)]
    return header, [sh.row_values(i) for i in range(at + 1, sh.nrows)]


def test_dashboard_export_from_the_xls_itself():
    header, rows = _dashboard_rows()
    assert detect(header) is DASHBOARD
    table = Table(
        DASH_FILE.name, header, [(f"row {i}", dict(zip(header, r, strict=False))) for i, r in enumerate(rows)]
    )
    recs = [rec for _w, rec in apply(DASHBOARD, table, all_states=True).iter_rows()]
    states = [r for r in rows if r[0] and not str(r[0]).startswith(("Definitions", "Database"))]
    ratified = [r for r in states if r[2] not in ("", None)]
    assert sum(1 for r in recs if r.get("treaty_status") == "party") == len(ratified)
    assert {r["date"] for r in recs if r.get("treaty_status") == "party"} == {_serial(r[2]) for r in ratified}
    none = [r for r in states if r[1] in ("", None) and r[2] in ("", None)]
    assert sum(1 for r in recs if r.get("treaty_status") == "no-action") == len(none)


def test_dashboard_rows_dates_and_statuses():
    # the export's shape (datasets.md §6): Excel serial day numbers, footer notes under the table
    header = ["Country", "Date of Signature (dd/mm/yyyy)", "Date of Ratification/Accession"]
    rows = [
        ["Belarus", 24916.0, 26980.0],
        ["Cuba", 39506.0, ""],
        ["Malaysia", "", ""],
        ["Definitions and metadata: see the dashboard", "", ""],
    ]
    table = Table(
        DASH_FILE.name, header, [(f"row {i + 3}", dict(zip(header, r, strict=True))) for i, r in enumerate(rows)]
    )
    recs = [rec for _w, rec in apply(DASHBOARD, table, all_states=True).iter_rows()]
    got = [(r["summary"].split()[0], r.get("action"), r.get("treaty_status"), r["date"]) for r in recs]
    assert got == [
        ("Belarus", "signature", None, _serial(24916)),
        ("Belarus", "ratification", "party", _serial(26980)),
        ("Cuba", "signature", "signatory", _serial(39506)),
        ("Malaysia", None, "no-action", "2026-07-02"),  # as of the date in the file's name
    ]
    assert {r["treaty"] for r in recs} == {"ICESCR"} and {r["body"] for r in recs} == {"CESCR"}
    # only Belarus by default; the others are counted
    only = apply(DASHBOARD, table)
    assert {r["summary"].split()[0] for _w, r in only.iter_rows()} == {"Belarus"}
    assert only.ctx["left_out"] == 2


def test_no_action_and_signatory_never_count_as_ratified():
    recs = _records(TIDY, TIDY_FILE)
    for r in recs:
        if r["treaty_status"] != "party":
            assert r.get("action") in (None, "signature") and "became a party" not in r["summary"]


def test_a_year_beside_another_status_does_not_make_a_party(tmp_path):
    # the flags and the year can disagree with status (datasets.md §5): a row whose status is not 'state party'
    # is never dated as a ratification, whatever its year cell holds
    rows = _csv(TIDY_FILE)
    belarus = next(r for r in rows if r["member"] == "Belarus")
    assert belarus["year ratification or accession"]
    path = tmp_path / "hr_status_iccpr_op1.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\r\n")
        w.writeheader()
        w.writerow(belarus | {"status": "no action"})
    (rec,) = _records(TIDY, path)
    assert rec["treaty_status"] == "no-action"
    assert rec["date"] != belarus["year ratification or accession"] and "became a party" not in rec["summary"]


def test_dashboard_text_dates_follow_the_headers_order():
    header = ["Country", "Date of Signature (dd/mm/yyyy)", "Date of Ratification/Accession"]
    table = Table(
        DASH_FILE.name, header, [("row 3", dict(zip(header, ["Belarus", "12/05/1968", "03/11/1973"], strict=True)))]
    )
    recs = [rec for _w, rec in apply(DASHBOARD, table).iter_rows()]
    assert [r["date"] for r in recs] == ["1968-05-12", "1973-11-03"]


@pytest.mark.parametrize(("treaty", "code"), [("opcat", "SPT"), ("icmw", "CMW")])
def test_treaty_accepts_a_committee_code_the_users_records_hold(tmp_path, treaty, code):
    r = run("treaty", code)
    assert r.code == 2 and "Traceback" not in r.stderr  # nothing holds it yet: still a usage error
    path = tmp_path / f"hr_status_{treaty}.csv"
    path.write_bytes((DATA / "hr_status_iccpr_op1.csv").read_bytes())
    r = run("import", str(path))
    assert r.code == 0, r.stderr
    for typed in (code, code.lower()):
        rows = ok_json("treaty", typed)
        assert rows, typed
        assert all(row["body"] == code for row in rows)
        assert any("Belarus became a party to" in row["summary"] for row in rows)
    r = run("treaty", "XYZQ")
    assert r.code == 2 and "unknown committee" in r.stderr.lower()


# every core treaty and optional protocol, as hrcli abbreviates it, and its committee (OPCAT's is the SPT)
CORE_TREATIES = {
    "ICERD": "CERD",
    "ICCPR": "CCPR",
    "ICCPR-OP1": "CCPR",
    "ICCPR-OP2": "CCPR",
    "ICESCR": "CESCR",
    "ICESCR-OP": "CESCR",
    "CEDAW": "CEDAW",
    "CEDAW-OP": "CEDAW",
    "CAT": "CAT",
    "OPCAT": "SPT",
    "CRC": "CRC",
    "OP-CRC-AC": "CRC",
    "OP-CRC-SC": "CRC",
    "OP-CRC-IC": "CRC",
    "ICMW": "CMW",
    "CRPD": "CRPD",
    "CRPD-OP": "CRPD",
    "CPED": "CED",
}


def test_the_status_profiles_know_every_core_treaty_and_its_committee():
    from hrcli.importer.profiles_un import MTDSG, TIDY_NAMES, TREATY_BODY

    assert TREATY_BODY == CORE_TREATIES
    # each file-name vocabulary names every treaty, and only treaties the profiles know
    assert set(TIDY_NAMES.values()) == set(CORE_TREATIES)
    assert set(MTDSG.values()) == set(CORE_TREATIES)


@pytest.mark.parametrize("code", sorted(set(CORE_TREATIES.values())))
def test_no_treaty_committee_is_taken_for_a_typo(code):
    """CED is one letter from CERD: a status file's committee must not be refused as a likely typo."""
    from hrcli.validate import unfamiliar

    assert unfamiliar({"body": code}, set(), set()) == []
    assert unfamiliar({"body": "CEDD"}, set(), set())  # a real typo still is one


def _named_copies(tmp_path: Path) -> list[tuple[Path, str]]:
    """A copy of each fixture under every name its profile reads a treaty from: (file, the treaty it names)."""
    from hrcli.importer.treaties import DASH_TREATY as _DASH_TREATY
    from hrcli.importer.treaties import MTDSG, TIDY_NAMES, TREATY_BODY

    out = []
    for name, code in TIDY_NAMES.items():
        out.append((tmp_path / f"hr_status_{name}.csv", code))
        out[-1][0].write_bytes(TIDY_FILE.read_bytes())
    for no, code in MTDSG.items():
        out.append((tmp_path / f"untc-{no}-status.csv", code))
        out[-1][0].write_bytes(UNTC_FILE.read_bytes())
    for name in (*TREATY_BODY, *_DASH_TREATY):
        code = _DASH_TREATY.get(name, name)
        out.append((tmp_path / f"UnderlyingData_{name}_OHCHR_02_07_2026.xls", code))
        out[-1][0].write_bytes(DASH_FILE.read_bytes())
    return out


def test_every_treaty_a_file_name_can_name_becomes_its_treaty_and_committee(tmp_path):
    copies = _named_copies(tmp_path)
    assert {code for _p, code in copies} == set(CORE_TREATIES)
    for path, code in copies:
        table = read_table(path)
        profile = detect(table.columns)
        assert profile in (TIDY, UNTC, DASHBOARD), path.name
        if profile is DASHBOARD:  # the fixture's title row names ICESCR: as a download for this treaty names it
            assert treaty_in_title(table.title) == "ICESCR"
            table.title = f"{TREATY_TITLES[code]} - status of ratification"
        recs = [rec for _w, rec in apply(profile, table).iter_rows()]
        assert recs, path.name
        assert {(r["treaty"], r["body"]) for r in recs} == {(code, CORE_TREATIES[code])}, path.name


def _dashboard_xlsx(path: Path, title: str) -> Path:
    """The dashboard fixture's sheet (title row, header, rows, footer; dates as date cells) with another title,
    saved as .xlsx (no .xls writer is a dependency: the profile reads what either reader gives)."""
    openpyxl = pytest.importorskip("openpyxl")
    xlrd = pytest.importorskip("xlrd")
    sheet = xlrd.open_workbook(str(DASH_FILE)).sheet_by_index(0)
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet.name
    for r in range(sheet.nrows):
        row = sheet.row_values(r)
        if r == 0:
            row = [title, *row[1:]]
        elif r > 1:
            row = [row[0], *(dt.date.fromisoformat(_serial(v)) if isinstance(v, float) else v for v in row[1:])]
        ws.append([None if v == "" else v for v in row])
    book.save(path)
    return path


@pytest.mark.parametrize(
    "name", ["hr_status_cped.csv", "untc-IV-16-status.csv", "UnderlyingData_CPED_OHCHR_02_07_2026.xlsx"]
)
def test_a_cped_status_file_imports_under_ced_with_no_flags(isolated, name):
    """The Convention on Enforced Disappearance's committee, CED, was refused as a typo of CERD ('--new-body')."""
    path = isolated / name
    if name.endswith(".xlsx"):
        _dashboard_xlsx(path, f"{TREATY_TITLES['CPED']} - status of ratification")
    else:
        path.write_bytes((TIDY_FILE if name.startswith("hr_") else UNTC_FILE).read_bytes())
    r = run("import", str(path))
    assert r.code == 0, r.stderr
    assert "new-body" not in r.stderr
    rows = ok_json("treaty", "CED")
    assert rows and all(x["treaty"] == "CPED" and x["body"] == "CED" for x in rows)
    assert any("Belarus" in x["summary"] for x in rows)


def _untc_copy(where: Path, belarus: str, name: str = UNTC_FILE.name) -> Path:
    """The UNTC page fixture (UTF-8, LF) with Belarus's row's cells replaced by ``belarus`` (a CSV line's tail)."""
    text = UNTC_FILE.read_bytes().decode("utf-8")
    assert "\nBelarus,,30 Sep 1992 a\n" in text
    path = where / name
    path.write_bytes(text.replace("\nBelarus,,30 Sep 1992 a\n", f"\nBelarus,{belarus}\n").encode("utf-8"))
    return path


@pytest.mark.parametrize(
    ("cell", "action", "note"),
    [
        ("1992-09-30", "ratification", None),
        ("1992-09-30 a", "accession", None),
        ("30 Sep 1992 a", "accession", None),
        ("30\u00a0Sep\u00a01992\u00a0a", "accession", None),
        ("30 Sep  1992a", "accession", None),
        ("30 Sep 1992 a 3", "accession", None),
        ("30 Sep 1992 2, 4", "ratification", None),
        ("30 September 1992", "ratification", None),
        ("30 Sep 1992 d", "ratification", "succession"),
        ("30 Sep 1992 s", "ratification", "definitive signature"),
        ("30 Sep 1992 AA", "ratification", "approval"),
    ],
)
def test_untc_reads_every_date_shape_the_page_writes(tmp_path, cell, action, note):
    """A date in ISO form, with no-break spaces, a footnote or another marker is read, never dropped."""
    recs = _records(UNTC, _untc_copy(tmp_path, f',"{cell}"'))  # quoted: a footnote list holds a comma
    mine = [r for r in recs if r["summary"].startswith("Belarus")]
    assert [(r["date"], r["action"], r["treaty_status"]) for r in mine] == [("1992-09-30", action, "party")]
    assert (note or "") in mine[0].get("note", "")


@pytest.mark.parametrize(
    ("cells", "says"),
    [
        (",09/10/1992", "may be dd/mm/yyyy or mm/dd/yyyy"),  # day and month in an order no date tells
        (",31 Sep 1992 a", "not a date"),
        (',"Sep 31, 1992"', "not a date"),
        (",1992", "not a date"),
        ("1992-02-30,", "not a date"),
        (",30 Sep 1992 x", "unknown marker 'x'"),
        (",", "holds a date"),
    ],
)
def test_an_untc_row_whose_date_cannot_be_read_is_a_problem_never_dropped(isolated, cells, says):
    r = run("import", str(_untc_copy(isolated, cells)))
    assert r.code != 0 and "Traceback" not in r.stderr
    assert "nothing was imported" in r.stderr
    line = next(x for x in r.stderr.splitlines() if "line 2" in x)
    assert says in line
    assert len(line.splitlines()) == 1


def test_untc_rows_with_the_same_bad_date_are_one_line(isolated):
    path = _untc_copy(isolated, ",1992-9-30")
    text = path.read_text(encoding="utf-8").replace("Poland,,7 Nov 1991 a", "Poland,,1991-11-7 a")
    path.write_text(text, encoding="utf-8")
    r = run("import", str(path), "--all-states")
    assert r.code != 0
    said = [x for x in r.stderr.splitlines() if "not a date" in x]
    assert len(said) == 1 and "(2 rows)" in said[0], r.stderr


def test_a_row_with_dates_but_no_state_is_a_problem(isolated):
    path = _untc_copy(isolated, ",30 Sep 1992 a")
    path.write_text(path.read_text(encoding="utf-8").replace("Poland,,", ",,"), encoding="utf-8")
    r = run("import", str(path))
    assert r.code != 0 and "'Participant' cell is empty" in r.stderr
    lines = TIDY_FILE.read_bytes().decode("utf-8").split("\r\n")
    at = next(i for i, x in enumerate(lines) if x.startswith("PL,Poland,"))
    lines[at] = lines[at].replace("PL,Poland,", "PL,,")
    tidy = isolated / TIDY_FILE.name
    tidy.write_bytes("\r\n".join(lines).encode("utf-8"))
    r = run("import", str(tidy))
    assert r.code != 0 and f"line {at + 1}: a row with a status names no State" in r.stderr, r.stderr
    header, rows = _dashboard_rows()
    body = [(f"row {i}", dict(zip(header, r, strict=False))) for i, r in enumerate(rows, 3)]
    body.append(("row 99", {header[0]: "", header[1]: "", header[2]: 33000.0}))
    recs = list(apply(DASHBOARD, Table(DASH_FILE.name, header, body)).iter_rows())
    said = [rec.get(ERR) for where, rec in recs if where == "row 99"]
    assert said == ["a row with dates names no State (its 'Country' cell is empty)"]


def test_a_title_row_names_the_treaty_when_the_file_name_does_not(tmp_path):
    """OHCHR's dashboard export carries a title row above its header: a copy whose name no longer names the
    treaty is read by its title; a title and a name that disagree are refused, naming both."""
    assert {treaty_in_title(f"{t} - status of ratification") for t in TREATY_TITLES.values()} == set(TREATY_TITLES)
    assert treaty_in_title("Second Optional Protocol to the International Covenant on Civil and Political Rights,"
                           " aiming at the abolition of the death penalty") == "ICCPR-OP2"  # fmt: skip
    assert treaty_in_title("Status of ratification") is None
    renamed = tmp_path / "ratification-dashboard.xls"
    renamed.write_bytes(DASH_FILE.read_bytes())
    recs = _records(DASHBOARD, renamed)
    assert recs and {(r["treaty"], r["body"]) for r in recs} == {("ICESCR", "CESCR")}
    for code, title in TREATY_TITLES.items():
        path = _dashboard_xlsx(tmp_path / "dashboard.xlsx", f"{title} - status of ratification")
        recs = _records(DASHBOARD, path)
        assert recs and {(r["treaty"], r["body"]) for r in recs} == {(code, CORE_TREATIES[code])}, code
    # a CSV's title line above the header reads the same way
    text = UNTC_FILE.read_text(encoding="utf-8")
    path = tmp_path / "untc-status.csv"
    path.write_text(f"{TREATY_TITLES['CPED']}\n{text}", encoding="utf-8")
    recs = _records(UNTC, path)
    assert recs and {r["treaty"] for r in recs} == {"CPED"}
    # the name says one treaty and the title another: which is right cannot be told
    wrong = tmp_path / "UnderlyingData_CPED_OHCHR_02_07_2026.xls"
    wrong.write_bytes(DASH_FILE.read_bytes())
    r = run("import", str(wrong))
    assert r.code == 2 and "its name says CPED but its title row says ICESCR" in r.stderr
    nameless = tmp_path / "status.csv"
    nameless.write_bytes(TIDY_FILE.read_bytes())
    r = run("import", str(nameless))
    assert r.code == 2 and "hr_status_<treaty>.csv" in r.stderr and "title row" in r.stderr


# ---- status files as researchers get them: re-saved, copied, named otherwise (redteam F4-F38) ----------------


def _write(path: Path, lines: list[str], end: str = "\n") -> Path:
    path.write_bytes((end.join(lines) + end).encode("utf-8"))
    return path


UNTC_HEAD = 'Participant,Signature,"Ratification, Accession(a), Succession(d)"'


@pytest.mark.parametrize(
    ("sign", "ratif", "days"),
    [
        ("19-Mar-68", "12-Nov-73", ("1968-03-19", "1973-11-12")),  # Excel's d-mmm-yy, written back to CSV
        ("19-Mar-1968", "12 Nov 1973", ("1968-03-19", "1973-11-12")),
        ("3/19/1968", "", ("1968-03-19", None)),  # a short date: only a day over 12 tells the order
        ("3/19/68", "11/12/73", ("1968-03-19", "1973-11-12")),  # ... and so the table's order: 11/12/73 too
        ("24916", "26980", ("1968-03-19", "1973-11-12")),  # an Excel serial day number
        ("5-Jan-05", "", ("2005-01-05", None)),  # two digits: 1946 or later (the UN's depositary dates)
    ],
)
def test_untc_reads_a_table_a_spreadsheet_saved_back(isolated, sign, ratif, days):
    """A page table opened and saved in Excel (its dates turned into date cells and written back otherwise) keeps
    Belarus's signature and ratification; a cell that cannot be read is a row problem, never an empty cell."""
    path = _write(isolated / "untc-IV-4-status.csv", [UNTC_HEAD, f"Belarus,{sign},{ratif}", "Cambodia,17-Oct-80,"])
    r = run("import", str(path), "--dry-run")
    if days[1] is None and ratif:  # 11/12/73: either order is a day: which one cannot be told
        assert r.code != 0 and "line 2: 'Ratification, Accession(a), Succession(d)': not a date" in r.stderr
        return
    assert r.code == 0, r.stderr
    recs = [rec for _w, rec in apply(UNTC, read_table(path)).iter_rows()]
    assert [(x["date"], x["action"]) for x in recs] == [
        (d, a) for d, a in zip(days, ("signature", "ratification"), strict=True) if d
    ]


def test_a_depositary_two_digit_year_is_1946_or_later():
    from hrcli.importer.dates import depositary_date

    assert depositary_date("1-Jan-46") == ("1946-01-01", "")
    assert depositary_date("31-Dec-45") == ("2045-12-31", "")
    assert depositary_date("12-Nov-73") == ("1973-11-12", "")
    assert depositary_date("3/2/1967") is None  # day and month in unknown order
    assert depositary_date("3/2/1967", "mdy") == ("1967-03-02", "")  # ... read in the order the table settles
    assert depositary_date("3/2/1967 a", "dmy") == ("1967-02-03", "a")
    assert depositary_date("8 Nov 2022 (denunciation)") is None


def test_untc_unreadable_spreadsheet_date_is_a_row_problem(isolated):
    path = _write(isolated / "untc-IV-4-status.csv", [UNTC_HEAD, "Belarus,19-Mar-68,12-Nov-73", "Poland,3/2/1967,"])
    r = run("import", str(path), "--all-states")
    assert r.code != 0 and "line 3: '3/2/1967' in 'Signature' may be dd/mm/yyyy or mm/dd/yyyy" in r.stderr
    assert "nothing was imported" in r.stderr and "not a date" not in r.stderr


def test_untc_covenant_page_signature_column_and_succession_to_signature(tmp_path):
    """The Covenants' pages head the signature column 'Signature, Succession to signature(d)': read, with 'd'."""
    head = 'Participant,"Signature, Succession to signature(d)","Ratification, Accession(a), Succession(d)"'
    path = _write(
        tmp_path / "untc-IV-4-status.csv",
        [head, "Belarus,19 Mar 1968,12 Nov 1973", "Cuba,28 Feb 2008,", "Slovakia 5,28 May 1993 d,28 May 1993 d"],
    )
    assert detect(read_table(path).columns) is UNTC
    recs = [rec for _w, rec in apply(UNTC, read_table(path), all_states=True).iter_rows()]
    got = [
        (x["summary"].split(":")[0].split(" signed")[0], x["date"], x["action"], x.get("treaty_status")) for x in recs
    ]
    assert got == [
        ("Belarus", "1968-03-19", "signature", None),
        ("Belarus", "1973-11-12", "ratification", "party"),
        ("Cuba", "2008-02-28", "signature", "signatory"),
        ("Slovakia", "1993-05-28", "signature", None),
        ("Slovakia", "1993-05-28", "ratification", "party"),
    ]
    assert "succession to signature" in recs[3]["note"] and "succession" in recs[4]["note"]
    assert {x["treaty"] for x in recs} == {"ICCPR"}


def test_untc_crpd_page_header_is_recognised(tmp_path):
    head = 'Participant,Signature,"Formal confirmation(c), Accession(a), Ratification"'
    path = _write(
        tmp_path / "untc-IV-15-status.csv",
        [head, "Belarus,,29 Nov 2016 a", "European Union,30 Mar 2007,23 Dec 2010 c", "Poland,30 Mar 2007,25 Sep 2012"],
    )
    table = read_table(path)
    assert detect(table.columns) is UNTC
    recs = [rec for _w, rec in apply(UNTC, table, all_states=True).iter_rows()]
    parties = [(x["summary"].split(":")[0], x["date"], x["action"]) for x in recs if x.get("treaty_status") == "party"]
    assert parties == [
        ("Belarus", "2016-11-29", "accession"),
        ("European Union", "2010-12-23", "ratification"),
        ("Poland", "2012-09-25", "ratification"),
    ]
    assert "formal confirmation" in recs[2]["note"] and {x["treaty"] for x in recs} == {"CRPD"}


@pytest.mark.parametrize("belarus", ["Belarus3", "Belarus 3 4", "Belarus 2, 5"])
def test_untc_belarus_with_its_footnote_numbers_is_belarus(isolated, belarus):
    path = _write(
        isolated / "untc-IV-5-status.csv", [UNTC_HEAD, f'"{belarus}",,30 Sep 1992 a', "Czech Republic4,,22 Feb 1993 d"]
    )
    table = apply(UNTC, read_table(path))
    recs = [rec for _w, rec in table.iter_rows()]
    assert [(x["summary"], x["date"]) for x in recs] == [("Belarus: accession of ICCPR-OP1.", "1992-09-30")]
    assert table.ctx["left_out"] == 1


@pytest.mark.parametrize(
    ("name", "code"),
    [("IV-5-en.csv", "ICCPR-OP1"), ("untc-IV-11-b-fn.csv", "OP-CRC-AC"), ("IV-3-a.csv", "ICESCR-OP")],
)
def test_untc_mtdsg_no_is_the_longest_known_number_in_the_name(tmp_path, name, code):
    path = _write(tmp_path / name, [UNTC_HEAD, "Belarus,,30 Sep 1992 a"])
    assert {x["treaty"] for _w, x in apply(UNTC, read_table(path)).iter_rows()} == {code}


def test_untc_unknown_mtdsg_no_is_quoted(isolated):
    path = _write(isolated / "untc-IV-99-status.csv", [UNTC_HEAD, "Belarus,,30 Sep 1992 a"])
    r = run("import", str(path))
    assert r.code == 2 and "not IV-99" in r.stderr and "--set treaty=CODE" in r.stderr


def test_untc_unknown_text_after_a_date_is_a_problem_never_a_ratification(isolated):
    path = _write(isolated / "untc-IV-5-status.csv", [UNTC_HEAD, 'Belarus,,"8 Nov 2022 (denunciation)"'])
    r = run("import", str(path))
    assert r.code != 0 and "line 2:" in r.stderr and "not a date" in r.stderr


def test_tidy_status_with_no_date_is_never_dated_the_day_the_file_was_read(isolated):
    """The tidy files date no status but a party's year: a 'no action' or 'signatory' row is 'by' the day read
    (an interval with no start: the status held at some time before), said in one line, never that day as the
    data's; --set date= gives the day the data is as of."""
    rows = _csv(TIDY_FILE)
    path = isolated / TIDY_FILE.name
    path.write_bytes(
        TIDY_FILE.read_bytes().replace(b"BY,Belarus,1,1992,0,0,state party", b"BY,Belarus,0,,0,1,no action")
    )
    read = dt.date.fromtimestamp(path.stat().st_mtime).isoformat()
    r = run("import", str(path))
    assert r.code == 0, r.stderr
    assert "1 status row(s) carry no date" in r.stderr and "--set date=YYYY-MM-DD" in r.stderr
    (ev,) = [x for x in ok_json("treaty", "CCPR") if x["treaty"]]
    assert ev["treaty_status"] == "no-action" and ev["date"] == f"/{read}" and ev["date"] != read
    assert len(rows) > 1
    table = apply(TIDY, read_table(path), sets=[("date", "2022-05-29")])
    assert [x["date"] for _w, x in table.iter_rows()] == ["2022-05-29"] and table.ctx["undated"] == 0


def test_tidy_year_saved_through_pandas_is_a_year(tmp_path, isolated):
    lines = TIDY_FILE.read_bytes().decode("utf-8").split("\r\n")
    pd = [",".join(["", lines[0]])] + [f"{i},{x}" for i, x in enumerate(lines[1:]) if x]
    pd = [x.replace(",1992,", ",1992.0,") for x in pd]
    path = _write(isolated / TIDY_FILE.name, pd)
    assert ",1992.0," in path.read_text(encoding="utf-8")
    recs = [x for _w, x in apply(TIDY, read_table(path)).iter_rows()]
    assert [(x["date"], x["treaty_status"]) for x in recs] == [("1992", "party")]
    path.write_text(path.read_text(encoding="utf-8").replace(",1992.0,", ",1992.5,"), encoding="utf-8")
    r = run("import", str(path))
    assert r.code != 0 and "'year ratification or accession': not a year: '1992.5'" in r.stderr
    assert "--map" not in r.stderr and "column 'date'" not in r.stderr


def test_set_treaty_names_a_status_file_read_from_stdin_or_named_otherwise(isolated):
    r = run("import", "-", "--from-format", "csv", "--dry-run", input=TIDY_FILE.read_text(encoding="utf-8"))
    assert r.code == 2 and "--set treaty=CODE" in r.stderr
    r = run(
        "import", "-", "--from-format", "csv", "--set", "treaty=iccpr-op1", input=TIDY_FILE.read_text(encoding="utf-8")
    )
    assert r.code == 0, r.stderr
    assert [(x["treaty"], x["body"]) for x in ok_json("treaty", "CCPR") if x["treaty"]] == [("ICCPR-OP1", "CCPR")]
    # --set wins over the name, as over every other field a profile fills
    named = isolated / "hr_status_cat.csv"
    named.write_bytes(TIDY_FILE.read_bytes())
    recs = [x for _w, x in apply(TIDY, read_table(named), sets=[("treaty", "CCPR-OP1")]).iter_rows()]
    assert recs and {x["treaty"] for x in recs} == {"ICCPR-OP1"}
    r = run("import", str(named), "--set", "treaty=ICCPR-OP9", "--dry-run")
    assert r.code == 2 and "--set treaty=ICCPR-OP9: no treaty hrcli knows" in r.stderr


@pytest.mark.parametrize(
    "name", ["hr_status_iccpr_op1 (1).csv", "hr_status_iccpr_op1(2).csv", "hr_status_iccpr_op1 - Copy.csv"]
)
def test_a_browser_copy_of_a_status_file_keeps_its_treaty(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(TIDY_FILE.read_bytes())
    recs = [x for _w, x in apply(TIDY, read_table(path)).iter_rows()]
    assert recs and {x["treaty"] for x in recs} == {"ICCPR-OP1"}


DASH_HEAD = "Country,Date of Signature (dd/mm/yyyy),Date of Ratification/Accession"


@pytest.mark.parametrize(
    ("code", "treaty", "body"),
    [
        ("CCPR-OP1", "ICCPR-OP1", "CCPR"),
        ("CCPR-OP2-DP", "ICCPR-OP2", "CCPR"),
        ("CESCR-OP", "ICESCR-OP", "CESCR"),
        ("CAT-OP", "OPCAT", "SPT"),
        ("CRC-OP-AC", "OP-CRC-AC", "CRC"),
        ("CRC-OP-SC", "OP-CRC-SC", "CRC"),
        ("CRC-OP-IC", "OP-CRC-IC", "CRC"),
        ("CEDAW-OP", "CEDAW-OP", "CEDAW"),
        ("CRPD-OP", "CRPD-OP", "CRPD"),
    ],
)
def test_dashboard_committee_style_protocol_codes(tmp_path, code, treaty, body):
    path = _write(
        tmp_path / f"UnderlyingData_{code}_OHCHR_02_07_2026.csv",
        [DASH_HEAD, "Belarus,19/03/1968,12/11/1973", "Cuba,28/02/2008,"],
        "\r\n",
    )
    recs = [x for _w, x in apply(DASHBOARD, read_table(path)).iter_rows()]
    assert recs and {(x["treaty"], x["body"]) for x in recs} == {(treaty, body)}


def test_dashboard_only_by_its_whole_shape_and_a_rows_treaty_is_never_overridden(tmp_path):
    lines = ["Country,Treaty,Date of signature,Date of ratification", "Belarus,ICCPR,1968-03-19,1973-11-12"]
    lines.append("Belarus,CAT,1985-12-19,1987-03-13")
    mine = _write(tmp_path / "belarus-treaties.csv", lines)
    assert detect(read_table(mine).columns, mine.name) is None  # a researcher's own table: the generic path
    named = _write(tmp_path / "UnderlyingData_ICCPR_OHCHR_01_01_2026.csv", lines)
    table = read_table(named)
    assert detect(table.columns, named.name) is DASHBOARD
    got = [(x["treaty"], x["date"], x["action"]) for _w, x in apply(DASHBOARD, table).iter_rows()]
    assert got == [
        ("ICCPR", "1968-03-19", "signature"),
        ("ICCPR", "1973-11-12", "ratification"),
        ("CAT", "1985-12-19", "signature"),
        ("CAT", "1987-03-13", "ratification"),
    ]
    # the export's own header is enough without its name
    assert detect(DASH_HEAD.split(","), "status.csv") is DASHBOARD


def test_dashboard_notes_under_the_table_are_no_states(isolated):
    path = _write(
        isolated / "UnderlyingData_CCPR_OHCHR_02_07_2026.csv",
        ["Status of ratification,,", DASH_HEAD, "Belarus,19/03/1968,12/11/1973", "Cuba,28/02/2008,",
         "Source: OHCHR,,", "Last updated 02/07/2026,,", "* Signature only,,", "Note on the data,,",
         "Compiled by the Office from what the depositary notified it,,", "Territories are not listed.,,"],
        "\r\n",
    )  # fmt: skip
    r = run("import", str(path), "--all-states", "--dry-run", "--format", "json")
    assert r.code == 0, r.stderr
    said = sorted(x["summary"] for x in r.json() if x["where"] != "source")
    assert [x.split()[0] for x in said] == ["Belarus", "Belarus", "Cuba"], said
    r = run("import", str(path), "--dry-run")
    assert r.code == 0 and "left out 1 row(s)" in r.stderr, r.stderr
    # a note-like cell beside dates is a broken row, said, never a State nor dropped
    path.write_bytes(path.read_bytes().replace(b"Source: OHCHR,,", b"Source: OHCHR,01/01/2000,"))
    r = run("import", str(path), "--dry-run")
    assert r.code != 0 and "line 5: 'Source: OHCHR' in 'Country' is no State's name" in r.stderr


def test_dashboard_date_cell_it_cannot_read_names_its_column(isolated):
    path = _write(
        isolated / "UnderlyingData_ICESCR_OHCHR_02_07_2026.csv",
        [DASH_HEAD, "Belarus,24916.0,1973-11-12 00:00:00", "Cuba,28/02/2008 or so,"],
    )
    recs = [x for _w, x in apply(DASHBOARD, read_table(path)).iter_rows()]
    assert [x["date"] for x in recs] == ["1968-03-19", "1973-11-12"]
    r = run("import", str(path), "--all-states", "--dry-run")
    assert r.code != 0 and "line 3: 'Date of Signature (dd/mm/yyyy)': '28/02/2008 or so' is not dd/mm/yyyy" in r.stderr
    assert "--map" not in r.stderr


def test_a_status_files_columns_its_profile_does_not_read_are_named(isolated):
    """A column of a recognised status file that its profile does not read is said, never dropped silently."""
    path = _write(isolated / "untc-IV-5-status.csv", [f"{UNTC_HEAD},Declarations", "Belarus,,30 Sep 1992 a,none"])
    r = run("import", str(path), "--dry-run")
    assert r.code == 0 and "ignored columns (Status of Treaties (depositary status page) is read" in r.stderr
    assert r.stderr.rstrip().count("Declarations") == 1
    # every column of the published shapes is read: nothing said
    for fixture in (TIDY_FILE, UNTC_FILE, DASH_FILE):
        r = run("import", str(fixture), "--dry-run")
        assert r.code == 0 and "ignored column" not in r.stderr, (fixture.name, r.stderr)
    named = _write(isolated / "UnderlyingData_ICCPR_OHCHR_01_01_2026.csv", ["Country,Treaty,Date of signature,Region"])
    assert apply(DASHBOARD, read_table(named)).unread == ["Region"]


def test_set_treaty_wins_over_a_dashboard_rows_own_treaty_column(tmp_path):
    """--set treaty=CODE says what the file is about, as --set does over a profile: a dashboard export with a
    Treaty column of its own takes the treaty the user set for every row."""
    lines = ["Country,Treaty,Date of signature,Date of ratification", "Belarus,ICCPR,1968-03-19,1973-11-12"]
    lines.append("Belarus,CAT,1985-12-19,1987-03-13")
    named = _write(tmp_path / "UnderlyingData_ICCPR_OHCHR_01_01_2026.csv", lines)
    table = read_table(named)
    assert detect(table.columns, named.name) is DASHBOARD
    got = [x["treaty"] for _w, x in apply(DASHBOARD, table, sets=[("treaty", "CRC")]).iter_rows()]
    assert got == ["CRC"] * 4


def test_undated_statuses_are_no_events_of_the_year_the_file_was_read(isolated):
    """A tidy file's 'no action' / 'signatory' rows carry no date: they are dated 'by' the day the file was read
    (an open start). That day is not when anything happened: such a status is no event of its year in
    timeline --by-year, is listed by --from/--to only when the filter's whole range holds it (no --from), and
    is not 'done' (nothing was done) (G13)."""
    header = TIDY_FILE.read_text(encoding="utf-8").splitlines()[0]
    made = {
        "hr_status_cped.csv": "BY,Belarus,0,,0,1,no action,",
        "hr_status_op_crpd.csv": "BY,Belarus,0,,1,0,signatory state,",
    }
    read_day = dt.date(2022, 5, 3)
    stamp = dt.datetime(2022, 5, 3, 12).timestamp()
    before = {r["year"]: r["events"] for r in ok_json("timeline", "--by-year")}
    assert before  # the documents' events are charted
    for name, row in made.items():
        path = isolated / name
        path.write_text(f"{header}\nAF,Afghanistan,0,,0,1,no action,\n{row}\n", encoding="utf-8")
        os.utime(path, (stamp, stamp))
        r = run("import", str(path))
        assert r.code == 0, r.stderr
    mine = [x for x in ok_json("timeline") if x["source"].startswith("untc-status")]
    assert len(mine) == len(made)
    assert {x["date"] for x in mine} == {f"/{read_day.isoformat()}"}
    assert all(x["status"] != "done" for x in mine)  # nothing was done: Belarus took no action / only signed
    assert {x["status"] for x in mine} <= set(__import__("hrcli.vocab", fromlist=["STATUSES"]).STATUSES)
    # the chart is what it was: no bar of the read year made of undated statuses
    assert {r["year"]: r["events"] for r in ok_json("timeline", "--by-year")} == before
    chart = run("timeline", "--by-year")
    assert chart.code == 0 and f"{len(made)} undated event(s) not charted" in chart.stdout
    year = str(read_day.year)
    ids = {x["id"] for x in mine}
    listed = {x["id"] for x in ok_json("timeline", "--from", year)}
    assert not ids & listed
    assert not ids & {x["id"] for x in ok_json("timeline", "--from", "1990", "--to", year)}
    assert ids <= {x["id"] for x in ok_json("timeline", "--to", year)}  # the whole range holds 'by D'
    assert not ids & {x["id"] for x in ok_json("timeline", "--to", str(read_day.year - 1))}


def _untc_import(folder: Path, rows: list[str], *args: str, name: str = "untc-IV-4-status.csv"):
    path = folder / name
    path.write_bytes(("\r\n".join([UNTC_HEAD, *rows]) + "\r\n").encode("utf-8"))
    return run("import", str(path), *args)


def test_untc_page_dates_in_the_order_the_table_settles(isolated):
    """An Excel-saved (US locale) status page writes every date m/d/yyyy: a date whose day is 12 or under is read
    in the order another date of the table settles (3/19/1968 can only be month first), said once (G5)."""
    rows = ["Belarus,3/19/1968,11/12/1973", "Poland,3/2/1967,3/18/1977"]
    r = _untc_import(isolated, rows, "--all-states")
    assert r.code == 0, r.stderr
    assert "read its slashed dates with the month first, as '3/19/1968' (line 2) shows" in r.stderr.replace(
        "row 2", "line 2"
    )
    got = {(x["summary"].split(":")[0].split()[0], x["date"]) for x in ok_json("timeline", "--all-states")}
    want = {("Belarus", "1968-03-19"), ("Belarus", "1973-11-12"), ("Poland", "1967-03-02"), ("Poland", "1977-03-18")}
    assert want <= got


def test_untc_page_undecidable_dates_are_one_line_naming_the_ambiguity(isolated):
    rows = ["Belarus,3/4/1968,11/12/1973", "Cambodia,17-Oct-80,2/5/1992", "Poland,3/2/1967,"]
    r = _untc_import(isolated, rows, "--all-states")
    assert r.code == 1 or r.code == 2
    lines = [x for x in r.stderr.splitlines() if "dd/mm/yyyy or mm/dd/yyyy" in x]
    assert len(lines) == 1, r.stderr
    assert "'3/4/1968'" in lines[0] and "not a date" not in r.stderr


@pytest.mark.parametrize(
    "cell, day",
    [
        ("04/04/1968", "1968-04-04"),  # day = month: one day whichever comes first
        ("Mar 19, 1968", "1968-03-19"),
        ("1968-03-19 00:00:00", "1968-03-19"),  # pandas
        ("19-03-1968", "1968-03-19"),
        ("19-Mar-68", "1968-03-19"),
    ],
)
def test_untc_page_reads_the_date_forms_a_spreadsheet_writes(isolated, cell, day):
    r = _untc_import(isolated, [f'Belarus,"{cell}",'])
    assert r.code == 0, r.stderr
    assert [x["date"] for x in ok_json("treaty", "CCPR") if x["treaty"] == "ICCPR"] == [day]


DASH_CSV_HEAD = (
    "Status of Ratification - International Covenant on Civil and Political Rights,,\r\n"
    "Country,Date of Signature (dd/mm/yyyy),Date of Ratification/Accession\r\n"
)


@pytest.mark.parametrize("cell", ["19-Mar-68", "19-03-1968", "19/03/1968", "19 March 1968"])
def test_dashboard_reads_the_forms_the_page_profile_reads(isolated, cell):
    path = isolated / "UnderlyingData_CCPR_OHCHR_02_07_2026.csv"
    path.write_bytes((DASH_CSV_HEAD + f"Belarus,{cell},\r\n").encode("utf-8"))
    r = run("import", str(path))
    assert r.code == 0, r.stderr
    assert [x["date"] for x in ok_json("treaty", "CCPR") if x["treaty"] == "ICCPR"] == ["1968-03-19"]


def test_dashboard_us_date_is_quoted_as_written(isolated):
    """A month-first cell in the dd/mm/yyyy column: the message quotes the cell, never a reordered date (G9)."""
    path = isolated / "UnderlyingData_CCPR_OHCHR_02_07_2026.csv"
    path.write_bytes((DASH_CSV_HEAD + "Belarus,03/19/1968,\r\n").encode("utf-8"))
    r = run("import", str(path))
    assert r.code != 0
    assert "'03/19/1968' is not dd/mm/yyyy" in r.stderr and "month 19" in r.stderr
    assert "1968-19-03" not in r.stderr


def test_set_treaty_contradicting_the_file_name_or_title_is_said(isolated):
    """--set treaty wins, as --set does, but not silently when the file's name or title row names another (G12b)."""
    r = run("import", str(UNTC_FILE), "--set", "treaty=CAT", "--dry-run")
    assert r.code == 0, r.stderr
    said = [x for x in r.stderr.splitlines() if "--set treaty=CAT" in x]
    assert len(said) == 1 and "its name says ICCPR-OP1" in said[0], r.stderr
    r = run("import", str(DASH_FILE), "--set", "treaty=ICCPR", "--dry-run")
    assert r.code == 0, r.stderr
    assert any("--set treaty=ICCPR" in x and "ICESCR" in x for x in r.stderr.splitlines()), r.stderr
    r = run("import", str(UNTC_FILE), "--set", "treaty=ICCPR-OP1", "--dry-run")  # agreeing: nothing to say
    assert r.code == 0 and "--set treaty" not in r.stderr


def test_dashboard_on_stdin_says_no_modification_day_and_counts_only_kept_rows(isolated):
    """Standard input has no modification day; a no-action row left out (another State's) is not counted as an
    undated status of the import (G12f)."""
    header, rows = _dashboard_rows()
    states = [r for r in rows if r[0] and not str(r[0]).startswith(("Definitions", "Database"))]
    undated = [r for r in states if r[1] in ("", None) and r[2] in ("", None)]
    assert undated and not any(str(r[0]).startswith("Belarus") for r in undated)
    r = run("import", "-", "--from-format", "xls", "--dry-run", input=DASH_FILE.read_bytes())
    assert r.code == 0, r.stderr
    assert "modification day)" not in r.stderr.replace("has no modification day", "")
    assert "carry no date" not in r.stderr  # Malaysia's row is left out: nothing undated imported
    r = run("import", "-", "--from-format", "xls", "--dry-run", "--all-states", input=DASH_FILE.read_bytes())
    assert r.code == 0, r.stderr
    line = next(x for x in r.stderr.splitlines() if "carry no date" in x)
    assert f"{len(undated)} status row(s)" in line and "standard input has no modification day" in line
