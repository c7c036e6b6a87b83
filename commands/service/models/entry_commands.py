"""Commands that record entries about members (and meetings), and reversals.

Field names are the same on every entrance: the CLI's options, a JSON Lines line's fields, the
HTTP body and the spreadsheet columns all map onto these.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from commands.service.models.fields import Amount, Day, FreeText, Id, Ids, Month, OptionalText, Rating, Text
from commands.service.models.model_base import Command
from ledger.member import AWARD_LEVELS, DUTY_KINDS
from ledger.organisation import MEETING_KINDS

MeetingKind = Literal[MEETING_KINDS]  # type: ignore[valid-type]
DutyKind = Literal[DUTY_KINDS]  # type: ignore[valid-type]
AwardLevel = Literal[AWARD_LEVELS]  # type: ignore[valid-type]


class Entry(Command):
    """What every entry takes: your id for it (repeating a write with it changes nothing) and,
    for a month already closed, why it comes late."""

    entry_id: Id | None = None
    late_reason: OptionalText = None


class RecordMeeting(Entry):
    command = "record meeting"
    branch: Id
    kind: MeetingKind
    on: Day
    attended: Ids = Field(default_factory=list)
    excused: Ids = Field(default_factory=list)
    absent: Ids = Field(default_factory=list)

    def apply(self, ledger, actor):
        return ledger.record_meeting(self.branch, self.kind, self.on, self.attended, self.excused, self.absent,
                                     actor, self.entry_id, self.late_reason)


class RecordDues(Entry):
    command = "record dues"
    member: Id
    month: Month
    amount: Amount
    paid_on: Day

    def apply(self, ledger, actor):
        return ledger.record_dues(self.member, self.month, self.amount, self.paid_on, actor, self.entry_id,
                                  self.late_reason)


class RecordStudy(Entry):
    command = "record study"
    member: Id
    on: Day
    topic: Text

    def apply(self, ledger, actor):
        return ledger.record_study(self.member, self.on, self.topic, actor, self.entry_id, self.late_reason)


class RecordRating(Entry):
    command = "record rating"
    member: Id
    month: Month
    score: Rating

    def apply(self, ledger, actor):
        return ledger.record_rating(self.member, self.month, self.score, actor, self.entry_id, self.late_reason)


class RecordDuty(Entry):
    command = "record duty"
    member: Id
    on: Day
    kind: DutyKind

    def apply(self, ledger, actor):
        return ledger.record_duty(self.member, self.on, self.kind, actor, self.entry_id, self.late_reason)


class RecordCommendation(Entry):
    command = "record commendation"
    member: Id
    on: Day
    title: Text

    def apply(self, ledger, actor):
        return ledger.record_commendation(self.member, self.on, self.title, actor, self.entry_id, self.late_reason)


class RecordAward(Entry):
    command = "record award"
    member: Id
    on: Day
    level: AwardLevel
    title: Text

    def apply(self, ledger, actor):
        return ledger.record_award(self.member, self.on, self.level, self.title, actor, self.entry_id,
                                   self.late_reason)


class RecordViolation(Entry):
    command = "record violation"
    member: Id
    on: Day
    reason: Text
    decision: Text
    issued_by: Text
    evidence: FreeText = ""

    def apply(self, ledger, actor):
        return ledger.record_violation(self.member, self.on, self.reason, self.decision, self.issued_by, actor,
                                       self.evidence, self.entry_id, self.late_reason)


class Reverse(Entry):
    command = "reverse"
    target: Id
    reason: Text

    def apply(self, ledger, actor):
        return ledger.reverse(self.target, self.reason, actor, self.entry_id, self.late_reason)
