"""Exit codes and the two kinds of failure a command reports."""

from __future__ import annotations

EXIT_OK = 0
EXIT_DATA = 1  # a data or runtime problem: bad fact file, unreadable folder, ...
EXIT_USAGE = 2  # the user typed something we cannot use: unknown code, topic, id, bad year
EXIT_INTERRUPTED = 130  # Ctrl-C


class UsageError(Exception):
    """Something the user typed is wrong; the message is one line, with a suggestion if one fits."""


class DataError(Exception):
    """A data or runtime problem; ``lines`` are printed one per line on stderr."""

    def __init__(self, *lines: str):
        self.lines = list(lines)
        super().__init__("\n".join(lines))


class FactFileError(DataError):
    """One or more fact files are unreadable or invalid; ``problems`` has one entry per fault (one line each)."""

    def __init__(self, problems: list):
        self.problems = problems
        super().__init__(*map(str, problems))


class OutputError(DataError):
    """stdout cannot take the data (full disk, closed descriptor, an encoding that cannot show it)."""


class PipeClosed(Exception):
    """stdout's reader went away (``| head``). Not an OSError, so typer does not turn it into exit 1."""


SUGGEST_CUTOFF = 0.5  # difflib's likeness above which a name is offered as "did you mean"


def closest(word: str, choices) -> str | None:
    """The one choice to suggest for a name that is not known, or None: the home of every "did you mean"."""
    import difflib  # typer has it loaded already

    choices = [c for c in choices if isinstance(c, str)]
    # names are case-insensitive, so is the likeness: 'G14-CORE-DOCUMEN' is close to 'g14-core-document'
    folded = {c.casefold(): c for c in reversed(choices)}
    close = [folded[c] for c in difflib.get_close_matches(word.casefold(), list(folded), n=1, cutoff=SUGGEST_CUTOFF)]
    if not close and len(word) >= 3:
        close = [c for c in choices if c.casefold().startswith(word.casefold()[:3])][:1]
    return close[0] if close else None


def did_you_mean(word: str, choices, what: str) -> UsageError:
    """A UsageError for an unknown ``what``, suggesting the closest choice or listing them."""
    choices = list(choices)
    close = closest(word, choices)
    if close:
        return UsageError(f"unknown {what} {word!r}. Did you mean {close!r}?")
    shown = ", ".join(choices[:30]) + (", ..." if len(choices) > 30 else "")
    return UsageError(f"unknown {what} {word!r}. Known: {shown}")
