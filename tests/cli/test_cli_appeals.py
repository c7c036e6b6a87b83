"""Appeals, the deduction register and the read audit end to end: JSON contract, exit codes,
nothing written on refusal, and the README's inspector walk-through run verbatim."""

from __future__ import annotations

import json

import pytest

from commands.ledger_app import open_ledger
from projections.deductions import Filters
from tests.cli.test_cli_branch import fingerprint
from tests.cli.test_cli_branch import run as branch_cli  # noqa: F401 (a fixture)
from tests.cli.test_readme_walkthroughs import block_under, query, run_block


@pytest.fixture
def run(branch_cli):
    """The branch CLI tests' organisation (M1 in B1), a violation V1 appealed as A1, a study S1."""
    for args in (["record", "violation", "M1", "--on", "2026-03-02", "--reason", "gift", "--decision", "纪3号",
                  "--issued-by", "DC", "--entry-id", "V1", "--by", "insp"],
                 ["record", "study", "M1", "--on", "2026-03-03", "--topic", "x", "--entry-id", "S1"],
                 ["appeal", "file", "V1", "--reason", "returned", "--appeal-id", "A1", "--by", "M1"]):
        code, _, err = branch_cli(*args)
        assert code == 0, err
    return branch_cli


def test_appeal_commands_keep_the_json_contract(run):
    code, decided, _ = run("appeal", "decide", "A1", "--revoke", "--reason", "receipt", "--by", "insp2", "--json")
    assert (code, decided) == (0, {"appeal_id": "A1", "target": "V1", "decision": "revoke",
                                   "reversal_id": "A1/revoked"})
    code, rows, _ = run("deductions", "--member", "M1", "--by", "auditor", "--json")
    assert code == 0 and [(r["entry_id"], r["status"]) for r in rows] == [("V1", "revoked")]
    assert [(s["step"], s["by"]) for s in rows[0]["story"]] == [
        ("recorded", "insp"), ("appealed", "M1"), ("revoked", "insp2"), ("reversed", "insp2")]
    code, reads, _ = run("audit", "reads", "--member", "M1", "--json")
    assert code == 0 and [(r["by"], r["filters"], r["members_shown"]) for r in reads] == [
        ("auditor", {"member": "M1"}, ["M1"])]


def test_audit_reads_is_not_itself_recorded(run, db_url):
    before = fingerprint(db_url)
    assert run("audit", "reads", "--json")[:2] == (0, [])
    assert run("audit", "reads", "--member", "M1")[0] == 0
    assert fingerprint(db_url) == before


def test_the_register_table_for_people(run):
    code, out, _ = run("deductions", "--status", "appealed", "--by", "insp")
    assert code == 0
    assert "V1" in out and "appealed by M1 " in out and "(A1)" in out


@pytest.mark.parametrize("args, code, message", [
    (("appeal", "decide", "A1", "--revoke", "--maintain", "--reason", "x"), 2,
     "give exactly one of --revoke or --maintain"),
    (("appeal", "decide", "A1", "--reason", "x"), 2, "give exactly one of --revoke or --maintain"),
    (("appeal", "file", "V9", "--reason", "x"), 1, "error: no entry with id 'V9'"),
    (("appeal", "file", "S1", "--reason", "x"), 1, "error: entry S1 is a study entry; only a member violation"),
    (("appeal", "file", "V1", "--reason", "again"), 1, "error: entry V1 already has an open appeal, A1"),
    (("appeal", "decide", "A9", "--maintain", "--reason", "x"), 1, "error: no appeal with id 'A9'"),
    (("deductions", "--status", "closed"), 2, "Invalid value for '--status'"),
    (("deductions", "--from", "2026-13"), 2, "month '2026-13' is not a month"),
    (("deductions", "--from", "2026-05", "--to", "2026-03"), 2, "--from 2026-05 is after --to 2026-03"),
    (("deductions", "--member", "M9"), 1, "error: no member with id 'M9'"),
])
def test_refusals_exit_with_one_line_and_write_nothing(run, db_url, args, code, message):
    before = fingerprint(db_url)
    exit_code, _, err = run(*args)
    assert exit_code == code and message in err
    assert "Traceback" not in err
    assert fingerprint(db_url) == before


def test_deciding_twice_is_refused_and_writes_nothing(run, db_url):
    assert run("appeal", "decide", "A1", "--maintain", "--reason", "stands", "--by", "insp")[0] == 0
    before = fingerprint(db_url)
    code, _, err = run("appeal", "decide", "A1", "--revoke", "--reason", "changed my mind")
    assert (code, err.strip()) == (1, "error: appeal A1 has already been decided: maintained")
    assert fingerprint(db_url) == before


def test_a_dry_run_decision_writes_nothing(run, db_url):
    before = fingerprint(db_url)
    code, impact, _ = run("appeal", "decide", "A1", "--revoke", "--reason", "r", "--dry-run", "--json")
    assert code == 0 and impact["dry_run"] is True
    assert {(c["subject_id"], c["old"], c["new"]) for c in impact["changes"]} >= {("M1", -19.0, 1.0)}
    assert fingerprint(db_url) == before


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
