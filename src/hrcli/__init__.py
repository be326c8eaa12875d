"""hrcli: Belarus and the UN human-rights machinery, from five cited documents.

Use from Python without the CLI::

    import hrcli
    base = hrcli.load()                 # bundled facts plus the user's own files
    for ev in base.events(body="CAT"):
        print(ev.date, ev.summary, ev.source, ev.locator)
"""

from __future__ import annotations

from ._version import __version__

__all__ = ["__version__", "load", "FactBase", "Source", "Fact", "Stat", "Conflict", "Side", "FactFileError"]


def __getattr__(name: str):
    # Lazy: `import hrcli` stays cheap, and the CLI pays only for what a command uses.
    if name in {"load", "FactBase", "FactFileError"}:
        from . import store

        return getattr(store, name)
    if name in {"Source", "Fact", "Stat", "Conflict", "Side"}:
        from . import model

        return getattr(model, name)
    raise AttributeError(f"module 'hrcli' has no attribute {name!r}")
