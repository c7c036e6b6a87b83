"""Fixtures shared by the integration tests (the `ledger` fixture itself is in tests/conftest.py)."""

from __future__ import annotations

from typing import Iterator

import pytest

from commands.service.ledger import StarLedger, open_ledger
from tests.conftest import TODAY


@pytest.fixture
def org(org_url) -> Iterator[StarLedger]:
    """The small organisation of tests/builders.py (SQLite and PostgreSQL), today 2026-11-21."""
    app = open_ledger(org_url, today=lambda: TODAY)
    yield app
    app.close()
