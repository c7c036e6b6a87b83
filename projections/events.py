"""Reading the raw event table with SQLAlchemy Core and decoding each event's state.

Replays read rows directly rather than through the ORM: it is several times faster and
gives the projector exactly what it needs (position, stream, topic, decoded fields).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterator

from sqlalchemy import Table, func, select, type_coerce
from sqlalchemy.types import NullType
from sqlalchemy.engine import Connection
from ledger.ids import stream_hex
from projections.stuck import decode_checked


@dataclass(frozen=True)
class RawEvent:
    position: int
    stream_id: str  # hex of the aggregate UUID
    version: int
    name: str  # "Member.DuesPaid": the class path after the module
    data: dict[str, Any]

    @property
    def recorded_at(self) -> datetime:
        return utc_naive(self.data["timestamp"])


def utc_naive(moment: datetime) -> datetime:
    """Stored times are naive UTC so SQLite and PostgreSQL compare them alike."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment


def as_utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


def read_page(conn: Connection, table: Table, transcoder: Any, after: int, limit: int,
              upto: int | None = None) -> list[RawEvent]:
    # The stream id as the driver gives it (16 bytes on SQLite, text on PostgreSQL): making a
    # UUID of each only to take its hex cost a twentieth of a rebuild.
    stream = type_coerce(table.c.originator_id, NullType()).label("originator_id")
    query = select(table.c.id, stream, table.c.originator_version, table.c.topic,
                   table.c.state).where(table.c.id > after)
    if upto is not None:
        query = query.where(table.c.id <= upto)
    rows = conn.execute(query.order_by(table.c.id).limit(limit)).all()
    return [decode_row(row, transcoder) for row in rows]



def decode_row(row: Any, transcoder: Any) -> RawEvent:
    """One stored row as a RawEvent; a payload that does not decode is named, never crashed on."""
    return RawEvent(position=row.id, stream_id=stream_hex(row.originator_id), version=row.originator_version,
                    name=row.topic.rsplit(":", 1)[-1], data=decode_checked(row, transcoder))


def iter_pages(conn: Connection, table: Table, transcoder: Any, after: int,
               limit: int) -> Iterator[list[RawEvent]]:
    while True:
        page = read_page(conn, table, transcoder, after, limit)
        if not page:
            return
        yield page
        after = page[-1].position


def last_position(conn: Connection, table: Table) -> int:
    return conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()
