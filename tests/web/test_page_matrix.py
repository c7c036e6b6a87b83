"""Every page route x role x inside/outside scope gives exactly one status, from one table
(tests/web/page_table.py, where the statuses are explained).

Plain HTTP against the real server (no browser): each role logs in once through /login and
keeps its session cookie; a POST carries the session's CSRF token, and an Upload as its file.
The last test fails for a page route without its row in the table.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest
from fastapi.routing import APIRoute
from sqlalchemy import create_engine

from commands.service.ledger import open_ledger
from commands.web.site import create_site
from tests.conftest import TODAY
from tests.files.sheets import filled
from tests.web.conftest import PASSWORD, Served, add_people
from tests.web.page_table import LOGINS, ROLES, TABLE, Upload

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def build_world(url: str) -> None:
    """The walks' people, and outside every user's scope another committee with its branch and
    member; entries, a violation and an appeal inside and outside; September closed for objections."""
    add_people(url)
    ledger = open_ledger(url, today=lambda: TODAY)
    try:
        ledger.add_unit("C2", "Second Committee", "committee", None, "sec")
        ledger.add_branch("B9", "Elsewhere", "production", "C2", date(2024, 1, 1), "sec")
        ledger.add_member("M9", "Member 9", "B9", date(2025, 1, 1), "full", "sec")
        for member_id in ("M1", "M9"):
            low = member_id.lower()
            ledger.record_study(member_id, date(2026, 10, 5), "理论学习", "sec", entry_id=f"e-study-{low}")
            ledger.record_violation(member_id, date(2026, 10, 7), "违纪", "纪发〔2026〕3号", "纪委", "insp",
                                    entry_id=f"e-violation-{low}")
            ledger.record_violation(member_id, date(2026, 10, 7), "违纪", "纪发〔2026〕2号", "纪委", "insp",
                                    entry_id=f"e-appealed-{low}")
            ledger.file_appeal(f"e-appealed-{low}", "不服", member_id, appeal_id=f"a-{low}")
        ledger.close_month("2026-09", 60, "reviewer")
        ledger.catch_up()
    finally:
        ledger.close()


class Sessions:
    """The server, one logged-in client per role (made on first use), and the event count."""

    def __init__(self, base: str, url: str):
        self.base, self.engine, self.clients = base, create_engine(url), {}

    def client(self, role: str, fresh: bool = False) -> httpx.Client:
        if role in self.clients and not fresh:
            return self.clients[role]
        # Each role from a loopback address of its own, as each is another person: the login
        # throttle counts failures per address, and every role here fails once for "nobody".
        address = f"127.0.0.{2 + list(LOGINS).index(role)}" if role in LOGINS else "127.0.0.1"
        client = httpx.Client(base_url=self.base, timeout=30, follow_redirects=False,
                              transport=httpx.HTTPTransport(local_address=address))
        if role != "anon":
            answer = client.post("/login", data={"username": LOGINS[role], "password": PASSWORD})
            assert answer.status_code == 303, answer.text
        if not fresh:
            self.clients[role] = client
        return client

    def csrf(self, client: httpx.Client) -> str:
        answer = client.get("/api/me")
        return answer.json()["csrf_token"] if answer.status_code == 200 else ""

    def events(self) -> int:
        with self.engine.connect() as conn:
            return conn.exec_driver_sql("SELECT count(*) FROM starledger_events").scalar_one()

    def close(self) -> None:
        for client in self.clients.values():
            client.close()
        self.engine.dispose()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def sessions(request, tmp_path_factory) -> Iterator[Sessions]:
    template = request.getfixturevalue(f"{request.param}_org_template")
    with template.copy(tmp_path_factory.mktemp("page-matrix")) as url:
        build_world(url)
        with Served(url) as served:
            found = Sessions(served.base_url, url)
            yield found
            found.close()


def _fill(form: dict, role: str) -> dict:
    return {key: value.replace("{role}", role) if isinstance(value, str) else value for key, value in form.items()}


def _files(form: dict, folder: Path) -> dict:
    """Each Upload of a form as a multipart file."""
    return {key: (f"{value.sheet}.xlsx", filled(folder, value.sheet, [value.row]).read_bytes(), XLSX)
            for key, value in form.items() if isinstance(value, Upload)}


CASES = [pytest.param(route, role, where, path, form, int(statuses.split()[ROLES.index(role)]),
                      id=f"{route}-{role}-{where}-{row}")
         for row, (route, path_in, form_in, path_out, form_out, statuses_in, statuses_out) in enumerate(TABLE)
         for where, path, form, statuses in (("in", path_in, form_in, statuses_in), ("out", path_out, form_out, statuses_out))
         for role in ROLES]


@pytest.mark.parametrize("route, role, where, path, form, expected", CASES)
def test_page(sessions, tmp_path, route, role, where, path, form, expected):
    client = sessions.client(role, fresh=route == "POST /logout")  # logging out must not end the shared session
    before = sessions.events()
    if route.startswith("POST"):
        fields = {key: value for key, value in _fill(form, role).items() if not isinstance(value, Upload)}
        answer = client.post(path, data={**fields, "csrf_token": sessions.csrf(client)},
                             files=_files(form, tmp_path) or None)
    else:
        answer = client.get(path)
    assert answer.status_code == expected, answer.text[:2000]
    if role == "anon" and route not in ("GET /login", "POST /login"):
        assert answer.headers["location"].startswith("/login")
    if expected in (400, 403, 404):
        assert sessions.events() == before
        assert "Traceback" not in answer.text


def page_routes(routes: list) -> set[str]:
    """"METHOD /path" of every route the site serves outside /api (the pages), through included routers."""
    found = set()
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            found |= page_routes(inner.routes)
        elif isinstance(route, APIRoute) and not route.path.startswith("/api"):
            found |= {f"{method} {route.path}" for method in route.methods}
    return found


def test_every_page_route_has_its_row(tmp_path):
    app = create_site(f"sqlite:///{tmp_path}/ledger.db", today=lambda: TODAY, secure_cookies=False)
    served = page_routes(app.routes)
    assert len(served) > 30
    assert sorted(served - {row[0] for row in TABLE}) == [], "a page route without its row in tests/web/page_table.py"
    assert sorted({row[0] for row in TABLE} - served) == [], "a row in tests/web/page_table.py for no page route"
