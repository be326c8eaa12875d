"""Settings in ``config.toml`` (user config folder): read cheaply, written with tomli-w.

Known keys and their allowed values are below; the environment and command-line flags override them.
"""

from __future__ import annotations

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
    from .safefile import read_bytes  # never blocks on a FIFO, bounded in size

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
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise DataError(
            f"{p}: config file is broken ({e}); fix it or remove it ('hrcli config path' shows where)"
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
