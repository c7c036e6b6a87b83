"""The caller is known from memory, yet a revocation or role change made by any process counts
on the very next request: two servers (two applications) on one database, as several workers
or several machines on one PostgreSQL database are."""

from __future__ import annotations


from sqlalchemy import event

from commands.http.auth import SESSION_COOKIE
from commands.service.ledger import open_ledger
from tests.awaiting import awaited
from tests.api.conftest import PASSWORD, Served
from tests.conftest import TODAY


def _session_cookie(server: Served) -> dict[str, str]:
    with server.client() as client:
        answer = client.post("/api/login", json={"name": "secretary", "password": PASSWORD})
        assert answer.status_code == 200
        return {"Cookie": f"{SESSION_COOKIE}={answer.cookies[SESSION_COOKIE]}"}


def test_a_revocation_in_one_server_ends_tokens_and_sessions_in_the_other_at_once(api_db):
    url, tokens = api_db
    with Served(url, tokens) as first, Served(url, tokens) as second:
        cookie = _session_cookie(first)
        with second.client("secretary") as by_token, second.client() as by_cookie, first.client("admin") as admin:
            # Both credentials known to the second server (its memory of the user is warm).
            assert by_token.get("/api/me").status_code == 200
            assert by_cookie.get("/api/me", headers=cookie).status_code == 200
            assert admin.post("/api/users/secretary/revoke", json={"reason": "left"}).status_code == 200
            before = second.events()
            assert by_token.get("/api/me").status_code == 401
            assert by_cookie.get("/api/me", headers=cookie).status_code == 401
            study = {"member": "M1", "on": "2026-11-02", "topic": "t"}
            assert by_token.post("/api/entries/study", json=study).status_code == 401
            assert second.events() == before


def test_a_role_change_and_a_logout_in_one_server_count_in_the_other_at_once(api_db):
    url, tokens = api_db
    with Served(url, tokens) as first, Served(url, tokens) as second:
        with second.client("secretary") as secretary, first.client("admin") as admin:
            assert secretary.get("/api/me").json()["role"] == "secretary"
            assert admin.post("/api/users/secretary/role", json={"role": "member", "scope": "M1"}).status_code == 200
            assert secretary.get("/api/me").json() == {"name": "secretary", "role": "member", "scope": "M1",
                                                        "csrf_token": None}
            assert secretary.post("/api/entries/study", json={"member": "M1", "on": "2026-11-02",
                                                              "topic": "t"}).status_code == 403
        cookie = _session_cookie(first)
        with second.client() as by_cookie, first.client() as logging_out:
            assert by_cookie.get("/api/me", headers=cookie).status_code == 200
            csrf = logging_out.get("/api/me", headers=cookie).json()["csrf_token"]
            assert logging_out.post("/api/logout", headers={**cookie, "X-CSRF-Token": csrf}).status_code == 200
            assert by_cookie.get("/api/me", headers=cookie).status_code == 401


def test_a_known_caller_costs_one_query_and_a_session_two(api_db):
    url, tokens = api_db
    with open_ledger(url, today=lambda: TODAY) as ledger:
        secret = awaited(ledger.log_in("secretary", PASSWORD, "127.0.0.1"))["session"]
        ledger.token_user(tokens["secretary"])
        ledger.session_user(secret)
        statements: list[str] = []
        for engine in (ledger.engine, ledger.probes):  # the probes: autocommit reads (commands/store/probes.py)
            event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
        assert ledger.token_user(tokens["secretary"]).name == "secretary"
        assert len(statements) == 1, statements
        assert ledger.session_user(secret)[0].name == "secretary"
        assert len(statements) == 3, statements
