"""Digests of the read-model tables that mean the same on SQLite and on PostgreSQL.

Each row is written out canonically (columns by name; dates and times in ISO form; numbers
as normalised decimals; text as text) and hashed; a table's digest is the hash of its sorted
row hashes, so the order rows come back in never matters. Keeping the row hashes by primary
key lets a comparison name the rows that differ.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Iterable

from sqlalchemy import Table, select
from sqlalchemy.engine import Connection

from projections import branch_scores
from projections import tables as t
from projections.events import last_position

SHOWN_KEYS = 5


def canonical(value: Any) -> Any:
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
        return "0" if number == 0 else format(number.normalize(), "f")
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()
    return str(value)


@dataclass
class TableDigest:
    rows: dict[str, str] = field(default_factory=dict)  # primary key (JSON) -> row hash

    @property
    def digest(self) -> str:
        whole = hashlib.sha256()
        for row_hash in sorted(self.rows.values()):
            whole.update(row_hash.encode())
        return whole.hexdigest()


def digest_table(conn: Connection, table: Table) -> TableDigest:
    names = sorted(column.name for column in table.columns)
    keys = [column.name for column in table.primary_key.columns] or names
    result = TableDigest()
    for row in conn.execute(select(table)).mappings():
        values = {name: canonical(row[name]) for name in names}
        key = json.dumps([values[name] for name in keys], ensure_ascii=False)
        result.rows[key] = hashlib.sha256(json.dumps(values, ensure_ascii=False).encode()).hexdigest()
    return result


def digest_tables(conn: Connection, tables: Iterable[Table]) -> dict[str, TableDigest]:
    return {table.name: digest_table(conn, table) for table in tables}


def differing_keys(before: TableDigest, after: TableDigest) -> list[dict]:
    """A few keys whose rows differ: changed, only before (removed) or only after (added)."""
    found = []
    for key in sorted(set(before.rows) | set(after.rows)):
        old, new = before.rows.get(key), after.rows.get(key)
        if old != new:
            change = "changed" if old and new else ("only before" if old else "only after")
            found.append({"key": json.loads(key), "change": change})
            if len(found) == SHOWN_KEYS:
                break
    return found


def compare(before: dict[str, TableDigest], after: dict[str, TableDigest]) -> dict:
    tables = {}
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name, TableDigest()), after.get(name, TableDigest())
        entry = {"before": old.digest, "after": new.digest, "identical": old.digest == new.digest,
                 "rows_before": len(old.rows), "rows_after": len(new.rows)}
        if not entry["identical"]:
            entry["differing"] = differing_keys(old, new)
        tables[name] = entry
    return {"tables": tables, "identical": all(entry["identical"] for entry in tables.values())}


def rebuild_compared(projector: Any, progress: Any = None) -> dict:
    """Rebuild every projection from zero and compare the rows with the ones it replaced.

    Both digests are taken inside the rebuild's transaction, after catching up, so the
    comparison is between two answers to the same log.
    """
    projector.catch_up()
    digests: dict[str, Any] = {}

    def inspect(conn: Connection, phase: str) -> None:
        if phase == "before":
            branch_scores.settle(conn)  # branch-months writes left for the next read, as a read sees them
        digests[phase] = digest_tables(conn, t.PROJECTED)
        if phase == "before":
            digests["unapplied"] = last_position(conn, projector.events) - projector.position(conn)

    events = projector.rebuild(progress, inspect)
    result = {"events": events, **compare(digests["before"], digests["after"])}
    if digests["unapplied"]:
        result["note"] = (f"{digests['unapplied']} events were recorded between the catch-up and the rebuild; "
                          f"tables they touch differ for that reason")
    return result
