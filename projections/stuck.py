"""Naming what stops the read model, instead of crashing on it or stopping silently.

Three faults are told apart: an event whose stored payload does not decode, an event that
decodes but cannot be projected (e.g. a number too large for the read model's columns,
placed in the log behind the application's back), and a log cut below the position the
read model has already projected. Each becomes one `Damaged` line that names the event and
points at `verify` (and, for a cut log, `rebuild`).
"""

from __future__ import annotations

from typing import Any, Callable

from sqlalchemy import Table, exists, func, literal, select
from sqlalchemy.engine import Connection, Engine

from ledger.errors import Damaged, LedgerError
from ledger.ids import stream_hex
from projections import tables as t

VERIFY = "run `starledger verify` to see what is wrong with the log"


def undecodable(row: Any, error: BaseException) -> Damaged:
    """The event at `row` (id, originator_id, originator_version, topic) does not decode."""
    return Damaged(f"event {row.id} (version {row.originator_version} of stream {stream_hex(row.originator_id)}, "
                   f"{row.topic.rsplit(':', 1)[-1]}) is damaged: its stored payload does not decode "
                   f"({type(error).__name__}); {VERIFY}")


def decode_checked(row: Any, transcoder: Any) -> dict:
    """The decoded payload of a stored row, or Damaged naming the row."""
    state = row.state if isinstance(row.state, bytes) else bytes(row.state)
    try:
        return transcoder.decode(state)
    except Exception as error:  # any failure to decode is damage, whatever the library calls it
        raise undecodable(row, error) from None


def first_damaged_in_stream(engine: Engine, events: Table, transcoder: Any, stream_id: Any) -> Damaged | None:
    """The first event of one aggregate's stream that does not decode, as a Damaged error."""
    with engine.connect() as conn:
        rows = conn.execute(select(events.c.id, events.c.originator_id, events.c.originator_version,
                                   events.c.topic, events.c.state)
                            .where(events.c.originator_id == stream_id)
                            .order_by(events.c.originator_version)).all()
    for row in rows:
        try:
            decode_checked(row, transcoder)
        except Damaged as damaged:
            return damaged
    return None


def cut_below(projected: int) -> Damaged:
    return Damaged(f"the event log no longer holds event {projected}, which the read model has already "
                   f"counted: events were removed outside the application; nothing was written. "
                   f"Run `starledger verify`, then `starledger rebuild`")


def check_not_cut(conn: Connection, projected: int, events: Table) -> None:
    """Refuses when the last event the read model projected is gone from the log (one index
    seek): the log was cut below the read model, so new events would take positions it has
    already passed (SQLite reuses them) and never reach the scores."""
    if projected and conn.execute(select(events.c.id).where(events.c.id == projected)).first() is None:
        raise cut_below(projected)


def _reason(error: BaseException) -> str:
    text = str(getattr(error, "orig", None) or error).strip()
    return f"{type(getattr(error, 'orig', None) or error).__name__}: {text.splitlines()[0][:200] if text else ''}"


def rebuild_stopped(events: tuple[int, int] | None, error: BaseException) -> Damaged:
    where = f"events {events[0]} to {events[1]}" if events else "the scores of the whole log"
    return Damaged(f"the rebuild stopped: the read model cannot take {where} ({_reason(error)}); "
                   f"the read model was left as it was. {VERIFY}")


def name_unprojectable(engine: Engine, page: list[Any], apply_one: Callable[[Connection, Any], None],
                       error: BaseException) -> Damaged:
    """Which event of a page the read model cannot take, found by applying the page one event at
    a time in a transaction that is always rolled back (no savepoints: SQLite's driver would
    commit on releasing one)."""
    culprit = page[-1]
    with engine.connect() as conn:
        transaction = conn.begin()
        try:
            for event in page:
                try:
                    apply_one(conn, event)
                except LedgerError:
                    raise
                except Exception as found:
                    culprit, error = event, found
                    break
        finally:
            transaction.rollback()
    return Damaged(f"the read model stopped at event {culprit.position} ({culprit.name} of stream "
                   f"{culprit.stream_id}): it cannot be projected ({_reason(error)}); "
                   f"scores stay as they were before it. {VERIFY}")


def damaged_stream(app: Any, aggregate_id: Any, error: BaseException) -> Exception:
    """What to raise when an aggregate's events do not load: the damaged event if one is found."""
    damaged = first_damaged_in_stream(app.engine, app.events_table, app.mapper.transcoder, aggregate_id)
    return damaged if damaged is not None else error


def currency_query(events: Table, projection: str, branches: bool) -> Any:
    """Whether the read model is behind the log, whether the log is cut below it, whether a
    branch-month is stale (if `branches`), and its position: asked at the start of every read
    (Projector.current_position), so built once, and written for PostgreSQL to plan quickly:
    the tracking row joined once (there may be none yet), and the head as max(id), an index
    seek (`exists(id > projected)` scanned the whole log, for the planner cannot know the value)."""
    tracking = t.tracking
    one = select(literal(1).label("one")).subquery()
    projected = func.coalesce(tracking.c.position, 0)
    head = func.coalesce(select(func.max(events.c.id)).scalar_subquery(), 0)
    cut = (projected > 0) & ~exists().where(events.c.id == tracking.c.position)
    stale = exists(select(t.stale_branch_months.c.month)) if branches else literal(False)
    return (select(head > projected, cut, stale, projected)
            .select_from(one.outerjoin(tracking, tracking.c.projection == projection)))


def position_of(currency: Any) -> int | None:
    """The read model's position from a row of `currency_query` if it is current, else None;
    a log cut below the read model is refused."""
    if currency[1]:
        raise cut_below(currency[3])
    return None if currency[0] or currency[2] else currency[3]
