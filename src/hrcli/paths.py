"""Where hrcli keeps the user's facts, settings and cache (platformdirs, overridable by env)."""

from __future__ import annotations

import os
from pathlib import Path

APP = "hrcli"


def data_dir() -> Path:
    """The user's data folder; facts live in its ``facts/`` subfolder. ``HRCLI_DATA_DIR`` overrides."""
    env = os.environ.get("HRCLI_DATA_DIR")
    if env:
        return Path(env)
    import platformdirs  # only when no override: tests and power users skip it

    return Path(platformdirs.user_data_dir(APP))


def facts_dir() -> Path:
    return data_dir() / "facts"


def config_file() -> Path:
    """``config.toml`` in the user config folder. ``HRCLI_CONFIG_DIR`` overrides the folder."""
    env = os.environ.get("HRCLI_CONFIG_DIR")
    if env:
        return Path(env) / "config.toml"
    import platformdirs

    return Path(platformdirs.user_config_dir(APP)) / "config.toml"


def cache_dir() -> Path:
    """The parsed-data cache folder. ``HRCLI_CACHE_DIR`` overrides."""
    env = os.environ.get("HRCLI_CACHE_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP))


def in_facts(path: Path | str) -> bool:
    """Whether writing ``path`` would land in the user's facts folder (or below it), however it is spelled:
    relative, through links, or as a hard link of a file there. Every file there is read as facts, so
    nothing but ``hrcli add`` and ``hrcli import`` may write there."""
    facts = os.path.realpath(facts_dir())
    try:
        if os.path.commonpath([facts, os.path.realpath(path)]) == facts:
            return True
    except ValueError:  # another drive (Windows)
        pass
    try:
        st = os.stat(path)
        with os.scandir(facts) as it:
            return any(os.path.samestat(st, e.stat()) for e in it if e.is_file())
    except OSError:  # a new path, or no facts folder: nothing there to be one of
        return False
