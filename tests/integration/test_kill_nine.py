"""kill -9 in the middle of an import, a rebuild or a catch-up: all or nothing, and a ledger that
verifies and rebuilds to the same rows afterwards. Real processes, killed with SIGKILL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from commands.files.jsonl_import import import_lines
from commands.service.ledger import open_ledger
from tests.builders import event_count
from tests.conftest import TODAY
from tests.reads import projected_rows

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
LINES = 40_000


def study_lines(count: int, prefix: str) -> list[str]:
    start = date(2025, 1, 1)
    return [json.dumps({"command": "record study", "member": f"M{1 + i % 5}", "on": str(start + timedelta(days=i % 600)),
                        "topic": f"topic {i}", "entry_id": f"{prefix}{i}"}) for i in range(count)]


def killed_after(args: list[str], seconds: float) -> int:
    """Run `starledger ARGS` in a process of its own and SIGKILL it after `seconds`."""
    process = subprocess.Popen([sys.executable, "-c", "from commands.cli.main import main; main()", *args],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(seconds)
    process.send_signal(signal.SIGKILL)
    return process.wait()


def _ledger(url):
    return open_ledger(url, today=lambda: TODAY)


def test_an_import_killed_midway_leaves_nothing(org_url, tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_text("\n".join(study_lines(LINES, "k")), encoding="utf-8")
    with _ledger(org_url) as app:
        before = event_count(app)
    assert killed_after(["import", str(path), "--db", org_url], 4.0) == -signal.SIGKILL
    with _ledger(org_url) as app:
        assert event_count(app) == before
        assert app.verify()["ok"] is True
        assert import_lines(app, path.read_text(encoding="utf-8").splitlines(), "importer") == LINES
        assert event_count(app) == before + LINES


def _big_ledger(url) -> None:
    with _ledger(url) as app:
        import_lines(app, study_lines(LINES, "r"), "importer")


def test_a_rebuild_killed_midway_leaves_a_ledger_that_verifies_and_rebuilds_identically(org_url):
    _big_ledger(org_url)
    with _ledger(org_url) as app:
        app.catch_up()
        rows = projected_rows(app)
    assert killed_after(["rebuild", "--db", org_url], 3.0) == -signal.SIGKILL
    with _ledger(org_url) as app:
        assert app.verify()["ok"] is True
        assert projected_rows(app) == rows  # the killed rebuild's transaction left nothing behind
        app.projector.rebuild()
        assert projected_rows(app) == rows


def test_a_catch_up_killed_midway_leaves_a_ledger_that_verifies_and_rebuilds_identically(org_url):
    _big_ledger(org_url)  # written, not yet projected: the next read catches up 40,000 events
    assert killed_after(["score", "member", "M1", "--month", "2025-03", "--db", org_url], 3.0) == -signal.SIGKILL
    with _ledger(org_url) as app:
        assert app.verify()["ok"] is True
        app.catch_up()
        caught_up = projected_rows(app)
        app.projector.rebuild()
        assert projected_rows(app) == caught_up
