"""`starledger import`: many entries from a JSON Lines file, all or nothing."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.progress import Progress

from commands.files.jsonl_import import import_lines
from commands.cli.common import command, done, write_options


@click.command("import")
@write_options
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@command
def import_file(ledger, as_json, actor, file):
    """Record many entries from a JSON Lines file in one atomic step.

    Each line is a command with its options as fields, for example:
    {"command": "record dues", "member": "M001", "month": "2026-03", "amount": "25", "paid_on": "2026-03-10"}

    Example: starledger import march.jsonl
    """
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise click.BadParameter(f"cannot read {file}: {error.strerror}", param_hint="FILE") from None
    if sys.stderr.isatty() and not as_json:
        with Progress(transient=True) as bar:
            task = bar.add_task("importing", total=len(lines))
            count = import_lines(ledger, lines, actor, lambda n: bar.update(task, completed=n))
    else:
        count = import_lines(ledger, lines, actor)
    done({"imported": count}, as_json, f"imported {count} commands")


def register(cli: click.Group) -> None:
    cli.add_command(import_file)
