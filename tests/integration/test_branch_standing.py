"""Rankings within category, last-place streaks, member alerts, and rebuild == incremental."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from projections import branch_queries
from projections import tables as t
from tests.builders import small_org

NOW = "2026-11"
BRANCH_TABLES = (t.branch_steps, t.branch_entries, t.secretaries, t.branch_months, t.alerts, t.horizon,
                 t.member_months)


@pytest.fixture
def org(ledger):
    """small_org plus B3 and B4 in production, so B1, B3, B4 share a category."""
    small_org(ledger)
    for branch_id in ("B3", "B4"):
        ledger.add_branch(branch_id, f"Workshop {branch_id}", "production", "G1", date(2024, 1, 1), "sec")
    return ledger


def final(ledger, branch_id, month, support):
    ledger.assess(branch_id, month, "final", Decimal(10), Decimal(20), Decimal(support), "committee")


def stars(ledger, month, category=None):
    with ledger.reading() as conn:
        return branch_queries.branch_stars(conn, month, NOW, category)


def alerts(ledger, month):
    with ledger.reading() as conn:
        return [(a["kind"], a["subject_id"]) for a in branch_queries.month_alerts(conn, month, NOW)
                if a["kind"] in ("criticism_notice", "admonishment_talk")]


def test_rank_within_category_ties_share_last_place(org):
    final(org, "B1", "2026-03", 5)
    final(org, "B3", "2026-03", 5)
    final(org, "B4", "2026-03", 9)
    assert stars(org, "2026-03", "production") == [
        {"branch_id": "B4", "category": "production", "total": 59.0, "stars": 1, "rank": 1},
        {"branch_id": "B1", "category": "production", "total": 55.0, "stars": 1, "rank": 2},
        {"branch_id": "B3", "category": "production", "total": 55.0, "stars": 1, "rank": 2}]
    assert [r["branch_id"] for r in stars(org, "2026-03") if r["category"] == "management"] == ["B2"]
    with org.reading() as conn:
        rows = {r["branch_id"]: r["last_place"] for r in
                conn.execute(select(t.branch_months).where(t.branch_months.c.month == "2026-03")).mappings()}
    assert rows == {"B1": True, "B2": False, "B3": True, "B4": False}


def test_three_last_places_in_a_row_raise_a_criticism_notice_and_six_an_admonishment(org):
    for month in ("2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"):
        final(org, "B3", month, 10)
        final(org, "B4", month, 10)  # B1 has no assessment: last each month
    assert alerts(org, "2026-02") == []
    assert alerts(org, "2026-03") == [("criticism_notice", "B1")]
    assert alerts(org, "2026-04") == []
    assert alerts(org, "2026-06") == [("admonishment_talk", "B1")]


def test_a_streak_resets_when_the_branch_leaves_last_place(org):
    for month in ("2026-01", "2026-02", "2026-03", "2026-04", "2026-05"):
        final(org, "B3", month, 10)
        final(org, "B4", month, 10)
    assert alerts(org, "2026-03") == [("criticism_notice", "B1")]
    final(org, "B1", "2026-03", 15)  # recorded later: B1 is first in March, B3 and B4 tie last
    assert alerts(org, "2026-03") == []
    assert alerts(org, "2026-05") == []  # April-May: only two in a row since the reset
    for month in ("2026-06", "2026-07", "2026-08"):
        final(org, "B3", month, 10)
        final(org, "B4", month, 10)
    assert alerts(org, "2026-06") == [("criticism_notice", "B1")]  # April, May, June


def test_member_dues_warning_and_deemed_left_review(ledger):
    ledger.add_unit("C1", "Committee", "committee", None, "sec")
    ledger.add_branch("B1", "Workshop", "production", "C1", date(2026, 1, 1), "sec")
    ledger.add_member("M1", "Member 1", "B1", date(2026, 1, 10), "full", "sec")
    ledger.add_member("M2", "Member 2", "B1", date(2026, 1, 10), "full", "sec")
    for month in ("2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"):
        ledger.record_dues("M2", month, Decimal(5), date(int(month[:4]), int(month[5:]), 20), "sec")
    with ledger.reading() as conn:
        march = branch_queries.month_alerts(conn, "2026-03", NOW)
        june = branch_queries.month_alerts(conn, "2026-06", NOW)
    assert march == [{"kind": "dues_warning", "subject_id": "M1", "month": "2026-03",
                      "detail": "dues unpaid for 3 consecutive months up to 2026-03"}]
    assert [(a["kind"], a["subject_id"]) for a in june] == [("deemed_left_review", "M1"), ("deemed_left_review", "M2")]
    assert "dues unpaid for 6" in june[0]["detail"] and "no meeting attended for 6" in june[0]["detail"]
    assert june[1]["detail"].startswith("no meeting attended for 6 consecutive months")


def projected_rows(ledger):
    with ledger.engine.connect() as conn:
        return {table.name: sorted(tuple(row) for row in conn.execute(select(table))) for table in BRANCH_TABLES}


def test_rebuild_from_zero_gives_the_incremental_rows(org):
    org.appoint_secretary("B1", "M1", date(2025, 6, 1), True, "committee")
    org.record_meeting("B1", "committee", date(2026, 2, 3), ["M1", "M2"], ["M3"], ["M4"], "sec", "K1")
    org.record_dues("M1", "2026-02", Decimal(5), date(2026, 2, 5), "sec")
    for month in ("2026-01", "2026-02", "2026-03"):
        final(org, "B3", month, 12)
        org.assess("B4", month, "self", Decimal(9), Decimal(18), Decimal(12), "secretary")
    deduction = org.record_branch_deduction("B3", "2026-02", Decimal(2), "§4", "late", "insp")
    org.record_veto("B4", "2026-03", "§4 veto", "accident", "insp")
    org.reverse(deduction["entry_id"], "wrong", "insp")
    org.transfer_member("M2", "B3", date(2026, 2, 20), "sec")
    org.record_violation("M5", date(2026, 3, 2), "misconduct", "ref", "office", "insp")
    org.catch_up()
    incremental = projected_rows(org)
    assert len(incremental["sl_branch_months"]) == 4 * 35  # four branches, 2024-01 to 2026-11
    org.projector.rebuild()
    assert projected_rows(org) == incremental
