"""The README's walk-throughs run as written, and show what the README says they show."""

from __future__ import annotations

import json
import re
import shlex

import pytest
from click.testing import CliRunner

from commands.cli.main import cli
from tests.cli.test_readme import README


def block_under(heading: str) -> list[str]:
    """The lines of the first bash block after a `## heading`."""
    match = re.search(rf"^## {re.escape(heading)}\n.*?```bash\n(.*?)```", README, re.S | re.M)
    assert match, f"README.md has no bash block under '## {heading}'"
    return match.group(1).splitlines()


def run_block(lines: list[str]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Each command as a shell would split it; `export` sets the environment of the next ones."""
    env: dict[str, str] = {}
    outputs = []
    for line in lines:
        words = shlex.split(line, comments=True)
        if not words:
            continue
        if words[0] == "export":
            env.update(word.split("=", 1) for word in words[1:])
            continue
        assert words[0] == "starledger", line
        result = CliRunner(env=env).invoke(cli, words[1:], catch_exceptions=False)
        assert result.exit_code == 0, f"{line}\n{result.output}"
        outputs.append((line, result.stdout))
    return env, outputs


def query(env: dict[str, str], *args: str) -> object:
    result = CliRunner(env=env).invoke(cli, [*args, "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the walk-throughs use relative SQLite files


def test_a_secretarys_first_month_runs_as_written():
    env, _ = run_block(block_under("A secretary's first month"))
    score = query(env, "score", "member", "M001", "--month", "2026-03")
    assert score["total"] == 12.0  # assembly 2 + dues on time 2 + rating 8; the study line is reversed


def test_a_committees_month_runs_as_written_and_shows_what_the_readme_says():
    env, outputs = run_block(block_under("A committee's month (月小结、月考评、月兑现)"))
    first = next(out for line, out in outputs if line.startswith("starledger score branch B1"))
    assert "(provisional)" in first and "79.5" in first
    assert query(env, "stars", "--month", "2026-03", "--published") == [
        {"branch_id": "B1", "category": "production", "total": 75.5, "stars": 2, "rank": 1},
        {"branch_id": "B2", "category": "production", "total": 67.0, "stars": 1, "rank": 2}]
    published = query(env, "score", "branch", "B1", "--month", "2026-03", "--published")
    current = query(env, "score", "branch", "B1", "--month", "2026-03")
    assert (published["total"], current["total"], current["provisional"]) == (75.5, 77.5, False)
    dims = current["dimensions"]
    assert (dims["membership"], dims["institutions"]) == (4.0, 12.5)
    pay = next(out for line, out in outputs if line.startswith("starledger pay"))  # before the reversal
    assert re.search(r"B1\s*│ M001\s*│ 0\.79\s*│ 0\.9\s", pay), pay
    explained = query(env, "explain", "branch", "B1", "--month", "2026-03")
    assert [(d["reversed"], d["late"]) for d in explained["deductions"]["entries"]] == [(True, True)]
    assert [s["step"] for s in explained["assessment"]["steps"]] == ["self", "preliminary", "final"]
    months = query(env, "months")
    assert months[0]["month"] == "2026-03" and months[0]["seal_digest"]
