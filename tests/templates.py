"""The small organisation built once per test session and copied for each test that uses it.

Creating a database and its tables costs more than most tests; a file copy (SQLite) or
CREATE DATABASE ... TEMPLATE (PostgreSQL) gives every test its own
identical, fresh ledger; `rewound` returns one to where it was. tests/conftest.py loads this
module as a plugin, so its fixtures serve every test folder.
"""

from __future__ import annotations

import shutil
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import pytest
from sqlalchemy import delete

from commands.entry_index import entry_index
from commands.ledger_app import StarLedger, open_ledger
from projections.events import last_position
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


@contextmanager
def rewound(app: StarLedger) -> Iterator[StarLedger]:
    """Test-only: afterwards, forget every event written inside and rebuild the projection.

    Lets hypothesis examples share one ledger yet each start from the same state (rule books
    are ledger-wide, so leftovers of one example would change the next). The template holds no
    entries, so the whole entry index goes too.
    """
    with app.engine.connect() as conn:
        start = last_position(conn, app.events_table)
    page_size = app.projector.page_size
    try:
        yield app
    finally:
        app.projector.page_size = page_size
        with app.engine.begin() as conn:
            conn.execute(delete(app.events_table).where(app.events_table.c.id > start))
            conn.execute(delete(entry_index))
        app.projector.rebuild()


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
