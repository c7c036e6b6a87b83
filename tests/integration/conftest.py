"""Fixtures shared by the integration tests (the `ledger` fixture itself is in tests/conftest.py)."""

from __future__ import annotations

import pytest

from tests.builders import small_org


@pytest.fixture
def org(ledger):
    """The small organisation of tests/builders.py on a fresh ledger (SQLite and PostgreSQL)."""
    small_org(ledger)
    return ledger
