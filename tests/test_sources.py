"""hrcli sources: a source the user names 'link' is shown by 'hrcli sources link'; 'link DIR' still links."""

from __future__ import annotations

from conftest import ok_json, run


def test_no_source_named_link_and_link_alone_asks_for_the_folder(isolated):
    r = run("sources", "link")
    assert r.code == 2 and "give the folder holding the source texts" in r.stderr


def test_a_source_named_link_is_shown_by_its_id(isolated):
    r = run("add", "source", "--id", "link", "--title", "Links between things", "--date", "2023")
    assert r.code == 0, r.stderr
    (shown,) = ok_json("sources", "link")
    assert shown["id"] == "link" and shown["title"] == "Links between things"
    r = run("sources", "link")  # the table
    assert r.code == 0 and "Links between things" in r.stdout and r.stderr == ""
    r = run("sources", "link", "--format", "bibtex")
    assert r.code == 0 and "{link," in r.stdout
    # with a folder, 'link' still links
    r = run("sources", "link", str(isolated / "nosuch"))
    assert r.code == 2 and "not a folder" in r.stderr
