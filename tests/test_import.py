"""hrcli import: spreadsheet-like files become the user's own records, validated whole, idempotent, removable."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import by_id, examples, ok_json, run
from hrcli import importer

HEADER = "Date,Summary,Source ID,Locator,Topic,Recommending State\r\n"
ROWS = (
    '2023-05-12,"Report by Rita Izsák, presented to the Council, says ""more""",unct-2009,para. 4,'
    "trafficking; asylum,Côte d'Ivoire\r\n"
    "2023-06,Second event,unct-2009,para. 5,,Norway\r\n"
)


def facts(isolated: Path) -> Path:
    return isolated / "data" / "facts"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*"))} if folder.exists() else {}


def write(isolated: Path, name: str, data: bytes | str) -> Path:
    p = isolated / name
    p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return p


def user_events(*args: str) -> list[dict]:
    return [r for r in ok_json("timeline", *args) if r["origin"] == "user"]


def test_real_looking_csv_imports_and_shows_everywhere(isolated):
    # a BOM, CRLF line ends, accents, quoted commas and quotes, a ';' topic list, an unmapped column
    path = write(isolated, "Belarus UPR 2023.csv", b"\xef\xbb\xbf" + (HEADER + ROWS).encode("utf-8"))
    r = run("import", str(path))
    assert r.code == 0, r.stderr
    assert "added 2 events" in r.stderr
    assert "Recommending State" in r.stderr  # unmapped columns are reported once
    evs = user_events("--from", "2023")
    assert [e["date"] for e in evs] == ["2023-05-12", "2023-06"]
    first = evs[0]
    assert first["summary"] == 'Report by Rita Izsák, presented to the Council, says "more"'
    assert first["source"] == "unct-2009" and first["locator"] == "para. 4" and first["voice"] == "un-country-team"
    assert first["topics"] == "trafficking,asylum"
    assert first["id"].startswith("i-belarus-upr-2023-csv-")
    # search (accent-insensitive), show (which import it came from) and export all see it
    assert first["id"] in {x["id"] for x in ok_json("search", "izsak", "council")}
    shown = ok_json("show", first["id"])[0]
    assert shown["imported_from"] == "Belarus UPR 2023.csv" and shown["origin"] == "user"
    exported = json.loads((lambda r: r.stdout)(run("export", "--format", "json")))
    assert first["id"] in {e["id"] for e in exported["events"]}
    # the import is its own fact file, which validates like any other
    (made,) = [p.name for p in facts(isolated).glob("import-*.json")]
    assert re.fullmatch(r"import-belarus-upr-2023-csv-[0-9a-f]{10}\.json", made), made
    assert run("validate").code == 0


def test_importing_twice_adds_nothing_and_says_so(isolated):
    path = write(isolated, "a.csv", HEADER + ROWS)
    assert run("import", str(path)).code == 0
    before = snapshot(facts(isolated))
    r = run("import", str(path))
    assert r.code == 0
    assert "nothing new" in r.stderr and "2 already present" in r.stderr
    assert snapshot(facts(isolated)) == before
    assert len(user_events()) == 2


def test_ids_derive_from_every_column_mapped_or_not(isolated):
    # two rows that differ only in an unmapped column are two records; an identical row is one
    text = (
        HEADER
        + ROWS
        + "2023-06,Second event,unct-2009,para. 5,,Brazil\r\n2023-06,Second event,unct-2009,para. 5,,Norway\r\n"
    )
    r = run("import", str(write(isolated, "a.csv", text)))
    assert r.code == 0, r.stderr
    assert "added 3 events" in r.stderr and "1 repeated row" in r.stderr
    evs = user_events()
    assert sorted(e["summary"] for e in evs) == sorted([evs[0]["summary"], "Second event", "Second event"])
    # the id does not depend on column order
    swapped = (
        "Summary,Date,Source ID,Locator,Topic,Recommending State\r\nSecond event,2023-06,unct-2009,para. 5,,Norway\r\n"
    )
    t1 = importer.read_table(write(isolated, "b.csv", HEADER + ROWS))
    t2 = importer.read_table(write(isolated, "b.csv", swapped))
    assert importer.row_id("b.csv", "events", t1.rows[1][1]) == importer.row_id("b.csv", "events", t2.rows[0][1])


@pytest.mark.parametrize(
    ("bad_row", "line", "needle"),
    [
        ("12/05/2023,A,unct-2009,para. 1,,", 4, "field 'date'"),
        ("2023,A,unct-209,para. 1,,", 4, "Did you mean 'unct-2009'?".lower()),
        ("2023,,unct-2009,para. 1,,", 4, "field 'summary': missing"),
        ("2023,A,unct-2009,para. 1,tortur,", 4, "unknown topic 'tortur'"),
        ("2023,A,unct-2009,para. 1,,,extra cell", 4, "7 cells but the header has 6"),
    ],
)
def test_one_bad_row_writes_nothing_and_names_its_line(isolated, bad_row, line, needle):
    assert run("import", str(write(isolated, "first.csv", HEADER + ROWS))).code == 0
    before = snapshot(facts(isolated))
    text = HEADER + ROWS + bad_row + "\r\n2023-07,fine,unct-2009,para. 6,,\r\n"
    r = run("import", str(write(isolated, "second.csv", text)))
    assert r.code == 2
    assert f"second.csv: line {line}:" in r.stderr
    assert needle in r.stderr.lower()
    assert "nothing was imported" in r.stderr
    assert snapshot(facts(isolated)) == before


def test_every_bad_row_is_listed(isolated):
    text = "date,summary,source,locator\n2023,ok,unct-2009,p. 1\n2023-13,x,unct-2009,p. 1\n"
    text += "2023,y,nope,p. 1\n2023,z,unct-2009,\n"
    r = run("import", str(write(isolated, "bad.csv", text)))
    assert r.code == 2
    assert [ln.split(":")[2].strip() for ln in r.stderr.splitlines()[:3]] == ["line 3", "line 4", "line 5"]
    assert "3 problem(s)" in r.stderr
    assert not facts(isolated).exists() or not list(facts(isolated).glob("import-*"))


def test_slashed_dates_get_a_hint(isolated):
    r = run("import", str(write(isolated, "d.csv", "date,summary,source,locator\n05/12/2023,x,unct-2009,p. 1\n")))
    assert r.code == 2 and "order of day and month is unknown" in r.stderr
    assert "write it as 2023-12-05 if 05 is the day, or 2023-05-12 if it is the month" in r.stderr
    # a two-digit year is never read as a year of the first century: kept as written, refused with a hint
    r = run("import", str(write(isolated, "e.csv", "date,summary,source,locator\n13/05/23,x,unct-2009,p. 1\n")))
    assert r.code == 2 and "in 13/05/23 the order of day and month, and the century, are unknown" in r.stderr


def test_remove_import_takes_it_back(isolated):
    assert run("import", str(write(isolated, "a.csv", HEADER + ROWS))).code == 0
    assert run("import", str(write(isolated, "b.csv", HEADER + '2024,Other,gov-2014,"UPR, para. 1",,\r\n'))).code == 0
    listed = ok_json("import", "--list")
    assert {(i["name"], i["records"]) for i in listed} == {("a.csv", 2), ("b.csv", 1)}
    r = run("remove", "--import", "a.csv")
    assert r.code == 0, r.stderr
    assert [e["summary"] for e in user_events()] == ["Other"]
    assert run("remove", "--import", "a.cvs").code == 2  # unknown, with a suggestion
    assert "Did you mean 'b.csv'?" in run("remove", "--import", "b.cvs").stderr


def test_remove_one_imported_record_and_cited_sources_are_kept(isolated):
    text = '{"sources":[{"id":"sr-2023","title":"SR report","date":"2023","kind":"UN report","issuer":"OHCHR",'
    text += (
        '"voice":"other","cite":"para. N"}],"events":[{"id":"e1","date":"2023","summary":"Visit","source":"sr-2023",'
    )
    text += (
        '"locator":"para. 2"},{"id":"e2","date":"2023-05","summary":"Report","source":"sr-2023","locator":"para. 9"}]}'
    )
    r = run("import", str(write(isolated, "sr.json", text)))
    assert r.code == 0, r.stderr
    assert "sr-2023" in {s["id"] for s in ok_json("sources")}
    assert run("remove", "e1").code == 0
    assert [e["id"] for e in user_events()] == ["e2"]
    r = run("remove", "sr-2023")
    assert r.code == 2 and "still cited" in r.stderr
    assert "sr-2023" in {s["id"] for s in ok_json("sources")}


def test_changed_row_with_an_existing_id_is_a_conflict_unless_replace(isolated):
    base = "id,date,summary,source,locator\nmy-1,2023,one,unct-2009,para. 1\nmy-2,2024,two,unct-2009,para. 2\n"
    path = write(isolated, "c.csv", base)
    assert run("import", str(path)).code == 0
    write(
        isolated,
        "c.csv",
        base.replace("one,", '"one, corrected",').replace("two,", '"two",') + "my-3,2025,three,unct-2009,para. 3\n",
    )
    before = snapshot(facts(isolated))
    r = run("import", str(path))
    assert r.code == 2 and "'my-1' was imported before with other content" in r.stderr and "--replace" in r.stderr
    assert snapshot(facts(isolated)) == before
    r = run("import", str(path), "--replace")
    assert r.code == 0, r.stderr
    got = by_id(user_events())
    assert got["my-1"]["summary"] == "one, corrected" and set(got) == {"my-1", "my-2", "my-3"}
    # an id that is a bundled record's is never replaced
    r = run(
        "import",
        str(
            write(
                isolated,
                "d.csv",
                "id,date,summary,source,locator\ng11-hrc-2007-country-mandate-ended,2023,x,unct-2009,p\n",
            )
        ),
        "--replace",
    )
    assert r.code == 2 and "bundled record" in r.stderr


def test_xlsx_with_date_cells_sources_sheet_and_row_numbers(isolated):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Events"
    ws.append(["Date", "Summary", "Source", "Locator", "Topics"])
    ws.append([dt.datetime(2023, 5, 12), "Visit by the Special Rapporteur", "sr-2023", "para. 3", "trafficking"])
    ws.append([2024, "Report presented", "sr-2023", "para. 9", None])
    ws.append([45000, "Serial date", "sr-2023", "para. 10", None])
    src = wb.create_sheet("Sources")
    src.append(["id", "title", "date", "kind", "issuer", "voice", "cite"])
    src.append(["sr-2023", "Report of the Special Rapporteur", "2023-05", "UN report", "OHCHR", "other", "para. N"])
    path = isolated / "book.xlsx"
    wb.save(path)
    r = run("import", str(path))
    assert r.code == 0, r.stderr
    evs = user_events()
    assert [(e["date"], e["summary"]) for e in evs] == [
        ("2023-03-15", "Serial date"),  # Excel day 45000
        ("2023-05-12", "Visit by the Special Rapporteur"),
        ("2024", "Report presented"),
    ]
    assert ok_json("show", "sr-2023")[0]["voice"] == "other"
    ws.append(["2024-13", "Bad", "sr-2023", "para. 1", None])
    wb.save(path)
    r = run("import", str(path))
    assert r.code == 2 and "book.xlsx: row 5: field 'date'" in r.stderr
    assert "Did you mean 'Events'?" in run("import", str(path), "--sheet", "Event").stderr


def test_jsonl_lines_and_errors(isolated):
    good = '{"date":"2024","summary":"one","source":"gov-2014","locator":"UPR, para. 1","topics":["upr"]}\n\n'
    r = run("import", str(write(isolated, "x.jsonl", good + '{"date":"2024-02",\n')))
    assert r.code == 2 and "x.jsonl: line 3: not valid JSON" in r.stderr
    r = run(
        "import",
        str(
            write(
                isolated,
                "x.jsonl",
                good + '{"date":"2024-02","summary":"two","source":"gov-2014","locator":"UPR, para. 2"}\n',
            )
        ),
    )
    assert r.code == 0, r.stderr
    assert sorted(e["summary"] for e in user_events()) == ["one", "two"]


@pytest.mark.parametrize(
    ("data", "note"),
    [
        ("date,summary,source,locator\r\n2023,Café in Brest,unct-2009,p. 1\r\n".encode("cp1252"), "cp1252"),
        ("date,summary,source,locator\r\n2023,Café in Brest,unct-2009,p. 1\r\n".encode("utf-16"), "utf-16"),
        ("date,summary,source,locator\r2023,Café in Brest,unct-2009,p. 1\r".encode(), None),  # old Mac line ends
        ("date;summary;source;locator\n2023;Café in Brest;unct-2009;p. 1\n".encode(), None),  # ';' separated
    ],
)
def test_encodings_line_ends_and_separators(isolated, data, note):
    r = run("import", str(write(isolated, "enc.csv", data)))
    assert r.code == 0, r.stderr
    assert [e["summary"] for e in user_events()] == ["Café in Brest"]
    if note:
        assert f"as {note}" in r.stderr
    # --encoding overrides detection (and a wrong one is a clear error, not mojibake written)
    if note == "cp1252":
        r = run("import", str(write(isolated, "enc2.csv", data)), "--encoding", "utf-8")
        assert r.code == 1 and "not utf-8 text" in r.stderr


def test_mapping_set_source_and_locator_column(isolated):
    text = "When,What,Where in it,Notes\n2023-05,Rapporteur's report,para. 12,internal\n"
    path = write(isolated, "m.csv", text)
    r = run(
        "import",
        str(path),
        "--map",
        "when=date",
        "--map",
        "What=summary",
        "--locator-column",
        "Where in it",
        "--source",
        "unct-2009",
        "--set",
        "mechanism=special-procedures",
        "--set",
        "topics=trafficking;children",
    )
    assert r.code == 0, r.stderr
    e = user_events()[0]
    assert (e["date"], e["summary"], e["locator"], e["source"], e["mechanism"], e["topics"]) == (
        "2023-05",
        "Rapporteur's report",
        "para. 12",
        "unct-2009",
        "special-procedures",
        "trafficking,children",
    )
    assert "Notes" in r.stderr
    assert run("import", str(path), "--map", "When=dates").code == 2
    assert "Did you mean 'When'" in run("import", str(path), "--map", "Wen=date").stderr


def test_stats_numbers_as_spreadsheets_write_them(isolated):
    text = "topic,table,label,value,unit,source,locator\n"
    text += 'asylum,Mine,A,"3,265",persons,unct-2009,para. 21\nasylum,Mine,B,1 819,persons,unct-2009,para. 12\n'
    text += 'asylum,Share,C,"30,4%",,unct-2009,para. 36\nasylum,Mine,D,12.5,persons,unct-2009,para. 1\n'
    r = run("import", str(write(isolated, "s.csv", text)), "--kind", "stats")
    assert r.code == 0, r.stderr
    rows = {r["label"]: r for r in ok_json("stats", "asylum") if r["origin"] == "user"}
    assert (rows["A"]["value"], rows["B"]["value"], rows["C"]["value"], rows["D"]["value"]) == (3265, 1819, 30.4, 12.5)
    assert rows["C"]["unit"] == "percent"
    bad = run("import", str(write(isolated, "s2.csv", text.replace("12.5", "twelve"))), "--kind", "stats")
    assert bad.code == 2 and "line 5: field 'value'" in bad.stderr


def test_dry_run_prints_and_writes_nothing(isolated):
    r = run("import", str(write(isolated, "a.csv", HEADER + ROWS)), "--dry-run", "--json")
    assert r.code == 0, r.stderr
    rows = r.json()
    assert [(x["where"], x["date"]) for x in rows] == [("line 2", "2023-05-12"), ("line 3", "2023-06")]
    assert "would add 2 events" in r.stderr
    assert not user_events()


def test_files_that_are_not_tables_are_refused(isolated):
    assert run("import", str(isolated)).code == 1  # a folder
    assert "cannot read" in run("import", str(isolated / "missing.csv")).stderr
    r = run("import", "a\x00b.csv")  # only via main(): no shell can pass a NUL byte
    assert r.code == 2 and "NUL byte" in r.stderr
    assert run("import", str(write(isolated, "x.txt", "a,b\n"))).code == 2  # unknown extension
    r = run("import", str(write(isolated, "bin.csv", b"\x00\x01\x02\x03binary\x00\x00")))
    assert r.code == 1 and "binary" in r.stderr
    for hostile in ("[" * 50_000, '[{"date": ' + "9" * 5000 + "}]"):
        r = run("import", str(write(isolated, "deep.json", hostile)))
        assert r.code == 1 and "deep.json: not valid JSON" in r.stderr, r.stderr
    (facts(isolated)).mkdir(parents=True, exist_ok=True)
    write(isolated, "data/facts/broken.json", '{"events": [' + "9" * 5000 + "]}")
    r = run("timeline")
    assert r.code == 1 and "broken.json: not valid JSON: a number too long to read" in r.stderr, r.stderr
    (facts(isolated) / "broken.json").unlink()
    fifo = isolated / "pipe.csv"
    os.mkfifo(fifo)
    r = run("import", str(fifo))  # never blocks waiting for a writer
    assert r.code == 1 and "not a regular file" in r.stderr


cell = st.one_of(st.text(max_size=12), st.sampled_from(["2023", "2023-05", "unct-2009", "para. 1", "=1+1", '"', ";"]))


@given(
    st.lists(st.lists(cell, min_size=1, max_size=6), min_size=1, max_size=6), st.sampled_from(["csv", "jsonl", "tsv"])
)
@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_random_files_never_crash(isolated, rows, fmt):
    header = ["date", "summary", "source", "locator", "topics", "x"]
    if fmt == "jsonl":
        text = "\n".join(json.dumps(dict(zip(header, r, strict=False))) for r in rows)
    else:
        sep = "\t" if fmt == "tsv" else ","
        text = "\n".join(sep.join(c.replace(sep, " ").replace("\n", " ") for c in r) for r in [header, *rows])
    r = run("import", str(write(isolated, f"f.{fmt}", text.encode("utf-8", "surrogatepass"))))
    assert r.code in (0, 1, 2), r
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr, r.stderr
    assert run("validate").code == 0  # whatever was written is a valid fact file


IMPORT_SCRIPT = "import sys; from hrcli.cli import main; sys.exit(main(sys.argv[1:]))"


@pytest.mark.slow
def test_parallel_imports_and_adds_lose_nothing(isolated):
    env = {**os.environ, "HRCLI_DATA_DIR": str(isolated / "data"), "HRCLI_CACHE_DIR": str(isolated / "cache")}
    files = []
    for n in range(4):
        rows = "".join(f"20{10 + n},import {n} row {k},unct-2009,para. {k + 1}\n" for k in range(50))
        files.append(write(isolated, f"f{n}.csv", "date,summary,source,locator\n" + rows))
    cmds = [["import", str(f)] for f in files]
    cmds += [
        ["add", "event", "--date", "2025", "--summary", f"add {n}", "--source", "unct-2009", "--locator", "para. 1"]
        for n in range(4)
    ]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", IMPORT_SCRIPT, *c],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for c in cmds
    ]
    results = [p.communicate(timeout=300) + (p.returncode,) for p in procs]
    assert all(code == 0 for _, _, code in results), results
    summaries = {e["summary"] for e in user_events()}
    assert summaries == {f"import {n} row {k}" for n in range(4) for k in range(50)} | {f"add {n}" for n in range(4)}
