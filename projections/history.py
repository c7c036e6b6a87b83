"""Reading one stream's stored events, in order, straight from the raw event table.

The history of a member, branch, unit or rule book is what the log holds, not what the read
model made of it: every event with its type, actor, business date and recording time.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import Table, select
from sqlalchemy.engine import Connection

from ledger.ids import stream_id
from projections.events import as_utc, utc_naive

# Credentials stay out of every listing, even as hashes.
_NOT_DETAIL = {"timestamp", "originator_topic", "actor", "occurred_on", "password_hash", "token_hash"}

# The first event of each kind of stream, and the field in it that holds the stream's id.
FIRST_EVENTS = {"Member.Enrolled": ("member", "member_id"), "Branch.Registered": ("branch", "branch_id"),
                "Unit.Added": ("unit", "unit_id"), "RuleBook.Published": ("rulebook", "version"),
                "User.Added": ("user", "name")}


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_plain(item) for item in value]
    return value


def describe(row: Any, transcoder: Any) -> dict:
    """One stored event as a plain dict; a payload that no longer decodes is said to be unreadable."""
    line: dict[str, Any] = {"position": row.id, "version": row.originator_version,
                            "event": row.topic.rsplit(":", 1)[-1]}
    try:
        data = transcoder.decode(bytes(row.state))
        occurred = data.get("occurred_on")
        return line | {
            "actor": data.get("actor"),
            "occurred_on": occurred.isoformat() if occurred is not None else None,
            "recorded_at": as_utc(utc_naive(data["timestamp"])).isoformat(),  # type: ignore[union-attr]
            "detail": {key: _plain(value) for key, value in data.items() if key not in _NOT_DETAIL}}
    except Exception:  # damaged bytes, whatever they decode to: `starledger verify` tells what happened
        return line | {"actor": None, "occurred_on": None, "recorded_at": None, "detail": {}, "unreadable": True}


def stream_rows(conn: Connection, events: Table, stream: UUID, first_only: bool = False) -> list[Any]:
    query = select(events.c.id, events.c.originator_version, events.c.topic, events.c.state).where(
        events.c.originator_id == stream)
    if first_only:
        query = query.where(events.c.originator_version == 1)
    return conn.execute(query.order_by(events.c.originator_version)).all()


def stream_history(conn: Connection, events: Table, transcoder: Any, stream: UUID) -> list[dict]:
    return [describe(row, transcoder) for row in stream_rows(conn, events, stream)]


def stream_owner(conn: Connection, events: Table, transcoder: Any, stream: UUID) -> tuple[str, str] | None:
    """(kind, id) of a stream, read from its first event and checked against the stream id,
    which is derived from them: a forged first event cannot borrow another's name."""
    rows = stream_rows(conn, events, stream, first_only=True)
    known = FIRST_EVENTS.get(rows[0].topic.rsplit(":", 1)[-1]) if rows else None
    if known is None:
        return None
    key = describe(rows[0], transcoder)["detail"].get(known[1])
    if isinstance(key, str) and stream_id(known[0], key) == stream:
        return known[0], key
    return None
