"""The organisation commands through the CLI: init, rules, units, branches, members."""

from __future__ import annotations

import pytest

import json

from ledger.rule_book_content import default_rule_book, rule_book_json
from tests.cli.conftest import Cli


def test_init_publishes_the_default_rule_book_once(db_url):
    cli = Cli(db_url)
    assert cli.ok("init").stdout == "ready; published rule book default-2026 effective 2000-01-01\n"
    before = cli.fingerprint()
    assert cli.json("init") == {"published": None}
    assert cli.ok("init").stdout == "ready; a rule book is already published\n"
    assert cli.fingerprint() == before


def test_init_json_names_the_rule_book_and_its_effective_date(db_url):
    assert Cli(db_url).json("init") == {"published": "default-2026", "effective_on": "2000-01-01"}


def test_the_organisation_is_built_with_unit_branch_and_member_commands(run):
    assert run.json("unit", "add", "C1", "--name", "Company Party Committee", "--kind", "committee") == {
        "unit_id": "C1"}
    assert run.ok("unit", "add", "G1", "--name", "General Branch", "--kind", "general_branch",
                  "--parent", "C1").stdout == "added unit G1\n"
    assert run.json("branch", "add", "B1", "--name", "Workshop", "--category", "production",
                    "--parent", "G1", "--established", "2024-01-01") == {"branch_id": "B1"}
    assert run.ok("branch", "add", "B2", "--name", "Office", "--category", "management",
                  "--parent", "C1", "--established", "2024-01-01").stdout == "added branch B2\n"
    assert run.json("member", "add", "M1", "--name", "Li Hua", "--branch", "B1", "--joined", "2025-01-01",
                    "--status", "probationary") == {"member_id": "M1"}
    assert run.json("member", "status", "M1", "--to", "full", "--on", "2025-07-01") == {
        "member_id": "M1", "status": "full"}
    assert run.ok("member", "transfer", "M1", "--to", "B2", "--on", "2026-06-15").stdout == \
        "member M1 moves to branch B2 on 2026-06-15\n"
    data = run.json("ledger", "member", "M1")
    assert (data["name"], data["status"], data["joined_on"]) == ("Li Hua", "full", "2025-01-01")
    assert data["branches"] == [{"branch_id": "B1", "from": "2025-01-01", "until": "2026-06-15"},
                                {"branch_id": "B2", "from": "2026-06-15", "until": None}]


def test_member_transfer_json_names_the_member_and_the_new_branch(org_cli):
    assert org_cli.json("member", "transfer", "M1", "--to", "B2", "--on", "2026-06-15") == {
        "member_id": "M1", "branch_id": "B2"}


def test_rules_show_json_prints_the_default_rule_book(run):
    assert run.json("rules", "show") == rule_book_json(default_rule_book())


@pytest.mark.sqlite_only  # printing and parsing, not database behaviour
def test_rules_show_as_a_table_lists_every_member_rule(run):
    out = run.ok("rules", "show").stdout
    assert out.startswith("rule book default-2026: Default rule book 2026")
    for key in ("attend.assembly", "dues.on_time", "award.national", "violation"):
        assert key in out


def test_rules_publish_accepts_exactly_what_rules_show_json_prints(run, tmp_path):
    shown = run.json("rules", "show")
    shown["version"] = "v2"
    shown["member"]["rules"]["study"]["points"] = 3
    path = tmp_path / "v2.json"
    path.write_text(json.dumps(shown), encoding="utf-8")
    assert run.json("rules", "publish", str(path), "--effective", "2026-06-01", "--by", "committee") == {
        "version": "v2", "effective_on": "2026-06-01"}
    assert run.json("rules", "show", "--version", "v2") == shown
    assert run.json("rules", "show", "--on", "2026-05-31")["version"] == "default-2026"
    assert run.json("rules", "show", "--on", "2026-06-01")["version"] == "v2"


def test_rules_show_output_piped_back_unchanged_is_refused_as_an_existing_version(run, tmp_path):
    path = tmp_path / "same.json"
    path.write_text(run.ok("rules", "show", "--json").stdout, encoding="utf-8")
    run.refused("rules", "publish", str(path), "--effective", "2026-06-01",
                message="rule book version 'default-2026' is already published; give the new one another version")


@pytest.mark.sqlite_only  # printing and parsing, not database behaviour
def test_a_rule_book_file_missing_a_field_is_refused_naming_the_field(run, tmp_path):
    data = run.json("rules", "show")
    data["version"] = "v2"
    del data["member"]["rules"]["study"]["points"]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    run.refused("rules", "publish", str(path), "--effective", "2026-06-01",
                message="rule book field 'member.rules.study.points': Field required")


@pytest.mark.sqlite_only  # printing and parsing, not database behaviour
def test_a_rule_book_file_with_a_wrongly_typed_field_is_refused_naming_the_field(run, tmp_path):
    data = run.json("rules", "show")
    data["version"] = "v2"
    data["alerts"]["dues_warning_months"] = "three"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run.refused("rules", "publish", str(path), "--effective", "2026-06-01",
                         message="rule book field 'alerts.dues_warning_months': "
                                 "Input should be a valid integer, unable to parse string as an integer")
    assert result.stderr.count("\n") == 1


@pytest.mark.sqlite_only  # printing and parsing, not database behaviour
def test_a_rule_book_file_that_is_not_json_is_refused(run, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{not json", encoding="utf-8")
    run.refused("rules", "publish", str(path), "--effective", "2026-06-01",
                message="rule book is not valid JSON (line 1: Expecting property name enclosed in double quotes)")


@pytest.mark.sqlite_only  # printing and parsing, not database behaviour
def test_a_rule_book_file_that_cannot_be_read_is_a_malformed_command_line(run, tmp_path):
    run.malformed("rules", "publish", str(tmp_path / "missing.json"), "--effective", "2026-06-01",
                  says="cannot read")


def test_duplicate_ids_are_refused(org_cli):
    org_cli.refused("unit", "add", "C1", "--name", "X", "--kind", "committee",
                    message="unit id 'C1' is already used")
    org_cli.refused("branch", "add", "B1", "--name", "X", "--category", "production", "--established",
                    "2025-01-01", message="branch id 'B1' is already used")
    org_cli.refused("member", "add", "M1", "--name", "X", "--branch", "B2", "--joined", "2025-01-01",
                    message="member id 'M1' is already used")


def test_unknown_parents_and_branches_are_refused(org_cli):
    org_cli.refused("unit", "add", "G2", "--name", "X", "--kind", "general_branch", "--parent", "UX",
                    message="no unit with id 'UX'")
    org_cli.refused("branch", "add", "B3", "--name", "X", "--category", "production", "--parent", "UX",
                    "--established", "2025-01-01", message="no unit with id 'UX'")
    org_cli.refused("member", "add", "M7", "--name", "X", "--branch", "BX", "--joined", "2025-01-01",
                    message="no branch with id 'BX'")
    org_cli.refused("member", "transfer", "M1", "--to", "BX", "--on", "2026-06-01",
                    message="no branch with id 'BX'")
