"""Credentials beside the log, on SQLite and PostgreSQL: a ledger whose events hold password
hashes (PasswordSet, before the credentials table) still loads, logs in, verifies and rebuilds;
expired sessions and old login failures are purged, at a login and on demand."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from commands.service.accounts import credentials as cred, login_throttle as throttle
from commands.service.accounts.passwords import PASSWORDS
from commands.service.queries.audit_queries import Rebuild, Verify
from ledger.errors import Refused, Unauthenticated
from tests.awaiting import awaited

OLD = "an old pass phrase"


def add_user_as_before(org, name: str) -> None:
    """A user whose password hash went into the log, as every ledger made before the table."""
    org.add_user(name, "secretary", "B1", "admin")
    user = org.user(name)
    user._password_set(password_hash=PASSWORDS.hash(OLD), occurred_on=org.today(), actor="admin")
    with org.unit_of_work():
        org.save(user)


def test_a_hash_from_an_old_event_still_logs_in_until_a_change_replaces_it(org):
    add_user_as_before(org, "wangfang")
    assert org.user("wangfang").has_password
    assert awaited(org.log_in("wangfang", OLD, "10.0.0.1"))["user"].name == "wangfang"
    with pytest.raises(Refused, match="the current password is wrong"):
        awaited(org.change_password(org.user("wangfang"), "wangfang", "a new pass phrase", "wrong", "w", "10.0.0.1"))
    awaited(org.change_password(org.user("wangfang"), "wangfang", "a new pass phrase", OLD, "w", "10.0.0.1"))
    with pytest.raises(Unauthenticated):
        awaited(org.log_in("wangfang", OLD, "10.0.0.1"))
    assert awaited(org.log_in("wangfang", "a new pass phrase", "10.0.0.1"))["user"].name == "wangfang"
    events = [type(event).__qualname__ for event in org.events.get(org.user("wangfang").id)]
    assert events == ["User.Added", "User.TokenIssued", "User.PasswordSet", "User.PasswordChanged"]
    assert org.ask(Verify()).model_dump()["ok"] is True
    assert org.ask(Rebuild()).model_dump()["identical"] is True


def a_session_and_a_failure_then_13_hours(org) -> None:
    org.add_user("wangfang", "secretary", "B1", "admin")
    org.set_password("wangfang", "a new pass phrase", "admin")
    awaited(org.log_in("wangfang", "a new pass phrase", "10.0.0.1"))
    with pytest.raises(Unauthenticated):
        awaited(org.log_in("nobody", "wrong one", "10.0.0.2"))
    assert counts(org) == (1, 2)  # a session; the pair's failure and the address's
    real_now = org.now
    org.now = lambda: real_now() + timedelta(hours=13)  # past the session and the failures' hour


def test_expired_sessions_and_old_failures_are_purged(org):
    a_session_and_a_failure_then_13_hours(org)
    assert org.purge_credentials() == {"sessions": 1, "login_failures": 2}
    assert counts(org) == (0, 0)


def test_a_login_purges_as_it_goes(org):
    a_session_and_a_failure_then_13_hours(org)
    awaited(org.log_in("wangfang", "a new pass phrase", "10.0.0.1"))
    assert counts(org) == (1, 0)  # only the session just opened


def counts(org) -> tuple[int, int]:
    with org.engine.connect() as conn:
        return (conn.execute(select(func.count()).select_from(cred.sessions)).scalar_one(),
                conn.execute(select(func.count()).select_from(throttle.attempts)).scalar_one())


def test_tokens_of_a_ledger_from_before_expiry_get_dates_when_it_is_opened(db_url):
    from sqlalchemy import create_engine, text

    from commands.service.ledger import open_ledger
    from tests.conftest import TODAY

    engine = create_engine(db_url)
    with engine.begin() as conn:  # the table as it was made before tokens expired
        conn.execute(text("CREATE TABLE sl_user_tokens (token_hash VARCHAR(64) PRIMARY KEY, "
                          "user_name VARCHAR(64) NOT NULL)"))
        conn.execute(text("INSERT INTO sl_user_tokens VALUES ('ab' || 'cd', 'wangfang')"))
    engine.dispose()
    with open_ledger(db_url, today=lambda: TODAY) as ledger, ledger.engine.connect() as conn:
        rows = [tuple(row) for row in cred.tokens_of(conn, "wangfang")]
    assert rows == [("abcd", "wangfang", TODAY, TODAY + timedelta(days=90))]
