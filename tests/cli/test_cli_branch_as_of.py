"""Branch figures as of a moment and as published, through the CLI with --json, on both databases."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from click.testing import CliRunner

from commands.cli.main import cli
from commands.service.ledger import open_ledger
from tests.builders import ledger_fingerprint
from tests.cli.test_cli_branch import MONTH


@pytest.fixture
def run(db_url):
    def invoke(*args: str, code: int = 0):
        result = CliRunner().invoke(cli, [*args, "--db", db_url], catch_exceptions=False)
        assert result.exit_code == code, result.output
        return json.loads(result.stdout) if code == 0 and "--json" in args else result

    for args in (["init"], ["unit", "add", "C1", "--name", "C", "--kind", "committee"],
                 ["branch", "add", "B1", "--name", "W1", "--category", "production", "--parent", "C1",
                  "--established", "2024-01-01"],
                 ["branch", "add", "B2", "--name", "W2", "--category", "production", "--parent", "C1",
                  "--established", "2024-01-01"],
                 ["member", "add", "M1", "--name", "A", "--branch", "B1", "--joined", "2024-01-01"]):
        invoke(*args)
    return invoke


def assess(run, step, organisation, *extra):
    return run("assess", "B1", "--month", MONTH, "--step", step, "--organisation", organisation,
               "--leadership", "18", "--support", "14", "--bonus", "2", *extra)


def now() -> str:
    return datetime.now(timezone.utc).isoformat()


def test_as_of_shows_the_figures_before_a_reversed_deduction_and_a_final_step(run):
    assess(run, "self", "9")
    deduction = run("record", "branch-deduction", "B1", "--month", MONTH, "--points", "3", "--clause", "§4",
                    "--reason", "late report", "--json")["entry_id"]
    noted = now()
    run("reverse", deduction, "--reason", "review found the report on time")
    assess(run, "final", "10")

    then = run("score", "branch", "B1", "--month", MONTH, "--as-of", noted, "--json")
    current = run("score", "branch", "B1", "--month", MONTH, "--json")
    # 9 + 18 + 14 + 20 (discipline) + 2 - 3 then; 10 + 18 + 14 + 20 + 2 now
    assert (then["total"], then["deductions"], then["provisional"], then["stars"]) == (60.0, 3.0, True, 1)
    assert (current["total"], current["deductions"], current["provisional"]) == (64.0, 0.0, False)
    assert run("score", "branch", "B1", "--month", MONTH, "--as-of", now(), "--json") == current

    explained = run("explain", "branch", "B1", "--month", MONTH, "--as-of", noted, "--json")
    assert explained["as_of"] == datetime.fromisoformat(noted).isoformat()
    assert [step["step"] for step in explained["assessment"]["steps"]] == ["self"]
    assert [(d["entry_id"], d["reversed"]) for d in explained["deductions"]["entries"]] == [(deduction, False)]
    later = run("explain", "branch", "B1", "--month", MONTH, "--json")
    assert [(d["entry_id"], d["reversed"], d["reversal_reason"]) for d in later["deductions"]["entries"]] == [
        (deduction, True, "review found the report on time")]
    assert [step["step"] for step in later["assessment"]["steps"]] == ["self", "final"]

    assert [(r["branch_id"], r["total"], r["rank"]) for r in
            run("stars", "--month", MONTH, "--as-of", noted, "--json")] == [("B1", 60.0, 1), ("B2", 20.0, 2)]
    assert run("stars", "--month", MONTH, "--json")[0]["total"] == 64.0
    year = run("score", "branch", "B1", "--year", MONTH[:4], "--as-of", noted, "--json")
    assert year["months"][MONTH] == 60.0


def test_as_of_before_the_branch_was_registered_knows_no_branch(run):
    result = run("score", "branch", "B1", "--month", MONTH, "--as-of", "2000-01-01T00:00:00", "--json", code=1)
    assert result.stderr == "error: branch B1 was not yet recorded at 2000-01-01T00:00:00+00:00\n"
    result = run("explain", "branch", "B1", "--month", MONTH, "--as-of", "yesterday", code=2)
    assert "is not a timestamp" in result.stderr and "Traceback" not in result.output


def test_published_figures_stay_as_closed_while_late_entries_change_the_current_ones(run, db_url):
    assess(run, "self", "9")
    run("close", "--month", MONTH, "--notice-days", "0")
    with open_ledger(db_url) as ledger:
        before = ledger_fingerprint(ledger)
    refused = run("assess", "B1", "--month", MONTH, "--step", "final", "--organisation", "10",
                  "--leadership", "18", "--support", "14", code=1)
    assert refused.stderr.startswith(f"error: month {MONTH} was closed on ")
    assert refused.stderr.endswith("a late entry needs --late-reason saying why it comes after the close\n")
    with open_ledger(db_url) as ledger:
        assert ledger_fingerprint(ledger) == before

    step = assess(run, "final", "10", "--late-reason", "committee met after the close", "--json")
    assert step["late"] is True
    run("record", "branch-deduction", "B1", "--month", MONTH, "--points", "5", "--clause", "§4",
        "--reason", "inspection", "--late-reason", "inspection report came late")

    published = run("score", "branch", "B1", "--month", MONTH, "--published", "--json")
    current = run("score", "branch", "B1", "--month", MONTH, "--json")
    assert (published["total"], published["provisional"], published["published"]) == (63.0, True, True)
    assert (current["total"], current["provisional"], current["published"]) == (59.0, False, False)
    assert [r["total"] for r in run("stars", "--month", MONTH, "--published", "--json")] == [63.0, 20.0]

    explained = run("explain", "branch", "B1", "--month", MONTH, "--json")
    assert [(s["step"], s["late"], s["late_reason"]) for s in explained["assessment"]["steps"]] == [
        ("self", False, None), ("final", True, "committee met after the close")]
    assert [(d["late"], d["late_reason"]) for d in explained["deductions"]["entries"]] == [
        (True, "inspection report came late")]
    table = run("explain", "branch", "B1", "--month", MONTH).stdout
    assert "(late: committee met after the close)" in table

    for args in (["--year", MONTH[:4]], ["--month", MONTH, "--as-of", now()]):
        result = run("score", "branch", "B1", "--published", *args, code=2)
        assert "--published" in result.stderr


def test_published_figures_of_an_open_month_are_refused(run):
    result = run("score", "branch", "B1", "--month", MONTH, "--published", "--json", code=1)
    assert result.stderr == f"error: month {MONTH} has not been closed, so nothing is published for it\n"
    result = run("stars", "--month", MONTH, "--published", "--as-of", now(), code=2)
    assert "give --published or --as-of, not both" in result.stderr
