"""The installed `starledger` console script, run as a person runs it (a few subprocess runs).

Exit 0 on success, 2 on a malformed command line, 1 on a refused write or an unknown id with
ONE plain line on stderr and no traceback; nothing written when refused.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from commands.service.ledger import open_ledger
from tests.builders import ledger_fingerprint
from tests.conftest import make_postgres_url

STARLEDGER = Path(sys.executable).parent / "starledger"


def starledger(*args: str, db: str, actor: str | None = "entry-point-test") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("STARLEDGER_DB", "STARLEDGER_ACTOR")}
    env["STARLEDGER_DB"] = db
    if actor is not None:
        env["STARLEDGER_ACTOR"] = actor
    return subprocess.run([str(STARLEDGER), *args], env=env, capture_output=True, text=True, timeout=120)


def fingerprint(db: str) -> str:
    with open_ledger(db) as ledger:
        return ledger_fingerprint(ledger)


@pytest.fixture(scope="module")
def sqlite_db(tmp_path_factory) -> str:
    """One SQLite ledger set up through the real entry point: B1 with member M1."""
    db = f"sqlite:///{tmp_path_factory.mktemp('entry')}/ledger.db"
    for args in (["init"], ["unit", "add", "C1", "--name", "Committee", "--kind", "committee"],
                 ["branch", "add", "B1", "--name", "Workshop", "--category", "production", "--parent", "C1",
                  "--established", "2024-01-01"],
                 ["member", "add", "M1", "--name", "Li Hua", "--branch", "B1", "--joined", "2025-01-01"]):
        done = starledger(*args, db=db)
        assert (done.returncode, done.stderr) == (0, ""), done.stderr
    return db


def test_the_console_script_is_installed():
    assert STARLEDGER.is_file() and os.access(STARLEDGER, os.X_OK)


def test_a_write_exits_0_prints_json_and_records_the_actor_from_the_environment(sqlite_db):
    done = starledger("record", "study", "M1", "--on", "2026-03-02", "--topic", "t", "--entry-id", "EP-1",
                      "--json", db=sqlite_db)
    assert (done.returncode, json.loads(done.stdout), done.stderr) == (0, {"entry_id": "EP-1"}, "")
    shown = starledger("explain", "member", "M1", "--month", "2026-03", "--json", db=sqlite_db)
    assert shown.returncode == 0
    (line,) = [line for line in json.loads(shown.stdout)["lines"] if line["entry_id"] == "EP-1"]
    assert (line["actor"], line["points"]) == ("entry-point-test", 1.0)


def test_a_refused_write_exits_1_with_one_line_no_traceback_and_nothing_written(sqlite_db):
    before = fingerprint(sqlite_db)
    done = starledger("record", "dues", "M1", "--month", "2026-03", "--amount", "0", "--paid-on", "2026-03-02",
                      db=sqlite_db)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", "error: amount 0 must be more than 0\n")
    assert fingerprint(sqlite_db) == before


def test_an_unknown_id_exits_1_with_one_line(sqlite_db):
    done = starledger("score", "member", "M99", "--month", "2026-03", "--json", db=sqlite_db)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", "error: no member with id 'M99'\n")


def test_a_malformed_value_exits_2_without_a_traceback_and_writes_nothing(sqlite_db):
    before = fingerprint(sqlite_db)
    done = starledger("record", "dues", "M1", "--month", "2026-13", "--amount", "abc", "--paid-on", "2026-03-02",
                      db=sqlite_db)
    assert done.returncode == 2
    assert "is not a month" in done.stderr and "Traceback" not in done.stderr and done.stdout == ""
    assert fingerprint(sqlite_db) == before


def test_a_database_that_cannot_be_reached_exits_1_with_one_line(tmp_path):
    done = starledger("init", db=f"sqlite:///{tmp_path}/no/such/dir/ledger.db")  # init creates: it tries
    assert done.returncode == 1
    assert done.stderr.startswith("error: the database could not be used: ")
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


@pytest.fixture
def postgres_db(pg_admin):
    yield from make_postgres_url(pg_admin)


def test_the_entry_point_works_on_postgresql(postgres_db):
    db_url = postgres_db
    for args in (["init"], ["unit", "add", "C1", "--name", "Committee", "--kind", "committee"],
                 ["branch", "add", "B1", "--name", "W", "--category", "production", "--established", "2024-01-01"],
                 ["member", "add", "M1", "--name", "Li", "--branch", "B1", "--joined", "2025-01-01"],
                 ["record", "meeting", "B1", "--kind", "assembly", "--on", "2026-03-05", "--attended", "M1",
                  "--entry-id", "A-1"]):
        assert starledger(*args, db=db_url).returncode == 0
    done = starledger("ranking", "--branch", "B1", "--month", "2026-03", "--json", db=db_url)
    assert (done.returncode, json.loads(done.stdout)) == (0, [{"member_id": "M1", "total": 2.0, "rank": 1}])
    refused = starledger("record", "meeting", "B1", "--kind", "group", "--on", "2026-03-06",
                         "--attended", "M1,M1", db=db_url)
    assert (refused.returncode, refused.stderr) == (1, "error: member M1 is listed twice in this meeting\n")
