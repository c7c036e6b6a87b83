"""The one place that turns configuration into the application's environment, and decides
whether a database URL is one starledger accepts and whether a ledger is there to open."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

from ledger.errors import LedgerError

DEFAULT_DB = "sqlite:///starledger.db"
EVENTS_TABLE = "starledger_events"  # the application's name + "_events": its presence is "a ledger"
ACCEPTED_FORMS = "sqlite:///PATH (a file) or postgresql://USER@HOST:PORT/DATABASE"
_SCHEMES = ("sqlite", "sqlite+pysqlite", "postgresql", "postgres", "postgresql+psycopg2")


class NoLedger(LedgerError):
    """A read pointed at a database with no ledger in it: nothing is created there."""


class UnsupportedDatabase(LedgerError):
    """Not a URL of a database starledger can keep a ledger in."""


def database_url(option: str | None = None) -> str:
    """--db, else STARLEDGER_DB, else the SQLite file in the current folder."""
    url = option or os.environ.get("STARLEDGER_DB") or DEFAULT_DB
    scheme = url.split("://", 1)[0].lower() if "://" in url else None
    if scheme is None:
        raise UnsupportedDatabase(f"'{url}' is not a database URL; use {ACCEPTED_FORMS}, "
                                  f"e.g. sqlite:///{url}")
    if scheme not in _SCHEMES:  # only the scheme is echoed: the rest may hold a password
        raise UnsupportedDatabase(f"{scheme}:// databases are not supported; use {ACCEPTED_FORMS}")
    if scheme in ("postgresql", "postgres"):
        # Always name the driver: SQLAlchemy's default would need psycopg2 by another name.
        url = "postgresql+psycopg2://" + url.split("://", 1)[1]
    return url


# How long a SQLite write waits for another process's write lock before it gives up (the
# driver's default of 5 s turned a long import next door into a "database is locked" error).
SQLITE_BUSY_SECONDS = 60


def with_busy_timeout(url: str) -> str:
    """A SQLite URL with the driver's lock wait set, unless the URL sets one already."""
    if not url.startswith("sqlite") or "timeout=" in url or ":memory:" in url:
        return url
    return f"{url}{'&' if '?' in url else '?'}timeout={SQLITE_BUSY_SECONDS}"


def shown(url: str) -> str:
    """The URL as a message may show it: without its password."""
    from sqlalchemy.engine import make_url
    return make_url(url).render_as_string(hide_password=True)


def require_ledger(url: str) -> None:
    """Refuse, creating nothing, when no ledger is at `url`: no SQLite file, or a database
    (file or PostgreSQL database) without the event table. Only `init` and `demo` create."""
    if not ledger_exists(url):
        raise NoLedger(f"no ledger at {shown(url)}; run starledger init")


def ledger_exists(url: str) -> bool:
    if url.startswith("sqlite"):
        return _sqlite_has_ledger(url)
    return _postgres_has_ledger(url)


def _sqlite_has_ledger(url: str) -> bool:
    import sqlite3
    from sqlalchemy.engine import make_url
    name = make_url(url).database
    if not name or name == ":memory:" or not Path(name).is_file():
        return False
    conn = sqlite3.connect(Path(name).resolve().as_uri() + "?mode=ro", uri=True)  # read-only: never creates
    try:
        return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                            (EVENTS_TABLE,)).fetchone() is not None
    finally:
        conn.close()


def _postgres_has_ledger(url: str) -> bool:
    from sqlalchemy import create_engine, inspect
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.pool import NullPool
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return inspect(conn).has_table(EVENTS_TABLE)
    except OperationalError as error:
        if "does not exist" in str(error.orig):  # the database itself is missing
            return False
        raise
    finally:
        engine.dispose()


def application_env(url: str) -> dict[str, str]:
    return {
        "PERSISTENCE_MODULE": "commands.store.event_store:LedgerFactory",
        "SQLALCHEMY_URL": with_busy_timeout(url),
        "CREATE_TABLE": "yes",
        # Aggregates stay in memory between writes of one process (an HTTP service, an
        # import); each read fast-forwards from the store and returns a copy, so a refused
        # command can never leave a half-changed aggregate behind.
        "AGGREGATE_CACHE_MAXSIZE": os.environ.get("STARLEDGER_CACHE_SIZE", "2000"),
    }


def default_actor(option: str | None = None) -> str:
    """--by as given (an empty one is refused later, never replaced), else the environment."""
    if option is not None:
        return option
    if os.environ.get("STARLEDGER_ACTOR"):
        return os.environ["STARLEDGER_ACTOR"]
    try:
        return getpass.getuser()
    except Exception:  # no user name in this environment: say so rather than fail
        return "unknown"
