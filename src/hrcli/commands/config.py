"""``hrcli config get|set|unset|list|path``: settings in the user config file, written with tomli-w."""

from typing import Annotated

import typer

from .. import config as cfg
from .. import options as o
from .. import paths
from ..output import emit, err, write
from ..view import Column, View

config_app = typer.Typer(
    help="Show or change settings. The environment (HRCLI_FORMAT, NO_COLOR) and flags override them.",
    no_args_is_help=True,
)


def _complete_key(incomplete: str) -> list[str]:
    return [k for k in cfg.KEYS if k.startswith(incomplete)]


@config_app.command("list")
def config_list(
    ctx: typer.Context,
    fmt: o.FormatOpt = None,
    as_json: o.JsonOpt = False,
) -> None:
    """Every setting with its value and what it does."""
    form = o.resolve_format(fmt, as_json)
    current = cfg.read()
    rows = [
        {"key": k, "value": current.get(k), "allowed": "|".join(allowed), "description": desc}
        for k, (desc, allowed) in cfg.KEYS.items()
    ]
    emit(
        View(
            rows=rows,
            fields=("key", "value", "allowed", "description"),
            legend=False,
            columns=(
                Column("key", "Setting"),
                Column("value", "Value"),
                Column("allowed", "Allowed"),
                Column("description", "Description", ratio=1),
            ),
        ),
        form,
        o.settings(ctx),
    )


@config_app.command("get")
def config_get(key: Annotated[str, typer.Argument(help="Setting name.", autocompletion=_complete_key)]) -> None:
    """Print one setting's value (empty when unset)."""
    cfg.check(key)
    write((cfg.read().get(key) or "") + "\n")


@config_app.command("set")
def config_set(
    key: Annotated[str, typer.Argument(help="Setting name.", autocompletion=_complete_key)],
    value: Annotated[str, typer.Argument(help="New value.")],
) -> None:
    """Change one setting."""
    cfg.check(key, value)
    path = cfg.update(key, value)
    err(f"{key} = {value} (in {path})")


@config_app.command("unset")
def config_unset(key: Annotated[str, typer.Argument(help="Setting name.", autocompletion=_complete_key)]) -> None:
    """Remove one setting (back to the default)."""
    cfg.check(key)
    cfg.update(key, None)


@config_app.command("path")
def config_path() -> None:
    """Print where the config file lives."""
    write(str(paths.config_file()) + "\n")


def register(app: typer.Typer) -> None:
    app.add_typer(config_app, name="config", help="Show or change settings (default format, colour).")
