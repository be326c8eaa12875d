"""What one call of hrcli runs with, decided once in ``cli`` and handed down (typer's ``ctx.obj``).

A frozen value, not module globals or environment variables written for later: a caller running
``cli.main()`` twice gets two independent calls.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    pager: bool = True  # False under --no-pager (HRCLI_PAGER= is read where the pager starts)
    user: bool = True  # read the user's own fact files; False under --bundled-only or HRCLI_USER=0
    csv_raw: bool = False  # --csv-raw: csv and md cells exactly as stored (control codes still stripped)
    argv: tuple[str, ...] = ()  # the arguments of this call, for the html page's "made by" line


def user_from_env(value: str | None) -> bool:
    """HRCLI_USER as the user sets it: 0, no, false or off turn their own files off."""
    return (value or "1").strip().casefold() not in ("0", "no", "false", "off")
