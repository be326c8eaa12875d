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
