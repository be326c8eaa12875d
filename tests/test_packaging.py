"""Installation and start-up: the wheel carries the data, completions are current, rich stays out of pipes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv

import pytest

from conftest import REPO

PY = sys.executable


def sub(*args, env=None, cwd=None, **kw):
    e = {**os.environ, **(env or {})}
    return subprocess.run([PY, *args], capture_output=True, text=True, env=e, cwd=cwd, **kw)


def complete(words: str, cword: int, shell: str = "bash") -> list[str]:
    env = {"_HRCLI_COMPLETE": f"complete_{shell}"}
    if shell == "bash":
        env.update(COMP_WORDS=words, COMP_CWORD=str(cword))
    else:
        env.update(_TYPER_COMPLETE_ARGS=words)
    r = sub("-m", "hrcli", env=env)
    assert r.returncode == 0, r.stderr
    if shell != "bash":
        return r.stdout.split()
    import shlex

    # one value a line (the script's IFS), escaped for bash: read back as bash would, each one word
    words = [shlex.split(line) for line in r.stdout.splitlines() if line]
    assert all(len(w) == 1 for w in words), r.stdout
    return [w[0] for w in words]


def test_completion_scripts_are_current():
    r = sub(str(REPO / "scripts" / "completions.py"), "--check")
    assert r.returncode == 0, r.stdout
    for name in ("hrcli.bash", "_hrcli", "hrcli.fish"):
        text = (REPO / "completions" / name).read_text(encoding="utf-8")
        assert "_HRCLI_COMPLETE" in text and "hrcli" in text and "__main__" not in text


def test_completion_offers_codes_topics_sources_mechanisms():
    assert complete("hrcli treaty C", 2) == ["CAT", "CERD", "CEDAW", "CCPR", "CRC", "CESCR", "CRPD", "CORE"]
    assert {"trafficking", "asylum", "refugees", "returns", "reception", "parliament", "upr"} <= set(
        complete("hrcli stats ", 2)
    )
    assert complete("hrcli timeline --source ", 3) == ["gov-2011", "mfa-web", "gov-2014", "gov-2007", "unct-2009"]
    assert complete("hrcli timeline --mechanism tr", 3) == ["treaty-bodies", "treaties"]
    assert "timeline" in complete("hrcli ti", 1)
    zsh = sub("-m", "hrcli", env={"_HRCLI_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "hrcli treaty CE"})
    assert "CERD" in zsh.stdout and "CEDAW" in zsh.stdout and "CESCR" in zsh.stdout


def test_install_completion_is_offered():
    r = sub("-m", "hrcli", "--help")
    assert "--install-completion" in r.stdout and "--show-completion" in r.stdout


def test_python_m_behaves_like_the_script():
    from hrcli import __version__

    r = sub("-m", "hrcli", "--version")
    assert r.stdout.strip() == f"hrcli {__version__}"
    bad = sub("-m", "hrcli", "treaty", "CATT")
    assert bad.returncode == 2 and bad.stderr.startswith("hrcli: ")


RICH_CHECK = """
import sys, io
from hrcli.cli import main
sys.stdout = io.StringIO()
code = main(sys.argv[1:])
loaded = sorted(m for m in sys.modules if m == "rich" or m.startswith("rich."))
sys.stderr.write(repr((code, loaded)))
"""


@pytest.mark.parametrize(
    "args",
    [
        ["timeline", "--json"],
        ["treaty", "CAT", "--json"],
        ["stats", "asylum", "--json"],
        ["search", "minsk", "--format", "csv"],
        ["upr", "--format", "jsonl"],
    ],
)
def test_machine_output_never_imports_rich(args, tmp_path):
    r = sub("-c", RICH_CHECK, *args, env={"HRCLI_CACHE_DIR": str(tmp_path), "HRCLI_DATA_DIR": str(tmp_path)})
    assert r.stderr.strip().endswith("(0, [])"), r.stderr


JINJA_CHECK = """
import sys, io
from hrcli.cli import main
sys.stdout = io.StringIO()
code = main(sys.argv[1:])
loaded = sorted(m for m in sys.modules if m.split(".")[0] in {"jinja2", "markupsafe"} or m == "hrcli.html")
sys.stderr.write(repr((code, loaded, "<!DOCTYPE html>" in sys.stdout.getvalue())))
"""


def test_jinja2_loads_only_for_html(tmp_path):
    env = {"HRCLI_CACHE_DIR": str(tmp_path), "HRCLI_DATA_DIR": str(tmp_path)}
    for args in (["timeline", "--json"], ["stats", "asylum"], ["export", "--format", "csv"]):
        r = sub("-c", JINJA_CHECK, *args, env=env)
        assert r.stderr.strip().endswith("(0, [], False)"), r.stderr
    r = sub("-c", JINJA_CHECK, "timeline", "--body", "CAT", "--format", "html", env=env)
    assert "'jinja2'" in r.stderr and "'hrcli.html'" in r.stderr and r.stderr.strip().endswith("True)"), r.stderr


MODULES_CHECK = """
import sys, io
from hrcli.cli import main
sys.stdout = io.StringIO()
code = main(sys.argv[2:])
loaded = sorted(m for m in sys.modules if m in sys.argv[1].split(","))
sys.stderr.write(repr((code, loaded)))
"""


def test_machine_output_from_a_built_cache_leaves_date_parsing_and_bibliography_formats_alone(tmp_path):
    """Start-up (counted in instructions, benchmarks/startup.py --instructions): once the cache holds the
    parsed dates, a machine-format listing imports no date parser, and only sources and cite make the
    bibliography --format choices."""
    env = {"HRCLI_CACHE_DIR": str(tmp_path), "HRCLI_DATA_DIR": str(tmp_path)}
    assert sub("-m", "hrcli", "timeline", "--json", env=env).returncode == 0  # builds the cache
    for args in (["timeline", "--json"], ["treaty", "CAT", "--json"], ["upr", "--format", "jsonl"]):
        r = sub("-c", MODULES_CHECK, "hrcli.edtf,calendar", *args, env=env)
        assert r.stderr.strip().endswith("(0, [])"), r.stderr
    code = "import hrcli.options as o; print('BiblioFormat' in vars(o), o.BiblioFormat.bibtex.value)"
    assert sub("-c", code, env=env).stdout.split() == ["False", "bibtex"]
    r = sub("-m", "hrcli", "sources", "--format", "bibtex", env=env)
    assert r.returncode == 0 and "@" in r.stdout, r.stderr


def test_import_hrcli_is_light(tmp_path):
    code = (
        "import sys, hrcli; hrcli.load(); hrcli.load(); print(sorted(m for m in sys.modules "
        "if m.split('.')[0] in {'rich', 'typer', 'edtf', 'tomli_w'}))"
    )
    r = sub("-c", code, env={"HRCLI_CACHE_DIR": str(tmp_path), "HRCLI_DATA_DIR": str(tmp_path)})
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"


@pytest.mark.slow
def test_built_wheel_installs_and_runs_outside_the_repo(tmp_path):
    dist = tmp_path / "dist"
    built = sub("-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(REPO))
    assert built.returncode == 0, built.stderr
    wheel = next(dist.glob("hrcli-*.whl"))
    env_dir = tmp_path / "venv"
    venv.create(env_dir)  # without pip: bootstrapping it took most of this test (27 s of 67 under load)
    py = env_dir / "bin" / "python"
    inst = sub("-m", "pip", "--python", str(py), "install", "-q", str(wheel))  # this pip installs into that venv
    assert inst.returncode == 0, inst.stderr
    env = {**os.environ, "HRCLI_DATA_DIR": str(tmp_path / "d"), "HRCLI_CACHE_DIR": str(tmp_path / "c")}
    env.pop("PYTHONPATH", None)
    out = subprocess.run(
        [env_dir / "bin" / "hrcli", "timeline", "--json"], capture_output=True, text=True, cwd=tmp_path, env=env
    )
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert any(r["id"] == "g11-sp-2009-11-13-standing-invitation" for r in rows)
    where = subprocess.run(
        [py, "-c", "import hrcli.loader as l; print(l.bundled_path())"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    assert str(env_dir) in where.stdout and where.stdout.strip().endswith("hrcli/data/facts.toml")
    # the html template ships inside the package, and a page renders from the installed wheel
    import zipfile

    assert "hrcli/templates/report.html.j2" in zipfile.ZipFile(wheel).namelist()
    page = subprocess.run(
        [env_dir / "bin" / "hrcli", "timeline", "--body", "CAT", "--format", "html"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    assert page.returncode == 0, page.stderr
    assert page.stdout.startswith("<!DOCTYPE html>") and "g11-cat-2009-12-report5" in page.stdout


def test_json_is_indented_on_a_terminal_and_compact_in_a_pipe(tmp_path):
    import pty

    env = {**os.environ, "HRCLI_CACHE_DIR": str(tmp_path), "HRCLI_DATA_DIR": str(tmp_path)}
    master, slave = pty.openpty()
    p = subprocess.Popen([PY, "-m", "hrcli", "sources", "--json"], stdout=slave, stderr=subprocess.PIPE, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO once the child has closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    p.communicate(timeout=60)  # also closes the stderr pipe
    os.close(master)
    on_tty = b"".join(chunks).decode().replace("\r\n", "\n")
    assert on_tty.startswith("[\n  {\n") and "\x1b" not in on_tty
    piped = sub("-m", "hrcli", "sources", "--json", env=env).stdout
    assert piped.startswith('[{"id":') and piped.count("\n") == 1
    assert json.loads(on_tty) == json.loads(piped)
