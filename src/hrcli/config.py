"""Settings in ``config.toml`` (user config folder): read cheaply, written with tomli-w.

Known keys and their allowed values are below; the environment and command-line flags override them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import paths
from .errors import DataError, UsageError, did_you_mean
from .formats import default_names

KEYS: dict[str, tuple[str, tuple[str, ...]]] = {
    # a page is something one asks for: an html default would turn every answer into a page (formats.py)
    "format": ("default output format", default_names()),
    "color": ("colour in tables: auto follows the terminal, never turns it off", ("auto", "never")),
}


def read(path: Path | None = None) -> dict[str, str]:
    """The settings as a dict; a missing file is empty, a broken one is a DataError naming it."""
    from .safefile import display, read_bytes  # never blocks on a FIFO, bounded in size

    p = path or paths.config_file()
    try:
        raw = read_bytes(p)
    except FileNotFoundError:
        return {}
    except OSError as e:
        raise DataError(f"{p}: cannot read config: {e.strerror or e}") from None
    import tomllib

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as e:
        # ValueError: TOMLDecodeError, or an integer of 4,300+ digits; RecursionError: tables nested too deep
        why = "nested too deeply to read" if isinstance(e, RecursionError) else str(e)
        raise DataError(
            f"{display(p)}: config file is broken ({why}); fix it or remove it ('hrcli config path' shows where)"
        ) from None
    out = {}
    for k, v in data.items():
        if k not in KEYS:
            raise DataError(f"{p}: unknown setting {k!r}; known: {', '.join(KEYS)}")
        if not isinstance(v, str) or v not in KEYS[k][1]:
            raise DataError(f"{p}: setting {k!r} must be one of {', '.join(KEYS[k][1])}, not {v!r}")
        out[k] = v
    return out


def get(key: str) -> str | None:
    """One setting, read fresh (a missing file costs one failed open)."""
    return read().get(key)


def check(key: str, value: str | None = None) -> None:
    if key not in KEYS:
        raise did_you_mean(key, KEYS, "setting")
    if value is not None and value not in KEYS[key][1]:
        raise UsageError(f"setting {key!r} takes one of {', '.join(KEYS[key][1])}, not {value!r}")


@contextmanager
def _locked(p: Path) -> Iterator[None]:
    """An exclusive lock beside ``config.toml`` (as ``hrcli add`` holds one on the facts folder), so two
    ``config set`` calls at once cannot both read the old file and each write back only their own key."""
    from filelock import FileLock

    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(p.parent / ".config.lock")
        lock.acquire()
    except OSError as e:
        raise DataError(f"{p.parent}: cannot use the config folder: {e.strerror or e}") from None
    try:
        yield
    finally:
        lock.release()


def update(key: str, value: str | None, path: Path | None = None) -> Path:
    """Set ``key`` to ``value`` (None: remove it), reading and writing the file under one lock."""
    p = path or paths.config_file()
    with _locked(p):
        values = read(p)
        if value is None:
            values.pop(key, None)
        else:
            values[key] = value
        return write(values, p)


def write(values: dict[str, str], path: Path | None = None) -> Path:
    """Write the settings atomically (temp file + rename), honouring the umask and a symlinked config.toml."""
    import tomli_w

    from . import safefile

    p = path or paths.config_file()
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        safefile.write_bytes(p, tomli_w.dumps(values).encode("utf-8"), prefix=".config-")
    except OSError as e:
        raise DataError(f"{p}: cannot write config: {e.strerror or e}") from None
    return p
