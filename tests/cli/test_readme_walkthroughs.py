"""The README's walk-throughs run as written, and show what the README says they show."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from commands.cli.main import cli
from tests.cli.test_readme import README

ACTIVATE = "source .venv/bin/activate"


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
        if words[:2] == ["source", ".venv/bin/activate"]:  # the activation step: this process is the venv
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
    assert "(provisional)" in first and "79.50" in first
    assert query(env, "stars", "--month", "2026-03", "--published") == [
        {"branch_id": "B1", "category": "production", "total": 75.5, "stars": 2, "rank": 1},
        {"branch_id": "B2", "category": "production", "total": 67.0, "stars": 1, "rank": 2}]
    published = query(env, "score", "branch", "B1", "--month", "2026-03", "--published")
    current = query(env, "score", "branch", "B1", "--month", "2026-03")
    assert (published["total"], current["total"], current["provisional"]) == (75.5, 77.5, False)
    dims = current["dimensions"]
    assert (dims["membership"], dims["institutions"]) == (4.0, 12.5)
    pay = next(out for line, out in outputs if line.startswith("starledger pay"))  # before the reversal
    assert re.search(r"B1\s*│ M001\s*│ 0\.79\s*│ 0\.90\s", pay), pay
    explained = query(env, "explain", "branch", "B1", "--month", "2026-03")
    assert [(d["reversed"], d["late"]) for d in explained["deductions"]["entries"]] == [(True, True)]
    assert [s["step"] for s in explained["assessment"]["steps"]] == ["self", "preliminary", "final"]
    months = query(env, "months")
    assert months[0]["month"] == "2026-03" and months[0]["seal_digest"]


def test_every_walk_through_starts_with_the_activation_step():
    for heading in ("A secretary's first month", "A committee's month (月小结、月考评、月兑现)",
                    "A discipline inspector's walk-through", "An auditor's walk-through"):
        assert block_under(heading)[0].startswith(ACTIVATE + " "), heading


def auditor_script() -> str:
    """The auditor's set-up block, then every `$ ` command of the section, as one shell script."""
    text = re.search(r"^## An auditor's walk-through\n(.*?)^## ", README, re.S | re.M).group(1)
    commands = [line[2:] for line in text.splitlines() if line.startswith("$ ")]
    return "set -euo pipefail\n" + "\n".join(block_under("An auditor's walk-through") + commands) + "\n"


@pytest.mark.slow
def test_the_auditors_walk_through_runs_as_written_in_a_shell(tmp_path):
    """In bash, through the installed entry point, after the activation step: as a reader runs it."""
    (tmp_path / ".venv").symlink_to(Path(sys.prefix))
    script = auditor_script()
    assert script.count("starledger ") >= 25 and "--as-of \"$NOTED\"" in script
    done = subprocess.run(["bash", "-c", script], cwd=tmp_path, capture_output=True, text=True,
                          env={"PATH": os.environ["PATH"], "HOME": str(tmp_path), "LANG": "C.UTF-8"})
    assert done.returncode == 0, done.stderr
    out = " ".join(done.stdout.split())
    assert "rebuilt from" in out and "identical to the previous rows" in out
    assert "│ total │ 5.00 │" in out and "│ total │ 4.00 │" in out  # as of the moment noted, and now
    assert "not reversed" in out and "entry M1-study-0312 (study) on member M1" in out
