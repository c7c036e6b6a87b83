"""The monthly close (月兑现): close, objections during the notice window, seal; `months` lists them."""

from __future__ import annotations

import click

from commands.cli.common import (
    as_month, ask, command, done, plain, print_json, print_table, read_command, read_options, run,
    write_options,
)


@click.command("close")
@write_options
@click.option("--month", callback=as_month, required=True)
@click.option("--notice-days", "notice_days", type=int, default=5, show_default=True,
              help="Length of the public notice window (公示) in days.")
@command
def close(ledger, as_json, actor, month, notice_days):
    """Publish a month's figures and open the public notice window. For the committee.

    Example: starledger close --month 2026-03 --notice-days 5
    """
    from commands.service.models.org_commands import CloseMonth
    result = run(ledger, CloseMonth, actor, month=month, notice_days=notice_days)
    done(result, as_json, f"month {month} is published; objections can be filed until the notice window "
                          f"ends on {result['notice_ends']}")


@click.group()
def objection():
    """Objections to published figures, during the notice window."""


@objection.command("file")
@write_options
@click.option("--month", callback=as_month, required=True)
@click.option("--subject", "subject_id", required=True, help="The member or branch the objection is about.")
@click.option("--reason", required=True)
@command
def objection_file(ledger, as_json, actor, month, subject_id, reason):
    """File an objection against a published month.

    Example: starledger objection file --month 2026-03 --subject M001 --reason "my dues were on time"
    """
    from commands.service.models.org_commands import FileObjection
    result = run(ledger, FileObjection, actor, month=month, subject=subject_id, reason=reason)
    done(result, as_json, f"filed objection {result['objection_id']}")


@objection.command("resolve")
@write_options
@click.argument("objection_id")
@click.option("--reason", required=True, help="How it was resolved.")
@command
def objection_resolve(ledger, as_json, actor, objection_id, reason):
    """Resolve an objection (any correction is recorded separately, as a late entry or reversal).

    Example: starledger objection resolve o-1a2b3c4d5e6f7a8b --reason "dues entry corrected"
    """
    from commands.service.models.org_commands import ResolveObjection
    done(run(ledger, ResolveObjection, actor, objection_id=objection_id, reason=reason), as_json, f"resolved {objection_id}")


@click.command("seal")
@write_options
@click.option("--month", callback=as_month, required=True)
@command
def seal(ledger, as_json, actor, month):
    """Seal a closed month after its notice window: stores a digest of every entry that counts.

    Example: starledger seal --month 2026-03
    """
    from commands.service.models.org_commands import SealMonth
    result = run(ledger, SealMonth, actor, month=month)
    done(result, as_json, f"sealed {month}: {result['entries']} rows, digest {result['digest']}")


@click.command("months")
@read_options
@read_command
def months(ledger, as_json):
    """Closed months: when published, open objections, seal digest and event range.

    Example: starledger months
    """
    from commands.service.queries.branch_queries import ClosedMonths
    data = plain(ask(ledger, ClosedMonths))
    if as_json:
        print_json(data)
        return
    print_table("closed months", ["month", "closed", "by", "open objections", "sealed", "digest"],
                [[m["month"], m["closed_on"], m["closed_by"], ", ".join(m["open_objections"]),
                  (m["sealed_at"] or "")[:19], (m["seal_digest"] or "")[:16]] for m in data])


def register(cli: click.Group) -> None:
    for group in (close, objection, seal, months):
        cli.add_command(group)
