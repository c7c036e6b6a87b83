"""The `starledger` command line. Each command is a few lines over one application call."""

from __future__ import annotations

import click

from commands import cli_audit, cli_branch, cli_close, cli_demo, cli_import, cli_org, cli_read, cli_record


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
def cli() -> None:
    """starledger: the points ledger of a Party organisation.

    Record what members did, and see exactly how every score was reached.
    Start with `starledger init`, or try `starledger demo`.
    """


for module in (cli_org, cli_record, cli_read, cli_import, cli_close, cli_branch, cli_demo, cli_audit):
    module.register(cli)


def main() -> None:
    cli(prog_name="starledger")
