"""Shell completion that keeps a value with spaces one word (``fn. 2``, ``Asylum-seekers in 2008``).

typer's bash completion prints each value as it is, and bash inserts it unquoted: ``fn. 2`` became two
arguments. Here bash gets each value escaped as the shell reads it back (``fn.\\ 2``); zsh (quoted by
typer) and fish (one value a line, escaped by fish itself) already keep it whole.
"""

from __future__ import annotations

import re

from typer._click.shell_completion import CompletionItem, add_completion_class
from typer._completion_classes import BashComplete, ZshComplete

# what bash reads as itself in a word; anything else gets a backslash
_PLAIN = re.compile(r"[^\w@%+=:,./-]")


def bash_word(value: str) -> str:
    """``value`` as one bash word: every character bash would split on or expand escaped with a backslash."""
    return _PLAIN.sub(lambda m: "\\" + m[0], value)


class _Bash(BashComplete):
    def format_completion(self, item: CompletionItem) -> str:
        return bash_word(str(item.value))


class _Zsh(ZshComplete):
    def source(self) -> str:
        """typer's zsh script, made loadable from $fpath: '#compdef' on its first line (compinit reads only
        that line), and completing on the first TAB when autoloaded, not only from the second."""
        script = super().source().lstrip("\n")
        call = "compdef _hrcli_completion hrcli"
        loaded = f'if [[ $zsh_eval_context[-1] == loadautofunc ]]; then\n  _hrcli_completion "$@"\nelse\n  {call}\nfi'
        return script.replace(call, loaded) if call in script else script


def install() -> None:
    """Use the escaping bash completion and the loadable zsh script for this call (after typer registered
    its own classes)."""
    add_completion_class(_Bash, "bash")
    add_completion_class(_Zsh, "zsh")
