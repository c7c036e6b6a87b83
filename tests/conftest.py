"""One backend fixture over SQLite and a real PostgreSQL server.

PostgreSQL is never skipped: if the server cannot be reached the tests fail, loudly.
Each PostgreSQL test gets a database of its own, made ahead and dropped behind it (tests/pg_databases.py).
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Iterator

import pytest
from sqlalchemy import create_engine, text

from commands.service.ledger import StarLedger, open_ledger
from tests.pg_databases import Databases

pytest_plugins = ["tests.templates"]  # org_url, org_template: copies of a ledger built once

PG_ADMIN_URL = os.environ.get(
    "STARLEDGER_TEST_PG", "postgresql+psycopg2://postgres:postgres@127.0.0.1:5432/postgres")
TODAY = date(2026, 11, 21)  # a fixed "today" so date rules do not drift with the calendar


def _admin_engine():
    return create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def pg_admin():
    engine = _admin_engine()
    try:
        with engine.connect() as conn:
            conn.execute(text("select 1"))
    except Exception as error:  # the message must say what to do, not skip
        pytest.fail(f"PostgreSQL at {PG_ADMIN_URL} is not reachable ({error}); run the suite "
                    f"with scripts/test.sh, which starts or installs it", pytrace=False)
    yield engine
    engine.dispose()


def make_postgres_url(pg_admin, template: str | None = None) -> Iterator[str]:
    """A fresh database, empty or a copy of `template`; dropped afterwards (tests/pg_databases.py)."""
    name = DATABASES.take(template)
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        DATABASES.drop(name)


DATABASES = Databases(_admin_engine)


def pytest_sessionfinish(session, exitstatus) -> None:
    for failure in DATABASES.finish():
        print(f"\nwarning: a test database was not dropped: {failure}")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/ledger.db"
    else:
        yield from make_postgres_url(request.getfixturevalue("pg_admin"))


@pytest.fixture
def ledger(db_url) -> Iterator[StarLedger]:
    app = open_ledger(db_url, today=lambda: TODAY)
    app.init("tester")
    yield app
    app.close()


BROWSER_TESTS = Path(__file__).resolve().parent / "web"


@pytest.hookimpl(tryfirst=True)  # before `-m "not slow"` deselects by marker
def pytest_collection_modifyitems(config, items) -> None:
    """A test marked `sqlite_only` checks what an entrance prints or parses, not what a database
    does: its PostgreSQL variant adds minutes to the suite and nothing to what it proves."""
    keep, drop = [], []
    for item in items:
        if BROWSER_TESTS in item.path.parents:  # the walks and the page matrix: minutes, not seconds
            item.add_marker(pytest.mark.slow)
        params = getattr(getattr(item, "callspec", None), "params", {})
        on_postgresql = "postgresql" in (params.get("db_url"), params.get("org_template"))
        (drop if on_postgresql and item.get_closest_marker("sqlite_only") else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
    if hasattr(config, "workerinput"):  # a pytest-xdist worker: each collects, in the same order
        # Under pytest-xdist the longest tests go first, then the browser walks (20-70 s a file),
        # so that they run beside the many short ones instead of alone at the end; a file is
        # sent to a worker where its first test stands. The order within each group is kept.
        items.sort(key=lambda item: 1 if BROWSER_TESTS in item.path.parents
                   else 0 if item.get_closest_marker("slow") else 2)
