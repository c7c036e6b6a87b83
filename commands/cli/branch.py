"""Commands for the monthly branch review: assess, branch deductions and vetoes, secretaries,
branch scores and explanations, stars by category, alerts and the secretary pay link."""

from __future__ import annotations

import click

from commands.cli import org as cli_org, read as cli_read, record as cli_record
from commands.cli.common import (
    as_date, as_decimal, as_month, ask, command, done, fig, plain, print_json, print_table, read_command,
    read_options, run, write_options,
)
from commands.cli.lists import names
from commands.service.vocabulary.catalogue import id_and_label
from ledger.terms import STEPS


@click.command("assess")
@write_options
@click.argument("branch_id")
@click.option("--month", callback=as_month, required=True, help="The month assessed (YYYY-MM).")
@click.option("--step", required=True, type=click.Choice(STEPS),
              help="self (the branch), preliminary (general branch) or final (committee).")
@click.option("--organisation", callback=as_decimal, required=True, help="组织建设, 0 to its maximum.")
@click.option("--leadership", callback=as_decimal, required=True, help="班子建设, 0 to its maximum.")
@click.option("--support", callback=as_decimal, required=True, help="工作保障, 0 to its maximum.")
@click.option("--bonus", callback=as_decimal, default="0", help="Bonus items, 0 to +5 by default.")
@click.option("--comment", default="", help="Why, in a sentence.")
@click.option("--late-reason", "late_reason", default=None, metavar="TEXT",
              help="Required when the month is already closed: why the step comes late.")
@command
def assess(ledger, as_json, actor, branch_id, month, step, organisation, leadership, support, bonus, comment,
           late_reason):
    """Record one step of a branch's monthly review; the latest step present counts.

    Example: starledger assess B1 --month 2026-03 --step final --organisation 9 --leadership 18 --support 14 --bonus 2
    """
    from commands.service.models.org_commands import Assess
    result = run(ledger, Assess, actor, branch=branch_id, month=month, step=step, organisation=organisation,
                 leadership=leadership, support=support, bonus=bonus, comment=comment, late_reason=late_reason)
    done(result, as_json, f"recorded the {step} step for branch {branch_id}, {month}"
                          f"{' (late)' if result.get('late') else ''}")


@click.command("branch-deduction")
@write_options
@cli_record.entry_id_option
@click.argument("branch_id")
@click.option("--month", callback=as_month, required=True)
@click.option("--points", callback=as_decimal, required=True, help="Points deducted, more than 0.")
@click.option("--clause", required=True, help="The rule-book clause applied.")
@click.option("--reason", required=True)
@command
def record_branch_deduction(ledger, as_json, actor, entry_id, late_reason, branch_id, month, points, clause, reason):
    """Record a deduction from a branch's monthly score. For discipline inspectors.

    Example: starledger record branch-deduction B1 --month 2026-03 --points 3 --clause "扣分项目 2" --reason "late report"
    """
    from commands.service.models.org_commands import RecordBranchDeduction
    result = run(ledger, RecordBranchDeduction, actor, branch=branch_id, month=month, points=points, clause=clause,
                 reason=reason, entry_id=entry_id, late_reason=late_reason)
    done(result, as_json, f"recorded branch deduction {result['entry_id']}")


@click.command("veto")
@write_options
@cli_record.entry_id_option
@click.argument("branch_id")
@click.option("--month", callback=as_month, required=True)
@click.option("--clause", required=True, help="The veto item (否决专项) applied.")
@click.option("--reason", required=True)
@command
def record_veto(ledger, as_json, actor, entry_id, late_reason, branch_id, month, clause, reason):
    """Record a veto: the branch's stars for the month are capped at 1.

    Example: starledger record veto B1 --month 2026-03 --clause "否决专项 1" --reason "safety accident"
    """
    from commands.service.models.org_commands import RecordVeto
    result = run(ledger, RecordVeto, actor, branch=branch_id, month=month, clause=clause, reason=reason, entry_id=entry_id,
                 late_reason=late_reason)
    done(result, as_json, f"recorded veto {result['entry_id']}")


@click.command("secretary")
@write_options
@click.argument("branch_id")
@click.option("--member", "member_id", required=True, help="The member who becomes secretary.")
@click.option("--since", callback=as_date, required=True, help="From this date (YYYY-MM-DD).")
@click.option("--full-time/--part-time", "full_time", default=None, help="Full-time or part-time secretary.")
@command
def branch_secretary(ledger, as_json, actor, branch_id, member_id, since, full_time):
    """Appoint the branch secretary (支部书记), full-time or part-time, for the pay link.

    Example: starledger branch secretary B1 --member M001 --since 2026-01-01 --full-time
    """
    from commands.service.models.org_commands import AppointSecretary
    if full_time is None:
        raise click.UsageError("give --full-time or --part-time")
    result = run(ledger, AppointSecretary, actor, branch=branch_id, member=member_id, since=since, full_time=full_time)
    done(result, as_json, f"{member_id} is secretary of branch {branch_id} from {since}")


PUBLISHED = click.option("--published", is_flag=True,
                         help="The figure as published when the month was closed.")


@click.command("branch")
@read_options
@cli_read.as_of_option
@click.argument("branch_id")
@click.option("--month", callback=as_month, default=None, help="YYYY-MM")
@click.option("--year", type=click.IntRange(1900, 9999), default=None)
@PUBLISHED
@read_command
def score_branch(ledger, as_json, as_of, branch_id, month, year, published):
    """A branch's 100-point score, stars, tier and grade for a month, or its annual star.

    Example: starledger score branch B1 --month 2026-03
    """
    from commands.service.queries.branch_queries import BranchScore
    from commands.service.queries.org_queries import Vetoed
    if (month is None) == (year is None):
        raise click.UsageError("give exactly one of --month or --year")
    if published and not month:
        raise click.UsageError("--published goes with --month")
    if published and as_of:
        raise click.UsageError("give --published or --as-of, not both")
    data = plain(ask(ledger, BranchScore, branch=branch_id, month=month, year=year, as_of=as_of, published=published))
    if as_json:
        print_json(data)
    elif month:
        rows = [[name, points] for name, points in data["dimensions"].items()]
        rows += [["bonus", data["bonus"]], ["deductions", -data["deductions"] or 0.0], ["total", data["total"]]]
        note = " (provisional)" if data["provisional"] else ""
        note += " as published" if published else (f" as of {as_of.isoformat()}" if as_of else "")
        print_table(f"{branch_id} {month}{note}: {data['stars']}★ tier {data['tier']} {data['grade']}",
                    ["dimension", "points"], rows)
    else:
        vetoed = [m for b, m in ask(ledger, Vetoed, months=list(data["months"]), as_of=as_of).root if b == branch_id]
        rows = [[m, total, "veto" if m in vetoed else ""] for m, total in data["months"].items()]
        why = f" by veto ({', '.join(vetoed)})" if vetoed else ""
        print_table(f"{branch_id} {year}: {data['stars']}★{why}", ["month", "total", "note"],
                    rows + [["mean", data["mean"], ""]])


@click.command("branch")
@read_options
@cli_read.as_of_option
@click.argument("branch_id")
@click.option("--month", callback=as_month, required=True)
@read_command
def explain_branch(ledger, as_json, as_of, branch_id, month):
    """Every figure behind a branch-month: inputs, review steps, deductions, vetoes, stars.

    Example: starledger explain branch B1 --month 2026-03
    """
    from commands.service.queries.branch_queries import ExplainBranch
    data = plain(ask(ledger, ExplainBranch, branch=branch_id, month=month, as_of=as_of))
    if as_json:
        print_json(data)
    else:
        print_branch_explanation(data)


def _marks(line: dict) -> str:
    marks = (["reversed"] if line.get("reversed") else []) + (
        [f"late: {line['late_reason']}"] if line.get("late") else [])
    return f" ({'; '.join(marks)})" if marks else ""


def print_branch_explanation(data: dict) -> None:
    """The figures of `explain branch`, one row each, then the steps, vetoes and stars."""
    rows = []
    for name, dim in data["dimensions"].items():
        if dim["source"] == "assessed":
            how = f"{dim['step'] or 'no step yet'} by {dim['given_by'] or '-'}"
        elif name == "membership":
            how = f"mean {fig(dim['mean'])} of {dim['members']} members"
        elif name == "institutions":
            how = (f"committee meeting {'held' if dim['committee_meeting']['held'] else 'not held'}; "
                   f"attendance {dim['attendance']['text']}; {dim['dues']['text']}")
        else:
            how = f"{len(dim['violations'])} violation(s)"
        rows.append([name, dim["points"], dim["max"], how])
    rows.append(["bonus", data["bonus"], "", ""])
    for entry in data["deductions"]["entries"]:
        rows.append(["deduction", 0 if entry["reversed"] else -entry["points"], "",
                     f"{entry['entry_id']} {entry['clause']}{_marks(entry)}"])
    rows.append(["total", data["total"], data["ceiling"], "provisional" if data["provisional"] else "final"])
    print_table(f"{data['branch_id']} {data['month']} (rule book {data['rule_book']})",
                ["figure", "points", "max", "how"], rows)
    for step in data["assessment"]["steps"]:
        given = ", ".join(f"{name} {fig(step[name])}" for name in ("organisation", "leadership", "support", "bonus"))
        click.echo(f"step {step['step']} by {step['actor']} at {step['recorded_at'][:19]}: {given}; "
                   f"changed {', '.join(step['changed']) or 'nothing'}{_marks(step)}")
    for veto in data["vetoes"]:
        click.echo(f"veto {veto['entry_id']} {veto['clause']}{_marks(veto)}")
    stars = data["stars"]
    click.echo(f"stars {stars['from_score']} from the score, {stars['after']} after: "
               f"{'; '.join(stars['reasons']) or 'no downgrade'}; tier {data['tier']}, {data['grade']}, "
               f"rank {data['rank']}")


@click.command("stars")
@read_options
@cli_read.as_of_option
@click.option("--month", callback=as_month, required=True)
@click.option("--category", default=None, help="Only this category.")
@PUBLISHED
@read_command
def stars(ledger, as_json, as_of, month, category, published):
    """Branches ranked within their category by monthly score, with their stars (ties share a rank).

    Example: starledger stars --month 2026-03 --category production
    """
    from commands.service.queries.branch_queries import Stars
    from commands.service.queries.org_queries import Vetoed
    if published and as_of:
        raise click.UsageError("give --published or --as-of, not both")
    data = plain(ask(ledger, Stars, month=month, category=category, as_of=as_of, published=published))
    if as_json:
        print_json(data)
        return
    shown = names(ledger, [r["branch_id"] for r in data])
    vetoed = {tuple(pair) for pair in ask(ledger, Vetoed, months=[month], as_of=as_of, published=published).root}
    print_table(f"stars, {month}", ["category", "rank", "branch", "name", "total", "stars", "note"],
                [[id_and_label("category", r["category"]), r["rank"], r["branch_id"], shown.get(r["branch_id"]),
                  r["total"], "★" * r["stars"], "1★ by veto" if (r["branch_id"], month) in vetoed else ""]
                 for r in data])


@click.command("alerts")
@read_options
@click.option("--month", callback=as_month, required=True)
@read_command
def alerts(ledger, as_json, month):
    """Alerts raised in a month: criticism notices, admonishment talks, dues warnings, reviews.

    Example: starledger alerts --month 2026-03
    """
    from commands.service.queries.branch_queries import Alerts
    data = plain(ask(ledger, Alerts, month=month))
    if as_json:
        print_json(data)
    elif not data:
        click.echo(f"no alerts in {month}")
    else:
        print_table(f"alerts, {month}", ["kind", "subject", "detail"],
                    [[id_and_label("alert_kind", a["kind"]), a["subject_id"], a["detail"]] for a in data])


@click.command("pay")
@read_options
@click.option("--month", callback=as_month, required=True)
@read_command
def pay(ledger, as_json, month):
    """The secretary pay coefficient and pay factor of each branch with a secretary.

    Example: starledger pay --month 2026-03
    """
    from commands.service.queries.branch_queries import SecretaryPay
    data = plain(ask(ledger, SecretaryPay, month=month))
    if as_json:
        print_json(data)
    else:
        print_table(f"secretary pay, {month}", ["branch", "secretary", "coefficient", "pay factor"],
                    [[r["branch_id"], r["secretary"], r["coefficient"], r["pay_factor"]] for r in data])


def register(cli: click.Group) -> None:
    cli_record.record.add_command(record_branch_deduction)
    cli_record.record.add_command(record_veto)
    cli_org.branch.add_command(branch_secretary)
    cli_read.score.add_command(score_branch)
    cli_read.explain.add_command(explain_branch)
    for top in (assess, stars, alerts, pay):
        cli.add_command(top)
