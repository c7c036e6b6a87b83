"""The Member aggregate: enrolment, transfers, status, and every entry about the member.

Public methods check the rules and raise Refused; the private @event methods only assign,
because they re-run on every replay.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from ledger.aggregate import ClockedAggregate
from ledger.dates import first_day, last_day, month_of
from ledger.copying import CheapCopy
from ledger.errors import Duplicate, Refused
from ledger.ids import stream_id

STATUSES = ("probationary", "full")
DUTY_KINDS = ("vanguard", "volunteer")
AWARD_LEVELS = ("branch", "company", "city", "province", "national")
ATTENDANCE = ("attended", "excused", "absent")


class Member(CheapCopy, ClockedAggregate):
    @staticmethod
    def create_id(member_id: str, **_: Any) -> UUID:
        return stream_id("member", member_id)

    @event("Enrolled")
    def __init__(self, member_id: str, name: str, branch_id: str, status: str,
                 occurred_on: date, actor: str):
        self.member_id = member_id
        self.name = name
        self.status = status
        # [branch_id, from, until-exclusive or None]: the whole history across branches
        self.stints: list[list[Any]] = [[branch_id, occurred_on, None]]
        self.entries: dict[str, str] = {}  # entry id -> kind
        self.entry_months: dict[str, str] = {}  # entry id -> the month it counts in
        self.reversed: set[str] = set()
        self.slots: dict[str, str] = {}  # "dues/2026-03" -> entry id: one active per month

    # --- membership -------------------------------------------------------------------------

    @property
    def branch_id(self) -> str:
        return self.stints[-1][0]

    @property
    def joined_on(self) -> date:
        return self.stints[0][1]

    def branch_on(self, day: date) -> str | None:
        for branch_id, start, end in self.stints:
            if start <= day and (end is None or day < end):
                return branch_id
        return None

    def check_on_roll(self, day: date) -> None:
        if day < self.joined_on:
            raise Refused(f"member {self.member_id} joined on {self.joined_on}; {day} is before that")
        if self.branch_on(day) is None:
            raise Refused(f"member {self.member_id} was not in any branch on {day}")

    def check_month_on_roll(self, month: str) -> None:
        if last_day(month) < self.joined_on:
            raise Refused(f"member {self.member_id} joined on {self.joined_on}; {month} is before that")
        if not any(self.branch_on(day) for day in (first_day(month), last_day(month))):
            raise Refused(f"member {self.member_id} was not in any branch during {month}")

    def transfer(self, to_branch_id: str, on: date, actor: str) -> None:
        current, since, _ = self.stints[-1]
        if to_branch_id == current:
            raise Duplicate(f"member {self.member_id} is already in branch {current}")
        if on <= since:
            raise Refused(f"member {self.member_id} joined branch {current} on {since}; "
                          f"a transfer must be dated after that")
        self._transferred(to_branch_id=to_branch_id, occurred_on=on, actor=actor)

    @event("Transferred")
    def _transferred(self, to_branch_id: str, occurred_on: date, actor: str) -> None:
        self.stints[-1][2] = occurred_on
        self.stints.append([to_branch_id, occurred_on, None])

    def change_status(self, status: str, on: date, actor: str) -> None:
        if status not in STATUSES:
            raise Refused(f"status '{status}' is not one of {', '.join(STATUSES)}")
        if status == self.status:
            raise Duplicate(f"member {self.member_id} is already {status}")
        self.check_on_roll(on)
        self._status_changed(status=status, occurred_on=on, actor=actor)

    @event("StatusChanged")
    def _status_changed(self, status: str, occurred_on: date, actor: str) -> None:
        self.status = status

    # --- entries ----------------------------------------------------------------------------

    def _check_new(self, entry_id: str) -> None:
        if entry_id in self.entries:
            raise Duplicate(f"entry id {entry_id} is already used")

    def _remember(self, entry_id: str, kind: str, month: str, slot: str | None = None) -> None:
        self.entries[entry_id] = kind
        self.entry_months[entry_id] = month
        if slot is not None:
            self.slots[slot] = entry_id

    def month_of_entry(self, entry_id: str) -> str:
        return self.entry_months[entry_id]

    def note_late(self, entry_id: str, reason: str, on: date, actor: str) -> None:
        """Flag an entry recorded after its month was closed; the reason is required."""
        if not reason.strip():
            raise Refused("a late entry needs a reason")
        self._late_noted(entry_id=entry_id, reason=reason, occurred_on=on, actor=actor)

    @event("LateEntryNoted")
    def _late_noted(self, entry_id: str, reason: str, occurred_on: date, actor: str) -> None:
        pass

    def pay_dues(self, entry_id: str, month: str, amount: Decimal, paid_on: date, actor: str) -> None:
        self._check_new(entry_id)
        if not amount.is_finite():
            raise Refused(f"amount {amount} is not a number")
        if amount <= 0:
            raise Refused(f"amount {amount} must be more than 0")
        self.check_month_on_roll(month)
        self.check_on_roll(paid_on)
        if f"dues/{month}" in self.slots:
            raise Duplicate(f"dues for {month} are already recorded for member {self.member_id} "
                          f"(entry {self.slots[f'dues/{month}']}); reverse that entry first")
        self._dues_paid(entry_id=entry_id, month=month, amount=amount, occurred_on=paid_on, actor=actor)

    @event("DuesPaid")
    def _dues_paid(self, entry_id: str, month: str, amount: Decimal, occurred_on: date, actor: str) -> None:
        self._remember(entry_id, "dues", month, f"dues/{month}")

    def give_rating(self, entry_id: str, month: str, score: Decimal, on: date, actor: str) -> None:
        self._check_new(entry_id)
        if not score.is_finite():
            raise Refused(f"rating {score} is not a number")
        if not Decimal(0) <= score <= Decimal(10):
            raise Refused(f"rating {score} is outside 0-10")
        self.check_month_on_roll(month)
        if f"rating/{month}" in self.slots:
            raise Duplicate(f"member {self.member_id} already has a rating for {month} "
                          f"(entry {self.slots[f'rating/{month}']}); reverse it first")
        self._rating_given(entry_id=entry_id, month=month, score=score, occurred_on=on, actor=actor)

    @event("RatingGiven")
    def _rating_given(self, entry_id: str, month: str, score: Decimal, occurred_on: date, actor: str) -> None:
        self._remember(entry_id, "rating", month, f"rating/{month}")

    def record_study(self, entry_id: str, on: date, topic: str, actor: str) -> None:
        self._check_new(entry_id)
        self.check_on_roll(on)
        self._studied(entry_id=entry_id, topic=topic, occurred_on=on, actor=actor)

    @event("StudyRecorded")
    def _studied(self, entry_id: str, topic: str, occurred_on: date, actor: str) -> None:
        self._remember(entry_id, "study", month_of(occurred_on))

    def record_duty(self, entry_id: str, on: date, kind: str, actor: str) -> None:
        self._check_new(entry_id)
        if kind not in DUTY_KINDS:
            raise Refused(f"duty kind '{kind}' is not one of {', '.join(DUTY_KINDS)}")
        self.check_on_roll(on)
        self._duty_performed(entry_id=entry_id, kind=kind, occurred_on=on, actor=actor)

    @event("DutyPerformed")
    def _duty_performed(self, entry_id: str, kind: str, occurred_on: date, actor: str) -> None:
        self._remember(entry_id, "duty", month_of(occurred_on))

    def commend(self, entry_id: str, on: date, title: str, actor: str) -> None:
        self._check_new(entry_id)
        self.check_on_roll(on)
        self._commended(entry_id=entry_id, title=title, occurred_on=on, actor=actor)

    @event("Commended")
    def _commended(self, entry_id: str, title: str, occurred_on: date, actor: str) -> None:
        self._remember(entry_id, "commendation", month_of(occurred_on))

    def award(self, entry_id: str, on: date, level: str, title: str, actor: str) -> None:
        self._check_new(entry_id)
        if level not in AWARD_LEVELS:
            raise Refused(f"award level '{level}' is not one of {', '.join(AWARD_LEVELS)}")
        self.check_on_roll(on)
        self._awarded(entry_id=entry_id, level=level, title=title, occurred_on=on, actor=actor)

    @event("Awarded")
    def _awarded(self, entry_id: str, level: str, title: str, occurred_on: date, actor: str) -> None:
        self._remember(entry_id, "award", month_of(occurred_on))

    def record_violation(self, entry_id: str, on: date, reason: str, decision_ref: str,
                         issued_by: str, evidence_ref: str, actor: str) -> None:
        self._check_new(entry_id)
        for field, value in (("reason", reason), ("decision", decision_ref), ("issued-by", issued_by)):
            if not value.strip():
                raise Refused(f"a violation needs {field}")
        self.check_on_roll(on)
        self._violation_recorded(entry_id=entry_id, reason=reason, decision_ref=decision_ref,
                                 issued_by=issued_by, evidence_ref=evidence_ref, occurred_on=on,
                                 actor=actor)

    @event("ViolationRecorded")
    def _violation_recorded(self, entry_id: str, reason: str, decision_ref: str, issued_by: str,
                            evidence_ref: str, occurred_on: date, actor: str) -> None:
        self._remember(entry_id, "violation", month_of(occurred_on))

    def attend(self, entry_id: str, meeting_id: str, branch_id: str, kind: str, attendance: str,
               on: date, actor: str) -> None:
        self._check_new(entry_id)
        if self.branch_on(on) != branch_id:
            raise Refused(f"member {self.member_id} was not in branch {branch_id} on {on}")
        self._attendance_recorded(entry_id=entry_id, meeting_id=meeting_id, branch_id=branch_id,
                                  kind=kind, attendance=attendance, occurred_on=on, actor=actor)

    @event("AttendanceRecorded")
    def _attendance_recorded(self, entry_id: str, meeting_id: str, branch_id: str, kind: str,
                             attendance: str, occurred_on: date, actor: str) -> None:
        self._remember(entry_id, "attendance", month_of(occurred_on))

    def reverse(self, entry_id: str, target: str, reason: str, on: date, actor: str) -> None:
        self._check_new(entry_id)
        if target not in self.entries or self.entries[target] == "reversal":
            raise Refused(f"entry {target} is not an entry about member {self.member_id} that can be reversed")
        if target in self.reversed:
            raise Duplicate(f"entry {target} has already been reversed")
        if not reason.strip():
            raise Refused("a reversal needs a reason")
        self._entry_reversed(entry_id=entry_id, target=target, reason=reason, occurred_on=on, actor=actor)

    @event("EntryReversed")
    def _entry_reversed(self, entry_id: str, target: str, reason: str, occurred_on: date, actor: str) -> None:
        self.entries[entry_id] = "reversal"
        self.entry_months[entry_id] = self.entry_months[target]
        self.reversed.add(target)
        for slot, holder in list(self.slots.items()):
            if holder == target:
                del self.slots[slot]
