"""Commands for the organisation: init, rules, units, branches, members."""

from __future__ import annotations

from pathlib import Path

import click

from commands.cli.common import (
    as_date, as_month, ask, command, creating_command, db_option, done, json_option, plain, print_json,
    print_table, run, write_options,
)
from commands.service.vocabulary.catalogue import id_and_label


@click.command()
@db_option
@json_option
@click.option("--by", "actor", default=None, metavar="ACTOR", help="Who initialises the ledger.")
@creating_command
def init(ledger, as_json, actor):
    """Create the schema and publish the default rule book if none exists.

    Example: starledger init
    """
    result = ledger.init(actor)
    message = (f"ready; published rule book {result['published']} effective {result['effective_on']}"
               if result["published"] else "ready; a rule book is already published")
    done(result, as_json, message)


@click.group()
def rules():
    """Show and publish rule books (versioned, effective from a date)."""


@rules.command("show")
@db_option
@json_option
@click.option("--on", "on", callback=as_date, default=None, help="The rule book in force on this date (default: today).")
@click.option("--version", "version", default=None, help="Show this version instead.")
@command
def rules_show(ledger, as_json, on, version):
    """Print the rule book in force.

    Example: starledger rules show --json > my-rules.json
    """
    from commands.service.queries.audit_queries import RuleBookShown
    from ledger.rule_book_content import parse_rule_book
    data = plain(ask(ledger, RuleBookShown, on=on, version=version))
    body = parse_rule_book(data)
    if as_json:
        print_json(data)
        return
    click.echo(f"rule book {body.version}: {body.title}")
    rows = [[key, rule["points"], id_and_label("part", rule["part"]), rule.get("cap") or "", rule["clause"]]
            for key, rule in data["member"]["rules"].items()]
    print_table("member points", ["rule", "points", "part", "cap", "clause"], rows)
    caps = [[name, cap["monthly"], cap["annual"]] for name, cap in data["member"]["caps"].items()]
    print_table("caps", ["cap", "monthly", "annual"], caps)


@rules.command("publish")
@write_options
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--effective", callback=as_date, required=True, help="Date from which it is in force (YYYY-MM-DD).")
@command
def rules_publish(ledger, as_json, actor, file, effective):
    """Publish a new rule-book version from a JSON file (the form `rules show --json` prints).

    Example: starledger rules publish my-rules.json --effective 2027-01-01
    """
    from commands.service.models.org_commands import PublishRules
    from ledger.rule_book_content import parse_rule_book_text
    result = run(ledger, PublishRules, actor, body=parse_rule_book_text(_read(file)), effective=effective)
    done(result, as_json, f"published rule book {result['version']} effective {result['effective_on']}")


@click.command("whatif")
@db_option
@json_option
@click.option("--rules", "rules_file", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="A rule-book JSON file (the form `rules show --json` prints).")
@click.option("--month", callback=as_month, required=True)
@command
def whatif(ledger, as_json, rules_file, month):
    """Re-score a month under another rule book and list every figure that would change.

    Writes nothing. Example: starledger whatif --rules stricter.json --month 2026-03
    """
    from commands.service.queries.audit_queries import WhatIf
    from ledger.rule_book_content import parse_rule_book_text
    result = plain(ask(ledger, WhatIf, body=parse_rule_book_text(_read(rules_file)), month=month))
    if as_json:
        print_json(result)
        return
    click.echo(f"what if {result['rule_book']} had been in force in {month}: "
               f"{len(result['changes'])} figure(s) change; nothing was written")
    if result["changes"]:
        print_table(None, ["figure", "subject", "old", "new", "delta"],
                    [[c["figure"], c["subject_id"], c["old"], c["new"], c["delta"]] for c in result["changes"]])


def _read(file: Path) -> str:
    try:
        return file.read_text(encoding="utf-8")
    except OSError as error:
        raise click.BadParameter(f"cannot read {file}: {error.strerror}", param_hint="FILE") from None


@click.group()
def unit():
    """Organisation units: committees and general branches."""


@unit.command("add")
@write_options
@click.argument("unit_id")
@click.option("--name", required=True)
@click.option("--kind", required=True, type=click.Choice(["committee", "general_branch"]))
@click.option("--parent", default=None, help="The committee this unit belongs to.")
@command
def unit_add(ledger, as_json, actor, unit_id, name, kind, parent):
    """Add a committee or general branch.

    Example: starledger unit add C1 --name "Company Party Committee" --kind committee
    """
    from commands.service.models.org_commands import AddUnit
    done(run(ledger, AddUnit, actor, unit=unit_id, name=name, kind=kind, parent=parent), as_json, f"added unit {unit_id}")


@click.group()
def branch():
    """Party branches."""


@branch.command("add")
@write_options
@click.argument("branch_id")
@click.option("--name", required=True)
@click.option("--category", required=True, help="One of the rule book's categories, e.g. production.")
@click.option("--parent", default=None, help="The committee or general branch above it.")
@click.option("--established", callback=as_date, default=None, help="Establishment date (default: today).")
@command
def branch_add(ledger, as_json, actor, branch_id, name, category, parent, established):
    """Register a branch.

    Example: starledger branch add B1 --name "Workshop 1" --category production --parent G1 --established 2020-01-01
    """
    from commands.service.models.org_commands import AddBranch
    result = run(ledger, AddBranch, actor, branch=branch_id, name=name, category=category, parent=parent,
                 established=established)
    done(result, as_json, f"added branch {branch_id}")


@click.group()
def member():
    """Members: enrol, transfer, change status."""


@member.command("add")
@write_options
@click.argument("member_id")
@click.option("--name", required=True)
@click.option("--branch", "branch_id", required=True)
@click.option("--joined", callback=as_date, required=True, help="Date they joined this branch.")
@click.option("--status", default="full", type=click.Choice(["probationary", "full"]))
@command
def member_add(ledger, as_json, actor, member_id, name, branch_id, joined, status):
    """Enrol a member in a branch.

    Example: starledger member add M001 --name "Li Hua" --branch B1 --joined 2024-03-01
    """
    from commands.service.models.org_commands import AddMember
    result = run(ledger, AddMember, actor, member=member_id, name=name, branch=branch_id, joined=joined, status=status)
    done(result, as_json, f"added member {member_id} to branch {branch_id}")


@member.command("transfer")
@write_options
@click.argument("member_id")
@click.option("--to", "to_branch", required=True, help="The branch they move to.")
@click.option("--on", "on", callback=as_date, required=True)
@command
def member_transfer(ledger, as_json, actor, member_id, to_branch, on):
    """Transfer a member to another branch (组织关系转接).

    Example: starledger member transfer M001 --to B2 --on 2026-06-01
    """
    from commands.service.models.org_commands import TransferMember
    result = run(ledger, TransferMember, actor, member=member_id, to=to_branch, on=on)
    done(result, as_json, f"member {member_id} moves to branch {to_branch} on {on}")


@member.command("status")
@write_options
@click.argument("member_id")
@click.option("--to", "status", required=True, type=click.Choice(["probationary", "full"]))
@click.option("--on", "on", callback=as_date, required=True)
@command
def member_status(ledger, as_json, actor, member_id, status, on):
    """Change a member's status, e.g. a probationary member becomes full.

    Example: starledger member status M001 --to full --on 2026-05-01
    """
    from commands.service.models.org_commands import ChangeStatus
    result = run(ledger, ChangeStatus, actor, member=member_id, to=status, on=on)
    done(result, as_json, f"member {member_id} is {status} from {on}")


def register(cli: click.Group) -> None:
    for group in (init, rules, whatif, unit, branch, member):
        cli.add_command(group)
