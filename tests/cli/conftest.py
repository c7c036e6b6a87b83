"""CLI fixtures: click's CliRunner over `commands.cli.main.cli` with --db on SQLite or PostgreSQL.

The CLI uses the real date (these tests date entries in 2025-2026, before it), so
`open_ledger` here is called without a fixed today, exactly as the commands call it.
"""

from __future__ import annotations

import json
from typing import Any, Callable, Iterator

import pytest
from click.testing import CliRunner, Result

from commands.cli.main import cli
from commands.service.ledger import open_ledger
from tests.builders import ledger_fingerprint


class Cli:
    """Runs `starledger ARGS --db URL` in process and reads the ledger behind it."""

    def __init__(self, url: str):
        self.url = url
        self.runner = CliRunner()

    def __call__(self, *args: str, env: dict[str, str | None] | None = None) -> Result:
        return self.runner.invoke(cli, [*args, "--db", self.url], env=env, catch_exceptions=False)

    def ok(self, *args: str, env: dict[str, str | None] | None = None) -> Result:
        result = self(*args, env=env)
        assert result.exit_code == 0, (result.output, result.stderr)
        return result

    def json(self, *args: str, env: dict[str, str | None] | None = None) -> Any:
        return json.loads(self.ok(*args, "--json", env=env).stdout)

    def fingerprint(self) -> str:
        with open_ledger(self.url) as ledger:
            return ledger_fingerprint(ledger)

    def with_ledger(self, act: Callable) -> Any:
        with open_ledger(self.url) as ledger:
            return act(ledger)

    def refused(self, *args: str, message: str) -> Result:
        """Exit 1, exactly one plain line `error: MESSAGE` on stderr, nothing on stdout or in the ledger."""
        before = self.fingerprint()
        result = self(*args)
        assert (result.exit_code, result.stderr, result.stdout) == (1, f"error: {message}\n", "")
        assert self.fingerprint() == before
        return result

    def malformed(self, *args: str, says: str) -> Result:
        """Exit 2 (click's usage error naming the problem) and nothing written."""
        before = self.fingerprint()
        result = self(*args)
        assert result.exit_code == 2, (result.output, result.stderr)
        assert says in result.stderr
        assert "Traceback" not in result.stderr and result.stdout == ""
        assert self.fingerprint() == before
        return result


@pytest.fixture
def run(db_url) -> Cli:
    """A ledger initialised through the CLI itself."""
    runner = Cli(db_url)
    runner.ok("init", "--by", "tester")
    return runner


@pytest.fixture
def org_cli(org_url) -> Cli:
    """The small organisation of tests/builders.py: C1 > G1 > B1 (M1-M5), B2 (M6)."""
    return Cli(org_url)


@pytest.fixture
def sqlite_org_cli(sqlite_org_template, tmp_path) -> Iterator[Cli]:
    """The same organisation on SQLite only: for tests of printing, not of database behaviour."""
    with sqlite_org_template.copy(tmp_path) as url:
        yield Cli(url)
