"""Password changes through a real uvicorn: one's own needs the current password, a change or an
admin's reset ends the user's other sessions and their tokens, weak passwords are refused with
nothing written, and the new hash is kept outside the event log."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from tests.api.conftest import PASSWORD

NEW = "a brand new pass phrase"


def log_in(client, name="secretary", password=PASSWORD):
    return client.post("/api/login", json={"name": name, "password": password})


def csrf(client) -> dict:
    return {"X-CSRF-Token": client.get("/api/me").json()["csrf_token"]}


def change_own(client, body: dict):
    return client.post("/api/users/secretary/password", json=body, headers=csrf(client))


@pytest.mark.parametrize("current", [None, "not the password"])
def test_changing_ones_own_password_needs_the_current_one_and_a_wrong_one_writes_nothing(served, current):
    with served.client() as client:
        assert log_in(client).status_code == 200
        before = served.events()
        body = {"password": NEW} if current is None else {"password": NEW, "current_password": current}
        refused = change_own(client, body)
        assert (refused.status_code, refused.json()) == (422, {"detail": "the current password is wrong"})
        assert served.events() == before
        assert client.get("/api/me").status_code == 200
    with served.client() as fresh:
        assert log_in(fresh).status_code == 200 and log_in(fresh, password=NEW).status_code == 401


def test_guesses_of_the_current_password_count_as_failed_logins(served):
    """A stolen session must not become a way to guess the password: five wrong current passwords
    lock the name for that address, as five wrong logins would, while the owner elsewhere logs in."""
    with served.client() as thief, served.client(address="127.0.0.2") as owner:
        assert log_in(thief).status_code == 200
        guesses = [change_own(thief, {"password": NEW, "current_password": f"guess {n}"}) for n in range(5)]
        assert [answer.status_code for answer in guesses] == [422] * 5
        locked = change_own(thief, {"password": NEW, "current_password": PASSWORD})
        assert (locked.status_code, locked.headers["retry-after"]) == (429, "60")
        assert log_in(thief).status_code == 429
        assert log_in(owner).status_code == 200


def test_a_change_ends_the_other_sessions_and_the_tokens_but_not_the_changing_session(served):
    with served.client() as changing, served.client() as elsewhere, served.client("secretary") as script:
        assert log_in(changing).status_code == log_in(elsewhere).status_code == 200
        assert script.get("/api/me").status_code == 200
        before = served.events()
        answer = change_own(changing, {"password": NEW, "current_password": PASSWORD})
        assert (answer.status_code, answer.json()) == (200, {"name": "secretary", "password_set": True})
        assert served.events() == before + 1
        assert changing.get("/api/me").status_code == 200
        assert elsewhere.get("/api/me").status_code == 401
        assert script.get("/api/me").status_code == 401
    with served.client() as fresh:
        assert log_in(fresh).status_code == 401
        assert log_in(fresh, password=NEW).status_code == 200


def test_an_admins_reset_ends_every_session_and_token_of_the_user(served):
    with served.client() as session, served.client("secretary") as script, served.client("admin") as admin:
        assert log_in(session).status_code == 200
        reset = admin.post("/api/users/secretary/password", json={"password": NEW})
        assert reset.status_code == 200, reset.text
        assert session.get("/api/me").status_code == 401
        assert script.get("/api/me").status_code == 401
        assert admin.get("/api/me").status_code == 200
        assert log_in(session, password=NEW).status_code == 200


@pytest.mark.parametrize("password, detail", [
    ("aaaaaaaa", "this password is on the list of common passwords; choose another"),
    ("woaini1314", "this password is on the list of common passwords; choose another"),
    ("Password123", "this password is on the list of common passwords; choose another"),
    ("SECRETARY", "a password must not be the user name"),
    ("short", "a password needs at least 8 characters"),
])
def test_weak_passwords_are_refused_and_nothing_is_written(served, password, detail):
    before = served.events()
    with served.client("admin") as admin:
        refused = admin.post("/api/users/secretary/password", json={"password": password})
        assert (refused.status_code, refused.json()) == (422, {"detail": detail})
    assert served.events() == before
    with served.client() as fresh:
        assert log_in(fresh).status_code == 200


def test_the_new_hash_is_kept_beside_the_log_not_in_it(served):
    with served.client("admin") as admin:
        assert admin.post("/api/users/secretary/password", json={"password": NEW}).status_code == 200
    engine = create_engine(served.db_url)
    try:
        with engine.connect() as conn:
            changes = conn.execute(text("SELECT state FROM starledger_events "
                                        "WHERE topic LIKE '%User.PasswordChanged'")).scalars().all()
            kept = conn.execute(text("SELECT password_hash FROM sl_password_hashes "
                                     "WHERE user_name = 'secretary'")).scalar_one()
    finally:
        engine.dispose()
    assert len(changes) == 3  # the fixture's two first passwords, and this reset
    assert not any(b"argon2" in bytes(state) for state in changes)
    assert kept.startswith("$argon2id$")
