"""The page fold extended with the branch facts of DOMAIN §4-6, and what each page makes stale.

Assessment steps, deductions, vetoes and secretaries become rows here; the branch-month
scores that depend on them are recomputed after the page (see branch_scores.refresh).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from ledger.dates import month_of
from projections import tables as t
from projections.events import RawEvent
from projections.fold import PageFold

HORIZON = "branch"


def read_horizon(conn: Connection) -> str | None:
    return conn.execute(select(t.horizon.c.month).where(t.horizon.c.name == HORIZON)).scalar_one_or_none()


class LedgerFold(PageFold):
    """Collects branch rows besides the member rows, and the branch-months they make stale."""

    def __init__(self, conn: Connection, stream_names: dict[str, tuple[str, str]]):
        super().__init__(conn, stream_names)
        self.horizon_before = read_horizon(conn)
        self.latest: str | None = None  # the latest business month of the page
        self.months: set[str] = set()  # months whose branch scores changed
        self.member_months: set[str] = set()  # months of changed member entries
        self.months_from: str | None = None  # every month from this one on changed
        self.members: set[str] = set()  # members whose alerts to recompute
        self.all_members = False
        self.pending_branch_entries: dict[str, dict] = {}

    @property
    def horizon_after(self) -> str | None:
        if self.latest is None or (self.horizon_before is not None and self.horizon_before >= self.latest):
            return self.horizon_before
        return self.latest

    def _from(self, month: str) -> None:
        if self.months_from is None or month < self.months_from:
            self.months_from = month

    def apply(self, event: RawEvent) -> None:
        occurred = event.data.get("occurred_on")
        if isinstance(occurred, date) and (self.latest is None or month_of(occurred) > self.latest):
            self.latest = month_of(occurred)
        super().apply(event)

    def mark(self, member_id: str, month: str) -> None:
        super().mark(member_id, month)
        self.member_months.add(month)
        self.members.add(member_id)

    # --- facts that change a branch from a month on -------------------------------------------

    def on_Branch_Registered(self, event: RawEvent) -> None:
        super().on_Branch_Registered(event)
        self._from(month_of(event.data["occurred_on"]))

    def on_Member_Enrolled(self, event: RawEvent) -> None:
        super().on_Member_Enrolled(event)
        self._from(month_of(event.data["occurred_on"]))
        self.members.add(event.data["member_id"])

    def on_Member_Transferred(self, event: RawEvent) -> None:
        super().on_Member_Transferred(event)
        self._from(month_of(event.data["occurred_on"]))

    def on_RuleBook_Published(self, event: RawEvent) -> None:
        super().on_RuleBook_Published(event)
        self._from(month_of(event.data["effective_on"]))
        self.all_members = True

    def on_Branch_SecretaryAppointed(self, event: RawEvent) -> None:
        d = event.data
        self.inserts[t.secretaries].append(dict(
            sequence=event.position, branch_id=self.owner(event), member_id=d["member_id"],
            since=d["occurred_on"], full_time=d["full_time"], actor=d["actor"],
            recorded_at=event.recorded_at))
        self._from(month_of(d["occurred_on"]))

    # --- facts of one branch-month ------------------------------------------------------------

    def on_Branch_MeetingHeld(self, event: RawEvent) -> None:
        super().on_Branch_MeetingHeld(event)
        self.months.add(month_of(event.data["occurred_on"]))

    def on_Branch_Assessed(self, event: RawEvent) -> None:
        d = event.data
        self.inserts[t.branch_steps].append(dict(
            sequence=event.position, branch_id=self.owner(event), month=d["month"], step=d["step"],
            organisation=d["organisation"], leadership=d["leadership"], support=d["support"],
            bonus=d["bonus"], comment=d["comment"], actor=d["actor"], recorded_at=event.recorded_at))
        self.months.add(d["month"])

    def _branch_entry(self, event: RawEvent, kind: str, points: Any) -> None:
        d = event.data
        row = dict(entry_id=d["entry_id"], branch_id=self.owner(event), month=d["month"], kind=kind,
                   points=points, clause=d["clause"], reason=d["reason"], actor=d["actor"],
                   recorded_at=event.recorded_at, sequence=event.position, reversed_by=None,
                   reversed_at=None, reversal_reason=None, reversal_actor=None)
        self.pending_branch_entries[d["entry_id"]] = row
        self.inserts[t.branch_entries].append(row)
        self.months.add(d["month"])

    def on_Branch_DeductionRecorded(self, event: RawEvent) -> None:
        self._branch_entry(event, "deduction", event.data["points"])

    def on_Branch_VetoRecorded(self, event: RawEvent) -> None:
        self._branch_entry(event, "veto", 0)

    def on_Branch_EntryReversed(self, event: RawEvent) -> None:
        super().on_Branch_EntryReversed(event)  # a meeting and its attendance lines
        d = event.data
        target = d["target"]
        meeting = self.pending_meetings.get(target)
        if meeting is not None:
            self.months.add(meeting["month"])
        else:
            month = self.conn.execute(select(t.meetings.c.month)
                                      .where(t.meetings.c.meeting_id == target)).scalar_one_or_none()
            if month is not None:
                self.months.add(month)
        reversal = dict(reversed_by=d["entry_id"], reversed_at=event.recorded_at,
                        reversal_reason=d["reason"], reversal_actor=d["actor"])
        pending = self.pending_branch_entries.get(target)
        if pending is not None:
            pending.update(reversal)
            self.months.add(pending["month"])
            return
        month = self.conn.execute(select(t.branch_entries.c.month)
                                  .where(t.branch_entries.c.entry_id == target)).scalar_one_or_none()
        if month is not None:
            self.months.add(month)
            self.updates.append(lambda: self.conn.execute(
                update(t.branch_entries).where(t.branch_entries.c.entry_id == target).values(**reversal)))

    # --- writing ----------------------------------------------------------------------------

    def flush(self) -> None:
        super().flush()
        after = self.horizon_after
        if after is None or after == self.horizon_before:
            return
        if self.horizon_before is None:
            self.conn.execute(t.horizon.insert().values(name=HORIZON, month=after))
        else:
            self.conn.execute(update(t.horizon).where(t.horizon.c.name == HORIZON).values(month=after))
