"""``hrcli upr`` and the counts it shows: FactBase.upr_counts answers them for a Query, the command only
parses its options and hands the result to output; an unknown response word is a usage error."""

from __future__ import annotations

import pytest

import hrcli
from conftest import ok_json, run
from hrcli import vocab
from hrcli.store import Query
from test_upr_own import imported  # noqa: F401 (the fixture: a UPR dataset imported beside the documents)


@pytest.mark.parametrize("summary", [(), ("--summary",)])
def test_an_unknown_response_is_a_usage_error_never_every_record(imported, summary):  # noqa: F811
    """`upr --response WORD` with a word that is no response: exit 2 and one line naming the responses,
    or the closest one, as the other filters do; no record on stdout."""
    far = run("upr", *summary, "--response", "zzz", "--json")
    assert (far.code, far.stdout) == (2, "")
    (line,) = far.stderr.splitlines()
    assert line.startswith("hrcli: unknown response 'zzz'")
    assert vocab.RESPONSES and all(word in line for word in vocab.RESPONSES)
    near = run("upr", *summary, "--response", "acepted", "--json")
    assert (near.code, near.stdout) == (2, "")
    assert near.stderr.splitlines() == ["hrcli: unknown response 'acepted'. Did you mean 'accepted'?"]


def test_an_unknown_response_keeps_no_record_through_the_api(imported):  # noqa: F811
    base = hrcli.load()
    every = base.recommendations()
    assert len(every) == 8
    assert base.recommendations(response="zzz") == []
    assert base.select(("recommendations",), Query(response="zzz")) == []
    # a file's own word for a category is that category
    assert [r.id for r in base.recommendations(response="Supported")] == [
        r.id for r in every if r.response == "accepted"
    ]


def _shown(rows: list[dict]) -> list[tuple]:
    return [(r["cycle"], r["year"], r["received"], r["accepted"], r["source"], r["dataset"]) for r in rows]


@pytest.mark.parametrize(
    ("flags", "query", "keep"),
    [
        ((), {}, lambda c: True),
        (("--cycle", "1"), {"cycle": 1}, lambda c: c["cycle"] == 1),
        (("--source", "gov-2014"), {"source": "gov-2014"}, lambda c: c["source"] == "gov-2014"),
        (("--voice", "other"), {"voice": "other"}, lambda c: c["voice"] == "other"),
        (("--origin", "user"), {"origin": "user"}, lambda c: c["origin"] == "user"),
        (("--disputed",), {"disputed": True}, lambda c: bool(c["disputed"])),
        (
            ("--from", "2015", "--to", "2020"),
            {"year_from": 2015, "year_to": 2020},
            lambda c: c["source"] and 2015 <= c["year"] <= 2020,
        ),
    ],
)
def test_upr_counts_are_what_the_summary_shows(imported, flags, query, keep):  # noqa: F811
    base = hrcli.load()
    counts = base.upr_counts(Query(**query))
    assert counts
    assert counts == [c for c in base.upr_counts() if keep(c)]
    assert _shown(counts) == _shown(ok_json("upr", "--summary", *flags))
    # --limit keeps the first rows of the same answer
    assert _shown(base.upr_counts(Query(**query, limit=1))) == _shown(counts[:1])
    assert _shown(ok_json("upr", "--summary", *flags, "--limit", "1")) == _shown(counts[:1])


def test_upr_counts_keep_the_documents_figures_and_each_dataset_apart(imported):  # noqa: F811
    base = hrcli.load()
    counts = base.upr_counts()
    assert {(c["cycle"], c["received"], c["accepted"], c["source"]) for c in counts if c["origin"] == "bundled"} >= {
        (1, 93, 75, "gov-2011"),
        (1, 93, 74, "gov-2014"),
    }
    assert [(c["cycle"], c["received"], c["accepted"]) for c in counts if c["dataset"]] == [
        (1, 5, 2),
        (2, 2, 1),
        (3, 1, 0),
    ]
    # the second cycle has no figure of the documents: its row is there, empty, and goes once a filter asks
    empty = [c for c in counts if c["source"] is None]
    assert [(c["cycle"], c["received"]) for c in empty] == [(2, None)]
    assert not [c for c in base.upr_counts(Query(voice="government")) if c["source"] is None]
    assert [c["cycle"] for c in base.upr_counts(Query(cycle=2))] == [2, 2]
    # a disagreement a figure is a side of is named by its id
    assert all(c["disputed"] for c in base.upr_counts(Query(disputed=True)))
    # the filters of records (a status, an action, a topic) do not apply to a count
    assert base.upr_counts(Query(status="done", action="review", topic="upr")) == counts
    assert len(base.upr_counts(limit=2)) == 2


# -- direction: what Belarus received, what it made (published datasets, issue 29) ------------------------------


def _import_dataset(tmp_path, name: str, *flags: str) -> list[dict[str, str]]:
    from test_import_upr import copy, dataset_rows

    r = run("import", str(copy(tmp_path, name)), *flags)
    assert r.code == 0, r.stderr
    return dataset_rows(name)


def _counted(rows: list[dict[str, str]], keep) -> dict[int, dict[str, int]]:
    """Per cycle, the rows ``keep`` keeps: received, accepted, noted, counted from the file itself."""
    out: dict[int, dict[str, int]] = {}
    for row in rows:
        if not keep(row):
            continue
        c = out.setdefault(vocab.cycle_of_session(int(row["Session"])), {"received": 0, "accepted": 0, "noted": 0})
        c["received"] += 1
        c["accepted"] += row["Response"] == "Accepted"
        c["noted"] += row["Response"] == "Noted"
    return out


def _received(row: dict[str, str]) -> bool:
    return row["To"] == "Belarus"


def _uwazi_counted(rows: list[dict[str, str]]) -> dict[int, dict[str, int]]:
    """Per cycle, as the Uwazi export gives it: every row is Belarus's; Supported counts as accepted."""
    out: dict[int, dict[str, int]] = {}
    for r in rows:
        assert r["State under Review"] == "Belarus"
        c = out.setdefault(int(r["Cycle"]), {"received": 0, "accepted": 0, "noted": 0})
        c["received"] += 1
        c["accepted"] += vocab.response_key(r["Response"]) == "accepted"
        c["noted"] += vocab.response_key(r["Response"]) == "noted"
    return out


def _dataset_counts(name: str) -> dict[int, dict[str, int]]:
    rows = [r for r in ok_json("upr", "--summary") if r["dataset"] == name]
    return {r["cycle"]: {k: r[k] for k in ("received", "accepted", "noted")} for r in rows}


def test_recommendations_belarus_made_are_never_counted_or_listed_as_received(tmp_path):
    """UPR Info's export of Belarus's recommendations to others (From = Belarus) once imported as received:
    now none is counted or listed under upr, and --given lists each with the State it was made to."""
    name = "upr-info-belarus-given.csv"
    # the old recipe's way in, dropping 'To': refused, so these rows can never lose their State under review
    (tmp_path / "old").mkdir()
    from test_import_upr import copy

    dropped = run("import", str(copy(tmp_path / "old", name)), "--kind", "recommendations", "--map", "To=-")
    assert dropped.code == 2 and "State under review" in dropped.stderr
    rows = _import_dataset(tmp_path, name)
    assert rows and all(r["From"] == "Belarus" and r["To"] != "Belarus" for r in rows)
    assert _dataset_counts(name) == {}
    assert not [r for r in ok_json("upr") if r.get("kind") == "recommendation"]
    given = ok_json("upr", "--given")
    assert len(given) == len(rows)
    assert sorted(r["state_under_review"] for r in given) == sorted(r["To"] for r in rows)
    assert {r["recommending_state"] for r in given} == {"Belarus"}
    poland = ok_json("upr", "--given", "--state", "poland")
    assert [r["state_under_review"] for r in poland] == ["Poland"]
    assert run("upr", "--given", "--summary").code == 2


def test_summary_counts_received_accepted_noted_as_the_file_holds_them(tmp_path):
    name = "upr-info-belarus-received.csv"
    rows = _import_dataset(tmp_path, name)
    want = _counted(rows, lambda r: r["To"] == "Belarus")
    assert want and _dataset_counts(name) == want
    table = run("upr", "--summary")
    assert table.code == 0 and "UPR Info splits a recommendation into its parts" in " ".join(table.stdout.split())
    assert "Noted" in table.stdout.splitlines()[1]  # the dataset's noted count has a column of its own


def test_a_file_about_many_states_counts_only_belarus_review_and_lists_its_own_apart(tmp_path):
    name = "upr-info-sessions-5-9.csv"
    rows = _import_dataset(tmp_path, name)
    received = _counted(rows, lambda r: r["To"] == "Belarus")
    assert received and _dataset_counts(name) == received
    listed = [r for r in ok_json("upr") if r.get("kind") == "recommendation"]
    assert sorted(r["recommending_state"] for r in listed) == sorted(r["From"] for r in rows if r["To"] == "Belarus")
    assert {r["state_under_review"] for r in listed} == {"Belarus"}
    given = ok_json("upr", "--given")
    assert [(r["state_under_review"], r["recommending_state"]) for r in given] == [
        (r["To"], r["From"]) for r in rows if r["From"] == "Belarus"
    ]


def test_all_states_rows_of_other_reviews_are_neither_received_nor_given(tmp_path):
    name = "upr-info-sessions-5-9.csv"
    rows = _import_dataset(tmp_path, name, "--all-states")
    assert _dataset_counts(name) == _counted(rows, lambda r: r["To"] == "Belarus")
    assert len(ok_json("upr", "--given")) == sum(r["From"] == "Belarus" for r in rows)
    listed = [r for r in ok_json("upr") if r.get("kind") == "recommendation"]
    assert len(listed) == sum(r["To"] == "Belarus" for r in rows)


def test_the_uwazi_export_counts_supported_as_accepted(tmp_path):
    from test_import_upr import UWAZI_FILE

    rows = _import_dataset(tmp_path, UWAZI_FILE)
    want = _uwazi_counted(rows)
    assert want and _dataset_counts(UWAZI_FILE) == want


def test_the_readme_recipe_for_upr_datasets_runs_as_written(tmp_path, monkeypatch):
    """README's recipe, each line as written, on the fixtures under the names it uses: every command succeeds,
    each dataset's counts are those of its file, and Belarus's own recommendations are --given alone."""
    import re
    import shlex
    from pathlib import Path

    from test_import_upr import DATASETS, dataset_rows

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- recipe: upr-datasets .*?-->\n```sh\n(.*?)```", readme, re.S)
    assert block
    lines = [shlex.split(ln, comments=True) for ln in block[1].splitlines()]
    lines = [a for a in lines if a]
    assert len(lines) >= 5 and all(a[0] == "hrcli" for a in lines)
    files = [a[2] for a in lines if a[1] == "import"]
    assert files
    for name in files:
        (tmp_path / name).write_bytes((DATASETS / name).read_bytes())
    monkeypatch.chdir(tmp_path)
    for args in lines:
        r = run(*args[1:])
        assert r.code == 0, (args, r.stderr)
        assert (r.stdout if args[1] != "import" else r.stderr).strip(), args
    for name in files:
        rows = dataset_rows(name)
        assert _dataset_counts(name) == (_uwazi_counted(rows) if "Title" in rows[0] else _counted(rows, _received))
    given = ok_json("upr", "--given")
    assert sorted(r["state_under_review"] for r in given) == sorted(
        r["To"]
        for name in files
        if "Title" not in dataset_rows(name)[0]
        for r in dataset_rows(name)
        if r["From"] == "Belarus"
    )
