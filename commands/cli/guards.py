"""Checks on the raw command line made once for every command, before click parses it.

- An argument that is not valid UTF-8 (the shell passed bytes; Python keeps them as lone
  surrogates in sys.argv) would fail deep inside the ledger when stored or printed: it is a
  malformed command line, refused with one line and exit 2.
- A pair of flags that say opposite things (`--full-time --part-time`) would silently let the
  last one win: refused the same way, whichever command declares such a pair.
"""

from __future__ import annotations

from typing import Any

import click


def not_text(args: list[str]) -> str | None:
    """The first argument that is not valid UTF-8, shown with its bad bytes escaped."""
    for number, arg in enumerate(args, start=1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            return f"argument {number} ('{shown}') is not valid UTF-8 text"
    return None


def contradiction(command: click.Command, args: list[str]) -> str | None:
    """Both sides of an on/off flag pair given at once, e.g. `--full-time --part-time`."""
    given = set(args[:args.index("--")] if "--" in args else args)
    for param in command.params:
        if isinstance(param, click.Option) and param.is_flag and param.secondary_opts:
            on = [opt for opt in param.opts if opt in given]
            off = [opt for opt in param.secondary_opts if opt in given]
            if on and off:
                return f"{on[0]} and {off[0]} contradict each other; give one of them"
    return None


def _guarded(command: click.Command) -> None:
    if getattr(command, "_guarded", False):
        return  # installed once, however often the tree is walked
    command._guarded = True  # type: ignore[attr-defined]
    parse_args = command.parse_args

    def checked(ctx: click.Context, args: list[str]) -> Any:
        problem = not_text(args) or contradiction(command, args)
        if problem is not None:
            raise click.UsageError(problem, ctx)
        return parse_args(ctx, args)

    command.parse_args = checked  # type: ignore[method-assign]


def guard_every_command(group: click.Command, below: dict[str, click.Command] | None = None) -> None:
    """Install the checks on a group and every command below it (`below`: its commands, for a
    group whose `commands` would import every command)."""
    _guarded(group)
    for sub in (getattr(group, "commands", {}) if below is None else below).values():
        guard_every_command(sub)
