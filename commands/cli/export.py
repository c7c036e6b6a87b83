"""`export` a month for an auditor (xlsx or csv) and `verify-export` a file against the ledger."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from commands.cli.common import (
    as_month, ask, by_option, command, db_option, json_option, plain, print_json, print_table,
)

FORMATS = ("xlsx", "csv")


def _format(fmt: str | None, out: str) -> str:
    """--format, else the extension of --out; the two must not contradict each other."""
    suffix = Path(out).suffix.lower().lstrip(".")
    if fmt is None:
        if suffix not in FORMATS:
            raise click.BadParameter(f"cannot tell the format from '{out}'; give --format xlsx or csv",
                                     param_hint="--format")
        return suffix
    if suffix in FORMATS and suffix != fmt:
        raise click.BadParameter(f"'{out}' ends in .{suffix} but the format is {fmt}", param_hint="--out")
    return fmt


@click.command("export")
@db_option
@json_option
@by_option
@click.option("--month", callback=as_month, required=True, help="The month exported (YYYY-MM).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="xlsx or csv (default: from the extension of --out).")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="The file to write.")
@click.option("--published", is_flag=True, help="The figures as published at the month's close.")
@command
def export(ledger, as_json, actor, month, fmt, out, published):
    """Write a month's member scores, branch scores and stars, and deductions to a file an
    auditor can check with `verify-export`; the header carries the seal digest, the event
    range and the rule-book versions. Writes nothing to the ledger.

    Example: starledger export --month 2026-03 --format xlsx --out 2026-03.xlsx --published --by auditor
    """
    from commands.files.export_queries import ExportMonth
    result = plain(ask(ledger, ExportMonth, month=month, format=_format(fmt, out), out=out, published=published,
                       actor=actor))
    if as_json:
        print_json(result)
        return
    header, rows = result["header"], result["rows"]
    click.echo(f"wrote {out}: {rows['members']} members, {rows['branches']} branches, "
               f"{rows['deductions']} deductions of {month} ({header['figures']}); "
               f"seal: {header['seal_digest']}; events {header['first_position']}-{header['last_position']} "
               f"of {header['ledger_position']}")


@click.command("verify-export")
@db_option
@json_option
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@command
def verify_export(ledger, as_json, file):
    """Recompute every figure of an export from the ledger and name each one that differs.
    Exit 0 when everything matches, 1 when anything differs.

    A PDF statement or notice (`starledger statement`, `starledger notice`) is checked by the
    text on its pages: each figure, id and date it shows, and its seal, chain head and event range.

    Example: starledger verify-export 2026-03.xlsx; starledger verify-export M001-2026-03.pdf
    """
    from commands.files.export_queries import VerifyExport
    result = plain(ask(ledger, VerifyExport, file=file))
    differences = result["differences"]
    if as_json:
        print_json(result)
    else:
        if differences:
            print_table(None, ["section", "subject", "column", "file", "ledger"],
                        [[d["section"], d["subject"], d["column"], d["file"], d["ledger"]] for d in differences])
        checked = ", ".join(f"{count} {name}" for name, count in result["checked"].items())
        what = (f"{file} ({result['kind']} {result['subject']} {result['period']} as of {result['as_of']}; "
                f"{checked} rows and the seal facts)" if "kind" in result else
                f"{file} ({result['month']}, {result['figures']} figures; {checked} and the header)")
        click.echo(f"differs: {len(differences)} difference(s) between {what} and the ledger" if differences
                   else f"matches: every figure of {what} agrees with the ledger")
    if differences:
        sys.exit(1)


def register(cli: click.Group) -> None:
    for one in (export, verify_export):
        cli.add_command(one)
