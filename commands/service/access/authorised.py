"""Running a permission check, and a read, against the read model: every entrance's reads and
writes go through these two (the rules themselves are in commands/service/access/access.py)."""

from __future__ import annotations

from typing import Any, Callable, Hashable

from commands.service.access.access import Guard, Scope
from ledger.errors import NotFound
from ledger.users import User
from projections.stuck import position_of


def authorise(ledger: Any, user: User, check: Callable[[Guard], Any]) -> Any:
    """Run `check` (e.g. `lambda g: g.allow("entry.record").member(m)`) before a write; it
    raises Forbidden or NotFound. The read model is caught up only if something is not found
    (a unit or branch added a moment ago): projecting on every write would cost more than the
    write. Members are checked on their own aggregates, so a transfer counts at once."""
    try:
        with ledger.engine.connect() as conn:
            return check(Guard(conn, user, ledger))
    except NotFound:
        with ledger.reading() as conn:
            return check(Guard(conn, user, ledger))


def authorised_read(ledger: Any, user: User, read: Callable[[Guard], Any], kept: Hashable | None = None,
                    currency: Any = None) -> Any:
    """Run `read` (a check, then a query on `guard.conn`) on the caught-up read model.

    Whether it is caught up is asked without a lock (catching up takes the tracking row's lock,
    which would make every read wait on others), or was asked with the caller's credentials
    (`currency`, logins.Caller). With `kept` (answer_cache.py), an answer given at the same
    position is given again."""
    if currency is not None:
        position = position_of(currency)
    else:
        with ledger.looking() as conn:
            position = ledger.projector.current_position(conn)
    if position is None:
        with ledger.reading() as conn:
            return read(Guard(conn, user, ledger, caught_up=True))
    found = ledger.answers.get(kept, position) if kept is not None else None
    if found is not None:
        return found
    with ledger.looking() as conn, ledger.reading_on(conn):
        answer = read(Guard(conn, user, ledger, caught_up=True, scope=scope_at(ledger, conn, user, position)))
    if kept is not None:  # positions only move on: an answer read a moment later is still P's or newer
        ledger.answers.put(kept, position, answer)
    return answer


def scope_at(ledger: Any, conn: Any, user: User, position: int) -> Scope:
    """The user's scope at the read model's position: the units and branches under a unit are
    read once per position (a millisecond of an uncached read), like the answers themselves."""
    key = ("scope", user.scope_kind, user.scope_id)
    scope = ledger.answers.get(key, position)
    if scope is None:
        scope = Scope.of(conn, user)
        ledger.answers.put(key, position, scope)
    return scope
