"""Commands for the service's users: add, password, list, role, revoke.

The first admin is created here; further users may be added over HTTP by an admin.
"""

from __future__ import annotations

import sys

import click

from commands.cli.common import (
    ask, by_option, command, db_option, done, json_option, plain, print_json, print_table, run,
)

# The default is the service's (commands/service/accounts/credentials.py TOKEN_DAYS), not imported here:
# the CLI's start-up imports no database modules.
days_option = click.option("--days", default=None, type=click.IntRange(1, 3650),
                           help="Days until the API token expires (default 90).")
ROLES = ["admin", "secretary", "reviewer", "inspector", "auditor", "member"]


@click.group()
def user():
    """Users of the HTTP service: roles, scopes, passwords and API tokens."""


@user.command("add")
@db_option
@json_option
@by_option
@click.argument("name")
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--scope", "scope", required=True, metavar="ID",
              help="The unit, branch or member they reach (unit:ID etc. if an id names two).")
@days_option
@command
def user_add(ledger, as_json, actor, name, role, scope, days):
    """Add a user and print their API token, once: it is stored only as a hash.

    Example: starledger user add wangfang --role secretary --scope B1
    """
    result = ledger.add_user(name, role, scope, actor, days)
    done(result, as_json, f"added user {name} ({role}, scope {result['scope']})\n"
                          f"API token {result['token_id']}, expires {result['expires']} "
                          f"(shown once, keep it safe): {result['token']}")


@user.command("token")
@db_option
@json_option
@by_option
@click.argument("name")
@days_option
@command
def user_token(ledger, as_json, actor, name, days):
    """Issue a user a new API token and print it, once; their other tokens stay.

    Example: starledger user token wangfang --days 30
    """
    from commands.service.models.user_commands import IssueToken
    result = run(ledger, IssueToken, actor, name=name, days=days)
    done(result, as_json, f"API token {result['token_id']} for {name}, expires {result['expires']} "
                          f"(shown once, keep it safe): {result['token']}")


@user.command("tokens")
@db_option
@json_option
@click.argument("name")
@command
def user_tokens(ledger, as_json, name):
    """A user's live API tokens: id, issued, expires (the secret is never kept).

    Example: starledger user tokens wangfang
    """
    from commands.service.models.user_commands import UserTokens
    tokens = plain(ask(ledger, UserTokens, name=name))
    if as_json:
        print_json(tokens)
        return
    print_table(f"tokens of {name}", ["id", "issued", "expires", ""],
                [[t["token_id"], t["created"] or "", t["expires"] or "", "expired" if t["expired"] else ""]
                 for t in tokens])


@user.command("revoke-token")
@db_option
@json_option
@by_option
@click.argument("name")
@click.argument("token_id")
@command
def user_revoke_token(ledger, as_json, actor, name, token_id):
    """Revoke one API token of a user, by the id `user tokens` shows; their other tokens stay.

    Example: starledger user revoke-token wangfang 3f2a9c1b7d4e
    """
    from commands.service.models.user_commands import RevokeToken
    result = run(ledger, RevokeToken, actor, name=name, token_id=token_id)
    done(result, as_json, f"token {token_id} of {name} is revoked")


@user.command("purge")
@db_option
@json_option
@command
def user_purge(ledger, as_json):
    """Forget expired sessions and old login failures (logins do it too, as they go).

    Example: starledger user purge
    """
    result = ledger.purge_credentials()
    done(result, as_json, f"purged {result['sessions']} expired sessions and "
                          f"{result['login_failures']} old login failures")


@user.command("password")
@db_option
@json_option
@by_option
@click.argument("name")
@click.option("--password-stdin", "from_stdin", is_flag=True, help="Read the password from standard input.")
@command
def user_password(ledger, as_json, actor, name, from_stdin):
    """Set the password a user logs in with on the web (asked twice unless --password-stdin).

    Example: echo 's3cret-pass' | starledger user password wangfang --password-stdin
    """
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("password", hide_input=True, confirmation_prompt=True)
    done(ledger.set_password(name, password, actor), as_json, f"password set for {name}")


@user.command("list")
@db_option
@json_option
@command
def user_list(ledger, as_json):
    """Every user with their role and scope.

    Example: starledger user list
    """
    from commands.service.models.user_commands import UserList
    users = plain(ask(ledger, UserList))
    if as_json:
        print_json(users)
        return
    print_table("users", ["name", "role", "scope", "password", "revoked"],
                [[u["name"], u["role"], f"{u['scope_kind']} {u['scope']}", "yes" if u["has_password"] else "no",
                  "revoked" if u["revoked"] else ""] for u in users])


@user.command("role")
@db_option
@json_option
@by_option
@click.argument("name")
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--scope", "scope", required=True, metavar="ID")
@command
def user_role(ledger, as_json, actor, name, role, scope):
    """Give a user another role or scope.

    Example: starledger user role wangfang --role reviewer --scope G1
    """
    result = ledger.change_role(name, role, scope, actor)
    done(result, as_json, f"user {name} is now {role} (scope {result['scope']})")


@user.command("revoke")
@db_option
@json_option
@by_option
@click.argument("name")
@click.option("--reason", default="", help="Why (kept in the history).")
@command
def user_revoke(ledger, as_json, actor, name, reason):
    """Revoke a user: their tokens and sessions end at once.

    Example: starledger user revoke wangfang --reason "left the post"
    """
    done(ledger.revoke_user(name, actor, reason), as_json, f"user {name} is revoked")


def register(cli: click.Group) -> None:
    cli.add_command(user)
