"""List commands: `unit list` (the tree), `branch list` and `member list`, with names."""

from __future__ import annotations

import click

from commands.cli import org as cli_org
from commands.cli.common import ask, plain, print_json, print_table, read_command, read_options
from commands.service.vocabulary.catalogue import id_and_label


@click.command("list")
@read_options
@click.option("--under", default=None, metavar="ID", help="Only this unit or branch and what is under it.")
@read_command
def unit_list(ledger, as_json, under):
    """The organisation as a tree: committees, general branches and the branches under them.

    Example: starledger unit list --under G1
    """
    from commands.service.queries.org_queries import UnitTree
    data = plain(ask(ledger, UnitTree, under=under))
    if as_json:
        print_json(data)
        return
    print_table("units and branches", ["id", "kind", "name", "category"],
                [["  " * node["depth"] + node["id"], id_and_label("unit_kind", node["kind"]), node["name"],
                  id_and_label("category", node["category"])] for node in data])


@click.command("list")
@read_options
@click.option("--under", default=None, metavar="ID", help="Only branches under this unit.")
@click.option("--category", default=None, help="Only branches of this category.")
@read_command
def branch_list(ledger, as_json, under, category):
    """Branches with their names, categories, parents, establishment dates and member counts.

    Example: starledger branch list --under G1
    """
    from commands.service.queries.org_queries import BranchList
    data = plain(ask(ledger, BranchList, under=under, category=category))
    if as_json:
        print_json(data)
        return
    print_table("branches", ["branch", "name", "category", "parent", "established", "members"],
                [[r["branch_id"], r["name"], id_and_label("category", r["category"]), r["parent_id"],
                  r["established_on"], r["members"]] for r in data])


@click.command("list")
@read_options
@click.option("--branch", "branch_id", default=None, help="Only the members now in this branch.")
@click.option("--under", default=None, metavar="ID", help="Only the members now in branches under this unit.")
@read_command
def member_list(ledger, as_json, branch_id, under):
    """Members with their names, statuses, current branches and joining dates.

    Example: starledger member list --branch B1
    """
    from commands.service.queries.org_queries import MemberList
    data = plain(ask(ledger, MemberList, branch=branch_id, under=under))
    if as_json:
        print_json(data)
        return
    print_table("members", ["member", "name", "status", "branch", "joined"],
                [[r["member_id"], r["name"], id_and_label("member_status", r["status"]), r["branch_id"],
                  r["joined_on"]] for r in data])


def names(ledger, ids) -> dict[str, str]:
    """The names behind a table's ids."""
    from commands.service.queries.org_queries import Names
    return plain(ask(ledger, Names, ids=sorted(set(ids))))


def register(cli: click.Group) -> None:
    cli_org.unit.add_command(unit_list)
    cli_org.branch.add_command(branch_list)
    cli_org.member.add_command(member_list)
