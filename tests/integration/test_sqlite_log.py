"""SQLite's write-ahead log is folded back into the database after a rebuild."""

from __future__ import annotations

import os

from commands.ledger_app import open_ledger
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
