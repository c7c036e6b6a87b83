"""Reading the ledger in tests: scores, explanations, and a snapshot of every projected row."""

from __future__ import annotations

from sqlalchemy import select

from commands.service.ledger import StarLedger
from projections import queries
from projections import tables as t


def month_score(ledger: StarLedger, member_id: str, month: str) -> dict:
    with ledger.reading() as conn:
        return queries.member_month_score(conn, member_id, month)


def explain(ledger: StarLedger, member_id: str, month: str) -> dict:
    with ledger.reading() as conn:
        return queries.explain_member_month(conn, member_id, month)


def year_score(ledger: StarLedger, member_id: str, year: str, current_month: str = "2026-11") -> dict:
    with ledger.reading() as conn:
        return queries.member_year_score(conn, member_id, year, current_month)


def ranking(ledger: StarLedger, branch_id: str, month: str) -> list[dict]:
    with ledger.reading() as conn:
        return queries.branch_member_ranking(conn, branch_id, month)


def member_ledger(ledger: StarLedger, member_id: str) -> dict:
    with ledger.reading() as conn:
        return queries.member_ledger(conn, member_id)


def projected_rows(ledger: StarLedger) -> dict[str, list[tuple]]:
    """Every row of every projected table, in primary-key order, WITHOUT catching up first."""
    snapshot = {}
    with ledger.engine.connect() as conn:
        for table in t.PROJECTED:
            order = list(table.primary_key.columns)
            snapshot[table.name] = [tuple(row) for row in conn.execute(select(table).order_by(*order))]
    return snapshot
