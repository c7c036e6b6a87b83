"""The branch commands end to end: the JSON contract, exit codes, nothing written on refusal."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from click.testing import CliRunner

from commands.cli.main import cli
from commands.service.ledger import open_ledger
from ledger.dates import month_of
from tests.builders import ledger_fingerprint

MONTH = month_of(date.today().replace(day=1) - timedelta(days=1))  # last month: complete, never future


@pytest.fixture
def run(db_url):
    runner = CliRunner()

    def invoke(*args: str) -> tuple[int, object, str]:
        result = runner.invoke(cli, [*args, "--db", db_url], catch_exceptions=False)
        out = result.stdout
        return result.exit_code, (json.loads(out) if "--json" in args and result.exit_code == 0 else out), result.stderr

    for args in (["init"], ["unit", "add", "C1", "--name", "C", "--kind", "committee"],
                 ["branch", "add", "B1", "--name", "W1", "--category", "production", "--parent", "C1",
                  "--established", "2024-01-01"],
                 ["branch", "add", "B2", "--name", "W2", "--category", "production", "--parent", "C1",
                  "--established", "2024-01-01"],
                 ["member", "add", "M1", "--name", "A", "--branch", "B1", "--joined", "2024-01-01"],
                 ["member", "add", "M2", "--name", "B", "--branch", "B2", "--joined", "2024-01-01"]):
        assert invoke(*args)[0] == 0
    return invoke


def fingerprint(db_url):
    with open_ledger(db_url) as ledger:
        return ledger_fingerprint(ledger)


def test_branch_commands_keep_the_json_contract(run):
    for step, organisation in (("self", "9"), ("final", "10")):
        code, _, _ = run("assess", "B1", "--month", MONTH, "--step", step, "--organisation", organisation,
                         "--leadership", "18", "--support", "14", "--bonus", "2", "--comment", "ok", "--by", "c")
        assert code == 0
    code, deduction, _ = run("record", "branch-deduction", "B1", "--month", MONTH, "--points", "1.5",
                             "--clause", "§4", "--reason", "late", "--json")
    assert code == 0 and set(deduction) == {"entry_id", "branch_id", "month"}
    assert run("record", "veto", "B2", "--month", MONTH, "--clause", "§4", "--reason", "accident")[0] == 0
    assert run("branch", "secretary", "B1", "--member", "M1", "--since", "2024-02-01", "--full-time")[0] == 0
    assert run("branch", "secretary", "B2", "--member", "M2", "--since", "2024-02-01", "--part-time")[0] == 0

    _, month_score, _ = run("score", "branch", "B1", "--month", MONTH, "--json")
    assert month_score == {
        "branch_id": "B1", "month": MONTH, "total": 62.5,
        "dimensions": {"organisation": 10.0, "leadership": 18.0, "membership": 0.0, "institutions": 0.0,
                       "support": 14.0, "discipline": 20.0},
        "bonus": 2.0, "deductions": 1.5, "provisional": False, "stars": 1, "tier": 3, "grade": "fail",
        "published": False}
    _, year, _ = run("score", "branch", "B1", "--year", MONTH[:4], "--json")
    assert set(year) == {"branch_id", "year", "mean", "stars", "months"} and year["months"][MONTH] == 62.5
    _, ranked, _ = run("stars", "--month", MONTH, "--category", "production", "--json")
    assert ranked == [{"branch_id": "B1", "category": "production", "total": 62.5, "stars": 1, "rank": 1},
                      {"branch_id": "B2", "category": "production", "total": 20.0, "stars": 1, "rank": 2}]
    _, pay, _ = run("pay", "--month", MONTH, "--json")
    assert pay == [{"branch_id": "B1", "secretary": "M1", "coefficient": 0.66, "pay_factor": 0.83},
                   {"branch_id": "B2", "secretary": "M2", "coefficient": 0.21, "pay_factor": 0.84}]
    _, alerts, _ = run("alerts", "--month", MONTH, "--json")
    assert all(set(a) == {"kind", "subject_id", "month", "detail"} for a in alerts)
    _, shown, _ = run("explain", "branch", "B1", "--month", MONTH, "--json")
    assert shown["total"] == 62.5 and [s["step"] for s in shown["assessment"]["steps"]] == ["self", "final"]
    assert run("reverse", deduction["entry_id"], "--reason", "wrong")[0] == 0
    assert run("score", "branch", "B1", "--month", MONTH, "--json")[1]["total"] == 64.0
    code, table, _ = run("explain", "branch", "B1", "--month", MONTH)
    assert code == 0 and "stars 1 from the score, 1 after" in table


@pytest.mark.parametrize("args, code, message", [
    (["assess", "B1", "--step", "final", "--organisation", "11", "--leadership", "1", "--support", "1"],
     1, "error: organisation 11 is outside 0-10"),
    (["assess", "B1", "--step", "draft", "--organisation", "1", "--leadership", "1", "--support", "1"],
     2, "Invalid value for '--step'"),
    (["assess", "B9", "--step", "self", "--organisation", "1", "--leadership", "1", "--support", "1"],
     1, "error: no branch with id 'B9'"),
    (["record", "branch-deduction", "B1", "--points", "0", "--clause", "c", "--reason", "r"],
     1, "error: deduction points 0 must be more than 0"),
    (["record", "veto", "B1", "--clause", "c", "--reason", "r", "--month", "2026-3"], 2, "is not a month"),
    (["branch", "secretary", "B1", "--member", "M2", "--since", "2024-02-01", "--full-time"],
     1, "error: member M2 is not a member of branch B1 on 2024-02-01"),
    (["branch", "secretary", "B1", "--member", "M1", "--since", "2024-02-01"], 2, "give --full-time or --part-time"),
])
def test_refused_command_exits_non_zero_with_one_line_and_writes_nothing(run, db_url, args, code, message):
    if "--month" not in args and args[0] in ("assess", "record"):
        args = [*args, "--month", MONTH]
    before = fingerprint(db_url)
    exit_code, out, err = run(*args)
    assert exit_code == code and message in err
    assert "Traceback" not in err + str(out)
    assert fingerprint(db_url) == before


def test_reads_of_a_branch_month_refuse_unknown_and_future(run):
    assert run("score", "branch", "B9", "--month", MONTH, "--json")[2] == "error: no branch with id 'B9'\n"
    code, _, err = run("alerts", "--month", "2999-01", "--json")
    assert code == 1 and "after the current month" in err
