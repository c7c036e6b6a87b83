"""Appeals against deductions, the inspectors' deduction register, and the read audit."""

from __future__ import annotations

import click

from commands.cli.common import (
    as_month, ask, by_option, command, done, plain, print_json, print_table, read_command, read_options, run,
    write_options,
)
from commands.service.vocabulary.catalogue import id_and_label
from ledger.terms import DEDUCTION_STATUSES as STATUSES


@click.group()
def appeal():
    """Appeals (申诉) against a member violation, a branch deduction or a veto, and their review (复核)."""


@appeal.command("file")
@write_options
@click.argument("entry_id")
@click.option("--reason", required=True, help="Why the deduction is wrong.")
@click.option("--appeal-id", "appeal_id", default=None, metavar="ID",
              help="Your id for the appeal; repeating the same filing with it changes nothing.")
@command
def appeal_file(ledger, as_json, actor, entry_id, reason, appeal_id):
    """File an appeal against a deduction that stands: a violation, branch deduction or veto.

    Example: starledger appeal file V-M001-0302 --reason "I was on leave that day" --by M001
    """
    from commands.service.models.org_commands import FileAppeal
    result = run(ledger, FileAppeal, actor, entry_id=entry_id, reason=reason, appeal_id=appeal_id)
    done(result, as_json, f"filed appeal {result['appeal_id']} against {entry_id}")


@appeal.command("decide")
@write_options
@click.argument("appeal_id")
@click.option("--revoke", "revoke", is_flag=True,
              help="Revoke the deduction (撤销): a reversal of the entry is recorded with the decision.")
@click.option("--maintain", "maintain", is_flag=True, help="Maintain the deduction (维持).")
@click.option("--reason", required=True, help="The grounds of the decision.")
@click.option("--late-reason", "late_reason", default=None, metavar="TEXT",
              help="Required to revoke an entry whose month is already closed.")
@command
def appeal_decide(ledger, as_json, actor, appeal_id, revoke, maintain, reason, late_reason):
    """Decide an open appeal: --revoke or --maintain, with the grounds. For discipline inspectors.

    Example: starledger appeal decide A-0001 --maintain --reason "the report stands" --by "纪检委员 赵刚"
    """
    from commands.service.models.org_commands import DecideAppeal
    if revoke == maintain:
        raise click.UsageError("give exactly one of --revoke or --maintain")
    result = run(ledger, DecideAppeal, actor, appeal_id=appeal_id, decision="revoke" if revoke else "maintain",
                 reason=reason, late_reason=late_reason)
    if result["reversal_id"]:
        message = f"revoked {result['target']} on appeal {appeal_id}: reversal {result['reversal_id']}"
    else:
        message = f"maintained {result['target']} on appeal {appeal_id}"
    done(result, as_json, message)


def _story(row: dict) -> str:
    """The steps in one line; a revocation's own reversal goes without saying."""
    return "; ".join(
        f"{step['step']} by {step['by']} {step['at'][:10]}"
        + (f" ({step['appeal_id']})" if step["step"] == "appealed" else "")
        for step in row["story"] if not (step["step"] == "reversed" and step.get("appeal_id")))


@click.command("deductions")
@read_options
@by_option
@click.option("--branch", default=None, help="Only this branch (and its members' violations then).")
@click.option("--member", default=None, help="Only this member's violations.")
@click.option("--from", "month_from", callback=as_month, default=None, help="From this month (YYYY-MM).")
@click.option("--to", "month_to", callback=as_month, default=None, help="Up to this month (YYYY-MM).")
@click.option("--status", type=click.Choice(STATUSES), default=None)
@click.option("--inspector", default=None, help="Only deductions recorded by this actor.")
@command
def deductions(ledger, as_json, actor, branch, member, month_from, month_to, status, inspector):
    """The deduction register: violations, branch deductions and vetoes with their whole story.

    A look that shows members' violations, or names --member, is recorded (see `audit reads`).

    Example: starledger deductions --branch B1 --from 2026-01 --to 2026-06 --status appealed --by "纪检委员 赵刚"
    """
    from commands.service.queries.audit_queries import Deductions
    if month_from and month_to and month_from > month_to:
        raise click.UsageError(f"--from {month_from} is after --to {month_to}")
    rows = plain(ask(ledger, Deductions, actor=actor, branch=branch, member=member, month_from=month_from,
                     month_to=month_to, status=status, inspector=inspector))
    if as_json:
        print_json(rows)
        return
    print_table("deductions", ["entry", "kind", "member", "branch", "month", "points", "status", "story"],
                [[r["entry_id"], r["kind"], r["member_id"], r["branch_id"], r["month"],
                  "veto" if r["points"] is None else r["points"], id_and_label("deduction_status", r["status"]),
                  _story(r)] for r in rows])


@click.group()
def audit():
    """Audit trails about the ledger's use."""


@audit.command("reads")
@read_options
@click.option("--member", default=None, help="Only looks that concerned this member.")
@read_command
def audit_reads(ledger, as_json, member):
    """Who looked at members' deductions, when, with which filters, and whose rows were shown.

    Example: starledger audit reads --member M001
    """
    from commands.service.queries.audit_queries import ReadAudit
    data = plain(ask(ledger, ReadAudit, member=member))
    if as_json:
        print_json(data)
        return
    print_table("looks at deductions", ["when", "by", "filters", "members shown", "rows"],
                [[r["at"][:19], r["by"], " ".join(f"--{k} {v}" for k, v in r["filters"].items()),
                  ", ".join(r["members_shown"]), r["rows"]] for r in data])


def register(cli: click.Group) -> None:
    for top in (appeal, deductions, audit):
        cli.add_command(top)
