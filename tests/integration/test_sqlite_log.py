"""SQLite's write-ahead log is folded back into the database after a rebuild."""

from __future__ import annotations

import os
from datetime import date

from commands.service.ledger import open_ledger
from tests.builders import small_org
from tests.conftest import TODAY


def test_a_rebuild_leaves_no_write_ahead_log_behind(tmp_path):
    path = tmp_path / "ledger.db"
    ledger = open_ledger(f"sqlite:///{path}", today=lambda: TODAY)
    try:
        ledger.init("tester")
        small_org(ledger)
        ledger.catch_up()
        wal = f"{path}-wal"
        assert os.path.getsize(wal) > 0  # the writes above went through the log
        assert ledger.projector.rebuild() > 0
        assert os.path.getsize(wal) == 0
        assert ledger.verify()["ok"] is True
    finally:
        ledger.close()


def test_a_large_import_leaves_no_write_ahead_log_behind(tmp_path):
    path = tmp_path / "ledger.db"
    ledger = open_ledger(f"sqlite:///{path}", today=lambda: TODAY)
    try:
        ledger.init("tester")
        small_org(ledger)
        with ledger.batch():  # over 10,000 saves, flushed every 2,000
            for n in range(10_001):
                ledger.record_study(f"M{n % 5 + 1}", date(2026, 3, 1), f"topic {n}", "tester")
        assert os.path.getsize(f"{path}-wal") == 0
        with ledger.batch():  # a small batch leaves the log to SQLite's own checkpoints
            ledger.record_study("M1", date(2026, 3, 2), "one more", "tester")
        assert os.path.getsize(f"{path}-wal") > 0
        assert ledger.verify()["ok"] is True
    finally:
        ledger.close()
