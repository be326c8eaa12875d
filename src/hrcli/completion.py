"""Shell completion that keeps a value with spaces one word (``fn. 2``, ``Asylum-seekers in 2008``).

typer's bash completion prints each value as it is, and bash inserts it unquoted: ``fn. 2`` became two
arguments. Here bash gets each value escaped as the shell reads it back (``fn.\\ 2``); zsh (quoted by
typer) and fish (one value a line, escaped by fish itself) already keep it whole.
"""

from __future__ import annotations

import re

from typer._click.shell_completion import CompletionItem, add_completion_class
from typer._completion_classes import BashComplete

# what bash reads as itself in a word; anything else gets a backslash
_PLAIN = re.compile(r"[^\w@%+=:,./-]")


def bash_word(value: str) -> str:
    """``value`` as one bash word: every character bash would split on or expand escaped with a backslash."""
    return _PLAIN.sub(lambda m: "\\" + m[0], value)


class _Bash(BashComplete):
    def format_completion(self, item: CompletionItem) -> str:
        return bash_word(str(item.value))


def install() -> None:
    """Use the escaping bash completion for this call (after typer registered its own classes)."""
    add_completion_class(_Bash, "bash")
