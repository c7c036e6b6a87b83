"""The user commands: add (token printed once), password, list, role, revoke; all as events."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

from commands.cli.main import cli
from commands.service.accounts.credentials import sha256
from tests.builders import event_count


def test_user_add_prints_the_token_once_and_stores_only_its_hash(org_cli):
    added = org_cli.json("user", "add", "wangfang", "--role", "secretary", "--scope", "B1", "--by", "root")
    token, token_id = added.pop("token"), added.pop("token_id")
    assert added == {"name": "wangfang", "role": "secretary", "scope": "B1", "scope_kind": "branch",
                     "revoked": False, "has_password": False, "expires": str(date.today() + timedelta(days=90))}
    assert token_id == sha256(token)[:12]
    user = org_cli.with_ledger(lambda ledger: ledger.user("wangfang"))
    assert user.token_hashes == {sha256(token)}
    assert token not in json.dumps(org_cli.json("history", "wangfang"))


def test_user_add_as_a_table_says_the_token_is_shown_once(org_cli):
    out = org_cli.ok("user", "add", "li", "--role", "member", "--scope", "M1").stdout.splitlines()
    assert out[0] == "added user li (member, scope M1)"
    expires = date.today() + timedelta(days=90)
    assert re.fullmatch(rf"API token [0-9a-f]{{12}}, expires {expires} \(shown once, keep it safe\): \S+", out[1])


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
    assert events == ["User.Added", "User.TokenIssued", "User.PasswordChanged", "User.RoleChanged", "User.Revoked"]
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
    for common in ("aaaaaaaa", "12345678", "qwertyui", "woaini1314", "Password"):
        result = org_cli.runner.invoke(cli, ["user", "password", "wang", "--password-stdin", "--db", org_cli.url],
                                       input=f"{common}\n")
        assert (result.exit_code, result.stderr) == (
            1, "error: this password is on the list of common passwords; choose another\n"), common
    assert org_cli.with_ledger(event_count) == before


def test_tokens_are_issued_for_days_listed_and_revoked_one_by_one(org_cli):
    first = org_cli.json("user", "add", "wu", "--role", "member", "--scope", "M1", "--days", "10")
    second = org_cli.json("user", "token", "wu", "--days", "30", "--by", "root")
    assert (first["expires"], second["expires"]) == (str(date.today() + timedelta(days=10)),
                                                     str(date.today() + timedelta(days=30)))
    listed = org_cli.json("user", "tokens", "wu")
    assert sorted(row["token_id"] for row in listed) == sorted([first["token_id"], second["token_id"]])
    assert first["token"] not in json.dumps(listed)
    table = org_cli.ok("user", "tokens", "wu").stdout
    assert first["token_id"] in table and str(date.today() + timedelta(days=30)) in table
    assert org_cli.ok("user", "revoke-token", "wu", first["token_id"]).stdout == (
        f"token {first['token_id']} of wu is revoked\n")
    assert [row["token_id"] for row in org_cli.json("user", "tokens", "wu")] == [second["token_id"]]
    before = org_cli.with_ledger(event_count)
    org_cli.refused("user", "revoke-token", "wu", first["token_id"], message=f"user wu has no token '{first['token_id']}'")
    assert org_cli.with_ledger(event_count) == before
    events = [line["event"] for line in org_cli.json("history", "wu")["events"]]
    assert events == ["User.Added", "User.TokenIssued", "User.TokenIssued", "User.TokenRevoked"]
    assert org_cli.json("verify")["ok"] is True
