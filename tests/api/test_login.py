"""Logging in through a real uvicorn: cookie sessions, CSRF, bearer tokens, revocation.
The throttle: test_login_throttle.py; password changes and tokens: test_sessions_end.py, test_tokens.py."""

from __future__ import annotations

from tests.api.conftest import PASSWORD, Served


def log_in(client, name="secretary", password=PASSWORD):
    return client.post("/api/login", json={"name": name, "password": password})


def test_login_sets_an_httponly_lax_cookie_and_me_answers_with_a_csrf_token(served):
    with served.client() as client:
        answer = log_in(client)
        assert answer.status_code == 200
        assert answer.json() == {"name": "secretary", "role": "secretary", "scope": "B1"}
        cookie = answer.headers["set-cookie"]
        assert "starledger_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
        assert "Secure" not in cookie  # this server was made with secure_cookies=False
        me = client.get("/api/me").json()
        assert {key: me[key] for key in ("name", "role", "scope")} == {
            "name": "secretary", "role": "secretary", "scope": "B1"}
        assert len(me["csrf_token"]) > 20


def test_wrong_name_and_wrong_password_get_the_same_answer(served):
    with served.client() as client:
        wrong_password = log_in(client, password="not it at all")
        wrong_name = log_in(client, name="nobody")
    assert wrong_password.status_code == wrong_name.status_code == 401
    assert wrong_password.json() == wrong_name.json() == {"detail": "wrong name or password"}


def test_a_name_with_nul_is_a_wrong_login_and_counted(served):
    """PostgreSQL stores no NUL: the throttle counts such a name without it (was a 500 there)."""
    with served.client() as client:
        answers = [log_in(client, name="\u202e\x00", password="x") for _ in range(5)]
        assert [(answer.status_code, answer.json()) for answer in answers] == [
            (401, {"detail": "wrong name or password"})] * 5
        assert log_in(client, name="\u202e", password="x").status_code == 429


def test_a_cookie_write_without_the_csrf_token_is_refused_and_writes_nothing(served):
    body = {"member": "M1", "on": "2026-11-02", "topic": "党章学习"}
    before = served.events()
    with served.client() as client:
        log_in(client)
        refused = client.post("/api/entries/study", json=body)
        assert refused.status_code == 403
        assert refused.json() == {"detail": "a write made with a session cookie needs the X-CSRF-Token "
                                            "header from /api/me"}
        assert served.events() == before
        csrf = client.get("/api/me").json()["csrf_token"]
        accepted = client.post("/api/entries/study", json=body, headers={"X-CSRF-Token": csrf})
        assert accepted.status_code == 201, accepted.text
        assert accepted.json()["entry_id"].startswith("e-")
    assert served.events() == before + 1


def test_the_actor_is_the_logged_in_user_with_role_never_the_body(served):
    with served.client("secretary") as client:
        made = client.post("/api/entries/study", json={"member": "M1", "on": "2026-11-02", "topic": "t"})
        entry = made.json()["entry_id"]
        assert client.post("/api/entries/study", json={"member": "M1", "on": "2026-11-02", "topic": "t",
                                                       "actor": "someone else"}).status_code == 422
        line = client.get(f"/api/history/{entry}").json()["recording"]
    assert line["actor"] == "secretary (secretary)"


def test_logout_ends_the_session(served):
    with served.client() as client:
        log_in(client)
        csrf = client.get("/api/me").json()["csrf_token"]
        assert client.post("/api/logout", headers={"X-CSRF-Token": csrf}).status_code == 200
        assert client.get("/api/me").status_code == 401


def test_no_credentials_and_a_wrong_token_are_401(served):
    with served.client() as client:
        assert client.get("/api/me").status_code == 401
        assert client.get("/api/me", headers={"Authorization": "Bearer nonsense"}).status_code == 401


def test_revoking_ends_tokens_and_sessions_at_once(served):
    with served.client() as session_client, served.client("secretary") as token_client, \
            served.client("admin") as admin:
        log_in(session_client)
        assert session_client.get("/api/me").status_code == 200
        assert token_client.get("/api/me").status_code == 200
        assert admin.post("/api/users/secretary/revoke", json={"reason": "left"}).status_code == 200
        assert session_client.get("/api/me").status_code == 401
        assert token_client.get("/api/me").status_code == 401
        assert log_in(session_client).status_code == 401


def test_the_session_cookie_is_secure_by_default(api_db):
    url, tokens = api_db
    with Served(url, tokens, secure_cookies=True) as server, server.client() as client:
        cookie = log_in(client).headers["set-cookie"]
    assert "Secure" in cookie.split("; ") and "HttpOnly" in cookie


def test_a_login_posted_from_another_site_is_refused(served):
    body = {"name": "secretary", "password": PASSWORD}
    with served.client() as client:
        for header in ({"Origin": "http://evil.example"}, {"Referer": "http://evil.example/page"},
                       {"Origin": "null"}, {"Origin": f"http://127.0.0.1:{served.port + 1}"}):
            refused = client.post("/api/login", json=body, headers=header)
            assert (refused.status_code, refused.json()) == (403, {
                "detail": "a login must come from this site's own pages"}), header
            assert "set-cookie" not in refused.headers
        assert client.post("/api/login", json=body, headers={"Origin": served.base}).status_code == 200
        assert client.post("/api/login", json=body, headers={"Referer": served.base + "/login"}).status_code == 200
        assert client.post("/api/login", json=body).status_code == 200  # a script sends neither
