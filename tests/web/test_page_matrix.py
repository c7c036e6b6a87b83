"""Every page route x role x inside/outside scope gives exactly one status, from one table.

Plain HTTP against the real server (no browser): each role logs in once through /login and
keeps its session cookie; a POST carries the session's CSRF token. Inside: M1, B1, G1, C1 (in
every scope that reaches them); outside: M9, B9 under C2, a committee nobody here reaches.
What a status means: 200 the page; 303 a redirect (logged out: to /login, which returns to the
page); 403 the role may never use the page; 404 unknown or outside scope, told alike; 400 a form
shown again with the refusal beside its field (an id typed into a form that is outside scope is
refused there exactly like an unknown one). A 400, 403 or 404 writes nothing.

Adding a page means adding its row: the last test fails for a page route without one.
"""

from __future__ import annotations

from datetime import date
from typing import Iterator

import httpx
import pytest
from fastapi.routing import APIRoute
from sqlalchemy import create_engine

from commands.service.ledger import open_ledger
from commands.web.site import create_site
from tests.conftest import TODAY
from tests.web.conftest import PASSWORD, Served, add_people

ROLES = ("anon", "admin", "secretary", "reviewer_gb", "reviewer", "inspector", "auditor", "member")
LOGINS = {"admin": "admin1", "secretary": "wangfang", "reviewer_gb": "sunli", "reviewer": "chenjing",
          "inspector": "qianhong", "auditor": "liming", "member": "zhouyu"}
SCORES = {"organisation": "8", "leadership": "16", "support": "14", "bonus": "0", "action": "preview"}

# (route, path in, form in, path out, form out, statuses in, statuses out); statuses in the order
# of ROLES. "{role}" in a form is the role's name, so that each role's write is a new thing. A form
# with "action": "preview" runs every check and writes nothing.
TABLE = [
    ("GET /login", "/login", None, "/login", None, "200 200 200 200 200 200 200 200", "200 200 200 200 200 200 200 200"),
    ("POST /login", "/login", {"username": "nobody", "password": "wrong"}, "/login", {"username": "", "password": ""},
     "400 400 400 400 400 400 400 400", "400 400 400 400 400 400 400 400"),
    ("GET /", "/", None, "/", None, "303 303 303 303 303 303 303 303", "303 303 303 303 303 303 303 303"),
    ("POST /logout", "/logout", {}, "/logout", {}, "303 303 303 303 303 303 303 303", "303 303 303 303 303 303 303 303"),
    ("GET /stars", "/stars?month=2026-10", None, "/stars?month=2026-10", None,
     "303 200 200 200 200 200 200 200", "303 200 200 200 200 200 200 200"),
    ("GET /dashboard", "/dashboard?month=2026-10", None, "/dashboard?month=2026-10", None,
     "303 200 200 200 200 200 200 200", "303 200 200 200 200 200 200 200"),
    ("GET /branches/{branch_id}", "/branches/B1?month=2026-10", None, "/branches/B9?month=2026-10", None,
     "303 200 200 200 200 200 200 404", "303 404 404 404 404 404 404 404"),
    ("GET /members/{member_id}", "/members/M1?month=2026-10", None, "/members/M9?month=2026-10", None,
     "303 200 200 200 200 200 200 200", "303 404 404 404 404 404 404 404"),
    ("GET /me", "/me", None, "/me", None, "303 303 303 303 303 303 303 303", "303 303 303 303 303 303 303 303"),
    ("GET /history/{key:path}", "/history/M1", None, "/history/M9", None,
     "303 200 200 200 200 200 200 200", "303 404 404 404 404 404 404 404"),
    ("GET /meetings/new", "/meetings/new?branch=B1", None, "/meetings/new?branch=B9", None,
     "303 403 200 403 403 403 403 403", "303 403 404 403 403 403 403 403"),
    ("POST /meetings/new", "/meetings/new?branch=B1", {"kind": "group", "on": "2026-11-02", "action": "preview"},
     "/meetings/new?branch=B9", {"kind": "group", "on": "2026-11-02", "action": "preview"},
     "303 403 200 403 403 403 403 403", "303 403 404 403 403 403 403 403"),
    ("GET /branches/{branch_id}/dues", "/branches/B1/dues?month=2026-11", None, "/branches/B9/dues?month=2026-11", None,
     "303 403 200 403 403 403 403 403", "303 403 404 403 403 403 403 403"),
    ("POST /branches/{branch_id}/dues", "/branches/B1/dues?month=2026-11",
     {"amount-M1": "25", "paid_on-M1": "2026-11-02", "action": "preview"}, "/branches/B9/dues?month=2026-11",
     {"amount-M9": "25", "paid_on-M9": "2026-11-02", "action": "preview"},
     "303 403 200 403 403 403 403 403", "303 403 404 403 403 403 403 403"),
    ("GET /entries/new", "/entries/new?kind=study&member=M1", None, "/entries/new?kind=study&member=M9", None,
     "303 403 200 403 403 403 403 403", "303 403 200 403 403 403 403 403"),  # an empty form: it shows nobody's data
    ("POST /entries/new", "/entries/new?kind=study", {"member": "M1", "on": "2026-11-02", "topic": "t", "action": "preview"},
     "/entries/new?kind=study", {"member": "M9", "on": "2026-11-02", "topic": "t", "action": "preview"},
     "303 403 200 403 403 403 403 403", "303 403 400 403 403 403 403 403"),
    ("GET /reversals/new", "/reversals/new?entry=e-study-m1", None, "/reversals/new?entry=e-study-m9", None,
     "303 403 200 403 403 403 403 403", "303 403 404 403 403 404 403 403"),
    ("POST /reversals/new", "/reversals/new?entry=e-study-m1", {"reason": "wrong", "action": "preview"},
     "/reversals/new?entry=e-study-m9", {"reason": "wrong", "action": "preview"},
     "303 403 200 403 403 403 403 403", "303 403 404 403 403 404 403 403"),
    ("GET /verify", "/verify", None, "/verify", None, "303 403 403 403 403 403 200 403", "303 403 403 403 403 403 200 403"),
    ("POST /verify", "/verify", {"anchor": ""}, "/verify", {"anchor": ""},
     "303 403 403 403 403 403 200 403", "303 403 403 403 403 403 200 403"),
    ("GET /audit/reads", "/audit/reads?member=M1", None, "/audit/reads?member=M9", None,
     "303 403 403 403 403 403 200 403", "303 403 403 403 403 403 404 403"),
    ("GET /review", "/review?month=2026-10", None, "/review?month=2026-10", None,
     "303 403 403 200 200 403 403 403", "303 403 403 200 200 403 403 403"),
    ("GET /review/assess", "/review/assess?branch=B1&month=2026-10", None, "/review/assess?branch=B9&month=2026-10", None,
     "303 403 200 200 200 403 403 403", "303 403 404 404 404 403 403 403"),
    ("POST /review/assess", "/review/assess?branch=B1&month=2026-10", SCORES, "/review/assess?branch=B9&month=2026-10",
     SCORES, "303 403 200 200 200 403 403 403", "303 403 404 404 404 403 403 403"),
    ("GET /deductions", "/deductions?member=M1", None, "/deductions?member=M9", None,
     "303 403 403 403 403 200 200 200", "303 403 403 403 403 404 404 404"),
    ("GET /appeals", "/appeals", None, "/appeals", None, "303 403 403 403 403 200 200 200", "303 403 403 403 403 200 200 200"),
    ("GET /appeals/{appeal_id}/decide", "/appeals/a-m1/decide", None, "/appeals/a-m9/decide", None,
     "303 403 403 403 403 200 403 403", "303 403 403 403 403 404 403 403"),
    ("POST /appeals/{appeal_id}/decide", "/appeals/a-m1/decide", {"decision": "maintain", "reason": "r", "action": "preview"},
     "/appeals/a-m9/decide", {"decision": "maintain", "reason": "r", "action": "preview"},
     "303 403 403 403 403 200 403 403", "303 403 403 403 403 404 403 403"),
    ("GET /appeals/new", "/appeals/new?entry=e-violation-m1", None, "/appeals/new?entry=e-violation-m9", None,
     "303 403 403 403 403 403 403 200", "303 403 403 403 403 403 403 404"),
    ("POST /appeals/new", "/appeals/new?entry=e-violation-m1", {"reason": "r"}, "/appeals/new?entry=e-violation-m9",
     {"reason": "r"}, "303 403 403 403 403 403 403 303", "303 403 403 403 403 403 403 404"),
    ("GET /admin/users", "/admin/users", None, "/admin/users", None,
     "303 200 403 403 403 403 403 403", "303 200 403 403 403 403 403 403"),
    ("POST /admin/users", "/admin/users", {"action": "add", "name": "u-{role}", "role": "member", "scope": "M4",
                                           "password": "first-password-9"},
     "/admin/users", {"action": "add", "name": "w-{role}", "role": "member", "scope": "M9", "password": "first-password-9"},
     "303 303 403 403 403 403 403 403", "303 400 403 403 403 403 403 403"),
    ("GET /admin/org", "/admin/org", None, "/admin/org", None,
     "303 200 403 403 403 403 403 403", "303 200 403 403 403 403 403 403"),
    ("POST /admin/org", "/admin/org", {"action": "add", "member": "N-{role}", "name": "n", "branch": "B1",
                                       "joined": "2026-01-01", "status": "full"},
     "/admin/org", {"action": "add", "member": "X-{role}", "name": "n", "branch": "B9", "joined": "2026-01-01",
                    "status": "full"},
     "303 303 403 403 403 403 403 403", "303 400 403 403 403 403 403 403"),
    ("GET /months", "/months", None, "/months", None, "303 403 403 403 200 403 403 403", "303 403 403 403 200 403 403 403"),
    ("POST /months", "/months", {"action": "preview", "month": "2026-10", "notice_days": "5"}, "/months",
     {"action": "preview", "month": "2026-10", "notice_days": "5"},
     "303 403 403 403 200 403 403 403", "303 403 403 403 200 403 403 403"),
    ("GET /objections/new", "/objections/new?month=2026-09&subject=M1", None, "/objections/new?month=2026-09&subject=M9",
     None, "303 403 403 403 403 403 403 200", "303 403 403 403 403 403 403 404"),
    ("POST /objections/new", "/objections/new?month=2026-09&subject=M1", {"reason": "r"},
     "/objections/new?month=2026-09&subject=M9", {"reason": "r"},
     "303 403 403 403 403 403 403 303", "303 403 403 403 403 403 403 404"),
]


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
        client = httpx.Client(base_url=self.base, timeout=30, follow_redirects=False)
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


def _fill(form: dict | None, role: str) -> dict | None:
    return None if form is None else {key: value.replace("{role}", role) for key, value in form.items()}


CASES = [pytest.param(route, role, where, path, form, int(statuses.split()[ROLES.index(role)]),
                      id=f"{route}-{role}-{where}")
         for route, path_in, form_in, path_out, form_out, statuses_in, statuses_out in TABLE
         for where, path, form, statuses in (("in", path_in, form_in, statuses_in), ("out", path_out, form_out, statuses_out))
         for role in ROLES]


@pytest.mark.parametrize("route, role, where, path, form, expected", CASES)
def test_page(sessions, route, role, where, path, form, expected):
    client = sessions.client(role, fresh=route == "POST /logout")  # logging out must not end the shared session
    before = sessions.events()
    if route.startswith("POST"):
        answer = client.post(path, data={**_fill(form, role), "csrf_token": sessions.csrf(client)})
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
    app = create_site(f"sqlite:///{tmp_path}/ledger.db", today=lambda: TODAY)
    served = page_routes(app.routes)
    assert len(served) > 30
    assert sorted(served - {row[0] for row in TABLE}) == [], "a page route without its row in TABLE"
    assert sorted({row[0] for row in TABLE} - served) == [], "a row in TABLE for no page route"
