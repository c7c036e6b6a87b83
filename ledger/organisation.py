"""Organisation units (committee, general branch), branches and their meetings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from ledger.aggregate import ClockedAggregate
from ledger.assessment import STEPS, check_assessment
from ledger.dates import last_day
from ledger.copying import CheapCopy
from ledger.errors import Duplicate, Refused
from ledger.ids import stream_id
from ledger.member import Member
from ledger.rule_book_content import BranchRules

UNIT_KINDS = ("committee", "general_branch")
MEETING_KINDS = ("assembly", "lecture", "theme_day", "group", "committee")


class Unit(ClockedAggregate):
    """A committee (党委) or general branch (党总支) in the organisation tree."""

    @staticmethod
    def create_id(unit_id: str, **_: Any) -> UUID:
        return stream_id("unit", unit_id)

    @event("Added")
    def __init__(self, unit_id: str, name: str, kind: str, parent_id: str | None,
                 occurred_on: date, actor: str):
        self.unit_id = unit_id
        self.name = name
        self.kind = kind
        self.parent_id = parent_id


class Branch(CheapCopy, ClockedAggregate):
    """A Party branch (党支部): registration, meetings, assessments, deductions, vetoes, secretaries."""

    @staticmethod
    def create_id(branch_id: str, **_: Any) -> UUID:
        return stream_id("branch", branch_id)

    @event("Registered")
    def __init__(self, branch_id: str, name: str, category: str, parent_id: str | None,
                 occurred_on: date, actor: str):
        self.branch_id = branch_id
        self.name = name
        self.category = category
        self.parent_id = parent_id
        self.established_on = occurred_on
        self.meetings: dict[str, str] = {}  # meeting id -> its month
        self.entries: dict[str, str] = {}  # deduction and veto entry id -> its month
        self.reversed: set[str] = set()

    def hold_meeting(self, meeting_id: str, kind: str, on: date, attended: list[str],
                     excused: list[str], absent: list[str], actor: str) -> None:
        if kind not in MEETING_KINDS:
            raise Refused(f"meeting kind '{kind}' is not one of {', '.join(MEETING_KINDS)}")
        if on < self.established_on:
            raise Refused(
                f"branch {self.branch_id} was established on {self.established_on}; "
                f"a meeting on {on} is before that"
            )
        listed = attended + excused + absent
        if not listed:
            raise Refused("a meeting needs at least one member listed as attended, excused or absent")
        seen: set[str] = set()
        for member_id in listed:
            if member_id in seen:
                raise Refused(f"member {member_id} is listed twice in this meeting")
            seen.add(member_id)
        self._meeting_held(meeting_id=meeting_id, kind=kind, occurred_on=on, attended=attended,
                           excused=excused, absent=absent, actor=actor)

    @event("MeetingHeld")
    def _meeting_held(self, meeting_id: str, kind: str, occurred_on: date, attended: list[str],
                      excused: list[str], absent: list[str], actor: str) -> None:
        self.meetings[meeting_id] = f"{occurred_on.year:04d}-{occurred_on.month:02d}"

    def month_of_entry(self, entry_id: str) -> str:
        return self.meetings[entry_id] if entry_id in self.meetings else self.entries[entry_id]

    def note_late(self, entry_id: str, reason: str, on: date, actor: str) -> None:
        """Flag an entry recorded after its month was closed; the reason is required."""
        if not reason.strip():
            raise Refused("a late entry needs a reason")
        self._late_noted(entry_id=entry_id, reason=reason, occurred_on=on, actor=actor)

    @event("LateEntryNoted")
    def _late_noted(self, entry_id: str, reason: str, occurred_on: date, actor: str) -> None:
        pass

    # --- assessment (DOMAIN §4) --------------------------------------------------------------

    def _check_month(self, month: str) -> None:
        if last_day(month) < self.established_on:
            raise Refused(f"branch {self.branch_id} was established on {self.established_on}; "
                          f"{month} is before that")

    def assess(self, month: str, step: str, scores: dict[str, Decimal], bonus: Decimal,
               comment: str, rules: BranchRules, on: date, actor: str,
               late_reason: str | None = None) -> None:
        """One step of the monthly review, checked against the rule book of the month.

        A step given after the month was closed carries the reason it comes late; a step
        has no entry id, so its lateness is recorded on the step itself.
        """
        if step not in STEPS:
            raise Refused(f"step '{step}' is not one of {', '.join(STEPS)}")
        self._check_month(month)
        check_assessment(rules, scores, bonus)
        if late_reason is not None and not late_reason.strip():
            raise Refused("a late entry needs a reason")
        self._assessed(month=month, step=step, organisation=scores["organisation"],
                       leadership=scores["leadership"], support=scores["support"], bonus=bonus,
                       comment=comment, occurred_on=on, actor=actor, late_reason=late_reason)

    @event("Assessed")
    def _assessed(self, month: str, step: str, organisation: Decimal, leadership: Decimal,
                  support: Decimal, bonus: Decimal, comment: str, occurred_on: date, actor: str,
                  late_reason: str | None = None) -> None:
        # The scores live in the projection; nothing here decides on them later. Steps
        # stored before late steps existed have no late_reason and replay with the default.
        pass

    def _check_entry(self, entry_id: str, month: str, clause: str, reason: str) -> None:
        if entry_id in self.entries or entry_id in self.meetings:
            raise Duplicate(f"entry id {entry_id} is already used")
        self._check_month(month)
        for name, value in (("clause", clause), ("reason", reason)):
            if not value.strip():
                raise Refused(f"a branch {name} is needed")

    def record_deduction(self, entry_id: str, month: str, points: Decimal, clause: str,
                         reason: str, on: date, actor: str) -> None:
        if points <= 0:
            raise Refused(f"deduction points {points} must be more than 0")
        self._check_entry(entry_id, month, clause, reason)
        self._deducted(entry_id=entry_id, month=month, points=points, clause=clause, reason=reason,
                       occurred_on=on, actor=actor)

    @event("DeductionRecorded")
    def _deducted(self, entry_id: str, month: str, points: Decimal, clause: str, reason: str,
                  occurred_on: date, actor: str) -> None:
        self.entries[entry_id] = month

    def record_veto(self, entry_id: str, month: str, clause: str, reason: str, on: date,
                    actor: str) -> None:
        self._check_entry(entry_id, month, clause, reason)
        self._vetoed(entry_id=entry_id, month=month, clause=clause, reason=reason, occurred_on=on,
                     actor=actor)

    @event("VetoRecorded")
    def _vetoed(self, entry_id: str, month: str, clause: str, reason: str, occurred_on: date,
                actor: str) -> None:
        self.entries[entry_id] = month

    def appoint_secretary(self, member: Member, since: date, full_time: bool, actor: str) -> None:
        if not isinstance(full_time, bool):  # the pay link needs to know; never stored unsaid
            raise Refused("say whether the secretary is full time or part time (full_time true or false)")
        if member.branch_on(since) != self.branch_id:
            raise Refused(f"member {member.member_id} is not a member of branch {self.branch_id} "
                          f"on {since}")
        self._secretary_appointed(member_id=member.member_id, full_time=full_time,
                                  occurred_on=since, actor=actor)

    @event("SecretaryAppointed")
    def _secretary_appointed(self, member_id: str, full_time: bool, occurred_on: date,
                             actor: str) -> None:
        pass  # who is secretary in a month is read from the projection

    # --- corrections ------------------------------------------------------------------------

    def reverse(self, entry_id: str, target: str, reason: str, on: date, actor: str) -> None:
        if target not in self.meetings and target not in self.entries:
            raise Refused(f"entry {target} is not a meeting, deduction or veto of branch {self.branch_id}")
        if target in self.reversed:
            raise Duplicate(f"entry {target} has already been reversed")
        if not reason.strip():
            raise Refused("a reversal needs a reason")
        self._entry_reversed(entry_id=entry_id, target=target, reason=reason,
                             occurred_on=on, actor=actor)

    @event("EntryReversed")
    def _entry_reversed(self, entry_id: str, target: str, reason: str, occurred_on: date,
                        actor: str) -> None:
        self.reversed.add(target)
