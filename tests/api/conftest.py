"""API fixtures: the small organisation with one user per role, served by a real uvicorn on
127.0.0.1 (a free port), on SQLite and PostgreSQL; httpx clients against it.

The organisation (tests/builders.py): C1 committee > G1 general branch > B1 (M1-M5), B2 (M6);
and outside every user's scope C2 committee > B9 (M9).
Users, their passwords all PASSWORD: see USERS. Built once per database kind and copied per test.
"""

from __future__ import annotations

import socket
import threading
import time
from datetime import date
from typing import Any, Iterator

import httpx
import pytest
import uvicorn
from sqlalchemy import create_engine

from commands.http.app import create_app
from commands.web.site import create_site
from commands.service.ledger import open_ledger
from tests.builders import small_org
from tests.conftest import TODAY, make_postgres_url
from tests.templates import OrgTemplate, close

PASSWORD = "correct horse battery"
# name -> (role, scope)
USERS = {
    "admin": ("admin", "C1"),
    "admin_b2": ("admin", "B2"),
    "secretary": ("secretary", "B1"),
    "reviewer_gb": ("reviewer", "G1"),
    "reviewer": ("reviewer", "C1"),
    "inspector": ("inspector", "C1"),
    "auditor": ("auditor", "C1"),
    "member": ("member", "M1"),
}


def build_api_org(url: str) -> dict[str, str]:
    """The small organisation, a few entries, and one user per role; returns their tokens."""
    app = open_ledger(url, today=lambda: TODAY)
    try:
        app.init("tester")
        small_org(app)
        app.record_study("M1", date(2026, 10, 5), "理论学习", "sec", entry_id="e-study-m1")
        app.record_study("M6", date(2026, 10, 5), "理论学习", "sec", entry_id="e-study-m6")
        # Outside every user's scope: another committee with its branch and member.
        app.add_unit("C2", "Second Committee", "committee", None, "sec")
        app.add_branch("B9", "Elsewhere", "production", "C2", date(2024, 1, 1), "sec")
        app.add_member("M9", "Member 9", "B9", date(2025, 1, 1), "full", "sec")
        app.record_study("M9", date(2026, 10, 5), "理论学习", "sec", entry_id="e-study-m9")
        app.record_violation("M2", date(2026, 10, 6), "违纪", "纪发〔2026〕1号", "纪委", "insp",
                             entry_id="e-violation-m2")
        for member_id in ("M1", "M9"):  # for the appeals of the permission matrix
            app.record_violation(member_id, date(2026, 10, 7), "违纪", "纪发〔2026〕3号", "纪委", "insp",
                                 entry_id=f"e-violation-{member_id.lower()}")
            app.record_violation(member_id, date(2026, 10, 7), "违纪", "纪发〔2026〕2号", "纪委", "insp",
                                 entry_id=f"e-appealed-{member_id.lower()}")
            app.file_appeal(f"e-appealed-{member_id.lower()}", "不服", member_id, appeal_id=f"a-{member_id.lower()}")
        for name, scope in (("spare", "M2"), ("spare2", "M2"), ("outsider", "M9")):
            app.add_user(name, "member", scope, "root")  # users an admin changes in the permission matrix
        tokens = {}
        for name, (role, scope) in USERS.items():
            tokens[name] = app.add_user(name, role, scope, "root")["token"]
        app.set_password("secretary", PASSWORD, "root")
        app.set_password("admin", PASSWORD, "root")
        app.catch_up()
        return tokens
    finally:
        close(app)


@pytest.fixture(scope="session")
def sqlite_api_template(tmp_path_factory) -> tuple[OrgTemplate, dict[str, str]]:
    folder = tmp_path_factory.mktemp("api-template")
    tokens = build_api_org(f"sqlite:///{folder}/ledger.db")
    return OrgTemplate("sqlite", folder), tokens


@pytest.fixture(scope="session")
def postgresql_api_template(pg_admin) -> Iterator[tuple[OrgTemplate, dict[str, str]]]:
    for url in make_postgres_url(pg_admin):
        tokens = build_api_org(url)
        yield OrgTemplate("postgresql", url.rsplit("/", 1)[1], pg_admin), tokens


@pytest.fixture(params=["sqlite", "postgresql"])
def api_db(request, tmp_path) -> Iterator[tuple[str, dict[str, str]]]:
    template, tokens = request.getfixturevalue(f"{request.param}_api_template")
    with template.copy(tmp_path) as url:
        yield url, tokens


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Served:
    """A real uvicorn server on 127.0.0.1 over a ledger, and what the tests need of it."""

    def __init__(self, url: str, tokens: dict[str, str], today=lambda: TODAY, secure_cookies: bool = False,
                 pages: bool = False):
        self.db_url, self.tokens = url, tokens
        # The socket is bound here and handed to uvicorn: a port only looked up and bound later
        # could be taken in between by a server of another test worker.
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        # Plain HTTP on 127.0.0.1: a Secure cookie would never be sent back, unless a test asks.
        self.app = (create_site if pages else create_app)(url, today=today, secure_cookies=secure_cookies)
        config = uvicorn.Config(self.app, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)
        self.engine: Any = None

    def __enter__(self) -> "Served":
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.engine is not None:
            self.engine.dispose()
        self.server.should_exit = True
        self.thread.join(timeout=20)
        self.sock.close()

    def client(self, as_user: str | None = None, address: str = "127.0.0.1") -> httpx.Client:
        """A client as a user's token (or none), connecting from a loopback `address`
        (127.0.0.2 is another client to the server: the throttle tells them apart)."""
        headers = {"Authorization": f"Bearer {self.tokens[as_user]}"} if as_user else {}
        return httpx.Client(base_url=self.base, headers=headers, timeout=30,
                            transport=httpx.HTTPTransport(local_address=address))

    @property
    def ledger(self) -> Any:
        """The server's application (set its clock or limits before sending requests)."""
        return self.app.state.ledger

    def events(self) -> int:
        """How many events are stored (read straight from the event table)."""
        if self.engine is None:
            self.engine = create_engine(self.db_url)
        with self.engine.connect() as conn:
            return conn.exec_driver_sql("SELECT count(*) FROM starledger_events").scalar_one()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def shared_server(request, tmp_path_factory) -> Iterator[Served]:
    """One server for a whole module (the permission matrix): its tests must not depend on
    each other's writes."""
    template, tokens = request.getfixturevalue(f"{request.param}_api_template")
    with template.copy(tmp_path_factory.mktemp("shared")) as url:
        with Served(url, tokens) as server:
            yield server


@pytest.fixture
def served(api_db) -> Iterator[Served]:
    url, tokens = api_db
    with Served(url, tokens) as server:
        yield server
