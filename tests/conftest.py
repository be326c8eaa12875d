"""Shared fixtures: every test runs with its own data, cache and config folders."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from hrcli import importer
from hrcli.cli import main

REPO = Path(__file__).resolve().parent.parent
# HRCLI_TEST_SHARED names another folder (tests/test_readme.py points it at none, as in a fresh clone)
SHARED = Path(os.environ.get("HRCLI_TEST_SHARED") or REPO.parent / "shared")
# every test that needs ../shared skips with this reason, and the summary says it in one line (README)
NEEDS_SOURCES = "needs ../shared beside the repository (the five source texts, the own-words check)"


@pytest.fixture(scope="session")
def sources() -> Path:
    """The folder of the five source texts; without it (or with HRCLI_TEST_NO_SOURCES=1, to try a fresh
    clone) every test that asks for it skips."""
    folder = SHARED / "sources"
    if os.environ.get("HRCLI_TEST_NO_SOURCES") == "1" or not any(folder.glob("004_*.txt")):
        _skip_without_sources()
    return folder


def _skip_without_sources() -> None:
    pytest.skip(NEEDS_SOURCES)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Those skips share the fixture's location, so the summary says it once, not once per test."""
    report = yield
    longrepr = report.longrepr
    if report.skipped and isinstance(longrepr, tuple) and longrepr[2].endswith(NEEDS_SOURCES):
        report.longrepr = (__file__, _skip_without_sources.__code__.co_firstlineno, longrepr[2])
    return report


# Hypothesis profiles. `ci` runs every property test with the example count written in it (today's power);
# `dev`, the default on a developer's machine, runs a fifth of that, so the loop is quick. CI=true selects `ci`;
# HYPOTHESIS_PROFILE=name or pytest's --hypothesis-profile=name choose one explicitly. A profile's max_examples is
# the scale: a test asks for examples(n), n being its count under `ci`.
CI_SCALE = 100
settings.register_profile("ci", max_examples=CI_SCALE)
settings.register_profile("dev", max_examples=CI_SCALE // 5)


def profile_name(environ) -> str:
    """HYPOTHESIS_PROFILE if set, else `ci` under CI=true (CI services and .ci/run set it), else `dev`."""
    return environ.get("HYPOTHESIS_PROFILE") or ("ci" if environ.get("CI", "").lower() in ("true", "1") else "dev")


settings.load_profile(profile_name(os.environ))


def examples(n: int) -> int:
    """n examples under the `ci` profile, the same share of n under any other (at least 10)."""
    return max(min(n, 10), n * settings.default.max_examples // CI_SCALE)


def pytest_report_header(config):
    name = settings.get_current_profile_name()
    return f"hypothesis profile: {name}, property tests run examples(100) = {examples(100)} (CI=true selects ci)"


def _names(words: str) -> tuple[str, ...]:
    return tuple(words.split())


# The machine formats' field names per record kind, in order: an interface (CHANGELOG), so pinned here in
# words, not read from hrcli.views.records; every test that checks a row's fields compares with these.
FACT_FIELDS = _names(
    "id kind date start end status mechanism body action topics summary title source locator voice origin note disputed"
)
REC_FIELDS = FACT_FIELDS + _names(
    "state_under_review recommending_state response response_text cycle session action_category issues"
)
STAT_FIELDS = _names(
    "id topic table label value unit qualifier date start end source locator voice origin note disputed value_text"
)
SIDE_FIELDS = _names("id topic summary side value says source locator voice derived fact explanation value_text")


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str

    def json(self):
        return json.loads(self.stdout)


@pytest.fixture
def lines(monkeypatch):
    """Every JSON fact file in hrcli import's layout is read a line at a time (tests of the streamed path)."""
    from hrcli import loader

    monkeypatch.setattr(loader, "STREAM_FROM", 0)


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Private data/cache/config folders; no colour or format from the developer's environment."""
    monkeypatch.setenv("HRCLI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HRCLI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("HRCLI_CONFIG_DIR", str(tmp_path / "config"))
    for var in (
        "HRCLI_FORMAT",
        "HRCLI_NO_CACHE",
        "HRCLI_DEBUG",
        "HRCLI_SOURCES_DIR",
        "FORCE_COLOR",
        "NO_COLOR",
        "_HRCLI_COMPLETE",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    return tmp_path


def run(*args: str, env: dict | None = None, input: str | None = None) -> Result:
    """Run the whole CLI contract (hrcli.cli.main: exit codes, one-line errors) inside CliRunner's isolation."""
    runner = CliRunner()
    with runner.isolation(input=input, env=env) as streams:
        code = main(list(args))
        sys.stdout.flush()
        sys.stderr.flush()
        out, err = streams[0].getvalue(), streams[1].getvalue()
    return Result(code, out.decode("utf-8"), err.decode("utf-8"))


def ok_json(*args: str) -> list[dict]:
    r = run(*args, "--json")
    assert r.code == 0, r.stderr
    return r.json()


def by_id(rows: list[dict]) -> dict[str, dict]:
    return {r["id"]: r for r in rows}


def facts_dir(tmp: Path) -> Path:
    """The user's fact folder under an isolated home."""
    return tmp / "data" / "facts"


def add_source(sid: str = "my-src") -> Result:
    """``hrcli add source`` of a made-up report the user's own records can cite."""
    return run("add", "source", "--id", sid, "--title", "HRC report 2023", "--date", "2023-05", "--voice", "other")


def hrcli_process(args, isolated: Path, timeout: float = 60, env: dict | None = None, **kw):
    """hrcli in its own process, with argv as given (bytes allowed): descriptors, encodings, limits and a hang
    are per process. stdout and stderr are captured unless given; ``env`` adds to the isolated environment."""
    import subprocess

    full = {
        **os.environ,
        "HRCLI_DATA_DIR": str(isolated / "data"),
        "HRCLI_CACHE_DIR": str(isolated / "cache"),
        "HRCLI_CONFIG_DIR": str(isolated / "config"),
        **(env or {}),
    }
    kw.setdefault("stdout", subprocess.PIPE)
    kw.setdefault("stderr", subprocess.PIPE)
    return subprocess.run([sys.executable, "-m", "hrcli", *args], env=full, timeout=timeout, **kw)


def write(folder: Path, name: str, data: bytes | str) -> Path:
    """Write ``data`` (text as UTF-8) to ``folder / name``, making the folders on the way."""
    p = folder / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return p


def workbook(rows: list[list], sources: list[list] | None = None) -> bytes:
    """An .xlsx file: ``rows`` on the first sheet and, if given, ``sources`` on a sheet named Sources."""
    import io

    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    if sources is not None:
        ws = wb.create_sheet("Sources")
        for row in sources:
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# -- helpers and fixtures that tests of several subjects use ---------------------------------------------------------


HAND = '[[events]]\nid = "hand-1"\ndate = "2024"\nsummary = "Noted by hand"\nsource = "my-src"\nlocator = "p. 2"\n'


def nested_toml():
    """TOML of arrays and inline tables nested from 1 to 3,000 deep, some of it valid settings."""
    from hypothesis import strategies as st

    def nest(depth, opener, closer, inner):
        return opener * depth + inner + closer * depth

    kinds = st.sampled_from([("[", "]"), ("{a = ", "}"), ("[{b = ", "}]")])
    value = st.builds(
        lambda d, k, inner: nest(d, k[0], k[1], inner),
        st.integers(0, 3000),
        kinds,
        st.sampled_from(['"json"', "1", "", '"x"', "9" * 5000]),
    )
    key = st.sampled_from(["format", "color", "dir", "x"])
    return st.lists(st.builds(lambda k, v: f"{k} = {v}\n", key, value), min_size=1, max_size=3).map("".join)


def add_events(texts):
    r = run("add", "source", "--id", "my-src", "--title", "T", "--date", "2023-05", "--voice", "other")
    assert r.code == 0, r.stderr
    for n, text in enumerate(texts):
        r = run("add", "event", "--date", "2024", "--summary", text, "--source", "my-src", "--locator", f"p. {n}")
        assert r.code == 0, r.stderr


# a user file whose records the mutations would get wrong: pipes, LIKE wildcards, a year boundary and a
# disagreement whose sides speak in different voices (no bundled conflict mixes voices)
TRICKY_FACTS = """
[[events]]
id = "m-pipe"
date = "2031-12-31"
summary = "zq pipe a | b in the summary"
source = "gov-2011"
locator = "para. 1"

[[events]]
id = "m-next-year"
date = "2032-01-01"
summary = "zq first day of the next year"
source = "gov-2011"
locator = "para. 2"

[[claims]]
id = "m-underscore"
summary = "zq token zq_x here"
source = "gov-2011"
locator = "para. 3"

[[claims]]
id = "m-no-underscore"
summary = "zq token zqyx here"
source = "gov-2011"
locator = "para. 4"

[[claims]]
id = "m-percent"
summary = "zq token 5%x here"
source = "gov-2011"
locator = "para. 5"

[[claims]]
id = "m-no-percent"
summary = "zq token 5abcx here"
source = "gov-2011"
locator = "para. 6"

[[conflicts]]
id = "m-mixed-voices"
topic = "asylum"
summary = "A figure the government and the country team give differently"
explanation = "Two documents, two voices."
sides = [
  { source = "gov-2011", locator = "para. 7", value = 10, says = "ten" },
  { source = "unct-2009", locator = "para. 8", value = 12, says = "twelve" },
]
"""


@pytest.fixture
def tricky_facts(isolated) -> Path:
    facts = isolated / "data" / "facts"
    facts.mkdir(parents=True)
    f = facts / "mine.toml"
    f.write_text(TRICKY_FACTS, encoding="utf-8")
    return f


def topic_rows(n: int, start: int = 1, ids: bool = False, topic: str = "children") -> str:
    return "".join(
        f"20{10 + i % 10}-0{1 + i % 9},Event number {i},unct-2009,para. {1 + i % 60},{topic},"
        f"{f'my-{i}' if ids else ''}\n"
        for i in range(start, start + n)
    )


def events_workbook(path: Path, n: int) -> Path:
    """``n`` events citing a source of the user's, given on the workbook's own Sources sheet."""
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    wb.active.append(["date", "summary", "source", "locator", "id"])
    for i in range(1, n + 1):
        wb.active.append([f"20{10 + i % 10}", f"Event {i} " + "x" * 300, "mine-1", f"p. {i}", f"wb-{i}"])
    ws = wb.create_sheet("Sources")
    ws.append(["id", "title", "date", "kind", "issuer", "voice", "cite"])
    ws.append(["mine-1", "My source", "2020", "report", "me", "user", "Me (2020)"])
    wb.save(path)
    return path


def cells_table(data: bytes, fmt: str = "csv"):
    return importer.rows_from_file(io.BytesIO(data), fmt, "t.csv")


THREE_ROWS_CSV = "date,summary,source,locator\n2023,Visit,unct-2009,para. 1\n"


def rezip(book: bytes, parts: dict[str, object]) -> bytes:
    """The workbook with parts replaced or added: bytes, or a callable that writes to the part (for big ones)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(book)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename not in parts:
                dst.writestr(info, src.read(info))
        for name, part in parts.items():
            if callable(part):
                with dst.open(name, "w", force_zip64=True) as fh:
                    part(fh)
            else:
                dst.writestr(name, part)
    return out.getvalue()


# made-up rows: mixed spellings of the responses, three sessions (first, second and third cycle)
UPR_CSV = """Recommendation,Recommending State,Response,Session,Issues
Invented recommendation one,Germany,Accepted,8,Death penalty
Invented recommendation two,France,Noted,8,Elections
Invented recommendation three,Norway,Supported,8,Freedom of expression
Invented recommendation four,Sweden,Rejected,8,death_penalty
Invented recommendation five,Germany,Partially accepted,8,Human rights defenders
Invented recommendation six,Brazil,Accept,22,trafficking
Invented recommendation seven,Canada,Not accepted,22,DEATH-PENALTY
Invented recommendation eight,Côte d'Ivoire,Pending,36,Elections
"""


UPR_MAP = (
    "--kind",
    "recommendations",
    "--map",
    "Recommendation=summary",
    "--map",
    "Recommending State=recommending_state",
    "--map",
    "Issues=topics",
    "--source",
    "ngo-upr",
    "--set",
    "locator=row",
    "--set",
    "mechanism=upr",
)


@pytest.fixture
def imported(tmp_path):
    r = run("add", "source", "--id", "ngo-upr", "--title", "Invented UPR dataset", "--date", "2024", "--voice", "other")
    assert r.code == 0, r.stderr
    path = tmp_path / "upr-belarus.csv"
    path.write_text(UPR_CSV, encoding="utf-8")
    r = run("import", str(path), *UPR_MAP)
    assert r.code == 0, r.stderr
    return path


def bash_completions(words: str, cword: int) -> list[str]:
    env = {**os.environ, "_HRCLI_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
    r = subprocess.run([sys.executable, "-m", "hrcli"], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    return r.stdout.splitlines()
