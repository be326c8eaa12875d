"""Reading fact files: hostile, huge, non-regular or unreadable inputs are one line naming the file."""

from __future__ import annotations

import os

import pytest

from conftest import HAND, add_source, examples, facts_dir, hrcli_process, ok_json, run

# -- issue 12, hard edges ------------------------------------------------------------------------------------------


# -- input files: bounded, regular, parseable, nameable ----------------------------------------------


def _one_line_exit_1(r, needle, name=None):
    assert r.code == 1, r
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert needle in r.stderr, r.stderr
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr
    if name:
        assert name in r.stderr


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("a = " + "[" * 50000, "nested too deeply"),
        ("x = 1" + "0" * 5000, "4300 digits"),
        (
            '[[stats]]\nid="b"\ntopic="asylum"\ntable="t"\nlabel="l"\nunit="u"\nsource="gov-2011"\nlocator="para. 1"\n'
            "value = 18446744073709551616\n",
            "between -2**63 and 2**63",
        ),
        (
            '[[stats]]\nid="b"\ntopic="asylum"\ntable="t"\nlabel="l"\nunit="u"\nsource="gov-2011"\nlocator="para. 1"\n'
            "value = inf\n",
            "must be finite",
        ),
        ('[[events]]\nid="e"\ndate="٢٠٢٣"\nsummary="s"\nsource="gov-2011"\nlocator="para. 1"\n', "not an EDTF date"),
        ("schema = 1\x00\x01\x02", "binary data"),
        ("schema = 1\n# \xff\n", "not UTF-8"),
    ],
)
def test_hostile_fact_files_are_one_line_naming_the_file(isolated, text, needle):
    facts_dir(isolated).mkdir(parents=True)
    (facts_dir(isolated) / "bad.toml").write_bytes(
        text.encode("utf-8", "surrogateescape").replace(b"\xc3\xbf", b"\xff")
    )
    for args in (("timeline", "--json"), ("search", "x")):
        _one_line_exit_1(run(*args), needle, "bad.toml")
    assert run("validate").code == 1


def test_oversized_and_non_regular_inputs_are_refused_before_reading(isolated):
    facts_dir(isolated).mkdir(parents=True)
    big = facts_dir(isolated) / "big.toml"
    with open(big, "wb") as fh:  # sparse: 257 MiB of size, no disk used
        fh.truncate(257 * 1024 * 1024)
    _one_line_exit_1(run("timeline"), "limit of 256 MiB", "big.toml")
    big.unlink()
    (facts_dir(isolated) / "dir.toml").mkdir()
    _one_line_exit_1(run("timeline"), "it is a folder", "dir.toml")
    (facts_dir(isolated) / "dir.toml").rmdir()
    (facts_dir(isolated) / "gone.toml").symlink_to(isolated / "nowhere.toml")
    _one_line_exit_1(run("timeline"), "dangling link", "gone.toml")
    (facts_dir(isolated) / "gone.toml").unlink()
    (facts_dir(isolated) / ".#user.toml").symlink_to("root@host.1234")  # an editor's lock link: not a fact file
    assert run("timeline", "--json").code == 0


def test_a_fifo_as_a_fact_file_never_blocks(isolated):
    facts_dir(isolated).mkdir(parents=True)
    os.mkfifo(facts_dir(isolated) / "user.toml")
    add = hrcli_process(("add", "source", "--id", "x1", "--title", "T", "--date", "2023"), isolated, timeout=60)
    assert add.returncode == 1 and b"FIFO" in add.stderr and add.stderr.count(b"\n") == 1, add
    tl = hrcli_process(("timeline", "--json"), isolated, timeout=60)
    assert tl.returncode == 1 and b"FIFO" in tl.stderr
    os.mkfifo(isolated / "other.toml")
    v = hrcli_process(("validate", str(isolated / "other.toml")), isolated, timeout=60)
    assert v.returncode == 1 and b"FIFO" in v.stdout


def test_a_fact_file_name_that_is_not_utf8_still_works(isolated):
    folder = os.fsencode(facts_dir(isolated))
    os.makedirs(folder)
    name = os.path.join(folder, b"notes-\xff.toml")
    with open(name, "wb") as fh:
        fh.write(HAND.replace('"my-src"', '"gov-2011"').encode())
    assert [e["id"] for e in ok_json("timeline", "--from", "2024")] == ["hand-1"]
    assert run("timeline", "--from", "2024").code == 0
    with open(name, "ab") as fh:
        fh.write(b"x = [\n")
    r = run("validate")
    assert r.code == 1 and "notes-\ufffd.toml" in r.stdout, r
    _one_line_exit_1(run("timeline", "--json"), "not valid TOML", "notes-\ufffd.toml")


def test_an_unreadable_facts_folder_is_reported_not_hidden(isolated, monkeypatch):
    assert add_source().code == 0
    real_scandir = os.scandir

    def denied(path="."):
        if os.fspath(path) == os.fspath(facts_dir(isolated)):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", denied)
    for args in (("search", "HRC report"), ("validate",), ("timeline",)):
        _one_line_exit_1(run(*args), "Permission denied", "facts")


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions (the test above fakes the denial)")
def test_an_unreadable_facts_folder_is_reported_for_real(isolated):
    assert add_source().code == 0
    facts_dir(isolated).chmod(0o300)  # can write, cannot list
    try:
        _one_line_exit_1(run("search", "HRC report"), "Permission denied", "facts")
        assert run("validate").code == 1
    finally:
        facts_dir(isolated).chmod(0o700)


def test_random_bytes_as_fact_files_never_crash(isolated):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    facts_dir(isolated).mkdir(parents=True)
    toml_like = st.builds(
        lambda a, b: (a + b).encode("utf-8", "surrogatepass"),
        st.sampled_from(["[[events]]\n", "x = ", "a = [", "schema = 1\n", "[[stats]]\nvalue = 1e999\n", "v = 0x"]),
        st.text(max_size=40),
    )

    @given(st.one_of(st.binary(max_size=300), toml_like, st.integers(1, 3000).map(lambda n: b"a=" + b"{b=" * n)))
    @settings(max_examples=examples(80), deadline=None, suppress_health_check=list(HealthCheck))
    def check(data):
        (facts_dir(isolated) / "fuzz.toml").write_bytes(data)
        for args in (("timeline", "--json"), ("validate",), ("export", "--format", "csv"), ("remove", "x")):
            r = run(*args)
            assert r.code in (0, 1, 2), (data, args, r)
            assert "Traceback" not in r.stderr and "internal error" not in r.stderr, (data, args, r.stderr)
        (facts_dir(isolated) / "fuzz.toml").unlink()
        for name in ("in.csv", "in.tsv", "in.json", "in.jsonl", "in.xlsx"):  # the same bytes as an import
            (isolated / name).write_bytes(data)
            r = run("import", str(isolated / name), "--dry-run")
            assert r.code in (0, 1, 2), (data, name, r)
            assert "Traceback" not in r.stderr and "internal error" not in r.stderr, (data, name, r.stderr)

    check()
