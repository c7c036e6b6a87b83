"""A read model made by an older version of the code is rebuilt from the events when opened."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import delete, select, text, update

from commands.service.ledger import open_ledger
from projections import branch_queries
from projections import tables as t
from projections.projector import NAME, SCHEMA
from tests.builders import ledger_fingerprint, small_org
from tests.conftest import TODAY


def stored_schema(ledger) -> str:
    with ledger.engine.connect() as conn:
        return conn.execute(select(t.schema.c.fingerprint).where(t.schema.c.name == NAME)).scalar_one()


def test_an_older_read_model_is_dropped_and_rebuilt_once(ledger, db_url):
    small_org(ledger)
    ledger.assess("B1", "2026-03", "self", Decimal(9), Decimal(18), Decimal(14), "sec", Decimal(2))
    ledger.record_study("M1", date(2026, 3, 2), "x", "sec")
    before = ledger_fingerprint(ledger)
    assert stored_schema(ledger) == SCHEMA
    with ledger.engine.begin() as conn:  # what an older version left: a column missing, another schema
        conn.execute(text("ALTER TABLE sl_branch_steps DROP COLUMN late_reason"))
        conn.execute(update(t.schema).values(fingerprint="older"))
    ledger.close()

    upgraded = open_ledger(db_url, today=lambda: TODAY)
    try:
        assert stored_schema(upgraded) == SCHEMA
        assert ledger_fingerprint(upgraded) == before
        with upgraded.reading() as conn:
            # 9 + 18 + 14 + discipline 20 + bonus 2 + membership 20 x (1 study point / 5 members) / 10
            assert branch_queries.branch_month_score(conn, "B1", "2026-03", "2026-11")["total"] == 63.4
    finally:
        upgraded.close()


def test_a_read_model_with_the_current_columns_is_left_as_it_is(ledger, db_url):
    small_org(ledger)
    ledger.catch_up()
    with ledger.engine.begin() as conn:  # a marker a rebuild would erase; and no digest stored yet
        conn.execute(update(t.members).where(t.members.c.member_id == "M1").values(name="marker"))
        conn.execute(delete(t.schema))
    again = open_ledger(db_url, today=lambda: TODAY)
    try:
        with again.engine.connect() as conn:
            assert conn.execute(select(t.members.c.name).where(t.members.c.member_id == "M1")).scalar_one() == "marker"
        assert stored_schema(again) == SCHEMA
    finally:
        again.close()
