"""Member alerts (DOMAIN §3): dues unpaid and meetings missed, month after month.

Months count from the month the member joined up to the horizon. Dues for a month count as
paid once a payment for that month is recorded and not reversed, whenever it was paid; a
month counts as attended if any attendance line of the member there says attended.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, astuple
from functools import lru_cache

from sqlalchemy import bindparam, delete, select
from sqlalchemy.engine import Connection

from ledger.dates import last_day, month_of, months_between
from ledger.rule_book_content import RuleBookShelf
from ledger.standing import MEMBER_ALERTS, Alert, MemberThresholds, member_alerts
from projections import tables as t
from ledger.driver_rows import insert_rows

CHUNK = 500


def _thresholds(shelf: RuleBookShelf):
    @lru_cache(maxsize=None)
    def for_month(month: str) -> MemberThresholds:
        rules = shelf.in_force(last_day(month)).alerts
        return MemberThresholds(rules.dues_warning_months, rules.dues_deemed_left_months,
                                rules.no_meeting_deemed_left_months)
    return for_month


def compute_member_alerts(conn: Connection, member_ids: list[str] | None, horizon: str,
                          shelf: RuleBookShelf) -> list[Alert]:
    """Every member alert up to the horizon, for the members given (None: everyone)."""
    members = select(t.members.c.member_id, t.members.c.joined_on)
    lines = select(t.entries.c.member_id, t.entries.c.month, t.entries.c.kind, t.entries.c.rule_key).where(
        t.entries.c.reversed_by.is_(None), t.entries.c.kind.in_(("dues", "attendance")))
    if member_ids is not None:
        members = members.where(t.members.c.member_id.in_(member_ids))
        lines = lines.where(t.entries.c.member_id.in_(member_ids))
    paid: dict[str, set[str]] = defaultdict(set)
    attended: dict[str, set[str]] = defaultdict(set)
    for member_id, month, kind, key in conn.execute(lines):
        if kind == "dues":
            paid[member_id].add(month)
        elif key.startswith("attend."):
            attended[member_id].add(month)
    thresholds = _thresholds(shelf)
    alerts: list[Alert] = []
    for member_id, joined_on in conn.execute(members.order_by(t.members.c.member_id)):
        months = months_between(month_of(joined_on), horizon)
        alerts += member_alerts(member_id, months, paid[member_id], attended[member_id],
                                {month: thresholds(month) for month in months})
    return alerts


def refresh_member_alerts(conn: Connection, member_ids: set[str] | None, horizon: str,
                          shelf: RuleBookShelf) -> None:
    if member_ids is None:
        conn.execute(delete(t.alerts).where(t.alerts.c.kind.in_(MEMBER_ALERTS)))
        alerts = compute_member_alerts(conn, None, horizon, shelf)
        if alerts:
            insert_rows(conn, t.alerts, [asdict(a) for a in alerts])
        return
    ordered = sorted(member_ids)
    for chunk in (ordered[i:i + CHUNK] for i in range(0, len(ordered), CHUNK)):
        _write_changes(conn, chunk, {astuple(a) for a in compute_member_alerts(conn, chunk, horizon, shelf)})


def _write_changes(conn: Connection, members: list[str], wanted: set[tuple]) -> None:
    """Only the alert rows that changed: a write touches a few members, whose alerts mostly stay
    as they were (rewriting a member's every alert row cost a meeting of 12 members 9 ms)."""
    a = t.alerts.c
    stored = {tuple(row) for row in conn.execute(select(a.kind, a.subject_id, a.month, a.detail).where(
        a.kind.in_(MEMBER_ALERTS), a.subject_id.in_(members)))}
    gone = stored - wanted
    if gone:
        conn.execute(delete(t.alerts).where(a.kind == bindparam("k_"), a.subject_id == bindparam("s_"),
                                            a.month == bindparam("m_")),
                     [{"k_": kind, "s_": subject, "m_": month} for kind, subject, month, _ in gone])
    if wanted - stored:
        insert_rows(conn, t.alerts, [dict(zip(("kind", "subject_id", "month", "detail"), row))
                                     for row in sorted(wanted - stored)])
