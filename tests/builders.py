"""Small organisations for tests, and a fingerprint of the whole ledger for "nothing written"."""

from __future__ import annotations

import hashlib
from datetime import date

from sqlalchemy import MetaData, func, select

from commands.service.ledger import StarLedger


def small_org(ledger: StarLedger) -> None:
    """C1 committee > G1 general branch > B1 (production), B2 (management); M1-M5 in B1, M6 in B2."""
    ledger.add_unit("C1", "Company Party Committee", "committee", None, "sec")
    ledger.add_unit("G1", "General Branch One", "general_branch", "C1", "sec")
    ledger.add_branch("B1", "Workshop One", "production", "G1", date(2024, 1, 1), "sec")
    ledger.add_branch("B2", "Office", "management", "G1", date(2024, 1, 1), "sec")
    for n in range(1, 6):
        ledger.add_member(f"M{n}", f"Member {n}", "B1", date(2025, 1, 1), "full", "sec")
    ledger.add_member("M6", "Member 6", "B2", date(2025, 1, 1), "full", "sec")


def event_count(ledger: StarLedger) -> int:
    with ledger.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(ledger.events_table)).scalar_one()


def ledger_fingerprint(ledger: StarLedger) -> str:
    """A digest of every row of every table: equal before and after means nothing was written."""
    ledger.catch_up()
    digest = hashlib.sha256()
    meta = MetaData()
    meta.reflect(ledger.engine)
    with ledger.engine.connect() as conn:
        for name in sorted(meta.tables):
            digest.update(name.encode())
            # Raw SQL: the driver's values, free of any column type's conversion.
            rows = conn.exec_driver_sql(f'SELECT * FROM "{name}"').all()
            for row in sorted(repr(tuple(_plain(v) for v in row)) for row in rows):
                digest.update(row.encode())
    return digest.hexdigest()


def _plain(value: object) -> object:
    return bytes(value) if isinstance(value, memoryview) else value
