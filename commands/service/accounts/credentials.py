"""Sessions, API tokens and password hashes: write-side tables beside the event log.

Tokens are issued as events (User.TokenIssued holds the token's SHA-256); this table maps that
hash back to its user, with its dates, so a request is one primary-key lookup. Sessions are not
events (a login is not a fact about the ledger). A password change is an event saying who set it
and when; the hash itself lives here, overwritten by the next change, because the log is kept
for ever and a hash in it could be attacked offline for ever.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import Column, Date, DateTime, MetaData, String, Table, delete, insert, inspect, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

metadata = MetaData()

tokens = Table(
    "sl_user_tokens", metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_name", String(64), nullable=False, index=True),
    Column("created_on", Date),  # null only on rows older than expiry; upgrade() fills them
    Column("expires_on", Date),
)

sessions = Table(
    "sl_user_sessions", metadata,
    Column("secret_hash", String(64), primary_key=True),
    Column("user_name", String(64), nullable=False, index=True),
    Column("csrf", String(64), nullable=False),
    Column("expires_at", DateTime, nullable=False, index=True),
)

password_hashes = Table(
    "sl_password_hashes", metadata,
    Column("user_name", String(64), primary_key=True),
    Column("password_hash", String(255), nullable=False),
)

SESSION_LIFETIME = timedelta(hours=12)
TOKEN_DAYS = 90  # a token's life unless its issuer says otherwise
TOKEN_ID_LENGTH = 12  # how much of a token's hash names it in lists (never the secret itself)


def now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)  # naive UTC: SQLite and PostgreSQL alike


def sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def upgrade(engine: Engine, today: date) -> None:
    """Tables of a ledger made before tokens expired get their date columns; its tokens count
    as issued today, with the default life."""
    metadata.create_all(engine)
    have = {column["name"] for column in inspect(engine).get_columns(tokens.name)}
    if "expires_on" in have:
        return
    with engine.begin() as conn:
        for column in ("created_on", "expires_on"):
            conn.execute(text(f"ALTER TABLE {tokens.name} ADD COLUMN {column} DATE"))
        conn.execute(update(tokens).values(created_on=today, expires_on=today + timedelta(days=TOKEN_DAYS)))


# --- tokens -----------------------------------------------------------------------------------

def add_token(conn: Connection, token_hash: str, user_name: str, created_on: date, expires_on: date) -> None:
    conn.execute(insert(tokens).values(token_hash=token_hash, user_name=user_name, created_on=created_on,
                                       expires_on=expires_on))


def token_row(conn: Connection, token: str):
    """(user_name, expires_on) of a token, or None."""
    return conn.execute(select(tokens.c.user_name, tokens.c.expires_on)
                        .where(tokens.c.token_hash == sha256(token))).first()


def tokens_of(conn: Connection, user_name: str) -> list:
    return conn.execute(select(tokens).where(tokens.c.user_name == user_name)
                        .order_by(tokens.c.created_on, tokens.c.token_hash)).all()


def drop_tokens(conn: Connection, token_hashes: list[str]) -> None:
    conn.execute(delete(tokens).where(tokens.c.token_hash.in_(token_hashes)))


# --- sessions ---------------------------------------------------------------------------------

def open_session(conn: Connection, user_name: str, at: datetime) -> tuple[str, str]:
    """A new session: (the cookie's secret, its CSRF token). Only the secret's hash is kept."""
    secret, csrf = new_secret(), new_secret()
    conn.execute(insert(sessions).values(secret_hash=sha256(secret), user_name=user_name, csrf=csrf,
                                         expires_at=at + SESSION_LIFETIME))
    return secret, csrf


def session_of(conn: Connection, secret: str, at: datetime) -> tuple[str, str] | None:
    """(user name, CSRF token) of a live session."""
    row = conn.execute(select(sessions.c.user_name, sessions.c.csrf, sessions.c.expires_at)
                       .where(sessions.c.secret_hash == sha256(secret))).first()
    if row is None or row.expires_at <= at:
        return None
    return row.user_name, row.csrf


def close_session(conn: Connection, secret: str) -> None:
    conn.execute(delete(sessions).where(sessions.c.secret_hash == sha256(secret)))


def end_sessions(conn: Connection, user_name: str, keep_secret: str | None = None) -> None:
    """Every session of a user but the one whose secret is kept (the one making a change)."""
    ended = delete(sessions).where(sessions.c.user_name == user_name)
    if keep_secret:
        ended = ended.where(sessions.c.secret_hash != sha256(keep_secret))
    conn.execute(ended)


def forget_user(conn: Connection, user_name: str) -> None:
    """Every session and token of a user, gone (on revocation)."""
    end_sessions(conn, user_name)
    conn.execute(delete(tokens).where(tokens.c.user_name == user_name))


def purge_sessions(conn: Connection, at: datetime) -> int:
    return conn.execute(delete(sessions).where(sessions.c.expires_at <= at)).rowcount


# --- password hashes --------------------------------------------------------------------------

def stored_hash(conn: Connection, user_name: str) -> str | None:
    return conn.execute(select(password_hashes.c.password_hash)
                        .where(password_hashes.c.user_name == user_name)).scalar_one_or_none()


def keep_hash(conn: Connection, user_name: str, password_hash: str) -> None:
    """The user's one hash, overwriting the last."""
    bind = conn.get_bind() if hasattr(conn, "get_bind") else conn  # a write's ORM session, or a connection
    dialect = postgresql if bind.dialect.name == "postgresql" else sqlite
    kept = dialect.insert(password_hashes).values(user_name=user_name, password_hash=password_hash)
    conn.execute(kept.on_conflict_do_update(index_elements=[password_hashes.c.user_name],
                                            set_={"password_hash": password_hash}))
