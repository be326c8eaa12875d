"""Developer entry: ``python -m hrcli.validate FILE...`` checks exactly these files, together.

Here, not in ``hrcli.validate`` itself: it reads through the loader, which uses the checks (the
loader sits on validate, so validate must not import it back).
"""

from __future__ import annotations


def main(argv: list[str] | None = None) -> int:
    """Developer entry: ``python -m hrcli.validate FILE...`` checks exactly these files, together, by the
    same path every command reads them (loader.read_files): sources from any file, dangling references,
    unreadable files as one line each."""
    import sys
    from pathlib import Path

    from .. import loader

    files = [(Path(p), "bundled") for p in (argv if argv is not None else sys.argv[1:])]
    try:
        loader.read_files(files)
        problems: list = []
    except loader.FactFileError as e:
        problems = e.problems
    for pr in problems:
        print(pr)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
