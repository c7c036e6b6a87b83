"""The write side's index of entry ids, saved in the same transaction as the events.

It makes an entry id unique across the whole ledger (the primary key refuses a second
writer even under a race), lets `reverse` find the stream that holds an entry, and keeps
the first result of a write so that repeating it with the same id and content is a no-op.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, NamedTuple

from sqlalchemy import Column, MetaData, String, Table, Text, select
from sqlalchemy.orm import Session

from ledger.errors import Duplicate
from ledger.driver_rows import insert_rows

metadata = MetaData()

entry_index = Table(
    "starledger_entry_index", metadata,
    Column("entry_id", String(200), primary_key=True),
    Column("stream_id", String(32), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("result", Text, nullable=False),
)


def fingerprint(content: dict[str, Any]) -> str:
    canonical = json.dumps(content, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def earlier_result(session: Session, entry_id: str, content: dict[str, Any]) -> dict | None:
    """The first result if this exact write was made before; refuses a reused id."""
    row = session.execute(select(entry_index.c.fingerprint, entry_index.c.result)
                          .where(entry_index.c.entry_id == entry_id)).first()
    return None if row is None else result_if_same(entry_id, tuple(row), content)


def result_if_same(entry_id: str, recorded: tuple[str, str], content: dict[str, Any]) -> dict:
    """recorded: the (fingerprint, result) the index holds for the id."""
    if recorded[0] != fingerprint(content):
        raise Duplicate(f"entry id {entry_id} is already used by a different entry")
    return json.loads(recorded[1])


def recorded_entries(session: Session, entry_ids: list[str]) -> dict[str, tuple[str, str]]:
    """id -> (fingerprint, result) of those of these ids the index holds, a thousand a query."""
    found: dict[str, tuple[str, str]] = {}
    for start in range(0, len(entry_ids), 1000):
        found.update((row[0], (row[1], row[2])) for row in session.execute(
            select(entry_index.c.entry_id, entry_index.c.fingerprint, entry_index.c.result)
            .where(entry_index.c.entry_id.in_(entry_ids[start:start + 1000]))))
    return found


class IndexRow(NamedTuple):
    entry_id: str
    stream_id: str
    kind: str


def find_entry(session: Session, entry_id: str) -> IndexRow | None:
    row = session.execute(select(entry_index.c.entry_id, entry_index.c.stream_id, entry_index.c.kind)
                          .where(entry_index.c.entry_id == entry_id)).first()
    return IndexRow(*row) if row else None


def add_entries(session: Session, rows: list[tuple[str, str, str, dict, dict]]) -> None:
    """rows: (entry id, stream hex, kind, content, result)."""
    insert_rows(session.connection(), entry_index, [
        dict(entry_id=entry_id, stream_id=stream, kind=kind, fingerprint=fingerprint(content),
             result=json.dumps(result))
        for entry_id, stream, kind, content, result in rows])


def existing_ids(session: Session, entry_ids: list[str]) -> list[str]:
    """Which of these ids the index already holds (checked in chunks of a thousand)."""
    found: list[str] = []
    for start in range(0, len(entry_ids), 1000):
        chunk = entry_ids[start:start + 1000]
        found += [row[0] for row in session.execute(
            select(entry_index.c.entry_id).where(entry_index.c.entry_id.in_(chunk)))]
    return sorted(found)
