"""Commands that shape the organisation, review branches, close months, decide appeals and
publish rule books: every write that is not an entry about a member."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from commands.service.models.entry_commands import Entry
from commands.service.models.fields import DimensionScore, Day, FreeText, Id, Month, OptionalText, Points, Text
from commands.service.models.model_base import Command
from ledger.assessment import STEPS
from ledger.member import STATUSES
from ledger.organisation import UNIT_KINDS
from ledger.rule_book_content import RuleBookBody

UnitKind = Literal[UNIT_KINDS]  # type: ignore[valid-type]
Status = Literal[STATUSES]  # type: ignore[valid-type]
Step = Literal[STEPS]  # type: ignore[valid-type]


class AddUnit(Command):
    command = "unit add"
    unit: Id
    name: Text
    kind: UnitKind
    parent: Id | None = None

    def apply(self, ledger, actor):
        return ledger.add_unit(self.unit, self.name, self.kind, self.parent, actor)


class AddBranch(Command):
    command = "branch add"
    branch: Id
    name: Text
    category: Id
    parent: Id | None = None
    established: Day | None = None

    def apply(self, ledger, actor):
        return ledger.add_branch(self.branch, self.name, self.category, self.parent, self.established, actor)


class AddMember(Command):
    command = "member add"
    member: Id
    name: Text
    branch: Id
    joined: Day
    status: Status = "full"

    def apply(self, ledger, actor):
        return ledger.add_member(self.member, self.name, self.branch, self.joined, self.status, actor)


class TransferMember(Command):
    command = "member transfer"
    member: Id
    to: Id
    on: Day

    def apply(self, ledger, actor):
        return ledger.transfer_member(self.member, self.to, self.on, actor)


class ChangeStatus(Command):
    command = "member status"
    member: Id
    to: Status
    on: Day

    def apply(self, ledger, actor):
        return ledger.change_status(self.member, self.to, self.on, actor)


class AppointSecretary(Command):
    command = "branch secretary"
    branch: Id
    member: Id
    since: Day
    full_time: bool | None = None  # the application asks for one of them in its own words

    def apply(self, ledger, actor):
        return ledger.appoint_secretary(self.branch, self.member, self.since, self.full_time, actor)


class Assess(Command):
    command = "assess"
    branch: Id
    month: Month
    step: Step
    organisation: DimensionScore
    leadership: DimensionScore
    support: DimensionScore
    bonus: DimensionScore = 0  # type: ignore[assignment]
    comment: FreeText = ""
    late_reason: OptionalText = None

    def apply(self, ledger, actor):
        return ledger.assess(self.branch, self.month, self.step, self.organisation, self.leadership, self.support,
                             actor, self.bonus, self.comment, self.late_reason)


class RecordBranchDeduction(Entry):
    command = "record branch-deduction"
    branch: Id
    month: Month
    points: Points
    clause: Text
    reason: Text

    def apply(self, ledger, actor):
        return ledger.record_branch_deduction(self.branch, self.month, self.points, self.clause, self.reason, actor,
                                              self.entry_id, self.late_reason)


class RecordVeto(Entry):
    command = "record veto"
    branch: Id
    month: Month
    clause: Text
    reason: Text

    def apply(self, ledger, actor):
        return ledger.record_veto(self.branch, self.month, self.clause, self.reason, actor, self.entry_id,
                                  self.late_reason)


class FileAppeal(Command):
    command = "appeal file"
    entry_id: Id
    reason: Text
    appeal_id: Id | None = None

    def apply(self, ledger, actor):
        return ledger.file_appeal(self.entry_id, self.reason, actor, self.appeal_id)


class DecideAppeal(Command):
    command = "appeal decide"
    appeal_id: Id
    decision: Literal["revoke", "maintain"]
    reason: Text
    late_reason: OptionalText = None

    def apply(self, ledger, actor):
        return ledger.decide_appeal(self.appeal_id, self.decision, self.reason, actor, self.late_reason)


class CloseMonth(Command):
    command = "close"
    month: Month
    notice_days: int = Field(default=5, ge=0, le=365)

    def apply(self, ledger, actor):
        return ledger.close_month(self.month, self.notice_days, actor)


class FileObjection(Command):
    command = "objection file"
    month: Month
    subject: Id
    reason: Text

    def apply(self, ledger, actor):
        return ledger.file_objection(self.month, self.subject, self.reason, actor)


class ResolveObjection(Command):
    command = "objection resolve"
    objection_id: Id
    reason: Text

    def apply(self, ledger, actor):
        return ledger.resolve_objection(self.objection_id, self.reason, actor)


class SealMonth(Command):
    command = "seal"
    month: Month

    def apply(self, ledger, actor):
        return ledger.seal_month(self.month, actor)


class PublishRules(Command):
    command = "rules publish"
    body: RuleBookBody
    effective: Day

    def apply(self, ledger, actor):
        return ledger.publish_rules(self.body, self.effective, actor)
