"""Issue 23, hard edges round two: path bytes, lost config writes, locators, links in cells, same-path exports."""

from __future__ import annotations

import pytest

from conftest import run

MINE = (
    '[[sources]]\nid = "my-rep"\ntitle = "A report"\ndate = "2023-05"\nkind = "report"\nissuer = "me"\n'
    'voice = "other"\ncite = "para. N"\nfile = "report.txt"\n'
)


def _own_text(isolated, monkeypatch):
    """A source of the user's own with a text of three paragraphs (no bundled texts needed)."""
    monkeypatch.delenv("HRCLI_SOURCES_DIR", raising=False)
    facts = isolated / "data" / "facts"
    facts.mkdir(parents=True, exist_ok=True)
    (facts / "report.txt").write_text("One.\n\nTwo.\n\nThree.\n", encoding="utf-8")
    (facts / "mine.toml").write_text(MINE, encoding="utf-8")


# -- locators: ASCII digits only, bounded ---------------------------------------------------------------------


@pytest.mark.parametrize("loc", ["paras. ²-³", "para. ²", "paras. ١-٣", "para. ٣", "paras. 1-" + "9" * 5000, "para. 12345"])
def test_locators_take_ascii_digits_only_and_few_of_them(isolated, monkeypatch, loc):
    _own_text(isolated, monkeypatch)
    assert run("quote", "my-rep", "paras. 1-3").stdout == "One.\n\nTwo.\n\nThree.\n"  # the plain form works
    r = run("quote", "my-rep", loc)
    assert r.code == 2 and r.stdout == "", r
    assert "ASCII digits" in r.stderr and len(r.stderr.splitlines()) == 1, r.stderr
    assert "internal error" not in r.stderr


def test_the_locator_rule_in_the_resolver_itself():
    from hrcli.passages import LocatorError, resolve

    text = "One.\n\nTwo.\n\nThree.\n"
    assert resolve("x", "paras. 1-2", text, plain=True).text == "One.\n\nTwo."
    for loc in ("paras. ²-³", "paras. ١-٣", "para. 1" + "0" * 4999):
        with pytest.raises(LocatorError):
            resolve("x", loc, text, plain=True)
