"""kill -9 in the middle of an import, a rebuild or a catch-up: all or nothing, and a ledger that
verifies and rebuilds to the same rows afterwards. Real processes, killed with SIGKILL."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from commands.files.jsonl_import import import_lines
from commands.service.ledger import open_ledger
from tests.builders import event_count
from tests.conftest import TODAY
from tests.reads import projected_rows

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
LINES = 20_000  # enough that each kill lands mid-way (asserted), on either database


def study_lines(count: int, prefix: str) -> list[str]:
    start = date(2025, 1, 1)
    return [json.dumps({"command": "record study", "member": f"M{1 + i % 5}", "on": str(start + timedelta(days=i % 600)),
                        "topic": f"topic {i}", "entry_id": f"{prefix}{i}"}) for i in range(count)]


def writing(url: str) -> bool:
    """Whether another connection holds an open transaction that has written something."""
    if url.startswith("sqlite"):
        probe = sqlite3.connect(url.split("///", 1)[1], timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:  # "database is locked": a writer is inside its transaction
            return True
        finally:
            probe.close()
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                     "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL")).scalar_one() > 0
    finally:
        engine.dispose()


def killed_midway(args: list[str], settle: float = 0.5) -> int:
    """Run `starledger ARGS` in a process of its own and SIGKILL it once it is inside its write
    transaction (and `settle` seconds further in); returns its exit status."""
    url = args[args.index("--db") + 1]
    process = subprocess.Popen([sys.executable, "-c", "from commands.cli.main import main; main()", *args],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not writing(url):
        assert process.poll() is None, "the process ended before it was killed: make its work larger"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    time.sleep(settle)
    assert process.poll() is None, "the process ended before it was killed: make its work larger"
    process.send_signal(signal.SIGKILL)
    return process.wait()


def _ledger(url):
    return open_ledger(url, today=lambda: TODAY)


def test_an_import_killed_midway_leaves_nothing(org_url, tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_text("\n".join(study_lines(LINES, "k")), encoding="utf-8")
    with _ledger(org_url) as app:
        before = event_count(app)
    assert killed_midway(["import", str(path), "--db", org_url]) == -signal.SIGKILL
    with _ledger(org_url) as app:
        assert event_count(app) == before
        assert app.verify()["ok"] is True
        assert import_lines(app, path.read_text(encoding="utf-8").splitlines(), "importer") == LINES
        assert event_count(app) == before + LINES


def _big_ledger(url, projected: bool = True) -> None:
    with _ledger(url) as app:
        app.projects_own_writes = projected  # False: a backlog, as a ledger of an earlier version left it
        import_lines(app, study_lines(LINES, "r"), "importer")


def test_a_rebuild_killed_midway_leaves_a_ledger_that_verifies_and_rebuilds_identically(org_url):
    _big_ledger(org_url)
    with _ledger(org_url) as app:
        app.catch_up()
        rows = projected_rows(app)
    assert killed_midway(["rebuild", "--db", org_url]) == -signal.SIGKILL
    with _ledger(org_url) as app:
        assert app.verify()["ok"] is True
        assert projected_rows(app) == rows  # the killed rebuild's transaction left nothing behind
        app.projector.rebuild()
        assert projected_rows(app) == rows


def test_a_catch_up_killed_midway_leaves_a_ledger_that_verifies_and_rebuilds_identically(org_url):
    _big_ledger(org_url, projected=False)  # written, not yet projected: the next read catches up 20,000 events
    assert killed_midway(["score", "member", "M1", "--month", "2025-03", "--db", org_url], settle=0.2) == -signal.SIGKILL
    with _ledger(org_url) as app:
        assert app.verify()["ok"] is True
        app.catch_up()
        caught_up = projected_rows(app)
        app.projector.rebuild()
        assert projected_rows(app) == caught_up
