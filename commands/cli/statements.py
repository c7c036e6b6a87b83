"""`starledger statement member|branch` and `starledger notice`: printable PDF statements that an
auditor can check with `verify-export`."""

from __future__ import annotations

import click

from commands.cli.common import as_month, command, db_option, done, json_option


def _year(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and (len(value) != 4 or not value.isdigit()):
        raise click.BadParameter(f"'{value}' is not a year; write it as YYYY")
    return value


def _wrote(result: dict, as_json: bool) -> None:
    facts = result["facts"]
    done(result, as_json, f"wrote {result['file']}: {result['kind']} {result['subject']} {result['period']}; "
                          f"seal: {facts['封存摘要']}; events {facts['事件范围']}; rule books {facts['规则版本']}")


@click.group()
def statement():
    """Printable PDF statements of a member or a branch."""


@statement.command("member")
@db_option
@json_option
@click.argument("member_id")
@click.option("--month", callback=as_month, default=None, help="The month (YYYY-MM).")
@click.option("--year", callback=_year, default=None, help="The year (YYYY), instead of --month.")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="The PDF file to write.")
@command
def member(ledger, as_json, member_id, month, year, out):
    """A member's score by part and every line behind it (kind, date, rule-book version and
    clause, points; capped, reversed or late), with the seal facts and their QR code.

    Example: starledger statement member M001 --month 2026-03 --out M001-2026-03.pdf
    """
    from commands.files.pdf_export import print_statement
    if (month is None) == (year is None):
        raise click.UsageError("give exactly one of --month or --year")
    _wrote(print_statement(ledger, "member", member_id, month or year, out), as_json)


@statement.command("branch")
@db_option
@json_option
@click.argument("branch_id")
@click.option("--month", callback=as_month, required=True, help="The month (YYYY-MM).")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="The PDF file to write.")
@command
def branch(ledger, as_json, branch_id, month, out):
    """A branch's month: the six dimensions, the review steps and who gave each, deductions and
    vetoes, stars, tier, grade and rank in its category.

    Example: starledger statement branch B01 --month 2026-03 --out B01-2026-03.pdf
    """
    from commands.files.pdf_export import print_statement
    _wrote(print_statement(ledger, "branch", branch_id, month, out), as_json)


@click.command("notice")
@db_option
@json_option
@click.option("--month", callback=as_month, required=True, help="The month (YYYY-MM).")
@click.option("--under", "unit", default=None, metavar="UNIT", help="Only the branches under this unit.")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="The PDF file to write.")
@command
def notice(ledger, as_json, month, unit, out):
    """The month's 公示 notice for a notice board: branch scores and stars by category, member
    scores, the notice window's dates and how to file an objection.

    Example: starledger notice --month 2026-03 --under G1 --out 2026-03-公示.pdf
    """
    from commands.files.pdf_export import print_statement
    _wrote(print_statement(ledger, "notice", unit or "all", month, out), as_json)


def register(cli: click.Group) -> None:
    cli.add_command(statement)
    cli.add_command(notice)
