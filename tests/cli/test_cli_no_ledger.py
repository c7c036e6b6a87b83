"""Only `init` and `demo` create a ledger; every other command pointed at a database with no
ledger, or at a URL starledger cannot use, says so in one line and creates nothing."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, inspect
from sqlalchemy.pool import NullPool

from commands.cli.main import cli
from commands.service.runtime.config import ACCEPTED_FORMS

READS = [["verify"], ["rebuild"], ["history", "M1"], ["score", "member", "M1", "--month", "2026-03"],
         ["stars", "--month", "2026-03"], ["months"], ["member", "list"],
         ["record", "study", "M1", "--on", "2026-03-02", "--topic", "x"]]


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def tables_in(url: str) -> list[str]:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return inspect(conn).get_table_names()
    finally:
        engine.dispose()


@pytest.mark.parametrize("args", READS, ids=" ".join)
def test_a_command_on_a_missing_sqlite_file_says_run_init_and_creates_no_file(tmp_path, args):
    path = tmp_path / "typo.db"
    result = invoke(*args, "--db", f"sqlite:///{path}")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"error: no ledger at sqlite:///{path}; run starledger init\n"
    assert not path.exists()


def test_an_empty_database_is_no_ledger_on_either_database(db_url):
    result = invoke("verify", "--db", db_url)
    assert (result.exit_code, result.stdout) == (1, "")
    shown = db_url.replace(":postgres@", ":***@")
    assert result.stderr == f"error: no ledger at {shown}; run starledger init\n"
    assert tables_in(db_url) == []


def test_a_missing_postgresql_database_is_no_ledger(pg_admin):
    url = pg_admin.url.set(database="sl_test_no_such_database").render_as_string(hide_password=False)
    result = invoke("verify", "--db", url)
    assert result.exit_code == 1
    assert result.stderr == ("error: no ledger at " + url.replace(":postgres@", ":***@")
                             + "; run starledger init\n")


def test_init_creates_the_ledger_the_reads_then_find(tmp_path):
    url = f"sqlite:///{tmp_path}/new.db"
    assert invoke("init", "--db", url, "--by", "tester").exit_code == 0
    result = invoke("verify", "--db", url)
    assert result.exit_code == 0 and result.stdout.startswith("OK: ")


@pytest.mark.parametrize("url, says", [
    ("mysql://user:secret@host/ledger", f"mysql:// databases are not supported; use {ACCEPTED_FORMS}"),
    ("ledger.db", f"'ledger.db' is not a database URL; use {ACCEPTED_FORMS}, e.g. sqlite:///ledger.db"),
])
@pytest.mark.parametrize("args", [["verify"], ["init"], ["demo"]], ids=" ".join)
def test_an_unsupported_url_gets_one_line_naming_the_accepted_forms(tmp_path, monkeypatch, url, says, args):
    monkeypatch.chdir(tmp_path)
    result = invoke(*args, "--db", url)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"error: {says}\n")
    assert list(tmp_path.iterdir()) == []


def test_an_unsupported_url_from_the_environment_is_refused_the_same_way(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner(env={"STARLEDGER_DB": "mysql://h/db"}).invoke(cli, ["verify"])
    assert (result.exit_code, result.stderr) == (
        1, f"error: mysql:// databases are not supported; use {ACCEPTED_FORMS}\n")
