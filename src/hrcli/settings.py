"""What one call of hrcli runs with, decided once in ``cli`` and handed down (typer's ``ctx.obj``).

A frozen value, not module globals or environment variables written for later: a caller running
``cli.main()`` twice gets two independent calls. A plain slotted class rather than a dataclass:
importing dataclasses and generating its methods costs ~2 ms on every call (measured).
"""

from __future__ import annotations


class Settings:
    __slots__ = ("pager", "user", "csv_raw", "argv")

    def __init__(self, pager: bool = True, user: bool = True, csv_raw: bool = False, argv: tuple[str, ...] = ()):
        set_ = object.__setattr__
        set_(self, "pager", pager)  # False under --no-pager (HRCLI_PAGER= is read where the pager starts)
        set_(self, "user", user)  # the user's own fact files; False under --bundled-only or HRCLI_USER=0
        set_(self, "csv_raw", csv_raw)  # --csv-raw: csv and md cells as stored (control codes still stripped)
        set_(self, "argv", tuple(argv))  # this call's arguments, for the html page's "made by" line

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Settings are frozen; use replace() for a changed copy, not .{name} =")

    def replace(self, **changes: object) -> Settings:
        """A copy with ``changes``."""
        given = {k: getattr(self, k) for k in self.__slots__}
        return Settings(**{**given, **changes})  # type: ignore[arg-type]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Settings) and all(getattr(self, k) == getattr(other, k) for k in self.__slots__)

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, k) for k in self.__slots__))

    def __repr__(self) -> str:
        return "Settings(" + ", ".join(f"{k}={getattr(self, k)!r}" for k in self.__slots__) + ")"


def user_from_env(value: str | None) -> bool:
    """HRCLI_USER as the user sets it: 0, no, false or off turn their own files off."""
    return (value or "1").strip().casefold() not in ("0", "no", "false", "off")
