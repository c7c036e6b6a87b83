"""Gathering the facts every branch-month of one month is scored from, in a few bulk reads.

Members of a branch in a month are those who belong to it on the month's last day; reversed
meetings, attendance lines, dues, violations, deductions and vetoes are read as reversed.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sqlalchemy import and_, func, or_, select
from sqlalchemy.engine import Connection

from ledger.assessment import BranchEntry, BranchMonth, MeetingAttendance, Secretary, Step, Violation
from ledger.dates import last_day
from projections import tables as t

ZERO = Decimal(0)


def branch_categories(conn: Connection, month: str, branch_ids: list[str] | None = None) -> dict[str, str]:
    """Branches established by the month's last day (they are scored from that month on)."""
    query = select(t.branches.c.branch_id, t.branches.c.category).where(
        t.branches.c.established_on <= last_day(month))
    if branch_ids is not None:
        query = query.where(t.branches.c.branch_id.in_(branch_ids))
    return dict(conn.execute(query).all())


def _roster(conn: Connection, month: str, branch_ids: list[str]) -> dict[str, list[str]]:
    end = last_day(month)
    rows = conn.execute(select(t.stints.c.member_id, t.stints.c.branch_id).where(
        t.stints.c.branch_id.in_(branch_ids), t.stints.c.from_on <= end,
        or_(t.stints.c.until_on.is_(None), t.stints.c.until_on > end)))
    roster: dict[str, list[str]] = defaultdict(list)
    for member_id, branch_id in rows:
        roster[branch_id].append(member_id)
    return roster


def _member_facts(conn: Connection, month: str, members: list[str]) -> tuple[dict, set, dict]:
    """Monthly totals, on-time dues and violations of the month, for every member given."""
    wanted = set(members)
    totals = {m: Decimal(total) for m, total in conn.execute(
        select(t.member_months.c.member_id, t.member_months.c.total).where(
            t.member_months.c.month == month)) if m in wanted}
    live = and_(t.entries.c.month == month, t.entries.c.reversed_by.is_(None))
    on_time = {m for (m,) in conn.execute(select(t.entries.c.member_id).where(
        live, t.entries.c.kind == "dues", t.entries.c.rule_key == "dues.on_time")) if m in wanted}
    violations: dict[str, list[Violation]] = defaultdict(list)
    for entry_id, member_id, occurred_on in conn.execute(
            select(t.entries.c.entry_id, t.entries.c.member_id, t.entries.c.occurred_on)
            .where(live, t.entries.c.kind == "violation").order_by(t.entries.c.sequence)):
        if member_id in wanted:
            violations[member_id].append(Violation(entry_id, member_id, occurred_on))
    return totals, on_time, violations


def _meetings(conn: Connection, month: str) -> dict[str, list[MeetingAttendance]]:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for meeting_id, key, count in conn.execute(
            select(t.entries.c.meeting_id, t.entries.c.rule_key, func.count()).where(
                t.entries.c.month == month, t.entries.c.kind == "attendance",
                t.entries.c.reversed_by.is_(None)).group_by(t.entries.c.meeting_id, t.entries.c.rule_key)):
        status = "attended" if key.startswith("attend.") else key
        counts[meeting_id][status] += count
    held: dict[str, list[MeetingAttendance]] = defaultdict(list)
    for row in conn.execute(select(t.meetings).where(t.meetings.c.month == month,
                                                     t.meetings.c.reversed_by.is_(None))
                            .order_by(t.meetings.c.occurred_on, t.meetings.c.sequence)):
        c = counts[row.meeting_id]
        held[row.branch_id].append(MeetingAttendance(row.meeting_id, row.kind, row.occurred_on,
                                                     c["attended"], c["excused"], c["absent"]))
    return held


def _steps(conn: Connection, month: str) -> dict[str, list[Step]]:
    steps: dict[str, list[Step]] = defaultdict(list)
    for r in conn.execute(select(t.branch_steps).where(t.branch_steps.c.month == month)
                          .order_by(t.branch_steps.c.sequence)):
        steps[r.branch_id].append(Step(r.step, Decimal(r.organisation), Decimal(r.leadership),
                                       Decimal(r.support), Decimal(r.bonus), r.comment, r.actor,
                                       r.recorded_at, r.sequence))
    return steps


def _branch_entries(conn: Connection, month: str) -> dict[str, list[BranchEntry]]:
    entries: dict[str, list[BranchEntry]] = defaultdict(list)
    for r in conn.execute(select(t.branch_entries).where(t.branch_entries.c.month == month)
                          .order_by(t.branch_entries.c.sequence)):
        entries[r.branch_id].append(BranchEntry(r.entry_id, r.kind, Decimal(r.points), r.clause, r.reason,
                                                r.actor, r.recorded_at, r.reversed_by, r.reversal_reason))
    return entries


def _secretaries(conn: Connection, month: str, branch_ids: list[str]) -> dict[str, Secretary]:
    """The latest appointment by the month's last day (the later recorded wins a same-day tie)."""
    chosen: dict[str, Secretary] = {}
    for r in conn.execute(select(t.secretaries).where(
            t.secretaries.c.since <= last_day(month), t.secretaries.c.branch_id.in_(branch_ids))
            .order_by(t.secretaries.c.since, t.secretaries.c.sequence)):
        chosen[r.branch_id] = Secretary(r.member_id, r.since, r.full_time)
    return chosen


def load_month(conn: Connection, month: str, branch_ids: list[str] | None = None) -> list[BranchMonth]:
    """The facts of every branch established by the month (or of the branches given)."""
    categories = branch_categories(conn, month, branch_ids)
    ids = sorted(categories)
    if not ids:
        return []
    roster = _roster(conn, month, ids)
    everyone = [m for members in roster.values() for m in members]
    totals, on_time, violations = _member_facts(conn, month, everyone)
    meetings, steps, entries = _meetings(conn, month), _steps(conn, month), _branch_entries(conn, month)
    secretaries = _secretaries(conn, month, ids)
    facts = []
    for branch_id in ids:
        members = sorted(roster.get(branch_id, []))
        secretary = secretaries.get(branch_id)
        if secretary is not None and secretary.member_id not in members:
            secretary = None  # the secretary has left the branch: nobody's pay is linked
        facts.append(BranchMonth(
            branch_id=branch_id, category=categories[branch_id], month=month,
            member_totals={m: totals.get(m, ZERO) for m in members},
            dues_on_time=frozenset(m for m in members if m in on_time),
            meetings=tuple(meetings.get(branch_id, ())),
            violations=tuple(v for m in members for v in violations.get(m, ())),
            steps=tuple(steps.get(branch_id, ())), entries=tuple(entries.get(branch_id, ())),
            secretary=secretary))
    return facts
