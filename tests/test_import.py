"""hrcli import: spreadsheet-like files become the user's own records, validated whole, idempotent, removable."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import THREE_ROWS_CSV, by_id, events_workbook, examples, ok_json, rezip, run, topic_rows, workbook, write
from hrcli import importer
from test_stream import HEADER as STREAM_HEADER
from test_stream import import_file

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
    assert r.code == 2 and "no date has a number above 12 to tell whether the day or the month" in r.stderr
    assert "05/12/2023 is 2023-12-05 if 5 is the day, 2023-05-12 if it is the month" in r.stderr
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
    # the encoding is told by a BOM or plainly enough by the text: nothing said about it
    assert "read enc.csv as" not in r.stderr
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


def _leftovers(isolated: Path) -> list[str]:
    """Temporary files an import leaves in the facts folder (none, whatever stopped it)."""
    return sorted(p.name for p in facts(isolated).glob(".hrcli-import-*"))


@pytest.mark.parametrize("where", ["writing", "validating"])
def test_ctrl_c_mid_import_leaves_no_temporary_file(isolated, monkeypatch, where):
    from hrcli import cache
    from hrcli.importer import files as import_files

    path = write(isolated, "a.csv", HEADER + ROWS)
    real_write, real_stage = import_files.write_sections, cache.stage

    def write_then_stop(fh, *args):
        real_write(fh, *args)
        fh.flush()
        assert os.path.getsize(fh.name) > 0  # something was written before the interrupt
        raise KeyboardInterrupt

    def stage_then_stop(files, overrides):
        (written,) = overrides.values()
        assert Path(written).name.startswith(".hrcli-import-") and Path(written).exists()
        raise KeyboardInterrupt

    if where == "writing":
        monkeypatch.setattr(import_files, "write_sections", write_then_stop)
    else:
        monkeypatch.setattr(cache, "stage", stage_then_stop)
    r = run("import", str(path))
    assert r.code == 130
    assert _leftovers(isolated) == []
    assert not list(facts(isolated).glob("import-*.json"))  # nothing half-imported either
    monkeypatch.setattr(import_files, "write_sections", real_write)
    monkeypatch.setattr(cache, "stage", real_stage)
    assert run("import", str(path)).code == 0 and len(user_events()) == 2  # and the next try works


def test_a_full_disk_mid_import_names_the_file_and_leaves_nothing(isolated, monkeypatch):
    import errno

    from hrcli.importer import files as import_files

    path = write(isolated, "a.csv", HEADER + ROWS)
    real_write = import_files.write_sections

    def fill_disk(fh, *args):
        real_write(fh, *args)
        fh.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(import_files, "write_sections", fill_disk)
    r = run("import", str(path))
    assert r.code == 1
    assert "cannot write output" not in r.stderr  # not stdout's fault
    assert re.search(r"import-a-csv-[0-9a-f]{10}\.json: No space left on device", r.stderr), r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert _leftovers(isolated) == []


@pytest.mark.slow
def test_sigint_to_a_running_import_leaves_no_temporary_file(isolated):
    import signal
    import time

    rows = "".join(f"20{10 + k % 10},row {k} of a large import,unct-2009,para. {k % 90 + 1}\n" for k in range(40000))
    path = write(isolated, "big.csv", "date,summary,source,locator\n" + rows)
    env = {**os.environ, "HRCLI_DATA_DIR": str(isolated / "data"), "HRCLI_CACHE_DIR": str(isolated / "cache")}
    proc = subprocess.Popen(
        [sys.executable, "-c", IMPORT_SCRIPT, "import", str(path)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 240
    while not _leftovers(isolated) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert _leftovers(isolated), "the import ended before its file was written; make the file larger"
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert _leftovers(isolated) == []
    assert not list(facts(isolated).glob("import-*.json"))


def test_session_cells_are_whole_numbers_or_refused_by_row(isolated):
    cells = {"12": 12, "12th session": 12, "- 12th session - Belarus": 12, "Session 7": 7, "session-9": 9}
    refused = ["-5", "1e5", "2.5", "+3", "1,5"]
    body = "".join(f'R{k},unct-2009,para. 1,"{c}",2010\n' for k, c in enumerate([*cells, *refused]))
    path = write(isolated, "s.csv", "summary,source,locator,session,date\n" + body)
    r = run("import", str(path), "--kind", "recommendations", "--set", "mechanism=upr", "--dry-run", "--json")
    assert r.code == 2
    problems = r.json()
    assert [p["where"] for p in problems] == [f"line {n}" for n in range(2 + len(cells), 2 + len(cells) + 5)]
    assert all(p["field"] == "session" for p in problems)
    assert [p["problem"].rsplit("got ", 1)[1] for p in problems] == [repr(c) for c in refused]
    r = run("import", str(path), "--kind", "recommendations", "--set", "mechanism=upr")
    assert r.code == 2 and "nothing was imported" in r.stderr
    assert r.stderr.count("field 'session'") == 1  # the refused rows are one grouped line
    good = "".join(f'R{k},unct-2009,para. 1,"{c}",2010\n' for k, c in enumerate(cells))
    path = write(isolated, "g.csv", "summary,source,locator,session,date\n" + good)
    r = run("import", str(path), "--kind", "recommendations", "--set", "mechanism=upr", "--dry-run", "--json")
    assert r.code == 0, r.stderr
    assert [rec["session"] for rec in r.json()] == list(cells.values())


@pytest.mark.slow
def test_what_a_killed_import_left_is_cleared_by_the_next(isolated, monkeypatch):
    import signal
    import tempfile
    import time

    temp = isolated / "tmp"
    temp.mkdir()
    cached = isolated / "cache" / "hrcli-facts"
    rows = "".join(f"20{10 + k % 10},row {k} of a killed import,unct-2009,para. {k % 90 + 1}\n" for k in range(40000))
    path = write(isolated, "big.csv", "date,summary,source,locator\n" + rows)
    env = {
        **os.environ,
        "HRCLI_DATA_DIR": str(isolated / "data"),
        "HRCLI_CACHE_DIR": str(isolated / "cache"),
        "TMPDIR": str(temp),
    }
    proc = subprocess.Popen([sys.executable, "-c", IMPORT_SCRIPT, "import", str(path)], env=env)

    def left() -> dict[str, list[str]]:
        return {
            "scratch": sorted(p.name for p in temp.glob("hrcli-import-*.sqlite")),
            "import": _leftovers(isolated),
            "cache": sorted(p.name for p in cached.glob(".facts-*.tmp")),
        }

    deadline = time.monotonic() + 240
    while not all(left().values()) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    stale = left()
    assert all(stale.values()), f"the import was not caught while staging its cache; make the file larger: {stale}"
    assert not list(facts(isolated).glob("import-*.json"))
    # a file no process holds is stale once it is a minute old; a younger one may be about to be locked
    old = time.time() - 120
    for p in [*temp.iterdir(), *facts(isolated).iterdir(), *cached.iterdir()]:
        os.utime(p, (old, old))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    small = write(isolated, "small.csv", HEADER + ROWS)
    assert run("import", str(small)).code == 0
    assert left() == {"scratch": [], "import": [], "cache": []}


def test_a_running_imports_scratch_file_is_not_swept(isolated, monkeypatch):
    import tempfile
    import time

    from hrcli.importer.tally import Scratch

    monkeypatch.setattr(tempfile, "tempdir", str(isolated))
    first = Scratch()  # an import still running (this process holds its file)
    old = time.time() - 3600
    os.utime(first.path, (old, old))
    dead = isolated / "hrcli-import-dead1234.sqlite"  # one no process holds
    dead.write_bytes(b"")
    os.utime(dead, (old, old))
    young = isolated / "hrcli-import-young123.sqlite"  # made a moment ago, perhaps not yet locked
    young.write_bytes(b"")
    second = Scratch()
    try:
        assert Path(first.path).exists() and young.exists()
        assert not dead.exists()
        first.con.execute("INSERT INTO rows(id) VALUES ('x')")  # still usable
    finally:
        first.close()
        second.close()
    assert not Path(first.path).exists() and not Path(second.path).exists()


@pytest.mark.parametrize("ext", ["csv", "tsv", "json", "jsonl", "xls", "xlsx"])
def test_an_empty_file_is_said_to_be_empty(isolated, ext):
    path = write(isolated, f"e.{ext}", b"")
    r = run("import", str(path))
    assert r.code == 1
    assert r.stderr == f"hrcli: e.{ext}: the file is empty (0 bytes); nothing to import\n"
    assert not facts(isolated).exists() or not list(facts(isolated).glob("import-*"))


def test_a_bom_in_the_middle_of_a_csv_is_no_part_of_a_cell(isolated):
    # two files joined: the second's BOM starts a line, before a quoted cell
    first = "summary,date,source,locator\r\n" + '"first, one",2010,unct-2009,para. 1\r\n'
    second = '"second, two",2011,unct-2009,para. 2\r\n'
    path = write(isolated, "joined.csv", first.encode() + b"\xef\xbb\xbf" + second.encode())
    r = run("import", str(path))
    assert r.code == 0, r.stderr
    assert sorted(e["summary"] for e in user_events()) == ["first, one", "second, two"]
    # the second file's own header, BOM and all, is a row that repeats the header: said, by its line
    path = write(isolated, "joined2.csv", first.encode() + b"\xef\xbb\xbf" + (first + second).encode())
    r = run("import", str(path))
    assert r.code == 2
    assert "line 3: repeats the header row (were two files joined?)" in r.stderr
    assert "line 4" not in r.stderr and "line 5" not in r.stderr


def test_a_hundred_thousand_ignored_columns_are_named_by_the_first_few_and_counted(isolated):
    extra = [f"extra{n}" for n in range(100_000)]
    text = ",".join(["date", "summary", "source", "locator", *extra]) + "\n2010,x,unct-2009,para. 1\n"
    r = run("import", str(write(isolated, "wide.csv", text)))
    assert r.code == 0, r.stderr[:300]
    (line,) = [ln for ln in r.stderr.splitlines() if "ignored columns" in ln]
    assert len(line) < 300
    assert "extra0, extra1," in line and "extra9 and 99,990 more (100,000 in all)" in line
    assert "extra10," not in line
    few = ",".join(["date", "summary", "source", "locator", "a", "b"]) + "\n2011,y,unct-2009,para. 1,,\n"
    r = run("import", str(write(isolated, "few.csv", few)))
    assert "use --map COLUMN=FIELD): a, b\n" in r.stderr  # a few are all named, nothing counted


@pytest.mark.parametrize("how", ["spool", "sqlite"])
def test_a_full_temporary_folder_mid_import_names_it_not_stdout(isolated, monkeypatch, how):
    import errno
    import sqlite3
    import tempfile

    from hrcli.importer import tally

    monkeypatch.setattr(tempfile, "tempdir", str(isolated))
    real_flush = tally.Tally.flush

    def flush_then_fill(self):
        real_flush(self)
        if how == "sqlite":
            raise sqlite3.OperationalError("database or disk is full")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(tally.Tally, "flush", flush_then_fill)
    r = run("import", str(write(isolated, "a.csv", HEADER + ROWS)))
    assert r.code == 1
    assert "cannot write output" not in r.stderr and "internal error" not in r.stderr
    assert r.stderr.startswith(f"hrcli: {isolated}: cannot write this import's temporary files: "), r.stderr
    assert len(r.stderr.splitlines()) == 1
    assert not list(isolated.glob("hrcli-import-*")) and _leftovers(isolated) == []


# -- issue 19.6, hand mutants of the streaming import --------------------------------------------------------------


def test_rows_the_validator_normalises_are_already_present_the_second_time(isolated, lines):
    """The import compares a row with what its file holds as written (a topic 'Death penalty', a response
    'Supported'), not with the record normalised for listing ('death-penalty', 'accepted')."""
    ev = isolated / "ev.csv"
    ev.write_text(STREAM_HEADER + topic_rows(3, ids=True, topic="Death penalty"), encoding="utf-8")
    assert run("import", str(ev), "--new-topic").code == 0
    r = run("import", str(ev), "--new-topic")
    assert r.code == 0 and "nothing new" in r.stderr and "3 already present" in r.stderr, r.stderr
    recs = isolated / "u.csv"
    recs.write_text("Text,From,Response,Session\nInvented a,Chile,Supported,8\nInvented b,Peru,Rejected,8\n")
    args = ["--kind", "recommendations", "--source", "unct-2009", "--set", "locator=r"]
    assert run("import", str(recs), *args).code == 0
    r = run("import", str(recs), *args)
    assert r.code == 0 and "nothing new" in r.stderr and "2 already present" in r.stderr, r.stderr


def test_a_row_that_differs_only_by_a_default_or_an_empty_value_is_already_present(isolated):
    """Content compares without defaults: an event's status 'done' (its default) and an empty list of topics
    say nothing, so a row differing only by them is the record already there, not a clash."""
    ev = isolated / "ev.csv"
    ev.write_text(STREAM_HEADER + topic_rows(3, ids=True), encoding="utf-8")
    assert run("import", str(ev)).code == 0
    with_status = "".join(f"{line},done\n" for line in (STREAM_HEADER + topic_rows(3, ids=True)).splitlines())
    ev.write_text(with_status.replace("id,done", "id,status", 1), encoding="utf-8")
    r = run("import", str(ev))
    assert r.code == 0 and "nothing new" in r.stderr and "3 already present" in r.stderr, r.stderr
    hand = '[[events]]\nid = "hand-1"\ndate = "2021"\nsummary = "s"\nsource = "unct-2009"\nlocator = "p"\ntopics = []\n'
    (isolated / "data" / "facts" / "hand.toml").write_text(hand, encoding="utf-8")
    same = isolated / "same.csv"
    same.write_text("id,date,summary,source,locator\nhand-1,2021,s,unct-2009,p\n", encoding="utf-8")
    r = run("import", str(same))
    assert r.code == 0 and "nothing new" in r.stderr and "1 already present" in r.stderr, r.stderr


def test_an_import_without_a_cache_still_checks_every_row(isolated):
    ev = isolated / "ev.csv"
    ev.write_text(STREAM_HEADER + topic_rows(2) + "2023-13,Bad date,unct-2009,para. 1,,\n", encoding="utf-8")
    r = run("import", str(ev), env={"HRCLI_NO_CACHE": "1"})
    assert r.code == 2 and "line 4" in r.stderr and "date" in r.stderr, r.stderr
    assert not list((isolated / "data" / "facts").glob("import-*"))


def test_a_replaced_row_is_not_counted_as_a_record_the_file_no_longer_holds(isolated):
    ev = isolated / "ev.csv"
    ev.write_text(STREAM_HEADER + topic_rows(3, ids=True), encoding="utf-8")
    assert run("import", str(ev)).code == 0
    ev.write_text(
        STREAM_HEADER + topic_rows(3, ids=True).replace("Event number 2,", "Event number two,"), encoding="utf-8"
    )
    r = run("import", str(ev), "--replace")
    assert r.code == 0 and "replaced 1" in r.stderr and "no longer rows" not in r.stderr, r.stderr


def test_rows_already_held_by_another_import_are_not_this_imports_stale_records(isolated):
    ev = isolated / "ev.csv"
    ev.write_text(STREAM_HEADER + topic_rows(3, ids=True), encoding="utf-8")
    assert run("import", str(ev)).code == 0
    (isolated / "b").mkdir()
    again = isolated / "b" / "other.csv"
    again.write_text(STREAM_HEADER + topic_rows(3, ids=True), encoding="utf-8")
    r = run("import", str(again))
    assert r.code == 0 and "3 already present" in r.stderr and "no longer rows" not in r.stderr, r.stderr


def test_an_imports_row_count_is_of_its_records_not_its_sources_sheet(isolated):
    got = ok_json("import", str(events_workbook(isolated / "wb.xlsx", 3)))
    assert got[0]["rows"] == 3 and got[0]["added"] == 4, got  # three events, and the source they cite


def test_an_import_made_before_ids_carried_the_path_keeps_its_ids(isolated, monkeypatch):
    """An older hrcli derived ids without the file's path (its import file has no "ids"): importing the file
    again, after removing one of its records, finds the others and adds back only that one."""
    from hrcli.importer import files

    ev = isolated / "ev.csv"
    ev.write_text(STREAM_HEADER + topic_rows(3), encoding="utf-8")
    with monkeypatch.context() as m:
        m.setattr(files, "IDS", 1)  # as the older hrcli wrote it
        assert run("import", str(ev)).code == 0
    assert '"ids"' not in import_file(isolated).read_text(encoding="utf-8").splitlines()[0]
    r = run("import", str(ev))
    assert r.code == 0 and "nothing new" in r.stderr and "3 already present" in r.stderr, r.stderr
    first = ok_json("timeline", "--origin", "user")[0]["id"]
    assert run("remove", first).code == 0
    r = run("import", str(ev))
    assert r.code == 0 and "added 1 event" in r.stderr and "2 already present" in r.stderr, r.stderr


def test_a_near_miss_of_a_known_topic_or_committee_is_refused_on_import(isolated):
    """One or two letters from a known word is a typo unless the user says it is new: for a statistic's one
    topic and for a committee code as for the topics of an event."""
    stats = isolated / "st.csv"
    stats.write_text(
        "topic,table,label,value,unit,source,locator\nchildrn,T,L,3,people,unct-2009,p\n", encoding="utf-8"
    )
    r = run("import", str(stats), "--kind", "stats")
    assert r.code == 2 and "children" in r.stderr and "--new-topic" in r.stderr, r.stderr
    recs = isolated / "rec.csv"
    recs.write_text("summary,source,locator,body\nInvented r,unct-2009,p,CEDAV\n", encoding="utf-8")
    r = run("import", str(recs), "--kind", "recommendations")
    assert r.code == 2 and "CEDAW" in r.stderr and "--new-body" in r.stderr, r.stderr


def test_a_dry_run_lists_the_rows_it_would_replace_with_the_new_ones(isolated):
    ev = isolated / "ev.csv"
    ev.write_text(STREAM_HEADER + topic_rows(2, ids=True), encoding="utf-8")
    assert run("import", str(ev)).code == 0
    ev.write_text(
        STREAM_HEADER
        + topic_rows(2, ids=True).replace("Event number 2,", "Event number two,")
        + topic_rows(1, 3, ids=True)
    )
    got = ok_json("import", str(ev), "--replace", "--dry-run")
    assert [(r["id"], r["summary"]) for r in got] == [("my-2", "Event number two"), ("my-3", "Event number 3")]


def test_an_import_is_removed_while_another_file_has_a_problem_of_its_own(isolated):
    ev = isolated / "ev.csv"
    ev.write_text(STREAM_HEADER + topic_rows(2, ids=True), encoding="utf-8")
    assert run("import", str(ev)).code == 0
    hand = '[[events]]\nid = "hand-1"\ndate = "2021"\nsummary = "s"\nsource = "no-such-source"\nlocator = "p"\n'
    (isolated / "data" / "facts" / "hand.toml").write_text(hand, encoding="utf-8")
    r = run("remove", "--import", "ev.csv")
    assert r.code == 0, r.stderr
    assert not list((isolated / "data" / "facts").glob("import-*"))


# -- issue 22, written against hand mutants (scripts/mutants.py) ---------------------------------------------------


# -- importer: planning and files ------------------------------------------------------------------


def test_the_same_id_twice_with_other_content_is_a_problem(isolated):
    p = isolated / "dup.csv"
    p.write_text("id,date,summary,source,locator\nx1,2011,a,gov-2011,para. 1\nx1,2012,b,gov-2011,para. 2\n")
    r = run("import", str(p))
    assert r.code != 0 and "'x1' is also the id of line 2, with other content" in r.stderr


def test_a_changed_row_is_not_unchanged_and_replace_is_needed_to_overwrite_it(isolated):
    p = isolated / "ch.csv"
    p.write_text("id,date,summary,source,locator\nx1,2011,a,gov-2011,para. 1\n")
    assert run("import", str(p)).code == 0
    p.write_text("id,date,summary,source,locator\nx1,2011,changed,gov-2011,para. 1\n")
    r = run("import", str(p))
    assert r.code != 0 and "--replace overwrites it" in r.stderr
    assert [e["summary"] for e in ok_json("timeline", "--origin", "user")] == ["a"]
    assert run("import", str(p), "--replace").code == 0
    assert [e["summary"] for e in ok_json("timeline", "--origin", "user")] == ["changed"]


def test_a_slashed_date_gets_the_hint_to_write_it_in_iso_order(isolated):
    p = isolated / "sl.csv"
    p.write_text("date,summary,source,locator\n12/05/2023,a,gov-2011,para. 1\n")
    r = run("import", str(p))
    assert r.code != 0 and "write them as YYYY-MM-DD (12/05/2023 is 2023-05-12 if 12 is the day" in r.stderr


def test_files_of_the_same_name_in_two_folders_are_two_imports(isolated):
    assert importer.target_for("/a/upr.csv") != importer.target_for("/b/upr.csv")


def test_an_import_is_found_by_a_name_spelled_another_way(isolated):
    p = isolated / "My UPR File.csv"
    p.write_text("date,summary,source,locator\n2011,a,gov-2011,para. 1\n")
    assert run("import", str(p)).code == 0
    assert importer.find("my-upr-file-csv")["name"] == "My UPR File.csv"


# -- issue 23, hard edges of the importer --------------------------------------------------------------------------


# -- one import per file, whatever its name ----------------------------------------------------------------


def test_files_with_the_same_name_are_separate_imports(isolated):
    a = write(isolated, "a/upr.csv", "id,date,summary,source,locator\nmy-1,2023,from a,unct-2009,p. 1\n")
    b = write(isolated, "b/upr.csv", "id,date,summary,source,locator\nmy-2,2024,from b,unct-2009,p. 2\n")
    c = write(isolated, "UPR.csv", "id,date,summary,source,locator\nmy-3,2025,from c,unct-2009,p. 3\n")
    for f in (a, b, c):
        assert run("import", str(f)).code == 0
    listed = ok_json("import", "--list")
    assert sorted((i["name"], i["path"]) for i in listed) == sorted(
        [("upr.csv", str(a.resolve())), ("upr.csv", str(b.resolve())), ("UPR.csv", str(c.resolve()))]
    )
    assert len({i["file"] for i in listed}) == 3
    # b's file now claims a's id: a's record is neither replaced nor re-homed
    write(isolated, "b/upr.csv", "id,date,summary,source,locator\nmy-1,2023,from b,unct-2009,p. 9\n")
    r = run("import", str(b), "--replace")
    assert r.code == 2 and "'my-1' is already the id of a record in your files" in r.stderr
    assert ok_json("show", "my-1")[0]["summary"] == "from a"
    # a name two imports share is ambiguous: both are named, nothing is removed
    r = run("remove", "--import", "upr.csv")
    assert r.code == 2 and "matches 2 imports" in r.stderr and str(a.resolve()) in r.stderr
    assert str(b.resolve()) in r.stderr
    r = run("remove", "--import", "UPR.csv")
    assert r.code == 0, r.stderr
    left = {e["id"] for e in ok_json("timeline") if e["origin"] == "user"}
    assert left == {"my-1", "my-2"}
    # one record of one of the two same-named imports goes from the right file
    assert run("remove", "my-2").code == 0
    assert {i["path"]: i["records"] for i in ok_json("import", "--list")}[str(b.resolve())] == 0


def test_a_file_name_of_249_characters_imports(isolated):
    name = "r" * 245 + ".csv"
    r = run("import", str(write(isolated, name, THREE_ROWS_CSV)))
    assert r.code == 0, r.stderr
    (made,) = (isolated / "data" / "facts").glob("import-*.json")
    assert len(made.name) < 120
    assert run("remove", "--import", name).code == 0


# -- one pass: the format told once, every fact file validated once ------------------------------------------


def test_an_import_tells_the_format_once_and_validates_every_file_once(isolated, monkeypatch):
    from hrcli import validate
    from hrcli.importer import readers

    assert run("import", str(write(isolated, "first.csv", THREE_ROWS_CSV))).code == 0
    checked: list[str] = []
    told: list[str] = []
    real_check, real_detect = validate.check, readers.detect_format

    def check(data, file="<data>", *args, **kw):
        checked.append(Path(file).name)
        return real_check(data, file, *args, **kw)

    def detect(path, given=None):
        told.append(str(path))
        return real_detect(path, given)

    monkeypatch.setattr(validate, "check", check)
    monkeypatch.setattr(readers, "detect_format", detect)
    r = run("import", str(write(isolated, "second.csv", THREE_ROWS_CSV.replace("Visit", "Second visit"))))
    assert r.code == 0, r.stderr
    names = sorted(p.name for p in (isolated / "data" / "facts").glob("import-*.json"))
    assert sorted(checked) == sorted(["facts.toml", *names]), checked
    assert len(told) == 1
    checked.clear()
    assert len(ok_json("timeline", "--origin", "user")) == 2
    assert checked == []  # the import left the cache built for the files as they now stand


def test_a_formula_cell_with_no_saved_value_is_said_to_be_one(isolated):
    rows = [
        ["date", "summary", "source", "locator"],
        [2010, "plain", "unct-2009", "para. 1"],
        [2011, '="made "&A3', "unct-2009", "para. 2"],
        [2012, '="made "&A4', "unct-2009", "para. 3"],
    ]
    book = workbook(rows)  # openpyxl saves a formula and no value for it, as any program that does not compute
    assert b"<f>" in zipfile.ZipFile(io.BytesIO(book)).read("xl/worksheets/sheet1.xml")
    r = run("import", str(write(isolated, "f.xlsx", book)))
    assert r.code == 2
    assert "rows 3-4 (2 rows): column 'summary' holds a formula with no saved value" in r.stderr
    assert "missing" not in r.stderr
    # saved by a program that computes them: the values are read (an empty text result is an empty cell)
    sheet = zipfile.ZipFile(io.BytesIO(book)).read("xl/worksheets/sheet1.xml").decode("utf-8")
    for n in (3, 4):
        cell = f'<c r="B{n}"><f>"made "&amp;A{n}</f><v></v></c>'
        assert cell in sheet
        sheet = sheet.replace(cell, f'<c r="B{n}" t="str"><f>"made "&amp;A{n}</f><v>made {2008 + n}</v></c>')
    saved = rezip(book, {"xl/worksheets/sheet1.xml": sheet.encode("utf-8")})
    r = run("import", str(write(isolated, "g.xlsx", saved)))
    assert r.code == 0, r.stderr
    assert {"made 2011", "made 2012"} <= {e["summary"] for e in ok_json("timeline", "--from", "2011")}


# -- issue 19 (1, 2, 5), the user's own topics and UPR datasets ----------------------------------------------------


def test_import_refuses_a_near_miss_once_unless_new(tmp_path, imported):
    path = tmp_path / "t.csv"
    path.write_text("date,summary,topics\n2023,a,traffiking\n2023,b,traffiking\n2023,c,Elections\n")
    r = run("import", str(path), "--source", "ngo-upr", "--set", "locator=row")
    assert r.code == 2
    lines = [x for x in r.stderr.splitlines() if "traffiking" in x]
    assert len(lines) == 1 and "lines 2-3 (2 rows)" in lines[0] and "did you mean 'trafficking'" in lines[0]
    assert "--new-topic" in lines[0]
    r = run("import", str(path), "--source", "ngo-upr", "--set", "locator=row", "--new-topic")
    assert r.code == 0, r.stderr
    assert len(ok_json("timeline", "--topic", "traffiking")) == 2


def test_import_near_miss_of_a_users_own_topic_reads_the_other_files(tmp_path, imported):
    """A word outside the bundled vocabulary is checked against the topics of the user's other files too."""
    first = tmp_path / "a.csv"
    first.write_text("date,summary,topics\n2023,a,Death penalty\n")
    assert run("import", str(first), "--source", "ngo-upr", "--set", "locator=row").code == 0
    second = tmp_path / "b.csv"
    second.write_text("date,summary,topics\n2023,b,death-penalti\n")
    r = run("import", str(second), "--source", "ngo-upr", "--set", "locator=row")
    assert r.code == 2 and "did you mean 'death-penalty'" in r.stderr


# -- standard input: an import named by its content (or --name), as a file is by its path ----------------------------

PIPED_A = "date,summary,source,locator\n2011,First piped event,unct-2009,para. 4\n"
PIPED_B = "date,summary,source,locator\n2012,Second piped event,unct-2009,para. 5\n"


def _pipe(text: str, *extra: str):
    return run("import", "-", "--from-format", "csv", *extra, input=text)


def _user_summaries() -> list[str]:
    return sorted(x["summary"] for x in ok_json("timeline", "--origin", "user"))


def test_two_different_piped_datasets_are_two_imports():
    a, b = _pipe(PIPED_A), _pipe(PIPED_B)
    assert a.code == 0 and b.code == 0, (a.stderr, b.stderr)
    assert "no longer" not in b.stderr and "added 1 event" in b.stderr
    names = [i["name"] for i in ok_json("import", "--list")]
    assert len(names) == 2 and len(set(names)) == 2 and all(re.fullmatch(r"stdin-[0-9a-f]{12}", n) for n in names)
    # each named by its content's fingerprint, said in the import's line
    import hashlib

    for text, r in ((PIPED_A, a), (PIPED_B, b)):
        assert r.stderr.startswith(f"stdin-{hashlib.sha256(text.encode()).hexdigest()[:12]}: added 1 event")
    assert _user_summaries() == ["First piped event", "Second piped event"]
    # piping the first again is the same import: nothing new, nothing said to be gone, nothing dropped
    again = _pipe(PIPED_A)
    assert again.code == 0 and "nothing new; 1 already present" in again.stderr and "no longer" not in again.stderr
    assert len(ok_json("import", "--list")) == 2
    assert _user_summaries() == ["First piped event", "Second piped event"]


def test_a_named_pipe_import_is_updated_by_its_name():
    assert _pipe(PIPED_A, "--name", "my-rows").code == 0
    r = _pipe(PIPED_B, "--name", "my-rows")
    assert r.code == 0 and r.stderr.startswith("my-rows: added 1 event")
    assert "1 record(s) of this import are no longer in the data piped as my-rows" in r.stderr
    assert [i["name"] for i in ok_json("import", "--list")] == ["my-rows"]
    assert run("remove", "--import", "my-rows").code == 0
    assert _user_summaries() == []


def test_name_is_for_standard_input_only(tmp_path):
    path = write(tmp_path, "rows.csv", PIPED_A)
    r = run("import", str(path), "--name", "x")
    assert r.code == 2 and "--name is for standard input" in r.stderr
    r = _pipe(PIPED_A, "--name", "--")
    assert r.code == 2 and "no letter or digit" in r.stderr


def test_the_closing_line_counts_the_grouped_problems_not_the_rows(isolated):
    """Rows sharing a problem are one line: the closing count is those lines, with the rows they are in."""
    text = "date,summary,source,locator\n2023,ok,unct-2009,p. 1\n"
    text += "".join(f"2023-{40 + n},x{n},unct-2009,p. 1\n" for n in range(5))  # one problem: the month
    text += "".join(f"2023,y{n},nope,p. 1\n" for n in range(3))  # another: the source
    r = run("import", str(write(isolated, "grouped.csv", text)))
    assert r.code == 2
    problems = [ln for ln in r.stderr.splitlines() if ln.startswith("hrcli: grouped.csv: line")]
    assert len(problems) == 2, r.stderr
    assert r.stderr.splitlines()[-1] == "hrcli: 2 problem(s) in 8 rows of grouped.csv; nothing was imported"
