"""The `starledger` command line. Each command is a few lines over one application call."""

from __future__ import annotations

import click

from commands.cli import appeals as cli_appeals, audit as cli_audit, branch as cli_branch
from commands.cli import closing as cli_close, demo as cli_demo, export as cli_export
from commands.cli.guards import guard_every_command
from commands.cli import import_file as cli_import, lists as cli_lists, org as cli_org, read as cli_read, record as cli_record
from commands.cli import statements as cli_statements
from commands.cli import serve as cli_serve, user as cli_user


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
def cli() -> None:
    """starledger: the points ledger of a Party organisation.

    Record what members did, and see exactly how every score was reached.
    Start with `starledger init`, or try `starledger demo`.
    """


for module in (cli_org, cli_record, cli_read, cli_import, cli_close, cli_branch, cli_appeals, cli_export,
               cli_demo, cli_audit, cli_statements, cli_user, cli_serve, cli_lists):
    module.register(cli)
guard_every_command(cli)  # non-UTF-8 arguments and contradicting flags, for every command


def main() -> None:
    cli(prog_name="starledger")
