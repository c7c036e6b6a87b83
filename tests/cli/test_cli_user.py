"""The user commands: add (token printed once), password, list, role, revoke; all as events."""

from __future__ import annotations

import json

from commands.cli.main import cli
from commands.service.credentials import sha256
from tests.builders import event_count


def test_user_add_prints_the_token_once_and_stores_only_its_hash(org_cli):
    added = org_cli.json("user", "add", "wangfang", "--role", "secretary", "--scope", "B1", "--by", "root")
    token = added.pop("token")
    assert added == {"name": "wangfang", "role": "secretary", "scope": "B1", "scope_kind": "branch",
                     "revoked": False, "has_password": False}
    user = org_cli.with_ledger(lambda ledger: ledger.user("wangfang"))
    assert user.token_hashes == {sha256(token)}
    assert token not in json.dumps(org_cli.json("history", "wangfang"))


def test_user_add_as_a_table_says_the_token_is_shown_once(org_cli):
    out = org_cli.ok("user", "add", "li", "--role", "member", "--scope", "M1").stdout.splitlines()
    assert out[0] == "added user li (member, scope M1)"
    assert out[1].startswith("API token (shown once, keep it safe): ")


def test_password_from_stdin_then_list_role_and_revoke(org_cli):
    org_cli.ok("user", "add", "zhao", "--role", "inspector", "--scope", "C1", "--by", "root")
    result = org_cli.runner.invoke(cli, ["user", "password", "zhao", "--password-stdin", "--db",
                                                    org_cli.url, "--by", "root"], input="long enough pw\n")
    assert (result.exit_code, result.stdout) == (0, "password set for zhao\n")
    assert org_cli.json("user", "list") == [{"name": "zhao", "role": "inspector", "scope": "C1",
                                             "scope_kind": "unit", "revoked": False, "has_password": True}]
    assert org_cli.json("user", "role", "zhao", "--role", "reviewer", "--scope", "G1")["role"] == "reviewer"
    assert org_cli.ok("user", "revoke", "zhao", "--reason", "left").stdout == "user zhao is revoked\n"
    events = [line["event"] for line in org_cli.json("history", "zhao")["events"]]
    assert events == ["User.Added", "User.TokenIssued", "User.PasswordSet", "User.RoleChanged", "User.Revoked"]
    assert org_cli.json("verify")["ok"] is True


def test_refusals_are_one_line_and_write_nothing(org_cli):
    org_cli.ok("user", "add", "wang", "--role", "member", "--scope", "M1")
    org_cli.refused("user", "add", "wang", "--role", "member", "--scope", "M1", message="user 'wang' already exists")
    org_cli.refused("user", "add", "x", "--role", "member", "--scope", "NOPE",
                    message="no unit, branch or member with id 'NOPE'")
    org_cli.refused("user", "add", "has space", "--role", "member", "--scope", "M1",
                    message="user name 'has space' must be 1-64 characters: ASCII letters, digits, '-', '_' or '.'")
    org_cli.refused("user", "role", "ghost", "--role", "member", "--scope", "M1", message="no user with id 'ghost'")
    org_cli.ok("user", "revoke", "wang")
    org_cli.refused("user", "revoke", "wang", message="user wang has been revoked")
    before = org_cli.with_ledger(event_count)
    result = org_cli.runner.invoke(cli, ["user", "password", "wang", "--password-stdin", "--db",
                                                    org_cli.url], input="short\n")
    assert (result.exit_code, result.stderr) == (1, "error: a password needs at least 8 characters\n")
    assert org_cli.with_ledger(event_count) == before
