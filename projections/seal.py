"""The seal of a month: one digest over every row that counts in it, as of a moment.

The same function seals a month and later re-checks the seal: rows recorded after the
seal (late entries, later reversals) are left out when it is asked as of the seal time.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from sqlalchemy import Table, func, select
from sqlalchemy.engine import Connection

from ledger.dates import last_day
from projections import tables as t
from projections.rescore import load_shelf

# (table, its month column, its ordering key, its "recorded at" column, columns recorded later)
SEALED: list[tuple[Table, str, str, str, tuple[tuple[str, str], ...]]] = [
    (t.entries, "month", "entry_id", "recorded_at",
     (("reversed_by", "reversed_at"), ("reversal_reason", "reversed_at"), ("reversal_actor", "reversed_at"),
      ("reversal_late_reason", "reversed_at"))),
    (t.meetings, "month", "meeting_id", "recorded_at", (("reversed_by", "reversed_at"),)),
]


def register_sealed(table: Table, month_column: str, key: str, recorded_column: str,
                    later: tuple[tuple[str, str], ...] = ()) -> None:
    """Other read models (branch assessments, deductions) add the rows they seal here."""
    SEALED.append((table, month_column, key, recorded_column, later))


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).isoformat()
    return value if isinstance(value, (int, str, type(None))) else str(value)


def month_digest(conn: Connection, month: str, as_of: datetime | None = None) -> dict:
    digest = hashlib.sha256()
    count = 0
    positions: list[int] = []
    days = {last_day(month)}
    cutoff = as_of.replace(tzinfo=None) if as_of is not None else None
    for table, month_column, key, recorded, later in SEALED:
        query = select(table).where(table.c[month_column] == month).order_by(table.c[key])
        if cutoff is not None:
            query = query.where(table.c[recorded] <= cutoff)
        for row in conn.execute(query):
            values = dict(row._mapping)
            if cutoff is not None:
                # what was recorded after the moment did not exist yet: blank it out
                after = {when for _, when in later if values.get(when) is not None and values[when] > cutoff}
                for column, when in later:
                    if when in after:
                        values[column] = values[when] = None
            digest.update(table.name.encode())
            digest.update(json.dumps({k: _canonical(v) for k, v in sorted(values.items())},
                                     sort_keys=True, ensure_ascii=False).encode("utf-8"))
            count += 1
            if "sequence" in values:
                positions.append(values["sequence"])
            if "occurred_on" in values:
                days.add(values["occurred_on"])
    shelf = load_shelf(conn, cutoff)
    books = sorted({shelf.in_force(day).version for day in days}) if shelf else []
    return {"digest": digest.hexdigest(), "entries": count,
            "first_position": min(positions) if positions else 0,
            "last_position": max(positions) if positions else 0, "rule_books": books}


def latest_position(conn: Connection, events: Table) -> int:
    return conn.execute(select(func.coalesce(func.max(events.c.id), 0))).scalar_one()
