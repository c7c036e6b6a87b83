"""The one place that turns configuration into the application's environment."""

from __future__ import annotations

import getpass
import os

DEFAULT_DB = "sqlite:///starledger.db"


def database_url(option: str | None = None) -> str:
    """--db, else STARLEDGER_DB, else the SQLite file in the current folder."""
    url = option or os.environ.get("STARLEDGER_DB") or DEFAULT_DB
    if url.startswith("postgresql://") or url.startswith("postgres://"):
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
