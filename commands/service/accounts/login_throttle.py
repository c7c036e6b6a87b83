"""The login throttle: failed logins counted per (client address, name) and per address alone.

A name is locked only for the address its failures came from, so nobody can lock another out:
the owner logging in from their own address still gets in. The count per address across every
name caps password spraying (one password tried against many accounts). Each lock grows with
the failures that follow it (back-off), and every refusal says how many seconds to wait.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, and_, case, delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from ledger.errors import LoginLocked

metadata = MetaData()

# One row per (address, name) with failures, and one per address under the name ANY_NAME.
attempts = Table(
    "sl_login_attempts", metadata,
    Column("address", String(64), primary_key=True),
    Column("user_name", String(64), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("last_failure", DateTime, nullable=False),
    Column("locked_until", DateTime),
)

ANY_NAME = ""  # no user name is empty (ledger/users.py check_user_name)


@dataclass(frozen=True)
class Limits:
    per_name: int = 5  # failures for one name from one address before it is locked there
    per_address: int = 30  # failures from one address, any names, before the address is locked
    first_lock: timedelta = timedelta(seconds=60)
    longest_lock: timedelta = timedelta(hours=1)
    forgotten_after: timedelta = timedelta(hours=1)  # failures this old no longer count


def _key(address: str, name: str) -> dict:
    return {"address": address[:64], "user_name": name[:64]}


def wait_seconds(conn: Connection, address: str, name: str, at: datetime) -> int:
    """Seconds until this address may try this name again (0: now)."""
    rows = conn.execute(select(attempts.c.locked_until).where(
        attempts.c.address == address[:64], attempts.c.user_name.in_([name[:64], ANY_NAME]))).scalars().all()
    until = max((locked for locked in rows if locked is not None and locked > at), default=None)
    return 0 if until is None else max(1, int((until - at).total_seconds() + 0.999))


def refuse_if_locked(conn: Connection, address: str, name: str, at: datetime) -> None:
    seconds = wait_seconds(conn, address, name, at)
    if seconds:
        raise LoginLocked(f"too many failed logins from this address; try again in {seconds} seconds",
                          retry_after=seconds)


def note_failure(conn: Connection, address: str, name: str, at: datetime, limits: Limits) -> None:
    """Count a failure for the pair and for the address (atomic upserts, so concurrent failures
    all count); at a limit the pair or the address is locked, longer with every further failure."""
    for user_name, limit in ((name, limits.per_name), (ANY_NAME, limits.per_address)):
        _count(conn, _key(address, user_name), at, limits)
        failures = conn.execute(select(attempts.c.failures).where(*_where(_key(address, user_name)))).scalar_one()
        if failures >= limit:
            lock = min(limits.first_lock * 2 ** min(failures - limit, 16), limits.longest_lock)
            conn.execute(update(attempts).where(*_where(_key(address, user_name))).values(locked_until=at + lock))


def note_success(conn: Connection, address: str, name: str) -> None:
    """The pair starts again; the address's count stands (else one account of one's own would
    wipe the record of a spray)."""
    conn.execute(delete(attempts).where(*_where(_key(address, name))))


def purge(conn: Connection, at: datetime, limits: Limits) -> int:
    """Forget failures that no longer count and whose lock has run out; how many rows went."""
    stale = and_(attempts.c.last_failure < at - limits.forgotten_after,
                 or_(attempts.c.locked_until.is_(None), attempts.c.locked_until <= at))
    return conn.execute(delete(attempts).where(stale)).rowcount


def _where(key: dict) -> tuple:
    return attempts.c.address == key["address"], attempts.c.user_name == key["user_name"]


def _count(conn: Connection, key: dict, at: datetime, limits: Limits) -> None:
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    counted = dialect.insert(attempts).values(**key, failures=1, last_failure=at, locked_until=None)
    restart = attempts.c.last_failure < at - limits.forgotten_after
    conn.execute(counted.on_conflict_do_update(
        index_elements=[attempts.c.address, attempts.c.user_name],
        set_={"failures": case((restart, 1), else_=attempts.c.failures + 1), "last_failure": at}))
