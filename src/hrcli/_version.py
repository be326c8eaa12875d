"""hrcli's version: one module of its own, so the modules that name it (cli, cache, html, publish, the passage
index) import it from below instead of from the package face, which imports store in turn."""

__version__ = "0.1.0"
