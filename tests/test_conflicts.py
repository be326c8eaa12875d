"""hrcli conflicts: each disagreement says whether it is between documents or within one, and filters on it."""

from __future__ import annotations

import pytest

from conftest import ok_json, run


def _by_id(rows):
    out: dict[str, set[str]] = {}
    for r in rows:
        out.setdefault(r["id"], set()).add(r["source"])
    return out


def test_scope_is_between_documents_or_within_one_for_every_side():
    rows = ok_json("conflicts")
    sources = _by_id(rows)
    assert {r["scope"] for r in rows} == {"between", "within"}  # the bundled base has both
    for r in rows:
        assert r["scope"] == ("between" if len(sources[r["id"]]) > 1 else "within"), r["id"]


@pytest.mark.parametrize("word", ["between", "within", "WITHIN", " Between "])
def test_scope_option_keeps_only_that_kind(word):
    rows = ok_json("conflicts")
    kept = ok_json("conflicts", "--scope", word)
    want = word.strip().casefold()
    assert kept and kept == [r for r in rows if r["scope"] == want]


def test_scope_combines_with_the_other_filters_and_a_typo_is_refused():
    both = ok_json("conflicts", "--scope", "within", "--topic", "asylum")
    assert both and all(r["scope"] == "within" and r["topic"] == "asylum" for r in both)
    assert ok_json("conflicts", "--scope", "between", "--source", "unct-2009") == []
    r = run("conflicts", "--scope", "betwen")
    assert r.code == 2 and "Did you mean 'between'?" in r.stderr and not r.stdout


@pytest.mark.parametrize("cols", ["60", "80", "120"])
def test_each_disagreement_says_where_it_is_in_its_title(cols):
    sources = _by_id(ok_json("conflicts"))
    out = run("conflicts", env={"COLUMNS": cols}).stdout
    for cid, cited in sources.items():
        line = next(line for line in out.splitlines() if line.startswith(cid))
        if len(cited) > 1:
            assert line.startswith(f"{cid} (between ") and all(s in out for s in cited), line
        else:
            assert line.startswith(f"{cid} (within {next(iter(cited))})"), line
