"""A closed ledger gives its database connections back."""

from __future__ import annotations

import time
from typing import Iterator

import pytest
from sqlalchemy import text

from commands.service.ledger import open_ledger
from tests.conftest import TODAY, make_postgres_url


@pytest.fixture
def pg_url(pg_admin) -> Iterator[str]:
    yield from make_postgres_url(pg_admin)


def connections_to(pg_admin, url: str, settle: bool = False) -> int:
    """The server's connections to the database. With `settle`, asked again for a few seconds
    while any remain: a server process ends a moment after its client hangs up, later on a
    loaded machine (the count is what is asserted, never the time it took)."""
    name = url.rsplit("/", 1)[1]
    for _ in range(50 if settle else 1):
        with pg_admin.connect() as conn:
            count = conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE datname = :name"),
                                 {"name": name}).scalar_one()
        if count == 0:
            break
        time.sleep(0.1)
    return count


def test_closing_a_ledger_leaves_no_connection_open_on_the_server(pg_admin, pg_url):
    ledger = open_ledger(pg_url, today=lambda: TODAY)
    ledger.init("tester")
    ledger.add_unit("C1", "Committee", "committee", None, "tester")
    assert connections_to(pg_admin, pg_url) >= 1
    ledger.close()
    assert connections_to(pg_admin, pg_url, settle=True) == 0
