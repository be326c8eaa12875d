"""The ``hrcli`` entry point: builds the typer app and turns every failure into one line and an exit code.

Only the subcommand being run is registered with typer (all of them for ``--help`` or an unknown
name): typer builds every registered command's parameters at start-up, and start-up is what a
reference tool's user waits for on every call and every TAB.
"""

import importlib
import os
import re
import sys

import typer

from . import output
from ._version import __version__
from .errors import (
    EXIT_DATA,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    DataError,
    FactFileError,
    PipeClosed,
    UsageError,
    closest,
)
from .settings import Settings, user_from_env

# name -> (module, one-line help). Order is the order `hrcli --help` lists them; each help fits one line
# of the root help at 80 columns (63 characters)
COMMANDS: dict[str, tuple[str, str]] = {
    "timeline": ("hrcli.commands.timeline", "Every dated event across all mechanisms, oldest first."),
    "treaty": ("hrcli.commands.treaty", "Treaty bodies: each committee, or one committee's history."),
    "invitations": ("hrcli.commands.invitations", "Special procedures: invitations, visits, the country mandate."),
    "upr": ("hrcli.commands.upr", "Universal Periodic Review: cycles, recommendations, follow-up."),
    "votes": ("hrcli.commands.votes", "Council and Commission resolutions on Belarus with their votes."),
    "stats": ("hrcli.commands.stats", "Statistics: list topics, or print a topic's tables."),
    "sources": ("hrcli.commands.sources", "The source documents: date, kind, voice, how to cite."),
    "conflicts": ("hrcli.commands.conflicts", "Where sources disagree, or a source with its own arithmetic."),
    "search": ("hrcli.commands.search", "Full-text search over all facts (case- and accent-insensitive)."),
    "show": ("hrcli.commands.show", "One record with every field and its full citation."),
    "cite": ("hrcli.commands.cite", "Citations of records and sources in a CSL style (oscola, apa)."),
    "quote": ("hrcli.commands.quote", "The passage of a source that a locator points at."),
    "add": ("hrcli.commands.add", "Add your own source or event to your fact file."),
    "import": ("hrcli.commands.imports", "Import your own records from CSV, TSV, JSON, JSONL or .xlsx."),
    "remove": ("hrcli.commands.remove", "Remove one of your own records by id."),
    "validate": ("hrcli.commands.validate", "Check fact files and report every problem."),
    "config": ("hrcli.commands.config", "Show or change settings (default format, colour)."),
    "export": ("hrcli.commands.export", "Export all or a filtered set: toml, json, csv, sqlite, html."),
}

HELP = (
    "Belarus and the UN human-rights machinery, from five cited documents.\n\n"
    "Every row names its source document and the place in it, and whose voice the claim is in "
    "(the Government of Belarus or the UN Country Team). Use --json or --format for pipes; in csv and md, "
    "text that a spreadsheet would run as a formula gets a leading apostrophe (--csv-raw, with any command, "
    "keeps cells as stored)."
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"hrcli {__version__}\n")
        raise typer.Exit(EXIT_OK)


def _root(
    ctx: typer.Context,
    version: bool = typer.Option(
        False, "--version", help="Print the version and exit.", callback=_version, is_eager=True
    ),
    no_pager: bool = typer.Option(False, "--no-pager", help="Never page long tables (also HRCLI_PAGER=)."),
    bundled_only: bool = typer.Option(
        False, "--bundled-only", help="Use the bundled facts alone, not your own files (also HRCLI_USER=0)."
    ),
) -> None:
    """Belarus and the UN human-rights machinery, from five cited documents."""
    # this call's Settings (main put csv_raw and argv there): every command reads them from the context
    given = ctx.obj if isinstance(ctx.obj, Settings) else Settings()
    user = given.user and not bundled_only and user_from_env(os.environ.get("HRCLI_USER"))
    ctx.obj = given.replace(pager=given.pager and not no_pager, user=user)


def _selected(args: list[str]) -> str | None:
    """The subcommand this call runs (or completes), if it is one we know; None means register all."""
    if os.environ.get("_HRCLI_COMPLETE"):
        # bash passes the words in COMP_WORDS; typer's zsh and fish scripts in _TYPER_COMPLETE_ARGS
        raw = os.environ.get("COMP_WORDS") or os.environ.get("_TYPER_COMPLETE_ARGS", "")
        words = raw.split()
        # the command word is settled once another word (or a space) follows it
        if len(words) > 2 or (len(words) == 2 and raw[-1:].isspace()):
            return words[1] if words[1] in COMMANDS else None
        return None
    for a in args:
        if not a.startswith("-"):
            return a if a in COMMANDS else None
    return None


def build_app(only: str | None = None) -> typer.Typer:
    """The typer app with every command, or only ``only``."""
    app = typer.Typer(
        name="hrcli", help=HELP, no_args_is_help=True, context_settings={"help_option_names": ["-h", "--help"]}
    )
    app.callback()(_root)
    for name, (module, _help) in COMMANDS.items():
        if only is None or name == only:
            importlib.import_module(module).register(app)
    return app


# what rich would read as a markup tag in help text: '[bold]', '[/]', '[#fff]' (rich.markup's pattern), unless
# the help escapes it already ('\[@id]'); importing rich here would cost every call its start-up. Patterns,
# not compiled: re compiles them (once) only when help is shown, not on every call.
_TAG = r"(?<!\\)\[[a-z#/@][^[]*?]"
# a line that starts a line of its own in help: a list item, an indented example
_OWN_LINE = r"^(?:[-*•] |\s)"


def reflow(text: str | None) -> str | None:
    """Help text as paragraphs a terminal of any width can wrap: the line breaks of the source inside a
    paragraph joined (rich keeps them, so 110-column lines came out ragged at 80), list items and
    indented lines kept on lines of their own, square brackets escaped so rich prints them."""
    if not text:
        return text
    import inspect

    paragraphs = []
    for para in inspect.cleandoc(text).split("\n\n"):
        lines: list[str] = []
        for line in para.split("\n"):
            if lines and not re.match(_OWN_LINE, line):
                lines[-1] = lines[-1].rstrip() + " " + line.strip()
            else:
                lines.append(line.rstrip())
        paragraphs.append("\n".join(lines))
    return re.sub(_TAG, lambda m: "\\" + m[0], "\n\n".join(paragraphs))


def tidy_help(command) -> None:
    """Every help text of the command tree reflowed (see ``reflow``); the root help lists each command by
    its one line from COMMANDS."""
    todo = [(command, True)]
    while todo:
        cmd, top = todo.pop()
        cmd.help = reflow(cmd.help)
        for p in cmd.params:
            if getattr(p, "help", None):
                p.help = reflow(p.help)
        for name, sub in (getattr(cmd, "commands", None) or {}).items():
            if top and name in COMMANDS:
                sub.short_help = COMMANDS[name][1]
            todo.append((sub, False))


def _may_show_help(args: list[str]) -> bool:
    """Whether this call may print help text: --help, or -h alone or in a cluster of short options
    (over-eager only costs the reflow; main turns no arguments and a group typed alone into --help), or
    completion for a shell that shows each choice's help (zsh, fish; bash gets the values alone)."""
    shell = os.environ.get("_HRCLI_COMPLETE")
    if shell:
        return "bash" not in shell
    return any(a == "--help" or (a[:1] == "-" and a[1:2] != "-" and "h" in a) for a in args)


def _suggest_command(message: str) -> str:
    if "No such command" in message:
        bad = message.split("'")[1] if "'" in message else ""
        close = closest(bad, COMMANDS)
        if "Did you mean" in message:
            return message
        if close:
            return f"{message.rstrip('.')}. Did you mean '{close}'?"
        return f"{message.rstrip('.')}. Commands: {', '.join(COMMANDS)}."
    return message


def _csv_raw(args: list[str]) -> tuple[bool, list[str]]:
    """Whether ``--csv-raw`` was given (any command, any position before ``--``), and the arguments without it."""
    end = args.index("--") if "--" in args else len(args)
    if "--csv-raw" not in args[:end]:
        return False, args
    return True, [a for a in args[:end] if a != "--csv-raw"] + args[end:]


def main(argv: list[str] | None = None) -> int:
    """Run hrcli; exit 0 ok, 1 data or runtime problem, 2 usage problem, 130 interrupted."""
    _guard_stdio()
    args = sys.argv[1:] if argv is None else list(argv)
    # Bytes that are not UTF-8 arrive as surrogates (surrogateescape) and stay so: a file name given with
    # them must reach the file system as those bytes, never as another file's name with U+FFFD in it.
    # Printing is safe all the same (output cleans every message and cell; names go through
    # safefile.display), and the validator refuses such text as a value to store.

    # an html page shows the command that made it, so argv keeps --csv-raw (printable, as safefile.display
    # shows a name; not imported for it: start-up)
    csv_raw, shown = _csv_raw(args)
    settings = Settings(csv_raw=csv_raw, argv=tuple(a if a.isascii() else _printable(a) for a in args))
    args = shown
    if not args:
        args = ["--help"]
    if any("\x00" in a for a in args):
        # no shell can pass one (argv is C strings); via main() it would crash typer's path checks
        output.err("an argument contains a NUL byte, which no name or value can hold")
        return EXIT_USAGE
    return _main(args, settings)


def _printable(arg: str) -> str:
    try:
        return os.fsencode(arg).decode("utf-8", "replace")
    except UnicodeEncodeError:  # a surrogate no byte made (only through main() from Python)
        return arg.encode("utf-8", "replace").decode("utf-8")


SHOWN_PROBLEMS = 5  # a fact base's problems said on stderr by any command but validate; the rest counted


def _main(args: list[str], settings: Settings) -> int:
    from typer._click import exceptions as click_exc  # typer vendors click since 0.26

    code = EXIT_OK
    try:
        command = typer.main.get_command(build_app(_selected(args)))  # what app() runs
        if _may_show_help(args):
            tidy_help(command)  # walks every help text of the tree: only when one may be shown
        if os.environ.get("_HRCLI_COMPLETE"):
            from .completion import install

            install()  # after get_command, which registers typer's own completion classes
        rv = command.main(args=args, prog_name="hrcli", standalone_mode=False, obj=settings)
        code = rv if isinstance(rv, int) else EXIT_OK
    except click_exc.NoArgsIsHelpError:
        # a group typed alone (`hrcli add`): show its help, as `hrcli` alone does
        return main([*args, "--help"])
    except click_exc.UsageError as e:
        output.err(_suggest_command(e.format_message()).replace("\n", " "))
        code = EXIT_USAGE
    except UsageError as e:
        output.err(str(e))
        code = EXIT_USAGE
    except PipeClosed:
        code = _closed_pipe()
    except FactFileError as e:
        lines = list(e.lines)
        if len(lines) > SHOWN_PROBLEMS:  # a broken base on every command: the first few, not 505 lines
            more = len(lines) - SHOWN_PROBLEMS
            lines = [
                *lines[:SHOWN_PROBLEMS],
                f"and {more:,} more problem(s), {len(lines):,} in all: 'hrcli validate' lists them all",
            ]
        if _user_problem(e):  # a broken file of the user's: say how to go on without it meanwhile
            fix = "fix them" if len(e.lines) > SHOWN_PROBLEMS else "fix it"
            lines[-1] += f" ({fix}, or run with --bundled-only or HRCLI_USER=0 to use the bundled facts alone)"
        for line in lines:
            output.err(line)
        code = EXIT_DATA
    except DataError as e:  # OutputError too: stdout could not take the data
        for line in e.lines:
            output.err(line)
        code = EXIT_DATA
    except (KeyboardInterrupt, typer.Abort):
        code = EXIT_INTERRUPTED
    except SystemExit as e:  # typer's completion and --install-completion end with sys.exit
        code = e.code if isinstance(e.code, int) else (EXIT_OK if e.code is None else EXIT_DATA)
    except BrokenPipeError:
        code = _closed_pipe()
    except OSError as e:  # stdout full or closed while typer printed help; or a file nothing else named
        if e.filename is not None:
            from .safefile import display

            output.err(f"{display(e.filename)}: {e.strerror or e}")
        else:
            output.drop_stdout()
            output.err(f"cannot write output: {e.strerror or e}")
        code = EXIT_DATA
    except click_exc.ClickException as e:
        output.err(e.format_message())
        code = e.exit_code
    except UnicodeEncodeError as e:  # an argument's non-UTF-8 bytes, where only text can go
        if os.environ.get("HRCLI_DEBUG") or not any("\udc80" <= c <= "\udcff" for c in str(e.object)):
            raise

        output.err("an argument holds bytes that are not UTF-8 (shown as \ufffd), which hrcli cannot use there")
        code = EXIT_USAGE
    except Exception as e:  # never a traceback for users; HRCLI_DEBUG=1 shows one
        if os.environ.get("HRCLI_DEBUG"):
            raise

        output.err(f"internal error: {type(e).__name__}: {e} (set HRCLI_DEBUG=1 for details)")
        code = EXIT_DATA
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        code = _closed_pipe()
    except (OSError, ValueError) as e:  # a full disk (/dev/full) or a closed descriptor
        output.drop_stdout()
        output.err(f"cannot write output: {getattr(e, 'strerror', None) or e}")
        code = EXIT_DATA
    return code


def _user_problem(e) -> bool:
    from .loader import bundled_path

    bundled = str(bundled_path())
    return any(getattr(p, "file", bundled) not in (bundled, "<fact base>") for p in e.problems)


class _ClosedStdout:
    """Stands in for a stdout that was closed before hrcli started (``hrcli timeline >&-``): writing fails."""

    encoding = "utf-8"
    errors = "strict"

    def write(self, _text: str) -> int:
        raise OSError(9, "stdout is closed")  # EBADF

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise OSError(9, "stdout is closed")


class _Sink(_ClosedStdout):
    def write(self, text: str) -> int:
        return len(text)


def _guard_stdio() -> None:
    """Python sets sys.stdout/stderr to None when the descriptor is closed at start. Hold fds 0-2 with
    /dev/null so no file hrcli opens can land on them, and make writing data fail loudly (exit 1)."""
    for fd, name, stand_in in ((0, "stdin", None), (1, "stdout", _ClosedStdout), (2, "stderr", _Sink)):
        if getattr(sys, name) is not None:
            continue
        try:
            os.fstat(fd)
        except OSError:
            try:
                held = os.open(os.devnull, os.O_RDWR)
                if held != fd:
                    os.dup2(held, fd)
                    os.close(held)
            except OSError:
                pass
        if stand_in is not None:
            setattr(sys, name, stand_in())


def _closed_pipe() -> int:
    # the reader went away (`| head`): stop quietly, and keep Python from complaining at exit
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return EXIT_OK


def run() -> None:
    """Console-script entry point: run, flush, and leave without interpreter teardown.

    Finalising typer's and click's module graph costs ~20 ms, about a fifth of a whole call (measured in
    benchmarks/startup.py). Nothing is left to clean up when main() returns: commands write, close and
    rename their files themselves and the cache connection is read-only. Only stdio needs flushing.
    """
    code = main()
    import contextlib

    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)
