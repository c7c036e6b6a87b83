"""The write side's hash chain over the stored events, saved in the same transaction.

`LedgerBase._record` calls `append` right after the events are inserted, inside the same
database transaction; the event table is locked for writing by then (LOCK TABLE on
PostgreSQL, the single writer on SQLite), so the last chain row read here really is the
previous event of the log and no two writers can chain onto the same predecessor.
"""

from __future__ import annotations

from typing import Any, Sequence

from sqlalchemy import BigInteger, Column, Index, Integer, MetaData, String, Table, select, text
from sqlalchemy.orm import Session

from ledger.driver_rows import CHUNK, pairs_where
from ledger.chain import GENESIS, chain_hash, event_hash
from ledger.errors import Refused
from ledger.ids import stream_hex
from ledger.driver_rows import insert_rows

metadata = MetaData()
HASH = String(64)

chain = Table(
    "starledger_chain", metadata,
    Column("notification_id", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True,
           autoincrement=False),
    Column("stream_id", String(32), nullable=False),
    Column("version", BigInteger, nullable=False),
    Column("event_hash", HASH, nullable=False),
    Column("stream_previous", HASH, nullable=False),
    Column("log_previous", HASH, nullable=False),
    Column("chain_hash", HASH, nullable=False),
    Index("starledger_chain_stream", "stream_id", "version", unique=True),
)


def head(session: Session) -> Any:
    """The last chain row (notification id, chain hash), or None for an empty chain."""
    return session.execute(select(chain.c.notification_id, chain.c.chain_hash)
                           .order_by(chain.c.notification_id.desc()).limit(1)).first()


def _stream_heads(session: Session, wanted: dict[str, int]) -> dict[str, str]:
    """Chain hash of each stream's event just before the given version, where it is chained."""
    found: dict[str, str] = {}
    items = sorted((stream, version - 1) for stream, version in wanted.items())
    for start in range(0, len(items), CHUNK):
        where, params = pairs_where("stream_id", "version", "=", items[start:start + CHUNK])
        found.update(session.execute(text(f"SELECT stream_id, chain_hash FROM {chain.name} WHERE {where}"),
                                     params).tuples().all())
    return found


def append(session: Session, notifications: Sequence[Any]) -> None:
    """Chain freshly inserted events (eventsourcing Notifications, in log order)."""
    if not notifications:
        return
    ordered = sorted(notifications, key=lambda n: n.id)
    last = head(session)
    if last is not None and last.notification_id >= ordered[0].id:
        # SQLite hands out a deleted last event's position again: refuse rather than overwrite.
        raise Refused(f"the event log has been changed outside the application (event {last.notification_id} "
                      f"is chained but a new event got position {ordered[0].id}); nothing was written, "
                      f"run `starledger verify`")
    first_version: dict[str, int] = {}
    for n in ordered:
        first_version.setdefault(stream_hex(n.originator_id), n.originator_version)
    streams = _stream_heads(session, {s: v for s, v in first_version.items() if v > 1})
    log_previous = last.chain_hash if last is not None else GENESIS
    rows = []
    for n in ordered:
        stream = stream_hex(n.originator_id)
        hashed = event_hash(n.id, stream, n.originator_version, n.topic, n.state)
        stream_previous = streams.get(stream, GENESIS)
        linked = chain_hash(hashed, stream_previous, log_previous)
        rows.append(dict(notification_id=n.id, stream_id=stream, version=n.originator_version,
                         event_hash=hashed, stream_previous=stream_previous,
                         log_previous=log_previous, chain_hash=linked))
        streams[stream] = log_previous = linked
    insert_rows(session.connection(), chain, rows)
