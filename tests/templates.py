"""The small organisation built once per test session and copied for each test that uses it.

Creating a database and its tables costs more than most tests; a file copy (SQLite) or
CREATE DATABASE ... TEMPLATE (PostgreSQL) gives every test its own
identical, fresh ledger; `restored_after` puts one back as it was. tests/conftest.py loads this
module as a plugin, so its fixtures serve every test folder.
"""

from __future__ import annotations

import shutil
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import pytest
from sqlalchemy import MetaData
from sqlalchemy.engine import Connection, Engine

from commands.service.ledger import StarLedger, open_ledger
from tests.builders import small_org
from tests.conftest import TODAY, make_postgres_url


def build_small_org(url: str) -> None:
    app = open_ledger(url, today=lambda: TODAY)
    try:
        app.init("tester")
        small_org(app)
        app.catch_up()
    finally:
        close(app)


def close(app: StarLedger) -> None:
    app.close()
    app.engine.dispose()  # a template database must have no open connection to be copied


def table_names(engine: Engine) -> list[str]:
    """Every table in the database, parents before children."""
    meta = MetaData()
    meta.reflect(engine)
    return [table.name for table in meta.sorted_tables]


def _driver_rows(conn: Connection, name: str) -> tuple[list[str], list[tuple]]:
    # The driver's own values, free of any reflected column type's conversion.
    result = conn.exec_driver_sql(f'SELECT * FROM "{name}"')
    return list(result.keys()), [tuple(row) for row in result]


def _driver_insert(conn: Connection, name: str, columns: list[str], rows: list[tuple]) -> None:
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    names = ", ".join(f'"{column}"' for column in columns)
    conn.exec_driver_sql(f'INSERT INTO "{name}" ({names}) VALUES ({", ".join([mark] * len(columns))})', rows)


@contextmanager
def restored_after(url: str) -> Iterator[StarLedger]:
    """Test-only: a new ledger on `url`; afterwards every table holds exactly its rows of before.

    Lets hypothesis examples share one database yet each start from the same state (rule books
    are ledger-wide, so leftovers of one example would change the next). Restoring whole tables
    keeps the events, the hash chain, the entry index and the projections consistent; a new
    application per example leaves no cached aggregate behind.
    """
    app = open_ledger(url, today=lambda: TODAY)
    try:
        names = table_names(app.engine)
        with app.engine.connect() as conn:
            saved = {name: _driver_rows(conn, name) for name in names}
        yield app
        with app.engine.begin() as conn:
            for name in reversed(names):
                conn.exec_driver_sql(f'DELETE FROM "{name}"')
            for name in names:
                columns, rows = saved[name]
                if rows:
                    _driver_insert(conn, name, columns, rows)
    finally:
        close(app)


class OrgTemplate:
    """A built small organisation on one database kind, and fresh copies of it."""

    def __init__(self, kind: str, source: Any, pg_admin: Any = None):
        self.kind, self.source, self.pg_admin = kind, source, pg_admin

    @contextmanager
    def copy(self, folder: Path) -> Iterator[str]:
        if self.kind == "sqlite":
            target = folder / uuid.uuid4().hex[:8]
            target.mkdir()
            for source in self.source.iterdir():  # the database file and any WAL sidecar
                shutil.copy(source, target / source.name)
            yield f"sqlite:///{target}/ledger.db"
        else:
            yield from make_postgres_url(self.pg_admin, template=self.source)


@pytest.fixture(scope="session")
def sqlite_org_template(tmp_path_factory) -> OrgTemplate:
    folder = tmp_path_factory.mktemp("org-template")
    build_small_org(f"sqlite:///{folder}/ledger.db")
    return OrgTemplate("sqlite", folder)


@pytest.fixture(scope="session")
def postgresql_org_template(pg_admin) -> Iterator[OrgTemplate]:
    for url in make_postgres_url(pg_admin):
        build_small_org(url)
        yield OrgTemplate("postgresql", url.rsplit("/", 1)[1], pg_admin)


@pytest.fixture(params=["sqlite", "postgresql"])
def org_template(request) -> OrgTemplate:
    return request.getfixturevalue(f"{request.param}_org_template")


@pytest.fixture
def org_url(org_template, tmp_path) -> Iterator[str]:
    """A fresh copy of the small organisation (tests/builders.py) on each database."""
    with org_template.copy(tmp_path) as url:
        yield url
