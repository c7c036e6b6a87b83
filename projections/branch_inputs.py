"""Gathering the facts every branch-month of one month is scored from, in a few bulk reads.

Members of a branch in a month are those who belong to it on the month's last day; reversed
meetings, attendance lines, dues, violations, deductions and vetoes are read as reversed.
Asked as of a moment (`AsOf`), the same reads keep only the rows recorded by then, and a
reversal or a transfer recorded later has not happened yet.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from decimal import Decimal

from sqlalchemy import and_, func, or_, select
from sqlalchemy.engine import Connection

from ledger.assessment import BranchEntry, BranchMonth, MeetingAttendance, Secretary, Step, Violation
from ledger.dates import last_day
from projections import tables as t
from projections.as_of import AsOf, live, reversed_by, visible

ZERO = Decimal(0)


def branch_categories(conn: Connection, month: str, branch_ids: list[str] | None = None,
                      cutoff: datetime | None = None) -> dict[str, str]:
    """Branches established by the month's last day (they are scored from that month on)."""
    query = select(t.branches.c.branch_id, t.branches.c.category).where(
        t.branches.c.established_on <= last_day(month), visible(t.branches, cutoff))
    if branch_ids is not None:
        query = query.where(t.branches.c.branch_id.in_(branch_ids))
    return dict(conn.execute(query).all())


def _roster(conn: Connection, month: str, branch_ids: list[str], cutoff: datetime | None) -> dict[str, list[str]]:
    """A stay ends where the member's next stay starts, if that transfer was recorded by the cutoff."""
    end = last_day(month)
    stay, following = t.stints, t.stints.alias("following")
    stays = stay.outerjoin(following, and_(following.c.member_id == stay.c.member_id,
                                           following.c.seq == stay.c.seq + 1, visible(following, cutoff)))
    rows = conn.execute(select(stay.c.member_id, stay.c.branch_id).select_from(stays).where(
        stay.c.branch_id.in_(branch_ids), stay.c.from_on <= end, visible(stay, cutoff),
        or_(following.c.from_on.is_(None), following.c.from_on > end)))
    roster: dict[str, list[str]] = defaultdict(list)
    for member_id, branch_id in rows:
        roster[branch_id].append(member_id)
    return roster


def _member_facts(conn: Connection, month: str, members: list[str],
                  as_of: AsOf | None) -> tuple[dict, set, dict]:
    """Monthly totals, on-time dues and violations of the month, for every member given."""
    wanted = set(members)
    if as_of is None:
        totals = {m: Decimal(total) for m, total in conn.execute(
            select(t.member_months.c.member_id, t.member_months.c.total).where(
                t.member_months.c.month == month)) if m in wanted}
    else:
        totals = {m: total for m, total in as_of.member_totals(conn, month).items() if m in wanted}
    counted = and_(t.entries.c.month == month, live(t.entries, as_of.cutoff if as_of else None))
    on_time = {m for (m,) in conn.execute(select(t.entries.c.member_id).where(
        counted, t.entries.c.kind == "dues", t.entries.c.rule_key == "dues.on_time")) if m in wanted}
    violations: dict[str, list[Violation]] = defaultdict(list)
    for entry_id, member_id, occurred_on, late_reason in conn.execute(
            select(t.entries.c.entry_id, t.entries.c.member_id, t.entries.c.occurred_on, t.entries.c.late_reason)
            .where(counted, t.entries.c.kind == "violation").order_by(t.entries.c.sequence)):
        if member_id in wanted:
            violations[member_id].append(Violation(entry_id, member_id, occurred_on, late_reason))
    return totals, on_time, violations


def _meetings(conn: Connection, month: str, cutoff: datetime | None) -> dict[str, list[MeetingAttendance]]:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for meeting_id, key, count in conn.execute(
            select(t.entries.c.meeting_id, t.entries.c.rule_key, func.count()).where(
                t.entries.c.month == month, t.entries.c.kind == "attendance",
                live(t.entries, cutoff)).group_by(t.entries.c.meeting_id, t.entries.c.rule_key)):
        status = "attended" if key.startswith("attend.") else key
        counts[meeting_id][status] += count
    held: dict[str, list[MeetingAttendance]] = defaultdict(list)
    for row in conn.execute(select(t.meetings).where(t.meetings.c.month == month, live(t.meetings, cutoff))
                            .order_by(t.meetings.c.occurred_on, t.meetings.c.sequence)):
        c = counts[row.meeting_id]
        held[row.branch_id].append(MeetingAttendance(row.meeting_id, row.kind, row.occurred_on,
                                                     c["attended"], c["excused"], c["absent"]))
    return held


def _steps(conn: Connection, month: str, cutoff: datetime | None) -> dict[str, list[Step]]:
    steps: dict[str, list[Step]] = defaultdict(list)
    for r in conn.execute(select(t.branch_steps).where(t.branch_steps.c.month == month,
                                                       visible(t.branch_steps, cutoff))
                          .order_by(t.branch_steps.c.sequence)):
        steps[r.branch_id].append(Step(r.step, Decimal(r.organisation), Decimal(r.leadership),
                                       Decimal(r.support), Decimal(r.bonus), r.comment, r.actor,
                                       r.recorded_at, r.sequence, r.late_reason))
    return steps


def _branch_entries(conn: Connection, month: str, cutoff: datetime | None) -> dict[str, list[BranchEntry]]:
    entries: dict[str, list[BranchEntry]] = defaultdict(list)
    for r in conn.execute(select(t.branch_entries).where(t.branch_entries.c.month == month,
                                                         visible(t.branch_entries, cutoff))
                          .order_by(t.branch_entries.c.sequence)):
        reversal = reversed_by(r, cutoff)
        entries[r.branch_id].append(BranchEntry(
            r.entry_id, r.kind, Decimal(r.points), r.clause, r.reason, r.actor, r.recorded_at, reversal,
            r.reversal_reason if reversal else None, r.late_reason,
            r.reversal_late_reason if reversal else None))
    return entries


def _secretaries(conn: Connection, month: str, branch_ids: list[str],
                 cutoff: datetime | None) -> dict[str, Secretary]:
    """The latest appointment by the month's last day (the later recorded wins a same-day tie)."""
    chosen: dict[str, Secretary] = {}
    for r in conn.execute(select(t.secretaries).where(
            t.secretaries.c.since <= last_day(month), t.secretaries.c.branch_id.in_(branch_ids),
            visible(t.secretaries, cutoff))
            .order_by(t.secretaries.c.since, t.secretaries.c.sequence)):
        chosen[r.branch_id] = Secretary(r.member_id, r.since, r.full_time)
    return chosen


def load_month(conn: Connection, month: str, branch_ids: list[str] | None = None,
               as_of: AsOf | None = None) -> list[BranchMonth]:
    """The facts of every branch established by the month (or of the branches given),
    from every row, or from only those recorded by the moment `as_of`."""
    cutoff = as_of.cutoff if as_of is not None else None
    categories = branch_categories(conn, month, branch_ids, cutoff)
    ids = sorted(categories)
    if not ids:
        return []
    roster = _roster(conn, month, ids, cutoff)
    everyone = [m for members in roster.values() for m in members]
    totals, on_time, violations = _member_facts(conn, month, everyone, as_of)
    meetings, steps = _meetings(conn, month, cutoff), _steps(conn, month, cutoff)
    entries = _branch_entries(conn, month, cutoff)
    secretaries = _secretaries(conn, month, ids, cutoff)
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
