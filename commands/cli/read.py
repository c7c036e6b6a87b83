"""Read commands: scores, explanations, rankings, ledgers."""

from __future__ import annotations

import click

from commands.cli.common import as_month, ask, fig, plain, print_json, print_table, read_command, read_options
from commands.cli.lists import names
from commands.service.vocabulary.catalogue import entry_label, id_and_label
from ledger.dates import parse_timestamp
from ledger.errors import LedgerError


def _as_of(ctx, param, value):
    if value is None:
        return None
    try:
        return parse_timestamp(value)
    except LedgerError as error:
        raise click.BadParameter(str(error)) from None


def as_of_option(fn):
    return click.option("--as-of", "as_of", callback=_as_of, default=None, metavar="TIMESTAMP",
                        help="Answer from only what was recorded by then (ISO 8601).")(fn)


@click.group()
def score():
    """Scores of members and branches."""


@score.command("member")
@read_options
@as_of_option
@click.argument("member_id")
@click.option("--month", callback=as_month, default=None, help="YYYY-MM")
@click.option("--year", type=click.IntRange(1900, 9999), default=None)
@click.option("--published", is_flag=True, help="The figure as published when the month was closed.")
@read_command
def score_member(ledger, as_json, as_of, member_id, month, year, published):
    """A member's score for a month (by part) or a year (by month).

    Example: starledger score member M001 --month 2026-03
    """
    from commands.service.queries.member_queries import MemberScore
    if (month is None) == (year is None):
        raise click.UsageError("give exactly one of --month or --year")
    if published and (as_of or not month):
        raise click.UsageError("--published goes with --month and without --as-of")
    data = plain(ask(ledger, MemberScore, member=member_id, month=month, year=year, as_of=as_of, published=published))
    if as_json:
        print_json(data)
    elif month:
        rows = [[id_and_label("part", part), points] for part, points in data["parts"].items()]
        rows += [["total", data["total"]]]
        print_table(f"{member_id} {month} (rule book {data['rule_book']})", ["part", "points"], rows)
    else:
        rows = [[m, total] for m, total in data["months"].items()] + [["year", data["total"]]]
        print_table(f"{member_id} {year}", ["month", "total"], rows)


@click.group()
def explain():
    """Line-by-line explanations of a figure."""


@explain.command("member")
@read_options
@as_of_option
@click.argument("member_id")
@click.option("--month", callback=as_month, required=True)
@read_command
def explain_member(ledger, as_json, as_of, member_id, month):
    """Every entry behind a member's monthly score, adding up to the total.

    Example: starledger explain member M001 --month 2026-03
    """
    from commands.service.queries.member_queries import ExplainMember
    data = plain(ask(ledger, ExplainMember, member=member_id, month=month, as_of=as_of))
    if as_json:
        print_json(data)
    else:
        print_explanation(data)


def print_explanation(data: dict) -> None:
    """The lines of `explain member`, one row each, under the total they add up to."""
    rows = [[line["entry_id"], entry_label(line["kind"], line["rule"].split("/", 1)[-1]), line["occurred_on"], line["recorded_at"][:19], line["actor"],
             line["rule"], line["points"],
             "capped" if line["capped"] else ("reversed" if line["reversed"] else "")]
            for line in data["lines"]]
    print_table(f"{data['member_id']} {data['month']}: total {fig(data['total'])}",
                ["entry", "kind", "occurred", "recorded (UTC)", "by", "rule", "points", "note"], rows)


@click.command("ranking")
@read_options
@as_of_option
@click.option("--branch", "branch_id", required=True)
@click.option("--month", callback=as_month, required=True)
@read_command
def ranking(ledger, as_json, as_of, branch_id, month):
    """The branch's members ranked by monthly score (ties share a rank).

    Example: starledger ranking --branch B1 --month 2026-03
    """
    from commands.service.queries.member_queries import BranchRanking
    data = plain(ask(ledger, BranchRanking, branch=branch_id, month=month, as_of=as_of))
    if as_json:
        print_json(data)
        return
    shown = names(ledger, [r["member_id"] for r in data])
    print_table(f"branch {branch_id}, {month}", ["rank", "member", "name", "total"],
                [[r["rank"], r["member_id"], shown.get(r["member_id"]), r["total"]] for r in data])


@click.group("ledger")
def ledger_group():
    """Whole ledgers."""


@ledger_group.command("member")
@read_options
@click.argument("member_id")
@read_command
def ledger_member(ledger, as_json, member_id):
    """Everything recorded about a member, across branches.

    Example: starledger ledger member M001
    """
    from commands.service.queries.member_queries import MemberLedger
    data = plain(ask(ledger, MemberLedger, member=member_id))
    if as_json:
        print_json(data)
        return
    click.echo(f"{data['member_id']} {data['name']} ({id_and_label('member_status', data['status'])}), "
               f"joined {data['joined_on']}")
    print_table("branches", ["branch", "from", "until"],
                [[b["branch_id"], b["from"], b["until"] or ""] for b in data["branches"]])
    print_table("entries", ["entry", "kind", "occurred", "month", "by", "reversed by"],
                [[e["entry_id"], entry_label(e["kind"], e["rule_key"]), e["occurred_on"], e["month"], e["actor"], e["reversed_by"] or ""]
                 for e in data["entries"]])


def register(cli: click.Group) -> None:
    for group in (score, explain, ranking, ledger_group):
        cli.add_command(group)
