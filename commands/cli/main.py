"""The `starledger` command line. Each command is a few lines over one application call."""

from __future__ import annotations

import gc
import importlib
from typing import Any

import click

from commands.cli.guards import guard_every_command

# The modules that register each top-level command: a group may gain subcommands from several
# (`score branch` comes from branch.py). Running a command imports only its modules; `--help`
# and anything that reads `cli.commands` import them all. tests/cli/test_lazy_commands.py
# holds this table equal to registering every module.
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "alerts": ("branch",), "appeal": ("appeals",), "assess": ("branch",), "audit": ("appeals",),
    "branch": ("org", "branch", "lists"), "close": ("closing",), "deductions": ("appeals",),
    "demo": ("demo",), "explain": ("read", "branch"), "export": ("export",), "history": ("audit",),
    "import": ("import_file",), "init": ("org",), "ledger": ("read",), "member": ("org", "lists"),
    "months": ("closing",), "notice": ("statements",), "objection": ("closing",), "pay": ("branch",),
    "ranking": ("read",), "rebuild": ("audit",), "record": ("record", "branch"), "reverse": ("record",),
    "rules": ("org",), "score": ("read", "branch"), "seal": ("closing",), "serve": ("serve",),
    "stars": ("branch",), "statement": ("statements",), "template": ("import_file",), "unit": ("org", "lists"),
    "user": ("user",), "verify": ("audit",), "verify-export": ("export",), "whatif": ("org",),
}
EVERY_MODULE = ("org", "record", "read", "import_file", "closing", "branch", "appeals", "export", "demo",
                "audit", "statements", "user", "serve", "lists")


class LazyGroup(click.Group):
    """The top-level group: a command's module is imported when that command is asked for."""

    def __init__(self, *args: Any, **kwargs: Any):
        self._loaded: set[str] = set()
        super().__init__(*args, **kwargs)

    @property
    def commands(self) -> dict[str, click.Command]:  # type: ignore[override]
        """Every command, as an eager group has them (for --help, tests and tools)."""
        self._load(EVERY_MODULE)
        return self._commands

    @commands.setter
    def commands(self, value: dict[str, click.Command]) -> None:
        self._commands = value

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        self._commands[name or cmd.name] = cmd  # type: ignore[index]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        self._load(COMMAND_MODULES.get(cmd_name, ()))
        return self._commands.get(cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMAND_MODULES)

    def _load(self, modules: tuple[str, ...]) -> None:
        wanted = [name for name in modules if name not in self._loaded]
        for name in wanted:
            self._loaded.add(name)
            importlib.import_module(f"commands.cli.{name}").register(self)
        if wanted:
            guard_every_command(self, self._commands)  # the checks on what was just registered too


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
def cli() -> None:
    """starledger: the points ledger of a Party organisation.

    Record what members did, and see exactly how every score was reached.
    Start with `starledger init`, or try `starledger demo`.
    """


guard_every_command(cli, {})  # non-UTF-8 arguments and contradicting flags, for every command


def main() -> None:
    # A command imports a few hundred thousand long-lived objects (SQLAlchemy, pydantic, the
    # models) and then runs briefly: with the default thresholds the cyclic collector walks them
    # over and over, a sixth of a one-off read's CPU. Cycles are still collected, less often.
    gc.set_threshold(50_000, 20, 20)
    try:
        cli(prog_name="starledger")
    finally:
        # On the way out the interpreter's last collections walk every object the command
        # imported, a fifth of a one-off read's CPU; the process gives them all back anyway.
        # (The ledger is closed and the output flushed by then; frozen objects stay as they are.)
        gc.freeze()
