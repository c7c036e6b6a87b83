"""Sessions, token lookup and the login lock: write-side tables beside the event log.

Tokens are issued as events (User.TokenIssued holds the token's SHA-256); this table only
maps that hash back to its user so a request is one primary-key lookup. Sessions are not
events (a login is not a fact about the ledger), but every request checks the user's
aggregate too, so a revocation ends every session and token at once.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta, timezone

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, delete, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.dialects import postgresql, sqlite

metadata = MetaData()

tokens = Table(
    "sl_user_tokens", metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_name", String(64), nullable=False, index=True),
)

sessions = Table(
    "sl_user_sessions", metadata,
    Column("secret_hash", String(64), primary_key=True),
    Column("user_name", String(64), nullable=False, index=True),
    Column("csrf", String(64), nullable=False),
    Column("expires_at", DateTime, nullable=False),
)

login_failures = Table(
    "sl_login_failures", metadata,
    Column("user_name", String(64), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("locked_until", DateTime),
)

SESSION_LIFETIME = timedelta(hours=12)
LOCK_AFTER = 5
LOCK_FOR = timedelta(seconds=60)


def now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)  # naive UTC: SQLite and PostgreSQL alike


def sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_secret() -> str:
    return secrets.token_urlsafe(32)


# --- tokens -----------------------------------------------------------------------------------

def add_token(conn: Connection, token_hash: str, user_name: str) -> None:
    conn.execute(insert(tokens).values(token_hash=token_hash, user_name=user_name))


def token_owner(conn: Connection, token: str) -> str | None:
    return conn.execute(select(tokens.c.user_name).where(tokens.c.token_hash == sha256(token))).scalar_one_or_none()


# --- sessions ---------------------------------------------------------------------------------

def open_session(conn: Connection, user_name: str) -> tuple[str, str]:
    """A new session: (the cookie's secret, its CSRF token). Only the secret's hash is kept."""
    secret, csrf = new_secret(), new_secret()
    conn.execute(insert(sessions).values(secret_hash=sha256(secret), user_name=user_name, csrf=csrf,
                                         expires_at=now() + SESSION_LIFETIME))
    return secret, csrf


def session_of(conn: Connection, secret: str) -> tuple[str, str] | None:
    """(user name, CSRF token) of a live session."""
    row = conn.execute(select(sessions.c.user_name, sessions.c.csrf, sessions.c.expires_at)
                       .where(sessions.c.secret_hash == sha256(secret))).first()
    if row is None or row.expires_at <= now():
        return None
    return row.user_name, row.csrf


def close_session(conn: Connection, secret: str) -> None:
    conn.execute(delete(sessions).where(sessions.c.secret_hash == sha256(secret)))


def forget_user(conn: Connection, user_name: str) -> None:
    """Every session and token of a user, gone (on revocation)."""
    conn.execute(delete(sessions).where(sessions.c.user_name == user_name))
    conn.execute(delete(tokens).where(tokens.c.user_name == user_name))


# --- the login lock ---------------------------------------------------------------------------

def locked(conn: Connection, user_name: str) -> bool:
    until = conn.execute(select(login_failures.c.locked_until)
                         .where(login_failures.c.user_name == user_name)).scalar_one_or_none()
    return until is not None and until > now()


def note_failure(conn: Connection, user_name: str) -> None:
    """Count a failed login (one atomic upsert, so concurrent failures all count); the fifth
    in a row locks the name for a minute."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    counted = dialect.insert(login_failures).values(user_name=user_name, failures=1, locked_until=None)
    conn.execute(counted.on_conflict_do_update(index_elements=[login_failures.c.user_name],
                                               set_={"failures": login_failures.c.failures + 1}))
    failures = conn.execute(select(login_failures.c.failures)
                            .where(login_failures.c.user_name == user_name)).scalar_one()
    if failures >= LOCK_AFTER:
        conn.execute(update(login_failures).where(login_failures.c.user_name == user_name)
                     .values(failures=0, locked_until=now() + LOCK_FOR))


def note_success(conn: Connection, user_name: str) -> None:
    conn.execute(delete(login_failures).where(login_failures.c.user_name == user_name))
