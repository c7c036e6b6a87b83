"""Races are the application's business: driver errors become the project's, conflicts are retried.

Two writers that change the same aggregate (or claim the same entry id) at the same moment
both pass their checks; the database then refuses the second at insert or commit time with
an integrity error, a lock timeout, a serialization failure or a deadlock, depending on the
database. None of these may reach a person: `conflict_from` names them a `Conflict`, and
`retry_conflicts` runs the whole command again, which then sees the first writer's events
(and, for a repeated entry id, returns the first result or refuses a different entry plainly).
"""

from __future__ import annotations

import random
import time
from typing import Callable, TypeVar

import sqlalchemy.exc
from eventsourcing.persistence import IntegrityError as StoreIntegrityError
from eventsourcing.persistence import OperationalError as StoreOperationalError
from eventsourcing.persistence import PersistenceError

from ledger.errors import Conflict

T = TypeVar("T")
# Eight writers on one member meet often: enough tries that each gets through (the budget below
# still ends a wait that no new try would end), with pauses kept short.
TRIES = 20
LONGEST_PAUSE = 1.0

CONFLICT_MESSAGE = ("someone else changed the same records at the same moment; nothing was written, "
                    "please try again")

# Words of the drivers' messages for a failure that a new try can get past.
_TRANSIENT = ("database is locked", "database table is locked", "busy", "could not serialize",
              "deadlock detected", "lock timeout", "could not obtain lock")


def _driver_error(error: BaseException) -> BaseException:
    """The error underneath the library's and SQLAlchemy's wrappers."""
    seen = error
    for _ in range(5):
        inner = getattr(seen, "orig", None) or seen.__cause__ or (seen.args[0] if seen.args else None)
        if not isinstance(inner, BaseException):
            break
        seen = inner
    return seen


def conflict_from(error: BaseException) -> Conflict | None:
    """A Conflict if `error` is the database refusing a racing write; None for anything else."""
    # The drivers' own classes too (sqlite3, psycopg2): bulk inserts use the raw cursor.
    kinds = {cls.__name__ for cls in type(error).__mro__}
    if isinstance(error, (sqlalchemy.exc.IntegrityError, StoreIntegrityError)) or "IntegrityError" in kinds:
        return Conflict(CONFLICT_MESSAGE)
    if isinstance(error, (sqlalchemy.exc.DBAPIError, StoreOperationalError, PersistenceError)) or (
            kinds & {"OperationalError", "TransactionRollbackError", "DatabaseError"}):
        text = f"{error} {_driver_error(error)}".lower()
        code = getattr(_driver_error(error), "pgcode", None)
        if code in ("40001", "40P01", "55P03") or any(word in text for word in _TRANSIENT):
            return Conflict(CONFLICT_MESSAGE)
    return None


def retry_conflicts(call: Callable[[], T], tries: int = TRIES, first_pause: float = 0.01,
                    budget_seconds: float = 15.0) -> T:
    """Run `call`; on a Conflict run it again, up to `tries` times in all, with a growing random
    pause (at most LONGEST_PAUSE) so that the racing writers do not meet again at the same
    moment. No new try starts once `budget_seconds` have passed (a SQLite lock that outlasted the busy timeout will not
    go away by waiting that long again). The last Conflict reaches the caller as one plain line."""
    started = time.monotonic()
    for attempt in range(1, tries + 1):
        try:
            return call()
        except Conflict:
            if attempt == tries or time.monotonic() - started > budget_seconds:
                raise
            time.sleep(random.uniform(0, min(first_pause * 2 ** attempt, LONGEST_PAUSE)))
    raise AssertionError("unreachable")
