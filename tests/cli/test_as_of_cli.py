"""As of: an answer asked for a past moment uses only what was recorded by then, through the CLI."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from click.testing import CliRunner

from commands.cli.main import cli
from tests.builders import small_org


@pytest.fixture
def run(ledger, db_url):
    small_org(ledger)

    def invoke(*args: str, code: int = 0) -> dict | str:
        result = CliRunner().invoke(cli, [*args, "--db", db_url])
        assert result.exit_code == code, result.output
        return json.loads(result.output) if "--json" in args and code == 0 else result.output
    return invoke


def test_answers_as_of_a_moment_before_a_correction(run, tmp_path):
    run("record", "study", "M1", "--on", "2025-03-03", "--topic", "Constitution", "--entry-id", "s1", "--by", "sec")
    run("record", "rating", "M1", "--month", "2025-03", "--score", "6", "--entry-id", "r1", "--by", "sec")
    noted = datetime.now(timezone.utc).isoformat()

    # The correction: reverse the rating and give the right one; and, later still, a transfer,
    # a new member and a new rule book that prices study at 3 points from 2025.
    run("reverse", "r1", "--reason", "wrong score", "--entry-id", "x1", "--by", "sec")
    run("record", "rating", "M1", "--month", "2025-03", "--score", "9", "--entry-id", "r2", "--by", "sec")
    run("member", "transfer", "M2", "--to", "B2", "--on", "2025-03-15", "--by", "sec")
    run("member", "add", "M7", "--name", "Member 7", "--branch", "B1", "--joined", "2025-02-01", "--by", "sec")
    book = run("rules", "show", "--json")
    book["version"] = "study-3"
    book["member"]["rules"]["study"]["points"] = 3
    (tmp_path / "book.json").write_text(json.dumps(book), encoding="utf-8")
    run("rules", "publish", str(tmp_path / "book.json"), "--effective", "2025-01-01", "--by", "committee")

    then = run("score", "member", "M1", "--month", "2025-03", "--as-of", noted, "--json")
    now = run("score", "member", "M1", "--month", "2025-03", "--json")
    assert (then["total"], then["parts"]["obligations"], then["parts"]["role"], then["rule_book"]) == (
        7.0, 1.0, 6.0, "default-2026")
    assert (now["total"], now["parts"]["obligations"], now["parts"]["role"], now["rule_book"]) == (
        12.0, 3.0, 9.0, "study-3")

    then = run("explain", "member", "M1", "--month", "2025-03", "--as-of", noted, "--json")
    now = run("explain", "member", "M1", "--month", "2025-03", "--json")
    assert [(line["entry_id"], line["points"], line["reversed"]) for line in then["lines"]] == [
        ("s1", 1.0, False), ("r1", 6.0, False)]
    assert [(line["entry_id"], line["points"], line["reversed"], line["reversal_reason"])
            for line in now["lines"]] == [
        ("s1", 3.0, False, None), ("r1", 0.0, True, "wrong score"), ("r2", 9.0, False, None)]

    then = run("ranking", "--branch", "B1", "--month", "2025-03", "--as-of", noted, "--json")
    now = run("ranking", "--branch", "B1", "--month", "2025-03", "--json")
    assert [(r["member_id"], r["total"], r["rank"]) for r in then] == [
        ("M1", 7.0, 1), ("M2", 0.0, 2), ("M3", 0.0, 2), ("M4", 0.0, 2), ("M5", 0.0, 2)]
    assert [(r["member_id"], r["total"], r["rank"]) for r in now] == [
        ("M1", 12.0, 1), ("M3", 0.0, 2), ("M4", 0.0, 2), ("M5", 0.0, 2), ("M7", 0.0, 2)]
    assert [r["member_id"] for r in run("ranking", "--branch", "B2", "--month", "2025-03", "--as-of", noted,
                                        "--json")] == ["M6"]

    error = run("score", "member", "M7", "--month", "2025-03", "--as-of", noted, "--json", code=1)
    assert f"member M7 was not yet recorded at {noted}" in error


def test_as_of_now_answers_like_the_current_figures(run):
    run("record", "study", "M3", "--on", "2025-04-03", "--topic", "History", "--by", "sec")
    run("record", "meeting", "B1", "--kind", "lecture", "--on", "2025-04-05", "--attended", "M3,M4",
        "--absent", "M5", "--by", "sec")
    moment = datetime.now(timezone.utc).isoformat()
    for member in ("M3", "M4", "M5"):
        assert run("score", "member", member, "--month", "2025-04", "--as-of", moment, "--json") == \
            run("score", "member", member, "--month", "2025-04", "--json")
    assert run("ranking", "--branch", "B1", "--month", "2025-04", "--as-of", moment, "--json") == \
        run("ranking", "--branch", "B1", "--month", "2025-04", "--json")


@pytest.mark.sqlite_only  # printing and parsing, not database behaviour
def test_a_malformed_as_of_is_a_usage_error(run):
    output = run("score", "member", "M1", "--month", "2025-03", "--as-of", "yesterday", code=2)
    assert "is not a timestamp" in output
