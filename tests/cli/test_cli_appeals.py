"""Appeals, the deduction register and the read audit end to end: JSON contract, exit codes,
nothing written on refusal, and the README's inspector walk-through run verbatim."""

from __future__ import annotations

import json

import pytest

from commands.service.ledger import open_ledger
from projections.deductions import Filters
from tests.cli.test_readme_walkthroughs import block_under, query, run_block


@pytest.fixture
def cli(org_cli):
    """The small organisation (M1 in B1), a violation V1 appealed as A1, and a study entry S1."""
    org_cli.ok("record", "violation", "M1", "--on", "2026-03-02", "--reason", "gift", "--decision", "纪3号",
               "--issued-by", "DC", "--entry-id", "V1", "--by", "insp")
    org_cli.ok("record", "study", "M1", "--on", "2026-03-03", "--topic", "x", "--entry-id", "S1")
    org_cli.ok("appeal", "file", "V1", "--reason", "returned", "--appeal-id", "A1", "--by", "M1")
    return org_cli


def test_appeal_commands_keep_the_json_contract(cli):
    assert cli.json("appeal", "decide", "A1", "--revoke", "--reason", "receipt", "--by", "insp2") == {
        "appeal_id": "A1", "target": "V1", "decision": "revoke", "reversal_id": "A1/revoked"}
    rows = cli.json("deductions", "--member", "M1", "--by", "auditor")
    assert [(r["entry_id"], r["status"]) for r in rows] == [("V1", "revoked")]
    assert [(s["step"], s["by"]) for s in rows[0]["story"]] == [
        ("recorded", "insp"), ("appealed", "M1"), ("revoked", "insp2"), ("reversed", "insp2")]
    reads = cli.json("audit", "reads", "--member", "M1")
    assert [(r["by"], r["filters"], r["members_shown"]) for r in reads] == [("auditor", {"member": "M1"}, ["M1"])]


def test_filing_prints_the_appeal_id(cli):
    assert cli.ok("appeal", "file", "V1", "--reason", "returned", "--appeal-id", "A1").stdout == (
        "filed appeal A1 against V1\n")  # the same filing again: its first result, nothing written
    filed = cli.json("record", "violation", "M2", "--on", "2026-03-04", "--reason", "r", "--decision", "d",
                     "--issued-by", "DC")
    assert cli.json("appeal", "file", filed["entry_id"], "--reason", "x")["appeal_id"].startswith("a-")


def test_audit_reads_is_not_itself_recorded(cli):
    before = cli.fingerprint()
    assert cli.json("audit", "reads") == []
    cli.ok("audit", "reads", "--member", "M1")
    assert cli.fingerprint() == before


@pytest.mark.sqlite_only  # printing and parsing, not database behaviour
def test_the_register_table_for_people(cli):
    out = cli.ok("deductions", "--status", "appealed", "--by", "insp").stdout
    assert "V1" in out and "appealed by M1 " in out and "(A1)" in out


@pytest.mark.parametrize("args, message", [
    (("appeal", "file", "V9", "--reason", "x"), "no entry with id 'V9'"),
    (("appeal", "file", "S1", "--reason", "x"),
     "entry S1 is a study entry; only a member violation, a branch deduction or a veto can be appealed"),
    (("appeal", "file", "V1", "--reason", "again"), "entry V1 already has an open appeal, A1; it must be decided first"),
    (("appeal", "decide", "A9", "--maintain", "--reason", "x"), "no appeal with id 'A9'"),
    (("deductions", "--member", "M9"), "no member with id 'M9'"),
])
def test_refusals_exit_1_with_one_line_and_write_nothing(cli, args, message):
    cli.refused(*args, message=message)


@pytest.mark.sqlite_only  # printing and parsing, not database behaviour
@pytest.mark.parametrize("args, says", [
    (("appeal", "decide", "A1", "--revoke", "--maintain", "--reason", "x"), "give exactly one of --revoke or --maintain"),
    (("appeal", "decide", "A1", "--reason", "x"), "give exactly one of --revoke or --maintain"),
    (("deductions", "--status", "closed"), "Invalid value for '--status'"),
    (("deductions", "--from", "2026-13"), "month '2026-13' is not a month"),
    (("deductions", "--from", "2026-05", "--to", "2026-03"), "--from 2026-05 is after --to 2026-03"),
])
def test_malformed_command_lines_exit_2_and_write_nothing(cli, args, says):
    cli.malformed(*args, says=says)


def test_deciding_twice_is_refused_and_writes_nothing(cli):
    cli.ok("appeal", "decide", "A1", "--maintain", "--reason", "stands", "--by", "insp")
    cli.refused("appeal", "decide", "A1", "--revoke", "--reason", "changed my mind",
                message="appeal A1 has already been decided: maintained")


def test_a_dry_run_decision_writes_nothing(cli):
    before = cli.fingerprint()
    impact = cli.json("appeal", "decide", "A1", "--revoke", "--reason", "r", "--dry-run")
    assert impact["dry_run"] is True
    assert ("member_month", "M1", -19.0, 1.0) in {
        (c["figure"], c["subject_id"], c["old"], c["new"]) for c in impact["changes"]}
    assert cli.fingerprint() == before


def test_the_readme_walk_through_runs_verbatim(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the walk-through uses a relative SQLite file
    env, outputs = run_block(block_under("A discipline inspector's walk-through"))
    waiting = next(out for line, out in outputs if line.startswith("starledger deductions --status appealed"))
    assert "V-M001-0302" in waiting and "V-M002-0309" in waiting and "D-B1-2026-03" not in waiting
    member_story = json.loads(next(out for line, out in outputs if "--member M001 --json" in line))
    assert [(r["entry_id"], r["status"], [s["step"] for s in r["story"]]) for r in member_story] == [
        ("V-M001-0302", "revoked", ["recorded", "appealed", "revoked", "reversed"])]
    assert query(env, "score", "member", "M001", "--month", "2026-03")["total"] == 0.0
    looks = query(env, "audit", "reads", "--member", "M001")
    assert [(r["filters"], r["members_shown"]) for r in looks] == [
        ({"status": "appealed"}, ["M001", "M002"]), ({"from": "2026-03", "to": "2026-03"}, ["M001", "M002"]),
        ({"member": "M001"}, ["M001"])]
    with open_ledger(env["STARLEDGER_DB"]) as ledger:
        rows = ledger.look_at_deductions(Filters(), "test")
    assert [(r["entry_id"], r["status"]) for r in rows] == [
        ("V-M001-0302", "revoked"), ("V-M002-0309", "maintained"), ("D-B1-2026-03", "active")]
